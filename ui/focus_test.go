package ui

import (
	"leadinspector/api/base/i18n"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
)

// The focus model: in a text field printable keys are text; everywhere
// else letters are commands; every outcome of a lookup leaves the focus
// where the keys the status bar names work.

func TestFirstFrameSelectsThePrefilledLeadID(t *testing.T) {
	m, _ := newTest(t, 120, 40, func(o *Options) { o.LeadID = "LED1" })
	if v, sel := leadField(m); m.panes.focus != focusInput || m.panes.input.active != fieldLead || v != "LED1" || !sel {
		t.Fatalf("first frame: focus %v field %d, %q selected %v", m.panes.focus, m.panes.input.active, v, sel)
	}
	// i there is text, and replaces the selected id like any other letter.
	m = keys(t, m, "i")
	if v, _ := leadField(m); v != "i" || m.panes.focus != focusInput {
		t.Fatalf("i on the first frame: %q, focus %v", v, m.panes.focus)
	}
	// In the field letters stay text: q, r, p, v, ? do nothing else.
	m = keys(t, m, "qrpv?")
	if v, _ := leadField(m); v != "iqrpv?" || m.panes.focus != focusInput || m.help.show || m.privacy {
		t.Errorf("letters in the field: %q, focus %v, help %v, privacy %v", v, m.panes.focus, m.help.show, m.privacy)
	}
}

func TestIOutsideTheInputFocusesAndSelectsLeadID(t *testing.T) {
	m, _ := afterLookup(t, 120, 40)
	for _, f := range []focusID{focusDetail, focusRaw, focusHistory} {
		m = focusPane(m, f)
		m = keys(t, m, "i")
		if v, sel := leadField(m); m.panes.focus != focusInput || m.panes.input.active != fieldLead || v != "LED1" || !sel {
			t.Errorf("i from %v: focus %v field %d, %q selected %v", f, m.panes.focus, m.panes.input.active, v, sel)
		}
		if !strings.Contains(m.help.line, "enter") || strings.Contains(ansiStrip(m.help.line), "i lead id") {
			t.Errorf("help line in the field still offers i: %q", ansiStrip(m.help.line))
		}
	}
}

func TestFailedLookupLeavesTheInputSoRRetries(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		m, fc := newTest(t, size[0], size[1])
		fc.errs["LEDSLOWPROXY"] = &api.ServerError{StatusError: api.StatusError{Status: 503}}
		m = lookUp(t, m, "LEDSLOWPROXY")
		if m.panes.focus == focusInput {
			t.Fatalf("%v: after a failed lookup the focus stayed in the input", size)
		}
		if !strings.Contains(m.status.text, "r retries") || !strings.Contains(ansiStrip(m.help.line), "r re-run") {
			t.Errorf("%v: status %q, help %q", size, m.status.text, ansiStrip(m.help.line))
		}
		delete(fc.errs, "LEDSLOWPROXY")
		fc.leads["LEDSLOWPROXY"] = typicalLead()
		calls := len(fc.callList())
		m = keys(t, m, "r")
		if _, l := m.panes.input.ids(); l != "LEDSLOWPROXY" || len(fc.callList()) != calls+1 || m.panes.detail.leadID != "LEDSLOWPROXY" {
			t.Errorf("%v: r after the error: field %q, %d calls (had %d), showing %q", size, l, len(fc.callList()), calls, m.panes.detail.leadID)
		}
	}
}

func TestLookupOutcomeDoesNotTakeTheFieldFromSomeoneTyping(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	fc.errs["LEDX"] = &api.NotFoundError{StatusError: api.StatusError{Status: 404}}
	for _, id := range []string{"LEDX", "LED1"} {
		m.panes.focusField(fieldLead)
		m.panes.input.setField(fieldLead, id)
		tm, cmd := m.Update(keyPress("enter"))
		m = tm.(Model)
		// The next id is typed before the answer comes.
		m = keys(t, m, "ctrl+u", "LEDq")
		m = drain(t, m, cmd)
		if m.panes.focus != focusInput {
			t.Errorf("%s answered while typing: focus moved to %v", id, m.panes.focus)
		}
		if _, l := m.panes.input.ids(); l != "LEDq" {
			t.Errorf("%s answered while typing: field %q", id, l)
		}
	}
}

func TestTabIntoEitherFieldSelectsIt(t *testing.T) {
	// The case: tab from the history lands on Customer ID, and a
	// typed id must not append to M30011.
	m, _ := afterLookup(t, 120, 40)
	m = focusPane(m, focusHistory)
	m = keys(t, m, "tab")
	if m.panes.focus != focusInput || m.panes.input.active != fieldCustomer || !m.panes.input.fields[fieldCustomer].Selected() {
		t.Fatalf("tab from history: focus %v field %d selected %v", m.panes.focus, m.panes.input.active, m.panes.input.fields[fieldCustomer].Selected())
	}
	m = keys(t, m, "M30012")
	if c, _ := m.panes.input.ids(); c != "M30012" {
		t.Errorf("typing on Customer ID after tab: %q", c)
	}
	m = keys(t, m, "tab")
	if v, sel := leadField(m); !sel || v != "LED1" {
		t.Errorf("tab into Lead ID: %q selected %v", v, sel)
	}
}

func TestPanesNameAPreviousLead(t *testing.T) {
	m, fc := afterLookup(t, 120, 40)
	if s := screen(m); strings.Contains(s, "previous lead") {
		t.Fatalf("the lead looked up is called previous:\n%s", s)
	}
	fc.errs["LEDGONE"] = &api.NotFoundError{StatusError: api.StatusError{Status: 404}}
	m = lookUp(t, m, "LEDGONE")
	s := screen(m)
	for _, w := range []string{"Detail · previous lead LED1", "Raw JSON · previous lead LED1", "/CRM/Lead/M30011/Incoming/LED1"} {
		if !strings.Contains(s, w) {
			t.Errorf("after a failed lookup the screen lacks %q:\n%s", w, s)
		}
	}
	// The raw header's 200 OK sits under a title naming that lead: never
	// beside the id that failed.
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "200 OK") && strings.Contains(line, "LEDGONE") {
			t.Errorf("200 OK beside the failed id: %q", line)
		}
	}
	// Another customer is named too; the same lead again is not previous.
	m = keys(t, m, "i")
	m.panes.input.setIDs("M30012", "LED1")
	_ = m.refresh()
	if s := screen(m); !strings.Contains(s, "previous lead M30011/LED1") {
		t.Errorf("another customer in the input:\n%s", s)
	}
	m.panes.input.setIDs("M30011", "LED1")
	_ = m.refresh()
	if s := screen(m); strings.Contains(s, "previous lead") {
		t.Errorf("the input names the lead on screen again:\n%s", s)
	}
	// Narrow: the one pane in the slot says it.
	m, fc = afterLookup(t, 80, 24)
	fc.errs["LEDGONE"] = &api.NotFoundError{StatusError: api.StatusError{Status: 404}}
	m = lookUp(t, m, "LEDGONE")
	if s := screen(m); !strings.Contains(s, "Detail · previous lead LED1") {
		t.Errorf("80×24 after a failed lookup:\n%s", s)
	}
}

// The ? overlay is built from the key maps, and shows every key whole at
// 80×24 and 120×40, the new ones among them.
func TestOverlayListsEveryKey(t *testing.T) {
	for _, tc := range []struct {
		w, h int
		long bool
	}{{80, 24, false}, {120, 40, true}} {
		m, _ := newTest(t, tc.w, tc.h)
		m = keys(t, m, "esc", "?")
		s := screen(m)
		titles, groups := overlayGroups(i18n.New(i18n.English), tc.long, false, false)
		for i, g := range groups {
			if !strings.Contains(s, titles[i]) {
				t.Errorf("%d×%d: overlay lacks %q", tc.w, tc.h, titles[i])
			}
			for _, b := range g {
				if h := b.Help(); !strings.Contains(s, h.Desc) {
					t.Errorf("%d×%d: overlay lacks %s %q:\n%s", tc.w, tc.h, h.Key, h.Desc, s)
				}
			}
		}
		for _, want := range []string{"sort", "undo", "close", "back to the"} {
			if !strings.Contains(s, want) {
				t.Errorf("%d×%d: overlay lacks %q", tc.w, tc.h, want)
			}
		}
	}
}

// The help line offers the keys that work where the focus is: esc back to
// the table on a row opened from it, esc closing the table, s sorting it.
func TestHelpLineOffersTheTableKeys(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = update(t, m, tea.PasteMsg{Content: "LED1 LEDOFF"})
	if h := ansiStrip(m.help.line); !strings.Contains(h, "esc close table") || !strings.Contains(h, "s sort: state") {
		t.Errorf("table help line: %q", h)
	}
	m = keys(t, m, "enter")
	if h := ansiStrip(m.help.line); !strings.Contains(h, "esc back to the table") {
		t.Errorf("opened row's help line: %q", h)
	}
}

// With a lead's cards the short overlay still fits 80×24 whole.
func TestOverlayWithCardsFits80x24(t *testing.T) {
	m := namedDemoLookup(t, 80, 24)
	m = keys(t, m, "?")
	s := screen(m)
	for _, want := range []string{"Cards of the lead", "a  agent", "K  contact", "u      undo delete", "esc    close table", "paste   several ids"} {
		if !strings.Contains(s, want) {
			t.Errorf("80×24 overlay with cards lacks %q:\n%s", want, s)
		}
	}
}
