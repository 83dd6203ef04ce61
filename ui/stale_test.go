package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/ui/rawview"
)

// Every kind of answer that comes back from a command (a lookup, a lead's
// names, a batch row, a batch holder's name, the contact, a detail render)
// may arrive after the user has moved on. These tests keep such answers
// back while the user moves on, then deliver them late, and check that
// the screen still shows what the user moved on to. Each answer differs
// from the current one in what the screen shows, so that taking it would
// fail the test.

// settleHolding is drain, except that the messages hold picks are kept
// back (as if still on their way) and returned, in order. A held name
// brings the rest of its resolve with it, so nothing runs behind the test.
func settleHolding(t testing.TB, m Model, cmd tea.Cmd, hold func(tea.Msg) bool) (Model, []tea.Msg) {
	t.Helper()
	var held []tea.Msg
	for _, msg := range run(cmd) {
		if hold(msg) {
			held = append(held, msg)
			for nm, ok := msg.(nameMsg); ok; nm, ok = msg.(nameMsg) {
				msgs := run(nm.next)
				if len(msgs) != 1 {
					t.Fatalf("a resolve's next name: %v", msgs)
				}
				msg = msgs[0]
				held = append(held, msg)
			}
			continue
		}
		switch msg.(type) {
		case lookupDoneMsg, historyMsg, historyOpenedMsg, detailRenderedMsg, batchDoneMsg, openReadyMsg, openDoneMsg,
			rawview.SearchDoneMsg, namesMsg:
			tm, c := m.Update(msg)
			var more []tea.Msg
			m, more = settleHolding(t, tm.(Model), c, hold)
			held = append(held, more...)
		}
	}
	return m, held
}

// deliver hands late messages to the model, settling what each starts.
func deliver(t testing.TB, m Model, late []tea.Msg) Model {
	t.Helper()
	if len(late) == 0 {
		t.Fatal("no answer was held back: the test proves nothing")
	}
	for _, msg := range late {
		m = update(t, m, msg)
	}
	return m
}

func holdAll[T any](msg tea.Msg) bool { _, ok := msg.(T); return ok }

// typeLead types a lead id into the Lead ID field and presses enter,
// returning the command the lookup starts.
func typeLead(m Model, lead string) (Model, tea.Cmd) {
	m.panes.focusField(fieldLead)
	m.panes.input.setField(fieldLead, lead)
	tm, cmd := m.Update(keyPress("enter"))
	return tm.(Model), cmd
}

func mustShow(t *testing.T, m Model, want, notWant []string) {
	t.Helper()
	s := screen(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("the screen lacks %q:\n%s", w, s)
		}
	}
	for _, w := range notWant {
		if strings.Contains(s, w) {
			t.Errorf("the screen shows %q from an answer the user moved on from:\n%s", w, s)
		}
	}
}

// A lookup's answer that comes after the user started another is dropped.
func TestStaleLookupIsDropped(t *testing.T) {
	m, _ := newTest(t, 140, 40)
	m, cmd := typeLead(m, "LED1")
	m, late := settleHolding(t, m, cmd, holdAll[lookupDoneMsg])
	m, cmd = typeLead(m, "LEDOFF")
	m, current := settleHolding(t, m, cmd, holdAll[lookupDoneMsg])
	m = deliver(t, m, late)    // LED1's, late
	m = deliver(t, m, current) // then LEDOFF's
	mustShow(t, m, []string{"Egen webb", "KON7"}, []string{"Hemnet"})
}

// A lead's names that come after another lead is shown are dropped, even
// where the new lead has the same ids: the agent's name may have changed.
func TestStaleNamesAreDropped(t *testing.T) {
	fn := newFakeNames()
	res := api.NewResolver(fn, api.ResolverOptions{Profile: "prod"})
	m, fc := newTest(t, 140, 40, func(o *Options) { o.Names = res })
	fc.leads["LED2"] = typicalLead() // held by the same agent
	m, cmd := typeLead(m, "LED1")
	m, late := settleHolding(t, m, cmd, holdAll[namesMsg])
	// Meanwhile the agent was renamed, and the user looks up LED2.
	fn.users["HANE99C53F2DE4F489AB1E464D0F9AFFACD"] = &api.User{Name: "Bertil Ny"}
	res.Refresh()
	m = lookUpNamed(t, m, "LED2")
	mustShow(t, m, []string{"Agent Bertil Ny"}, nil)
	m = deliver(t, m, late)
	mustShow(t, m, []string{"Agent Bertil Ny"}, []string{"Anna Berg"})
}

// A detail render of the lead before, finished late, does not replace the
// lead on screen.
func TestStaleRenderIsDropped(t *testing.T) {
	m, _ := newTest(t, 140, 40)
	m, cmd := typeLead(m, "LED1")
	m, late := settleHolding(t, m, cmd, holdAll[detailRenderedMsg])
	m = lookUp(t, m, "LEDOFF")
	mustShow(t, m, []string{"Egen webb"}, nil)
	if len(late) == 0 {
		t.Fatal("no render was held back")
	}
	for _, msg := range late {
		// Not even for one frame: the screen right after the late render,
		// before the program renders anything again.
		tm, cmd := m.Update(msg)
		mustShow(t, tm.(Model), []string{"Egen webb", "KON7"}, []string{"Hemnet", "Storgatan", "is being prepared"})
		m = drain(t, tm.(Model), cmd)
	}
	mustShow(t, m, []string{"Egen webb", "KON7"}, []string{"Hemnet", "Storgatan", "is being prepared"})
}

// A batch row's answer from a batch the user replaced is dropped.
func TestStaleBatchAnswersAreDropped(t *testing.T) {
	m, _ := newTest(t, 140, 40)
	tm, cmd := m.Update(tea.PasteMsg{Content: "LED1\nLEDSTATE\n"})
	m, late := settleHolding(t, tm.(Model), cmd, holdAll[batchDoneMsg])
	tm, cmd = m.Update(tea.PasteMsg{Content: "LEDOFF\nLEDUTM\n"})
	m, current := settleHolding(t, tm.(Model), cmd, holdAll[batchDoneMsg])
	m = deliver(t, m, late)
	m = deliver(t, m, current)
	mustShow(t, m, []string{"LEDOFF", "[Completed]", "office KON7", "LEDUTM", "[New]"}, []string{"WaitingForCustomer", "CallbackFlow"})
}

// The holders' names of a replaced batch are dropped.
func TestStaleBatchHolderNamesAreDropped(t *testing.T) {
	fn := newFakeNames()
	res := api.NewResolver(fn, api.ResolverOptions{Profile: "prod"})
	m, fc := newTest(t, 140, 40, func(o *Options) { o.Names = res })
	fc.leads["LED2"] = typicalLead()
	tm, cmd := m.Update(tea.PasteMsg{Content: "LED1\nLEDSTATE\n"})
	m, late := settleHolding(t, tm.(Model), cmd, holdAll[holderNameMsg])
	fn.users["HANE99C53F2DE4F489AB1E464D0F9AFFACD"] = &api.User{Name: "Bertil Ny"}
	res.Refresh()
	m = update(t, m, tea.PasteMsg{Content: "LED2\nLEDUTM\n"})
	mustShow(t, m, []string{"Bertil Ny"}, nil)
	m = deliver(t, m, late)
	mustShow(t, m, []string{"Bertil Ny"}, []string{"Anna Berg"})
}

// The contact of a lead the user left, arriving late, is not shown on
// the next lead's contact card.
func TestStaleContactIsDropped(t *testing.T) {
	fn := newFakeNames()
	fn.contacts["ADR2"] = &api.Contact{Type: api.ContactPerson, Name: "Bo Strand", Email: "bo@example.se"}
	m, fc := newTest(t, 160, 40, withNames(fn))
	other := typicalLead()
	other.ContactID = "ADR2"
	fc.leads["LED2"] = other
	m = lookUpNamed(t, m, "LED1")
	tm, cmd := m.Update(keyPress("K"))
	m, late := settleHolding(t, tm.(Model), cmd, holdAll[contactMsg])
	m = lookUpNamed(t, m, "LED2")
	tm, cmd = m.Update(keyPress("K"))
	m, current := settleHolding(t, tm.(Model), cmd, holdAll[contactMsg])
	m = deliver(t, m, late)
	m = deliver(t, m, current)
	mustShow(t, m, []string{"Contact card", "Bo Strand"}, []string{"Karin Ek"})
}

// A check slower than the watch interval is not cut off by the next tick:
// the tick waits for it (a new check would cancel the one in flight, and
// on a slow server no check would ever finish).
func TestWatchTickWaitsForASlowCheck(t *testing.T) {
	m, fc, c := watching(t)
	c.advance(31 * time.Second)
	fc.block = true
	tm, _ := m.Update(watchTickMsg{gen: m.watch.gen})
	m = tm.(Model)
	if !m.req.active {
		t.Fatal("the due tick did not start a check")
	}
	calls := len(fc.callList())
	seq := m.req.seq
	for range 3 {
		c.advance(31 * time.Second) // another interval passes, the check still runs
		tm, _ := m.Update(watchTickMsg{gen: m.watch.gen})
		m = tm.(Model)
		if m.req.seq != seq || !m.req.active {
			t.Fatal("a tick during a slow check cancelled it and started another")
		}
	}
	if n := len(fc.callList()); n != calls {
		t.Errorf("%d more requests during one slow check", n-calls)
	}
	if s := screen(m); !strings.Contains(s, "watching: checking M30011/LED1") {
		t.Errorf("status while the slow check runs:\n%s", s)
	}
}
