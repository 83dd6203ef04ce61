//go:build !unix

package history

import "testing"

// asUnprivileged runs the test here: there is no root to step down from.
func asUnprivileged(t *testing.T) bool { return false }
