package rawview

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"unsafe"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/api/wire"
)

const (
	// colourLimit is the largest body that is syntax-coloured; bigger ones
	// are shown plain so scrolling stays smooth.
	colourLimit = 1 << 20
	tabWidth    = 8
	// maskText replaces a private value while privacy mode is on.
	maskText = api.MaskText
)

// doc is a body prepared for display: pretty-printed, sanitised, tabs
// expanded, and (for the private variant) values masked. It is built once
// per SetResult or privacy change and never modified afterwards.
type doc struct {
	// text is what is shown: one string, sliced per line without copying.
	text string
	// lines holds the byte offset at which each line starts (start(k)).
	// A private doc whose masked values each lie within one line (always
	// so for JSON) has none of its own: its lines are those of shifted,
	// the base doc, moved through the edits.
	lines   offsets
	shifted *doc
	// maxLine is the longest line in bytes, an upper bound on its width in
	// cells (no UTF-8 sequence is narrower in bytes than on screen).
	maxLine int
	// xmlStates is the XML tokenizer state at the start of each line, for
	// colouring lines that begin inside a comment, CDATA or a tag; nil when
	// the body is not coloured XML.
	xmlStates []wire.XMLState
	// edits are the privacy replacements, in order; none for the base text.
	edits edits
}

// edits are the masked values of a private doc: the k-th replaced
// base[start(k):end(k)] by maskText at newStart(k) of the private text.
type edits struct{ start, end, newStart offsets }

func (e *edits) len() int { return e.start.len() }

func (e *edits) newEnd(k int) int { return e.newStart.at(k) + len(maskText) }

// displayText turns a body into the text the view shows.
func displayText(body []byte, f api.Format) string {
	p := api.Pretty(body, f)
	// The pretty-printed copy is this function's own: the text can be it,
	// not a copy of it (sanitising returns clean text as it is). What
	// Pretty returns unchanged is the result's body, which is copied.
	owned := len(p) > 0 && (len(body) == 0 || unsafe.SliceData(p) != unsafe.SliceData(body))
	// A BOM is invisible and would only confuse width measurement.
	p = bytes.TrimPrefix(p, []byte("\xef\xbb\xbf"))
	// Every character the server sent is seen: invisible ones as escapes.
	if !owned {
		return expandTabs(sanitize.Raw(p))
	}
	return expandTabs(sanitize.RawText(unsafe.String(unsafe.SliceData(p), len(p))))
}

// offsets are byte offsets into a text, in order: in 32 bits, half the
// memory of a 10 MiB body's million lines, unless the text is 2 GiB or more
// (big). One of the two slices is used.
type offsets struct {
	small []int32
	big   []int
}

// makeOffsets has room for n offsets into a text of textLen bytes.
func makeOffsets(n, textLen int) offsets {
	if textLen <= math.MaxInt32 {
		return offsets{small: make([]int32, 0, n)}
	}
	return offsets{big: make([]int, 0, n)}
}

func (o *offsets) len() int { return len(o.small) + len(o.big) }

func (o *offsets) at(k int) int {
	if o.big != nil {
		return o.big[k]
	}
	return int(o.small[k])
}

func (o *offsets) add(off int) {
	if o.big != nil {
		o.big = append(o.big, off)
		return
	}
	o.small = append(o.small, int32(off))
}

func newDoc(text string, xmlStates bool) *doc {
	d := &doc{text: text}
	d.lines = makeOffsets(strings.Count(text, "\n")+1, len(text))
	d.maxLine = eachLine(text, d.lines.add)
	if xmlStates {
		d.scanXMLStates()
	}
	return d
}

// eachLine calls add with the start of each line of text and returns the
// length of the longest. A final newline does not start another line.
func eachLine(text string, add func(start int)) (maxLine int) {
	for start := 0; ; {
		add(start)
		i := strings.IndexByte(text[start:], '\n')
		if i < 0 {
			return max(maxLine, len(text)-start)
		}
		maxLine = max(maxLine, i)
		start += i + 1
		if start == len(text) {
			return maxLine
		}
	}
}

// scanXMLStates stores the tokenizer's state at the start of every line.
func (d *doc) scanXMLStates() {
	d.xmlStates = make([]wire.XMLState, d.lineCount())
	st := wire.XMLInText
	for k := range d.xmlStates {
		d.xmlStates[k] = st
		st = xmlSpans(d.line(k), st, nil)
	}
}

// privateDoc is base with the private values masked; base itself when
// there is nothing to mask. The masked values (a 10 MiB body has a hundred
// thousand) are gathered in chunks that never regrow, then the private text
// and its edits are each allocated once, exactly.
func privateDoc(base *doc, f api.Format, xmlStates bool) *doc {
	text := base.text
	const chunk = 4096
	var (
		spans     [][]wire.Span
		n         int
		size      = len(text)
		multiline bool
	)
	for sp := range api.Personal(text, f) {
		if n%chunk == 0 {
			spans = append(spans, make([]wire.Span, 0, chunk))
		}
		spans[len(spans)-1] = append(spans[len(spans)-1], sp)
		n++
		size += len(maskText) - (sp.End - sp.Start)
		multiline = multiline || strings.IndexByte(text[sp.Start:sp.End], '\n') >= 0
	}
	if n == 0 {
		return base
	}
	d := &doc{}
	long := max(len(text), size)
	d.edits = edits{makeOffsets(n, long), makeOffsets(n, long), makeOffsets(n, long)}
	var b strings.Builder
	b.Grow(size)
	prev := 0
	for _, c := range spans {
		for _, sp := range c {
			b.WriteString(text[prev:sp.Start])
			d.edits.start.add(sp.Start)
			d.edits.end.add(sp.End)
			d.edits.newStart.add(b.Len())
			b.WriteString(maskText)
			prev = sp.End
		}
	}
	b.WriteString(text[prev:])
	d.text = b.String()
	if multiline {
		d.lines = makeOffsets(strings.Count(d.text, "\n")+1, len(d.text))
		d.maxLine = eachLine(d.text, d.lines.add)
	} else {
		d.shifted = base
		d.maxLine = eachLine(d.text, func(int) {})
	}
	if xmlStates {
		d.scanXMLStates()
	}
	return d
}

func (d *doc) lineCount() int {
	if d.shifted != nil {
		return d.shifted.lineCount()
	}
	return d.lines.len()
}

// start is the byte offset at which line k starts.
func (d *doc) start(k int) int {
	if d.shifted != nil {
		return d.toPrivate(d.shifted.start(k))
	}
	return d.lines.at(k)
}

func (d *doc) lineEnd(k int) int {
	if k+1 < d.lineCount() {
		return d.start(k+1) - 1
	}
	return len(strings.TrimSuffix(d.text, "\n"))
}

func (d *doc) line(k int) string { return d.text[d.start(k):d.lineEnd(k)] }

// lineAt returns the line holding byte offset off.
func (d *doc) lineAt(off int) int {
	return max(0, sort.Search(d.lineCount(), func(k int) bool { return d.start(k) > off })-1)
}

// toPrivate maps an offset in the base text to the private text.
func (d *doc) toPrivate(off int) int {
	e := &d.edits
	i := sort.Search(e.len(), func(i int) bool { return e.end.at(i) > off })
	if i < e.len() && off >= e.start.at(i) {
		return e.newStart.at(i)
	}
	if i == 0 {
		return off
	}
	return off + e.newEnd(i-1) - e.end.at(i-1)
}

// toBase maps an offset in the private text back to the base text.
func (d *doc) toBase(off int) int {
	e := &d.edits
	i := sort.Search(e.len(), func(i int) bool { return e.newEnd(i) > off })
	if i < e.len() && off >= e.newStart.at(i) {
		return e.start.at(i)
	}
	if i == 0 {
		return off
	}
	return off - (e.newEnd(i-1) - e.end.at(i-1))
}

// expandTabs replaces tabs by spaces up to the next multiple of tabWidth
// cells, so that cutting lines to width never meets a tab.
func expandTabs(s string) string {
	if strings.IndexByte(s, '\t') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	col := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '\t':
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
			i++
		case c == '\n':
			b.WriteByte(c)
			col = 0
			i++
		case c < 0x80:
			b.WriteByte(c)
			col++
			i++
		default:
			n, w := cluster(s, i)
			b.WriteString(s[i : i+n])
			col += w
			i += n
		}
	}
	return b.String()
}
