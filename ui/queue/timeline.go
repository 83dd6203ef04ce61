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
// under a heading. Each line is at most width cells; server text is
// sanitised. No moments: nothing (the section is left out).
func Timeline(st *styles.Styles, l *i18n.Localizer, loc *time.Location, moments []notify.Moment, width int) []string {
	if len(moments) == 0 || width <= 0 {
		return nil
	}
	if loc == nil {
		loc = time.Local
	}
	out := []string{"", cellfit.Cut(st.Heading.Render(l.T("ui.timeline.heading")), width)}
	for _, m := range moments {
		when := st.Muted.Render(m.At.In(loc).Format("2006-01-02 15:04"))
		var what string
		switch {
		case m.Event != nil:
			e := m.Event
			what = st.CauseBadge(e.Cause)
			if e.Type != "" && e.Type != "IncomingLead" {
				what = st.CauseBadge(e.Type + " " + e.Event)
			}
			what += "  " + st.Muted.Render(sanitize.Line(e.CustomerID))
		case m.Lookup != nil:
			k := m.Lookup
			seen := st.StateBadge(api.State(k.State), "")
			if k.State == "" {
				seen = st.Badge(l.T("notify.state.failed", "Status", k.Status), styles.BadgeFailed)
			}
			what = l.T("notify.timeline.looked_up", "Person", sanitize.Line(k.Person)) + "  " + seen
		default:
			continue
		}
		out = append(out, cellfit.Cut("  "+when+"  "+what, width))
	}
	return out
}
