package cellfit

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFitCutPad(t *testing.T) {
	red := "\x1b[31mrouge\x1b[m"
	for _, c := range []struct {
		s             string
		w             int
		fit, cut, pad string
	}{
		{"abc", 5, "abc  ", "abc", "abc  "},
		{"abcdef", 4, "abc…", "abc…", "abcdef"},
		{red, 7, red + "  ", red, red + "  "},
		{"日本語", 4, "日… ", "日…", "日本語"}, // the cut wide character leaves a cell to pad
		{"abc", 0, "", "", "abc"},
	} {
		if got := Fit(c.s, c.w); got != c.fit || Width(got) != max(c.w, 0) {
			t.Errorf("Fit(%q, %d) = %q, want %q", c.s, c.w, got, c.fit)
		}
		if got := Cut(c.s, c.w); got != c.cut {
			t.Errorf("Cut(%q, %d) = %q, want %q", c.s, c.w, got, c.cut)
		}
		if got := Pad(c.s, c.w); got != c.pad {
			t.Errorf("Pad(%q, %d) = %q, want %q", c.s, c.w, got, c.pad)
		}
	}
}

func TestCutMiddle(t *testing.T) {
	for _, c := range []struct {
		s    string
		w    int
		want string
	}{
		{"LED83C9592F0647FCEFD060F4B24D7ED084", 15, "LED83C9…D7ED084"},
		{"LED1", 15, "LED1"},
		{"abcdef", 5, "ab…ef"},
		{"日本語日本語", 7, "日…本語"}, // whole clusters only
		{"abc", 0, ""},
	} {
		got := CutMiddle(c.s, c.w)
		if got != c.want || Width(got) > max(c.w, 0) {
			t.Errorf("CutMiddle(%q, %d) = %q, want %q", c.s, c.w, got, c.want)
		}
	}
}

func FuzzWidth(f *testing.F) {
	for _, s := range []string{"", "abc", "\x1b[1;31mred\x1b[m", "\x1b[38:5:1mx", "å", "\x1b]0;t\x07", "\x1b[", "\x1b[12", "a\tb", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Width(s), ansi.StringWidth(s); got != want {
			t.Fatalf("Width(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	})
}
