package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/config"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
)

// The notification commands.
const (
	CmdQueue      Command = "queue"
	CmdNotifyTest Command = "notify-test"
)

// QueueArgs are the arguments of `queue`.
type QueueArgs struct {
	// Since keeps leads changed within it (0: all).
	Since    time.Duration
	Cause    string
	Customer string
	Stuck    bool
	// Leads are --lead ids: their timelines instead of the queue.
	Leads  []string
	Format string // "text" or "json"
	// Limit cuts the list after N leads (0: every one).
	Limit int
}

// NotifyTestArgs are the arguments of `notify-test`.
type NotifyTestArgs struct {
	URL   string
	Cause string
}

// queueFlags declares queue's flags.
func queueFlags(fs *flag.FlagSet, a *QueueArgs, refuse func(i18n.Message) error) {
	a.Format = "text"
	fs.StringVar(&a.Format, "format", "text", "")
	fs.StringVar(&a.Cause, "cause", "", "")
	fs.StringVar(&a.Customer, "customer", "", "")
	fs.BoolVar(&a.Stuck, "stuck", false, "")
	fs.Func("lead", "", func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return refuse(i18n.M("notify.usage.empty_lead"))
		}
		a.Leads = append(a.Leads, s)
		return nil
	})
	fs.Func("since", "", func(s string) error {
		d, err := parseSpan(s)
		if err != nil || d <= 0 {
			return refuse(i18n.M("notify.usage.bad_since"))
		}
		a.Since = d
		return nil
	})
	fs.Func("limit", "", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return refuse(i18n.M("notify.usage.bad_limit"))
		}
		a.Limit = n
		return nil
	})
}

func notifyTestFlags(fs *flag.FlagSet, a *NotifyTestArgs) {
	fs.StringVar(&a.Cause, "cause", "", "")
}

// parseSpan reads a Go duration ("36h") or a number of days ("7d").
func parseSpan(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(t, "d"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d < 0 || d > 100_000 {
			return 0, errors.New("bad span")
		}
		return time.Duration(d) * 24 * time.Hour, nil
	}
	return config.ParseDuration(t)
}

func (inv *Invocation) checkQueue(pos []string) error {
	if err := noArgs(CmdQueue, pos); err != nil {
		return err
	}
	switch inv.Queue.Format {
	case "text", "json":
	default:
		return usage(CmdQueue, i18n.M("notify.usage.bad_format", "Value", strconv.Quote(inv.Queue.Format)))
	}
	return nil
}

func (inv *Invocation) checkNotifyTest(pos []string) error {
	switch {
	case len(pos) == 0:
		return usage(CmdNotifyTest, i18n.M("notify.usage.missing_url"))
	case len(pos) > 1:
		return usage(CmdNotifyTest, i18n.M("cli.usage.unexpected_arg", "Arg", strconv.Quote(pos[1])))
	}
	inv.NotifyTest.URL = pos[0]
	return nil
}

// Queue prints the hub's queue of notified leads (every one the filters
// select: no page limit but --limit), or with --lead the timelines of those
// leads, from the desk store at path. It only reads, so it runs beside a
// hub that is writing.
func Queue(ctx context.Context, path string, stuckAfter time.Duration, a QueueArgs, sys IO) int {
	l := sys.l()
	db, err := desk.OpenReadOnly(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			Errorln(sys.Stderr, l.T("notify.queue.no_store", "Path", path))
			return ExitUsage
		}
		Errorln(sys.Stderr, l.T("notify.queue.cannot_read", "Path", path, "Error", err.Error()))
		return ExitInternal
	}
	defer db.Close()
	if v, err := desk.SchemaVersion(db); err != nil || v < desk.NotifySchema {
		Errorln(sys.Stderr, l.T("notify.queue.no_store", "Path", path))
		return ExitUsage
	}
	nd := notify.NewReader(db)
	out := bufio.NewWriterSize(sys.Stdout, 64<<10)
	var code int
	if len(a.Leads) > 0 {
		code = printTimelines(ctx, nd, a, sys, out)
	} else {
		code = printQueue(ctx, nd, stuckAfter, a, sys, out)
	}
	if err := out.Flush(); err != nil && code == ExitOK {
		Errorln(sys.Stderr, l.T("cli.cannot_write", "Error", err.Error()))
		return ExitInternal
	}
	return code
}

func (o IO) loc() *time.Location {
	if o.Loc == nil {
		return time.Local
	}
	return o.Loc
}

func printQueue(ctx context.Context, nd *notify.DB, stuckAfter time.Duration, a QueueArgs, sys IO, out io.Writer) int {
	l := sys.l()
	now := sys.now()
	if stuckAfter <= 0 {
		stuckAfter = notify.DefaultStuckAfter
	}
	cutoff := now.Add(-stuckAfter)
	f := notify.Filter{Cause: a.Cause, Customer: a.Customer}
	if a.Since > 0 {
		f.Since = now.Add(-a.Since)
	}
	if a.Stuck {
		f.StuckBefore = cutoff
	}
	n := 0
	stop := errors.New("limit")
	var tw table
	if a.Format == "json" {
		_, _ = io.WriteString(out, "[")
	} else {
		tw.add(l.T("notify.col.when"), l.T("notify.col.customer"), l.T("notify.col.lead"), l.T("notify.col.external"),
			l.T("notify.col.cause"), l.T("notify.col.state"), l.T("notify.col.holder"))
	}
	err := nd.Each(ctx, f, func(r notify.Row) error {
		if a.Limit > 0 && n >= a.Limit {
			return stop
		}
		n++
		if a.Format == "json" {
			if n > 1 {
				_, _ = io.WriteString(out, ",")
			}
			_, _ = io.WriteString(out, "\n  ")
			_, err := out.Write(safeJSON(queueJSON(r, cutoff)))
			return err
		}
		tw.add(r.Last.In(sys.loc()).Format("2006-01-02 15:04"), cell(r.CustomerID), cell(r.LeadID), cell(r.ExternalID),
			cell(causeText(l, r, cutoff)), cell(stateText(l, r)), cell(r.Holder))
		return nil
	})
	if err != nil && !errors.Is(err, stop) {
		Errorln(sys.Stderr, l.T("notify.queue.cannot_read", "Path", "", "Error", err.Error()))
		return ExitInternal
	}
	if a.Format == "json" {
		if n > 0 {
			_, _ = io.WriteString(out, "\n")
		}
		_, _ = io.WriteString(out, "]\n")
	} else {
		if err := tw.write(out, ""); err != nil {
			Errorln(sys.Stderr, l.T("cli.cannot_write", "Error", err.Error()))
			return ExitInternal
		}
		if n == 0 {
			Errorln(sys.Stderr, l.T("notify.queue.empty"))
		}
	}
	return ExitOK
}

// cell is a value for one table cell: sanitised, on one line, with no
// tab, and "-" for nothing.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(sanitize.Line(s), "\t", " ")
}

// table lines up columns of text as text/tabwriter did, two blanks
// apart, but measured in terminal cells: tabwriter counts runes, and a
// wide character (a name in CJK, an emoji) pushed the rest of its row out
// of line.
type table struct{ rows [][]string }

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write writes the rows, each after indent; the last cell of a row is not
// padded.
func (t *table) write(w io.Writer, indent string) error {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cellfit.Width(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		b.WriteString(indent)
		for i, c := range r {
			if i == len(r)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(cellfit.Pad(c, widths[i]+2))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// causeText is the lead's latest cause with the marks that go with it.
func causeText(l *i18n.Localizer, r notify.Row, cutoff time.Time) string {
	s := r.Cause
	if r.Removed && s != "Remove" {
		s += " " + l.T("notify.mark.removed")
	}
	if r.Stuck(cutoff) {
		s += " " + l.T("notify.mark.stuck")
	}
	return s
}

func stateText(l *i18n.Localizer, r notify.Row) string {
	switch {
	case r.State != "":
		return r.State
	case r.LookedAt.IsZero():
		return l.T("notify.state.not_yet")
	}
	return l.T("notify.state.failed", "Status", r.LookStatus)
}

type rowJSON struct {
	notify.Row
	Stuck bool `json:"stuck"`
}

func queueJSON(r notify.Row, cutoff time.Time) []byte {
	b, _ := json.Marshal(rowJSON{r, r.Stuck(cutoff)})
	return b
}

func printTimelines(ctx context.Context, nd *notify.DB, a QueueArgs, sys IO, out io.Writer) int {
	l := sys.l()
	code := ExitOK
	cutoff := sys.now().Add(-notify.DefaultStuckAfter)
	type timelineJSON struct {
		Lead    *notify.Row         `json:"lead"`
		Events  []notify.Event      `json:"events"`
		Lookups []notify.DeskLookup `json:"lookups"`
		Matches []notify.Row        `json:"externalMatches,omitempty"`
	}
	var all []timelineJSON
	for i, id := range a.Leads {
		row, ok, err := nd.Lead(ctx, id)
		var matches []notify.Row
		if err == nil && !ok {
			// The partner's own id: the leads it names.
			matches, err = nd.ByExternal(ctx, id)
			if err == nil && len(matches) == 1 {
				row, ok = matches[0], true
				matches = nil
			}
		}
		if err != nil {
			Errorln(sys.Stderr, l.T("notify.queue.cannot_read", "Path", "", "Error", err.Error()))
			return ExitInternal
		}
		if !ok && len(matches) == 0 {
			Errorln(sys.Stderr, l.T("notify.timeline.unknown", "ID", id))
			code = ExitNotFound
			continue
		}
		if !ok {
			// Several leads carry this externalId: list them.
			if a.Format == "json" {
				all = append(all, timelineJSON{Matches: matches})
				continue
			}
			fmt.Fprintln(out, sanitize.Line(l.T("notify.timeline.several", "ID", id, "Count", len(matches))))
			for _, m := range matches {
				fmt.Fprintf(out, "  %s %s\n", cell(m.CustomerID), cell(m.LeadID))
			}
			continue
		}
		events, err := nd.Timeline(ctx, row.LeadID)
		if err != nil {
			Errorln(sys.Stderr, l.T("notify.queue.cannot_read", "Path", "", "Error", err.Error()))
			return ExitInternal
		}
		lookups, _ := nd.DeskLookups(ctx, row.LeadID)
		if a.Format == "json" {
			r := row
			all = append(all, timelineJSON{Lead: &r, Events: events, Lookups: lookups})
			continue
		}
		if i > 0 {
			fmt.Fprintln(out)
		}
		writeTimeline(out, l, sys.loc(), row, events, lookups, cutoff)
	}
	if a.Format == "json" {
		b, _ := json.MarshalIndent(all, "", "  ")
		_, _ = out.Write(append(safeJSON(b), '\n'))
	}
	return code
}

// writeTimeline prints one lead's heading and its events and the desk's
// lookups of it, oldest first.
func writeTimeline(out io.Writer, l *i18n.Localizer, loc *time.Location, r notify.Row, events []notify.Event,
	lookups []notify.DeskLookup, cutoff time.Time) {
	fmt.Fprintln(out, sanitize.Line(l.T("notify.timeline.heading", "Lead", r.LeadID, "Customer", r.CustomerID,
		"External", cell(r.ExternalID), "State", stateText(l, r), "Holder", cell(r.Holder))))
	var tw table
	for _, m := range notify.Merge(events, lookups) {
		if e := m.Event; e != nil {
			what := e.Cause
			if e.Type != "IncomingLead" {
				what = e.Type + " " + e.Event
			}
			tw.add(e.At.In(loc).Format("2006-01-02 15:04:05"), cell(what), cell(e.CustomerID))
			continue
		}
		k := m.Lookup
		tw.add(k.At.In(loc).Format("2006-01-02 15:04:05"), cell(l.T("notify.timeline.looked_up", "Person", k.Person)),
			cell(lookupSeen(l, *k)))
	}
	_ = tw.write(out, "  ")
	if r.Stuck(cutoff) {
		fmt.Fprintln(out, "  "+l.T("notify.mark.stuck"))
	}
}

func lookupSeen(l *i18n.Localizer, k notify.DeskLookup) string {
	if k.State != "" {
		return k.State
	}
	return l.T("notify.state.failed", "Status", k.Status)
}

// safeJSON escapes, inside JSON text, the characters a terminal could act
// on that encoding/json writes as they are: DEL, C1 controls, bidi
// overrides and marks. The JSON means the same; a terminal shows it inert.
func safeJSON(b []byte) []byte {
	if !bytes.ContainsFunc(b, inertInJSON) {
		return b
	}
	var out bytes.Buffer
	out.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if inertInJSON(r) {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[i : i+size])
		}
		i += size
	}
	return out.Bytes()
}

// inertInJSON reports whether r must be escaped in JSON shown on a
// terminal (encoding/json escapes C0 controls and U+2028/9 itself).
func inertInJSON(r rune) bool {
	return r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x061c || r == 0x200e || r == 0x200f ||
		r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
