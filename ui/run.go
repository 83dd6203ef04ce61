package ui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/term"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/history"
	"leadinspector/ui/rawview"
	"leadinspector/ui/styles"
)

// New builds the inspector. It does no I/O: the history is opened by Init's
// command, so the first frame is not held up by the disk.
func New(o Options) Model {
	if o.Format == "" {
		o.Format = api.JSON
	}
	if o.Lang == nil {
		o.Lang = i18n.New(i18n.English)
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
	store := history.NewWriter(o.StateDir, o.HistoryLimit)
	m := Model{
		env: env{Options: o, ctx: context.Background(), now: o.Now},
		st:  st,
		panes: panes{
			focus:  focusInput,
			input:  newInputPane(o.CustomerID, o.LeadID, st, o.Lang),
			detail: newDetailPane(o.Examples, o.Lang),
			raw:    rawPane{rawview.New(st, o.Lang)},
			hist:   newHistoryPane(st, store, o.Lang),
			batch:  newBatchTable(st, newBatchRun(context.Background(), o.Parallel, store, o.Lang), o.Lang),
			card:   newCardPane(o.Lang),
			queue:  newQueuePane(o),
		},
		keys:    rootKeys{newGlobalKeys(o.Lang), newLeadKeys(o.Lang)},
		help:    newHelpBar(o.Lang),
		req:     newRequests(),
		privacy: o.Privacy,
		watch:   newWatcher(o.WatchInterval, o.Lang),
		names:   newLeadNames(o),
		pauses:  newPauses(budgetsOf(o)),
	}
	if o.Hub != nil {
		m.panes.hist.desk.on, m.panes.hist.desk.person = true, o.Hub.Person
	}
	m.panes.raw.SetPrivacy(o.Privacy)
	m.applyStyles()
	m.panes.input.focus(fieldLead)
	m.refresh()
	return m
}

// Run runs the inspector until the user quits or ctx ends, then waits (a
// bounded time) for the history writes still in flight.
//
// Bubble Tea draws its first frame one frame interval after it has set up
// the terminal, whatever the model. So the inspector is built (Prepare,
// then New) on another goroutine while Bubble Tea sets up: the program
// starts with a boot model, which takes the inspector over in Init.
func Run(ctx context.Context, o Options) error {
	built := make(chan booted, 1)
	go func() {
		bt := build(ctx, o)
		frame, w, h := firstFrame(bt, func() (int, int, error) { return term.GetSize(os.Stdout.Fd()) })
		built <- bt
		warmRenderer(frame, w, h, colorProfile(o.NoColor))
	}()
	b := &boot{built: built}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithColorProfile(colorProfile(o.NoColor))}
	final, err := tea.NewProgram(b, opts...).Run()
	m, ok := b.model()
	if !ok {
		// The program ended before Init (no terminal): the inspector is
		// still built, and its history to be closed.
		bt := <-built
		if bt.panic != nil {
			panic(bt.panic)
		}
		m = bt.m
	}
	if fm, ok := final.(Model); ok {
		fm.req.cancel()
		fm.panes.batch.cancelRun()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		err = ctx.Err()
	}
	if cerr := m.panes.hist.store.Close(closeWait); cerr != nil {
		// The lookups worked; only their record was not kept: a warning
		// for main to print, not a failure of the program.
		if err == nil {
			return &HistoryNotSavedError{Err: cerr}
		}
		return errors.Join(err, &HistoryNotSavedError{Err: cerr})
	}
	return err
}

// booted is the inspector built for Run, or the panic that stopped it.
type booted struct {
	m     Model
	panic any
}

// build completes o (Prepare) and builds the inspector for ctx. A panic
// is handed over, to be raised where Bubble Tea restores the terminal.
func build(ctx context.Context, o Options) (b booted) {
	defer func() {
		if r := recover(); r != nil {
			b.panic = r
		}
	}()
	if o.Prepare != nil {
		o.Prepare(&o)
		o.Prepare = nil
	}
	m := New(o)
	m.env.ctx, m.panes.batch.run.parent, m.names.parent = ctx, ctx, ctx
	m.panes.queue.SetContext(ctx)
	return booted{m: m}
}

// firstFrame is the inspector's first frame, drawn on a copy of it at the
// terminal's size (the program's own gets its size message as ever), and
// that size; "" when there is no terminal to ask.
func firstFrame(bt booted, size func() (int, int, error)) (frame string, w, h int) {
	if bt.panic != nil {
		return "", 0, 0
	}
	// Only a head start: a panic here is the program's own View's, and
	// comes again where Bubble Tea restores the terminal.
	defer func() {
		if recover() != nil {
			frame = ""
		}
	}()
	w, h, err := size()
	if err != nil || w <= 0 || h <= 0 {
		return "", 0, 0
	}
	m := bt.m
	m.resize(w, h)
	return m.View().Content, w, h
}

// warmRenderer turns frame into terminal output once, into a screen buffer
// of its own and then to nothing, as Bubble Tea's renderer will at the first
// frame interval. That is when the code that does it would otherwise run
// for the first time; now it runs while Bubble Tea waits for the interval,
// and the frame goes out 2-3 ms sooner. ultraviolet is Bubble Tea's own
// renderer, already in the binary.
func warmRenderer(frame string, w, h int, p colorprofile.Profile) {
	if frame == "" {
		return
	}
	defer func() { _ = recover() }() // only a head start; nothing depends on it
	buf := uv.NewScreenBuffer(w, h)
	uv.NewStyledString(frame).Draw(buf, buf.Bounds())
	r := uv.NewTerminalRenderer(io.Discard, nil)
	r.SetColorProfile(p)
	r.SetFullscreen(true)
	r.Render(buf.RenderBuffer)
	_ = r.Flush()
}

// boot is the model Bubble Tea starts with. Its Init waits for the
// inspector and hands on to it; the first Update returns the inspector,
// which is the program's model from then on.
type boot struct {
	built <-chan booted
	m     *Model // set by Init
}

// Init takes the inspector, waiting for it to be built if need be.
func (b *boot) Init() tea.Cmd {
	bt := <-b.built
	if bt.panic != nil {
		panic(bt.panic)
	}
	b.m = &bt.m
	return b.m.Init()
}

func (b *boot) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return b.m.Update(msg) }

func (b *boot) View() tea.View { return b.m.View() }

// model is the inspector, once Init has taken it.
func (b *boot) model() (Model, bool) {
	if b.m == nil {
		return Model{}, false
	}
	return *b.m, true
}

// colorProfile is the terminal's colour profile, detected once per process.
// Lip Gloss's package-level Writer detects it for stdout when the program
// starts, before main can run (in tmux that runs `tmux info`); Bubble Tea
// would detect it again in Run unless it is given one, so it gets that one.
func colorProfile(noColor bool) colorprofile.Profile {
	if noColor {
		return colorprofile.Ascii
	}
	return lipgloss.Writer.Profile
}

// HistoryNotSavedError says the history writes still running when the
// program ended did not finish in time or failed.
type HistoryNotSavedError struct{ Err error }

func (e *HistoryNotSavedError) Error() string { return "history not saved: " + e.Err.Error() }

// Words is the error in l's language.
func (e *HistoryNotSavedError) Words(l *i18n.Localizer) string {
	return l.T("ui.history.problem.not_saved", "Err", history.Words(l, e.Err))
}
func (e *HistoryNotSavedError) Unwrap() error { return e.Err }
