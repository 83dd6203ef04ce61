package cli

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"leadinspector/api"
)

// bigLead is a lead whose message is about n bytes of Swedish prose in
// paragraphs, the shape of the largest real messages.
func bigLead(tb testing.TB, n int) []byte {
	var b strings.Builder
	const para = "Hej! Jag är intresserad av lägenheten på Storgatan 12, våning 3. Kan vi boka en visning nästa vecka? Jag har även frågor om avgiften och föreningens ekonomi. "
	for i := 0; b.Len() < n; i++ {
		b.WriteString(para)
		if i%5 == 4 {
			b.WriteString("\n\n")
		}
	}
	body, err := json.Marshal(map[string]any{
		"contactId": "ADR1", "message": b.String(), "sentAt": "2025-04-04T06:11:27Z", "state": "New",
		"receiver": map[string]any{"agent": map[string]any{"id": "HAN1"}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkGetText10MiB is `get --format text` of a lead with a 10 MiB
// message through the real client from a loopback server, output discarded.
func BenchmarkGetText10MiB(b *testing.B) {
	body := bigLead(b, 10<<20)
	c := loopbackClient(b, 0, body)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		o := GetOptions{Args: GetArgs{Format: "text", CustomerID: "M30011", LeadIDs: []string{"LED1"}}}
		if code := Get(context.Background(), c, o, IO{Stdout: io.Discard, Stderr: io.Discard}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// loopbackClient is a real client of a loopback server that answers every
// lookup with body as JSON after delay.
func loopbackClient(b *testing.B, delay time.Duration, body []byte) *api.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	// A password of a realistic length: the client looks for it (and its
	// other forms) in every body, and a one-letter one would stand in
	// every other word of a Swedish message.
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: "u", Password: "s3cret-L0senord-2026"})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkGet10MiB is `get` of a lead with a 10 MiB message in each output
// format through the real client from a loopback server that answers the
// representation asked for, with its Content-Length, as IIS does. Output is
// discarded; the lead's agent has no name to find (404), as in the README's
// hyperfine comparison with curl | jq.
func BenchmarkGet10MiB(b *testing.B) {
	jsonBody := bigLead(b, 10<<20)
	var lead struct{ Message string }
	if err := json.Unmarshal(jsonBody, &lead); err != nil {
		b.Fatal(err)
	}
	seed, err := os.ReadFile("../../api/testdata/seed.xml")
	if err != nil {
		b.Fatal(err)
	}
	var msg strings.Builder
	xml.EscapeText(&msg, []byte(lead.Message))
	before, rest, _ := strings.Cut(string(seed), "<Message>")
	_, after, _ := strings.Cut(rest, "</Message>")
	xmlBody := []byte(before + "<Message>" + msg.String() + "</Message>" + after)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ct := jsonBody, "application/json; charset=utf-8"
		switch {
		case !strings.Contains(r.URL.Path, "/Incoming/"):
			http.NotFound(w, r)
			return
		case strings.Contains(r.Header.Get("Accept"), "xml"):
			body, ct = xmlBody, "application/xml; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	c, err := api.NewClient(api.Options{BaseURL: srv.URL, Username: "u", Password: "s3cret-L0senord-2026"})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []string{"text", "json", "xml"} {
		b.Run(f, func(b *testing.B) {
			b.SetBytes(int64(len(jsonBody)))
			for b.Loop() {
				o := GetOptions{Args: GetArgs{Format: f, CustomerID: "M30011", LeadIDs: []string{"LED1"}}}
				if code := Get(context.Background(), c, o, IO{Stdout: io.Discard, Stderr: io.Discard}); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
