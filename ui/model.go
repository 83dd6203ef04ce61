// Package ui is the interactive inspector: a Bubble Tea program with an
// input pane, a detail pane, a raw JSON/XML pane, a history pane, a batch
// table, a status bar and a help line.
//
// # Panes
//
// Every pane is a value that keeps one contract (see pane in pane.go):
// Update(msg) returns the new pane and a command; View returns its content
// lines, exactly the size SetSize gave; Focus and Blur say whether it has
// the keyboard; help is its key map, key.Bindings enabled by its own state.
// A pane renders in Update or SetSize, never in View, and does heavy work
// (preparing a 16 MiB body, a search, a detail render) in commands whose
// answers it takes back only if they are still current.
//
// Features live in their own values: the batch table owns its rows, its
// bounded parallel lookups and their cancel; the watcher its timer and
// diff; the history pane the history's writer (one goroutine, in order,
// closed by Run with a timeout once the program ends).
//
// # The root
//
// Model only routes. It owns the size, the focus, the one request in
// flight, the lead on screen and the status bar, and hands every other
// message to the pane it concerns:
//
//   - Key presses go first to the global keys (globalKeys: quit, tab, esc
//     that cancels, r, p, ?), then to the keys acting on the lead on screen
//     (leadKeys) while detail or raw has the focus, then to the actions the
//     focused pane's key map names but the root carries out (enter in the
//     input looks up; in the history and the batch table it opens a lead),
//     and else to the focused pane itself. While a field, a search or a
//     filter takes text, every key but ctrl+c goes to it. Only the focused
//     pane ever sees a key.
//   - The mouse wheel goes to the pane under the pointer, a click focuses it.
//   - Commands' answers go to the pane that issued them.
//
// Focus is an enum (focusID): setFocus blurs the old pane and focuses the
// new one. The help line and the ? overlay are built from the focused
// pane's key map plus the global ones (merge, in keys.go).
//
// A new pane is a new file with a type keeping the contract, plus one
// focusID and a line in updatePane (and where it is drawn).
package ui

import (
	"context"
	"errors"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"leadinspector/api"
	"leadinspector/ui/history"
	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
)

// rootKeys are the keys the root acts on: the global ones and those for
// the lead on screen.
type rootKeys struct {
	globalKeys
	leadKeys
}

// Model is the root of the inspector. It routes; see the package comment.
type Model struct {
	env   env
	st    *styles.Styles
	boxes boxes
	fr    frame // the layout for the terminal's size

	focus     focusID
	showRaw   bool // narrow layout: the raw pane has the shared slot
	showBatch bool // the batch table has the detail/raw area

	input  inputPane
	detail detailPane
	raw    rawPane
	hist   historyPane
	batch  batchTable

	keys rootKeys
	help helpBar

	req     requests   // the request in flight
	shown   *shownLead // the lead on screen
	status  status
	privacy bool // personal data masked everywhere (p)
	watch   watcher
}

// New builds the inspector. It does no I/O: the history is opened by Init's
// command, so the first frame is not held up by the disk.
func New(o Options) Model {
	if o.Format == "" {
		o.Format = api.JSON
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Exec == nil {
		o.Exec = tea.ExecProcess
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.WatchInterval <= 0 {
		o.WatchInterval = defaultWatchInterval
	}
	if o.Parallel <= 0 {
		o.Parallel = defaultParallel
	}
	o.Parallel = min(o.Parallel, maxParallel)
	st := styles.New(true, o.NoColor, o.StateColors)
	m := Model{
		env:     env{Options: o, ctx: context.Background(), now: o.Now},
		st:      st,
		focus:   focusInput,
		input:   newInputPane(o.CustomerID, o.LeadID, st),
		detail:  newDetailPane(o.Examples),
		raw:     rawPane{rawview.New(st)},
		hist:    newHistoryPane(st, history.NewWriter(o.StateDir, o.HistoryLimit)),
		batch:   newBatchTable(st, context.Background(), o.Parallel),
		keys:    rootKeys{newGlobalKeys(), newLeadKeys()},
		help:    newHelpBar(),
		req:     newRequests(),
		privacy: o.Privacy,
		watch:   newWatcher(o.WatchInterval),
	}
	m.raw.SetPrivacy(o.Privacy)
	m.applyStyles()
	m.input.focus(fieldLead)
	m.refresh()
	return m
}

// Init asks the terminal for its background colour, opens the history and
// starts the clock that keeps ages current.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.hist.open(), minuteTick(m.env.now()))
}

// Run runs the inspector until the user quits or ctx ends, then waits (a
// bounded time) for the history writes still in flight.
func Run(ctx context.Context, o Options) error {
	m := New(o)
	m.env.ctx, m.batch.parent = ctx, ctx
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if o.NoColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(m, opts...).Run()
	if fm, ok := final.(Model); ok {
		fm.req.cancel()
		fm.batch.cancelRun()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		err = ctx.Err()
	}
	return errors.Join(err, m.hist.store.Close(closeWait))
}

// Update routes a message to the root's handlers or the pane it concerns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.st = styles.New(msg.IsDark(), m.env.NoColor, m.env.StateColors)
		m.applyStyles()
	case tea.KeyPressMsg:
		m, cmd = m.onKey(msg)
	case tea.PasteMsg:
		m, cmd = m.onPaste(msg)
	case tea.MouseClickMsg:
		m.onClick(msg)
	case tea.MouseWheelMsg:
		m, cmd = m.onWheel(msg)
	case lookupDoneMsg:
		m, cmd = m.onLookupDone(msg)
	case batchDoneMsg:
		next, rec := m.batch.onDone(msg, m.env.now(), m.lastSeen)
		cmd = tea.Batch(next, m.record(rec, -1))
	case watchTickMsg:
		fetch, next := m.watch.onTick(msg, m.env.now(), m.req.active)
		if fetch {
			next = tea.Batch(m.watchFetch(), next)
		}
		cmd = next
	case openReadyMsg:
		var s *status
		if cmd, s = onOpenReady(msg, m.env.Exec); s != nil {
			m.status = *s
		}
	case openDoneMsg:
		m.status.onOpenDone(msg)
	case historyOpenedMsg:
		m.hist, _ = m.hist.Update(msg)
		m.historyProblem(msg.warn)
	case historyMsg:
		m.onHistory(msg)
	case minuteMsg:
		cmd = minuteTick(m.env.now())
	case detailRenderedMsg:
		m.detail.onRendered(msg)
	case rawview.SearchDoneMsg:
		m.raw, cmd = m.raw.Update(msg)
	default:
		cmd = m.req.spinUpdate(msg, m.batch.running())
	}
	refresh := m.refresh()
	return m, tea.Batch(cmd, refresh)
}

// refresh brings what is derived from the state up to date: re-renders of
// panes whose inputs changed, the live keys and the help line. Views only
// read what this leaves behind.
func (m *Model) refresh() tea.Cmd {
	if !m.fr.TooSmall && m.fr.W > 0 {
		if rows := len(m.statusLines(maxStatusRows)); rows != m.fr.Status.H {
			// The status bar grows into the history's last row, or gives it
			// back: nothing else moves.
			m.fr = layout(m.fr.W, m.fr.H, rows)
			m.hist.SetSize(m.fr.History.W-2, m.fr.History.H-2)
		}
	}
	now := m.env.now()
	cmd := m.detail.refresh(m.st, m.privacy, now, m.env.loc)
	m.hist.setNow(now)
	m.batch.setView(now, m.env.loc, m.privacy)
	m.input.render()
	m.syncKeys()
	m.help.render(m.fr.W, m.keys.globalKeys.help(), m.keys.leadKeys.help(), m.focusedHelp())
	return cmd
}

func (m *Model) resize(w, h int) {
	m.fr = layout(w, h, 1)
	if m.fr.TooSmall {
		return
	}
	m.fr = layout(w, h, len(m.statusLines(maxStatusRows)))
	m.input.SetSize(m.fr.Input.W-2, 1)
	m.detail.SetSize(m.fr.Detail.W-2, m.fr.Detail.H-2)
	m.raw.SetSize(m.fr.Raw.W-2, m.fr.Raw.H-2)
	m.hist.SetSize(m.fr.History.W-2, m.fr.History.H-2)
	m.batch.SetSize(m.fr.Main.W-2, m.fr.Main.H-2)
	m.help.model.SetWidth(w)
}

// applyStyles hands the current styles to every pane.
func (m *Model) applyStyles() {
	m.boxes = newBoxes(m.st)
	m.input.setStyles(m.st)
	m.raw.SetStyles(m.st)
	m.hist.setStyles(m.st)
	m.batch.setStyles(m.st)
	m.help.setStyles(m.st)
	m.req.spin.Style = m.st.Accent
}

// updatePane hands a message to one pane: the one line of routing a new
// pane adds.
func (m Model) updatePane(pane focusID, msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch pane {
	case focusInput:
		m.input, cmd = m.input.Update(msg)
	case focusDetail:
		m.detail, cmd = m.detail.Update(msg)
	case focusRaw:
		m.raw, cmd = m.raw.Update(msg)
	case focusHistory:
		m.hist, cmd = m.hist.Update(msg)
	case focusBatch:
		m.batch, cmd = m.batch.Update(msg)
	}
	return m, cmd
}

// focusedHelp is the focused pane's key map for the help line.
func (m Model) focusedHelp() helpKeys {
	switch m.focus {
	case focusInput:
		return m.input.help()
	case focusDetail:
		return m.detail.help()
	case focusRaw:
		return m.raw.help()
	case focusHistory:
		return m.hist.help()
	}
	return m.batch.help()
}

// setFocus moves the keyboard to a pane: the old one is blurred, the new
// one focused. In the narrow layout, focusing detail or raw also puts it
// in the shared slot.
func (m *Model) setFocus(f focusID) {
	if f == m.focus && f != focusInput {
		return
	}
	m.input.Blur()
	m.detail.Blur()
	m.raw.Blur()
	m.hist.Blur()
	m.batch.Blur()
	m.focus = f
	switch f {
	case focusInput:
		m.input.Focus()
	case focusDetail:
		m.showRaw, m.showBatch = false, false
		m.detail.Focus()
	case focusRaw:
		m.showRaw, m.showBatch = true, false
		m.raw.Focus()
	case focusHistory:
		m.hist.Focus()
	case focusBatch:
		m.showBatch = true
		m.batch.Focus()
	}
}

// minuteMsg re-renders ages ("5 min ago") as the clock moves on.
type minuteMsg struct{}

func minuteTick(now time.Time) tea.Cmd {
	next := now.Truncate(time.Minute).Add(time.Minute)
	return tea.Tick(next.Sub(now), func(time.Time) tea.Msg { return minuteMsg{} })
}
