package ui

import tea "charm.land/bubbletea/v2"

// wheelStep is how many lines one mouse wheel notch scrolls.
const wheelStep = 3

// moveFor says how far a key moves a cursor or a scroll position in a pane
// page lines high: ±1, ±page, ±half a page, or to an end (±total). ok is
// false for keys that do not move. The keys avoid the inspector's own
// letters (f, d, v, …), so scrolling never shadows a command.
func moveFor(msg tea.KeyPressMsg, page, total int) (delta int, ok bool) {
	page = max(page, 1)
	switch msg.String() {
	case "up", "k":
		return -1, true
	case "down", "j":
		return 1, true
	case "pgup", "b":
		return -page, true
	case "pgdown", "space":
		return page, true
	case "ctrl+u":
		return -max(page/2, 1), true
	case "ctrl+d":
		return max(page/2, 1), true
	case "home", "g":
		return -total - 1, true
	case "end", "G":
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
