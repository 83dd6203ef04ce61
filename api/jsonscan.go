package api

import (
	"bytes"
	"encoding/binary"
)

// maxJSONDepth is encoding/json's nesting limit: a body nested deeper is
// invalid to it, so it is to validJSON too.
const maxJSONDepth = 10000

// validJSON reports whether b is one JSON value, exactly as json.Valid
// does (FuzzValidJSON holds the two together), several times faster on
// long strings: a 10 MiB message is checked eight bytes at a time.
func validJSON(b []byte) bool { return scanJSON(b, nil) }

// scanJSON is validJSON that also calls member, if not nil, with the raw
// key (quotes included) and the span [start, end) in b of the value of
// every member of a top-level object, in order.
func scanJSON(b []byte, member func(key []byte, start, end int)) bool {
	s := jsonScan{b: b}
	s.space()
	var ok bool
	if s.at('{') {
		ok = s.object(1, member)
	} else {
		ok = s.value(0)
	}
	if !ok {
		return false
	}
	s.space()
	return s.i == len(b)
}

// jsonScan is a recursive-descent check of the JSON grammar of RFC 8259
// as encoding/json's scanner applies it: any byte from 0x20 up inside a
// string (invalid UTF-8 included), the escapes \" \\ \/ \b \f \n \r \t
// and \uXXXX, numbers without leading zeros, nesting to maxJSONDepth.
type jsonScan struct {
	b []byte
	i int
}

func (s *jsonScan) at(c byte) bool { return s.i < len(s.b) && s.b[s.i] == c }

func (s *jsonScan) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value checks the value at s.i, inside depth containers.
func (s *jsonScan) value(depth int) bool {
	if s.i >= len(s.b) {
		return false
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.object(depth+1, nil)
	case c == '[':
		return s.array(depth + 1)
	case c == '"':
		return s.str()
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}

// object checks the object at s.i, the depth-th container.
func (s *jsonScan) object(depth int, member func(key []byte, start, end int)) bool {
	if depth > maxJSONDepth {
		return false
	}
	s.i++
	s.space()
	if s.at('}') {
		s.i++
		return true
	}
	for {
		k := s.i
		if !s.at('"') || !s.str() {
			return false
		}
		key := s.b[k:s.i]
		s.space()
		if !s.at(':') {
			return false
		}
		s.i++
		s.space()
		v := s.i
		if !s.value(depth) {
			return false
		}
		if member != nil {
			member(key, v, s.i)
		}
		if !s.next('}') {
			return false
		}
		if s.b[s.i-1] == '}' {
			return true
		}
	}
}

// array checks the array at s.i, the depth-th container.
func (s *jsonScan) array(depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	s.i++
	s.space()
	if s.at(']') {
		s.i++
		return true
	}
	for {
		if !s.value(depth) || !s.next(']') {
			return false
		}
		if s.b[s.i-1] == ']' {
			return true
		}
	}
}

// next takes what follows an item: a comma (and the blanks after it) or
// the container's closing bracket.
func (s *jsonScan) next(closing byte) bool {
	s.space()
	if s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case ',':
		s.i++
		s.space()
		return true
	case closing:
		s.i++
		return true
	}
	return false
}

func (s *jsonScan) literal(lit string) bool {
	if !bytes.HasPrefix(s.b[s.i:], []byte(lit)) {
		return false
	}
	s.i += len(lit)
	return true
}

func (s *jsonScan) number() bool {
	b, i := s.b, s.i
	if b[i] == '-' {
		i++
	}
	switch {
	case i >= len(b) || !isDigit(b[i]):
		return false
	case b[i] == '0':
		i++
	default:
		i = digits(b, i)
	}
	if i < len(b) && b[i] == '.' {
		if i++; i >= len(b) || !isDigit(b[i]) {
			return false
		}
		i = digits(b, i)
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		if i++; i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return false
		}
		i = digits(b, i)
	}
	s.i = i
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(b []byte, i int) int {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i
}

// str checks the string at s.i. Runs of eight bytes with no quote, no
// backslash and no control character are passed over in one step.
func (s *jsonScan) str() bool {
	b := s.b
	for i := s.i + 1; ; {
		for i+8 <= len(b) && !stringSpecial(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		if i >= len(b) {
			return false
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return true
		case c == '\\':
			n := escapeLen(b[i+1:])
			if n == 0 {
				return false
			}
			i += 1 + n
		case c < 0x20:
			return false
		default:
			i++
		}
	}
}

// escapeLen is the length of the escape after a backslash at the start
// of b (1 for \n, 5 for \u00e5), or 0 when there is no valid one.
func escapeLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(b) < 5 {
			return 0
		}
		for _, c := range b[1:5] {
			if !isJSONHexDigit(c) {
				return 0
			}
		}
		return 5
	}
	return 0
}

// stringSpecial reports whether any of the eight bytes in w is a quote, a
// backslash or a control character (below 0x20). Each test is the exact
// "has a zero byte" / "has a byte less than n" bit trick: it may point at
// the wrong byte, never at none when there is one, and the caller looks
// at the bytes one by one from there.
func stringSpecial(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q := w ^ (ones * '"')
	bs := w ^ (ones * '\\')
	return ((q-ones)&^q|(bs-ones)&^bs|(w-ones*0x20)&^w)&highs != 0
}
