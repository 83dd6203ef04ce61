package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
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

func (p rawPane) setStyles(st *styles.Styles) rawPane {
	p.SetStyles(st)
	return p
}

func (p rawPane) SetSize(w, h int) rawPane {
	p.Model.SetSize(w, h)
	return p
}

func (p rawPane) Focus() rawPane {
	p.Model.Focus()
	return p
}

func (p rawPane) Blur() rawPane {
	p.Model.Blur()
	return p
}

// takesText is true while a search is typed.
func (p rawPane) takesText() bool { return p.Searching() }

// keyMap is the raw view's live keys: the search keys in the find slot, esc
// (leave or clear the search) where esc goes, and the scroll keys.
func (p rawPane) keyMap() helpKeys {
	var h helpKeys
	k := p.KeyMap()
	if p.Searching() {
		h.add(slotLeave, k.Cancel)
		return h
	}
	h.add(slotScroll, scrollHelp(p.Lang()))
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
