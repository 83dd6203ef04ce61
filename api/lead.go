// Package api talks to Vitec Express Connect: it fetches incoming leads
// (GET CRM/Lead/{customerId}/Incoming/{id}) and knows the endpoint's JSON and
// XML wire formats. It knows nothing of how a lead is displayed.
package api

import "time"

// IncomingLead is a lead sent into the broker system by an external party, as
// returned by GET CRM/Lead/{customerId}/Incoming/{id}.
//
// Absent values are zero: "" for strings, nil for nested objects and for
// IsAnonymized, the zero time for SentAt. JSON null and XML i:nil="true" both
// mean absent.
type IncomingLead struct {
	// ContactID is set only while the contact still exists in the broker system.
	ContactID  string
	LeadSource *LeadSource
	// SentAt is when the lead was sent. A value sent without an offset is read
	// as Swedish local time (Europe/Stockholm), the time zone of Express.
	SentAt          time.Time
	Receiver        *LeadReceiver
	BuyingEstateID  string
	SellingEstateID string
	// State is an open set: any value the server sends is kept as received.
	State   State
	Message string
	// IsAnonymized is nil when the server did not say.
	IsAnonymized *bool
	UtmTags      []UtmTag
}

// LeadSource says how the lead came into the broker system.
type LeadSource struct {
	ID   string
	Name string
	// LeadType is the source's workflow; an open set like State.
	LeadType LeadType
}

// LeadReceiver is who is currently responsible for the lead. Any of its parts
// may be absent; the most specific one present holds the lead (see Holder).
type LeadReceiver struct {
	Agent     *Agent
	UserGroup *UserGroup
	Office    *Office
}

// Agent is a user (handläggare) of the broker system.
type Agent struct {
	ID     string
	Office *Office
}

// UserGroup is a group of users that can hold a lead together.
type UserGroup struct {
	ID string
}

// Office is a brokerage office; CustomerID is the office's own customer id.
type Office struct {
	ID         string
	CustomerID string
}

// UtmTag is one UTM tag of the page where the lead was created.
type UtmTag struct {
	Name  string
	Value string
}

// State is the lead's current status. Vitec documents only "New"; every other
// value is kept as received and never rejected.
type State string

// States known to the program (coloured in the inspector). Only StateNew is
// documented by Vitec; the others are inferred from its lead notifications.
const (
	StateNew       State = "New"
	StateAccepted  State = "Accepted"
	StateAssigned  State = "Assigned"
	StateContacted State = "Contacted"
	StatePostponed State = "Postponed"
	StateCanceled  State = "Canceled"
	StateCompleted State = "Completed"
)

// LeadType is the workflow of a lead source. Only AcceptObjectFlow is
// documented; other values are kept as received.
type LeadType string

// LeadTypeAcceptObjectFlow is a workflow where accepting the lead links it to
// an estate.
const LeadTypeAcceptObjectFlow LeadType = "AcceptObjectFlow"

// Level names a level of the receiver hierarchy.
type Level int

// Receiver levels, from none to the most specific.
const (
	LevelNone Level = iota
	LevelOffice
	LevelUserGroup
	LevelAgent
)

func (l Level) String() string {
	switch l {
	case LevelAgent:
		return "agent"
	case LevelUserGroup:
		return "user group"
	case LevelOffice:
		return "office"
	}
	return "nobody"
}

// Holder says which level of the receiver currently holds the lead: the most
// specific one present (an agent before a user group before an office).
// A level counts as present when it has an id.
func (r *LeadReceiver) Holder() Level {
	switch {
	case r == nil:
		return LevelNone
	case r.Agent != nil && r.Agent.ID != "":
		return LevelAgent
	case r.UserGroup != nil && r.UserGroup.ID != "":
		return LevelUserGroup
	case r.Office != nil && (r.Office.ID != "" || r.Office.CustomerID != ""):
		return LevelOffice
	}
	return LevelNone
}
