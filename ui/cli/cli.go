// Package cli is leadinspector's command line: argument parsing, the
// one-shot commands (get, demo, config, version) and the one-line error
// messages and exit codes they end with. main wires it to the process; the
// interactive inspector lives in package ui.
package cli

import (
	"io"
	"strings"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// Exit codes, as the product contract lists them.
const (
	ExitOK          = 0 // success
	ExitInternal    = 1 // a bug or an unexpected failure
	ExitUsage       = 2 // usage or configuration error
	ExitAuth        = 3 // authentication failed (401)
	ExitForbidden   = 4 // no access (403)
	ExitNotFound    = 5 // not found (404)
	ExitRejected    = 6 // rejected request (400)
	ExitHTTP        = 7 // other HTTP error (5xx, unexpected status)
	ExitNetwork     = 8 // network error or timeout
	ExitBadResponse = 9 // response could not be understood
)

// IO is the process as a command sees it. Everything is injected so tests
// can run a command without a terminal or a real environment.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable; nil reads none.
	Getenv func(string) string
	// StdoutTerminal is true when stdout is a terminal; Width is its width
	// in cells (0 when unknown).
	StdoutTerminal bool
	Width          int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Loc is the time zone times are shown in; nil means time.Local.
	Loc *time.Location
	// Localizer words messages in the user's language; nil means English.
	Localizer *i18n.Localizer
}

// l is the localizer to word messages with. Commands call it once: building
// the English one for a nil Localizer reads the catalogues.
func (o IO) l() *i18n.Localizer {
	if o.Localizer == nil {
		return i18n.New(i18n.English)
	}
	return o.Localizer
}

func (o IO) getenv(k string) string {
	if o.Getenv == nil {
		return ""
	}
	return o.Getenv(k)
}

func (o IO) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// Program is the name the program calls itself in messages.
const Program = "leadinspector"

// Errorln writes one error line to w: "leadinspector: <msg>". The message is
// sanitised (it may quote a server or a file) and kept to one line.
func Errorln(w io.Writer, msg string) {
	msg = strings.TrimSpace(sanitize.Line(msg))
	_, _ = io.WriteString(w, Program+": "+msg+"\n")
}
