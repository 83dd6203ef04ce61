// Package ui is the interactive inspector: a Bubble Tea program with an
// input pane, a detail pane, a raw JSON/XML pane, a history pane, a status
// bar and a help line. The root Model routes messages and owns focus, size
// and the request in flight; each pane is a small value of its own.
package ui

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/ui/history"
	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
)

// Options configure the inspector.
type Options struct {
	Client     api.LeadGetter
	Profile    string // "prod", "demo"
	Host       string // shown in the status bar
	Demo       bool   // the status bar says DEMO in words
	CustomerID string // pre-filled
	// LeadID is pre-filled (and selected, so typing replaces it); the demo
	// puts its first lead here so a newcomer only has to press enter.
	LeadID string
	// Examples are listed in the empty detail pane: ids to try, with what
	// each shows (the demo's leads).
	Examples      []Example
	Format        api.Format // the raw view's starting format (default JSON)
	Username      string     // for later features (curl command); never the password
	BaseURL       string
	StateDir      string // history dir; "" keeps history in memory only
	HistoryLimit  int
	StateColors   map[string]string
	NoColor       bool
	Privacy       bool          // start in privacy mode (p toggles it)
	WatchInterval time.Duration // w re-fetches this often; 0 means 30 s (config enforces the minimum)
	Parallel      int           // batch lookups at a time; 0 means 4, at most 16
	Version       string
	Now           func() time.Time // nil means time.Now
	// Exec runs a program in the terminal, the inspector suspended (o, O);
	// nil means tea.ExecProcess. Tests inject their own.
	Exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
	// Getenv reads $PAGER and $EDITOR; nil means os.Getenv.
	Getenv func(string) string
	// ChildEnv is the environment $PAGER and $EDITOR run with: the
	// program's own without its secrets (config.Settings.ChildEnv). Nil
	// means the program's own, unchanged.
	ChildEnv []string
	// TempDir is where o and O write the body for the pager or editor; ""
	// means the system's temporary directory.
	TempDir string
}

// Example is a lead to try, shown before the first lookup.
type Example struct {
	CustomerID, LeadID, What string
}

// Defaults for Options left zero.
const (
	defaultWatchInterval = 30 * time.Second
	defaultParallel      = 4
	maxParallel          = 16
)

// focusID says which pane takes the keys.
type focusID int

const (
	focusInput focusID = iota
	focusDetail
	focusRaw
	focusHistory
	focusBatch // the batch table, in the detail/raw area while it is shown
)

// Model is the root of the inspector.
type Model struct {
	o   Options
	ctx context.Context // parent of every request
	now func() time.Time
	loc *time.Location // where SentAt is shown; nil means time.Local

	st    *styles.Styles
	boxes boxes
	w, h  int
	fr    frame

	focus     focusID
	showRaw   bool // narrow layout: the raw pane has the shared slot
	showBatch bool // the batch table has the detail/raw area

	input  inputPane
	detail detailPane
	raw    rawview.Model
	hist   historyPane
	batch  batchPane

	keys     keyMap
	help     help.Model
	showHelp bool
	// helpLine and inputLine are rendered by refresh, after each Update.
	helpLine  string
	inputLine string

	spin     spinner.Model
	spinning bool

	seq    int        // of the latest request; older answers are dropped
	req    request    // the request in flight, if active
	last   lookupKey  // what r looks up again
	shown  *shownLead // the lead on screen
	format api.Format // the representation the raw pane shows

	status  status
	privacy bool // personal data masked everywhere (p)
	watch   watchState

	// after schedules a timer message: tea.Tick, replaced in tests so that
	// the watch's clock does not wait for real seconds.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd

	store   *history.Store
	pending []history.Entry // recorded before the store was open
	histGen uint64          // generation of the history snapshot shown
	writes  int             // history writes issued and not yet answered
	warned  string          // the last history problem shown (each shown once)
	// quitting is set when the user quit while history writes were still
	// running: the program ends when they are done, or after quitWait.
	quitting bool
}

// New builds the inspector. It does no I/O: the history is opened by Init's
// command, so the first frame is not held up by the disk.
func New(o Options) Model {
	if o.Format == "" {
		o.Format = api.JSON
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	m := Model{
		o:       o,
		ctx:     context.Background(),
		now:     now,
		keys:    newKeyMap(),
		help:    help.New(),
		spin:    spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		format:  o.Format,
		focus:   focusInput,
		privacy: o.Privacy,
		after:   tea.Tick,
	}
	if m.o.Exec == nil {
		m.o.Exec = tea.ExecProcess
	}
	if m.o.Getenv == nil {
		m.o.Getenv = os.Getenv
	}
	if m.o.WatchInterval <= 0 {
		m.o.WatchInterval = defaultWatchInterval
	}
	if m.o.Parallel <= 0 {
		m.o.Parallel = defaultParallel
	}
	m.o.Parallel = min(m.o.Parallel, maxParallel)
	m.st = styles.New(true, o.NoColor, o.StateColors)
	m.input = newInputPane(o.CustomerID, o.LeadID, m.st)
	m.detail.examples = o.Examples
	m.raw = rawview.New(m.st)
	m.raw.SetPrivacy(o.Privacy)
	m.hist = newHistoryPane(m.st)
	m.batch = newBatchPane(m.st)
	m.applyStyles()
	m.input.focus(fieldLead)
	m.refresh()
	return m
}

// Init asks the terminal for its background colour, opens the history and
// starts the clock that keeps ages current.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, openHistory(m.o.StateDir, m.o.HistoryLimit), minuteTick(m.now()))
}

// Run runs the inspector until the user quits or ctx ends.
func Run(ctx context.Context, o Options) error {
	m := New(o)
	m.ctx = ctx
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if o.NoColor {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(m, opts...).Run()
	if fm, ok := final.(Model); ok {
		fm.cancelRequest()
		fm.batch.cancelRun()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// Update routes a message to the root's handlers or the pane it concerns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.st = styles.New(msg.IsDark(), m.o.NoColor, m.o.StateColors)
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
		m, cmd = m.onBatchDone(msg)
	case watchTickMsg:
		m, cmd = m.onWatchTick(msg)
	case openReadyMsg:
		m, cmd = m.onOpenReady(msg)
	case openDoneMsg:
		m.onOpenDone(msg)
	case historyOpenedMsg:
		cmd = m.onHistoryOpened(msg)
	case historyMsg:
		cmd = m.onHistory(msg)
	case quitNowMsg:
		return m, tea.Quit
	case spinner.TickMsg:
		if m.req.active || m.batch.running() {
			m.spin, cmd = m.spin.Update(msg)
		} else {
			m.spinning = false
		}
	case minuteMsg:
		cmd = minuteTick(m.now())
	case detailRenderedMsg:
		m.detail.onRendered(msg)
	default:
		// The raw view's own messages (search, timers) come back here.
		m.raw, cmd = m.raw.Update(msg)
	}
	refresh := m.refresh()
	return m, tea.Batch(cmd, refresh)
}

// refresh brings what is derived from the state up to date: re-renders of
// panes whose inputs changed, the live keys and the help line. Views only
// read what this leaves behind.
func (m *Model) refresh() tea.Cmd {
	if !m.fr.TooSmall && m.w > 0 {
		if rows := len(m.statusLines(maxStatusRows)); rows != m.fr.Status.H {
			// The status bar grows into the history's last row, or gives it
			// back: nothing else moves.
			m.fr = layout(m.w, m.h, rows)
			m.hist.setSize(m.fr.History.W-2, m.fr.History.H-2)
		}
	}
	now := m.now()
	cmd := m.detail.refresh(m.st, m.privacy, now, m.loc)
	m.hist.setNow(now)
	m.batch.setView(now, m.loc, m.privacy)
	m.syncKeys()
	m.helpLine = m.shortHelpLine()
	m.inputLine = m.input.line()
	return cmd
}

// shortHelpLine is the help line. ctrl+u (clear the field) shows only where
// it fits whole: it must not push another key out of the line.
func (m *Model) shortHelpLine() string {
	line := m.help.ShortHelpView(m.keys.ShortHelp())
	if m.keys.Clear.Enabled() && ansi.StringWidth(line) > m.w {
		m.keys.Clear.SetEnabled(false)
		line = m.help.ShortHelpView(m.keys.ShortHelp())
	}
	return fit(line, max(m.w, 0))
}

func (m *Model) resize(w, h int) {
	m.w, m.h = w, h
	m.fr = layout(w, h, 1)
	if m.fr.TooSmall {
		return
	}
	m.fr = layout(w, h, len(m.statusLines(maxStatusRows)))
	m.input.setSize(m.fr.Input.W - 2)
	m.detail.setSize(m.fr.Detail.W-2, m.fr.Detail.H-2)
	m.raw.SetSize(m.fr.Raw.W-2, m.fr.Raw.H-2)
	m.hist.setSize(m.fr.History.W-2, m.fr.History.H-2)
	m.batch.setSize(m.fr.Main.W-2, m.fr.Main.H-2)
	m.help.SetWidth(w)
}

// applyStyles hands the current styles to every pane.
func (m *Model) applyStyles() {
	m.boxes = newBoxes(m.st)
	m.input.setStyles(m.st)
	m.raw.SetStyles(m.st)
	m.hist.setStyles(m.st)
	m.batch.setStyles(m.st)
	m.help.Styles = help.Styles{
		Ellipsis: m.st.HelpSep, ShortKey: m.st.HelpKey, ShortDesc: m.st.HelpDesc, ShortSeparator: m.st.HelpSep,
		FullKey: m.st.HelpKey, FullDesc: m.st.HelpDesc, FullSeparator: m.st.HelpSep,
	}
	m.spin.Style = m.st.Accent
}

// typing is true when the focused pane takes text, so letters are not
// commands.
func (m Model) typing() bool {
	switch m.focus {
	case focusInput:
		return true
	case focusRaw:
		return m.raw.Searching()
	case focusHistory:
		return m.hist.searching()
	}
	return false
}

// setFocus moves the keyboard to a pane. In the narrow layout, focusing
// detail or raw also puts it in the shared slot.
func (m *Model) setFocus(f focusID) {
	if f == m.focus && f != focusInput {
		return
	}
	m.input.blur()
	m.raw.Blur()
	m.focus = f
	switch f {
	case focusInput:
		m.input.focus(m.input.active)
	case focusDetail:
		m.showRaw, m.showBatch = false, false
	case focusRaw:
		m.showRaw, m.showBatch = true, false
		m.raw.Focus()
	case focusBatch:
		m.showBatch = true
	}
}

// focusField focuses one field of the input pane.
func (m *Model) focusField(field int) {
	m.input.active = field
	m.setFocus(focusInput)
}

// enterField focuses one field of the input pane as the user moving there
// does: from elsewhere, the Lead ID field selects its value.
func (m *Model) enterField(field int) {
	if m.focus == focusInput && m.input.active == field {
		return
	}
	m.focusField(field)
	m.input.enter(field)
}

// cycle moves along the tab order: Customer ID, Lead ID, the batch table
// (while there is one), detail, raw, history, and round.
func (m *Model) cycle(dir int) {
	type stop struct {
		f     focusID
		field int
	}
	stops := []stop{{focusInput, fieldCustomer}, {focusInput, fieldLead}}
	if m.batch.has() {
		stops = append(stops, stop{focusBatch, 0})
	}
	stops = append(stops, stop{focusDetail, 0}, stop{focusRaw, 0}, stop{focusHistory, 0})
	i := 0
	for j, s := range stops {
		if s.f == m.focus && (s.f != focusInput || s.field == m.input.active) {
			i = j
		}
	}
	s := stops[((i+dir)%len(stops)+len(stops))%len(stops)]
	if s.f == focusInput {
		m.enterField(s.field)
		return
	}
	m.setFocus(s.f)
}

// minuteMsg re-renders ages ("5 min ago") as the clock moves on.
type minuteMsg struct{}

func minuteTick(now time.Time) tea.Cmd {
	next := now.Truncate(time.Minute).Add(time.Minute)
	return tea.Tick(next.Sub(now), func(time.Time) tea.Msg { return minuteMsg{} })
}
