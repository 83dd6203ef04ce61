//go:build !unix

package history

// lock is a no-op where flock is not available: the atomic rename still keeps
// the file whole, but two inspectors writing at the same moment may lose one
// of their latest changes.
func lock(string) (unlock func(), err error) { return func() {}, nil }
