package ui

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"leadinspector/api"
)

// estateServer answers the estate endpoint as .NET serialisers write it:
// JSON as Json.NET without StringEnumConverter, XML as DataContractSerializer
// (names, the date a DateTimeOffset); every other name is not found.
func estateServer(t *testing.T) *api.Client {
	t.Helper()
	js, err := os.ReadFile("../api/testdata/dotnet/estate-jsonnet-enum-numbers.json")
	if err != nil {
		t.Fatal(err)
	}
	xml, err := os.ReadFile("../api/testdata/dotnet/estate-datacontract.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.URL.Path, "/Estate/") {
			http.NotFound(w, r)
			return
		}
		if strings.Contains(r.Header.Get("Accept"), "xml") {
			w.Header().Set("Content-Type", "application/xml; charset=utf-8")
			w.Write(xml)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(js)
	}))
	t.Cleanup(srv.Close)
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: "u", Password: "pw-for-tests", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A card's dates are days where the user is, as SentAt is shown:
// 2025-06-30T22:00:00+00:00 is 1 July in Stockholm.
func TestCardDatesInTheDisplayZone(t *testing.T) {
	for _, format := range []api.Format{api.JSON, api.XML} {
		m, _ := newTest(t, 120, 40, func(o *Options) {
			o.Names = api.NewResolver(estateServer(t), api.ResolverOptions{Profile: o.Profile, Format: format})
		})
		stockholm, err := time.LoadLocation("Europe/Stockholm")
		if err != nil {
			t.Fatal(err)
		}
		m.env.loc = stockholm
		m = lookUpNamed(t, m, "LED1")
		m = press(t, m, "e")
		if s := screen(m); !strings.Contains(s, "2025-07-01") || strings.Contains(s, "2025-06-30") {
			t.Errorf("%s: estate card:\n%s", format, s)
		}
	}
}

// A State sent as a number, named once the XML could be had, is one state
// in the history and on screen: no "state changed" from 61 to New.
func TestEnumNumberAndItsNameAreOneState(t *testing.T) {
	js, err := os.ReadFile("../api/testdata/dotnet/lead-jsonnet-enum-numbers.json")
	if err != nil {
		t.Fatal(err)
	}
	xml, err := os.ReadFile("../api/testdata/seed.xml")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(js), `"state": 1`, `"state": 61`, 1)
	var xmlUp atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "xml") {
			if !xmlUp.Load() {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/xml")
			w.Write(xml)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: "u", Password: "pw-for-tests", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := newTest(t, 120, 40, func(o *Options) { o.Client = c })
	m = lookUp(t, m, "LED1")
	if s := screen(m); !strings.Contains(s, "61 (number; the server sent no name)") {
		t.Errorf("first lookup:\n%s", s)
	}
	xmlUp.Store(true)
	m = lookUp(t, m, "LED1")
	s := screen(m)
	if !strings.Contains(s, "[New]") || strings.Contains(s, "changed") {
		t.Errorf("second lookup:\n%s", s)
	}
	if e := entriesOf(m); len(e) != 1 || e[0].PrevState != "" {
		t.Errorf("history %+v: a number and its name read as a change", e)
	}
}
