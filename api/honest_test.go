package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// The status bar explains without a clock of its own, the CLI with one a
// little later: both say the same time, counted from the answer's arrival
// stamped on the error, not "in 1440 min".
func TestRetryAfterStatusBarAndCLISayTheSameTime(t *testing.T) {
	arrived := time.Date(2026, 12, 7, 11, 21, 2, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "99999")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Now = func() time.Time { return arrived } })
	_, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
	bar := Explain(err, ExplainContext{Loc: time.UTC}).Line(true)
	cli := Explain(err, ExplainContext{Now: arrived.Add(3 * time.Second), Loc: time.UTC}).Line(false)
	const want = "retry after tomorrow 15:07"
	if !strings.Contains(bar, want) || !strings.Contains(cli, want) {
		t.Errorf("status bar %q, CLI %q: want both to say %q", bar, cli, want)
	}
}

// A password the server sends back with invisible characters inside it or
// written with needless escapes is redacted in what every display reads
// (the body, pretty-printed and sanitised as the raw pane and get --format
// show it) and in the lead, not shown as sent.
func TestRedactionSeesThroughInvisibleCharactersAndEscapes(t *testing.T) {
	const pw = "S3cretPW-long"
	variants := []string{
		`S3cr\u0065tPW-long`,      // JSON: a needless escape
		"S3cr\u00adetPW-long",     // soft hyphen
		"S3cr\u200betPW-long",     // zero-width space
		"S3cr\ufe0fetPW-long",     // VS16
		"S3cr\U0001f3fdetPW-long", // a skin tone
		"S3cr\u200detPW-long",     // zero-width joiner
		"S3cr\ufeffetPW-long",     // BOM
	}
	for _, f := range []Format{JSON, XML} {
		for _, v := range variants {
			body := `{"state":"New","message":"pw: ` + v + `"}`
			ct := "application/json"
			if f == XML {
				if strings.HasPrefix(v, `S3cr\u`) {
					v = "S3cr&#101;tPW-long" // XML: a needless character reference
				}
				body = `<IncomingLead><Message>pw: ` + v + `</Message><State>New</State></IncomingLead>`
				ct = "application/xml"
			}
			srv := httptest.NewServer(serveBody(200, ct, body))
			c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Password = pw })
			res, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", f)
			srv.Close()
			if err != nil {
				t.Fatalf("%s %+q: %v", f, v, err)
			}
			shown := []string{string(res.Body), sanitizeText(string(Pretty(res.Body, f))), sanitizeRaw(Pretty(res.Body, f)), sanitizeText(res.Lead.Message)}
			for _, s := range shown {
				if folded := foldAll(s); strings.Contains(folded, "S3cretPW") {
					t.Errorf("%s %+q: the password shows: %+q", f, v, s)
				}
			}
			if !res.SecretEchoed {
				t.Errorf("%s %+q: not noted as echoed", f, v)
			}
		}
	}
}

// A lead in UTF-16 (DataContractSerializer with Encoding.Unicode) is shown
// as UTF-8 text, its declaration naming utf-8; the exact bytes stay for
// `get --raw`.
func TestUTF16XMLIsShownAsText(t *testing.T) {
	utf16, err := os.ReadFile("testdata/dotnet/lead-utf16.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serveBody(200, "application/xml; charset=utf-16", string(utf16)))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", XML)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.IndexByte(res.Body, 0) >= 0 || !bytes.HasPrefix(res.Body, []byte(`<?xml version="1.0" encoding="utf-8"?><IncomingLead`)) {
		t.Errorf("body shown: %q", res.Body[:min(len(res.Body), 80)])
	}
	if !bytes.Equal(res.ExactBody(), utf16) {
		t.Error("the exact bytes were not kept")
	}
	if again, err := DecodeXML(res.Body); err != nil || again.State != res.Lead.State || res.Lead.State == "" {
		t.Errorf("the shown body does not decode as the lead: %v", err)
	}
	if p := Pretty(res.Body, XML); !bytes.Contains(p, []byte("\n  <BuyingEstateId>sample string 3</BuyingEstateId>")) {
		t.Errorf("pretty-printed:\n%s", p)
	}
}

// A DateTimeOffset as DataContractSerializer (XML) and
// DataContractJsonSerializer (JSON) write it is read, not dropped.
func TestDateTimeOffsetIsRead(t *testing.T) {
	want := time.Date(2025, 4, 4, 4, 11, 27, 748_000_000, time.UTC)
	for _, tc := range []struct {
		file string
		f    Format
	}{
		{"testdata/dotnet/lead-datacontract-datetimeoffset.xml", XML},
		{"testdata/dotnet/lead-datacontractjson.json", JSON},
	} {
		body, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(serveBody(200, tc.f.Accept()+"; charset=utf-8", string(body)))
		c, _ := newTestClient(t, srv.URL, nil)
		res, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", tc.f)
		srv.Close()
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		got := res.Lead.SentAt
		if got.Sub(want).Abs() >= time.Millisecond {
			t.Errorf("%s: SentAt %v, want %v", tc.file, got, want)
		}
		if _, off := got.Zone(); off != 2*3600 {
			t.Errorf("%s: SentAt offset %d s, want +02:00", tc.file, off)
		}
	}
}
