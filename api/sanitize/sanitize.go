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
	"strings"
	"unicode/utf8"
)

// Text sanitises multi-line text: newlines and tabs are kept.
func Text(s string) string { return clean(s, false) }

// Line sanitises text for a single line: newlines and tabs become spaces too.
func Line(s string) string { return clean(s, true) }

// Bytes is Text for a byte slice.
func Bytes(b []byte) string { return clean(string(b), false) }

// Clipboard is what the inspector puts in the clipboard: the text as a pane
// shows it, escapes and other controls in the same visible form as Text
// (ESC → ␛), so that pasting it into a terminal replays nothing. Newlines
// and tabs are kept: a copied body or table keeps its lines and columns.
func Clipboard(s string) string { return Text(s) }

// Safe reports whether s is already safe for multi-line display, i.e. Text(s)
// would return s unchanged.
func Safe(s string) bool { return safePrefix(s, false) == len(s) }

// safePrefix returns the length of the longest prefix of s that clean leaves
// unchanged. It is the hot path (every clean body is scanned once), so it
// checks printable ASCII eight bytes at a time.
func safePrefix(s string, oneLine bool) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for {
		for ; i+8 <= len(s); i += 8 {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			del := w ^ 0x7f*ones
			// Any byte >= 0x80, < 0x20 or == 0x7f: look at these bytes one by one.
			if (w|(w-0x20*ones)&^w|(del-ones)&^del)&highs != 0 {
				break
			}
		}
		if i >= len(s) {
			return len(s)
		}
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
		case c == '\n' || c == '\t':
			if oneLine {
				return i
			}
			i++
		case c < 0x80:
			return i
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 || escaped(r) {
				return i
			}
			i += size
		}
	}
}

func clean(s string, oneLine bool) string {
	i := safePrefix(s, oneLine)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		b.WriteString(s[:i])
		if s = s[i:]; s == "" {
			return b.String()
		}
		// s[0] starts something that must change.
		c, size := s[0], 1
		switch {
		case c == '\n' || c == '\t':
			b.WriteByte(' ') // only in oneLine mode
		case c == '\r' && len(s) > 1 && s[1] == '\n':
			// CRLF: keep only the newline.
		case c < 0x20:
			b.WriteRune(rune(0x2400 + int(c))) // Control Pictures block
		case c == 0x7f:
			b.WriteRune('␡')
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s)
			if r == utf8.RuneError && size <= 1 {
				b.WriteRune(utf8.RuneError)
			} else {
				// Every escaped rune is below U+10000: four hex digits.
				const hex = "0123456789abcdef"
				b.WriteString(`\u`)
				for shift := 12; shift >= 0; shift -= 4 {
					b.WriteByte(hex[r>>shift&0xf])
				}
			}
		}
		s = s[size:]
		i = safePrefix(s, oneLine)
	}
}

// escaped reports whether a valid rune must be shown as a \u escape rather
// than reach the terminal as is.
func escaped(r rune) bool {
	return r >= 0x80 && r <= 0x9f || // C1 controls
		r == 0x061c || // Arabic letter mark
		r == 0x200e || r == 0x200f || // LRM, RLM
		r >= 0x202a && r <= 0x202e || // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069 || // LRI, RLI, FSI, PDI
		r == 0x2028 || r == 0x2029 // line and paragraph separators
}
