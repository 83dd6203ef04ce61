package config

import (
	"strconv"
	"strings"
)

// ValidColor reports whether s is a colour as the config file may give it:
// "#rrggbb", "#rgb" or an ANSI colour number 0–255. It lives here, below the
// UI, so that checking a config file needs no UI package; ui/styles turns a
// valid string into a terminal colour.
func ValidColor(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return false
	case s[0] != '#':
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		n, err := strconv.Atoi(s)
		return err == nil && n <= 255
	case len(s) != 4 && len(s) != 7:
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}
