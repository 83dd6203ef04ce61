package rawview

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// findAllFolded is the search as it was: strings.Index over a folded copy.
func findAllFolded(s, q string) []int {
	f := fold(s)
	var offs []int
	for pos := 0; pos <= len(f)-len(q); {
		i := strings.Index(f[pos:], q)
		if i < 0 {
			break
		}
		offs = append(offs, pos+i)
		pos += i + len(q)
	}
	return offs
}

// The search reads the text in place, yet finds exactly what a search of
// the folded text finds: mixed case, Swedish letters, Greek sigma forms,
// the Kelvin sign and dotted I (whose lower cases differ in length, so
// fold leaves them), overlapping candidates.
func TestFindAllMatchesTheFoldedSearch(t *testing.T) {
	text := "Östermalm ÖSTERMALM östermalm ÅÄÖ åäö ΣΑΣ σας ς \u212a k K İstanbul istanbul aaaa AaAa utm_SOURCE Utm_source x"
	queries := []string{"östermalm", "åäö", "σ", "ς", "k", "\u212a", "i̇", "i", "aa", "utm_source", "x", "ö", "m ö", "zzz"}
	for _, q := range queries {
		q = fold(q)
		got, _ := findAll(text, q)
		if want := findAllFolded(text, q); !slices.Equal(got, want) {
			t.Errorf("%q: %v, the folded search finds %v", q, got, want)
		}
	}
	// And on random text of those letters.
	alphabet := []rune("aAöÖσΣς \u212akKİi_")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		var qb strings.Builder
		for range 1 + rng.IntN(3) {
			qb.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s, q := b.String(), fold(qb.String())
		got, _ := findAll(s, q)
		if want := findAllFolded(s, q); !slices.Equal(got, want) {
			t.Fatalf("%q in %q: %v, the folded search finds %v", q, s, got, want)
		}
	}
}
