package ui

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// errorTextFor is the status bar's line for a failed lookup: api.Explain's
// one wording (what failed, what to do, "r retries" when retrying may help),
// followed by the server's own words, which are what the status bar cuts
// first. It is one line, sanitised. In privacy mode it leaves out the start
// of a body that could not be understood, which may hold a lead's message.
func errorTextFor(l *i18n.Localizer, err error, profile, customer string, privacy bool) string {
	return api.Explain(err, api.ExplainContext{Profile: profile, CustomerID: customer, Privacy: privacy, Localizer: l}).Line(true)
}

// statusWords is "404 Not Found".
func statusWords(code int) string {
	if t := http.StatusText(code); t != "" {
		return fmt.Sprintf("%d %s", code, t)
	}
	return fmt.Sprintf("HTTP %d", code)
}

// cancelledStatus says what esc stopped: the watch, the request, the
// batch (its words); ok is false when nothing ran.
func cancelledStatus(l *i18n.Localizer, watching, req bool, batch string) (status, bool) {
	switch {
	case watching:
		return status{kind: statusNote, text: l.T("ui.watch.stopped")}, true
	case req && batch != "":
		return status{kind: statusNote, text: l.T("ui.status.cancelled_and", "Batch", batch)}, true
	case req:
		return status{kind: statusNote, text: l.T("ui.status.cancelled")}, true
	case batch != "":
		return status{kind: statusNote, text: batch}, true
	}
	return status{}, false
}

func quoteProfile(p string) string {
	if p == "" {
		return "(default)"
	}
	return p
}

// resultText is the status bar's note for a good response: "200 OK · 38
// ms"; automatic retries show: "200 OK after 1 retry (503) · 1.2 s".
func resultText(l *i18n.Localizer, r *api.Result) string {
	words := statusWords(r.Status)
	if n := r.Attempts - 1; n > 0 {
		cause := l.T("ui.status.no_answer")
		if r.RetriedFor != 0 {
			cause = strconv.Itoa(r.RetriedFor)
		}
		words = l.N("ui.status.after_retries", n, "Status", words, "Cause", cause)
	}
	return words + " · " + millis(r.Duration)
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
