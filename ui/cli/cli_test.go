package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
)

func TestParse(t *testing.T) {
	cases := []struct {
		args []string
		want Invocation
	}{
		{nil, Invocation{}},
		{[]string{"--demo", "--no-color"}, Invocation{Global: Global{Demo: true, NoColor: true}}},
		{[]string{"get", "M1", "L1", "--format", "xml", "--timeout=2s"},
			Invocation{Command: CmdGet, Global: Global{Timeout: 2 * time.Second}, Get: GetArgs{Format: "xml", CustomerID: "M1", LeadIDs: []string{"L1"}}}},
		{[]string{"--profile", "prod", "get", "--raw", "M1", "--accept=xml", "L1"},
			Invocation{Command: CmdGet, Global: Global{Profile: "prod"}, Get: GetArgs{Format: "text", Accept: "xml", Raw: true, CustomerID: "M1", LeadIDs: []string{"L1"}}}},
		{[]string{"get", "--demo", "M1", "-", "--parallel", "8", "--privacy"},
			Invocation{Command: CmdGet, Global: Global{Demo: true, Privacy: true}, Get: GetArgs{Format: "text", Parallel: 8, CustomerID: "M1", FromStdin: true}}},
		{[]string{"get", "M1", "--", "--L1", "-x"},
			Invocation{Command: CmdGet, Get: GetArgs{Format: "text", CustomerID: "M1", LeadIDs: []string{"--L1", "-x"}}}},
		{[]string{"demo", "--addr", "127.0.0.1:8765"}, Invocation{Command: CmdDemo, Demo: DemoArgs{Addr: "127.0.0.1:8765"}}},
		{[]string{"demo", "--list"}, Invocation{Command: CmdDemo, Demo: DemoArgs{List: true}}},
		{[]string{"config", "check", "--config", "/x.toml"}, Invocation{Command: CmdConfig, Sub: "check", Global: Global{Config: "/x.toml"}}},
		{[]string{"--config=/y.toml", "config", "init"}, Invocation{Command: CmdConfig, Sub: "init", Global: Global{Config: "/y.toml"}}},
		{[]string{"help", "demo"}, Invocation{Command: CmdDemo, Help: true}},
		{[]string{"-h", "get"}, Invocation{Command: CmdGet, Help: true, Get: GetArgs{Format: "text"}}},
		{[]string{"version"}, Invocation{Command: CmdVersion}},
	}
	for _, c := range cases {
		got, err := Parse(c.args)
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if !reflect.DeepEqual(*got, c.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", c.args, *got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"get", "M1", "L1", "--password=hunter2"}, "unknown flag --password: the password is never a flag"},
		{[]string{"get", "--timeout", "0s", "M1", "L1"}, "invalid value \"0s\" for flag --timeout: use a duration above 0"},
		{[]string{"get", "--accept", "text", "M1", "L1"}, `--accept "text": use json or xml`},
		{[]string{"get", "M1", "L1", "-", "L2"}, "- (read lead ids from stdin) must be the only LEAD_ID"},
		{[]string{"get", "--format", "xml", "M1", "-"}, "--format xml prints one body"},
		{[]string{"get", "--timeout"}, "flag needs an argument: --timeout"},
		{[]string{"demo", "extra"}, `unexpected argument "extra"`},
		{[]string{"config", "edit"}, `unknown config subcommand "edit"`},
		{[]string{"help", "nope"}, `no help for "nope"`},
		// The value is said once (was: `… --since: --since "0": write …`).
		{[]string{"queue", "--since", "0"}, `invalid value "0" for flag --since: write a span like 36h, 90m or 7d (run`},
	}
	for _, c := range cases {
		_, err := Parse(c.args)
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want a usage error with %q", c.args, err, c.want)
		}
		if strings.Contains(fmt.Sprint(err), "hunter2") {
			t.Errorf("%q: the error echoes the password", c.args)
		}
	}
}

// getter is a fake client.
type getter func(ctx context.Context, customer, id string, f api.Format) (*api.Result, error)

func (g getter) GetIncomingLead(ctx context.Context, customer, id string, f api.Format) (*api.Result, error) {
	return g(ctx, customer, id, f)
}

const hostile = "Hej \x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eevil\u009b"

func hostileLead(f api.Format) *api.Result {
	body := []byte(`{"state":"New","message":"` + hostile + `"}`)
	return &api.Result{
		Lead:   &api.IncomingLead{State: api.StateNew, Message: hostile, ContactID: "ADR1", UtmTags: []api.UtmTag{{Name: "utm_source", Value: "secret-campaign"}}},
		Body:   body,
		Format: f, Status: 200,
	}
}

func runGet(t *testing.T, args GetArgs, sys IO, opts ...func(*GetOptions)) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	sys.Stdout, sys.Stderr = &out, &errb
	o := GetOptions{Args: args, Parallel: 4, Lookup: Lookup{Profile: "p", Host: "h", Username: "u"}}
	for _, f := range opts {
		f(&o)
	}
	c := getter(func(_ context.Context, _, _ string, f api.Format) (*api.Result, error) { return hostileLead(f), nil })
	code = Get(context.Background(), c, o, sys)
	return code, out.String(), errb.String()
}

func one(format string, raw bool) GetArgs {
	return GetArgs{Format: format, Raw: raw, CustomerID: "M1", LeadIDs: []string{"L1"}}
}

func TestRawIsExactOffTerminalAndSafeOnIt(t *testing.T) {
	_, out, _ := runGet(t, one("text", true), IO{})
	if out != string(hostileLead(api.JSON).Body) {
		t.Errorf("--raw to a pipe must be the bytes as received: %q", out)
	}
	_, out, _ = runGet(t, one("text", true), IO{StdoutTerminal: true})
	if strings.ContainsAny(out, "\x1b\x07\u202e\u009b") || !strings.Contains(out, "␛]52;c;ZXZpbA==") {
		t.Errorf("--raw to a terminal must be sanitised: %q", out)
	}
	_, out, _ = runGet(t, one("json", false), IO{StdoutTerminal: true})
	if strings.ContainsAny(out, "\x1b\x07\u202e\u009b") {
		t.Errorf("--format json to a terminal must be sanitised: %q", out)
	}
}

func TestTextColourAndPrivacy(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	term := map[string]string{"TERM": "xterm-256color"}
	_, out, _ := runGet(t, one("text", false), IO{StdoutTerminal: true, Getenv: env(term)})
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("no colour on a terminal:\n%q", out)
	}
	if strings.Contains(out, "\x1b]") || strings.Contains(out, "\x07") || strings.Contains(out, "\x1b[2J") {
		t.Errorf("server escapes reached the terminal:\n%q", out)
	}
	_, out, _ = runGet(t, one("text", false), IO{StdoutTerminal: true, Getenv: env(map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"})})
	if strings.Contains(out, "\x1b") {
		t.Errorf("colour despite NO_COLOR:\n%q", out)
	}
	_, out, _ = runGet(t, one("text", false), IO{StdoutTerminal: true, Getenv: env(term)}, func(o *GetOptions) { o.NoColor = true })
	if strings.Contains(out, "\x1b") {
		t.Errorf("colour despite --no-color:\n%q", out)
	}
	_, out, _ = runGet(t, one("text", false), IO{})
	if !strings.Contains(out, "secret-campaign") || !strings.Contains(out, "ADR1") {
		t.Fatalf("text lacks the UTM value or contact:\n%s", out)
	}
	_, out, _ = runGet(t, one("text", false), IO{}, func(o *GetOptions) { o.Privacy = true })
	if strings.Contains(out, "secret-campaign") || strings.Contains(out, "ADR1") || strings.Contains(out, "Hej") || !strings.Contains(out, "••••") {
		t.Errorf("--privacy does not mask:\n%s", out)
	}
}

func TestAcceptChoosesTheRequestedFormat(t *testing.T) {
	for _, c := range []struct {
		args GetArgs
		def  api.Format
		want api.Format
	}{
		{GetArgs{Format: "text"}, "", api.JSON},
		{GetArgs{Format: "text"}, api.XML, api.XML},
		{GetArgs{Format: "text", Accept: "json"}, api.XML, api.JSON},
		{GetArgs{Format: "xml", Accept: "json"}, api.JSON, api.XML},
		{GetArgs{Format: "text", Raw: true, Accept: "xml"}, "", api.XML},
	} {
		if got := (GetOptions{Args: c.args, DefaultFormat: c.def}).requested(); got != c.want {
			t.Errorf("%+v with profile format %q: requested %s, want %s", c.args, c.def, got, c.want)
		}
	}
}

func TestBatchOrderAndBound(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	var mu sync.Mutex
	running, peak := 0, 0
	c := getter(func(_ context.Context, _, id string, f api.Format) (*api.Result, error) {
		mu.Lock()
		running++
		peak = max(peak, running)
		mu.Unlock()
		// Earlier ids take longer, so they finish last.
		time.Sleep(time.Duration(8-strings.Index("abcdefgh", id)) * 5 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
		switch id {
		case "c":
			return nil, &api.NetworkError{Timeout: true, Hint: "no answer"}
		case "f":
			return nil, &api.NotFoundError{StatusError: api.StatusError{Status: 404}}
		}
		return hostileLead(f), nil
	})
	var out, errb bytes.Buffer
	code := Get(context.Background(), c, GetOptions{Args: GetArgs{Format: "text", CustomerID: "M1", LeadIDs: ids, Parallel: 3}},
		IO{Stdout: &out, Stderr: &errb})
	if code != ExitNetwork {
		t.Errorf("exit %d, want %d (c is the first failure)", code, ExitNetwork)
	}
	if peak > 3 {
		t.Errorf("%d lookups at once with --parallel 3", peak)
	}
	sc := bufio.NewScanner(&out)
	sc.Scan() // header
	for _, id := range ids {
		if !sc.Scan() || !strings.HasPrefix(sc.Text(), id+" ") {
			t.Fatalf("rows not in input order at %s:\n%s", id, out.String())
		}
		if strings.ContainsAny(sc.Text(), "\x1b\x07") {
			t.Errorf("unsafe row %q", sc.Text())
		}
	}
}

func TestDescribeExitCodes(t *testing.T) {
	se := func(s int) api.StatusError { return api.StatusError{Status: s, Message: "msg"} }
	cases := []struct {
		err  error
		code int
		want string
	}{
		{&api.UnauthorizedError{StatusError: se(401)}, 3, `authentication failed (HTTP 401): check the username and password of profile "prod" — server says: msg`},
		// The words of the README and the status bar: no user name, no lead id.
		{&api.ForbiddenError{StatusError: se(403)}, 4, `no access (HTTP 403): check customer id M1, or ask Vitec to give this user its CRM function group`},
		{&api.NotFoundError{StatusError: se(404)}, 5, `not found (HTTP 404): customer M1 has no such lead, or this user cannot see it: check both ids`},
		{&api.RejectedError{StatusError: se(400), Fields: map[string][]string{"id": {"bad"}}}, 6, ` — server says: msg id: bad`},
		{&api.ServerError{StatusError: se(503)}, 7, `server error (HTTP 503 Service Unavailable): a problem on Vitec's side: retry later`},
		{&api.ServerError{StatusError: se(429)}, 7, `too many requests (HTTP 429)`},
		{&api.ServerError{StatusError: se(302)}, 7, `unexpected answer (HTTP 302 Found)`},
		{&api.NetworkError{Timeout: true, Hint: "no answer from h within 1s"}, 8, "network error: no answer from h within 1s"},
		{&api.NetworkError{Canceled: true}, 8, "cancelled"},
		{&api.BadResponseError{Reason: api.TooLarge, Detail: "too big"}, 9, "raise max_body_mib"},
		{&api.BadResponseError{Reason: api.Undecodable, Detail: "not JSON"}, 9, "response could not be understood: not JSON"},
		{&api.InputError{Field: "lead ID", Problem: "is empty"}, 2, "lead ID is empty"},
		{errors.New("boom"), 1, "internal error: boom"},
	}
	for _, c := range cases {
		msg, code := Describe(c.err, Lookup{Profile: "prod", Host: "h", Username: "u", CustomerID: "M1", LeadID: "L1"})
		if code != c.code || !strings.Contains(msg, c.want) {
			t.Errorf("%T: got %d %q, want %d containing %q", c.err, code, msg, c.code, c.want)
		}
	}
}

func TestRedact(t *testing.T) {
	got := Redact("you sent pw123 as Basic dTpwdzEyMw==", "u", "pw123")
	if got != "you sent •••• as Basic ••••" {
		t.Error(got)
	}
	// A short password is redacted as a word, not inside other words.
	if got := Redact("x refused: check whether a proxy (x) is needed", "u", "x"); got != "•••• refused: check whether a proxy (••••) is needed" {
		t.Error(got)
	}
	// A long one is redacted wherever it stands.
	if got := Redact("tokenCorrectHorse9!tail", "u", "CorrectHorse9!"); got != "token••••tail" {
		t.Error(got)
	}
}

func TestErrorlnIsOneSafeLine(t *testing.T) {
	var b bytes.Buffer
	Errorln(&b, "bad\nthing \x1b[31mred\x1b[0m")
	if b.String() != "leadinspector: bad thing ␛[31mred␛[0m\n" {
		t.Errorf("%q", b.String())
	}
}

// syncBuffer is a bytes.Buffer safe to read while a goroutine writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestDemoServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int)
	go func() { done <- DemoServe(ctx, "127.0.0.1:0", IO{Stdout: &out, Stderr: io.Discard}) }()
	var url string
	for i := 0; i < 200 && url == ""; i++ {
		time.Sleep(10 * time.Millisecond)
		if first, _, ok := strings.Cut(out.String(), "\n"); ok {
			url = first[strings.LastIndex(first, " ")+1:]
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("no URL printed: %q", out.String())
	}
	l := demo.Leads()[0]
	for _, s := range []string{"username: demo", "password: demo", "get --base-url " + url + " --username demo " + l.CustomerID + " " + l.LeadID, "ctrl+c"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}
	req, _ := http.NewRequest("GET", url+"/CRM/Lead/"+l.CustomerID+"/Incoming/"+l.LeadID, nil)
	req.SetBasicAuth(demo.Username, demo.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("demo not serving: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("demo did not stop on cancel")
	}
}

func TestDemoServeBusyAddress(t *testing.T) {
	srv, err := demo.Start(demo.Options{}, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var errb bytes.Buffer
	code := DemoServe(context.Background(), strings.TrimPrefix(srv.URL, "http://"), IO{Stdout: io.Discard, Stderr: &errb})
	if code != ExitUsage || !strings.Contains(errb.String(), "choose another --addr") {
		t.Errorf("%d %s", code, errb.String())
	}
}

func TestHelpMentionsEveryFlag(t *testing.T) {
	for _, l := range []*i18n.Localizer{i18n.New(i18n.English), i18n.New(i18n.Swedish)} {
		for _, c := range []Command{CmdInspect, CmdGet} {
			h := helpText(c, l)
			for _, f := range []string{"--config", "--profile", "--base-url", "--username", "--timeout", "--demo", "--no-color", "--privacy", "--lang sv|en"} {
				if !strings.Contains(h, f) {
					t.Errorf("%s: %q help lacks %s", l.Lang(), c, f)
				}
			}
		}
		for _, f := range []string{"--format", "--accept", "--raw", "--no-names", "--parallel"} {
			if !strings.Contains(helpText(CmdGet, l), f) {
				t.Errorf("%s: get help lacks %s", l.Lang(), f)
			}
		}
	}
}

func TestPrivacyMasksJSONAndXMLButNotRaw(t *testing.T) {
	seed := map[api.Format][]byte{}
	for _, f := range []api.Format{api.JSON, api.XML} {
		b, err := os.ReadFile("../../api/testdata/seed." + string(f))
		if err != nil {
			t.Fatal(err)
		}
		seed[f] = b
	}
	c := getter(func(_ context.Context, _, _ string, f api.Format) (*api.Result, error) {
		return &api.Result{Body: seed[f], Format: f, Status: 200, Lead: &api.IncomingLead{}}, nil
	})
	for _, f := range []string{"json", "xml"} {
		var out bytes.Buffer
		o := GetOptions{Args: one(f, false), Privacy: true}
		if code := Get(context.Background(), c, o, IO{Stdout: &out, Stderr: io.Discard}); code != 0 {
			t.Fatalf("exit %d", code)
		}
		// In the seed, 3 and 4 are the estate ids, 5 the message.
		for _, gone := range []string{"sample string 3", "sample string 4", "sample string 5"} {
			if strings.Contains(out.String(), gone) {
				t.Errorf("--privacy --format %s shows %q:\n%s", f, gone, out.String())
			}
		}
		if !strings.Contains(out.String(), "••••") || !strings.Contains(out.String(), "AcceptObjectFlow") {
			t.Errorf("--privacy --format %s: want masked values and the rest intact:\n%s", f, out.String())
		}
		out.Reset()
		o.Args.Raw = true
		Get(context.Background(), c, o, IO{Stdout: &out, Stderr: io.Discard})
		if !bytes.Equal(out.Bytes(), seed[api.Format(f)]) {
			t.Errorf("--raw must stay the bytes as received, privacy or not")
		}
	}
}
