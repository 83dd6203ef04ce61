package config

import (
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
)

// Limits of the values a file may set.
const (
	DefaultHistoryLimit  = 1000
	MaxHistoryLimit      = 100_000
	DefaultWatchInterval = 30 * time.Second
	MinWatchInterval     = 5 * time.Second
	MaxWatchInterval     = 24 * time.Hour
	DefaultParallel      = 4
	MaxParallel          = 16
	DefaultMaxBodyMiB    = 16
	MaxMaxBodyMiB        = 1024
	MaxTimeout           = 10 * time.Minute
)

// File is a parsed config file, before flags and environment are applied.
// Fields hold only what the file set; Has tells which keys were present.
type File struct {
	Path string
	// Profile is the top-level `profile`: the profile used when none is named.
	Profile  string
	Profiles map[string]*FileProfile
	UI       FileUI
	Serve    ServeSettings // the [serve] table (serve.go)
	// set holds the dotted keys the file defined (e.g. "profiles.prod.timeout").
	set map[string]bool
	// data is the file's text, kept to find lines for later errors.
	data []byte
	// mode is the file's permission bits, when it was read from disk.
	mode fs.FileMode
}

// FileProfile is one [profiles.NAME] table.
type FileProfile struct {
	Name            string
	BaseURL         string
	Username        string
	PasswordCommand string
	PasswordEnv     string
	Password        string
	CustomerID      string
	Format          api.Format
	Timeout         time.Duration
	CAFile          string
	MaxBodyMiB      int
	// Website… are the credentials of the website function group
	// (Advertising/… name calls); see website.go.
	WebsiteUsername        string
	WebsitePasswordCommand string
	WebsitePasswordEnv     string
	WebsitePassword        string
}

// FileUI is the [ui] table.
type FileUI struct {
	HistoryLimit  int
	StateColors   map[string]string
	WatchInterval time.Duration
	Parallel      int
	Privacy       bool
	// Language is "" when the file does not set it.
	Language i18n.Lang
}

// Has reports whether the file set the dotted key, e.g. "ui.parallel" or
// "profiles.prod.base_url".
func (f *File) Has(key string) bool { return f != nil && f.set[key] }

// Error is a problem with the configuration. Path and Line locate it in a
// file when it came from one (Line 0: no line known); Key is the dotted key.
// Says is the problem as a message, worded in the user's language by
// Localize; Msg is used instead when Says is zero (the TOML parser's own
// words, which no catalogue holds).
type Error struct {
	Path string
	Line int
	Key  string
	Msg  string
	Says i18n.Message
}

// Error is the problem in English.
func (e *Error) Error() string { return e.Localize(nil) }

// Localize words the problem in l's language (nil: English), after the
// file:line and key it is at.
func (e *Error) Localize(l *i18n.Localizer) string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	switch {
	case e.Says.IsZero():
		b.WriteString(e.Msg)
	case l == nil:
		b.WriteString(i18n.InEnglish(e.Says))
	default:
		b.WriteString(l.Say(e.Says))
	}
	// Keys and values come from a file a stranger may have written.
	return sanitize.Line(b.String())
}

var _ i18n.Localized = (*Error)(nil)

// The raw shape the TOML is decoded into. Every leaf is a type of ours that
// implements toml.Unmarshaler, so a wrong type or a bad value comes back from
// the decoder as a toml.ParseError carrying the key and its line.
type rawFile struct {
	Profile  tString                `toml:"profile"`
	Profiles map[string]*rawProfile `toml:"profiles"`
	UI       *rawUI                 `toml:"ui"`
	Serve    *rawServe              `toml:"serve"`
}

type rawProfile struct {
	BaseURL         tBaseURL   `toml:"base_url"`
	Username        tString    `toml:"username"`
	PasswordCommand tString    `toml:"password_command"`
	PasswordEnv     tEnvName   `toml:"password_env"`
	Password        tSecret    `toml:"password"`
	CustomerID      tString    `toml:"customer_id"`
	Format          tFormat    `toml:"format"`
	Timeout         tTimeout   `toml:"timeout"`
	CAFile          tString    `toml:"ca_file"`
	MaxBodyMiB      tBodyLimit `toml:"max_body_mib"`

	WebsiteUsername        tString  `toml:"website_username"`
	WebsitePasswordCommand tString  `toml:"website_password_command"`
	WebsitePasswordEnv     tEnvName `toml:"website_password_env"`
	WebsitePassword        tSecret  `toml:"website_password"`
}

type rawUI struct {
	HistoryLimit  tHistoryLimit     `toml:"history_limit"`
	StateColors   map[string]tColor `toml:"state_colors"`
	WatchInterval tWatch            `toml:"watch_interval"`
	Parallel      tParallel         `toml:"parallel"`
	Privacy       tBool             `toml:"privacy"`
	Language      tLang             `toml:"language"`
}

// Keys is every key a file may hold, NAME standing for a profile name and
// STATE for a State value. The starter file explains each one.
var Keys = []string{
	"profile",
	"profiles.NAME.base_url",
	"profiles.NAME.username",
	"profiles.NAME.password_command",
	"profiles.NAME.password_env",
	"profiles.NAME.password",
	"profiles.NAME.customer_id",
	"profiles.NAME.format",
	"profiles.NAME.timeout",
	"profiles.NAME.ca_file",
	"profiles.NAME.max_body_mib",
	"ui.history_limit",
	"ui.state_colors.STATE",
	"ui.watch_interval",
	"ui.parallel",
	"ui.privacy",
	"ui.language",
	"serve.ssh_addr",
	"serve.authorized_keys",
	"serve.database",
	"serve.retention",
	"serve.max_sessions",
	"serve.idle_timeout",
	"serve.people.NAME.language",
	"serve.notify_addr",
	"serve.notify_token_command",
	"serve.notify_token_env",
	"serve.tls_cert",
	"serve.tls_key",
	"serve.stuck_after",
}

// Parse reads a config file's text. path is used in error messages only.
func Parse(path string, data []byte) (*File, error) {
	// A first pass with no schema tells syntax errors from bad values: only
	// the former may quote the text around them.
	var generic map[string]any
	if _, err := toml.Decode(string(data), &generic); err != nil {
		return nil, syntaxError(path, data, err)
	}
	var raw rawFile
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return nil, valueErr(path, data, err)
	}
	// Names with control or invisible characters would show one way and
	// match another (a profile "prod\a" is not "prod"): refused up front.
	for _, k := range md.Keys() {
		for _, part := range k {
			if r, bad := nonPrintable(part); bad {
				shown := make([]string, len(k))
				for i, p := range k {
					shown[i] = quoteKey(p) // %q: invisible characters as escapes
				}
				return nil, &Error{Path: path, Line: keyLine(data, k), Key: strings.Join(shown, "."),
					Says: i18n.M("config.err.key_control", "Char", fmt.Sprintf("%U", r))}
			}
		}
	}
	if r, bad := nonPrintable(string(raw.Profile)); bad {
		return nil, &Error{Path: path, Line: keyLine(data, toml.Key{"profile"}), Key: "profile",
			Says: i18n.M("config.err.profile_control", "Char", fmt.Sprintf("%U", r))}
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		msg := i18n.M("config.err.unknown_key")
		if hint := suggest(k); hint != "" {
			msg = i18n.M("config.err.unknown_key_hint", "Key", hint)
		}
		if len(und) > 1 {
			msg = i18n.MN("config.err.more_unknown", countTopmost(und[1:], k), "Text", msg)
		}
		return nil, &Error{Path: path, Line: keyLine(data, k), Key: k.String(), Says: msg}
	}
	f := &File{
		Path:     path,
		Profile:  string(raw.Profile),
		Profiles: map[string]*FileProfile{},
		set:      map[string]bool{},
		data:     data,
	}
	for _, k := range md.Keys() {
		f.set[k.String()] = true
	}
	for name, rp := range raw.Profiles {
		if rp == nil {
			rp = &rawProfile{}
		}
		f.Profiles[name] = &FileProfile{
			Name:            name,
			BaseURL:         string(rp.BaseURL),
			Username:        string(rp.Username),
			PasswordCommand: string(rp.PasswordCommand),
			PasswordEnv:     string(rp.PasswordEnv),
			Password:        string(rp.Password),
			CustomerID:      string(rp.CustomerID),
			Format:          api.Format(rp.Format),
			Timeout:         time.Duration(rp.Timeout),
			CAFile:          string(rp.CAFile),
			MaxBodyMiB:      int(rp.MaxBodyMiB),

			WebsiteUsername:        string(rp.WebsiteUsername),
			WebsitePasswordCommand: string(rp.WebsitePasswordCommand),
			WebsitePasswordEnv:     string(rp.WebsitePasswordEnv),
			WebsitePassword:        string(rp.WebsitePassword),
		}
	}
	if raw.UI != nil {
		f.UI = FileUI{
			HistoryLimit:  int(raw.UI.HistoryLimit),
			WatchInterval: time.Duration(raw.UI.WatchInterval),
			Parallel:      int(raw.UI.Parallel),
			Privacy:       bool(raw.UI.Privacy),
			Language:      i18n.Lang(raw.UI.Language),
		}
		if len(raw.UI.StateColors) > 0 {
			f.UI.StateColors = make(map[string]string, len(raw.UI.StateColors))
			for k, v := range raw.UI.StateColors {
				f.UI.StateColors[k] = string(v)
			}
		}
	}
	if raw.Serve != nil {
		f.Serve = raw.Serve.file()
	}
	if f.Profile != "" && f.Profiles[f.Profile] == nil {
		return nil, &Error{Path: path, Line: keyLine(data, toml.Key{"profile"}), Key: "profile",
			Says: i18n.M("config.err.names_undefined", "Name", strconv.Quote(f.Profile), "Profiles", profileList(f))}
	}
	return f, nil
}

// nonPrintable finds the first rune of s a terminal would not show as
// itself: control characters, format characters such as U+200D or U+202E,
// spaces other than " ", and invalid UTF-8.
func nonPrintable(s string) (rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return r, true
			}
		}
		if !unicode.IsPrint(r) {
			return r, true
		}
	}
	return 0, false
}

// checkProfileName refuses a profile name that holds a character
// nonPrintable finds; from says where the name came from.
func checkProfileName(name, from string) error {
	if r, bad := nonPrintable(name); bad {
		return &Error{Key: from, Says: i18n.M("config.err.profile_name_control", "Name", strconv.Quote(name), "Char", fmt.Sprintf("%U", r))}
	}
	return nil
}

// errorAt makes a positioned error for a key of this file.
func (f *File) errorAt(msg i18n.Message, key ...string) error {
	return &Error{Path: f.Path, Line: keyLine(f.data, toml.Key(key)), Key: toml.Key(key).String(), Says: msg}
}

// syntaxError reports a file that is not valid TOML.
func syntaxError(path string, data []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{Path: path, Says: i18n.M("config.err.syntax", "Detail", err.Error())}
	}
	// The parser's own words stay as they are: no catalogue holds them.
	msg := i18n.M("config.err.syntax", "Detail", pe.Message)
	// The TOML parser quotes the text it choked on; on a password line that
	// text may be the password, so say only where the problem is.
	if line := lineText(data, clampLine(data, pe.Position.Line)); strings.Contains(strings.ToLower(line), "password") ||
		strings.Contains(strings.ToLower(pe.LastKey), "password") {
		msg = i18n.M("config.err.syntax_hidden")
	}
	return &Error{Path: path, Line: clampLine(data, pe.Position.Line), Says: msg}
}

// clampLine keeps a line number inside the file: at the end of the input the
// parser counts the line after the last newline.
func clampLine(data []byte, n int) int {
	lines := strings.Count(string(data), "\n")
	if len(data) > 0 && data[len(data)-1] != '\n' {
		lines++
	}
	return max(min(n, lines), 0)
}

// lastKeyRE finds the key in the decoder's plain errors (type mismatches of
// tables), which carry it only in their text.
var lastKeyRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\(last key "((?:[^"\\]|\\.)*)"\)`)
})

// valueErr reports valid TOML that does not fit the schema.
func valueErr(path string, data []byte, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// Our own Unmarshalers failed: their valueError says it in words.
		e := &Error{Path: path, Line: pe.Position.Line, Key: pe.LastKey, Msg: pe.Message}
		if ve := refusal(data, splitKey(pe.LastKey)); ve != nil {
			e.Says = ve.msg
		}
		return e
	}
	// Everything else in this schema is a value where a table belongs.
	e := &Error{Path: path, Says: i18n.M("config.err.not_table")}
	if m := lastKeyRE().FindStringSubmatch(err.Error()); m != nil {
		if k, uerr := strconv.Unquote(`"` + m[1] + `"`); uerr == nil {
			e.Key = k
			e.Line = keyLine(data, splitKey(k))
		}
	}
	return e
}

// refusal is the valueError the unmarshaler of key gives for its value in
// data, or nil. The decoder keeps only the text of an Unmarshaler's error
// (toml.ParseError does not unwrap), so the refusal is had again, as a
// message, by giving the value to a fresh leaf of the type rawFile holds at
// key.
func refusal(data []byte, key toml.Key) *valueError {
	var v any
	if _, err := toml.Decode(string(data), &v); err != nil {
		return nil
	}
	t := reflect.TypeFor[rawFile]()
	for _, part := range key {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if v, ok = m[part]; !ok {
			return nil
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			f, found := fieldByTag(t, part)
			if !found {
				return nil
			}
			t = f.Type
		default:
			return nil
		}
	}
	u, ok := reflect.New(t).Interface().(toml.Unmarshaler)
	if !ok {
		return nil
	}
	var ve *valueError
	if errors.As(u.UnmarshalTOML(v), &ve) {
		return ve
	}
	return nil
}

// fieldByTag finds the field of struct t whose toml tag is name.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if strings.Split(f.Tag.Get("toml"), ",")[0] == name {
			return f, true
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			if g, ok := fieldByTag(f.Type, name); ok {
				return g, true
			}
		}
	}
	return reflect.StructField{}, false
}

// splitKey splits a dotted key as toml.Key.String writes it.
func splitKey(s string) toml.Key {
	var k toml.Key
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\\' && quoted && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '.' && !quoted:
			k = append(k, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(k, cur.String())
}

func lineText(data []byte, n int) string {
	if n < 1 {
		return ""
	}
	for i, l := range strings.Split(string(data), "\n") {
		if i == n-1 {
			return l
		}
	}
	return ""
}

// errProbe is what probe returns, to make the decoder report a key's position.
var errProbe = errors.New("probe")

type probe struct{}

func (probe) UnmarshalTOML(any) error { return errProbe }

// keyLine finds the line that defines key, using the TOML parser's own
// positions: the decoder reports a key's line when decoding its value fails,
// so walk down to the key through toml.Primitive values and fail on purpose.
// It returns 0 when the line cannot be found.
func keyLine(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	var top map[string]toml.Primitive
	md, err := toml.Decode(string(data), &top)
	if err != nil {
		return 0
	}
	prim, ok := top[key[0]]
	for _, k := range key[1:] {
		if !ok {
			return 0
		}
		var m map[string]toml.Primitive
		if md.PrimitiveDecode(prim, &m) != nil {
			return 0
		}
		prim, ok = m[k]
	}
	if !ok {
		return 0
	}
	var pe toml.ParseError
	if errors.As(md.PrimitiveDecode(prim, probe{}), &pe) {
		return pe.Position.Line
	}
	return 0
}

// countTopmost counts the keys in rest that are not inside first (an unknown
// table's own keys are not news).
func countTopmost(rest []toml.Key, first toml.Key) int {
	n := 0
	prefix := first.String() + "."
	for _, k := range rest {
		if !strings.HasPrefix(k.String(), prefix) {
			n++
		}
	}
	return n
}

// suggest proposes the known key a misspelt one was probably meant to be.
func suggest(k toml.Key) string {
	last := strings.ToLower(k[len(k)-1])
	var candidates []string
	switch {
	case len(k) == 1:
		candidates = []string{"profile", "profiles", "ui"}
	case len(k) == 2 && k[0] == "ui":
		candidates = []string{"history_limit", "state_colors", "watch_interval", "parallel", "privacy", "language"}
	case len(k) == 3 && k[0] == "profiles":
		candidates = []string{"base_url", "username", "password_command", "password_env", "password",
			"customer_id", "format", "timeout", "ca_file", "max_body_mib",
			"website_username", "website_password_command", "website_password_env", "website_password"}
	}
	norm := func(s string) string { return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(s)) }
	for _, c := range candidates {
		if norm(c) == norm(last) || editDistance(norm(c), norm(last)) <= 2 {
			return strings.Join(append(append([]string{}, k[:len(k)-1]...), c), ".")
		}
	}
	return ""
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func profileList(f *File) i18n.Message {
	names := f.ProfileNames()
	if len(names) == 0 {
		return i18n.M("config.err.no_profile_tables")
	}
	return i18n.M("config.err.profile_list", "List", strings.Join(names, ", "))
}

// valueError is a bad value; the decoder wraps it in a ParseError that
// carries the key and line (and the English, as Message).
type valueError struct{ msg i18n.Message }

func (e *valueError) Error() string { return i18n.InEnglish(e.msg) }

// bad is a valueError worded by m.
func bad(m i18n.Message) error { return &valueError{m} }

// badErr is a valueError worded by err (which may word itself).
func badErr(err error) error { return &valueError{i18n.FromError(err)} }

func typeName(v any) i18n.Message {
	switch v.(type) {
	case string:
		return i18n.M("config.err.type.string")
	case int64:
		return i18n.M("config.err.type.number")
	case float64:
		return i18n.M("config.err.type.decimal")
	case bool:
		return i18n.M("config.err.type.bool")
	case map[string]any:
		return i18n.M("config.err.type.table")
	case []any, []map[string]any:
		return i18n.M("config.err.type.array")
	}
	return i18n.M("config.err.type.time")
}

func asString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", bad(i18n.M("config.err.must_string", "Type", typeName(v)))
	}
	return s, nil
}

func asInt(v any, lo, hi int64) (int, error) {
	n, ok := v.(int64)
	if !ok {
		return 0, bad(i18n.M("config.err.must_int", "Lo", lo, "Hi", hi, "Type", typeName(v)))
	}
	if n < lo || n > hi {
		return 0, bad(i18n.M("config.err.int_range", "N", n, "Lo", lo, "Hi", hi))
	}
	return int(n), nil
}

func asDuration(v any, lo, hi time.Duration) (time.Duration, error) {
	s, ok := v.(string)
	if !ok {
		return 0, bad(i18n.M("config.err.must_duration", "Type", typeName(v)))
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, err // a valueError already
	}
	if d < lo || d > hi {
		return 0, bad(i18n.M("config.err.duration_range", "D", d.String(), "Lo", fmtDuration(lo), "Hi", fmtDuration(hi)))
	}
	return d, nil
}

// ParseDuration reads a Go duration such as "15s", "1m30s" or "500ms".
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, bad(i18n.M("config.err.not_duration", "Value", strconv.Quote(s)))
	}
	return d, nil
}

func fmtDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	if s == "" {
		return "0s"
	}
	return s
}

type (
	tString       string
	tSecret       string
	tEnvName      string
	tBaseURL      string
	tFormat       string
	tTimeout      time.Duration
	tWatch        time.Duration
	tBodyLimit    int
	tHistoryLimit int
	tParallel     int
	tBool         bool
	tColor        string
)

func (t *tString) UnmarshalTOML(v any) error {
	s, err := asString(v)
	*t = tString(s)
	return err
}

func (t *tSecret) UnmarshalTOML(v any) error {
	s, ok := v.(string)
	if !ok {
		// Never echo the value: it is meant to be a password.
		return bad(i18n.M("config.err.must_quote"))
	}
	*t = tSecret(s)
	return nil
}

func (t *tEnvName) UnmarshalTOML(v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	if s == "" || strings.ContainsAny(s, "= \t\n\x00") {
		return bad(i18n.M("config.err.not_env_name", "Value", strconv.Quote(s)))
	}
	*t = tEnvName(s)
	return nil
}

func (t *tBaseURL) UnmarshalTOML(v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	u, err := api.CheckBaseURL(s)
	if err != nil {
		return badErr(err)
	}
	*t = tBaseURL(u.String())
	return nil
}

func (t *tFormat) UnmarshalTOML(v any) error {
	s, err := asString(v)
	if err != nil {
		return err
	}
	f, err := api.ParseFormat(s)
	if err != nil {
		return bad(i18n.M("config.err.bad_format", "Value", strconv.Quote(s)))
	}
	*t = tFormat(f)
	return nil
}

func (t *tTimeout) UnmarshalTOML(v any) error {
	d, err := asDuration(v, time.Millisecond, MaxTimeout)
	*t = tTimeout(d)
	return err
}

func (t *tWatch) UnmarshalTOML(v any) error {
	d, err := asDuration(v, MinWatchInterval, MaxWatchInterval)
	*t = tWatch(d)
	return err
}

func (t *tBodyLimit) UnmarshalTOML(v any) error {
	n, err := asInt(v, 1, MaxMaxBodyMiB)
	*t = tBodyLimit(n)
	return err
}

func (t *tHistoryLimit) UnmarshalTOML(v any) error {
	n, err := asInt(v, 0, MaxHistoryLimit)
	*t = tHistoryLimit(n)
	return err
}

func (t *tParallel) UnmarshalTOML(v any) error {
	n, err := asInt(v, 1, MaxParallel)
	*t = tParallel(n)
	return err
}

func (t *tBool) UnmarshalTOML(v any) error {
	b, ok := v.(bool)
	if !ok {
		return bad(i18n.M("config.err.must_bool", "Type", typeName(v)))
	}
	*t = tBool(b)
	return nil
}

func (t *tColor) UnmarshalTOML(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return bad(i18n.M("config.err.must_color", "Type", typeName(v)))
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && (n < 0 || n > 255) {
		return bad(i18n.M("config.err.ansi_range", "N", n))
	}
	if !ValidColor(s) {
		return bad(i18n.M("config.err.not_color", "Value", strconv.Quote(s)))
	}
	*t = tColor(s)
	return nil
}
