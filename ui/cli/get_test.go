package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"

	"leadinspector/api"
	"leadinspector/api/demo"
)

// recorder answers every lookup with the seed and notes what was asked.
type recorder struct {
	mu    sync.Mutex
	asked []api.LeadRef
	body  []byte
}

func (r *recorder) GetIncomingLead(_ context.Context, c, l string, f api.Format) (*api.Result, error) {
	r.mu.Lock()
	r.asked = append(r.asked, api.LeadRef{CustomerID: c, LeadID: l})
	r.mu.Unlock()
	lead, err := api.Decode(r.body, f)
	if err != nil {
		return nil, err
	}
	return &api.Result{Status: 200, Body: r.body, Lead: lead}, nil
}

func TestGetSplitsIDsLikeAPaste(t *testing.T) {
	seed, err := os.ReadFile("../../api/testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	stdin := "# Monday's leads\nLED1\n\nM2/LED2, https://x.example/api/CRM/Lead/M3/Incoming/LED3?y=1\nM4 LED4 # a comment\n"
	rec := &recorder{body: seed}
	var out, errb bytes.Buffer
	o := GetOptions{Args: GetArgs{CustomerID: "M1", FromStdin: true, Format: "json", Parallel: 1}}
	code := Get(context.Background(), rec, o, IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ref := func(c, l string) api.LeadRef { return api.LeadRef{CustomerID: c, LeadID: l} }
	want := []api.LeadRef{ref("M1", "LED1"), ref("M2", "LED2"), ref("M3", "LED3"), ref("M4", "LED4")}
	if len(rec.asked) != len(want) {
		t.Fatalf("asked %v, want %v", rec.asked, want)
	}
	var rows []jsonRow
	for line := range strings.Lines(out.String()) {
		var r jsonRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("row %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	for i, w := range want {
		if i >= len(rows) || rows[i].CustomerID != w.CustomerID || rows[i].LeadID != w.LeadID {
			t.Errorf("row %d = %+v, want customer %s lead %s", i, rows, w.CustomerID, w.LeadID)
		}
	}

	// In the text table a row of another customer says so.
	out.Reset()
	o.Args.Format = "text"
	Get(context.Background(), rec, o, IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	if !strings.Contains(out.String(), "\nLED1 ") || !strings.Contains(out.String(), "\nM2/LED2 ") {
		t.Errorf("text rows do not name their customers:\n%s", out.String())
	}
}

func TestGetRefusesBadIDsBeforeAnyRequest(t *testing.T) {
	for _, tc := range []struct {
		args  GetArgs
		stdin string
		want  string
	}{
		{GetArgs{CustomerID: "M1", LeadIDs: []string{"LED1", strings.Repeat("L", 41)}}, "", "longer than the API's 40 characters"},
		{GetArgs{CustomerID: "M1", FromStdin: true}, "LED1\nLED\x072\n", `line 2: "LED␇2" holds a control character`},
		{GetArgs{CustomerID: "M1", FromStdin: true}, "# nothing\n\n", "no lead ids on stdin"},
		{GetArgs{CustomerID: "M1", LeadIDs: []string{"LED1,LED2"}, Raw: true}, "", "--raw prints one body"},
	} {
		rec := &recorder{}
		var out, errb bytes.Buffer
		code := Get(context.Background(), rec, GetOptions{Args: tc.args}, IO{Stdin: strings.NewReader(tc.stdin), Stdout: &out, Stderr: &errb})
		if code != ExitUsage || !strings.Contains(errb.String(), tc.want) || len(rec.asked) != 0 {
			t.Errorf("%+v: exit %d, asked %v, stderr %q; want exit 2 saying %q and no request", tc.args, code, rec.asked, errb.String(), tc.want)
		}
	}
}

// parseGet parses a get command line and runs it against the demo.
func parseGet(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	inv, err := Parse(append([]string{"get", "--no-names"}, args...))
	if err != nil {
		return ExitUsage, "", err.Error()
	}
	d := newCountingDemo(t, 0)
	c, err := api.NewClient(api.Options{BaseURL: d.url, Username: demo.Username, Password: demo.Password,
		PublicCredentials: true, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	var out, errb bytes.Buffer
	o := GetOptions{Args: inv.Get, Parallel: 4, Lookup: Lookup{Profile: "demo", Demo: true}}
	code = Get(context.Background(), c, o, IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Width: 100})
	return code, out.String(), errb.String()
}

// A lead given as CUSTOMER/LEAD or as a URL names its customer: get needs
// no CUSTOMER_ID before it. A bare id still does.
func TestGetTakesLeadsThatNameTheirCustomer(t *testing.T) {
	url := "https://connect.example.com/CRM/Lead/M30011/Incoming/" + leadOrdinary
	for _, args := range [][]string{
		{"M30011/" + leadOrdinary},
		{url},
		{"M30011 " + leadOrdinary},
		{"M30011", leadOrdinary},
		{"M30011", "M30011/" + leadOrdinary},
	} {
		code, out, errb := parseGet(t, "", args...)
		if code != ExitOK || !strings.Contains(out, "Lead            "+leadOrdinary) || !strings.Contains(out, "Customer        M30011") {
			t.Errorf("get %q: exit %d\n%s\n%s", args, code, out, errb)
		}
	}
	// Several, each with its customer: one row each.
	code, out, errb := parseGet(t, "", "M30011/"+leadOrdinary, url)
	if code != ExitOK || strings.Count(out, "M30011/"+leadOrdinary) != 2 {
		t.Errorf("two leads: exit %d\n%s\n%s", code, out, errb)
	}
	// Stdin with no customer argument: every line names its own.
	code, out, errb = parseGet(t, "M30011/"+leadOrdinary+"\n"+url+"\n", "-")
	if code != ExitOK || strings.Count(out, "M30011/"+leadOrdinary) != 2 {
		t.Errorf("get - : exit %d\n%s\n%s", code, out, errb)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"M30011/" + leadOrdinary, "LED2"}, `"LED2" has no customer id`},
		{[]string{"M30011"}, `missing LEAD_ID after customer id "M30011"`},
		{[]string{leadOrdinary}, `missing CUSTOMER_ID before lead id "` + leadOrdinary + `": give the customer first`},
		{[]string{leadOrdinary, "LED2"}, `missing CUSTOMER_ID before lead id "` + leadOrdinary + `"`},
	} {
		code, out, errb := parseGet(t, "", tc.args...)
		if code != ExitUsage || !strings.Contains(errb, tc.want) || out != "" {
			t.Errorf("get %q: exit %d, stderr %q; want exit 2 saying %q", tc.args, code, errb, tc.want)
		}
	}
}

// Whatever the output, the person is told once, on stderr, that the leads
// are the demo's made-up ones: json, xml and --raw go into files and
// scripts where fictional data would be taken for real.
func TestDemoNoticeForEveryForm(t *testing.T) {
	for _, args := range [][]string{
		{"M30011", leadOrdinary},
		{"--format", "json", "M30011", leadOrdinary},
		{"--format", "xml", "M30011", leadOrdinary},
		{"--raw", "M30011", leadOrdinary},
		{"M30011", leadOrdinary, leadOrdinary},
		{"--format", "json", "M30011", leadOrdinary, leadOrdinary},
	} {
		code, out, errb := parseGet(t, "", args...)
		if code != ExitOK || strings.Count(errb, "[DEMO]") != 1 || strings.Contains(out, "[DEMO]") {
			t.Errorf("get %q: exit %d, stderr %q", args, code, errb)
		}
	}
}
