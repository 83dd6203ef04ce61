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
