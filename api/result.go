package api

import "time"

// Result is one completed exchange with the endpoint: the decoded lead and
// everything the raw view needs to show what was asked and what came back.
// It never holds the Authorization header.
type Result struct {
	Lead *IncomingLead
	// Body is the response body as received (after transfer decoding such
	// as gzip) with the password, user:password and its Basic form replaced
	// by ••••: what every display, file, clipboard and history reads. Lead
	// is redacted the same way.
	Body []byte
	// Exact is the body byte for byte, credentials included when the server
	// echoed them; only `get --raw` into a pipe writes it. Nil when the
	// Result did not come from a server (then Body is all there is).
	Exact []byte
	// SecretEchoed is true when the body held a credential, so Body differs
	// from Exact.
	SecretEchoed bool
	// Format is the representation that was requested and decoded.
	Format Format
	// Enums are the enum names learned from the server that answered
	// (its client's): what tells a State that came as a number from the
	// name learned for it. Nil when the Result did not come from a client.
	Enums *EnumNames

	Method string // "GET"
	// Path is the request path as sent, ids escaped:
	// /CRM/Lead/{customerId}/Incoming/{id}.
	Path        string
	Host        string
	Accept      string
	Status      int
	ContentType string
	Size        int64 // bytes received: len(Exact)
	// Duration runs from the first attempt to the last byte of the body,
	// retries and their waits included.
	Duration time.Duration
	// Attempts is 1 plus the number of retries.
	Attempts int
	// RetriedFor is the HTTP status of the last attempt that was retried
	// (503, 429 …), 0 when it got no answer (a connection error) or none
	// was retried.
	RetriedFor int
}

// ExactBody is the body exactly as received: Exact, or Body when the Result
// has no separate exact copy.
func (r *Result) ExactBody() []byte {
	if r.Exact != nil {
		return r.Exact
	}
	return r.Body
}
