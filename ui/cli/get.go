package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/config"
	"leadinspector/ui/cellfit"
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
	// Names turns the ids of text output into names (agent, user group,
	// office, estates); nil, --no-names, json, xml and --raw show ids only
	// and make no name request.
	Names *api.Resolver
}

// names is the resolver text output uses, nil when names are not shown.
func (o GetOptions) names(sys IO) *names {
	if o.Args.NoNames || o.Args.Raw || o.Args.Format != "text" {
		return nil
	}
	return newNames(o.Names, sys, sys.l())
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
	// One localizer for the whole command: building one reads a catalogue.
	sys.Localizer = sys.l()
	o.Lookup.Localizer = sys.Localizer
	o.Lookup.Privacy = o.Privacy
	if sys.Stderr != nil {
		sys.Stderr = &lockedWriter{w: sys.Stderr}
	}
	defer pauseNotices(c, sys)()
	refs, err := o.refs(sys)
	if err != nil {
		Errorln(sys.Stderr, ErrorText(sys.l(), err))
		return ExitUsage
	}
	if o.Lookup.Demo {
		// A notice, not output: stdout may be a pipe or a file, where the
		// demo's fictional leads could be taken for real ones.
		Errorln(sys.Stderr, sys.l().T("cli.get.demo_notice"))
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
	var (
		out     []byte
		newline bool
	)
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
			l := sys.l()
			Errorln(sys.Stderr, l.T("cli.warning", "Text", i18n.M("cli.get.raw_secret")))
		}
	case o.Args.Format == "text":
		return o.printText(ctx, sys, res, ref)
	default:
		out = api.Pretty(res.Body, f)
		if o.Privacy {
			// Masked as the raw pane masks it; --raw stays exact.
			out = []byte(api.Mask(string(out), f))
		}
		if sys.StdoutTerminal {
			out = []byte(sanitize.Bytes(out))
		}
		// The newline goes out on its own: appended, it would copy a
		// 10 MiB body once more.
		newline = true
	}
	_, err = sys.Stdout.Write(out)
	if err == nil && newline {
		_, err = io.WriteString(sys.Stdout, "\n")
	}
	if err != nil {
		Errorln(sys.Stderr, sys.l().T("cli.cannot_write", "Error", err.Error()))
		return ExitInternal
	}
	return ExitOK
}

// refs splits the ids given (or read from stdin) as the inspector splits a
// paste: CUSTOMER/LEAD, URLs and bare ids of the customer argument (refused
// when the command line named no customer first); blank
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
		msgs := make([]string, 0, len(errs))
		for _, e := range errs[:min(len(errs), 10)] {
			msgs = append(msgs, sys.l().Error(e))
		}
		m := i18n.M("cli.get.bad_ids", "List", strings.Join(msgs, "; "))
		if len(errs) > 10 {
			m = i18n.M("cli.get.bad_ids_more", "Text", m, "More", i18n.MN("cli.get.more_bad_ids", len(errs)-10))
		}
		return nil, usage(CmdGet, m)
	}
	switch {
	case len(refs) == 0 && o.Args.FromStdin:
		return nil, usage(CmdGet, i18n.M("cli.get.no_stdin_ids"))
	case len(refs) == 0 && o.Args.CustomerID == "":
		return nil, usage(CmdGet, i18n.M("cli.usage.missing_ids"))
	case len(refs) == 0:
		return nil, usage(CmdGet, i18n.M("cli.usage.missing_lead_id", "ID", strconv.Quote(o.Args.CustomerID)))
	case len(refs) > MaxStdinIDs:
		return nil, usage(CmdGet, i18n.M("cli.get.too_many_ids", "Max", MaxStdinIDs))
	case len(refs) > 1 && o.Args.Raw:
		return nil, usage(CmdGet, i18n.M("cli.usage.raw_one"))
	case len(refs) > 1 && o.Args.Format == "xml":
		return nil, usage(CmdGet, i18n.M("cli.usage.xml_one"))
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

func (o GetOptions) printText(ctx context.Context, sys IO, res *api.Result, ref api.LeadRef) int {
	// Names take one more round of requests, all at once; the lead is
	// printed when they are in, with the ids of those that failed.
	var leadNames *api.LeadNames
	if nm := o.names(sys); nm != nil {
		keys := api.LeadNameKeys(ref.CustomerID, res.Lead)
		if o.Privacy {
			// Privacy mode masks an estate with its description: no need
			// to ask for it.
			keys = slices.DeleteFunc(keys, func(k api.NameKey) bool { return k.Kind == api.KindEstate })
		}
		ns := nm.resolve(ctx, keys)
		ln := ns.Lead(ref.CustomerID, res.Lead)
		leadNames = &ln
		nm.report(ns)
	}
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
	err := detail.RenderTo(w, res.Lead, detail.Options{
		Width: width, Styles: st, Now: sys.now(), Loc: sys.Loc,
		Privacy: o.Privacy, CustomerID: ref.CustomerID, LeadID: ref.LeadID,
		Names: leadNames, Lang: sys.Localizer, WholeIDs: true,
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		Errorln(sys.Stderr, sys.l().T("cli.cannot_write", "Error", err.Error()))
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
		return "", usage(CmdGet, i18n.M("cli.get.no_stdin"))
	}
	b, err := io.ReadAll(io.LimitReader(r, maxStdinBytes+1))
	if err != nil {
		return "", usage(CmdGet, i18n.M("cli.get.stdin_error", "Error", err.Error()))
	}
	if len(b) > maxStdinBytes {
		return "", usage(CmdGet, i18n.M("cli.get.stdin_too_big", "MiB", maxStdinBytes>>20))
	}
	return string(b), nil
}

type outcome struct {
	res *api.Result
	err error
	// names are the names of who holds the lead (text output only).
	names api.Names
	done  chan struct{}
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
	nm := o.names(sys)
	outs := make([]outcome, len(ids))
	for i := range outs {
		outs[i].done = make(chan struct{})
	}
	var next atomic.Int64
	var wg, namesWG sync.WaitGroup
	defer namesWG.Wait()
	for range n {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(ids) {
					return
				}
				out := &outs[i]
				out.res, out.err = c.GetIncomingLead(ctx, refs[i].CustomerID, refs[i].LeadID, f)
				if nm == nil || out.err != nil {
					close(out.done)
					continue
				}
				// The holder's name is asked for as soon as the lead is in,
				// while the next lead is looked up; the resolver's cache
				// asks once for a holder of several leads.
				namesWG.Go(func() {
					if k, ok := api.HolderKey(refs[i].CustomerID, out.res.Lead.Receiver); ok {
						out.names = nm.resolve(ctx, []api.NameKey{k})
					}
					close(out.done)
				})
			}
		})
	}
	defer wg.Wait()

	// Rows go out in input order, each as soon as it and all before it are in.
	w := bufio.NewWriter(sys.Stdout)
	tw := newRowWriter(w, ids, sys)
	tw.privacy = o.Privacy
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
			msg = o.redact(rowMessage(out.err, l, tw.l))
			if code == ExitOK {
				code = rowCode
			}
		}
		if o.Args.Format == "json" {
			tw.json(refs[i].CustomerID, refs[i].LeadID, out.res, out.err, msg, rowCode)
		} else {
			tw.text(id, refs[i].CustomerID, out, msg)
		}
		if err := w.Flush(); err != nil {
			Errorln(sys.Stderr, tw.l.T("cli.cannot_write", "Error", err.Error()))
			return ExitInternal
		}
		if nm != nil {
			nm.report(out.names)
		}
	}
	return code
}

// rowMessage is the short form of an error for a batch row: what happened
// and the server's words, without the advice a single lookup gives.
func rowMessage(err error, lk Lookup, l *i18n.Localizer) string {
	x := api.Explain(err, api.ExplainContext{CustomerID: lk.CustomerID, Profile: lk.Profile, Privacy: lk.Privacy, Localizer: l})
	x.Next = ""
	return x.Line(false)
}

type rowWriter struct {
	w       *bufio.Writer
	idW     int
	sys     IO
	l       *i18n.Localizer
	scratch bytes.Buffer
	// privacy masks each json row's lead (--privacy), as one id's body is.
	privacy bool
	// Column headings, in the user's language.
	hID, hState, hSent, hType, hReceiver string
}

// Column widths of the batch table. Rows go out as they arrive, so widths
// cannot follow the content; these fit every value seen so far (the longest
// known State, "WaitingForCustomer", is 18).
const stateW, ageW, typeW = 20, 10, 18

func newRowWriter(w *bufio.Writer, ids []string, sys IO) *rowWriter {
	l := sys.l()
	t := &rowWriter{w: w, sys: sys, l: l,
		hID: l.T("cli.batch.lead_id"), hState: l.T("cli.batch.state"), hSent: l.T("cli.batch.age"),
		hType: l.T("cli.batch.type"), hReceiver: l.T("cli.batch.receiver")}
	t.idW = ansi.StringWidth(t.hID)
	for _, id := range ids {
		t.idW = max(t.idW, ansi.StringWidth(sanitize.Line(id)))
	}
	return t
}

func (t *rowWriter) header() {
	fmt.Fprintf(t.w, "%s  %s  %s  %s  %s\n", cellfit.Pad(t.hID, t.idW), cellfit.Pad(t.hState, stateW), cellfit.Pad(t.hSent, ageW), cellfit.Pad(t.hType, typeW), t.hReceiver)
}

func (t *rowWriter) text(id, customer string, out outcome, errMsg string) {
	id = cellfit.Pad(sanitize.Line(id), t.idW)
	if out.res == nil {
		fmt.Fprintf(t.w, "%s  %s\n", id, t.l.T("cli.batch.error", "Text", errMsg))
		return
	}
	l := out.res.Lead
	state := sanitize.Line(api.EnumText(t.l, string(l.State)))
	if state == "" {
		state = "—"
	}
	age := "—"
	if !l.SentAt.IsZero() {
		age = t.l.Age(l.SentAt, t.sys.now())
	}
	typ := "—"
	if l.LeadSource != nil && l.LeadSource.LeadType != "" {
		typ = sanitize.Line(api.EnumText(t.l, string(l.LeadSource.LeadType)))
	}
	fmt.Fprintf(t.w, "%s  %s  %s  %s  %s\n", id, cellfit.Pad(state, stateW), cellfit.Pad(age, ageW), cellfit.Pad(typ, typeW),
		receiverWords(t.l, l.Receiver, out.names.Lead(customer, l)))
}

// receiverWords is the RECEIVER cell: who holds the lead, by name when it
// was resolved, "—" for nobody; with the names paused, the id and why.
func receiverWords(l *i18n.Localizer, r *api.LeadReceiver, names api.LeadNames) string {
	h := detail.HolderOf(r, &names)
	if h.Level == api.LevelNone {
		return "—"
	}
	if np := pausedName(r, names); np != nil {
		return h.Text(l) + " · " + np.Localize(l)
	}
	return h.Text(l)
}

// pausedName is why the holder's name was not asked for, nil when it was.
func pausedName(r *api.LeadReceiver, names api.LeadNames) *api.NamesPausedError {
	var n *api.Name
	switch r.Holder() {
	case api.LevelAgent:
		n = names.Agent
	case api.LevelUserGroup:
		n = names.UserGroup
	case api.LevelOffice:
		n = names.Office
	}
	var np *api.NamesPausedError
	if n != nil && errors.As(n.Err, &np) {
		return np
	}
	return nil
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
			if t.privacy {
				// Masked as one id's --format json is; the shape stays.
				row.Lead = json.RawMessage(api.Mask(t.scratch.String(), api.JSON))
			}
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
