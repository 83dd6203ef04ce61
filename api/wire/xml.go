package wire

import "strings"

// XMLKind is the class of an XML token.
type XMLKind uint8

const (
	XMLText    XMLKind = iota // character data between markup
	XMLStart                  // <name …>
	XMLEmpty                  // <name …/>
	XMLEnd                    // </name>
	XMLComment                // <!-- … -->
	XMLCDATA                  // <![CDATA[ … ]]>
	XMLPI                     // <? … ?>, the declaration included
	XMLDecl                   // <!DOCTYPE …> and other <! … >
)

// XMLToken is one token of an XML text: s[Start:End] of kind Kind. For tags,
// s[NameStart:NameEnd] is the element name. Closed is false when the text
// ended before the token did (then End is len(s)).
type XMLToken struct {
	Kind               XMLKind
	Start, End         int
	NameStart, NameEnd int
	Closed             bool
}

// Name is the element name of a tag token, prefix included.
func (t XMLToken) Name(s string) string { return s[t.NameStart:t.NameEnd] }

// Local is the element name without its namespace prefix.
func (t XMLToken) Local(s string) string {
	n := t.Name(s)
	if c := strings.LastIndexByte(n, ':'); c >= 0 {
		return n[c+1:]
	}
	return n
}

// NextXML returns the token starting at s[i] (i < len(s)). It does not
// check names or attributes: a '<' followed by anything starts a tag that
// runs to the next '>' outside quotes.
func NextXML(s string, i int) XMLToken {
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
		t.End, t.Closed = tagEnd(s, t.NameEnd)
		if t.Kind == XMLStart && t.Closed && s[t.End-2] == '/' {
			t.Kind = XMLEmpty
		}
	}
	return t
}

// IsXMLDelim reports whether c ends a tag name.
func IsXMLDelim(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/' || c == '<'
}

// tagEnd returns the offset after the '>' closing the tag whose name ends at
// i, skipping quoted attribute values.
func tagEnd(s string, i int) (int, bool) {
	for ; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			j := strings.IndexByte(s[i+1:], s[i])
			if j < 0 {
				return len(s), false
			}
			i += j + 1
		case '>':
			return i + 1, true
		}
	}
	return len(s), false
}

// MaskXML finds the content of the elements private reports as personal
// (by local name and the local name of the parent, namespaces ignored) in an
// XML text that may be truncated or invalid: everything between the start
// and end tag, or to the end of the text when the end tag never comes.
// Spans are in order and do not nest.
func MaskXML(s string, private func(name, parent string) bool) []Span {
	type frame struct {
		local    string
		maskFrom int // content start when this element is masked, else -1
	}
	var (
		stack   []frame
		spans   []Span
		masking bool
	)
	for i := 0; i < len(s); {
		t := NextXML(s, i)
		i = t.End
		switch t.Kind {
		case XMLEnd:
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.maskFrom >= 0 {
				if t.Start > f.maskFrom {
					spans = append(spans, Span{f.maskFrom, t.Start})
				}
				masking = false
			}
		case XMLStart:
			if t.NameEnd == t.NameStart {
				continue // "<" and a space: not a tag worth a frame
			}
			local := t.Local(s)
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1].local
			}
			f := frame{local: local, maskFrom: -1}
			if !masking && private(local, parent) {
				f.maskFrom = t.End
				masking = true
			}
			stack = append(stack, f)
		}
	}
	for _, f := range stack {
		if f.maskFrom >= 0 && f.maskFrom < len(s) {
			spans = append(spans, Span{f.maskFrom, len(s)})
		}
	}
	return spans
}
