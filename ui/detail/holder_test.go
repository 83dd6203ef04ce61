package detail

import (
	"errors"
	"strings"
	"testing"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// One wording of who holds a lead, for every part that says it.
func TestHolderWords(t *testing.T) {
	en, sv := i18n.New(i18n.English), i18n.New(i18n.Swedish)
	agent := &api.LeadReceiver{Agent: &api.Agent{ID: "HAN379ABCDEF0123", Office: &api.Office{ID: "KTR1", CustomerID: "M1"}}, Office: &api.Office{ID: "KTR1", CustomerID: "M1"}}
	anna := &api.Name{User: &api.User{Name: "Anna Berg"}}
	for _, c := range []struct {
		name      string
		r         *api.LeadReceiver
		names     *api.LeadNames
		en, sv    string
		who, full string
	}{
		{"agent by id", agent, nil, "agent HAN379ABCDEF0123", "handläggare HAN379ABCDEF0123", "HAN379…", "HAN379ABCDEF0123"},
		{"agent by name", agent, &api.LeadNames{Agent: anna}, "agent Anna Berg (HAN379…)", "handläggare Anna Berg (HAN379…)", "Anna Berg", "HAN379ABCDEF0123"},
		{"failed name is the id", agent, &api.LeadNames{Agent: &api.Name{Err: errors.New("403")}}, "agent HAN379ABCDEF0123", "handläggare HAN379ABCDEF0123", "HAN379…", "HAN379ABCDEF0123"},
		{"group", &api.LeadReceiver{UserGroup: &api.UserGroup{ID: "G\x1b[31m1"}}, nil, "user group G␛[31m1", "användargrupp G␛[31m1", "G␛[31m1", "G␛[31m1"},
		{"office", &api.LeadReceiver{Office: &api.Office{ID: "KON7", CustomerID: "M30011"}}, nil, "office KON7 (M30011)", "kontor KON7 (M30011)", "KON7", "KON7 (M30011)"},
		{"receiver null", nil, nil, "receiver not given", "mottagare inte angiven", "", ""},
		{"office by name: one pair of brackets", &api.LeadReceiver{Office: &api.Office{ID: "KTR4338F8895CF13A219751FBA1FA6F447B", CustomerID: "M30011"}},
			&api.LeadNames{Office: &api.Name{Office: &api.OfficeInfo{Name: "Mäklarhuset"}}},
			"office Mäklarhuset (KTR433…, M30011)", "kontor Mäklarhuset (KTR433…, M30011)", "Mäklarhuset", "KTR4338F8895CF13A219751FBA1FA6F447B (M30011)"},
	} {
		h := HolderOf(c.r, c.names)
		if got := h.Words(en); got != c.en {
			t.Errorf("%s: en %q, want %q", c.name, got, c.en)
		}
		if got := h.Words(sv); got != c.sv {
			t.Errorf("%s: sv %q, want %q", c.name, got, c.sv)
		}
		// Text, for what is copied, has the whole id where Words shortens it.
		if got, want := h.Text(en), strings.ReplaceAll(c.en, ShortID(h.ID), h.ID); got != want {
			t.Errorf("%s: Text %q, want %q", c.name, got, want)
		}
		if h.Who() != c.who || h.FullID() != c.full {
			t.Errorf("%s: Who %q FullID %q, want %q %q", c.name, h.Who(), h.FullID(), c.who, c.full)
		}
	}
}
