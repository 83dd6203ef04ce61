package queue

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api/base/i18n"
	"leadinspector/ui/notify"
	"leadinspector/ui/styles"
)

// moments is a lead's timeline as the demo hub gives it: causes of
// different lengths, a change of another type, lookups by people with
// short and long (and non-ASCII) names, one of them failed.
func moments() []notify.Moment {
	at := func(h int) time.Time { return now.Add(time.Duration(h) * time.Hour) }
	return []notify.Moment{
		{At: at(-9), Event: &notify.Event{Type: "IncomingLead", Event: "Update", Cause: "LeadAccepted", CustomerID: "M30011"}},
		{At: at(-8), Lookup: &notify.DeskLookup{Person: "bo", Status: 200, State: "Accepted"}},
		{At: at(-7), Event: &notify.Event{Type: "IncomingLead", Event: "Update", Cause: "NewMeeting", CustomerID: "M30011"}},
		{At: at(-6), Event: &notify.Event{Type: "IncomingLead", Event: "Update", Cause: "AssignedContractWriting", CustomerID: "M30012"}},
		{At: at(-5), Lookup: &notify.DeskLookup{Person: "Åsa Öberg-Lindqvist", Status: 500}},
		{At: at(-4), Event: &notify.Event{Type: "Estate", Event: "Remove", Cause: "Remove", CustomerID: "M30011"}},
		{At: at(-3), Lookup: &notify.DeskLookup{Person: "anna", Status: 200, State: "WaitingForCustomer"}},
	}
}

// The timeline's columns line up: each line's time, what happened (the
// cause, or who looked it up) and its customer or the State seen start at
// the same cell, whatever the causes' and names' lengths, in both
// languages and at a narrow detail pane; no line is wider than the pane.
func TestTimelineColumnsAligned(t *testing.T) {
	ms := moments()
	third := []string{"M30011", "[Accepted]", "M30011", "M30012", "✗ ", "M30011", "[WaitingFor"}
	what := []string{"{LeadAccepted}", "", "{NewMeeting}", "{AssignedContract", "", "{Estate Remove}", ""}
	for _, c := range []struct {
		lang  i18n.Lang
		width int
	}{{i18n.English, 56}, {i18n.Swedish, 56}, {i18n.English, 76}, {i18n.Swedish, 76}} {
		lines := Timeline(styles.New(true, true, nil), i18n.New(c.lang), time.UTC, ms, c.width)
		if len(lines) != 2+len(ms) {
			t.Fatalf("%v: %d lines, want %d", c.lang, len(lines), 2+len(ms))
		}
		col := -1
		for i, l := range lines[2:] {
			s := ansi.Strip(l)
			if w := ansi.StringWidth(s); w > c.width {
				t.Errorf("%v at %d: line %d is %d cells wide: %q", c.lang, c.width, i, w, s)
			}
			if w := strings.Index(s, what[i]); what[i] != "" && ansi.StringWidth(s[:max(w, 0)]) != 2+16+2 {
				t.Errorf("%v at %d: line %d has %q at cell %d, want %d:\n%s", c.lang, c.width, i, what[i], ansi.StringWidth(s[:max(w, 0)]), 20, strings.Join(lines, "\n"))
			}
			at := strings.Index(s, third[i])
			if at < 0 {
				t.Errorf("%v at %d: line %d lacks %q: %q", c.lang, c.width, i, third[i], s)
				continue
			}
			cell := ansi.StringWidth(s[:at])
			if col < 0 {
				col = cell
			}
			if cell != col {
				t.Errorf("%v at %d: line %d's third column starts at cell %d, the first line's at %d:\n%s",
					c.lang, c.width, i, cell, col, ansi.Strip(strings.Join(lines, "\n")))
			}
		}
	}
}

// The timeline as the detail pane shows it at 120 columns (a 56-cell
// pane) and at 80 (76 cells), in English and Swedish.
func TestGoldenTimeline(t *testing.T) {
	for _, c := range []struct {
		name  string
		lang  i18n.Lang
		width int
	}{{"en_56", i18n.English, 56}, {"sv_56", i18n.Swedish, 56}, {"en_76", i18n.English, 76}, {"sv_76", i18n.Swedish, 76}} {
		t.Run(c.name, func(t *testing.T) {
			lines := Timeline(styles.New(true, true, nil), i18n.New(c.lang), time.UTC, moments(), c.width)
			golden.RequireEqual(t, []byte(ansi.Strip(strings.Join(lines, "\n"))+"\n"))
		})
	}
}
