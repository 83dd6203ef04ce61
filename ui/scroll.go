package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// wheelStep is how many lines one mouse wheel notch scrolls.
const wheelStep = 3

// moveFor says how far a key of k moves a cursor or a scroll position in
// a pane page lines high: ±1, ±page, ±half a page, or to an end (±total).
// ok is false for keys that do not move.
func (k scrollKeys) moveFor(msg tea.KeyPressMsg, page, total int) (delta int, ok bool) {
	page = max(page, 1)
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.HalfUp):
		return -max(page/2, 1), true
	case key.Matches(msg, k.HalfDown):
		return max(page/2, 1), true
	case key.Matches(msg, k.Top):
		return -total - 1, true
	case key.Matches(msg, k.Bottom):
		return total + 1, true
	}
	return 0, false
}

// wheelFor is moveFor for the mouse wheel.
func wheelFor(msg tea.MouseWheelMsg) (delta int, ok bool) {
	switch msg.Button {
	case tea.MouseWheelUp:
		return -wheelStep, true
	case tea.MouseWheelDown:
		return wheelStep, true
	}
	return 0, false
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// keyName is a key by its name, for matching a binding's keys against
// another binding.
type keyName string

func (k keyName) String() string { return string(k) }
