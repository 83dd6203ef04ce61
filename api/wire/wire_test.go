package wire

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func jsonKinds(s string) string {
	var b strings.Builder
	names := map[JSONKind]string{JSONSpace: "_", JSONPunct: "p", JSONString: "s", JSONNumber: "n", JSONLiteral: "l", JSONWord: "w", JSONOther: "?"}
	for i := 0; i < len(s); {
		t := NextJSON(s, i)
		b.WriteString(names[t.Kind] + "(" + s[t.Start:t.End] + ")")
		i = t.End
	}
	return b.String()
}

func TestNextJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a": -1.5e+3, "b":[true,null]}`, `p({)s("a")p(:)_( )n(-1.5e+3)p(,)_( )s("b")p(:)p([)l(true)p(,)l(null)p(])p(})`},
		{`"esc \" q" x`, `s("esc \" q")_( )w(x)`},
		{"\"open\n1", "s(\"open)_(\n)n(1)"},
		{"<html>", "?(<)w(html)?(>)"},
		{"€", "?(€)"},
	} {
		if got := jsonKinds(tc.in); got != tc.want {
			t.Errorf("NextJSON(%q):\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestJSONKeyAndInner(t *testing.T) {
	s := `"k" : "v`
	k := NextJSON(s, 0)
	if !k.IsKey(s) || !k.Closed || s[k.Inner().Start:k.Inner().End] != "k" {
		t.Errorf("key token %+v", k)
	}
	v := NextJSON(s, 6)
	if v.IsKey(s) || v.Closed || s[v.Inner().Start:v.Inner().End] != "v" {
		t.Errorf("unclosed value token %+v", v)
	}
}

func layout(s string) (string, int) {
	var b strings.Builder
	depth := LayoutJSON(s, 2, func(p string) { b.WriteString(p) })
	return b.String(), depth
}

// TestLayoutJSON holds the layout to encoding/json's own whitespace-only
// indenter.
func TestLayoutJSON(t *testing.T) {
	for _, tc := range []struct {
		in    string
		depth int
	}{
		{`{"a":1}`, 1},
		{` {"a" : { },"b":[ ],"c":[{}, [1 ,2]]} `, 3},
		{`[[1]]`, 2},
		{`"x\"y"`, 0},
		{strings.Repeat("[", 100) + strings.Repeat("]", 100), 99}, // the innermost [] stays
	} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(tc.in), "", "  "); err != nil {
			t.Fatal(err)
		}
		got, depth := layout(tc.in)
		if w := strings.TrimRight(want.String(), " "); got != w || depth != tc.depth {
			t.Errorf("LayoutJSON(%q) = %q, %d; want %q, %d", tc.in, got, depth, w, tc.depth)
		}
	}
}

func masked(s string, spans []Span) string {
	var b strings.Builder
	prev := 0
	for _, sp := range spans {
		b.WriteString(s[prev:sp.Start] + "#")
		prev = sp.End
	}
	return b.String() + s[prev:]
}

func private(name, parent string) bool {
	return strings.EqualFold(name, "secret") || strings.EqualFold(name, "value") && strings.EqualFold(parent, "tags")
}

func TestMaskJSON(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"secret":"x","open":"y","n":{"Secret":12}}`, `{"secret":"#","open":"y","n":{"Secret":#}}`},
		{`{"secret":null,"s2":""}`, `{"secret":null,"s2":""}`},
		{`{"secret":{"a":"b","c":[1,"d"]}}`, `{"secret":{"a":"#","c":[#,"#"]}}`},
		{`{"tags":[{"name":"n","value":"v"}],"value":"kept"}`, `{"tags":[{"name":"n","value":"#"}],"value":"kept"}`},
		{`{"other":[{"value":"kept"}]}`, `{"other":[{"value":"kept"}]}`},
		{`{"secret":"trunc`, `{"secret":"#`},
		{"{\"secret\": \"a\\\"b\",\n\"x\":1}", "{\"secret\": \"#\",\n\"x\":1}"},
	} {
		if got := masked(tc.in, MaskJSON(tc.in, private)); got != tc.want {
			t.Errorf("MaskJSON(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestMaskXML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<a><p:Secret x="1">v<b>c</b></p:Secret><o>k</o></a>`, `<a><p:Secret x="1">#</p:Secret><o>k</o></a>`},
		{`<a><Tags><Name>n</Name><Value>v</Value></Tags><Value>kept</Value></a>`, `<a><Tags><Name>n</Name><Value>#</Value></Tags><Value>kept</Value></a>`},
		{`<a><Secret/><Secret></Secret><!-- <Secret> --></a>`, `<a><Secret/><Secret></Secret><!-- <Secret> --></a>`},
		{`<a><Secret>truncated`, `<a><Secret>#`},
		{`<a><Secret a=">">x</Secret>`, `<a><Secret a=">">#</Secret>`},
	} {
		if got := masked(tc.in, MaskXML(tc.in, private)); got != tc.want {
			t.Errorf("MaskXML(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestNextXML(t *testing.T) {
	s := `<?xml v?><!DOCTYPE d><r a='>'>t<!-- c --><![CDATA[<x>]]><p:e/></r ><open`
	var got []string
	for i := 0; i < len(s); {
		tk := NextXML(s, i)
		got = append(got, s[tk.Start:tk.End]+"|"+tk.Name(s)+"|"+tk.Local(s))
		if tk.Kind == XMLEmpty && tk.Local(s) != "e" || (tk.Kind == XMLStart && tk.Name(s) == "open") == tk.Closed {
			t.Errorf("token %q: kind %d closed %v", s[tk.Start:tk.End], tk.Kind, tk.Closed)
		}
		i = tk.End
	}
	want := []string{"<?xml v?>||", "<!DOCTYPE d>||", "<r a='>'>|r|r", "t||", "<!-- c -->||",
		"<![CDATA[<x>]]>||", "<p:e/>|p:e|e", "</r >|r|r", "<open|open|open"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tokens:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzTokenizers checks that both tokenizers tile any input exactly and
// that the masks stay inside it, in order.
func FuzzTokenizers(f *testing.F) {
	for _, s := range []string{`{"secret":"x"}`, `<a><Secret>x</Secret></a>`, "\"", "<", "<!--", "<a b='"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); {
			tk := NextJSON(s, i)
			if tk.Start != i || tk.End <= i || tk.End > len(s) {
				t.Fatalf("JSON token %+v at %d", tk, i)
			}
			i = tk.End
		}
		for i := 0; i < len(s); {
			tk := NextXML(s, i)
			if tk.Start != i || tk.End <= i || tk.End > len(s) {
				t.Fatalf("XML token %+v at %d", tk, i)
			}
			if want := joinedXML(s, i); tk != want {
				t.Fatalf("XML token at %d of %q: %+v; its parts joined: %+v", i, s, tk, want)
			}
			i = tk.End
		}
		if json.Valid([]byte(s)) {
			var want bytes.Buffer
			if err := json.Indent(&want, []byte(s), "", "  "); err != nil {
				t.Fatal(err)
			}
			if got, _ := layout(s); got != strings.TrimRight(want.String(), " \t\r\n") {
				t.Fatalf("LayoutJSON(%q) = %q; json.Indent: %q", s, got, want.String())
			}
		}
		for _, spans := range [][]Span{MaskJSON(s, private), MaskXML(s, private)} {
			prev := 0
			for _, sp := range spans {
				if sp.Start < prev || sp.End < sp.Start || sp.End > len(s) {
					t.Fatalf("spans %v out of order or bounds in %q", spans, s)
				}
				prev = sp.End
			}
		}
	})
}

// joinedXML is the XML token at s[i] as NextXMLPart's parts make it, for
// holding NextXML's faster path to the one scanner.
func joinedXML(s string, i int) XMLToken {
	t := XMLToken{Start: i, Closed: true}
	end, k, st := NextXMLPart(s, i, XMLInText)
	switch k {
	case XMLPartText:
		t.Kind = XMLText
	case XMLPartComment:
		t.Kind = XMLComment
	case XMLPartCDATAOpen:
		t.Kind = XMLCDATA
	case XMLPartPI:
		t.Kind = XMLPI
	case XMLPartDecl:
		t.Kind = XMLDecl
	case XMLPartTagOpen:
		t.Kind, t.NameStart, t.NameEnd = XMLStart, i+1, end
		if strings.HasPrefix(s[i:], "</") {
			t.Kind, t.NameStart = XMLEnd, i+2
		}
	}
	for st != XMLInText && end < len(s) {
		end, _, st = NextXMLPart(s, end, st)
	}
	t.End, t.Closed = end, st == XMLInText
	if t.Kind == XMLStart && t.Closed && s[t.End-2] == '/' {
		t.Kind = XMLEmpty
	}
	return t
}
