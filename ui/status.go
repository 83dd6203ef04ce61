package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"leadinspector/api"
	"leadinspector/api/sanitize"
)

// errorTextFor says in plain words what failed and what to do next, as
// product.md lists it, followed by the server's own message when it sent
// one (or the start of a body that could not be understood): when the
// status bar has to cut, it cuts the server's words, not the advice. It is
// one line, sanitised. In privacy mode it leaves out the excerpt of a body
// that could not be understood, which may hold a lead's message.
func errorTextFor(err error, profile, customer string, privacy bool) string {
	var (
		unauth   *api.UnauthorizedError
		forbid   *api.ForbiddenError
		notFound *api.NotFoundError
		rejected *api.RejectedError
		server   *api.ServerError
		netErr   *api.NetworkError
		bad      *api.BadResponseError
	)
	var s string
	switch {
	case errors.As(err, &unauth):
		s = statusWords(unauth.Status) + ": check the username and password of profile " + quoteProfile(profile) +
			serverSays(unauth.Message)
	case errors.As(err, &forbid):
		s = statusWords(forbid.Status) + ": this user has no access to customer " + customer + serverSays(forbid.Message)
	case errors.As(err, &notFound):
		s = statusWords(notFound.Status) + ": no such lead for customer " + customer + "; check both ids" +
			serverSays(notFound.Message)
	case errors.As(err, &rejected):
		s = statusWords(rejected.Status) + ": the server rejected the request; check the ids"
		if f := rejected.FieldSummary(); f != "" {
			s += " (" + f + ")"
		} else {
			s += serverSays(rejected.Message)
		}
	case errors.As(err, &server):
		switch {
		case server.Status >= 500:
			s = statusWords(server.Status) + ": a problem on Vitec's side; retry later (r) or contact Vitec"
		case server.Status == http.StatusTooManyRequests:
			s = statusWords(server.Status) + ": the server is busy; wait a moment, then r retries"
		default:
			s = statusWords(server.Status) + ": unexpected answer; check the base_url of profile " + quoteProfile(profile)
		}
		s += serverSays(server.Message)
	case errors.As(err, &netErr):
		switch {
		case netErr.Canceled:
			s = "request cancelled"
		case netErr.Hint != "":
			s = "network error: " + netErr.Hint + "; check the connection, r retries"
		case netErr.Timeout:
			s = "timed out: no answer in time; check the connection, r retries"
		default:
			s = "network error: " + netErr.Err.Error() + "; check the connection, r retries"
		}
	case errors.As(err, &bad):
		s = "response could not be understood: " + badDetail(bad) + "; "
		switch bad.Reason {
		case api.WrongContentType:
			s += "check the base_url of profile " + quoteProfile(profile) + ", or sign in to the proxy"
		case api.TooLarge:
			s += "raise max_body_mib of profile " + quoteProfile(profile) + " if the lead is really that large"
		case api.Truncated:
			s += "r retries; if it keeps happening, check the connection or proxy"
		default:
			s += "check that the base_url of profile " + quoteProfile(profile) + " is Express Connect"
		}
		if bad.Excerpt != "" && !privacy {
			s += "; it starts: " + bad.Excerpt
		}
	default:
		s = err.Error()
	}
	return sanitize.Line(s)
}

// badDetail says what was wrong with a response. For the wrong content
// type it says it in fewer words than the client's Detail, which would
// leave no room for the advice at 80 columns.
func badDetail(bad *api.BadResponseError) string {
	r := bad.Response
	if bad.Reason != api.WrongContentType || r == nil {
		return bad.Detail
	}
	got := "no content type"
	if r.ContentType != "" {
		got = r.ContentType
	}
	want := r.Accept
	for _, f := range []api.Format{api.JSON, api.XML} {
		if strings.EqualFold(r.Accept, f.Accept()) {
			want = f.Label()
		}
	}
	if want == "" {
		return "it is " + got
	}
	return "it is " + got + ", not " + want
}

// statusWords is "404 Not Found".
func statusWords(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("HTTP %d", code)
}

func serverSays(msg string) string {
	if msg = strings.TrimSpace(msg); msg == "" {
		return ""
	}
	return " — server says: " + msg
}

func quoteProfile(p string) string {
	if p == "" {
		return "(default)"
	}
	return p
}

// resultText is the status bar's note for a good response: "200 OK · 38 ms".
func resultText(r *api.Result) string {
	return statusWords(r.Status) + " · " + millis(r.Duration)
}

// millis shows a duration the way people read response times.
func millis(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < 10*time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// elapsed shows a running time to a tenth of a second: "1.2 s".
func elapsed(d time.Duration) string {
	return fmt.Sprintf("%.1f s", max(d, 0).Seconds())
}

// byteSize is "1.2 KiB".
func byteSize(n int) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
