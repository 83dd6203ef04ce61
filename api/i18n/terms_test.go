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
