package ui

import (
	"testing"

	"leadinspector/api/base/i18n"
	"leadinspector/ui/history"
)

// main prints a history that could not be saved with Words: in the user's
// language, the history's own problem included.
func TestHistoryNotSavedIsWordedInTheUsersLanguage(t *testing.T) {
	err := &HistoryNotSavedError{Err: &history.Problem{Msg: i18n.M("ui.history.problem.locked", "File", "history.lock")}}
	if got, want := err.Words(i18n.New(i18n.Swedish)), "historiken sparades inte: history.lock är låst av en annan process"; got != want {
		t.Errorf("Swedish: %q, want %q", got, want)
	}
	if got, want := err.Error(), "history not saved: history.lock is locked by another process"; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
}
