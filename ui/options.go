package ui

import (
	"context"
	"os/exec"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
	"leadinspector/ui/notify"
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
	// Budgets are the request budgets whose pauses the status bar shows
	// ("waiting: the server asked to slow down (12 s)"); nil means the
	// Client's own, when it has any (*api.Client has).
	Budgets []*budget.Budget
	// Names turns the ids on screen into names (one resolver for the
	// profile, its cache kept for the program); nil leaves them ids.
	Names   *api.Resolver
	Version string
	Now     func() time.Time // nil means time.Now
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
	// Lang words the inspector's own texts (Swedish or English); nil means
	// English. API values and server text are shown as received.
	Lang *i18n.Localizer
	// Hub is set in a session of the desk hub (see hub.go); nil otherwise.
	Hub *Hub
	// Notes are the desk hub's stored notifications (package ui/notify):
	// the queue pane and the detail pane's timeline read them. Nil when
	// there is no desk store here: the queue key then says so, naming
	// NotesPath, where the hub's would be.
	Notes     *notify.DB
	NotesPath string
	// StuckAfter is serve.stuck_after (the queue's stuck leads); 0: 24 h.
	StuckAfter time.Duration
	// NotesChanged tells of new notifications outside a hub session (the
	// hub tells its sessions itself, with queue.ChangedMsg); nil: never.
	NotesChanged <-chan struct{}
	// Prepare, if set, completes the options (TempDir, Notes, …) while the
	// terminal is being set up, so that opening files does not hold up the
	// first frame. Run calls it once, off the main goroutine, and returns
	// only after it has returned.
	Prepare func(*Options)
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
	// closeWait bounds how long Run waits, after the program ends, for
	// history writes still in flight.
	closeWait = 2 * time.Second
)

// focusID says which pane takes the keys.
type focusID int

const (
	focusInput focusID = iota
	focusDetail
	focusRaw
	focusHistory
	focusBatch // the batch table, in the detail/raw area while it is shown
	focusCard  // a card, in the detail/raw area while it is shown
	focusQueue // the queue of notified leads, in the detail/raw area while it is shown
	// nPanes counts the panes: a new pane's focusID goes before it, and
	// its case in panes.call.
	nPanes
)

// env is what the inspector is given: options, the context of its
// requests, the clock and the time zone.
type env struct {
	Options
	ctx context.Context
	now func() time.Time
	loc *time.Location // where times are shown; nil means time.Local
}

// rootKeys are the keys the root acts on: the global ones and those for
// the lead on screen.
type rootKeys struct {
	globalKeys
	leadKeys
}

// minuteMsg re-renders ages ("5 min ago") as the clock moves on.
type minuteMsg struct{}

func minuteTick(now time.Time) tea.Cmd {
	next := now.Truncate(time.Minute).Add(time.Minute)
	return tea.Tick(next.Sub(now), func(time.Time) tea.Msg { return minuteMsg{} })
}
