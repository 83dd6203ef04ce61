package api

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/api/budget"
)

// The calls below turn the ids in a lead into names. Only what
// vitec-endpoints.md marks as documented is picked out into typed fields;
// everything that arrived stays in All, labelled by its own field names.
// Text in every field is sanitised (see Node).

// FunctionGroup is the Vitec function group an endpoint belongs to: Vitec
// issues a password per customer and function group, so access to one does
// not imply access to the other.
type FunctionGroup string

// The function groups the name calls use.
const (
	// CRMFunctions: CRM/… and the older User/… calls, with the profile's
	// own credentials.
	CRMFunctions FunctionGroup = "CRM functions"
	// WebsiteFunctions: Advertising/… ("API:er för att bygga hemsidor"),
	// with the profile's website credentials when it names them.
	WebsiteFunctions FunctionGroup = "website functions"
)

// NoAccessError is a 401 or 403 on a name call: the credentials used have no
// right to that function group for the customer. Err is the
// *UnauthorizedError or *ForbiddenError, with the server's words.
type NoAccessError struct {
	Group FunctionGroup
	Err   error
}

// Error reads "no access (website functions)"; a caller puts the name's
// label before it.
func (e *NoAccessError) Error() string { return "no access (" + string(e.Group) + ")" }

func (e *NoAccessError) Unwrap() error { return e.Err }

// NameNotFoundError is an id the endpoints do not know: a 404, or (for the
// agent's fallback and the user groups) a list without it.
type NameNotFoundError struct {
	// What is "user", "user group", "office", "estate" or "contact".
	What string
	ID   string
	// Detail says where it was looked for.
	Detail string
	Err    error
}

func (e *NameNotFoundError) Error() string {
	s := e.What + " " + sanitize.Line(shortName(e.ID)) + " not found"
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

func (e *NameNotFoundError) Unwrap() error { return e.Err }

// User is an agent (handläggare): from Advertising/User, or when the user
// is not on the website (that call answers only active, public users), from
// the user list User/GetUser.
type User struct {
	ID    string
	Name  string
	Title string
	Email string
	// CellPhone and PublicPhone are the numbers' display text (the MSISDN
	// when there is none); website answers only.
	CellPhone   string
	PublicPhone string
	// Offices the user belongs to; website answers only.
	Offices []UserOffice
	// FromUserList is true when the website did not know the user and the
	// name came from User/GetUser.
	FromUserList bool
	All          *Node
}

// UserOffice is one office a user belongs to.
type UserOffice struct {
	ID         string
	CustomerID string
}

// Group is a user group from CRM/Usergroups.
type Group struct {
	ID          string
	Name        string
	CustomerIDs []string
	UserIDs     []string
	All         *Node
}

// OfficeInfo is an office from Advertising/Office.
type OfficeInfo struct {
	ID            string
	CustomerID    string
	Name          string
	StreetAddress string
	// ZipCode is ZipCode.Value (or its Numerical form).
	ZipCode     string
	PostalTown  string
	Switchboard string
	Email       string
	All         *Node
}

// Estate is the estate behind a lead's BuyingEstateId or SellingEstateId,
// from CRM/Lead/{customerId}/Estate/{id}. Vitec does not document the
// models of EstateType, Address, AssignmentType, Status and Price, so they
// are what arrived, flattened into labelled fields.
type Estate struct {
	ID             string
	CustomerID     string
	PrimaryAgentID string
	EstateType     []Field
	Address        []Field
	AssignmentType []Field
	// Status is empty for valuation and writing assignments (Vitec: "För
	// värderingsuppdrag och skrivuppdrag är fältet tomt").
	Status            []Field
	Price             []Field
	AssignmentDate    time.Time
	AgreementSignedAt time.Time
	PossessionAt      time.Time
	// Commission is nil when not given.
	Commission *Money
	All        *Node
}

// Money is a MoneyValue: a decimal value as written and its currency.
type Money struct {
	Value    string
	Currency string
}

// ContactType is a contact's kind; values other than the three documented
// ones are kept as received.
type ContactType string

// The documented contact types (also sent as 0, 1, 2).
const (
	ContactPerson         ContactType = "Person"
	ContactCompany        ContactType = "Company"
	ContactDeceasedEstate ContactType = "DeceasedEstate"
)

// Contact is a lead's contact from CRM/Contact: personal data, so fetched
// only on request.
type Contact struct {
	ID         string
	CustomerID string
	AgentID    string
	Type       ContactType
	// Name is FirstName LastName for a person, Name otherwise.
	Name      string
	FirstName string
	LastName  string
	Email     string
	Email2    string
	// Phones are the Telephone fields as they came (Home, Work, Cell, Other
	// for a person; undocumented for the others).
	Phones []Field
	// Address is the CrmContactAddress's fields.
	Address []Field
	All     *Node
}

// MaxNameBodyBytes caps the body of a name answer (agent, user group list,
// office, estate, contact), apart from the lead's cap (Options.MaxBodyBytes,
// which it never raises). The documented answers are a few hundred bytes
// to a few KiB (vitec-endpoints.md's samples: a user, an office; the
// estate's fields); the largest that grows is the customer's user-group
// list, whose every member is an id of about 50 bytes in JSON and 150 in
// DataContract XML: 1 MiB holds some 7,000 memberships in XML, many times
// what one customer has. A server answering every name with 10 MiB would
// otherwise have each name read and decoded at the lead's 16 MiB cap.
const MaxNameBodyBytes = 1 << 20

// forNames is c with the name answers' cap: bodies over it are refused as
// the lead's over its own are, without being read whole.
func (c *Client) forNames() *Client {
	if c.maxBody <= MaxNameBodyBytes {
		return c
	}
	n := *c
	n.maxBody = MaxNameBodyBytes
	return &n
}

// getTree fetches u and decodes it as a tree; 401 and 403 become
// NoAccessError for group and 404 a NameNotFoundError. Its body is capped
// at MaxNameBodyBytes.
func (c *Client) getTree(ctx context.Context, u *url.URL, f Format, group FunctionGroup, what, id string) (*Node, error) {
	if f != JSON && f != XML {
		return nil, inputError("format", i18n.M("api.input.bad_format", "Value", strconv.Quote(string(f))))
	}
	var n *Node
	_, err := c.forNames().get(ctx, u, f, what, budget.Name, func(b []byte) error {
		var err error
		n, err = DecodeTree(b, f)
		return err
	})
	if err != nil {
		var u *UnauthorizedError
		var fb *ForbiddenError
		var nf *NotFoundError
		switch {
		case errors.As(err, &u), errors.As(err, &fb):
			return nil, &NoAccessError{Group: group, Err: err}
		case errors.As(err, &nf):
			return nil, &NameNotFoundError{What: what, ID: id, Err: err}
		}
		return nil, err
	}
	if n.Nil {
		return nil, &NameNotFoundError{What: what, ID: id, Detail: "the answer is null"}
	}
	c.redactValue(n)
	return n, nil
}

// checkIDs refuses empty ids before any request.
func checkIDs(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkID(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// GetUser fetches GET Advertising/User/{customerId}/{userId} with the
// website credentials. That call knows only active users shown on the
// website, so on a 404 it falls back to GET User/GetUser?UserId=…&
// CustomerId=… (CRM credentials) before saying *NameNotFoundError. Other
// errors are *NoAccessError (401/403) and those of GetIncomingLead.
func (c *Client) GetUser(ctx context.Context, customerID, userID string, f Format) (*User, error) {
	if err := checkIDs("customer ID", customerID, "user ID", userID); err != nil {
		return nil, err
	}
	n, err := c.website.getTree(ctx, c.endpoint(nil, "Advertising", "User", customerID, userID), f, WebsiteFunctions, "user", userID)
	if err == nil {
		return websiteUser(n, userID), nil
	}
	var nf *NameNotFoundError
	if !errors.As(err, &nf) {
		return nil, err
	}
	q := url.Values{"UserId": {userID}, "CustomerId": {customerID}}
	list, err := c.getTree(ctx, c.endpoint(q, "User", "GetUser"), f, CRMFunctions, "user", userID)
	if err != nil {
		if errors.As(err, &nf) {
			nf.Detail = "neither on the website nor in the user list"
		}
		return nil, err
	}
	for _, it := range list.Items() {
		if strings.EqualFold(it.Str("UserId"), userID) {
			return &User{
				ID:           it.Str("UserId"),
				Name:         it.Str("UserName"),
				Title:        it.Str("Title"),
				Email:        it.Str("EmailAddress"),
				FromUserList: true,
				All:          it,
			}, nil
		}
	}
	return nil, &NameNotFoundError{What: "user", ID: userID, Detail: "neither on the website nor in the user list"}
}

func websiteUser(n *Node, id string) *User {
	u := &User{
		ID:          cmpOr(n.Str("Id"), id),
		Name:        n.Str("Name"),
		Title:       n.Str("Title"),
		Email:       n.Str("EmailAddress"),
		CellPhone:   phone(n, "Telephone", "Cell"),
		PublicPhone: phone(n, "Telephone", "Public"),
		All:         n,
	}
	for _, o := range n.Items("Offices") {
		u.Offices = append(u.Offices, UserOffice{ID: o.Str("Id"), CustomerID: o.Str("CustomerId")})
	}
	return u
}

// phone reads a PhoneNumber: its display text, else its MSISDN.
func phone(n *Node, path ...string) string {
	for _, p := range path {
		n = n.Child(p)
	}
	return cmpOr(n.Str("Display"), n.Str("Msisdn"))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// GetUserGroups fetches GET CRM/Usergroups/{customerId}: every user group
// of the customer (there is no call for one group).
func (c *Client) GetUserGroups(ctx context.Context, customerID string, f Format) ([]Group, error) {
	if err := checkIDs("customer ID", customerID); err != nil {
		return nil, err
	}
	n, err := c.getTree(ctx, c.endpoint(nil, "CRM", "Usergroups", customerID), f, CRMFunctions, "user group list", customerID)
	if err != nil {
		return nil, err
	}
	items := n.Items()
	out := make([]Group, 0, len(items))
	for _, it := range items {
		g := Group{ID: it.Str("UserGroupId"), Name: it.Str("Name"), All: it}
		for _, id := range it.Items("CustomerIds") {
			g.CustomerIDs = append(g.CustomerIDs, id.Str())
		}
		for _, u := range it.Items("Users") {
			g.UserIDs = append(g.UserIDs, u.Str("UserId"))
		}
		out = append(out, g)
	}
	return out, nil
}

// FindGroup picks the group with id from a GetUserGroups list.
func FindGroup(groups []Group, id string) (*Group, error) {
	for i := range groups {
		if strings.EqualFold(groups[i].ID, id) {
			return &groups[i], nil
		}
	}
	return nil, &NameNotFoundError{What: "user group", ID: id, Detail: "not among the customer's user groups"}
}

// GetOffice fetches GET Advertising/Office/{customerId}/{officeId} with the
// website credentials.
func (c *Client) GetOffice(ctx context.Context, customerID, officeID string, f Format) (*OfficeInfo, error) {
	if err := checkIDs("customer ID", customerID, "office ID", officeID); err != nil {
		return nil, err
	}
	n, err := c.website.getTree(ctx, c.endpoint(nil, "Advertising", "Office", customerID, officeID), f, WebsiteFunctions, "office", officeID)
	if err != nil {
		return nil, err
	}
	return &OfficeInfo{
		ID:            cmpOr(n.Str("Id"), officeID),
		CustomerID:    n.Str("CustomerId"),
		Name:          n.Str("Name"),
		StreetAddress: n.Str("StreetAddress"),
		ZipCode:       cmpOr(n.Str("ZipCode", "Value"), cmpOr(n.Str("ZipCode", "Numerical"), n.Str("ZipCode"))),
		PostalTown:    n.Str("PostalTown"),
		Switchboard:   phone(n, "Telephone", "Switch"),
		Email:         n.Str("EmailAddress"),
		All:           n,
	}, nil
}

// GetEstate fetches GET CRM/Lead/{customerId}/Estate/{id}. Its primary
// agent is an id; resolve it with GetUser (the Resolver does).
func (c *Client) GetEstate(ctx context.Context, customerID, estateID string, f Format) (*Estate, error) {
	if err := checkIDs("customer ID", customerID, "estate ID", estateID); err != nil {
		return nil, err
	}
	u := c.endpoint(nil, "CRM", "Lead", customerID, "Estate", estateID)
	n, err := c.getTree(ctx, u, f, CRMFunctions, "estate", estateID)
	if err != nil {
		return nil, err
	}
	if f == JSON {
		c.nameTreeEnums(ctx, n, func(ctx context.Context) (*Node, error) {
			return c.getTree(ctx, u, XML, CRMFunctions, "estate", estateID)
		}, "EstateType", "AssignmentType", "Status")
	}
	e := &Estate{
		ID:                estateID,
		CustomerID:        n.Str("CustomerId"),
		PrimaryAgentID:    n.Str("PrimaryAgentId"),
		EstateType:        n.Fields("EstateType"),
		Address:           n.Fields("Address"),
		AssignmentType:    n.Fields("AssignmentType"),
		Status:            n.Fields("Status"),
		Price:             n.Fields("Price"),
		AssignmentDate:    n.Time("AssignmentDate"),
		AgreementSignedAt: n.Time("AgreementSignedAt"),
		PossessionAt:      n.Time("PossessionAt"),
		All:               n,
	}
	if m := n.Child("Commission"); m != nil && !m.Nil && (m.Str("Value") != "" || m.Str("Currency") != "") {
		e.Commission = &Money{Value: m.Str("Value"), Currency: m.Str("Currency")}
	}
	return e, nil
}

// GetContact fetches GET CRM/Contact/{customerId}/{contactId}: a person, a
// company or a deceased estate by Type. It is personal data: call it only
// when the user asks to see the contact.
func (c *Client) GetContact(ctx context.Context, customerID, contactID string, f Format) (*Contact, error) {
	if err := checkIDs("customer ID", customerID, "contact ID", contactID); err != nil {
		return nil, err
	}
	n, err := c.getTree(ctx, c.endpoint(nil, "CRM", "Contact", customerID, contactID), f, CRMFunctions, "contact", contactID)
	if err != nil {
		return nil, err
	}
	return contactFrom(n, contactID), nil
}

func contactFrom(n *Node, id string) *Contact {
	k := &Contact{
		ID:         cmpOr(n.Str("Id"), id),
		CustomerID: n.Str("CustomerId"),
		AgentID:    n.Str("AgentId"),
		Type:       contactType(n),
		FirstName:  n.Str("FirstName"),
		LastName:   n.Str("LastName"),
		Email:      n.Str("Email", "EmailAddress"),
		Email2:     n.Str("Email", "EmailAddress2"),
		Phones:     n.Fields("Telephone"),
		Address:    n.Fields("Address"),
		All:        n,
	}
	k.Name = n.Str("Name")
	if k.Type == ContactPerson || k.Name == "" {
		if full := strings.TrimSpace(k.FirstName + " " + k.LastName); full != "" {
			k.Name = full
		}
	}
	return k
}

// contactType reads Type by name or number; without one, an XML element's
// own name (CrmPersonContact …) or its i:type may tell, and is kept as is.
func contactType(n *Node) ContactType {
	switch t := n.Str("Type"); t {
	case "0":
		return ContactPerson
	case "1":
		return ContactCompany
	case "2":
		return ContactDeceasedEstate
	default:
		for _, known := range []ContactType{ContactPerson, ContactCompany, ContactDeceasedEstate} {
			if strings.EqualFold(t, string(known)) {
				return known
			}
		}
		return ContactType(t)
	}
}
