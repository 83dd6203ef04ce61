package rawview

import (
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api/wire"
	"leadinspector/ui/styles"
)

// sgr is a style reduced to the escape sequences around its text, taken
// once from lipgloss so that a line of many small spans is built by string
// concatenation instead of a Render call per span.
type sgr struct{ on, off string }

func sgrOf(s lipgloss.Style) sgr {
	const marker = "M" // never part of an SGR sequence
	r := s.Render(marker)
	i := strings.Index(r, marker)
	if i < 0 {
		return sgr{}
	}
	return sgr{on: r[:i], off: r[i+len(marker):]}
}

func (s sgr) wrap(t string) string {
	if s.on == "" || t == "" {
		return t
	}
	return s.on + t + s.off
}

// palette holds the escape sequences of every style the body uses.
type palette struct {
	kinds               [numKinds]sgr
	match, current      sgr
	accent, muted, warn sgr
	// request is the header's request line: bold, unless the user asked
	// for no styling at all.
	request lipgloss.Style
}

func newPalette(st *styles.Styles) *palette {
	p := &palette{}
	for k, s := range map[kind]lipgloss.Style{
		kJSONKey: st.JSONKey, kJSONString: st.JSONString, kJSONNumber: st.JSONNumber,
		kJSONLiteral: st.JSONLiteral, kJSONPunct: st.JSONPunct,
		kXMLTag: st.XMLTag, kXMLAttrName: st.XMLAttrName, kXMLAttrValue: st.XMLAttrValue,
		kXMLText: st.XMLText, kXMLPunct: st.XMLPunct, kXMLComment: st.XMLComment,
	} {
		p.kinds[k] = sgrOf(s)
	}
	p.match = sgrOf(st.Match)
	p.current = sgrOf(st.CurrentMatch)
	p.accent, p.muted, p.warn = sgrOf(st.Accent), sgrOf(st.Muted), sgrOf(st.Warn)
	p.request = st.Text
	if !st.NoColor {
		p.request = st.Text.Bold(true)
	}
	return p
}

// cluster returns the length in bytes and the width in cells of the
// grapheme cluster at s[i], measured as ansi.StringWidth measures it.
func cluster(s string, i int) (n, w int) {
	if ascii1(s, i) {
		return 1, 1
	}
	cl, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	if len(cl) == 0 {
		return 1, 0
	}
	return len(cl), w
}

// ascii1 reports whether s[i] is a cluster of one ASCII character: it is
// followed by ASCII or nothing (a mark or modifier after it would join it).
// Sanitised text has no control characters, so such a cluster is one cell.
func ascii1(s string, i int) bool {
	return s[i] < 0x80 && (i+1 == len(s) || s[i+1] < 0x80)
}

// visibleRange finds the bytes of line shown in the cells [left, left+w):
// line[start:end], preceded by lead spaces standing in for the visible part
// of a wide character cut by the left edge; width is the cells used in all.
// It reads the line only up to the right edge, so very long lines cost what
// is shown, not what they hold.
func visibleRange(line string, left, w int) (start, end, lead, width int) {
	col, i := 0, 0
	for i < len(line) && col < left {
		if ascii1(line, i) {
			i++
			col++
			continue
		}
		n, cw := cluster(line, i)
		i += n
		col += cw
	}
	if col > left {
		lead = min(col-left, w)
	}
	// Zero-width marks belong to the character cut off before them.
	for left > 0 && i < len(line) && !ascii1(line, i) {
		n, cw := cluster(line, i)
		if cw != 0 {
			break
		}
		i += n
	}
	start, width = i, lead
	for i < len(line) {
		n, cw := 1, 1
		if !ascii1(line, i) {
			n, cw = cluster(line, i)
		}
		if width+cw > w {
			break
		}
		width += cw
		i += n
	}
	return start, i, lead, width
}

// minMarkWidth is the narrowest pane that marks cut lines: below it the
// arrows would leave no room for the text.
const minMarkWidth = 4

// renderLine draws body line k of d exactly w cells wide. A line that goes
// on past the right edge ends in a muted →, and while the view is scrolled
// sideways every line with text starts with a muted ←: those cells show the
// arrows instead of text. more reports the →.
func (v viewport) renderLine(d *doc, k int, sc *scratch) (s string, more bool) {
	line := d.line(k)
	left, w := v.xoff, v.w
	marks := v.w >= minMarkWidth
	markLeft := marks && v.xoff > 0 && line != ""
	if markLeft {
		left, w = left+1, w-1
	}
	// Keep the last cell for →; a line whose last character fits in it is
	// not cut after all.
	room := w
	if marks {
		room--
	}
	start, end, lead, width := visibleRange(line, left, room)
	if marks && end < len(line) {
		if n, cw := cluster(line, end); end+n == len(line) && width+cw <= w {
			end, width = len(line), width+cw
		} else {
			more = true
		}
	}
	var b strings.Builder
	b.Grow(v.w + 32)
	if markLeft {
		b.WriteString(v.pal.muted.wrap("←"))
	}
	b.WriteString(strings.Repeat(" ", lead))

	v.paint(&b, d, k, start, end, sc)
	pad := w - width
	if more {
		pad--
	}
	b.WriteString(strings.Repeat(" ", pad))
	if more {
		b.WriteString(v.pal.muted.wrap("→"))
	}
	return b.String(), more
}

// paint writes bytes [start, end) of body line k of d, syntax-coloured
// and with search matches marked.
func (v viewport) paint(b *strings.Builder, d *doc, k, start, end int, sc *scratch) {
	line := d.line(k)
	// Syntax spans of [0, end), then clipped to what is visible.
	sc.spans = sc.spans[:0]
	if v.coloured() && end > start {
		if v.isXML() {
			st := wire.XMLInText
			if d.xmlStates != nil {
				st = d.xmlStates[k]
			}
			xmlSpans(line[:end], st, func(a, b int, k kind) {
				sc.spans = append(sc.spans, span{a, b, k})
			})
		} else {
			sc.spans = jsonSpans(line, end, sc.spans)
		}
	}
	// Matches intersecting [start, end), relative to the line.
	sc.hits = sc.hits[:0]
	if mk := v.marks; len(mk.at) > 0 && end > start {
		base := d.start(k)
		i := sort.Search(len(mk.at), func(i int) bool { return mk.at[i]+mk.n > base+start })
		for ; i < len(mk.at) && mk.at[i] < base+end; i++ {
			sc.hits = append(sc.hits, hit{mk.at[i] - base, mk.at[i] - base + mk.n, i == mk.cur})
		}
	}

	// Walk the visible bytes piece by piece, a piece ending wherever the
	// syntax kind or the match state changes.
	si, hi := 0, 0
	for pos := start; pos < end; {
		next := end
		kd := kPlain
		for si < len(sc.spans) && sc.spans[si].end <= pos {
			si++
		}
		if si < len(sc.spans) {
			if s := sc.spans[si]; s.start <= pos {
				kd = s.k
				next = min(next, s.end)
			} else {
				next = min(next, s.start)
			}
		}
		for hi < len(sc.hits) && sc.hits[hi].end <= pos {
			hi++
		}
		var hl *sgr
		if hi < len(sc.hits) {
			if h := sc.hits[hi]; h.start <= pos {
				hl = &v.pal.match
				if h.current {
					hl = &v.pal.current
				}
				next = min(next, h.end)
			} else {
				next = min(next, h.start)
			}
		}
		// Never split a grapheme cluster between two styles: the halves
		// would measure (and draw) differently from the whole.
		q := pos
		for q < next {
			n, _ := cluster(line, q)
			q += n
		}
		next = min(q, end)
		text := line[pos:next]
		syn := v.pal.kinds[kd]
		switch {
		case hl != nil && (hl.on != "" || syn.on != ""):
			b.WriteString(syn.on)
			b.WriteString(hl.on)
			b.WriteString(text)
			b.WriteString(hl.off)
			if syn.off != hl.off {
				b.WriteString(syn.off) // lipgloss resets all with both; be sure
			}
		case syn.on != "":
			b.WriteString(syn.on)
			b.WriteString(text)
			b.WriteString(syn.off)
		default:
			b.WriteString(text)
		}
		pos = next
	}
}

// wrapIndent is the indent continuation rows of a wrapped line keep: the
// line's own leading spaces, at most half the width, so a wrapped value
// stays under its key.
func wrapIndent(line string, w int) int {
	n := len(line) - len(strings.TrimLeft(line, " "))
	if n >= len(line) {
		return 0
	}
	return min(n, w/2)
}

// rowEnd is where a wrapped row of line starting at byte start ends: as
// many clusters as fit in avail cells, at least one so every row moves on.
// It reads only what the row shows.
func rowEnd(line string, start, avail int) int {
	_, end, _, _ := visibleRange(line[start:], 0, max(avail, 1))
	if end == 0 && start < len(line) {
		end, _ = cluster(line, start)
	}
	return start + end
}

// rowAvail is the cells a row of a wrapped line has for text: all of them
// on its first row, less the indent after.
func (v viewport) rowAvail(line string, start int) (indent, avail int) {
	if start == 0 {
		return 0, v.w
	}
	indent = wrapIndent(line, v.w)
	return indent, v.w - indent
}

// renderRow draws the wrapped row of body line k that starts at byte
// start, exactly w cells wide, and says where the row ends.
func (v viewport) renderRow(d *doc, k, start int, sc *scratch) (s string, end int) {
	line := d.line(k)
	indent, avail := v.rowAvail(line, start)
	end = rowEnd(line, start, avail)
	var b strings.Builder
	b.Grow(v.w + 32)
	b.WriteString(strings.Repeat(" ", indent))
	v.paint(&b, d, k, start, end, sc)
	b.WriteString(strings.Repeat(" ", max(0, avail-cellsOf(line[start:end]))))
	return b.String(), end
}
