// Package input is a one-line text field for the inspector: the Customer ID
// and Lead ID fields, the history filter and the raw pane's search. It edits
// runes, scrolls horizontally to keep the cursor visible, and keeps control
// and format characters (bidi overrides among them) out of its value, so
// whatever is typed or pasted is safe to draw. Like a browser's address bar, its whole
// value can be selected (SelectAll): typing or pasting then replaces it, a
// deleting key clears it, and a movement key just drops the selection.
//
// (bubbles' textinput would do, but it reads the system clipboard through a
// module this project does not carry; the terminal's own paste arrives as a
// tea.PasteMsg anyway.)
package input

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Styles draw a field.
type Styles struct {
	Text, Placeholder lipgloss.Style
	// Cursor draws the cell under the cursor of a focused field.
	Cursor lipgloss.Style
	// Selected draws the value of a focused field while it is selected.
	Selected lipgloss.Style
}

// DefaultStyles are plain text with a reverse-video cursor and selection.
func DefaultStyles() Styles {
	return Styles{Cursor: lipgloss.NewStyle().Reverse(true), Selected: lipgloss.NewStyle().Reverse(true)}
}

// Model is one field. The zero value is usable (no limit, no width: View
// shows the whole value).
type Model struct {
	Placeholder string
	// CharLimit caps the value in runes; 0 means no cap.
	CharLimit int
	Styles    Styles
	// KeyMap replaces DefaultKeyMap when set.
	KeyMap *KeyMap

	value    []rune
	pos      int
	focus    bool
	width    int
	selected bool // the whole value; the cursor is at its end
}

// New returns an empty field with the default styles.
func New() Model { return Model{Styles: DefaultStyles()} }

// Value is the field's text.
func (m Model) Value() string { return string(m.value) }

// SetValue replaces the text, unselected, and puts the cursor at its end.
// It reports whether the text had to be cut to CharLimit.
func (m *Model) SetValue(s string) (cut bool) {
	m.value, m.pos, m.selected = nil, 0, false
	return m.Insert(s)
}

// SelectAll selects the whole value (nothing, when it is empty) and puts the
// cursor at its end: what is typed or pasted next replaces it.
func (m *Model) SelectAll() {
	m.selected = len(m.value) > 0
	m.pos = len(m.value)
}

// Selected reports whether the whole value is selected.
func (m Model) Selected() bool { return m.selected && len(m.value) > 0 }

// Insert puts text at the cursor, as typing or pasting does: newlines and
// tabs become spaces, other control and format characters are dropped. Over
// a selection it replaces the value (unless nothing is left to insert). It
// reports whether the text had to be cut to CharLimit.
func (m *Model) Insert(s string) (cut bool) {
	add := clean(s)
	if m.selected && len(add) > 0 {
		m.value, m.pos = nil, 0
	}
	if len(add) > 0 {
		m.selected = false
	}
	if m.CharLimit > 0 {
		room := max(m.CharLimit-len(m.value), 0)
		if len(add) > room {
			add, cut = add[:room], true
		}
	}
	if len(add) == 0 {
		return cut
	}
	v := make([]rune, 0, len(m.value)+len(add))
	v = append(v, m.value[:m.pos]...)
	v = append(v, add...)
	v = append(v, m.value[m.pos:]...)
	m.value, m.pos = v, m.pos+len(add)
	return cut
}

func clean(s string) []rune {
	out := make([]rune, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			out = append(out, ' ')
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r),
			r == '\u2028' || r == '\u2029':
		default:
			out = append(out, r)
		}
	}
	return out
}

// Focus makes the field take keys and show its cursor.
func (m *Model) Focus() { m.focus = true }

// Blur stops the field taking keys and drops the selection.
func (m *Model) Blur() { m.focus, m.selected = false, false }

// Focused reports whether the field takes keys.
func (m Model) Focused() bool { return m.focus }

// SetWidth sets how many cells View draws; 0 draws the whole value.
func (m *Model) SetWidth(w int) { m.width = max(w, 0) }

// Width is the width View draws.
func (m Model) Width() int { return m.width }

// CursorEnd moves the cursor after the last rune, dropping the selection.
func (m *Model) CursorEnd() { m.pos, m.selected = len(m.value), false }

// Position is the cursor's rune index.
func (m Model) Position() int { return m.pos }

// Update edits the value of a focused field.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.focus {
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		m.Insert(msg.Content)
	case tea.KeyPressMsg:
		m.key(msg)
	}
	return m, nil
}

// KeyMap is a field's editing keys, as shells and browsers have them;
// every other key with text types it.
type KeyMap struct {
	Left, Right, Home, End     key.Binding
	WordLeft, WordRight        key.Binding
	DeleteBack, DeleteForward  key.Binding
	DeleteWordBack             key.Binding
	DeleteWordForward          key.Binding
	DeleteToStart, DeleteToEnd key.Binding
}

// DefaultKeyMap is the editing keys of a field.
func DefaultKeyMap() KeyMap {
	k := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...)) }
	return KeyMap{
		Left: k("left", "ctrl+b"), Right: k("right", "ctrl+f"), Home: k("home", "ctrl+a"), End: k("end", "ctrl+e"),
		WordLeft:   k("alt+left", "ctrl+left", "alt+b"),
		WordRight:  k("alt+right", "ctrl+right", "alt+f"),
		DeleteBack: k("backspace", "ctrl+h"), DeleteForward: k("delete", "ctrl+d"),
		DeleteWordBack:    k("ctrl+w", "alt+backspace", "ctrl+backspace"),
		DeleteWordForward: k("alt+d", "alt+delete", "ctrl+delete"),
		DeleteToStart:     k("ctrl+u"), DeleteToEnd: k("ctrl+k"),
	}
}

func (m *Model) key(msg tea.KeyPressMsg) {
	k := m.keys()
	if m.Selected() {
		switch {
		case key.Matches(msg, k.DeleteBack, k.DeleteForward, k.DeleteWordBack, k.DeleteWordForward,
			k.DeleteToStart, k.DeleteToEnd):
			m.value, m.pos, m.selected = nil, 0, false
			return
		case key.Matches(msg, k.Left, k.Right, k.Home, k.End, k.WordLeft, k.WordRight):
			m.selected = false // and move from the end, below
		}
	}
	switch {
	case key.Matches(msg, k.Left):
		m.pos = max(m.pos-1, 0)
	case key.Matches(msg, k.Right):
		m.pos = min(m.pos+1, len(m.value))
	case key.Matches(msg, k.Home):
		m.pos = 0
	case key.Matches(msg, k.End):
		m.pos = len(m.value)
	case key.Matches(msg, k.WordLeft):
		m.pos = m.wordStart()
	case key.Matches(msg, k.WordRight):
		m.pos = m.wordEnd()
	case key.Matches(msg, k.DeleteBack):
		if m.pos > 0 {
			m.cut(m.pos-1, m.pos)
		}
	case key.Matches(msg, k.DeleteForward):
		if m.pos < len(m.value) {
			m.cut(m.pos, m.pos+1)
		}
	case key.Matches(msg, k.DeleteWordBack):
		m.cut(m.wordStart(), m.pos)
	case key.Matches(msg, k.DeleteWordForward):
		m.cut(m.pos, m.wordEnd())
	case key.Matches(msg, k.DeleteToStart):
		m.cut(0, m.pos)
	case key.Matches(msg, k.DeleteToEnd):
		m.cut(m.pos, len(m.value))
	default:
		if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
			m.Insert(msg.Text)
		}
	}
}

// keys is the field's key map: KeyMap if set, else the default.
func (m Model) keys() KeyMap {
	if m.KeyMap != nil {
		return *m.KeyMap
	}
	return DefaultKeyMap()
}

// cut removes value[from:to] and leaves the cursor at from.
func (m *Model) cut(from, to int) {
	if from >= to {
		return
	}
	m.value = append(m.value[:from:from], m.value[to:]...)
	m.pos = from
}

func isWord(r rune) bool { return !unicode.IsSpace(r) && !unicode.IsPunct(r) }

func (m Model) wordStart() int {
	i := m.pos
	for i > 0 && !isWord(m.value[i-1]) {
		i--
	}
	for i > 0 && isWord(m.value[i-1]) {
		i--
	}
	return i
}

func (m Model) wordEnd() int {
	i := m.pos
	for i < len(m.value) && !isWord(m.value[i]) {
		i++
	}
	for i < len(m.value) && isWord(m.value[i]) {
		i++
	}
	return i
}

// View draws the field in exactly Width cells (when a width is set),
// scrolled so that the cursor is visible.
func (m Model) View() string {
	if len(m.value) == 0 && m.Placeholder != "" {
		return m.placeholderView()
	}
	v, pos := m.value, m.pos
	w := m.width
	if w > 0 {
		from, to := m.window()
		v, pos = v[from:to], pos-from
	}
	var b strings.Builder
	if m.focus && m.Selected() {
		// The cursor is at the end: all that shows of the value is
		// selected, with the cell the cursor would take left blank.
		b.WriteString(m.Styles.Selected.Render(string(v[:pos])))
		if used := runesWidth(v[:pos]); w > used {
			b.WriteString(strings.Repeat(" ", w-used))
		}
		return b.String()
	}
	b.WriteString(m.Styles.Text.Render(string(v[:pos])))
	used := runesWidth(v[:pos])
	after := v[pos:]
	if m.focus {
		under := " "
		if len(after) > 0 {
			under, after = string(after[0]), after[1:]
		}
		b.WriteString(m.Styles.Cursor.Render(under))
		used += ansi.StringWidth(under)
	}
	if w > 0 {
		// Cut what follows the cursor to the width (a wide rune at the edge
		// is dropped rather than split).
		for len(after) > 0 && used+runesWidth(after) > w {
			after = after[:len(after)-1]
		}
	}
	b.WriteString(m.Styles.Text.Render(string(after)))
	used += runesWidth(after)
	if w > used {
		b.WriteString(strings.Repeat(" ", w-used))
	}
	return b.String()
}

// window is the range of runes shown: the cursor (and the cell after the
// text, where the cursor sits at the end) always inside.
func (m Model) window() (from, to int) {
	w := m.width
	// Start from the cursor and take runes to the left while they fit,
	// keeping one cell for the cursor itself.
	from = m.pos
	used := 1
	if m.pos < len(m.value) {
		used = ansi.StringWidth(string(m.value[m.pos]))
	}
	for from > 0 {
		rw := ansi.StringWidth(string(m.value[from-1]))
		if used+rw > w {
			break
		}
		used += rw
		from--
	}
	// Then take runes from there to the right while they fit; those up to
	// the cursor always do.
	used = 0
	to = from
	for to < len(m.value) {
		rw := ansi.StringWidth(string(m.value[to]))
		if used+rw > w && to >= m.pos {
			break
		}
		used += rw
		to++
	}
	return from, to
}

func (m Model) placeholderView() string {
	ph := []rune(m.Placeholder)
	var b strings.Builder
	used := 0
	if m.focus {
		b.WriteString(m.Styles.Cursor.Render(string(ph[0])))
		used = ansi.StringWidth(string(ph[0]))
		ph = ph[1:]
	}
	rest := string(ph)
	if m.width > 0 {
		rest = ansi.Truncate(rest, max(m.width-used, 0), "…")
	}
	b.WriteString(m.Styles.Placeholder.Render(rest))
	used += ansi.StringWidth(rest)
	if m.width > used {
		b.WriteString(strings.Repeat(" ", m.width-used))
	}
	return b.String()
}

func runesWidth(r []rune) int { return ansi.StringWidth(string(r)) }
