package rawview

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api/sanitize"
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

// renderLine draws body line k of d exactly w cells wide.
func (m Model) renderLine(d *doc, k int, sc *scratch) string {
	line := d.line(k)
	start, end, lead, width := visibleRange(line, m.xoff, m.w)
	var b strings.Builder
	b.Grow(m.w + 32)
	b.WriteString(strings.Repeat(" ", lead))

	// Syntax spans of [0, end), then clipped to what is visible.
	sc.spans = sc.spans[:0]
	if m.coloured() && end > start {
		if m.isXML() {
			st := xsText
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
	if len(m.matches) > 0 && end > start {
		base := d.lines[k]
		i := sort.Search(len(m.matches), func(i int) bool { return m.matches[i]+m.qlen > base+start })
		for ; i < len(m.matches) && m.matches[i] < base+end; i++ {
			sc.hits = append(sc.hits, hit{m.matches[i] - base, m.matches[i] - base + m.qlen, i == m.cur})
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
				hl = &m.pal.match
				if h.current {
					hl = &m.pal.current
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
		syn := m.pal.kinds[kd]
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
	b.WriteString(strings.Repeat(" ", m.w-width))
	return b.String()
}

// fit cuts s (which may hold SGR sequences) to w cells, with … when cut, and
// pads it with spaces to exactly w cells.
func fit(s string, w int) string {
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// header is the request/response line above the body. Every server value is
// sanitised; the Authorization header is not part of a Result and never
// shown. When it does not fit, the request line shrinks (keeping method,
// customer id and the start of the lead id) and the content type, then
// Accept, give way, so that status, size and time stay readable.
func (m Model) header() string {
	r := m.res
	st := m.st
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	request := sanitize.Line(method) + " " + sanitize.Line(r.Path)
	accept := r.Accept
	if accept == "" && r.Format != "" {
		accept = r.Format.Accept()
	}
	if accept != "" {
		accept = st.Muted.Render("Accept: " + sanitize.Line(accept))
	}
	status := ""
	if r.Status != 0 {
		status = fmt.Sprint(r.Status)
		if t := http.StatusText(r.Status); t != "" {
			status += " " + t
		}
		s := st.OK
		switch {
		case r.Status >= 500:
			s = st.Danger
		case r.Status >= 300:
			s = st.Warn
		}
		status = s.Render(status)
	}
	ctype := ""
	if r.ContentType != "" {
		ctype = st.Muted.Render(sanitize.Line(r.ContentType))
	}
	size := r.Size
	if size == 0 {
		size = int64(len(r.Body))
	}
	tail := st.Muted.Render(formatSize(size)) + st.Subtle.Render(" · ") + st.Muted.Render(formatDuration(r.Duration))
	if r.Attempts > 1 {
		tail += " " + st.Warn.Render(fmt.Sprintf("(retried %d×)", r.Attempts-1))
	}

	join := func(req string, parts ...string) string {
		out := m.pal.request.Render(req)
		for _, p := range parts {
			if p != "" {
				out += st.Subtle.Render(" · ") + p
			}
		}
		return out
	}
	// The first arrangement that leaves the request line at least
	// minRequestCells (or all it needs) wins; the request line then takes
	// whatever room is left.
	// With only status, size and time left, the request line makes do with
	// less, down to the method and the start of the path.
	reqW := ansi.StringWidth(request)
	for i, parts := range [][]string{{accept, status, ctype, tail}, {accept, status, tail}, {status, tail}} {
		need := minRequestCells
		if i == 2 {
			need = 12
		}
		room := m.w - ansi.StringWidth(join("", parts...))
		if room >= min(reqW, need) {
			if reqW > room {
				request = ansi.Truncate(request, room, "…")
			}
			return fit(join(request, parts...), m.w)
		}
	}
	return fit(join(request, status, tail), m.w)
}

// minRequestCells is how much of the request line the header keeps before
// giving up Accept or the content type.
const minRequestCells = 40

func formatSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
}

func formatDuration(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}

// footer is the last line: the search prompt while typing, else the search
// state and the scroll position.
// It is built every frame, so it uses the palette's escape sequences rather
// than lipgloss rendering.
func (m Model) footer() string {
	p := m.pal
	if m.typing {
		prompt := "/" + sanitize.Line(m.input) + "█"
		hint := "enter search · esc cancel"
		if ansi.StringWidth(prompt)+2+ansi.StringWidth(hint) > m.w {
			hint = ""
		}
		return m.leftRight(p.accent.wrap(prompt), p.muted.wrap(hint))
	}
	left := ""
	switch {
	case m.query == "":
	case len(m.matches) == 0:
		left = p.warn.wrap(fmt.Sprintf("no match for %q", sanitize.Line(m.query)))
	default:
		total := fmt.Sprint(len(m.matches))
		if m.capped {
			total += "+"
		}
		left = p.accent.wrap(fmt.Sprintf("match %d/%s", m.cur+1, total)) +
			p.muted.wrap(fmt.Sprintf(" · %q · n/N", sanitize.Line(m.query)))
	}
	return m.leftRight(left, p.muted.wrap(m.position()))
}

// position is "42% · line 120/284", plus the column when scrolled sideways.
func (m Model) position() string {
	d := m.doc()
	if d == nil {
		return ""
	}
	n := d.lineCount()
	maxTop := max(0, n-m.bodyRows())
	pct := 100
	if maxTop > 0 {
		pct = m.top * 100 / maxTop
	}
	s := fmt.Sprintf("%d%% · line %d/%d", pct, m.top+1, n)
	if m.xoff > 0 {
		s += fmt.Sprintf(" · col %d", m.xoff+1)
	}
	return s
}

// leftRight puts left and right on one line of w cells; right gives way
// first when they do not both fit.
func (m Model) leftRight(left, right string) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+1+rw > m.w {
		if lw >= m.w || right == "" {
			return fit(left, m.w)
		}
		return fit(left+" "+ansi.Truncate(right, m.w-lw-1, "…"), m.w)
	}
	return left + strings.Repeat(" ", m.w-lw-rw) + right
}
