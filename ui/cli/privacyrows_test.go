package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"leadinspector/api"
)

// get --privacy --format json with several ids (or - for stdin) masks each
// row's lead as one id's pretty JSON is masked: the README promises text,
// json and xml alike. The rows carried the message, contact id, estate
// ids and UTM values as received.
func TestGetJSONRowsAreMaskedInPrivacy(t *testing.T) {
	seed, err := os.ReadFile("../../api/testdata/seed.json")
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{body: seed}
	var out, errb bytes.Buffer
	o := GetOptions{Args: GetArgs{CustomerID: "M1", LeadIDs: []string{"LED1", "LED2"}, Format: "json", Parallel: 1}, Privacy: true}
	if code := Get(context.Background(), rec, o, IO{Stdout: &out, Stderr: &errb}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want two rows:\n%s", out.String())
	}
	for _, line := range lines {
		var r jsonRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("row %q: %v", line, err)
		}
		var lead map[string]any
		if err := json.Unmarshal(r.Lead, &lead); err != nil {
			t.Fatalf("row's lead %q: %v", r.Lead, err)
		}
		for _, k := range []string{"message", "contactId", "buyingEstateId", "sellingEstateId"} {
			if lead[k] != api.MaskText {
				t.Errorf("privacy: %s = %v, want %s", k, lead[k], api.MaskText)
			}
		}
		if lead["state"] != "New" {
			t.Errorf("privacy masked the State too: %v", lead["state"])
		}
	}
}
