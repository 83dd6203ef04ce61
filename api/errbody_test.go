package api

import (
	"reflect"
	"strings"
	"testing"
)

func TestServerMessage(t *testing.T) {
	tests := []struct {
		name, ct, body string
		msg            string
		fields         map[string][]string
	}{
		{"empty", "", "", "", nil},
		{"only white space", "text/plain", " \r\n\t\n", "", nil},
		{"oauth style", "application/json", `{"error":"invalid_grant","error_description":"Bad credentials."}`, "Bad credentials.", nil},
		{"nested error", "application/json", `{"error":{"code":"X","message":"Nested message."}}`, "Nested message.", nil},
		{"plain error string", "application/json", `{"error":"Nope"}`, "Nope", nil},
		{"message not a string", "application/json", `{"Message":42}`, "", nil},
		{"problem details with detail", "application/problem+json", `{"title":"Not Found","detail":"No lead LED1."}`, "Not Found: No lead LED1.", nil},
		{"JSON array", "application/json", `["a","b"]`, `["a","b"]`, nil},
		{"BOM JSON", "application/json", "\ufeff" + `{"Message":"With BOM."}`, "With BOM.", nil},
		{"exact key wins", "application/json", `{"message":"lower","Message":"Upper"}`, "Upper", nil},
		{"XML namespaced", "application/xml", `<e:Error xmlns:e="urn:x"><e:Message>Namespaced.</e:Message></e:Error>`, "Namespaced.", nil},
		{"XML message field in ModelState", "application/xml",
			`<Error><ModelState><Message>field says</Message></ModelState><Message>Top.</Message></Error>`,
			"Top.", map[string][]string{"Message": {"field says"}}},
		{"XML without message", "text/xml", `<Error><Code>7</Code></Error>`, "<Error><Code>7</Code></Error>", nil},
		{"broken XML", "application/xml", "not xml at all\nsecond", "not xml at all", nil},
		{"HTML served as XML", "application/xml", `<html><head><title>Proxy</title></head></html>`, "Proxy", nil},
		{"sniffed HTML", "", `<!DOCTYPE html><html><title>Sniffed</title></html>`, "Sniffed", nil},
		{"sniffed XML", "", `<Error><Message>Sniffed XML.</Message></Error>`, "Sniffed XML.", nil},
		{"title with entities and spaces", "text/html", "<TITLE>\n  503 &ndash; Service\tUnavailable &#x2603;\n</TITLE>", "503 – Service Unavailable ☃", nil},
		{"empty title: first words", "text/html", "<html><title> </title><body><p>Hello <b>there</b></p></body></html>", "Hello there", nil},
		{"unclosed title", "text/html", "<title>Runaway", "Runaway", nil},
		{"style and comments skipped", "text/html", "<style>body{}</style><!-- secret --><p>Visible</p><script>alert(1)", "Visible", nil},
		{"non-ASCII before tags", "text/html", "ÅÄÖ İ <title>Titel</title>", "Titel", nil},
		{"text first line", "text/plain; charset=utf-8", "\n\nFirst line\nSecond", "First line", nil},
		{"text with controls", "text/plain", "bad\x1b[31m red\x9b", "bad␛[31m red\ufffd", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, fields := serverMessage(tt.ct, []byte(tt.body))
			if msg != tt.msg {
				t.Errorf("message %q, want %q", msg, tt.msg)
			}
			if !reflect.DeepEqual(fields, tt.fields) {
				t.Errorf("fields %v, want %v", fields, tt.fields)
			}
		})
	}
}

func TestServerMessageBoundsFields(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Message":"m","ModelState":{`)
	for i := range 50 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"f` + strings.Repeat("x", i) + `":["1","2","3","4","5","6","7"]`)
	}
	b.WriteString(`}}`)
	_, fields := serverMessage("application/json", []byte(b.String()))
	if len(fields) != maxFields {
		t.Errorf("%d fields, want %d", len(fields), maxFields)
	}
	for k, v := range fields {
		if len(v) != maxFieldMessages {
			t.Errorf("field %s has %d messages", k, len(v))
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ ct, body, want string }{
		{"application/json", `{"a":  1,` + "\n" + `"b": 2}`, `{"a": 1, "b": 2}`},
		{"text/html", "<html><title>Login</title>", "Login"},
		{"", strings.Repeat("x", 200), strings.Repeat("x", maxExcerptRunes-1) + "…"},
		{"application/octet-stream", "\x00\x01binary", "␀␁binary"},
	}
	for _, tt := range tests {
		if got := excerpt(tt.ct, []byte(tt.body)); got != tt.want {
			t.Errorf("excerpt(%q, %q) = %q, want %q", tt.ct, tt.body, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"åäöå", 3, "åä…"},
		{"ab  cd", 4, "ab…"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		if got := shorten(tt.in, tt.n); got != tt.want {
			t.Errorf("shorten(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestContentTypeMatches(t *testing.T) {
	tests := []struct {
		ct   string
		f    Format
		want bool
	}{
		{"application/json", JSON, true},
		{"application/json;charset=utf-8", JSON, true},
		{"TEXT/JSON", JSON, true},
		{"application/problem+json", JSON, true},
		{"application/jsonx", JSON, false},
		{"text/html", JSON, false},
		{"", JSON, false},
		{"application/xml", XML, true},
		{"text/xml; charset=utf-8", XML, true},
		{"application/atom+xml", XML, true},
		{"application/xhtml+xml", XML, false},
		{"application/json", XML, false},
		{"application/xml; charset", XML, true}, // malformed parameter: the type still counts
	}
	for _, tt := range tests {
		if got := contentTypeMatches(tt.ct, tt.f); got != tt.want {
			t.Errorf("contentTypeMatches(%q, %s) = %v, want %v", tt.ct, tt.f, got, tt.want)
		}
	}
}
