package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
)

// helpBar is the help line and the ? overlay.
type helpBar struct {
	model help.Model
	st    *styles.Styles
	show  bool   // the overlay is open
	line  string // the help line, rendered by render
	// cards are the card keys of the lead on screen, for the overlay.
	cards []key.Binding
}

func newHelpBar() helpBar { return helpBar{model: help.New()} }

func (h *helpBar) setStyles(st *styles.Styles) {
	h.st = st
	h.model.Styles = help.Styles{
		Ellipsis: st.HelpSep, ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep,
	}
}

// render builds the help line from the global key map and the others (the
// lead's, the focused pane's), w cells wide. ctrl+u (clear the field)
// shows only where it fits whole: it must not push another key out.
func (h *helpBar) render(w int, global helpKeys, others ...helpKeys) {
	line := h.model.ShortHelpView(merge(global, others...))
	if ansi.StringWidth(line) > w {
		for i := range others {
			others[i][slotClear] = nil
		}
		line = h.model.ShortHelpView(merge(global, others...))
	}
	h.line = fit(line, max(w, 0))
}

// overlayGroups are every key, grouped and titled for the ? overlay: with
// the longer words when long, else the help line's.
func overlayGroups(long bool) (titles []string, groups [][]key.Binding) {
	g, l, in, r, b, hi := newGlobalKeys(), newLeadKeys(), newInputKeys(), rawview.DefaultKeyMap(), newBatchKeys(), newHistoryKeys()
	scrollAll, sideways := newScrollKeys().Help, helpOnly("←/→", "raw: sideways")
	matches := helpOnly(r.Next.Help().Key+"/"+r.Prev.Help().Key, "next/prev match")
	if long {
		g.Quit.SetHelp("q", "quit")
		g.FocusLead.SetHelp("i", "go to Lead ID (selected: type a new one)")
		in.Clear.SetHelp("ctrl+u", "clear the field")
		g.Rerun.SetHelp("r", "look the lead up again")
		l.Copy.SetHelp("c", "copy raw body (OSC 52; masked in privacy)")
		g.Privacy.SetHelp("p", "privacy mode: hide personal data")
		l.Watch.SetHelp("w", "watch: re-fetch, mark changes")
		l.Ticket.SetHelp("t", "copy summary for the ticket")
		l.Curl.SetHelp("C", "copy curl command (no password)")
		l.Pager.SetHelp("o", "open in $PAGER (as shown; masked in privacy)")
		l.Editor.SetHelp("O", "open in $EDITOR (as received; masked in privacy)")
		b.OpenRow.SetHelp("enter", "open the row's lead")
		b.CopyTable.SetHelp("c", "copy the table (TSV)")
		b.RetryRow.SetHelp("r", "look the row up again")
		b.Sort.SetHelp("s", "sort: state, age, holder, input order")
		b.Close.SetHelp("esc", "close the table (the lead comes back)")
		l.Back.SetHelp("esc", "back to the batch table (a row opened)")
		hi.Undo.SetHelp("u", "undo the last delete (until a lookup)")
		g.Cancel.SetHelp("esc", "cancel request, batch, watch")
		g.Switch.SetHelp("v", "detail ⇄ raw (narrow)")
		sideways.SetHelp("←→ h l", "raw: scroll sideways (→ marks a cut line)")
		g.Help.SetHelp("?", "this help")
		scrollAll.SetHelp("↑↓ pgup pgdn", "scroll")
		matches.SetHelp(matches.Help().Key, "next / previous match")
	}
	// The focus model: tab, esc and ctrl+c act everywhere; in a field
	// letters are text, elsewhere they are commands. The short words put
	// both under "Anywhere", a row less, as 80×24 needs.
	hist := []key.Binding{hi.Reopen, hi.Delete, hi.Undo, hi.Filter}
	if long {
		// The short words leave esc out: it shows in the help line while
		// there is a filter to clear.
		hist = append(hist, hi.ClearFilter)
	}
	titles = []string{"Anywhere", "Outside a field", "Input: letters are text", "Detail and raw", "The lead on screen", "Batch table", "History"}
	groups = [][]key.Binding{
		{g.Next, g.Prev, g.Cancel, g.ForceQuit},
		{g.FocusLead, g.Rerun, g.Privacy, g.Help, g.Quit},
		{in.LookUp, in.Field, in.Clear, in.Leave, g.PasteIDs},
		{scrollAll, sideways, l.Flip, g.Switch, r.Search, matches, l.Copy, l.Back},
		{l.Watch, l.StopWatch, l.Ticket, l.Curl, l.Pager, l.Editor},
		{b.OpenRow, b.RetryRow, b.Sort, b.CopyTable, b.Close},
		hist,
	}
	if !long {
		titles = slices.Delete(titles, 1, 2)
		groups[0] = append(groups[0], groups[1]...)
		groups = slices.Delete(groups, 1, 2)
	}
	return titles, groups
}

// overlay draws every key, grouped, in a w×h box appended to lines.
func (h helpBar) overlay(lines []string, box boxStyle, w, h2 int) []string {
	inner, rows := w-2, h2-2
	// The longer words when they fit, else the help line's, spread over
	// columns so that as few rows as possible are needed; then without the
	// blank line between groups (their bold titles still part them). When
	// nothing fits, the shortest arrangement that fits across, cut at the
	// bottom.
	var cols [][]string
	try := []struct{ long, blank bool }{{true, true}, {false, true}, {false, false}}
	for _, t := range try {
		titles, groups := overlayGroups(t.long)
		if len(h.cards) > 0 {
			titles, groups = append(titles, "Cards of the lead"), append(groups, h.cards)
		}
		c, ok := helpArrange(h.blocks(titles, groups), inner, rows, t.blank)
		if c != nil {
			cols = c
		}
		if ok {
			break
		}
	}
	content := make([]string, rows)
	for r := range content {
		var line strings.Builder
		for i, c := range cols {
			switch {
			case r < len(c):
				line.WriteString(c[r])
			case i < len(cols)-1 && len(c) > 0:
				line.WriteString(strings.Repeat(" ", ansi.StringWidth(c[0])))
			}
		}
		content[r] = fit(line.String(), inner)
	}
	return box.draw(lines, w, h2, "Keys", "? or esc closes", content)
}

// blocks renders each group of keys under its title.
func (h helpBar) blocks(titles []string, groups [][]key.Binding) [][]string {
	var blocks [][]string
	for i, g := range groups {
		keyW := 0
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
		block := []string{h.st.Heading.Render(titles[i])}
		for _, b := range g {
			block = append(block, h.st.HelpKey.Render(fit(b.Help().Key, keyW))+"  "+h.st.HelpDesc.Render(b.Help().Desc))
		}
		blocks = append(blocks, block)
	}
	return blocks
}

// helpArrange spreads blocks over columns, keeping their order: of every
// way to split them, the one needing the fewest rows (then the fewest
// columns) that fits inner cells across. Each column but the last is padded
// to its width plus a gap. ok is false when even that needs more than rows
// rows; cols is nil when nothing fits across.
func helpArrange(blocks [][]string, inner, rows int, blank bool) (cols [][]string, ok bool) {
	const gap = 3
	bestH := -1
	for split := 0; split < 1<<max(len(blocks)-1, 0); split++ {
		var cs [][]string
		var col []string
		for i, b := range blocks {
			if i > 0 && split&(1<<(i-1)) != 0 {
				cs = append(cs, col)
				col = nil
			}
			if len(col) > 0 && blank {
				col = append(col, "")
			}
			col = append(col, b...)
		}
		cs = append(cs, col)
		total, tall := 0, 0
		widths := make([]int, len(cs))
		for i, c := range cs {
			for _, l := range c {
				widths[i] = max(widths[i], ansi.StringWidth(l))
			}
			if i < len(cs)-1 {
				widths[i] += gap
			}
			total += widths[i]
			tall = max(tall, len(c))
		}
		if total > inner || bestH >= 0 && (tall > bestH || tall == bestH && len(cs) >= len(cols)) {
			continue
		}
		for i := range cs[:len(cs)-1] {
			for j, l := range cs[i] {
				cs[i][j] = fit(l, widths[i])
			}
		}
		cols, bestH = cs, tall
	}
	return cols, bestH >= 0 && bestH <= rows
}
