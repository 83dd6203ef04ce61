package rawview

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/api/wire"
	"leadinspector/ui/cellfit"
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
func (m Model) renderLine(d *doc, k int, sc *scratch) (s string, more bool) {
	line := d.line(k)
	left, w := m.xoff, m.w
	marks := m.w >= minMarkWidth
	markLeft := marks && m.xoff > 0 && line != ""
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
	b.Grow(m.w + 32)
	if markLeft {
		b.WriteString(m.pal.muted.wrap("←"))
	}
	b.WriteString(strings.Repeat(" ", lead))

	m.paint(&b, d, k, start, end, sc)
	pad := w - width
	if more {
		pad--
	}
	b.WriteString(strings.Repeat(" ", pad))
	if more {
		b.WriteString(m.pal.muted.wrap("→"))
	}
	return b.String(), more
}

// paint writes bytes [start, end) of body line k of d, syntax-coloured
// and with search matches marked.
func (m Model) paint(b *strings.Builder, d *doc, k, start, end int, sc *scratch) {
	line := d.line(k)
	// Syntax spans of [0, end), then clipped to what is visible.
	sc.spans = sc.spans[:0]
	if m.coloured() && end > start {
		if m.isXML() {
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
	if len(m.matches) > 0 && end > start {
		base := d.start(k)
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
func (m Model) rowAvail(line string, start int) (indent, avail int) {
	if start == 0 {
		return 0, m.w
	}
	indent = wrapIndent(line, m.w)
	return indent, m.w - indent
}

// renderRow draws the wrapped row of body line k that starts at byte
// start, exactly w cells wide, and says where the row ends.
func (m Model) renderRow(d *doc, k, start int, sc *scratch) (s string, end int) {
	line := d.line(k)
	indent, avail := m.rowAvail(line, start)
	end = rowEnd(line, start, avail)
	var b strings.Builder
	b.Grow(m.w + 32)
	b.WriteString(strings.Repeat(" ", indent))
	m.paint(&b, d, k, start, end, sc)
	b.WriteString(strings.Repeat(" ", max(0, avail-cellsOf(line[start:end]))))
	return b.String(), end
}

// headerPart is one piece of the header: sanitised plain text and its
// style. Widths are measured on the text, styles applied at the end.
type headerPart struct {
	text  string
	style lipgloss.Style
}

// exchange is what the header says about the request and its answer.
type exchange struct {
	request           string // method and path
	accept            headerPart
	status, ctype     headerPart
	size, took, retry headerPart
	ctypeShort        string // the content type without its parameters
}

func (m Model) exchange() exchange {
	r, st := m.res, m.st
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	x := exchange{request: sanitize.Line(method) + " " + sanitize.Line(r.Path)}
	accept := r.Accept
	if accept == "" && r.Format != "" {
		accept = r.Format.Accept()
	}
	if accept != "" {
		x.accept = headerPart{"Accept: " + sanitize.Line(accept), st.Muted}
	}
	if r.Status != 0 {
		text := fmt.Sprint(r.Status)
		if t := http.StatusText(r.Status); t != "" {
			text += " " + t
		}
		s := st.OK
		switch {
		case r.Status >= 500:
			s = st.Danger
		case r.Status >= 300:
			s = st.Warn
		}
		x.status = headerPart{text, s}
	}
	if r.ContentType != "" {
		x.ctype = headerPart{sanitize.Line(r.ContentType), st.Muted}
		short, params, _ := strings.Cut(x.ctype.text, ";")
		x.ctypeShort = strings.TrimSpace(short)
		// A charset other than UTF-8 (a UTF-16 body) is news: kept.
		if _, cs, ok := strings.Cut(strings.ToLower(params), "charset="); ok {
			if cs = strings.Trim(strings.TrimSpace(strings.SplitN(cs, ";", 2)[0]), `"`); cs != "utf-8" && cs != "utf8" {
				x.ctypeShort += "; charset=" + cs
			}
		}
	}
	size := r.Size
	if size == 0 {
		size = int64(len(r.Body))
	}
	x.size = headerPart{api.FormatBytes(size), st.Muted}
	x.took = headerPart{formatDuration(r.Duration), st.Muted}
	if r.Attempts > 1 {
		x.retry = headerPart{m.l.N("ui.raw.retried", r.Attempts-1), st.Warn}
	}
	return x
}

// Ways to shorten the answer's parts when they do not fit.
const (
	ctypeFull  = iota
	ctypeShort // without its parameters ("; charset=utf-8")
	ctypeNone
)

// response is the answer's parts: status, content type, size, time and
// retries, the content type as long as asked.
func (x exchange) response(ct int) []headerPart {
	c := x.ctype
	switch {
	case ct == ctypeShort && c.text != "":
		c.text = x.ctypeShort
	case ct == ctypeNone:
		c.text = ""
	}
	return nonEmpty(x.status, c, x.size, x.took, x.retry)
}

func nonEmpty(parts ...headerPart) []headerPart {
	out := parts[:0]
	for _, p := range parts {
		if p.text != "" {
			out = append(out, p)
		}
	}
	return out
}

const (
	headerSep = " · "
	sepCells  = 3
)

func partsWidth(parts []headerPart) int {
	w := 0
	for i, p := range parts {
		if i > 0 {
			w += sepCells
		}
		w += ansi.StringWidth(p.text)
	}
	return w
}

// render joins styled parts with muted dots; lead, when set, is the styled
// request line in front of them.
func (m Model) render(lead string, parts []headerPart) string {
	var b strings.Builder
	b.WriteString(lead)
	for i, p := range parts {
		if i > 0 || lead != "" {
			b.WriteString(m.st.Subtle.Render(headerSep))
		}
		b.WriteString(p.style.Render(p.text))
	}
	return b.String()
}

// header is the lines above the body, at most maxLines of them: method,
// path, Accept, status, content type, size, time (and retries). Every server
// value is sanitised; the Authorization header is not part of a Result and
// never shown. The first of these that fits wins: all on one line; the
// request line, then the rest; the request line with Accept, then the
// answer; the request line, Accept and the answer on a line each. The
// request line is whole where it fits, else cut in the middle of the lead
// id, never at its end. Only when the lines run out does the answer give
// way: the content type's parameters, then the content type, then Accept.
func (m Model) header(maxLines int) []string {
	x := m.exchange()
	w := m.w
	reqW := ansi.StringWidth(x.request)
	full := m.pal.request.Render(x.request)
	cutReq := m.pal.request.Render(cutRequest(x.request, w))
	rest := append(nonEmpty(x.accept), x.response(ctypeFull)...)
	if reqW+sepCells+partsWidth(rest) <= w {
		return []string{cellfit.Fit(m.render(full, rest), w)}
	}
	if maxLines >= 2 {
		if partsWidth(rest) <= w {
			return []string{cellfit.Fit(cutReq, w), cellfit.Fit(m.render("", rest), w)}
		}
		if x.accept.text != "" && reqW+sepCells+ansi.StringWidth(x.accept.text) <= w &&
			partsWidth(x.response(ctypeFull)) <= w {
			return []string{cellfit.Fit(m.render(full, nonEmpty(x.accept)), w), cellfit.Fit(m.render("", x.response(ctypeFull)), w)}
		}
	}
	if maxLines >= 3 && x.accept.text != "" {
		return []string{cellfit.Fit(cutReq, w), cellfit.Fit(m.render("", nonEmpty(x.accept)), w), cellfit.Fit(m.shrink(x, false), w)}
	}
	if maxLines >= 2 {
		return []string{cellfit.Fit(cutReq, w), cellfit.Fit(m.shrink(x, true), w)}
	}
	return []string{m.oneLine(x)}
}

// shrink is the answer's parts (after Accept, when withAccept) in w cells,
// giving way in turn: the content type's parameters, the content type,
// Accept. What still does not fit is cut by fit.
func (m Model) shrink(x exchange, withAccept bool) string {
	var parts []headerPart
	for _, v := range []struct {
		accept bool
		ct     int
	}{{true, ctypeFull}, {true, ctypeShort}, {true, ctypeNone}, {false, ctypeNone}} {
		parts = x.response(v.ct)
		if v.accept && withAccept {
			parts = append(nonEmpty(x.accept), parts...)
		}
		if partsWidth(parts) <= m.w {
			break
		}
	}
	return m.render("", parts)
}

// oneLine is the header for a pane too low for more: the first arrangement
// that leaves the request line at least minRequestCells (or all it needs)
// wins, the request line taking whatever room is left; the content type,
// then Accept, give way. With only status, size and time left, the request
// line makes do with less.
func (m Model) oneLine(x exchange) string {
	reqW := ansi.StringWidth(x.request)
	arrangements := [][]headerPart{
		append(nonEmpty(x.accept), x.response(ctypeFull)...),
		append(nonEmpty(x.accept), x.response(ctypeNone)...),
		x.response(ctypeNone),
	}
	for i, parts := range arrangements {
		need := minRequestCells
		if i == len(arrangements)-1 {
			need = 12
		}
		room := m.w - sepCells - partsWidth(parts)
		if room >= min(reqW, need) {
			return cellfit.Fit(m.render(m.pal.request.Render(cutRequest(x.request, room)), parts), m.w)
		}
	}
	return cellfit.Fit(m.render(m.pal.request.Render(x.request), arrangements[2]), m.w)
}

// minRequestCells is how much of the request line a one-line header keeps
// before giving up Accept or the content type.
const minRequestCells = 40

// minIDCells is the least room for the lead id that cutRequest cuts in its
// middle; with less, the whole request line loses its middle.
const minIDCells = 9

// cutRequest fits the request line (plain text) into w cells: whole when it
// fits, else with … in place of the middle of the lead id (its last path
// segment), so that the start and end by which people compare ids stay
// readable.
func cutRequest(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	if i := strings.LastIndexByte(s, '/') + 1; i > 0 && i < len(s) {
		if room := w - ansi.StringWidth(s[:i]); room >= minIDCells {
			return s[:i] + cellfit.CutMiddle(s[i:], room)
		}
	}
	return cellfit.CutMiddle(s, w)
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
// state (or, without a search, how to see what is cut at the sides: more
// says a row on screen goes on to the right) and the scroll position.
// It is built every frame, so it uses the palette's escape sequences rather
// than lipgloss rendering.
func (m Model) footer(more bool) string {
	p := m.pal
	if m.typing {
		prompt := "/" + sanitize.Line(m.input) + "█"
		hint := m.l.T("ui.raw.prompt_hint")
		if ansi.StringWidth(prompt)+2+ansi.StringWidth(hint) > m.w {
			hint = ""
		}
		return m.leftRight(p.accent.wrap(prompt), p.muted.wrap(hint))
	}
	pos := m.position()
	left := ""
	switch {
	case m.query == "":
		left = m.sideHint(more, pos)
	case m.pending:
		left = p.muted.wrap(m.l.T("ui.raw.searching", "Query", strconv.Quote(sanitize.Line(m.query))))
	case len(m.matches) == 0:
		left = p.warn.wrap(m.l.T("ui.raw.no_match", "Query", strconv.Quote(sanitize.Line(m.query))))
	default:
		total := fmt.Sprint(len(m.matches))
		if m.capped {
			total += "+"
		}
		left = p.accent.wrap(m.l.T("ui.raw.match", "N", m.cur+1, "Total", total)) +
			p.muted.wrap(fmt.Sprintf(" · %q · n/N", sanitize.Line(m.query)))
	}
	return m.leftRight(left, p.muted.wrap(pos))
}

// sideHint says that lines are cut and which keys show the rest, when
// there is room for it beside the position pos.
func (m Model) sideHint(more bool, pos string) string {
	var hints []string
	w, moreText := m.l.T("ui.raw.side.wrap"), m.l.T("ui.raw.side.more")
	switch {
	case m.wrap:
		unwrap := m.l.T("ui.raw.side.unwrap")
		hints = []string{m.l.T("ui.raw.side.wrapped") + " · " + unwrap, unwrap}
	case m.xoff == 0 && more:
		hints = []string{moreText + " · " + w, m.l.T("ui.raw.side.more_short") + " · " + w, moreText, w}
	case m.xoff > 0 && more:
		both := m.l.T("ui.raw.side.both")
		hints = []string{both + " · " + w, m.l.T("ui.raw.side.both_short") + " · " + w, both}
	case m.xoff > 0:
		left := m.l.T("ui.raw.side.left")
		hints = []string{left + " · " + w, m.l.T("ui.raw.side.left_short") + " · " + w, left}
	}
	for _, h := range hints {
		if ansi.StringWidth(h)+1+ansi.StringWidth(pos) <= m.w {
			return m.pal.muted.wrap(h)
		}
	}
	return ""
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
	s := m.l.T("ui.raw.position", "Pct", pct, "Line", m.top+1, "Lines", n)
	if m.xoff > 0 {
		s += m.l.T("ui.raw.column", "Col", m.xoff+1)
	}
	return s
}

// leftRight puts left and right on one line of w cells; right gives way
// first when they do not both fit.
func (m Model) leftRight(left, right string) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+1+rw > m.w {
		if lw >= m.w || right == "" {
			return cellfit.Fit(left, m.w)
		}
		return cellfit.Fit(left+" "+ansi.Truncate(right, m.w-lw-1, "…"), m.w)
	}
	return left + strings.Repeat(" ", m.w-lw-rw) + right
}
