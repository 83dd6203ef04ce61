package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api"
)

// wireJSON is a lead as Express Connect's JSON spells it (camelCase), for
// the raw pane of the golden screens.
func wireJSON(l *api.IncomingLead) []byte {
	type office struct {
		ID         string `json:"id"`
		CustomerID string `json:"customerId"`
	}
	off := func(o *api.Office) *office {
		if o == nil {
			return nil
		}
		return &office{o.ID, o.CustomerID}
	}
	var recv map[string]any
	if r := l.Receiver; r != nil {
		recv = map[string]any{"agent": nil, "userGroup": nil, "office": off(r.Office)}
		if r.Agent != nil {
			recv["agent"] = map[string]any{"id": r.Agent.ID, "office": off(r.Agent.Office)}
		}
		if r.UserGroup != nil {
			recv["userGroup"] = map[string]any{"id": r.UserGroup.ID}
		}
	}
	var src map[string]any
	if s := l.LeadSource; s != nil {
		src = map[string]any{"id": s.ID, "name": s.Name, "leadType": s.LeadType}
	}
	utm := make([]map[string]string, len(l.UtmTags))
	for i, u := range l.UtmTags {
		utm[i] = map[string]string{"name": u.Name, "value": u.Value}
	}
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	b, _ := json.Marshal(map[string]any{
		"contactId": nullable(l.ContactID), "leadSource": src, "sentAt": l.SentAt.Format("2006-01-02T15:04:05"),
		"receiver": recv, "buyingEstateId": nullable(l.BuyingEstateID), "sellingEstateId": nullable(l.SellingEstateID),
		"state": l.State, "message": nullable(l.Message), "isAnonymized": l.IsAnonymized, "utmTags": utm,
	})
	return api.PrettyJSON(b)
}

// goldenClient answers like the fake, with wire-style bodies.
type goldenClient struct{ *fakeClient }

func (g goldenClient) GetIncomingLead(ctx context.Context, c, l string, f api.Format) (*api.Result, error) {
	r, err := g.fakeClient.GetIncomingLead(ctx, c, l, f)
	if err == nil && f == api.JSON {
		r.Body = wireJSON(r.Lead)
		r.Size = int64(len(r.Body))
	}
	return r, err
}

func TestGolden(t *testing.T) {
	errorCases := map[string]error{
		"error-401": &api.UnauthorizedError{StatusError: api.StatusError{Status: 401, Message: "Authorization has been denied for this request."}},
		"error-403": &api.ForbiddenError{StatusError: api.StatusError{Status: 403}},
		"error-404": &api.NotFoundError{StatusError: api.StatusError{Status: 404}},
		"error-400": &api.RejectedError{StatusError: api.StatusError{Status: 400, Message: "The request is invalid."},
			Fields: map[string][]string{"id": {"The value 'LED 1' is not valid."}}},
		"error-500":      &api.ServerError{StatusError: api.StatusError{Status: 500, Message: "An error has occurred."}},
		"error-timeout":  &api.NetworkError{Timeout: true, Err: context.DeadlineExceeded},
		"error-network":  &api.NetworkError{Err: errors.New("dial tcp 10.0.0.1:443: connect: connection refused")},
		"error-badreply": &api.BadResponseError{Reason: api.WrongContentType, Detail: "expected application/json, got text/html", Excerpt: "<html><head><title>Sign in"},
	}
	cases := []struct {
		name string
		lead string // looked up first
		err  string // then this error
	}{
		{"typical", "LED1", ""},
		{"office-only-anonymised", "LEDOFF", ""},
		{"unknown-state", "LEDSTATE", ""},
		{"many-utm-tags", "LEDUTM", ""},
	}
	for name := range errorCases {
		cases = append(cases, struct{ name, lead, err string }{name, "LED1", name})
	}
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {160, 50}} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s-%dx%d", tc.name, sz[0], sz[1]), func(t *testing.T) {
				m, fc := newTest(t, sz[0], sz[1])
				m.env.Client = goldenClient{fc}
				m = lookUp(t, m, tc.lead)
				if tc.err != "" {
					fc.errs["LEDBAD"] = errorCases[tc.err]
					m = lookUp(t, m, "LEDBAD")
				}
				golden.RequireEqual(t, screen(m))
			})
		}
	}
}

// The first frame before any lookup, and the help overlay.
func TestGoldenStart(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, _ := newTest(t, sz[0], sz[1], func(o *Options) { o.Demo = true; o.Profile = "demo"; o.Host = "127.0.0.1:4000" })
			golden.RequireEqual(t, screen(m))
		})
		t.Run(fmt.Sprintf("help-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, _ := newTest(t, sz[0], sz[1])
			m = keys(t, m, "esc", "?")
			golden.RequireEqual(t, screen(m))
		})
	}
	t.Run("too-small-20x5", func(t *testing.T) {
		m, _ := newTest(t, 20, 5)
		golden.RequireEqual(t, screen(m))
	})
}

// The triage screens: the batch table, privacy mode, a watch that saw a
// change.
func TestGoldenTriage(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("batch-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, fc := newTest(t, sz[0], sz[1])
			mixedFake(fc)
			m.env.Client = goldenClient{fc}
			m = update(t, m, tea.PasteMsg{Content: mixedBatch})
			golden.RequireEqual(t, screen(m))
		})
		t.Run(fmt.Sprintf("privacy-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m, fc := newTest(t, sz[0], sz[1])
			m.env.Client = goldenClient{fc}
			m = lookUp(t, m, "LED1")
			m = keys(t, m, "p")
			golden.RequireEqual(t, screen(m))
		})
		t.Run(fmt.Sprintf("watch-changed-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			c := newClock()
			m, fc := newTest(t, sz[0], sz[1], func(o *Options) { o.Now = c.now })
			m.env.Client = goldenClient{fc}
			m = lookUp(t, m, "LED1")
			m = keys(t, m, "w")
			l := typicalLead()
			l.State = "Accepted"
			l.Receiver.Agent = nil
			fc.leads["LED1"] = l
			c.advance(30 * time.Second)
			m = tick(t, m)
			c.advance(4 * time.Second)
			m = tick(t, m)
			golden.RequireEqual(t, screen(m))
		})
	}
}

// The typical lead in colour on a dark and on a light terminal, escape
// sequences and all: a change to either palette fails here.
func TestGoldenThemes(t *testing.T) {
	for _, theme := range []struct {
		name string
		bg   color.Color
	}{{"dark", color.Black}, {"light", color.White}} {
		t.Run(theme.name, func(t *testing.T) {
			m, fc := newTest(t, 120, 40, func(o *Options) { o.NoColor = false })
			m.env.Client = goldenClient{fc}
			m = update(t, m, tea.BackgroundColorMsg{Color: theme.bg})
			m = lookUp(t, m, "LED1")
			golden.RequireEqual(t, m.View().Content)
		})
	}
}
