// Package i18n puts leadinspector's user-facing texts into words, in Swedish
// or English, from message catalogues embedded in the binary
// (catalog/en.toml, catalog/sv.toml).
//
// A text is a message id plus named arguments; the catalogue holds its
// wording per language, as a Go text/template ({{.Name}}), with CLDR plural
// forms ("one", "other") where a count decides the wording. The library
// (github.com/nicksnyder/go-i18n/v2) supplies the plural rules and falls back
// to English for a message a catalogue lacks.
//
// There is no package-level state: New builds a Localizer from the embedded
// catalogues, and callers pass it to whatever prints.
package i18n

import (
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"golang.org/x/text/language"
)

//go:embed catalog/*.toml
var catalogs embed.FS

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
	loc  *goi18n.Localizer
	// parser executes every template: a placeholder the call did not
	// supply is an error (the id shows) rather than a silent "<no value>".
	parser *template.TextParser
}

// New builds a Localizer for lang from the embedded catalogues; an unknown
// lang gives English.
func New(lang Lang) *Localizer {
	if lang != Swedish && lang != Pseudo {
		lang = English
	}
	tag := English
	if lang == Swedish {
		tag = Swedish
	}
	b, err := bundles[tag]()
	if err != nil {
		// The catalogues are compiled in and checked by the tests: a broken
		// one is a build defect, not a user's problem.
		panic(err)
	}
	return &Localizer{lang: lang, loc: goi18n.NewLocalizer(b, string(tag)),
		parser: &template.TextParser{Option: "missingkey=error"}}
}

// bundles are the parsed catalogues, one per language, read once for the
// program: a bundle never changes after loading (go-i18n parses each
// template once, under a sync.Once), so every Localizer of a language can
// share it, and New, which errors' Error methods call, costs no parse.
var bundles = map[Lang]func() (*goi18n.Bundle, error){
	English: sync.OnceValues(func() (*goi18n.Bundle, error) { return newBundle(English) }),
	Swedish: sync.OnceValues(func() (*goi18n.Bundle, error) { return newBundle(Swedish) }),
}

// newBundle reads the English catalogue, the fallback for any message, and
// lang's (only the one needed: parsing is most of New's cost).
func newBundle(lang Lang) (*goi18n.Bundle, error) {
	b := goi18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files := []string{"catalog/en.toml"}
	if lang != English {
		files = append(files, "catalog/"+string(lang)+".toml")
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(catalogs, f); err != nil {
			return nil, fmt.Errorf("message catalogue %s: %w", f, err)
		}
	}
	return b, nil
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
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		k, ok := args[i].(string)
		if !ok {
			k = fmt.Sprint(args[i])
		}
		data[k] = l.arg(args[i+1])
	}
	lc := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data, TemplateParser: l.parser}
	if count != nil {
		data["Count"] = *count
		lc.PluralCount = *count
	}
	s, err := l.loc.Localize(lc)
	if s == "" && err != nil {
		// Unknown id (the tests keep this from shipping): show the id, so
		// the gap is visible rather than a blank.
		s = id
	}
	if l.lang == Pseudo {
		return MarkOpen + s + MarkClose
	}
	return s
}

// arg words an argument that is itself a Message, so a message can quote
// another ("warning: {{.Text}}").
func (l *Localizer) arg(v any) any {
	if m, ok := v.(Message); ok {
		return l.Say(m)
	}
	return v
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
