package api

import "bytes"

// The pretty-printers below re-indent a body for display without rewriting
// any of it: they are single-pass scanners that copy every token byte for
// byte and only replace the whitespace between tokens. Decoding and
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

// JSON scanner states: what may come next.
const (
	jsValue      = iota // a value (top level, after ':', in an array)
	jsKey               // an object key
	jsAfterValue        // ',' or the closing bracket, or the end at top level
)

func prettyJSON(b []byte) ([]byte, bool) {
	in := b
	out := make([]byte, 0, 2*len(b)+16) // indenting typically grows JSON 1.5–2.5×
	if bytes.HasPrefix(in, bomUTF8) {
		out = append(out, bomUTF8...)
		in = in[len(bomUTF8):]
	}
	limit := prettyBudget(len(b))
	var stack []byte // the open brackets, '{' or '['
	state := jsValue
	i := 0
	for {
		i = skipJSONSpace(in, i)
		switch state {
		case jsValue:
			if i >= len(in) {
				return nil, false
			}
			switch c := in[i]; {
			case c == '{' || c == '[':
				closer := c + 2 // '}' and ']' follow '{' and '[' by two
				if j := skipJSONSpace(in, i+1); j < len(in) && in[j] == closer {
					out = append(out, c, closer)
					i = j + 1
					state = jsAfterValue
					break
				}
				stack = append(stack, c)
				out = append(out, c)
				var ok bool
				if out, ok = appendNewlineIndent(out, len(stack), limit); !ok {
					return nil, false
				}
				i++
				if c == '{' {
					state = jsKey
				} else {
					state = jsValue
				}
			case c == '"':
				j, ok := scanJSONString(in, i)
				if !ok {
					return nil, false
				}
				out = append(out, in[i:j]...)
				i = j
				state = jsAfterValue
			case c == '-' || c >= '0' && c <= '9':
				j, ok := scanJSONNumber(in, i)
				if !ok {
					return nil, false
				}
				out = append(out, in[i:j]...)
				i = j
				state = jsAfterValue
			default:
				j := scanJSONLiteral(in, i)
				if j < 0 {
					return nil, false
				}
				out = append(out, in[i:j]...)
				i = j
				state = jsAfterValue
			}
		case jsKey:
			if i >= len(in) || in[i] != '"' {
				return nil, false
			}
			j, ok := scanJSONString(in, i)
			if !ok {
				return nil, false
			}
			out = append(out, in[i:j]...)
			i = skipJSONSpace(in, j)
			if i >= len(in) || in[i] != ':' {
				return nil, false
			}
			out = append(out, ':', ' ')
			i++
			state = jsValue
		case jsAfterValue:
			if len(stack) == 0 {
				return out, i == len(in) && len(out) <= limit
			}
			if i >= len(in) {
				return nil, false
			}
			top := stack[len(stack)-1]
			var ok bool
			switch in[i] {
			case ',':
				out = append(out, ',')
				if out, ok = appendNewlineIndent(out, len(stack), limit); !ok {
					return nil, false
				}
				if top == '{' {
					state = jsKey
				} else {
					state = jsValue
				}
			case top + 2:
				stack = stack[:len(stack)-1]
				if out, ok = appendNewlineIndent(out, len(stack), limit); !ok {
					return nil, false
				}
				out = append(out, in[i])
			default:
				return nil, false
			}
			i++
		}
	}
}

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

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanJSONString returns the offset just past the string starting at b[i]
// (a '"'). Bytes are not checked for valid UTF-8, as encoding/json does not.
func scanJSONString(b []byte, i int) (int, bool) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, true
		case c == '\\':
			i++
			if i >= len(b) {
				return 0, false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return 0, false
				}
				for _, h := range b[i+1 : i+5] {
					if !isJSONHexDigit(h) {
						return 0, false
					}
				}
				i += 4
			default:
				return 0, false
			}
		case c < 0x20:
			return 0, false
		}
	}
	return 0, false
}

func isJSONHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanJSONNumber follows the JSON grammar -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func scanJSONNumber(b []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(i)
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}

// scanJSONLiteral returns the end of true, false or null at b[i], or -1.
func scanJSONLiteral(b []byte, i int) int {
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(b[i:], []byte(lit)) {
			return i + len(lit)
		}
	}
	return -1
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
	i := 0
	for i < len(in) {
		if in[i] != '<' {
			j := bytes.IndexByte(in[i:], '<')
			if j < 0 {
				j = len(in)
			} else {
				j += i
			}
			if !allXMLSpace(in[i:j]) {
				if len(stack) == 0 || !validXMLText(in[i:j]) {
					return nil, false
				}
				stack[len(stack)-1].hasText = true
			}
			i = j
			continue
		}
		rest := in[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := bytes.Index(rest[4:], []byte("-->"))
			if j < 0 {
				return nil, false
			}
			end := i + 4 + j + 3
			toks = append(toks, xmlMarkup{kind: xtOther, start: i, end: end})
			markChild()
			i = end
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := bytes.Index(rest[9:], []byte("]]>"))
			if len(stack) == 0 || j < 0 {
				return nil, false
			}
			stack[len(stack)-1].hasText = true
			i += 9 + j + 3
		case bytes.HasPrefix(rest, []byte("<?")):
			n := scanXMLName(rest, 2)
			if n == 2 {
				return nil, false
			}
			if bytes.EqualFold(rest[2:n], []byte("xml")) && len(toks) > 0 {
				return nil, false // the declaration comes first or not at all
			}
			j := bytes.Index(rest[n:], []byte("?>"))
			if j < 0 || j > 0 && !isXMLSpaceByte(rest[n]) {
				return nil, false
			}
			end := i + n + j + 2
			toks = append(toks, xmlMarkup{kind: xtOther, start: i, end: end})
			markChild()
			i = end
		case bytes.HasPrefix(rest, []byte("<!DOCTYPE")):
			if len(stack) > 0 || seenRoot {
				return nil, false
			}
			n := scanDoctype(rest)
			if n < 0 {
				return nil, false
			}
			toks = append(toks, xmlMarkup{kind: xtOther, start: i, end: i + n})
			i += n
		case bytes.HasPrefix(rest, []byte("</")):
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
			if n >= len(rest) || rest[n] != '>' {
				return nil, false
			}
			stack = stack[:len(stack)-1]
			toks[top.tok].match = len(toks)
			toks[top.tok].verbatim = top.hasText || !top.hasChild
			toks = append(toks, xmlMarkup{kind: xtEnd, start: i, end: i + n + 1})
			i += n + 1
		default:
			n, empty, ok := scanStartTag(rest)
			if !ok {
				return nil, false
			}
			if len(stack) == 0 {
				if seenRoot {
					return nil, false
				}
				seenRoot = true
			}
			markChild()
			if empty {
				toks = append(toks, xmlMarkup{kind: xtEmpty, start: i, end: i + n})
			} else {
				stack = append(stack, xmlOpenElem{tok: len(toks), nameStart: i + 1, nameEnd: i + scanXMLName(rest, 1)})
				toks = append(toks, xmlMarkup{kind: xtStart, start: i, end: i + n})
			}
			i += n
		}
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
