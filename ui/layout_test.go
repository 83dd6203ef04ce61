package ui

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestLayoutTilesTheScreen(t *testing.T) {
	for _, sz := range [][2]int{{60, 16}, {80, 24}, {119, 30}, {120, 40}, {160, 50}, {300, 100}, {1000, 1000}} {
		for _, rows := range []int{1, 2} {
			w, h := sz[0], sz[1]
			f := layout(w, h, rows)
			if f.TooSmall {
				t.Fatalf("%d×%d: too small", w, h)
			}
			// Every cell belongs to exactly one rect.
			var grid = make([]int, w*h)
			rects := []rect{f.Input, f.Detail, f.History, f.Status, f.Help}
			if f.Wide {
				rects = append(rects, f.Raw)
			}
			for _, r := range rects {
				if r.W <= 0 || r.H <= 0 || r.X < 0 || r.Y < 0 || r.X+r.W > w || r.Y+r.H > h {
					t.Fatalf("%d×%d: rect %+v out of the screen", w, h, r)
				}
				for y := r.Y; y < r.Y+r.H; y++ {
					for x := r.X; x < r.X+r.W; x++ {
						grid[y*w+x]++
					}
				}
			}
			for i, n := range grid {
				if n != 1 {
					t.Fatalf("%d×%d, %d status rows: cell (%d,%d) covered %d times", w, h, rows, i%w, i/w, n)
				}
			}
			if f.Wide != (w >= 120) {
				t.Errorf("%d×%d: Wide = %v", w, h, f.Wide)
			}
			if !f.Wide && f.Raw != f.Detail {
				t.Errorf("%d×%d: narrow layout must share one slot for detail and raw", w, h)
			}
			if f.Status.H != rows || f.Help.H != 1 || f.Help.Y != h-1 {
				t.Errorf("%d×%d: status %+v, help %+v, want %d status rows above the help line", w, h, f.Status, f.Help, rows)
			}
			// Panes keep room for content inside their borders: with two
			// status rows the history keeps two entries.
			if f.Main.H < 6 || f.History.H < minHistory-(rows-1) || f.Input.H != inputHeight {
				t.Errorf("%d×%d: cramped: %+v", w, h, f)
			}
			// The second status row comes out of the history, not the lead.
			if one := layout(w, h, 1); rows == 2 && (f.Main != one.Main || f.History.H != one.History.H-1) {
				t.Errorf("%d×%d: a second status row took main %+v→%+v, history %+v→%+v",
					w, h, one.Main, f.Main, one.History, f.History)
			}
		}
	}
}

func TestLayoutSizes(t *testing.T) {
	f := layout(80, 24, 1)
	if got := (rect{0, 3, 80, 14}); f.Main != got {
		t.Errorf("80×24 main = %+v, want %+v", f.Main, got)
	}
	if got := (rect{0, 17, 80, 5}); f.History != got {
		t.Errorf("80×24 history = %+v, want %+v", f.History, got)
	}
	f = layout(80, 24, 2)
	if got := (rect{0, 17, 80, 4}); f.History != got {
		t.Errorf("80×24 with two status rows: history = %+v, want %+v", f.History, got)
	}
	if got := (rect{0, 21, 80, 2}); f.Status != got {
		t.Errorf("80×24 with two status rows: status = %+v, want %+v", f.Status, got)
	}
	// Out-of-range row counts are held to 1 and 2.
	if layout(80, 24, 0) != layout(80, 24, 1) || layout(80, 24, 5) != layout(80, 24, 2) {
		t.Error("status rows not clamped to 1..2")
	}
	f = layout(120, 40, 1)
	if f.Detail.W+f.Raw.W != 120 || f.Detail.W != 60 {
		t.Errorf("120×40 split %d + %d", f.Detail.W, f.Raw.W)
	}
}

func TestLayoutTooSmall(t *testing.T) {
	for _, sz := range [][2]int{{59, 24}, {80, 15}, {20, 5}, {1, 1}, {0, 0}, {-5, -5}} {
		if f := layout(sz[0], sz[1], 1); !f.TooSmall || f.Main != (rect{}) {
			t.Errorf("%d×%d: want TooSmall only, got %+v", sz[0], sz[1], f)
		}
	}
}

func FuzzCellWidth(f *testing.F) {
	for _, s := range []string{"", "abc", "\x1b[1;31mred\x1b[m", "\x1b[38:5:1mx", "å", "\x1b]0;t\x07", "\x1b[", "\x1b[12", "a\tb", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Fatalf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	})
}
