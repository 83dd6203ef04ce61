package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/i18n"
)

// Tests of issue 20, "the desk's screens": what a support person copies
// and sees, in both languages.

func swedish(o *Options) { o.Lang = i18n.New(i18n.Swedish) }

// The ticket (t) says who holds the lead as the screen does: names with
// their whole ids, in the UI's language.
func TestTicketCarriesNames(t *testing.T) {
	for _, tc := range []struct {
		lang []func(*Options)
		want string
	}{
		{nil, "Receiver:    held by the agent Anna Berg (HANE99C53F2DE4F489AB1E464D0F9AFFACD), of office Mäklarhuset Södermalm (KON1, M11385); office Mäklarhuset Södermalm (KON1, M11385)\n"},
		{[]func(*Options){swedish}, "Mottagare:   ligger hos handläggare Anna Berg (HANE99C53F2DE4F489AB1E464D0F9AFFACD), på kontor Mäklarhuset Södermalm (KON1, M11385); kontor Mäklarhuset Södermalm (KON1, M11385)\n"},
	} {
		m, _ := newTest(t, 120, 40, append([]func(*Options){withNames(newFakeNames())}, tc.lang...)...)
		m = lookUpNamed(t, m, "LED1")
		if s := screen(m); !strings.Contains(s, "Anna Berg") {
			t.Fatalf("the screen shows no name:\n%s", s)
		}
		_, cmd := m.Update(keyPress("t"))
		got := clipboardOf(t, cmd)
		if !strings.Contains(got, tc.want) {
			t.Errorf("ticket\n got:\n%s\nwant the line:\n%s", got, tc.want)
		}
		// Privacy mode masks what the screen masks; the ticket never held
		// the message, contact or estates, and says the same names.
		m = press(t, m, "p")
		_, cmd = m.Update(keyPress("t"))
		masked := clipboardOf(t, cmd)
		if !strings.Contains(masked, tc.want) {
			t.Errorf("privacy-mode ticket lacks the names the screen shows:\n%s", masked)
		}
		for _, secret := range []string{"Ängsvägen", "OBJ11385", "ADR3ADC7B7B0A9447CA97FCAB43E36B582C", "Hej"} {
			if strings.Contains(masked, secret) {
				t.Errorf("privacy-mode ticket holds %q:\n%s", secret, masked)
			}
		}
	}
}

// The batch table's copy (c) names the holder as the table does, and a
// row's ticket too.
func TestBatchCopyCarriesNames(t *testing.T) {
	for _, tc := range []struct {
		lang        []func(*Options)
		tsv, ticket string
	}{
		{nil, "\tagent\tAnna Berg (HAN0)\t", "held by the agent Anna Berg (HAN0), of office KON1 (M11385)"},
		{[]func(*Options){swedish}, "\thandläggare\tAnna Berg (HAN0)\t", "ligger hos handläggare Anna Berg (HAN0), på kontor KON1 (M11385)"},
	} {
		fn := newFakeNames()
		m, fc := newTest(t, 140, 40, append([]func(*Options){withNames(fn)}, tc.lang...)...)
		var ids []string
		for i := range 3 {
			id := fmt.Sprintf("LEDB%02d", i)
			l := typicalLead()
			l.Receiver.Agent.ID = "HAN0"
			fc.leads[id] = l
			ids = append(ids, id)
		}
		fn.users["HAN0"] = &api.User{Name: "Anna Berg"}
		tm, cmd := m.Update(tea.PasteMsg{Content: strings.Join(ids, "\n")})
		m = runConcurrently(t, tm.(Model), cmd)
		_, cmd = m.Update(keyPress("c"))
		if got := clipboardOf(t, cmd); strings.Count(got, tc.tsv) != 3 {
			t.Errorf("batch copy lacks %q on each row:\n%s", tc.tsv, got)
		}
		_, cmd = m.Update(keyPress("t"))
		if got := clipboardOf(t, cmd); !strings.Contains(got, tc.ticket) {
			t.Errorf("row ticket lacks %q:\n%s", tc.ticket, got)
		}
	}
}
