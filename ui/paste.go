package ui

import (
	"errors"
	"leadinspector/api/base/i18n"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"leadinspector/api"
)

// maxIDLen bounds each id field: the API's ids are at most 40 characters;
// a longer value is a wrong paste, not an id.
const maxIDLen = api.MaxIDLen

// fieldLimit bounds what an input field holds: room to show a wrong paste
// whole, so that the lookup refuses it with the reason instead of the field
// cutting it into an id that looks right.
const fieldLimit = 256

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
	// A pair typed loosely: "M30011 / LED1", or one id a line.
	if strings.Count(s, "/") == 1 {
		c, l, _ := strings.Cut(s, "/")
		s = strings.TrimSpace(c) + "/" + strings.TrimSpace(l)
	} else if f := strings.Fields(s); len(f) == 2 {
		s = f[0] + " " + f[1]
	}
	refs, errs := api.SplitIDsOpen(s)
	if len(errs) > 0 || len(refs) != 1 || refs[0].CustomerID == "" {
		return "", "", false
	}
	return checkIDs(refs[0].CustomerID, refs[0].LeadID)
}

// maxBatchPasteBytes bounds what a paste of several lead ids may hold:
// room for maxBatch ids of the longest length an id may have.
const maxBatchPasteBytes = 64 << 10

// splitBatch recognises a paste of several leads, split as `get` splits
// ids (api.SplitIDs: lines, commas, spaces; CUSTOMER/LEAD, CUSTOMER LEAD,
// URLs, bare ids; # comments). On top of that, every lead id must look like
// one (start with "LED", as Express's do), so that a pasted sentence is
// never taken for a list. Bare ids with no customer named get customer, the
// caller's (it may be "": the input's Customer ID fills it later). Leads
// come in paste order, duplicates included; rows may belong to different
// customers. ok is false for one lead alone (splitPaste and typing handle
// that), for a token that cannot be an id, and for anything else.
func splitBatch(s, customer string) (ids []lookupKey, ok bool) {
	if len(s) > maxBatchPasteBytes || !utf8.ValidString(s) {
		return nil, false
	}
	// Terminals paste line ends as \r, \r\n or \n.
	s = strings.ReplaceAll(s, "\r", "\n")
	var refs []api.LeadRef
	var errs []error
	if customer == "" {
		refs, errs = api.SplitIDsOpen(s)
	} else {
		refs, errs = api.SplitIDs(s, customer)
	}
	if len(errs) > 0 || len(refs) < 2 {
		return nil, false
	}
	ids = make([]lookupKey, len(refs))
	for i, r := range refs {
		if !leadLike(r.LeadID) {
			return nil, false
		}
		ids[i] = lookupKey{r.CustomerID, r.LeadID}
	}
	return ids, true
}

// leadLike is true for an id that starts like an Express lead id.
func leadLike(id string) bool { return len(id) > 3 && strings.EqualFold(id[:3], "LED") }

func checkIDs(c, l string) (string, string, bool) {
	for _, id := range []string{c, l} {
		if !api.IDProblem(id).IsZero() || strings.TrimSpace(id) != id || strings.ContainsFunc(id, notPrintable) {
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
	// refused: what a paste of several leads holds that cannot be an id
	// (api.SplitIDs's *IDError each); nothing of it is looked up or typed.
	refused []error
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
	if p.refused = refusedIDs(cutUTF8(s, maxBatchPasteBytes)); p.refused != nil {
		return p
	}
	p.customer, p.lead, p.pair = splitPaste(p.text)
	if !p.pair {
		p.customer = ""
	}
	return p
}

// refusedIDs is what cannot be an id in a list of several leads, as `get`
// refuses it (api.SplitIDs); nil when nothing is refused, and for text
// that is no list of leads (one token; no token like a lead id), which is
// the field's to hold as typed.
func refusedIDs(s string) []error {
	refs, errs := api.SplitIDsOpen(strings.ReplaceAll(s, "\r", "\n"))
	if len(errs) == 0 || len(refs)+len(errs) < 2 {
		return nil
	}
	for _, r := range refs {
		if leadLike(r.LeadID) {
			return errs
		}
	}
	for _, err := range errs {
		if e := (*api.IDError)(nil); errors.As(err, &e) && strings.Contains(strings.ToUpper(e.Token), "LED") {
			return errs
		}
	}
	return nil
}

// refusedMessage names the first refused token with its reason (IDError
// sanitises it), and how many more there are.
func refusedMessage(errs []error) i18n.Message {
	if len(errs) > 1 {
		return i18n.MN("ui.paste.refused_more", len(errs)-1, "List", i18n.FromError(errs[0]))
	}
	return i18n.M("ui.paste.refused", "List", i18n.FromError(errs[0]))
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
	return l.T("ui.paste.cut", "Size", api.FormatBytes(int64(p.full)), "Max", maxIDLen)
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

// idsProblem says which field holds what cannot be an id, and why, before
// any request is sent (of several ids in Lead ID, the one refused, as for
// a paste); zero when both can.
func idsProblem(c, l string) (int, i18n.Message) {
	if errs := refusedIDs(l); errs != nil { // several ids typed, one bad
		return fieldLead, refusedMessage(errs)
	}
	if why := api.IDProblem(c); !why.IsZero() {
		return fieldCustomer, i18n.M("ui.lookup.bad_customer_id", "Why", why)
	}
	if why := api.IDProblem(l); !why.IsZero() {
		return fieldLead, i18n.M("ui.lookup.bad_lead_id", "Why", why)
	}
	return 0, i18n.Message{}
}
