package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// seedServer serves seed.json on loopback, as Express Connect would.
func seedServer(b *testing.B) *httptest.Server {
	body := readSeed(b, "seed.json")
	srv := httptest.NewServer(serveBody(200, "application/json; charset=utf-8", string(body)))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkClientLookup is one lookup through the client: request, checks,
// body and decoding. Compare with BenchmarkBareGET; the budget is 1 ms over it.
func BenchmarkClientLookup(b *testing.B) {
	srv := seedServer(b)
	c, _ := newTestClient(b, srv.URL, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.GetIncomingLead(ctx, "M30011", "LED7216862FF0AD4AE38061A04A9AC4D60D", JSON)
		if err != nil || res.Lead == nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareGET is the floor: a plain net/http GET of the same body with
// the same headers, read whole, nothing decoded.
func BenchmarkBareGET(b *testing.B) {
	srv := seedServer(b)
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	b.Cleanup(hc.CloseIdleConnections)
	url := srv.URL + "/CRM/Lead/M30011/Incoming/LED7216862FF0AD4AE38061A04A9AC4D60D"
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Accept", "application/json")
		req.SetBasicAuth(testUser, testPassword)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadAll(resp.Body); err != nil {
			b.Fatal(err)
		}
		_ = resp.Body.Close()
	}
}

// BenchmarkClientLookupBudget is BenchmarkClientLookup with its budget
// shared by 4 goroutines looking up at once, as a batch does: compare the
// two for the budget's cost per request when nothing is throttled.
func BenchmarkClientLookupParallel(b *testing.B) {
	srv := seedServer(b)
	c, _ := newTestClient(b, srv.URL, nil)
	ctx := context.Background()
	b.SetParallelism(1)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := c.GetIncomingLead(ctx, "M30011", "LED7216862FF0AD4AE38061A04A9AC4D60D", JSON)
			if err != nil || res.Lead == nil {
				b.Error(err)
				return
			}
		}
	})
}
