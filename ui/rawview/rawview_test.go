package rawview

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/styles"
)

func colour() *styles.Styles   { return styles.New(true, false, nil) }
func noColour() *styles.Styles { return styles.New(true, true, nil) }

func readSeed(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("../../api/testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func result(body []byte, f api.Format) *api.Result {
	return &api.Result{
		Body:        body,
		Format:      f,
		Method:      "GET",
		Path:        "/CRM/Lead/M30011/Incoming/LED7216862FF0AD4AE38061A04A9AC4D60D",
		Accept:      f.Accept(),
		Status:      200,
		ContentType: f.Accept() + "; charset=utf-8",
		Size:        int64(len(body)),
		Duration:    38 * time.Millisecond,
		Attempts:    1,
	}
}

func seedResult(tb testing.TB, f api.Format) *api.Result {
	if f == api.XML {
		return result(readSeed(tb, "seed.xml"), f)
	}
	return result(readSeed(tb, "seed.json"), f)
}

func newView(st *styles.Styles, r *api.Result, w, h int) Model {
	m := New(st, nil)
	m.SetSize(w, h)
	m.SetResult(r)
	m.Focus()
	return m
}

// press turns a key name as msg.String() reports it into a key press.
func press(s string) tea.KeyPressMsg {
	special := map[string]rune{
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "backspace": tea.KeyBackspace, "tab": tea.KeyTab,
		"delete": tea.KeyDelete,
	}
	if c, ok := special[s]; ok {
		return tea.KeyPressMsg{Code: c}
	}
	if s == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if k, ok := strings.CutPrefix(s, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: rune(k[0]), Mod: tea.ModCtrl}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func send(m Model, keys ...string) Model {
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(press(k))
		m = settle(m, cmd)
	}
	return m
}

func typeText(m Model, s string) Model {
	for _, r := range s {
		var cmd tea.Cmd
		m, cmd = m.Update(press(string(r)))
		m = settle(m, cmd)
	}
	return m
}

// settle runs a command (a search) and hands its answer back, as the
// program does.
func settle(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	if msg := cmd(); msg != nil {
		m, cmd = m.Update(msg)
		return settle(m, cmd)
	}
	return m
}

// setPrivacy switches privacy mode and lets the search it starts finish.
func setPrivacy(m Model, on bool) Model { return settle(m, m.SetPrivacy(on)) }

func lines(m Model) []string { return strings.Split(m.View(), "\n") }

func footer(m Model) string {
	l := lines(m)
	return ansi.Strip(l[len(l)-1])
}

// prompt is the search prompt as drawn in the footer: its text before the
// cursor, and what the cursor (a reversed cell) is on; "" when there is no
// cursor.
func prompt(m Model) (before, under string) {
	l := lines(m)
	raw := l[len(l)-1]
	cur := sgrOf(m.search.field.Styles.Cursor)
	i := strings.Index(raw, cur.on)
	if cur.on == "" || i < 0 {
		return ansi.Strip(raw), ""
	}
	under, _, _ = strings.Cut(raw[i+len(cur.on):], cur.off)
	return ansi.Strip(raw[:i]), under
}

// body returns the stripped body rows (between the rule under the header
// and the footer).
func body(m Model) []string {
	l := lines(m)
	header, _, _, _ := m.layout()
	out := make([]string, 0, len(l))
	for _, s := range l[header+1 : len(l)-1] {
		out = append(out, strings.TrimRight(ansi.Strip(s), " "))
	}
	return out
}

// assertBox checks that View is exactly h lines of exactly w cells.
func assertBox(t *testing.T, m Model, w, h int) {
	t.Helper()
	l := lines(m)
	if len(l) != h {
		t.Fatalf("View has %d lines, want %d", len(l), h)
	}
	for i, s := range l {
		if got := lipgloss.Width(s); got != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(s))
		}
	}
}

func TestViewGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		f       api.Format
		privacy bool
	}{
		{"json", api.JSON, false}, {"xml", api.XML, false},
		{"json_privacy", api.JSON, true}, {"xml_privacy", api.XML, true},
	} {
		for _, size := range [][2]int{{80, 20}, {120, 30}} {
			t.Run(fmt.Sprintf("%s_%dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				m := newView(colour(), seedResult(t, tc.f), size[0], size[1])
				m = setPrivacy(m, tc.privacy)
				assertBox(t, m, size[0], size[1])
				golden.RequireEqual(t, ansi.Strip(m.View()))
			})
		}
	}
}

func TestEmptyState(t *testing.T) {
	m := newView(colour(), nil, 80, 10)
	assertBox(t, m, 80, 10)
	if !strings.Contains(m.View(), "No lead looked up yet — type a Lead ID and press enter") {
		t.Fatalf("empty state message missing:\n%s", m.View())
	}
	// Keys and the wheel do nothing harmful without a body.
	m = send(m, "down", "G", "/", "x", "enter", "n")
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	assertBox(t, m, 80, 10)
	if m.Body() != nil || m.Result() != nil || m.Format() != "" {
		t.Error("empty view reports a body")
	}
}

func TestHeader(t *testing.T) {
	r := seedResult(t, api.JSON)
	r.Size = 1234
	const (
		request = "GET /CRM/Lead/M30011/Incoming/LED7216862FF0AD4AE38061A04A9AC4D60D"
		cut58   = "GET /CRM/Lead/M30011/Incoming/LED7216862FF0A…1A04A9AC4D60D"
		accept  = "Accept: application/json"
		answer  = "200 OK · application/json; charset=utf-8 · 1.2 KiB · 38 ms"
	)
	for _, tc := range []struct {
		w, h, attempts int
		want           []string
	}{
		// All of it on one line where it fits.
		{200, 20, 2, []string{request + " · " + accept + " · " + answer + " · retried 1×"}},
		// Else the request line whole, then the rest.
		{150, 20, 1, []string{request, accept + " · " + answer}},
		// Else request, Accept and the answer on a line each; the lead id
		// loses its middle only when the path does not fit.
		{80, 20, 1, []string{request, accept, answer}},
		{58, 20, 1, []string{cut58, accept, answer}},
		{58, 20, 2, []string{cut58, accept, "200 OK · application/json · 1.2 KiB · 38 ms · retried 1×"}},
		// A lower pane has two header lines: the content type gives way,
		// then Accept.
		{150, 10, 1, []string{request, accept + " · " + answer}},
		{58, 10, 1, []string{cut58, accept + " · 200 OK · 1.2 KiB · 38 ms"}},
		{58, 10, 2, []string{cut58, "200 OK · 1.2 KiB · 38 ms · retried 1×"}},
		// A very low pane has one, as before, still cutting in the middle.
		{150, 6, 1, []string{"GET /CRM/Lead/M30011/Incoming/LED7216862FF0AD4…061A04A9AC4D60D · " + accept + " · " + answer}},
		{90, 6, 1, []string{"GET /CRM/Lead/M30011/Incoming/LED7216862FF0AD4…8061A04A9AC4D60D · 200 OK · 1.2 KiB · 38 ms"}},
		{60, 6, 1, []string{"GET /CRM/Lead/M3…8061A04A9AC4D60D · 200 OK · 1.2 KiB · 38 ms"}},
	} {
		r.Attempts = tc.attempts
		m := newView(noColour(), r, tc.w, tc.h)
		l := lines(m)
		for i, want := range tc.want {
			if got := strings.TrimRight(l[i], " "); got != want {
				t.Errorf("%d×%d header line %d:\n got %q\nwant %q", tc.w, tc.h, i+1, got, want)
			}
		}
		if rule := l[len(tc.want)]; !strings.HasPrefix(rule, "───") {
			t.Errorf("%d×%d: %d header lines, want %d: %q", tc.w, tc.h, slices.IndexFunc(l, func(s string) bool {
				return strings.HasPrefix(s, "───")
			}), len(tc.want), l[:4])
		}
		assertBox(t, m, tc.w, tc.h)
		// The body gets the rows the header leaves.
		if got, want := len(body(m)), tc.h-len(tc.want)-2; got != want {
			t.Errorf("%d×%d: %d body rows, want %d", tc.w, tc.h, got, want)
		}
	}
	// Very narrow: cut with an ellipsis, still exactly w cells.
	m := newView(noColour(), r, 20, 10)
	assertBox(t, m, 20, 10)
	if !strings.Contains(lines(m)[0], "…") {
		t.Errorf("cut header has no ellipsis: %q", lines(m)[0])
	}
	for _, h := range []int{1, 2, 3, 4, 7, 8, 11, 12} {
		m.SetSize(20, h)
		assertBox(t, m, 20, h)
	}
}

func TestCutRequest(t *testing.T) {
	for _, tc := range []struct {
		s    string
		w    int
		want string
	}{
		{"GET /a/LED123", 13, "GET /a/LED123"},
		{"GET /CRM/Lead/M1/Incoming/LED0123456789ABCDEF", 40, "GET /CRM/Lead/M1/Incoming/LED0123…ABCDEF"},
		// Too little room for the id: the whole line loses its middle.
		{"GET /CRM/Lead/M1/Incoming/LED0123456789ABCDEF", 20, "GET /CRM/L…789ABCDEF"},
		// Wide characters are never split.
		{"GET /x/漢字漢字漢字漢字漢字", 16, "GET /x/漢字…漢字"},
		{"GET /x/abc", 1, "…"},
		{"GET /x/abc", 0, ""},
	} {
		got := cutRequest(tc.s, tc.w)
		if got != tc.want {
			t.Errorf("cutRequest(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
		if w := ansi.StringWidth(got); w > tc.w {
			t.Errorf("cutRequest(%q, %d) is %d cells", tc.s, tc.w, w)
		}
	}
}

func TestFormatting(t *testing.T) {
	for d, want := range map[time.Duration]string{
		400 * time.Microsecond: "0.4 ms", 38 * time.Millisecond: "38 ms", 1500 * time.Millisecond: "1.5 s",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestScrolling(t *testing.T) {
	m := newView(noColour(), seedResult(t, api.JSON), 80, 15) // three header lines, 10 body rows, 40 lines
	if got := footer(m); !strings.HasSuffix(got, "0% · line 1/40") {
		t.Fatalf("footer %q", got)
	}
	steps := []struct {
		keys []string
		line int
	}{
		{[]string{"down"}, 2}, {[]string{"j", "j"}, 4}, {[]string{"k"}, 3}, {[]string{"up"}, 2},
		{[]string{"pgdown"}, 12}, {[]string{"space"}, 22}, {[]string{"b"}, 12}, {[]string{"pgup"}, 2},
		{[]string{"ctrl+d"}, 7}, {[]string{"ctrl+u"}, 2},
		{[]string{"G"}, 31}, {[]string{"down"}, 31}, {[]string{"g"}, 1}, {[]string{"up"}, 1},
		{[]string{"end"}, 31}, {[]string{"home"}, 1},
	}
	for _, s := range steps {
		m = send(m, s.keys...)
		if got := footer(m); !strings.Contains(got, fmt.Sprintf("line %d/40", s.line)) {
			t.Fatalf("after %v: footer %q, want line %d/40", s.keys, got, s.line)
		}
	}
	m = send(m, "G")
	if got := footer(m); !strings.HasSuffix(got, "100% · line 31/40") {
		t.Errorf("at the end: %q", got)
	}
	if b := body(m); b[len(b)-1] != "}" {
		t.Errorf("last body row at the end = %q, want }", b[len(b)-1])
	}
	assertBox(t, m, 80, 15)
}

func TestKeysNeedFocusWheelDoesNot(t *testing.T) {
	m := newView(noColour(), seedResult(t, api.JSON), 80, 13)
	m.Blur()
	if m.Focused() {
		t.Fatal("still focused after Blur")
	}
	m = send(m, "j", "G", "/")
	if got := footer(m); !strings.Contains(got, "line 1/40") || m.Searching() {
		t.Fatalf("unfocused pane acted on keys: %q", got)
	}
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if got := footer(m); !strings.Contains(got, "line 4/40") {
		t.Fatalf("wheel did not scroll: %q", got)
	}
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if got := footer(m); !strings.Contains(got, "line 1/40") {
		t.Fatalf("wheel up: %q", got)
	}
}

func TestHorizontalScroll(t *testing.T) {
	long := `{"message":"` + strings.Repeat("abcdefghij", 30) + `END"}`
	m := newView(noColour(), result([]byte(long), api.JSON), 40, 8)
	first := body(m)[1]
	// A cut line says so in its last cell; a whole one does not.
	if first != `  "message": "abcdefghijabcdefghijabcde→` {
		t.Fatalf("row before scrolling: %q", first)
	}
	if got := body(m)[0]; got != "{" {
		t.Fatalf("whole row: %q", got)
	}
	if got := footer(m); !strings.HasPrefix(got, "→ ") || !strings.Contains(got, "l/→") || !strings.Contains(got, "W wraps") {
		t.Errorf("footer does not say how to see the rest: %q", got)
	}
	m = send(m, "right", "l")
	// Scrolled sideways, the first cell says there is more to the left;
	// the cells in between still show the same columns (the 18th on).
	if row := body(m)[1]; row != "←defghijabcdefghijabcdefghijabcdefghija→" {
		t.Fatalf("after two steps right: %q", row)
	}
	if row := body(m)[0]; row != "←" {
		t.Errorf("row wholly to the left: %q", row)
	}
	if got := footer(m); !strings.Contains(got, "col 17") || !strings.HasPrefix(got, "←→ h/l scroll") {
		t.Errorf("footer while scrolled sideways: %q", got)
	}
	for range 100 {
		m = send(m, "right")
	}
	if row := body(m)[1]; !strings.HasSuffix(row, `END"`) || !strings.HasPrefix(row, "←") {
		t.Errorf("scrolled to the far right: %q", row)
	}
	if got := footer(m); !strings.HasPrefix(got, "← h/← scrolls") {
		t.Errorf("footer at the far right: %q", got)
	}
	m = send(m, "h")
	for range 100 {
		m = send(m, "left")
	}
	if got := body(m)[1]; got != first {
		t.Errorf("back at the left: %q", got)
	}
	assertBox(t, m, 40, 8)
}

func TestCutMarksStyledAndBounded(t *testing.T) {
	long := `{"message":"` + strings.Repeat("漢字", 40) + `"}`
	st := colour()
	m := newView(st, result([]byte(long), api.JSON), 31, 8)
	muted := sgrOf(st.Muted)
	for x := range 12 {
		m.view.xoff = x
		m.view.invalidate()
		assertBox(t, m, 31, 8)
		row := lines(m)[4] // header (2 lines), rule, "{", the message
		if !strings.HasSuffix(row, muted.on+"→"+muted.off) {
			t.Fatalf("xoff %d: the cut is not marked with a muted →: %q", x, row)
		}
		if x > 0 != strings.HasPrefix(row, muted.on+"←"+muted.off) {
			t.Fatalf("xoff %d: muted ← wrong: %q", x, row)
		}
	}
	// Too narrow for arrows: the text keeps every cell.
	m.SetSize(3, 8)
	m.view.xoff = 0
	m.view.invalidate()
	if got := body(m)[1]; got != `  "` {
		t.Errorf("3 cells wide: %q", got)
	}
	assertBox(t, m, 3, 8)
}

func TestSearchRevealsMatchClearOfMarks(t *testing.T) {
	long := `{"message":"` + strings.Repeat("x", 100) + `NEEDLE` + strings.Repeat("y", 100) + `"}`
	m := newView(noColour(), result([]byte(long), api.JSON), 40, 8)
	m = send(m, "/")
	m = typeText(m, "needle")
	m = send(m, "enter")
	row := body(m)[1]
	if !strings.Contains(row, "NEEDLE") || !strings.HasPrefix(row, "←") || !strings.HasSuffix(row, "→") {
		t.Fatalf("match not shown between the marks: %q", row)
	}
}

func TestSearch(t *testing.T) {
	m := newView(noColour(), seedResult(t, api.JSON), 80, 15)
	m = send(m, "/")
	if !m.Searching() {
		t.Fatal("/ did not open the search prompt")
	}
	// Keys that are commands elsewhere are text here.
	m = typeText(m, "SAMPLE qfvc")
	if before, under := prompt(m); before != "/SAMPLE qfvc" || under != " " {
		t.Fatalf("prompt %q, cursor on %q", before, under)
	}
	for range 5 {
		m = send(m, "backspace")
	}
	m = send(m, "enter")
	if m.Searching() {
		t.Fatal("still searching after enter")
	}
	if got := footer(m); !strings.HasPrefix(got, `match 1/16 · "SAMPLE"`) {
		t.Fatalf("after enter: %q", got)
	}
	m = send(m, "n", "n")
	if got := footer(m); !strings.HasPrefix(got, "match 3/16") {
		t.Fatalf("after n n: %q", got)
	}
	m = send(m, "N", "N", "N")
	if got := footer(m); !strings.HasPrefix(got, "match 16/16") {
		t.Fatalf("N wraps: %q", got)
	}
	// The last match is on line 37 of 40: the view followed it.
	if got := footer(m); !strings.Contains(got, "line 31/40") {
		t.Fatalf("view did not follow the match: %q", got)
	}
	m = send(m, "n")
	if got := footer(m); !strings.HasPrefix(got, "match 1/16") || !strings.Contains(got, "line 1/40") {
		t.Fatalf("n wraps to the first: %q", got)
	}
	// The current match is reversed, the others underlined (NoColor styles).
	v := m.View()
	cur, other := sgrOf(m.view.st.CurrentMatch), sgrOf(m.view.st.Match)
	if cur.on == "" || other.on == "" || cur.on == other.on {
		t.Fatal("NoColor match styles are not distinguishable")
	}
	if !strings.Contains(v, cur.on+"sample"+cur.off) || !strings.Contains(v, other.on+"sample"+other.off) {
		t.Fatalf("matches not highlighted:\n%q", v)
	}
	m = send(m, "esc")
	if strings.Contains(m.View(), "\x1b[") || strings.Contains(footer(m), "match") {
		t.Fatal("esc did not clear the highlight")
	}
}

func TestSearchStartsAtTopLine(t *testing.T) {
	m := newView(noColour(), seedResult(t, api.JSON), 80, 15)
	m = send(m, "pgdown", "pgdown") // top is line 21
	m = send(m, "/")
	m = typeText(m, "sample")
	m = send(m, "enter")
	// Line 21 is the office's "customerId", the 8th of 16 matches.
	if got := footer(m); !strings.HasPrefix(got, "match 8/16") || !strings.Contains(got, "line 21/40") {
		t.Fatalf("first match at or after the top line: %q", got)
	}
}

func TestSearchNoMatchAndEscWhileTyping(t *testing.T) {
	m := newView(noColour(), seedResult(t, api.JSON), 80, 13)
	m = send(m, "/")
	m = typeText(m, "zzz")
	m = send(m, "enter")
	if got := footer(m); !strings.HasPrefix(got, `no match for "zzz"`) {
		t.Fatalf("%q", got)
	}
	m = send(m, "n", "N") // no matches: nothing to step through
	m = send(m, "/")
	m = typeText(m, "new")
	m = send(m, "esc")
	if m.Searching() || strings.Contains(footer(m), "match") || strings.Contains(m.View(), "\x1b[") {
		t.Fatalf("esc while typing: searching=%v footer=%q", m.Searching(), footer(m))
	}
	// Paste goes into the prompt, one line.
	m = send(m, "/")
	m, _ = m.Update(tea.PasteMsg{Content: "Accept\nObject"})
	if before, under := prompt(m); before != "/Accept Object" || under != " " {
		t.Fatalf("paste: %q, cursor on %q", before, under)
	}
	// Blur closes the prompt.
	m.Blur()
	if m.Searching() {
		t.Error("prompt open after Blur")
	}
}

// The search prompt is the project's text field: the cursor moves and
// words and lines are deleted as in the lookup fields, in either language.
func TestSearchPromptEdits(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Swedish} {
		m := New(noColour(), i18n.New(lang))
		m.SetSize(80, 15)
		m.SetResult(seedResult(t, api.JSON))
		m.Focus()
		m = send(m, "/")
		m = typeText(m, "SMPLE")
		m = send(m, "home", "right")
		m = typeText(m, "A")
		if before, under := prompt(m); before != "/SA" || under != "M" {
			t.Fatalf("%s: inserting at the cursor: %q, cursor on %q", lang, before, under)
		}
		m = send(m, "end", "ctrl+w")
		m = typeText(m, "xx yy")
		m = send(m, "ctrl+w", "backspace", "backspace", "backspace")
		m = typeText(m, "sample")
		m = send(m, "left", "delete")
		if before, under := prompt(m); before != "/sampl" || under != " " {
			t.Fatalf("%s: after the deletes: %q, cursor on %q", lang, before, under)
		}
		m = send(m, "ctrl+u")
		m = typeText(m, "sample")
		if f := footer(m); !strings.Contains(f, i18n.New(lang).T("ui.raw.prompt_hint")) {
			t.Errorf("%s: the prompt does not say how to end it: %q", lang, f)
		}
		m = send(m, "enter")
		if f := footer(m); !strings.Contains(f, "1/16") || !strings.Contains(f, `"sample"`) {
			t.Errorf("%s: the edited query was not searched: %q", lang, f)
		}
	}
}

// Text typed or pasted at the prompt is sanitised as the body was: a
// control character pasted from the body finds the symbol shown for it,
// and a long query scrolls within the line, the cursor in view.
func TestSearchPromptSanitisesAndScrolls(t *testing.T) {
	m := newView(noColour(), result([]byte("{\"a\":\"x\x1by\"}"), api.JSON), 30, 8)
	if !strings.Contains(m.Text(), "x␛y") {
		t.Fatalf("the body does not show ESC as ␛: %q", m.Text())
	}
	m = send(m, "/")
	m, _ = m.Update(tea.PasteMsg{Content: "x\x1by"})
	if before, _ := prompt(m); before != "/x␛y" {
		t.Fatalf("pasted ESC in the prompt: %q", before)
	}
	m = send(m, "enter")
	if f := footer(m); !strings.HasPrefix(f, "match 1/1") {
		t.Fatalf("the pasted control character found nothing: %q", f)
	}
	m = send(m, "/")
	m = typeText(m, strings.Repeat("a", 50)+"END")
	before, under := prompt(m)
	if !strings.HasSuffix(before, "aEND") || under != " " {
		t.Errorf("a long query does not keep the cursor in view: %q, cursor on %q", before, under)
	}
	assertBox(t, m, 30, 8)
}

func TestSearchFollowsMatchSideways(t *testing.T) {
	long := `{"message":"` + strings.Repeat("x", 300) + `NEEDLE"}`
	m := newView(noColour(), result([]byte(long), api.JSON), 40, 8)
	m = send(m, "/")
	m = typeText(m, "needle")
	m = send(m, "enter")
	if !strings.Contains(body(m)[1], "NEEDLE") {
		t.Fatalf("match not scrolled into view: %q", body(m)[1])
	}
	assertBox(t, m, 40, 8)
}

const privateJSON = `{"ContactId":"ADR-SECRET-CONTACT","leadSource":{"id":"SRC1","name":"Hemnet"},
"receiver":{"office":{"id":"OFF1","customerId":"M11385"}},"buyingEstateId":"OBJ-BUY-SECRET",
"sellingEstateId":"OBJ-SELL-SECRET","state":"New","message":"Hej! Ring mig på 070-SECRET, tack.",
"isAnonymized":false,"utmTags":[{"name":"utm_source","value":"secret-source"},{"name":"utm_campaign","value":"secret-campaign"}],
"extra":{"message":{"nested":"SECRET-NESTED","n":12345}}}`

const privateXML = `<IncomingLead xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:lead">
<BuyingEstateId>OBJ-BUY-SECRET</BuyingEstateId><ContactId>ADR-SECRET-CONTACT</ContactId>
<LeadSource><Id>SRC1</Id><Name>Hemnet</Name></LeadSource>
<Message>Hej!
Ring mig på 070-SECRET.
Tack &amp; hej
/Anna SECRET</Message>
<SellingEstateId i:nil="true"/><SentAt>2025-04-04T06:11:27+02:00</SentAt><State>New</State>
<UtmTags xmlns:d2p1="urn:utm"><d2p1:FormMarketingUtmTags><d2p1:Name>utm_source</d2p1:Name><d2p1:Value>secret-source</d2p1:Value></d2p1:FormMarketingUtmTags>
<d2p1:FormMarketingUtmTags><d2p1:Name>utm_campaign</d2p1:Name><d2p1:Value>secret-campaign</d2p1:Value></d2p1:FormMarketingUtmTags></UtmTags>
</IncomingLead>`

// allText scrolls through the whole body and returns everything shown.
func allText(m Model) string {
	var b strings.Builder
	m = send(m, "g")
	for range 200 {
		b.WriteString(ansi.Strip(m.View()))
		m = send(m, "down")
	}
	return b.String()
}

func TestPrivacy(t *testing.T) {
	secret := regexp.MustCompile(`(?i)secret`)
	for _, tc := range []struct {
		name string
		body string
		f    api.Format
	}{{"json", privateJSON, api.JSON}, {"xml", privateXML, api.XML}} {
		t.Run(tc.name, func(t *testing.T) {
			m := newView(colour(), result([]byte(tc.body), tc.f), 60, 8)
			if !secret.MatchString(allText(m)) {
				t.Fatal("test body shows no secret even without privacy")
			}
			m = setPrivacy(m, true)
			all := allText(m)
			if s := secret.FindString(all); s != "" {
				t.Fatalf("privacy mode shows %q:\n%s", s, all)
			}
			for _, want := range []string{"••••", "utm_source", "utm_campaign", "Hemnet", "SRC1", "New"} {
				if !strings.Contains(all, want) {
					t.Errorf("privacy mode hides %q too", want)
				}
			}
			// Search runs over the masked text.
			m = send(m, "/")
			m = typeText(m, "secret")
			m = send(m, "enter")
			if got := footer(m); !strings.HasPrefix(got, `no match for "secret"`) {
				t.Errorf("search finds masked text: %q", got)
			}
			// The body as received is still what c copies.
			if !bytes.Equal(m.Body(), []byte(tc.body)) {
				t.Error("Body() changed")
			}
		})
	}
}

func TestPrivacyKeepsScrollPosition(t *testing.T) {
	// JSON: masking changes no line count; the top line stays.
	m := newView(noColour(), result([]byte(privateJSON), api.JSON), 60, 8)
	m = send(m, "j", "j", "j", "j", "j", "j")
	before := footer(m)
	m = setPrivacy(m, true)
	if got := footer(m); got != before {
		t.Fatalf("privacy on moved the view: %q → %q", before, got)
	}
	m = setPrivacy(m, false)
	if got := footer(m); got != before {
		t.Fatalf("privacy off moved the view: %q → %q", before, got)
	}

	// XML: the four-line message becomes one line; the top line is still
	// the same element.
	m = newView(noColour(), result([]byte(privateXML), api.XML), 60, 8)
	for !strings.Contains(body(m)[0], "<SentAt>") {
		m = send(m, "j")
	}
	m = setPrivacy(m, true)
	if got := body(m)[0]; !strings.Contains(got, "<SentAt>") {
		t.Fatalf("privacy on: top row %q, want <SentAt>", got)
	}
	m = setPrivacy(m, false)
	if got := body(m)[0]; !strings.Contains(got, "<SentAt>") {
		t.Fatalf("privacy off: top row %q, want <SentAt>", got)
	}
	// A new result while privacy is on is masked from the start.
	m = setPrivacy(m, true)
	m.SetResult(result([]byte(privateJSON), api.JSON))
	if strings.Contains(strings.ToLower(allText(m)), "secret") {
		t.Fatal("new result shown unmasked in privacy mode")
	}
}

func TestHostileBody(t *testing.T) {
	hostile := "{\"message\":\"\x1b]52;c;aGVsbG8=\x07 \x1b[2J\x1b]0;pwned\x1b\\ \u202eevil\u202c \xc2\x9b31m \x9b \x90dcs \r\n\"," +
		"\"tab\":\"a\tb\"}"
	for _, f := range []api.Format{api.JSON, api.XML} {
		r := result([]byte(hostile), f)
		r.ContentType = "text/plain\x1b[31m\u202e"
		r.Path = "/CRM/Lead/M1/Incoming/\x1b]52;c;eA==\x07"
		m := newView(noColour(), r, 70, 10)
		v := m.View()
		if strings.ContainsRune(v, 0x1b) || strings.ContainsRune(v, 0x9b) || strings.ContainsRune(v, 0x07) {
			t.Fatalf("%s: control bytes reached the view:\n%q", f, v)
		}
		for _, want := range []string{"␛]52;c;aGVsbG8=␇", "␛[2J", `\u202e`, `\u009b`} {
			if !strings.Contains(v, want) {
				t.Errorf("%s: %q not shown visibly:\n%s", f, want, v)
			}
		}
		if strings.Contains(v, "\u202e") || strings.Contains(v, "\t") {
			t.Errorf("%s: bidi override or tab reached the view", f)
		}
		assertBox(t, m, 70, 10)
	}
}

func TestWideCharactersKeepWidth(t *testing.T) {
	body := `{"message":"漢字かな交じり文 🇸🇪 👍🏽 0🏽0 e` + "\u0301" + ` ÅÄÖ 한국어 テスト テスト テスト","name":"全角全角全角全角全角全角全角全角"}`
	for _, st := range []*styles.Styles{colour(), noColour()} {
		m := newView(st, result([]byte(body), api.JSON), 31, 6)
		for x := range 40 {
			assertBox(t, m, 31, 6)
			m.view.xoff = x
			m.view.invalidate()
		}
		for _, w := range []int{1, 2, 3, 7, 30} {
			m.SetSize(w, 6)
			assertBox(t, m, w, 6)
		}
	}
	// The masked values and search highlights keep the width too.
	m := newView(colour(), result([]byte(body), api.JSON), 33, 6)
	m = setPrivacy(m, true)
	assertBox(t, m, 33, 6)
	m = setPrivacy(m, false)
	m = send(m, "/")
	m = typeText(m, "全角")
	m = send(m, "enter")
	if !strings.HasPrefix(footer(m), "match 1/8") {
		t.Fatalf("wide search: %q", footer(m))
	}
	assertBox(t, m, 33, 6)
}

func TestInvalidBodyShownAsReceived(t *testing.T) {
	raw := "{\"contactId\": \"x\",, broken\n  <html>oops</html>"
	m := newView(colour(), result([]byte(raw), api.JSON), 60, 8)
	b := body(m)
	if b[0] != `{"contactId": "x",, broken` || b[1] != "  <html>oops</html>" {
		t.Fatalf("invalid body not shown as received: %q", b)
	}
	m = newView(colour(), result([]byte("<a><b></a>"), api.XML), 60, 8)
	if b := body(m); b[0] != "<a><b></a>" {
		t.Fatalf("invalid XML not shown as received: %q", b)
	}
	m = newView(colour(), result(nil, api.JSON), 60, 8)
	if b := body(m); b[0] != "(empty body)" {
		t.Fatalf("empty body: %q", b)
	}
}

func TestXMLColouringAcrossLines(t *testing.T) {
	st := colour()
	x := "<a>\n<!-- first\nsecond line of the comment -->\n<b c=\"multi\nline\">text</b></a>"
	m := newView(st, result([]byte(x), api.XML), 60, 10)
	comment, attr := sgrOf(st.XMLComment).on, sgrOf(st.XMLAttrValue).on
	var second, fourth string
	for _, l := range lines(m) {
		switch {
		case strings.Contains(l, "second line"):
			second = l
		case strings.Contains(l, `line"`):
			fourth = l
		}
	}
	if !strings.HasPrefix(strings.TrimLeft(second, " "), comment) {
		t.Errorf("comment continuation not coloured as a comment: %q", second)
	}
	if !strings.Contains(fourth, attr+`line"`) {
		t.Errorf("attribute value continuation not coloured as one: %q", fourth)
	}
}

func TestSetStylesInvalidatesCache(t *testing.T) {
	m := newView(colour(), seedResult(t, api.JSON), 80, 13)
	if !strings.Contains(m.View(), "\x1b[") {
		t.Fatal("coloured view has no colour")
	}
	m.SetStyles(noColour())
	if strings.Contains(m.View(), "\x1b") {
		t.Fatal("view kept colours after SetStyles(NoColor)")
	}
}

func TestLargeBodyIsPlainAndSmall(t *testing.T) {
	m := newView(colour(), result(bigJSON(colourLimit+1), api.JSON), 80, 10)
	header, _, body, _ := m.layout()
	for _, l := range lines(m)[header+1 : header+1+body] {
		if strings.Contains(l, "\x1b") {
			t.Fatalf("body over 1 MiB is coloured: %q", l)
		}
	}
	assertBox(t, m, 80, 10)
	for _, h := range []int{1, 2, 3, 4} {
		m.SetSize(30, h)
		assertBox(t, m, 30, h)
	}
}

func TestHugeSingleLine(t *testing.T) {
	huge := bytes.Repeat([]byte("abcdefgh"), (10<<20)/8)
	m := newView(colour(), result(huge, api.JSON), 100, 20)
	assertBox(t, m, 100, 20)
	m = send(m, "right", "right", "G")
	if got, want := body(m)[0], "←"+strings.Repeat("abcdefgh", 15)[17:17+98]+"→"; got != want {
		t.Fatalf("huge line: %q", got)
	}
	if got := footer(m); !strings.Contains(got, "line 1/1 · col 17") {
		t.Fatalf("huge line footer: %q", got)
	}
}

// bigJSON is a compact JSON body of at least n bytes: a lead with very many
// UTM tags.
func bigJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"contactId":"ADR3ADC7B7B0A9447CA97FCAB43E36B582C","state":"New","message":"Hej","utmTags":[`)
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":"utm_source_%d","value":"nätverk %d","weight":%d.5,"on":true}`, i, i, i)
	}
	b.WriteString(`],"isAnonymized":false}`)
	return b.Bytes()
}

func BenchmarkViewTypical(b *testing.B) {
	m := newView(colour(), seedResult(b, api.JSON), 100, 30)
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = m.View()
		}
	})
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m.view.invalidate()
			_ = m.View()
		}
	})
}

func BenchmarkView10MiB(b *testing.B) {
	m := newView(colour(), result(bigJSON(10<<20), api.JSON), 100, 30)
	m.view.setTop(m.view.doc().lineCount() / 2)
	b.Run("middle", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = m.View()
		}
	})
	b.Run("scrolling", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m = send(m, "pgdown") // every frame shows lines not seen before
			_ = m.View()
		}
	})
	b.Run("search_highlight", func(b *testing.B) {
		m = send(m, "/")
		m = typeText(m, "utm")
		m = send(m, "enter")
		b.ReportAllocs()
		for b.Loop() {
			m = send(m, "n")
			_ = m.View()
		}
	})
}

func BenchmarkViewHugeLine(b *testing.B) {
	m := newView(colour(), result(bytes.Repeat([]byte("abcdefgh"), (10<<20)/8), api.JSON), 100, 30)
	b.ReportAllocs()
	for b.Loop() {
		m = send(m, "right")
		_ = m.View()
	}
}

func BenchmarkSetResult10MiB(b *testing.B) {
	for _, f := range []api.Format{api.JSON, api.XML} {
		b.Run(string(f), func(b *testing.B) {
			body := bigJSON(10 << 20)
			if f == api.XML {
				body = bigXML(10 << 20)
			}
			r := result(body, f)
			m := New(colour(), nil)
			m.SetSize(100, 30)
			b.ReportAllocs()
			for b.Loop() {
				m.SetResult(r)
			}
		})
	}
}

func BenchmarkPrivacy10MiB(b *testing.B) {
	m := newView(colour(), result(bigJSON(10<<20), api.JSON), 100, 30)
	b.ReportAllocs()
	for b.Loop() {
		m = setPrivacy(m, true)
		m = setPrivacy(m, false)
	}
}

func BenchmarkSearch10MiB(b *testing.B) {
	m := newView(colour(), result(bigJSON(10<<20), api.JSON), 100, 30)
	for _, q := range []string{"utm_source_77777", "e"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = m.search.start(q, m.view.doc(), 0, false)()
			}
		})
	}
}

func bigXML(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<IncomingLead xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><UtmTags xmlns:d2p1="urn:x">`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<d2p1:FormMarketingUtmTags><d2p1:Name>utm_%d</d2p1:Name><d2p1:Value>v%d</d2p1:Value></d2p1:FormMarketingUtmTags>`, i, i)
	}
	b.WriteString(`</UtmTags></IncomingLead>`)
	return b.Bytes()
}

func TestPrivacyToggleRedoesSearch(t *testing.T) {
	m := newView(noColour(), result([]byte(privateJSON), api.JSON), 60, 8)
	m = send(m, "/")
	m = typeText(m, "secret")
	m = send(m, "enter")
	if got := footer(m); !strings.HasPrefix(got, "match 1/") {
		t.Fatalf("no match before privacy: %q", got)
	}
	m = setPrivacy(m, true)
	if got := footer(m); !strings.HasPrefix(got, `no match for "secret"`) {
		t.Fatalf("masked values still match: %q", got)
	}
	m = setPrivacy(m, false)
	if got := footer(m); !strings.HasPrefix(got, "match ") {
		t.Fatalf("matches not back after privacy off: %q", got)
	}
}

func TestSetResultResetsScrollAndSearch(t *testing.T) {
	m := newView(noColour(), seedResult(t, api.JSON), 80, 13)
	m = send(m, "G", "/")
	m = typeText(m, "sample")
	m = send(m, "enter", "right")
	m.SetResult(seedResult(t, api.XML))
	if got := footer(m); strings.Contains(got, "match") || !strings.HasSuffix(got, "0% · line 1/40") {
		t.Fatalf("after SetResult: %q", got)
	}
	if m.Format() != api.XML || !bytes.Equal(m.Body(), readSeed(t, "seed.xml")) || m.Result() == nil {
		t.Fatal("accessors do not describe the new result")
	}
	m = send(m, "/")
	m.SetResult(nil)
	if m.Searching() || !strings.Contains(m.View(), "No lead looked up yet") {
		t.Fatal("SetResult(nil) did not return to the empty state")
	}
}

// FuzzView holds any body to the pane's promises: exactly h lines of exactly
// w cells, and (with NoColor styles) not one escape byte from the body.
func FuzzView(f *testing.F) {
	f.Add([]byte(privateJSON), false, 3)
	f.Add([]byte(privateXML), true, 0)
	f.Add([]byte("{\"a\":\"\x1b]52;c;eA==\x07\u202e漢字\t👍🏽\"}"), false, 5)
	f.Add([]byte("<a><!-- x\n y --><b c='1\n2'>\x9b\xff</b></a>"), true, 9)
	f.Fuzz(func(t *testing.T, body []byte, xml bool, x int) {
		format := api.JSON
		if xml {
			format = api.XML
		}
		for _, st := range []*styles.Styles{noColour(), colour()} {
			m := newView(st, result(body, format), 23, 7)
			m = setPrivacy(m, x%2 == 0)
			if r, _ := utf8.DecodeRune(body); x%3 == 0 && r != utf8.RuneError {
				m = send(m, "/")
				m = typeText(m, string(r))
				m = send(m, "enter", "n")
			}
			m = send(m, "G")
			for range x % 8 {
				m = send(m, "right")
			}
			l := lines(m)
			if len(l) != 7 {
				t.Fatalf("%d lines", len(l))
			}
			for i, s := range l {
				if w := lipgloss.Width(s); w != 23 {
					t.Fatalf("line %d is %d cells: %q", i, w, s)
				}
				if st.NoColor && m.search.query == "" && strings.ContainsRune(s, 0x1b) {
					t.Fatalf("escape byte in line %d: %q", i, s)
				}
			}
		}
	})
}

func TestTextIsWhatThePaneShows(t *testing.T) {
	m := New(noColour(), nil)
	if m.Text() != "" || m.Private() {
		t.Fatalf("empty pane: Text %q, Private %v", m.Text(), m.Private())
	}
	m = newView(noColour(), result([]byte(privateJSON), api.JSON), 60, 8)
	plain := m.Text()
	if !strings.Contains(plain, "secret") || !strings.Contains(plain, "\n  ") {
		t.Fatalf("Text is not the pretty body:\n%s", plain)
	}
	m = setPrivacy(m, true)
	masked := m.Text()
	if !m.Private() || strings.Contains(strings.ToLower(masked), "secret") || !strings.Contains(masked, "••••") {
		t.Fatalf("Text in privacy mode:\n%s", masked)
	}
	m = newView(noColour(), result([]byte("{\"message\":\"a\x1b]52;c;eA==\x07b\"}"), api.JSON), 60, 8)
	if strings.ContainsAny(m.Text(), "\x1b\x07") {
		t.Errorf("Text holds control characters: %q", m.Text())
	}
}

// A search runs in a command; its answer is dropped once the search was
// replaced (here by a new body), and shows "searching…" until it comes.
func TestStaleSearchAnswerDropped(t *testing.T) {
	m := newView(noColour(), result([]byte(privateJSON), api.JSON), 60, 8)
	m = send(m, "/")
	m = typeText(m, "secret")
	m, cmd := m.Update(press("enter"))
	if cmd == nil {
		t.Fatal("enter gave no search command")
	}
	if got := footer(m); !strings.HasPrefix(got, `searching for "secret"`) {
		t.Fatalf("footer while the search runs: %q", got)
	}
	answer := cmd()
	m.SetResult(result([]byte(`{"other":"secret secret"}`), api.JSON))
	m, _ = m.Update(answer)
	if got := footer(m); strings.Contains(got, "match") {
		t.Fatalf("a search of the previous body shows on the new one: %q", got)
	}
	m, _ = m.Update(press("n"))
	if m.search.cur != -1 || len(m.search.matches) != 0 {
		t.Fatalf("stale matches kept: cur %d, %d matches", m.search.cur, len(m.search.matches))
	}
}

// TestWrapShowsLongLinesWhole: W wraps long lines onto rows under their
// indent, the whole text readable without sideways scrolling; W again cuts
// them. The footer says which key does what.
func TestWrapShowsLongLinesWhole(t *testing.T) {
	msg := strings.Repeat("Hej! Jag är intresserad av lägenheten. ", 6)
	raw := []byte(`{"state":"New","message":"` + msg + `","utmTags":[]}`)
	for _, st := range []*styles.Styles{colour(), noColour()} {
		m := newView(st, result(raw, api.JSON), 40, 16)
		if f := footer(m); !strings.Contains(f, "W wraps") {
			t.Errorf("cut lines: the footer should offer W: %q", f)
		}
		m = send(m, "W")
		if !m.Wrapped() {
			t.Fatal("W did not wrap")
		}
		assertBox(t, m, 40, 16)
		rows := body(m)
		var msgRows []string
		for i, r := range rows {
			if strings.HasPrefix(r, `  "message"`) {
				msgRows = rows[i:]
				break
			}
		}
		if len(msgRows) < 3 {
			t.Fatalf("the message did not wrap:\n%s", strings.Join(rows, "\n"))
		}
		var joined strings.Builder
		for i, r := range msgRows {
			if strings.HasPrefix(r, `  "utmTags"`) {
				break
			}
			if i > 0 && !strings.HasPrefix(r, "  ") {
				t.Errorf("continuation row %d lost the line's indent: %q", i, r)
			}
			joined.WriteString(strings.TrimPrefix(r, "  "))
		}
		if nospace := func(s string) string { return strings.ReplaceAll(s, " ", "") }; !strings.Contains(nospace(joined.String()), nospace(msg)) {
			t.Errorf("wrapped rows do not hold the whole message:\n%s", strings.Join(msgRows, "\n"))
		}
		if f := footer(m); !strings.Contains(f, "W unwraps") {
			t.Errorf("wrapped: the footer should say W unwraps: %q", f)
		}
		if k := m.KeyMap().Wrap.Help().Desc; k != "unwrap lines" {
			t.Errorf("W's help while wrapped = %q", k)
		}
		m = send(m, "right") // no sideways scroll while wrapped
		if strings.Contains(strings.Join(body(m), "\n"), "←") {
			t.Error("wrapped view scrolled sideways")
		}
		m = send(m, "W")
		if m.Wrapped() || !strings.Contains(footer(m), "W wraps") {
			t.Errorf("W again should cut the lines: %q", footer(m))
		}
	}
}

// TestWrapScrollsByRows: down and up move one row, within a long line too,
// and come back to the same screen.
func TestWrapScrollsByRows(t *testing.T) {
	huge := bytes.Repeat([]byte("abcdefgh"), 4000)
	m := newView(noColour(), result(huge, api.JSON), 40, 12)
	m = send(m, "W")
	first := body(m)
	m = send(m, "down")
	if got := body(m); got[0] != first[1] {
		t.Fatalf("down moved to %q, want the second row %q", got[0], first[1])
	}
	m = send(m, "pgdown", "pgdown", "pgup", "pgup", "up")
	if got := body(m); !slices.Equal(got, first) {
		t.Fatalf("down and up again did not come back:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(first, "\n"))
	}
	m = send(m, "G")
	if got := body(m); !strings.HasSuffix(got[len(got)-1], "abcdefgh") && !strings.Contains(strings.Join(got, ""), "abcdefgh") {
		t.Fatalf("G: %q", got)
	}
	assertBox(t, m, 40, 12)
}

// BenchmarkWrapKeys16MiB is W and a page down on a 16 MiB body that is one
// line: wrapping costs the rows on screen, not the body.
func BenchmarkWrapKeys16MiB(b *testing.B) {
	huge := bytes.Repeat([]byte("abcdefgh"), (16<<20)/8)
	m := newView(colour(), result(huge, api.JSON), 100, 40)
	for b.Loop() {
		w := send(m, "W", "pgdown", "pgdown", "up")
		_ = w.View()
	}
}

// The header never shows the content type without a charset other than
// UTF-8: a UTF-16 body is news, kept when the type is shortened.
func TestHeaderKeepsAUTF16Charset(t *testing.T) {
	r := seedResult(t, api.XML)
	r.ContentType = `application/xml; charset="UTF-16"; profile=x`
	for w := 40; w <= 160; w++ {
		for _, h := range []int{6, 10, 20} {
			m := newView(noColour(), r, w, h)
			got := strings.Join(lines(m)[:3], "\n")
			if strings.Contains(got, "200 OK · application/xml") && !strings.Contains(got, "charset=utf-16") &&
				!strings.Contains(got, `charset="UTF-16"`) {
				t.Fatalf("%d×%d header:\n%s", w, h, got)
			}
		}
	}
}

// A new body shows from its first row even when the last one was wrapped
// and scrolled into the middle of a long line.
func TestNewBodyStartsAtItsFirstRow(t *testing.T) {
	m := newView(noColour(), result(bytes.Repeat([]byte("abcdefgh"), 400), api.JSON), 40, 12)
	m = send(m, "W", "pgdown")
	m.SetResult(result([]byte(`{"a":1}`), api.JSON))
	if got := body(m); got[0] != "{" {
		t.Fatalf("the new body starts at %q", got[0])
	}
	assertBox(t, m, 40, 12)
}
