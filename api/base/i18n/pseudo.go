package i18n

import "strings"

// Unmarked is the text of s outside Pseudo's markers, one string per stretch
// between messages (markers nest: a message quoting another). Tests render a
// screen or a command's output with Pseudo and fail on any stretch that holds
// words which are not data: that text never went through a catalogue.
func Unmarked(s string) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case string(r) == MarkOpen:
			if depth == 0 {
				flush()
			}
			depth++
		case string(r) == MarkClose && depth > 0:
			depth--
		case depth == 0:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}
