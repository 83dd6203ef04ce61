// Package cellfit measures and fits terminal text, which may hold SGR
// sequences, to a number of cells. It is the one place the panes, the
// detail renderer and the one-shot CLI cut and pad lines, and it links
// nothing of the TUI.
package cellfit

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Width is ansi.StringWidth with a fast path for what most lines are:
// printable ASCII and SGR sequences ("\x1b[1;31m"). Anything else is
// measured by ansi.StringWidth, so the two always agree.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x20 && c < 0x7f:
			n++
		case c == 0x1b && i+1 < len(s) && s[i+1] == '[':
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j >= len(s) || s[j] != 'm' {
				return ansi.StringWidth(s)
			}
			i = j
		default:
			return ansi.StringWidth(s)
		}
	}
	return n
}

// Fit cuts s to w cells, with … where it was cut, and pads it with spaces
// to exactly w cells.
func Fit(s string, w int) string {
	sw := Width(s)
	switch {
	case sw == w:
		return s
	case sw < w:
		return s + strings.Repeat(" ", w-sw)
	}
	// A wide character that no longer fits leaves the cut line short.
	return Pad(ansi.Truncate(s, max(w, 0), "…"), w)
}

// Cut cuts s to at most w cells, with … where it was cut; shorter text is
// returned as it is.
func Cut(s string, w int) string {
	if Width(s) <= w {
		return s
	}
	return ansi.Truncate(s, max(w, 0), "…")
}

// Pad pads s with spaces to w cells; longer text is returned as it is.
func Pad(s string, w int) string {
	if d := w - Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// CutMiddle fits plain text (no escape sequences) wider than w cells into
// w cells by putting … in place of its middle, cutting only between
// grapheme clusters, so that the start and the end by which people compare
// ids stay readable. Text that fits is returned as it is.
func CutMiddle(s string, w int) string {
	if Width(s) <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	type piece struct{ end, w int }
	var ps []piece
	for i := 0; i < len(s); {
		cl, cw := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		n := max(len(cl), 1)
		i += n
		ps = append(ps, piece{i, cw})
	}
	keep := w - 1 // the … takes one cell
	head, used := 0, 0
	for head < len(ps) && used+ps[head].w <= (keep+1)/2 {
		used += ps[head].w
		head++
	}
	tail := len(ps)
	for tail > head && used+ps[tail-1].w <= keep {
		used += ps[tail-1].w
		tail--
	}
	headEnd, tailStart := 0, len(s)
	if head > 0 {
		headEnd = ps[head-1].end
	}
	if tail < len(ps) && tail > 0 {
		tailStart = ps[tail-1].end
	}
	return s[:headEnd] + "…" + s[tailStart:]
}
