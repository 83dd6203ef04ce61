package api

import "testing"

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 100: "100 B", 1023: "1023 B", 1024: "1 KiB", 1229: "1.2 KiB", 1536: "1.5 KiB", 2048: "2 KiB",
		1<<20 - 1: "1 MiB", 1536 << 10: "1.5 MiB", 10 << 20: "10 MiB", 16 << 20: "16 MiB", 1024 << 20: "1024 MiB",
	} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
