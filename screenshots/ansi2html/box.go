package main

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// Box-drawing and block characters are drawn as vector shapes that fill the
// cell exactly, the way terminals draw them: font glyphs leave gaps between
// lines whenever the line height differs from the font's own.

// Arm weights: 0 none, 1 light, 2 heavy, 3 double.
// boxArms maps U+2500..U+254B and U+2550..U+256C, U+2574..U+257F to their arms
// left, right, up, down.
var boxArms = map[rune][4]uint8{
	'─': {1, 1, 0, 0}, '━': {2, 2, 0, 0}, '│': {0, 0, 1, 1}, '┃': {0, 0, 2, 2},
	'┌': {0, 1, 0, 1}, '┍': {0, 2, 0, 1}, '┎': {0, 1, 0, 2}, '┏': {0, 2, 0, 2},
	'┐': {1, 0, 0, 1}, '┑': {2, 0, 0, 1}, '┒': {1, 0, 0, 2}, '┓': {2, 0, 0, 2},
	'└': {0, 1, 1, 0}, '┕': {0, 2, 1, 0}, '┖': {0, 1, 2, 0}, '┗': {0, 2, 2, 0},
	'┘': {1, 0, 1, 0}, '┙': {2, 0, 1, 0}, '┚': {1, 0, 2, 0}, '┛': {2, 0, 2, 0},
	'├': {0, 1, 1, 1}, '┝': {0, 2, 1, 1}, '┞': {0, 1, 2, 1}, '┟': {0, 1, 1, 2},
	'┠': {0, 1, 2, 2}, '┡': {0, 2, 2, 1}, '┢': {0, 2, 1, 2}, '┣': {0, 2, 2, 2},
	'┤': {1, 0, 1, 1}, '┥': {2, 0, 1, 1}, '┦': {1, 0, 2, 1}, '┧': {1, 0, 1, 2},
	'┨': {1, 0, 2, 2}, '┩': {2, 0, 2, 1}, '┪': {2, 0, 1, 2}, '┫': {2, 0, 2, 2},
	'┬': {1, 1, 0, 1}, '┭': {2, 1, 0, 1}, '┮': {1, 2, 0, 1}, '┯': {2, 2, 0, 1},
	'┰': {1, 1, 0, 2}, '┱': {2, 1, 0, 2}, '┲': {1, 2, 0, 2}, '┳': {2, 2, 0, 2},
	'┴': {1, 1, 1, 0}, '┵': {2, 1, 1, 0}, '┶': {1, 2, 1, 0}, '┷': {2, 2, 1, 0},
	'┸': {1, 1, 2, 0}, '┹': {2, 1, 2, 0}, '┺': {1, 2, 2, 0}, '┻': {2, 2, 2, 0},
	'┼': {1, 1, 1, 1}, '┽': {2, 1, 1, 1}, '┾': {1, 2, 1, 1}, '┿': {2, 2, 1, 1},
	'╀': {1, 1, 2, 1}, '╁': {1, 1, 1, 2}, '╂': {1, 1, 2, 2}, '╃': {2, 1, 2, 1},
	'╄': {1, 2, 2, 1}, '╅': {2, 1, 1, 2}, '╆': {1, 2, 1, 2}, '╇': {2, 2, 2, 1},
	'╈': {2, 2, 1, 2}, '╉': {2, 1, 2, 2}, '╊': {1, 2, 2, 2}, '╋': {2, 2, 2, 2},
	'═': {3, 3, 0, 0}, '║': {0, 0, 3, 3},
	'╒': {0, 3, 0, 1}, '╓': {0, 1, 0, 3}, '╔': {0, 3, 0, 3},
	'╕': {3, 0, 0, 1}, '╖': {1, 0, 0, 3}, '╗': {3, 0, 0, 3},
	'╘': {0, 3, 1, 0}, '╙': {0, 1, 3, 0}, '╚': {0, 3, 3, 0},
	'╛': {3, 0, 1, 0}, '╜': {1, 0, 3, 0}, '╝': {3, 0, 3, 0},
	'╞': {0, 3, 1, 1}, '╟': {0, 1, 3, 3}, '╠': {0, 3, 3, 3},
	'╡': {3, 0, 1, 1}, '╢': {1, 0, 3, 3}, '╣': {3, 0, 3, 3},
	'╤': {3, 3, 0, 1}, '╥': {1, 1, 0, 3}, '╦': {3, 3, 0, 3},
	'╧': {3, 3, 1, 0}, '╨': {1, 1, 3, 0}, '╩': {3, 3, 3, 0},
	'╪': {3, 3, 1, 1}, '╫': {1, 1, 3, 3}, '╬': {3, 3, 3, 3},
	'╴': {1, 0, 0, 0}, '╵': {0, 0, 1, 0}, '╶': {0, 1, 0, 0}, '╷': {0, 0, 0, 1},
	'╸': {2, 0, 0, 0}, '╹': {0, 0, 2, 0}, '╺': {0, 2, 0, 0}, '╻': {0, 0, 0, 2},
	'╼': {1, 2, 0, 0}, '╽': {0, 0, 1, 2}, '╾': {2, 1, 0, 0}, '╿': {0, 0, 2, 1},
}

// dashed lines: horizontal?, weight, number of dashes.
var boxDashes = map[rune]struct {
	horiz  bool
	weight uint8
	n      int
}{
	'┄': {true, 1, 3}, '┅': {true, 2, 3}, '┆': {false, 1, 3}, '┇': {false, 2, 3},
	'┈': {true, 1, 4}, '┉': {true, 2, 4}, '┊': {false, 1, 4}, '┋': {false, 2, 4},
	'╌': {true, 1, 2}, '╍': {true, 2, 2}, '╎': {false, 1, 2}, '╏': {false, 2, 2},
}

func isDrawn(r rune) bool {
	if _, ok := boxArms[r]; ok {
		return true
	}
	if _, ok := boxDashes[r]; ok {
		return true
	}
	return (r >= '╭' && r <= '╳') || (r >= 0x2580 && r <= 0x259f)
}

// writeDrawn emits an SVG of one cell for a box-drawing or block character.
func writeDrawn(b *bytes.Buffer, c cell, left, top, cw, ch float64) {
	r := []rune(c.text)[0]
	var body strings.Builder
	light := math.Max(1, math.Round(cw/9))
	heavy := light * 2
	// Centre on a half pixel so one-pixel lines are crisp at 1x and 2x.
	cx := math.Floor(cw/2) + 0.5
	cy := math.Floor(ch/2) + 0.5
	line := func(x1, y1, x2, y2, w float64) {
		fmt.Fprintf(&body, `<path d="M%g %gL%g %g" stroke-width="%g"/>`, x1, y1, x2, y2, w)
	}
	rect := func(x, y, w, h, opacity float64) {
		fmt.Fprintf(&body, `<rect x="%g" y="%g" width="%g" height="%g" fill="%s" fill-opacity="%g" stroke="none"/>`, x, y, w, h, c.fg, opacity)
	}

	switch {
	case boxArms[r] != [4]uint8{}:
		drawArms(line, boxArms[r], cw, ch, cx, cy, light, heavy)
	case boxDashes[r].n > 0:
		d := boxDashes[r]
		w := light
		if d.weight == 2 {
			w = heavy
		}
		length, n := cw, float64(d.n)
		if !d.horiz {
			length = ch
		}
		seg := length / n
		for i := 0; i < d.n; i++ {
			a, z := float64(i)*seg+seg*0.15, float64(i+1)*seg-seg*0.15
			if d.horiz {
				line(a, cy, z, cy, w)
			} else {
				line(cx, a, cx, z, w)
			}
		}
	case r >= '╭' && r <= '╰':
		// Rounded corners: a quarter circle joining the two arms.
		rad := math.Min(cx, cy)
		var d string
		switch r {
		case '╭':
			d = fmt.Sprintf("M%g %gL%g %gA%g %g 0 0 0 %g %gL%g %g", cw, cy, cx+rad, cy, rad, rad, cx, cy+rad, cx, ch)
		case '╮':
			d = fmt.Sprintf("M0 %gL%g %gA%g %g 0 0 1 %g %gL%g %g", cy, cx-rad, cy, rad, rad, cx, cy+rad, cx, ch)
		case '╯':
			d = fmt.Sprintf("M0 %gL%g %gA%g %g 0 0 0 %g %gL%g 0", cy, cx-rad, cy, rad, rad, cx, cy-rad, cx)
		case '╰':
			d = fmt.Sprintf("M%g %gL%g %gA%g %g 0 0 1 %g %gL%g 0", cw, cy, cx+rad, cy, rad, rad, cx, cy-rad, cx)
		}
		fmt.Fprintf(&body, `<path d="%s" stroke-width="%g"/>`, d, light)
	case r >= '╱' && r <= '╳':
		if r != '╲' {
			line(cw, 0, 0, ch, light)
		}
		if r != '╱' {
			line(0, 0, cw, ch, light)
		}
	default:
		drawBlock(rect, r, cw, ch)
	}

	fmt.Fprintf(b, `<svg style="left:%gpx;top:%gpx" width="%g" height="%g" viewBox="0 0 %g %g" stroke="%s" fill="none">%s</svg>`,
		left, top, cw, ch, cw, ch, c.fg, body.String())
}

// drawArms draws the light, heavy and double arms of a box-drawing character.
func drawArms(line func(x1, y1, x2, y2, w float64), arms [4]uint8, cw, ch, cx, cy, light, heavy float64) {
	const left, right, up, down = 0, 1, 2, 3
	g := armPen{
		gap:   math.Max(2, math.Round(cw/4.5)), // half distance between double lines
		light: light,
		heavy: heavy,
	}
	// A vertical arm is a horizontal one with x and y swapped.
	vertical := func(y1, x1, y2, x2, w float64) { line(x1, y1, x2, y2, w) }
	g.arm(line, arms[left], arms[up], arms[down], cx, cy, 0, -1)
	g.arm(line, arms[right], arms[up], arms[down], cx, cy, cw, 1)
	g.arm(vertical, arms[up], arms[left], arms[right], cy, cx, 0, -1)
	g.arm(vertical, arms[down], arms[left], arms[right], cy, cx, ch, 1)
}

// armPen draws the arms of a box-drawing character: the stroke widths and
// half the distance between double lines.
type armPen struct {
	gap, light, heavy float64
}

// arm draws one arm a (0 none, 1 light, 2 heavy, 3 double) from the centre
// to the edge, in the direction dir (-1 or 1) along its axis. line takes
// coordinates along the arm's axis first, then across it; the centre is at
// along, across; before and after are the perpendicular arms on the two
// sides of the axis (up and down for a horizontal arm).
func (g armPen) arm(line func(a1, c1, a2, c2, w float64), a, before, after uint8, along, across, edge, dir float64) {
	switch a {
	case 0:
		return
	case 3:
		// Double: the line on the side of a double perpendicular arm is
		// the inner one and stops short; the other runs to the far side.
		for _, s := range []float64{-1, 1} {
			perp := before
			if s > 0 {
				perp = after
			}
			start := along
			switch {
			case perp == 3:
				start = along + dir*g.gap
			case before == 3 || after == 3:
				start = along - dir*g.gap
			}
			c := across + s*g.gap
			line(start-dir*g.light/2, c, edge, c, g.light)
		}
	default:
		w := g.light
		if a == 2 {
			w = g.heavy
		}
		line(along-dir*g.reach(before, after), across, edge, across, w)
	}
}

// reach is how far a single or heavy arm reaches back past the centre to
// meet the perpendicular strokes p1, p2 (on either side): half the widest
// one; for a double pair, the near line when the pair runs straight
// through, else the far line (a corner such as ╒).
func (g armPen) reach(p1, p2 uint8) float64 {
	switch {
	case p1 == 3 && p2 == 3:
		return -g.gap + g.light/2
	case p1 == 3 || p2 == 3:
		return g.gap + g.light/2
	case p1 == 2 || p2 == 2:
		return g.heavy / 2
	case p1 == 1 || p2 == 1:
		return g.light / 2
	}
	return 0
}

// drawBlock fills the parts of the cell that a block element (U+2580..U+259F) covers.
func drawBlock(rect func(x, y, w, h, opacity float64), r rune, cw, ch float64) {
	switch {
	case r == '▀':
		rect(0, 0, cw, ch/2, 1)
	case r >= '▁' && r <= '█': // lower 1/8 .. full
		h := ch * float64(r-'▀') / 8
		rect(0, ch-h, cw, h, 1)
	case r >= '▉' && r <= '▏': // left 7/8 .. 1/8
		w := cw * float64(8-(r-'█')) / 8
		rect(0, 0, w, ch, 1)
	case r == '▐':
		rect(cw/2, 0, cw/2, ch, 1)
	case r == '░':
		rect(0, 0, cw, ch, 0.25)
	case r == '▒':
		rect(0, 0, cw, ch, 0.5)
	case r == '▓':
		rect(0, 0, cw, ch, 0.75)
	case r == '▔':
		rect(0, 0, cw, ch/8, 1)
	case r == '▕':
		rect(cw*7/8, 0, cw/8, ch, 1)
	default: // quadrants U+2596..U+259F
		quads := map[rune][4]bool{ // upper-left, upper-right, lower-left, lower-right
			'▖': {false, false, true, false}, '▗': {false, false, false, true},
			'▘': {true, false, false, false}, '▙': {true, false, true, true},
			'▚': {true, false, false, true}, '▛': {true, true, true, false},
			'▜': {true, true, false, true}, '▝': {false, true, false, false},
			'▞': {false, true, true, false}, '▟': {false, true, true, true},
		}[r]
		for i, on := range quads {
			if on {
				rect(float64(i%2)*cw/2, float64(i/2)*ch/2, cw/2, ch/2, 1)
			}
		}
	}
}
