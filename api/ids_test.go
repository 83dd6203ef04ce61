package api

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestSplitIDs(t *testing.T) {
	long := strings.Repeat("x", MaxIDLen+1)
	for _, tc := range []struct {
		name, in string
		want     []LeadRef
		bad      []string // per error, in order: what it says, "|"-separated
	}{
		{"bare id", "LED1", []LeadRef{{"C", "LED1"}}, nil},
		{"lines, commas, spaces", "LED1\nLED2, LED3;LED4  LED5\r\n",
			[]LeadRef{{"C", "LED1"}, {"C", "LED2"}, {"C", "LED3"}, {"C", "LED4"}, {"C", "LED5"}}, nil},
		{"customer/lead, mixed customers", "M1/LED1\nM2/LED2,LED3",
			[]LeadRef{{"M1", "LED1"}, {"M2", "LED2"}, {"C", "LED3"}}, nil},
		{"customer lead", "M30011 LED6365\nM2 LED7 LED8\nabc def",
			[]LeadRef{{"M30011", "LED6365"}, {"M2", "LED7"}, {"M2", "LED8"}, {"abc", "def"}}, nil},
		{"urls", "https://x.example/api/CRM/Lead/M1/Incoming/LED%2F1?x=1#f\ncurl -u u 'http://h/CRM/lead/M2/incoming/LED2/'\nGET /CRM/Lead/M3/Incoming/LED3 HTTP/1.1",
			[]LeadRef{{"M1", "LED/1"}, {"M2", "LED2"}, {"M3", "LED3"}}, nil},
		{"comments and blanks", "# leads from Monday\n\nLED1 # the first\n   \n#LED9\nLED2",
			[]LeadRef{{"C", "LED1"}, {"C", "LED2"}}, nil},
		{"json array", `["LED1", "LED2"]`, []LeadRef{{"C", "LED1"}, {"C", "LED2"}}, nil},
		{"too long refused, rest kept", "LED1\n" + long + "\nLED2",
			[]LeadRef{{"C", "LED1"}, {"C", "LED2"}}, []string{`line 2: "xxxx|longer than the API's 40 characters`}},
		{"control character", "LED\x1b[2J1", nil, []string{"control character"}},
		{"bidi override", "LED\u202e1", nil, []string{"control character"}},
		{"dot", "M1/..", nil, []string{"not an id"}},
		{"too many slashes", "a/b/c", nil, []string{"neither CUSTOMER/LEAD nor"}},
		{"empty half", "M1/", nil, []string{"empty id"}},
		{"invalid utf-8", "LED\xff", nil, []string{"UTF-8"}},
		{"nothing", "\n# only a comment\n", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refs, errs := SplitIDs(tc.in, "C")
			if !reflect.DeepEqual(refs, tc.want) {
				t.Errorf("refs = %v, want %v", refs, tc.want)
			}
			if len(errs) != len(tc.bad) {
				t.Fatalf("errors = %v, want %d", errs, len(tc.bad))
			}
			for i, e := range errs {
				var ie *IDError
				if !errors.As(e, &ie) {
					t.Fatalf("error %T, want *IDError", e)
				}
				for _, want := range strings.Split(tc.bad[i], "|") {
					if !strings.Contains(e.Error(), want) {
						t.Errorf("error %q does not say %q", e, want)
					}
				}
				if strings.ContainsAny(e.Error(), "\x1b\u202e") {
					t.Errorf("error %q carries a control character", e)
				}
			}
		})
	}
}

func TestSplitIDsBareNeedsCustomer(t *testing.T) {
	refs, errs := SplitIDs("LED1\nM1/LED2", "")
	if !reflect.DeepEqual(refs, []LeadRef{{"M1", "LED2"}}) || len(errs) != 1 ||
		!strings.Contains(errs[0].Error(), "no customer id") {
		t.Errorf("refs %v errs %v", refs, errs)
	}
}

// The paste's order is kept within an item, and a customer id alone on the
// first line names the customer of the bare ids after it; SplitIDsOpen
// leaves bare ids without a customer for the caller to fill.
func TestSplitIDsOrderAndNamingLine(t *testing.T) {
	refs, errs := SplitIDs("LED1 M2/LED2", "M0")
	if len(errs) > 0 || !reflect.DeepEqual(refs, []LeadRef{{"M0", "LED1"}, {"M2", "LED2"}}) {
		t.Errorf("order: %v %v", refs, errs)
	}
	refs, errs = SplitIDs("# from the ticket\nM9\nLED1\nM30012 LED2\nLED3", "M0")
	if len(errs) > 0 || !reflect.DeepEqual(refs, []LeadRef{{"M9", "LED1"}, {"M30012", "LED2"}, {"M9", "LED3"}}) {
		t.Errorf("naming line: %v %v", refs, errs)
	}
	refs, errs = SplitIDsOpen("LED1, M2/LED2")
	if len(errs) > 0 || !reflect.DeepEqual(refs, []LeadRef{{"", "LED1"}, {"M2", "LED2"}}) {
		t.Errorf("open: %v %v", refs, errs)
	}
}

// TestSplitIDsCurl: a pasted curl command gives only its URL's lead, however
// a browser's "Copy as cURL" wrote it (over lines, for bash, cmd or
// PowerShell; a password with commas or semicolons in it), and the
// lines after it are read as usual. None of its other words is an id, and
// no refusal shows the password.
func TestSplitIDsCurl(t *testing.T) {
	const url = "https://x.example/CRM/Lead/M30011/Incoming/LED1"
	for _, tc := range []struct {
		name, in string
		want     []LeadRef
	}{
		{"bash, over lines", "curl -u 'user:pw,sec;ret' \\\n  -H 'Accept: application/json' \\\n  '" + url + "'\nLED2",
			[]LeadRef{{"M30011", "LED1"}, {"C", "LED2"}}},
		{"bash $'…'", "curl $'" + url + "' \\\n  -u user:pw", []LeadRef{{"M30011", "LED1"}}},
		{"cmd", "curl ^\"" + url + "^\" ^\n  -u ^\"user:pw^\"", []LeadRef{{"M30011", "LED1"}}},
		{"PowerShell", "curl.exe `\n  -u user:pw `\n  " + url, []LeadRef{{"M30011", "LED1"}}},
		{"prompt, one line", "$ curl -u user:pw,x " + url + "?a=1,b", []LeadRef{{"M30011", "LED1"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refs, errs := SplitIDs(tc.in, "C")
			if len(errs) > 0 || !reflect.DeepEqual(refs, tc.want) {
				t.Errorf("got %v %v, want %v", refs, errs, tc.want)
			}
		})
	}
	for _, in := range []string{
		"curl -u user:s3cret-pw \\\n  https://x.example/CRM/Lead/M30011/Incoming/",
		"curl -u user:s3cret-pw https://x.example/other/endpoint",
		"curl https://user:s3cret-pw@x.example/CRM/Lead/M30011/Incoming/" + strings.Repeat("L", MaxIDLen+1),
	} {
		refs, errs := SplitIDsOpen(in)
		if len(refs) > 0 || len(errs) != 1 {
			t.Errorf("%q: got %v %v, want one refusal", in, refs, errs)
			continue
		}
		if msg := errs[0].Error(); strings.Contains(msg, "s3cret") || !strings.Contains(msg, "line 1:") {
			t.Errorf("%q: refusal %q", in, msg)
		}
	}
}
