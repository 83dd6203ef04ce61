package ui

import (
	"context"
	"strings"
	"testing"
)

// In a hub session, a partner's own id typed into Lead ID finds the lead
// through the stored notifications and looks it up; an id the hub does not
// know is looked up as typed; a lead id is never asked about.
func TestHubExternalIDFindsTheLead(t *testing.T) {
	var asked []string
	m, fc := newTest(t, 120, 40, func(o *Options) {
		o.Hub = &Hub{Person: "anna", External: func(_ context.Context, id string) (string, string, bool) {
			asked = append(asked, id)
			if id == "crm-1001" {
				return "M30012", "LED1", true
			}
			return "", "", false
		}}
	})
	m = lookUp(t, m, "crm-1001")
	calls := fc.callList()
	if len(calls) != 1 || calls[0].key != (lookupKey{"M30012", "LED1"}) {
		t.Fatalf("calls %+v, want M30012/LED1", calls)
	}
	if c, l := m.panes.input.ids(); c != "M30012" || l != "LED1" {
		t.Errorf("input holds %s/%s", c, l)
	}
	// An answer for an id no longer in the field is dropped.
	if _, cmd := m.onExternal(externalMsg{asked: "crm-7", customer: "M1", lead: "LED7", ok: true}); cmd != nil {
		t.Error("a stale answer started a lookup")
	}
	m = lookUp(t, m, "crm-9")
	calls = fc.callList()
	if len(calls) != 2 || calls[1].key != (lookupKey{"M30012", "crm-9"}) {
		t.Errorf("an unknown externalId: calls %+v", calls)
	}
	_ = lookUp(t, m, "LEDOFF")
	if strings.Join(asked, " ") != "crm-1001 crm-9" {
		t.Errorf("the hub was asked about %q", asked)
	}
}
