package input

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "left":
			msg = tea.KeyPressMsg{Code: tea.KeyLeft}
		case "right":
			msg = tea.KeyPressMsg{Code: tea.KeyRight}
		case "home":
			msg = tea.KeyPressMsg{Code: tea.KeyHome}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "delete":
			msg = tea.KeyPressMsg{Code: tea.KeyDelete}
		case "ctrl+w":
			msg = tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl}
		case "ctrl+u":
			msg = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
		case "ctrl+k":
			msg = tea.KeyPressMsg{Code: 'k', Mod: tea.ModCtrl}
		default:
			for _, r := range k {
				m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		m, _ = m.Update(msg)
	}
	return m
}

func TestEditing(t *testing.T) {
	m := New()
	m.Focus()
	tests := []struct {
		keys []string
		want string
		pos  int
	}{
		{[]string{"LED123"}, "LED123", 6},
		{[]string{"LED123", "backspace"}, "LED12", 5},
		{[]string{"LED123", "left", "left", "X"}, "LED1X23", 5},
		{[]string{"LED123", "home", "delete"}, "ED123", 0},
		{[]string{"M1 LED123", "ctrl+w"}, "M1 ", 3},
		{[]string{"LED123", "left", "left", "ctrl+u"}, "23", 0},
		{[]string{"LED123", "left", "left", "ctrl+k"}, "LED1", 4},
		{[]string{"åäö", "left", "backspace"}, "åö", 1},
	}
	for _, tt := range tests {
		got := press(m, tt.keys...)
		if got.Value() != tt.want || got.Position() != tt.pos {
			t.Errorf("%q: value %q pos %d, want %q pos %d", tt.keys, got.Value(), got.Position(), tt.want, tt.pos)
		}
	}
}

func TestBlurredIgnoresKeys(t *testing.T) {
	m := press(New(), "abc")
	if m.Value() != "" {
		t.Fatalf("blurred field took keys: %q", m.Value())
	}
	m, _ = m.Update(tea.PasteMsg{Content: "x"})
	if m.Value() != "" {
		t.Fatalf("blurred field took a paste: %q", m.Value())
	}
}

func TestInsertCleansAndLimits(t *testing.T) {
	m := New()
	m.CharLimit = 10
	if cut := m.SetValue("a\tb\nc\x1b[31m\u202ed\x7f"); cut {
		t.Error("cut without reaching the limit")
	}
	if got := m.Value(); got != "a b c[31md" {
		t.Errorf("value %q", got)
	}
	if cut := m.Insert(strings.Repeat("x", 1<<20)); !cut {
		t.Error("a 1 MiB insert was not reported as cut")
	}
	if n := len([]rune(m.Value())); n != 10 {
		t.Errorf("value holds %d runes, want 10", n)
	}
}

func TestViewWidthAndScroll(t *testing.T) {
	m := New()
	m.Focus()
	m.SetWidth(8)
	m.SetValue("LED7216862FF0AD4AE38061A04A9AC4D60D")
	for i := 0; i <= 40; i++ {
		v := ansi.Strip(m.View())
		if w := ansi.StringWidth(v); w != 8 {
			t.Fatalf("pos %d: view %q is %d cells wide", m.Position(), v, w)
		}
		m = press(m, "left")
	}
	if got := ansi.Strip(m.View()); got != "LED72168" {
		t.Errorf("at home: %q", got)
	}
	m.CursorEnd()
	if got := ansi.Strip(m.View()); got != "C4D60D  " && got != "AC4D60D " {
		t.Errorf("at end: %q", got)
	}
	m.SetValue("åäö漢字")
	if w := ansi.StringWidth(ansi.Strip(m.View())); w != 8 {
		t.Errorf("wide runes: width %d", w)
	}
}

func TestPlaceholder(t *testing.T) {
	m := New()
	m.Placeholder = "lead id, or paste"
	m.SetWidth(10)
	if got := ansi.Strip(m.View()); got != "lead id, …" {
		t.Errorf("placeholder %q", got)
	}
	m.Focus()
	if got := ansi.Strip(m.View()); ansi.StringWidth(got) != 10 || !strings.HasPrefix(got, "lead") {
		t.Errorf("focused placeholder %q", got)
	}
}
