package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// leadField is the Lead ID field of the inspector.
func leadField(m Model) (value string, selected bool) {
	f := m.panes.input.fields[fieldLead]
	return f.Value(), f.Selected()
}

// afterLookup is the inspector after LED1 was looked up: the detail pane
// has the keys.
func afterLookup(t *testing.T, w, h int) (Model, *fakeClient) {
	t.Helper()
	m, fc := newTest(t, w, h)
	m = lookUp(t, m, "LED1")
	if m.panes.focus != focusDetail {
		t.Fatalf("focus %v after a lookup", m.panes.focus)
	}
	return m, fc
}

func TestIToLeadIDSelectsAndTypingReplaces(t *testing.T) {
	m, _ := afterLookup(t, 120, 40)
	m = keys(t, m, "i")
	if v, sel := leadField(m); m.panes.focus != focusInput || v != "LED1" || !sel {
		t.Fatalf("after i: focus %v, value %q, selected %v", m.panes.focus, v, sel)
	}
	// Shown selected (reverse video in monochrome).
	if v := m.View().Content; !strings.Contains(v, "\x1b[7mLED1") {
		t.Errorf("selected value not highlighted:\n%q", strings.Split(v, "\n")[1])
	}
	m = keys(t, m, "LEDOFF")
	if v, sel := leadField(m); v != "LEDOFF" || sel {
		t.Fatalf("typing over the selection: value %q, selected %v", v, sel)
	}
	m = keys(t, m, "enter")
	if m.panes.detail.leadID != "LEDOFF" {
		t.Errorf("looked up %q, want LEDOFF", m.panes.detail.leadID)
	}
}

func TestTabAndClickIntoLeadIDSelect(t *testing.T) {
	m, _ := afterLookup(t, 120, 40)
	// Back from the detail pane to the Lead ID field.
	m = keys(t, m, "shift+tab")
	if v, sel := leadField(m); m.panes.focus != focusInput || m.panes.input.active != fieldLead || !sel || v != "LED1" {
		t.Fatalf("shift+tab: focus %v field %d, %q selected %v", m.panes.focus, m.panes.input.active, v, sel)
	}
	// Customer ID selects its value too: a stray key replaces it, and
	// never appends to it (M30011LED…).
	m = keys(t, m, "shift+tab")
	if _, sel := leadField(m); sel || m.panes.input.active != fieldCustomer || !m.panes.input.fields[fieldCustomer].Selected() {
		t.Fatalf("on Customer ID: lead selected %v, customer selected %v", sel, m.panes.input.fields[fieldCustomer].Selected())
	}
	m = keys(t, m, "tab")
	if _, sel := leadField(m); !sel {
		t.Fatal("tab into Lead ID did not select it")
	}
	// ↑ selects Customer ID, ↓ the Lead ID field again.
	m = keys(t, m, "up")
	if _, sel := leadField(m); sel || !m.panes.input.fields[fieldCustomer].Selected() {
		t.Fatal("↑ did not move the selection to Customer ID")
	}
	m = keys(t, m, "down")
	if _, sel := leadField(m); !sel {
		t.Fatal("↓ into Lead ID did not select it")
	}
	// A click on the field from another pane selects it; a click on it
	// while typing there does not select again.
	m = keys(t, m, "esc")
	f := m.fr
	click := tea.MouseClickMsg{X: f.Input.X + 40, Y: f.Input.Y + 1, Button: tea.MouseLeft}
	m = update(t, m, click)
	if _, sel := leadField(m); m.panes.focus != focusInput || !sel {
		t.Fatalf("click: focus %v, selected %v", m.panes.focus, sel)
	}
	m = keys(t, m, "left")
	m = update(t, m, click)
	if _, sel := leadField(m); sel {
		t.Error("a second click selected the field again")
	}
}

func TestSelectedLeadIDEditing(t *testing.T) {
	for _, tc := range []struct {
		name     string
		keys     []string
		want     string
		selected bool
	}{
		{"backspace clears", []string{"backspace"}, "", false},
		{"ctrl+u clears", []string{"ctrl+u"}, "", false},
		{"left drops the selection and moves", []string{"left", "X"}, "LEDX1", false},
		{"other keys keep it", []string{"tab", "shift+tab"}, "LED1", true},
	} {
		m, _ := afterLookup(t, 120, 40)
		m = keys(t, m, "i")
		m = keys(t, m, tc.keys...)
		if v, sel := leadField(m); v != tc.want || sel != tc.selected {
			t.Errorf("%s: value %q selected %v, want %q %v", tc.name, v, sel, tc.want, tc.selected)
		}
	}
}

func TestPasteOverSelectedLeadID(t *testing.T) {
	// CUSTOMER/LEAD fills both fields, as without a selection.
	m, _ := afterLookup(t, 120, 40)
	m = keys(t, m, "i")
	m = update(t, m, tea.PasteMsg{Content: "M30012/LED49296B2254ED6E99D332564B0D935DC9"})
	c, l := m.panes.input.ids()
	if _, sel := leadField(m); c != "M30012" || l != "LED49296B2254ED6E99D332564B0D935DC9" || sel {
		t.Fatalf("CUSTOMER/LEAD paste: %q %q selected %v", c, l, sel)
	}
	// A lead id alone replaces the selected one.
	m = keys(t, m, "tab", "tab", "tab", "tab", "tab") // detail, raw, history, Customer ID, Lead ID
	if m.panes.focus != focusInput || m.panes.input.active != fieldLead {
		t.Fatalf("tab round: focus %v field %d", m.panes.focus, m.panes.input.active)
	}
	m = update(t, m, tea.PasteMsg{Content: "LEDUTM"})
	if v, _ := leadField(m); v != "LEDUTM" {
		t.Fatalf("paste over the selection: %q", v)
	}
	// A paste of several ids still starts a batch.
	m = keys(t, m, "esc", "i")
	m = update(t, m, tea.PasteMsg{Content: "LED1\nLEDOFF\nLEDSTATE"})
	if !m.panes.batch.has() {
		t.Error("a paste of three ids over the selection did not start a batch")
	}
}

func TestInputHelpMentionsClear(t *testing.T) {
	m, _ := afterLookup(t, 120, 40)
	m = keys(t, m, "i")
	if !strings.Contains(m.help.line, "ctrl+u clear") {
		t.Errorf("help line at 120 columns: %q", m.help.line)
	}
	// Where it does not fit whole it is left out, and pushes nothing out.
	m, _ = afterLookup(t, 80, 24)
	m = keys(t, m, "i")
	if got := strings.TrimRight(ansiStrip(m.help.line), " "); strings.Contains(got, "ctrl+u") || !strings.HasSuffix(got, "ctrl+c quit") {
		t.Errorf("help line at 80 columns: %q", got)
	}
}
