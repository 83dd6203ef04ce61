package rawview

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxMatches bounds the match list: a one-letter search of a 10 MiB body
// would otherwise hold millions of offsets. The counter then says "1000000+".
const maxMatches = 1_000_000

// fold lower-cases s for case-insensitive search while keeping every byte
// offset: runes whose lower case has a different UTF-8 length are left as
// they are (in the query too, so they still match themselves).
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	b := make([]byte, len(s))
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		return string(b)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && r != utf8.RuneError && utf8.RuneLen(l) == n {
			utf8.EncodeRune(b[i:], l)
		} else {
			copy(b[i:i+n], s[i:i+n])
		}
		i += n
	}
	return string(b)
}

// findAll returns the offsets of the non-overlapping occurrences of q in
// folded (both already folded), at most maxMatches of them.
func findAll(folded, q string) (offs []int, capped bool) {
	if q == "" {
		return nil, false
	}
	for pos := 0; pos <= len(folded)-len(q); {
		i := strings.Index(folded[pos:], q)
		if i < 0 {
			break
		}
		if len(offs) == maxMatches {
			return offs, true
		}
		offs = append(offs, pos+i)
		pos += i + len(q)
	}
	return offs, false
}
