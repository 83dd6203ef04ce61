package api

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// LeadRef names one incoming lead: the customer it belongs to and its id.
type LeadRef struct{ CustomerID, LeadID string }

// MaxIDLen is the longest customer or lead id the API accepts.
const MaxIDLen = 40

// IDError is a token SplitIDs refused, with the reason; nothing was sent.
type IDError struct {
	Line  int    // 1-based line of the text
	Token string // the token as written (may be hostile: sanitise to show)
	Why   i18n.Message
}

// Error is the refusal in English.
func (e *IDError) Error() string { return e.Localize(nil) }

// Localize words the refusal in l's language (nil: English).
func (e *IDError) Localize(l *i18n.Localizer) string {
	tok := sanitize.Line(e.Token)
	if utf8.RuneCountInString(tok) > MaxIDLen+4 {
		tok = string([]rune(tok)[:MaxIDLen]) + "…"
	}
	m := i18n.M("api.id.refused", "Line", e.Line, "Token", strconv.Quote(tok), "Why", e.Why)
	if l == nil {
		return i18n.InEnglish(m)
	}
	return l.Say(m)
}

var _ i18n.Localized = (*IDError)(nil)

// SplitIDs splits a paste or a list into leads, the one way the inspector
// and `get` read ids. Lines, commas, semicolons and spaces separate tokens;
// blank lines and # comments (at the start of a line or after a blank) are
// skipped, and quotes and brackets around a token are dropped, so a JSON
// array works too. Each token is one of
//
//   - CUSTOMER/LEAD;
//   - a URL or path ending in /CRM/Lead/{customer}/Incoming/{lead} (query
//     and fragment ignored, segments unescaped); other words in its item
//     are ignored (the raw pane's "GET /CRM/… HTTP/1.1");
//   - a curl command (a line whose first word is curl, continued over lines
//     that end in \ as in a shell, ^ as in cmd or ` as in PowerShell): its
//     URLs, as above, are its leads; its other words (options, a
//     user:password, headers) are never ids, nor shown in a refusal;
//   - a bare id, which belongs to customer (the caller's current one);
//   - CUSTOMER LEAD: a word that does not look like a lead id (Express's
//     start with "LED") followed, in the same comma-separated item, by ones
//     that do, names the customer of those ("M30011 LED1 LED2"); two words of
//     which neither looks like a lead id are CUSTOMER LEAD as well.
//
// A token that cannot be an id (longer than MaxIDLen, control or format
// characters, invalid UTF-8, "." or "..") is refused with an *IDError, and
// the rest are still returned in order, so the caller can refuse the whole
// list before any request is sent. Duplicates are kept.
func SplitIDs(text, customer string) ([]LeadRef, []error) {
	return splitIDs(text, customer, false)
}

// SplitIDsOpen is SplitIDs for a caller that learns the customer later (the
// inspector's paste, before a Customer ID is typed): bare ids come back with
// CustomerID "" instead of being refused.
func SplitIDsOpen(text string) ([]LeadRef, []error) {
	return splitIDs(text, "", true)
}

func splitIDs(text, customer string, open bool) ([]LeadRef, []error) {
	lines := strings.Split(text, "\n")
	// A paste that starts with a customer id alone on its line, followed by
	// lead ids on the lines after it ("M30011\nLED1\nLED2"), names the
	// customer of every bare id in it.
	if c, at := namingLine(lines); at >= 0 {
		customer, open = c, false
		lines[at] = ""
	}
	ids := idList{customer: customer, open: open}
	for n := 0; n < len(lines); n++ {
		ids.line = n + 1
		line := stripComment(lines[n])
		if isCurl(line) {
			n = ids.curl(lines, n)
			continue
		}
		for item := range strings.FieldsFuncSeq(line, func(r rune) bool { return r == ',' || r == ';' }) {
			words := strings.Fields(item)
			for i := range words {
				words[i] = strings.Trim(words[i], `"'[](){}<>`)
			}
			ids.item(words)
		}
	}
	return ids.refs, ids.errs
}

// namingLine finds a first line that holds one bare word that does not look
// like a lead id, followed by at least two lead ids, and returns that word
// and the line's index; -1 when there is none.
func namingLine(lines []string) (string, int) {
	at := -1
	var word string
	leads := 0
	for n, line := range lines {
		words := strings.FieldsFunc(stripComment(line), func(r rune) bool {
			return r == ',' || r == ';' || unicode.IsSpace(r)
		})
		for i := range words {
			words[i] = strings.Trim(words[i], `"'[](){}<>`)
		}
		if len(words) == 0 {
			continue
		}
		if at < 0 {
			if len(words) != 1 || leadLike(words[0]) || strings.Contains(words[0], "/") || !IDProblem(words[0]).IsZero() {
				return "", -1
			}
			at, word = n, words[0]
			continue
		}
		for _, w := range words {
			if leadLike(w) {
				leads++
			}
		}
	}
	if at < 0 || leads < 2 {
		return "", -1
	}
	return word, at
}

// stripComment cuts a line at a '#' that starts it or follows a blank; a
// '#' inside a token (a URL's fragment) stays.
func stripComment(line string) string {
	for i := strings.IndexByte(line, '#'); i >= 0; {
		if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' {
			return line[:i]
		}
		j := strings.IndexByte(line[i+1:], '#')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return strings.TrimSuffix(line, "\r")
}

// idList is what splitIDs has read so far: the leads and the refusals,
// with what a bare id needs (the customer, or open when it comes later) and
// the line being read.
type idList struct {
	customer string
	open     bool
	line     int
	refs     []LeadRef
	errs     []error
}

// add takes the lead l of customer c, written as tok, or refuses tok with
// why one of the two cannot be an id.
func (ids *idList) add(tok, c, l string) {
	for _, id := range []string{c, l} {
		if ids.open && id == "" && c == "" {
			continue // the customer is the caller's, later
		}
		if why := IDProblem(id); !why.IsZero() {
			ids.refuse(tok, why)
			return
		}
	}
	ids.refs = append(ids.refs, LeadRef{CustomerID: c, LeadID: l})
}

func (ids *idList) refuse(tok string, why i18n.Message) {
	ids.errs = append(ids.errs, &IDError{Line: ids.line, Token: tok, Why: why})
}

// item reads the words of one comma-separated item.
func (ids *idList) item(words []string) {
	if ids.endpoints(words) {
		return
	}
	bare := bareWords(words)
	// CUSTOMER LEAD…: the item's first bare word names the customer of the
	// others; two words of which neither looks like a lead id are a pair.
	named := len(bare) == 2 && !leadLike(bare[0]) && !leadLike(bare[1]) ||
		len(bare) >= 2 && !leadLike(bare[0]) && allLeadLike(bare[1:])
	first := true
	for _, w := range words { // in the order written
		switch c, l, slash := strings.Cut(w, "/"); {
		case w == "":
		case slash && strings.Contains(l, "/"):
			ids.refuse(w, i18n.M("api.id.not_a_lead"))
		case slash:
			ids.add(w, c, l)
		case named && first:
			first = false // the customer word itself
		case named:
			ids.add(bare[0]+" "+w, bare[0], w)
		case ids.customer == "" && !ids.open:
			ids.refuse(w, i18n.M("api.id.no_customer"))
		default:
			ids.add(w, ids.customer, w)
		}
	}
}

// isCurl reports whether line starts a curl command (after a "$" or ">"
// prompt, if one was copied with it).
func isCurl(line string) bool {
	words := strings.Fields(line)
	if len(words) > 1 && (words[0] == "$" || words[0] == ">") {
		words = words[1:]
	}
	return len(words) > 0 && (strings.EqualFold(words[0], "curl") || strings.EqualFold(words[0], "curl.exe"))
}

// curl reads the curl command that starts at lines[n] and returns the index
// of its last line. Its leads are its URLs'; none of its other words is
// read as an id or shown: one is likely the password (-u user:password).
// A command without a lead URL is refused as "curl".
func (ids *idList) curl(lines []string, n int) int {
	found := false
	for ; n < len(lines); n++ {
		line := strings.TrimRight(stripComment(lines[n]), " \t")
		for _, w := range strings.Fields(line) {
			// Shells' quotes too: $'…' (bash), ^"…^" (cmd).
			w = strings.Trim(w, "\"'`^$[](){}<>")
			if c, l, ok := splitEndpoint(w); ok {
				ids.add(withoutUserinfo(w), c, l)
				found = true
			}
		}
		if n+1 == len(lines) || !strings.HasSuffix(line, `\`) && !strings.HasSuffix(line, "^") && !strings.HasSuffix(line, "`") {
			break
		}
	}
	if !found {
		ids.refuse("curl", i18n.M("api.id_curl.no_lead"))
	}
	return n
}

// withoutUserinfo is the URL u without the user:password@ before its host,
// to show in a refusal.
func withoutUserinfo(u string) string {
	i := strings.Index(u, "://")
	if i < 0 {
		return u
	}
	host := u[i+3:]
	if end := strings.IndexAny(host, "/?#"); end >= 0 {
		host = host[:end]
	}
	at := strings.LastIndexByte(host, '@')
	if at < 0 {
		return u
	}
	return u[:i+3] + u[i+3+at+1:]
}

// bareWords are the words that are not CUSTOMER/LEAD.
func bareWords(words []string) []string {
	var bare []string
	for _, w := range words {
		if w != "" && !strings.Contains(w, "/") {
			bare = append(bare, w)
		}
	}
	return bare
}

// endpoints takes the leads of the item's URLs, if it has any. A URL may
// come with words around it (a curl command, the raw pane's "GET /CRM/…
// HTTP/1.1" line): then the URLs are the ids, the rest talk.
func (ids *idList) endpoints(words []string) (found bool) {
	for _, w := range words {
		if c, l, ok := splitEndpoint(w); ok {
			ids.add(withoutUserinfo(w), c, l)
			found = true
		}
	}
	return found
}

// leadLike is true for an id that starts like an Express lead id.
func leadLike(id string) bool { return len(id) > 3 && strings.EqualFold(id[:3], "LED") }

func allLeadLike(ids []string) bool {
	for _, id := range ids {
		if !leadLike(id) {
			return false
		}
	}
	return true
}

// IDProblem says why id cannot be a customer or lead id (a predicate such
// as "is not valid UTF-8"), or is zero when it can: the one rule for every
// id the program reads.
func IDProblem(id string) i18n.Message {
	switch {
	case id == "":
		return i18n.M("api.id.empty")
	case !utf8.ValidString(id):
		return i18n.M("api.id.not_utf8")
	case utf8.RuneCountInString(id) > MaxIDLen:
		return i18n.M("api.id.too_long", "Max", MaxIDLen)
	case strings.ContainsFunc(id, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }):
		return i18n.M("api.id.control")
	case id == "." || id == "..":
		return i18n.M("api.id.not_id")
	}
	return i18n.Message{}
}

// splitEndpoint finds CRM/Lead/{c}/Incoming/{id} at the end of a URL or
// path.
func splitEndpoint(s string) (customer, lead string, found bool) {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	segs := strings.Split(strings.TrimSuffix(s, "/"), "/")
	i := len(segs) - 5
	if i < 0 || !strings.EqualFold(segs[i], "CRM") || !strings.EqualFold(segs[i+1], "Lead") ||
		!strings.EqualFold(segs[i+3], "Incoming") {
		return "", "", false
	}
	c, err1 := url.PathUnescape(segs[i+2])
	l, err2 := url.PathUnescape(segs[i+4])
	if err1 != nil || err2 != nil {
		return "", "", false
	}
	return c, l, true
}
