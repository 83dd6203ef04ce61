package api

import (
	"bytes"
	"encoding/json"
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
	// json.Indent gives exactly the bytes we want (only whitespace between
	// tokens changes); what it lacks is a bound on its output. Thousands of
	// nested brackets indent to gigabytes, so measure the cost first.
	extra, _ := wire.JSONIndentCost(unsafeString(in), len(prettyIndent))
	if len(in)+extra > prettyBudget(len(b)) {
		return nil, false
	}
	// json.Indent grows its buffer to room for twice its input first; give
	// it that up front so the output is allocated once.
	out := bytes.NewBuffer(make([]byte, 0, max(len(b)+extra, 2*len(b)+len(bomUTF8))))
	out.Write(b[:len(b)-len(in)]) // the BOM, which json.Indent would refuse
	if err := json.Indent(out, in, "", prettyIndent); err != nil {
		return nil, false
	}
	// json.Indent keeps trailing whitespace; the pretty form has none.
	return bytes.TrimRight(out.Bytes(), " \t\r\n"), true
}

// unsafeString views b as a string without copying it, for the read-only
// tokenizers of package wire; b must not change while the string is used.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// appendNewlineIndent appends a newline and the indentation of depth, or reports false
// when that would exceed the output budget.
func appendNewlineIndent(out []byte, depth, limit int) ([]byte, bool) {
	if len(out)+1+depth*len(prettyIndent) > limit {
		return out, false
	}
	out = append(out, '\n')
	for range depth {
		out = append(out, prettyIndent...)
	}
	return out, true
}

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

// Kinds of XML markup tokens; text is not a token (see prettyXML).
const (
	xtStart = iota
	xtEnd
	xtEmpty
	xtOther // comment, processing instruction, declaration, DOCTYPE
)

type xmlMarkup struct {
	kind       uint8
	verbatim   bool // xtStart: copy the element whole, content as received
	start, end int  // the token's bytes
	match      int  // xtStart: index of its end token
}

type xmlOpenElem struct {
	tok                int // index of the start token
	nameStart, nameEnd int
	hasChild, hasText  bool
}

func prettyXML(b []byte) ([]byte, bool) {
	in := b
	var prefix []byte
	if bytes.HasPrefix(in, bomUTF8) {
		prefix = bomUTF8
		in = in[len(bomUTF8):]
	}
	toks, ok := scanXML(in)
	if !ok {
		return nil, false
	}
	limit := prettyBudget(len(b))
	out := make([]byte, 0, 2*len(b)+16) // as for JSON: room for the indentation
	out = append(out, prefix...)
	depth := 0
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.kind == xtEnd {
			depth--
		}
		if k > 0 {
			if out, ok = appendNewlineIndent(out, depth, limit); !ok {
				return nil, false
			}
		}
		switch {
		case t.kind == xtStart && t.verbatim:
			out = append(out, in[t.start:toks[t.match].end]...)
			k = t.match
		case t.kind == xtStart:
			out = append(out, in[t.start:t.end]...)
			depth++
		default:
			out = append(out, in[t.start:t.end]...)
		}
	}
	return out, len(out) <= limit
}

// scanXML checks that in is one well-formed document (one root element,
// balanced and matching tags, quoted attributes, well-formed references,
// only whitespace, comments and processing instructions around the root)
// and returns its markup tokens. It does not check UTF-8, duplicate
// attributes or whether named entities are declared: those do not matter
// for indentation.
func scanXML(in []byte) ([]xmlMarkup, bool) {
	var (
		// Every token starts with '<': counting them once saves the
		// repeated growing of a large slice.
		toks     = make([]xmlMarkup, 0, bytes.Count(in, []byte{'<'}))
		stack    []xmlOpenElem
		seenRoot bool
	)
	markChild := func() {
		if len(stack) > 0 {
			stack[len(stack)-1].hasChild = true
		}
	}
	s := unsafeString(in)
	for i := 0; i < len(in); {
		t := wire.NextXML(s, i)
		if !t.Closed {
			return nil, false
		}
		rest := in[i:]
		switch t.Kind {
		case wire.XMLText:
			if text := in[i:t.End]; !allXMLSpace(text) {
				if len(stack) == 0 || !validXMLText(text) {
					return nil, false
				}
				stack[len(stack)-1].hasText = true
			}
		case wire.XMLComment:
			toks = append(toks, xmlMarkup{kind: xtOther, start: i, end: t.End})
			markChild()
		case wire.XMLCDATA:
			if len(stack) == 0 {
				return nil, false
			}
			stack[len(stack)-1].hasText = true
		case wire.XMLPI:
			n := scanXMLName(rest, 2)
			if n == 2 {
				return nil, false
			}
			if bytes.EqualFold(rest[2:n], []byte("xml")) && len(toks) > 0 {
				return nil, false // the declaration comes first or not at all
			}
			if i+n+2 != t.End && !isXMLSpaceByte(rest[n]) {
				return nil, false
			}
			toks = append(toks, xmlMarkup{kind: xtOther, start: i, end: t.End})
			markChild()
		case wire.XMLDecl:
			if !bytes.HasPrefix(rest, []byte("<!DOCTYPE")) || len(stack) > 0 || seenRoot {
				return nil, false
			}
			// The tokenizer ends <!…> at the first '>'; a DOCTYPE's
			// internal subset may hold more.
			n := scanDoctype(rest)
			if n < 0 {
				return nil, false
			}
			toks = append(toks, xmlMarkup{kind: xtOther, start: i, end: i + n})
			i += n
			continue
		case wire.XMLEnd:
			n := scanXMLName(rest, 2)
			if n == 2 || len(stack) == 0 {
				return nil, false
			}
			top := stack[len(stack)-1]
			if !bytes.Equal(rest[2:n], in[top.nameStart:top.nameEnd]) {
				return nil, false
			}
			for n < len(rest) && isXMLSpaceByte(rest[n]) {
				n++
			}
			if i+n+1 != t.End {
				return nil, false // something but blanks after the name
			}
			stack = stack[:len(stack)-1]
			toks[top.tok].match = len(toks)
			toks[top.tok].verbatim = top.hasText || !top.hasChild
			toks = append(toks, xmlMarkup{kind: xtEnd, start: i, end: t.End})
		default: // a start tag or an empty element
			if n, _, ok := scanStartTag(rest); !ok || i+n != t.End {
				return nil, false
			}
			if len(stack) == 0 {
				if seenRoot {
					return nil, false
				}
				seenRoot = true
			}
			markChild()
			if t.Kind == wire.XMLEmpty {
				toks = append(toks, xmlMarkup{kind: xtEmpty, start: i, end: t.End})
			} else {
				stack = append(stack, xmlOpenElem{tok: len(toks), nameStart: t.NameStart, nameEnd: t.NameEnd})
				toks = append(toks, xmlMarkup{kind: xtStart, start: i, end: t.End})
			}
		}
		i = t.End
	}
	return toks, seenRoot && len(stack) == 0
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
