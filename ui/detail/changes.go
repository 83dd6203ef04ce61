package detail

import (
	"slices"
	"strings"

	"leadinspector/api"
)

// Fields is a set of the parts of a lead the detail pane shows, used to
// mark what changed between two lookups of the same lead (watch).
type Fields uint16

// The parts of a lead, in the order the pane shows them.
const (
	FieldState Fields = 1 << iota
	FieldLeadType
	FieldAnonymised
	FieldSent
	FieldReceiver
	FieldContact
	FieldBuyingEstate
	FieldSellingEstate
	FieldSource
	FieldMessage
	FieldUTM
)

var fieldNames = []struct {
	f    Fields
	name string
}{
	{FieldState, "state"}, {FieldLeadType, "lead type"}, {FieldAnonymised, "anonymised"},
	{FieldSent, "sent at"}, {FieldReceiver, "receiver"}, {FieldContact, "contact"},
	{FieldBuyingEstate, "buying estate"}, {FieldSellingEstate, "selling estate"},
	{FieldSource, "lead source"}, {FieldMessage, "message"}, {FieldUTM, "UTM tags"},
}

// Has reports whether every field of x is in f.
func (f Fields) Has(x Fields) bool { return x != 0 && f&x == x }

// Count is the number of fields in f.
func (f Fields) Count() int {
	n := 0
	for _, fn := range fieldNames {
		if f.Has(fn.f) {
			n++
		}
	}
	return n
}

// Names lists the fields in f in plain words, in the pane's order. They
// name what changed, never the values, so they are safe in privacy mode.
func (f Fields) Names() []string {
	var out []string
	for _, fn := range fieldNames {
		if f.Has(fn.f) {
			out = append(out, fn.name)
		}
	}
	return out
}

func (f Fields) String() string { return strings.Join(f.Names(), ", ") }

// fieldWord names one field in the pane's language.
func (r *renderer) fieldWord(f Fields) string {
	switch f {
	case FieldState:
		return r.l.T("detail.field.state")
	case FieldLeadType:
		return r.l.T("detail.field.lead_type")
	}
	return r.l.T("detail.field.anonymised")
}

// Diff says which parts of the lead differ between a and b. A nil lead
// differs from any other in every part. An enum that came as a number and
// the name enums learned for it (nil: none) are one value.
func Diff(a, b *api.IncomingLead, enums *api.EnumNames) Fields {
	if a == nil || b == nil {
		if a == b {
			return 0
		}
		return FieldState | FieldLeadType | FieldAnonymised | FieldSent | FieldReceiver | FieldContact |
			FieldBuyingEstate | FieldSellingEstate | FieldSource | FieldMessage | FieldUTM
	}
	var f Fields
	set := func(differs bool, x Fields) {
		if differs {
			f |= x
		}
	}
	// A number and the name learned for it are one value.
	set(!enums.SameState(a.State, b.State), FieldState)
	set(!enums.Same("LeadType", string(leadType(a)), string(leadType(b))), FieldLeadType)
	set(!eqPtr(a.IsAnonymized, b.IsAnonymized), FieldAnonymised)
	set(!a.SentAt.Equal(b.SentAt), FieldSent)
	set(!eqReceiver(a.Receiver, b.Receiver), FieldReceiver)
	set(a.ContactID != b.ContactID, FieldContact)
	set(a.BuyingEstateID != b.BuyingEstateID, FieldBuyingEstate)
	set(a.SellingEstateID != b.SellingEstateID, FieldSellingEstate)
	set(!eqSource(a.LeadSource, b.LeadSource), FieldSource)
	set(a.Message != b.Message, FieldMessage)
	set(!slices.Equal(a.UtmTags, b.UtmTags), FieldUTM)
	return f
}

func leadType(l *api.IncomingLead) api.LeadType {
	if l.LeadSource == nil {
		return ""
	}
	return l.LeadSource.LeadType
}

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func eqOffice(a, b *api.Office) bool { return eqPtr(a, b) }

func eqReceiver(a, b *api.LeadReceiver) bool {
	if a == nil || b == nil {
		return a == b
	}
	if (a.Agent == nil) != (b.Agent == nil) {
		return false
	}
	if a.Agent != nil && (a.Agent.ID != b.Agent.ID || !eqOffice(a.Agent.Office, b.Agent.Office)) {
		return false
	}
	return eqPtr(a.UserGroup, b.UserGroup) && eqOffice(a.Office, b.Office)
}

// eqSource compares the source's name and id; its type is FieldLeadType.
func eqSource(a, b *api.LeadSource) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.ID == b.ID && a.Name == b.Name
}
