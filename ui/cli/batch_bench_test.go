package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// BenchmarkBatch16 looks up 16 ids through the real client against a
// loopback server that takes 100 ms per lead, one at a time and four at a
// time. Issue 7 asks that --parallel 4 take about a quarter of the
// sequential time; compare the two ns/op figures.
func BenchmarkBatch16(b *testing.B) {
	seed, err := os.ReadFile("../../api/testdata/seed.json")
	if err != nil {
		b.Fatal(err)
	}
	c := loopbackClient(b, 100*time.Millisecond, seed)
	ids := make([]string, 16)
	for i := range ids {
		ids[i] = fmt.Sprintf("LED%032d", i)
	}
	for _, n := range []int{1, 4} {
		b.Run(fmt.Sprintf("parallel=%d", n), func(b *testing.B) {
			for b.Loop() {
				var out strings.Builder
				o := GetOptions{Args: GetArgs{Format: "text", Parallel: n, CustomerID: "M30011", LeadIDs: ids}}
				if code := Get(context.Background(), c, o, IO{Stdout: &out, Stderr: io.Discard}); code != 0 {
					b.Fatalf("exit %d", code)
				}
				if got := strings.Count(out.String(), "\n"); got < 16 {
					b.Fatalf("%d lines for 16 ids:\n%s", got, out.String())
				}
			}
		})
	}
}
