package main

import (
	"fmt"
	"slices"
	"testing"
)

// lines records the strokes drawArms draws, one "x1 y1 x2 y2 w" each.
func lines(arms [4]uint8, cw, ch float64) []string {
	var out []string
	drawArms(func(x1, y1, x2, y2, w float64) {
		out = append(out, fmt.Sprint(x1, y1, x2, y2, w))
	}, arms, cw, ch, cw/2, ch/2, 1, 2.5)
	return out
}

// TestDoubleCornerLines draws ╔ in a 9×18 cell (centre 4.5, 9; double
// lines 2 either side of the centre lines): the outer pair meets at the
// corner, the inner pair stops where the other inner line is.
func TestDoubleCornerLines(t *testing.T) {
	got := lines(boxArms['╔'], 9, 18)
	want := []string{
		"2 7 9 7 1",         // outer, along the top, from the outer vertical to the right edge
		"6 11 9 11 1",       // inner, from the inner vertical
		"2.5 6.5 2.5 18 1",  // outer, down the left, from the outer horizontal
		"6.5 10.5 6.5 18 1", // inner
	}
	if !slices.Equal(got, want) {
		t.Errorf("╔:\n got %q\nwant %q", got, want)
	}
}

// TestVerticalArmsAreHorizontalTransposed: in a square cell, a character
// whose arms are another's turned over the diagonal (left↔up, right↔down)
// draws the same strokes with x and y swapped, for every mix of light,
// heavy and double arms.
func TestVerticalArmsAreHorizontalTransposed(t *testing.T) {
	for n := range 256 {
		arms := [4]uint8{uint8(n & 3), uint8(n >> 2 & 3), uint8(n >> 4 & 3), uint8(n >> 6 & 3)}
		turned := [4]uint8{arms[2], arms[3], arms[0], arms[1]}
		var want []string
		drawArms(func(x1, y1, x2, y2, w float64) {
			want = append(want, fmt.Sprint(y1, x1, y2, x2, w))
		}, turned, 12, 12, 6, 6, 1, 2.5)
		got := lines(arms, 12, 12)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("arms %v:\n got %q\nwant %q (%v turned)", arms, got, want, turned)
		}
	}
}
