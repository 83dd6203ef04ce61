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
// its name; a name learned is remembered for the client's life, so a number
// and its name are one value however the next answer spells it.

// EnumNames are the names learned for enum numbers from one server with one
// credential set: a Client's (every Result it gives carries them), shared
// by everything that uses that client (the hub's sessions all do). Another
// server, or other credentials, may number its enums otherwise, so what
// one client learned never names another's numbers. The zero value is
// empty and ready; a nil *EnumNames knows no names. Safe for concurrent
// use.
type EnumNames struct {
	// m maps "Field\x00number" to the name learned for it.
	m sync.Map
}

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

// Name is the name learned for the number v of field, or v.
func (e *EnumNames) Name(field, v string) string {
	if e == nil || !IsEnumNumber(v) {
		return v
	}
	if n, ok := e.m.Load(field + "\x00" + strings.TrimSpace(v)); ok {
		return n.(string)
	}
	return v
}

// learn remembers that the number v of field is called name.
func (e *EnumNames) learn(field, v, name string) {
	name = strings.TrimSpace(name)
	if e != nil && IsEnumNumber(v) && name != "" && !IsEnumNumber(name) {
		e.m.Store(field+"\x00"+strings.TrimSpace(v), name)
	}
}

// Same reports whether two values of field are one: equal, or a number
// and the name learned for it.
func (e *EnumNames) Same(field, a, b string) bool {
	return a == b || e.Name(field, a) == e.Name(field, b)
}

// SameState reports whether two States are one (see Same).
func (e *EnumNames) SameState(a, b State) bool { return e.Same("State", string(a), string(b)) }

// EnumNames are the enum names this client learned (see EnumNames).
func (c *Client) EnumNames() *EnumNames { return c.enums }

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
	l.State = State(c.enums.Name("State", string(l.State)))
	if l.LeadSource != nil {
		l.LeadSource.LeadType = LeadType(c.enums.Name("LeadType", typ()))
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
	c.enums.learn("State", string(l.State), string(x.State))
	if x.LeadSource != nil {
		c.enums.learn("LeadType", typ(), string(x.LeadSource.LeadType))
	}
	l.State = State(c.enums.Name("State", string(l.State)))
	if l.LeadSource != nil {
		l.LeadSource.LeadType = LeadType(c.enums.Name("LeadType", typ()))
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
			k.Text = c.enums.Name("Estate."+f, k.Text)
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
			c.enums.learn("Estate."+f, n.Child(f).Text, named.Text)
		}
	}
	numbers()
}
