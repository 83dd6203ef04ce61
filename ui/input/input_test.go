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
		case "end":
			msg = tea.KeyPressMsg{Code: tea.KeyEnd}
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

func TestSelectAll(t *testing.T) {
	const old = "LED39BDD2493FF3126D1EA37873E40D7549"
	selected := func() Model {
		m := New()
		m.Focus()
		m.SetValue(old)
		m = press(m, "home") // the cursor anywhere: SelectAll puts it at the end
		m.SelectAll()
		if !m.Selected() || m.Position() != len(old) {
			t.Fatalf("after SelectAll: selected %v, pos %d", m.Selected(), m.Position())
		}
		return m
	}
	tests := []struct {
		name string
		do   func(Model) Model
		want string
		pos  int
	}{
		{"typing replaces", func(m Model) Model { return press(m, "LED63") }, "LED63", 5},
		{"a paste replaces", func(m Model) Model {
			m, _ = m.Update(tea.PasteMsg{Content: "LED6365\n"})
			return m
		}, "LED6365 ", 8},
		{"backspace clears", func(m Model) Model { return press(m, "backspace") }, "", 0},
		{"delete clears", func(m Model) Model { return press(m, "delete") }, "", 0},
		{"ctrl+w clears", func(m Model) Model { return press(m, "ctrl+w") }, "", 0},
		{"ctrl+u clears", func(m Model) Model { return press(m, "ctrl+u") }, "", 0},
		{"ctrl+k clears", func(m Model) Model { return press(m, "ctrl+k") }, "", 0},
		// Movement drops the selection and moves from the end.
		{"left moves", func(m Model) Model { return press(m, "left", "X") }, old[:len(old)-1] + "X" + old[len(old)-1:], len(old)},
		{"right stays at the end", func(m Model) Model { return press(m, "right", "X") }, old + "X", len(old) + 1},
		{"home goes to the start", func(m Model) Model { return press(m, "home", "X") }, "X" + old, 1},
		{"end stays at the end", func(m Model) Model { return press(m, "end", "X") }, old + "X", len(old) + 1},
		// Control characters alone insert nothing and keep the value.
		{"an empty paste keeps it", func(m Model) Model {
			m, _ = m.Update(tea.PasteMsg{Content: "\x1b\u202e"})
			return m
		}, old, len(old)},
	}
	for _, tt := range tests {
		m := tt.do(selected())
		if m.Value() != tt.want || m.Position() != tt.pos {
			t.Errorf("%s: value %q pos %d, want %q pos %d", tt.name, m.Value(), m.Position(), tt.want, tt.pos)
		}
		if tt.name != "an empty paste keeps it" && m.Selected() {
			t.Errorf("%s: still selected", tt.name)
		}
	}
	// Blur, SetValue and CursorEnd drop it; an empty field has none.
	for name, drop := range map[string]func(*Model){
		"Blur": (*Model).Blur, "CursorEnd": (*Model).CursorEnd,
		"SetValue": func(m *Model) { m.SetValue("LED1") },
	} {
		m := selected()
		drop(&m)
		if m.Selected() {
			t.Errorf("%s kept the selection", name)
		}
	}
	m := New()
	m.Focus()
	m.SelectAll()
	if m.Selected() {
		t.Error("an empty field is selected")
	}
	// The limit counts the replacement, not the old value too.
	m = selected()
	m.CharLimit = len(old)
	if cut := m.Insert(old); cut || m.Value() != old {
		t.Errorf("replacing at the limit: cut %v, value %q", cut, m.Value())
	}
}

func TestSelectedView(t *testing.T) {
	m := New()
	m.Styles.Selected = m.Styles.Selected.Underline(true) // tell it from the cursor
	m.Focus()
	m.SetWidth(12)
	m.SetValue("LED123")
	m.SelectAll()
	v := m.View()
	if want := m.Styles.Selected.Render("LED123") + "      "; v != want {
		t.Errorf("selected view\n got %q\nwant %q", v, want)
	}
	// A long value shows its end, all of it selected, in the width.
	m.SetValue("LED7216862FF0AD4AE38061A04A9AC4D60D")
	m.SelectAll()
	if got := ansi.Strip(m.View()); ansi.StringWidth(got) != 12 || !strings.HasSuffix(strings.TrimRight(got, " "), "4D60D") {
		t.Errorf("long selected view %q", got)
	}
	// Not focused: no highlight.
	m.SelectAll()
	m.focus = false
	if strings.Contains(m.View(), "\x1b[") {
		t.Errorf("blurred field drawn selected: %q", m.View())
	}
}
