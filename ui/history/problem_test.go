package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"leadinspector/api/base/i18n"
)

// A history problem reads in the user's language; the system's own words
// (a path, an OS error) are quoted as they are; Error stays English.
func TestProblemsInTheUsersLanguage(t *testing.T) {
	sv := i18n.New(i18n.Swedish)
	_, warn := Open("", 0)
	if got := Words(sv, warn); got != "historiken sparas inte: ingen tillståndskatalog" {
		t.Errorf("no state dir: %q", got)
	}
	if got := warn.Error(); got != "history is not saved: no state directory" {
		t.Errorf("Error: %q", got)
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, fileName), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, warn = Open(dir, 0)
	got := Words(sv, warn)
	if !strings.HasPrefix(got, "historikfilen "+filepath.Join(dir, fileName)+" är inte giltig JSON; flyttade den till history.json.corrupt-") ||
		!strings.HasSuffix(got, " och började en ny historik") {
		t.Errorf("broken file: %q", got)
	}

	cause := errors.New("open /x: permission denied")
	joined := join(problem(cause, i18n.M("ui.history.problem.not_saved", "Err", quoted(cause))), errClosed)
	if got := Words(sv, joined); got != "historiken sparades inte: open /x: permission denied; historik: stängd; ändringen sparades inte" {
		t.Errorf("joined: %q", got)
	}
	if !errors.Is(joined, cause) {
		t.Error("the cause is lost")
	}
	if got := Words(sv, errors.New("plain")); got != "plain" {
		t.Errorf("plain error: %q", got)
	}
}
