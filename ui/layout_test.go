package ui

import (
	"fmt"
	"os"
	"strings"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"testing"
)

// TestLayoutTilesTheScreen is the layout's property test: for every size
// from the smallest drawn up to large, every status height and every
// history length, the panes tile the screen, the history box is sized to
// its entries within its bounds, and a second status row never takes from
// the lead while the history can give it.
func TestLayoutTilesTheScreen(t *testing.T) {
	var sizes [][2]int
	for w := minWidth; w <= 130; w += 7 {
		for h := minHeight; h <= 70; h++ {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	sizes = append(sizes, [2]int{119, 30}, [2]int{120, 40}, [2]int{160, 50}, [2]int{200, 60}, [2]int{300, 100}, [2]int{1000, 1000})
	grid := make([]int, 1000*1000)
	for _, sz := range sizes {
		for _, entries := range []int{0, 1, 2, 3, 4, 7, 12, 40, 500} {
			for _, rows := range []int{1, 2} {
				w, h := sz[0], sz[1]
				f := layout(w, h, rows, entries, true)
				if f.TooSmall {
					t.Fatalf("%d×%d: too small", w, h)
				}
				// Every cell belongs to exactly one rect.
				clear(grid[:w*h])
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
				for i, n := range grid[:w*h] {
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
				// History: its entries in a border, at least three rows of
				// content, at most a third of the height.
				if f.History.H < minHistory-(rows-1) || f.History.H > max(h/3, minHistory) {
					t.Errorf("%d×%d, %d entries: history %d rows, want %d..%d", w, h, entries, f.History.H, minHistory, h/3)
				}
				want := min(max(entries, 3)+2, max(h/3, minHistory))
				if one := layout(w, h, 1, entries, true); rows == 1 && f.History.H != want {
					t.Errorf("%d×%d, %d entries: history %d rows, want %d", w, h, entries, f.History.H, want)
				} else if rows == 2 {
					// The second status row comes out of the history when
					// it is at its cap (its list scrolls anyway), else out of
					// the lead, so the entries stay on screen.
					fromHist := one.History.H == max(h/3, minHistory)
					if fromHist && (f.Main != one.Main || f.History.H != one.History.H-1) ||
						!fromHist && (f.History.H != one.History.H || f.Main.H != one.Main.H-1) {
						t.Errorf("%d×%d, %d entries: a second status row took main %+v→%+v, history %+v→%+v",
							w, h, entries, one.Main, f.Main, one.History, f.History)
					}
				}
				if f.Main.H < 6 || f.Input.H != inputHeight {
					t.Errorf("%d×%d: cramped: %+v", w, h, f)
				}
			}
		}
	}
}

func TestLayoutSizes(t *testing.T) {
	// 2 entries: a box of three rows, so that it reads as a list.
	f := layout(80, 24, 1, 2, true)
	if got := (rect{0, 3, 80, 14}); f.Main != got {
		t.Errorf("80×24 with 2 entries: main = %+v, want %+v", f.Main, got)
	}
	if got := (rect{0, 17, 80, 5}); f.History != got {
		t.Errorf("80×24 with 2 entries: history = %+v, want %+v", f.History, got)
	}
	// 4 entries in a 120×40 terminal: a box of 6, not 9.
	if got := layout(120, 40, 1, 4, true).History.H; got != 6 {
		t.Errorf("120×40 with 4 entries: history %d rows, want 6", got)
	}
	if got := layout(80, 24, 1, 50, true).History.H; got != 8 {
		t.Errorf("80×24 with 50 entries: history %d rows, want a third of the height, 8", got)
	}
	f = layout(80, 24, 2, 2, true)
	if got := (rect{0, 16, 80, 5}); f.History != got {
		t.Errorf("80×24 with two status rows: history = %+v, want %+v", f.History, got)
	}
	if got := (rect{0, 21, 80, 2}); f.Status != got {
		t.Errorf("80×24 with two status rows: status = %+v, want %+v", f.Status, got)
	}
	// Out-of-range row counts are held to 1 and 2.
	if layout(80, 24, 0, 2, true) != layout(80, 24, 1, 2, true) || layout(80, 24, 5, 2, true) != layout(80, 24, 2, 2, true) {
		t.Error("status rows not clamped to 1..2")
	}
	f = layout(120, 40, 1, 2, true)
	if f.Detail.W+f.Raw.W != 120 || f.Detail.W != 60 {
		t.Errorf("120×40 split %d + %d", f.Detail.W, f.Raw.W)
	}
}

func TestLayoutTooSmall(t *testing.T) {
	for _, sz := range [][2]int{{59, 24}, {80, 15}, {20, 5}, {1, 1}, {0, 0}, {-5, -5}} {
		if f := layout(sz[0], sz[1], 1, 3, true); !f.TooSmall || f.Main != (rect{}) {
			t.Errorf("%d×%d: want TooSmall only, got %+v", sz[0], sz[1], f)
		}
	}
}

// seedLikeLead is Vitec's sample (api/testdata/seed.json: all three
// receiver levels, anonymised with the contact id the sample still
// carries, two UTM tags) sent four months before the tests' clock.
func seedLikeLead(t *testing.T) *api.IncomingLead {
	t.Helper()
	b, err := os.ReadFile("../api/testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := api.DecodeJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	l.SentAt = testNow.AddDate(0, -4, 0)
	return l
}

// TestMessageOnScreenWithoutScrolling: the field support needs most is in
// the detail pane as soon as the lead shows, at 120×40 and at 80×24, for
// the demo's ordinary lead and for a lead like the seed's sample.
func TestMessageOnScreenWithoutScrolling(t *testing.T) {
	firstLine := func(m Model) string {
		t.Helper()
		if m.panes.detail.lead == nil {
			t.Fatal("no lead on screen")
		}
		l, _, _ := strings.Cut(strings.TrimSpace(m.panes.detail.lead.Message), "\n")
		if l == "" {
			t.Fatal("the lead has no message")
		}
		// The start of the line: at 80 columns the rest may wrap.
		return strings.TrimSpace(string([]rune(l)[:min(len([]rune(l)), 30)]))
	}
	for _, sz := range [][2]int{{120, 40}, {80, 24}} {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("demo-ordinary-%dx%d", w, h), func(t *testing.T) {
			m := namedDemoLookup(t, w, h)
			if want, s := firstLine(m), screen(m); !strings.Contains(s, want) {
				t.Errorf("message %q not on screen:\n%s", want, s)
			}
		})
		t.Run(fmt.Sprintf("seed-like-%dx%d", w, h), func(t *testing.T) {
			m, fc := newTest(t, w, h)
			fc.leads["LEDSEED"] = seedLikeLead(t)
			m = lookUp(t, m, "LEDSEED")
			s := screen(m)
			if want := firstLine(m); !strings.Contains(s, want) {
				t.Errorf("message %q not on screen:\n%s", want, s)
			}
			for _, want := range []string{"[New]", "‹AcceptObjectFlow›", "anonymised", "4 mo ago", "held by"} {
				if !strings.Contains(s, want) {
					t.Errorf("summary lacks %q:\n%s", want, s)
				}
			}
		})
	}
}

// TestHistoryBoxFitsItsEntries: one lookup leaves a small history box (at
// least three rows of it, issue 11) and the rows to the lead.
func TestHistoryBoxFitsItsEntries(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	if got := m.fr.History.H; got != 5 {
		t.Errorf("history box with one entry is %d rows, want 3 rows in a border", got)
	}
	for _, id := range []string{"LEDOFF", "LEDSTATE", "LEDUTM"} {
		m = lookUp(t, m, id)
	}
	if got := m.fr.History.H; got != 6 {
		t.Errorf("history box with four entries is %d rows, want 6", got)
	}
	if n := strings.Count(screen(m), "M30011  LED"); n != 4 {
		t.Errorf("want the four entries on screen, see %d:\n%s", n, screen(m))
	}
}

// TestDetailPaneSpeaksTheLanguageItIsGiven: the pane hands its Localizer
// to the renderer (the root sets it from Options), and a new language
// renders again.
func TestDetailPaneSpeaksTheLanguageItIsGiven(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	if s := screen(m); !strings.Contains(s, "Message") {
		t.Fatalf("English by default:\n%s", s)
	}
	m.panes.detail.l = i18n.New(i18n.Swedish)
	m = drain(t, m, m.refresh())
	s := screen(m)
	for _, want := range []string{"Meddelande", "Mottagare", "Handläggare", "för 3 dagar sedan", "‹AcceptObjectFlow›"} {
		if !strings.Contains(s, want) {
			t.Errorf("Swedish detail pane lacks %q:\n%s", want, s)
		}
	}
}

// Below foldHeight rows the history folds to one row while another pane has
// the focus, the rest going to the lead; focused, it has its usual size
// (issue 20.5).
func TestLayoutFoldsTheHistoryWhenShort(t *testing.T) {
	for h := minHeight; h <= 60; h++ {
		for _, rows := range []int{1, 2} {
			open, folded := layout(80, h, rows, 50, true), layout(80, h, rows, 50, false)
			switch {
			case h < foldHeight && folded.History.H != foldedHistory:
				t.Errorf("80×%d: unfocused history %d rows, want %d", h, folded.History.H, foldedHistory)
			case h < foldHeight && folded.Main.H <= open.Main.H:
				t.Errorf("80×%d: folding gave the lead nothing: %d vs %d", h, folded.Main.H, open.Main.H)
			case h >= foldHeight && folded != open:
				t.Errorf("80×%d: history folded at a height with room", h)
			}
		}
	}
	if f := layout(80, 24, 1, 50, false); f.Main.H != 16 {
		t.Errorf("80×24, 50 entries, history not focused: main %d rows, want 16", f.Main.H)
	}
}
