package api

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeXML decodes an IncomingLead in the endpoint's XML style (.NET
// DataContract). Elements match by local name, case-insensitively, with
// namespaces and prefixes ignored and in any order; an element with
// i:nil="true" is absent (strings, booleans, nested objects and the UtmTags
// list alike); unknown elements are skipped whole. A leading UTF-8 byte
// order mark is skipped. The root element must be IncomingLead.
//
// The body must be well-formed XML in UTF-8 or UTF-16 (as DataContract
// serialisers can write it: with a byte order mark, or without one and
// starting with '<'): end tags match their start tags, entities are the
// five predefined ones or character references, and an XML declaration may
// only name the encoding the body is in. DOCTYPE declarations are refused,
// so no entity can expand.
func DecodeXML(b []byte) (*IncomingLead, error) {
	l := &IncomingLead{}
	err := walkXMLDoc(b, func(x *xmlWalker, root elem) error {
		if !eqFold(root.local, "IncomingLead") {
			return fmt.Errorf("root element is <%s>, expected <IncomingLead>", shortName(string(root.local)))
		}
		if root.isNil {
			return errors.New("the lead is nil")
		}
		return x.lead(l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// walkXMLDoc brings b to UTF-8 (xmlUTF8), finds its root element and hands
// it to body, which must consume it through its end tag; then it checks
// that nothing but comments and white space follows.
func walkXMLDoc(b []byte, body func(x *xmlWalker, root elem) error) error {
	b, wide, err := xmlUTF8(b)
	if err != nil {
		return err
	}
	x := &xmlWalker{s: xmlScanner{b: b, utf16: wide}}
	root, err := x.root()
	if err != nil {
		return err
	}
	if err := body(x, root); err != nil {
		return err
	}
	return x.end()
}

// xmlUTF8 turns an XML body into UTF-8: a UTF-8 byte order mark is
// dropped; UTF-16 (little or big endian, told by its byte order mark or,
// without one, by the first character '<') is transcoded, and wide reports
// it. Anything else must already be valid UTF-8.
func xmlUTF8(b []byte) (out []byte, wide bool, err error) {
	var bigEndian bool
	switch {
	case bytes.HasPrefix(b, leadBOM):
		b = b[len(leadBOM):]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		b, wide = b[2:], true
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		b, wide, bigEndian = b[2:], true, true
	case bytes.HasPrefix(b, []byte{'<', 0}):
		wide = true
	case bytes.HasPrefix(b, []byte{0, '<'}):
		wide, bigEndian = true, true
	}
	if wide {
		if b, err = fromUTF16(b, bigEndian); err != nil {
			return nil, true, err
		}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, wide, errors.New("empty body")
	}
	if !utf8.Valid(b) {
		return nil, wide, errors.New("invalid XML: invalid UTF-8")
	}
	return b, wide, nil
}

// fromUTF16 transcodes UTF-16 to UTF-8, refusing a body cut in the middle
// of a code unit and unpaired surrogates with where they are.
func fromUTF16(b []byte, bigEndian bool) ([]byte, error) {
	order := "little-endian"
	if bigEndian {
		order = "big-endian"
	}
	if len(b)%2 != 0 {
		return nil, fmt.Errorf("invalid XML: %s UTF-16 body with an odd number of bytes (%d): cut short?", order, len(b))
	}
	out := make([]byte, 0, len(b)/2+len(b)/8)
	for i := 0; i < len(b); i += 2 {
		u := rune(b[i]) | rune(b[i+1])<<8
		if bigEndian {
			u = rune(b[i])<<8 | rune(b[i+1])
		}
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if i+3 < len(b) {
				v := rune(b[i+2]) | rune(b[i+3])<<8
				if bigEndian {
					v = rune(b[i+2])<<8 | rune(b[i+3])
				}
				if v >= 0xDC00 && v < 0xE000 {
					out = utf8.AppendRune(out, utf16.DecodeRune(u, v))
					i += 2
					continue
				}
			}
			return nil, fmt.Errorf("invalid XML: unpaired UTF-16 surrogate at byte %d of the %s body", i, order)
		case u >= 0xDC00 && u < 0xE000:
			return nil, fmt.Errorf("invalid XML: unpaired UTF-16 surrogate at byte %d of the %s body", i, order)
		}
		out = utf8.AppendRune(out, u)
	}
	return out, nil
}

// xmlScanner is a small XML tokenizer for the shapes DataContract writes. It
// is several times faster than encoding/xml, which translates namespaces and
// allocates per token; names and text are slices of the input. It checks
// what makes a document well-formed for our purposes (matching end tags,
// quoted attributes, known entities) and is lenient about the rest (which
// characters may form a name).
type xmlScanner struct {
	b []byte
	i int
	// utf16 is set when b was transcoded from UTF-16, so the declaration
	// may name UTF-16.
	utf16 bool
	// open holds the qualified names of the open elements, for matching
	// end tags.
	open [][]byte
	// selfClosed is set after <x/>: the next token is its end.
	selfClosed bool

	// The current token.
	kind  xmlKind
	local []byte // start and end: the name without its prefix
	isNil bool   // start: carries i:nil="true" (any prefix)
	text  []byte // text: raw, still escaped unless cdata
	cdata bool   // text: from a CDATA section, nothing to unescape
}

type xmlKind uint8

const (
	xmlEOF xmlKind = iota
	xmlStart
	xmlEnd
	xmlText
)

// fail builds an "invalid XML" error that says where.
func (s *xmlScanner) fail(format string, args ...any) error {
	line := 1 + bytes.Count(s.b[:min(s.i, len(s.b))], []byte{'\n'})
	return fmt.Errorf("invalid XML on line %d: %s", line, fmt.Sprintf(format, args...))
}

func (s *xmlScanner) eof() error {
	return errors.New("invalid XML: unexpected EOF")
}

// next reads the next token into s.
func (s *xmlScanner) next() error {
	s.isNil, s.cdata = false, false
	if s.selfClosed {
		s.selfClosed = false
		s.kind = xmlEnd
		s.local = localName(s.open[len(s.open)-1])
		s.open = s.open[:len(s.open)-1]
		return nil
	}
	for {
		if s.i >= len(s.b) {
			s.kind = xmlEOF
			return nil
		}
		rest := s.b[s.i:]
		if rest[0] != '<' {
			j := bytes.IndexByte(rest, '<')
			if j < 0 {
				j = len(rest)
			}
			s.kind, s.text = xmlText, rest[:j]
			s.i += j
			return nil
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := bytes.Index(rest[4:], []byte("-->"))
			if j < 0 {
				return s.eof()
			}
			s.i += 4 + j + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := bytes.Index(rest[9:], []byte("]]>"))
			if j < 0 {
				return s.eof()
			}
			s.kind, s.text, s.cdata = xmlText, rest[9:9+j], true
			s.i += 9 + j + 3
			return nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return s.fail("DOCTYPE and other declarations are not supported")
		case bytes.HasPrefix(rest, []byte("<?")):
			j := bytes.Index(rest[2:], []byte("?>"))
			if j < 0 {
				return s.eof()
			}
			if err := s.checkDeclaration(rest[2 : 2+j]); err != nil {
				return err
			}
			s.i += 2 + j + 2
		case bytes.HasPrefix(rest, []byte("</")):
			return s.endTag()
		default:
			return s.startTag()
		}
	}
}

// checkDeclaration refuses an XML declaration naming an encoding other than
// UTF-8 (or its ASCII subset): decoding it as UTF-8 would garble text. It
// reads the declaration as encoding/xml does: the first encoding= followed by
// a quote; a declaration without a readable one is taken as UTF-8.
func (s *xmlScanner) checkDeclaration(pi []byte) error {
	target, rest, _ := bytes.Cut(pi, []byte(" "))
	if string(target) != "xml" {
		return nil
	}
	const param = "encoding="
	for {
		k := bytes.Index(rest, []byte(param))
		if k < 0 || k+len(param) >= len(rest) {
			return nil
		}
		rest = rest[k+len(param):]
		if q := rest[0]; q == '"' || q == '\'' {
			end := bytes.IndexByte(rest[1:], q)
			if end < 0 {
				return nil
			}
			switch enc := strings.ToLower(string(rest[1 : 1+end])); enc {
			case "", "utf-8", "utf8", "us-ascii", "ascii":
				if s.utf16 {
					return s.fail("the declaration names encoding %q but the body is UTF-16", shortName(enc))
				}
				return nil
			case "utf-16", "utf16", "utf-16le", "utf-16be", "unicode":
				if !s.utf16 {
					return s.fail("the declaration names encoding %q but the body is not UTF-16 (no byte order mark, and it does not start with '<' in UTF-16)", shortName(enc))
				}
				return nil
			default:
				return s.fail("unsupported encoding %q", shortName(enc))
			}
		}
	}
}

func xmlSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// name reads a name at s.i: everything up to white space or markup.
func (s *xmlScanner) name() []byte {
	start := s.i
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case xmlSpace(c), c == '/', c == '>', c == '=', c == '<', c == '"', c == '\'', c == '&':
			return s.b[start:s.i]
		}
		s.i++
	}
	return s.b[start:s.i]
}

func (s *xmlScanner) skipSpace() {
	for s.i < len(s.b) && xmlSpace(s.b[s.i]) {
		s.i++
	}
}

// localName drops a namespace prefix: d2p1:Name → Name.
func localName(q []byte) []byte {
	// As encoding/xml splits names: only "prefix:local" with both parts
	// present; ":x" and "x:" are names of their own.
	if i := bytes.IndexByte(q, ':'); i > 0 && i < len(q)-1 {
		return q[i+1:]
	}
	return q
}

func (s *xmlScanner) endTag() error {
	s.i += 2
	name := s.name()
	s.skipSpace()
	if s.i >= len(s.b) {
		return s.eof()
	}
	if len(name) == 0 || s.b[s.i] != '>' {
		return s.fail("malformed end tag")
	}
	s.i++
	if len(s.open) == 0 {
		return s.fail("end tag </%s> without a start tag", shortName(string(name)))
	}
	if top := s.open[len(s.open)-1]; !bytes.Equal(top, name) {
		return s.fail("element <%s> closed by </%s>", shortName(string(top)), shortName(string(name)))
	}
	s.open = s.open[:len(s.open)-1]
	s.kind, s.local = xmlEnd, localName(name)
	return nil
}

func (s *xmlScanner) startTag() error {
	s.i++
	name := s.name()
	if len(name) == 0 {
		if s.i >= len(s.b) {
			return s.eof()
		}
		return s.fail("expected an element name after <")
	}
	s.kind, s.local = xmlStart, localName(name)
	for {
		s.skipSpace()
		if s.i >= len(s.b) {
			return s.eof()
		}
		switch s.b[s.i] {
		case '>':
			s.i++
			s.open = append(s.open, name)
			return nil
		case '/':
			if s.i+1 >= len(s.b) {
				return s.eof()
			}
			if s.b[s.i+1] != '>' {
				return s.fail("malformed tag <%s>", shortName(string(name)))
			}
			s.i += 2
			s.open = append(s.open, name)
			s.selfClosed = true
			return nil
		}
		if err := s.attr(); err != nil {
			return err
		}
	}
}

// attr reads one name="value" and notes i:nil="true".
func (s *xmlScanner) attr() error {
	name := s.name()
	if len(name) == 0 {
		return s.fail("malformed attribute")
	}
	s.skipSpace()
	if s.i >= len(s.b) {
		return s.eof()
	}
	if s.b[s.i] != '=' {
		return s.fail("attribute %s has no value", shortName(string(name)))
	}
	s.i++
	s.skipSpace()
	if s.i >= len(s.b) {
		return s.eof()
	}
	q := s.b[s.i]
	if q != '"' && q != '\'' {
		return s.fail("attribute %s is not quoted", shortName(string(name)))
	}
	end := bytes.IndexByte(s.b[s.i+1:], q)
	if end < 0 {
		return s.eof()
	}
	value := s.b[s.i+1 : s.i+1+end]
	s.i += 1 + end + 1
	if bytes.IndexByte(value, '<') >= 0 {
		return s.fail("< inside the value of attribute %s", shortName(string(name)))
	}
	v, err := unescapeXML(nil, value, false)
	if err != nil {
		return s.fail("%v", err)
	}
	if string(localName(name)) == "nil" && string(bytes.TrimSpace(v)) == "true" {
		s.isNil = true
	}
	return nil
}

// unescapeXML appends raw to dst with entities and character references
// decoded (unless cdata) and line ends normalised to \n, as XML requires.
// Decoding never lengthens a text, so dst grows once, and each of '&' and
// '\r' is searched for only when the last one found is used up: a 10 MiB
// message with a line break every few hundred bytes is copied in runs.
func unescapeXML(dst, raw []byte, cdata bool) ([]byte, error) {
	dst = slices.Grow(dst, len(raw))
	amp, cr := len(raw), nextByte(raw, 0, '\r')
	if !cdata {
		amp = nextByte(raw, 0, '&')
	}
	for off := 0; ; {
		i := min(amp, cr)
		dst = append(dst, raw[off:i]...)
		if i == len(raw) {
			return dst, nil
		}
		if i == cr {
			dst = append(dst, '\n')
			off = i + 1
			if off < len(raw) && raw[off] == '\n' {
				off++
			}
			cr = nextByte(raw, off, '\r')
			continue
		}
		semi := bytes.IndexByte(raw[i:min(len(raw), i+13)], ';')
		if semi < 0 {
			return nil, errors.New("unterminated entity")
		}
		var err error
		if dst, err = appendEntity(dst, raw[i+1:i+semi]); err != nil {
			return nil, err
		}
		off = i + semi + 1
		amp = nextByte(raw, off, '&')
		if cr < off {
			cr = nextByte(raw, off, '\r')
		}
	}
}

// nextByte is the offset of the first c in b from offset from on, or
// len(b).
func nextByte(b []byte, from int, c byte) int {
	if i := bytes.IndexByte(b[from:], c); i >= 0 {
		return from + i
	}
	return len(b)
}

// appendEntity appends what the entity or character reference named name
// (between '&' and ';') stands for.
func appendEntity(dst, name []byte) ([]byte, error) {
	switch string(name) {
	case "lt":
		return append(dst, '<'), nil
	case "gt":
		return append(dst, '>'), nil
	case "amp":
		return append(dst, '&'), nil
	case "apos":
		return append(dst, '\''), nil
	case "quot":
		return append(dst, '"'), nil
	}
	r, ok := charRef(name)
	if !ok {
		return nil, fmt.Errorf("unknown entity &%s;", shortName(string(name)))
	}
	return utf8.AppendRune(dst, r), nil
}

// charRef decodes the body of a character reference: #229 or #xE5. It
// reads the digits itself: a message with a line break every few lines
// has a &#xA; for each, and strconv wants each as a string of its own.
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	base, digits := 10, ent[1:]
	if ent[1] == 'x' {
		base, digits = 16, ent[2:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range digits {
		d := hexValue(c)
		if d < 0 || d >= base {
			return 0, false
		}
		if n = n*base + d; n > utf8.MaxRune {
			return 0, false
		}
	}
	if n == 0 || n >= 0xD800 && n <= 0xDFFF {
		return 0, false
	}
	return rune(n), true
}

// hexValue is the value of a hexadecimal digit, or -1.
func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// eqFold reports whether the name b equals s, ignoring ASCII case, without
// allocating.
func eqFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c, d := b[i], s[i]
		if c == d {
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// shortName bounds a name quoted in an error message.
func shortName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// xmlWalker maps the scanner's tokens onto the lead. It keeps no depth of
// its own beyond the lead's fixed shape: unknown elements are skipped
// iteratively, however deep.
type xmlWalker struct {
	s xmlScanner
	// nodes counts the elements a tree holds (DecodeTreeXML).
	nodes int
}

// elem is a start tag as the walker sees it.
type elem struct {
	local []byte
	isNil bool
}

func (x *xmlWalker) next() error {
	if err := x.s.next(); err != nil {
		return err
	}
	if x.s.kind == xmlEOF {
		return x.s.eof()
	}
	return nil
}

// blank reports whether the current text token is only white space once
// decoded.
func (x *xmlWalker) blank() (bool, error) {
	t, err := unescapeXML(nil, x.s.text, x.s.cdata)
	if err != nil {
		return false, x.s.fail("%v", err)
	}
	return len(bytes.TrimSpace(t)) == 0, nil
}

// root returns the first element, skipping the declaration, comments and
// white space before it.
func (x *xmlWalker) root() (elem, error) {
	for {
		if err := x.s.next(); err != nil {
			return elem{}, err
		}
		switch x.s.kind {
		case xmlEOF:
			return elem{}, errors.New("invalid XML: no root element")
		case xmlStart:
			return elem{x.s.local, x.s.isNil}, nil
		case xmlText:
			if blank, err := x.blank(); err != nil || !blank {
				return elem{}, cmp.Or(err, errors.New("invalid XML: text before the root element"))
			}
		}
	}
}

// end checks that nothing but comments, processing instructions and white
// space follows the root element.
func (x *xmlWalker) end() error {
	for {
		if err := x.s.next(); err != nil {
			return err
		}
		switch x.s.kind {
		case xmlEOF:
			return nil
		case xmlStart:
			return errors.New("invalid XML: content after the root element")
		case xmlText:
			if blank, err := x.blank(); err != nil || !blank {
				return cmp.Or(err, errors.New("invalid XML: text after the root element"))
			}
		}
	}
}

// children calls fn for each child element of the element just opened, until
// its end tag. fn must consume the child whole (through its end tag).
func (x *xmlWalker) children(fn func(elem) error) error {
	for {
		if err := x.next(); err != nil {
			return err
		}
		switch x.s.kind {
		case xmlStart:
			if err := fn(elem{x.s.local, x.s.isNil}); err != nil {
				return err
			}
		case xmlEnd:
			return nil
		}
	}
}

// skip consumes the rest of the element just opened, however deep.
func (x *xmlWalker) skip() error {
	for depth := 1; depth > 0; {
		if err := x.next(); err != nil {
			return err
		}
		switch x.s.kind {
		case xmlStart:
			depth++
		case xmlEnd:
			depth--
		}
	}
	return nil
}

// text returns the decoded character data of the element just opened and
// consumes it through its end tag. Child elements inside it are skipped.
func (x *xmlWalker) text() (string, error) {
	var (
		buf   []byte
		first []byte // the only run so far, undecoded
		runs  int
	)
	for {
		if err := x.next(); err != nil {
			return "", err
		}
		switch x.s.kind {
		case xmlText:
			// Most elements hold one run without escapes: turn it into
			// a string directly, with no buffer.
			plain := x.s.cdata && bytes.IndexByte(x.s.text, '\r') < 0 ||
				!x.s.cdata && bytes.IndexByte(x.s.text, '&') < 0 && bytes.IndexByte(x.s.text, '\r') < 0
			if runs == 0 && plain {
				first = x.s.text
				runs = 1
				continue
			}
			if runs == 1 && first != nil {
				buf = append(buf, first...)
				first = nil
			}
			var err error
			if buf, err = unescapeXML(buf, x.s.text, x.s.cdata); err != nil {
				return "", x.s.fail("%v", err)
			}
			runs = 2
		case xmlStart:
			if err := x.skip(); err != nil {
				return "", err
			}
		case xmlEnd:
			if runs == 1 {
				return string(first), nil
			}
			// buf is this call's own and never written again.
			return unsafeString(buf), nil
		}
	}
}

// str reads a string element; nil is "".
func (x *xmlWalker) str(e elem) (string, error) {
	if e.isNil {
		return "", x.skip()
	}
	return x.text()
}

func (x *xmlWalker) lead(l *IncomingLead) error {
	return x.children(func(e elem) error {
		var err error
		switch name := e.local; {
		case eqFold(name, "ContactId"):
			l.ContactID, err = x.str(e)
		case eqFold(name, "BuyingEstateId"):
			l.BuyingEstateID, err = x.str(e)
		case eqFold(name, "SellingEstateId"):
			l.SellingEstateID, err = x.str(e)
		case eqFold(name, "Message"):
			l.Message, err = x.str(e)
		case eqFold(name, "State"):
			var v string
			v, err = x.str(e)
			l.State = State(strings.TrimSpace(v))
		case eqFold(name, "SentAt"):
			l.SentAt, err = x.date(e)
		case eqFold(name, "IsAnonymized"):
			var v string
			if v, err = x.str(e); err == nil {
				var b, ok bool
				b, ok, err = parseBool(v)
				l.IsAnonymized = nil
				if ok {
					l.IsAnonymized = &b
				}
			}
		case eqFold(name, "LeadSource"):
			l.LeadSource = nil
			if e.isNil {
				return x.skip()
			}
			l.LeadSource = &LeadSource{}
			err = x.source(l.LeadSource)
		case eqFold(name, "Receiver"):
			l.Receiver = nil
			if e.isNil {
				return x.skip()
			}
			l.Receiver = &LeadReceiver{}
			err = x.receiver(l.Receiver)
		case eqFold(name, "UtmTags"):
			l.UtmTags = nil
			if e.isNil {
				return x.skip()
			}
			err = x.utmTags(&l.UtmTags)
		default:
			err = x.skip()
		}
		return err
	})
}

func (x *xmlWalker) source(src *LeadSource) error {
	return x.children(func(e elem) error {
		var err error
		switch name := e.local; {
		case eqFold(name, "Id"):
			src.ID, err = x.str(e)
		case eqFold(name, "Name"):
			src.Name, err = x.str(e)
		case eqFold(name, "LeadType"):
			var v string
			v, err = x.str(e)
			src.LeadType = LeadType(strings.TrimSpace(v))
		default:
			err = x.skip()
		}
		return err
	})
}

func (x *xmlWalker) receiver(r *LeadReceiver) error {
	return x.children(func(e elem) error {
		switch name := e.local; {
		case eqFold(name, "Agent"):
			r.Agent = nil
			if e.isNil {
				return x.skip()
			}
			r.Agent = &Agent{}
			return x.agent(r.Agent)
		case eqFold(name, "UserGroup"):
			r.UserGroup = nil
			if e.isNil {
				return x.skip()
			}
			r.UserGroup = &UserGroup{}
			return x.children(func(e elem) error {
				if eqFold(e.local, "Id") {
					var err error
					r.UserGroup.ID, err = x.str(e)
					return err
				}
				return x.skip()
			})
		case eqFold(name, "Office"):
			r.Office = nil
			if e.isNil {
				return x.skip()
			}
			r.Office = &Office{}
			return x.office(r.Office)
		}
		return x.skip()
	})
}

func (x *xmlWalker) agent(a *Agent) error {
	return x.children(func(e elem) error {
		switch name := e.local; {
		case eqFold(name, "Id"):
			var err error
			a.ID, err = x.str(e)
			return err
		case eqFold(name, "Office"):
			a.Office = nil
			if e.isNil {
				return x.skip()
			}
			a.Office = &Office{}
			return x.office(a.Office)
		}
		return x.skip()
	})
}

func (x *xmlWalker) office(o *Office) error {
	return x.children(func(e elem) error {
		var err error
		switch name := e.local; {
		case eqFold(name, "Id"):
			o.ID, err = x.str(e)
		case eqFold(name, "CustomerId"):
			o.CustomerID, err = x.str(e)
		default:
			err = x.skip()
		}
		return err
	})
}

// utmTags reads the list's items whatever their element name
// (d2p1:FormMarketingUtmTags in Vitec's sample); nil items are skipped.
func (x *xmlWalker) utmTags(tags *[]UtmTag) error {
	return x.children(func(e elem) error {
		if e.isNil {
			return x.skip()
		}
		var t UtmTag
		err := x.children(func(e elem) error {
			var err error
			switch name := e.local; {
			case eqFold(name, "Name"):
				t.Name, err = x.str(e)
			case eqFold(name, "Value"):
				t.Value, err = x.str(e)
			default:
				err = x.skip()
			}
			return err
		})
		if err != nil {
			return err
		}
		*tags = append(*tags, t)
		return nil
	})
}

// date reads a date element: its text, or a DateTimeOffset's DateTime and
// OffsetMinutes children (as DataContractSerializer writes one); nil is the
// zero time.
func (x *xmlWalker) date(e elem) (time.Time, error) {
	if e.isNil {
		return time.Time{}, x.skip()
	}
	var text, dt, off []byte
	hasKids := false
	for {
		if err := x.next(); err != nil {
			return time.Time{}, err
		}
		switch x.s.kind {
		case xmlText:
			var err error
			if text, err = unescapeXML(text, x.s.text, x.s.cdata); err != nil {
				return time.Time{}, x.s.fail("%v", err)
			}
		case xmlStart:
			hasKids = true
			kid := elem{x.s.local, x.s.isNil}
			v, err := x.str(kid)
			if err != nil {
				return time.Time{}, err
			}
			switch {
			case eqFold(kid.local, "DateTime"):
				dt = []byte(v)
			case eqFold(kid.local, "OffsetMinutes"):
				off = []byte(v)
			}
		case xmlEnd:
			if hasKids {
				return dateTimeOffset(string(dt), string(off))
			}
			return parseTime(string(text))
		}
	}
}
