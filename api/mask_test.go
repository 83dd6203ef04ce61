package api

import (
	"strings"
	"testing"
)

func TestMaskSeedBothFormats(t *testing.T) {
	for _, f := range []Format{JSON, XML} {
		for _, pretty := range []bool{false, true} {
			body := readTestdata(t, "seed."+string(f))
			if pretty {
				body = Pretty(body, f)
			}
			got := Mask(string(body), f)
			// Contact id, estate ids, message and UTM values are "sample
			// string 1", 3, 4, 5 and 2; 1 and 2 are also names that stay.
			for _, gone := range []string{"sample string 3", "sample string 4", "sample string 5"} {
				if strings.Contains(got, gone) {
					t.Errorf("%s pretty=%v: %q still shown", f, pretty, gone)
				}
			}
			if n := strings.Count(got, MaskText); n != 6 {
				t.Errorf("%s pretty=%v: %d values masked, want 6 (contact, 2 estates, message, 2 UTM values):\n%s", f, pretty, n, got)
			}
		}
	}
}

func TestPersonalField(t *testing.T) {
	for _, tc := range []struct {
		name, parent string
		want         bool
	}{
		{"message", "", true}, {"Message", "IncomingLead", true}, {"CONTACTID", "", true},
		{"buyingEstateId", "", true}, {"SellingEstateId", "x", true},
		{"value", "utmTags", true}, {"Value", "FormMarketingUtmTags", true},
		{"value", "", false}, {"name", "utmTags", false}, {"customerId", "", false}, {"id", "", false},
	} {
		if got := PersonalField(tc.name, tc.parent); got != tc.want {
			t.Errorf("PersonalField(%q, %q) = %v, want %v", tc.name, tc.parent, got, tc.want)
		}
	}
}
