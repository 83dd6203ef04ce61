package api

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"mime"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"leadinspector/api/base/sanitize"
)

// Limits for what an error body contributes to an error message.
const (
	// maxMessageRunes bounds the server's message in an error.
	maxMessageRunes = 200
	// maxExcerptRunes bounds the excerpt of an unexpected body.
	maxExcerptRunes = 80
	// maxFields and maxFieldMessages bound a 400's ModelState.
	maxFields        = 20
	maxFieldMessages = 5
	// htmlWords is how many words of an HTML page without a title are shown.
	htmlWords = 20
)

// bodyKind is how a body is read for a message.
type bodyKind int

const (
	kindText bodyKind = iota
	kindJSON
	kindXML
	kindHTML
)

// mediaType returns the lower-case media type of a Content-Type header,
// without parameters; "" when there is none.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// isJSONType reports whether a media type is JSON (application/json,
// text/json or a +json suffix).
func isJSONType(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// isXMLType reports whether a media type is XML (application/xml, text/xml or
// a +xml suffix other than XHTML).
func isXMLType(mt string) bool {
	return mt == "application/xml" || mt == "text/xml" ||
		strings.HasSuffix(mt, "+xml") && mt != "application/xhtml+xml"
}

// contentTypeMatches reports whether a Content-Type header is the format
// that was asked for. Parameters such as charset are ignored.
func contentTypeMatches(ct string, f Format) bool {
	mt := mediaType(ct)
	if f == XML {
		return isXMLType(mt)
	}
	return isJSONType(mt)
}

// kindOf decides how to read a body: by its content type, else by sniffing
// its first bytes.
func kindOf(ct string, body []byte) bodyKind {
	mt := mediaType(ct)
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		return kindHTML
	case isJSONType(mt):
		return kindJSON
	case isXMLType(mt):
		if looksHTML(body) {
			return kindHTML
		}
		return kindXML
	}
	start := bytes.TrimLeft(bytes.TrimPrefix(body, leadBOM), " \t\r\n")
	switch {
	case looksHTML(start):
		return kindHTML
	case len(start) > 0 && start[0] == '{':
		return kindJSON
	case len(start) > 0 && start[0] == '<':
		return kindXML
	}
	return kindText
}

// looksHTML reports whether a body starts like an HTML page.
func looksHTML(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, leadBOM), " \t\r\n")
	if len(b) > 64 {
		b = b[:64]
	}
	s := strings.ToLower(string(b))
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html") ||
		strings.HasPrefix(s, "<head") || strings.HasPrefix(s, "<body") || strings.HasPrefix(s, "<title")
}

// serverMessage extracts the server's own message from an error body: a
// JSON Message (and ModelState field messages), an XML <Message>, an HTML
// page's title (or its first words), or a text body's first line. All of it
// is sanitised for one line and shortened. It returns "" and nil when there
// is nothing to show.
func serverMessage(ct string, body []byte) (msg string, fields map[string][]string) {
	switch kindOf(ct, body) {
	case kindJSON:
		if m, f, ok := jsonMessage(body); ok {
			return m, f
		}
	case kindXML:
		if m, f, ok := xmlMessage(body); ok {
			return m, f
		}
	case kindHTML:
		return htmlSummary(body), nil
	}
	return firstLine(body), nil
}

// excerpt is a short, one-line, sanitised view of an unexpected body: an
// HTML page's title or first words, else its first characters.
func excerpt(ct string, body []byte) string {
	if kindOf(ct, body) == kindHTML {
		return shorten(htmlSummary(body), maxExcerptRunes)
	}
	s := collapseSpace(sanitize.Line(string(bytes.TrimPrefix(body, leadBOM))))
	return shorten(s, maxExcerptRunes)
}

// cleanMessage sanitises a message for one line, collapses its white space
// and shortens it to n runes.
func cleanMessage(s string, n int) string {
	return shorten(collapseSpace(sanitize.Line(s)), n)
}

// collapseSpace trims s and reduces runs of white space to one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
			break
		}
		count++
	}
	return strings.TrimRight(s[:i], " ") + "…"
}

// firstLine returns the first non-blank line of a text body.
func firstLine(body []byte) string {
	s := string(bytes.TrimPrefix(body, leadBOM))
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) != "" {
			return cleanMessage(line, maxMessageRunes)
		}
	}
	return ""
}

// jsonMessage reads an ASP.NET error body: {"Message": "...", "ModelState":
// {"field": ["..."]}}. ASP.NET Core's problem details (title, detail, errors)
// and {"error": "..."} / {"error": {"message": "..."}} shapes are read too.
// ok is false when the body is not a JSON object.
func jsonMessage(body []byte) (msg string, fields map[string][]string, ok bool) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimPrefix(body, leadBOM), &obj); err != nil || obj == nil {
		return "", nil, false
	}
	// get finds a key: ASP.NET's PascalCase spelling first, then any case.
	get := func(name string) json.RawMessage {
		pascal := strings.ToUpper(name[:1]) + name[1:]
		if v, ok := obj[pascal]; ok {
			return v
		}
		if v, ok := obj[name]; ok {
			return v
		}
		// Several spellings in odd cases: take the smallest, so the
		// choice does not depend on map order.
		best := ""
		var found json.RawMessage
		for k, v := range obj {
			if strings.EqualFold(k, name) && (found == nil || k < best) {
				best, found = k, v
			}
		}
		return found
	}
	str := func(raw json.RawMessage) string {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		return s
	}
	switch {
	case str(get("message")) != "":
		msg = str(get("message"))
	case str(get("title")) != "":
		msg = str(get("title"))
		if d := str(get("detail")); d != "" {
			msg += ": " + d
		}
	case str(get("error_description")) != "":
		msg = str(get("error_description"))
	case str(get("error")) != "":
		msg = str(get("error"))
	case get("error") != nil:
		if m, _, ok := jsonMessage(get("error")); ok {
			msg = m
		}
	}
	fields = jsonFields(get("modelState"))
	if fields == nil {
		fields = jsonFields(get("errors"))
	}
	return cleanMessage(msg, maxMessageRunes), fields, true
}

// jsonFields reads a ModelState object: field → list of messages (or a single
// message).
func jsonFields(raw json.RawMessage) map[string][]string {
	if raw == nil {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := map[string][]string{}
	for _, k := range keys {
		var list []string
		if json.Unmarshal(m[k], &list) != nil {
			var one string
			if json.Unmarshal(m[k], &one) != nil {
				continue
			}
			list = []string{one}
		}
		addField(fields, k, list)
		if len(fields) >= maxFields {
			break
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return fields
}

// addField stores a field's messages, sanitised and bounded.
func addField(fields map[string][]string, name string, msgs []string) {
	name = cleanMessage(name, 60)
	for _, m := range msgs {
		if len(fields[name]) >= maxFieldMessages {
			return
		}
		if m = cleanMessage(m, maxMessageRunes); m != "" {
			fields[name] = append(fields[name], m)
		}
	}
}

// xmlMessage reads an ASP.NET XML error: <Error><Message>…</Message>
// <ModelState><field>message</field></ModelState></Error>, by local name.
// ok is false when the body is not well-formed enough to find anything.
func xmlMessage(body []byte) (msg string, fields map[string][]string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, leadBOM)))
	d.Strict = false
	r := xmlError{collectIn: -1}
	sawToken := false
	for {
		t, err := d.RawToken()
		if err != nil {
			break
		}
		sawToken = true
		switch t := t.(type) {
		case xml.StartElement:
			if r.start(t.Name.Local); len(r.path) > 64 {
				return "", nil, false
			}
		case xml.CharData:
			if r.collectIn > 0 && r.text.Len() < 4096 {
				r.text.Write(t)
			}
		case xml.EndElement:
			r.end()
		}
	}
	if !sawToken || !r.foundMsg && r.fields == nil {
		return "", nil, false
	}
	if len(r.fields) == 0 {
		r.fields = nil
	}
	return cleanMessage(r.msg, maxMessageRunes), r.fields, true
}

// xmlError is what xmlMessage has read: the path of open elements, the
// text of the one being collected (the message, or a field under
// ModelState), and the message and fields so far.
type xmlError struct {
	path      []string
	text      strings.Builder
	collectIn int // depth of the element whose text is collected, -1 none
	msg       string
	foundMsg  bool
	fields    map[string][]string
}

// start opens an element, and collects its text when it is the first
// Message or a field of ModelState.
func (r *xmlError) start(name string) {
	r.path = append(r.path, name)
	if r.collectIn < 0 && (!r.foundMsg && strings.EqualFold(name, "Message") || r.inModelState()) {
		r.collectIn = len(r.path)
		r.text.Reset()
	}
}

// end closes the innermost element, keeping its text if it was collected.
func (r *xmlError) end() {
	if r.collectIn == len(r.path) && len(r.path) > 0 {
		r.keep(r.path[len(r.path)-1], r.text.String())
		r.collectIn = -1
	}
	if len(r.path) > 0 {
		r.path = r.path[:len(r.path)-1]
	}
}

// keep stores the collected text of the element name: the first Message
// outside ModelState is the message, any other element a field's.
func (r *xmlError) keep(name, text string) {
	if strings.EqualFold(name, "Message") && !r.foundMsg && !r.inModelState() {
		r.msg, r.foundMsg = text, true
		return
	}
	if r.fields == nil {
		r.fields = map[string][]string{}
	}
	if len(r.fields) < maxFields {
		addField(r.fields, name, []string{text})
	}
}

// inModelState reports whether the innermost open element is a child of
// ModelState.
func (r *xmlError) inModelState() bool {
	return len(r.path) >= 2 && strings.EqualFold(r.path[len(r.path)-2], "ModelState")
}

// htmlSummary reduces an HTML page to its title, or to its first words when
// it has none, so that a proxy's error page reads as one short line.
func htmlSummary(body []byte) string {
	s := string(body)
	lower := asciiLower(s)
	if i := strings.Index(lower, "<title"); i >= 0 {
		if j := strings.IndexByte(lower[i:], '>'); j >= 0 {
			start := i + j + 1
			end := strings.Index(lower[start:], "</title")
			if end < 0 {
				end = len(lower) - start
			}
			if t := cleanMessage(html.UnescapeString(s[start:start+end]), maxMessageRunes); t != "" {
				return t
			}
		}
	}
	words := strings.Fields(html.UnescapeString(htmlText(s, lower)))
	if len(words) > htmlWords {
		words = append(words[:htmlWords], "…")
	}
	return cleanMessage(strings.Join(words, " "), maxMessageRunes)
}

// asciiLower lowers ASCII letters only, so byte offsets in the result are
// offsets in s (strings.ToLower may change the length of non-ASCII text).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// htmlText drops tags, comments, and the content of script and style
// elements. lower is asciiLower(s).
func htmlText(s, lower string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			b.WriteByte(' ')
			i += j
			continue
		}
		rest := lower[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			if j := strings.Index(rest, "-->"); j >= 0 {
				i += j + 3
			} else {
				i = len(s)
			}
			continue
		case strings.HasPrefix(rest, "<script"), strings.HasPrefix(rest, "<style"):
			closing := "</script"
			if strings.HasPrefix(rest, "<style") {
				closing = "</style"
			}
			if j := strings.Index(rest, closing); j >= 0 {
				i += j + len(closing)
			} else {
				i = len(s)
			}
		}
		if j := strings.IndexByte(s[i:], '>'); j >= 0 {
			i += j + 1
		} else {
			i = len(s)
		}
	}
	return b.String()
}
