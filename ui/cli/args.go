package cli

import (
	"errors"
	"flag"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"leadinspector/api/base/i18n"
	"leadinspector/config"
)

// Command is a subcommand; the empty Command is the inspector.
type Command string

// The commands.
const (
	CmdInspect Command = ""
	CmdGet     Command = "get"
	CmdDemo    Command = "demo"
	CmdConfig  Command = "config"
	CmdVersion Command = "version"
	CmdHelp    Command = "help"
	CmdServe   Command = "serve" // the desk hub
	CmdAudit   Command = "audit" // the hub's audit log
)

// Global holds the flags every command accepts, before or after its name.
type Global struct {
	Config   string
	Profile  string
	BaseURL  string
	Username string
	Timeout  time.Duration
	Demo     bool
	NoColor  bool
	Privacy  bool
	// Lang is --lang, "" when not given.
	Lang i18n.Lang
}

// ConfigFlags are the global flags as package config takes them.
func (g Global) ConfigFlags() config.Flags {
	return config.Flags{Config: g.Config, Profile: g.Profile, BaseURL: g.BaseURL,
		Username: g.Username, Timeout: g.Timeout, Privacy: g.Privacy, Lang: g.Lang}
}

// GetArgs are the arguments of `get`.
type GetArgs struct {
	// Format is "text", "json" or "xml".
	Format string
	// Accept is "json", "xml" or "" (the profile's format).
	Accept string
	Raw    bool
	// NoNames is --no-names: text output shows ids only, with no name
	// requests.
	NoNames bool
	// Parallel is 0 when not given (ui.parallel applies).
	Parallel   int
	CustomerID string
	// LeadIDs are the ids given; FromStdin is true when the only one was
	// "-", to be read from stdin.
	LeadIDs   []string
	FromStdin bool
}

// DemoArgs are the arguments of `demo`.
type DemoArgs struct {
	Addr string
	List bool
}

// Invocation is a parsed command line.
type Invocation struct {
	Command Command
	// Sub is config's subcommand (init, path or check); for help, the
	// command help was asked about.
	Sub    string
	Global Global
	// Help is true when --help was given: print Command's help, exit 0.
	Help bool
	// Version is true when --version was given: print the version, exit 0.
	Version bool
	Get     GetArgs
	Demo    DemoArgs
	// Queue and NotifyTest are the notification commands' (queue.go).
	Queue      QueueArgs
	NotifyTest NotifyTestArgs
	Audit      AuditArgs
}

// AuditArgs are the arguments of `audit`.
type AuditArgs struct {
	Since  time.Duration // 0: all
	Person string
	Lead   string // a lead or contact id
	Format string // text, csv or json
}

// UsageError is a command line that cannot be run; exit code 2.
type UsageError struct {
	// Command is the command whose help to point at ("" for the program).
	Command Command
	// Text is the message, worded when printed (Localize). Msg is used
	// instead when Text is empty: an English text not yet in the
	// catalogues.
	Text i18n.Message
	Msg  string
}

// Error is the message in English.
func (e *UsageError) Error() string { return e.Localize(i18n.New(i18n.English)) }

// Localize is the message in l's language, with the help to read.
func (e *UsageError) Localize(l *i18n.Localizer) string {
	help := Program + " --help"
	if e.Command != CmdInspect {
		help = Program + " " + string(e.Command) + " --help"
	}
	text := e.Msg
	if !e.Text.IsZero() {
		text = l.Say(e.Text)
	}
	return l.T("cli.usage.see_help", "Text", text, "Help", help)
}

// ErrorText is err as the user reads it: in l's language where err knows
// how to say itself there.
func ErrorText(l *i18n.Localizer, err error) string { return l.Error(err) }

// A usage error words itself for Localizer.Error.
var _ i18n.Localized = (*UsageError)(nil)

// usage is a UsageError with message id and its arguments (as i18n.M).
func usage(c Command, m i18n.Message) error { return &UsageError{Command: c, Text: m} }

// didYouMean adds the likely intended word to m, if there is one.
func didYouMean(m i18n.Message, word string, candidates ...string) i18n.Message {
	if s := closest(word, candidates...); s != "" {
		return i18n.M("cli.usage.did_you_mean", "Text", m, "Word", s)
	}
	return m
}

// Parse reads the command line (without the program name). Flags may stand
// before or after the command's arguments, in --flag=value or --flag value
// form; "--" ends the flags.
func Parse(args []string) (*Invocation, error) {
	inv := &Invocation{}
	// why is what a flag's own check found wrong with its value, in words
	// the flag package's error cannot carry.
	var why i18n.Message
	fs := newFlagSet(inv, CmdInspect, &why)
	if err := fs.Parse(args); err != nil {
		return flagError(CmdInspect, err, why)
	}
	rest := fs.Args()
	if !inv.Help && inv.Version {
		return versionOnly(), nil
	}
	if len(rest) == 0 {
		return inv, nil
	}
	cmd := Command(rest[0])
	switch cmd {
	case CmdGet, CmdDemo, CmdConfig, CmdVersion, CmdHelp, CmdQueue, CmdNotifyTest, CmdServe, CmdAudit:
	default:
		return nil, usage(CmdInspect, didYouMean(i18n.M("cli.usage.unknown_command", "Name", strconv.Quote(rest[0])),
			rest[0], "get", "demo", "config", "version", "help", "queue", "notify-test", "serve", "audit"))
	}
	inv.Command = cmd
	fs = newFlagSet(inv, cmd, &why)
	pos, err := parseInterleaved(fs, rest[1:])
	if err != nil {
		return flagError(cmd, err, why)
	}
	if inv.Help {
		return inv, nil
	}
	if inv.Version {
		// A global flag: it wins over the command it stands with.
		return versionOnly(), nil
	}
	if err := inv.checkArgs(cmd, pos); err != nil {
		return nil, err
	}
	if inv.Global.Demo && (inv.Global.BaseURL != "" || inv.Global.Profile != "" || inv.Global.Username != "") {
		return nil, usage(inv.Command, i18n.M("cli.usage.demo_exclusive"))
	}
	return inv, nil
}

// checkArgs checks the command's arguments (what stands after it that is
// not a flag) and keeps what they say.
func (inv *Invocation) checkArgs(cmd Command, pos []string) error {
	switch cmd {
	case CmdGet:
		return inv.checkGet(pos)
	case CmdQueue:
		return inv.checkQueue(pos)
	case CmdNotifyTest:
		return inv.checkNotifyTest(pos)
	case CmdConfig:
		return inv.checkConfig(pos)
	case CmdHelp:
		return inv.checkHelp(pos)
	}
	// demo, version, serve, audit
	return noArgs(cmd, pos)
}

// checkConfig keeps config's subcommand: init, path or check.
func (inv *Invocation) checkConfig(pos []string) error {
	switch {
	case len(pos) == 0:
		return usage(CmdConfig, i18n.M("cli.usage.config_needs_sub"))
	case len(pos) > 1:
		return usage(CmdConfig, i18n.M("cli.usage.unexpected_arg", "Arg", strconv.Quote(pos[1])))
	case pos[0] != "init" && pos[0] != "path" && pos[0] != "check":
		return usage(CmdConfig, i18n.M("cli.usage.use_config_sub", "Text", didYouMean(
			i18n.M("cli.usage.unknown_config_sub", "Name", strconv.Quote(pos[0])), pos[0], "init", "path", "check")))
	}
	inv.Sub = pos[0]
	return nil
}

// checkHelp makes `help get` into `get --help`.
func (inv *Invocation) checkHelp(pos []string) error {
	inv.Help = true
	inv.Command = CmdInspect
	if len(pos) == 0 {
		return nil
	}
	switch c := Command(pos[0]); c {
	case CmdGet, CmdDemo, CmdConfig, CmdVersion, CmdQueue, CmdNotifyTest, CmdServe, CmdAudit:
		inv.Command = c
		return nil
	}
	return usage(CmdInspect, i18n.M("cli.usage.no_help_for", "Name", strconv.Quote(pos[0])))
}

// LangArg is the language a --lang on the command line names, "" for none or
// an invalid one: what a usage error is worded in when Parse fails.
func LangArg(args []string) i18n.Lang {
	var lang i18n.Lang
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				break
			}
			i++
			v = args[i]
		}
		if l, err := i18n.ParseLang(v); err == nil {
			lang = l
		}
	}
	return lang
}

// versionOnly is the invocation --version stands for.
func versionOnly() *Invocation { return &Invocation{Command: CmdVersion} }

// closest is the candidate a mistyped word most likely meant: one edit
// away (a letter wrong, missing, extra, or two swapped), two for words of
// five letters or more; "" when none is that close.
func closest(word string, candidates ...string) string {
	word = strings.ToLower(word)
	best, bestD := "", 3
	for _, c := range candidates {
		limit := 1
		if len(c) >= 5 {
			limit = 2
		}
		if d := typoDistance(word, c); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// typoDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each count one.
func typoDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range rb {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func noArgs(c Command, pos []string) error {
	if len(pos) > 0 {
		return usage(c, i18n.M("cli.usage.unexpected_arg", "Arg", strconv.Quote(pos[0])))
	}
	return nil
}

func (inv *Invocation) checkGet(pos []string) error {
	g := &inv.Get
	switch {
	case len(pos) == 0:
		return usage(CmdGet, i18n.M("cli.usage.missing_ids"))
	case namesLeads(pos[0]):
		// CUSTOMER/LEAD, a URL, a list in one argument, or "-": the leads
		// carry their customer, and a bare id among them is refused for
		// want of one.
		g.LeadIDs = pos
	case leadLike(pos[0]):
		// "get LED…": the customer is missing, not the lead.
		return usage(CmdGet, i18n.M("cli.usage.missing_customer_id", "ID", strconv.Quote(pos[0])))
	case len(pos) == 1:
		return usage(CmdGet, i18n.M("cli.usage.missing_lead_id", "ID", strconv.Quote(pos[0])))
	default:
		g.CustomerID, g.LeadIDs = pos[0], pos[1:]
	}
	for _, id := range g.LeadIDs {
		if id == "-" {
			if len(g.LeadIDs) > 1 {
				return usage(CmdGet, i18n.M("cli.usage.stdin_only"))
			}
			g.FromStdin, g.LeadIDs = true, nil
		}
	}
	switch g.Format {
	case "text", "json", "xml":
	default:
		return usage(CmdGet, i18n.M("cli.usage.bad_format", "Value", strconv.Quote(g.Format)))
	}
	switch g.Accept {
	case "", "json", "xml":
	default:
		return usage(CmdGet, i18n.M("cli.usage.bad_accept", "Value", strconv.Quote(g.Accept)))
	}
	if g.Parallel != 0 && (g.Parallel < 1 || g.Parallel > config.MaxParallel) {
		return usage(CmdGet, i18n.M("cli.usage.bad_parallel", "Value", g.Parallel, "Max", config.MaxParallel))
	}
	if g.Batch() && g.Raw {
		return usage(CmdGet, i18n.M("cli.usage.raw_one"))
	}
	if g.Batch() && g.Format == "xml" {
		return usage(CmdGet, i18n.M("cli.usage.xml_one"))
	}
	return nil
}

// namesLeads is true for a first argument of get that is not a customer id
// alone: a token that names its customer (CUSTOMER/LEAD, a URL), several
// tokens in one argument ("M30011 LED1", "LED1,LED2"), or - (stdin).
func namesLeads(arg string) bool {
	return arg == "-" || strings.ContainsFunc(arg, func(r rune) bool {
		return r == '/' || r == ',' || r == ';' || r == '#' || unicode.IsSpace(r)
	})
}

// Batch reports whether get was asked for more than one lead (or for ids
// from stdin).
func (g GetArgs) Batch() bool { return g.FromStdin || len(g.LeadIDs) > 1 }

// newFlagSet declares the global flags, and those of cmd, on inv's fields. A
// flag whose value is refused sets *why to the reason.
func newFlagSet(inv *Invocation, cmd Command, why *i18n.Message) *flag.FlagSet {
	fs := flag.NewFlagSet(string(cmd), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	g := &inv.Global
	fs.StringVar(&g.Config, "config", g.Config, "")
	fs.StringVar(&g.Profile, "profile", g.Profile, "")
	fs.StringVar(&g.BaseURL, "base-url", g.BaseURL, "")
	fs.StringVar(&g.Username, "username", g.Username, "")
	// refuse records the reason for the error message and gives the flag
	// package an error to stop on.
	refuse := func(m i18n.Message) error {
		*why = m
		return errors.New(m.ID)
	}
	fs.Func("timeout", "", func(s string) error {
		d, err := config.ParseDuration(s)
		if err != nil {
			return refuse(i18n.M("cli.flag.not_duration", "Value", strconv.Quote(s)))
		}
		if d <= 0 || d > config.MaxTimeout {
			return refuse(i18n.M("cli.flag.timeout_range", "Max", config.MaxTimeout.String()))
		}
		g.Timeout = d
		return nil
	})
	fs.Func("lang", "", func(s string) error {
		l, err := i18n.ParseLang(s)
		if err != nil {
			return refuse(i18n.M("cli.flag.bad_lang"))
		}
		g.Lang = l
		return nil
	})
	fs.BoolVar(&g.Demo, "demo", g.Demo, "")
	fs.BoolVar(&g.NoColor, "no-color", g.NoColor, "")
	fs.BoolVar(&g.Privacy, "privacy", g.Privacy, "")
	fs.BoolVar(&inv.Help, "help", inv.Help, "")
	fs.BoolVar(&inv.Help, "h", inv.Help, "")
	fs.BoolVar(&inv.Version, "version", inv.Version, "")
	switch cmd {
	case CmdGet:
		inv.Get.Format = "text"
		fs.StringVar(&inv.Get.Format, "format", "text", "")
		fs.StringVar(&inv.Get.Accept, "accept", "", "")
		fs.BoolVar(&inv.Get.Raw, "raw", false, "")
		fs.BoolVar(&inv.Get.NoNames, "no-names", false, "")
		fs.Func("parallel", "", func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil {
				return refuse(i18n.M("cli.flag.not_number"))
			}
			if n < 1 || n > config.MaxParallel {
				return refuse(i18n.M("cli.flag.parallel_range", "Max", config.MaxParallel))
			}
			inv.Get.Parallel = n
			return nil
		})
	case CmdDemo:
		fs.StringVar(&inv.Demo.Addr, "addr", "", "")
		fs.BoolVar(&inv.Demo.List, "list", false, "")
	case CmdAudit:
		inv.Audit.Format = "text"
		fs.Func("since", "", func(s string) error {
			d, err := config.ParseSpan(s)
			if err != nil || d <= 0 {
				return refuse(i18n.M("hub.flag.since"))
			}
			inv.Audit.Since = d
			return nil
		})
		fs.StringVar(&inv.Audit.Person, "person", "", "")
		fs.StringVar(&inv.Audit.Lead, "lead", "", "")
		fs.Func("format", "", func(s string) error {
			switch s {
			case "text", "csv", "json":
				inv.Audit.Format = s
				return nil
			}
			return refuse(i18n.M("hub.flag.audit_format"))
		})
	case CmdQueue:
		queueFlags(fs, &inv.Queue, refuse)
	case CmdNotifyTest:
		notifyTestFlags(fs, &inv.NotifyTest)
	}
	return fs
}

// parseInterleaved parses flags wherever they stand among the positional
// arguments, which it returns in order. "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// The flag package's errors, which it has only as text. The expressions
// are compiled when first needed, not at every start of the program.
var (
	flagValueRE = lazyRE(`^invalid value ("(?:[^"\\]|\\.)*") for flag -([\w-]+): `)
	flagBoolRE  = lazyRE(`^invalid boolean (?:value ".*" for -|flag )([\w-]+)`)
	flagNameRE  = lazyRE(`(^|[\s:])-([A-Za-z][\w-]*)`)
)

// lazyRE is regexp.MustCompile(expr) on first use.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// flagError turns the flag package's errors into usage errors that name
// flags the way the help does (--name); why is the reason a flag's own
// check gave.
func flagError(c Command, err error, why i18n.Message) (*Invocation, error) {
	msg := err.Error()
	var m i18n.Message
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		m = i18n.M("cli.flag.unknown", "Flag", name)
		if strings.Contains(strings.ToLower(name), "password") {
			m = i18n.M("cli.flag.no_password", "Flag", name, "Env", config.EnvPassword)
		}
	} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		m = i18n.M("cli.flag.needs_value", "Flag", name)
	} else if v := flagValueRE().FindStringSubmatch(msg); v != nil && !why.IsZero() {
		m = i18n.M("cli.flag.bad_value", "Value", v[1], "Flag", v[2], "Reason", why)
	} else if v := flagBoolRE().FindStringSubmatch(msg); v != nil {
		m = i18n.M("cli.flag.bad_bool", "Flag", v[1])
	} else if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		m = i18n.M("cli.flag.bad_syntax", "Arg", arg)
	} else {
		// An error this code does not know: shown as the flag package has
		// it, with flags named as the help names them.
		return nil, &UsageError{Command: c, Msg: flagNameRE().ReplaceAllString(msg, "$1--$2")}
	}
	return nil, usage(c, m)
}

// leadLike says whether an argument is a lead id (Express's start with
// "LED") rather than a customer id.
func leadLike(id string) bool { return len(id) > 3 && strings.EqualFold(id[:3], "LED") }
