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

// foldRune is r as fold writes it: lower case when that has the same
// UTF-8 length n, else r itself.
func foldRune(r rune, n int) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	if l := unicode.ToLower(r); l != r && r != utf8.RuneError && utf8.RuneLen(l) == n {
		return l
	}
	return r
}

// findAll returns the offsets of the non-overlapping occurrences of q
// (already folded) in s, compared as fold(s) would be, at most maxMatches of
// them. It reads s in place: a folded copy of a 10 MiB body would cost two
// more of its size. The candidates are found with strings.Index for each
// case form of q's first rune, and the rest compared rune by rune.
func findAll(s, q string) (offs []int, capped bool) {
	if q == "" {
		return nil, false
	}
	r0, n0 := utf8.DecodeRuneInString(q)
	needles := []string{q[:n0]}
	if !(r0 == utf8.RuneError && n0 <= 1) {
		for r := unicode.SimpleFold(r0); r != r0; r = unicode.SimpleFold(r) {
			if n := utf8.RuneLen(r); n == n0 && foldRune(r, n) == r0 {
				needles = append(needles, string(r))
			}
		}
	}
	// next[i] is where needles[i] next occurs at or after pos: -1 for
	// nowhere, below pos when not yet looked for.
	next := make([]int, len(needles))
	for i := range next {
		next[i] = -2
	}
	rest := q[n0:]
	for pos := 0; pos <= len(s)-len(q); {
		at := -1
		for i, nd := range needles {
			if next[i] != -1 && next[i] < pos {
				next[i] = strings.Index(s[pos:], nd)
				if next[i] >= 0 {
					next[i] += pos
				}
			}
			if next[i] >= 0 && (at < 0 || next[i] < at) {
				at = next[i]
			}
		}
		if at < 0 || at > len(s)-len(q) {
			break
		}
		if !foldedEqual(s[at+n0:at+len(q)], rest) {
			pos = at + 1
			continue
		}
		if len(offs) == maxMatches {
			return offs, true
		}
		offs = append(offs, at)
		pos = at + len(q)
	}
	return offs, false
}

// foldedEqual reports whether fold(t) == q, for len(t) == len(q).
func foldedEqual(t, q string) bool {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != q[i] {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		l := foldRune(r, n)
		if l == r || (r == utf8.RuneError && n <= 1) {
			if t[i:i+n] != q[i:i+n] {
				return false
			}
		} else {
			var buf [utf8.UTFMax]byte
			if string(buf[:utf8.EncodeRune(buf[:], l)]) != q[i:i+n] {
				return false
			}
		}
		i += n
	}
	return true
}
