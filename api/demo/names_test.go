package demo

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"leadinspector/api"
)

// Every shape the demo promises for names, through the real client and
// resolver, in JSON and in XML alike.
func TestNamesThroughTheClient(t *testing.T) {
	srv := httptest.NewServer(NewHandler(Options{}))
	defer srv.Close()
	ctx := context.Background()
	for _, f := range []api.Format{api.JSON, api.XML} {
		c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: Username, Password: Password, Timeout: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		r := api.NewResolver(c, api.ResolverOptions{Profile: "demo", Format: f})
		lead := func(customer, id string) (*api.IncomingLead, api.Names) {
			t.Helper()
			res, err := c.GetIncomingLead(ctx, customer, id, f)
			if err != nil {
				t.Fatalf("%s %s: %v", f, id, err)
			}
			return res.Lead, r.Resolve(ctx, customer, res.Lead)
		}
		get := func(ns api.Names, kind api.NameKind, customer, id string) api.Name {
			t.Helper()
			n, ok := ns.Get(kind, customer, id)
			if !ok {
				t.Fatalf("%s: %s %s not resolved", f, kind, id)
			}
			return n
		}

		// Ordinary: agent, office, an estate for sale with its agent, a person.
		l, ns := lead(CustomerID, idOrdinary)
		if fails := ns.Failures(); len(fails) != 0 {
			t.Errorf("%s ordinary: failures %+v", f, fails)
		}
		if n := get(ns, api.KindAgent, CustomerID, agentA); n.Label() != "Anna Berg" || n.User.Title != "Fastighetsmäklare" || n.User.FromUserList {
			t.Errorf("%s agent = %+v", f, n.User)
		}
		if n := get(ns, api.KindOffice, CustomerID, officeMain); n.Label() != "Mäklarhuset Södermalm" || n.Office.Switchboard != "08-555 123 00" || n.Office.ZipCode != "116 46" {
			t.Errorf("%s office = %+v", f, n.Office)
		}
		e := get(ns, api.KindEstate, CustomerID, l.BuyingEstateID)
		if e.Label() != "Ängsvägen 3, Farsta, Villa" || e.PrimaryAgent == nil || e.PrimaryAgent.Label() != "Anna Berg" ||
			e.Estate.Commission == nil || *e.Estate.Commission != (api.Money{Value: "98000", Currency: "SEK"}) ||
			!e.Estate.AgreementSignedAt.IsZero() || e.Estate.AssignmentDate.IsZero() || len(e.Estate.Status) == 0 {
			t.Errorf("%s estate = %q %+v", f, e.Label(), e.Estate)
		}
		if k := r.Contact(ctx, CustomerID, l.ContactID); k.Err != nil || k.Contact.Type != api.ContactPerson || k.Label() != "Karin Sjöberg" {
			t.Errorf("%s person contact = %+v", f, k)
		}

		// The group, a company contact.
		l, ns = lead(CustomerID, idGroup)
		if n := get(ns, api.KindUserGroup, CustomerID, groupSales); n.Label() != "Säljteamet Södermalm" {
			t.Errorf("%s group = %+v", f, n)
		}
		if k := r.Contact(ctx, CustomerID, l.ContactID); k.Contact == nil || k.Contact.Type != api.ContactCompany || k.Label() != "Byggnads AB Täppan" {
			t.Errorf("%s company contact = %+v", f, k)
		}

		// A valuation without sale status; a deceased estate.
		l, ns = lead(CustomerID, idSharktank)
		if e := get(ns, api.KindEstate, CustomerID, l.SellingEstateID); e.Err != nil || e.Estate.Status != nil ||
			!strings.Contains(e.Label(), "Solrosvägen 21") || e.Estate.AssignmentType[0].Value != "Valuation" {
			t.Errorf("%s valuation = %+v", f, e)
		}
		if k := r.Contact(ctx, CustomerID, l.ContactID); k.Contact == nil || k.Contact.Type != api.ContactDeceasedEstate || k.Label() != "Dödsbo efter Gustav Nyström" {
			t.Errorf("%s deceased estate = %+v", f, k)
		}

		// A user not on the website: the user list names them.
		_, ns = lead(CustomerID, idNoUTM)
		if n := get(ns, api.KindAgent, CustomerID, agentD); n.Label() != "David Ek" || !n.User.FromUserList {
			t.Errorf("%s fallback agent = %+v", f, n)
		}

		// M30012's website password is refused: agent and office say so,
		// the estate (CRM) still resolves.
		l, ns = lead(customerOther, idOddType)
		for _, k := range []api.NameKey{{Kind: api.KindAgent, CustomerID: customerOther, ID: agentD}, {Kind: api.KindOffice, CustomerID: customerOther, ID: officeOther}} {
			var na *api.NoAccessError
			if n := get(ns, k.Kind, k.CustomerID, k.ID); !errors.As(n.Err, &na) || na.Group != api.WebsiteFunctions {
				t.Errorf("%s %v: %v, want no access (website functions)", f, k, n.Err)
			}
		}
		if e := get(ns, api.KindEstate, customerOther, l.BuyingEstateID); e.Err != nil || !strings.Contains(e.Label(), "Kvarnvägen 5") {
			t.Errorf("%s M30012 estate = %+v", f, e)
		}

		// Every other lead's names resolve.
		for _, e := range catalogue() {
			if e.lead == nil || e.customer != CustomerID || e.do == serveSlow || e.do == serveFlaky {
				continue
			}
			if _, ns := lead(e.customer, e.id); len(ns.Failures()) != 0 {
				t.Errorf("%s %s: %+v", f, e.id, ns.Failures())
			}
		}
		c.CloseIdleConnections()
	}
}

// slow delays every answer of h by d, as a distant server would.
func slow(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(d):
			h.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	})
}

// At 200 ms a request, the lead arrives after one round trip and each of
// its names one round trip later (two for a user not on the website, who
// needs the user list); an estate's own primary agent, when it is someone
// else than the lead's holder, one more.
func TestNamesOneRoundTripAfterTheLead(t *testing.T) {
	const rtt = 200 * time.Millisecond
	srv := httptest.NewServer(slow(NewHandler(Options{}), rtt))
	defer srv.Close()
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: Username, Password: Password})
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseIdleConnections()
	ctx := context.Background()
	for _, tc := range []struct {
		id            string
		rounds, whole int
	}{{idOrdinary, 1, 1}, {idGroup, 1, 2}, {idNoUTM, 2, 2}} {
		r := api.NewResolver(c, api.ResolverOptions{})
		start := time.Now()
		res, err := c.GetIncomingLead(ctx, CustomerID, tc.id, api.JSON)
		if err != nil {
			t.Fatal(err)
		}
		leadAt := time.Since(start)
		if leadAt >= 2*rtt {
			t.Errorf("%s: lead after %v", tc.id, leadAt)
		}
		keys := api.LeadNameKeys(CustomerID, res.Lead)
		first := map[api.NameKey]time.Duration{}
		var last time.Duration
		ns := api.Names{}
		r.ResolveEach(ctx, keys, func(n api.Name) {
			after := time.Since(start) - leadAt
			if _, ok := first[n.Key]; !ok {
				first[n.Key] = after
			}
			last = after
			ns[n.Key] = n
		})
		for k, d := range first {
			if d < rtt || d >= time.Duration(tc.rounds+1)*rtt {
				t.Errorf("%s: %v %s %v after the lead, want at most %d round trip(s) of %v", tc.id, k.Kind, k.ID, d, tc.rounds, rtt)
			}
		}
		if last >= time.Duration(tc.whole+1)*rtt {
			t.Errorf("%s: estate agents %v after the lead, want %d round trip(s)", tc.id, last, tc.whole)
		}
		if len(first) != len(keys) || len(ns.Failures()) != 0 {
			t.Errorf("%s: %d of %d names; failures %+v", tc.id, len(first), len(keys), ns.Failures())
		}
		if ln := ns.Lead(CustomerID, res.Lead); ln.Office == nil || ln.Office.Label() != "Mäklarhuset Södermalm" {
			t.Errorf("%s: office %+v", tc.id, ln.Office)
		}
	}
}
