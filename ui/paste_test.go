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
