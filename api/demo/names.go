package demo

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The name endpoints: the agent (Advertising/User, with User/GetUser for a
// user not on the website), the user groups, the office, the estate and the
// contact, for the fictional brokerage of the leads. Customer M30012's
// website function group is not granted, as happens when Vitec issues the
// website password apart from the CRM one: its Advertising calls are 403.
//
// Vitec documents neither the estate's EstateType, Address, AssignmentType,
// Status and Price models nor any XML sample of these endpoints: the shapes
// the demo gives them are its own, to show that the client keeps whatever
// arrives.

// nameKind says which endpoint a request is for.
type nameKind int

const (
	nameUser nameKind = iota + 1
	nameUserList
	nameGroups
	nameOffice
	nameEstate
	nameContact
)

type nameReq struct {
	kind         nameKind
	customer, id string
}

// nameRoute recognises the name endpoints (literal segments in any case):
// Advertising/User/{c}/{id}, Advertising/Office/{c}/{id},
// CRM/Usergroups/{c}, CRM/Lead/{c}/Estate/{id}, CRM/Contact/{c}/{id} and
// User/GetUser?UserId=&CustomerId=.
func nameRoute(u *url.URL) (nameReq, bool) {
	s := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for i := range s {
		v, err := url.PathUnescape(s[i])
		if err != nil || v == "" {
			return nameReq{}, false
		}
		s[i] = v
	}
	is := func(i int, lit string) bool { return i < len(s) && strings.EqualFold(s[i], lit) }
	switch {
	case len(s) == 4 && is(0, "Advertising") && is(1, "User"):
		return nameReq{nameUser, s[2], s[3]}, true
	case len(s) == 4 && is(0, "Advertising") && is(1, "Office"):
		return nameReq{nameOffice, s[2], s[3]}, true
	case len(s) == 3 && is(0, "CRM") && is(1, "Usergroups"):
		return nameReq{nameGroups, s[2], ""}, true
	case len(s) == 5 && is(0, "CRM") && is(1, "Lead") && is(3, "Estate"):
		return nameReq{nameEstate, s[2], s[4]}, true
	case len(s) == 4 && is(0, "CRM") && is(1, "Contact"):
		return nameReq{nameContact, s[2], s[3]}, true
	case len(s) == 2 && is(0, "User") && is(1, "GetUser"):
		q := u.Query()
		if c := q.Get("CustomerId"); c != "" {
			return nameReq{nameUserList, c, q.Get("UserId")}, true
		}
	}
	return nameReq{}, false
}

// The namespaces the demo's XML uses; Vitec shows none for these
// endpoints, so they follow its models' names (vitec-endpoints.md §10).
const (
	nsAdvertising = "http://schemas.datacontract.org/2004/07/Express.Connect.Api.Services.Advertising"
	nsCRM         = "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.CRM"
	nsUser        = "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.User"
	nsEstate      = "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Lead"
	nsContact     = "http://schemas.datacontract.org/2004/07/Vitec.Housing.Connect.Api.Models.Crm"
)

// websiteRefused lists the customers whose website functions are not
// granted.
func websiteRefused(customer string) bool { return customer == customerOther }

func (h *handler) serveName(w http.ResponseWriter, f format, n nameReq) {
	if (n.kind == nameUser || n.kind == nameOffice) && websiteRefused(n.customer) {
		f.writeError(w, http.StatusForbidden, httpError{Message: "Begärt data som det saknas åtkomst till."})
		return
	}
	v, ns, ok := nameData(h.start, n)
	if !ok {
		f.writeError(w, http.StatusNotFound, httpError{Message: "Det finns inget med id '" + n.id + "' hos kund " + n.customer + "."})
		return
	}
	if f.xml {
		writeBody(w, http.StatusOK, f.contentType(), v.xmlDoc(ns))
		return
	}
	writeBody(w, http.StatusOK, f.contentType(), v.json(nil))
}

// person is one of the demo's users.
type person struct {
	id, name, title, email, cell string
	// website is false for a user not shown on the website (a
	// redistributor): Advertising/User does not know them.
	website bool
}

func people() []person {
	return []person{
		{agentA, "Anna Berg", "Fastighetsmäklare", "anna.berg@example.se", "070-123 45 67", true},
		{agentB, "Björn Lindqvist", "Fastighetsmäklare", "bjorn.lindqvist@example.se", "073-555 01 02", true},
		{agentC, "Cecilia Holm", "Mäklarassistent", "cecilia.holm@example.se", "", true},
		{agentD, "David Ek", "Omfördelare", "david.ek@example.se", "", false},
	}
}

func (p person) websiteAnswer(start time.Time) wv {
	cell := null("Cell")
	if p.cell != "" {
		cell = obj("Cell", str("Msisdn", "46"+strings.NewReplacer("-", "", " ", "").Replace(p.cell[1:])), str("Display", p.cell))
	}
	return obj("AdvertisingUser",
		str("Id", p.id), str("Name", p.name), str("Title", p.title), str("Category", "Mäklare"),
		str("EmailAddress", p.email), str("Description", ""), strList("SpokenLanguages", "svenska", "engelska"),
		str("ChangedAt", wireTime{T: start.Add(-40 * day).Truncate(time.Second)}.String()),
		obj("Telephone", cell, null("Public")),
		null("Image"), boolean("IsVisibleInStaffList", true),
		list("Offices", obj("AdvertisingUserOffice", str("Id", officeMain), str("CustomerId", CustomerID),
			num("OrderNumber", "1"), boolean("IsVisibleInStaffList", true), null("Telephone"))),
		list("Reviews"),
	)
}

func (p person) listed() wv {
	return obj("User",
		boolean("Archived", false), boolean("Public", p.website), str("UserId", p.id),
		strList("CustomerId", CustomerID), str("UserName", p.name), str("Title", p.title),
		str("EmailAddress", p.email), str("CellPhone", p.cell),
	)
}

func groups() wv {
	group := func(id, name string, users ...string) wv {
		us := make([]wv, len(users))
		for i, u := range users {
			us[i] = obj("User", str("UserId", u))
		}
		return obj("UserGroup", str("UserGroupId", id), strList("CustomerIds", CustomerID), str("Name", name), list("Users", us...))
	}
	return list("ArrayOfUserGroup",
		group(groupSales, "Säljteamet Södermalm", agentA, agentB),
		group(groupValuation, "Värderingsgruppen", agentC),
	)
}

func mainOfficeAnswer(start time.Time) wv {
	return obj("AdvertisingOffice",
		str("Id", officeMain), str("CustomerId", CustomerID),
		str("ChangedAt", wireTime{T: start.Add(-200 * day).Truncate(time.Second)}.String()),
		str("BrandId", "BRA1"), str("Name", "Mäklarhuset Södermalm"),
		str("StreetAddress", "Götgatan 14"), obj("ZipCode", num("Numerical", "11646"), str("Value", "116 46")),
		str("PostalTown", "Stockholm"),
		obj("Telephone", obj("Switch", str("Msisdn", "46855512300"), str("Display", "08-555 123 00"))),
		str("EmailAddress", "sodermalm@example.se"), str("Seat", "Stockholm"), str("Description", ""),
		obj("Coordinate", num("Latitude", "59.3133"), num("Longitude", "18.0727")),
	)
}

// estate is one of the demo's estates.
type estate struct {
	customer, id string
	typ          string
	street, zip  string
	city         string
	assignment   string
	// status is "" for a valuation: Vitec leaves it empty then.
	status        string
	agent         string
	price         string
	commission    string
	signed, moves time.Duration // before/after start; 0 is unset
}

func estates() []estate {
	return []estate{
		{CustomerID, "OBJ30011_1584736291", "Villa", "Ängsvägen 3", "123 47", "Farsta", "Sale", "ForSale", agentA, "6950000", "98000", 0, 0},
		{CustomerID, "OBJ30011_1591204877", "Bostadsrätt", "Ringvägen 112, lgh 1102", "118 60", "Stockholm", "Sale", "Sold", agentB, "4250000", "63750", 12 * day, -45 * day},
		{CustomerID, "OBJ30011_1577310452", "Radhus", "Solrosvägen 21", "141 45", "Huddinge", "Valuation", "", agentC, "", "", 0, 0},
		{CustomerID, "OBJ30011_1402298815", "Fritidshus", "Sjöstigen 7", "760 31", "Edsbro", "Sale", "Withdrawn", agentB, "2150000", "", 0, 0},
		{CustomerID, "OBJ30011_1601877720", "Tomt", "Ekbacken 2", "184 60", "Åkersberga", "Sale", "ComingForSale", agentC, "1900000", "", 0, 0},
		{CustomerID, "OBJ30011_1588412096", "Villa", "Granvägen 9", "135 54", "Tyresö", "Valuation", "", agentD, "", "", 0, 0},
		{CustomerID, "OBJ30011_1612009341", "Bostadsrätt", "Hornsgatan 61, lgh 1301", "118 49", "Stockholm", "Sale", "ForSale", agentA, "3495000", "", 0, 0},
		{customerOther, "OBJ30012_1620554018", "Villa", "Kvarnvägen 5", "187 30", "Täby", "Sale", "ForSale", agentD, "8900000", "", 0, 0},
	}
}

func (e estate) answer(start time.Time) wv {
	date := func(name string, d time.Duration) wv {
		if d == 0 {
			// .NET's unset DateTime, as a serialiser writes it.
			return str(name, "0001-01-01T00:00:00")
		}
		t := start.Add(-d)
		t = t.In(stockholm(t))
		return str(name, wireTime{T: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location()), Unspecified: true}.String())
	}
	status := null("Status")
	if e.status != "" {
		status = obj("Status", str("Id", e.status), str("Name", map[string]string{
			"ForSale": "Till salu", "Sold": "Såld", "Withdrawn": "Återkallad", "ComingForSale": "Kommande",
		}[e.status]))
	}
	price, commission := null("Price"), null("Commission")
	if e.price != "" {
		price = obj("Price", obj("StartingPrice", num("Value", e.price), str("Currency", "SEK")))
	}
	if e.commission != "" {
		commission = obj("Commission", num("Value", e.commission), str("Currency", "SEK"))
	}
	return obj("LeadEstate",
		str("EstateType", e.typ),
		obj("Address", str("StreetAddress", e.street), str("ZipCode", e.zip), str("City", e.city)),
		str("AssignmentType", e.assignment),
		date("AssignmentDate", 60*day),
		str("PrimaryAgentId", e.agent), str("CustomerId", e.customer),
		status, date("AgreementSignedAt", e.signed), date("PossessionAt", e.moves),
		price, commission,
	)
}

// contact is one of the demo's contacts; Type decides the name fields.
type contact struct {
	id, typ     string
	first, last string // Person
	name        string // Company, DeceasedEstate
	email, cell string
	street, zip string
	city        string
}

func contacts() []contact {
	return []contact{
		{"ADR3F0E01A74F5A0E5756543B592A3D6157", "Person", "Karin", "Sjöberg", "", "karin.sjoberg@example.se", "070-987 65 43", "Tallvägen 8", "123 52", "Farsta"},
		{"ADRB552779A3FCF0ECEDBA5CCEA3B7B5CA1", "Company", "", "", "Byggnads AB Täppan", "info@tappan.example.se", "", "Industrigatan 4", "112 46", "Stockholm"},
		{"ADR0647FCEFD060F4B24D7ED08483C9592F", "DeceasedEstate", "", "", "Dödsbo efter Gustav Nyström", "", "", "Solrosvägen 21", "141 45", "Huddinge"},
		{"ADR14136B6458D67F01105D689B1677144C", "Person", "Omid", "Rahimi", "", "omid.rahimi@example.se", "072-111 22 33", "Vasagatan 3", "111 20", "Stockholm"},
		{"ADRFF102179A41AE17C663BAEFD68415C8C", "Person", "Lena", "Åberg", "", "", "076-444 55 66", "", "", ""},
	}
}

func (c contact) answer(start time.Time) wv {
	created := wireTime{T: start.Add(-30 * day).Truncate(time.Second)}.String()
	m := []wv{
		str("Id", c.id), str("Type", c.typ), str("CustomerId", CustomerID), str("AgentId", agentA),
		obj("Address", str("StreetAddress", c.street), str("ZipCode", c.zip), str("City", c.city), str("CountryCode", "SE"), null("Wgs84Coordinate")),
		obj("Email", str("EmailAddress", c.email), str("EmailAddress2", "")),
		boolean("AdvertisingEnabled", false), str("Note", ""), list("Categories"),
		str("CreatedAt", created), str("ChangedAt", created),
	}
	root := "CrmPersonContact"
	switch c.typ {
	case "Person":
		m = append(m, str("FirstName", c.first), str("LastName", c.last),
			obj("Telephone", str("Home", ""), str("Work", ""), str("Cell", c.cell), str("Other", "")))
	case "Company":
		root = "CrmCompanyContact"
		m = append(m, str("Name", c.name), str("CorporateNumber", "556677-8899"), obj("Telephone", str("Work", "08-22 33 44")))
	default:
		root = "CrmDeceasedEstateContact"
		m = append(m, str("Name", c.name), null("Telephone"))
	}
	return obj(root, m...)
}

// nameData is the answer to n and its XML namespace; false when there is no
// such id.
func nameData(start time.Time, n nameReq) (wv, string, bool) {
	switch n.kind {
	case nameUser:
		for _, p := range people() {
			if p.id == n.id && p.website && n.customer == CustomerID {
				return p.websiteAnswer(start), nsAdvertising, true
			}
		}
	case nameUserList:
		var items []wv
		for _, p := range people() {
			if n.id == "" || p.id == n.id {
				items = append(items, p.listed())
			}
		}
		// A list, empty when nobody matches, as a search answers.
		return list("ArrayOfUser", items...), nsUser, true
	case nameGroups:
		if n.customer == CustomerID {
			return groups(), nsCRM, true
		}
		return list("ArrayOfUserGroup"), nsCRM, true
	case nameOffice:
		if n.customer == CustomerID && n.id == officeMain {
			return mainOfficeAnswer(start), nsAdvertising, true
		}
	case nameEstate:
		for _, e := range estates() {
			if e.customer == n.customer && e.id == n.id {
				return e.answer(start), nsEstate, true
			}
		}
	case nameContact:
		for _, c := range contacts() {
			if n.customer == CustomerID && c.id == n.id {
				return c.answer(start), nsContact, true
			}
		}
	}
	return wv{}, "", false
}
