package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

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
}

// ConfigFlags are the global flags as package config takes them.
func (g Global) ConfigFlags() config.Flags {
	return config.Flags{Config: g.Config, Profile: g.Profile, BaseURL: g.BaseURL,
		Username: g.Username, Timeout: g.Timeout, Privacy: g.Privacy}
}

// GetArgs are the arguments of `get`.
type GetArgs struct {
	// Format is "text", "json" or "xml".
	Format string
	// Accept is "json", "xml" or "" (the profile's format).
	Accept string
	Raw    bool
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
}

// UsageError is a command line that cannot be run; exit code 2.
type UsageError struct {
	// Command is the command whose help to point at ("" for the program).
	Command Command
	Msg     string
}

func (e *UsageError) Error() string {
	help := Program + " --help"
	if e.Command != CmdInspect {
		help = Program + " " + string(e.Command) + " --help"
	}
	return e.Msg + " (run '" + help + "')"
}

func usagef(c Command, format string, args ...any) error {
	return &UsageError{Command: c, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads the command line (without the program name). Flags may stand
// before or after the command's arguments, in --flag=value or --flag value
// form; "--" ends the flags.
func Parse(args []string) (*Invocation, error) {
	inv := &Invocation{}
	fs := newFlagSet(inv, CmdInspect)
	if err := fs.Parse(args); err != nil {
		return flagError(CmdInspect, err)
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
	case CmdGet, CmdDemo, CmdConfig, CmdVersion, CmdHelp:
	default:
		msg := fmt.Sprintf("unknown command %q", rest[0])
		if s := closest(rest[0], "get", "demo", "config", "version", "help"); s != "" {
			msg += "; did you mean " + s + "?"
		}
		return nil, usagef(CmdInspect, "%s", msg)
	}
	inv.Command = cmd
	fs = newFlagSet(inv, cmd)
	pos, err := parseInterleaved(fs, rest[1:])
	if err != nil {
		return flagError(cmd, err)
	}
	if inv.Help {
		return inv, nil
	}
	if inv.Version {
		// A global flag: it wins over the command it stands with.
		return versionOnly(), nil
	}
	switch cmd {
	case CmdGet:
		err = inv.checkGet(pos)
	case CmdDemo:
		err = noArgs(cmd, pos)
	case CmdVersion:
		err = noArgs(cmd, pos)
	case CmdConfig:
		switch {
		case len(pos) == 0:
			err = usagef(cmd, "config needs a subcommand: init, path or check")
		case len(pos) > 1:
			err = usagef(cmd, "unexpected argument %q", pos[1])
		case pos[0] != "init" && pos[0] != "path" && pos[0] != "check":
			msg := fmt.Sprintf("unknown config subcommand %q", pos[0])
			if s := closest(pos[0], "init", "path", "check"); s != "" {
				msg += "; did you mean " + s + "?"
			}
			err = usagef(cmd, "%s: use init, path or check", msg)
		}
		if err == nil {
			inv.Sub = pos[0]
		}
	case CmdHelp:
		// `help get` is `get --help`.
		inv.Help = true
		inv.Command = CmdInspect
		if len(pos) > 0 {
			switch c := Command(pos[0]); c {
			case CmdGet, CmdDemo, CmdConfig, CmdVersion:
				inv.Command = c
			default:
				err = usagef(CmdInspect, "no help for %q: commands are get, demo, config and version", pos[0])
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if inv.Global.Demo && (inv.Global.BaseURL != "" || inv.Global.Profile != "" || inv.Global.Username != "") {
		return nil, usagef(inv.Command, "--demo uses the built-in demo API: it cannot be combined with --base-url, --profile or --username")
	}
	return inv, nil
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
		return usagef(c, "unexpected argument %q", pos[0])
	}
	return nil
}

func (inv *Invocation) checkGet(pos []string) error {
	g := &inv.Get
	switch len(pos) {
	case 0:
		return usagef(CmdGet, "missing CUSTOMER_ID and LEAD_ID")
	case 1:
		return usagef(CmdGet, "missing LEAD_ID after customer id %q", pos[0])
	}
	g.CustomerID, g.LeadIDs = pos[0], pos[1:]
	for _, id := range g.LeadIDs {
		if id == "-" {
			if len(g.LeadIDs) > 1 {
				return usagef(CmdGet, "- (read lead ids from stdin) must be the only LEAD_ID")
			}
			g.FromStdin, g.LeadIDs = true, nil
		}
	}
	switch g.Format {
	case "text", "json", "xml":
	default:
		return usagef(CmdGet, "--format %q: use text, json or xml", g.Format)
	}
	switch g.Accept {
	case "", "json", "xml":
	default:
		return usagef(CmdGet, "--accept %q: use json or xml", g.Accept)
	}
	if g.Parallel != 0 && (g.Parallel < 1 || g.Parallel > config.MaxParallel) {
		return usagef(CmdGet, "--parallel %d: use a number from 1 to %d", g.Parallel, config.MaxParallel)
	}
	if g.Batch() && g.Raw {
		return usagef(CmdGet, "--raw prints one body: give one LEAD_ID, or use --format json for several")
	}
	if g.Batch() && g.Format == "xml" {
		return usagef(CmdGet, "--format xml prints one body: give one LEAD_ID, or use --format json for several")
	}
	return nil
}

// Batch reports whether get was asked for more than one lead (or for ids
// from stdin).
func (g GetArgs) Batch() bool { return g.FromStdin || len(g.LeadIDs) > 1 }

// newFlagSet declares the global flags, and those of cmd, on inv's fields.
func newFlagSet(inv *Invocation, cmd Command) *flag.FlagSet {
	fs := flag.NewFlagSet(string(cmd), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	g := &inv.Global
	fs.StringVar(&g.Config, "config", g.Config, "")
	fs.StringVar(&g.Profile, "profile", g.Profile, "")
	fs.StringVar(&g.BaseURL, "base-url", g.BaseURL, "")
	fs.StringVar(&g.Username, "username", g.Username, "")
	fs.Func("timeout", "", func(s string) error {
		d, err := config.ParseDuration(s)
		if err != nil {
			return err
		}
		if d <= 0 || d > config.MaxTimeout {
			return fmt.Errorf("use a duration above 0 and at most %s", config.MaxTimeout)
		}
		g.Timeout = d
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
		fs.Func("parallel", "", func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil {
				return errors.New("not a number")
			}
			if n < 1 || n > config.MaxParallel {
				return fmt.Errorf("use a number from 1 to %d", config.MaxParallel)
			}
			inv.Get.Parallel = n
			return nil
		})
	case CmdDemo:
		fs.StringVar(&inv.Demo.Addr, "addr", "", "")
		fs.BoolVar(&inv.Demo.List, "list", false, "")
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

var flagNameRE = regexp.MustCompile(`(^|[\s:])-([A-Za-z][\w-]*)`)

// flagError turns the flag package's errors into usage errors that name
// flags the way the help does (--name).
func flagError(c Command, err error) (*Invocation, error) {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag --" + name
		if strings.Contains(strings.ToLower(name), "password") {
			msg += ": the password is never a flag; set " + config.EnvPassword + " or password_command in the profile"
		}
	} else {
		msg = flagNameRE.ReplaceAllString(msg, "$1--$2")
	}
	return nil, &UsageError{Command: c, Msg: msg}
}
