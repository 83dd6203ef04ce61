package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
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

// maxStdinBytes bounds what `get … -` reads: room for MaxStdinIDs ids of
// the longest kind, as URLs with a comment each.
const maxStdinBytes = MaxStdinIDs * 256

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
	refs, err := o.refs(sys)
	if err != nil {
		Errorln(sys.Stderr, err.Error())
		return ExitUsage
	}
	if o.Args.FromStdin || len(refs) > 1 {
		return getBatch(ctx, c, o, refs, sys)
	}
	ref := refs[0]
	f := o.requested()
	res, err := c.GetIncomingLead(ctx, ref.CustomerID, ref.LeadID, f)
	if err != nil {
		return o.fail(sys, err, ref)
	}
	var out []byte
	switch {
	case o.Args.Raw && sys.StdoutTerminal:
		// Bytes go out unchanged only when stdout is not a terminal: a
		// screen gets the redacted body, control characters made visible.
		out = []byte(sanitize.Bytes(res.Body))
		if !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, '\n')
		}
	case o.Args.Raw:
		// Scripts get the body byte for byte, even a credential the server
		// echoed; the person running them is told.
		out = res.ExactBody()
		if res.SecretEchoed {
			Errorln(sys.Stderr, "warning: the server's answer contains the password; --raw writes it as received")
		}
	case o.Args.Format == "text":
		return o.printText(sys, res, ref)
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

// refs splits the ids given (or read from stdin) as the inspector splits a
// paste: CUSTOMER/LEAD, URLs and bare ids of the customer argument; blank
// lines and # comments skipped. A token that cannot be an id refuses the
// whole list before any request.
func (o GetOptions) refs(sys IO) ([]api.LeadRef, error) {
	text := strings.Join(o.Args.LeadIDs, "\n")
	if o.Args.FromStdin {
		var err error
		if text, err = readIDs(sys.Stdin); err != nil {
			return nil, err
		}
	}
	refs, errs := api.SplitIDs(text, o.Args.CustomerID)
	if len(errs) > 0 {
		msgs := make([]string, 0, len(errs)+1)
		for _, e := range errs[:min(len(errs), 10)] {
			msgs = append(msgs, e.Error())
		}
		if len(errs) > 10 {
			msgs = append(msgs, fmt.Sprintf("and %d more", len(errs)-10))
		}
		return nil, usagef(CmdGet, "not a lead id, nothing was sent: %s", strings.Join(msgs, "; "))
	}
	switch {
	case len(refs) == 0 && o.Args.FromStdin:
		return nil, usagef(CmdGet, "no lead ids on stdin (one per line, or CUSTOMER/LEAD, or a URL)")
	case len(refs) == 0:
		return nil, usagef(CmdGet, "missing LEAD_ID after customer id %q", o.Args.CustomerID)
	case len(refs) > MaxStdinIDs:
		return nil, usagef(CmdGet, "more than %d lead ids: split the list", MaxStdinIDs)
	case len(refs) > 1 && o.Args.Raw:
		return nil, usagef(CmdGet, "--raw prints one body: give one LEAD_ID, or use --format json for several")
	case len(refs) > 1 && o.Args.Format == "xml":
		return nil, usagef(CmdGet, "--format xml prints one body: give one LEAD_ID, or use --format json for several")
	}
	return refs, nil
}

func (o GetOptions) fail(sys IO, err error, ref api.LeadRef) int {
	l := o.Lookup
	l.CustomerID, l.LeadID = ref.CustomerID, ref.LeadID
	l.Now, l.Loc = sys.now(), sys.Loc
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

func (o GetOptions) printText(sys IO, res *api.Result, ref api.LeadRef) int {
	colour := o.colour(sys)
	st := styles.New(true, true, nil)
	if colour {
		st = styles.New(true, false, o.StateColors)
	}
	width := sys.Width
	if width <= 0 {
		width = 80
	}
	// Lines stream out as they are drawn; each Write below is one whole
	// line, which both filters need: they look at one Write at a time.
	bw := bufio.NewWriterSize(sys.Stdout, 64<<10)
	var w io.Writer = plainLines{bw}
	if colour {
		// Bring the palette down to what the terminal says it can show.
		w = &colorprofile.Writer{Forward: bw, Profile: colorprofile.Env(environ(sys))}
	}
	if o.Lookup.Demo {
		// A notice, not output: stdout may be a pipe.
		Errorln(sys.Stderr, "[DEMO] built-in demo API, fictional leads")
	}
	err := detail.RenderTo(w, res.Lead, detail.Options{
		Width: width, Styles: st, Now: sys.now(), Loc: sys.Loc,
		Privacy: o.Privacy, CustomerID: ref.CustomerID, LeadID: ref.LeadID,
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		Errorln(sys.Stderr, "cannot write the output: "+err.Error())
		return ExitInternal
	}
	return ExitOK
}

// plainLines strips the styling from each line written through it: output
// without colour has none.
type plainLines struct{ w io.Writer }

func (p plainLines) Write(b []byte) (int, error) {
	if bytes.IndexByte(b, 0x1b) < 0 {
		return p.w.Write(b)
	}
	if _, err := io.WriteString(p.w, ansi.Strip(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
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

// readIDs reads the text of a list of lead ids from r, bounded.
func readIDs(r io.Reader) (string, error) {
	if r == nil {
		return "", usagef(CmdGet, "no lead ids on stdin")
	}
	b, err := io.ReadAll(io.LimitReader(r, maxStdinBytes+1))
	if err != nil {
		return "", usagef(CmdGet, "reading lead ids from stdin: %v", err)
	}
	if len(b) > maxStdinBytes {
		return "", usagef(CmdGet, "more than %d MiB of lead ids on stdin: split the list", maxStdinBytes>>20)
	}
	return string(b), nil
}

type outcome struct {
	res  *api.Result
	err  error
	done chan struct{}
}

func getBatch(ctx context.Context, c api.LeadGetter, o GetOptions, refs []api.LeadRef, sys IO) int {
	// A row names its customer too when it is not the one of the command.
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.LeadID
		if r.CustomerID != o.Args.CustomerID {
			ids[i] = r.CustomerID + "/" + r.LeadID
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
				outs[i].res, outs[i].err = c.GetIncomingLead(ctx, refs[i].CustomerID, refs[i].LeadID, f)
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
			l.CustomerID, l.LeadID = refs[i].CustomerID, refs[i].LeadID
			_, rowCode = Describe(out.err, l)
			msg = o.redact(rowMessage(out.err, l))
			if code == ExitOK {
				code = rowCode
			}
		}
		if o.Args.Format == "json" {
			tw.json(refs[i].CustomerID, refs[i].LeadID, out.res, out.err, msg, rowCode)
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
// and the server's words, without the advice a single lookup gives.
func rowMessage(err error, l Lookup) string {
	x := api.Explain(err, api.ExplainContext{CustomerID: l.CustomerID, LeadID: l.LeadID, Profile: l.Profile})
	x.Next = ""
	return x.Line(false)
}

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
		row.Status = api.AnsweredStatus(err)
	}
	enc := json.NewEncoder(t.w)
	// Keep the server's text as it came: no \u003c for "<".
	enc.SetEscapeHTML(false)
	// Strings and a valid RawMessage always encode; write errors show at Flush.
	_ = enc.Encode(row)
}
