package budget

import (
	"context"
	"testing"
)

// BenchmarkAcquireDone is what the budget adds to a request when nothing
// is throttled: take a slot, give it back with an answer. The issue's
// budget is 20 µs per request.
func BenchmarkAcquireDone(b *testing.B) {
	bg := New(Options{})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		t, err := bg.Acquire(ctx, Lead)
		if err != nil {
			b.Fatal(err)
		}
		t.Done()
	}
}

// BenchmarkAcquireDoneParallel is the same from many goroutines at once,
// within the limit, as a batch and its names use it.
func BenchmarkAcquireDoneParallel(b *testing.B) {
	bg := New(Options{Limit: 64})
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t, err := bg.Acquire(ctx, Name)
			if err != nil {
				b.Fatal(err)
			}
			t.Done()
		}
	})
}
