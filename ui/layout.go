package ui

// rect is a region of the terminal in cells.
type rect struct{ X, Y, W, H int }

func (r rect) contains(x, y int) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Sizes the layout is built from.
const (
	// minWidth and minHeight are the smallest terminal the inspector draws;
	// below it says so instead.
	minWidth  = 60
	minHeight = 16
	// wideWidth is where detail and raw fit side by side.
	wideWidth = 120

	inputHeight = 3 // one line of fields in a border
	barsHeight  = 2 // status bar and help line
	// maxStatusRows is the most the status bar grows to, for a message
	// that does not fit on one line.
	maxStatusRows = 2
	// minHistoryRows is the fewest rows of content the history box has,
	// however few its entries: a box of one or two rows reads as a
	// status line, not a list. The box grows with its entries up to a
	// third of the terminal's height, so a short history leaves the rows
	// to the lead.
	minHistoryRows = 3
	// minHistory is the smallest history box: minHistoryRows in a border.
	minHistory = minHistoryRows + 2
	// foldHeight is the height below which the history folds to one row
	// (its newest entry) while it does not have the focus: at 80×24 the
	// lead's message wins over history rows. Focused, it has its size.
	foldHeight = 30
	// foldedHistory is the folded history box: one row in a border.
	foldedHistory = 1 + 2
)

// frame is where everything goes for one terminal size. Every pane rect
// includes its border.
type frame struct {
	W, H int // the terminal's size
	// TooSmall is set when the terminal is below minWidth×minHeight; then
	// nothing else is set.
	TooSmall bool
	// Wide is set when detail and raw are side by side; otherwise Detail and
	// Raw are the same slot and one of them is shown at a time.
	Wide   bool
	Input  rect
	Detail rect
	Raw    rect
	// Main covers detail and raw together (where the help overlay goes).
	Main    rect
	History rect
	Status  rect
	Help    rect
}

// layout places the panes for a w×h terminal: the input on top, detail and
// raw in the middle (side by side from wideWidth columns), the history below
// them, then the status bar (statusRows high, 1 or 2) and the help line.
//
// The history box is sized to its content: histRows rows (its entries and
// a filter line) in a border, at least minHistoryRows of them and at most
// a third of the height (a third is never below minHistory: minHeight/3).
// A second status row is taken from the history when it is at that cap, so
// that the lead stays as large as it was. Below foldHeight rows the history
// folds to one row unless histFocused.
func layout(w, h, statusRows, histRows int, histFocused bool) frame {
	if w < minWidth || h < minHeight {
		return frame{W: w, H: h, TooSmall: true}
	}
	statusRows = min(max(statusRows, 1), maxStatusRows)
	extra := statusRows - 1
	rest := h - inputHeight - barsHeight - extra
	histCap := max(h/3, minHistory)
	histH := min(max(histRows, minHistoryRows)+2, histCap)
	if h < foldHeight && !histFocused {
		histH = foldedHistory
	} else if extra > 0 && histH == histCap {
		// At the smallest heights the cap is minHistory: the history then
		// lends one of its rows for a moment, as the lead has none to spare.
		histH -= extra
	}
	mainH := rest - histH
	f := frame{
		W: w, H: h,
		Wide:    w >= wideWidth,
		Input:   rect{0, 0, w, inputHeight},
		Main:    rect{0, inputHeight, w, mainH},
		History: rect{0, inputHeight + mainH, w, histH},
		Status:  rect{0, h - 1 - statusRows, w, statusRows},
		Help:    rect{0, h - 1, w, 1},
	}
	if f.Wide {
		dw := w / 2
		f.Detail = rect{0, inputHeight, dw, mainH}
		f.Raw = rect{dw, inputHeight, w - dw, mainH}
	} else {
		f.Detail, f.Raw = f.Main, f.Main
	}
	return f
}

// paneAt says which pane is drawn at (x, y), and where it is; main is the
// pane that has the main area, 0 for the lead.
func (f frame) paneAt(x, y int, overlay bool, main focusID, raw bool) (focusID, rect, bool) {
	switch {
	case f.TooSmall || overlay:
		return 0, rect{}, false
	case f.Input.contains(x, y):
		return focusInput, f.Input, true
	case f.History.contains(x, y):
		return focusHistory, f.History, true
	case main != 0 && f.Main.contains(x, y):
		return main, f.Main, true
	case f.Wide && f.Raw.contains(x, y), !f.Wide && raw && f.Raw.contains(x, y):
		return focusRaw, f.Raw, true
	case f.Detail.contains(x, y):
		return focusDetail, f.Detail, true
	}
	return 0, rect{}, false
}

// tabStop is a place in the tab order.
type tabStop struct {
	f     focusID
	field int
}

// tabStops is the tab order: Customer ID, Lead ID, the batch table (while
// there is one), the queue (while it is shown), detail, raw, history.
func tabStops(batch, queue bool) []tabStop {
	stops := []tabStop{{focusInput, fieldCustomer}, {focusInput, fieldLead}}
	if batch {
		stops = append(stops, tabStop{focusBatch, 0})
	}
	if queue {
		stops = append(stops, tabStop{focusQueue, 0})
	}
	return append(stops, tabStop{focusDetail, 0}, tabStop{focusRaw, 0}, tabStop{focusHistory, 0})
}
