package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"leadinspector/ui/styles"
)

// pane is the contract every pane keeps (T is the pane's own type: panes
// are values, and Update returns the new one).
//
//   - Update takes a message the root routed to it: key presses only while
//     it has the focus, the mouse wheel when the pointer is over it, the
//     answers of its own commands and any paneMsg naming it. Besides the
//     new pane and a command it returns an intent (intents.go): what it
//     wants the root to do, nil for nothing. A pane acts on its own keys;
//     the root never reads them.
//   - View is its content, inside the box the root draws: exactly the size
//     SetSize gave, each line exactly as wide. It only reads what Update
//     and SetSize rendered.
//   - Focus and Blur say whether it has the keyboard.
//   - keyMap is its key map for the help line and the ? overlay: key.Bindings
//     enabled by its own state, so that only keys that do something now
//     are shown (and match).
//
// A pane may also have setStyles(*styles.Styles) (the styles change with
// the terminal's background), takesText() bool (true while it takes every
// key as text: a field, a search, a filter), and, if it has the main area
// (the detail/raw area) while it is shown, title() and info() for its box.
type pane[T any] interface {
	Update(tea.Msg) (T, tea.Cmd, intent)
	View() []string
	SetSize(w, h int)
	Focus()
	Blur()
	keyMap() helpKeys
}

// paneList is every pane the root routes to, in one list. A new pane is
// its file (a type keeping the contract), its field in panes with its
// constructor in New, a focusID, and one entry here: what the root does
// with every pane (route, keys for the help, focus, size, styles, text,
// its box in the main area) reads this list.
var paneList = []paneEntry{
	entry(focusInput, func(m *panes) *inputPane { return &m.input }, frame.input),
	entry(focusDetail, func(m *panes) *detailPane { return &m.detail }, frame.detail),
	entry(focusRaw, func(m *panes) *rawPane { return &m.raw }, frame.raw),
	entry(focusHistory, func(m *panes) *historyPane { return &m.hist }, frame.history),
	entry(focusBatch, func(m *panes) *batchTable { return &m.batch }, frame.main).inMain(),
	entry(focusCard, func(m *panes) *cardPane { return &m.card }, frame.main).inMain(),
	entry(focusQueue, func(m *panes) *queuePane { return &m.queue }, frame.main).inMain(),
}

// paneEntry is one pane in paneList: the calls every pane answers, made
// uniform over the panes' own types.
type paneEntry struct {
	id focusID
	// main says the pane has the main area (the detail/raw area) while it
	// is shown: the batch table, a card.
	main      bool
	update    func(*panes, tea.Msg) (tea.Cmd, intent)
	view      func(*panes) []string
	keyMap    func(*panes) helpKeys
	focus     func(*panes, bool) // Focus (true) or Blur
	setSize   func(*panes, frame)
	setStyles func(*panes, *styles.Styles)
	takesText func(*panes) bool
	box       func(*panes) (title, info string) // main panes only
}

// Where a pane goes in a frame, border included (entry's at).
func (f frame) input() rect   { return f.Input }
func (f frame) detail() rect  { return f.Detail }
func (f frame) raw() rect     { return f.Raw }
func (f frame) history() rect { return f.History }
func (f frame) main() rect    { return f.Main }

// entry makes a pane's entry in paneList from where panes keeps it.
func entry[T any, P interface {
	*T
	pane[T]
}](id focusID, field func(*panes) *T, at func(frame) rect) paneEntry {
	e := paneEntry{
		id: id,
		update: func(m *panes, msg tea.Msg) (tea.Cmd, intent) {
			p := field(m)
			var cmd tea.Cmd
			var want intent
			*p, cmd, want = P(p).Update(msg)
			return cmd, want
		},
		view:   func(m *panes) []string { return P(field(m)).View() },
		keyMap: func(m *panes) helpKeys { return P(field(m)).keyMap() },
		focus: func(m *panes, on bool) {
			if on {
				P(field(m)).Focus()
			} else {
				P(field(m)).Blur()
			}
		},
		setSize: func(m *panes, f frame) {
			r := at(f)
			P(field(m)).SetSize(r.W-2, r.H-2)
		},
		setStyles: func(*panes, *styles.Styles) {},
		takesText: func(*panes) bool { return false },
	}
	if _, ok := any(P(nil)).(interface{ setStyles(*styles.Styles) }); ok {
		e.setStyles = func(m *panes, st *styles.Styles) {
			any(P(field(m))).(interface{ setStyles(*styles.Styles) }).setStyles(st)
		}
	}
	if _, ok := any(P(nil)).(interface{ takesText() bool }); ok {
		e.takesText = func(m *panes) bool { return any(P(field(m))).(interface{ takesText() bool }).takesText() }
	}
	if _, ok := any(P(nil)).(boxed); ok {
		e.box = func(m *panes) (string, string) {
			b := any(P(field(m))).(boxed)
			return b.title(), b.info()
		}
	}
	return e
}

// inMain says the pane has the main area (the detail/raw area) while it
// is shown, as the batch table and a card do; it must be boxed.
func (e paneEntry) inMain() paneEntry {
	if e.box == nil {
		panic(fmt.Sprintf("ui: pane %d has the main area but no title() and info()", e.id))
	}
	e.main = true
	return e
}

// boxed is a main pane's box: its title and its note.
type boxed interface {
	title() string
	info() string
}

// paneOf is a pane's entry in paneList.
func paneOf(id focusID) *paneEntry {
	for i := range paneList {
		if paneList[i].id == id {
			return &paneList[i]
		}
	}
	panic(fmt.Sprintf("ui: no pane in paneList for focus %d", id))
}
