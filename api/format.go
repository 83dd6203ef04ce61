package api

import (
	"fmt"
	"strings"
)

// Format is one of the endpoint's two representations.
type Format string

// The two formats Express Connect offers.
const (
	JSON Format = "json"
	XML  Format = "xml"
)

// ParseFormat reads "json" or "xml" (any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "json":
		return JSON, nil
	case "xml":
		return XML, nil
	}
	return "", fmt.Errorf("unknown format %q: use json or xml", s)
}

// Accept is the Accept header value that requests f.
func (f Format) Accept() string {
	if f == XML {
		return "application/xml"
	}
	return "application/json"
}

// Other is the other representation.
func (f Format) Other() Format {
	if f == XML {
		return JSON
	}
	return XML
}

// Label is the format's name for display: "JSON" or "XML".
func (f Format) Label() string { return strings.ToUpper(string(f)) }
