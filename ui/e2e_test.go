package ui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"leadinspector/api"
	"leadinspector/api/demo"
)

// demoLead finds a demo lead by words of its description.
func demoLead(t *testing.T, what string) demo.Lead {
	t.Helper()
	for _, l := range demo.Leads() {
		if strings.Contains(l.What, what) {
			return l
		}
	}
	t.Fatalf("no demo lead %q", what)
	return demo.Lead{}
}

// startDemo serves the demo API on loopback and returns inspector options
// for it, as `leadinspector --demo` would.
func startDemo(t *testing.T, stateDir string) Options {
	t.Helper()
	srv, err := demo.Start(demo.Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: demo.Username, Password: demo.Password})
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Client: c, Profile: "demo", Demo: true, Host: strings.TrimPrefix(srv.URL, "http://"),
		CustomerID: demo.CustomerID, StateDir: stateDir, NoColor: true,
	}
}

// program is a running inspector and everything it has drawn so far. The
// renderer redraws only what changes, so text drawn once stays "seen".
type program struct {
	*teatest.TestModel
	seen bytes.Buffer
}

func startProgram(t *testing.T, o Options) *program {
	t.Helper()
	t.Setenv("TERM", "xterm-256color")
	m := New(o)
	return &program{TestModel: teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(120, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))}
}

// waitFor waits until the program has drawn every string.
func waitFor(t *testing.T, tm *program, what ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		tm.seen.Write(b)
		plain := ansi.Strip(tm.seen.String())
		for _, w := range what {
			if !strings.Contains(plain, w) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func TestEndToEndLookupFlipAndQuit(t *testing.T) {
	o := startDemo(t, t.TempDir())
	tm := startProgram(t, o)
	waitFor(t, tm, "DEMO", "Customer ID M30011", "No lead yet")

	lead := demoLead(t, "ordinary lead")
	tm.Type(lead.LeadID)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "200 OK", "held by the agent", "Hemnet", "Raw JSON", `"contactId": "ADR`)

	tm.Send(tea.KeyPressMsg{Code: 'f', Text: "f"})
	// The renderer redraws only the cells that change, so look for text
	// that is new on screen: "Raw JSON" becomes "Raw XML" by drawing "XML".
	waitFor(t, tm, "XML ─", "<IncomingLead", "<LeadType>AcceptObjectFlow</LeadType>")

	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(Model)
	// q ends the program at once; closing the history (as Run does) waits
	// for the write still in flight.
	if err := final.panes.hist.store.Close(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if e := final.panes.hist.store.Entries(); len(e) != 1 || e[0].LeadID != lead.LeadID || e[0].State != "New" || e[0].Profile != "demo" {
		t.Errorf("history after the session: %+v (writes pending %d)", e, final.panes.hist.store.Pending())
	}
}

func TestEndToEndErrorKeepsLeadAndHistoryPersists(t *testing.T) {
	dir := t.TempDir()
	o := startDemo(t, dir)
	tm := startProgram(t, o)
	good := demoLead(t, "user group holds it")
	tm.Type(good.LeadID)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "200 OK", "Booli")

	// Back to the input, a lead that does not exist.
	tm.Send(tea.KeyPressMsg{Code: 'i', Text: "i"})
	tm.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	missing := demoLead(t, "404 Not Found")
	tm.Send(tea.PasteMsg{Content: missing.CustomerID + "/" + missing.LeadID})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "not found (HTTP 404): customer M30011 has no such lead", "last lookup: 404")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(Model)
	if final.panes.detail.leadID != good.LeadID {
		t.Errorf("after the 404 the detail shows %q, want the previous lead", final.panes.detail.leadID)
	}

	// A new inspector on the same state directory lists both lookups.
	tm2 := startProgram(t, o)
	waitFor(t, tm2, good.LeadID, missing.LeadID, "[Assigned]", "History")
	tm2.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm2.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestEndToEndEscCancelsSlowLead(t *testing.T) {
	o := startDemo(t, "")
	tm := startProgram(t, o)
	slow := demoLead(t, "slow")
	tm.Type(slow.LeadID)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "looking up M30011/"+slow.LeadID, "esc cancels")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitFor(t, tm, "request cancelled")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

// TestEndToEndBatchPrivacyAndTicket pastes five demo ids, opens one, flips
// privacy on and off and copies the summary, as a new user would.
func TestEndToEndBatchPrivacyAndTicket(t *testing.T) {
	o := startDemo(t, t.TempDir())
	tm := startProgram(t, o)
	waitFor(t, tm, "DEMO", "No lead yet")
	ordinary, group := demoLead(t, "ordinary lead"), demoLead(t, "user group holds it")
	missing, failing := demoLead(t, "404 Not Found"), demoLead(t, "500 with JSON")
	ids := []string{ordinary.LeadID, group.LeadID, missing.LeadID, failing.LeadID, demoLead(t, "State changes").LeadID}
	tm.Send(tea.PasteMsg{Content: strings.Join(ids, "\n")})
	waitFor(t, tm, "Batch · customer M30011", "5 ids", "not found (HTTP 404)", "server error (HTTP 500", "[Assigned]")

	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // the first row
	waitFor(t, tm, "from the batch", "held by the agent", `"contactId": "ADR`)
	tm.Send(tea.KeyPressMsg{Code: 'p', Text: "p"})
	waitFor(t, tm, "PRIVACY", "(hidden in privacy mode)")
	tm.Send(tea.KeyPressMsg{Code: 'p', Text: "p"})
	waitFor(t, tm, "privacy off")
	tm.Send(tea.KeyPressMsg{Code: 't', Text: "t"})
	waitFor(t, tm, "copied summary for the ticket")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	final := tm.FinalModel(t).(Model)
	// The history's writer may still be at it when the program has ended:
	// closing it (as Run does) waits for it.
	if err := final.panes.hist.store.Close(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if n := len(final.panes.hist.store.Entries()); n != 5 {
		t.Errorf("%d history entries after the batch, want 5", n)
	}
	if final.privacy || final.panes.detail.leadID != ordinary.LeadID {
		t.Errorf("privacy %v, detail %q", final.privacy, final.panes.detail.leadID)
	}
}
