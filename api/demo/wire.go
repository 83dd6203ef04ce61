package demo

import (
	"time"
	"unicode/utf8"
)

// The demo's own model of an incoming lead, shaped like the wire rather than
// like api.IncomingLead: "" is written as null, a nil pointer or slice as
// null, and wireTime knows whether it carries an offset. The package does not
// import api, so that api's own tests can use the demo.
type incomingLead struct {
	ContactID       string
	LeadSource      *leadSource
	SentAt          wireTime
	Receiver        *receiver
	BuyingEstateID  string
	SellingEstateID string
	State           string
	Message         string
	IsAnonymized    *bool
	// UtmTags: nil is written as null, an empty non-nil slice as [].
	UtmTags []utmTag
}

type leadSource struct{ ID, Name, LeadType string }

type receiver struct {
	Agent     *agent
	UserGroup *userGroup
	Office    *office
}

type agent struct {
	ID     string
	Office *office
}

type userGroup struct{ ID string }

type office struct{ ID, CustomerID string }

type utmTag struct{ Name, Value string }

// wireTime is a .NET DateTime as it goes on the wire.
type wireTime struct {
	T time.Time
	// Unspecified is .NET's DateTimeKind.Unspecified: Stockholm wall-clock
	// time written without an offset.
	Unspecified bool
}

// String formats like .NET's "yyyy-MM-ddTHH:mm:ss.FFFFFFFK": 0 to 7
// fractional digits (trailing zeros dropped) and the offset unless the kind
// is unspecified. Both Json.NET and DataContractSerializer use this pattern.
func (w wireTime) String() string {
	t := w.T.In(stockholm(w.T))
	if w.Unspecified {
		return t.Format("2006-01-02T15:04:05.9999999")
	}
	return t.Format("2006-01-02T15:04:05.9999999-07:00")
}

// stockholm is Sweden's zone at instant t, by the EU rule (summer time from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
// October). Computed rather than loaded so the demo needs no tzdata.
func stockholm(t time.Time) *time.Location {
	u := t.UTC()
	y := u.Year()
	if !u.Before(lastSunday(y, time.March)) && u.Before(lastSunday(y, time.October)) {
		return time.FixedZone("CEST", 2*60*60)
	}
	return time.FixedZone("CET", 60*60)
}

// lastSunday is 01:00 UTC on the last Sunday of month m in year y.
func lastSunday(y int, m time.Month) time.Time {
	t := time.Date(y, m+1, 0, 1, 0, 0, 0, time.UTC) // day 0: last day of m
	return t.AddDate(0, 0, -int(t.Weekday()))
}

// encodeJSON writes the lead as ASP.NET Web API does with Json.NET's
// camel-case resolver: fields in declaration order (the order of Vitec's
// sample), enums as names, nulls written out, no whitespace.
func encodeJSON(l *incomingLead) []byte {
	b := make([]byte, 0, 1024)
	b = append(b, `{"contactId":`...)
	b = jsonNullable(b, l.ContactID)
	b = append(b, `,"leadSource":`...)
	if s := l.LeadSource; s == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"id":`...)
		b = jsonNullable(b, s.ID)
		b = append(b, `,"name":`...)
		b = jsonNullable(b, s.Name)
		b = append(b, `,"leadType":`...)
		b = jsonNullable(b, s.LeadType)
		b = append(b, '}')
	}
	b = append(b, `,"sentAt":`...)
	if l.SentAt.T.IsZero() {
		b = append(b, "null"...)
	} else {
		b = jsonString(b, l.SentAt.String())
	}
	b = append(b, `,"receiver":`...)
	if r := l.Receiver; r == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"agent":`...)
		if a := r.Agent; a == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, `{"id":`...)
			b = jsonNullable(b, a.ID)
			b = append(b, `,"office":`...)
			b = jsonOffice(b, a.Office)
			b = append(b, '}')
		}
		b = append(b, `,"userGroup":`...)
		if g := r.UserGroup; g == nil {
			b = append(b, "null"...)
		} else {
			b = append(b, `{"id":`...)
			b = jsonNullable(b, g.ID)
			b = append(b, '}')
		}
		b = append(b, `,"office":`...)
		b = jsonOffice(b, r.Office)
		b = append(b, '}')
	}
	b = append(b, `,"buyingEstateId":`...)
	b = jsonNullable(b, l.BuyingEstateID)
	b = append(b, `,"sellingEstateId":`...)
	b = jsonNullable(b, l.SellingEstateID)
	b = append(b, `,"state":`...)
	b = jsonNullable(b, l.State)
	b = append(b, `,"message":`...)
	b = jsonNullable(b, l.Message)
	b = append(b, `,"isAnonymized":`...)
	switch {
	case l.IsAnonymized == nil:
		b = append(b, "null"...)
	case *l.IsAnonymized:
		b = append(b, "true"...)
	default:
		b = append(b, "false"...)
	}
	b = append(b, `,"utmTags":`...)
	if l.UtmTags == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, u := range l.UtmTags {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = jsonNullable(b, u.Name)
			b = append(b, `,"value":`...)
			b = jsonNullable(b, u.Value)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func jsonOffice(b []byte, o *office) []byte {
	if o == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"id":`...)
	b = jsonNullable(b, o.ID)
	b = append(b, `,"customerId":`...)
	b = jsonNullable(b, o.CustomerID)
	return append(b, '}')
}

func jsonNullable(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return jsonString(b, s)
}

// jsonString quotes s as Json.NET does by default: the short escapes, other
// C0 controls as lower-case \u00xx, and U+0085, U+2028, U+2029 escaped;
// everything else (DEL, C1 controls, bidi overrides, '<', '&') is written
// raw. Hostile text therefore reaches the client much as Vitec would send it.
func jsonString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch r {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\b':
			b = append(b, `\b`...)
		case '\f':
			b = append(b, `\f`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		case '\u0085', '\u2028', '\u2029':
			b = append(b, `\u`...)
			b = append(b, hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
		default:
			if r < 0x20 {
				b = append(b, `\u00`...)
				b = append(b, hex[r>>4], hex[r&0xF])
			} else {
				b = utf8.AppendRune(b, r)
			}
		}
	}
	return append(b, '"')
}

// The namespaces of Vitec's DataContract XML.
const (
	nsInstance = "http://www.w3.org/2001/XMLSchema-instance"
	nsLead     = "http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Lead.ExistingLead"
	nsUtm      = "http://schemas.datacontract.org/2004/07/Express.Connect.Api.Services.Advertising"
)

// encodeXML writes the lead as DataContractSerializer does: the root with the
// i: and default namespaces, members in alphabetical order, absent values as
// i:nil="true" (nested objects and the boolean too), UTM tags in their own
// namespace under the d2p1: prefix, no whitespace.
func encodeXML(l *incomingLead) []byte {
	x := xmlWriter{b: make([]byte, 0, 2048)}
	x.raw(`<IncomingLead xmlns:i="` + nsInstance + `" xmlns="` + nsLead + `">`)
	x.text("BuyingEstateId", l.BuyingEstateID)
	x.text("ContactId", l.ContactID)
	switch {
	case l.IsAnonymized == nil:
		x.null("IsAnonymized")
	case *l.IsAnonymized:
		x.raw("<IsAnonymized>true</IsAnonymized>")
	default:
		x.raw("<IsAnonymized>false</IsAnonymized>")
	}
	if s := l.LeadSource; s == nil {
		x.null("LeadSource")
	} else {
		x.raw("<LeadSource>")
		x.text("Id", s.ID)
		x.text("LeadType", s.LeadType)
		x.text("Name", s.Name)
		x.raw("</LeadSource>")
	}
	x.text("Message", l.Message)
	if r := l.Receiver; r == nil {
		x.null("Receiver")
	} else {
		x.raw("<Receiver>")
		if a := r.Agent; a == nil {
			x.null("Agent")
		} else {
			x.raw("<Agent>")
			x.text("Id", a.ID)
			x.office(a.Office)
			x.raw("</Agent>")
		}
		x.office(r.Office)
		if g := r.UserGroup; g == nil {
			x.null("UserGroup")
		} else {
			x.raw("<UserGroup>")
			x.text("Id", g.ID)
			x.raw("</UserGroup>")
		}
		x.raw("</Receiver>")
	}
	x.text("SellingEstateId", l.SellingEstateID)
	if l.SentAt.T.IsZero() {
		x.null("SentAt")
	} else {
		x.text("SentAt", l.SentAt.String())
	}
	x.text("State", l.State)
	switch {
	case l.UtmTags == nil:
		x.null("UtmTags")
	case len(l.UtmTags) == 0:
		x.raw(`<UtmTags xmlns:d2p1="` + nsUtm + `"/>`)
	default:
		x.raw(`<UtmTags xmlns:d2p1="` + nsUtm + `">`)
		for _, u := range l.UtmTags {
			x.raw("<d2p1:FormMarketingUtmTags>")
			x.text("d2p1:Name", u.Name)
			x.text("d2p1:Value", u.Value)
			x.raw("</d2p1:FormMarketingUtmTags>")
		}
		x.raw("</UtmTags>")
	}
	x.raw("</IncomingLead>")
	return x.b
}

type xmlWriter struct{ b []byte }

func (x *xmlWriter) raw(s string) { x.b = append(x.b, s...) }

func (x *xmlWriter) null(name string) {
	x.b = append(x.b, '<')
	x.b = append(x.b, name...)
	x.b = append(x.b, ` i:nil="true"/>`...)
}

// text writes <name>s</name>, or an i:nil element when s is "".
func (x *xmlWriter) text(name, s string) {
	if s == "" {
		x.null(name)
		return
	}
	x.b = append(x.b, '<')
	x.b = append(x.b, name...)
	x.b = append(x.b, '>')
	x.b = appendXMLText(x.b, s)
	x.b = append(x.b, "</"...)
	x.b = append(x.b, name...)
	x.b = append(x.b, '>')
}

func (x *xmlWriter) office(o *office) {
	if o == nil {
		x.null("Office")
		return
	}
	x.raw("<Office>")
	x.text("CustomerId", o.CustomerID)
	x.text("Id", o.ID)
	x.raw("</Office>")
}

// appendXMLText escapes element text as .NET's XML text writer does: &, <
// and > as entities, and every C0 control except tab and newline as a
// hexadecimal character reference (&#xD; for CR, &#x1B; for ESC). XML 1.0
// does not allow most of those references, but .NET writes them, and strict
// parsers (Go's encoding/xml among them) reject them: clients must cope.
func appendXMLText(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for _, r := range s {
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r < 0x20 && r != '\t' && r != '\n':
			b = append(b, "&#x"...)
			if r >= 0x10 {
				b = append(b, hex[r>>4])
			}
			b = append(b, hex[r&0xF], ';')
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// httpError is ASP.NET Web API's error body: a Message, optionally a
// MessageDetail and a ModelState of field messages.
type httpError struct {
	Message       string
	MessageDetail string
	// ModelState holds one field and its messages; Web API keeps the
	// field order of validation, which one field makes moot.
	ModelField    string
	ModelMessages []string
}

func (e httpError) json() []byte {
	b := append([]byte(nil), `{"Message":`...)
	b = jsonString(b, e.Message)
	if e.MessageDetail != "" {
		b = append(b, `,"MessageDetail":`...)
		b = jsonString(b, e.MessageDetail)
	}
	if e.ModelField != "" {
		b = append(b, `,"ModelState":{`...)
		b = jsonString(b, e.ModelField)
		b = append(b, ":["...)
		for i, m := range e.ModelMessages {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonString(b, m)
		}
		b = append(b, "]}"...)
	}
	return append(b, '}')
}

func (e httpError) xml() []byte {
	x := xmlWriter{}
	x.raw("<Error>")
	x.text("Message", e.Message)
	if e.MessageDetail != "" {
		x.text("MessageDetail", e.MessageDetail)
	}
	if e.ModelField != "" {
		x.raw("<ModelState>")
		for _, m := range e.ModelMessages {
			x.text(e.ModelField, m)
		}
		x.raw("</ModelState>")
	}
	x.raw("</Error>")
	return x.b
}
