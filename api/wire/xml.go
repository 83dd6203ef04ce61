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
	// until ends a part at the end of term, or at the end of s inside it.
	until := func(from int, term string, k XMLPartKind, inside XMLState) (int, XMLPartKind, XMLState) {
		if j := strings.Index(s[from:], term); j >= 0 {
			return from + j + len(term), k, XMLInText
		}
		return len(s), k, inside
	}
	switch st {
	case XMLInComment:
		return until(i, "-->", XMLPartComment, st)
	case XMLInCDATA:
		return until(i, "]]>", XMLPartCDATA, st)
	case XMLInPI:
		return until(i, "?>", XMLPartPI, st)
	case XMLInDecl:
		return until(i, ">", XMLPartDecl, st)
	case XMLInAttrDQ, XMLInAttrSQ:
		q := byte('"')
		if st == XMLInAttrSQ {
			q = '\''
		}
		if j := strings.IndexByte(s[i:], q); j >= 0 {
			return i + j + 1, XMLPartAttrValue, XMLInTag
		}
		return len(s), XMLPartAttrValue, st
	case XMLInTag:
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
	if s[i] != '<' {
		if j := strings.IndexByte(s[i:], '<'); j >= 0 {
			return i + j, XMLPartText, XMLInText
		}
		return len(s), XMLPartText, XMLInText
	}
	rest := s[i:]
	switch {
	case strings.HasPrefix(rest, "<!--"):
		return until(i+4, "-->", XMLPartComment, XMLInComment)
	case strings.HasPrefix(rest, "<![CDATA["):
		return i + 9, XMLPartCDATAOpen, XMLInCDATA
	case strings.HasPrefix(rest, "<?"):
		return until(i+2, "?>", XMLPartPI, XMLInPI)
	case strings.HasPrefix(rest, "<!"):
		return until(i+2, ">", XMLPartDecl, XMLInDecl)
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

func isXMLBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// NextXML returns the token starting at s[i] (i < len(s)). It does not
// check names or attributes: a '<' followed by anything starts a tag that
// runs to the next '>' outside quotes.
func NextXML(s string, i int) XMLToken {
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

// IsXMLDelim reports whether c ends a tag name.
func IsXMLDelim(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/' || c == '<'
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
