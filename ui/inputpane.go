package ui

import (
	"leadinspector/api/base/i18n"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/ui/cellfit"
	"leadinspector/ui/input"
	"leadinspector/ui/styles"
)

// The two fields of the input pane.
const (
	fieldCustomer = iota
	fieldLead
)

const customerWidth = 12

// inputPane holds the Customer ID and Lead ID fields on one line.
type inputPane struct {
	w      int          // content width
	fields [2]input.Ref // by pointer: see input.Ref
	active int
	st     *styles.Styles
	keys   inputKeys
	line   string // rendered by render, each time the pane changes
	// labels are the fields' labels in the user's language, with the
	// spaces that part them.
	labels [2]string
}

// inputKeys are the input pane's keys; every other key is text for the
// focused field.
type inputKeys struct {
	LookUp key.Binding // enter: lookUpMsg
	Leave  key.Binding // esc: to the lead on screen (leaveInputMsg)
	Up     key.Binding // to the Customer ID field
	Down   key.Binding // to the Lead ID field
	Field  key.Binding // help only: ↑/↓ for Up and Down
	Clear  key.Binding // help only: the field clears itself on ctrl+u
}

func newInputKeys(l *i18n.Localizer) inputKeys {
	return inputKeys{
		LookUp: bind("enter", l.T("ui.input.key.look_up"), "enter"),
		Leave:  bind("esc", l.T("ui.input.key.leave"), "esc"),
		Up:     bind("↑", l.T("ui.input.customer"), "up"),
		Down:   bind("↓", l.T("ui.input.lead"), "down"),
		Field:  helpOnly("↑/↓", l.T("ui.input.key.switch"), "up", "down"),
		Clear:  helpOnly("ctrl+u", l.T("ui.input.key.clear"), "ctrl+u"),
	}
}

// keyMap is the input's keys for the help line (the pane has the focus
// whenever it is asked).
func (p inputPane) keyMap() helpKeys {
	var h helpKeys
	h.add(slotAct, p.keys.LookUp)
	h.add(slotLeave, p.keys.Leave)
	h.add(slotField, p.keys.Field)
	h.add(slotClear, p.keys.Clear)
	return h
}

func newInputPane(customer, lead string, st *styles.Styles, l *i18n.Localizer) inputPane {
	p := inputPane{labels: [2]string{l.T("ui.input.customer") + " ", "   " + l.T("ui.input.lead") + " "}}
	var fs [2]input.Model
	for i, ph := range [2]string{"M…", l.T("ui.input.placeholder")} {
		fs[i] = input.New()
		fs[i].CharLimit, fs[i].Placeholder, fs[i].Styles = fieldLimit, ph, fieldStyles(st)
	}
	fs[fieldCustomer].SetValue(customer)
	if lead != "" {
		fs[fieldLead].SetValue(lead)
		fs[fieldLead].SelectAll()
	}
	p.fields = [2]input.Ref{input.NewRef(fs[0]), input.NewRef(fs[1])}
	p.active = fieldLead
	p.keys = newInputKeys(l)
	p.st = st
	return p
}

func fieldStyles(st *styles.Styles) input.Styles {
	s := input.DefaultStyles()
	s.Text, s.Placeholder, s.Selected = st.Text, st.Subtle, st.Selected
	return s
}

func (p inputPane) setStyles(st *styles.Styles) inputPane {
	if st == p.st {
		return p
	}
	p.st = st
	s := fieldStyles(st)
	for i := range p.fields {
		p.fields[i].Edit(func(f *input.Model) { f.Styles = s })
	}
	return p
}

// SetSize sets the content width; the pane is one line high.
func (p inputPane) SetSize(w, _ int) inputPane {
	p.w = w
	cw := customerWidth
	lw := w - ansi.StringWidth(p.labels[fieldCustomer]) - cw - ansi.StringWidth(p.labels[fieldLead])
	for i, fw := range [2]int{cw, max(lw, 4)} {
		if p.fields[i].Width() != fw {
			p.fields[i].Edit(func(f *input.Model) { f.SetWidth(fw) })
		}
	}
	return p
}

// takesText is true: the input's keys are text for its fields.
func (p inputPane) takesText() bool { return true }

// focus gives the keyboard to one field.
func (p *inputPane) focus(field int) {
	p.active = field
	p.blur(1 - field)
	if !p.fields[field].Focused() {
		p.fields[field].Edit((*input.Model).Focus)
	}
}

// blur takes the keyboard from a field (a new copy only when it had it).
func (p *inputPane) blur(field int) {
	if p.fields[field].Focused() || p.fields[field].Selected() {
		p.fields[field].Edit((*input.Model).Blur)
	}
}

// enter gives the keyboard to a field the user moves to from elsewhere (i,
// tab, a click, ↑/↓). The field then selects its value, as a browser's
// address bar does: a new id typed or pasted replaces the old one, and no
// stray key appends to it.
func (p *inputPane) enter(field int) {
	p.focus(field)
	p.fields[field].Edit((*input.Model).SelectAll)
}

// Focus gives the keyboard to the field last used.
func (p inputPane) Focus() inputPane {
	p.focus(p.active)
	return p
}

// Blur takes the keyboard from both fields.
func (p inputPane) Blur() inputPane {
	for i := range p.fields {
		p.blur(i)
	}
	return p
}

func (p inputPane) focused() bool {
	return p.fields[fieldCustomer].Focused() || p.fields[fieldLead].Focused()
}

// ids are the trimmed field values.
func (p inputPane) ids() (customer, lead string) {
	return strings.TrimSpace(p.fields[fieldCustomer].Value()), strings.TrimSpace(p.fields[fieldLead].Value())
}

// key is the lead the input names: its ids, or the CUSTOMER/LEAD typed
// into the Lead ID field, as enter would look it up.
func (p inputPane) key() lookupKey {
	c, l := p.ids()
	if pc, pl, ok := splitPaste(l); ok {
		return lookupKey{pc, pl}
	}
	return lookupKey{c, l}
}

func (p *inputPane) setIDs(customer, lead string) {
	for i, v := range [2]string{customer, lead} {
		p.fields[i].Edit(func(f *input.Model) { f.SetValue(v); f.CursorEnd() })
	}
}

// Update edits the focused field; up and down move between the fields;
// enter asks for a lookup and esc for the lead on screen (intents.go).
func (p inputPane) Update(msg tea.Msg) (inputPane, tea.Cmd, intent) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, p.keys.LookUp):
			c, l := p.ids()
			return p, nil, lookUpMsg{c, l}
		case key.Matches(k, p.keys.Leave):
			return p, nil, leaveInputMsg{}
		case !p.focused():
		case key.Matches(k, p.keys.Up):
			if p.active != fieldCustomer {
				p.enter(fieldCustomer)
			}
			return p, nil, nil
		case key.Matches(k, p.keys.Down):
			if p.active != fieldLead {
				p.enter(fieldLead)
			}
			return p, nil, nil
		}
	}
	if p.fields[p.active].Focused() {
		p.fields[p.active].Update(msg) // a field's Update has no command
	}
	return p, nil, nil
}

// insert types text into the focused field, as a paste does; cut reports
// that it did not all fit.
func (p *inputPane) insert(s string) (cut bool) {
	p.fields[p.active].Edit(func(f *input.Model) { cut = f.Insert(s) })
	return cut
}

// View is the pane's one content line, as render left it.
func (p inputPane) View() []string { return []string{p.line} }

// render renders the pane's one content line, exactly w cells wide.
func (p *inputPane) render() {
	label := func(s string, field int) string {
		if p.fields[field].Focused() {
			return p.st.Accent.Bold(true).Render(s)
		}
		return p.st.Label.Render(s)
	}
	p.line = cellfit.Fit(label(p.labels[fieldCustomer], fieldCustomer)+p.fields[fieldCustomer].View()+
		label(p.labels[fieldLead], fieldLead)+p.fields[fieldLead].View(), p.w)

}

// fieldAt says which field a click at column x (inside the border) is on.
func (p inputPane) fieldAt(x int) int {
	if x < ansi.StringWidth(p.labels[fieldCustomer])+customerWidth {
		return fieldCustomer
	}
	return fieldLead
}
