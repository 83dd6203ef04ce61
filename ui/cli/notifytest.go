package cli

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"leadinspector/api"
	"leadinspector/api/notify"
)

// NotifyTestTimeout bounds notify-test's request: Vitec gives a hub two
// seconds, the test a little more to tell a slow hub from a dead one.
const NotifyTestTimeout = 10 * time.Second

// NotifyTest posts a sample notification, as Vitec's test page does, to a
// hub's receiver URL (…/notify/TOKEN) and says what came back. The URL's
// token is never printed: only scheme, host and path up to it.
func NotifyTest(ctx context.Context, a NotifyTestArgs, sys IO) int {
	l := sys.l()
	u, err := url.Parse(strings.TrimSpace(a.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		Errorln(sys.Stderr, l.T("notify.test.bad_url"))
		return ExitUsage
	}
	shown := u.Scheme + "://" + u.Host + notifyPathShown(u.Path)
	if u.Scheme == "http" && !api.IsLoopback(u.Hostname()) {
		// The token would travel in clear, as Vitec's would.
		Errorln(sys.Stderr, l.T("notify.test.plain_http", "URL", shown))
		return ExitUsage
	}
	n := notify.Sample()
	if a.Cause != "" {
		n.Cause = a.Cause
	}
	// Vitec sends the parameters in the query as well as in the body.
	q := u.Query()
	for k, v := range n.Query() {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(ctx, NotifyTestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(n.Body()))
	if err != nil {
		Errorln(sys.Stderr, l.T("notify.test.bad_url"))
		return ExitUsage
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "leadinspector notify-test")
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	start := time.Now()
	resp, err := c.Do(req)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		// url.Error quotes the URL, token and all: say what failed without it.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		var ne net.Error
		why := err.Error()
		if errors.As(err, &ne) && ne.Timeout() {
			why = l.T("notify.test.timeout", "D", NotifyTestTimeout.String())
		}
		Errorln(sys.Stderr, l.T("notify.test.failed", "URL", shown, "Error", strings.ReplaceAll(why, u.Path, notifyPathShown(u.Path))))
		return ExitNetwork
	}
	resp.Body.Close()
	status := resp.Status
	var msg string
	code := ExitHTTP
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		msg, code = l.T("notify.test.ok", "Status", status, "D", took.String(), "URL", shown), ExitOK
	case resp.StatusCode == http.StatusNotFound:
		msg, code = l.T("notify.test.not_found", "Status", status, "URL", shown), ExitNotFound
	case resp.StatusCode == http.StatusServiceUnavailable:
		msg = l.T("notify.test.unavailable", "Status", status)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		msg = l.T("notify.test.redirect", "Status", status)
	default:
		msg = l.T("notify.test.refused", "Status", status)
	}
	if code == ExitOK {
		_, _ = sys.Stdout.Write([]byte(msg + "\n"))
	} else {
		Errorln(sys.Stderr, msg)
	}
	if code == ExitOK && took > 2*time.Second {
		Errorln(sys.Stderr, l.T("notify.test.slow", "D", took.String()))
	}
	return code
}

// notifyPathShown is a receiver path with its token hidden:
// /notify/abcd… → /notify/••••.
func notifyPathShown(p string) string {
	if i := strings.Index(p, notifyPath); i >= 0 && len(p) > i+len(notifyPath) {
		return p[:i+len(notifyPath)] + "••••"
	}
	if p == "" || p == "/" {
		return p
	}
	return "/••••"
}

const notifyPath = "/notify/"
