package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
	"leadinspector/config"
)

// testPassword is the password the test servers accept. No output of any
// test may contain it.
const testPassword = "Tr0ub4dor&3-never-shown"

const testUser = "tester"

var seedJSON, seedXML = mustRead("api/testdata/seed.json"), mustRead("api/testdata/seed.xml")

func mustRead(p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		panic(err)
	}
	return b
}

type outcome struct {
	code           int
	stdout, stderr string
}

// runCmd runs the program with a clean environment (its own HOME and XDG
// directories) plus env, and checks that nothing it printed holds the
// password.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) outcome {
	t.Helper()
	home := t.TempDir()
	full := map[string]string{
		"HOME":            home,
		"XDG_CONFIG_HOME": filepath.Join(home, "config"),
		"XDG_STATE_HOME":  filepath.Join(home, "state"),
	}
	for k, v := range env {
		full[k] = v
	}
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := run(ctx, args, func(k string) string { return full[k] }, strings.NewReader(stdin), &stdout, &stderr)
	o := outcome{code, stdout.String(), stderr.String()}
	assertNoSecret(t, o.stdout+o.stderr)
	return o
}

func assertNoSecret(t *testing.T, s string) {
	t.Helper()
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	if strings.Contains(s, testPassword) || strings.Contains(s, basic) || strings.Contains(s, "Tr0ub4dor") {
		t.Fatalf("output shows the password:\n%s", s)
	}
}

func (o outcome) want(t *testing.T, code int, stderrHas ...string) {
	t.Helper()
	if o.code != code {
		t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", o.code, code, o.stdout, o.stderr)
	}
	for _, s := range stderrHas {
		if !strings.Contains(o.stderr, s) {
			t.Errorf("stderr does not contain %q:\n%s", s, o.stderr)
		}
	}
	if code != 0 && o.code != 0 {
		// Errors are one line.
		if n := strings.Count(o.stderr, "\n"); n != 1 {
			t.Errorf("stderr has %d lines, want one:\n%s", n, o.stderr)
		}
		if !strings.HasPrefix(o.stderr, "leadinspector: ") {
			t.Errorf("stderr does not start with the program name: %s", o.stderr)
		}
	}
}

// lead is a canned response of the test server.
type lead struct {
	status int
	ctype  string
	body   []byte
	delay  time.Duration
}

// apiServer is an Express Connect stand-in: Basic auth tester/testPassword,
// leads by id.
func apiServer(t *testing.T, leads map[string]lead) *httptest.Server {
	t.Helper()
	route := regexp.MustCompile(`^/CRM/Lead/([^/]+)/Incoming/([^/]+)$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != testUser || p != testPassword {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"Message":"Authorization has been denied for this request."}`)
			return
		}
		m := route.FindStringSubmatch(r.URL.Path)
		if m == nil {
			http.NotFound(w, r)
			return
		}
		l, ok := leads[m[2]]
		if !ok {
			l = lead{status: 404, ctype: "application/json", body: []byte(`{"Message":"No such lead."}`)}
		}
		if l.body == nil {
			l = lead{status: 200, ctype: "application/json; charset=utf-8", body: seedJSON}
			if strings.Contains(r.Header.Get("Accept"), "xml") {
				l = lead{status: 200, ctype: "application/xml; charset=utf-8", body: seedXML}
			}
		}
		if l.delay > 0 {
			select {
			case <-time.After(l.delay):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", l.ctype)
		w.WriteHeader(l.status)
		w.Write(l.body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// profileEnv points the program at srv through a config file whose password
// comes from an environment variable.
func profileEnv(t *testing.T, srv *httptest.Server, extra string) map[string]string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	text := fmt.Sprintf("profile = \"test\"\n[profiles.test]\nbase_url = %q\nusername = %q\npassword_env = \"TEST_PW\"\ncustomer_id = \"M30011\"\n%s", srv.URL, testUser, extra)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"LEADINSPECTOR_CONFIG": p, "TEST_PW": testPassword}
}

func TestGetFormats(t *testing.T) {
	srv := apiServer(t, map[string]lead{"LED1": {}})
	env := profileEnv(t, srv, "")

	o := runCmd(t, env, "", "get", "M30011", "LED1")
	o.want(t, 0)
	for _, s := range []string{"[New]", "‹AcceptObjectFlow›", "LED1", "M30011", "sample string 5", "2025-04-04"} {
		if !strings.Contains(o.stdout, s) {
			t.Errorf("text output lacks %q:\n%s", s, o.stdout)
		}
	}
	if strings.Contains(o.stdout, "\x1b") {
		t.Errorf("colour in output that is not a terminal")
	}

	o = runCmd(t, env, "", "get", "--format", "json", "M30011", "LED1")
	o.want(t, 0)
	if !json.Valid([]byte(o.stdout)) || !strings.HasPrefix(o.stdout, "{\n  \"contactId\": \"sample string 1\",\n") || !strings.HasSuffix(o.stdout, "}\n") {
		t.Errorf("json output:\n%s", o.stdout)
	}
	var a, b any
	json.Unmarshal([]byte(o.stdout), &a)
	json.Unmarshal(seedJSON, &b)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("pretty JSON changed the content")
	}

	o = runCmd(t, env, "", "get", "M30011", "LED1", "--format=xml")
	o.want(t, 0)
	if !strings.HasPrefix(o.stdout, "<IncomingLead ") || !strings.Contains(o.stdout, "\n  <BuyingEstateId>sample string 3</BuyingEstateId>\n") {
		t.Errorf("xml output:\n%s", o.stdout)
	}

	o = runCmd(t, env, "", "get", "--raw", "M30011", "LED1")
	o.want(t, 0)
	if o.stdout != string(seedJSON) {
		t.Errorf("--raw is not the body byte for byte")
	}
	o = runCmd(t, env, "", "get", "--raw", "--accept", "xml", "M30011", "LED1")
	if o.stdout != string(seedXML) {
		t.Errorf("--raw --accept xml is not the XML body byte for byte")
	}

	// --accept xml: text decoded from XML gives the same facts.
	oj := runCmd(t, env, "", "get", "M30011", "LED1")
	ox := runCmd(t, env, "", "get", "--accept", "xml", "M30011", "LED1")
	if oj.stdout != ox.stdout {
		t.Errorf("text from JSON and from XML differ:\n%s\n---\n%s", oj.stdout, ox.stdout)
	}
}

func TestGetDemoNeedsNoConfig(t *testing.T) {
	first := demo.Leads()[0]
	o := runCmd(t, nil, "", "get", "--demo", first.CustomerID, first.LeadID)
	o.want(t, 0)
	// The notice is for the person, on stderr: stdout may be a pipe.
	if strings.Contains(o.stdout, "DEMO") || !strings.Contains(o.stdout, first.LeadID) {
		t.Errorf("demo text on stdout:\n%s", o.stdout)
	}
	if o.stderr != "leadinspector: [DEMO] built-in demo API, fictional leads\n" {
		t.Errorf("demo notice on stderr: %q", o.stderr)
	}
	// The global flag may also come first.
	o = runCmd(t, nil, "", "--demo", "get", "--format", "json", first.CustomerID, first.LeadID)
	o.want(t, 0)
	if !json.Valid([]byte(o.stdout)) || strings.Contains(o.stdout, "DEMO") {
		t.Errorf("demo json must be the body only:\n%s", o.stdout)
	}
}

func TestGetErrorStatuses(t *testing.T) {
	srv := apiServer(t, map[string]lead{
		"BAD":  {status: 400, ctype: "application/json", body: []byte(`{"Message":"The request is invalid.","ModelState":{"id":["Ogiltigt id."]}}`)},
		"FORB": {status: 403, ctype: "application/json", body: []byte(`{"Message":"Access denied."}`)},
		"BOOM": {status: 500, ctype: "application/json", body: []byte(`{"Message":"An error has occurred."}`)},
		"HTML": {status: 500, ctype: "text/html", body: []byte("<html><head><title>500 - Internal server error.</title></head><body>" + strings.Repeat("<p>x</p>", 500) + "</body></html>")},
	})
	env := profileEnv(t, srv, "")
	cases := []struct {
		id   string
		code int
		msg  string
	}{
		{"BAD", 6, `leadinspector: request rejected (HTTP 400): check the customer id and the lead id — server says: The request is invalid. id: Ogiltigt id.`},
		{"FORB", 4, `leadinspector: no access (HTTP 403): check customer id M30011, or ask Vitec to give this user its CRM function group`},
		{"NOPE", 5, `leadinspector: not found (HTTP 404): customer M30011 has no such lead, or this user cannot see it: check both ids — server says: No such lead.`},
		{"BOOM", 7, `server error (HTTP 500 Internal Server Error): a problem on Vitec's side`},
		{"HTML", 7, ` — server says: 500 - Internal server error.`},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			o := runCmd(t, env, "", "get", "M30011", c.id)
			o.want(t, c.code, c.msg)
			if o.stdout != "" {
				t.Errorf("stdout on error: %q", o.stdout)
			}
			if strings.Contains(o.stderr, "<p>") {
				t.Errorf("a wall of HTML: %s", o.stderr)
			}
		})
	}

	t.Run("401", func(t *testing.T) {
		env := profileEnv(t, srv, "")
		env["TEST_PW"] = "wrong-password"
		o := runCmd(t, env, "", "get", "M30011", "LED1")
		o.want(t, 3, `leadinspector: authentication failed (HTTP 401): check the username and password of profile "test" — server says: Authorization has been denied for this request.`)
		if strings.Contains(o.stderr, "wrong-password") {
			t.Error("shows the password")
		}
	})
}

func TestGetNetworkAndBodyFailures(t *testing.T) {
	big := append([]byte(`{"message":"`), bytes.Repeat([]byte("x"), 2<<20)...)
	big = append(big, `"}`...)
	srv := apiServer(t, map[string]lead{
		"SLOW":  {status: 200, ctype: "application/json", body: seedJSON, delay: 5 * time.Second},
		"JUNK":  {status: 200, ctype: "application/json", body: []byte(`{"state": "New", "sentAt": `)},
		"LOGIN": {status: 200, ctype: "text/html; charset=utf-8", body: []byte("<html><title>Sign in to the proxy</title></html>")},
		"BIG":   {status: 200, ctype: "application/json", body: big},
	})
	env := profileEnv(t, srv, "max_body_mib = 1\n")

	start := time.Now()
	o := runCmd(t, env, "", "get", "--timeout", "300ms", "M30011", "SLOW")
	o.want(t, 8, "network error", "within 300ms")
	if time.Since(start) > 4*time.Second {
		t.Errorf("--timeout did not bound the request")
	}

	o = runCmd(t, env, "", "get", "M30011", "JUNK")
	o.want(t, 9, "leadinspector: response could not be understood")

	o = runCmd(t, env, "", "get", "M30011", "LOGIN")
	o.want(t, 9, "text/html", "Sign in to the proxy")

	o = runCmd(t, env, "", "get", "M30011", "BIG")
	o.want(t, 9, "larger than the limit of 1 MiB", "max_body_mib")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	o = runCmd(t, map[string]string{"LEADINSPECTOR_PASSWORD": testPassword}, "",
		"get", "--base-url", "http://"+addr, "--username", testUser, "M30011", "LED1")
	o.want(t, 8, "refused the connection")
}

func TestConfigErrors(t *testing.T) {
	write := func(text string) string {
		p := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(p, []byte(text), 0o600)
		return p
	}
	p := write("profile = \"prod\"\n[profiles.prod]\nusername = \"u\"\ntimeout = \"15 sekunder\"\n")
	o := runCmd(t, nil, "", "--config", p, "get", "M30011", "LED1")
	o.want(t, 2, p+":4: profiles.prod.timeout: \"15 sekunder\" is not a duration")

	p = write("[profiles.prod]\nusername = \"u\"\nformat = \"yaml\"\n")
	o = runCmd(t, map[string]string{"LEADINSPECTOR_CONFIG": p}, "", "get", "M30011", "LED1")
	o.want(t, 2, p+":3: profiles.prod.format: unknown format \"yaml\"")

	p = write("[profiles.prod]\nusername = \"u\"\npasword = \"" + testPassword + "\"\n")
	o = runCmd(t, nil, "", "get", "--config", p, "M30011", "LED1")
	o.want(t, 2, p+":3: profiles.prod.pasword: unknown key (did you mean profiles.prod.password?)")

	p = write("[profiles.prod]\nusername = \"u\"\nbase_url = \"http://connect.example.com\"\n")
	o = runCmd(t, nil, "", "get", "--config", p, "M30011", "LED1")
	o.want(t, 2, p+":3: profiles.prod.base_url: ", "plain http")

	o = runCmd(t, map[string]string{"LEADINSPECTOR_PASSWORD": testPassword}, "", "get", "--base-url", "http://10.1.2.3", "--username", "u", "M30011", "LED1")
	o.want(t, 2, "--base-url: ", "plain http")

	p = write("profile = \"staging\"\n[profiles.prod]\n")
	o = runCmd(t, nil, "", "get", "--config", p, "M30011", "LED1")
	o.want(t, 2, p+":1: profile: names profile \"staging\", which the file does not define (profiles: prod)")

	o = runCmd(t, map[string]string{"LEADINSPECTOR_PROFILE": "nope"}, "", "get", "--config", write("[profiles.prod]\n"), "M30011", "LED1")
	o.want(t, 2, `profile "nope" (from LEADINSPECTOR_PROFILE) is not defined`)
}

func TestCredentials(t *testing.T) {
	srv := apiServer(t, map[string]lead{"LED1": {}})
	write := func(pw string) string {
		p := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(p, []byte(fmt.Sprintf("[profiles.p]\nbase_url = %q\nusername = %q\n%s\n", srv.URL, testUser, pw)), 0o600)
		return p
	}

	o := runCmd(t, nil, "", "get", "--config", write(""), "--format", "json", "M30011", "LED1")
	o.want(t, 2, `no password for profile "p": set password_command, password_env or password in [profiles.p]`, "LEADINSPECTOR_PASSWORD")

	o = runCmd(t, nil, "", "get", "--config", write(`password_command = "echo 'pass: vitec/crm is not in the password store.' >&2; exit 1"`), "M30011", "LED1")
	o.want(t, 2, `password_command of profile "p" failed (exit status 1): pass: vitec/crm is not in the password store.`)

	o = runCmd(t, nil, "", "get", "--config", write(`password_command = "printf '%s\n' '`+testPassword+`'"`), "--format", "json", "M30011", "LED1")
	o.want(t, 0)

	o = runCmd(t, map[string]string{"LEADINSPECTOR_PASSWORD": testPassword}, "", "get", "--config", write(`password = "wrong"`), "--format", "json", "M30011", "LED1")
	o.want(t, 0)

	// A file with a password that others can read works, with a warning.
	p := write(`password = "` + testPassword + `"`)
	os.Chmod(p, 0o644)
	o = runCmd(t, nil, "", "get", "--config", p, "--format", "json", "M30011", "LED1")
	if o.code != 0 || !strings.Contains(o.stderr, "leadinspector: warning: "+p+" holds a password and other users can read it (mode 0644)") {
		t.Errorf("code %d stderr %s", o.code, o.stderr)
	}
}

func TestPasswordIsNeverAFlag(t *testing.T) {
	for _, args := range [][]string{
		{"get", "--password", testPassword, "M30011", "LED1"},
		{"get", "M30011", "LED1", "--password=" + testPassword},
		{"--password", testPassword},
		{"get", "-p", testPassword, "M30011", "LED1"},
	} {
		o := runCmd(t, nil, "", args...)
		o.want(t, 2, "unknown flag")
	}
	o := runCmd(t, nil, "", "get", "--password", testPassword, "M30011", "LED1")
	o.want(t, 2, "leadinspector: unknown flag --password: the password is never a flag; set LEADINSPECTOR_PASSWORD or password_command in the profile (run 'leadinspector get --help')")
}

func TestServerEchoingThePasswordIsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, p, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(500)
		fmt.Fprintf(w, `{"Message":"debug: you sent %s as %s"}`, p, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	o := runCmd(t, map[string]string{"LEADINSPECTOR_PASSWORD": testPassword}, "",
		"get", "--base-url", srv.URL, "--username", testUser, "M30011", "LED1")
	o.want(t, 7, "debug: you sent •••• as Basic ••••")
}

// echoServer answers every lookup with a 200 lead whose fields hold the
// credentials it was sent: the password, user:password and the Basic value,
// in JSON or XML as asked.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		basic := strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
		if strings.Contains(r.Header.Get("Accept"), "xml") {
			w.Header().Set("Content-Type", "application/xml")
			var esc bytes.Buffer
			xml.EscapeText(&esc, []byte(p))
			fmt.Fprintf(w, `<IncomingLead xmlns="http://schemas.datacontract.org/2004/07/Vitec.Express.Connect.Models.Crm.Lead"><ContactId>%s</ContactId><Message>%s:%s</Message><State>%s</State></IncomingLead>`,
				esc.String(), u, esc.String(), basic)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		q, _ := json.Marshal(p)
		fmt.Fprintf(w, `{"contactId":%s,"message":"%s:%s","state":"%s","utmTags":[{"name":"pw","value":"Basic %s"}]}`,
			q, u, strings.Trim(string(q), `"`), basic, basic)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestSecretsEchoedInA200AreRedacted(t *testing.T) {
	srv := echoServer(t)
	env := map[string]string{"LEADINSPECTOR_PASSWORD": testPassword}
	base := []string{"get", "--base-url", srv.URL, "--username", testUser}
	for _, extra := range [][]string{
		{"--format", "text"}, {"--format", "text", "--accept", "xml"},
		{"--format", "json"}, {"--format", "xml"},
		{"--format", "json", "M30011", "LED1", "LED2"}, {"--format", "text", "M30011", "LED1", "LED2"},
	} {
		args := append(append([]string{}, base...), extra...)
		if len(extra) == 2 || len(extra) == 4 {
			args = append(args, "M30011", "LED1")
		}
		o := runCmd(t, env, "", args...) // runCmd fails on any trace of the password
		o.want(t, 0)
		if !strings.Contains(o.stdout, "••••") {
			t.Errorf("%v: the redaction mark is missing:\n%s", extra, o.stdout)
		}
		if strings.Contains(o.stderr, "warning") {
			t.Errorf("%v: warned although nothing exact was written: %s", extra, o.stderr)
		}
	}

	// --raw into a pipe is byte-exact, and says so on stderr.
	for _, accept := range []string{"json", "xml"} {
		var stdout, stderr bytes.Buffer
		full := map[string]string{"HOME": t.TempDir(), "LEADINSPECTOR_PASSWORD": testPassword}
		code := run(context.Background(), append(append([]string{}, base...), "--raw", "--accept", accept, "M30011", "LED1"),
			func(k string) string { return full[k] }, strings.NewReader(""), &stdout, &stderr)
		if code != 0 {
			t.Fatalf("--raw %s: exit %d: %s", accept, code, stderr.String())
		}
		basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
		if !strings.Contains(stdout.String(), basic) || !strings.Contains(stdout.String(), "Tr0ub4dor") {
			t.Errorf("--raw %s is not the exact body:\n%s", accept, stdout.String())
		}
		assertNoSecret(t, stderr.String())
		if stderr.String() != "leadinspector: warning: the server's answer contains the password; --raw writes it as received\n" {
			t.Errorf("--raw %s: stderr %q", accept, stderr.String())
		}
	}
}

func TestFlagsAfterIDs(t *testing.T) {
	srv := apiServer(t, map[string]lead{"LED1": {}})
	env := profileEnv(t, srv, "")
	o := runCmd(t, env, "", "get", "M30011", "LED1", "--format", "xml", "--timeout=5s")
	o.want(t, 0)
	if !strings.HasPrefix(o.stdout, "<IncomingLead") {
		t.Errorf("flags after the ids were not applied:\n%s", o.stdout)
	}
	// After --, a dash-led id is an id.
	o = runCmd(t, env, "", "get", "--format", "json", "--", "M30011", "--weird")
	o.want(t, 5, "not found (HTTP 404): customer M30011 has no such lead")
}

func TestBatchFromStdin(t *testing.T) {
	// Earlier ids answer later, so results arrive out of order.
	leads := map[string]lead{
		"A": {delay: 300 * time.Millisecond},
		"C": {status: 500, ctype: "application/json", body: []byte(`{"Message":"An error has occurred."}`), delay: 150 * time.Millisecond},
		"D": {status: 403, ctype: "application/json", body: []byte(`{"Message":"Access denied."}`)},
		"E": {},
	}
	for k, l := range leads {
		if l.body == nil && l.delay > 0 {
			leads[k] = lead{delay: l.delay}
		}
	}
	srv := apiServer(t, leads)
	env := profileEnv(t, srv, "")
	stdin := "A\n\nB\nC\n  D  \nE\n"

	// Names are tested with the demo (ui/cli): this server knows none.
	o := runCmd(t, env, stdin, "get", "M30011", "-", "--parallel", "4", "--no-names")
	if o.code != 5 {
		t.Errorf("exit %d, want 5 (B, the first failure in input order, is a 404)", o.code)
	}
	lines := strings.Split(strings.TrimSuffix(o.stdout, "\n"), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "LEAD ID") {
		t.Fatalf("want a header and 5 rows:\n%s", o.stdout)
	}
	wantRows := []string{"A  .*New .*AcceptObjectFlow .*agent sample string 1",
		"B  .*error: not found \\(HTTP 404", "C  .*error: server error \\(HTTP 500", "D  .*error: no access \\(HTTP 403", "E  .*New"}
	for i, re := range wantRows {
		if !regexp.MustCompile("^" + re).MatchString(lines[i+1]) {
			t.Errorf("row %d = %q, want %s", i+1, lines[i+1], re)
		}
	}
	if o.stderr != "" {
		t.Errorf("stderr: %s", o.stderr)
	}

	o = runCmd(t, env, "", "get", "--format", "json", "M30011", "C", "A", "NOPE")
	if o.code != 7 {
		t.Errorf("exit %d, want 7", o.code)
	}
	var rows []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(o.stdout), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not one JSON object per line: %q", line)
		}
		rows = append(rows, r)
	}
	if len(rows) != 3 || rows[0]["leadId"] != "C" || rows[1]["leadId"] != "A" || rows[2]["leadId"] != "NOPE" {
		t.Fatalf("rows out of order: %v", rows)
	}
	if rows[0]["status"] != 500.0 || rows[0]["exitCode"] != 7.0 || rows[1]["status"] != 200.0 || rows[2]["exitCode"] != 5.0 {
		t.Errorf("rows: %v", rows)
	}
	if l, ok := rows[1]["lead"].(map[string]any); !ok || l["state"] != "New" {
		t.Errorf("lead not embedded: %v", rows[1])
	}

	o = runCmd(t, env, "", "get", "M30011", "-")
	o.want(t, 2, "no lead ids on stdin")
	o = runCmd(t, env, "", "get", "--raw", "M30011", "A", "E")
	o.want(t, 2, "--raw prints one body")
}

func TestBatchParallelism(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write(seedJSON)
	}))
	defer srv.Close()
	ids := strings.Repeat("L\n", 12)
	env := map[string]string{"LEADINSPECTOR_PASSWORD": testPassword}
	for _, n := range []int{1, 3} {
		peak = 0
		// --parallel bounds the lookups of leads; names have their own
		// bound of the same size.
		o := runCmd(t, env, ids, "get", "--base-url", srv.URL, "--username", testUser, "--parallel", fmt.Sprint(n), "--no-names", "M30011", "-")
		o.want(t, 0)
		if peak != n {
			t.Errorf("--parallel %d ran %d at once", n, peak)
		}
	}
}

func TestDemoList(t *testing.T) {
	o := runCmd(t, nil, "", "demo", "--list")
	o.want(t, 0)
	lines := strings.Split(strings.TrimSuffix(o.stdout, "\n"), "\n")
	if len(lines) != len(demo.Leads()) {
		t.Fatalf("%d lines for %d leads", len(lines), len(demo.Leads()))
	}
	for i, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] != demo.Leads()[i].CustomerID || f[1] != demo.Leads()[i].LeadID || f[2] == "" {
			t.Errorf("line %d = %q, want CUSTOMER_ID<TAB>LEAD_ID<TAB>what", i, line)
		}
	}
	// The first line is an ordinary lead that looks up fine.
	f := strings.Split(lines[0], "\t")
	runCmd(t, nil, "", "get", "--demo", f[0], f[1]).want(t, 0)
}

func TestConfigCommands(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": home}
	want := filepath.Join(home, "leadinspector", "config.toml")

	o := runCmd(t, env, "", "config", "path")
	o.want(t, 0)
	if o.stdout != want+"\n" {
		t.Errorf("config path = %q", o.stdout)
	}

	o = runCmd(t, env, "", "config", "init")
	o.want(t, 0)
	fi, err := os.Stat(want)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config init: %v %v", fi, err)
	}
	if di, _ := os.Stat(filepath.Dir(want)); di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v", di.Mode())
	}
	before, _ := os.ReadFile(want)
	o = runCmd(t, env, "", "config", "init")
	o.want(t, 2, want+": already exists; not overwriting it")
	if after, _ := os.ReadFile(want); !bytes.Equal(before, after) {
		t.Error("config init changed an existing file")
	}

	// The starter checks clean but for the password, which a lookup needs:
	// exit 2, and why.
	o = runCmd(t, env, "", "config", "check")
	o.want(t, 2, `leadinspector: no password for profile "prod": set password_command, password_env or password in [profiles.prod] of `+want)
	for _, re := range []string{`(?m)^profile\s+prod\s+file \(profile, line \d+\)$`, `(?m)^password\s+not set\s+—$`,
		`(?m)^ui\.parallel\s+4\s+file \(ui\.parallel, line \d+\)$`, `lookups cannot work with these settings`} {
		if !regexp.MustCompile(re).MatchString(o.stdout) {
			t.Errorf("config check lacks %s:\n%s", re, o.stdout)
		}
	}

	// With a password it is masked, and sources are named.
	os.WriteFile(want, append(before, []byte("\n[profiles.p2]\nusername = \"x\"\npassword = \""+testPassword+"\"\n")...), 0o600)
	o = runCmd(t, env, "", "config", "check", "--profile", "p2", "--timeout", "3s")
	o.want(t, 0)
	for _, re := range []string{`(?m)^password\s+••••\s+file \(profiles\.p2\.password, line \d+\)$`, `(?m)^timeout\s+3s\s+flag \(--timeout\)$`,
		`(?m)^base_url\s+https://connect\.maklare\.vitec\.net\s+default$`, `configuration OK`} {
		if !regexp.MustCompile(re).MatchString(o.stdout) {
			t.Errorf("config check lacks %s:\n%s", re, o.stdout)
		}
	}
	env["LEADINSPECTOR_BASE_URL"] = "https://env.example"
	o = runCmd(t, env, "", "config", "check", "--profile", "p2")
	if !regexp.MustCompile(`(?m)^base_url\s+https://env\.example\s+env \(LEADINSPECTOR_BASE_URL\)$`).MatchString(o.stdout) {
		t.Errorf("env source:\n%s", o.stdout)
	}

	os.WriteFile(want, []byte("[ui]\nparallel = 40\n"), 0o600)
	o = runCmd(t, env, "", "config", "check")
	o.want(t, 2, want+":2: ui.parallel: 40 is out of range")
}

func TestHelpAndUsage(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"get", "--help"}, {"help", "get"}, {"demo", "-h"}, {"config", "--help"}, {"version", "--help"}, {"get", "M30011", "--help"}} {
		o := runCmd(t, nil, "", args...)
		o.want(t, 0)
		if !strings.HasPrefix(o.stdout, "Usage: leadinspector") || o.stderr != "" {
			t.Errorf("%v: %q", args, o.stdout)
		}
	}
	if o := runCmd(t, nil, "", "get", "-h"); !strings.Contains(o.stdout, "Examples:") || !strings.Contains(o.stdout, "--accept json|xml") {
		t.Errorf("get help:\n%s", o.stdout)
	}
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"frobnicate"}, `leadinspector: unknown command "frobnicate" (run 'leadinspector --help')`},
		{[]string{"get"}, `leadinspector: missing CUSTOMER_ID and LEAD_ID (run 'leadinspector get --help')`},
		{[]string{"get", "M30011"}, `missing LEAD_ID after customer id "M30011"`},
		{[]string{"get", "--format", "yaml", "M30011", "L"}, `--format "yaml": use text, json or xml`},
		{[]string{"get", "--parallel", "17", "M30011", "L", "M"}, `invalid value "17" for flag --parallel: use a number from 1 to 16`},
		{[]string{"get", "--timeout", "15 sekunder", "M30011", "L"}, `"15 sekunder" is not a duration`},
		{[]string{"config"}, `config needs a subcommand: init, path or check`},
		{[]string{"--demo", "--profile", "prod", "get", "M", "L"}, `--demo uses the built-in demo API`},
		{[]string{"version", "extra"}, `unexpected argument "extra"`},
	}
	for _, c := range cases {
		runCmd(t, nil, "", c.args...).want(t, 2, c.msg)
	}
}

func TestVersionAndInspectorNeedsTerminal(t *testing.T) {
	o := runCmd(t, nil, "", "version")
	o.want(t, 0)
	if !regexp.MustCompile(`^leadinspector \S+ \(commit [^()\n]*go1\.[^()\n]* \w+/\w+\)\n$`).MatchString(o.stdout) {
		t.Errorf("version: %q", o.stdout)
	}
	o = runCmd(t, nil, "", "--demo")
	o.want(t, 2, "the inspector needs a terminal")
}

func TestConfigCheckSaysWhyALookupCannotWork(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(p, []byte("[profiles.p]\npassword = \""+testPassword+"\"\n"), 0o600)
	o := runCmd(t, nil, "", "config", "check", "--config", p)
	o.want(t, 2, `leadinspector: no username for profile "p": set username = "…" in [profiles.p] of `+p+", or set --username or LEADINSPECTOR_USERNAME")
	if strings.Contains(o.stdout, "configuration OK") {
		t.Errorf("said OK:\n%s", o.stdout)
	}

	o = runCmd(t, nil, "", "config", "check", "--config", p, "--username", "u", "--base-url", "http://connect.example.com")
	o.want(t, 2, "--base-url: ", "plain http")

	o = runCmd(t, nil, "", "config", "check", "--config", p, "--username", "u")
	o.want(t, 0)
	if !strings.Contains(o.stdout, "configuration OK") || o.stderr != "" {
		t.Errorf("a complete profile:\n%s\n%s", o.stdout, o.stderr)
	}
}

// --demo needs no config, so config check --demo checks the settings the
// demo runs with and finds nothing missing.
func TestConfigCheckDemo(t *testing.T) {
	o := runCmd(t, nil, "", "config", "check", "--demo")
	o.want(t, 0)
	for _, w := range []string{"username           demo", "demo (--demo)", "configuration OK"} {
		if !strings.Contains(o.stdout, w) {
			t.Errorf("config check --demo lacks %q:\n%s", w, o.stdout)
		}
	}
	if o.stderr != "" {
		t.Errorf("stderr: %s", o.stderr)
	}
}

func TestVersionFlagAndDidYouMean(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"get", "--version"}, {"--demo", "--version"}} {
		o := runCmd(t, nil, "", args...)
		o.want(t, 0)
		if !regexp.MustCompile(`^leadinspector \S+ \(commit [^()\n]*go1\.[^()\n]* \w+/\w+\)\n$`).MatchString(o.stdout) {
			t.Errorf("%v: %q", args, o.stdout)
		}
	}
	for word, want := range map[string]string{
		"gte":     `leadinspector: unknown command "gte"; did you mean get? (run 'leadinspector --help')`,
		"Get":     `did you mean get?`,
		"confg":   `did you mean config?`,
		"verison": `did you mean version?`,
		"zzz":     `leadinspector: unknown command "zzz" (run 'leadinspector --help')`,
	} {
		runCmd(t, nil, "", word, "M30011", "LED1").want(t, 2, want)
	}
	runCmd(t, nil, "", "config", "chek").want(t, 2, `unknown config subcommand "chek"; did you mean check?`)
}

func TestProfileWithControlCharacters(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(p, []byte("[profiles.prod]\nusername = \"u\"\n"), 0o600)
	for _, env := range []map[string]string{nil, {"LEADINSPECTOR_PROFILE": "prod\x1b[2J"}} {
		args := []string{"get", "--config", p, "M30011", "LED1"}
		if env == nil {
			args = append(args, "--profile", "prod\x1b[2J")
		}
		for _, a := range [][]string{args, {"config", "check", "--config", p, "--profile", "prod\x1b[2J"}} {
			if env != nil && a[0] == "config" {
				a = a[:len(a)-2]
			}
			o := runCmd(t, env, "", a...)
			o.want(t, 2, `profile name "prod\x1b[2J" holds a control or invisible character (U+001B)`)
			if strings.Contains(o.stderr, "\x1b") {
				t.Errorf("escape reached the terminal: %q", o.stderr)
			}
		}
	}
	os.WriteFile(p, []byte("[profiles.prod]\nusername = \"u\"\n[profiles.\"prod\\u0000\"]\n"), 0o600)
	runCmd(t, nil, "", "config", "check", "--config", p).want(t, 2, p+`:3: profiles."prod\x00": the key holds a control or invisible character (U+0000)`)
}

// TestHTTPProxyGetsNothingForLoopback runs the program in a child process
// with HTTP_PROXY and HTTPS_PROXY pointing at a listener on loopback: lookups
// to loopback base URLs go straight to the server and the proxy receives
// nothing; the control, an https host, does reach it.
func TestHTTPProxyGetsNothingForLoopback(t *testing.T) {
	if base := os.Getenv("LEADINSPECTOR_TEST_PROXY_CHILD"); base != "" {
		os.Exit(run(context.Background(), []string{"get", "--base-url", base, "--username", testUser, "--timeout", "2s", "--format", "json", "M30011", "LED1"},
			os.Getenv, strings.NewReader(""), os.Stdout, os.Stderr))
	}
	srv := apiServer(t, map[string]lead{"LED1": {}})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var mu sync.Mutex
	var got []string
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			n, _ := c.Read(buf)
			mu.Lock()
			got = append(got, string(buf[:n]))
			mu.Unlock()
			c.Close()
		}
	}()
	proxy := "http://" + ln.Addr().String()
	child := func(base string) (int, string) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHTTPProxyGetsNothingForLoopback$")
		cmd.Env = append(os.Environ(), "LEADINSPECTOR_TEST_PROXY_CHILD="+base, "LEADINSPECTOR_PASSWORD="+testPassword,
			"HTTP_PROXY="+proxy, "http_proxy="+proxy, "HTTPS_PROXY="+proxy, "https_proxy="+proxy, "NO_PROXY=", "no_proxy=",
			"HOME="+t.TempDir())
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, out.String()
	}
	for _, host := range []string{"LOCALHOST", "localhost.", "127.0.0.1"} {
		base := "http://" + net.JoinHostPort(host, port)
		if code, out := child(base); code != 0 || !strings.Contains(out, `"contactId"`) {
			t.Errorf("%s: exit %d\n%s", base, code, out)
		}
	}
	mu.Lock()
	if len(got) != 0 {
		t.Errorf("the proxy received: %q", got)
	}
	mu.Unlock()

	child("https://connect.example.invalid")
	mu.Lock()
	defer mu.Unlock()
	if len(got) == 0 {
		t.Error("control: the proxy received nothing for an https host")
	}
	for _, req := range got { // one per attempt
		if !strings.HasPrefix(req, "CONNECT connect.example.invalid:443") || strings.Contains(req, "Authorization") {
			t.Errorf("control: the proxy received %q, want a CONNECT without credentials", req)
		}
	}
}

// config check shows the website functions' own credentials when a profile
// names them, where each came from, and exits 2 when the website password
// cannot be had.
func TestConfigCheckShowsWebsiteCredentials(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(`profile = "prod"
[profiles.prod]
base_url = "https://connect.example"
username = "crm-user"
password_env = "CRM_PW"
website_username = "web-user"
website_password_env = "WEB_PW"
`), 0o600); err != nil {
		t.Fatal(err)
	}
	o := runCmd(t, map[string]string{"CRM_PW": "crm-secret", "WEB_PW": "web-secret"}, "", "config", "check", "--config", cfg)
	if o.code != 0 || !strings.Contains(o.stdout, "website_username") || !strings.Contains(o.stdout, "web-user") ||
		!strings.Contains(o.stdout, "WEB_PW") || strings.Contains(o.stdout+o.stderr, "web-secret") {
		t.Errorf("exit %d\n%s\n%s", o.code, o.stdout, o.stderr)
	}
	o = runCmd(t, map[string]string{"CRM_PW": "crm-secret"}, "", "config", "check", "--config", cfg)
	if o.code != 2 || !strings.Contains(o.stderr, "website credentials") {
		t.Errorf("website password missing: exit %d\n%s", o.code, o.stderr)
	}
}

// ---- imports point one way ----

// TestImportsPointOneWay keeps the dependency graph layered:
// base ← api ← config ← ui packages ← main, where the base layer is
// api/base/... (the message catalogue and the sanitiser, which every layer
// uses and which import nothing of ours). A package that reaches up (config
// importing a UI package, api importing config, the base importing api)
// fails here, as does the one-shot CLI linking the TUI.
func TestImportsPointOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "leadinspector"
	imports := goList(t, "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}", "./...")
	layer := func(p string) int {
		switch {
		case strings.HasPrefix(p, mod+"/api/base/"):
			return 0
		case p == mod+"/api" || strings.HasPrefix(p, mod+"/api/"):
			return 1
		case p == mod+"/config" || strings.HasPrefix(p, mod+"/config/"):
			return 2
		case p == mod+"/ui" || strings.HasPrefix(p, mod+"/ui/"):
			return 3
		case p == mod:
			return 4
		}
		return -1 // not ours: the standard library and modules
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(imports), "\n") {
		pkg, deps, _ := strings.Cut(line, "\t")
		from := layer(pkg)
		for _, dep := range strings.Fields(deps) {
			if to := layer(dep); to > from && from >= 0 {
				t.Errorf("%s imports %s: a lower layer must not import a higher one (api/base ← api ← config ← ui ← main)", pkg, dep)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatalf("go list gave no imports:\n%s", imports)
	}

	// The one-shot CLI prints and exits: it must not link a TUI.
	// The detail renderer and the styles are shared with it, so they too.
	tui := []string{"charm.land/bubbletea", "charm.land/bubbles", mod + "/ui/rawview", mod + "/ui/input"}
	for _, pkg := range []string{mod + "/ui/cli", mod + "/ui/detail", mod + "/ui/styles"} {
		for _, dep := range strings.Fields(goList(t, "-deps", pkg)) {
			bad := dep == mod+"/ui"
			for _, p := range tui {
				bad = bad || dep == p || strings.HasPrefix(dep, p+"/")
			}
			if bad {
				t.Errorf("%s links %s, a TUI package", pkg, dep)
			}
		}
	}
}

func goList(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	return string(out)
}

// ---- configuration problems in the user's language ----

// configFaults are config files with one problem each, as a user writes
// them: what config check, get and the inspector's start report.
var configFaults = map[string]string{
	"unknown key":        "[profiles.p]\nbase_ur = \"https://x.example\"\n",
	"unknown, no hint":   "[profiles.p]\nfrobnicate = 1\nwibble = 2\n",
	"syntax":             "[profiles.p\n",
	"syntax, password":   "[profiles.p]\npassword = \"abc\n",
	"wrong type":         "[profiles.p]\ntimeout = 5\n",
	"out of range":       "[ui]\nparallel = 99\n",
	"not a duration":     "[profiles.p]\ntimeout = \"soon\"\n",
	"bad colour":         "[ui.state_colors]\nNew = \"mauve\"\n",
	"bad bool":           "[ui]\nprivacy = \"yes\"\n",
	"bad format":         "[profiles.p]\nformat = \"yaml\"\n",
	"bad language":       "[ui]\nlanguage = \"fi\"\n",
	"plain http":         "[profiles.p]\nbase_url = \"http://x.example\"\n",
	"credentials in url": "[profiles.p]\nbase_url = \"https://u:" + testPassword + "@x.example\"\n",
	"value for table":    "profiles = 3\n",
	"undefined profile":  "profile = \"q\"\n[profiles.p]\nusername = \"u\"\n",
	"several profiles":   "[profiles.a]\nusername = \"u\"\n[profiles.b]\nusername = \"u\"\n",
	"bad env name":       "[profiles.p]\nusername = \"u\"\npassword_env = \"A B\"\n",
}

// configData are the words a config problem shows as they are: keys,
// values, flags and environment variables.
var configData = append([]string{"leadinspector", "profiles", "base_ur", "base_url", "frobnicate", "timeout", "parallel", "soon",
	"state_colors", "New", "mauve", "rrggbb", "rgb", "ANSI", "privacy", "yes", "true", "false", "format", "yaml", "json", "xml",
	"language", "fi", "sv", "en", "https", "http", "localhost", "x.example", "URL", "profile", "username", "password_env",
	"password_command", "password", "NAME", "init", "config", "check", "get", "demo", "chmod", "LEADINSPECTOR_USERNAME",
	"LEADINSPECTOR_PASSWORD", "LEADINSPECTOR_BASE_URL", "LEADINSPECTOR_PROFILE", "PEM", "BEGIN", "CERTIFICATE", "ui", "UTF",
	"CUSTOMER", "LEAD", "CRM", "Lead", "Incoming", "customer", "lead", "M1", "L1", "pseudo", "https://connect.maklare.vitec.net",
	"default", "mode", "U+0001"}, config.SettingKeys...)

func writeFault(t *testing.T, text string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPseudoLocaleCoversConfigProblems(t *testing.T) {
	pseudo := map[string]string{"LEADINSPECTOR_LANG": "pseudo"}
	for name, text := range configFaults {
		p := writeFault(t, text, 0o600)
		for _, args := range [][]string{{"config", "check", "--config", p}, {"get", "--config", p, "M1", "L1"}} {
			o := runCmd(t, pseudo, "", args...)
			if o.code != 2 {
				t.Errorf("%s: %v exit %d, want 2:\n%s%s", name, args, o.code, o.stdout, o.stderr)
			}
			// The TOML parser's own words ("expected …") are no catalogue's.
			if strings.HasPrefix(name, "syntax") && !strings.Contains(name, "password") {
				continue
			}
			assertTranslated(t, name+": "+strings.Join(args[:2], " "), o.stderr, configData...)
		}
	}

	// Problems of the environment and the command line, not the file.
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{config.EnvBaseURL: "ftp://x.example"}, []string{"get", "M1", "L1"}},
		{map[string]string{config.EnvBaseURL: "https://u:p@x.example"}, []string{"get", "M1", "L1"}},
		{map[string]string{config.EnvBaseURL: "https://x.example?q=1"}, []string{"get", "M1", "L1"}},
		{map[string]string{config.EnvProfile: "nope"}, []string{"get", "M1", "L1"}},
		{nil, []string{"get", "M1", "L1"}},                                        // no username
		{map[string]string{config.EnvUsername: "u"}, []string{"get", "M1", "L1"}}, // no password
		{nil, []string{"--demo", "get", "M1", "a\x01b"}},
		{nil, []string{"--demo", "get", "M1", "."}},
		{nil, []string{"--demo", "get", "M1", strings.Repeat("x", 41)}},
		{nil, []string{"--demo", "get", "M1", "https://x.example/not/a/lead"}},
	} {
		env := map[string]string{"LEADINSPECTOR_LANG": "pseudo"}
		for k, v := range c.env {
			env[k] = v
		}
		o := runCmd(t, env, "", c.args...)
		if o.code != 2 {
			t.Errorf("%v %v: exit %d, want 2:\n%s", c.env, c.args, o.code, o.stderr)
		}
		assertTranslated(t, strings.Join(c.args, " "), o.stderr, append(configData, "nope", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"not", "ftp", "https://x.example/not/a/lead", "q")...)
	}

	// A readable password file warns, and config check says so; the
	// password_env problem is reported too.
	p := writeFault(t, "[profiles.p]\nusername = \"u\"\npassword = \""+testPassword+"\"\n", 0o644)
	o := runCmd(t, pseudo, "", "config", "check", "--config", p)
	if !strings.Contains(o.stderr, "chmod 600") {
		t.Errorf("no warning about the readable file:\n%s", o.stderr)
	}
	assertTranslated(t, "readable password", o.stdout+o.stderr, append(configData, p, "p", "u", "••••")...)
}

func TestSwedishConfigCheckWithABrokenConfig(t *testing.T) {
	sv := map[string]string{"LANG": "sv_SE.UTF-8"}
	for _, c := range []struct{ fault, want string }{
		{"unknown key", ":2: profiles.p.base_ur: okänd nyckel (menade du profiles.p.base_url?)"},
		{"unknown, no hint", ":2: profiles.p.frobnicate: okänd nyckel (kör 'leadinspector config init' i en tillfällig katalog för att se alla nycklar, eller läs startfilen); ytterligare 1 okänd nyckel efter den"},
		{"wrong type", ":2: profiles.p.timeout: måste vara en tidslängd inom citattecken, till exempel \"15s\" eller \"1m\", inte ett tal"},
		{"out of range", ":2: ui.parallel: 99 ligger utanför intervallet: använd ett heltal från 1 till"},
		{"plain http", `:2: profiles.p.base_url: bas-URL:en "http://x.example" använder okrypterad http`},
		{"credentials in url", ":2: profiles.p.base_url: bas-URL:en får inte innehålla användarnamn eller lösenord"},
		{"syntax, password", ":2: syntaxfel (detaljerna visas inte: raden kan innehålla ett lösenord; kontrollera citattecknen)"},
		{"several profiles", `: flera profiler (a, b) och ingen vald: lägg till profile = "a" överst i filen`},
		{"undefined profile", `:1: profile: anger profilen "q", som filen inte definierar (profiler: p)`},
	} {
		p := writeFault(t, configFaults[c.fault], 0o600)
		o := runCmd(t, sv, "", "config", "check", "--config", p)
		o.want(t, 2, p+c.want)
		for _, english := range []string{"unknown", "did you mean", "must", "not a", "syntax error", "profiles:", "password would"} {
			if strings.Contains(o.stderr, english) {
				t.Errorf("%s: English %q in the Swedish message: %s", c.fault, english, o.stderr)
			}
		}
	}
	// The lookup's own problems, as config check lists them.
	p := writeFault(t, "[profiles.p]\nusername = \"u\"\npassword_env = \"NOPE\"\n", 0o600)
	o := runCmd(t, sv, "", "config", "check", "--config", p)
	if !strings.Contains(o.stdout+o.stderr, `password_env i profilen "p" anger NOPE, som inte är satt eller är tom`) {
		t.Errorf("the password problem is not in Swedish:\n%s%s", o.stdout, o.stderr)
	}
	// A file that is not there, in the user's words rather than the system's.
	p = writeFault(t, "[profiles.p]\nca_file = \"nope.pem\"\n", 0o600)
	o = runCmd(t, sv, "", "config", "check", "--config", p)
	o.want(t, 2, ":2: profiles.p.ca_file: kan inte läsa "+filepath.Join(filepath.Dir(p), "nope.pem")+": filen eller katalogen finns inte")
	// The readable file's warning.
	p = writeFault(t, "[profiles.p]\nusername = \"u\"\npassword = \""+testPassword+"\"\n", 0o644)
	o = runCmd(t, sv, "", "config", "check", "--config", p)
	if !strings.Contains(o.stderr, "andra användare kan läsa filen (läge 0644): kör 'chmod 600 "+p+"'") {
		t.Errorf("the warning is not in Swedish:\n%s", o.stderr)
	}
}

// ---- the language setting ----

func TestLanguageOfTheCommandLine(t *testing.T) {
	cases := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"LANG": "sv_SE.UTF-8"}, []string{"get"}, "leadinspector: KUND-ID och LEAD-ID saknas (kör 'leadinspector get --help')"},
		{map[string]string{"LC_ALL": "sv_SE.UTF-8"}, []string{"gte"}, `okänt kommando "gte"; menade du get?`},
		{map[string]string{"LANG": "sv_SE.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, []string{"get"}, "missing CUSTOMER_ID and LEAD_ID"},
		{map[string]string{"LEADINSPECTOR_LANG": "sv", "LANG": "en_US.UTF-8"}, []string{"get"}, "KUND-ID och LEAD-ID saknas"},
		// --lang wins, even on a command line that does not parse.
		{map[string]string{"LEADINSPECTOR_LANG": "sv"}, []string{"get", "--lang", "en"}, "missing CUSTOMER_ID and LEAD_ID"},
		{map[string]string{"LANG": "C"}, []string{"--lang=sv", "get", "--bogus"}, "okänd flagga --bogus"},
		{map[string]string{"LANG": "sv_SE.UTF-8"}, []string{"--demo"}, "inspektören behöver en terminal"},
		{map[string]string{"LANG": "sv_SE.UTF-8"}, []string{"get", "--timeout", "0s", "M", "L"}, `ogiltigt värde "0s" för flaggan --timeout: ange en tid över 0`},
	}
	for _, c := range cases {
		runCmd(t, c.env, "", c.args...).want(t, 2, c.want)
	}
}

func TestBadLanguageIsAUsageError(t *testing.T) {
	runCmd(t, nil, "", "--lang", "svenska", "version").want(t, 2, `invalid value "svenska" for flag --lang: use sv (Swedish) or en (English)`)
	runCmd(t, map[string]string{"LANG": "sv_SE.UTF-8"}, "", "version", "--lang=de").want(t, 2, `ogiltigt värde "de" för flaggan --lang`)
	runCmd(t, map[string]string{"LEADINSPECTOR_LANG": "fr"}, "", "version").want(t, 2, `LEADINSPECTOR_LANG: "fr" is not a language: use sv or en`)
	p := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(p, []byte("[ui]\nlanguage = \"se\"\n"), 0o600)
	runCmd(t, nil, "", "config", "check", "--config", p).want(t, 2, p+`:2: ui.language: "se" is not a language: use sv or en`)
}

func TestConfigCheckShowsTheLanguageAndWhere(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(p, []byte("[profiles.p]\nusername = \"u\"\npassword_env = \"PW\"\n[ui]\nlanguage = \"sv\"\n"), 0o600)
	cases := []struct {
		env  map[string]string
		args []string
		re   string
	}{
		{map[string]string{"LANG": "en_GB.UTF-8"}, nil, `(?m)^ui\.language\s+sv\s+fil \(ui\.language, rad 5\)$`},
		{map[string]string{"LEADINSPECTOR_LANG": "en"}, nil, `(?m)^ui\.language\s+en\s+env \(LEADINSPECTOR_LANG\)$`},
		{nil, []string{"--lang", "en"}, `(?m)^ui\.language\s+en\s+flag \(--lang\)$`},
	}
	for _, c := range cases {
		env := map[string]string{"PW": testPassword}
		for k, v := range c.env {
			env[k] = v
		}
		o := runCmd(t, env, "", append([]string{"config", "check", "--config", p}, c.args...)...)
		o.want(t, 0)
		if !regexp.MustCompile(c.re).MatchString(o.stdout) {
			t.Errorf("%v %v: lacks %s:\n%s", c.env, c.args, c.re, o.stdout)
		}
	}
	o := runCmd(t, map[string]string{"LANG": "sv_SE.UTF-8"}, "", "config", "check")
	for _, re := range []string{`(?m)^ui\.language\s+sv\s+miljövariabel \(LANG=sv_SE\.UTF-8\)$`, `(?m)^password\s+inte angivet\s+—$`,
		`(?m)^konfigurationsfil: .* \(finns inte: inbyggda standardvärden gäller\)$`, `uppslagningar kan inte fungera`} {
		if !regexp.MustCompile(re).MatchString(o.stdout) {
			t.Errorf("Swedish config check lacks %s:\n%s", re, o.stdout)
		}
	}
}

// letters finds words: what a reader would take for text; paths finds
// absolute paths, which are data.
var (
	letters = regexp.MustCompile(`\p{L}{2,}`)
	paths   = regexp.MustCompile(`(^|\s)/\S*`)
)

// assertTranslated fails on any word outside Pseudo's markers in out that is
// not one of data's words (paths, ids, keys, values: what the program shows
// as it is).
func assertTranslated(t *testing.T, what, out string, data ...string) {
	t.Helper()
	if !strings.Contains(out, i18n.MarkOpen) {
		t.Errorf("%s: no message at all in the pseudo language:\n%s", what, out)
	}
	allowed := map[string]bool{}
	for _, d := range append(data, "leadinspector") {
		for _, w := range letters.FindAllString(d, -1) {
			allowed[w] = true
		}
	}
	for _, s := range i18n.Unmarked(out) {
		for _, w := range letters.FindAllString(paths.ReplaceAllString(s, " "), -1) {
			if !allowed[w] {
				t.Errorf("%s: %q is not from a catalogue (in %q):\n%s", what, w, s, out)
			}
		}
	}
}

func TestEveryCommandLineTextComesFromTheCatalogues(t *testing.T) {
	pseudo := map[string]string{"LEADINSPECTOR_LANG": "pseudo"}
	dir := t.TempDir()
	env := map[string]string{"LEADINSPECTOR_LANG": "pseudo", "XDG_CONFIG_HOME": dir}
	path := filepath.Join(dir, "leadinspector", "config.toml")

	o := runCmd(t, env, "", "config", "init")
	o.want(t, 0)
	assertTranslated(t, "config init", o.stdout+o.stderr, path, "username", "password_command", "password_env", "password", "config check")

	// The starter with a password: config check says it all without an error.
	env["LEADINSPECTOR_PASSWORD"] = testPassword
	o = runCmd(t, env, "", "config", "check")
	o.want(t, 0)
	data := append([]string{path, dir, "prod", "partner", "user", "https://connect.maklare.vitec.net", "json", "false", "New=#5fafff", "pseudo", "LEADINSPECTOR_PASSWORD", "M30011"},
		config.SettingKeys...)
	assertTranslated(t, "config check", o.stdout+o.stderr, data...)

	// Nothing set: the not-found and not-set words.
	o = runCmd(t, map[string]string{"LEADINSPECTOR_LANG": "pseudo", "LEADINSPECTOR_USERNAME": "u", "LEADINSPECTOR_PASSWORD": testPassword}, "", "config", "check")
	o.want(t, 0)
	assertTranslated(t, "config check, no file", o.stdout+o.stderr, append([]string{"default", "LEADINSPECTOR_USERNAME", "LEADINSPECTOR_PASSWORD",
		"LEADINSPECTOR_LANG", "pseudo", "https://connect.maklare.vitec.net", "json", "false"},
		config.SettingKeys...)...)

	for _, args := range [][]string{
		{"frobnicate"}, {"gte"}, {"get"}, {"get", "M30011"}, {"get", "--format", "yaml", "M", "L"}, {"get", "--accept", "text", "M", "L"},
		{"get", "--parallel", "17", "M", "L"}, {"get", "--parallel", "x", "M", "L"}, {"get", "--timeout", "soon", "M", "L"},
		{"get", "--timeout", "0s", "M", "L"}, {"get", "--timeout"}, {"get", "--password", "x"}, {"get", "--nope"}, {"get", "--demo=maybe", "M", "L"},
		{"get", "M", "L", "-", "L2"}, {"get", "--raw", "M", "L", "L2"}, {"get", "--format", "xml", "M", "L", "L2"}, {"---x"},
		{"config"}, {"config", "chek"}, {"config", "a", "b"}, {"help", "nope"}, {"version", "extra"}, {"--demo", "--profile", "p", "get", "M", "L"},
		{"--lang", "fi"}, {"--demo"},
	} {
		o := runCmd(t, pseudo, "", args...)
		o.want(t, 2)
		assertTranslated(t, strings.Join(args, " "), o.stderr, append(args, "CUSTOMER_ID", "LEAD_ID", "HOST", "PORT", "get", "demo", "config",
			"version", "help", "init", "path", "check", "sv", "en", "json", "xml", "text", "true", "false", "password_command", "LEADINSPECTOR_PASSWORD",
			"addr", "base-url", "profile", "username", "format", "raw", "parallel", "timeout", "lang", "stdin")...)
	}
}

func TestDemoBannerComesFromTheCatalogues(t *testing.T) {
	for _, lang := range []string{"pseudo", "sv"} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		done := make(chan int)
		env := map[string]string{"LEADINSPECTOR_LANG": lang, "HOME": t.TempDir()}
		go func() {
			done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, pw)
			pw.Close()
		}()
		// The banner ends with how to stop it; then the demo serves until
		// cancelled.
		var b strings.Builder
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "ctrl+c") {
				break
			}
		}
		cancel()
		go io.Copy(io.Discard, pr)
		if code := <-done; code != 0 {
			t.Errorf("%s: exit %d:\n%s", lang, code, b.String())
		}
		s := b.String()
		switch lang {
		case "pseudo":
			assertTranslated(t, "demo banner", s, "http://127.0.0.1", "LEADINSPECTOR_PASSWORD", "demo", "get", "base-url", "username",
				"curl", "CRM", "Lead", "Incoming", "list", "M30011", "LED", "leadinspector")
		case "sv":
			for _, want := range []string{"DEMO-API (påhittade leads) på http://127.0.0.1:", "användarnamn: demo", "Tryck ctrl+c för att stoppa."} {
				if !strings.Contains(s, want) {
					t.Errorf("Swedish banner lacks %q:\n%s", want, s)
				}
			}
		}
	}
}

// ---- the command line in the pseudo-locale ----

func TestPseudoLocaleCoversTheCommandLine(t *testing.T) {
	pseudo := func(args ...string) []string { return append([]string{"--lang", "pseudo"}, args...) }
	// data are the words shown as they are: the program's and the
	// commands' names, flags, ids, API values (State, LeadType), config
	// keys and values.
	data := append([]string{"leadinspector", "CUSTOMER_ID", "LEAD_ID", "HOST", "PORT", "TAB", "get", "demo", "config", "version",
		"init", "path", "check", "sv", "en", "json", "xml", "text", "true", "false", "default", "pseudo", "ctrl", "esc",
		"addr", "base-url", "profile", "username", "format", "raw", "parallel", "timeout", "lang", "help", "list", "accept", "no-names",
		"no-color", "privacy", "demo", "password_command", "password_env", "password", "LEADINSPECTOR_PASSWORD", "LEADINSPECTOR_USERNAME",
		"LEADINSPECTOR_CONFIG", "LEADINSPECTOR_PROFILE", "LEADINSPECTOR_BASE_URL", "LEADINSPECTOR_LANG", "XDG_CONFIG_HOME", "EDITOR",
		"NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANG", "ui.language", "ui.parallel", "config.toml", "lead.json", "lead-ids.txt",
		"https://connect.maklare.vitec.net", "CRM/Lead/{customerId}/Incoming/{id}", "CRM/Lead/{customer}/Incoming/{lead}", "profiles.NAME",
		"New", "Assigned", "Accepted", "Contacted", "Canceled", "Postponed", "WaitingForCustomer", "AcceptObjectFlow", "BookViewingFlow",
		"HAN89004204937985CC908873D8669C6CBB"}, config.SettingKeys...)
	for _, l := range demo.Leads() {
		data = append(data, l.CustomerID, l.LeadID)
	}
	check := func(env map[string]string, args []string, checkStdout bool) outcome {
		t.Helper()
		o := runCmd(t, env, "", args...)
		name := strings.Join(args[2:], " ")
		out := o.stderr
		if checkStdout {
			out += o.stdout
		}
		assertTranslated(t, name, out, data...)
		return o
	}

	check(nil, pseudo("--help"), true)
	check(nil, pseudo("get", "--help"), true)
	check(nil, pseudo("demo", "--help"), true)
	check(nil, pseudo("config", "--help"), true)
	check(nil, pseudo("demo", "--list"), true)
	check(nil, pseudo("get", "M1"), true)
	check(nil, pseudo("gte"), true)
	check(nil, pseudo("get", "--format", "yaml", "M1", "L1"), true)

	// get with several ids: the table, every lead of the demo and each
	// failure (the slow one runs into the time limit).
	ids := []string{"--demo", "--timeout", "1s", "get", demo.CustomerID}
	var failures []demo.Lead
	for i, l := range demo.Leads() {
		ids = append(ids, l.CustomerID+"/"+l.LeadID)
		if i > 0 && (strings.HasPrefix(l.LeadID, "LED-") || l.CustomerID == "M99999" || strings.HasPrefix(l.LeadID, "LED000")) {
			failures = append(failures, l)
		}
	}
	if len(failures) < 6 {
		t.Fatalf("found %d failure ids in the demo: %v", len(failures), failures)
	}
	o := check(nil, pseudo(ids...), true)
	if !strings.Contains(o.stdout, "Anna Berg") || !strings.Contains(o.stderr, "HAN89004204937985CC908873D8669C6CBB") {
		t.Errorf("the table lacks the names, or stderr the refused one:\n%s\n%s", o.stdout, o.stderr)
	}
	// Each failure alone: the one line on stderr (stdout is empty).
	for _, l := range failures {
		o := check(nil, pseudo("--demo", "--timeout", "1s", "get", l.CustomerID, l.LeadID), true)
		if o.code == 0 && l.LeadID != "LED-SLOW" {
			t.Errorf("%s: exit 0", l.LeadID)
		}
	}
	// A name that cannot be had: its line on stderr. (stdout is the detail
	// renderer's, checked with its own texts.)
	o = check(nil, pseudo("--demo", "get", "M30012", "LED49296B2254ED6E99D332564B0D935DC9"), false)
	if !strings.Contains(o.stderr, "HAN89004204937985CC908873D8669C6CBB") {
		t.Errorf("no line for the refused agent: %q", o.stderr)
	}

	// config check, with a lookup that could work.
	check(map[string]string{"LEADINSPECTOR_USERNAME": "u", config.EnvPassword: "p"}, pseudo("config", "check"), true)
}

// ---- the real program in tmux ----

// These tests drive the real program in tmux, a real terminal: signals as a
// closed window sends them, and widths as a terminal draws them. They are
// skipped where tmux is not installed.

var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// TestMain builds the program for the tmux tests once, and for a whole run
// (no -run) starts building it at once, so the build overlaps the tests
// that run in process; the tmux tests then run in parallel.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() == "" && !testing.Short() {
		if _, err := exec.LookPath("tmux"); err == nil {
			go built.once.Do(build)
		}
	}
	code := m.Run()
	built.once.Do(func() {}) // waits for a build still running
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func build() {
	dir, err := os.MkdirTemp("", "leadinspector-bin-")
	if err != nil {
		built.err = err
		return
	}
	built.dir, built.path = dir, filepath.Join(dir, "leadinspector")
	out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
	if err != nil {
		built.err = fmt.Errorf("go build: %v\n%s", err, out)
	}
}

// A binary built with go build in a git checkout names the commit it was
// built from, so a colleague can tell which build someone runs. Go stamps
// the commit only where .git is a directory: not in a git worktree, where
// .git is a file (cmd/go's vcs root names); CI runs in a clone.
func TestVersionOfABuildNamesTheCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	if fi, err := os.Stat(".git"); err == nil && !fi.IsDir() {
		t.Skip("a git worktree: go build does not stamp the commit here (it does in a clone)")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse HEAD (the tests run in a git checkout): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "leadinspector")
	// -buildvcs=true: as go build does by default, whatever GOFLAGS says.
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, arg := range []string{"--version", "version"} {
		out, err := exec.Command(bin, arg).Output()
		if err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		want := "(commit " + string(head[:12])
		if !strings.Contains(string(out), want) || !strings.Contains(string(out), runtime.Version()+" "+runtime.GOOS+"/"+runtime.GOARCH+")") {
			t.Errorf("%s: %q; want %q… and %s", arg, out, want, runtime.Version())
		}
	}
}

// binary is the program built once for the tmux tests.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the program and runs it in tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	built.once.Do(build)
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

type tmux struct {
	t    *testing.T
	sock string
	home string // HOME, XDG dirs and TMPDIR live under it
}

// startTmux runs the program in a detached tmux session of w×h cells with a
// home of its own.
func startTmux(t *testing.T, w, h int, env []string, args ...string) *tmux {
	t.Helper()
	home := t.TempDir()
	if err := os.Mkdir(filepath.Join(home, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	return startTmuxIn(t, home, w, h, env, args...)
}

// startTmuxIn is startTmux in a given home, as a second run on the same
// machine would find it.
func startTmuxIn(t *testing.T, home string, w, h int, env []string, args ...string) *tmux {
	t.Helper()
	bin := binary(t)
	sock, err := os.CreateTemp(home, "tmux-*.sock")
	if err != nil {
		t.Fatal(err)
	}
	_ = sock.Close()
	_ = os.Remove(sock.Name())
	s := &tmux{t: t, sock: sock.Name(), home: home}
	argv := []string{"-S", s.sock, "-f", "/dev/null", "new-session", "-d", "-s", "li",
		"-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "--", "env",
		"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "TMPDIR=" + filepath.Join(home, "tmp"),
		"TERM=xterm-256color", "LANG=C.UTF-8"}
	argv = append(append(append(argv, env...), bin), args...)
	if out, err := exec.Command("tmux", argv...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.sock, "kill-server").Run() })
	return s
}

func (s *tmux) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmux) keys(keys ...string) { s.run(append([]string{"send-keys", "-t", "li"}, keys...)...) }

func (s *tmux) screen() string { return s.run("capture-pane", "-p", "-t", "li") }

// pid is the program's process id (env execs it in the pane).
func (s *tmux) pid() int {
	pid, err := strconv.Atoi(strings.TrimSpace(s.run("display", "-p", "-t", "li", "#{pane_pid}")))
	if err != nil {
		s.t.Fatal(err)
	}
	return pid
}

// waitFor polls until ok holds, or fails the test, showing the screen of s
// if not nil.
func waitFor(t *testing.T, what string, ok func() bool, s *tmux) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok() {
			return
		}
	}
	if s != nil {
		t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s.screen())
	}
	t.Fatalf("timed out waiting for %s", what)
}

func (s *tmux) waitScreen(want ...string) {
	s.t.Helper()
	var last string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		last = s.screen()
		missing := false
		for _, w := range want {
			missing = missing || !strings.Contains(last, w)
		}
		if !missing {
			return
		}
	}
	s.t.Fatalf("screen never showed %q:\n%s", want, last)
}

// The terminal's colour profile is detected once per run. In tmux each
// detection runs `tmux info`, a process of its own, before the first frame
// can show: a tmux first on PATH counts them.
func TestOneTerminalProbe(t *testing.T) {
	t.Parallel()
	real, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	probes := filepath.Join(dir, "probes")
	script := "#!/bin/sh\necho \"$*\" >> '" + probes + "'\nexec '" + real + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "tmux"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// A 256-colour terminal that does not say it has true colour: the
	// profile needs tmux's word.
	s := startTmux(t, 120, 40, []string{"PATH=" + dir + ":" + os.Getenv("PATH"), "COLORTERM=", "NO_COLOR="}, "--demo")
	s.waitScreen("Look up")
	s.keys("Enter")
	s.waitScreen("200 OK")
	got, _ := os.ReadFile(probes)
	if n := strings.Count(string(got), "\n"); n != 1 {
		t.Errorf("the program asked tmux for the colour profile %d times before its first lookup, want once:\n%s", n, got)
	}
}

func alive(pid int) bool { return exec.Command("kill", "-0", strconv.Itoa(pid)).Run() == nil }

func gone(path string) bool { _, err := os.Stat(path); return os.IsNotExist(err) }

// The demo keeps its history across runs, as a real profile does, and the
// stepping lead goes on from its earlier steps (issue 20.8): a newcomer
// who starts the demo again sees the lookups of the run before.
func TestDemoHistoryIsKeptAcrossRuns(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	first := startTmuxIn(t, home, 120, 40, nil, "--demo")
	first.waitScreen("Look up")
	first.keys("Enter")
	first.waitScreen("just now")
	first.keys("q")
	file := filepath.Join(home, "state", "leadinspector", "demo", "history.json")
	waitFor(t, "the demo's history to be written", func() bool { return !gone(file) }, first)
	_ = exec.Command("tmux", "-S", first.sock, "kill-server").Run()

	next := startTmuxIn(t, home, 120, 40, nil, "--demo")
	next.waitScreen("Look up")
	if s := next.screen(); !strings.Contains(s, "just now") || strings.Contains(s, "No lookups yet") {
		t.Errorf("the second demo run lost the first run's history:\n%s", s)
	}
}
