package budget

import (
	"crypto/sha256"
	"strings"
	"sync"
	"weak"
)

// Key names a budget: a server (host and port, as the base URL has them)
// and a credential set. Account is a digest of the credentials, never the
// credentials themselves: see KeyFor.
type Key struct {
	Host    string
	Account [sha256.Size]byte
}

// KeyFor is the key of host with these credentials. Two clients of the
// same server and user share a budget, whichever program part built them;
// other credentials (the website functions' own) have their own.
func KeyFor(host, username, password string) Key {
	return Key{Host: strings.ToLower(host), Account: sha256.Sum256([]byte(username + "\x00" + password))}
}

// Registry hands out one Budget per Key. Budgets nobody holds any more are
// forgotten (and built afresh when asked for again). Safe for concurrent
// use.
type Registry struct {
	// Options are those of every budget the registry builds.
	Options Options

	mu sync.Mutex
	m  map[Key]weak.Pointer[Budget]
}

// Shared is the process-wide registry: clients built with the same server
// and credentials share a budget through it unless told otherwise.
var Shared = &Registry{}

// SetLimit sets the limit of the budgets built from now on (the program
// sets it from its configuration before building clients).
func (r *Registry) SetLimit(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Options.Limit = n
}

// For returns the budget of k, building it on first use.
func (r *Registry) For(k Key) *Budget {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b := r.m[k].Value(); b != nil {
		return b
	}
	if r.m == nil {
		r.m = map[Key]weak.Pointer[Budget]{}
	}
	// Entries of budgets the collector took are swept as new ones come.
	for k2, p := range r.m {
		if p.Value() == nil {
			delete(r.m, k2)
		}
	}
	b := New(r.Options)
	r.m[k] = weak.Make(b)
	return b
}
