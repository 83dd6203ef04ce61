package main

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// Options describe the terminal that was captured and how to draw it.
type Options struct {
	Cols, Rows int
	Theme      string // "dark" or "light"
	Title      string
	FontSize   int // CSS pixels
}

// Page is the rendered HTML and the viewport it needs.
type Page struct {
	HTML          []byte
	Width, Height int // CSS pixels, including the margin around the window
}

// theme holds the colours a terminal uses for "default" and the 16 ANSI colours.
type theme struct {
	fg, bg, bar, frame string
	ansi               [16]string
}

var themes = map[string]theme{
	"dark": {
		fg: "#cdd6f4", bg: "#1e1e2e", bar: "#181825", frame: "rgba(255,255,255,0.10)",
		ansi: [16]string{
			"#45475a", "#f38ba8", "#a6e3a1", "#f9e2af", "#89b4fa", "#f5c2e7", "#94e2d5", "#bac2de",
			"#585b70", "#f38ba8", "#a6e3a1", "#f9e2af", "#89b4fa", "#f5c2e7", "#94e2d5", "#a6adc8",
		},
	},
	"light": {
		fg: "#1c1c1c", bg: "#fafafa", bar: "#e9e9ec", frame: "rgba(0,0,0,0.16)",
		ansi: [16]string{
			"#5c5f77", "#d20f39", "#40a02b", "#df8e1d", "#1e66f5", "#ea76cb", "#179299", "#acb0be",
			"#6c6f85", "#d20f39", "#40a02b", "#df8e1d", "#1e66f5", "#ea76cb", "#179299", "#bcc0cc",
		},
	},
}

// Geometry of the window around the grid, in CSS pixels.
const (
	margin  = 28 // transparent space for the shadow; trimmed later
	padding = 14 // between the window edge and the grid
	barH    = 30 // title bar
)

// cell is one grid cell with its style resolved to CSS colours.
type cell struct {
	text           string
	width          int
	fg, bg         string
	bold, italic   bool
	strike         bool
	ul             ansi.Underline
	ulColor        string
	drawn          bool // box-drawing or block element: drawn as SVG, not text
	runnable       bool // safe to merge into a text run (glyph in the main font)
	blank          bool
	startX, startY int
}

// Render replays a capture through a virtual terminal and draws the result.
func Render(capture []byte, o Options) Page {
	th := themes[o.Theme]
	grid := replay(capture, o.Cols, o.Rows, th)

	cw := float64(o.FontSize) * 0.6 // JetBrains Mono advance is 600/1000 em
	ch := math.Round(float64(o.FontSize) * 4 / 3)
	gridW := cw * float64(o.Cols)
	gridH := ch * float64(o.Rows)
	winW := gridW + 2*padding
	winH := gridH + 2*padding + barH

	var b bytes.Buffer
	fmt.Fprintf(&b, `<!doctype html>
<html><head><meta charset="utf-8"><title>%s</title>
<style>
html,body{margin:0;padding:0;background:transparent}
.win{position:absolute;left:%dpx;top:%dpx;width:%gpx;height:%gpx;background:%s;border-radius:10px;
 box-shadow:0 0 0 1px %s,0 10px 28px rgba(0,0,0,0.30);overflow:hidden}
.bar{position:absolute;left:0;top:0;right:0;height:%dpx;background:%s;
 font:500 12px/%dpx "JetBrains Mono",monospace;color:%s;text-align:center;opacity:.85}
.dot{position:absolute;top:10px;width:11px;height:11px;border-radius:50%%}
.grid{position:absolute;left:%dpx;top:%dpx;width:%gpx;height:%gpx;color:%s;
 font-family:"JetBrains Mono","Noto Color Emoji","WenQuanYi Micro Hei",monospace;font-size:%dpx;
 font-variant-ligatures:none;font-feature-settings:"liga" 0,"calt" 0;
 -webkit-font-smoothing:antialiased;text-rendering:geometricPrecision}
.grid>*{position:absolute;height:%gpx}
.grid>span{line-height:%gpx;white-space:pre;overflow:visible}
.grid>span.c{text-align:center}
.grid>svg{overflow:hidden}
</style></head><body>
`, html.EscapeString(o.Title),
		margin, margin, winW, winH, th.bg, th.frame,
		barH, th.bar, barH, th.fg,
		padding, barH+padding, gridW, gridH, th.fg, o.FontSize,
		ch, ch)

	fmt.Fprintf(&b, `<div class="win"><div class="bar">`)
	for i, c := range []string{"#ff5f57", "#febc2e", "#28c840"} {
		fmt.Fprintf(&b, `<span class="dot" style="left:%dpx;background:%s"></span>`, 12+i*18, c)
	}
	fmt.Fprintf(&b, `%s</div><div class="grid">`+"\n", html.EscapeString(o.Title))

	for y, row := range grid {
		top := float64(y) * ch
		writeBackgrounds(&b, row, th, top, cw, ch)
		writeText(&b, row, top, cw, ch)
	}
	b.WriteString("</div></div></body></html>\n")

	return Page{
		HTML:   b.Bytes(),
		Width:  int(math.Ceil(winW)) + 2*margin,
		Height: int(math.Ceil(winH)) + 2*margin,
	}
}

// replay feeds the capture to a virtual terminal and reads back its cells.
func replay(capture []byte, cols, rows int, th theme) [][]cell {
	em := vt.NewEmulator(cols, rows)
	// tmux separates lines with a bare LF; a terminal needs CR LF. No newline
	// after the last line, or the screen would scroll by one.
	text := bytes.TrimRight(capture, "\n")
	text = bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n"))
	_, _ = em.Write(text)

	grid := make([][]cell, rows)
	for y := range rows {
		row := make([]cell, 0, cols)
		for x := 0; x < cols; {
			c := em.CellAt(x, y)
			rc := resolve(c, th)
			rc.startX, rc.startY = x, y
			row = append(row, rc)
			x += rc.width
		}
		grid[y] = row
	}
	return grid
}

func resolve(c *uv.Cell, th theme) cell {
	if c == nil {
		return cell{text: " ", width: 1, fg: th.fg, bg: th.bg, blank: true}
	}
	st := c.Style
	fg := cssColor(st.Fg, th, th.fg)
	bg := cssColor(st.Bg, th, th.bg)
	if st.Attrs&uv.AttrReverse != 0 {
		fg, bg = bg, fg
	}
	if st.Attrs&uv.AttrFaint != 0 {
		fg = mix(fg, bg, 0.55)
	}
	if st.Attrs&uv.AttrConceal != 0 {
		fg = bg
	}
	w := max(c.Width, 1)
	text := c.Content
	if text == "" {
		text = " "
	}
	out := cell{
		text:   text,
		width:  w,
		fg:     fg,
		bg:     bg,
		bold:   st.Attrs&uv.AttrBold != 0,
		italic: st.Attrs&uv.AttrItalic != 0,
		strike: st.Attrs&uv.AttrStrikethrough != 0,
		ul:     st.Underline,
	}
	if st.Underline != ansi.UnderlineNone {
		out.ulColor = cssColor(st.UnderlineColor, th, fg)
	}
	r := []rune(text)
	out.drawn = len(r) == 1 && isDrawn(r[0])
	out.runnable = w == 1 && allInMainFont(r)
	out.blank = strings.TrimSpace(text) == "" && st.Underline == ansi.UnderlineNone && !out.strike
	return out
}

// allInMainFont reports whether JetBrains Mono has every rune, so a run of
// them advances exactly one cell each and can be drawn as one span.
func allInMainFont(rs []rune) bool {
	for _, r := range rs {
		switch {
		case r >= 0x20 && r <= 0x7e, r >= 0xa0 && r <= 0x17f:
		case r == '–', r == '—', r == '‘', r == '’', r == '“', r == '”', r == '…', r == '•':
		default:
			return false
		}
	}
	return true
}

func cssColor(c color.Color, th theme, def string) string {
	switch v := c.(type) {
	case nil:
		return def
	case ansi.BasicColor:
		return th.ansi[int(v)&15]
	case ansi.IndexedColor:
		if v < 16 {
			return th.ansi[v]
		}
	}
	r, g, b, a := c.RGBA()
	if a == 0 {
		return def
	}
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// mix blends a toward b by t (0 = a, 1 = b); both are #rrggbb.
func mix(a, b string, t float64) string {
	var ar, ag, ab, br, bg, bb int
	if _, err := fmt.Sscanf(a, "#%02x%02x%02x", &ar, &ag, &ab); err != nil {
		return a
	}
	if _, err := fmt.Sscanf(b, "#%02x%02x%02x", &br, &bg, &bb); err != nil {
		return a
	}
	f := func(x, y int) int { return int(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return fmt.Sprintf("#%02x%02x%02x", f(ar, br), f(ag, bg), f(ab, bb))
}

// writeBackgrounds draws one rectangle per run of equal non-default background.
func writeBackgrounds(b *bytes.Buffer, row []cell, th theme, top, cw, ch float64) {
	for i := 0; i < len(row); {
		bg := row[i].bg
		j, cols := i, 0
		for j < len(row) && row[j].bg == bg {
			cols += row[j].width
			j++
		}
		if bg != th.bg {
			fmt.Fprintf(b, `<div style="left:%gpx;top:%gpx;width:%gpx;background:%s"></div>`,
				float64(row[i].startX)*cw, top, float64(cols)*cw, bg)
		}
		i = j
	}
	b.WriteByte('\n')
}

func sameText(a, c cell) bool {
	return a.fg == c.fg && a.bold == c.bold && a.italic == c.italic && a.strike == c.strike &&
		a.ul == c.ul && a.ulColor == c.ulColor
}

// writeText draws runs of main-font glyphs as one span each, other glyphs
// centred in their own cells, and line-drawing characters as SVG.
func writeText(b *bytes.Buffer, row []cell, top, cw, ch float64) {
	for i := 0; i < len(row); {
		c := row[i]
		switch {
		case c.drawn:
			writeDrawn(b, c, float64(c.startX)*cw, top, cw, ch)
			i++
		case c.runnable:
			j := i
			var sb strings.Builder
			for j < len(row) && row[j].runnable && !row[j].drawn && sameText(c, row[j]) {
				sb.WriteString(row[j].text)
				j++
			}
			s, n := sb.String(), j-i
			if c.ul == ansi.UnderlineNone && !c.strike {
				// Trailing blanks draw nothing; the background is drawn apart.
				t := strings.TrimRight(s, " ")
				n -= len(s) - len(t)
				s = t
			}
			if n > 0 {
				writeSpan(b, c, s, "", float64(c.startX)*cw, top, float64(n)*cw)
			}
			i = j
		default:
			if !c.blank {
				writeSpan(b, c, c.text, "c", float64(c.startX)*cw, top, float64(c.width)*cw)
			}
			i++
		}
	}
	b.WriteByte('\n')
}

func writeSpan(b *bytes.Buffer, c cell, text, class string, left, top, width float64) {
	var st strings.Builder
	fmt.Fprintf(&st, "left:%gpx;top:%gpx;width:%gpx;color:%s", left, top, width, c.fg)
	if c.bold {
		st.WriteString(";font-weight:700")
	}
	if c.italic {
		st.WriteString(";font-style:italic")
	}
	var deco []string
	if c.ul != ansi.UnderlineNone {
		deco = append(deco, "underline")
	}
	if c.strike {
		deco = append(deco, "line-through")
	}
	if len(deco) > 0 {
		style := map[ansi.Underline]string{
			ansi.UnderlineDouble: "double", ansi.UnderlineCurly: "wavy",
			ansi.UnderlineDotted: "dotted", ansi.UnderlineDashed: "dashed",
		}[c.ul]
		if style == "" {
			style = "solid"
		}
		col := c.ulColor
		if col == "" {
			col = c.fg
		}
		fmt.Fprintf(&st, ";text-decoration:%s %s %s;text-underline-offset:3px", strings.Join(deco, " "), style, col)
	}
	cls := ""
	if class != "" {
		cls = ` class="` + class + `"`
	}
	fmt.Fprintf(b, `<span%s style="%s">%s</span>`, cls, st.String(), html.EscapeString(text))
}
