package api

import "time"

// Result is one completed exchange with the endpoint: the decoded lead and
// everything the raw view needs to show what was asked and what came back.
// It never holds the Authorization header.
type Result struct {
	Lead *IncomingLead
	// Body is the response body exactly as received (after transfer
	// decoding such as gzip).
	Body []byte
	// Format is the representation that was requested and decoded.
	Format Format

	Method string // "GET"
	// Path is the request path as sent, ids escaped:
	// /CRM/Lead/{customerId}/Incoming/{id}.
	Path        string
	Host        string
	Accept      string
	Status      int
	ContentType string
	Size        int64 // len(Body)
	// Duration runs from the first attempt to the last byte of the body,
	// retries and their waits included.
	Duration time.Duration
	// Attempts is 1 plus the number of retries.
	Attempts int
}
