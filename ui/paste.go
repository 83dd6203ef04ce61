package ui

import (
	"leadinspector/api/i18n"
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxIDLen bounds each id field. Express ids are a few dozen characters; a
// longer value is a wrong paste, not an id.
const maxIDLen = 256

// maxPasteBytes bounds what a paste may put into the input pane. A paste
// larger than this is cut, and the status bar says so.
const maxPasteBytes = 4 << 10

// splitPaste recognises a pasted customer id and lead id: `CUSTOMER/LEAD`,
// `CUSTOMER LEAD` (any run of spaces, tabs or newlines between them), or an
// endpoint URL or path ending in `/CRM/Lead/{customer}/Incoming/{lead}`
// (segments URL-unescaped; query and fragment ignored), also inside a longer
// line such as a curl command. ok is false for
// anything else, and for ids that are empty, too long or hold control
// characters, so a stray paste never fills the fields with garbage.
func splitPaste(s string) (customer, lead string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxPasteBytes || !utf8.ValidString(s) {
		return "", "", false
	}
	// A URL may come with words around it (a curl command, the raw view's
	// "GET /CRM/..." header line): the first field that is an endpoint wins.
	for _, f := range strings.Fields(s) {
		if c, l, found := splitEndpoint(strings.Trim(f, `'"<>()`)); found {
			return checkIDs(c, l)
		}
	}
	if strings.Count(s, "/") == 1 {
		c, l, _ := strings.Cut(s, "/")
		c, l = strings.TrimSpace(c), strings.TrimSpace(l)
		if strings.ContainsFunc(c, unicode.IsSpace) || strings.ContainsFunc(l, unicode.IsSpace) {
			return "", "", false
		}
		return checkIDs(c, l)
	}
	if f := strings.Fields(s); len(f) == 2 && !strings.Contains(s, "/") {
		return checkIDs(f[0], f[1])
	}
	return "", "", false
}

// maxBatchPasteBytes bounds what a paste of several lead ids may hold:
// room for maxBatch ids of the longest length an id may have.
const maxBatchPasteBytes = 64 << 10

// splitBatch recognises a paste of several leads: the one place the
// inspector splits a list of ids (a later api.SplitIDs can take its place).
// Tokens are separated by newlines, commas, semicolons, tabs or spaces
// (quotes and brackets around each are dropped, so a JSON array or a
// quoted list works too). Each token is
//
//   - CUSTOMER/LEAD, or an endpoint URL or path (see splitEndpoint): a lead
//     of its own customer;
//   - a bare id that looks like a lead id (starts with "LED", as Express's
//     do), so that a pasted sentence is never taken for a list;
//   - a word that does not, naming the customer of the bare ids after it:
//     at the start of a line, for the ids on that line ("M30012 LED1"); as
//     the paste's first word followed by at least two ids, for every id
//     that no line names a customer for ("M30011\nLED1\nLED2").
//
// Bare ids with no customer named get customer, the caller's (it may be
// ""). Leads come in paste order, duplicates included; rows may belong to
// different customers. ok is false for one lead alone (splitPaste and
// typing handle that) and for anything else.
func splitBatch(s, customer string) (ids []lookupKey, ok bool) {
	if len(s) > maxBatchPasteBytes || !utf8.ValidString(s) {
		return nil, false
	}
	var lines [][]string
	// Terminals paste line ends as \r, \r\n or \n.
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		toks := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
		for i, t := range toks {
			toks[i] = strings.Trim(t, `"'[](){}<>`)
		}
		if toks = slices.DeleteFunc(toks, func(t string) bool { return t == "" }); len(toks) > 0 {
			lines = append(lines, toks)
		}
	}
	bare := func(t string) bool {
		_, _, valid := checkIDs(t, t)
		return valid && !strings.Contains(t, "/")
	}
	// The paste's customer, as the old rule had it: a first word that is
	// not a lead id, followed by at least two that are.
	named := false
	if len(lines) > 0 && bare(lines[0][0]) && !leadLike(lines[0][0]) {
		n := 0
		for _, l := range lines {
			for _, t := range l {
				if bare(t) && leadLike(t) {
					n++
				}
			}
		}
		if named = n >= 2; named {
			customer = lines[0][0]
		}
	}
	for li, l := range lines {
		lineCustomer, unused := customer, false
		for i, t := range l {
			switch c, lead, pair := splitPair(t); {
			case pair:
				ids = append(ids, lookupKey{c, lead})
			case bare(t) && leadLike(t):
				ids = append(ids, lookupKey{lineCustomer, t})
				unused = false
			case i == 0 && bare(t) && (len(l) > 1 || li == 0 && named):
				lineCustomer, unused = t, len(l) > 1
			default:
				return nil, false
			}
		}
		if unused {
			return nil, false // a word before no lead id: not a customer
		}
	}
	if len(ids) < 2 {
		return nil, false
	}
	return ids, true
}

// splitPair reads one token naming its customer: an endpoint URL or path,
// or CUSTOMER/LEAD whose lead looks like a lead id ("and/or" is not one).
func splitPair(t string) (customer, lead string, ok bool) {
	if c, l, found := splitEndpoint(t); found {
		return checkIDs(c, l)
	}
	c, l, found := strings.Cut(t, "/")
	if !found || strings.Contains(l, "/") || !leadLike(l) {
		return "", "", false
	}
	return checkIDs(c, l)
}

// leadLike is true for an id that starts like an Express lead id.
func leadLike(id string) bool { return len(id) > 3 && strings.EqualFold(id[:3], "LED") }

// splitEndpoint finds `CRM/Lead/{c}/Incoming/{id}` in a URL or path.
func splitEndpoint(s string) (customer, lead string, found bool) {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	segs := strings.Split(strings.TrimSuffix(s, "/"), "/")
	for i := len(segs) - 5; i >= 0; i-- {
		if strings.EqualFold(segs[i], "CRM") && strings.EqualFold(segs[i+1], "Lead") &&
			strings.EqualFold(segs[i+3], "Incoming") && i+5 == len(segs) {
			c, err1 := url.PathUnescape(segs[i+2])
			l, err2 := url.PathUnescape(segs[i+4])
			if err1 != nil || err2 != nil {
				return "", "", false
			}
			return c, l, true
		}
	}
	return "", "", false
}

func checkIDs(c, l string) (string, string, bool) {
	for _, id := range []string{c, l} {
		if id == "" || len(id) > maxIDLen || !utf8.ValidString(id) ||
			strings.TrimSpace(id) != id || strings.ContainsFunc(id, notPrintable) {
			return "", "", false
		}
	}
	return c, l, true
}

// notPrintable is true for runes that must not land in an id field: controls,
// and format characters such as bidi overrides.
func notPrintable(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError
}

// paste is what a paste holds, read once.
type paste struct {
	text string // cut to maxPasteBytes
	cut  bool   // it was
	full int    // its size before the cut
	// ids: several leads (customer "" for the ids the paste did not name
	// one for).
	ids []lookupKey
	// customer, with lead, when pair.
	customer string
	// lead, with customer, when pair: one recognisable pair of ids.
	lead string
	pair bool
}

func readPaste(s string) paste {
	p := paste{text: cutUTF8(s, maxPasteBytes), cut: len(s) > maxPasteBytes, full: len(s)}
	if ids, ok := pastedBatch(s); ok {
		p.ids = ids
		return p
	}
	p.customer, p.lead, p.pair = splitPaste(p.text)
	if !p.pair {
		p.customer = ""
	}
	return p
}

// withCustomer gives the ids that name no customer c's; nil when some need
// one and c is "".
func withCustomer(ids []lookupKey, c string) []lookupKey {
	out := slices.Clone(ids)
	for i := range out {
		if out[i].customer == "" {
			if c == "" {
				return nil
			}
			out[i].customer = c
		}
	}
	return out
}

func (p paste) cutNotice(l *i18n.Localizer) string {
	return l.T("ui.paste.cut", "Size", byteSize(p.full), "Max", maxIDLen)
}

// pastedBatch is splitBatch for a paste of any size: past
// maxBatchPasteBytes the text is cut, and the id the cut went through is
// left out. Ids with no customer named have "".
func pastedBatch(s string) (ids []lookupKey, ok bool) {
	if len(s) <= maxBatchPasteBytes {
		return splitBatch(s, "")
	}
	s = cutUTF8(s, maxBatchPasteBytes)
	if i := strings.LastIndexFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) }); i > 0 {
		s = s[:i]
	}
	return splitBatch(s, "")
}

// cutUTF8 cuts s to at most n bytes without splitting a rune.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
