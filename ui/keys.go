package ui

import (
	"charm.land/bubbles/v2/key"
)

// keyMap is every key the inspector answers to, as in product.md's table.
// Bindings are enabled by state (see Model.syncKeys): a disabled binding
// neither matches nor shows in the help line, so the help line lists only the
// keys that do something in the focused pane.
type keyMap struct {
	ForceQuit key.Binding // ctrl+c
	Quit      key.Binding // q, when not typing
	Next      key.Binding // tab
	Prev      key.Binding // shift+tab
	FocusLead key.Binding // i
	LookUp    key.Binding // enter in the input
	Reopen    key.Binding // enter in the history
	Cancel    key.Binding // esc with a request in flight
	Leave     key.Binding // esc in the input, or to leave a search
	Rerun     key.Binding // r
	Flip      key.Binding // f
	Switch    key.Binding // v
	Search    key.Binding // / in the raw view
	NextMatch key.Binding // n
	PrevMatch key.Binding // N
	Filter    key.Binding // / in the history
	Delete    key.Binding // d in the history
	Copy      key.Binding // c
	Privacy   key.Binding // p
	Watch     key.Binding // w
	StopWatch key.Binding // esc while watching
	Ticket    key.Binding // t
	Curl      key.Binding // C
	Pager     key.Binding // o
	Editor    key.Binding // O
	OpenRow   key.Binding // enter in the batch table
	CopyTable key.Binding // c in the batch table
	Help      key.Binding // ?
	Scroll    key.Binding // help only: the panes scroll with these
	Field     key.Binding // help only: up/down between the two input fields
	Clear     key.Binding // help only: ctrl+u in a field (the field does it)
	PasteIDs  key.Binding // help only: pasting several ids opens the batch table
	RetryRow  key.Binding // help only: r in the batch table (Rerun does it)
	ScrollAll key.Binding // help only: the overlay's scroll line
	Sideways  key.Binding // help only: the raw pane scrolls sideways

	// typing is set while a field takes text: q does not quit then, so the
	// help line names ctrl+c instead.
	typing bool
}

func newKeyMap() keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return keyMap{
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Quit:      b([]string{"q"}, "q", "quit"),
		Next:      b([]string{"tab"}, "tab", "next pane"),
		Prev:      b([]string{"shift+tab"}, "shift+tab", "previous pane"),
		FocusLead: b([]string{"i"}, "i", "lead id"),
		LookUp:    b([]string{"enter"}, "enter", "look up"),
		Reopen:    b([]string{"enter"}, "enter", "look up again"),
		Cancel:    b([]string{"esc"}, "esc", "cancel request"),
		Leave:     b([]string{"esc"}, "esc", "leave input"),
		Rerun:     b([]string{"r"}, "r", "re-run"),
		Flip:      b([]string{"f"}, "f", "flip JSON/XML"),
		Switch:    b([]string{"v"}, "v", "detail/raw (narrow)"),
		Search:    b([]string{"/"}, "/", "search"),
		NextMatch: b([]string{"n"}, "n", "next match"),
		PrevMatch: b([]string{"N"}, "N", "previous match"),
		Filter:    b([]string{"/"}, "/", "filter"),
		Delete:    b([]string{"d"}, "d", "delete"),
		Copy:      b([]string{"c"}, "c", "copy body"),
		Privacy:   b([]string{"p"}, "p", "privacy"),
		Watch:     b([]string{"w"}, "w", "watch"),
		StopWatch: b([]string{"esc"}, "esc", "stop watching"),
		Ticket:    b([]string{"t"}, "t", "copy summary"),
		Curl:      b([]string{"C"}, "C", "copy curl"),
		Pager:     b([]string{"o"}, "o", "pager"),
		Editor:    b([]string{"O"}, "O", "editor"),
		OpenRow:   b([]string{"enter"}, "enter", "open"),
		CopyTable: b([]string{"c"}, "c", "copy table"),
		Help:      b([]string{"?"}, "?", "help"),
		Scroll:    b([]string{"up", "down", "pgup", "pgdown", "home", "end"}, "↑/↓", "scroll"),
		// Fuller words for the ? overlay, where there is room.
		ScrollAll: b([]string{"up", "down"}, "↑↓ pgup pgdn", "scroll"),
		Field:     b([]string{"up", "down"}, "↑/↓", "switch field"),
		Clear:     b([]string{"ctrl+u"}, "ctrl+u", "clear"),
		PasteIDs:  key.NewBinding(key.WithKeys(), key.WithHelp("paste", "several ids: batch")),
		Sideways:  key.NewBinding(key.WithKeys(), key.WithHelp("←/→", "raw: sideways")),
		RetryRow:  key.NewBinding(key.WithKeys(), key.WithHelp("r", "retry row")),
	}
}

// ShortHelp is the help line: the live keys, most useful first. esc that
// stops a watch is left to the ? overlay: w says it already.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{
		k.LookUp, k.OpenRow, k.Reopen, k.Cancel, k.Search, k.Filter, k.NextMatch, k.PrevMatch,
		k.Flip, k.Switch, k.Rerun, k.Watch, k.Ticket, k.CopyTable, k.Delete, k.Help, k.Quit,
		k.Copy, k.Curl, k.Pager, k.Editor, k.Privacy, k.Leave, k.Field, k.Next, k.forceQuitHelp(), k.Clear, k.Scroll, k.FocusLead,
	}
}

func (k keyMap) forceQuitHelp() key.Binding {
	if k.typing {
		return k.ForceQuit
	}
	return key.NewBinding(key.WithDisabled())
}

// FullHelp groups every key for the ? overlay.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.FocusLead, k.Rerun, k.Cancel, k.Privacy, k.Help, k.Quit, k.ForceQuit},
		{k.LookUp, k.Field, k.Clear, k.Leave, k.PasteIDs},
		{k.ScrollAll, k.Sideways, k.Flip, k.Switch, k.Search, k.NextMatch, k.PrevMatch, k.Copy},
		{k.Watch, k.StopWatch, k.Ticket, k.Curl, k.Pager, k.Editor},
		{k.OpenRow, k.RetryRow, k.CopyTable},
		{k.Reopen, k.Delete, k.Filter},
	}
}

// fullHelpTitles names the groups of FullHelp, in order.
func fullHelpTitles() []string {
	return []string{"Anywhere", "Input", "Detail and raw", "The lead on screen", "Batch table", "History"}
}
