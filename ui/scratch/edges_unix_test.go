//go:build unix

package scratch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Any bit for group or others on the parent is taken away, not only the
// ones a world-writable directory has.
func TestOpenTightensEveryLooseBit(t *testing.T) {
	for _, mode := range []os.FileMode{0o750, 0o710, 0o705, 0o701, 0o770} {
		t.Run(fmt.Sprintf("%04o", mode), func(t *testing.T) {
			base := t.TempDir()
			parent := filepath.Join(base, fmt.Sprintf("leadinspector-%d", os.Getuid()))
			if err := os.Mkdir(parent, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(parent, mode); err != nil {
				t.Fatal(err)
			}
			d, err := Open(base)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Remove()
			if fi, _ := os.Stat(parent); fi.Mode().Perm() != 0o700 {
				t.Errorf("parent left at %04o, want 0700", fi.Mode().Perm())
			}
		})
	}
}

// A parent directory another user made (planted in a shared /tmp under
// this user's name) is refused: its owner could read every body put
// there. Making a directory another user owns takes root; CI runs as root.
func TestOpenRefusesAParentOwnedByAnother(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a directory owned by another user takes root (CI runs as root)")
	}
	base := t.TempDir()
	parent := filepath.Join(base, fmt.Sprintf("leadinspector-%d", os.Getuid()))
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(parent, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	d, err := Open(base)
	if err == nil {
		d.Remove()
		t.Fatal("a parent owned by uid 65534 was used")
	}
	if !strings.Contains(err.Error(), "owned by uid 65534") {
		t.Errorf("the refusal %q does not say who owns it", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("created %d entries in the planted directory", len(entries))
	}
}
