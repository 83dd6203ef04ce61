package rawview

import (
	"os"
	"strings"
	"testing"

	"leadinspector/api"
)

func TestMaskHidesPersonalValuesInBothFormats(t *testing.T) {
	for _, f := range []api.Format{api.JSON, api.XML} {
		body, err := os.ReadFile("../../api/testdata/seed." + string(f))
		if err != nil {
			t.Fatal(err)
		}
		got := Mask(string(api.Pretty(body, f)), f)
		// The seed's contact id, estate ids, message and UTM values are
		// "sample string 1", 3, 4, 5 and 2; 1 and 2 are also ids and names
		// that stay, so count what is left.
		for _, gone := range []string{"sample string 3", "sample string 4", "sample string 5"} {
			if strings.Contains(got, gone) {
				t.Errorf("%s: %q still shown:\n%s", f, gone, got)
			}
		}
		if n := strings.Count(got, maskText); n != 6 {
			t.Errorf("%s: %d values masked, want 6 (contact, 2 estates, message, 2 UTM values):\n%s", f, n, got)
		}
	}
}
