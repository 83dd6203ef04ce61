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
	// lines holds the byte offset at which each line starts (start(k)):
	// in 32 bits, half the memory of a 10 MiB body's million lines, unless
	// the text is 2 GiB or more (big64).
	lines lineIndex
	// maxLine is the longest line in bytes, an upper bound on its width in
	// cells (no UTF-8 sequence is narrower in bytes than on screen).
	maxLine int
	// xmlStates is the XML tokenizer state at the start of each line, for
	// colouring lines that begin inside a comment, CDATA or a tag; nil when
	// the body is not coloured XML.
	xmlStates []wire.XMLState
	// edits are the privacy replacements, in order; nil for the base text.
	edits []edit
}

// edit is one masked value: text[start:end] of the base became
// text[newStart:newEnd] of the private doc.
type edit struct{ start, end, newStart, newEnd int }

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

// lineIndex is the start offsets of a text's lines; one of the two slices
// is used.
type lineIndex struct {
	small []int32
	big64 []int
}

func (x *lineIndex) len() int { return len(x.small) + len(x.big64) }

func (x *lineIndex) at(k int) int {
	if x.big64 != nil {
		return x.big64[k]
	}
	return int(x.small[k])
}

func (x *lineIndex) add(off int) {
	if x.big64 != nil {
		x.big64 = append(x.big64, off)
		return
	}
	x.small = append(x.small, int32(off))
}

func newDoc(text string, xmlStates bool) *doc {
	d := &doc{text: text}
	n := strings.Count(text, "\n") + 1
	if len(text) <= math.MaxInt32 {
		d.lines.small = make([]int32, 0, n)
	} else {
		d.lines.big64 = make([]int, 0, n)
	}
	for start := 0; ; {
		d.lines.add(start)
		i := strings.IndexByte(text[start:], '\n')
		if i < 0 {
			d.maxLine = max(d.maxLine, len(text)-start)
			break
		}
		d.maxLine = max(d.maxLine, i)
		start += i + 1
		if start == len(text) {
			break // a final newline does not start another line
		}
	}
	if xmlStates {
		d.xmlStates = make([]wire.XMLState, d.lineCount())
		st := wire.XMLInText
		for k := range d.xmlStates {
			d.xmlStates[k] = st
			st = xmlSpans(d.line(k), st, nil)
		}
	}
	return d
}

func (d *doc) lineCount() int { return d.lines.len() }

// start is the byte offset at which line k starts.
func (d *doc) start(k int) int { return d.lines.at(k) }

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
	i := sort.Search(len(d.edits), func(i int) bool { return d.edits[i].end > off })
	if i < len(d.edits) && off >= d.edits[i].start {
		return d.edits[i].newStart
	}
	if i == 0 {
		return off
	}
	return off + d.edits[i-1].newEnd - d.edits[i-1].end
}

// toBase maps an offset in the private text back to the base text.
func (d *doc) toBase(off int) int {
	i := sort.Search(len(d.edits), func(i int) bool { return d.edits[i].newEnd > off })
	if i < len(d.edits) && off >= d.edits[i].newStart {
		return d.edits[i].start
	}
	if i == 0 {
		return off
	}
	return off - (d.edits[i-1].newEnd - d.edits[i-1].end)
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

// applyEdits builds the private text from the base text and the ranges to
// mask, filling in the edits' positions in the new text.
func applyEdits(s string, edits []edit) (string, []edit) {
	if len(edits) == 0 {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := 0
	for i := range edits {
		e := &edits[i]
		b.WriteString(s[prev:e.start])
		e.newStart = b.Len()
		b.WriteString(maskText)
		e.newEnd = b.Len()
		prev = e.end
	}
	b.WriteString(s[prev:])
	return b.String(), edits
}
