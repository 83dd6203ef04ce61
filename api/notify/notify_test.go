package notify

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"leadinspector/api/base/sanitize"
)

func mustParse(t *testing.T, body string, q url.Values) Notification {
	t.Helper()
	n, err := Parse([]byte(body), q)
	if err != nil {
		t.Fatalf("Parse(%.80q): %v", body, err)
	}
	return n
}

// Vitec's documented example body gives every field.
func TestParseVitecExample(t *testing.T) {
	b, err := os.ReadFile("testdata/vitec-example.json")
	if err != nil {
		t.Fatal(err)
	}
	n := mustParse(t, string(b), nil)
	want := Notification{Name: "prenumerationsnamn", Type: "IncomingLead", Event: "Update",
		CustomerID: "M11385", ID: "LED7216862FF0AD4AE38061A04A9AC4D60D", PartnerID: "PC1",
		ExternalID: "lead-id-of-partner", Cause: "LeadAccepted", ChainID: "G1", TenantID: "T1"}
	if n != want {
		t.Errorf("got %+v\nwant %+v", n, want)
	}
}

// Parameters the body lacks (absent or null) come from the URL query; the
// body wins where it has them.
func TestParseQueryFillsWhatTheBodyLacks(t *testing.T) {
	q, _ := url.ParseQuery("name=sub&type=IncomingLead&event=Update&customerId=M1&id=LEDQ&chainId=G7&tenantId=T9")
	n := mustParse(t, `{"id":"LEDB","chainId":null,"data":{"cause":"NewMeeting"}}`, q)
	if n.ID != "LEDB" || n.CustomerID != "M1" || n.ChainID != "G7" || n.TenantID != "T9" ||
		n.Type != "IncomingLead" || n.Event != "Update" || n.Name != "sub" || n.Cause != "NewMeeting" {
		t.Errorf("got %+v", n)
	}
	// Keys of another case still count (a proxy may rewrite them).
	q2, _ := url.ParseQuery("TYPE=IncomingLead&Event=Remove&CUSTOMERID=M2&Id=LEDX")
	n = mustParse(t, `{}`, q2)
	if n.Type != "IncomingLead" || n.Event != "Remove" || n.CustomerID != "M2" || n.ID != "LEDX" {
		t.Errorf("case-insensitive query: got %+v", n)
	}
}

// Unknown types, events and causes are kept as received; a Remove has no data.
func TestParseKeepsUnknownValues(t *testing.T) {
	n := mustParse(t, `{"type":"IncomingEstate","event":"Archive","id":"OBJ1","data":{"cause":"SomethingNew"}}`, nil)
	if n.Type != "IncomingEstate" || n.Event != "Archive" || n.Cause != "SomethingNew" {
		t.Errorf("got %+v", n)
	}
	n = mustParse(t, `{"type":"IncomingLead","event":"Remove","customerId":"M1","id":"LED1"}`, nil)
	if n.Event != EventRemove || n.Cause != "" || n.What() != "Remove" {
		t.Errorf("remove: got %+v, What %q", n, n.What())
	}
	// A number where text was expected is kept as its literal.
	n = mustParse(t, `{"type":"IncomingLead","event":"Update","customerId":11385,"id":"LED1"}`, nil)
	if n.CustomerID != "11385" {
		t.Errorf("numeric customerId: got %q", n.CustomerID)
	}
}

func TestParseRefuses(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 20000) + `1` + strings.Repeat(`}`, 20000)
	for _, c := range []struct{ name, body, reason string }{
		{"empty", "", "empty"},
		{"blank", "  \n", "empty"},
		{"array", `[{"type":"IncomingLead"}]`, "not_object"},
		{"text", `type=IncomingLead`, "not_object"},
		{"broken", `{"type":"IncomingLead",`, "bad_json"},
		{"two values", `{"type":"a","event":"b","id":"c"} {}`, "trailing"},
		{"object for id", `{"type":"IncomingLead","event":"Update","customerId":"M1","id":{"x":1}}`, "bad_json"},
		{"data not object", `{"type":"IncomingLead","event":"Update","customerId":"M1","id":"L","data":"x"}`, "bad_data"},
		{"no type", `{"event":"Update","customerId":"M1","id":"L"}`, "no_type"},
		{"no event", `{"type":"IncomingLead","customerId":"M1","id":"L"}`, "no_event"},
		{"no id", `{"type":"IncomingLead","event":"Update","customerId":"M1"}`, "no_id"},
		{"blank id", `{"type":"IncomingLead","event":"Update","customerId":"M1","id":"  "}`, "no_id"},
		{"no customer", `{"type":"IncomingLead","event":"Update","id":"L"}`, "no_customer"},
		{"deep", `{"type":"IncomingLead","event":"Update","customerId":"M1","id":"L","x":` + deep + `}`, "bad_json"},
	} {
		_, err := Parse([]byte(c.body), nil)
		var e *Error
		if !errors.As(err, &e) || e.Reason != c.reason {
			t.Errorf("%s: got %v, want reason %s", c.name, err, c.reason)
		}
	}
}

// Hostile values: invalid UTF-8 becomes U+FFFD, long values are cut, escapes
// are kept as data but Line never lets them reach a terminal.
func TestParseHostileValues(t *testing.T) {
	body := "{\"type\":\"IncomingLead\",\"event\":\"Update\",\"customerId\":\"M1\",\"id\":\"LED\xff\xfe\"," +
		`"data":{"cause":"\u001b]52;c;aGk=\u0007Lead\u009bAccepted\u202e","externalId":"` + strings.Repeat("é", 400) + `"}}`
	n := mustParse(t, body, nil)
	if !utf8.ValidString(n.ID) || n.ID != "LED\uFFFD\uFFFD" {
		t.Errorf("id %q", n.ID)
	}
	if len(n.ExternalID) > MaxField || !utf8.ValidString(n.ExternalID) || !strings.HasPrefix(n.ExternalID, "éé") {
		t.Errorf("externalId cut wrong: %d bytes", len(n.ExternalID))
	}
	if n.Cause != "\x1b]52;c;aGk=\aLead\u009bAccepted\u202e" {
		t.Errorf("cause not kept as received: %q", n.Cause)
	}
	line := n.Line()
	if strings.ContainsAny(line, "\x1b\a\u009b\u202e") || !sanitize.Safe(line) {
		t.Errorf("Line lets a control through: %q", line)
	}
	if !strings.Contains(line, "␛]52;c;aGk=␇Lead\\u009bAccepted\\u202e") {
		t.Errorf("Line hides what was sent: %q", line)
	}
	// Invalid UTF-8 in the query too.
	q := url.Values{"id": {"LED\xc3"}, "type": {"IncomingLead"}, "event": {"Update"}, "customerId": {"M\x80"}}
	n = mustParse(t, `{}`, q)
	if !utf8.ValidString(n.ID) || !utf8.ValidString(n.CustomerID) {
		t.Errorf("query values not made valid: %q %q", n.ID, n.CustomerID)
	}
}

func TestSignature(t *testing.T) {
	a := Sample()
	b := Sample()
	if a.Signature() != b.Signature() {
		t.Error("identical notifications sign differently")
	}
	b.Cause = CauseNewMeeting
	if a.Signature() == b.Signature() {
		t.Error("another cause signs the same")
	}
	// Field boundaries count: moving a character from one field to the next differs.
	c, d := a, a
	c.PartnerID, c.ExternalID = "PC1x", "y"
	d.PartnerID, d.ExternalID = "PC1", "xy"
	if c.Signature() == d.Signature() {
		t.Error("fields run together in the signature")
	}
}

// Body and Query round-trip through Parse, as Vitec sends them.
func TestBodyAndQueryRoundTrip(t *testing.T) {
	for _, n := range []Notification{Sample(),
		{Name: "s", Type: TypeIncomingLead, Event: EventRemove, CustomerID: "M1", ID: "LED2", TenantID: "T1"}} {
		got := mustParse(t, string(n.Body()), n.Query())
		if got != n {
			t.Errorf("round trip: got %+v want %+v", got, n)
		}
		// The query alone lacks only data.
		got = mustParse(t, `{}`, n.Query())
		n.PartnerID, n.ExternalID, n.Cause = "", "", ""
		if got != n {
			t.Errorf("query only: got %+v want %+v", got, n)
		}
	}
	if !strings.Contains(string(Sample().Body()), `"subtype":null`) {
		t.Errorf("sample body lacks subtype null: %s", Sample().Body())
	}
}

func TestSettlesAndKnown(t *testing.T) {
	if Settles(CauseNewMeeting) || Settles(CauseLeadPostponed) || Settles("Whatever") {
		t.Error("a waiting cause settles")
	}
	if !Settles(CauseLeadAccepted) || !Settles(CauseLeadCanceled) || !Settles(CauseNoAssigment) {
		t.Error("an accept or an end does not settle")
	}
	if !Known(CauseNoAssigment) || Known("NoAssignment") {
		t.Error("Vitec's spelling NoAssigment is the known one")
	}
}
