package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"leadinspector/api/base/i18n"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testNow is the demo's clock in tests: a summer instant, so Stockholm is
// at +02:00.
func testNow() time.Time { return time.Date(2025, 7, 1, 10, 0, 0, 123456789, time.UTC) }

func newTestHandler() http.Handler {
	return NewHandler(Options{Now: testNow, SlowDelay: time.Millisecond})
}

// do sends GET path with the demo's credentials (unless auth is false) and
// the given Accept header ("" for none).
func do(t *testing.T, h http.Handler, path, accept string, auth bool) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "http://demo.test"+path, nil)
	if auth {
		r.SetBasicAuth(Username, Password)
	}
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func leadPath(customer, id string) string {
	return "/CRM/Lead/" + url.PathEscape(customer) + "/Incoming/" + url.PathEscape(id)
}

// successful says whether a catalogue entry ends in a 200 with a lead.
func successful(e entry) bool {
	switch e.do {
	case serveLead, serveStepping, serveFlaky, serveSlow:
		return true
	}
	return false
}

// getLead fetches a successful lead, going past the flaky lead's 503.
func getLead(t *testing.T, e entry, accept string) *httptest.ResponseRecorder {
	t.Helper()
	h := newTestHandler()
	w := do(t, h, leadPath(e.customer, e.id), accept, true)
	if e.do == serveFlaky {
		w = do(t, h, leadPath(e.customer, e.id), accept, true)
	}
	if w.Code != http.StatusOK {
		t.Fatalf("%s/%s (%s): status %d, body %q", e.customer, e.id, accept, w.Code, w.Body.String())
	}
	return w
}

// Encoding a lead that holds Vitec's sample values must give Vitec's samples
// byte for byte (minus the help page's indentation): names, order,
// namespaces, prefixes and the date format.
func TestEncodersReproduceVitecSamples(t *testing.T) {
	s := func(n int) string { return "sample string " + strconv.Itoa(n) }
	o := func() *office { return &office{ID: s(1), CustomerID: s(2)} }
	l := &incomingLead{
		ContactID:       s(1),
		LeadSource:      &leadSource{ID: s(1), Name: s(2), LeadType: "AcceptObjectFlow"},
		SentAt:          wireTime{T: time.Date(2025, 4, 4, 4, 11, 27, 748179800, time.UTC)},
		Receiver:        &receiver{Agent: &agent{ID: s(1), Office: o()}, UserGroup: &userGroup{ID: s(1)}, Office: o()},
		BuyingEstateID:  s(3),
		SellingEstateID: s(4),
		State:           "New",
		Message:         s(5),
		IsAnonymized:    yes(),
		UtmTags:         []utmTag{{s(1), s(2)}, {s(1), s(2)}},
	}

	seedJSON, err := os.ReadFile("../testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Compact(&want, seedJSON); err != nil {
		t.Fatal(err)
	}
	if got := encodeJSON(l); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("JSON differs from Vitec's sample:\n got %s\nwant %s", got, want.Bytes())
	}

	seedXML, err := os.ReadFile("../testdata/seed.xml")
	if err != nil {
		t.Fatal(err)
	}
	wantXML := regexp.MustCompile(`>\s+<`).ReplaceAll(bytes.TrimSpace(seedXML), []byte("><"))
	if got := encodeXML(l); !bytes.Equal(got, wantXML) {
		t.Errorf("XML differs from Vitec's sample:\n got %s\nwant %s", got, wantXML)
	}
}

func TestAuth(t *testing.T) {
	h := newTestHandler()
	path := leadPath(CustomerID, idOrdinary)
	cases := []struct {
		name       string
		user, pass string
		set        bool
	}{
		{"missing", "", "", false},
		{"wrong password", Username, "nope", true},
		{"wrong user", "admin", Password, true},
		{"empty", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, path, nil)
			if c.set {
				r.SetBasicAuth(c.user, c.pass)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", w.Code)
			}
			if got := w.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Basic ") {
				t.Errorf("WWW-Authenticate = %q, want a Basic challenge", got)
			}
			if got, want := w.Body.String(), `{"Message":"Authorization has been denied for this request."}`; got != want {
				t.Errorf("body = %s, want %s", got, want)
			}
		})
	}
	// The 401 is negotiated like every other answer.
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Accept", "application/xml")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got, want := w.Body.String(), `<Error><Message>Authorization has been denied for this request.</Message></Error>`; w.Code != 401 || got != want {
		t.Errorf("XML 401: %d %s, want 401 %s", w.Code, got, want)
	}
	// With the right credentials the same request succeeds.
	if w := do(t, h, path, "", true); w.Code != http.StatusOK {
		t.Errorf("demo/demo: status %d, want 200", w.Code)
	}
}

func TestNegotiation(t *testing.T) {
	h := newTestHandler()
	cases := []struct{ accept, want string }{
		{"", "application/json; charset=utf-8"},
		{"*/*", "application/json; charset=utf-8"},
		{"application/json", "application/json; charset=utf-8"},
		{"text/json", "text/json; charset=utf-8"},
		{"application/xml", "application/xml; charset=utf-8"},
		{"text/xml", "text/xml; charset=utf-8"},
		{"APPLICATION/XML", "application/xml; charset=utf-8"},
		{"application/xml;q=0.5, application/json", "application/json; charset=utf-8"},
		{"application/json;q=0.4, text/xml;q=0.6", "text/xml; charset=utf-8"},
		{"application/json;q=0, application/xml", "application/xml; charset=utf-8"},
		{"text/*", "text/json; charset=utf-8"},
		{"application/*", "application/json; charset=utf-8"},
		{"image/png", "application/json; charset=utf-8"},
		// A browser's Accept: XML, as Web API famously answers browsers.
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml; charset=utf-8"},
	}
	for _, c := range cases {
		w := do(t, h, leadPath(CustomerID, idOrdinary), c.accept, true)
		if got := w.Header().Get("Content-Type"); got != c.want {
			t.Errorf("Accept %q: Content-Type %q, want %q", c.accept, got, c.want)
		}
		isXML := strings.Contains(c.want, "xml")
		if got := bytes.HasPrefix(w.Body.Bytes(), []byte("<IncomingLead ")); got != isXML {
			t.Errorf("Accept %q: body starts %.20q, want XML %v", c.accept, w.Body.String(), isXML)
		}
	}
}

// wellFormed parses body with encoding/xml and returns the element tree.
// .NET writes C0 controls as character references such as &#x1B;, which
// XML 1.0 forbids and Go's strict parser rejects; they are mapped to the
// private-use area for parsing and back afterwards, so the rest of the
// document is still checked strictly.
func wellFormed(body []byte) (*node, error) {
	c0 := regexp.MustCompile(`&#x([0-9A-F]{1,2});`)
	body = c0.ReplaceAllFunc(body, func(m []byte) []byte {
		n, _ := strconv.ParseUint(string(m[3:len(m)-1]), 16, 8)
		if n >= 0x20 || n == '\t' || n == '\n' || n == '\r' {
			return m
		}
		return fmt.Appendf(nil, "&#x%X;", 0xE000+n)
	})
	d := xml.NewDecoder(bytes.NewReader(body))
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name}
			for _, a := range tok.Attr {
				if a.Name.Space == nsInstance && a.Name.Local == "nil" {
					n.nil = a.Value == "true"
				}
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text += strings.Map(func(r rune) rune {
				if r >= 0xE000 && r < 0xE020 {
					return r - 0xE000
				}
				return r
			}, string(tok))
		}
	}
	if len(root.children) != 1 {
		return nil, fmt.Errorf("%d root elements", len(root.children))
	}
	return root.children[0], nil
}

type node struct {
	name     xml.Name
	nil      bool
	text     string
	children []*node
}

// checkOrder reports elements whose children are not in ordinal
// alphabetical order (DataContractSerializer's member order).
func checkOrder(t *testing.T, n *node, where string) {
	t.Helper()
	for i, c := range n.children {
		if i > 0 && c.name.Local < n.children[i-1].name.Local {
			t.Errorf("%s/%s: <%s> after <%s>", where, n.name.Local, c.name.Local, n.children[i-1].name.Local)
		}
		checkOrder(t, c, where+"/"+n.name.Local)
	}
}

// generic turns the XML tree into the shape encoding/json gives the JSON
// body, so the two representations can be compared value by value.
func generic(n *node) any {
	switch {
	case n.nil:
		return nil
	case n.name.Local == "UtmTags":
		list := []any{}
		for _, c := range n.children {
			list = append(list, generic(c))
		}
		return list
	case n.name.Local == "IsAnonymized":
		return n.text == "true"
	case len(n.children) > 0:
		m := map[string]any{}
		for _, c := range n.children {
			m[strings.ToLower(c.name.Local[:1])+c.name.Local[1:]] = generic(c)
		}
		return m
	}
	return n.text
}

var leadFields = []string{"contactId", "leadSource", "sentAt", "receiver", "buyingEstateId",
	"sellingEstateId", "state", "message", "isAnonymized", "utmTags"}

// Every successful lead answers 200 in both formats; the JSON has exactly
// the sample's fields in the sample's order, the XML is well-formed,
// alphabetical, in Vitec's namespaces, and carries the same values.
func TestEverySuccessfulLeadInBothFormats(t *testing.T) {
	n := 0
	for _, e := range catalogue() {
		if !successful(e) {
			continue
		}
		n++
		t.Run(e.id, func(t *testing.T) {
			jw := getLead(t, e, "application/json")
			var fromJSON map[string]any
			if err := json.Unmarshal(jw.Body.Bytes(), &fromJSON); err != nil {
				t.Fatalf("JSON: %v", err)
			}
			// Fields in the order of Vitec's sample.
			pos := -1
			for _, k := range leadFields {
				i := bytes.Index(jw.Body.Bytes(), []byte(`"`+k+`":`))
				if i <= pos {
					t.Errorf("JSON field %q missing or out of order", k)
				}
				pos = i
			}
			if len(fromJSON) != len(leadFields) {
				t.Errorf("JSON has %d fields, want %d", len(fromJSON), len(leadFields))
			}

			xw := getLead(t, e, "application/xml")
			root, err := wellFormed(xw.Body.Bytes())
			if err != nil {
				t.Fatalf("XML not well-formed: %v\n%s", err, xw.Body.String())
			}
			if root.name != (xml.Name{Space: nsLead, Local: "IncomingLead"}) {
				t.Errorf("root = %v", root.name)
			}
			checkOrder(t, root, "")
			if !bytes.HasPrefix(xw.Body.Bytes(), []byte(`<IncomingLead xmlns:i="`+nsInstance+`" xmlns="`+nsLead+`">`)) {
				t.Errorf("XML root start %.200s", xw.Body.String())
			}
			for _, c := range root.children {
				if c.name.Local == "UtmTags" {
					for _, u := range c.children {
						if u.name.Space != nsUtm {
							t.Errorf("UTM tag in namespace %q", u.name.Space)
						}
					}
				}
			}
			if got := generic(root); !reflect.DeepEqual(got, fromJSON) {
				t.Errorf("XML and JSON disagree:\nXML  %#v\nJSON %#v", got, fromJSON)
			}
		})
	}
	if n < 12 {
		t.Errorf("%d successful leads, want a dozen", n)
	}
}

func TestAbsentValues(t *testing.T) {
	e := find(t, idSparse)
	xw := getLead(t, e, "application/xml")
	for _, name := range []string{"BuyingEstateId", "IsAnonymized", "LeadSource", "Message", "Receiver", "SellingEstateId", "UtmTags"} {
		if want := "<" + name + ` i:nil="true"/>`; !strings.Contains(xw.Body.String(), want) {
			t.Errorf("sparse XML lacks %s", want)
		}
	}
	jw := getLead(t, e, "application/json")
	for _, name := range []string{"buyingEstateId", "isAnonymized", "leadSource", "message", "receiver", "sellingEstateId", "utmTags"} {
		if want := `"` + name + `":null`; !strings.Contains(jw.Body.String(), want) {
			t.Errorf("sparse JSON lacks %s", want)
		}
	}

	// Nested absent objects, an empty list and a missing contact.
	xw = getLead(t, find(t, idOrdinary), "application/xml")
	if !strings.Contains(xw.Body.String(), `<UserGroup i:nil="true"/></Receiver>`) {
		t.Errorf("agent lead: no nil UserGroup in %s", xw.Body.String())
	}
	anon := find(t, idAnonymous)
	xw = getLead(t, anon, "application/xml")
	for _, want := range []string{`<ContactId i:nil="true"/>`, `<IsAnonymized>true</IsAnonymized>`, `<UtmTags xmlns:d2p1="` + nsUtm + `"/>`} {
		if !strings.Contains(xw.Body.String(), want) {
			t.Errorf("anonymised XML lacks %s", want)
		}
	}
	jw = getLead(t, anon, "application/json")
	for _, want := range []string{`"contactId":null`, `"isAnonymized":true`, `"utmTags":[]`} {
		if !strings.Contains(jw.Body.String(), want) {
			t.Errorf("anonymised JSON lacks %s", want)
		}
	}
}

func find(t *testing.T, id string) entry {
	t.Helper()
	for _, e := range catalogue() {
		if e.id == id {
			return e
		}
	}
	t.Fatalf("no catalogue entry %s", id)
	return entry{}
}

func TestFailureIDs(t *testing.T) {
	cases := []struct {
		customer, id, accept string
		status               int
		contentType          string
		body                 string // exact, or a substring when contains is set
		contains             bool
	}{
		{CustomerID, idBadRequest, "", 400, "application/json; charset=utf-8",
			`{"Message":"The request is invalid.","ModelState":{"id":["Ogiltigt lead-id."]}}`, false},
		{CustomerID, idBadRequest, "application/xml", 400, "application/xml; charset=utf-8",
			`<Error><Message>The request is invalid.</Message><ModelState><id>Ogiltigt lead-id.</id></ModelState></Error>`, false},
		{customerNoGrant, idForbidden, "", 403, "application/json; charset=utf-8",
			`{"Message":"Användaren saknar behörighet till kund M99999."}`, false},
		{customerNoGrant, idOrdinary, "application/xml", 403, "application/xml; charset=utf-8",
			`<Error><Message>Användaren saknar behörighet till kund M99999.</Message></Error>`, false},
		{"M12345", idOrdinary, "", 403, "application/json; charset=utf-8", `kund M12345`, true},
		{CustomerID, idNotFound, "", 404, "application/json; charset=utf-8",
			`{"Message":"Det finns inget inkommande lead med id 'LED00000000000000000000000000000000' hos kund M30011."}`, false},
		{CustomerID, idOddType, "", 404, "application/json; charset=utf-8", `hos kund M30011`, true}, // it lives under M30012
		{CustomerID, idError500, "", 500, "application/json; charset=utf-8", `{"Message":"An error has occurred."}`, false},
		{CustomerID, idError500, "text/xml", 500, "text/xml; charset=utf-8", `<Error><Message>An error has occurred.</Message></Error>`, false},
		{CustomerID, idErrorHTML, "", 500, "text/html", `<title>500 - Internal server error.</title>`, true},
		{CustomerID, idProxy, "application/json", 200, "text/html; charset=utf-8", `<title>Logga in`, true},
	}
	h := newTestHandler()
	for _, c := range cases {
		t.Run(c.customer+"/"+c.id+"/"+c.accept, func(t *testing.T) {
			w := do(t, h, leadPath(c.customer, c.id), c.accept, true)
			if w.Code != c.status {
				t.Errorf("status %d, want %d", w.Code, c.status)
			}
			if got := w.Header().Get("Content-Type"); got != c.contentType {
				t.Errorf("Content-Type %q, want %q", got, c.contentType)
			}
			got := w.Body.String()
			if c.contains && !strings.Contains(got, c.body) || !c.contains && got != c.body {
				t.Errorf("body %q, want %q", got, c.body)
			}
			if got, want := w.Header().Get("Content-Length"), strconv.Itoa(w.Body.Len()); got != want {
				t.Errorf("Content-Length %s, body %s bytes", got, want)
			}
		})
	}
}

func TestFlakyLeadFailsEverySecondRequest(t *testing.T) {
	h := newTestHandler()
	path := leadPath(CustomerID, idFlaky)
	for i, want := range []int{503, 200, 503, 200} {
		w := do(t, h, path, "", true)
		if w.Code != want {
			t.Fatalf("request %d: status %d, want %d", i+1, w.Code, want)
		}
		if want == 503 {
			if got := w.Header().Get("Retry-After"); got != "1" {
				t.Errorf("request %d: Retry-After %q, want 1", i+1, got)
			}
			if !strings.Contains(w.Body.String(), "<TITLE>Service Unavailable</TITLE>") {
				t.Errorf("request %d: body %q", i+1, w.Body.String())
			}
		}
	}
	// A wrong password does not use up the flaky lead's turn.
	h = newTestHandler()
	if w := do(t, h, path, "", false); w.Code != 401 {
		t.Fatalf("no auth: %d", w.Code)
	}
	if w := do(t, h, path, "", true); w.Code != 503 {
		t.Errorf("first authorised request: %d, want 503", w.Code)
	}
}

// The stepping lead counts from its first lookup, not from the demo's
// start: reached ten minutes in, it still steps every 20 s.
func TestSteppingLeadFollowsTheClock(t *testing.T) {
	now := testNow()
	h := NewHandler(Options{Now: func() time.Time { return now }})
	start := testNow().Add(10 * time.Minute)
	path := leadPath(CustomerID, idStepping)
	var first string
	for _, c := range []struct {
		after time.Duration
		want  string
	}{
		{0, "New"}, {19 * time.Second, "New"}, {20 * time.Second, "Accepted"},
		{39 * time.Second, "Accepted"}, {40 * time.Second, "Contacted"}, {time.Hour, "Contacted"},
	} {
		now = start.Add(c.after)
		w := do(t, h, path, "", true)
		var l struct{ State, SentAt string }
		if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		if l.State != c.want {
			t.Errorf("after %v: state %q, want %q", c.after, l.State, c.want)
		}
		// SentAt is fixed at handler creation, not at each request.
		if first == "" {
			first = l.SentAt
		} else if l.SentAt != first {
			t.Errorf("after %v: sentAt moved from %s to %s", c.after, first, l.SentAt)
		}
	}
}

func TestSentAtRelativeToClock(t *testing.T) {
	sentAt := func(id string) string {
		t.Helper()
		var l struct{ SentAt string }
		e := find(t, id)
		if err := json.Unmarshal(getLead(t, e, "").Body.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		return l.SentAt
	}
	// 2 hours before 10:00:00 UTC on 1 July is 10:00 in Stockholm (+02:00).
	if got, want := sentAt(idOrdinary), "2025-07-01T10:00:00.7481798+02:00"; got != want {
		t.Errorf("ordinary sentAt %s, want %s", got, want)
	}
	if got, want := sentAt(idNoUTM), "2025-06-15T10:00:00.25"; got != want {
		t.Errorf("no-offset sentAt %s, want %s", got, want)
	}
	if got, want := sentAt(idOddState), "2025-06-22T09:00:00+02:00"; got != want {
		t.Errorf("whole-second sentAt %s, want %s", got, want)
	}
	shark, err := time.Parse(time.RFC3339Nano, sentAt(idSharktank))
	if err != nil {
		t.Fatal(err)
	}
	if age := testNow().Sub(shark); age < 91*day {
		t.Errorf("Sharktank lead is %v old, want over three months", age)
	}
	// In winter the offset is +01:00.
	w := NewHandler(Options{Now: func() time.Time { return time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC) }})
	var l struct{ SentAt string }
	if err := json.Unmarshal(do(t, w, leadPath(CustomerID, idOrdinary), "", true).Body.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if want := "2025-01-15T11:00:00.7481798+01:00"; l.SentAt != want {
		t.Errorf("winter sentAt %s, want %s", l.SentAt, want)
	}
}

func TestStockholmOffset(t *testing.T) {
	cases := []struct {
		utc  time.Time
		want int
	}{
		{time.Date(2025, 3, 30, 0, 59, 59, 0, time.UTC), 1},
		{time.Date(2025, 3, 30, 1, 0, 0, 0, time.UTC), 2},
		{time.Date(2025, 10, 26, 0, 59, 59, 0, time.UTC), 2},
		{time.Date(2025, 10, 26, 1, 0, 0, 0, time.UTC), 1},
		{time.Date(2024, 3, 31, 1, 0, 0, 0, time.UTC), 2},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), 1},
	}
	for _, c := range cases {
		_, off := c.utc.In(stockholm(c.utc)).Zone()
		if off != c.want*3600 {
			t.Errorf("%v: offset %ds, want %dh", c.utc, off, c.want)
		}
	}
}

func TestHostileTextIsEscapedForTheWireOnly(t *testing.T) {
	e := find(t, idHostile)
	jw := getLead(t, e, "application/json")
	body := jw.Body.String()
	for _, want := range []string{`\u001b[31;1m`, `\u001b]52;c;`, `\u0007`, `\r\n`, `\"kollegor\"`, `\b`, "\x7f", "\u009b", "\u202e", `\u0085`, `\u2028`, `<b>`} {
		if !strings.Contains(body, want) {
			t.Errorf("JSON lacks %q", want)
		}
	}
	if strings.ContainsRune(body, 0x1b) {
		t.Error("JSON carries a raw ESC")
	}
	var l struct {
		Message string
		UtmTags []struct{ Name, Value string }
	}
	if err := json.Unmarshal(jw.Body.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	if l.Message != hostileMessage {
		t.Errorf("JSON message decodes to %q", l.Message)
	}

	xw := getLead(t, e, "application/xml")
	body = xw.Body.String()
	for _, want := range []string{`&#x1B;[31;1m`, `&#x7;`, `&#xD;` + "\n", `&lt;b&gt;`, `&amp;`, `"kollegor"`, `&#x8;`, "\x7f", "\u009b", "\u202e"} {
		if !strings.Contains(body, want) {
			t.Errorf("XML lacks %q", want)
		}
	}
	if strings.ContainsRune(body, 0x1b) || strings.ContainsRune(body, '\r') {
		t.Error("XML carries a raw ESC or CR")
	}
	root, err := wellFormed(xw.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range root.children {
		if c.name.Local == "Message" && c.text != hostileMessage {
			t.Errorf("XML message decodes to %q", c.text)
		}
	}
}

func TestRoutes(t *testing.T) {
	h := newTestHandler()
	// Unknown paths are 404 with Web API's message, even without credentials.
	for _, p := range []string{"/", "/CRM/Lead/M30011", "/CRM/Lead/M30011/Outgoing/" + idOrdinary, "/CRM/Lead//Incoming/x", "/CRM/Lead/M30011/Incoming/a/b"} {
		w := do(t, h, p, "", false)
		if w.Code != 404 || !strings.Contains(w.Body.String(), `"Message":"No HTTP resource was found that matches the request URI 'http://demo.test`) {
			t.Errorf("%s: %d %s", p, w.Code, w.Body.String())
		}
	}
	// ASP.NET routes ignore case and a trailing slash.
	for _, p := range []string{"/crm/lead/M30011/incoming/" + idOrdinary, leadPath(CustomerID, idOrdinary) + "/"} {
		if w := do(t, h, p, "", true); w.Code != 200 {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
	for _, m := range []string{http.MethodPost, http.MethodHead, http.MethodDelete} {
		r := httptest.NewRequest(m, leadPath(CustomerID, idOrdinary), nil)
		r.SetBasicAuth(Username, Password)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 405 || w.Header().Get("Allow") != "GET" {
			t.Errorf("%s: %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
		if m != http.MethodHead && !strings.Contains(w.Body.String(), "does not support http method '"+m+"'") {
			t.Errorf("%s: body %s", m, w.Body.String())
		}
	}
}

// Ids are single escaped path segments: an escaped '/' stays inside the id.
func TestEscapedIDs(t *testing.T) {
	srv := httptest.NewServer(newTestHandler())
	defer srv.Close()
	get := func(rawPath string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, srv.URL+rawPath, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.SetBasicAuth(Username, Password)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	odd := "a/b?c%d #e å"
	status, body := get(leadPath(CustomerID, odd))
	if status != 404 {
		t.Fatalf("odd id: %d %s", status, body)
	}
	var msg struct{ Message string }
	if err := json.Unmarshal([]byte(body), &msg); err != nil {
		t.Fatal(err)
	}
	if want := "'" + odd + "'"; !strings.Contains(msg.Message, want) {
		t.Errorf("message %q does not name id %s", msg.Message, want)
	}
	// A needlessly escaped letter still finds the lead.
	if status, body := get("/CRM/Lead/M3001%31/Incoming/%4C" + idOrdinary[1:]); status != 200 {
		t.Errorf("escaped letters: %d %s", status, body)
	}
}

func TestSlowLead(t *testing.T) {
	// It answers once the delay has passed...
	if w := do(t, newTestHandler(), leadPath(CustomerID, idSlow), "", true); w.Code != 200 {
		t.Fatalf("slow lead after its delay: %d", w.Code)
	}
	// ...and gives up as soon as the client does.
	h := NewHandler(Options{Now: testNow, SlowDelay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest(http.MethodGet, leadPath(CustomerID, idSlow), nil).WithContext(ctx)
	r.SetBasicAuth(Username, Password)
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		h.ServeHTTP(w, r)
		close(done)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("slow lead kept going after its request was cancelled")
	}
	if w.Body.Len() != 0 {
		t.Errorf("cancelled slow lead wrote %q", w.Body.String())
	}
}

func TestLeadsList(t *testing.T) {
	leads := Leads()
	if len(leads) != len(catalogue()) {
		t.Fatalf("%d leads listed, catalogue has %d", len(leads), len(catalogue()))
	}
	first := leads[0]
	if first.CustomerID != CustomerID {
		t.Errorf("first lead under %s, want %s", first.CustomerID, CustomerID)
	}
	if w := do(t, newTestHandler(), leadPath(first.CustomerID, first.LeadID), "", true); w.Code != 200 {
		t.Errorf("first lead: status %d, want 200", w.Code)
	}
	seen := map[leadKey]bool{}
	failures := false
	for i, l := range leads {
		if l.What == "" || strings.ContainsAny(l.What+l.LeadID+l.CustomerID, "\t\r\n") {
			t.Errorf("lead %d: %q would break `demo --list`", i, l.What)
		}
		// Every language's words fit the list's third column too.
		if sv := i18n.New(i18n.Swedish).Say(l.Says); sv == l.Says.ID || strings.ContainsAny(sv, "\t\r\n") {
			t.Errorf("lead %d: Swedish %q", i, sv)
		}
		key := leadKey{l.CustomerID, l.LeadID}
		if seen[key] {
			t.Errorf("lead %s/%s listed twice", l.CustomerID, l.LeadID)
		}
		seen[key] = true
		// The slow lead ends in a 200 but is listed with the failure ids:
		// it is there to try cancelling.
		e := catalogue()[i]
		ok := successful(e) && e.do != serveSlow
		if ok && failures {
			t.Errorf("successful lead %s listed after failure ids", l.LeadID)
		}
		failures = failures || !ok
	}
}

func TestStartServesOnLoopbackAndCloses(t *testing.T) {
	s, err := Start(Options{SlowDelay: time.Hour}, "")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(s.URL)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "0" || u.Port() == "" {
		t.Fatalf("URL %q: want http://127.0.0.1:<port>", s.URL)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+leadPath(CustomerID, idOrdinary), nil)
	req.SetBasicAuth(Username, Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(b, []byte(`"state":"New"`)) {
		t.Fatalf("GET: %d %s", resp.StatusCode, b)
	}

	// A slow request in flight does not hold Close up.
	slow := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL+leadPath(CustomerID, idSlow), nil)
		req.SetBasicAuth(Username, Password)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		slow <- err
	}()
	time.Sleep(50 * time.Millisecond) // let the slow request reach the handler
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	select {
	case err := <-slow:
		if err == nil {
			t.Error("slow request got an answer from a closed server")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("slow request still pending after Close")
	}
	if _, err := http.Get(s.URL + "/"); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestStartReportsListenErrors(t *testing.T) {
	s, err := Start(Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, _ := url.Parse(s.URL)
	if _, err := Start(Options{}, u.Host); err == nil {
		t.Error("second Start on a taken port succeeded")
	}
}

// With a StepFile the stepping lead goes on from an earlier run's first
// lookup: a restart does not take it back to New, so a history kept across
// demo runs never shows it going backwards (issue 20.8).
func TestSteppingLeadKeepsItsStepsAcrossRuns(t *testing.T) {
	file := filepath.Join(t.TempDir(), "demo", "stepping-lead")
	now := testNow()
	state := func(h http.Handler) string {
		t.Helper()
		var l struct{ State string }
		if err := json.Unmarshal(do(t, h, leadPath(CustomerID, idStepping), "", true).Body.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		return l.State
	}
	first := NewHandler(Options{Now: func() time.Time { return now }, StepFile: file})
	if s := state(first); s != "New" {
		t.Fatalf("first lookup: %q", s)
	}
	now = now.Add(25 * time.Second)
	if s := state(NewHandler(Options{Now: func() time.Time { return now }, StepFile: file})); s != "Accepted" {
		t.Errorf("a restarted demo 25 s after the first lookup: %q, want Accepted", s)
	}
	now = now.Add(time.Hour)
	if s := state(NewHandler(Options{Now: func() time.Time { return now }, StepFile: file})); s != "Contacted" {
		t.Errorf("a restarted demo an hour later: %q, want Contacted", s)
	}
	// A file from the future (a clock set back) starts the steps again.
	if err := os.WriteFile(file, []byte(now.Add(time.Hour).Format(time.RFC3339Nano)), 0o600); err != nil {
		t.Fatal(err)
	}
	if s := state(NewHandler(Options{Now: func() time.Time { return now }, StepFile: file})); s != "New" {
		t.Errorf("a step file ahead of the clock: %q, want New", s)
	}
}
