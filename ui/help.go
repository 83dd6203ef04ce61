package ui

import (
	"leadinspector/api/base/i18n"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/ui/cellfit"
	"leadinspector/ui/queue"
	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
)

// helpBar is the help line and the ? overlay.
type helpBar struct {
	// model is the help line's styles, made by setStyles and replaced,
	// never changed in place: copies of the root Model share it (see
	// Model's comment on its size). render sizes a copy of it.
	model *help.Model
	st    *styles.Styles
	show  bool // the overlay is open
	// queue is set when the hub's notifications are here: the overlay
	// lists Q and the queue's keys then.
	queue bool
	off   int    // the overlay's first row shown, when it does not fit
	line  string // the help line, rendered by render
	// cards are the card keys, for the overlay; cardsLive says which open
	// a card for the lead on screen (the others are dimmed).
	cards     []key.Binding
	cardsLive []bool
	l         *i18n.Localizer
	// scroll moves the overlay when it is taller than the screen.
	scroll scrollKeys
}

func newHelpBar(l *i18n.Localizer) helpBar {
	return helpBar{l: l, scroll: newScrollKeys(l)}
}

// open shows the overlay from its top.
func (h *helpBar) open() { h.show, h.off = true, 0 }

// onKey scrolls the overlay (w×h2 cells, border included) with the keys
// that scroll a pane; other keys do nothing in it.
func (h *helpBar) onKey(k tea.KeyPressMsg, w, h2 int) {
	content, _ := h.content(w-2, h2-2)
	rows := max(h2-2, 1)
	if d, ok := h.scroll.moveFor(k, rows, len(content)); ok {
		h.off = clamp(h.off+d, 0, max(len(content)-rows, 0))
	}
}

func (h *helpBar) setStyles(st *styles.Styles) {
	h.st = st
	hm := help.New()
	hm.Styles = help.Styles{
		Ellipsis: st.HelpSep, ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep,
	}
	h.model = &hm
}

// render builds the help line from the global key map and the others (the
// lead's, the focused pane's), w cells wide. ctrl+u (clear the field)
// shows only where it fits whole: it must not push another key out.
func (h *helpBar) render(w int, global helpKeys, others ...helpKeys) {
	var hm help.Model
	if h.model != nil {
		hm = *h.model
	} else {
		hm = help.New()
	}
	hm.SetWidth(w)
	line := hm.ShortHelpView(merge(global, others...))
	if ansi.StringWidth(line) > w {
		for i := range others {
			others[i][slotClear] = nil
		}
		line = hm.ShortHelpView(merge(global, others...))
	}
	h.line = cellfit.Fit(line, max(w, 0))
}

// overlayGroups are every key, grouped and titled for the ? overlay: with
// the longer words when long, else the help line's; with Q and the queue's
// keys when there is a queue (the hub's notifications are here).
func overlayGroups(t *i18n.Localizer, long, withQueue bool) (titles []string, groups [][]key.Binding) {
	g, l, in, r, b, hi := newGlobalKeys(t), newLeadKeys(t), newInputKeys(t), rawview.DefaultKeyMap(t), newBatchKeys(t), newHistoryKeys(t)
	scrollAll, sideways := scrollHelp(t), helpOnly("←/→", t.T("ui.help.sideways"))
	matches := helpOnly(r.Next.Help().Key+"/"+r.Prev.Help().Key, t.T("ui.help.matches"))
	wrap := helpOnly(r.Wrap.Help().Key, t.T("ui.help.wrap"))
	if long {
		g.Quit.SetHelp("q", t.T("ui.key.quit"))
		g.FocusLead.SetHelp("i", t.T("ui.help.long.focus_lead"))
		in.Clear.SetHelp("ctrl+u", t.T("ui.help.long.clear"))
		g.Rerun.SetHelp("r", t.T("ui.help.long.rerun"))
		l.Copy.SetHelp("c", t.T("ui.help.long.copy"))
		g.Privacy.SetHelp("p", t.T("ui.help.long.privacy"))
		l.Watch.SetHelp("w", t.T("ui.help.long.watch"))
		l.Ticket.SetHelp("t", t.T("ui.help.long.ticket"))
		l.Curl.SetHelp("C", t.T("ui.help.long.curl"))
		l.Pager.SetHelp("o", t.T("ui.help.long.pager"))
		l.Editor.SetHelp("O", t.T("ui.help.long.editor"))
		b.OpenRow.SetHelp("enter", t.T("ui.help.long.open_row"))
		b.CopyTable.SetHelp("c", t.T("ui.help.long.copy_table"))
		b.RetryRow.SetHelp("r", t.T("ui.help.long.retry_row"))
		b.Sort.SetHelp("s", t.T("ui.help.long.sort"))
		b.Close.SetHelp("esc", t.T("ui.help.long.close_table"))
		l.Back.SetHelp("esc", t.T("ui.help.long.back"))
		hi.Undo.SetHelp("u", t.T("ui.help.long.undo"))
		g.Cancel.SetHelp("esc", t.T("ui.help.long.cancel"))
		g.Switch.SetHelp("v", t.T("ui.help.long.switch"))
		sideways.SetHelp("←→ h l", t.T("ui.help.long.sideways"))
		g.Help.SetHelp("?", t.T("ui.help.long.help"))
		scrollAll.SetHelp("↑↓ pgup pgdn", t.T("ui.key.scroll"))
		matches.SetHelp(matches.Help().Key, t.T("ui.help.long.matches"))
		wrap.SetHelp(wrap.Help().Key, t.T("ui.help.long.wrap"))
	}
	// The focus model: tab, esc and ctrl+c act everywhere; in a field
	// letters are text, elsewhere they are commands, so i, r, p, ? and q
	// have a group of their own (the overlay scrolls where it does not fit).
	hist := []key.Binding{hi.Reopen, hi.Delete, hi.Undo, hi.Filter}
	if long {
		// The short words leave esc out: it shows in the help line while
		// there is a filter to clear.
		hist = append(hist, hi.ClearFilter)
	}
	titles = []string{t.T("ui.help.group.anywhere"), t.T("ui.help.group.outside"), t.T("ui.help.group.input"), t.T("ui.help.group.detail_raw"),
		t.T("ui.help.group.lead"), t.T("ui.help.group.batch"), t.T("ui.help.group.history")}
	outside := []key.Binding{g.FocusLead, g.Rerun, g.Privacy, g.Help, g.Quit}
	if withQueue {
		outside = []key.Binding{g.FocusLead, g.Rerun, g.Privacy, g.Queue, g.Help, g.Quit}
	}
	groups = [][]key.Binding{
		{g.Next, g.Prev, g.Cancel, g.ForceQuit},
		outside,
		{in.LookUp, in.Field, in.Clear, in.Leave, g.PasteIDs},
		{scrollAll, sideways, wrap, l.Flip, g.Switch, r.Search, matches, l.Copy, l.Back},
		{l.Watch, l.StopWatch, l.Ticket, l.Curl, l.Pager, l.Editor},
		{b.OpenRow, b.RetryRow, b.Sort, b.CopyTable, b.Close},
		hist,
	}
	if withQueue {
		q := queue.DefaultKeyMap(t)
		titles = append(titles, t.T("ui.queue.help.group"))
		groups = append(groups, []key.Binding{q.Open, helpOnly("/ c m s", t.T("ui.queue.help.quick"))})
	}
	return titles, groups
}

// overlay draws every key, grouped, in a w×h2 box appended to lines; from
// row off on when they do not fit (onKey scrolls), the border saying so.
func (h helpBar) overlay(lines []string, box boxStyle, w, h2 int) []string {
	inner, rows := w-2, max(h2-2, 0)
	all, fits := h.content(inner, rows)
	off := clamp(h.off, 0, max(len(all)-rows, 0))
	content := make([]string, rows)
	for r := range content {
		if off+r < len(all) {
			content[r] = all[off+r]
		} else {
			content[r] = strings.Repeat(" ", max(inner, 0))
		}
	}
	info := h.l.T("ui.help.closes")
	if !fits {
		info = joinNotes(h.l.T("ui.help.more", "From", off+1, "To", min(off+rows, len(all)), "Of", len(all)), info)
	}
	return box.draw(lines, w, h2, h.l.T("ui.help.title"), info, content)
}

// content is the overlay's rows, each inner cells wide: the longer words
// when they fit in rows, else the help line's, spread over columns so that
// as few rows as possible are needed; then without the blank line between
// groups (their bold titles still part them). fits is false when even that
// needs more than rows rows: then all of it, to scroll.
func (h helpBar) content(inner, rows int) (content []string, fits bool) {
	var cols [][]string
	try := []struct{ long, blank bool }{{true, true}, {false, true}, {false, false}}
	for _, t := range try {
		titles, groups := overlayGroups(h.l, t.long, h.queue)
		dim := map[[2]int]bool{}
		if len(h.cards) > 0 {
			titles, groups = append(titles, h.l.T("ui.help.group.cards")), append(groups, h.cards)
			for i, live := range h.cardsLive {
				dim[[2]int{len(groups) - 1, i}] = !live
			}
		}
		c, ok := helpArrange(h.blocks(titles, groups, dim), inner, rows, t.blank)
		if c != nil {
			cols = c
		}
		if fits = ok; ok {
			break
		}
	}
	tall := 0
	for _, c := range cols {
		tall = max(tall, len(c))
	}
	content = make([]string, max(tall, min(rows, 1)))
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
		content[r] = cellfit.Fit(line.String(), max(inner, 0))
	}
	return content, fits
}

// blocks renders each group of keys under its title; the keys dim names
// (group, index) are dimmed: they do nothing now.
func (h helpBar) blocks(titles []string, groups [][]key.Binding, dim map[[2]int]bool) [][]string {
	var blocks [][]string
	for i, g := range groups {
		keyW := 0
		for _, b := range g {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
		block := []string{h.st.Heading.Render(titles[i])}
		for j, b := range g {
			if dim[[2]int{i, j}] {
				block = append(block, h.st.Subtle.Render(cellfit.Fit(b.Help().Key, keyW)+"  "+b.Help().Desc))
				continue
			}
			block = append(block, h.st.HelpKey.Render(cellfit.Fit(b.Help().Key, keyW))+"  "+h.st.HelpDesc.Render(b.Help().Desc))
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
				cs[i][j] = cellfit.Fit(l, widths[i])
			}
		}
		cols, bestH = cs, tall
	}
	return cols, bestH >= 0 && bestH <= rows
}
