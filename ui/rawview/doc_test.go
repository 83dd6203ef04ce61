package rawview

import (
	"runtime"
	"strings"
	"testing"

	"leadinspector/api"
)

// TestPrivateDocLines checks the private text line by line, for JSON (whose
// masked values never span lines, so the lines are the base's, shifted) and
// for XML with a message of several lines (which has lines of its own), and
// that offsets map both ways.
func TestPrivateDocLines(t *testing.T) {
	for _, tc := range []struct {
		f    api.Format
		body string
		own  bool
	}{
		{api.JSON, `{"contactId":"ADR1","utmTags":[{"name":"a","value":"x"},{"name":"b","value":12}],"message":"hej"}`, false},
		{api.XML, "<Lead><ContactId>ADR1</ContactId><Message>rad ett\nrad två\nrad tre</Message><State>New</State></Lead>", true},
	} {
		p := Prepare(result([]byte(tc.body), tc.f))
		d := p.priv
		if d == p.base || (d.shifted == nil) != tc.own {
			t.Fatalf("%s: private doc %p of base %p, shifted %v", tc.f, d, p.base, d.shifted != nil)
		}
		want := strings.Split(api.Mask(p.base.text, tc.f), "\n")
		if d.text != strings.Join(want, "\n") || d.lineCount() != len(want) {
			t.Fatalf("%s: %d lines\n%s\nwant %d", tc.f, d.lineCount(), d.text, len(want))
		}
		longest := 0
		for k, w := range want {
			if got := d.line(k); got != w {
				t.Errorf("%s: line %d = %q, want %q", tc.f, k, got, w)
			}
			longest = max(longest, len(w))
		}
		if d.maxLine != longest {
			t.Errorf("%s: longest line %d, want %d", tc.f, d.maxLine, longest)
		}
		for k := range want {
			off := d.start(k)
			if back := d.toPrivate(d.toBase(off)); back != off {
				t.Errorf("%s: line %d starts at %d, maps back to %d", tc.f, k, off, back)
			}
		}
	}
}

// TestPrepareAllocatesAtMostFourTimesTheBody holds a large lead's
// preparation for the raw pane (pretty text, masked text, line index,
// edits) to the memory budget: at most 4× the body, garbage included.
func TestPrepareAllocatesAtMostFourTimesTheBody(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2 MiB bodies")
	}
	for _, f := range []api.Format{api.JSON, api.XML} {
		body := bigJSON(2 << 20)
		if f == api.XML {
			body = bigXML(2 << 20)
		}
		r := result(body, f)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := Prepare(r)
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(p)
		if n := after.TotalAlloc - before.TotalAlloc; n > 4*uint64(len(body)) {
			t.Errorf("%s: preparing %d bytes allocated %d (%.1f×)", f, len(body), n, float64(n)/float64(len(body)))
		}
	}
}
