package ui

import (
	"charm.land/bubbles/v2/key"
	"leadinspector/api/base/i18n"
)

// slot is a place in the help line. The line lists, slot by slot, the live
// keys of the global key map, of the lead on screen and of the focused
// pane: the most useful first, so that what is cut at the right edge of a
// narrow terminal matters least.
type slot int

const (
	slotAct       slot = iota // enter: look up, open, look up again
	slotCancel                // esc while something runs, or back out of the table
	slotFind                  // / n N
	slotFlip                  // f
	slotSwitch                // v
	slotRerun                 // r
	slotWatch                 // w t
	slotTable                 // c in the table, d in the history
	slotHelp                  // ? q
	slotCards                 // a u m e K: the lead's cards
	slotCopy                  // c C o O
	slotPrivacy               // p
	slotLeave                 // esc out of a field, a search, a filter
	slotField                 // ↑/↓ between the input's fields
	slotNext                  // tab, ctrl+c while typing
	slotClear                 // ctrl+u in a field
	slotScroll                // ↑/↓ in a list or text
	slotFocusLead             // i
	nSlots
)

// helpKeys is what a key map offers the help line: bindings by slot, in
// order within each. Disabled bindings are left out by the help view.
type helpKeys [nSlots][]key.Binding

func (h *helpKeys) add(s slot, b ...key.Binding) { h[s] = append(h[s], b...) }

// bind makes a binding for keys, shown as k and desc.
func bind(k, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// helpOnly is bind for a binding no key handler acts on: it names, for
// the help, keys that something else acts on (a field, the paste, the
// scroll keys it stands for). Its keys still shadow later bindings of the
// same keys in the help line (merge). One without keys is disabled: it
// shows in the ? overlay only, never in the help line.
func helpOnly(k, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

// globalKeys work whatever pane has the focus (those that are letters
// only while no field takes text). The root enables them from its state
// (see Model.syncKeys).
type globalKeys struct {
	ForceQuit key.Binding // ctrl+c
	Quit      key.Binding // q
	Next      key.Binding // tab
	Prev      key.Binding // shift+tab
	FocusLead key.Binding // i
	Rerun     key.Binding // r
	Cancel    key.Binding // esc with a request or a batch running
	Privacy   key.Binding // p
	Help      key.Binding // ?
	Queue     key.Binding // Q: the queue of notified leads
	CloseHelp key.Binding // esc or ? in the overlay
	Switch    key.Binding // v, narrow layout
	PasteIDs  key.Binding // help only: a paste of several ids starts a batch

	// typing is set while a field takes text: q does not quit then, so the
	// help line names ctrl+c instead.
	typing bool
	// queue is set when the hub's notifications are here: only then does
	// the help line offer Q (which otherwise says why there is no queue).
	queue bool
}

func newGlobalKeys(l *i18n.Localizer) globalKeys {
	return globalKeys{
		ForceQuit: bind("ctrl+c", l.T("ui.key.quit"), "ctrl+c"),
		Quit:      bind("q", l.T("ui.key.quit"), "q"),
		Next:      bind("tab", l.T("ui.key.next_pane"), "tab"),
		Prev:      bind("shift+tab", l.T("ui.key.prev_pane"), "shift+tab"),
		FocusLead: bind("i", l.T("ui.key.lead_id"), "i"),
		Rerun:     bind("r", l.T("ui.key.rerun"), "r"),
		Cancel:    bind("esc", l.T("ui.key.cancel_request"), "esc"),
		Privacy:   bind("p", l.T("ui.key.privacy"), "p"),
		Help:      bind("?", l.T("ui.key.help"), "?"),
		Queue:     bind("Q", l.T("ui.queue.key.queue"), "Q"),
		CloseHelp: bind("esc", l.T("ui.key.close_help"), "esc", "?"),
		Switch:    bind("v", l.T("ui.key.switch_narrow"), "v"),
		PasteIDs:  helpOnly(l.T("ui.key.paste"), l.T("ui.key.paste_batch")),
	}
}

func (k globalKeys) keyMap() helpKeys {
	var h helpKeys
	h.add(slotCancel, k.Cancel)
	h.add(slotSwitch, k.Switch)
	h.add(slotRerun, k.Rerun)
	if k.queue {
		h.add(slotHelp, k.Queue)
	}
	h.add(slotHelp, k.Help, k.Quit)
	h.add(slotPrivacy, k.Privacy)
	h.add(slotNext, k.Next)
	if k.typing {
		h.add(slotNext, k.ForceQuit)
	}
	h.add(slotFocusLead, k.FocusLead)
	return h
}

// leadKeys act on the lead on screen, in the detail and raw panes. The
// root enables them: they depend on the lead, the watch and the request
// in flight, which no pane holds.
type leadKeys struct {
	Flip      key.Binding // f
	Copy      key.Binding // c
	Watch     key.Binding // w
	StopWatch key.Binding // esc while watching
	Ticket    key.Binding // t
	Curl      key.Binding // C
	Pager     key.Binding // o
	Editor    key.Binding // O
	Back      key.Binding // esc on a batch row's lead: back to the table
}

func newLeadKeys(l *i18n.Localizer) leadKeys {
	return leadKeys{
		Flip:      bind("f", l.T("ui.key.flip"), "f"),
		Copy:      bind("c", l.T("ui.key.copy_body"), "c"),
		Watch:     bind("w", l.T("ui.key.watch"), "w"),
		StopWatch: bind("esc", l.T("ui.key.stop_watching"), "esc"),
		Ticket:    ticketKey(l),
		Curl:      curlKey(l),
		Pager:     bind("o", l.T("ui.key.pager"), "o"),
		Editor:    bind("O", l.T("ui.key.editor"), "O"),
		Back:      bind("esc", l.T("ui.key.back_to_table"), "esc"),
	}
}

// ticketKey and curlKey copy facts about a lookup: the lead on screen, or
// the batch row under the cursor.
func ticketKey(l *i18n.Localizer) key.Binding { return bind("t", l.T("ui.key.copy_summary"), "t") }
func curlKey(l *i18n.Localizer) key.Binding   { return bind("C", l.T("ui.key.copy_curl"), "C") }

// keyMap leaves esc (stop watching) to the ? overlay: w says it already.
func (k leadKeys) keyMap() helpKeys {
	var h helpKeys
	h.add(slotFlip, k.Flip)
	h.add(slotWatch, k.Watch, k.Ticket)
	h.add(slotCopy, k.Copy, k.Curl, k.Pager, k.Editor)
	h.add(slotCancel, k.Back) // early: the way back to the table
	return h
}

// scrollKeys move a cursor or a scroll position (see moveFor). They avoid
// the inspector's own letters (f, d, v, …), so that scrolling never
// shadows a command. Five panes hold them and none changes them: they are
// shared, which keeps the root Model small (see its comment).
type scrollKeys struct{ *scrollBindings }

type scrollBindings struct {
	Up, Down         key.Binding
	PageUp, PageDown key.Binding
	HalfUp, HalfDown key.Binding
	Top, Bottom      key.Binding
	// Help stands for all of them in the help line.
	Help key.Binding
}

func newScrollKeys(l *i18n.Localizer) scrollKeys {
	return scrollKeys{&scrollBindings{
		Up:       bind("↑/k", l.T("ui.key.up"), "up", "k"),
		Down:     bind("↓/j", l.T("ui.key.down"), "down", "j"),
		PageUp:   bind("b/pgup", l.T("ui.key.page_up"), "pgup", "b"),
		PageDown: bind("space/pgdn", l.T("ui.key.page_down"), "pgdown", "space"),
		HalfUp:   bind("ctrl+u", l.T("ui.key.half_up"), "ctrl+u"),
		HalfDown: bind("ctrl+d", l.T("ui.key.half_down"), "ctrl+d"),
		Top:      bind("g/home", l.T("ui.key.top"), "home", "g"),
		Bottom:   bind("G/end", l.T("ui.key.bottom"), "end", "G"),
		Help:     scrollHelp(l),
	}}
}

// scrollHelp stands for the scroll keys in the help line.
func scrollHelp(l *i18n.Localizer) key.Binding {
	return helpOnly("↑/↓", l.T("ui.key.scroll"), "up", "down", "pgup", "pgdown", "home", "end")
}

// merge is the help line's bindings: every key map's, slot by slot. A
// binding that a live earlier one shadows (esc while a request runs) is
// left out: the earlier key is what the key does then.
func merge(global helpKeys, others ...helpKeys) []key.Binding {
	var live []key.Binding
	for _, bs := range global {
		for _, b := range bs {
			if b.Enabled() {
				live = append(live, b)
			}
		}
	}
	shadowed := func(b key.Binding) bool {
		for _, g := range live {
			for _, k := range b.Keys() {
				if key.Matches(keyName(k), g) {
					return true
				}
			}
		}
		return false
	}
	var out []key.Binding
	for s := range nSlots {
		out = append(out, global[s]...)
		for _, o := range others {
			for _, b := range o[s] {
				if !shadowed(b) {
					out = append(out, b)
					if b.Enabled() {
						// The first live binding of a key is the one it
						// does (esc back to the table before esc stop
						// names): a later one is not shown.
						live = append(live, b)
					}
				}
			}
		}
	}
	return out
}

// keyState is what the root's bindings are enabled by.
type keyState struct {
	typing, busy, watchReq, batch bool // a field takes text; a request, a watch fetch, a batch runs
	rerun, inBatch, wide, showRaw bool // there is a lead to look up again; the table has the focus; …
	privacy, watching, onLead     bool // …; detail or raw has the focus
	shown, result, body           bool // a lead is on screen; the raw pane has a result, a body
	fromBatch                     bool // the lead on screen is a batch row's, and the table is there
	mainTaken                     bool // a batch table, card or queue has the main area
	queue                         bool // the hub's notifications are here (Q)
	other                         string
	l                             *i18n.Localizer
}

// sync enables the bindings that do something in state s, so that they
// match and show in the help line only then.
func (k *rootKeys) sync(s keyState) {
	onLead := !s.typing && s.onLead
	lead := onLead && s.shown
	k.typing = s.typing
	k.Quit.SetEnabled(!s.typing)
	k.Help.SetEnabled(!s.typing)
	k.Queue.SetEnabled(!s.typing)
	k.globalKeys.queue = s.queue
	k.FocusLead.SetEnabled(!s.typing)
	k.Privacy.SetEnabled(!s.typing)
	l := s.l
	k.Privacy.SetHelp("p", choose(s.privacy, l.T("ui.key.privacy_off"), l.T("ui.key.privacy_on")))
	k.Cancel.SetEnabled(s.busy || s.batch)
	k.Cancel.SetHelp("esc", choose(!s.busy, l.T("ui.key.cancel_batch"), choose(s.watchReq, l.T("ui.key.stop_watching"), l.T("ui.key.cancel_request"))))
	k.Rerun.SetEnabled(!s.typing && s.rerun && !s.inBatch)
	// v swaps detail and raw in the main area: nothing to see while
	// another pane has it.
	k.Switch.SetEnabled(!s.typing && !s.wide && !s.inBatch && !s.mainTaken)
	k.Switch.SetHelp("v", choose(s.showRaw, l.T("ui.key.detail"), l.T("ui.key.raw")))
	k.StopWatch.SetEnabled(s.watching && !s.busy && !s.typing && !s.batch)
	// w answers after a failed lookup too, saying why it cannot watch.
	k.Watch.SetEnabled(lead || onLead && s.rerun)
	k.Watch.SetHelp("w", choose(s.watching, l.T("ui.key.stop_watching"), l.T("ui.key.watch")))
	k.Ticket.SetEnabled(lead)
	k.Curl.SetEnabled(lead)
	k.Pager.SetEnabled(lead && s.result)
	k.Editor.SetEnabled(lead && s.result)
	k.Flip.SetEnabled(lead && !s.busy)
	k.Flip.SetHelp("f", s.other)
	k.Copy.SetEnabled(onLead && s.body)
	k.Back.SetEnabled(lead && s.fromBatch && !s.watching && !s.busy)
}

func choose(c bool, yes, no string) string {
	if c {
		return yes
	}
	return no
}
