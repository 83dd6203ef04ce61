package styles

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestParseColor(t *testing.T) {
	for _, ok := range []string{"#5fafff", "#abc", "0", "42", "255", " #ABCDEF "} {
		if _, good := ParseColor(ok); !good {
			t.Errorf("ParseColor(%q) refused", ok)
		}
	}
	for _, bad := range []string{"", "#12", "#12345", "#ggg000", "256", "300", "-1", "blue", "1e3"} {
		if _, good := ParseColor(bad); good {
			t.Errorf("ParseColor(%q) accepted", bad)
		}
	}
}

func TestBadgesReadWithoutColour(t *testing.T) {
	s := New(true, true, nil)
	if got := s.StateBadge("New"); ansi.Strip(got) != "[New]" || strings.Contains(got, "\x1b[3") || strings.Contains(got, "\x1b[4") {
		t.Errorf("monochrome badge = %q, want [New] in brackets without colour", got)
	}
	if got := ansi.Strip(s.StateBadge("")); got != "[no state]" {
		t.Errorf("absent state badge = %q", got)
	}
	if got := ansi.Strip(s.StateBadge("Weird\x1b[31m")); got != "[Weird␛[31m]" {
		t.Errorf("server state not sanitised: %q", got)
	}
}

func TestStateColours(t *testing.T) {
	s := New(true, false, map[string]string{"WaitingForCustomer": "#ff0000"})
	if !s.KnownState("new") || !s.KnownState("waitingforcustomer") || s.KnownState("Archived") {
		t.Error("known states: New and configured ones (any case), not others")
	}
	if s.StateBadge("New") == s.Badge("New", BadgeNeutral) {
		t.Error("a known state must not look like an unknown one")
	}
	if s.StateBadge("Archived") != s.Badge("Archived", BadgeNeutral) {
		t.Error("an unknown state must be neutral")
	}
	red := s.StateBadge("WaitingForCustomer")
	if !strings.Contains(red, "255;0;0") && !strings.Contains(red, "ff0000") {
		t.Errorf("configured colour not used: %q", red)
	}
}
