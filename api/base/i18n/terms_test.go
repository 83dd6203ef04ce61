package i18n

import (
	"os"
	"strings"
	"testing"
)

// One Swedish term per thing: the website function group is Vitec's
// "hemsida" ("funktioner för att bygga en hemsida"), so "hemsidefunktioner"
// in the status bar, the detail pane, the CLI and config check alike.
func TestSwedishTermsAreOne(t *testing.T) {
	b, err := os.ReadFile("catalog/sv.toml")
	if err != nil {
		t.Fatal(err)
	}
	sv := string(b)
	for _, other := range []string{"webbplatsfunktion", "webbplatsens funktion", "ingen åtkomst till hemsid"} {
		if strings.Contains(sv, other) {
			t.Errorf("sv.toml says %q: the term is hemsidefunktioner", other)
		}
	}
	// Placeholders of usage lines are Swedish words.
	for _, en := range []string{"CUSTOMER_ID", "LEAD_ID"} {
		if strings.Contains(sv, en) {
			t.Errorf("sv.toml has the English placeholder %s: write KUND-ID, LEAD-ID", en)
		}
	}
}

// The README's Swedish glossary (På svenska, Ordlista) is what sv.toml
// says: each term is used, and none of the words it replaces is (issue
// 20.10).
func TestSwedishGlossary(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("catalog/sv.toml")
	if err != nil {
		t.Fatal(err)
	}
	sv := string(b)
	_, table, ok := strings.Cut(string(readme), "**Ordlista.**")
	if !ok {
		t.Fatal("the README's Swedish section has no glossary (**Ordlista.**)")
	}
	rows := 0
	for _, line := range strings.Split(table, "\n")[1:] {
		line = strings.TrimSpace(line)
		if rows > 0 && !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 3 || strings.HasPrefix(strings.TrimSpace(cells[0]), "---") || strings.TrimSpace(cells[0]) == "engelska" {
			continue
		}
		rows++
		for _, term := range strings.Split(cells[1], ",") {
			term = strings.TrimSpace(strings.Split(term, " (")[0])
			if !strings.Contains(strings.ToLower(sv), strings.ToLower(term)) {
				t.Errorf("glossary term %q is not used in sv.toml", term)
			}
		}
		for _, not := range strings.Split(cells[2], ",") {
			if not = strings.TrimSpace(not); not != "" && strings.Contains(sv, not) {
				t.Errorf("sv.toml says %q; the glossary's word is %q", not, strings.TrimSpace(cells[1]))
			}
		}
	}
	if rows < 8 {
		t.Errorf("the glossary has %d rows", rows)
	}
}
