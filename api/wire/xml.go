package wire

import (
	"iter"
	"slices"
	"strings"
)

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

// XMLState is where a scan of XML resumes: between tokens or inside one.
// The syntax colouring keeps one per line start, so it can colour any line
// on screen without scanning the lines above it.
type XMLState uint8

const (
	XMLInText    XMLState = iota // between tokens
	XMLInTag                     // inside a tag, between its attributes
	XMLInAttrDQ                  // inside a "-quoted attribute value
	XMLInAttrSQ                  // inside a '-quoted attribute value
	XMLInComment                 // inside <!-- … -->
	XMLInCDATA                   // inside <![CDATA[ … ]]>
	XMLInPI                      // inside <? … ?>
	XMLInDecl                    // inside <! … >
)

// XMLPartKind is the class of a part: a token, or a piece of a tag.
type XMLPartKind uint8

const (
	XMLPartText      XMLPartKind = iota // character data, up to the next '<'
	XMLPartTagOpen                      // "<name" or "</name" (the name may be empty)
	XMLPartBlank                        // blanks between attributes
	XMLPartAttrName                     // an attribute name, or a stray byte inside a tag
	XMLPartEquals                       // '=' inside a tag
	XMLPartAttrValue                    // a quoted value, quotes included (or its piece)
	XMLPartTagClose                     // ">" or "/>"
	XMLPartComment                      // <!-- … --> (or its piece)
	XMLPartCDATAOpen                    // "<![CDATA["
	XMLPartCDATA                        // CDATA content with its "]]>" (or its piece)
	XMLPartPI                           // <? … ?> (or its piece)
	XMLPartDecl                         // <! … > (or its piece)
)

// NextXMLPart returns the part of s that starts at s[i] (i < len(s)) when
// the scan is in state st: its end, its kind and the state after it. A part
// that s ends inside ends at len(s) and leaves the state inside it, so the
// scan resumes with the next text (the next line) where it stopped. It is
// the one XML scanner: NextXML joins its parts into tokens.
func NextXMLPart(s string, i int, st XMLState) (end int, k XMLPartKind, next XMLState) {
	switch st {
	case XMLInText:
		if s[i] != '<' {
			return textEnd(s, i), XMLPartText, XMLInText
		}
		return nextMarkupPart(s, i)
	case XMLInTag:
		return nextTagPart(s, i)
	case XMLInAttrDQ, XMLInAttrSQ:
		q := byte('"')
		if st == XMLInAttrSQ {
			q = '\''
		}
		if j := strings.IndexByte(s[i:], q); j >= 0 {
			return i + j + 1, XMLPartAttrValue, XMLInTag
		}
		return len(s), XMLPartAttrValue, st
	}
	// Inside a comment, CDATA section, processing instruction or
	// declaration: on to its end.
	in := insides[st]
	return partUntil(s, i, in.term, in.kind, st)
}

// insides are the states inside markup that ends at a fixed terminator.
var insides = [...]struct {
	term string
	kind XMLPartKind
}{
	XMLInComment: {"-->", XMLPartComment},
	XMLInCDATA:   {"]]>", XMLPartCDATA},
	XMLInPI:      {"?>", XMLPartPI},
	XMLInDecl:    {">", XMLPartDecl},
}

// partUntil ends a part of kind k at the end of term, or at the end of s
// inside it (state inside).
func partUntil(s string, from int, term string, k XMLPartKind, inside XMLState) (int, XMLPartKind, XMLState) {
	if j := strings.Index(s[from:], term); j >= 0 {
		return from + j + len(term), k, XMLInText
	}
	return len(s), k, inside
}

// textEnd is the end of the character data at s[i]: the next '<'.
func textEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '<'); j >= 0 {
		return i + j
	}
	return len(s)
}

// nextMarkupPart is the part starting at the '<' of s[i].
func nextMarkupPart(s string, i int) (int, XMLPartKind, XMLState) {
	rest := s[i:]
	switch {
	case len(rest) > 1 && rest[1] != '!' && rest[1] != '?':
		// a tag: the common case first
	case strings.HasPrefix(rest, "<!--"):
		return partUntil(s, i+4, "-->", XMLPartComment, XMLInComment)
	case strings.HasPrefix(rest, "<![CDATA["):
		return i + 9, XMLPartCDATAOpen, XMLInCDATA
	case strings.HasPrefix(rest, "<?"):
		return partUntil(s, i+2, "?>", XMLPartPI, XMLInPI)
	case strings.HasPrefix(rest, "<!"):
		return partUntil(s, i+2, ">", XMLPartDecl, XMLInDecl)
	}
	j := i + 1
	if strings.HasPrefix(rest, "</") {
		j++
	}
	for j < len(s) && !IsXMLDelim(s[j]) {
		j++
	}
	return j, XMLPartTagOpen, XMLInTag
}

// nextTagPart is the part starting at s[i] inside a tag.
func nextTagPart(s string, i int) (int, XMLPartKind, XMLState) {
	switch c := s[i]; {
	case c == '>':
		return i + 1, XMLPartTagClose, XMLInText
	case c == '/' && i+1 < len(s) && s[i+1] == '>':
		return i + 2, XMLPartTagClose, XMLInText
	case c == '"':
		return NextXMLPart(s, i+1, XMLInAttrDQ)
	case c == '\'':
		return NextXMLPart(s, i+1, XMLInAttrSQ)
	case c == '=':
		return i + 1, XMLPartEquals, XMLInTag
	case isXMLBlank(c):
		j := i + 1
		for j < len(s) && isXMLBlank(s[j]) {
			j++
		}
		return j, XMLPartBlank, XMLInTag
	}
	j := i + 1
	for j < len(s) && !IsXMLDelim(s[j]) && s[j] != '=' && s[j] != '"' && s[j] != '\'' {
		j++
	}
	return j, XMLPartAttrName, XMLInTag
}

func isXMLBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// NextXML returns the token starting at s[i] (i < len(s)). It does not
// check names or attributes: a '<' followed by anything starts a tag that
// runs to the next '>' outside quotes. It is NextXMLPart's parts joined,
// with a faster path through a tag, which only quotes and '>' can end.
func NextXML(s string, i int) XMLToken {
	t := XMLToken{Start: i, Closed: true}
	if s[i] != '<' {
		t.Kind, t.End = XMLText, textEnd(s, i)
		return t
	}
	end, k, st := nextMarkupPart(s, i)
	switch k {
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
		if i+1 < len(s) && s[i+1] == '/' {
			t.Kind, t.NameStart = XMLEnd, i+2
		}
		t.End, t.Closed = tagEnd(s, end)
		if t.Kind == XMLStart && t.Closed && s[t.End-2] == '/' {
			t.Kind = XMLEmpty
		}
		return t
	}
	for st != XMLInText && end < len(s) {
		end, _, st = NextXMLPart(s, end, st)
	}
	t.End, t.Closed = end, st == XMLInText
	return t
}

// SkipXML is NextXML for a text known to be well-formed, without the
// names: the kind and end of the token at s[i], found faster.
func SkipXML(s string, i int) (XMLKind, int) {
	switch {
	case s[i] != '<':
		return XMLText, textEnd(s, i)
	case i+1 < len(s) && s[i+1] == '/':
		end, _ := tagEnd(s, i+2)
		return XMLEnd, end
	case i+1 < len(s) && s[i+1] != '!' && s[i+1] != '?':
		end, _ := tagEnd(s, i+1)
		if s[end-2] == '/' {
			return XMLEmpty, end
		}
		return XMLStart, end
	}
	t := NextXML(s, i)
	return t.Kind, t.End
}

// tagEnd is the end of the tag whose name ends at s[i]: after the first '>'
// outside quotes, or the end of s (then closed is false).
func tagEnd(s string, i int) (end int, closed bool) {
	for i < len(s) {
		switch s[i] {
		case '>':
			return i + 1, true
		case '"', '\'':
			j := strings.IndexByte(s[i+1:], s[i])
			if j < 0 {
				return len(s), false
			}
			i += j + 2
		default:
			i++
		}
	}
	return len(s), false
}

// IsXMLDelim reports whether c ends a tag name.
func IsXMLDelim(c byte) bool { return xmlDelims[c] }

// xmlDelims are the bytes that end a tag name (IsXMLDelim), as a table: the
// name scan is the tokenizer's busiest loop.
var xmlDelims = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '>': true, '/': true, '<': true}

// MaskXML finds the content of the elements private reports as personal
// (by local name and the local name of the parent, namespaces ignored) in an
// XML text that may be truncated or invalid: everything between the start
// and end tag, or to the end of the text when the end tag never comes.
// Spans are in order and do not nest.
func MaskXML(s string, private func(name, parent string) bool) []Span {
	return slices.Collect(MaskedXML(s, private))
}

// MaskedXML yields the spans MaskXML returns, one by one, so that a caller
// can count them before it stores them.
func MaskedXML(s string, private func(name, parent string) bool) iter.Seq[Span] {
	type frame struct {
		local    string
		maskFrom int // content start when this element is masked, else -1
	}
	return func(yield func(Span) bool) {
		var (
			stack   []frame
			masking bool
		)
		for i := 0; i < len(s); {
			t := NextXML(s, i)
			i = t.End
			switch {
			case t.Kind == XMLEnd && len(stack) > 0:
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if f.maskFrom < 0 {
					continue
				}
				masking = false
				if t.Start > f.maskFrom && !yield(Span{f.maskFrom, t.Start}) {
					return
				}
			case t.Kind == XMLStart && t.NameEnd > t.NameStart: // not "<" and a space
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
			if f.maskFrom >= 0 && f.maskFrom < len(s) && !yield(Span{f.maskFrom, len(s)}) {
				return
			}
		}
	}
}
