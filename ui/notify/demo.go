package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"leadinspector/api/demo"
	"leadinspector/api/notify"
)

// The demo's notifications: what `serve --demo` stores at start (a day or
// three of history, stuck leads among them) and then posts, over HTTP to
// its own receiver as Vitec would, every few seconds, so the queue can be
// tried offline. Every lead is one of the demo API's, so a lookup finds it.

// demoLeads are the demo API's leads that look up fine (no failure ids).
func demoLeads() []demo.Lead {
	var out []demo.Lead
	for _, l := range demo.Leads() {
		if len(l.LeadID) == 35 && !strings.HasPrefix(l.LeadID, "LED0000") && strings.HasPrefix(l.CustomerID, "M3") {
			out = append(out, l)
		}
	}
	return out
}

// demoPast is each demo lead's history at start: causes and how long ago.
var demoPast = [][]struct {
	cause string
	ago   time.Duration
}{
	{{notify.CauseLeadAccepted, 3 * time.Hour}, {notify.CauseNewMeeting, 70 * time.Minute}},
	{{notify.CauseNewComeback, 30 * time.Hour}},
	{{notify.CauseLeadAccepted, 50 * time.Hour}, {notify.CauseNewMeeting, 30 * time.Hour}, {notify.CauseAssigned, 20 * time.Hour}},
	{{notify.CauseLeadContacted, 5 * time.Hour}},
	{{notify.CauseLeadPostponed, 40 * time.Hour}},
	{{notify.CauseLeadAccepted, 80 * time.Hour}, {notify.CauseLeadCanceled, 72 * time.Hour}},
	// A cause Vitec has not documented: kept and shown as received.
	{{"LeadReopened", 20 * time.Minute}},
	{{notify.CauseLeadAccepted, 26 * time.Hour}, {notify.CauseAssignedValuation, 2 * time.Hour}},
	{{notify.CauseNewMeeting, 9 * time.Hour}},
	{{notify.CauseLeadAccepted, 15 * time.Minute}},
}

// demoNext is what the stream sends, in turn, lead by lead.
var demoNext = []string{
	notify.CauseLeadAccepted, notify.CauseNewMeeting, notify.CauseNewComeback, notify.CauseAssigned,
	notify.CauseLeadPostponed, notify.CauseAssignedContractWriting, notify.CauseLeadContacted,
	notify.CauseNoAssigment,
}

func demoNote(l demo.Lead, i int, cause string) notify.Notification {
	return notify.Notification{Name: "leadinspector-demo", Type: notify.TypeIncomingLead, Event: notify.EventUpdate,
		CustomerID: l.CustomerID, ID: l.LeadID, PartnerID: "PC1", ExternalID: fmt.Sprintf("crm-%d", 1001+i),
		Cause: cause, ChainID: "G1", TenantID: "T1"}
}

type demoStream struct {
	db    *DB
	url   string
	every time.Duration
	log   *slog.Logger
	leads []demo.Lead
	hc    *http.Client
}

func newDemoStream(db *DB, url string, every time.Duration, log *slog.Logger) *demoStream {
	if every <= 0 {
		every = 6 * time.Second
	}
	return &demoStream{db: db, url: url, every: every, log: log, leads: demoLeads(),
		hc: &http.Client{Timeout: 5 * time.Second}}
}

// backfill stores the demo's history, as if received in the past. It
// returns the latest notification of each lead, to be looked up.
func (d *demoStream) backfill(ctx context.Context, now time.Time) ([]notify.Notification, error) {
	var latest []notify.Notification
	for i, l := range d.leads {
		if i >= len(demoPast) {
			break
		}
		for _, p := range demoPast[i] {
			n := demoNote(l, i, p.cause)
			if _, err := d.db.Record(ctx, n, now.Add(-p.ago)); err != nil {
				return latest, err
			}
			if p == demoPast[i][len(demoPast[i])-1] {
				latest = append(latest, n)
			}
		}
	}
	return latest, nil
}

// run posts one notification every d.every until ctx ends: the leads in
// turn, each with the next cause of demoNext.
func (d *demoStream) run(ctx context.Context) {
	if len(d.leads) == 0 {
		return
	}
	t := time.NewTicker(d.every)
	defer t.Stop()
	for n := 0; ; n++ {
		// The first one at once, so a new session sees the queue move.
		i := n % len(d.leads)
		d.post(ctx, demoNote(d.leads[i], i, demoNext[(n/len(d.leads)+i)%len(demoNext)]))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *demoStream) post(ctx context.Context, n notify.Notification) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url+"?"+n.Query().Encode(), bytes.NewReader(n.Body()))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := d.hc.Do(req)
	if err != nil {
		// The URL holds the token: log the reason without it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if ctx.Err() == nil {
			d.log.Warn("demo notification not delivered", "error", err.Error())
		}
		return
	}
	resp.Body.Close()
}
