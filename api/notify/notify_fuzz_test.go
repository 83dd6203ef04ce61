package notify

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"leadinspector/api/base/sanitize"
)

// FuzzParse: whatever the body and query, Parse does not panic; what it
// accepts is valid UTF-8, bounded, names a type, event and id, and its Line
// is safe for a terminal.
func FuzzParse(f *testing.F) {
	f.Add([]byte(string(Sample().Body())), "type=IncomingLead")
	f.Add([]byte(`{"type":"IncomingLead","event":"Remove","customerId":"M1","id":"LED1"}`), "")
	f.Add([]byte(`{}`), "type=IncomingLead&event=Update&customerId=M1&id=LED1")
	f.Add([]byte("{\"type\":\"\x1b[2J\",\"event\":\"\xff\",\"id\":\"\u202e\",\"data\":{\"cause\":\"\\u009b\"}}"), "")
	f.Add([]byte(`{"data":{"data":{"data":[[[[[]]]]]}}}`), "id=%ff")
	f.Fuzz(func(t *testing.T, body []byte, query string) {
		q, _ := url.ParseQuery(query)
		n, err := Parse(body, q)
		if err != nil {
			return
		}
		for _, v := range []string{n.Name, n.Type, n.Event, n.CustomerID, n.ID, n.PartnerID,
			n.ExternalID, n.Cause, n.ChainID, n.TenantID} {
			if !utf8.ValidString(v) || len(v) > MaxField {
				t.Fatalf("field %q: invalid or too long", v)
			}
		}
		if strings.TrimSpace(n.Type) == "" || strings.TrimSpace(n.Event) == "" || strings.TrimSpace(n.ID) == "" {
			t.Fatalf("accepted without type, event or id: %+v", n)
		}
		if l := n.Line(); !sanitize.Safe(l) || strings.Contains(l, "\n") {
			t.Fatalf("Line unsafe: %q", l)
		}
		_ = n.Signature()
	})
}
