package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"leadinspector/ui/rawview"
)

// pane is the contract every pane keeps (T is the pane's own type: panes
// are values, and Update returns the new one).
//
//   - Update takes a message the root routed to it: key presses only while
//     it has the focus, the mouse wheel when the pointer is over it, and
//     the answers of its own commands. Besides the new pane and a command
//     it returns an intent (intents.go): what it wants the root to do, nil
//     for nothing. A pane acts on its own keys; the root never reads them.
//   - View is its content, inside the box the root draws: exactly the size
//     SetSize gave, each line exactly as wide. It only reads what Update
//     and SetSize rendered.
//   - Focus and Blur say whether it has the keyboard.
//   - keyMap is its key map for the help line and the ? overlay: key.Bindings
//     enabled by its own state, so that only keys that do something now
//     are shown (and match).
type pane[T any] interface {
	Update(tea.Msg) (T, tea.Cmd, intent)
	View() []string
	SetSize(w, h int)
	Focus()
	Blur()
	keyMap() helpKeys
}

// Every pane keeps the contract.
var (
	_ pane[inputPane]   = (*inputPane)(nil)
	_ pane[detailPane]  = (*detailPane)(nil)
	_ pane[rawPane]     = (*rawPane)(nil)
	_ pane[historyPane] = (*historyPane)(nil)
	_ pane[batchTable]  = (*batchTable)(nil)
)

// rawPane is the raw view (package rawview, which knows nothing of the
// inspector) as one of the inspector's panes.
type rawPane struct{ rawview.Model }

func (p rawPane) Update(msg tea.Msg) (rawPane, tea.Cmd, intent) {
	var cmd tea.Cmd
	p.Model, cmd = p.Model.Update(msg)
	return p, cmd, nil
}

func (p rawPane) View() []string { return splitLines(p.Model.View()) }

// keyMap is the raw view's live keys: the search keys in the find slot, esc
// (leave or clear the search) where esc goes, and the scroll keys.
func (p rawPane) keyMap() helpKeys {
	var h helpKeys
	k := p.KeyMap()
	if p.Searching() {
		h.add(slotLeave, k.Cancel)
		return h
	}
	h.add(slotScroll, newScrollKeys(p.Lang()).Help)
	if p.Result() == nil {
		return h
	}
	h.add(slotFind, k.Search)
	h.add(slotScroll, k.Wrap) // late: the footer offers it too
	live := p.ShortHelp()
	has := func(name string) bool {
		for _, b := range live {
			if b.Help().Key == name {
				return true
			}
		}
		return false
	}
	if has(k.Next.Help().Key) {
		h.add(slotFind, k.Next, k.Prev)
	}
	if has(k.ClearSearch.Help().Key) {
		h.add(slotLeave, k.ClearSearch)
	}
	return h
}

func splitLines(s string) []string { return strings.Split(s, "\n") }
