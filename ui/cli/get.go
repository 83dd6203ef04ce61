package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/config"
	"leadinspector/ui/detail"
	"leadinspector/ui/styles"
)

// GetOptions are what `get` needs besides the client.
type GetOptions struct {
	Args GetArgs
	// DefaultFormat is the profile's format, requested by --format text
	// when --accept is not given.
	DefaultFormat api.Format
	// Parallel is ui.parallel, used when --parallel is not given.
	Parallel    int
	Privacy     bool
	NoColor     bool
	StateColors map[string]string
	Lookup      Lookup
	// Password is only used to keep it out of error messages.
	Password string
}

// MaxStdinIDs caps how many lead ids `get … -` reads.
const MaxStdinIDs = 10_000

// requested is the representation to ask the server for.
func (o GetOptions) requested() api.Format {
	switch o.Args.Format {
	case "json":
		return api.JSON
	case "xml":
		return api.XML
	}
	if f, err := api.ParseFormat(o.Args.Accept); err == nil {
		return f
	}
	if o.DefaultFormat != "" {
		return o.DefaultFormat
	}
	return api.JSON
}

// Get runs `get` and returns the exit code.
func Get(ctx context.Context, c api.LeadGetter, o GetOptions, sys IO) int {
	if o.Args.Batch() {
		return getBatch(ctx, c, o, sys)
	}
	id := o.Args.LeadIDs[0]
	f := o.requested()
	res, err := c.GetIncomingLead(ctx, o.Args.CustomerID, id, f)
	if err != nil {
		return o.fail(sys, err, id)
	}
	var out []byte
	switch {
	case o.Args.Raw:
		out = res.Body
		if sys.StdoutTerminal {
			// Bytes go to a terminal unchanged only when it is not one.
			out = []byte(sanitize.Bytes(out))
			if !bytes.HasSuffix(out, []byte("\n")) {
				out = append(out, '\n')
			}
		}
	case o.Args.Format == "text":
		return o.printText(sys, res, id)
	default:
		out = api.Pretty(res.Body, f)
		if o.Privacy {
			// Masked as the raw pane masks it; --raw stays exact.
			out = []byte(api.Mask(string(out), f))
		}
		if sys.StdoutTerminal {
			out = []byte(sanitize.Bytes(out))
		}
		out = append(out, '\n')
	}
	if _, err := sys.Stdout.Write(out); err != nil {
		Errorln(sys.Stderr, "cannot write the output: "+err.Error())
		return ExitInternal
	}
	return ExitOK
}

func (o GetOptions) fail(sys IO, err error, leadID string) int {
	l := o.Lookup
	l.CustomerID, l.LeadID = o.Args.CustomerID, leadID
	msg, code := Describe(err, l)
	Errorln(sys.Stderr, o.redact(msg))
	return code
}

func (o GetOptions) redact(msg string) string {
	if o.Lookup.Demo {
		return msg // demo/demo is public, and "demo" is also the profile's name
	}
	return Redact(msg, o.Lookup.Username, o.Password)
}

// colour reports whether text output may carry colour: only on a terminal,
// without NO_COLOR and --no-color.
func (o GetOptions) colour(sys IO) bool {
	return sys.StdoutTerminal && sys.getenv("NO_COLOR") == "" && !o.NoColor
}

func (o GetOptions) printText(sys IO, res *api.Result, leadID string) int {
	colour := o.colour(sys)
	st := styles.New(true, true, nil)
	if colour {
		st = styles.New(true, false, o.StateColors)
	}
	width := sys.Width
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	if o.Lookup.Demo {
		b.WriteString(st.Badge("DEMO", styles.BadgeInfo) + " built-in demo API, fictional leads\n\n")
	}
	b.WriteString(detail.Render(res.Lead, detail.Options{
		Width: width, Styles: st, Now: sys.now(), Loc: sys.Loc,
		Privacy: o.Privacy, CustomerID: o.Args.CustomerID, LeadID: leadID,
	}))
	text := b.String()
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	var w io.Writer = sys.Stdout
	if colour {
		// Bring the palette down to what the terminal says it can show.
		w = &colorprofile.Writer{Forward: sys.Stdout, Profile: colorprofile.Env(environ(sys))}
	} else {
		text = ansi.Strip(text)
	}
	if _, err := io.WriteString(w, text); err != nil {
		Errorln(sys.Stderr, "cannot write the output: "+err.Error())
		return ExitInternal
	}
	return ExitOK
}

// environ rebuilds the part of the environment colour detection reads.
func environ(sys IO) []string {
	var env []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "TMUX", "WT_SESSION"} {
		if v := sys.getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// readIDs reads lead ids from r, one per line; blank lines are skipped.
func readIDs(r io.Reader) ([]string, error) {
	if r == nil {
		return nil, usagef(CmdGet, "no lead ids on stdin")
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	var ids []string
	for sc.Scan() {
		id := strings.TrimSpace(sc.Text())
		if id == "" {
			continue
		}
		if len(ids) == MaxStdinIDs {
			return nil, usagef(CmdGet, "more than %d lead ids on stdin: split the list", MaxStdinIDs)
		}
		ids = append(ids, id)
	}
	if err := sc.Err(); err != nil {
		return nil, usagef(CmdGet, "reading lead ids from stdin: %v", err)
	}
	if len(ids) == 0 {
		return nil, usagef(CmdGet, "no lead ids on stdin (one per line)")
	}
	return ids, nil
}

type outcome struct {
	res  *api.Result
	err  error
	done chan struct{}
}

func getBatch(ctx context.Context, c api.LeadGetter, o GetOptions, sys IO) int {
	ids := o.Args.LeadIDs
	if o.Args.FromStdin {
		var err error
		if ids, err = readIDs(sys.Stdin); err != nil {
			Errorln(sys.Stderr, err.Error())
			return ExitUsage
		}
	}
	n := o.Args.Parallel
	if n == 0 {
		n = o.Parallel
	}
	n = max(1, min(n, config.MaxParallel, len(ids)))
	f := o.requested()
	outs := make([]outcome, len(ids))
	for i := range outs {
		outs[i].done = make(chan struct{})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(ids) {
					return
				}
				outs[i].res, outs[i].err = c.GetIncomingLead(ctx, o.Args.CustomerID, ids[i], f)
				close(outs[i].done)
			}
		})
	}
	defer wg.Wait()

	// Rows go out in input order, each as soon as it and all before it are in.
	w := bufio.NewWriter(sys.Stdout)
	tw := newRowWriter(w, ids, sys)
	if o.Args.Format == "text" {
		tw.header()
	}
	code := ExitOK
	for i, id := range ids {
		<-outs[i].done
		out := outs[i]
		rowCode := ExitOK
		var msg string
		if out.err != nil {
			l := o.Lookup
			l.CustomerID, l.LeadID = o.Args.CustomerID, id
			_, rowCode = Describe(out.err, l)
			msg = o.redact(rowMessage(out.err))
			if code == ExitOK {
				code = rowCode
			}
		}
		if o.Args.Format == "json" {
			tw.json(o.Args.CustomerID, id, out.res, out.err, msg, rowCode)
		} else {
			tw.text(id, out.res, msg)
		}
		if err := w.Flush(); err != nil {
			Errorln(sys.Stderr, "cannot write the output: "+err.Error())
			return ExitInternal
		}
	}
	return code
}

// rowMessage is the short form of an error for a batch row: what happened
// and the server's message, without the advice a single lookup gives.
func rowMessage(err error) string { return sanitize.Line(err.Error()) }

type rowWriter struct {
	w       *bufio.Writer
	idW     int
	sys     IO
	scratch bytes.Buffer
}

// Column widths of the batch table. Rows go out as they arrive, so widths
// cannot follow the content; these fit every value seen so far (the longest
// known State, "WaitingForCustomer", is 18).
const stateW, ageW, typeW = 20, 10, 18

func newRowWriter(w *bufio.Writer, ids []string, sys IO) *rowWriter {
	idW := len("LEAD ID")
	for _, id := range ids {
		idW = max(idW, ansi.StringWidth(sanitize.Line(id)))
	}
	return &rowWriter{w: w, idW: idW, sys: sys}
}

func pad(s string, w int) string {
	if d := w - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

func (t *rowWriter) header() {
	fmt.Fprintf(t.w, "%s  %s  %s  %s  %s\n", pad("LEAD ID", t.idW), pad("STATE", stateW), pad("SENT", ageW), pad("TYPE", typeW), "RECEIVER")
}

func (t *rowWriter) text(id string, res *api.Result, errMsg string) {
	id = pad(sanitize.Line(id), t.idW)
	if res == nil {
		fmt.Fprintf(t.w, "%s  error: %s\n", id, errMsg)
		return
	}
	l := res.Lead
	state := sanitize.Line(string(l.State))
	if state == "" {
		state = "—"
	}
	age := "—"
	if !l.SentAt.IsZero() {
		age = detail.Age(l.SentAt, t.sys.now())
	}
	typ := "—"
	if l.LeadSource != nil && l.LeadSource.LeadType != "" {
		typ = sanitize.Line(string(l.LeadSource.LeadType))
	}
	fmt.Fprintf(t.w, "%s  %s  %s  %s  %s\n", id, pad(state, stateW), pad(age, ageW), pad(typ, typeW), receiver(l.Receiver))
}

// receiver names who holds the lead: the most specific level present.
func receiver(r *api.LeadReceiver) string {
	switch r.Holder() {
	case api.LevelAgent:
		s := "agent " + sanitize.Line(r.Agent.ID)
		if o := r.Agent.Office; o != nil && o.CustomerID != "" {
			s += " (office " + sanitize.Line(o.CustomerID) + ")"
		}
		return s
	case api.LevelUserGroup:
		return "user group " + sanitize.Line(r.UserGroup.ID)
	case api.LevelOffice:
		s := "office"
		if r.Office.ID != "" {
			s += " " + sanitize.Line(r.Office.ID)
		}
		if r.Office.CustomerID != "" {
			s += " (" + sanitize.Line(r.Office.CustomerID) + ")"
		}
		return s
	}
	return "—"
}

// jsonRow is one line of `get --format json` with several ids.
type jsonRow struct {
	CustomerID string          `json:"customerId"`
	LeadID     string          `json:"leadId"`
	Status     int             `json:"status"`
	Lead       json.RawMessage `json:"lead,omitempty"`
	Error      string          `json:"error,omitempty"`
	ExitCode   int             `json:"exitCode"`
}

func (t *rowWriter) json(customer, id string, res *api.Result, err error, errMsg string, code int) {
	row := jsonRow{CustomerID: customer, LeadID: id, ExitCode: code}
	if res != nil {
		row.Status = res.Status
		t.scratch.Reset()
		if json.Compact(&t.scratch, res.Body) == nil {
			row.Lead = t.scratch.Bytes()
		} else {
			// Not reachable for a body that decoded, but never emit a
			// broken line: carry the body as a string instead.
			row.Lead, _ = json.Marshal(string(res.Body))
		}
	} else {
		row.Error = errMsg
		row.Status = statusOf(err)
	}
	enc := json.NewEncoder(t.w)
	// Keep the server's text as it came: no \u003c for "<".
	enc.SetEscapeHTML(false)
	// Strings and a valid RawMessage always encode; write errors show at Flush.
	_ = enc.Encode(row)
}

// statusOf is the HTTP status behind an error, 0 when no response came.
func statusOf(err error) int {
	if s := api.StatusOf(err); s != 0 {
		return s
	}
	var b *api.BadResponseError
	if errors.As(err, &b) && b.Response != nil {
		return b.Response.Status
	}
	return 0
}
