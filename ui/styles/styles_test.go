package styles

import (
	"flag"
	"fmt"
	"image/color"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api"
	"leadinspector/api/notify"
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
	if got := s.StateBadge("New", "no state"); ansi.Strip(got) != "[New]" || strings.Contains(got, "\x1b[3") || strings.Contains(got, "\x1b[4") {
		t.Errorf("monochrome badge = %q, want [New] in brackets without colour", got)
	}
	if got := ansi.Strip(s.StateBadge("", "no state")); got != "[no state]" {
		t.Errorf("absent state badge = %q", got)
	}
	if got := ansi.Strip(s.StateBadge("Weird\x1b[31m", "no state")); got != "[Weird␛[31m]" {
		t.Errorf("server state not sanitised: %q", got)
	}
}

func TestStateColours(t *testing.T) {
	s := New(true, false, map[string]string{"WaitingForCustomer": "#ff0000"})
	if !s.KnownState("new") || !s.KnownState("waitingforcustomer") || s.KnownState("Archived") {
		t.Error("known states: New and configured ones (any case), not others")
	}
	if s.StateBadge("New", "no state") == s.Badge("New", BadgeNeutral) {
		t.Error("a known state must not look like an unknown one")
	}
	if s.StateBadge("Archived", "no state") != s.Badge("Archived", BadgeNeutral) {
		t.Error("an unknown state must be neutral")
	}
	red := s.StateBadge("WaitingForCustomer", "no state")
	if !strings.Contains(red, "255;0;0") && !strings.Contains(red, "ff0000") {
		t.Errorf("configured colour not used: %q", red)
	}
}

// themes are the three looks every badge must read in.
var themes = []struct {
	name          string
	dark, noColor bool
}{{"dark", true, false}, {"light", false, false}, {"nocolor", true, true}}

// knownStates are the states with a colour of their own.
var knownStates = []api.State{api.StateNew, api.StateAccepted, api.StateAssigned, api.StateContacted,
	api.StatePostponed, api.StateCanceled, api.StateCompleted}

// TestGoldenBadges records every badge in the three themes, escapes and
// all, so a palette change shows in review.
func TestGoldenBadges(t *testing.T) {
	for _, th := range themes {
		t.Run(th.name, func(t *testing.T) {
			s := New(th.dark, th.noColor, nil)
			var b strings.Builder
			for _, st := range append(knownStates, "WaitingForCustomer", "") {
				fmt.Fprintf(&b, "state %-18q %s\n", st, s.StateBadge(st, "no state"))
			}
			fmt.Fprintf(&b, "lead type          %s\n", s.Badge("AcceptObjectFlow", BadgeType))
			fmt.Fprintf(&b, "gdpr               %s\n", s.Badge("anonymised", BadgeGDPR))
			fmt.Fprintf(&b, "lookup failed      %s\n", s.Badge("state unknown", BadgeFailed))
			fmt.Fprintf(&b, "privacy            %s\n", s.Privacy.Render("PRIVACY"))
			fmt.Fprintf(&b, "demo               %s\n", s.Demo.Render("DEMO"))
			for _, c := range append(append([]string{}, notify.Causes...), "Remove", "LeadReopened", "Bad\x1b[31m") {
				fmt.Fprintf(&b, "cause %-24q %s\n", c, s.CauseBadge(c))
			}
			golden.RequireEqual(t, []byte(b.String()))
		})
	}
}

// bg is the background colour a badge is filled with ("" for none).
func bg(s string) string {
	i := strings.Index(s, "48;2;")
	if i < 0 {
		return ""
	}
	j := strings.IndexAny(s[i:], "m")
	return s[i : i+j]
}

// TestBadgesCannotBeConfused: the lead type and a failed lookup are never
// filled (a filled red "state unknown" read as Canceled's pink); GDPR,
// PRIVACY and DEMO each have a fill of their own that no state and no
// other of them uses. Without colour, every kind has its own form.
func TestBadgesCannotBeConfused(t *testing.T) {
	for _, th := range themes[:2] {
		s := New(th.dark, false, nil)
		for name, b := range map[string]string{
			"the lead type":   s.Badge("AcceptObjectFlow", BadgeType),
			"a failed lookup": s.Badge("state unknown", BadgeFailed),
		} {
			if f := bg(b); f != "" {
				t.Errorf("%s: %s is filled (%s)", th.name, name, f)
			}
		}
		if !strings.Contains(s.Badge("state unknown", BadgeFailed), fg(s.Pal.Danger)) {
			t.Errorf("%s: a failed lookup is not in the danger colour", th.name)
		}
		special := map[string]string{
			"GDPR":    bg(s.Badge("anonymised", BadgeGDPR)),
			"PRIVACY": bg(s.Privacy.Render("PRIVACY")),
			"DEMO":    bg(s.Demo.Render("DEMO")),
		}
		seen := map[string]string{}
		for name, f := range special {
			if f == "" {
				t.Errorf("%s: %s has no fill", th.name, name)
			}
			if other, dup := seen[f]; dup {
				t.Errorf("%s: %s and %s share the fill %s", th.name, name, other, f)
			}
			seen[f] = name
		}
		for _, st := range append(knownStates, "WaitingForCustomer", "") {
			if name, dup := seen[bg(s.StateBadge(st, "no state"))]; dup {
				t.Errorf("%s: state %q looks like %s", th.name, st, name)
			}
		}
		if bg(s.StateBadge(api.StateAssigned, "no state")) == bg(s.Badge("x", BadgeAccent)) {
			t.Errorf("%s: Assigned has the accent's purple", th.name)
		}
	}
	// Without colour: the form of each kind, with its text replaced by X,
	// must differ from every other kind's.
	s := New(true, true, nil)
	forms := map[string]string{
		"state":         ansi.Strip(s.StateBadge("X", "no state")),
		"lead type":     ansi.Strip(s.Badge("X", BadgeType)),
		"gdpr":          ansi.Strip(s.Badge("X", BadgeGDPR)),
		"lookup failed": ansi.Strip(s.Badge("X", BadgeFailed)),
		"privacy":       ansi.Strip(s.Privacy.Render("X")),
		"demo":          ansi.Strip(s.Demo.Render("X")),
		"cause":         ansi.Strip(s.CauseBadge("X")),
	}
	seen := map[string]string{}
	for name, f := range forms {
		if other, dup := seen[f]; dup {
			t.Errorf("no colour: %s and %s both read %q", name, other, f)
		}
		if name != "state" && strings.HasPrefix(f, "[") {
			t.Errorf("no colour: %s reads %q, in a state's brackets", name, f)
		}
		seen[f] = name
	}
	if got := ansi.Strip(s.Badge("DEMO", BadgeDemo)); got != ansi.Strip(s.Demo.Render("DEMO")) {
		t.Errorf("Badge(BadgeDemo) = %q, not the status bar's form", got)
	}
}

// fg is the escape's foreground parameters of a colour ("38;2;r;g;b").
func fg(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("38;2;%d;%d;%d", r>>8, g>>8, b>>8)
}

func TestMain(m *testing.M) {
	flag.Parse()
	m.Run()
}
