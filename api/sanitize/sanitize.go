// Package sanitize makes text that came from a server or a file safe to write
// to a terminal. Every path that shows such text (the inspector's panes, the
// status bar, history, error messages and `get --format text`) goes through
// it.
//
// Nothing is silently dropped: control characters become visible symbols, so a
// user can still see that the server sent something odd.
//   - C0 controls except newline and tab become Control Pictures (ESC → ␛,
//     BEL → ␇, CR → ␍). A CR directly before a newline is dropped, so Windows
//     line endings read as ordinary lines.
//   - DEL becomes ␡.
//   - C1 controls (U+0080–U+009F), bidirectional overrides, isolates and marks,
//     and line/paragraph separators become escapes such as \u202e.
//   - Bytes that are not valid UTF-8 become U+FFFD.
//
// With ESC and the C1 introducers made visible, no escape sequence (CSI, OSC,
// DCS, complete or broken) can reach the terminal: its remaining bytes are
// plain printable text.
package sanitize

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Text sanitises multi-line text: newlines and tabs are kept.
func Text(s string) string { return clean(s, false) }

// Line sanitises text for a single line: newlines and tabs become spaces too.
func Line(s string) string { return clean(s, true) }

// Bytes is Text for a byte slice.
func Bytes(b []byte) string { return clean(string(b), false) }

// Safe reports whether s is already safe for multi-line display, i.e. Text(s)
// would return s unchanged.
func Safe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			continue
		}
		if c < 0x80 {
			return false
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || replacement(r) != "" {
			return false
		}
		i += size - 1
	}
	return true
}

func clean(s string, oneLine bool) string {
	if !oneLine && Safe(s) {
		return s
	}
	if oneLine && Safe(s) && !strings.ContainsAny(s, "\n\t") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			switch {
			case c == '\n' || c == '\t':
				if oneLine {
					b.WriteByte(' ')
				} else {
					b.WriteByte(c)
				}
			case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
				// CRLF: keep only the newline.
			case c < 0x20:
				b.WriteRune(rune(0x2400 + int(c))) // Control Pictures block
			case c == 0x7f:
				b.WriteRune('␡')
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(utf8.RuneError)
			i++
			continue
		}
		if rep := replacement(r); rep != "" {
			b.WriteString(rep)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// replacement returns the visible form of a rune that must not reach the
// terminal as is, or "" for a rune that is fine.
func replacement(r rune) string {
	switch {
	case r >= 0x80 && r <= 0x9f, // C1 controls
		r == 0x061c,                // Arabic letter mark
		r == 0x200e || r == 0x200f, // LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x2028 || r == 0x2029: // line and paragraph separators
		return fmt.Sprintf(`\u%04x`, r)
	}
	return ""
}
