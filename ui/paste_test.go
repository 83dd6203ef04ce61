package ui

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitPaste(t *testing.T) {
	tests := []struct {
		in   string
		c, l string
		ok   bool
	}{
		{"M30011/LED123", "M30011", "LED123", true},
		{"  M30011 / LED123\n", "M30011", "LED123", true},
		{"M30011 LED123", "M30011", "LED123", true},
		{"M30011\tLED123", "M30011", "LED123", true},
		{"M30011\r\nLED123\r\n", "M30011", "LED123", true},
		{"https://connect.maklare.vitec.net/CRM/Lead/M30011/Incoming/LED7216862FF0AD4AE38061A04A9AC4D60D",
			"M30011", "LED7216862FF0AD4AE38061A04A9AC4D60D", true},
		{"https://h/api/CRM/Lead/M30011/Incoming/LED1?x=1#frag", "M30011", "LED1", true},
		{"http://127.0.0.1:8080/crm/lead/M30011/incoming/LED1/", "M30011", "LED1", true},
		{"/CRM/Lead/M%2030011/Incoming/L%2FED%C3%A5", "M 30011", "L/EDå", true},
		{"GET /CRM/Lead/M30011/Incoming/LED1", "M30011", "LED1", true},
		{"curl -u demo 'http://127.0.0.1:1/CRM/Lead/M1/Incoming/L%201'", "M1", "L 1", true},
		{"<https://h/CRM/Lead/M1/Incoming/L1>", "M1", "L1", true},
		{"curl -u demo http://127.0.0.1:1/CRM/Lead/M1/Incoming/L%201", "M1", "L 1", true},
		{"LED123", "", "", false},
		{"", "", "", false},
		{"   ", "", "", false},
		{"a/b/c", "", "", false},
		{"a b c", "", "", false},
		{"M30011/", "", "", false},
		{"/LED1", "", "", false},
		{"M300 11/LED1", "", "", false},
		{"M30011/LED\x1b[31m", "", "", false},
		{"M30011 LED\u202e1", "", "", false},
		{"/CRM/Lead/M30011/Incoming/%0A", "", "", false},
		{"/CRM/Lead/M30011/Incoming/%zz", "", "", false},
		{"/CRM/Lead/M30011/Incoming/", "", "", false},
		{"M30011/" + strings.Repeat("x", maxIDLen+1), "", "", false},
		{"M30011 \xff", "", "", false},
	}
	for _, tt := range tests {
		c, l, ok := splitPaste(tt.in)
		if c != tt.c || l != tt.l || ok != tt.ok {
			t.Errorf("splitPaste(%q) = %q, %q, %v; want %q, %q, %v", tt.in, c, l, ok, tt.c, tt.l, tt.ok)
		}
	}
}

func FuzzSplitPaste(f *testing.F) {
	for _, s := range []string{
		"M30011/LED1", "M30011 LED1", "https://h/CRM/Lead/M1/Incoming/L1?q#f",
		"/CRM/Lead/%/Incoming/%", "CRM/Lead/a/Incoming/b/CRM/Lead/c/Incoming/d",
		"\x1b]52;c;aGk=\x07/x", "a\u202eb c", "\xff\xfe/\x00", strings.Repeat("/", 100),
	} {
		f.Add(s, "LED1")
	}
	f.Fuzz(func(t *testing.T, s, other string) {
		c, l, ok := splitPaste(s)
		if ok {
			for _, id := range []string{c, l} {
				if id == "" || len(id) > maxIDLen || !utf8.ValidString(id) || strings.ContainsFunc(id, notPrintable) ||
					strings.TrimSpace(id) != id {
					t.Fatalf("splitPaste(%q) gave unusable id %q", s, id)
				}
			}
		} else if c != "" || l != "" {
			t.Fatalf("splitPaste(%q) = %q, %q with ok false", s, c, l)
		}
		// Any two valid ids survive the round trip through an endpoint URL.
		if _, _, valid := checkIDs(s, other); valid {
			u := "https://connect.example/CRM/Lead/" + url.PathEscape(s) + "/Incoming/" + url.PathEscape(other)
			if c, l, ok := splitPaste(u); !ok || c != s || l != other {
				t.Fatalf("splitPaste(%q) = %q, %q, %v; want %q, %q", u, c, l, ok, s, other)
			}
		}
	})
}

func TestSplitBatch(t *testing.T) {
	// want is the leads as "CUSTOMER/LEAD|…"; the caller's customer is M0.
	tests := []struct {
		in   string
		want string // "" for not a batch
	}{
		{"LED1\nLED2", "M0/LED1|M0/LED2"},
		{"LED1, LED2;LED3\tled4  LED5\r\n", "M0/LED1|M0/LED2|M0/LED3|M0/led4|M0/LED5"},
		{`["LED1","LED2"]`, "M0/LED1|M0/LED2"},
		{"'LED1' 'LED1'", "M0/LED1|M0/LED1"},
		{"M30011 LED1 LED2", "M30011/LED1|M30011/LED2"},
		{"M30011\nLED1\nLED2\n", "M30011/LED1|M30011/LED2"},
		// Several CUSTOMER/LEAD lines, URLs, CUSTOMER LEAD lines: rows of
		// their own customers, never one joined Lead ID.
		{"M30011/LED1\nM30012/LED2\n", "M30011/LED1|M30012/LED2"},
		{"https://h/CRM/Lead/M1/Incoming/LED1\nhttps://h/CRM/Lead/M2/Incoming/LED%2F2?x=1", "M1/LED1|M2/LED/2"},
		{"M30011 LED1\nM30012 LED2", "M30011/LED1|M30012/LED2"},
		{"M30011 LED1\rM30012 LED2\r", "M30011/LED1|M30012/LED2"}, // a terminal's paste
		{"M30011/LED1 LED2", "M30011/LED1|M0/LED2"},
		{"M9\nLED1\nM30012 LED2\nLED3", "M9/LED1|M30012/LED2|M9/LED3"},
		// A URL with words around it (a curl command): the URL is the id.
		{"https://h/CRM/Lead/M1/Incoming/LED1 LED2", ""},
		{"LED1", ""},                           // one id: typed as today
		{"M30011 LED1", ""},                    // CUSTOMER LEAD: splitPaste
		{"M30011/LED1", ""},                    // one pair: splitPaste
		{"Hi, the lead is LED123, thanks", ""}, // a sentence
		{"and/or LED1 LED2", ""},               // not a pair
		{"M30011 M30012\nLED1\nLED2", ""},      // a word before no lead id
		{"curl -u demo LED1 LED2", ""},
		{"LED1 LED\x1b[31m", ""},
		{"LED1 LED\u202e2", ""},
		{"LED1 " + "LED" + strings.Repeat("x", maxIDLen), ""},
		{"LED LED", ""},
		{"", ""},
		{"\xff LED1 LED2", ""},
	}
	for _, tt := range tests {
		ids, ok := splitBatch(tt.in, "M0")
		var got []string
		for _, k := range ids {
			got = append(got, k.customer+"/"+k.lead)
		}
		if ok != (tt.want != "") || strings.Join(got, "|") != tt.want {
			t.Errorf("splitBatch(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	// Without a customer of the caller's, bare ids have none.
	if ids, ok := splitBatch("LED1 M2/LED2", ""); !ok || ids[0] != (lookupKey{"", "LED1"}) || ids[1] != (lookupKey{"M2", "LED2"}) {
		t.Errorf("splitBatch without a customer: %v %v", ids, ok)
	}
}

func TestPastedBatchCutsAHugePasteAtAnID(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < maxBatchPasteBytes+100; i++ {
		b.WriteString("LED0123456789ABCDEF0123456789ABCDEF\n")
	}
	ids, ok := pastedBatch(b.String())
	if !ok || len(ids) < maxBatch {
		t.Fatalf("pastedBatch of %d bytes: %d ids, ok %v", b.Len(), len(ids), ok)
	}
	for _, id := range ids {
		if id.lead != "LED0123456789ABCDEF0123456789ABCDEF" {
			t.Fatalf("a cut id came through: %q", id)
		}
	}
}

func FuzzSplitBatch(f *testing.F) {
	for _, s := range []string{"LED1 LED2", "M1 LED1 LED2", `["LED1","LED2"]`, "LED1,,;;LED2", "LED\x00 LED1", "a b c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ids, ok := splitBatch(s, "")
		if !ok {
			if ids != nil {
				t.Fatalf("splitBatch(%q) = %q with ok false", s, ids)
			}
			return
		}
		if len(ids) < 2 {
			t.Fatalf("splitBatch(%q) = %q: a batch of fewer than two", s, ids)
		}
		for _, k := range ids {
			if k.customer != "" {
				if _, _, valid := checkIDs(k.customer, k.customer); !valid {
					t.Fatalf("splitBatch(%q) gave unusable customer %q", s, k.customer)
				}
			}
			if _, _, valid := checkIDs(k.lead, k.lead); !valid {
				t.Fatalf("splitBatch(%q) gave unusable id %q", s, k.lead)
			}
		}
		// A single id never becomes a batch.
		if _, one := splitBatch(ids[0].lead, ""); one {
			t.Fatalf("splitBatch(%q) is a batch", ids[0].lead)
		}
	})
}
