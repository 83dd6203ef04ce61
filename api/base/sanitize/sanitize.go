// Package sanitize makes text that came from a server or a file safe to write
// to a terminal. Every path that shows such text (the inspector's panes, the
// status bar, history, error messages and `get --format text`) goes through
// it.
//
// Nothing is silently dropped but presentation hints (see below): control
// characters become visible symbols, so a user can still see that the server
// sent something odd.
//   - C0 controls except newline and tab become Control Pictures (ESC → ␛,
//     BEL → ␇, CR → ␍). A CR directly before a newline is dropped, so Windows
//     line endings read as ordinary lines.
//   - DEL becomes ␡.
//   - C1 controls (U+0080–U+009F), bidirectional overrides, isolates and marks,
//     and line/paragraph separators become escapes such as \u202e.
//   - Invisible format characters that are no part of an emoji (zero-width
//     space U+200B, soft hyphen U+00AD, word joiner U+2060 and the invisible
//     operators, Mongolian vowel separator U+180E, a byte order mark U+FEFF
//     inside the text) become escapes such as \u200b: a value such as
//     "PW\u200bX" must not read as "PWX".
//   - Bytes that are not valid UTF-8 become U+FFFD.
//
// Emoji that terminals measure differently are reshaped, so that a pane's
// border stays where the layout put it in every terminal (the layout counts
// a grapheme cluster as one wide cell; tmux and many terminals count each
// code point, so a skin-toned thumb takes 4 cells there and a heart with
// VS16 takes 1 instead of 2):
//   - Regional indicators become the capital letters they stand for: 🇸🇪 → SE.
//   - Variation selectors 15 and 16 (text/emoji presentation) and skin-tone
//     modifiers are dropped: 👍🏽 → 👍, ❤️ → ❤.
//   - A zero-width joiner next to an emoji is dropped, so a ZWJ sequence
//     shows its parts side by side: 👨‍👩‍👧 → 👨👩👧, six cells everywhere.
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
func Text(s string) string { return clean(s, false, false) }

// Line sanitises text for a single line: newlines and tabs become spaces too.
func Line(s string) string { return clean(s, true, false) }

// Bytes is Text for a byte slice.
func Bytes(b []byte) string { return clean(string(b), false, false) }

// Raw is Bytes for a body shown as received (the raw pane): the emoji
// parts Text drops for the layout's sake (variation selectors, skin tones,
// zero-width joiners) are escapes too (\ufe0f, \U0001f3fd, \u200d), so
// that every character the server sent can be seen. A flag still shows as
// its letters.
func Raw(b []byte) string { return clean(string(b), false, true) }

// RawText is Raw for a string: clean text comes back as it is, uncopied.
func RawText(s string) string { return clean(s, false, true) }

// Clipboard is what the inspector puts in the clipboard: the text as a pane
// shows it, escapes and other controls in the same visible form as Text
// (ESC → ␛), so that pasting it into a terminal replays nothing. Newlines
// and tabs are kept: a copied body or table keeps its lines and columns.
func Clipboard(s string) string { return Text(s) }

// Safe reports whether s is already safe for multi-line display, i.e. Text(s)
// would return s unchanged.
func Safe(s string) bool { return safePrefix(s, 0, false, false) == len(s) }

// safePrefix returns the end of the longest run of s from i on that clean
// leaves unchanged. It is the hot path (every clean body is scanned once), so
// it checks printable ASCII eight bytes at a time.
func safePrefix(s string, i int, oneLine, raw bool) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
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
			// reshaped is called only where it can apply: Latin text stays fast.
			if r == utf8.RuneError && size <= 1 || escaped(r) || raw && rawEscaped(r) || r >= 0x200d && reshaped(s, i, r, size) {
				return i
			}
			i += size
		}
	}
}

func clean(s string, oneLine, raw bool) string {
	i := safePrefix(s, 0, oneLine, raw)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	// Indexes into the whole of s: whether a joiner goes depends on its
	// neighbours.
	for start := 0; ; {
		b.WriteString(s[start:i])
		if i == len(s) {
			return b.String()
		}
		// s[i] starts something that must change.
		c, size := s[i], 1
		switch {
		case c == '\n' || c == '\t':
			b.WriteByte(' ') // only in oneLine mode
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// CRLF: keep only the newline.
		case c < 0x20:
			b.WriteRune(rune(0x2400 + int(c))) // Control Pictures block
		case c == 0x7f:
			b.WriteRune('␡')
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size <= 1:
				b.WriteRune(utf8.RuneError)
			case raw && rawEscaped(r):
				writeEscape(&b, r)
			case isRegionalIndicator(r):
				b.WriteByte(byte('A' + r - 0x1f1e6))
			case !raw && reshaped(s, i, r, size):
				// A presentation hint, a skin tone or a joiner: dropped.
			default:
				writeEscape(&b, r)
			}
		}
		start = i + size
		i = safePrefix(s, start, oneLine, raw)
	}
}

// writeEscape writes r as \u and four hex digits, or \U and eight above
// U+FFFF.
func writeEscape(b *strings.Builder, r rune) {
	const hex = "0123456789abcdef"
	digits := 4
	if r > 0xffff {
		digits = 8
		b.WriteString(`\U`)
	} else {
		b.WriteString(`\u`)
	}
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hex[r>>shift&0xf])
	}
}

func isRegionalIndicator(r rune) bool { return r >= 0x1f1e6 && r <= 0x1f1ff }

// reshaped reports whether the valid rune r, at s[i:i+size], is one of the
// emoji parts that terminals measure differently (see the package comment).
func reshaped(s string, i int, r rune, size int) bool {
	switch {
	case r == 0xfe0e || r == 0xfe0f, // variation selectors 15, 16
		r >= 0x1f3fb && r <= 0x1f3ff, // skin tones
		isRegionalIndicator(r):
		return true
	case r == 0x200d: // zero-width joiner
		// Look past other joiners and VS15 (which may go too): every joiner
		// of a run gets the same answer, so cleaning twice changes nothing.
		const skip = "\u200d\ufe0e"
		prev, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s[:i], skip))
		next, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[i+size:], skip))
		return emojiSide(prev) || emojiSide(next)
	}
	return false
}

// emojiSide reports whether r, beside a zero-width joiner, makes it part of
// an emoji sequence: a pictograph, or what may end one (VS16, a skin tone).
func emojiSide(r rune) bool {
	return r >= 0x1f000 && r <= 0x1faff || // pictographs, emoticons, symbols
		r >= 0x2300 && r <= 0x23ff || // technical symbols (⌚, ⏰)
		r >= 0x2600 && r <= 0x27bf || // misc symbols, dingbats (❤, ☕)
		r >= 0x2b00 && r <= 0x2bff || // arrows, stars (⭐)
		r == 0xfe0f
}

// escaped reports whether a valid rune must be shown as a \u escape rather
// than reach the terminal as is.
func escaped(r rune) bool {
	return r >= 0x80 && r <= 0x9f || // C1 controls
		r == 0x061c || // Arabic letter mark
		r == 0x200e || r == 0x200f || // LRM, RLM
		r >= 0x202a && r <= 0x202e || // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069 || // LRI, RLI, FSI, PDI
		r == 0x2028 || r == 0x2029 || // line and paragraph separators
		invisible(r)
}

// rawEscaped reports whether r is an emoji part or joiner the raw view
// shows as an escape: every one of them, wherever it stands.
func rawEscaped(r rune) bool {
	return r == 0x200c || r == 0x200d || r == 0xfe0e || r == 0xfe0f || r >= 0x1f3fb && r <= 0x1f3ff
}

// invisible reports whether r is a format character that shows as nothing
// and is no part of an emoji sequence (those are reshaped instead).
func invisible(r rune) bool {
	return r == 0x00ad || // soft hyphen
		r == 0x180e || // Mongolian vowel separator
		r == 0x200b || // zero-width space
		r >= 0x2060 && r <= 0x2064 || // word joiner, invisible operators
		r == 0xfeff // byte order mark, zero-width no-break space
}
