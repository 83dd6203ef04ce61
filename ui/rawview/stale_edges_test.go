package rawview

import (
	"strings"
	"testing"

	"leadinspector/api"
)

// A search the user replaced with another before its answer came: the
// first answer is dropped, the second shown, whatever order they come in.
func TestSearchReplacedBeforeItsAnswerCame(t *testing.T) {
	m := newView(noColour(), result([]byte(privateJSON), api.JSON), 60, 8)
	m = send(m, "/")
	m = typeText(m, "Hemnet")
	m, first := m.Update(press("enter"))
	if first == nil {
		t.Fatal("enter gave no search command")
	}
	m = send(m, "/")
	for range len("Hemnet") {
		m = send(m, "backspace")
	}
	m = typeText(m, "secret")
	m, second := m.Update(press("enter"))
	if second == nil {
		t.Fatal("enter gave no search command")
	}
	m, _ = m.Update(first())
	m, _ = m.Update(second())
	// "secret" (any case) is in the body 7 times; "Hemnet" once.
	if got := footer(m); !strings.HasPrefix(got, `match 1/7 · "secret"`) {
		t.Errorf("footer %q, want the matches of the second search", got)
	}
}
