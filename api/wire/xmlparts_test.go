package wire

import (
	"strings"
	"testing"
)

// oracleNextXML is NextXML as it was before it was built on NextXMLPart:
// whole tags found by skipping quoted values to the next '>'. The fuzz
// target below holds the two to the same tokens.
func oracleNextXML(s string, i int) XMLToken {
	t := XMLToken{Start: i, Closed: true}
	until := func(from int, end string) int {
		if j := strings.Index(s[from:], end); j >= 0 {
			return from + j + len(end)
		}
		t.Closed = false
		return len(s)
	}
	if s[i] != '<' {
		t.Kind = XMLText
		if j := strings.IndexByte(s[i:], '<'); j >= 0 {
			t.End = i + j
		} else {
			t.End = len(s)
		}
		return t
	}
	rest := s[i:]
	switch {
	case strings.HasPrefix(rest, "<!--"):
		t.Kind, t.End = XMLComment, until(i+4, "-->")
	case strings.HasPrefix(rest, "<![CDATA["):
		t.Kind, t.End = XMLCDATA, until(i+9, "]]>")
	case strings.HasPrefix(rest, "<?"):
		t.Kind, t.End = XMLPI, until(i+2, "?>")
	case strings.HasPrefix(rest, "<!"):
		t.Kind, t.End = XMLDecl, until(i+2, ">")
	default:
		t.Kind = XMLStart
		t.NameStart = i + 1
		if strings.HasPrefix(rest, "</") {
			t.Kind = XMLEnd
			t.NameStart++
		}
		t.NameEnd = t.NameStart
		for t.NameEnd < len(s) && !IsXMLDelim(s[t.NameEnd]) {
			t.NameEnd++
		}
		t.End, t.Closed = len(s), false
		for j := t.NameEnd; j < len(s); j++ {
			if c := s[j]; c == '"' || c == '\'' {
				k := strings.IndexByte(s[j+1:], c)
				if k < 0 {
					break
				}
				j += k + 1
			} else if c == '>' {
				t.End, t.Closed = j+1, true
				break
			}
		}
		if t.Kind == XMLStart && t.Closed && s[t.End-2] == '/' {
			t.Kind = XMLEmpty
		}
	}
	return t
}

// partKinds classifies every byte of s by the part it is in, scanning s
// whole or line by line with the state carried over (as the colouring
// does); newlines are left out, a line scan never sees them.
func partKinds(s string, byLine bool) string {
	out := make([]byte, len(s))
	scan := func(from, to int, st XMLState) XMLState {
		line := s[:to]
		for i := from; i < to; {
			end, k, next := NextXMLPart(line, i, st)
			if end <= i || end > to {
				panic("part out of bounds")
			}
			for j := i; j < end; j++ {
				out[j] = 'a' + byte(k)
			}
			i, st = end, next
		}
		return st
	}
	if !byLine {
		scan(0, len(s), XMLInText)
	} else {
		st := XMLInText
		for from := 0; from < len(s); {
			to := strings.IndexByte(s[from:], '\n')
			if to < 0 {
				to = len(s)
			} else {
				to += from
			}
			st = scan(from, to, st)
			from = to + 1
		}
	}
	for i := range out {
		if s[i] == '\n' {
			out[i] = '.'
		}
	}
	return string(out)
}

func TestNextXMLPart(t *testing.T) {
	s := "<r a='x\ny' b=\"z\">t<!-- c\nd --><![CDATA[<x>\n]]><e/></r\n>"
	whole, lines := partKinds(s, false), partKinds(s, true)
	if whole != lines {
		t.Errorf("line by line the parts differ:\n%q\n%s\n%s", s, whole, lines)
	}
	var got []string
	for i, st := 0, XMLInText; i < len(s); {
		end, k, next := NextXMLPart(s, i, st)
		got = append(got, string('a'+byte(k))+s[i:end])
		i, st = end, next
	}
	want := []string{"b<r", "c ", "da", "e=", "f'x\ny'", "c ", "db", "e=", `f"z"`, "g>", "at",
		"h<!-- c\nd -->", "i<![CDATA[", "j<x>\n]]>", "b<e", "g/>", "b</r", "c\n", "g>"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("parts:\n%q\nwant\n%q", got, want)
	}
}

// FuzzNextXMLPart: NextXML gives the tokens it always gave, and a scan
// resumed at each line start classifies every byte as a scan of the whole
// text does, which is what lets the colouring start at any line.
func FuzzNextXMLPart(f *testing.F) {
	for _, s := range []string{"<a b='>'>x</a>", "<", "</", "<!--\n-->", "<![CDATA[\n]]>", "<a\n/>", "<?x\n?>", "<!D\n>", "<a b=\"\n\">", "<a//>", "</a/>", "< a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); {
			got, want := NextXML(s, i), oracleNextXML(s, i)
			if got != want {
				t.Fatalf("NextXML(%q, %d) = %+v, want %+v", s, i, got, want)
			}
			i = got.End
		}
		if whole, lines := partKinds(s, false), partKinds(s, true); whole != lines {
			t.Fatalf("%q: line by line\n%s\nwhole\n%s", s, lines, whole)
		}
	})
}
