package api

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// hasFoldable finds exactly the characters foldable names, in any text:
// every foldable character alone and inside Swedish text, and random
// strings of neighbouring characters and broken UTF-8.
func TestHasFoldableIsContainsFunc(t *testing.T) {
	for r := rune(0); r <= 0x1ffff; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := "Hej åäö –" + string(r) + "’ slut"
		if got, want := hasFoldable(s), strings.ContainsFunc(s, foldable); got != want {
			t.Fatalf("U+%04X: hasFoldable %v, ContainsFunc %v", r, got, want)
		}
	}
	pool := []string{"a", "å", "–", "’", "\u00ad", "\u034f", "\u180e", "\u200b", "\u2060", "\ufe0f", "\ufeff", "\U0001f3fb", "\U0001f44d", "\xe2", "\xf0\x9f", "\xc2", "\x80"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		if got, want := hasFoldable(s), strings.ContainsFunc(s, foldable); got != want {
			t.Fatalf("%q: hasFoldable %v, ContainsFunc %v", s, got, want)
		}
	}
}
