package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// In a field, t and C are text even with a batch row opened: the table's
// copy keys act only while the table has the focus.
func TestOpenedRowFieldTakesTAndC(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = update(t, m, tea.PasteMsg{Content: "LED1 LEDOFF"})
	m = keys(t, m, "enter", "i", "ctrl+u", "LEDCtCt")
	if _, l := m.panes.input.ids(); l != "LEDCtCt" {
		t.Errorf("typed LEDCtCt into Lead ID, field holds %q (status %q)", l, m.status.notice)
	}
}

// A lookup of another lead ends the opened-row mode: the table closes, the
// help line no longer offers the way back, and esc does not bring it back.
func TestLookupOfAnotherLeadEndsTheOpenedRow(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, m Model) Model
	}{
		{"typed", func(t *testing.T, m Model) Model { return lookUp(t, m, "LEDSTATE") }},
		{"typed, not found", func(t *testing.T, m Model) Model { return lookUp(t, m, "LEDMISSING") }},
		{"r of another", func(t *testing.T, m Model) Model {
			m = keys(t, m, "esc", "down", "down", "enter") // LEDMISSING failed: r would look it up
			if m.req.last.lead != "LEDMISSING" || m.panes.detail.leadID != "LED1" {
				t.Fatalf("enter on the failed row: r looks up %q, detail shows %q", m.req.last.lead, m.panes.detail.leadID)
			}
			return keys(t, focusPane(m, focusDetail), "r")
		}},
		{"from history", func(t *testing.T, m Model) Model {
			m = focusPane(m, focusHistory)
			for i := 0; i < 5 && m.panes.hist.shown[m.panes.hist.sel].LeadID != "LEDSTATE"; i++ {
				m = keys(t, m, "down")
			}
			return keys(t, m, "enter")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, fc := newTest(t, 120, 40)
			mixedFake(fc)
			m = lookUp(t, m, "LEDSTATE")
			m = update(t, m, tea.PasteMsg{Content: "LED1 LEDOFF LEDMISSING"})
			m = keys(t, m, "enter")
			if h := ansiStrip(m.help.line); !strings.Contains(h, "back to the table") {
				t.Fatalf("opened row's help line: %q", h)
			}
			m = tc.do(t, m)
			if m.panes.batch.has() || m.panes.main == focusBatch {
				t.Errorf("the table is still there after a lookup of another lead")
			}
			if h := ansiStrip(m.help.line); strings.Contains(h, "back to the table") {
				t.Errorf("help line still offers the table: %q", h)
			}
			if m.panes.focus == focusInput {
				m = keys(t, m, "esc")
			}
			m = keys(t, m, "esc")
			if m.panes.main == focusBatch || m.panes.focus == focusBatch || strings.Contains(screen(m), "Batch ·") {
				t.Errorf("esc brought the old batch back:\n%s", screen(m))
			}
		})
	}
}

// A paste of several ids of which one cannot be an id names that one and
// why, as `get … -` does, and sends nothing; the field keeps what it had.
func TestPasteOfIDsNamesTheOneRefused(t *testing.T) {
	long := "LED" + strings.Repeat("x", 43) // 46 characters
	for _, tc := range []struct{ paste, want string }{
		{"LED1 " + long, `line 1: "` + long[:40] + `…" is longer than the API's 40 characters`},
		{"LED1\nM30011/LED\x1b[31m", `line 2: "M30011/LED␛[31m" holds a control character`},
	} {
		m, fc := newTest(t, 120, 40)
		_, before := m.panes.input.ids()
		m = update(t, m, tea.PasteMsg{Content: tc.paste})
		if got := m.status.text; !strings.Contains(got, "nothing was sent: "+tc.want) || m.status.kind != statusErr {
			t.Errorf("paste %q: status %q, want it to name %q", tc.paste, got, tc.want)
		}
		if _, l := m.panes.input.ids(); l != before {
			t.Errorf("paste %q: Lead ID now %q, was %q", tc.paste, l, before)
		}
		if n := len(fc.callList()); n != 0 || m.panes.batch.has() {
			t.Errorf("paste %q: %d requests, batch %v", tc.paste, n, m.panes.batch.has())
		}
		if s := screen(m); !strings.Contains(s, "nothing was sent") || strings.Contains(s, "\x1b[31m") {
			t.Errorf("paste %q: screen:\n%s", tc.paste, s)
		}
	}
	// Prose and a single token stay the field's text.
	for _, p := range []string{"Hi, the lead is LED123, thanks", long} {
		m, _ := newTest(t, 120, 40)
		m = update(t, m, tea.PasteMsg{Content: p})
		if _, l := m.panes.input.ids(); !strings.Contains(l, strings.Fields(p)[0]) || m.status.kind == statusErr {
			t.Errorf("paste %q: field %q, status %q", p, l, m.status.text)
		}
	}
}

// The ? overlay scrolls when it does not fit: at 80×20 with a lead's cards
// the border says which rows show, and the keys that scroll a pane bring
// the cards into view. It lists W, and i and q outside the field group
// where tab and ctrl+c work.
func TestOverlayScrollsToTheCards(t *testing.T) {
	m := namedDemoLookup(t, 80, 20)
	m = keys(t, m, "?")
	s := screen(m)
	for _, want := range []string{"↑/↓ 1–", "W    raw: wrap", "Outside a field", "q  quit"} {
		if !strings.Contains(s, want) {
			t.Errorf("80×20 overlay lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "K  contact") {
		t.Fatalf("80×20 overlay fits whole; the test needs a smaller one:\n%s", s)
	}
	m = keys(t, m, "G")
	s = screen(m)
	for _, want := range []string{"Cards of the lead", "a  agent", "K  contact", "? or esc closes"} {
		if !strings.Contains(s, want) {
			t.Errorf("overlay scrolled to the end lacks %q:\n%s", want, s)
		}
	}
	// q still quits and esc closes; ? opens again at the top.
	m = keys(t, m, "esc", "?")
	if s := screen(m); !strings.Contains(s, "Anywhere") || !m.help.show {
		t.Errorf("? again does not start at the top:\n%s", s)
	}
	// Anywhere holds no letter: letters are text in a field.
	titles, groups := overlayGroups(m.env.Lang, false, false, false)
	for _, b := range groups[0] {
		for _, k := range b.Keys() {
			if len([]rune(k)) == 1 {
				t.Errorf("%q lists %q, text in a field", titles[0], k)
			}
		}
	}
}

// Several ids typed into Lead ID, one of them bad: enter names that one
// too, not the whole field as one id too long.
func TestTypedIDsNameTheOneRefused(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	long := "LED" + strings.Repeat("y", 43)
	m = lookUp(t, m, "LED1 "+long+" "+long)
	want := `ids refused, nothing was sent: line 1: "` + long[:40] + `…" is longer than the API's 40 characters; and 1 more`
	if m.status.text != want || len(fc.callList()) != 0 || m.panes.focus != focusInput {
		t.Errorf("status %q (want %q), %d requests, focus %v", m.status.text, want, len(fc.callList()), m.panes.focus)
	}
}
