package queue

import (
	"time"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/notify"
	"leadinspector/ui/styles"
)

// Timeline is the detail pane's section for a lead the desk hub knows: its
// notifications (when, the cause, the customer the change belongs to) and
// the desk's lookups of it (when, by whom, the State seen), oldest first,
// under a heading, in aligned columns. Each line is at most width cells;
// server text is sanitised. No moments: nothing (the section is left out).
func Timeline(st *styles.Styles, l *i18n.Localizer, loc *time.Location, moments []notify.Moment, width int) []string {
	if len(moments) == 0 || width <= 0 {
		return nil
	}
	if loc == nil {
		loc = time.Local
	}
	type line struct{ when, what, then string }
	lines := make([]line, 0, len(moments))
	whatW, thenW := 0, 0
	for _, m := range moments {
		var x line
		switch {
		case m.Event != nil:
			e := m.Event
			x.what = st.CauseBadge(e.Cause)
			if e.Type != "" && e.Type != "IncomingLead" {
				x.what = st.CauseBadge(e.Type + " " + e.Event)
			}
			x.then = st.Muted.Render(sanitize.Line(e.CustomerID))
		case m.Lookup != nil:
			k := m.Lookup
			x.what = l.T("notify.timeline.looked_up", "Person", sanitize.Line(k.Person))
			x.then = st.StateBadge(api.State(k.State), "")
			if k.State == "" {
				x.then = st.Badge(l.T("notify.state.failed", "Status", k.Status), styles.BadgeFailed)
			}
		default:
			continue
		}
		x.when = st.Muted.Render(m.At.In(loc).Format("2006-01-02 15:04"))
		whatW, thenW = max(whatW, cellfit.Width(x.what)), max(thenW, cellfit.Width(x.then))
		lines = append(lines, x)
	}
	// When both do not fit, what happened gives way down to where the
	// last column keeps 14 cells (a State badge, a customer), not below 8.
	const lead, gap = 2 + 16 + 2, 2
	if room := width - lead - gap; whatW+thenW > room {
		whatW = min(whatW, max(room-min(thenW, 14), 8))
	}
	out := []string{"", cellfit.Cut(st.Heading.Render(l.T("ui.timeline.heading")), width)}
	for _, x := range lines {
		out = append(out, cellfit.Cut("  "+x.when+"  "+cellfit.Fit(x.what, whatW)+"  "+x.then, width))
	}
	return out
}
