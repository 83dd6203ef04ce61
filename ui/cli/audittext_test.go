package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/ui/desk"
)

// audit's text is read by people: a heading names the columns, and what
// was done and how it ended are words of the reader's language (csv and
// json keep the stored values). In Swedish it said "lead … shown".
func TestAuditTextSaysItsWordsInTheLanguage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.db")
	st, err := desk.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	who := desk.Who{Person: "bo", KeyFP: "SHA256:abc"}
	if err := st.RecordLookup(ctx, who, desk.Lookup{CustomerID: "M30011", LeadID: "LED1", Status: 200, State: "New"}, desk.OutcomeShown); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordContact(ctx, who, "M30011", "ADR1", 0, desk.OutcomeCancelled); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, tc := range []struct {
		lang  i18n.Lang
		heads []string
		rows  []string
	}{
		{i18n.English, []string{"TIME", "PERSON", "WHAT", "CUSTOMER", "ID", "HTTP", "OUTCOME", "KEY"},
			[]string{"  bo            lead      M30011    LED1  ", "  shown  ", "  contact   M30011    ADR1  ", "  cancelled  "}},
		{i18n.Swedish, []string{"TID", "PERSON", "VAD", "KUND", "ID", "HTTP", "UTFALL", "NYCKEL"},
			[]string{"  bo            lead      M30011    LED1  ", "  visat  ", "  kontakt   M30011    ADR1  ", "  avbrutet  "}},
	} {
		var out, errb bytes.Buffer
		code := Audit(ctx, path, AuditArgs{Format: "text"}, time.Now(), IO{Stdout: &out, Stderr: &errb, Localizer: i18n.New(tc.lang)})
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", tc.lang, code, errb.String())
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: want a heading and two rows:\n%s", tc.lang, out.String())
		}
		if got := strings.Fields(lines[0]); strings.Join(got, " ") != strings.Join(tc.heads, " ") {
			t.Errorf("%s: heading %q, want %q", tc.lang, lines[0], strings.Join(tc.heads, " "))
		}
		for _, want := range tc.rows {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s: lacks %q:\n%s", tc.lang, want, out.String())
			}
		}
		// Each heading word stands over its column.
		for i, h := range tc.heads[1:] {
			col := strings.Index(lines[0], "  "+h) + 2
			if v := lines[1][col:]; i < 6 && strings.HasPrefix(v, " ") {
				t.Errorf("%s: nothing under %s in %q", tc.lang, h, lines[1])
			}
		}
	}
}
