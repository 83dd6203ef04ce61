package api

import (
	"encoding/base64"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Redact replaces every occurrence of password in msg, as is and in the
// Basic auth encoding, so not even a server that echoes the Authorization
// header can put it on screen. A short password is replaced only where it
// stands as a word of its own: "x" must not turn "proxy" into "pro••••y".
func Redact(msg, username, password string) string {
	if password == "" || msg == "" {
		return msg
	}
	basic := base64.StdEncoding.EncodeToString([]byte(username + ":" + password))
	msg = strings.ReplaceAll(msg, basic, "••••")
	if utf8.RuneCountInString(password) >= 8 {
		return strings.ReplaceAll(msg, password, "••••")
	}
	if !strings.Contains(msg, password) {
		return msg
	}
	var b strings.Builder
	for {
		i := strings.Index(msg, password)
		if i < 0 {
			break
		}
		end := i + len(password)
		before, _ := utf8.DecodeLastRuneInString(msg[:i])
		after, _ := utf8.DecodeRuneInString(msg[end:])
		b.WriteString(msg[:i])
		if wordRune(before) || wordRune(after) {
			b.WriteString(password)
		} else {
			b.WriteString("••••")
		}
		msg = msg[end:]
	}
	b.WriteString(msg)
	return b.String()
}

func wordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// redactErr removes the password from the server-supplied text of err: its
// message, field messages and body excerpt.
func (c *Client) redactErr(err error) {
	if c.password == "" {
		return
	}
	red := func(s string) string { return Redact(s, c.username, c.password) }
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
