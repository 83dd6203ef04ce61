package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"leadinspector/api/base/i18n"
)

// dotnetServer answers JSON with jsonFile and XML with xmlFile (500 when
// ""), counting the XML requests.
func dotnetServer(t *testing.T, jsonFile, xmlFile string, xmlAsked *atomic.Int32) *Client {
	t.Helper()
	js, err := os.ReadFile(jsonFile)
	if err != nil {
		t.Fatal(err)
	}
	var xml []byte
	if xmlFile != "" {
		if xml, err = os.ReadFile(xmlFile); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "xml") {
			xmlAsked.Add(1)
			if xml == nil {
				w.WriteHeader(500)
				return
			}
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			w.Write(xml)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(js)
	}))
	t.Cleanup(srv.Close)
	c, _ := newTestClient(t, srv.URL, func(o *Options) { o.Retries = -1 })
	return c
}

// Enums written as numbers (Json.NET without StringEnumConverter) get their
// names from the XML of the same lead: one extra request, only then, and
// not again for a number already learned. The number and its name are then
// one State.
func TestEnumNumbersLearnTheirNamesFromTheXML(t *testing.T) {
	var asked atomic.Int32
	c := dotnetServer(t, "testdata/dotnet/lead-jsonnet-enum-numbers.json", "testdata/seed.xml", &asked)
	for i := range 2 {
		res, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
		if err != nil {
			t.Fatal(err)
		}
		if res.Lead.State != "New" || res.Lead.LeadSource.LeadType != "AcceptObjectFlow" {
			t.Errorf("lookup %d: State %q LeadType %q", i+1, res.Lead.State, res.Lead.LeadSource.LeadType)
		}
		if !strings.Contains(string(res.Body), `"state": 1`) {
			t.Errorf("the body is no longer as received: %s", res.Body)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("%d XML requests, want 1", n)
	}
	if !c.EnumNames().SameState("1", "New") || c.EnumNames().SameState("2", "New") {
		t.Error("a number and its learned name are not one State")
	}
	// A lead whose enums came as names asks for nothing more.
	asked.Store(0)
	c = dotnetServer(t, "testdata/seed.json", "testdata/seed.xml", &asked)
	if _, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", JSON); err != nil || asked.Load() != 0 {
		t.Errorf("names as names: %v, %d XML requests", err, asked.Load())
	}
}

// What one server's XML named is that server's: the hub talks to several
// servers (and credential sets) in one process, and another server's 1 may
// be another State. A client of a server whose XML is down keeps its
// number, whatever another client learned; a number and a name are one
// State only for the client that learned it.
func TestEnumNamesLearnedFromOneServerNameNoOther(t *testing.T) {
	var askedA, askedB atomic.Int32
	a := dotnetServer(t, "testdata/dotnet/lead-jsonnet-enum-numbers.json", "testdata/seed.xml", &askedA)
	b := dotnetServer(t, "testdata/dotnet/lead-jsonnet-enum-numbers.json", "", &askedB)
	res, err := a.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
	if err != nil || res.Lead.State != "New" {
		t.Fatalf("server A: %v, State %+v", err, res)
	}
	res, err = b.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if got := EnumText(nil, string(res.Lead.State)); got != "1 (number; the server sent no name)" {
		t.Errorf("server B's State shows %q: named from server A's answer", got)
	}
	if askedB.Load() != 1 {
		t.Errorf("server B was asked %d times for its XML, want 1", askedB.Load())
	}
	if res.Enums.SameState("1", "New") || !a.EnumNames().SameState("1", "New") {
		t.Error("a number and a name learned from server A are one State for server B")
	}
}

// Without an XML answer, a number stays a number and says so.
func TestEnumNumberWithoutANameSaysSo(t *testing.T) {
	var asked atomic.Int32
	js, _ := os.ReadFile("testdata/dotnet/lead-jsonnet-enum-numbers.json")
	f := t.TempDir() + "/lead.json"
	os.WriteFile(f, []byte(strings.Replace(string(js), `"state": 1`, `"state": 47`, 1)), 0o600)
	c := dotnetServer(t, f, "", &asked)
	res, err := c.GetIncomingLead(context.Background(), "M30011", "LED1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if got := EnumText(nil, string(res.Lead.State)); got != "47 (number; the server sent no name)" {
		t.Errorf("%q", got)
	}
	if got := EnumText(i18n.New(i18n.Swedish), "47"); got != "47 (nummer; servern skickade inget namn)" {
		t.Errorf("%q", got)
	}
}

// An estate whose enums came as numbers is named from its XML: not "Täby, 0".
func TestEstateEnumNumbersLearnTheirNames(t *testing.T) {
	var asked atomic.Int32
	c := dotnetServer(t, "testdata/dotnet/estate-jsonnet-enum-numbers.json", "testdata/dotnet/estate-datacontract.xml", &asked)
	e, err := c.GetEstate(context.Background(), "M30011", "OBJ1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if got := (Name{Estate: e}).Label(); got != "Storgatan 1, Täby, Villa" {
		t.Errorf("label %q", got)
	}
	if len(e.Status) != 1 || e.Status[0].Value != "ForSale" || len(e.AssignmentType) != 1 || e.AssignmentType[0].Value != "Sale" {
		t.Errorf("status %v, assignment type %v", e.Status, e.AssignmentType)
	}
	if asked.Load() != 1 {
		t.Errorf("%d XML requests, want 1", asked.Load())
	}
}
