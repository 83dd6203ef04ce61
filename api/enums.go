package api

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
)

// Json.NET without its StringEnumConverter, and DataContractJsonSerializer,
// write an enum as its number: State 1, LeadType 0, an estate's EstateType 0.
// DataContractSerializer's XML always writes the name, so when a JSON answer
// holds a number, the XML of the same resource is asked for once to learn
// its name; a name learned is remembered for the program's life, so a number
// and its name are one value however the next answer spells it.

// enumNames maps "Field\x00number" to the name learned for it.
var enumNames sync.Map

// IsEnumNumber reports whether an enum value came as a number rather than
// its name.
func IsEnumNumber(v string) bool {
	v = strings.TrimPrefix(strings.TrimSpace(v), "-")
	if v == "" || len(v) > 10 {
		return false
	}
	for i := range len(v) {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// learnedName is the name learned for the number v of field, or v.
func learnedName(field, v string) string {
	if !IsEnumNumber(v) {
		return v
	}
	if n, ok := enumNames.Load(field + "\x00" + strings.TrimSpace(v)); ok {
		return n.(string)
	}
	return v
}

// learn remembers that the number v of field is called name.
func learn(field, v, name string) {
	name = strings.TrimSpace(name)
	if IsEnumNumber(v) && name != "" && !IsEnumNumber(name) {
		enumNames.Store(field+"\x00"+strings.TrimSpace(v), name)
	}
}

// SameEnum reports whether two values of field are one: equal, or a number
// and the name learned for it.
func SameEnum(field, a, b string) bool {
	return a == b || learnedName(field, a) == learnedName(field, b)
}

// SameState reports whether two States are one (see SameEnum).
func SameState(a, b State) bool { return SameEnum("State", string(a), string(b)) }

// EnumText is how an enum value is shown: as received, and a number the
// server gave no name for says so: "1 (number; the server sent no name)".
func EnumText(l *i18n.Localizer, v string) string {
	if !IsEnumNumber(v) {
		return v
	}
	if l == nil {
		return i18n.InEnglish(i18n.M("api.enum.number", "Number", strings.TrimSpace(v)))
	}
	return l.T("api.enum.number", "Number", strings.TrimSpace(v))
}

// nameLeadEnums gives a lead's State and LeadType that came as numbers their
// names: learned before, else from the lead's XML at u (one request, only
// when needed). A failure leaves the numbers.
func (c *Client) nameLeadEnums(ctx context.Context, u *url.URL, l *IncomingLead) {
	typ := func() string {
		if l.LeadSource == nil {
			return ""
		}
		return string(l.LeadSource.LeadType)
	}
	l.State = State(learnedName("State", string(l.State)))
	if l.LeadSource != nil {
		l.LeadSource.LeadType = LeadType(learnedName("LeadType", typ()))
	}
	if !IsEnumNumber(string(l.State)) && !IsEnumNumber(typ()) {
		return
	}
	var x *IncomingLead
	_, err := c.get(ctx, u, XML, "lead", budget.Lead, func(b []byte) error {
		var err error
		x, err = DecodeXML(b)
		return err
	})
	if err != nil {
		return
	}
	learn("State", string(l.State), string(x.State))
	if x.LeadSource != nil {
		learn("LeadType", typ(), string(x.LeadSource.LeadType))
	}
	l.State = State(learnedName("State", string(l.State)))
	if l.LeadSource != nil {
		l.LeadSource.LeadType = LeadType(learnedName("LeadType", typ()))
	}
}

// nameTreeEnums gives the enum fields of a name answer (an estate's
// EstateType, AssignmentType, Status) that came as numbers their names:
// learned before, else from the XML of the same resource, which xml
// fetches (one request, only when needed).
func (c *Client) nameTreeEnums(ctx context.Context, n *Node, xml func(context.Context) (*Node, error), fields ...string) {
	numbers := func() []string {
		var out []string
		for _, f := range fields {
			k := n.Child(f)
			if k == nil || k.Nil || len(k.Kids) > 0 {
				continue
			}
			k.Text = learnedName("Estate."+f, k.Text)
			if IsEnumNumber(k.Text) {
				out = append(out, f)
			}
		}
		return out
	}
	if len(numbers()) == 0 {
		return
	}
	x, err := xml(ctx)
	if err != nil {
		return
	}
	for _, f := range numbers() {
		if named := x.Child(f); named != nil && len(named.Kids) == 0 {
			learn("Estate."+f, n.Child(f).Text, named.Text)
		}
	}
	numbers()
}
