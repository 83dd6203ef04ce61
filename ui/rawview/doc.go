package rawview

import (
	"bytes"
	"sort"
	"strings"

	"leadinspector/api"
	"leadinspector/api/sanitize"
)

const (
	// colourLimit is the largest body that is syntax-coloured; bigger ones
	// are shown plain so scrolling stays smooth.
	colourLimit = 1 << 20
	tabWidth    = 8
	// maskText replaces a private value while privacy mode is on.
	maskText = "••••"
)

// doc is a body prepared for display: pretty-printed, sanitised, tabs
// expanded, and (for the private variant) values masked. It is built once
// per SetResult or privacy change and never modified afterwards, except for
// the search index built on first use.
type doc struct {
	// text is what is shown: one string, sliced per line without copying.
	text string
	// lines holds the byte offset at which each line starts.
	lines []int
	// maxLine is the longest line in bytes, an upper bound on its width in
	// cells (no UTF-8 sequence is narrower in bytes than on screen).
	maxLine int
	// xmlStates is the XML tokenizer state at the start of each line, for
	// colouring lines that begin inside a comment, CDATA or a tag; nil when
	// the body is not coloured XML.
	xmlStates []uint8
	// edits are the privacy replacements, in order; nil for the base text.
	edits []edit
	// folded is text case-folded for search (same byte offsets), built on
	// the first search.
	folded *string
}

// edit is one masked value: text[start:end] of the base became
// text[newStart:newEnd] of the private doc.
type edit struct{ start, end, newStart, newEnd int }

// displayText turns a body into the text the view shows.
func displayText(body []byte, f api.Format) string {
	p := api.Pretty(body, f)
	// A BOM is invisible and would only confuse width measurement.
	p = bytes.TrimPrefix(p, []byte("\xef\xbb\xbf"))
	return expandTabs(sanitize.Bytes(p))
}

func newDoc(text string, xmlStates bool) *doc {
	d := &doc{text: text}
	n := strings.Count(text, "\n") + 1
	d.lines = make([]int, 0, n)
	for start := 0; ; {
		d.lines = append(d.lines, start)
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
		d.xmlStates = make([]uint8, len(d.lines))
		st := xsText
		for k := range d.lines {
			d.xmlStates[k] = st
			st = xmlSpans(d.line(k), st, nil)
		}
	}
	return d
}

func (d *doc) lineCount() int { return len(d.lines) }

func (d *doc) lineEnd(k int) int {
	if k+1 < len(d.lines) {
		return d.lines[k+1] - 1
	}
	return len(strings.TrimSuffix(d.text, "\n"))
}

func (d *doc) line(k int) string { return d.text[d.lines[k]:d.lineEnd(k)] }

// lineAt returns the line holding byte offset off.
func (d *doc) lineAt(off int) int {
	return max(0, sort.SearchInts(d.lines, off+1)-1)
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

// privateJSONKey reports whether a JSON key names a value privacy mode hides.
func privateJSONKey(k string) bool {
	for _, p := range [...]string{"contactId", "message", "buyingEstateId", "sellingEstateId"} {
		if strings.EqualFold(k, p) {
			return true
		}
	}
	return false
}

// maskJSON finds the private values of a (pretty-printed, but possibly
// invalid) JSON text: the values of contactId, message, buyingEstateId and
// sellingEstateId at any depth, and "value" of each object in a utmTags
// array. It is a tolerant scanner, so a truncated body is masked too.
// Strings keep their quotes; null stays (it says "absent", nothing more).
func maskJSON(s string) []edit {
	type frame struct {
		obj, masked, utmArray, utmItem bool
		key                            string
		expectKey                      bool
	}
	var (
		stack []frame
		edits []edit
	)
	top := func() *frame {
		if len(stack) == 0 {
			return nil
		}
		return &stack[len(stack)-1]
	}
	valueMasked := func() bool {
		f := top()
		switch {
		case f == nil:
			return false
		case f.masked:
			return true
		case !f.obj:
			return false
		}
		return privateJSONKey(f.key) || f.utmItem && strings.EqualFold(f.key, "value")
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			end, closed := jsonStringEnd(s, i)
			if f := top(); f != nil && f.obj && f.expectKey {
				if closed {
					f.key = s[i+1 : end-1]
				} else {
					f.key = s[i+1 : end]
				}
				f.expectKey = false
			} else if valueMasked() {
				inner := end - 1
				if !closed {
					inner = end
				}
				if inner > i+1 {
					edits = append(edits, edit{start: i + 1, end: inner})
				}
			}
			i = end
		case c == '{' || c == '[':
			nf := frame{obj: c == '{', masked: valueMasked(), expectKey: c == '{'}
			if f := top(); f != nil {
				nf.utmArray = c == '[' && f.obj && strings.EqualFold(f.key, "utmTags")
				nf.utmItem = c == '{' && !f.obj && f.utmArray
			}
			stack = append(stack, nf)
			i++
		case c == '}' || c == ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			i++
		case c == ',':
			if f := top(); f != nil && f.obj {
				f.expectKey = true
			}
			i++
		case c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(s) && (isWordByte(s[j]) || s[j] == '.' || s[j] == '+' || s[j] == '-') {
				j++
			}
			if s[i:j] != "null" && valueMasked() {
				edits = append(edits, edit{start: i, end: j})
			}
			i = j
		default:
			i++
		}
	}
	return edits
}

// jsonStringEnd returns the offset after the string starting at s[i] and
// whether it was closed; an unclosed string ends at the end of its line.
func jsonStringEnd(s string, i int) (int, bool) {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1, true
		case '\n':
			return j, false
		}
	}
	return len(s), false
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// privateXMLName reports whether an element (by local name) holds a value
// privacy mode hides; parent is the local name of its parent element.
func privateXMLName(local, parent string) bool {
	for _, p := range [...]string{"ContactId", "Message", "BuyingEstateId", "SellingEstateId"} {
		if strings.EqualFold(local, p) {
			return true
		}
	}
	return strings.EqualFold(local, "Value") && strings.EqualFold(parent, "FormMarketingUtmTags")
}

// maskXML finds the content of the private elements of an XML text (by
// local name, namespaces ignored): everything between the start and end tag,
// or to the end of the text when the end tag never comes.
func maskXML(s string) []edit {
	type frame struct {
		local    string
		maskFrom int // content start when this element is masked, else -1
	}
	var (
		stack   []frame
		edits   []edit
		masking bool
	)
	skipTo := func(i int, end string) int {
		if j := strings.Index(s[i:], end); j >= 0 {
			return i + j + len(end)
		}
		return len(s)
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			i = skipTo(i+4, "-->")
		case strings.HasPrefix(rest, "<![CDATA["):
			i = skipTo(i+9, "]]>")
		case strings.HasPrefix(rest, "<?"):
			i = skipTo(i+2, "?>")
		case strings.HasPrefix(rest, "<!"):
			i = skipTo(i+2, ">")
		case strings.HasPrefix(rest, "</"):
			end := skipTo(i+2, ">")
			if len(stack) > 0 {
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if f.maskFrom >= 0 {
					if i > f.maskFrom {
						edits = append(edits, edit{start: f.maskFrom, end: i})
					}
					masking = false
				}
			}
			i = end
		default:
			name := i + 1
			for name < len(s) && !isXMLDelim(s[name]) {
				name++
			}
			end := xmlTagEnd(s, name)
			if end-2 > i && s[end-2] == '/' && s[end-1] == '>' || name == i+1 {
				i = end // self-closing: no content to hide
				continue
			}
			local := s[i+1 : name]
			if c := strings.LastIndexByte(local, ':'); c >= 0 {
				local = local[c+1:]
			}
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1].local
			}
			f := frame{local: local, maskFrom: -1}
			if !masking && privateXMLName(local, parent) {
				f.maskFrom = end
				masking = true
			}
			stack = append(stack, f)
			i = end
		}
	}
	for _, f := range stack {
		if f.maskFrom >= 0 && f.maskFrom < len(s) {
			edits = append(edits, edit{start: f.maskFrom, end: len(s)})
		}
	}
	return edits
}

func isXMLDelim(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/' || c == '<'
}

// xmlTagEnd returns the offset after the '>' closing the tag whose name ends
// at i, skipping quoted attribute values; len(s) if there is none.
func xmlTagEnd(s string, i int) int {
	for ; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			j := strings.IndexByte(s[i+1:], s[i])
			if j < 0 {
				return len(s)
			}
			i += j + 1
		case '>':
			return i + 1
		}
	}
	return len(s)
}
