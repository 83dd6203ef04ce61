package history

import (
	"errors"
	"strings"

	"leadinspector/api/base/i18n"
)

// Problem is a problem with the history worth telling the user, as a
// message the inspector puts into the user's language (Words); Error is its
// English wording, for logs and tests. Err is its cause, whose text (the
// operating system's) is quoted as it is.
type Problem struct {
	Msg i18n.Message
	Err error
}

func (p *Problem) Error() string { return i18n.New(i18n.English).Say(p.Msg) }
func (p *Problem) Unwrap() error { return p.Err }

// problem is a Problem: msg says it, cause (nil for none) is why.
func problem(cause error, msg i18n.Message) *Problem { return &Problem{Msg: msg, Err: cause} }

// quoted is a cause as a message's placeholder: a Problem as its message
// (worded in the same language), anything else as its own text.
func quoted(err error) any {
	if p, ok := err.(*Problem); ok {
		return p.Msg
	}
	return err.Error()
}

// Words is err, a history problem, in l's language: Problems in words,
// joined ones each in turn, anything else as its own text.
func Words(l *i18n.Localizer, err error) string {
	if err == nil {
		return ""
	}
	if p, ok := err.(*Problem); ok {
		return l.Say(p.Msg)
	}
	var p *Problem
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		parts := make([]string, 0, len(j.Unwrap()))
		for _, e := range j.Unwrap() {
			parts = append(parts, Words(l, e))
		}
		return strings.Join(parts, "; ")
	}
	if errors.As(err, &p) && err.Error() == p.Error() {
		return l.Say(p.Msg)
	}
	return err.Error()
}
