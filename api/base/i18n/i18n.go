// Package i18n puts leadinspector's user-facing texts into words, in Swedish
// or English, from the message catalogues catalog/en.toml and catalog/sv.toml.
//
// A text is a message id plus named arguments; the catalogue holds its
// wording per language, as a Go template of text and placeholders
// ({{.Name}}), with CLDR plural forms ("one", "other") where a count decides
// the wording. A message a catalogue lacks is worded in English.
//
// The catalogues are compiled into Go tables at build time (catalog_gen.go,
// written by `go generate ./api/base/i18n/...` through internal/catgen): the
// program parses no TOML and no template when it starts. go-i18n
// (github.com/nicksnyder/go-i18n/v2) reads the catalogues and its CLDR plural
// rules are checked against the compiled one/other rule there, at build
// time; the tests check the generated file is current.
//
// There is no package-level state: New makes a Localizer, and callers pass
// it to whatever prints.
package i18n

//go:generate go run gen.go

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Lang is a language the program speaks.
type Lang string

// The languages. Pseudo is English with every message wrapped in markers
// (MarkOpen … MarkClose): rendered with it, any text outside the markers that
// is not data was never put through a catalogue.
const (
	English Lang = "en"
	Swedish Lang = "sv"
	Pseudo  Lang = "pseudo"
)

// The markers Pseudo wraps each message in.
const (
	MarkOpen  = "⟦"
	MarkClose = "⟧"
)

// ParseLang reads a language as a user writes it: "sv" or "en", in any case,
// also as a locale ("sv-SE", "sv_SE.UTF-8", "en_GB"). "pseudo" selects the
// test language (undocumented: for translators hunting untranslated text).
func ParseLang(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == string(Pseudo) {
		return Pseudo, nil
	}
	switch localeLanguage(v) {
	case "sv":
		return Swedish, nil
	case "en":
		return English, nil
	}
	return "", fmt.Errorf("%q is not a language: use sv or en", s)
}

// FromLocale reads a POSIX locale value such as "sv_SE.UTF-8", "sv", "C" or
// "de_DE": Swedish for Swedish locales, English for every other.
func FromLocale(v string) Lang {
	if localeLanguage(strings.ToLower(v)) == "sv" {
		return Swedish
	}
	return English
}

// localeLanguage is the language part of a locale or BCP 47 tag:
// "sv_se.utf-8@euro" → "sv".
func localeLanguage(v string) string {
	if i := strings.IndexAny(v, "_-.@"); i >= 0 {
		v = v[:i]
	}
	return v
}

// Localizer words messages in one language. It is safe for concurrent use.
type Localizer struct {
	lang Lang
	// table is lang's messages; fallback English's, for a message the
	// language lacks.
	table, fallback *[len(messageIDs)]message
}

// message is a compiled catalogue entry: other always (nil when the
// language lacks the message), one for a message a count decides.
type message struct{ one, other []part }

// part is literal text, or the placeholder arg when arg is set.
type part struct{ text, arg string }

// New makes a Localizer for lang; an unknown lang gives English. It costs
// nothing: the catalogues are compiled in.
func New(lang Lang) *Localizer {
	if lang != Swedish && lang != Pseudo {
		lang = English
	}
	tag := English
	if lang == Swedish {
		tag = Swedish
	}
	return &Localizer{lang: lang, table: tables[tag], fallback: tables[English]}
}

// Lang is the language l speaks.
func (l *Localizer) Lang() Lang { return l.lang }

// T is message id in l's language. args are name/value pairs for the
// template's placeholders, as in log/slog: T("config.wrote", "Path", p).
func (l *Localizer) T(id string, args ...any) string {
	return l.localize(id, nil, args)
}

// N is message id with the plural form count calls for; count is also the
// placeholder {{.Count}}.
func (l *Localizer) N(id string, count int, args ...any) string {
	return l.localize(id, &count, args)
}

// Message is a text not yet put into words: errors made before the language
// is known carry one, and the printer words it with Say.
type Message struct {
	ID    string
	Count *int
	Args  []any
	// err, when set, is the message instead of ID (see FromError).
	err error
}

// FromError is a Message that words err as Localizer.Error does: for a
// text that is an error of another package, which may word itself.
func FromError(err error) Message { return Message{err: err} }

// M is a Message; args as for T.
func M(id string, args ...any) Message { return Message{ID: id, Args: args} }

// MN is a Message with a plural count; args as for N.
func MN(id string, count int, args ...any) Message {
	return Message{ID: id, Count: &count, Args: args}
}

// IsZero reports whether m holds no message.
func (m Message) IsZero() bool { return m.ID == "" && m.err == nil }

// Say words m in l's language.
func (l *Localizer) Say(m Message) string {
	if m.err != nil {
		return l.Error(m.err)
	}
	return l.localize(m.ID, m.Count, m.Args)
}

func (l *Localizer) localize(id string, count *int, args []any) string {
	s, ok := l.word(id, count, args)
	if !ok {
		// Unknown id or a placeholder the call did not supply (the tests
		// keep both from shipping): show the id, so the gap is visible
		// rather than a blank or a "<no value>".
		s = id
	}
	if l.lang == Pseudo {
		return MarkOpen + s + MarkClose
	}
	return s
}

func (l *Localizer) word(id string, count *int, args []any) (string, bool) {
	i, ok := lookup(id)
	if !ok {
		return "", false
	}
	m := l.table[i]
	if m.other == nil {
		m = l.fallback[i]
	}
	form := m.other
	// CLDR's rule for en and sv: "one" when i = 1 and v = 0, which for an
	// integer is 1 or -1 (catgen checks it against go-i18n's rules).
	if count != nil && (*count == 1 || *count == -1) && m.one != nil {
		form = m.one
	}
	if form == nil {
		return "", false
	}
	if len(form) == 1 && form[0].arg == "" {
		return form[0].text, true
	}
	var b strings.Builder
	for _, p := range form {
		if p.arg == "" {
			b.WriteString(p.text)
			continue
		}
		if p.arg == "Count" && count != nil {
			b.WriteString(strconv.Itoa(*count))
			continue
		}
		v, ok := argValue(args, p.arg)
		if !ok {
			return "", false
		}
		b.WriteString(l.format(v))
	}
	return b.String(), true
}

// lookup is the index of id in messageIDs.
func lookup(id string) (int, bool) {
	lo, hi := 0, len(messageIDs)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if messageIDs[h] < id {
			lo = h + 1
		} else {
			hi = h
		}
	}
	return lo, lo < len(messageIDs) && messageIDs[lo] == id
}

// argValue is the value of name among args' name/value pairs (the last
// one, as a map built from them would hold).
func argValue(args []any, name string) (any, bool) {
	var v any
	found := false
	for i := 0; i+1 < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			k = fmt.Sprint(args[i])
		}
		if k == name {
			v, found = args[i+1], true
		}
	}
	return v, found
}

// format prints an argument as text/template's {{.Name}} does: a Message
// is worded, a pointer to a value without a String or Error method is
// followed, the rest as fmt.Sprint.
func (l *Localizer) format(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case Message:
		return l.Say(x)
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	case nil:
		return "<no value>"
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Pointer {
		v = rv.Interface()
	}
	return fmt.Sprint(v)
}

// Localized is an error that can word itself in a language. Its Error() is
// the English wording, which logs, tests and the README quote; Localize is
// what a user reads.
type Localized interface {
	error
	Localize(l *Localizer) string
}

// Error words err in l's language: the first error in its chain that can
// word itself does (what wraps it adds only English context, which the
// program's own errors do not do), any other error is shown as it is.
func (l *Localizer) Error(err error) string {
	if err == nil {
		return ""
	}
	var x Localized
	if errors.As(err, &x) {
		return x.Localize(l)
	}
	return err.Error()
}

// InEnglish words m in English: for the Error() of errors that carry a
// Message.
func InEnglish(m Message) string { return New(English).Say(m) }
