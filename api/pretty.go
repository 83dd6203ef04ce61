package api

import (
	"bytes"
	"unsafe"

	"leadinspector/api/wire"
)

// The pretty-printers below re-indent a body for display without rewriting
// any of it: every token is copied byte for byte and only the whitespace
// between tokens is replaced (json.Indent for JSON, a scanner over the
// shared XML tokenizer of package wire for XML). Decoding and
// re-encoding (encoding/json, encoding/xml) would re-escape strings, reorder
// or re-quote attributes and rewrite namespace prefixes, so the user would no
// longer see what the server sent.
//
// Both return their input unchanged when it is not well-formed, and also when
// it is so deeply nested that indenting it would multiply its size
// (prettyBudget): a hostile body must not make the inspector allocate
// gigabytes of spaces.

// bomUTF8 is kept at the front of the output when present; it is not
// whitespace, so dropping it would lose content.
var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

const prettyIndent = "  "

// prettyBudget caps the pretty output at eight times the input plus 64 KiB;
// real documents stay far below (the seed grows about 1.5×).
func prettyBudget(n int) int { return 8*n + 64<<10 }

// Pretty pretty-prints b as f (JSON or XML); see PrettyJSON and PrettyXML.
func Pretty(b []byte, f Format) []byte {
	if f == XML {
		return PrettyXML(b)
	}
	return PrettyJSON(b)
}

// PrettyJSON indents a JSON document by two spaces per level. Only whitespace
// between tokens changes: keys keep their order, strings (escapes included)
// and numbers are copied as received. Empty objects and arrays stay {} and [].
// The result has no trailing newline. A leading UTF-8 BOM is kept in front.
// Input that is not exactly one valid JSON value is returned unchanged.
func PrettyJSON(b []byte) []byte {
	if out, ok := prettyJSON(b); ok {
		return out
	}
	return b
}

func prettyJSON(b []byte) ([]byte, bool) {
	in := bytes.TrimPrefix(b, bomUTF8)
	if !validJSON(in) {
		return nil, false
	}
	// The layout is json.Indent's (only whitespace between tokens
	// changes), written here to add a bound json.Indent lacks: thousands of
	// nested brackets indent to gigabytes, so the size is measured first,
	// and then the output is allocated once, exactly.
	s := unsafeString(in)
	n := len(b) - len(in) // the BOM, which json.Indent would refuse
	wire.LayoutJSON(s, len(prettyIndent), func(p string) { n += len(p) })
	if n > prettyBudget(len(b)) {
		return nil, false
	}
	out := make([]byte, 0, n)
	out = append(out, b[:len(b)-len(in)]...)
	wire.LayoutJSON(s, len(prettyIndent), func(p string) { out = append(out, p...) })
	return out, true
}

// unsafeString views b as a string without copying it, for the read-only
// tokenizers of package wire; b must not change while the string is used.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

func isJSONHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// PrettyXML indents an XML document by two spaces per level of element
// nesting. Markup is copied byte for byte: entities, attributes (and the
// spacing inside tags), namespace prefixes, CDATA sections, comments and
// processing instructions are not rewritten, the XML declaration is kept, and
// empty elements stay as received (<X i:nil="true"/>, <X></X>).
//
// Only whitespace between markup changes: it is dropped before and after the
// root element and replaced by newline and indentation inside elements whose
// content is nothing but child elements, comments and processing
// instructions. An element holding text with anything but whitespace, a
// CDATA section, or no child markup at all keeps its content exactly as
// received, so <Name>x</Name> stays on one line and mixed content is never
// re-flowed. The result has no trailing newline; a leading UTF-8 BOM is kept
// in front. Input that is not well-formed is returned unchanged.
func PrettyXML(b []byte) []byte {
	if out, ok := prettyXML(b); ok {
		return out
	}
	return b
}

func prettyXML(b []byte) ([]byte, bool) {
	in := b
	var prefix []byte
	if bytes.HasPrefix(in, bomUTF8) {
		prefix = bomUTF8
		in = in[len(bomUTF8):]
	}
	lay, ok := scanXML(in)
	if !ok || len(prefix)+lay.size > prettyBudget(len(b)) {
		return nil, false
	}
	out := make([]byte, 0, len(prefix)+lay.size)
	out = append(out, prefix...)
	return lay.write(out, in), true
}

// xmlLayout is what scanXML learns of a well-formed document for writing
// it indented: which elements are copied whole, content as received, and
// the exact size of the output, so that it is allocated once.
type xmlLayout struct {
	// verbatim has bit k set when the k-th start tag, in document order,
	// begins an element that is copied whole.
	verbatim []uint64
	size     int // bytes of the indented document
}

func (l *xmlLayout) setVerbatim(k int) {
	for len(l.verbatim) <= k/64 {
		l.verbatim = append(l.verbatim, 0)
	}
	l.verbatim[k/64] |= 1 << (k % 64)
}

func (l *xmlLayout) isVerbatim(k int) bool {
	return k/64 < len(l.verbatim) && l.verbatim[k/64]&(1<<(k%64)) != 0
}

// write appends the document in (which scanXML accepted) to out as laid
// out: every markup token at the top level and in elements not copied whole
// on a line of its own, indented by its depth; whitespace between them
// dropped.
func (l *xmlLayout) write(out, in []byte) []byte {
	s := unsafeString(in)
	depth, starts, first := 0, 0, true
	for i := 0; i < len(s); {
		kind, end := wire.SkipXML(s, i)
		open := false
		switch kind {
		case wire.XMLText:
			i = end
			continue // whitespace: any other text is in an element copied whole
		case wire.XMLDecl:
			end = i + scanDoctype(in[i:]) // the only declaration accepted
		case wire.XMLEnd:
			depth--
		case wire.XMLStart:
			if l.isVerbatim(starts) {
				var n int
				end, n = elementSpan(s, end)
				starts += n
			} else {
				starts++
				open = true
			}
		}
		if !first {
			out = append(out, '\n')
			for range depth {
				out = append(out, prettyIndent...)
			}
		}
		first = false
		out = append(out, in[i:end]...)
		if open {
			depth++
		}
		i = end
	}
	return out
}

// elementSpan returns the end of the element whose start tag ends at
// s[i] (its end tag included) in a well-formed document, and the number of
// start tags in it, its own included.
func elementSpan(s string, i int) (end, starts int) {
	depth := 1
	starts = 1
	for i < len(s) {
		kind, end := wire.SkipXML(s, i)
		i = end
		switch kind {
		case wire.XMLStart:
			depth++
			starts++
		case wire.XMLEnd:
			if depth--; depth == 0 {
				return i, starts
			}
		}
	}
	return len(s), starts
}

// xmlOpenElem is an element whose end tag has not come yet.
type xmlOpenElem struct {
	start, startEnd    int // its start tag
	nameStart, nameEnd int
	ord                int // the number of start tags before its own
	hasChild, hasText  bool
	// inner is the size of its children laid out one per line, each with
	// its newline and indentation.
	inner int
}

// xmlScan is scanXML's state.
type xmlScan struct {
	in       []byte
	stack    []xmlOpenElem
	lay      xmlLayout
	starts   int // start tags so far
	topLevel int // tokens so far outside the root element, the root included
	seenRoot bool
}

// scanXML checks that in is one well-formed document (one root element,
// balanced and matching tags, quoted attributes, well-formed references,
// only whitespace, comments and processing instructions around the root)
// and returns its layout. It does not check UTF-8, duplicate attributes or
// whether named entities are declared: those do not matter for indentation.
func scanXML(in []byte) (xmlLayout, bool) {
	sc := xmlScan{in: in}
	s := unsafeString(in)
	for i := 0; i < len(in); {
		t := wire.NextXML(s, i)
		if !t.Closed {
			return xmlLayout{}, false
		}
		end, ok := sc.token(t)
		if !ok {
			return xmlLayout{}, false
		}
		i = end
	}
	return sc.lay, sc.seenRoot && len(sc.stack) == 0
}

// token checks t and adds it to the layout; it returns where the next token
// starts.
func (sc *xmlScan) token(t wire.XMLToken) (next int, ok bool) {
	i, rest := t.Start, sc.in[t.Start:]
	switch t.Kind {
	case wire.XMLText:
		return t.End, sc.text(sc.in[i:t.End])
	case wire.XMLComment:
		sc.child(t.End - i)
	case wire.XMLCDATA:
		if len(sc.stack) == 0 {
			return 0, false
		}
		sc.stack[len(sc.stack)-1].hasText = true
	case wire.XMLPI:
		if !sc.pi(rest, t.End-i) {
			return 0, false
		}
		sc.child(t.End - i)
	case wire.XMLDecl:
		// The tokenizer ends <!…> at the first '>'; a DOCTYPE's internal
		// subset may hold more.
		if !bytes.HasPrefix(rest, []byte("<!DOCTYPE")) || len(sc.stack) > 0 || sc.seenRoot {
			return 0, false
		}
		n := scanDoctype(rest)
		if n < 0 {
			return 0, false
		}
		sc.child(n)
		return i + n, true
	case wire.XMLEnd:
		return t.End, sc.end(i, t.End-i)
	default: // a start tag or an empty element
		return t.End, sc.start(t)
	}
	return t.End, true
}

// text is character data: only whitespace outside the root, and references
// well-formed.
func (sc *xmlScan) text(text []byte) bool {
	if allXMLSpace(text) {
		return true
	}
	if len(sc.stack) == 0 || !validXMLText(text) {
		return false
	}
	sc.stack[len(sc.stack)-1].hasText = true
	return true
}

// pi checks a processing instruction of n bytes: a target, and the XML
// declaration only at the very start.
func (sc *xmlScan) pi(rest []byte, n int) bool {
	e := scanXMLName(rest, 2)
	if e == 2 {
		return false
	}
	if bytes.EqualFold(rest[2:e], []byte("xml")) && (sc.topLevel > 0 || len(sc.stack) > 0) {
		return false // the declaration comes first or not at all
	}
	return e+2 == n || isXMLSpaceByte(rest[e])
}

// child adds markup of n bytes (a whole element, or a token that is not a
// tag) where the scan is: a line of its own in the open element, or at the
// top level.
func (sc *xmlScan) child(n int) {
	if len(sc.stack) == 0 {
		if sc.topLevel > 0 {
			sc.lay.size++ // the newline before it
		}
		sc.lay.size += n
		sc.topLevel++
		return
	}
	e := &sc.stack[len(sc.stack)-1]
	e.hasChild = true
	e.inner += 1 + len(sc.stack)*len(prettyIndent) + n
}

func (sc *xmlScan) start(t wire.XMLToken) bool {
	if n, _, ok := scanStartTag(sc.in[t.Start:]); !ok || t.Start+n != t.End {
		return false
	}
	if len(sc.stack) == 0 {
		if sc.seenRoot {
			return false
		}
		sc.seenRoot = true
	}
	if t.Kind == wire.XMLEmpty {
		sc.child(t.End - t.Start)
		return true
	}
	if len(sc.stack) > 0 {
		sc.stack[len(sc.stack)-1].hasChild = true
	}
	sc.stack = append(sc.stack, xmlOpenElem{start: t.Start, startEnd: t.End, nameStart: t.NameStart, nameEnd: t.NameEnd, ord: sc.starts})
	sc.starts++
	return true
}

// end checks the end tag of n bytes at in[i:] against the open element and
// closes it.
func (sc *xmlScan) end(i, n int) bool {
	rest := sc.in[i:]
	e := scanXMLName(rest, 2)
	if e == 2 || len(sc.stack) == 0 {
		return false
	}
	top := sc.stack[len(sc.stack)-1]
	if !bytes.Equal(rest[2:e], sc.in[top.nameStart:top.nameEnd]) {
		return false
	}
	for e < len(rest) && isXMLSpaceByte(rest[e]) {
		e++
	}
	if e+1 != n {
		return false // something but blanks after the name
	}
	sc.stack = sc.stack[:len(sc.stack)-1]
	// Laid out: the start tag, the children, the end tag on a line of its
	// own; or the whole element as received.
	size := top.startEnd - top.start + top.inner + 1 + len(sc.stack)*len(prettyIndent) + n
	if top.hasText || !top.hasChild {
		sc.lay.setVerbatim(top.ord)
		size = i + n - top.start
	}
	sc.child(size)
	return true
}

// scanStartTag reads <name attr="v" ...> or <name .../> at the start of b
// and returns its length and whether it closes itself.
func scanStartTag(b []byte) (n int, empty, ok bool) {
	n = scanXMLName(b, 1)
	if n == 1 {
		return 0, false, false
	}
	for {
		spaced := false
		for n < len(b) && isXMLSpaceByte(b[n]) {
			n++
			spaced = true
		}
		if n >= len(b) {
			return 0, false, false
		}
		switch b[n] {
		case '>':
			return n + 1, false, true
		case '/':
			if n+1 < len(b) && b[n+1] == '>' {
				return n + 2, true, true
			}
			return 0, false, false
		}
		// An attribute, which must be separated from what precedes it.
		a := scanXMLName(b, n)
		if !spaced || a == n {
			return 0, false, false
		}
		n = a
		for n < len(b) && isXMLSpaceByte(b[n]) {
			n++
		}
		if n >= len(b) || b[n] != '=' {
			return 0, false, false
		}
		n++
		for n < len(b) && isXMLSpaceByte(b[n]) {
			n++
		}
		if n >= len(b) || b[n] != '"' && b[n] != '\'' {
			return 0, false, false
		}
		q := bytes.IndexByte(b[n+1:], b[n])
		if q < 0 {
			return 0, false, false
		}
		v := b[n+1 : n+1+q]
		if bytes.IndexByte(v, '<') >= 0 || !validXMLText(v) {
			return 0, false, false
		}
		n += q + 2
	}
}

// scanDoctype returns the length of the <!DOCTYPE ...> at the start of b,
// internal subset and quoted literals included, or -1.
func scanDoctype(b []byte) int {
	depth := 0
	for i := len("<!DOCTYPE"); i < len(b); i++ {
		switch b[i] {
		case '"', '\'':
			q := bytes.IndexByte(b[i+1:], b[i])
			if q < 0 {
				return -1
			}
			i += q + 1
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// scanXMLName returns the end of the name starting at b[i], or i when there
// is none. Bytes from 0x80 up are accepted as name characters without
// checking which Unicode letters they encode.
func scanXMLName(b []byte, i int) int {
	if i >= len(b) || !isXMLNameStart(b[i]) {
		return i
	}
	for i++; i < len(b) && isXMLNameByte(b[i]); i++ {
	}
	return i
}

func isXMLNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

func isXMLNameByte(c byte) bool {
	return isXMLNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

func isXMLSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func allXMLSpace(b []byte) bool {
	for _, c := range b {
		if !isXMLSpaceByte(c) {
			return false
		}
	}
	return true
}

// validXMLText checks that every '&' in b starts a reference: &name;, &#123;
// or &#x1F;.
func validXMLText(b []byte) bool {
	for {
		a := bytes.IndexByte(b, '&')
		if a < 0 {
			return true
		}
		b = b[a+1:]
		n := 0
		switch {
		case len(b) > 1 && b[0] == '#' && b[1] == 'x':
			n = 2
			for n < len(b) && isJSONHexDigit(b[n]) {
				n++
			}
			if n == 2 {
				return false
			}
		case len(b) > 0 && b[0] == '#':
			n = 1
			for n < len(b) && b[n] >= '0' && b[n] <= '9' {
				n++
			}
			if n == 1 {
				return false
			}
		default:
			n = scanXMLName(b, 0)
			if n == 0 {
				return false
			}
		}
		if n >= len(b) || b[n] != ';' {
			return false
		}
		b = b[n+1:]
	}
}
