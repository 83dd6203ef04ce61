package main

import (
	"strings"
	"testing"
)

func render(t *testing.T, capture string, theme string) string {
	t.Helper()
	p := Render([]byte(capture), Options{Cols: 20, Rows: 3, Theme: theme, FontSize: 15})
	return string(p.HTML)
}

func TestColoursAndAttributes(t *testing.T) {
	h := render(t, "\x1b[1;38;2;255;0;0mRed\x1b[0m \x1b[7mrev\x1b[0m \x1b[31mansi\x1b[0m", "dark")
	for _, want := range []string{
		`left:0px;top:0px;width:27px;color:#ff0000;font-weight:700">Red</span>`,
		// reverse video: default fg becomes the background, default bg the text colour
		`width:27px;background:#cdd6f4"></div>`,
		`color:#1e1e2e">rev</span>`,
		// ANSI red comes from the theme's palette
		`color:#f38ba8">ansi</span>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestLightThemeDefaults(t *testing.T) {
	h := render(t, "x", "light")
	if !strings.Contains(h, "background:#fafafa") || !strings.Contains(h, "color:#1c1c1c") {
		t.Error("light theme should paint #1c1c1c on #fafafa")
	}
}

func TestLinesAreCRLFSoRowsStartAtColumnZero(t *testing.T) {
	h := render(t, "ab\ncd\n", "dark")
	if !strings.Contains(h, `left:0px;top:20px;width:18px;color:#cdd6f4">cd</span>`) {
		t.Errorf("second line should start at column 0 of row 1:\n%s", h)
	}
}

func TestWideCellsKeepTheGrid(t *testing.T) {
	h := render(t, "中a", "dark")
	// The CJK glyph is centred over two cells; "a" lands on the third.
	if !strings.Contains(h, `class="c" style="left:0px;top:0px;width:18px;color:#cdd6f4">中</span>`) {
		t.Errorf("wide glyph not drawn over two cells:\n%s", h)
	}
	if !strings.Contains(h, `left:18px;top:0px;width:9px;color:#cdd6f4">a</span>`) {
		t.Errorf("cell after a wide glyph misplaced:\n%s", h)
	}
}

func TestBoxDrawingIsVector(t *testing.T) {
	h := render(t, "╭─╮\n│x│\n╰─╯", "dark")
	if n := strings.Count(h, "<svg "); n != 8 {
		t.Errorf("want 8 drawn cells (the frame), got %d", n)
	}
	if strings.Contains(h, ">─<") || strings.Contains(h, ">╭<") {
		t.Error("box characters should not be drawn as font glyphs")
	}
}

func TestPageSizeFitsGrid(t *testing.T) {
	p := Render([]byte(""), Options{Cols: 80, Rows: 24, Theme: "dark", FontSize: 15})
	// 80×9 px grid + padding, 24×20 px + bar + padding, plus the shadow margin.
	if p.Width != 80*9+2*padding+2*margin || p.Height != 24*20+2*padding+barH+2*margin {
		t.Errorf("page %dx%d", p.Width, p.Height)
	}
}
