package input

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// A Ref behaves as a field held by value: a copy of its holder changed
// later does not change the original, and the zero Ref is an empty field.
func TestRefCopiesAreIndependent(t *testing.T) {
	r := NewRef(New())
	r.Edit(func(m *Model) { m.Focus(); m.SetValue("LED1") })
	c := r
	c.Update(tea.KeyPressMsg{Code: '2', Text: "2"})
	c.Edit((*Model).Blur)
	if r.Value() != "LED1" || !r.Focused() || c.Value() != "LED12" || c.Focused() {
		t.Errorf("original %q focused %v, copy %q focused %v", r.Value(), r.Focused(), c.Value(), c.Focused())
	}
	var z Ref
	if z.Value() != "" || z.Focused() || z.View() != "" {
		t.Errorf("zero Ref: %q %v %q", z.Value(), z.Focused(), z.View())
	}
	z.Edit((*Model).Focus)
	z.Update(tea.KeyPressMsg{Code: 'a', Text: "a"})
	if z.Value() != "a" {
		t.Errorf("zero Ref after a key: %q", z.Value())
	}
}
