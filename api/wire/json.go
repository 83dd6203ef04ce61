package wire

import (
	"iter"
	"slices"
	"strings"
)

// JSONKind is the class of a JSON token.
type JSONKind uint8

const (
	JSONSpace   JSONKind = iota // whitespace between tokens
	JSONPunct                   // one of { } [ ] , :
	JSONString                  // a string, quotes included
	JSONNumber                  // a run starting with '-' or a digit
	JSONLiteral                 // true, false or null
	JSONWord                    // any other run of letters and digits
	JSONOther                   // anything else, up to the next token start
)

// JSONToken is one token of a JSON text: s[Start:End] of kind Kind. For a
// string, Closed says whether its closing quote was found.
type JSONToken struct {
	Kind       JSONKind
	Start, End int
	Closed     bool
}

// NextJSON returns the token starting at s[i] (i < len(s)). A string that is
// not closed on its line ends at the newline, so that one stray quote cannot
// swallow the rest of a body.
func NextJSON(s string, i int) JSONToken {
	c := s[i]
	t := JSONToken{Start: i, End: i + 1}
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		t.Kind = JSONSpace
		for t.End < len(s) && isJSONSpace(s[t.End]) {
			t.End++
		}
	case c == '"':
		t.Kind = JSONString
		t.End, t.Closed = jsonStringEnd(s, i)
	case strings.IndexByte("{}[],:", c) >= 0:
		t.Kind = JSONPunct
	case c == '-' || isWordByte(c):
		for t.End < len(s) && (isWordByte(s[t.End]) || s[t.End] == '.' || s[t.End] == '+' || s[t.End] == '-') {
			t.End++
		}
		switch w := s[i:t.End]; {
		case c == '-' || c >= '0' && c <= '9':
			t.Kind = JSONNumber
		case w == "true" || w == "false" || w == "null":
			t.Kind = JSONLiteral
		default:
			t.Kind = JSONWord
		}
	default:
		t.Kind = JSONOther
		for t.End < len(s) && !isJSONTokenStart(s[t.End]) {
			t.End++
		}
	}
	return t
}

// IsKey reports whether the string token t is an object key: the next
// non-blank byte on its line is ':'.
func (t JSONToken) IsKey(s string) bool {
	n := t.End
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return t.Kind == JSONString && n < len(s) && s[n] == ':'
}

// Inner is the span of a string token between its quotes.
func (t JSONToken) Inner() Span {
	end := t.End
	if t.Closed {
		end--
	}
	return Span{min(t.Start+1, end), end}
}

func jsonStringEnd(s string, i int) (int, bool) {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		case '\n':
			return j, false
		}
	}
	return len(s), false
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isJSONTokenStart(c byte) bool {
	return c == '"' || c == '-' || isWordByte(c) || isJSONSpace(c) || strings.IndexByte("{}[],:", c) >= 0
}

// LayoutJSON lays s out as json.Indent does, width bytes per level of
// indentation: tokens as received, the whitespace between them dropped, a
// newline and indentation after '{' and '[' (unless the brackets hold
// nothing: they stay {} and []), after ',' and before '}' and ']', and a
// space after ':'. It calls put with each piece of the output in order:
// tokens of s and the separators, which are substrings of sep. It returns
// the deepest nesting.
//
// Calling it once to add up the pieces and again to write them lets a
// pretty-printer refuse a hostile body (thousands of nested brackets)
// before allocating its output, and then allocate that output exactly. s
// should be valid JSON; anything else is laid out all the same.
func LayoutJSON(s string, width int, put func(piece string)) (depth int) {
	d := 0
	newline := func(d int) {
		n := d * width // spaces after the newline
		k := min(n, len(newlineSpaces)-1)
		put(newlineSpaces[:1+k])
		for n -= k; n > 0; n -= k {
			k = min(n, len(newlineSpaces)-1)
			put(newlineSpaces[1 : 1+k])
		}
	}
	for i := 0; i < len(s); {
		t := NextJSON(s, i)
		i = t.End
		switch {
		case t.Kind == JSONSpace:
			continue
		case t.Kind != JSONPunct:
			put(s[t.Start:t.End])
			continue
		}
		switch c := s[t.Start]; c {
		case '{', '[':
			put(s[t.Start:t.End])
			if j := skipJSONSpace(s, i); j < len(s) && s[j] == c+2 { // empty: stays {} or []
				put(s[j : j+1])
				i = j + 1
				continue
			}
			d++
			depth = max(depth, d)
			newline(d)
		case ',':
			put(",")
			newline(d)
		case '}', ']':
			d = max(d-1, 0)
			newline(d)
			put(s[t.Start:t.End])
		case ':':
			put(": ")
		}
	}
	return depth
}

// newlineSpaces is a newline and the indentation LayoutJSON cuts from.
const newlineSpaces = "\n                                                               "

func skipJSONSpace(s string, i int) int {
	for i < len(s) && isJSONSpace(s[i]) {
		i++
	}
	return i
}

// MaskJSON finds the values private reports as personal in a JSON text that
// may be truncated or invalid: the value of key k when private(k, p) accepts,
// where p is the key holding the array the object is an item of ("" for an
// object that is not in an array), so {"utmTags": [{"value": …}]} asks
// private("value", "utmTags"). Strings are masked inside their quotes;
// null stays (it says "absent", nothing more). Spans are in order.
func MaskJSON(s string, private func(name, parent string) bool) []Span {
	return slices.Collect(MaskedJSON(s, private))
}

// MaskedJSON yields the spans MaskJSON returns, one by one, so that a
// caller can count them before it stores them.
func MaskedJSON(s string, private func(name, parent string) bool) iter.Seq[Span] {
	return func(yield func(Span) bool) {
		m := jsonMasker{s: s, private: private}
		for i := 0; i < len(s); {
			t := NextJSON(s, i)
			i = t.End
			switch t.Kind {
			case JSONSpace, JSONOther:
				continue
			case JSONPunct:
				m.punct(s[t.Start])
				continue
			}
			if sp, ok := m.value(t); ok && !yield(sp) {
				return
			}
		}
	}
}

// jsonMasker follows the nesting of a JSON text token by token, knowing
// for each value whether it is personal.
type jsonMasker struct {
	s       string
	private func(name, parent string) bool
	stack   []jsonFrame
}

type jsonFrame struct {
	obj, masked, expectKey bool
	key                    string
	// arrayKey is, for an object in an array, the key holding the array.
	arrayKey string
}

// value takes a string, number or word and says what of it is masked, if
// anything: a key is no value, and null stays.
func (m *jsonMasker) value(t JSONToken) (Span, bool) {
	if t.Kind != JSONString {
		return Span{t.Start, t.End}, m.s[t.Start:t.End] != "null" && m.valueMasked()
	}
	in := t.Inner()
	if f := m.top(); f != nil && f.obj && f.expectKey {
		f.key, f.expectKey = m.s[in.Start:in.End], false
		return Span{}, false
	}
	return in, in.End > in.Start && m.valueMasked()
}

func (m *jsonMasker) top() *jsonFrame {
	if len(m.stack) == 0 {
		return nil
	}
	return &m.stack[len(m.stack)-1]
}

// valueMasked says whether a value here, the next in the innermost object
// or array, is personal.
func (m *jsonMasker) valueMasked() bool {
	f := m.top()
	switch {
	case f == nil:
		return false
	case f.masked:
		return true
	case !f.obj:
		return false
	}
	return m.private(f.key, f.arrayKey)
}

func (m *jsonMasker) punct(c byte) {
	f := m.top()
	switch c {
	case '{', '[':
		nf := jsonFrame{obj: c == '{', masked: m.valueMasked(), expectKey: c == '{'}
		switch {
		case f == nil:
		case c == '{' && !f.obj:
			nf.arrayKey = f.arrayKey
		case c == '[' && f.obj:
			nf.arrayKey = f.key
		}
		m.stack = append(m.stack, nf)
	case '}', ']':
		if f != nil {
			m.stack = m.stack[:len(m.stack)-1]
		}
	case ',':
		if f != nil && f.obj {
			f.expectKey = true
		}
	}
}
