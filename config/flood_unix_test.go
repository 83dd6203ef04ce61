//go:build unix

package config

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A password_command that floods stdout (10 MB, no newline) is ended as
// soon as it passes the 64 KiB cap, with a clear error, not after the time
// limit.
func TestPasswordCommandFloodIsEndedAtTheCap(t *testing.T) {
	p := writeConfig(t, "[profiles.p]\nusername = \"u\"\npassword_command = \"head -c 10000000 /dev/zero | tr '\\\\0' x; sleep 300\"\n", 0o600)
	s, err := Load(Input{Flags: Flags{Config: p}, Getenv: envMap(map[string]string{"HOME": t.TempDir()}), CommandTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Password(context.Background())
	if err == nil || !strings.Contains(err.Error(), "printed more than 64 KiB without a newline: that is no password; it was ended") {
		t.Errorf("err = %v", err)
	}
}
