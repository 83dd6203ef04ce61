package input

import tea "charm.land/bubbletea/v2"

// Ref holds a field by pointer, for a model that is copied on every
// message (the inspector's root Model is, to the heap, at every Update):
// 8 bytes in place of the field's 2.7 KB, most of it its Styles. Edit
// changes a copy of the field and keeps that, so copies of the holder
// never see each other's changes, as with a field held by value. The zero
// Ref is an empty field.
type Ref struct{ p *Model }

// NewRef holds m.
func NewRef(m Model) Ref { return Ref{&m} }

// Edit changes the field (a copy of it, kept in its place).
func (r *Ref) Edit(change func(*Model)) {
	var m Model
	if r.p != nil {
		m = *r.p
	}
	change(&m)
	r.p = &m
}

// Update is the field's Update, kept.
func (r *Ref) Update(msg tea.Msg) {
	r.Edit(func(m *Model) { *m, _ = m.Update(msg) })
}

var empty Model

func (r Ref) field() *Model {
	if r.p == nil {
		return &empty
	}
	return r.p
}

// Value, Focused, Selected, Width, Position and View are the field's.
func (r Ref) Value() string  { return r.field().Value() }
func (r Ref) Selected() bool { return r.field().Selected() }
func (r Ref) Width() int     { return r.field().Width() }
func (r Ref) Position() int  { return r.field().Position() }
func (r Ref) Focused() bool  { return r.field().Focused() }
func (r Ref) View() string   { return r.field().View() }
