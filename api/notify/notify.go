// Package notify knows the notifications (webhooks) Vitec Express sends when
// an incoming lead changes: their fields, how they arrive (a JSON body, with
// the same parameters in the URL query), and which causes Vitec documents.
// See ../shared/docs/vitec-notifications.md; only its FACTs are built on.
//
// Everything in a notification came from the network and is hostile: Parse
// keeps values as received (unknown types, events and causes included) but
// valid UTF-8 and bounded in length; whatever shows them on a terminal must
// still pass them through api/base/sanitize (Notification.Line does).
package notify

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"leadinspector/api/base/sanitize"
)

// MaxBody is the largest body a receiver accepts (64 KiB); Vitec's are a few
// hundred bytes.
const MaxBody = 64 << 10

// MaxField is the most bytes kept of one field. Longer values are cut at a
// rune boundary: a notification is never refused for a long value (Vitec does
// not deliver it again), and nothing it holds grows without bound.
const MaxField = 512

// Types and events Vitec documents (FACT). Others are kept as received.
const (
	TypeIncomingLead = "IncomingLead"
	EventUpdate      = "Update"
	EventRemove      = "Remove"
)

// Causes Vitec documents for IncomingLead updates (FACT), spelt as Vitec
// spells them ("NoAssigment" included). Others are kept as received.
const (
	CauseLeadAccepted            = "LeadAccepted"
	CauseLeadContacted           = "LeadContacted"
	CauseNewMeeting              = "NewMeeting"
	CauseNewComeback             = "NewComeback"
	CauseLeadPostponed           = "LeadPostponed"
	CauseLeadCanceled            = "LeadCanceled"
	CauseAssigned                = "Assigned"
	CauseAssignedValuation       = "AssignedValuation"
	CauseAssignedContractWriting = "AssignedContractWriting"
	CauseNoAssigment             = "NoAssigment"
)

// Causes lists the documented causes in the order of Vitec's table.
var Causes = []string{
	CauseLeadAccepted, CauseLeadContacted, CauseNewMeeting, CauseNewComeback, CauseLeadPostponed,
	CauseLeadCanceled, CauseAssigned, CauseAssignedValuation, CauseAssignedContractWriting,
	CauseNoAssigment,
}

// Known reports whether cause is one Vitec documents.
func Known(cause string) bool {
	for _, c := range Causes {
		if c == cause {
			return true
		}
	}
	return false
}

// Settles reports whether a lead that got this cause is past waiting for an
// accept: accepted, or further (contacted, assigned), or out of the flow
// (canceled, no assignment). A lead none of whose causes settles it is
// "stuck" once its last change is old enough.
func Settles(cause string) bool {
	switch cause {
	case CauseLeadAccepted, CauseLeadContacted, CauseLeadCanceled, CauseAssigned,
		CauseAssignedValuation, CauseAssignedContractWriting, CauseNoAssigment:
		return true
	}
	return false
}

// Notification is one notification as received. Values are valid UTF-8, at
// most MaxField bytes each, otherwise exactly what Vitec sent (unsanitised).
type Notification struct {
	// Name is the subscription's name.
	Name string `json:"name"`
	// Type is "IncomingLead" for the incoming-lead subscription.
	Type string `json:"type"`
	// Event is "Update" or "Remove".
	Event string `json:"event"`
	// CustomerID is the office the change belongs to (M…).
	CustomerID string `json:"customerId"`
	// ID is the lead id (LED…).
	ID string `json:"id"`
	// PartnerID, ExternalID and Cause are the body's data object (Update
	// only): the partner that sent the lead, its own id for it, and why the
	// lead changed.
	PartnerID  string `json:"partnerId,omitempty"`
	ExternalID string `json:"externalId,omitempty"`
	Cause      string `json:"cause,omitempty"`
	ChainID    string `json:"chainId,omitempty"`
	TenantID   string `json:"tenantId,omitempty"`
}

// Error is why a body is not a notification. Says is the English; Reason is a
// stable short code for logs and tests.
type Error struct {
	Reason string
	Says   string
}

func (e *Error) Error() string { return "not a notification: " + e.Says }

func refuse(reason, format string, args ...any) *Error {
	return &Error{Reason: reason, Says: fmt.Sprintf(format, args...)}
}

// field is a JSON value of a notification's field: a string, or null (absent).
// Numbers and booleans are kept as their literal text (a tolerant reading of a
// serializer that writes an id as a number); objects and arrays are refused.
type field struct {
	v   string
	set bool
}

func (f *field) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return errors.New("empty value")
	case b[0] == 'n':
		*f = field{}
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = field{v: s, set: true}
		return nil
	case b[0] == '{' || b[0] == '[':
		return errors.New("an object or array where a text was expected")
	}
	*f = field{v: string(b), set: true}
	return nil
}

type wireData struct {
	PartnerID  field `json:"partnerId"`
	ExternalID field `json:"externalId"`
	Cause      field `json:"cause"`
}

type wire struct {
	Name       field           `json:"name"`
	Type       field           `json:"type"`
	Event      field           `json:"event"`
	CustomerID field           `json:"customerId"`
	ID         field           `json:"id"`
	Data       json.RawMessage `json:"data"`
	ChainID    field           `json:"chainId"`
	TenantID   field           `json:"tenantId"`
}

// Parse reads a notification from its JSON body, taking from the URL query
// each parameter the body lacks (absent or null): Vitec sends both, and the
// data object only in the body. It refuses (with *Error) a body that is not
// one JSON object, or that names no type, event or id. It never panics,
// whatever the bytes.
func Parse(body []byte, query url.Values) (Notification, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return Notification{}, refuse("empty", "the body is empty")
	}
	if body[0] != '{' {
		return Notification{}, refuse("not_object", "the body is not a JSON object")
	}
	var w wire
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		return Notification{}, refuse("bad_json", "the body is not valid JSON for a notification: %s", short(err))
	}
	if dec.More() {
		return Notification{}, refuse("trailing", "the body holds more than one JSON value")
	}
	var d wireData
	if t := bytes.TrimSpace(w.Data); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		if t[0] != '{' {
			return Notification{}, refuse("bad_data", "data is not a JSON object")
		}
		if err := json.Unmarshal(t, &d); err != nil {
			return Notification{}, refuse("bad_data", "data is not valid: %s", short(err))
		}
	}
	q := func(f field, names ...string) string {
		if f.set {
			return clip(f.v)
		}
		for _, n := range names {
			if v := queryValue(query, n); v != "" {
				return clip(v)
			}
		}
		return ""
	}
	n := Notification{
		Name:       q(w.Name, "name"),
		Type:       q(w.Type, "type"),
		Event:      q(w.Event, "event"),
		CustomerID: q(w.CustomerID, "customerId"),
		ID:         q(w.ID, "id"),
		PartnerID:  q(d.PartnerID, "partnerId"),
		ExternalID: q(d.ExternalID, "externalId"),
		Cause:      q(d.Cause, "cause"),
		ChainID:    q(w.ChainID, "chainId"),
		TenantID:   q(w.TenantID, "tenantId"),
	}
	switch {
	case strings.TrimSpace(n.Type) == "":
		return Notification{}, refuse("no_type", "it names no type")
	case strings.TrimSpace(n.Event) == "":
		return Notification{}, refuse("no_event", "it names no event")
	case strings.TrimSpace(n.ID) == "":
		return Notification{}, refuse("no_id", "it names no id")
	case n.Type == TypeIncomingLead && strings.TrimSpace(n.CustomerID) == "":
		return Notification{}, refuse("no_customer", "an IncomingLead notification without customerId")
	}
	return n, nil
}

// queryValue is the query parameter name, matched exactly first and then
// without regard to case (a proxy may rewrite it).
func queryValue(query url.Values, name string) string {
	if vs, ok := query[name]; ok && len(vs) > 0 {
		return vs[0]
	}
	for k, vs := range query {
		if strings.EqualFold(k, name) && len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
}

// clip makes s valid UTF-8 and at most MaxField bytes, cut at a rune boundary.
func clip(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= MaxField {
		return s
	}
	i := MaxField
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

// short is an error's text, cut for a log line or an answer.
func short(err error) string {
	s := sanitize.Line(err.Error())
	if len(s) > 120 {
		s = clip(s[:120]) + "…"
	}
	return s
}

// Signature is a 64-bit digest of every field: two notifications are
// identical (a redelivery) when their signatures are equal.
func (n Notification) Signature() int64 {
	h := sha256.New()
	for _, f := range []string{n.Name, n.Type, n.Event, n.CustomerID, n.ID, n.PartnerID,
		n.ExternalID, n.Cause, n.ChainID, n.TenantID} {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(f)))
		h.Write(l[:])
		h.Write([]byte(f))
	}
	var sum [sha256.Size]byte
	return int64(binary.BigEndian.Uint64(h.Sum(sum[:0])))
}

// What is the notification's cause, or for one without a cause its event
// ("Remove"), or its type: the word that says what happened.
func (n Notification) What() string {
	switch {
	case n.Cause != "":
		return n.Cause
	case n.Event != "" && n.Event != EventUpdate:
		return n.Event
	}
	return n.Type
}

// Line is the notification on one line, sanitised for a terminal: type,
// event, customer/lead, cause and the partner's id.
func (n Notification) Line() string {
	var b strings.Builder
	b.WriteString(n.Type)
	b.WriteByte(' ')
	b.WriteString(n.Event)
	b.WriteByte(' ')
	b.WriteString(n.CustomerID)
	b.WriteByte('/')
	b.WriteString(n.ID)
	if n.Cause != "" {
		b.WriteByte(' ')
		b.WriteString(n.Cause)
	}
	if n.ExternalID != "" {
		b.WriteString(" externalId=")
		b.WriteString(n.ExternalID)
	}
	return sanitize.Line(b.String())
}

// Body is the notification as Vitec sends it: the JSON body, with data on an
// Update and null chainId/subtype where there is none.
func (n Notification) Body() []byte {
	type data struct {
		PartnerID  string `json:"partnerId"`
		ExternalID string `json:"externalId"`
		Cause      string `json:"cause"`
	}
	var chain *string
	if n.ChainID != "" {
		chain = &n.ChainID
	}
	v := struct {
		Name       string  `json:"name"`
		Type       string  `json:"type"`
		Subtype    *string `json:"subtype"`
		Event      string  `json:"event"`
		CustomerID string  `json:"customerId"`
		ID         string  `json:"id"`
		Data       *data   `json:"data,omitempty"`
		ChainID    *string `json:"chainId"`
		TenantID   string  `json:"tenantId"`
	}{Name: n.Name, Type: n.Type, Event: n.Event, CustomerID: n.CustomerID, ID: n.ID,
		ChainID: chain, TenantID: n.TenantID}
	if n.Event != EventRemove {
		v.Data = &data{n.PartnerID, n.ExternalID, n.Cause}
	}
	b, _ := json.Marshal(v)
	return b
}

// Query is the notification's URL query as Vitec sends it: every parameter
// but data, chainId only when it has a value.
func (n Notification) Query() url.Values {
	q := url.Values{}
	q.Set("name", n.Name)
	q.Set("type", n.Type)
	q.Set("event", n.Event)
	q.Set("customerId", n.CustomerID)
	q.Set("id", n.ID)
	if n.ChainID != "" {
		q.Set("chainId", n.ChainID)
	}
	q.Set("tenantId", n.TenantID)
	return q
}

// Sample is a notification like the one Vitec's test page sends: the
// documented example's shape with values that say it is a test.
func Sample() Notification {
	return Notification{
		Name:       "leadinspector-notify-test",
		Type:       TypeIncomingLead,
		Event:      EventUpdate,
		CustomerID: "M11385",
		ID:         "LED7216862FF0AD4AE38061A04A9AC4D60D",
		PartnerID:  "PC1",
		ExternalID: "lead-id-of-partner",
		Cause:      CauseLeadAccepted,
		ChainID:    "G1",
		TenantID:   "T1",
	}
}
