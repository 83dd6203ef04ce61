package config

import (
	"strconv"

	"leadinspector/api/base/i18n"
)

// EnvLang chooses the language of messages.
const EnvLang = "LEADINSPECTOR_LANG"

// ResolveLanguage works out the language of messages and where it came
// from: --lang, then LEADINSPECTOR_LANG, then ui.language of the file f (nil:
// none), then the locale (the first of LC_ALL, LC_MESSAGES, LANG that is set
// and not empty; sv or sv_* is Swedish, anything else English), else
// English. The program's own settings beat the locale, as flags beat the
// environment and the environment the file for every other setting.
//
// A LEADINSPECTOR_LANG that names no language is an error (a --lang or
// ui.language that does is refused when parsed); the returned language is
// then the one the locale gives, to word the error in.
func ResolveLanguage(flag i18n.Lang, f *File, getenv func(string) string) (i18n.Lang, Source, error) {
	if flag != "" {
		return flag, Source{Kind: FromFlag, Detail: "--lang"}, nil
	}
	if v := getenv(EnvLang); v != "" {
		l, err := i18n.ParseLang(v)
		if err != nil {
			fallback, _ := fromLocale(getenv)
			return fallback, Source{}, &Error{Key: EnvLang, Says: i18n.M("config.err.bad_lang", "Value", strconv.Quote(v))}
		}
		return l, Source{Kind: FromEnv, Detail: EnvLang}, nil
	}
	if f.Has("ui.language") {
		return f.UI.Language, f.source("ui.language"), nil
	}
	l, src := fromLocale(getenv)
	return l, src, nil
}

func fromLocale(getenv func(string) string) (i18n.Lang, Source) {
	// The POSIX variables that name the locale of messages, strongest first.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return i18n.FromLocale(v), Source{Kind: FromEnv, Detail: name + "=" + v}
		}
	}
	return i18n.English, Source{Kind: Default}
}

// Language is the language of messages for in, before or without Load: for
// usage errors and the commands that read no settings. A config file that
// cannot be read or parsed is passed over here (Load reports it where it
// matters).
func Language(in Input) (i18n.Lang, Source, error) {
	getenv := in.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var f *File
	if path, explicit, err := Path(in.Flags.Config, getenv); err == nil {
		f, _ = readFile(path, explicit, in.Flags.Config != "")
	}
	return ResolveLanguage(in.Flags.Lang, f, getenv)
}

type tLang i18n.Lang

func (t *tLang) UnmarshalTOML(v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	l, err := i18n.ParseLang(s)
	if err != nil {
		return bad(i18n.M("config.err.bad_lang", "Value", strconv.Quote(s)))
	}
	*t = tLang(l)
	return nil
}
