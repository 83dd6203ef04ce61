package ui

import (
	"leadinspector/api/base/i18n"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/styles"
)

// statusKind says how the status bar's message reads.
type statusKind int

const (
	statusNone statusKind = iota
	statusOK
	statusErr
	statusNote
)

// status is what the status bar says after profile and host: the last
// result or error, and a notice (a copy, a cut paste, a history problem).
type status struct {
	kind   statusKind
	text   string
	notice string
	// err and customer are kept for an error, so that its text can be
	// written again when privacy mode changes.
	err      error
	customer string
}

// errStatus is the status for a failed lookup.
func errStatus(l *i18n.Localizer, err error, profile, customer string, privacy bool) status {
	return status{kind: statusErr, err: err, customer: customer, text: errorTextFor(l, err, profile, customer, privacy)}
}

// privacy words an error again for privacy mode on or off, and says what
// the mode hides.
func (s *status) privacy(l *i18n.Localizer, on bool, profile string) {
	if s.kind == statusErr && s.err != nil {
		s.text = errorTextFor(l, s.err, profile, s.customer, on)
	}
	if on {
		s.notice = l.T("ui.status.privacy_on")
	} else {
		s.notice = l.T("ui.status.privacy_off")
	}
}

// statusBar is what the status bar shows, gathered from the root.
type statusBar struct {
	st            *styles.Styles
	l             *i18n.Localizer
	demo, privacy bool
	profile, host string
	req           request
	spin          string // the spinner's frame
	now           time.Time
	watch         string // the watch's words, "" when not watching
	batch         string // the batch's progress, "" when none runs
	wait          string // the server asked to wait: the countdown, "" when not
	status        status
}

// lines is profile and host (DEMO in words for the demo), then what is
// happening or what happened last, on as few lines as it needs, at most
// rows. When the message does not fit on one line, the host gives way, then
// the profile; when it still does not, it wraps onto a second line (with
// profile and host back), and only what does not fit on that is cut with ….
// Errors put what failed and what to do first, so the cut, if any, falls
// in the server's own words.
func (b statusBar) lines(w, rows int) []string {
	var badges strings.Builder
	if b.demo {
		badges.WriteString(b.st.Demo.Render(b.l.T("ui.status.demo")) + " ")
	}
	if b.privacy {
		badges.WriteString(b.st.Privacy.Render(b.l.T("ui.status.privacy")) + " ")
	}
	profile := sanitize.Line(b.profile)
	if b.demo && profile == "demo" {
		profile = "" // DEMO says it already
	}
	host := sanitize.Line(b.host)

	sep := b.st.Subtle.Render(" │ ")
	var msg strings.Builder
	if b.wait != "" {
		// First: it says why nothing moves.
		msg.WriteString(sep + b.st.Warn.Render(sanitize.Line(b.wait)))
	}
	switch {
	case b.req.active:
		id := sanitize.Line(b.req.key.customer + "/" + b.req.key.lead)
		what := b.l.T("ui.status.looking_up", "ID", id)
		switch b.req.kind {
		case kindFlip:
			what = b.l.T("ui.status.fetching", "Format", b.req.format.Label(), "ID", id)
		case kindWatch:
			what = b.l.T("ui.status.checking", "ID", id)
		}
		msg.WriteString(sep + b.spin + " " + what + " · " +
			elapsed(b.now.Sub(b.req.started)) + b.st.Muted.Render(" · "+b.l.T("ui.status.esc_cancels")))
	case b.watch != "":
		msg.WriteString(sep + b.st.Accent.Render(sanitize.Line(b.watch)))
		if b.status.text != "" {
			msg.WriteString(sep + b.statusText())
		}
	case b.status.text != "":
		msg.WriteString(sep + b.statusText())
	}
	if b.batch != "" && !b.req.active {
		msg.WriteString(sep + b.spin + " " + b.batch +
			b.st.Muted.Render(" · "+b.l.T("ui.status.esc_cancels")))
	}
	if n := b.status.notice; n != "" && !b.req.active {
		msg.WriteString(sep + b.st.Warn.Render(sanitize.Line(n)))
	}

	line := func(where string) string {
		head := badges.String() + b.st.Muted.Render(where)
		rest := msg.String()
		switch {
		case where == "" && badges.Len() == 0:
			rest = strings.TrimPrefix(rest, sep)
		case where == "":
			head = strings.TrimSuffix(badges.String(), " ")
		}
		return head + rest
	}
	wheres := []string{joinWords(profile, host), profile, ""}
	for _, where := range wheres {
		if l := line(where); ansi.StringWidth(l) <= w {
			return []string{cellfit.Fit(l, w)}
		}
	}
	if rows < 2 {
		return []string{cellfit.Fit(line(""), w)}
	}
	var wrapped []string
	for _, where := range wheres {
		wrapped = strings.Split(lipgloss.Wrap(line(where), w, ""), "\n")
		if len(wrapped) <= 2 {
			break
		}
	}
	if len(wrapped) < 2 {
		return []string{cellfit.Fit(wrapped[0], w)}
	}
	// lipgloss.Wrap carries the styles over to each line, so lines can be
	// joined again before the cut.
	return []string{cellfit.Fit(wrapped[0], w), cellfit.Fit(strings.Join(wrapped[1:], " "), w)}
}

// statusText is the last result or error, styled by its kind.
func (b statusBar) statusText() string {
	style := b.st.Muted
	switch b.status.kind {
	case statusOK:
		style = b.st.StatusOK
	case statusErr:
		style = b.st.StatusErr
	}
	return style.Render(sanitize.Line(b.status.text))
}

func joinWords(a, b string) string {
	if a == "" {
		return b
	}
	return a + " · " + b
}
