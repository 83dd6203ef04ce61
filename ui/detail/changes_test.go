package detail

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
)

func TestDiff(t *testing.T) {
	a := typicalLead()
	if d := Diff(a, typicalLead(), nil); d != 0 {
		t.Fatalf("equal leads differ in %v", d)
	}
	b := typicalLead()
	b.State = "Accepted"
	b.Receiver.Agent = nil
	b.UtmTags = b.UtmTags[:2]
	b.LeadSource.LeadType = "CallbackFlow"
	d := Diff(a, b, nil)
	if want := FieldState | FieldReceiver | FieldUTM | FieldLeadType; d != want {
		t.Fatalf("Diff = %v, want %v", d, want)
	}
	if d.Count() != 4 || d.String() != "state, lead type, receiver, UTM tags" {
		t.Errorf("Count %d, String %q", d.Count(), d.String())
	}
	c := typicalLead()
	c.Receiver.Agent.Office = &api.Office{ID: "KON2", CustomerID: "M11385"}
	c.IsAnonymized = nil
	c.Message += "!"
	if d := Diff(a, c, nil); d != FieldReceiver|FieldAnonymised|FieldMessage {
		t.Errorf("Diff = %v", d)
	}
	if d := Diff(nil, a, nil); d.Count() != 11 {
		t.Errorf("Diff(nil, lead, nil) = %v", d)
	}
	if Diff(nil, nil, nil) != 0 {
		t.Error("Diff(nil, nil, nil) != 0")
	}
}

func TestChangedPartsAreMarked(t *testing.T) {
	o := opts(80)
	plain := ansi.Strip(Render(typicalLead(), o))
	if strings.Contains(plain, "changed") {
		t.Fatalf("no change, yet marked:\n%s", plain)
	}
	o.Changed = FieldState | FieldReceiver | FieldContact | FieldMessage | FieldUTM
	o.Privacy = true
	s := ansi.Strip(Render(typicalLead(), o))
	lines := strings.Split(s, "\n")
	want := map[string]bool{"[New]": false, "Receiver": false, "Contact": false, "Message": false, "UTM tags": false}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
		for k := range want {
			if strings.HasPrefix(l, k) && strings.Contains(l, "changed") {
				want[k] = true
			}
		}
		if strings.HasPrefix(l, "Sent") && strings.Contains(l, "changed") {
			t.Errorf("Sent marked though it did not change: %q", l)
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("%s not marked as changed:\n%s", k, s)
		}
	}
	if !strings.Contains(s, "← state changed") {
		t.Errorf("badge line does not say the state changed:\n%s", s)
	}
	if strings.Contains(s, "\u00a0") {
		t.Error("a no-break space reached the output")
	}
	if strings.Contains(s, "ADR3ADC7B7B0A9447CA97FCAB43E36B582C") {
		t.Error("the mark unmasked the contact id")
	}
}
