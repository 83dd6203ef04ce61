package rawview

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
)

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

func (v viewport) exchange() exchange {
	r, st := v.res, v.st
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
		x.retry = headerPart{v.l.N("ui.raw.retried", r.Attempts-1), st.Warn}
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
func (v viewport) render(lead string, parts []headerPart) string {
	var b strings.Builder
	b.WriteString(lead)
	for i, p := range parts {
		if i > 0 || lead != "" {
			b.WriteString(v.st.Subtle.Render(headerSep))
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
func (v viewport) header(maxLines int) []string {
	x := v.exchange()
	w := v.w
	reqW := ansi.StringWidth(x.request)
	full := v.pal.request.Render(x.request)
	cutReq := v.pal.request.Render(cutRequest(x.request, w))
	rest := append(nonEmpty(x.accept), x.response(ctypeFull)...)
	if reqW+sepCells+partsWidth(rest) <= w {
		return []string{cellfit.Fit(v.render(full, rest), w)}
	}
	if maxLines >= 2 {
		if partsWidth(rest) <= w {
			return []string{cellfit.Fit(cutReq, w), cellfit.Fit(v.render("", rest), w)}
		}
		if x.accept.text != "" && reqW+sepCells+ansi.StringWidth(x.accept.text) <= w &&
			partsWidth(x.response(ctypeFull)) <= w {
			return []string{cellfit.Fit(v.render(full, nonEmpty(x.accept)), w), cellfit.Fit(v.render("", x.response(ctypeFull)), w)}
		}
	}
	if maxLines >= 3 && x.accept.text != "" {
		return []string{cellfit.Fit(cutReq, w), cellfit.Fit(v.render("", nonEmpty(x.accept)), w), cellfit.Fit(v.shrink(x, false), w)}
	}
	if maxLines >= 2 {
		return []string{cellfit.Fit(cutReq, w), cellfit.Fit(v.shrink(x, true), w)}
	}
	return []string{v.oneLine(x)}
}

// shrink is the answer's parts (after Accept, when withAccept) in w cells,
// giving way in turn: the content type's parameters, the content type,
// Accept. What still does not fit is cut by fit.
func (v viewport) shrink(x exchange, withAccept bool) string {
	var parts []headerPart
	for _, a := range []struct {
		accept bool
		ct     int
	}{{true, ctypeFull}, {true, ctypeShort}, {true, ctypeNone}, {false, ctypeNone}} {
		parts = x.response(a.ct)
		if a.accept && withAccept {
			parts = append(nonEmpty(x.accept), parts...)
		}
		if partsWidth(parts) <= v.w {
			break
		}
	}
	return v.render("", parts)
}

// oneLine is the header for a pane too low for more: the first arrangement
// that leaves the request line at least minRequestCells (or all it needs)
// wins, the request line taking whatever room is left; the content type,
// then Accept, give way. With only status, size and time left, the request
// line makes do with less.
func (v viewport) oneLine(x exchange) string {
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
		room := v.w - sepCells - partsWidth(parts)
		if room >= min(reqW, need) {
			return cellfit.Fit(v.render(v.pal.request.Render(cutRequest(x.request, room)), parts), v.w)
		}
	}
	return cellfit.Fit(v.render(v.pal.request.Render(x.request), arrangements[2]), v.w)
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
