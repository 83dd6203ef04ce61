package sanitize

import (
	"fmt"
	"testing"
)

// Each range the sanitiser acts on, tried at its first and last code point
// and just outside both: a range off by one shows up as a rune reshaped or
// escaped that should not be, or left alone that should not be.
func TestRangesAtTheirEdges(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		// Regional indicators A…Z become letters; their neighbours stay.
		{"\U0001F1E6", "A"},
		{"\U0001F1FF", "Z"},
		{"\U0001F1E5", "\U0001F1E5"},
		{"\U0001F200", "\U0001F200"},
		// Skin tones U+1F3FB…U+1F3FF are dropped; the amphora and the rat
		// beside them stay.
		{"👍\U0001F3FB", "👍"},
		{"👍\U0001F3FF", "👍"},
		{"\U0001F3FA", "\U0001F3FA"},
		{"\U0001F400", "\U0001F400"},
		// Variation selectors 15 and 16 are dropped, 14 is not ours.
		{"☺\ufe0e", "☺"},
		{"❤\ufe0f", "❤"},
		{"a\ufe0d", "a\ufe0d"},
		// A joiner beside an emoji goes; the emoji ranges' edges.
		{"a\u200d\U0001F000", "a\U0001F000"},
		{"a\u200d\U0001FAFF", "a\U0001FAFF"},
		{"\U0001F000\u200da", "\U0001F000a"},
		{"\U0001FAFF\u200da", "\U0001FAFFa"},
		{"a\u200d\U0001EFFF", "a\u200d\U0001EFFF"},
		{"a\u200d\U0001FB00", "a\u200d\U0001FB00"},
		{"a\u200d\u2300", "a\u2300"},
		{"a\u200d\u23ff", "a\u23ff"},
		{"a\u200d\u22ff", "a\u200d\u22ff"},
		{"a\u200d\u2600", "a\u2600"},
		{"a\u200d\u27bf", "a\u27bf"},
		{"a\u200d\u25ff", "a\u200d\u25ff"},
		{"a\u200d\u27c0", "a\u200d\u27c0"},
		{"a\u200d\u2b00", "a\u2b00"},
		{"a\u200d\u2bff", "a\u2bff"},
		{"a\u200d\u2aff", "a\u200d\u2aff"},
		{"a\u200d\u2c00", "a\u200d\u2c00"},
		{"😀\u200d", "😀"},
		{"\u200d😀", "😀"},
		// C1 controls U+0080…U+009F are escaped; DEL and NBSP beside them
		// are not C1.
		{"\u0080", `\u0080`},
		{"\u009f", `\u009f`},
		{"\u00a0", "\u00a0"},
		{"\x7f", "␡"},
		{"\x1f", "␟"},
		{"\x00", "␀"},
		{" ~", " ~"},
		// Bidi controls, isolates and marks, and the line separators.
		{"\u202a", `\u202a`},
		{"\u202e", `\u202e`},
		{"\u2029\u2028", `\u2029\u2028`},
		{"\u202f", "\u202f"},
		{"\u2066", `\u2066`},
		{"\u2069", `\u2069`},
		{"\u2065", "\u2065"},
		{"\u200e\u200f", `\u200e\u200f`},
		{"\u2010", "\u2010"},
		{"\u061c", `\u061c`},
		// A CR before a newline goes; any other CR is shown.
		{"a\r\nb", "a\nb"},
		{"a\rb", "a␍b"},
		{"a\r", "a␍"},
		{"a\r\r\nb", "a␍\nb"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
		if Safe(c.in) != (c.in == c.want) {
			t.Errorf("Safe(%q) = %v, but Text changes it: %v", c.in, Safe(c.in), c.in != c.want)
		}
		// Long clean text around it: the eight-bytes-at-a-time path
		// must stop at it too.
		long := "0123456789abcdef" + c.in + "0123456789abcdef"
		if got, want := Text(long), "0123456789abcdef"+c.want+"0123456789abcdef"; got != want {
			t.Errorf("Text(%q) = %q, want %q", long, got, want)
		}
	}
}

// Every C1 control, and nothing beside them.
func TestEveryC1ControlIsEscaped(t *testing.T) {
	for r := rune(0x80); r <= 0x9f; r++ {
		if got, want := Line(string(r)), fmt.Sprintf(`\u%04x`, r); got != want {
			t.Errorf("Line(U+%04X) = %q, want %q", r, got, want)
		}
	}
}
