package api

import "strconv"

// FormatBytes writes a byte count for people, the one way every part of the
// program says a size: "100 B", "1.5 KiB", "16 MiB". One decimal, dropped
// when it is zero, so a limit reads as it was configured ("16 MiB") and a
// body size keeps its precision ("1.2 KiB"). MiB is the largest unit: the
// body limit is set in MiB.
func FormatBytes(n int64) string {
	if n < 1<<10 {
		return strconv.FormatInt(n, 10) + " B"
	}
	unit, name := float64(1<<10), " KiB"
	// A size that rounds up to 1024.0 KiB is said in MiB.
	if n >= 1<<20-1<<10/20 {
		unit, name = 1<<20, " MiB"
	}
	s := strconv.FormatFloat(float64(n)/unit, 'f', 1, 64)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s + name
}
