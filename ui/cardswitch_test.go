package ui

import (
	"strings"
	"testing"
)

// Below 120 columns v switches detail and raw; while a card has their
// place v would only change what is hidden under it (esc goes back to the
// pane the card was opened from), so the help line does not offer it and v
// does nothing there.
func TestNoSwitchUnderACard(t *testing.T) {
	m, _ := newTest(t, 80, 24, withNames(newFakeNames()))
	m = lookUpNamed(t, m, "LED1")
	if !strings.Contains(m.help.line, "v raw") {
		t.Fatalf("the narrow lead offers no v: %q", m.help.line)
	}
	m = press(t, m, "a")
	if m.panes.focus != focusCard {
		t.Fatalf("a opened no card:\n%s", screen(m))
	}
	if strings.Contains(m.help.line, "v raw") || strings.Contains(m.help.line, "v detail") {
		t.Errorf("a card's help line offers v, which cannot show behind the card: %q", m.help.line)
	}
	m = press(t, m, "v", "esc")
	if s := screen(m); !strings.Contains(s, "Detail") || !strings.Contains(m.help.line, "v raw") {
		t.Errorf("v under the card changed the lead's view:\n%s", s)
	}
}
