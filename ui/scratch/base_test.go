package scratch

import "testing"

// Where a run's files for the pager and editor go, per platform: on Windows
// in the user's own profile (the state directory), never in a TEMP that may
// be shared; elsewhere in a per-user 0700 directory of the temporary one.
func TestBasePerPlatform(t *testing.T) {
	state, tmp := `C:\Users\Anna\AppData\Local\leadinspector`, `C:\Temp`
	if got := Base("windows", state, tmp); got != state {
		t.Errorf("windows: %q, want the state directory %q", got, state)
	}
	if got := Base("windows", "", tmp); got != tmp {
		t.Errorf("windows without a state directory: %q, want %q", got, tmp)
	}
	for _, goos := range []string{"linux", "darwin"} {
		if got := Base(goos, "/home/anna/.local/state/leadinspector", "/tmp"); got != "/tmp" {
			t.Errorf("%s: %q, want /tmp", goos, got)
		}
	}
	if got := parentName("windows", -1); got != "scratch" {
		t.Errorf("windows parent %q", got)
	}
	if got := parentName("linux", 1000); got != "leadinspector-1000" {
		t.Errorf("linux parent %q", got)
	}
}
