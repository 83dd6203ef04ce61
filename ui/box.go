package ui

import (
	"leadinspector/api/base/i18n"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

// boxStyle draws one kind of pane border. Its styles are turned into their
// escape sequences once per styles, so drawing a frame is string
// concatenation, not styling (View runs on every frame).
type boxStyle struct {
	border            lipgloss.Border
	line, title, info sgr
	left, right       string
}

// sgr is a style as the sequences that turn it on and off.
type sgr struct{ on, off string }

func sgrOf(st lipgloss.Style) sgr {
	r := st.Render("X")
	i := strings.IndexByte(r, 'X')
	if i < 0 {
		return sgr{}
	}
	return sgr{r[:i], r[i+1:]}
}

func (s sgr) render(text string) string {
	if s.on == "" {
		return text
	}
	return s.on + text + s.off
}

// boxes are the blurred and focused borders.
type boxes struct{ blurred, focused boxStyle }

func newBoxes(st *styles.Styles) *boxes {
	mk := func(pane, title lipgloss.Style) boxStyle {
		line := lipgloss.NewStyle()
		if c := pane.GetBorderTopForeground(); c != nil {
			line = line.Foreground(c)
		}
		b := pane.GetBorderStyle()
		ls := sgrOf(line)
		return boxStyle{
			border: b, line: ls, title: sgrOf(title), info: sgrOf(st.Muted),
			left: ls.render(b.Left), right: ls.render(b.Right),
		}
	}
	return &boxes{
		blurred: mk(st.Pane, st.PaneTitle),
		focused: mk(st.PaneFocused, st.PaneTitleFocused),
	}
}

func (b boxes) pick(focused bool) boxStyle {
	if focused {
		return b.focused
	}
	return b.blurred
}

// draw appends the h lines of a w×h box to out: title on the left of the top
// border, info on its right, content inside. Content lines must be exactly
// w-2 cells wide (the panes render them so); missing lines are blank.
func (b boxStyle) draw(out []string, w, h int, title, info string, content []string) []string {
	if w < 2 || h < 2 {
		return out
	}
	inner := w - 2
	out = append(out, b.top(inner, title, info))
	blank := ""
	for i := range h - 2 {
		if i < len(content) {
			out = append(out, b.left+content[i]+b.right)
			continue
		}
		if blank == "" {
			blank = b.left + strings.Repeat(" ", inner) + b.right
		}
		out = append(out, blank)
	}
	return append(out, b.line.render(b.border.BottomLeft+strings.Repeat(b.border.Bottom, inner)+b.border.BottomRight))
}

// top is the top border with the title and info set into it:
// ╭─ Title ──────── info ─╮
func (b boxStyle) top(inner int, title, info string) string {
	tw := cellfit.Width(title)
	iw := cellfit.Width(info)
	if info != "" && 1+tw+2+iw+3 > inner {
		info, iw = "", 0
	}
	if tw > inner-3 {
		title = cellfit.Cut(title, max(inner-3, 0))
		tw = cellfit.Width(title)
	}
	var s strings.Builder
	s.WriteString(b.line.render(b.border.TopLeft + b.border.Top))
	used := 1
	if tw > 0 {
		s.WriteString(" " + b.title.render(title) + " ")
		used += tw + 2
	}
	fill := inner - used
	if iw > 0 {
		fill -= iw + 3
	}
	s.WriteString(b.line.render(strings.Repeat(b.border.Top, max(fill, 0))))
	if iw > 0 {
		s.WriteString(" " + b.info.render(info) + " ")
		s.WriteString(b.line.render(b.border.Top))
	}
	s.WriteString(b.line.render(b.border.TopRight))
	return s.String()
}

// fitLines splits rendered text into lines of exactly w cells.
func fitLines(s string, w int) []string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = cellfit.Fit(l, w)
	}
	return lines
}

func rawTitle(l *i18n.Localizer, f api.Format, req request) string {
	t := l.T("ui.raw.title", "Format", f.Label())
	if req.active && req.kind == kindFlip {
		t += " · " + l.T("ui.raw.title_fetching", "Format", req.format.Label())
	}
	return t
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " · " + b
}

// tooSmall is the whole screen when the terminal is below what the
// inspector can draw: a plain sentence, wrapped to fit.
func tooSmall(l *i18n.Localizer, w, h int) string {
	msg := l.T("ui.too_small", "W", w, "H", h, "MinW", minWidth, "MinH", minHeight)
	lines := strings.Split(ansi.Wrap(msg, w, ""), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = cellfit.Fit(l, w)
	}
	return strings.Join(lines, "\n")
}
