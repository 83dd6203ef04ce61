package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRetryWait bounds the wait a Retry-After can ask for: a bound on how
// long anything waits, never on when the words say to retry.
const maxRetryWait = 24 * time.Hour

// retryAfter reads a Retry-After header, delay seconds or an HTTP date, as
// the wait it asks for (at most maxRetryWait) and the moment it names,
// counted from answered (when the answer arrived). ok is false when there
// is none or it cannot be read.
func retryAfter(v string, answered time.Time) (wait time.Duration, at time.Time, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, time.Time{}, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, time.Time{}, false
		}
		// Counted in seconds: a Duration would overflow past 292 years.
		at = time.Unix(answered.Unix()+min(secs, 1<<40), int64(answered.Nanosecond())).In(answered.Location())
		return time.Duration(min(secs, int64(maxRetryWait/time.Second))) * time.Second, at, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(answered), 0), maxRetryWait), t, true
	}
	return 0, time.Time{}, false
}

// redirectedHost is the host (with its port) that gave resp when redirects
// took the request away from host, sanitised; "" when it is host's own.
func redirectedHost(resp *http.Response, host string) string {
	if resp.Request == nil || resp.Request.URL == nil || strings.EqualFold(resp.Request.URL.Host, host) {
		return ""
	}
	return cleanMessage(resp.Request.URL.Host, 100)
}

// xmlForDisplay is an XML body as every display reads it: UTF-16 (as
// DataContract serialisers may write it) transcoded to UTF-8, its
// declaration then naming utf-8, so the raw pane, `get --format xml` and
// the pager show text rather than NULs. Any other body, or one that cannot
// be transcoded, is returned as is. The exact bytes stay in Result.Exact.
func xmlForDisplay(b []byte) []byte {
	out, wide, err := xmlUTF8(b)
	if !wide || err != nil {
		return b
	}
	if !bytes.HasPrefix(out, []byte("<?xml")) {
		return out
	}
	end := bytes.Index(out, []byte("?>"))
	if end < 0 {
		return out
	}
	decl := out[:end]
	k := bytes.Index(decl, []byte("encoding="))
	if k < 0 || k+len("encoding=") >= len(decl) {
		return out
	}
	v := k + len("encoding=")
	q := decl[v]
	e := bytes.IndexByte(decl[v+1:], q)
	if q != '"' && q != '\'' || e < 0 {
		return out
	}
	fixed := make([]byte, 0, len(out))
	fixed = append(fixed, out[:v+1]...)
	fixed = append(fixed, "utf-8"...)
	return append(fixed, out[v+1+e:]...)
}

// dateTimeOffset is a DateTimeOffset as .NET's DataContract serialisers
// write it: the instant as a UTC DateTime and the offset in minutes to
// show it in, {"DateTime": "\/Date(…)\/", "OffsetMinutes": 120} (JSON) or
// <DateTime>…Z</DateTime><OffsetMinutes>120</OffsetMinutes> (XML).
func dateTimeOffset(dateTime, offsetMinutes string) (time.Time, error) {
	t, err := parseTime(dateTime)
	if err != nil || t.IsZero() {
		return t, err
	}
	if strings.TrimSpace(offsetMinutes) == "" {
		return t, nil
	}
	m, err := strconv.Atoi(strings.TrimSpace(offsetMinutes))
	if err != nil || m < -14*60 || m > 14*60 {
		return time.Time{}, fmt.Errorf("date: OffsetMinutes %q is not an offset", shortName(offsetMinutes))
	}
	return t.In(time.FixedZone("", m*60)), nil
}
