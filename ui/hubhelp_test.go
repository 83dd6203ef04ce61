package ui

import (
	"strings"
	"testing"

	"leadinspector/ui/history"
)

// In a hub session the history is the desk's: M switches it between yours
// and the whole desk's, and d and u do nothing there; o and O are off. The
// ? overlay says so, in both languages.
func TestHubOverlayListsTheDeskHistorysKeys(t *testing.T) {
	for _, tc := range []struct {
		lang           []func(*Options)
		want, notThere []string
	}{
		{nil, []string{"M      your lookups ⇄ the whole desk"}, []string{"d      delete", "undo the last delete", "open in $PAGER", "open in $EDITOR"}},
		{[]func(*Options){swedish}, []string{"M      dina uppslag ⇄ allas"}, []string{"d      ta bort", "ångra", "sidvisare", "redigerare"}},
	} {
		opts := append([]func(*Options){func(o *Options) { o.Hub = &Hub{Person: "anna"} }}, tc.lang...)
		m, _ := newTest(t, 120, 40, opts...)
		tm, _ := m.Update(HubDeskMsg{Entries: []history.Entry{{CustomerID: "M30011", LeadID: "LED1", Person: "bo"}}})
		m = keys(t, tm.(Model), "esc", "?")
		s := screen(m)
		for _, want := range tc.want {
			if !strings.Contains(s, want) {
				t.Errorf("the hub session's overlay lacks %q:\n%s", want, s)
			}
		}
		for _, not := range tc.notThere {
			if strings.Contains(s, not) {
				t.Errorf("the hub session's overlay offers %q, which does nothing there:\n%s", not, s)
			}
		}
	}
	// Outside the hub, d and u and o and O are there, M is not.
	m, _ := newTest(t, 120, 40)
	s := screen(keys(t, m, "esc", "?"))
	for _, want := range []string{"d      delete", "open in $PAGER"} {
		if !strings.Contains(s, want) {
			t.Errorf("the overlay lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "whole desk") {
		t.Errorf("the overlay outside a hub session offers M:\n%s", s)
	}
}
