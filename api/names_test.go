package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"leadinspector/api/roundtrip"
)

const (
	webUser     = "partner-web"
	webPassword = "w3bs1te-Lösen!"
)

// fakeVitec serves the name endpoints from maps of JSON bodies keyed by
// "customer/id", after a fixed latency, and counts requests per endpoint.
type fakeVitec struct {
	latency time.Duration
	// website answers Advertising/User and Advertising/Office.
	website map[string]string
	// userList answers User/GetUser per customer (a JSON list).
	userList map[string]string
	groups   map[string]string
	estates  map[string]string
	contacts map[string]string
	// refuseWeb lists customers whose website calls get 401.
	refuseWeb map[string]bool

	mu    sync.Mutex
	count map[string]int
	// users records the Basic auth user name per endpoint.
	users map[string]string
	// rounds counts the round trips the client waited for, one after
	// another (roundtrip.Counter).
	rounds roundtrip.Counter
}

func (f *fakeVitec) requests(endpoint string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.count[endpoint]
}

func (f *fakeVitec) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.count {
		n += c
	}
	return n
}

func (f *fakeVitec) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	var endpoint, body string
	var found bool
	web := false
	switch {
	case len(seg) == 4 && seg[0] == "Advertising":
		endpoint, web = "Advertising/"+seg[1], true
		body, found = f.website[seg[1]+":"+seg[2]+"/"+seg[3]]
	case len(seg) == 2 && seg[0] == "User":
		endpoint = "User/GetUser"
		body, found = f.userList[r.URL.Query().Get("CustomerId")]
	case len(seg) == 3 && seg[1] == "Usergroups":
		endpoint = "CRM/Usergroups"
		body, found = f.groups[seg[2]]
	case len(seg) == 5 && seg[1] == "Lead" && seg[3] == "Estate":
		endpoint = "CRM/Lead/Estate"
		body, found = f.estates[seg[2]+"/"+seg[4]]
	case len(seg) == 4 && seg[1] == "Contact":
		endpoint = "CRM/Contact"
		body, found = f.contacts[seg[2]+"/"+seg[3]]
	}
	user, _, _ := r.BasicAuth()
	f.mu.Lock()
	if f.count == nil {
		f.count, f.users = map[string]int{}, map[string]string{}
	}
	f.count[endpoint]++
	f.users[endpoint] = user
	latency := f.latency
	f.mu.Unlock()
	defer f.rounds.Begin()()
	select {
	case <-time.After(latency):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch {
	case web && f.refuseWeb[seg[2]]:
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = fmt.Fprint(w, `{"Message":"Authorization has been denied for this request."}`)
	case !found:
		w.WriteHeader(http.StatusNotFound)
		_, _ = fmt.Fprint(w, `{"Message":"Not found."}`)
	default:
		_, _ = fmt.Fprint(w, body)
	}
}

// Vitec's own JSON sample for Advertising/User (vitec-endpoints.md §3),
// with a name in it.
const sampleAdvertisingUser = `{
  "id": "HAN1", "name": "Anna Berg", "title": "Fastighetsmäklare", "category": "sample string 4",
  "emailAddress": "anna.berg@example.se", "description": "sample string 6",
  "spokenLanguages": ["svenska", "engelska"],
  "changedAt": "2026-10-04T06:01:55.2275826+02:00",
  "telephone": {"cell": {"msisdn": "46701234567", "display": "070-123 45 67"}, "public": {"msisdn": "4681234567", "display": null}},
  "image": {"id": "img", "category": {"id": "1", "name": "Porträtt"}, "cdnReferences": [{"name": "s", "url": "https://cdn.example/s.jpg"}]},
  "isVisibleInStaffList": true,
  "offices": [{"id": "KTR1", "customerId": "M1", "orderNumber": 3, "isVisibleInStaffList": true, "telephone": {"personal": {"msisdn": "1", "display": "2"}}}],
  "reviews": [{"text": "Bra", "authorName": "Kund"}]
}`

func fakeClient(t *testing.T, f *fakeVitec, website bool) *Client {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, srv.URL, func(o *Options) {
		if website {
			o.WebsiteUsername, o.WebsitePassword = webUser, webPassword
		}
	})
	return c
}

func TestGetUserFromWebsite(t *testing.T) {
	f := &fakeVitec{website: map[string]string{"User:M1/HAN1": sampleAdvertisingUser}}
	c := fakeClient(t, f, true)
	u, err := c.GetUser(context.Background(), "M1", "HAN1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Anna Berg" || u.Title != "Fastighetsmäklare" || u.Email != "anna.berg@example.se" ||
		u.CellPhone != "070-123 45 67" || u.PublicPhone != "4681234567" || u.FromUserList {
		t.Errorf("user = %+v", u)
	}
	if len(u.Offices) != 1 || u.Offices[0] != (UserOffice{"KTR1", "M1"}) {
		t.Errorf("offices = %+v", u.Offices)
	}
	if got := u.All.Str("Reviews"); got != "" || len(u.All.Items("Reviews")) != 1 {
		t.Errorf("undocumented parts not kept: %v", u.All.Items("Reviews"))
	}
	if f.users["Advertising/User"] != webUser {
		t.Errorf("website call sent as %q, want the website credentials", f.users["Advertising/User"])
	}
}

// A user not on the website (404) is looked up in the user list with the
// CRM credentials; one not there either is "not found" saying where it was
// looked for.
func TestGetUserFallsBackToUserList(t *testing.T) {
	f := &fakeVitec{userList: map[string]string{
		"M1": `[{"userId":"HAN0","userName":"Fel Person"},{"userId":"HAN2","userName":"Omar Lind","title":"Omfördelare","archived":false}]`,
	}}
	c := fakeClient(t, f, true)
	u, err := c.GetUser(context.Background(), "M1", "HAN2", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Omar Lind" || u.Title != "Omfördelare" || !u.FromUserList {
		t.Errorf("user = %+v", u)
	}
	if f.requests("Advertising/User") != 1 || f.requests("User/GetUser") != 1 {
		t.Errorf("requests = %v", f.count)
	}
	if f.users["User/GetUser"] != testUser {
		t.Errorf("user list asked as %q, want the profile's own credentials", f.users["User/GetUser"])
	}
	_, err = c.GetUser(context.Background(), "M1", "HAN9", JSON)
	var nf *NameNotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "neither on the website nor in the user list") {
		t.Errorf("unknown user: %v", err)
	}
}

// A refused website password is a NoAccessError naming the function group;
// the profile's own credentials are used when no website ones are given.
func TestWebsiteNoAccess(t *testing.T) {
	f := &fakeVitec{refuseWeb: map[string]bool{"M2": true}}
	c := fakeClient(t, f, false)
	_, err := c.GetOffice(context.Background(), "M2", "KTR1", JSON)
	var na *NoAccessError
	if !errors.As(err, &na) || na.Group != WebsiteFunctions {
		t.Fatalf("err = %v, want NoAccessError for website functions", err)
	}
	if got := "office: " + err.Error(); got != "office: no access (website functions)" {
		t.Errorf("shown as %q", got)
	}
	if StatusOf(err) != http.StatusUnauthorized {
		t.Errorf("StatusOf = %d", StatusOf(err))
	}
	if f.users["Advertising/Office"] != testUser {
		t.Errorf("sent as %q, want the profile's credentials", f.users["Advertising/Office"])
	}
	noPassword(t, err)
}

// Websites echoing the Authorization header must not show the website
// password either.
func TestWebsitePasswordRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, p, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprintf(w, `{"Message":"denied for %s (%s)"}`, p, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.WebsiteUsername, o.WebsitePassword = webUser, webPassword })
	_, err := c.GetUser(context.Background(), "M1", "HAN1", JSON)
	var fe *ForbiddenError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(fe.Message, webPassword) || strings.Contains(string(fe.Response.Body), webPassword) {
		t.Errorf("website password in the error: %q", fe.Message)
	}
}

func TestGetUserGroupsJSONAndXML(t *testing.T) {
	jsonBody := `[{"userGroupId":"GRP1","customerIds":["M1","M2"],"name":"Säljgruppen","users":[{"userId":"HAN1"},{"userId":"HAN2"}]},
	{"userGroupId":"GRP2","name":"Värdering","users":null}]`
	xmlBody := `<?xml version="1.0"?><ArrayOfUserGroup xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/X.CRM">
	<UserGroup><CustomerIds xmlns:d3p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><d3p1:string>M1</d3p1:string><d3p1:string>M2</d3p1:string></CustomerIds>
	<Name>Säljgruppen</Name><UserGroupId>GRP1</UserGroupId><Users><User><UserId>HAN1</UserId></User><User><UserId>HAN2</UserId></User></Users></UserGroup>
	<UserGroup><Name>Värdering</Name><UserGroupId>GRP2</UserGroupId><Users i:nil="true"/></UserGroup></ArrayOfUserGroup>`
	for f, body := range map[Format]string{JSON: jsonBody, XML: xmlBody} {
		srv := httptest.NewServer(serveBody(200, f.Accept(), body))
		c, _ := newTestClient(t, srv.URL, nil)
		groups, err := c.GetUserGroups(context.Background(), "M1", f)
		srv.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		g, err := FindGroup(groups, "grp1")
		if err != nil || g.Name != "Säljgruppen" || strings.Join(g.CustomerIDs, ",") != "M1,M2" || strings.Join(g.UserIDs, ",") != "HAN1,HAN2" {
			t.Errorf("%s: group = %+v, %v", f, g, err)
		}
		if g, _ := FindGroup(groups, "GRP2"); g == nil || g.Name != "Värdering" || g.UserIDs != nil {
			t.Errorf("%s: GRP2 = %+v", f, g)
		}
		if _, err := FindGroup(groups, "GRP3"); err == nil || !strings.Contains(err.Error(), "GRP3 not found") {
			t.Errorf("%s: GRP3: %v", f, err)
		}
	}
}

func TestGetOfficeXMLAnyNamespace(t *testing.T) {
	body := `<a:AdvertisingOffice xmlns:a="http://schemas.datacontract.org/2004/07/Express.Connect.Api.Services.Advertising" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
	<a:Id>KTR1</a:Id><a:CustomerId>M1</a:CustomerId><a:Name>Mäklarhuset Södermalm</a:Name><a:StreetAddress>Götgatan 14</a:StreetAddress>
	<a:ZipCode><a:Numerical>11646</a:Numerical><a:Value>116 46</a:Value></a:ZipCode><a:PostalTown>Stockholm</a:PostalTown>
	<a:Telephone><a:Switch><a:Display>08-123 456 00</a:Display><a:Msisdn>46812345600</a:Msisdn></a:Switch></a:Telephone>
	<a:EmailAddress i:nil="true"/><a:Coordinate><a:Latitude>59.31</a:Latitude><a:Longitude>18.07</a:Longitude></a:Coordinate></a:AdvertisingOffice>`
	srv := httptest.NewServer(serveBody(200, "application/xml; charset=utf-8", body))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	o, err := c.GetOffice(context.Background(), "M1", "KTR1", XML)
	if err != nil {
		t.Fatal(err)
	}
	want := OfficeInfo{ID: "KTR1", CustomerID: "M1", Name: "Mäklarhuset Södermalm", StreetAddress: "Götgatan 14",
		ZipCode: "116 46", PostalTown: "Stockholm", Switchboard: "08-123 456 00"}
	o.All = nil
	if *o != want {
		t.Errorf("office = %+v\nwant %+v", *o, want)
	}
}

// The estate's undocumented models arrive labelled by their own names; an
// unset date is not given; a valuation has no sale status.
func TestGetEstateTolerant(t *testing.T) {
	body := `{"estateType":{"name":"Villa","id":"3"},"address":{"streetAddress":"Ängsvägen 3","zipCode":"123 45","city":"Farsta"},
	"assignmentType":"Valuation","assignmentDate":"2026-11-02T00:00:00","primaryAgentId":"HAN1","customerId":"M1","status":null,
	"agreementSignedAt":"0001-01-01T00:00:00","possessionAt":null,"price":{"startingPrice":{"value":4950000,"currency":"SEK"}},
	"commission":{"value":55000.50,"currency":"SEK"}}`
	srv := httptest.NewServer(serveBody(200, "application/json", body))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	e, err := c.GetEstate(context.Background(), "M1", "OBJ1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	fields := func(fs []Field) string {
		var s []string
		for _, f := range fs {
			s = append(s, f.Label+"="+f.Value)
		}
		return strings.Join(s, "; ")
	}
	for name, tc := range map[string][2]string{
		"EstateType":     {fields(e.EstateType), "name=Villa; id=3"},
		"Address":        {fields(e.Address), "streetAddress=Ängsvägen 3; zipCode=123 45; city=Farsta"},
		"AssignmentType": {fields(e.AssignmentType), "assignmentType=Valuation"},
		"Status":         {fields(e.Status), ""},
		"Price":          {fields(e.Price), "startingPrice.value=4950000; startingPrice.currency=SEK"},
	} {
		if tc[0] != tc[1] {
			t.Errorf("%s = %q, want %q", name, tc[0], tc[1])
		}
	}
	if e.PrimaryAgentID != "HAN1" || e.CustomerID != "M1" || e.Commission == nil || *e.Commission != (Money{"55000.50", "SEK"}) {
		t.Errorf("estate = %+v", e)
	}
	if e.AssignmentDate.Format("2006-01-02") != "2026-11-02" || !e.AgreementSignedAt.IsZero() || !e.PossessionAt.IsZero() {
		t.Errorf("dates: %v %v %v", e.AssignmentDate, e.AgreementSignedAt, e.PossessionAt)
	}
}

func TestGetContactByType(t *testing.T) {
	for _, tc := range []struct{ body, typ, name string }{
		{`{"type":"Person","id":"ADR1","firstName":"Karin","lastName":"Ek","email":{"emailAddress":"k@example.se"},"telephone":{"cell":"070-1"}}`, "Person", "Karin Ek"},
		{`{"type":1,"id":"ADR2","name":"Byggbolaget i Täby AB","corporateNumber":"556000-0000"}`, "Company", "Byggbolaget i Täby AB"},
		{`{"type":"DeceasedEstate","id":"ADR3","name":"Dödsbo efter Sven Ås"}`, "DeceasedEstate", "Dödsbo efter Sven Ås"},
		{`{"type":"Alien","id":"ADR4","name":"Okänd"}`, "Alien", "Okänd"},
	} {
		srv := httptest.NewServer(serveBody(200, "application/json", tc.body))
		c, _ := newTestClient(t, srv.URL, nil)
		k, err := c.GetContact(context.Background(), "M1", "ADR", JSON)
		srv.Close()
		if err != nil {
			t.Fatal(err)
		}
		if string(k.Type) != tc.typ || k.Name != tc.name {
			t.Errorf("%s: type %q name %q", tc.body, k.Type, k.Name)
		}
		if tc.typ == "Person" && (k.Email != "k@example.se" || len(k.Phones) != 1 || k.Phones[0] != (Field{"cell", "070-1"})) {
			t.Errorf("person contact = %+v", k)
		}
	}
}

// A name answer gets the lead's treatment: hostile text is made safe, a
// login page, garbage and a huge body are typed errors naming what was
// asked for.
func TestNameBadAnswers(t *testing.T) {
	srv := httptest.NewServer(serveBody(200, "application/json", `{"name":"Anna\u001b]52;c;aGk=\u0007 \u001b[2JBerg"}`))
	c, _ := newTestClient(t, srv.URL, nil)
	u, err := c.GetUser(context.Background(), "M1", "HAN1", JSON)
	srv.Close()
	if err != nil || strings.ContainsAny(u.Name, "\x1b\x07") || !strings.Contains(u.Name, "Anna") {
		t.Errorf("hostile name = %q, %v", u.Name, err)
	}
	for name, tc := range map[string]struct {
		h      http.HandlerFunc
		reason BadResponseReason
		says   string
	}{
		"login page": {serveBody(200, "text/html", "<html><title>Logga in</title></html>"), WrongContentType, "content type"},
		"garbage":    {serveBody(200, "application/json", `{"name":`), Undecodable, "not a valid JSON office"},
		"scalar":     {serveBody(200, "application/json", `"Anna"`), Undecodable, "not a valid JSON office"},
		"huge": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			streamZeros(w, 2<<20)
		}, TooLarge, ""},
	} {
		srv := httptest.NewServer(tc.h)
		c, _ := newTestClient(t, srv.URL, func(o *Options) { o.MaxBodyBytes = 1 << 20 })
		_, err := c.GetOffice(context.Background(), "M1", "KTR1", JSON)
		srv.Close()
		be := wantBadResponse(t, err, tc.reason)
		if be != nil && !strings.Contains(be.Error(), tc.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Nothing is sent for an empty id.
	_, err = c.GetEstate(context.Background(), "M1", " ", JSON)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Errorf("empty estate id: %v", err)
	}
}

// Deep nesting is refused, not recursed into without end, and so is a body
// of countless tiny values.
func TestTreeDepthBounded(t *testing.T) {
	many := "[" + strings.Repeat("0,", maxTreeNodes) + "0]"
	if _, err := DecodeTreeJSON([]byte(many)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("JSON values: %v", err)
	}
	manyX := "<a>" + strings.Repeat("<b/>", maxTreeNodes) + "</a>"
	if _, err := DecodeTreeXML([]byte(manyX)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("XML elements: %v", err)
	}
	deep := strings.Repeat(`{"a":`, 1000) + "1" + strings.Repeat("}", 1000)
	if _, err := DecodeTreeJSON([]byte(deep)); err == nil || !strings.Contains(err.Error(), "deeper") {
		t.Errorf("JSON: %v", err)
	}
	deepX := strings.Repeat("<a>", 1000) + strings.Repeat("</a>", 1000)
	if _, err := DecodeTreeXML([]byte(deepX)); err == nil || !strings.Contains(err.Error(), "deeper") {
		t.Errorf("XML: %v", err)
	}
}

// A 2xx name answer that echoes either function group's password (the
// website one or the CRM one) shows neither in the decoded name.
func TestNameAnswerEchoingPasswordsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"userId":"HAN1","name":"Anna %s","title":"%s"}`, webPassword, testPassword)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.WebsiteUsername, o.WebsitePassword = webUser, webPassword })
	u, err := c.GetUser(context.Background(), "M1", "HAN1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	shown := u.Name + " " + u.Title + " " + u.All.Str("name")
	if strings.Contains(shown, webPassword) || strings.Contains(shown, testPassword) {
		t.Errorf("password shown in the name: %q", shown)
	}
	if !strings.HasPrefix(u.Name, "Anna ") {
		t.Errorf("name = %q, want the rest kept", u.Name)
	}
}
