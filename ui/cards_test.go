package ui

import (
	"strings"
	"testing"

	"leadinspector/api"
)

// The agent card names the agent's office when its name was resolved with
// the lead, with the id beside it; an office it could not name stays an id.
func TestAgentCardNamesTheOffice(t *testing.T) {
	fn := newFakeNames()
	fn.users["HANE99C53F2DE4F489AB1E464D0F9AFFACD"].Offices = []api.UserOffice{
		{ID: "KON1", CustomerID: "M11385"},
		{ID: "KON9", CustomerID: "M11385"},
	}
	m, _ := newTest(t, 120, 40, withNames(fn))
	m = lookUpNamed(t, m, "LED1")
	m = press(t, m, "a")
	s := screen(m)
	for _, want := range []string{
		"Office      Mäklarhuset Södermalm · KON1 (customer M11385)",
		"Office      KON9 (customer M11385)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("agent card lacks %q:\n%s", want, s)
		}
	}
}
