package detail

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func wrapLineString(s string, limit int) string {
	var lines []string
	wrapLine(s, limit, func(l string, fits bool) {
		if fits && utf8.RuneCountInString(l) > limit {
			panic(fmt.Sprintf("line %q said to fit %d", l, limit))
		}
		lines = append(lines, l)
	})
	return strings.Join(lines, "\n")
}

// TestWrapLineIsAnsiWrap holds the fast path to ansi.Wrap on random lines
// of words, blanks, hyphens and Latin letters, at every narrow width.
func TestWrapLineIsAnsiWrap(t *testing.T) {
	pieces := []string{"a", "bc", "def", "ghij", "klmnopqrstu", " ", "  ", "-", "ä", "på", "öÅé", "ŀ", "x-y", "   "}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(14); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		limit := 1 + rng.IntN(12)
		if got, want := wrapLineString(s, limit), ansi.Wrap(s, limit, ""); got != want {
			t.Fatalf("wrap(%q, %d):\n got %q\nwant %q", s, limit, got, want)
		}
	}
}

// TestWrapLongLinesIsAnsiWrap is TestWrapLineIsAnsiWrap on lines of many
// words at wider limits, where whole lines are found from their end.
func TestWrapLongLinesIsAnsiWrap(t *testing.T) {
	pieces := []string{"a", "bc", "def", "ghij", "klmnopqrstu", "åäö", "för", "Storgatan", " ", " ", " ", "  ", "-", "x-y", "--", "a-", "-b", "é"}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < longLines; n++ {
		var b strings.Builder
		for k := 20 + rng.IntN(80); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		limit := 1 + rng.IntN(40)
		if got, want := wrapLineString(s, limit), ansi.Wrap(s, limit, ""); got != want {
			t.Fatalf("wrap(%q, %d):\n got %q\nwant %q", s, limit, got, want)
		}
	}
}

// longLines is how many TestWrapLongLinesIsAnsiWrap tries (500,000 found
// nothing when wholeLine was written).
var longLines = 5000

func FuzzWrapLine(f *testing.F) {
	f.Add("Hej! Jag är intresserad av lägenheten på Storgatan.", 10)
	f.Add("a-b c--d  e", 2)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if strings.ContainsAny(s, "\n\x1b") || limit < 1 || limit > 200 {
			return
		}
		if got, want := wrapLineString(s, limit), ansi.Wrap(s, limit, ""); got != want {
			t.Fatalf("wrap(%q, %d):\n got %q\nwant %q", s, limit, got, want)
		}
	})
}

// TestSimpleLine checks the byte test against the rune ranges it stands for.
func TestSimpleLine(t *testing.T) {
	for r := rune(0); r < 0x800; r++ {
		want := r >= 0x20 && r < 0x7f || r >= 0xa1 && r <= 0x24f && r != 0xad
		if got := simpleLine("a" + string(r) + "b"); got != want {
			t.Errorf("simpleLine(%U) = %v, want %v", r, got, want)
		}
	}
	// Every position within and around the eight bytes looked at at once.
	for r := rune(0); r < 0x250; r++ {
		want := r >= 0x20 && r < 0x7f || r >= 0xa1 && r != 0xad
		for k := range 10 {
			s := strings.Repeat("a", k) + string(r) + strings.Repeat("b", 9)
			if got := simpleLine(s); got != want {
				t.Errorf("simpleLine(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for _, s := range []string{"\xc3", "a\xc3", "\xc3a", "\xe2\x82\xac", "\U0001F600", "e\u0301"} {
		if simpleLine(s) {
			t.Errorf("simpleLine(%q) = true", s)
		}
	}
}

// BenchmarkWrapLine wraps 1 MiB of Swedish prose, one paragraph a line, at
// the detail pane's usual width and at a narrow one: the fast path alone,
// without the rest of Render around it.
func BenchmarkWrapLine(b *testing.B) {
	const para = "Hej! Jag är intresserad av lägenheten på Storgatan 12, våning 3. Kan vi boka en visning nästa vecka? Jag har även frågor om avgiften och föreningens ekonomi - och om parkering. "
	var lines []string
	size := 0
	for size < 1<<20 {
		line := strings.Repeat(para, 5)
		lines = append(lines, line)
		size += len(line)
	}
	for _, width := range []int{120, 20} {
		b.Run(fmt.Sprint(width), func(b *testing.B) {
			b.SetBytes(int64(size))
			n := 0
			for b.Loop() {
				for _, l := range lines {
					wrapLine(l, width, func(string, bool) { n++ })
				}
			}
		})
	}
}
