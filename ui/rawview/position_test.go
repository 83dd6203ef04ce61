package rawview

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"leadinspector/api"
)

// pct is the scroll position the footer shows, in per cent.
func pct(t *testing.T, m Model) int {
	t.Helper()
	f := footer(m)
	g := regexp.MustCompile(`(\d+)% · line \d+/\d+`).FindStringSubmatch(f)
	if g == nil {
		t.Fatalf("no position in the footer %q", f)
	}
	n, _ := strconv.Atoi(g[1])
	return n
}

// A long body of long lines, wrapped: the position the footer shows stays
// within 0–100 % wherever the view goes (the search's n put the last
// match's line a third of the way down, past what unwrapped scrolling
// allows, and showed 121 %), is 100 % only once the end is on screen, and
// 100 % at the very end.
func TestWrappedPositionNeverPassesAHundred(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		fmt.Fprintf(&b, `"key%02d":"%s needle",`, i, strings.Repeat("lång text ", 20))
	}
	b.WriteString(`"end":true}`)
	m := newView(noColour(), result([]byte(b.String()), api.JSON), 60, 16)
	m = send(m, "W")
	if got := pct(t, m); got != 0 {
		t.Errorf("at the top: %d%%", got)
	}
	m = typeText(m, "/needle")
	m = send(m, "enter")
	endShown := func(m Model) bool {
		rows := body(m)
		return rows[len(rows)-1] == "}" || strings.Contains(strings.Join(rows, "\n"), "\n}")
	}
	for i := range 40 {
		m = send(m, "n")
		got := pct(t, m)
		if got > 100 || got == 100 && !endShown(m) {
			t.Fatalf("after n %d times: %d%% (the end on screen: %v)\n%s", i+1, got, endShown(m), strings.Join(lines(m), "\n"))
		}
	}
	// Row by row to the very end: never past 100 %, and 100 % there.
	m = send(m, "g")
	for i := 0; !endShown(m); i++ {
		if got := pct(t, m); got >= 100 {
			t.Fatalf("after %d rows down: %d%% without the end on screen", i, got)
		}
		if i > 2000 {
			t.Fatal("the end never came")
		}
		m = send(m, "down")
	}
	if got := pct(t, m); got != 100 {
		t.Errorf("the end on screen: %d%%, want 100", got)
	}
	for range 20 {
		m = send(m, "down")
		if got := pct(t, m); got != 100 {
			t.Fatalf("scrolled on past the end: %d%%\n%s", got, strings.Join(lines(m), "\n"))
		}
	}
	m = send(m, "g", "G")
	if got := pct(t, m); got != 100 || !endShown(m) {
		t.Errorf("G: %d%%, the end on screen: %v", got, endShown(m))
	}
	assertBox(t, m, 60, 16)
}
