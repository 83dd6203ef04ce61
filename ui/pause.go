package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/budget"
	"leadinspector/api/i18n"
)

// pauses shows the request budgets' pauses in the status bar: while the
// server has asked everyone to wait, "waiting: the server asked to slow
// down (12 s)", counting down each second. Queued lookups wait (esc
// cancels them); the budget, not the screen, holds them back.
type pauses struct {
	budgets []*budget.Budget
	// started hears of each pause that begins; shared by the model's
	// copies, as the budgets are.
	started chan struct{}
	stop    func()
	ticking bool
	// after schedules the countdown's tick: tea.Tick, replaced in tests.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// pauseStartedMsg says a budget's pause began; pauseTickMsg counts down.
type (
	pauseStartedMsg struct{}
	pauseTickMsg    struct{}
)

// budgetsOf are the budgets of o: Options.Budgets, else the client's own.
func budgetsOf(o Options) []*budget.Budget {
	if o.Budgets != nil {
		return o.Budgets
	}
	if c, ok := o.Client.(interface{ Budgets() []*budget.Budget }); ok {
		return c.Budgets()
	}
	return nil
}

func newPauses(bs []*budget.Budget) pauses {
	p := pauses{budgets: bs, started: make(chan struct{}, 1), after: tea.Tick}
	stops := make([]func(), 0, len(bs))
	for _, b := range bs {
		stops = append(stops, b.Watch(func(budget.Pause) {
			select {
			case p.started <- struct{}{}:
			default: // one is waiting to be read: that is enough
			}
		}))
	}
	p.stop = func() {
		for _, s := range stops {
			s()
		}
	}
	return p
}

// listen waits for the next pause to begin, until ctx ends.
func (p pauses) listen(ctx context.Context) tea.Cmd {
	if len(p.budgets) == 0 {
		return nil
	}
	ch := p.started
	return func() tea.Msg {
		select {
		case <-ch:
			return pauseStartedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

// longest is the pause with the most left, if any.
func (p pauses) longest() (budget.Pause, time.Duration, bool) {
	var (
		best  budget.Pause
		most  time.Duration
		found bool
	)
	for _, b := range p.budgets {
		if pz, left, ok := b.Wait(); ok && left > most {
			best, most, found = pz, left, true
		}
	}
	return best, most, found
}

// words are the status bar's words for the pause, "" when there is none.
func (p pauses) words(l *i18n.Localizer) string {
	pz, left, ok := p.longest()
	if !ok {
		return ""
	}
	return api.WaitWords(l, pz, left)
}

// onStarted starts the countdown, and listens for the next pause.
func (p *pauses) onStarted(ctx context.Context) tea.Cmd {
	return tea.Batch(p.listen(ctx), p.tick())
}

// onTick counts down while a pause runs.
func (p *pauses) onTick() tea.Cmd {
	p.ticking = false
	return p.tick()
}

// tick schedules the next tick on the second boundary of the countdown,
// unless one is scheduled already or no pause runs.
func (p *pauses) tick() tea.Cmd {
	_, left, ok := p.longest()
	if p.ticking || !ok {
		return nil
	}
	p.ticking = true
	d := left % time.Second
	if d <= 0 {
		d = time.Second
	}
	return p.after(d, func(time.Time) tea.Msg { return pauseTickMsg{} })
}
