package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
)

// pauses shows the request budgets' pauses in the status bar: while the
// server has asked everyone to wait, "waiting: the server asked to slow
// down (12 s)", counting down each second. Queued lookups wait (esc
// cancels them); the budget, not the screen, holds them back.
type pauses struct {
	budgets []*budget.Budget
	ticking bool
	// after schedules the countdown's tick: tea.Tick, replaced in tests.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// relisten bounds how long one listen waits before it is renewed.
	relisten time.Duration
}

// pauseStartedMsg says a budget's pause began; pauseTickMsg counts down;
// pauseListenMsg renews the listening. The root hands each (a pauseMsg)
// to pauses.update.
type (
	pauseStartedMsg struct{}
	pauseTickMsg    struct{}
	pauseListenMsg  struct{}
)

// pauseMsg is one of the pauses' own messages.
type pauseMsg interface{ forPauses() }

func (pauseStartedMsg) forPauses() {}
func (pauseTickMsg) forPauses()    {}
func (pauseListenMsg) forPauses()  {}

// update takes one of the pauses' messages; ctx is the program's.
func (p *pauses) update(ctx context.Context, msg pauseMsg) tea.Cmd {
	switch msg.(type) {
	case pauseStartedMsg:
		return p.onStarted(ctx)
	case pauseTickMsg:
		return p.onTick()
	}
	// A pause that began between two listens is counted down too.
	return tea.Batch(p.listen(ctx), p.tick())
}

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
	return pauses{budgets: bs, after: tea.Tick, relisten: time.Minute}
}

// listen waits for the next pause to begin, until ctx ends. It watches the
// budgets only while it waits, and gives up (pauseListenMsg: the model
// listens again) after a while, so that a program that has ended (a hub
// session closed) leaves nothing watching the shared budgets.
func (p pauses) listen(ctx context.Context) tea.Cmd {
	if len(p.budgets) == 0 {
		return nil
	}
	bs, wait := p.budgets, p.relisten
	return func() tea.Msg {
		started := make(chan struct{}, 1)
		for _, b := range bs {
			stop := b.Watch(func(budget.Pause) {
				select {
				case started <- struct{}{}:
				default: // one is waiting to be read: that is enough
				}
			})
			defer stop()
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-started:
			return pauseStartedMsg{}
		case <-t.C:
			return pauseListenMsg{}
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
