package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/demo"
)

// benchModel is the inspector at 120×40 showing lead, in colour, as a user
// sees it after a lookup.
func benchModel(b *testing.B, lead *api.IncomingLead, body []byte) Model {
	b.Helper()
	m, fc := newTest(b, 120, 40, func(o *Options) { o.NoColor = false })
	fc.leads["LEDBENCH"] = lead
	m.env.Client = bodyClient{fc, body}
	m = update(b, m, tea.BackgroundColorMsg{Color: color.Black})
	m = lookUp(b, m, "LEDBENCH")
	if m.panes.detail.leadID != "LEDBENCH" {
		b.Fatal("lookup failed: " + m.status.text)
	}
	return m
}

// bodyClient answers like the fake, with a given body.
type bodyClient struct {
	*fakeClient
	body []byte
}

func (c bodyClient) GetIncomingLead(ctx context.Context, cu, l string, f api.Format) (*api.Result, error) {
	if c.body == nil {
		return c.fakeClient.GetIncomingLead(ctx, cu, l, f)
	}
	r := resultFor(cu, l, &api.IncomingLead{}, f)
	r.Lead, r.Body, r.Size = c.leads[l], c.body, int64(len(c.body))
	return r, nil
}

func benchView(b *testing.B, m Model) {
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

func BenchmarkRootViewTypical(b *testing.B) {
	lead := typicalLead()
	benchView(b, benchModel(b, lead, wireJSON(lead)))
}

func BenchmarkRootView3000Utm(b *testing.B) {
	lead := manyUtmLead(3000)
	benchView(b, benchModel(b, lead, wireJSON(lead)))
}

// BenchmarkRootViewErrorWrapped is a frame at 80×24 whose status bar
// wraps a long error onto its second row.
func BenchmarkRootViewErrorWrapped(b *testing.B) {
	lead := typicalLead()
	m := benchModel(b, lead, wireJSON(lead))
	m = update(b, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	fc := m.env.Client.(bodyClient).fakeClient
	m.env.Client = fc
	fc.errs["LEDBAD"] = &api.ForbiddenError{StatusError: api.StatusError{Status: 403,
		Message: "Användaren saknar behörighet till kunden M30011 eller till funktionsgruppen CRM."}}
	m = lookUp(b, m, "LEDBAD")
	if m.fr.Status.H != 2 {
		b.Fatalf("status bar on %d rows", m.fr.Status.H)
	}
	benchView(b, m)
}

// tenMiBLead is a lead whose message makes its JSON body 10 MiB.
func tenMiBLead() (*api.IncomingLead, []byte) {
	lead := typicalLead()
	var msg strings.Builder
	for msg.Len() < 10<<20 {
		msg.WriteString("Hej! Jag är intresserad av lägenheten på Storgatan, kan vi boka en visning?\n")
	}
	lead.Message = msg.String()
	return lead, wireJSON(lead)
}

func BenchmarkRootView10MiB(b *testing.B) {
	lead, body := tenMiBLead()
	if len(body) < 10<<20 {
		b.Fatalf("body is %d bytes", len(body))
	}
	benchView(b, benchModel(b, lead, body))
}

// BenchmarkLookupDone10MiB is the one-off cost when a 10 MiB answer arrives:
// the detail and raw panes prepare their text (not a per-frame cost).
func BenchmarkLookupDone10MiB(b *testing.B) {
	lead, body := tenMiBLead()
	m := benchModel(b, typicalLead(), nil)
	res := resultFor("M30011", "LEDBIG", lead, api.JSON)
	res.Body = body
	for b.Loop() {
		m.req.request = request{active: true, seq: m.req.seq, stop: func() {}}
		tm, _ := m.Update(lookupDone(m.req.seq, kindLookup, lookupKey{"M30011", "LEDBIG"}, api.JSON, res, nil))
		_ = tm.(Model).View()
	}
}

// BenchmarkStartup is startup to the first frame: New, Init, the first
// window size and View (the budget is 100 ms).
func BenchmarkStartup(b *testing.B) {
	o := Options{Client: newFake(), Profile: "prod", Host: "connect.example", CustomerID: "M30011", StateDir: b.TempDir()}
	b.Run("plain", func(b *testing.B) { benchStartup(b, o) })
	// --demo: the empty detail pane lists the demo's leads to try.
	for _, d := range demo.Leads() {
		o.Examples = append(o.Examples, Example{CustomerID: d.CustomerID, LeadID: d.LeadID, What: d.What})
	}
	o.LeadID, o.Demo = o.Examples[0].LeadID, true
	b.Run("demo", func(b *testing.B) { benchStartup(b, o) })
}

// benchStartup is the inspector from New to its first frame.
func benchStartup(b *testing.B, o Options) {
	b.ReportAllocs()
	for b.Loop() {
		m := New(o)
		_ = m.Init()
		tm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = tm.(Model).View()
	}
}

// batchModel is the inspector at 120×40 in colour showing a finished batch
// of 200 ids.
func batchModel(b *testing.B) Model {
	b.Helper()
	m, fc := newTest(b, 120, 40, func(o *Options) { o.NoColor = false })
	m = update(b, m, tea.BackgroundColorMsg{Color: color.Black})
	var ids []string
	for i := range maxBatch {
		id := fmt.Sprintf("LED%032d", i)
		fc.leads[id] = typicalLead()
		ids = append(ids, id)
	}
	m = update(b, m, tea.PasteMsg{Content: strings.Join(ids, "\n")})
	if d, _, _ := m.panes.batch.run.counts(); d != maxBatch {
		b.Fatalf("%d rows answered", d)
	}
	return m
}

func BenchmarkRootViewBatch200(b *testing.B) {
	benchView(b, batchModel(b))
}

// BenchmarkBatchAnswer is what one answer of a 200-id batch costs in
// Update: the row, the history record's command, the table's render.
func BenchmarkBatchAnswer(b *testing.B) {
	m := batchModel(b)
	res := resultFor("M30011", "LED0", typicalLead(), api.JSON)
	k := lookupKey{"M30011", fmt.Sprintf("LED%032d", 100)} // row 100's
	b.ReportAllocs()
	for b.Loop() {
		m.panes.batch.run.rows[100].state = rowRunning
		m.panes.batch.run.inFlight = 1
		tm, _ := m.Update(batchDoneMsg{seq: m.panes.batch.run.seq, row: 100, key: k, res: res})
		_ = tm.(Model).View()
	}
}

// sixteenMiBLead is a lead whose message makes its JSON body 16 MiB, the
// client's cap.
func sixteenMiBLead() (*api.IncomingLead, []byte) {
	lead := typicalLead()
	var msg strings.Builder
	for msg.Len() < 16<<20-4096 {
		msg.WriteString("Hej! Jag är intresserad av lägenheten på Storgatan, kan vi boka en visning?\n")
	}
	lead.Message = msg.String()
	return lead, wireJSON(lead)
}

// lookupDoneFor runs the command of a lookup of lead (answered with body)
// and returns the message it delivers: the work the command does is not
// Update's.
func lookupDoneFor(b *testing.B, m Model, lead *api.IncomingLead, body []byte) (Model, lookupDoneMsg) {
	b.Helper()
	fc := newFake()
	fc.leads["LEDBIG"] = lead
	m.env.Client = bodyClient{fc, body}
	m.panes.focusField(fieldLead)
	m.panes.input.setIDs("M30011", "LEDBIG")
	_ = m.refresh()
	tm, cmd := m.Update(keyPress("enter"))
	m = tm.(Model)
	for _, msg := range cmdMsgs(cmd) {
		if d, ok := msg.(lookupDoneMsg); ok {
			return m, d
		}
	}
	b.Fatalf("the lookup delivered no answer: %q %v", m.status.text, cmdMsgs(cmd))
	return m, lookupDoneMsg{}
}

// BenchmarkUpdateLookupDone16MiB is Update for the message that delivers a
// 16 MiB body (the budget is 2 ms: the screen must not freeze).
func BenchmarkUpdateLookupDone16MiB(b *testing.B) {
	lead, body := sixteenMiBLead()
	m, msg := lookupDoneFor(b, benchModel(b, typicalLead(), nil), lead, body)
	b.ReportAllocs()
	for b.Loop() {
		if _, cmd := m.Update(msg); cmd == nil {
			b.Fatal("no follow-up command")
		}
	}
}

// BenchmarkUpdateSearch16MiB is Update for the keystroke that runs a search
// over a 16 MiB body (enter at the prompt; the budget is 2 ms).
func BenchmarkUpdateSearch16MiB(b *testing.B) {
	lead, body := sixteenMiBLead()
	m := benchModel(b, typicalLead(), nil)
	m, msg := lookupDoneFor(b, m, lead, body)
	m = drain(b, m, func() tea.Msg { return msg })
	m = focusPane(m, focusRaw)
	m = keys(b, m, "/", "visning")
	if !m.panes.raw.Searching() {
		b.Fatal("the search prompt is not open")
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = m.Update(keyPress("enter"))
	}
}

// BenchmarkUpdateTypeLead is Update for a letter typed into the Lead ID
// field, with a lead on screen: the commonest keystroke.
func BenchmarkUpdateTypeLead(b *testing.B) {
	m := benchModel(b, typicalLead(), nil)
	m = keys(b, m, "i")
	if m.panes.focus != focusInput {
		b.Fatal("the Lead ID field does not have the keyboard")
	}
	b.ReportAllocs()
	for b.Loop() {
		_, _ = m.Update(keyPress("7"))
	}
}

// BenchmarkFlipBack10MiB is f back to a format already fetched, on a
// 10 MiB body, up to the frame that shows it (the budget is 16 ms).
func BenchmarkFlipBack10MiB(b *testing.B) {
	lead, body := tenMiBLead()
	m := benchModel(b, typicalLead(), nil)
	m, msg := lookupDoneFor(b, m, lead, body)
	m = drain(b, m, func() tea.Msg { return msg })
	m = focusPane(m, focusRaw)
	m.env.Client = bodyClient{m.env.Client.(bodyClient).fakeClient, nil}
	m = keys(b, m, "f") // fetches the XML
	if m.format() != api.XML {
		b.Fatalf("showing %s", m.format())
	}
	b.ReportAllocs()
	for b.Loop() {
		tm, _ := m.Update(keyPress("f"))
		_ = tm.(Model).View()
	}
}
