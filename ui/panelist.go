package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"leadinspector/ui/styles"
)

// pane is the contract every pane keeps (T is the pane's own type: panes
// are values, and every call that changes one returns the new one).
//
//   - Update takes a message the root routed to it: key presses only while
//     it has the focus, the mouse wheel when the pointer is over it, the
//     answers of its own commands and any message ownerOf gives it. Besides the
//     new pane and a command it returns an intent (intents.go): what it
//     wants the root to do, nil for nothing. A pane acts on its own keys;
//     the root never reads them.
//   - View is its content, inside the box the root draws: exactly the size
//     SetSize gave, each line exactly as wide. It only reads what Update,
//     SetSize and setStyles rendered.
//   - Focus and Blur say whether it has the keyboard.
//   - setStyles hands it the styles (they change with the terminal's
//     background).
//   - takesText is true while it takes every key as text (a field, a
//     search, a filter): letters are not commands then.
//   - keyMap is its key map for the help line and the ? overlay: key.Bindings
//     enabled by its own state, so that only keys that do something now
//     are shown (and match).
//
// The calls are value calls on purpose: the root reaches every pane through
// one generic function (paneCall), and a pointer passed through a generic
// call would move the whole Model to the heap on every Update and View.
type pane[T any] interface {
	Update(tea.Msg) (T, tea.Cmd, intent)
	View() []string
	SetSize(w, h int) T
	Focus() T
	Blur() T
	setStyles(*styles.Styles) T
	takesText() bool
	keyMap() helpKeys
}

// mainPane is a pane that has the main area (the detail/raw area) while it
// is shown, as the batch table and a card do: it titles its own box.
type mainPane[T any] interface {
	pane[T]
	title() string
	info() string
}

// call is the one list of panes: the pane of each focusID and where it
// goes in the frame. A new pane is one case here (mainCall for one that
// has the main area while shown); every call the root makes of a pane
// (route, help keys, focus, sizes, styles, text, the main area's box)
// comes through it.
func (m *panes) call(id focusID, op *paneOp, msg tea.Msg) {
	switch id {
	case focusInput:
		paneCall(&m.input, frame.input, op, msg)
	case focusDetail:
		paneCall(&m.detail, frame.detail, op, msg)
	case focusRaw:
		paneCall(&m.raw, frame.raw, op, msg)
	case focusHistory:
		paneCall(&m.hist, frame.history, op, msg)
	case focusBatch:
		mainCall(&m.batch, op, msg)
	case focusCard:
		mainCall(&m.card, op, msg)
	case focusQueue:
		mainCall(&m.queue, op, msg)
	default:
		panic(fmt.Sprintf("ui: no pane for focus %d in panes.call", id))
	}
}

// paneOp is one call of a pane through panes.call: what is asked and its
// answer (opUpdate's message goes beside it: kept apart from the answers,
// it does not escape with them).
type paneOp struct {
	kind  opKind
	fr    frame          // opSetSize
	st    *styles.Styles // opSetStyles
	cmd   tea.Cmd        // opUpdate's answers
	want  intent
	lines []string // opView
	keys  helpKeys // opKeyMap
	yes   bool     // opTakesText; opMain: it has the main area when shown
	title string   // opBox
	info  string
}

type opKind int

const (
	opUpdate opKind = iota
	opView
	opKeyMap
	opTakesText
	opFocus
	opBlur
	opSetSize
	opSetStyles
	opMain
	opBox
)

// Where a pane goes in a frame, border included (paneCall's at).
func (f frame) input() rect   { return f.Input }
func (f frame) detail() rect  { return f.Detail }
func (f frame) raw() rect     { return f.Raw }
func (f frame) history() rect { return f.History }
func (f frame) main() rect    { return f.Main }

// paneCall makes one call of the pane at p, which goes where at says.
func paneCall[T pane[T]](p *T, at func(frame) rect, op *paneOp, msg tea.Msg) {
	switch op.kind {
	case opUpdate:
		*p, op.cmd, op.want = (*p).Update(msg)
	case opView:
		op.lines = (*p).View()
	case opKeyMap:
		op.keys = (*p).keyMap()
	case opTakesText:
		op.yes = (*p).takesText()
	case opFocus:
		*p = (*p).Focus()
	case opBlur:
		*p = (*p).Blur()
	case opSetSize:
		r := at(op.fr)
		*p = (*p).SetSize(r.W-2, r.H-2)
	case opSetStyles:
		*p = (*p).setStyles(op.st)
	}
}

// mainCall is paneCall for a pane that has the main area while shown.
func mainCall[T mainPane[T]](p *T, op *paneOp, msg tea.Msg) {
	switch op.kind {
	case opMain:
		op.yes = true
	case opBox:
		op.title, op.info = (*p).title(), (*p).info()
	default:
		paneCall(p, frame.main, op, msg)
	}
}
