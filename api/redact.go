package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"reflect"
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

// text replaces every form in msg.
func (r redactor) text(msg string) string {
	for _, f := range r {
		msg = replaceForm(msg, f)
	}
	return msg
}

// body returns b with the credentials replaced, and whether any were found.
// An unchanged body is returned as is, not copied.
func (r redactor) body(b []byte) ([]byte, bool) {
	found := false
	for _, f := range r {
		if bytes.Contains(b, []byte(f.s)) {
			found = true
			break
		}
	}
	if !found {
		return b, false
	}
	out := []byte(r.text(string(b)))
	return out, !bytes.Equal(out, b)
}

// replaceForm replaces one form of a secret in msg.
func replaceForm(msg string, f secretForm) string {
	if !strings.Contains(msg, f.s) {
		return msg
	}
	if !f.word {
		return strings.ReplaceAll(msg, f.s, redacted)
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
