package ui

import (
	"strings"
	"testing"

	"leadinspector/api"
)

// hostileBody is a body whose bytes would act on a terminal they reach: a
// title change, a screen clear and a bracketed-paste end that would let the
// rest of a paste run as typed commands.
const hostileBody = "{\"source\": \"\x1b]0;pwned\x07\x1b[2J\x1b[201~rm -rf ~\r\n\u009b31m\"}"

func withHostileBody(t *testing.T, m Model) Model {
	t.Helper()
	m.panes.raw.SetResult(&api.Result{Body: []byte(hostileBody), Format: api.JSON, Status: 200, Size: int64(len(hostileBody))})
	return m
}

func TestCopyShowsEscapesNeverSendsThem(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = withHostileBody(t, lookUp(t, m, "LED1"))
	m = keys(t, m, "esc")
	_, cmd := m.Update(keyPress("c"))
	got := clipboardOf(t, cmd)
	if strings.ContainsAny(got, "\x1b\x07\r") || strings.Contains(got, "\u009b") {
		t.Errorf("c copied control bytes: %q", got)
	}
	if want := "␛]0;pwned␇␛[2J␛[201~rm -rf ~\n\\u009b31m"; !strings.Contains(got, want) {
		t.Errorf("c copied %q; want the escapes made visible: %q", got, want)
	}
}

func TestEditorStillGetsTheExactBytes(t *testing.T) {
	m, fe, _ := openTest(t, map[string]string{"EDITOR": "true"}, false)
	m = withHostileBody(t, m)
	_ = keys(t, m, "O")
	if fe.content != hostileBody {
		t.Errorf("the editor got %q, want the body byte for byte", fe.content)
	}
}
