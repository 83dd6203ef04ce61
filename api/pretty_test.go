package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestPrettySeedGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Format
	}{{"seed.json", JSON}, {"seed.xml", XML}} {
		t.Run(string(tc.f), func(t *testing.T) {
			in := readTestdata(t, tc.name)
			out := Pretty(in, tc.f)
			golden.RequireEqual(t, out)
			checkPrettyProperties(t, in, out, tc.f)
		})
	}
}

// checkPrettyProperties asserts what every pretty-printed body must satisfy:
// only whitespace outside strings and text changed, and printing again
// changes nothing.
func checkPrettyProperties(t testing.TB, in, out []byte, f Format) {
	t.Helper()
	strip := stripJSONSpace
	if f == XML {
		strip = stripXMLSpace
	}
	if a, b := strip(in), strip(out); !bytes.Equal(a, b) {
		t.Fatalf("pretty changed more than whitespace:\n in: %q\nout: %q", a, b)
	}
	if again := Pretty(out, f); !bytes.Equal(again, out) {
		t.Fatalf("not idempotent:\nonce:  %q\ntwice: %q", out, again)
	}
}

// stripJSONSpace removes whitespace outside JSON strings.
func stripJSONSpace(b []byte) []byte {
	var out []byte
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString && c == '\\' && i+1 < len(b):
			out = append(out, c, b[i+1])
			i++
			continue
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			continue
		}
		out = append(out, c)
	}
	return out
}

// stripXMLSpace removes whitespace-only runs between markup ('>' … '<') and
// at either end of the document.
func stripXMLSpace(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		j := i
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
			j++
		}
		if j > i {
			before := i == 0 || b[i-1] == '>'
			after := j == len(b) || b[j] == '<'
			if !before || !after {
				out = append(out, b[i:j]...)
			}
			i = j
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func TestPrettyJSON(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"escapes kept", `{"a":"\u00e5\/\"\\\n","b":"å"}`,
			"{\n  \"a\": \"\\u00e5\\/\\\"\\\\\\n\",\n  \"b\": \"å\"\n}"},
		{"numbers as received", `[1.50E+3,-0,0.10,1e-7]`,
			"[\n  1.50E+3,\n  -0,\n  0.10,\n  1e-7\n]"},
		{"keys keep their order", `{"z":1,"a":2,"z":3}`,
			"{\n  \"z\": 1,\n  \"a\": 2,\n  \"z\": 3\n}"},
		{"empty containers", `{"a":{ },"b":[ ],"c":[{}]}`,
			"{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    {}\n  ]\n}"},
		{"literals", ` [true,false,null] `, "[\n  true,\n  false,\n  null\n]"},
		{"top-level scalar", "\n \"x\" \r\n", `"x"`},
		{"bom kept in front", "\xef\xbb\xbf{\"a\":1}", "\xef\xbb\xbf{\n  \"a\": 1\n}"},
		{"already pretty", "{\n  \"a\": 1\n}", "{\n  \"a\": 1\n}"},
		{"raw control bytes are invalid JSON", "{\"m\":\"\x1b]52;c;aGk=\x07\"}", "{\"m\":\"\x1b]52;c;aGk=\x07\"}"},
		{"bidi override kept", "{\"m\":\"\u202e\"}", "{\n  \"m\": \"\u202e\"\n}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := PrettyJSON([]byte(tc.in))
			if tc.want != "" && string(out) != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", out, tc.want)
			}
			checkPrettyProperties(t, []byte(tc.in), out, JSON)
		})
	}
}

func TestPrettyJSONInvalidUnchanged(t *testing.T) {
	for _, in := range []string{
		"", "   ", "{", "}", `{"a":1,}`, `[1,]`, `{"a" 1}`, `{1:2}`, `[1 2]`, `{"a":1}{}`,
		`"unterminated`, `"bad \x escape"`, "\"control \x01\"", `01`, `1.`, `-`, `1e`, `+1`,
		`tru`, `nul`, `[NaN]`, `{"a":1]`, `[1}`, "<html>502 Bad Gateway</html>", `"\u12G4"`,
		"\xef\xbb\xbf", "\xef\xbb\xbf\xef\xbb\xbf{}",
	} {
		out := PrettyJSON([]byte(in))
		if !bytes.Equal(out, []byte(in)) {
			t.Errorf("PrettyJSON(%q) = %q, want input unchanged", in, out)
		}
	}
}

// TestPrettyJSONAgreesWithIndent holds the scanner to encoding/json's own
// whitespace-only indenter on valid input.
func TestPrettyJSONAgreesWithIndent(t *testing.T) {
	inputs := []string{
		string(readTestdata(t, "seed.json")),
		`{"a":[1,[2,[3,{}]],{"b":{"c":[]}}],"d":"x\ty"}`,
		`[[[[[]]]]]`, `0`, `-1.5e+10`, `{"":""}`,
	}
	for _, in := range inputs {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(in), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := PrettyJSON([]byte(in)); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("PrettyJSON(%q):\n got %q\nwant %q", in, got, want.Bytes())
		}
	}
}

func TestPrettyXML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"declaration and comment kept",
			"<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<!-- a > b --><a><b>x</b></a>\n",
			"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a > b -->\n<a>\n  <b>x</b>\n</a>"},
		{"empty elements as received",
			`<a xmlns:i="urn:i"><X i:nil="true"/><Y></Y><Z /></a>`,
			"<a xmlns:i=\"urn:i\">\n  <X i:nil=\"true\"/>\n  <Y></Y>\n  <Z />\n</a>"},
		{"attributes, entities and prefixes untouched",
			`<d2p1:a  b = 'x&amp;y'   c="&#x41;&#65;"><d2p1:t>&lt;&quot;&gt;</d2p1:t></d2p1:a >`,
			"<d2p1:a  b = 'x&amp;y'   c=\"&#x41;&#65;\">\n  <d2p1:t>&lt;&quot;&gt;</d2p1:t>\n</d2p1:a >"},
		{"mixed content left as is",
			"<p>\n<q>Hello <b>big</b>\n   world </q>\n</p>",
			"<p>\n  <q>Hello <b>big</b>\n   world </q>\n</p>"},
		{"text never trimmed", `<a><b>  padded  </b><c>   </c></a>`,
			"<a>\n  <b>  padded  </b>\n  <c>   </c>\n</a>"},
		{"cdata keeps its element verbatim", "<a><b><![CDATA[ <x> ]]>\n  <c/></b></a>",
			"<a>\n  <b><![CDATA[ <x> ]]>\n  <c/></b>\n</a>"},
		{"doctype and processing instructions",
			"<!DOCTYPE a [<!ENTITY e \"v>\">]><?pi data?><a><?x y?></a>",
			"<!DOCTYPE a [<!ENTITY e \"v>\">]>\n<?pi data?>\n<a>\n  <?x y?>\n</a>"},
		{"bom kept in front", "\xef\xbb\xbf<a> <b/> </a>", "\xef\xbb\xbf<a>\n  <b/>\n</a>"},
		{"hostile text kept", "<a><m>\x1b[2J\u202e</m></a>", "<a>\n  <m>\x1b[2J\u202e</m>\n</a>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := PrettyXML([]byte(tc.in))
			if string(out) != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", out, tc.want)
			}
			checkPrettyProperties(t, []byte(tc.in), out, XML)
		})
	}
}

func TestPrettyXMLInvalidUnchanged(t *testing.T) {
	for _, in := range []string{
		"", "  ", "text", "<a>", "</a>", "<a></b>", "<a/><b/>", "x<a/>", "<a/>x", "<a><b></a></b>",
		"<a><!-- open</a>", "<a><![CDATA[open</a>", "<a>&</a>", "<a>&amp</a>", "<a>&#;</a>",
		`<a b=c/>`, `<a b="<"/>`, `<a b="1"c="2"/>`, `<a b/>`, `<a b="1/>`, "<1a/>", "< a/>",
		"<a/><?xml version=\"1.0\"?>", "<a><!DOCTYPE x></a>", "<![CDATA[x]]><a/>", "<?xml",
		"<a></a >x", "{\"json\":true}", "<a/", "<a><b/></a",
	} {
		out := PrettyXML([]byte(in))
		if !bytes.Equal(out, []byte(in)) {
			t.Errorf("PrettyXML(%q) = %q, want input unchanged", in, out)
		}
	}
}

// Deep nesting must neither blow up memory nor time: past the budget the
// body comes back compact, as received.
func TestPrettyDeepNestingBounded(t *testing.T) {
	const depth = 200_000
	j := []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
	if out := PrettyJSON(j); !bytes.Equal(out, j) {
		t.Errorf("deep JSON: got %d bytes, want the %d-byte input back", len(out), len(j))
	}
	x := []byte(strings.Repeat("<a>", depth) + "x" + strings.Repeat("</a>", depth))
	if out := PrettyXML(x); !bytes.Equal(out, x) {
		t.Errorf("deep XML: got %d bytes, want the %d-byte input back", len(out), len(x))
	}
	// Moderate nesting is still indented.
	j = []byte(strings.Repeat("[", 50) + strings.Repeat("]", 50))
	if out := PrettyJSON(j); bytes.Equal(out, j) {
		t.Error("50 levels of JSON were not indented")
	}
}

func FuzzPrettyJSON(f *testing.F) {
	f.Add(readTestdata(f, "seed.json"))
	for _, s := range []string{
		`{"a":[1,{"b":null}],"c":"\u00e5\/"}`, `[]`, `{}`, `[ ]`, "\xef\xbb\xbf[1]", `"\ud800"`,
		`{"a":1,}`, `[1e5,-0.0,1E-2]`, "[\"\xff\"]", strings.Repeat("[", 40) + strings.Repeat("]", 40),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		in = bytes.Clone(in)
		orig := bytes.Clone(in)
		out := PrettyJSON(in)
		if !bytes.Equal(in, orig) {
			t.Fatal("PrettyJSON modified its input")
		}
		body := bytes.TrimPrefix(in, bomUTF8)
		if !json.Valid(body) {
			if !bytes.Equal(out, in) {
				t.Fatalf("invalid input changed: %q → %q", in, out)
			}
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, body, "", prettyIndent); err != nil {
			t.Fatal(err)
		}
		w := bytes.TrimRight(want.Bytes(), " \t\r\n")
		if len(body) < len(in) {
			w = append(bytes.Clone(bomUTF8), w...)
		}
		if len(w) > prettyBudget(len(in)) {
			w = in
		}
		if !bytes.Equal(out, w) {
			t.Fatalf("PrettyJSON(%q):\n got %q\nwant %q", in, out, w)
		}
		if !bytes.Equal(out, in) && cap(out) != len(out) {
			t.Fatalf("output of %d bytes allocated with room for %d: not sized exactly", len(out), cap(out))
		}
		checkPrettyProperties(t, in, out, JSON)
	})
}

func FuzzPrettyXML(f *testing.F) {
	f.Add(readTestdata(f, "seed.xml"))
	for _, s := range []string{
		"<?xml version=\"1.0\"?><!--c--><a x='1'><b i:nil=\"true\"/><c>t &amp; u</c></a>",
		"<a> mixed <b>x</b> </a>", "<a><![CDATA[x]]></a>", "<!DOCTYPE a [<!ENTITY e 'x'>]><a/>",
		"<a><b></b></a >", "<a b=\"<\"/>", "\xef\xbb\xbf<a/>", "<a>\r\n\t<b/>\n</a>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		in = bytes.Clone(in)
		orig := bytes.Clone(in)
		out := PrettyXML(in)
		if !bytes.Equal(in, orig) {
			t.Fatal("PrettyXML modified its input")
		}
		if len(out) > max(len(in), prettyBudget(len(in))) {
			t.Fatalf("output of %d bytes for %d bytes of input", len(out), len(in))
		}
		checkPrettyProperties(t, in, out, XML)
		if !bytes.Equal(out, in) && cap(out) != len(out) {
			t.Fatalf("output of %d bytes allocated with room for %d: not sized exactly", len(out), cap(out))
		}
		if !bytes.Equal(out, in) {
			// Accepted as well-formed: the result must still be accepted.
			if _, ok := scanXML(bytes.TrimPrefix(out, bomUTF8)); !ok {
				t.Fatalf("pretty output no longer well-formed: %q", out)
			}
		}
	})
}

// bigJSON builds a compact JSON body of at least n bytes shaped like a lead
// with very many UTM tags.
func bigJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"contactId":"ADR3ADC7B7B0A9447CA97FCAB43E36B582C","state":"New","utmTags":[`)
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name":"utm_source_%d","value":"n\u00e4tverk \"%d\" 1.5e3"}`, i, i)
	}
	b.WriteString(`],"isAnonymized":false}`)
	return b.Bytes()
}

func bigXML(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><IncomingLead xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><UtmTags xmlns:d2p1="urn:x">`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `<d2p1:FormMarketingUtmTags><d2p1:Name>utm_%d</d2p1:Name><d2p1:Value i:nil="true"/><!-- c --></d2p1:FormMarketingUtmTags>`, i)
	}
	b.WriteString(`</UtmTags></IncomingLead>`)
	return b.Bytes()
}

func BenchmarkPrettyJSONSeed(b *testing.B) {
	in := readTestdata(b, "seed.json")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		PrettyJSON(in)
	}
}

func BenchmarkPrettyJSON10MiB(b *testing.B) {
	in := bigJSON(10 << 20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		PrettyJSON(in)
	}
}

func BenchmarkPrettyXML10MiB(b *testing.B) {
	in := bigXML(10 << 20)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		PrettyXML(in)
	}
}
