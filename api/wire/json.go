package wire

import "strings"

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

// JSONIndentCost returns the number of bytes indenting s by width bytes per
// level would add (newlines, indentation and the space after each colon),
// and the deepest nesting. It lets a pretty-printer refuse a hostile body
// (thousands of nested brackets) before allocating its output.
func JSONIndentCost(s string, width int) (extra, depth int) {
	d := 0
	for i := 0; i < len(s); {
		t := NextJSON(s, i)
		i = t.End
		if t.Kind != JSONPunct {
			continue
		}
		switch c := s[t.Start]; c {
		case '{', '[':
			j := i
			for j < len(s) && isJSONSpace(s[j]) {
				j++
			}
			if j < len(s) && s[j] == c+2 { // empty: stays {} or []
				i = j + 1
				continue
			}
			d++
			depth = max(depth, d)
			extra += 1 + d*width
		case ',':
			extra += 1 + d*width
		case '}', ']':
			d = max(d-1, 0)
			extra += 1 + d*width
		case ':':
			extra++
		}
	}
	return extra, depth
}

// MaskJSON finds the values private reports as personal in a JSON text that
// may be truncated or invalid: the value of key k when private(k, p) accepts,
// where p is the key holding the array the object is an item of ("" for an
// object that is not in an array), so {"utmTags": [{"value": …}]} asks
// private("value", "utmTags"). Strings are masked inside their quotes;
// null stays (it says "absent", nothing more). Spans are in order.
func MaskJSON(s string, private func(name, parent string) bool) []Span {
	type frame struct {
		obj, masked, expectKey bool
		key                    string
		// arrayKey is, for an object in an array, the key holding the array.
		arrayKey string
	}
	var (
		stack []frame
		spans []Span
	)
	valueMasked := func() bool {
		if len(stack) == 0 {
			return false
		}
		f := &stack[len(stack)-1]
		switch {
		case f.masked:
			return true
		case !f.obj:
			return false
		}
		return private(f.key, f.arrayKey)
	}
	for i := 0; i < len(s); {
		t := NextJSON(s, i)
		i = t.End
		switch t.Kind {
		case JSONString:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey {
				in := t.Inner()
				stack[n-1].key = s[in.Start:in.End]
				stack[n-1].expectKey = false
			} else if valueMasked() {
				if in := t.Inner(); in.End > in.Start {
					spans = append(spans, in)
				}
			}
		case JSONPunct:
			switch c := s[t.Start]; c {
			case '{', '[':
				nf := frame{obj: c == '{', masked: valueMasked(), expectKey: c == '{'}
				if n := len(stack); n > 0 {
					if p := stack[n-1]; c == '{' && !p.obj {
						nf.arrayKey = p.arrayKey
					} else if c == '[' && p.obj {
						nf.arrayKey = p.key
					}
				}
				stack = append(stack, nf)
			case '}', ']':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			case ',':
				if n := len(stack); n > 0 && stack[n-1].obj {
					stack[n-1].expectKey = true
				}
			}
		case JSONNumber, JSONWord, JSONLiteral:
			if s[t.Start:t.End] != "null" && valueMasked() {
				spans = append(spans, Span{t.Start, t.End})
			}
		}
	}
	return spans
}
