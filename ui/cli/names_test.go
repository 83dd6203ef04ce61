package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
	"leadinspector/api/roundtrip"
)

// Demo leads the tests below use.
const (
	leadOrdinary = "LED39BDD2493FF3126D1EA37873E40D7549" // agent Anna Berg, villa on Ängsvägen 3
	leadOddState = "LED1D33672F4F525FABF15167CC56930D05" // agent Anna Berg too
	leadStepping = "LEDBD80144E581A22B63D655677D0DE3A8A" // agent Cecilia Holm
	leadFallback = "LED6A718559544374C712C3F892C2877213" // agent not on the website: user list
	leadNoWeb    = "LED49296B2254ED6E99D332564B0D935DC9" // customer M30012: website password refused
	agentAnna    = "HAN379F6990AFF8E177257CEA37007EBB9B"
)

// countingDemo is the demo API behind a server that counts the requests
// per path and answers each after delay.
type countingDemo struct {
	url    string
	mu     sync.Mutex
	paths  map[string]int
	counts roundtrip.Counter
}

func newCountingDemo(t *testing.T, delay time.Duration) *countingDemo {
	t.Helper()
	d := &countingDemo{paths: map[string]int{}}
	h := demo.NewHandler(demo.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		d.paths[r.URL.Path]++
		d.mu.Unlock()
		defer d.counts.Begin()()
		time.Sleep(delay)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	d.url = srv.URL
	return d
}

// rounds is the number of round trips the client waited for, one after
// another (roundtrip.Counter): what the client waited on, not the time it
// took, so a loaded machine cannot change it.
func (d *countingDemo) rounds() int { return d.counts.Rounds() }

// count is the number of requests whose path holds substr ("" counts all).
func (d *countingDemo) count(substr string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for p, c := range d.paths {
		if strings.Contains(p, substr) {
			n += c
		}
	}
	return n
}

// getDemo runs get against d with a real client and resolver.
func getDemo(t *testing.T, d *countingDemo, args GetArgs, lang i18n.Lang) (code int, stdout, stderr string) {
	t.Helper()
	c, err := api.NewClient(api.Options{BaseURL: d.url, Username: demo.Username, Password: demo.Password,
		PublicCredentials: true, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	if args.Format == "" {
		args.Format = "text"
	}
	o := GetOptions{Args: args, Parallel: 4, Lookup: Lookup{Profile: "demo", Demo: true},
		Names: api.NewResolver(c, api.ResolverOptions{Profile: "demo"})}
	var out, errb bytes.Buffer
	code = Get(context.Background(), c, o, IO{Stdout: &out, Stderr: &errb, Width: 100, Localizer: i18n.New(lang)})
	return code, out.String(), errb.String()
}

func TestGetTextShowsNames(t *testing.T) {
	d := newCountingDemo(t, 0)
	code, out, stderr := getDemo(t, d, GetArgs{CustomerID: demo.CustomerID, LeadIDs: []string{leadOrdinary}}, i18n.English)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Ids whole beside the names: text output is copied into tickets.
	for _, want := range []string{"Anna Berg (" + agentAnna + ")",
		"Mäklarhuset Södermalm (KTR4338F8895CF13A219751FBA1FA6F447B, customer M30011)", "Ängsvägen 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "…") {
		t.Errorf("an id is cut short:\n%s", out)
	}
	if strings.Contains(stderr, "no access") || strings.Contains(stderr, "not found") {
		t.Errorf("names failed: %s", stderr)
	}
	// Each id once: the agent, the office (the agent's and the
	// receiver's are one), the estate.
	for _, p := range []string{"/Advertising/User/M30011/" + agentAnna, "/Advertising/Office/", "/Estate/"} {
		if n := d.count(p); n != 1 {
			t.Errorf("%s asked %d times, want once (%v)", p, n, d.paths)
		}
	}
	// Without names the summary names the holder by its whole id.
	_, out, _ = getDemo(t, d, GetArgs{CustomerID: demo.CustomerID, LeadIDs: []string{leadOrdinary}, NoNames: true}, i18n.English)
	if !strings.Contains(out, "held by "+agentAnna+" (agent)") || strings.Contains(out, "…") {
		t.Errorf("--no-names does not give the whole id:\n%s", out)
	}
}

func TestPrivacyAsksForNoEstate(t *testing.T) {
	d := newCountingDemo(t, 0)
	c, err := api.NewClient(api.Options{BaseURL: d.url, Username: demo.Username, Password: demo.Password, PublicCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	o := GetOptions{Args: GetArgs{Format: "text", CustomerID: demo.CustomerID, LeadIDs: []string{leadOrdinary}}, Privacy: true,
		Names: api.NewResolver(c, api.ResolverOptions{})}
	var out bytes.Buffer
	if code := Get(context.Background(), c, o, IO{Stdout: &out, Stderr: &out}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if d.count("/Estate/") != 0 || strings.Contains(out.String(), "Ängsvägen") {
		t.Errorf("privacy mode asked for the estate (%v) or shows it:\n%s", d.paths, out.String())
	}
	if !strings.Contains(out.String(), "Anna Berg") {
		t.Errorf("privacy mode lost the agent's name:\n%s", out.String())
	}
}

func TestNoNamesJSONXMLAndRawAskOnlyForTheLead(t *testing.T) {
	for _, args := range []GetArgs{
		{NoNames: true},
		{Format: "json"},
		{Format: "xml"},
		{Raw: true},
	} {
		d := newCountingDemo(t, 0)
		args.CustomerID, args.LeadIDs = demo.CustomerID, []string{leadOrdinary}
		code, out, stderr := getDemo(t, d, args, i18n.English)
		if code != ExitOK {
			t.Fatalf("%+v: exit %d: %s", args, code, stderr)
		}
		if n := d.count(""); n != 1 {
			t.Errorf("%+v: %d requests, want 1 (the lead): %v", args, n, d.paths)
		}
		if strings.Contains(out, "Anna Berg") {
			t.Errorf("%+v: names shown:\n%s", args, out)
		}
	}
}

func TestAFailedNameIsOneLineOnStderrAndKeepsTheExitCode(t *testing.T) {
	d := newCountingDemo(t, 0)
	code, out, stderr := getDemo(t, d, GetArgs{CustomerID: demo.CustomerID, LeadIDs: []string{"M30012/" + leadNoWeb}}, i18n.English)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0: a name's failure is not the lead's: %s", code, stderr)
	}
	if !strings.Contains(out, "HAN89004204937985CC908873D8669C6CBB") {
		t.Errorf("the agent's id is not shown:\n%s", out)
	}
	want := "leadinspector: agent HAN89004204937985CC908873D8669C6CBB: no access (website functions)\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q, want the line %q", stderr, want)
	}
	if strings.Count(stderr, "agent HAN89004204937985CC908873D8669C6CBB") != 1 {
		t.Errorf("the agent's failure said more than once: %q", stderr)
	}

	_, _, stderr = getDemo(t, newCountingDemo(t, 0), GetArgs{CustomerID: "M30012", LeadIDs: []string{leadNoWeb}}, i18n.Swedish)
	if !strings.Contains(stderr, "leadinspector: handläggare HAN89004204937985CC908873D8669C6CBB: ingen behörighet (hemsidefunktioner)\n") {
		t.Errorf("Swedish: %q", stderr)
	}
}

func TestBatchAsksForAHolderOnce(t *testing.T) {
	d := newCountingDemo(t, 0)
	ids := []string{leadOrdinary, leadOddState, leadStepping, leadOrdinary, "M30012/" + leadNoWeb, "M30012/" + leadNoWeb}
	code, out, stderr := getDemo(t, d, GetArgs{CustomerID: demo.CustomerID, LeadIDs: ids}, i18n.English)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := d.count("/Advertising/User/M30011/" + agentAnna); n != 1 {
		t.Errorf("Anna Berg asked for %d times for 4 leads, want once", n)
	}
	if n := strings.Count(out, "agent Anna Berg ("+agentAnna+")"); n != 3 || !strings.Contains(out, "agent Cecilia Holm (HANDBA") || strings.Contains(out, "…") {
		t.Errorf("%d rows name Anna Berg, want 3, and one Cecilia Holm:\n%s", n, out)
	}
	if n := strings.Count(stderr, "agent HAN89004204937985CC908873D8669C6CBB: no access (website functions)"); n != 1 {
		t.Errorf("the refused agent reported %d times, want once: %q", n, stderr)
	}
	t.Logf("%d ids: %d requests (%d agent)", len(ids), d.count(""), d.count("/User"))
	// json rows stay the leads as received: no names asked for.
	d = newCountingDemo(t, 0)
	getDemo(t, d, GetArgs{Format: "json", CustomerID: demo.CustomerID, LeadIDs: ids}, i18n.English)
	if n := d.count(""); n != len(ids) {
		t.Errorf("--format json with %d ids made %d requests: %v", len(ids), n, d.paths)
	}
}

// Names add one round trip to the lead's, two when the agent is not on
// the website and the user list is asked next. The server counts the
// rounds the client waited on (see rounds), not the time, so the test
// holds on a loaded machine; the delay only makes requests sent together
// overlap.
func TestNamesAddOneRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		lead  string
		trips int
	}{
		{leadOrdinary, 2},
		{leadFallback, 3},
	} {
		d := newCountingDemo(t, 100*time.Millisecond)
		code, out, stderr := getDemo(t, d, GetArgs{CustomerID: demo.CustomerID, LeadIDs: []string{tc.lead}}, i18n.English)
		if code != ExitOK || strings.Count(stderr, "\n") != 1 { // the demo's notice only
			t.Fatalf("%s: exit %d: %s", tc.lead, code, stderr)
		}
		if !strings.Contains(out, "(HAN") {
			t.Errorf("%s: no agent name:\n%s", tc.lead, out)
		}
		if got := d.rounds(); got != tc.trips {
			t.Errorf("%s: %d round trips one after another, want %d (the lead's and %d for names)", tc.lead, got, tc.trips, tc.trips-1)
		}
		t.Logf("%s: %d requests in %d rounds", tc.lead, d.count(""), d.rounds())
	}
}
