package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	// Europe/Stockholm must resolve on machines without a zoneinfo database
	// (Windows, scratch containers).
	_ "time/tzdata"
)

// leadBOM is the byte order mark some .NET writers put before a UTF-8 body.
var leadBOM = []byte{0xEF, 0xBB, 0xBF}

// Decode decodes an IncomingLead in format f.
func Decode(b []byte, f Format) (*IncomingLead, error) {
	switch f {
	case JSON:
		return DecodeJSON(b)
	case XML:
		return DecodeXML(b)
	}
	return nil, fmt.Errorf("unknown format %q", string(f))
}

// DecodeJSON decodes an IncomingLead in the endpoint's JSON style (Json.NET,
// camelCase). Names match case-insensitively, null means absent, unknown
// fields are ignored and a leading UTF-8 byte order mark is skipped. The
// body must be one JSON object; null, arrays and scalars are errors.
// Invalid UTF-8 inside strings becomes U+FFFD.
func DecodeJSON(b []byte) (*IncomingLead, error) {
	b, trimmed, err := jsonBody(b)
	if err != nil {
		return nil, err
	}
	if trimmed[0] != '{' {
		return nil, fmt.Errorf("expected a JSON object, body starts with %s", describeStart(trimmed))
	}
	if len(b) >= liftFrom {
		if l, ok := decodeLifted(b); ok {
			return l, nil
		}
	}
	var w jsonLead
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, jsonError(err)
	}
	return w.lead(), nil
}

// liftFrom is the body size from which DecodeJSON lifts the message out
// before encoding/json sees the body (a variable so that tests can send
// every body that way).
var liftFrom = 64 << 10

// liftedMark stands in for a lifted message (it goes in by position, so
// a body saying the same elsewhere changes nothing).
const (
	liftedMark  = `\u0000leadinspector: the message, lifted out\u0000`
	liftedValue = "\x00leadinspector: the message, lifted out\x00"
)

// decodeLifted decodes a big body with its message lifted out: the body
// is checked whole by validJSON, which also finds the message string (the
// last top-level member named "message", any case); encoding/json decodes
// the rest with a mark in the message's place, and the message is
// unquoted on its own. encoding/json would spend most of its time on the
// message, checking it twice byte by byte (valid first, then decoded).
//
// ok is false, and DecodeJSON decodes the whole body as before, when the
// body is invalid, has no message string or anything else is unusual: the
// mark must come out as Message, so a key encoding/json maps differently,
// a later member that overrides the message or a type error all fall back
// to the one path whose answers and errors the tests fix.
func decodeLifted(b []byte) (l *IncomingLead, ok bool) {
	start, end := -1, -1
	valid := scanJSON(b, func(key []byte, s, e int) {
		if b[s] == '"' && isMessageKey(key) {
			start, end = s, e
		}
	})
	if !valid || start < 0 {
		return nil, false
	}
	rest := make([]byte, 0, len(b)-(end-start)+len(liftedMark)+2)
	rest = append(append(append(rest, b[:start]...), `"`+liftedMark+`"`...), b[end:]...)
	var w jsonLead
	if json.Unmarshal(rest, &w) != nil || w.Message != liftedValue {
		return nil, false
	}
	msg, err := jsonString(b[start:end])
	if err != nil {
		return nil, false
	}
	w.Message = wireText(msg)
	return w.lead(), true
}

// isMessageKey reports whether a raw key (quotes included) says
// "message" in any case. encoding/json has the last word (decodeLifted
// checks where the mark went); this only has to find the candidate.
func isMessageKey(raw []byte) bool {
	if len(raw) > 64 { // "message" escaped letter by letter is 44 bytes
		return false
	}
	k, err := jsonString(raw)
	return err == nil && strings.EqualFold(k, "message")
}

// jsonBody is a JSON body without the byte order mark .NET writers may put
// first (b) and from its first non-blank byte (trimmed, never empty).
func jsonBody(raw []byte) (b, trimmed []byte, err error) {
	b = bytes.TrimPrefix(raw, leadBOM)
	trimmed = bytes.TrimLeft(b, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, nil, errors.New("empty body")
	}
	return b, trimmed, nil
}

// jsonError words a decoding error for a user: where the JSON broke, or
// which field had the wrong kind of value, without Go type names.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d: %w", syn.Offset, err)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the lead"
		}
		return fmt.Errorf("invalid JSON: %s should be %s, not %s", field, kindWord(typ.Type), typ.Value)
	}
	// Our own field parsers (dates, booleans) say what was wrong.
	return err
}

// kindWord names the kind of JSON value a Go type is decoded from.
func kindWord(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

// describeStart names the first character of a body for an error message,
// quoted so that nothing hostile reaches a terminal unescaped.
func describeStart(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	return strconv.QuoteRune(r)
}

// The json* types mirror the wire shape. Field names match the JSON keys
// case-insensitively (encoding/json folds case), so "contactId" and
// "ContactId" both land in ContactID.
type jsonLead struct {
	ContactID       string
	LeadSource      *jsonSource
	SentAt          wireTime
	Receiver        *jsonReceiver
	BuyingEstateID  string
	SellingEstateID string
	State           wireEnum
	Message         wireText
	IsAnonymized    wireBool
	UtmTags         []*UtmTag
}

type jsonSource struct {
	ID       string
	Name     string
	LeadType wireEnum
}

type jsonReceiver struct {
	Agent     *jsonAgent
	UserGroup *UserGroup
	Office    *Office
}

type jsonAgent struct {
	ID     string
	Office *Office
}

func (w *jsonLead) lead() *IncomingLead {
	l := &IncomingLead{
		ContactID:       w.ContactID,
		SentAt:          w.SentAt.t,
		BuyingEstateID:  w.BuyingEstateID,
		SellingEstateID: w.SellingEstateID,
		State:           State(w.State),
		Message:         string(w.Message),
		IsAnonymized:    w.IsAnonymized.p,
	}
	if s := w.LeadSource; s != nil {
		l.LeadSource = &LeadSource{ID: s.ID, Name: s.Name, LeadType: LeadType(s.LeadType)}
	}
	if r := w.Receiver; r != nil {
		l.Receiver = &LeadReceiver{UserGroup: r.UserGroup, Office: r.Office}
		if a := r.Agent; a != nil {
			l.Receiver.Agent = &Agent{ID: a.ID, Office: a.Office}
		}
	}
	for _, t := range w.UtmTags {
		if t != nil {
			l.UtmTags = append(l.UtmTags, *t)
		}
	}
	return l
}

// wireTime is a date as .NET writes it: ISO 8601 with or without an offset
// and with 0–7 fractional digits, or the older /Date(ms±hhmm)/ form.
type wireTime struct{ t time.Time }

// UnmarshalJSON reads a date string; null is the zero time.
func (w *wireTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		w.t = time.Time{}
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		// DataContractJsonSerializer's DateTimeOffset.
		var o struct {
			DateTime      string
			OffsetMinutes json.Number
		}
		if err := json.Unmarshal(b, &o); err != nil {
			return fmt.Errorf("date: %w", err)
		}
		var err error
		w.t, err = dateTimeOffset(o.DateTime, o.OffsetMinutes.String())
		return err
	}
	s, err := jsonString(b)
	if err != nil {
		return fmt.Errorf("date: %w", err)
	}
	w.t, err = parseTime(s)
	return err
}

// wireBool accepts true/false, "true"/"false" and 1/0 (also quoted); null is
// absent.
type wireBool struct{ p *bool }

// UnmarshalJSON reads a boolean in any of the accepted spellings.
func (w *wireBool) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		w.p = nil
		return nil
	}
	if len(s) > 0 && s[0] == '"' {
		var err error
		if s, err = jsonString(b); err != nil {
			return fmt.Errorf("boolean: %w", err)
		}
	}
	v, ok, err := parseBool(s)
	if err != nil || !ok {
		w.p = nil
		return err
	}
	w.p = &v
	return nil
}

// wireEnum is an open enum: a name is kept as received; a number (an enum
// serialised without its name) is kept as its digits rather than failing.
type wireEnum string

// UnmarshalJSON reads an enum name or number.
func (w *wireEnum) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*w = ""
	case len(b) > 0 && b[0] == '"':
		s, err := jsonString(b)
		if err != nil {
			return err
		}
		*w = wireEnum(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*w = wireEnum(b)
	default:
		return fmt.Errorf("expected a name, got %s", describeStart(b))
	}
	return nil
}

// wireText is a long string (the message): encoding/json unquotes a 10 MiB
// string byte by byte, jsonString copies it in runs.
type wireText string

// UnmarshalJSON reads a string; null leaves it empty, as for a string.
func (w *wireText) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		return nil
	case len(b) == 0 || b[0] != '"':
		kind := "number"
		if len(b) > 0 {
			switch b[0] {
			case '{':
				kind = "object"
			case '[':
				kind = "array"
			case 't', 'f':
				kind = "bool"
			}
		}
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeFor[string]()}
	}
	t, err := jsonString(b)
	*w = wireText(t)
	return err
}

// jsonString unquotes a JSON string literal (already checked valid by
// encoding/json), copying runs between escapes when there is no \u escape
// and the text is valid UTF-8; anything else goes to encoding/json, so the
// result is always what it gives.
func jsonString(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		inner := b[1 : len(b)-1]
		if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
			return string(inner), nil
		}
		if s, ok := unescapeSimple(inner); ok {
			return s, nil
		}
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return "", fmt.Errorf("expected a string, got %s", describeStart(b))
	}
	return s, nil
}

// unescapeSimple unquotes the inside of a JSON string whose escapes are
// all one-letter ones (\n, \", …); ok is false for a \u escape, a broken
// escape or invalid UTF-8, which encoding/json handles its own way.
func unescapeSimple(in []byte) (string, bool) {
	if !utf8.Valid(in) {
		return "", false
	}
	var out strings.Builder // its String does not copy the 10 MiB again
	out.Grow(len(in))
	for {
		i := bytes.IndexByte(in, '\\')
		if i < 0 {
			out.Write(in)
			return out.String(), true
		}
		out.Write(in[:i])
		if i+1 >= len(in) {
			return "", false
		}
		var c byte
		switch in[i+1] {
		case '"', '\\', '/':
			c = in[i+1]
		case 'n':
			c = '\n'
		case 't':
			c = '\t'
		case 'r':
			c = '\r'
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		default:
			return "", false
		}
		out.WriteByte(c)
		in = in[i+2:]
	}
}

// parseBool reads a .NET boolean; ok is false for an empty value (absent).
func parseBool(s string) (v, ok bool, err error) {
	switch strings.TrimSpace(s) {
	case "true", "True", "TRUE", "1":
		return true, true, nil
	case "false", "False", "FALSE", "0":
		return false, true, nil
	case "":
		return false, false, nil
	}
	if len(s) > 20 {
		s = s[:20] + "…"
	}
	return false, false, fmt.Errorf("boolean: %q is neither true nor false", s)
}

// stockholm is the time zone of Express, used for dates sent without an
// offset. Loaded once; the embedded tzdata makes it always available.
var stockholm = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return time.UTC
	}
	return loc
})

// Layouts for ISO 8601 dates. Go's parser accepts any number of fractional
// digits after the seconds when the layout has ".999…", and none at all.
const (
	layoutOffset   = "2006-01-02T15:04:05.999999999Z07:00"
	layoutNoOffset = "2006-01-02T15:04:05.999999999"
	layoutDate     = "2006-01-02"
)

// parseTime reads a date the way .NET writes one. "" is the zero time
// (absent), and so is .NET's unset date, DateTime.MinValue
// (0001-01-01T00:00:00, with or without an offset, or as /Date()/): a
// serialiser writes it for a date nobody set, and shown as a date it would
// read "2025 years ago".
func parseTime(s string) (time.Time, error) {
	t, err := parseWireTime(s)
	if err == nil && t.Year() <= 1 {
		return time.Time{}, nil
	}
	return t, err
}

// parseWireTime is parseTime without the unset-date rule.
func parseWireTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if strings.HasPrefix(s, "/Date(") {
		return parseMSDate(s)
	}
	if t, err := time.Parse(layoutOffset, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(layoutNoOffset, s, stockholm()); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(layoutDate, s, stockholm()); err == nil {
		return t, nil
	}
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return time.Time{}, fmt.Errorf("date: %q is not an ISO 8601 date", s)
}

// parseMSDate reads Microsoft's JSON date /Date(1743747087748+0200)/:
// milliseconds since the Unix epoch, optionally followed by the offset to
// show the instant in.
func parseMSDate(s string) (time.Time, error) {
	bad := fmt.Errorf("date: %q is not a valid /Date()/ value", s)
	inner, ok := strings.CutPrefix(s, "/Date(")
	if !ok {
		return time.Time{}, bad
	}
	inner, ok = strings.CutSuffix(inner, ")/")
	if !ok || inner == "" {
		return time.Time{}, bad
	}
	// The offset sign is the first + or - after the (possibly negative)
	// milliseconds.
	msPart, offPart := inner, ""
	if i := strings.IndexAny(inner[1:], "+-"); i >= 0 {
		msPart, offPart = inner[:i+1], inner[i+1:]
	}
	ms, err := strconv.ParseInt(msPart, 10, 64)
	if err != nil {
		return time.Time{}, bad
	}
	t := time.UnixMilli(ms).UTC()
	if offPart == "" {
		return t, nil
	}
	if len(offPart) != 5 {
		return time.Time{}, bad
	}
	hh, err1 := strconv.Atoi(offPart[1:3])
	mm, err2 := strconv.Atoi(offPart[3:5])
	if err1 != nil || err2 != nil || hh > 23 || mm > 59 {
		return time.Time{}, bad
	}
	off := hh*3600 + mm*60
	if offPart[0] == '-' {
		off = -off
	}
	return t.In(time.FixedZone("", off)), nil
}
