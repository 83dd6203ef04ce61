package api

import (
	"strings"
	"testing"
	"unicode/utf8"

	"leadinspector/api/base/sanitize"
)

// Nasty inputs shared by the fuzz seeds: truncations, deep nesting, odd
// encodings, control characters and escape sequences.
var nastyJSON = []string{
	``, `null`, `[]`, `"x"`, `{`, `{"`, `{"state":`, `{"state":"New"`, `{"sentAt":"2025-04-04T06:11:27.7481798+02:00"}`,
	`{"sentAt":"/Date(1743747087748+0200)/"}`, `{"sentAt":"/Date(-99999999999999999999)/"}`, `{"sentAt":"9999-99-99T99:99:99"}`,
	`{"isAnonymized":"1"}`, `{"isAnonymized":2}`, `{"state":1e999}`, `{"utmTags":[null,{},{"name":null}]}`,
	"\ufeff{}", "\ufeff\ufeff{}", "{\"message\":\"\xff\xfe\x00\"}", `{"message":"\u001b]52;c;cHdu\u0007\u202e"}`,
	`{"receiver":{"agent":{"office":{"customerId":{"x":1}}}}}`,
	strings.Repeat(`{"a":`, 5000) + strings.Repeat(`}`, 5000),
	`{"x":` + strings.Repeat(`[`, 20000) + strings.Repeat(`]`, 20000) + `}`,
	`{"ContactId":"a","contactid":"b","CONTACTID":"c"}`,
}

var nastyXML = []string{
	``, `<`, `<IncomingLead`, `<IncomingLead>`, `<IncomingLead><State>New</State>`, `<IncomingLead/>`,
	`<?xml version="1.0" encoding="utf-16"?><IncomingLead/>`, `<!DOCTYPE x [<!ENTITY a "aaaa">]><IncomingLead><Message>&a;</Message></IncomingLead>`,
	`<IncomingLead><Message><![CDATA[<x>]]></Message></IncomingLead>`, `<IncomingLead i:nil="true"/>`,
	`<IncomingLead><UtmTags><x i:nil="true"/><y><Name i:nil="true"/></y></UtmTags></IncomingLead>`,
	`<IncomingLead><SentAt>2025-04-04T06:11:27</SentAt><IsAnonymized>1</IsAnonymized></IncomingLead>`,
	"<IncomingLead><Message>\x1b[2J\xff</Message></IncomingLead>", "\ufeff<IncomingLead/>",
	`<a:IncomingLead xmlns:a="u"><a:Receiver><a:Agent><a:Office><a:Id>1</a:Id></a:Office></a:Agent></a:Receiver></a:IncomingLead>`,
	`<IncomingLead>` + strings.Repeat(`<x>`, 20000) + strings.Repeat(`</x>`, 20000) + `</IncomingLead>`,
	`<IncomingLead><Message>a</Wrong></IncomingLead>`, `<IncomingLead></IncomingLead><extra/>`,
}

func FuzzDecodeJSON(f *testing.F) {
	f.Add(readSeed(f, "seed.json"))
	for _, s := range nastyJSON {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := DecodeJSON(b)
		if (l == nil) == (err == nil) {
			t.Fatalf("lead %v and error %v", l, err)
		}
		if err != nil {
			return
		}
		// Strings coming out of the decoder are valid UTF-8, so the
		// sanitiser sees the same runes the user will.
		for _, s := range []string{l.ContactID, l.Message, string(l.State)} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
	})
}

func FuzzDecodeXML(f *testing.F) {
	f.Add(readSeed(f, "seed.xml"))
	for _, s := range nastyXML {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := DecodeXML(b)
		if (l == nil) == (err == nil) {
			t.Fatalf("lead %v and error %v", l, err)
		}
	})
}

// FuzzServerMessage checks what an error body can put in front of the
// user: one sanitised line of bounded length, whatever the body.
func FuzzServerMessage(f *testing.F) {
	for _, s := range []string{
		`{"Message":"x","ModelState":{"a":["b"]}}`, `<Error><Message>x</Message><ModelState><a>b</a></ModelState></Error>`,
		`<html><title>x</title></html>`, "<html><body>\x1b]0;x\x07<script>y</script>z", "line\r\nline", `{"error":{"message":"x"}}`,
		`{"title":"t","detail":"d","errors":{"f":"m"}}`, "<TITLE>\u202eevil</TITLE>", `<title`, `<!--`, `<script`,
	} {
		for _, ct := range []string{"", "application/json", "text/xml", "text/html", "text/plain"} {
			f.Add(ct, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, ct string, body []byte) {
		msg, fields := serverMessage(ct, body)
		check := func(s string) {
			if strings.ContainsAny(s, "\n\t") || !sanitize.Safe(s) {
				t.Fatalf("unsafe text %q", s)
			}
			if n := utf8.RuneCountInString(s); n > maxMessageRunes {
				t.Fatalf("%d runes", n)
			}
		}
		check(msg)
		check(excerpt(ct, body))
		if len(fields) > maxFields {
			t.Fatalf("%d fields", len(fields))
		}
		for k, ms := range fields {
			check(k)
			if len(ms) > maxFieldMessages {
				t.Fatalf("%d messages", len(ms))
			}
			for _, m := range ms {
				check(m)
			}
		}
	})
}
