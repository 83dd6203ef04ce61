package sanitize

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Kept as they are.
		{"empty", "", ""},
		{"ascii", "Lead LED123 for M30011: {\"state\": \"New\"}", "Lead LED123 for M30011: {\"state\": \"New\"}"},
		{"newline and tab", "a\n\tb\n", "a\n\tb\n"},
		{"swedish", "Åsa Öberg, Gävle – 3 rum & kök", "Åsa Öberg, Gävle – 3 rum & kök"},
		{"wide CJK", "漢字テスト한국어", "漢字テスト한국어"},
		{"emoji reshaped", "👍🏽 👨‍👩‍👧 🇸🇪", "👍 👨👩👧 SE"},
		{"emoji kept", "👍 漢字 ✈ ⭐", "👍 漢字 ✈ ⭐"},
		{"combining", "e\u0301 a\u0308 n\u0303", "e\u0301 a\u0308 n\u0303"},
		{"right-to-left letters", "مرحبا שלום", "مرحبا שלום"},
		{"zero width joiner kept", "a\u200db", "a\u200db"},
		{"replacement character itself", "a\uFFFDb", "a\uFFFDb"},
		{"control pictures themselves", "␛␇␍␡", "␛␇␍␡"},
		{"max rune", "\U0010FFFF", "\U0010FFFF"},

		// C0 controls other than newline and tab: control pictures.
		{"NUL", "a\x00b", "a␀b"},
		{"BEL", "a\x07b", "a␇b"},
		{"backspace", "abc\b\b\bxyz", "abc␈␈␈xyz"},
		{"vertical tab and form feed", "a\vb\fc", "a␋b␌c"},
		{"ESC alone", "\x1b", "␛"},
		{"unit separator", "\x1f", "␟"},
		{"all C0 but LF and TAB", "\x01\x02\x03\x04\x05\x06\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e",
			"␁␂␃␄␅␆␎␏␐␑␒␓␔␕␖␗␘␙␚␜␝␞"},

		// Carriage returns.
		{"CRLF", "one\r\ntwo\r\n", "one\ntwo\n"},
		{"lone CR overwrites nothing", "Accepted\rNew     ", "Accepted␍New     "},
		{"CR at end", "a\r", "a␍"},
		{"CR CR LF", "a\r\r\nb", "a␍\nb"},
		{"LF CR", "a\n\rb", "a\n␍b"},

		// DEL.
		{"DEL", "a\x7fb", "a␡b"},

		// C1 controls as UTF-8 runes U+0080–U+009F.
		{"C1 first", "a\u0080b", `a\u0080b`},
		{"NEL", "a\u0085b", `a\u0085b`},
		{"8-bit CSI rune", "\u009b31mred", `\u009b31mred`},
		{"C1 last", "\u009f", `\u009f`},
		{"8-bit OSC and ST runes", "\u009d0;title\u009c", `\u009d0;title\u009c`},
		{"8-bit DCS rune", "\u0090q\u009c", `\u0090q\u009c`},
		{"just after C1 is fine", "\u00a0\u00e9", "\u00a0\u00e9"},

		// Bytes that are not UTF-8.
		{"raw 0x9b byte", "\x9b31mred", "\uFFFD31mred"},
		{"raw 8-bit OSC byte", "\x9d0;t\x9c", "\uFFFD0;t\uFFFD"},
		{"latin-1", "G\xe4vle", "G\uFFFDvle"},
		{"truncated sequence", "ab\xe6\x97", "ab\uFFFD\uFFFD"},
		{"surrogate half", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"overlong slash", "\xc0\xaf", "\uFFFD\uFFFD"},
		{"0xff", "\xff\xfe", "\uFFFD\uFFFD"},

		// Escape sequences: ESC and C1 introducers made visible, the rest is text.
		{"CSI colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
		{"CSI clear screen", "\x1b[2J\x1b[H", "␛[2J␛[H"},
		{"CSI broken at end", "text\x1b[31", "text␛[31"},
		{"CSI broken by newline", "\x1b[3\n1m", "␛[3\n1m"},
		{"OSC title BEL", "\x1b]0;pwned\x07rest", "␛]0;pwned␇rest"},
		{"OSC title ST", "\x1b]2;pwned\x1b\\rest", "␛]2;pwned␛\\rest"},
		{"OSC 52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\x1b\\", "␛]52;c;cm0gLXJmIH4=␛\\"},
		{"OSC 52 clipboard C1 ST", "\x1b]52;c;cm0gLXJmIH4=\u009c", `␛]52;c;cm0gLXJmIH4=\u009c`},
		{"OSC unterminated", "\x1b]0;never ends", "␛]0;never ends"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "␛]8;;https://evil.example␛\\click␛]8;;␛\\"},
		{"DCS", "\x1bP1$qm\x1b\\", "␛P1$qm␛\\"},
		{"DCS unterminated", "\x1bPq#0;2;0;0;0", "␛Pq#0;2;0;0;0"},
		{"APC", "\x1b_Gf=100;AAAA\x1b\\", "␛_Gf=100;AAAA␛\\"},
		{"ESC ESC", "\x1b\x1b[m", "␛␛[m"},

		// Bidirectional controls and line separators: escapes.
		{"RLO trojan source", "user\u202e gnp.exe", `user\u202e gnp.exe`},
		{"LRE RLE PDF LRO", "\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`},
		{"isolates", "\u2066a\u2067b\u2068c\u2069", `\u2066a\u2067b\u2068c\u2069`},
		{"marks", "\u200e\u200f\u061c", `\u200e\u200f\u061c`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"paragraph separator", "a\u2029b", `a\u2029b`},

		// Mixed.
		{"mixed", "Åsa\x1b[2J\r\n漢\u202e\x9b\x7f", "Åsa␛[2J\n漢\\u202e\uFFFD␡"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if got != tt.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			if b := Bytes([]byte(tt.in)); b != got {
				t.Errorf("Bytes(%q) = %q, Text gives %q", tt.in, b, got)
			}
			if Safe(tt.in) != (tt.in == tt.want) {
				t.Errorf("Safe(%q) = %v, but Text changes it: %v", tt.in, Safe(tt.in), tt.in != tt.want)
			}
			assertSafe(t, got, false)
			if again := Text(got); again != got {
				t.Errorf("Text is not idempotent: Text(%q) = %q", got, again)
			}
		})
	}
}

// TestEscapeSequencesStayVisible checks that what a hostile sequence carries is
// shown to the user rather than acted upon or hidden.
func TestEscapeSequencesStayVisible(t *testing.T) {
	payloads := map[string]string{
		"\x1b]0;TITLE\x07":              "TITLE",
		"\x1b]52;c;Q0xJUEJPQVJE\x1b\\":  "Q0xJUEJPQVJE",
		"\u009d52;c;Q0xJUEJPQVJE\u009c": "Q0xJUEJPQVJE",
		"\x1bP+q544e\x1b\\":             "544e",
		"\x1b[8mHIDDEN\x1b[28m":         "HIDDEN",
		"\x9b8mHIDDEN":                  "HIDDEN",
	}
	for in, payload := range payloads {
		for _, got := range []string{Text(in), Line(in)} {
			if strings.ContainsRune(got, 0x1b) || strings.ContainsFunc(got, isC1) {
				t.Errorf("%q → %q: an escape introducer survived", in, got)
			}
			if !strings.Contains(got, payload) {
				t.Errorf("%q → %q: payload %q no longer visible", in, got, payload)
			}
		}
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Nybyggnation i Gävle", "Nybyggnation i Gävle"},
		{"one\ntwo", "one two"},
		{"one\r\ntwo", "one two"},
		{"a\tb", "a b"},
		{"a\rb", "a␍b"},
		{"\x1b]0;x\x07\n", "␛]0;x␇ "},
		{"a\u2028b\u202e", `a\u2028b\u202e`},
		{"漢\n字", "漢 字"},
	}
	for _, tt := range tests {
		got := Line(tt.in)
		if got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
		assertSafe(t, got, true)
		if again := Line(got); again != got {
			t.Errorf("Line is not idempotent: Line(%q) = %q", got, again)
		}
	}
}

// TestCleanTextIsNotCopied: the common case, a well-behaved server, costs no
// allocation.
func TestCleanTextIsNotCopied(t *testing.T) {
	clean := map[string]string{
		"ascii": strings.Repeat(`{"customerId":"M30011","state":"New"}`+"\n\t", 100),
		"utf-8": strings.Repeat("Åsa Öberg 漢字 👍 👨 e\u0301\n", 100),
	}
	for name, s := range clean {
		for fn, f := range map[string]func(string) string{"Text": Text, "Line": Line} {
			in := s
			if fn == "Line" {
				in = strings.NewReplacer("\n", " ", "\t", " ").Replace(s)
			}
			if allocs := testing.AllocsPerRun(100, func() { _ = f(in) }); allocs != 0 {
				t.Errorf("%s of clean %s: %v allocations, want 0", fn, name, allocs)
			}
			if f(in) != in {
				t.Errorf("%s changed clean %s text", fn, name)
			}
		}
	}
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// assertSafe fails unless s can go to a terminal as is.
func assertSafe(t *testing.T, s string, oneLine bool) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("output %q is not valid UTF-8", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			t.Errorf("output %q has control byte %#x at %d", s, c, i)
		}
		if oneLine && (c == '\n' || c == '\t') {
			t.Errorf("Line output %q has %q at %d", s, c, i)
		}
	}
	for i, r := range s {
		if isC1(r) || isBidiControl(r) || r == 0x2028 || r == 0x2029 {
			t.Errorf("output %q has %U at %d", s, r, i)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "plain", "a\r\nb\rc\n", "\x1b]52;c;eA==\x07", "\x1b[31m\x9b\u009b", "\u202e\u2066\u200f",
		"漢字👍🏽e\u0301", "\xed\xa0\x80\xc0\xaf\xff", "\r", "\r\r\n", "\u2028\u2029", "\x7f\x00",
		"a\u200d\u200d👩", "👩\ufe0e\u200dy", "🇸🇪\u200d👨\u200d\ufe0f", "1\ufe0f\u20e3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, line := Text(s), Line(s)
		assertSafe(t, text, false)
		assertSafe(t, line, true)
		if again := Text(text); again != text {
			t.Errorf("Text not idempotent: %q → %q → %q", s, text, again)
		}
		if again := Line(line); again != line {
			t.Errorf("Line not idempotent: %q → %q → %q", s, line, again)
		}
		if Safe(s) != (text == s) {
			t.Errorf("Safe(%q) = %v, but Text gives %q", s, Safe(s), text)
		}
		if !Safe(text) {
			t.Errorf("Safe(Text(%q)) = false", s)
		}
		if b := Bytes([]byte(s)); b != text {
			t.Errorf("Bytes(%q) = %q, Text gives %q", s, b, text)
		}
		// Line differs from Text only in newlines and tabs.
		if want := strings.NewReplacer("\n", " ", "\t", " ").Replace(text); line != want {
			t.Errorf("Line(%q) = %q, want Text with newlines and tabs as spaces: %q", s, line, want)
		}
	})
}

// body is about 1 MiB of JSON like a lead, dirty or not.
func body(dirty bool) string {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		fmt.Fprintf(&b, `{"id":"LED%06d","state":"New","message":"Hej! Jag är intresserad av lägenheten på Storgatan %d i Gävle, 3 rum & kök.",`+"\n"+
			`  "utmTags":[{"name":"utm_source","value":"hemnet"},{"name":"utm_campaign","value":"vår-%d"}]}`+"\n", i, i%90, i%7)
		if dirty && i%4 == 0 {
			b.WriteString("\x1b[31m\x1b]0;title\x07\r\n\u202eevil\x9b\u0085\x7f\n")
		}
	}
	return b.String()
}

func BenchmarkText(b *testing.B) {
	for _, bench := range []struct {
		name string
		s    string
	}{
		{"clean", body(false)},
		{"clean-ascii", strings.NewReplacer("ä", "a", "å", "a").Replace(body(false))},
		{"dirty", body(true)},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(len(bench.s)))
			b.ReportAllocs()
			for b.Loop() {
				_ = Text(bench.s)
			}
		})
	}
}

func TestClipboardMakesEscapesVisibleKeepsLayout(t *testing.T) {
	in := "id\tstate\r\nLED1\tNew\x1b]52;c;cm0gLXJmIH4=\x07\x1b[201~\u009b0m\x7f\u202e\n"
	want := "id\tstate\nLED1\tNew␛]52;c;cm0gLXJmIH4=␇␛[201~\\u009b0m␡\\u202e\n"
	if got := Clipboard(in); got != want {
		t.Errorf("Clipboard(%q)\n = %q\nwant %q", in, got, want)
	}
	if got := Clipboard(want); got != want {
		t.Errorf("Clipboard is not stable on its own output: %q", got)
	}
}

func TestEmojiAreShownAsEveryTerminalMeasuresThem(t *testing.T) {
	for in, want := range map[string]string{
		"👨\u200d👩\u200d👧":              "👨👩👧",  // ZWJ family: its members side by side
		"👩🏽\u200d💻":                    "👩💻",   // skin tone and joiner
		"🏳\ufe0f\u200d🌈":               "🏳🌈",   // VS16 and joiner
		"🇸🇪 🇳":                         "SE N", // flags as letters, a lone indicator too
		"👍🏽":                           "👍",
		"❤\ufe0f ☺\ufe0e":              "❤ ☺",
		"1\ufe0f\u20e3":                "1\u20e3",    // keycap: the enclosing mark stays
		"src\u200dx":                   "src\u200dx", // a joiner between letters is left alone
		"M30011👨\u200d👩\u200d👧\x1b[2J": "M30011👨👩👧␛[2J",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
		// What the layout counts (grapheme clusters) is what a terminal
		// that counts code points draws: no border moves.
		got := Line(in)
		if g, w := ansi.StringWidth(got), ansi.StringWidthWc(got); g != w {
			t.Errorf("%q: %d cells by clusters, %d by code points", got, g, w)
		}
	}
	// A joiner in a script's conjunct is text, not an emoji: left alone.
	if in := "\u0995\u09cd\u200d\u09b7"; Line(in) != in {
		t.Errorf("Line(%q) = %q, want it unchanged", in, Line(in))
	}
}

// Invisible format characters are shown as escapes everywhere; the raw
// view shows the emoji parts the panes drop too, so a value with them
// inserted never reads as one without.
func TestInvisibleCharactersAreShown(t *testing.T) {
	for _, tc := range []struct{ in, text, raw string }{
		{"PW\u200bX", `PW\u200bX`, `PW\u200bX`},
		{"S3cr\u00adetPW", `S3cr\u00adetPW`, `S3cr\u00adetPW`},
		{"S3cr\ufeffet\u2060PW", `S3cr\ufeffet\u2060PW`, `S3cr\ufeffet\u2060PW`},
		{"S3cr\ufe0fetPW", "S3cretPW", `S3cr\ufe0fetPW`},
		{"S3cr\U0001f3fdetPW", "S3cretPW", `S3cr\U0001f3fdetPW`},
		{"S3cr\u200detPW", "S3cr\u200detPW", `S3cr\u200detPW`},
		{"❤️ 🇸🇪", "❤ SE", `❤\ufe0f SE`},
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%+q) = %+q, want %+q", tc.in, got, tc.text)
		}
		if got := Raw([]byte(tc.in)); got != tc.raw {
			t.Errorf("Raw(%+q) = %+q, want %+q", tc.in, got, tc.raw)
		}
	}
}
