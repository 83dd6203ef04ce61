package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redacted replaces a secret wherever the program shows or writes text.
const redacted = "••••"

// secretForm is one way a credential can appear in a server's text.
type secretForm struct {
	s string
	// word is true for forms of a short password, replaced only where they
	// stand as a word of their own: "x" must not turn "proxy" into
	// "pro••••y".
	word bool
}

// secretForms lists the ways the credentials can come back in a body, the
// longest first so a longer form is replaced whole: the Basic header value
// (padded and unpadded base64 of user:password), user:password, and the
// password as is and as JSON or XML would escape it.
func secretForms(username, password string) []secretForm {
	if password == "" {
		return nil
	}
	pair := username + ":" + password
	basic := base64.StdEncoding.EncodeToString([]byte(pair))
	forms := []secretForm{{s: basic}}
	if raw := base64.RawStdEncoding.EncodeToString([]byte(pair)); raw != basic {
		forms = append(forms, secretForm{s: raw})
	}
	short := utf8.RuneCountInString(password) < 8
	if username != "" {
		forms = append(forms, secretForm{s: pair})
	}
	forms = append(forms, secretForm{s: password, word: short})
	seen := map[string]bool{password: true}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			forms = append(forms, secretForm{s: s, word: short})
		}
	}
	// JSON writers differ on <, > and &: both spellings.
	for _, html := range []bool{true, false} {
		var q bytes.Buffer
		enc := json.NewEncoder(&q)
		enc.SetEscapeHTML(html)
		if enc.Encode(password) == nil {
			add(strings.TrimSuffix(strings.TrimSpace(q.String()), `"`)[1:])
		}
	}
	var b strings.Builder
	if xml.EscapeText(&b, []byte(password)) == nil {
		add(b.String())
	}
	return forms
}

// Redact replaces the credentials in msg: the password as is and as JSON or
// XML escape it, user:password, and the Basic auth encoding, so not even a
// server that echoes the Authorization header can put it on screen. A short
// password is replaced only where it stands as a word of its own.
func Redact(msg, username, password string) string {
	if password == "" || msg == "" {
		return msg
	}
	return redactor(secretForms(username, password)).text(msg)
}

// redactor is the forms of one set of credentials, worked out once per
// client rather than per body.
type redactor []secretForm

// text replaces every form in msg, also where invisible characters were
// put inside it (a zero-width space, a soft hyphen, VS16, a skin tone, a
// joiner, a BOM): the sanitiser shows some of them as nothing or drops
// them, so the redaction must see through them.
func (r redactor) text(msg string) string {
	for _, f := range r {
		msg = replaceForm(msg, f)
	}
	if hasFoldable(msg) {
		msg = r.folded(msg)
	}
	return msg
}

// foldable reports whether r is a character a secret may hide behind
// without changing how it reads: an invisible format character or an emoji
// part that the panes drop.
func foldable(r rune) bool {
	switch {
	case r == 0x00ad, r == 0x180e, r >= 0x200b && r <= 0x200f, r >= 0x2060 && r <= 0x2064, r == 0xfeff,
		r == 0xfe0e, r == 0xfe0f, r >= 0x1f3fb && r <= 0x1f3ff, r == 0x034f:
		return true
	}
	return false
}

// foldableLeads are the first bytes of every foldable character's UTF-8
// form (U+00AD, U+034F, U+180E, U+200B…U+2064, U+FE0E…U+FEFF,
// U+1F3FB…U+1F3FF).
var foldableLeads = [...]byte{0xc2, 0xcd, 0xe1, 0xe2, 0xef, 0xf0}

// hasFoldable is strings.ContainsFunc(s, foldable) without decoding every
// rune: each lead byte is looked for with IndexByte and only the runes it
// starts are decoded. A 10 MiB Swedish message took 37 ms, now about 3.
func hasFoldable(s string) bool {
	for _, lead := range foldableLeads {
		for i := 0; ; i++ {
			j := strings.IndexByte(s[i:], lead)
			if j < 0 {
				break
			}
			i += j
			if r, _ := utf8.DecodeRuneInString(s[i:]); foldable(r) {
				return true
			}
		}
	}
	return false
}

// folded replaces the forms found in msg with its foldable characters left
// out; each match covers the original text from its first to its last
// character, the invisible ones inside included.
func (r redactor) folded(msg string) string {
	var fb strings.Builder
	at := make([]int, 0, len(msg)+1) // at[k]: where folded byte k is in msg
	for i, c := range msg {
		if foldable(c) {
			continue
		}
		n := fb.Len()
		fb.WriteRune(c)
		for j := range fb.Len() - n {
			at = append(at, i+j)
		}
	}
	at = append(at, len(msg))
	folded := fb.String()
	type span struct{ start, end int }
	var spans []span
	for _, f := range r {
		form := strings.Map(func(c rune) rune {
			if foldable(c) {
				return -1
			}
			return c
		}, f.s)
		if form == "" {
			continue
		}
		for from := 0; ; {
			k := strings.Index(folded[from:], form)
			if k < 0 {
				break
			}
			k += from
			end := k + len(form)
			from = end
			if f.word {
				before, _ := utf8.DecodeLastRuneInString(folded[:k])
				after, _ := utf8.DecodeRuneInString(folded[end:])
				if wordRune(before) || wordRune(after) {
					continue
				}
			}
			spans = append(spans, span{at[k], at[end-1] + 1})
		}
	}
	if len(spans) == 0 {
		return msg
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	prev := 0
	for _, sp := range spans {
		if sp.start < prev {
			// Overlapping forms: one replacement, as long as both.
			prev = max(prev, sp.end)
			continue
		}
		b.WriteString(msg[prev:sp.start])
		b.WriteString(redacted)
		prev = sp.end
	}
	b.WriteString(msg[prev:])
	return b.String()
}

// body returns b with the credentials replaced, and whether any were found.
// Beyond the forms as they stand, a JSON string or an XML text written
// with needless escapes (S3cr\u0065tPW, S3cr&#101;tPW) is decoded token by
// token, and a token that holds a credential is written again, redacted.
// An unchanged body is returned as is, not copied.
func (r redactor) body(b []byte) ([]byte, bool) {
	out := b
	for _, f := range r {
		if bytes.Contains(b, []byte(f.s)) {
			out = r.bytes(b)
			break
		}
	}
	if hasFoldable(unsafeString(out)) {
		out = r.bytes(out)
	}
	// Only \u and \/ can spell a character its own way: the other escapes
	// are the ones the password's own JSON form has.
	if bytes.Contains(out, []byte(`\u`)) || bytes.Contains(out, []byte(`\/`)) {
		out = r.jsonTokens(out)
	}
	if bytes.Contains(out, []byte("&#")) {
		out = r.xmlTokens(out)
	}
	if bytes.Equal(out, b) {
		return b, false
	}
	return out, true
}

// bytes is text for a body: b itself when nothing is replaced (a short
// password's letters are in most bodies, seldom as a word of their own),
// so that a 16 MiB body is not copied to find that out.
func (r redactor) bytes(b []byte) []byte {
	s := unsafeString(b) // read only, and not kept
	if red := r.text(s); red != s {
		return []byte(red)
	}
	return b
}

// jsonTokens redacts each JSON string literal of b that holds an escape and,
// decoded, a credential.
func (r redactor) jsonTokens(b []byte) []byte {
	var out []byte
	prev := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		end, escaped := i+1, false
		for end < len(b) && b[end] != '"' {
			if b[end] == '\\' {
				escaped = escaped || end+1 < len(b) && (b[end+1] == 'u' || b[end+1] == '/')
				end++
			}
			end++
		}
		if end >= len(b) {
			break
		}
		lit := b[i : end+1]
		if escaped {
			var s string
			if json.Unmarshal(lit, &s) == nil {
				if red := r.text(s); red != s {
					out = append(out, b[prev:i]...)
					enc, _ := json.Marshal(red)
					out = append(out, enc...)
					prev = end + 1
				}
			}
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[prev:]...)
}

// xmlTokens redacts each run of XML text or attribute value of b that holds
// a character reference and, decoded, a credential.
func (r redactor) xmlTokens(b []byte) []byte {
	var out []byte
	prev := 0
	for i := 0; i < len(b); {
		k := bytes.Index(b[i:], []byte("&#"))
		if k < 0 {
			break
		}
		k += i
		start := bytes.LastIndexAny(b[prev:k], "<>\"'") + prev + 1
		end := len(b)
		if e := bytes.IndexAny(b[k:], "<>\"'"); e >= 0 {
			end = k + e
		}
		if !r.mayHoldXML(b[start:end]) {
			i = end
			continue
		}
		if dec, err := unescapeXML(nil, b[start:end], false); err == nil {
			// dec is read here only, and dropped.
			if red := r.text(unsafeString(dec)); red != unsafeString(dec) {
				out = append(out, b[prev:start]...)
				var esc strings.Builder
				_ = xml.EscapeText(&esc, []byte(red))
				out = append(out, esc.String()...)
				prev = end
			}
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[prev:]...)
}

// xmlWindow is how much of an XML text mayHoldXML decodes at a time (a
// variable so that tests can cut texts everywhere).
var xmlWindow = 64 << 10

// mayHoldXML reports whether the XML text raw may hold a credential once
// its references are decoded; false only when it certainly does not. A
// long text is decoded a window at a time into one buffer, each window
// with the end of the one before (the longest form and a character on
// either side), so that a 16 MiB message with a &#xD; on every line is not
// decoded whole, at 16 MiB, only to find nothing. Anything uncertain (an
// invisible character, a form at the edge of a window, a broken
// reference) says true, and xmlTokens decodes the text whole as before.
func (r redactor) mayHoldXML(raw []byte) bool {
	if len(raw) <= xmlWindow {
		return true
	}
	overlap := 2 * utf8.UTFMax
	for _, f := range r {
		overlap = max(overlap, len(f.s)+2*utf8.UTFMax)
	}
	buf := make([]byte, 0, xmlWindow+overlap)
	keep := 0 // decoded bytes at buf's start, from the window before
	for off := 0; off < len(raw); {
		cut := xmlCut(raw, off, min(len(raw), off+xmlWindow))
		var err error
		if buf, err = unescapeXML(buf[:keep], raw[off:cut], false); err != nil {
			return true
		}
		if s := unsafeString(buf); hasFoldable(s) || r.text(s) != s {
			return true
		}
		keep = min(overlap, len(buf))
		copy(buf, buf[len(buf)-keep:])
		off = cut
	}
	return false
}

// xmlCut moves a cut of raw at c (after off) back to where decoding the two
// sides apart gives what decoding them together does: not inside an entity
// or character reference, and not between the \r and \n of a line end.
func xmlCut(raw []byte, off, at int) int {
	if at == len(raw) {
		return at
	}
	c := at
	lo := max(off, c-12) // a reference is at most 12 bytes before its ';'
	if j := bytes.LastIndexByte(raw[lo:c], '&'); j >= 0 && bytes.IndexByte(raw[lo+j:c], ';') < 0 {
		c = lo + j
	}
	if c > off+1 && raw[c-1] == '\r' {
		c--
	}
	if c <= off {
		return at // a window shorter than a reference: decoding fails, and says so
	}
	return c
}

// replaceForm replaces one form of a secret in msg.
func replaceForm(msg string, f secretForm) string {
	if !strings.Contains(msg, f.s) {
		return msg
	}
	if !f.word {
		return strings.ReplaceAll(msg, f.s, redacted)
	}
	if !standsAlone(msg, f.s) {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.Index(msg, f.s)
		if i < 0 {
			break
		}
		end := i + len(f.s)
		before, _ := utf8.DecodeLastRuneInString(msg[:i])
		after, _ := utf8.DecodeRuneInString(msg[end:])
		b.WriteString(msg[:i])
		if wordRune(before) || wordRune(after) {
			b.WriteString(f.s)
		} else {
			b.WriteString(redacted)
		}
		msg = msg[end:]
	}
	b.WriteString(msg)
	return b.String()
}

// standsAlone reports whether replaceForm replaces any occurrence of the
// word form s in msg, looking at each as it does (after the one before it),
// so that a text where it is only ever part of a word is not rebuilt.
func standsAlone(msg, s string) bool {
	for {
		i := strings.Index(msg, s)
		if i < 0 {
			return false
		}
		end := i + len(s)
		before, _ := utf8.DecodeLastRuneInString(msg[:i])
		after, _ := utf8.DecodeRuneInString(msg[end:])
		if !wordRune(before) && !wordRune(after) {
			return true
		}
		msg = msg[end:]
	}
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// strings replaces the credentials in every string of v (a pointer to
// a struct such as IncomingLead), through pointers, slices and maps: a
// value escaped in a way the body's redaction cannot see (\u0070…) is still
// caught once decoded.
func (r redactor) strings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			r.strings(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				r.strings(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			r.strings(v.Index(i))
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			e := reflect.New(iter.Value().Type()).Elem()
			e.Set(iter.Value())
			r.strings(e)
			v.SetMapIndex(iter.Key(), e)
		}
	case reflect.String:
		if v.CanSet() {
			if s := r.text(v.String()); s != v.String() {
				v.SetString(s)
			}
		}
	}
}

// redactErr removes the password from the server-supplied text of err: its
// message, field messages and body excerpt.
func (c *Client) redactErr(err error) {
	if len(c.secrets) == 0 {
		return
	}
	red := c.secrets.text
	var se *StatusError
	if asStatusError(err, &se) {
		se.Message = red(se.Message)
		if se.Response != nil {
			se.Response.Body = []byte(red(string(se.Response.Body)))
		}
	}
	if re, ok := err.(*RejectedError); ok {
		for k, msgs := range re.Fields {
			for i := range msgs {
				msgs[i] = red(msgs[i])
			}
			re.Fields[k] = msgs
		}
	}
	if be, ok := err.(*BadResponseError); ok {
		be.Excerpt = red(be.Excerpt)
		be.Detail = red(be.Detail)
		if be.Response != nil {
			be.Response.Body = []byte(red(string(be.Response.Body)))
		}
	}
}
