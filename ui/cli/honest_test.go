package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// realClient is the program's client against a loopback server.
func realClient(t *testing.T, h http.Handler, edit func(*api.Options)) *api.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	o := api.Options{BaseURL: srv.URL, Username: "partner", Password: "S3cretPW!", Retries: -1, Timeout: 5 * time.Second}
	if edit != nil {
		edit(&o)
	}
	c, err := api.NewClient(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// getReal runs `get` with args through c.
func getReal(t *testing.T, c api.LeadGetter, args GetArgs, sys IO, opts ...func(*GetOptions)) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	sys.Stdout, sys.Stderr = &out, &errb
	o := GetOptions{Args: args, Parallel: 2, Lookup: Lookup{Profile: "prod", Host: "h", Username: "partner"}, Password: "S3cretPW!"}
	for _, f := range opts {
		f(&o)
	}
	code = Get(context.Background(), c, o, sys)
	return code, out.String(), errb.String()
}

// A redirect to another host that refuses us is not "check the username and
// password": the credentials were (rightly) not sent there. The single
// lookup and the batch row say it in the same words.
func TestGetRedirectToAnotherHostThatRefuses(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the credentials followed the redirect")
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer other.Close()
	otherHost := "localhost:" + other.URL[strings.LastIndex(other.URL, ":")+1:]
	c := realClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+otherHost+r.URL.Path, http.StatusFound)
	}), nil)
	want := "the server redirected to " + otherHost + "; credentials are not sent there, and it refused us (401)"
	code, _, stderr := getReal(t, c, one("text", false), IO{})
	if code != ExitAuth || !strings.Contains(stderr, want) || strings.Contains(stderr, "check the username") {
		t.Errorf("get: exit %d, %q; want %q", code, stderr, want)
	}
	_, stdout, _ := getReal(t, c, GetArgs{Format: "text", CustomerID: "M1", LeadIDs: []string{"L1", "L2"}}, IO{})
	if strings.Count(stdout, want) != 2 {
		t.Errorf("batch rows:\n%s\nwant each to say %q", stdout, want)
	}
}

// Retry-After beyond today names the day, as each language writes a date
// in a sentence; the wait is capped, never the words; an HTTP date in year
// 9999 is not a time today.
func TestGetRetryAfterNamesTheDay(t *testing.T) {
	now := time.Date(2026, 12, 7, 11, 21, 2, 0, time.UTC)
	for _, tc := range []struct{ header, want, sv string }{
		{"99999", "retry after tomorrow 15:07", "försök igen efter i morgon 15:07"},
		{"Wed, 09 Dec 2026 15:00:00 GMT", "retry after 9 Dec 15:00", "försök igen efter 9 dec. 15:00"},
		{"Fri, 31 Dec 9999 23:59:59 GMT", "retry after 31 Dec 9999 23:59", "försök igen efter 31 dec. 9999 23:59"},
		{"600", "retry after 11:31:02", "försök igen efter 11:31:02"},
	} {
		for lang, want := range map[i18n.Lang]string{i18n.English: tc.want, i18n.Swedish: tc.sv} {
			// A client of its own: a client waits out a Retry-After it was given.
			c := realClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", tc.header)
				w.WriteHeader(http.StatusTooManyRequests)
			}), func(o *api.Options) { o.Now = func() time.Time { return now } })
			code, _, stderr := getReal(t, c, one("text", false), IO{Now: func() time.Time { return now }, Loc: time.UTC, Localizer: i18n.New(lang)})
			if code != ExitHTTP || !strings.Contains(stderr, want) {
				t.Errorf("Retry-After %s (%s): exit %d, %q; want %q", tc.header, lang, code, stderr, want)
			}
		}
	}
}

// `get --format xml` of a UTF-16 lead writes UTF-8 text, not NULs; `--raw`
// into a pipe stays byte for byte.
func TestGetUTF16XML(t *testing.T) {
	utf16, err := os.ReadFile("../../api/testdata/dotnet/lead-utf16.xml")
	if err != nil {
		t.Fatal(err)
	}
	c := realClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml; charset=utf-16")
		w.Write(utf16)
	}), nil)
	code, stdout, stderr := getReal(t, c, one("xml", false), IO{})
	if code != ExitOK || strings.ContainsRune(stdout, 0) || !strings.Contains(stdout, "\n  <BuyingEstateId>sample string 3</BuyingEstateId>") {
		t.Errorf("--format xml: exit %d %s\n%q", code, stderr, stdout[:min(len(stdout), 120)])
	}
	code, stdout, _ = getReal(t, c, one("xml", true), IO{})
	if code != ExitOK || stdout != string(utf16) {
		t.Errorf("--raw into a pipe: exit %d, not the exact bytes", code)
	}
}

// `get --privacy` masks personal data in the server's words as the
// inspector masks it: a 2xx of the wrong type holding a lead, a 400 quoting
// the request or naming a personal field.
func TestGetPrivacyMasksTheServersWords(t *testing.T) {
	for _, tc := range []struct {
		status   int
		ct, body string
	}{
		{200, "text/plain", `{"message": "Ring 070-1234567", "contactId": "ADR3ADC7B7B0A9447CA97FCAB43E36B582C"}`},
		{400, "application/json", `{"Message":"The request is invalid.","ModelState":{"lead.message":["'Ring 070-1234567' is too long."]}}`},
		{400, "text/plain", `{"contactId":"ADR3ADC7B7B0A9447CA97FCAB43E36B582C","message":"Ring 070-1234567"} is not a valid request`},
	} {
		c := realClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tc.ct)
			w.WriteHeader(tc.status)
			w.Write([]byte(tc.body))
		}), nil)
		_, _, plain := getReal(t, c, one("text", false), IO{})
		if !strings.Contains(plain, "070-1234567") {
			t.Errorf("%d %s without --privacy: %q; want the server's words", tc.status, tc.ct, plain)
		}
		for _, args := range []GetArgs{one("text", false), {Format: "text", CustomerID: "M1", LeadIDs: []string{"L1", "L2"}}} {
			_, stdout, stderr := getReal(t, c, args, IO{}, func(o *GetOptions) { o.Privacy = true })
			if out := stdout + stderr; strings.Contains(out, "070-") || strings.Contains(out, "ADR3") || !strings.Contains(out, "••••") {
				t.Errorf("%d %s --privacy (%d ids): %q", tc.status, tc.ct, len(args.LeadIDs), out)
			}
		}
	}
}

// A State sent as a number the server gives no name for (its XML fails)
// says so in the text output, and is named when the XML has the name.
func TestGetEnumNumbers(t *testing.T) {
	js, err := os.ReadFile("../../api/testdata/dotnet/lead-jsonnet-enum-numbers.json")
	if err != nil {
		t.Fatal(err)
	}
	xml, err := os.ReadFile("../../api/testdata/seed.xml")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(js), `"state": 1`, `"state": 53`, 1)
	for _, tc := range []struct {
		xml  bool
		want string
	}{{false, "53 (number; the server sent no name)"}, {true, "New"}} {
		c := realClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.Header.Get("Accept"), "xml") {
				if !tc.xml {
					w.WriteHeader(500)
					return
				}
				w.Header().Set("Content-Type", "application/xml")
				w.Write(xml)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(body))
		}), nil)
		code, stdout, stderr := getReal(t, c, GetArgs{Format: "text", NoNames: true, CustomerID: "M1", LeadIDs: []string{"L1"}}, IO{})
		if code != ExitOK || !strings.Contains(stdout, tc.want) {
			t.Errorf("xml %v: exit %d %s\n%s\nwant %q", tc.xml, code, stderr, stdout, tc.want)
		}
	}
}
