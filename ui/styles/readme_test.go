package styles

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The README says how badges read without colour; it says what they
// render as. It said [⚠ anonymised] and [✗ state unknown], which have no
// brackets (each badge kind has its own form, so none reads as a State).
func TestReadmeSaysHowBadgesReadWithoutColour(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := strings.Join(strings.Fields(string(b)), " ")
	_, sentence, ok := strings.Cut(readme, "gives a monochrome screen whose badges read as ")
	if !ok {
		t.Fatal("the README no longer says how badges read without colour")
	}
	sentence, _, _ = strings.Cut(sentence, "for a failed lookup.")
	var said []string
	for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(sentence, -1) {
		said = append(said, m[1])
	}
	s := New(true, true, nil)
	want := []string{
		ansi.Strip(s.StateBadge("New", "no state")),
		ansi.Strip(s.Badge("AcceptObjectFlow", BadgeType)),
		ansi.Strip(s.Badge("anonymised", BadgeGDPR)),
		ansi.Strip(s.Badge("state unknown", BadgeFailed)),
	}
	if strings.Join(said, " | ") != strings.Join(want, " | ") {
		t.Errorf("the README says badges read as\n  %s\nthey render as\n  %s", strings.Join(said, " | "), strings.Join(want, " | "))
	}
}
