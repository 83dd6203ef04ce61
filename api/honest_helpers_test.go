package api

import (
	"encoding/json"
	"strings"

	"leadinspector/api/base/sanitize"
)

func sanitizeText(s string) string { return sanitize.Text(s) }
func sanitizeRaw(b []byte) string  { return sanitize.Raw(b) }

// foldAll is what a reader sees: escapes decoded, invisible characters gone.
func foldAll(s string) string {
	var u string
	if json.Unmarshal([]byte(`"`+strings.ReplaceAll(s, `"`, `\"`)+`"`), &u) == nil {
		s = u
	}
	s = strings.ReplaceAll(s, "&#101;", "e")
	return strings.Map(func(r rune) rune {
		if foldable(r) {
			return -1
		}
		return r
	}, s)
}
