package ui

import (
	"errors"
	"strings"
	"testing"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// A name that could not be had reads in the user's language on its card:
// the short problem and the note under it, with the server's own words.
func TestCardNameProblemsAreInTheUsersLanguage(t *testing.T) {
	sv := i18n.New(i18n.Swedish)
	cases := []struct {
		err        error
		name, note string
		english    string
	}{
		{&api.NetworkError{Timeout: true, Err: errors.New("i/o timeout")}, "kunde inte hämtas", "tidsgränsen passerades", "network"},
		{&api.NoAccessError{Group: api.WebsiteFunctions, Err: &api.ForbiddenError{StatusError: api.StatusError{Message: "Åtkomst nekad"}}},
			"ingen behörighet (hemsidefunktioner)", "Åtkomst nekad", "no access"},
	}
	for _, c := range cases {
		cs := cards{l: sv}
		cs.state("U1", &api.Name{Err: c.err}, false)
		var text strings.Builder
		for _, r := range cs.rows {
			text.WriteString(r.label + " " + r.value + "\n")
		}
		got := text.String()
		if !strings.Contains(got, c.name) || !strings.Contains(got, c.note) {
			t.Errorf("%T: card lacks %q / %q:\n%s", c.err, c.name, c.note, got)
		}
		if strings.Contains(got, c.english) || strings.Contains(got, "timed out") {
			t.Errorf("%T: English on the Swedish card:\n%s", c.err, got)
		}
	}
}
