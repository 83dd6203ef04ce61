// Command leadinspector looks up incoming leads in Vitec Express through
// Express Connect: an interactive inspector, and one-shot commands for
// scripts. This file is wiring only: parse the arguments, load the
// configuration, build the client, run the command.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
	"leadinspector/api/demo"
	"leadinspector/config"
	"leadinspector/ui"
	"leadinspector/ui/cli"
	"leadinspector/ui/desk"
	"leadinspector/ui/hub"
	"leadinspector/ui/notify"
	"leadinspector/ui/scratch"
)

func main() {
	ctx, signalled := notifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	if n := signalled(); n != 0 {
		// Ended by a signal, whatever was left to print (a lead whose
		// names were still loading): exit as a shell reports a death by it.
		code = 128 + n
	}
	os.Exit(code)
}

// notifyContext is signal.NotifyContext, except that a second signal ends
// the program at once, whatever the first one is still waiting for; the
// function returned tells the first signal's number (0: none came).
func notifyContext(parent context.Context, sigs ...os.Signal) (context.Context, func() int) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, sigs...)
	var got atomic.Int32
	number := func(s os.Signal) int32 {
		if n, ok := s.(syscall.Signal); ok {
			return int32(n)
		}
		return 2 // os.Interrupt where it is not a syscall.Signal
	}
	go func() {
		s := <-ch
		got.Store(number(s))
		cancel(fmt.Errorf("%v signal received", s))
		os.Exit(128 + int(number(<-ch)))
	}()
	return ctx, func() int { return int(got.Load()) }
}

// run is the whole program with its process handed in; it returns the exit
// code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	inv, l, code := parse(args, getenv, stderr)
	if inv == nil {
		return code
	}
	sys := processIO(stdin, stdout, stderr, getenv, l)
	if inv.Help {
		return cli.Help(inv.Command, stdout, l)
	}
	if code, ran := runWithoutSettings(ctx, inv, sys); ran {
		return code
	}
	s, ok := loadSettings(inv, sys)
	if !ok {
		return cli.ExitUsage
	}
	switch inv.Command {
	case cli.CmdAudit:
		return cli.Audit(ctx, hub.DatabasePath(s), inv.Audit, time.Now(), sys)
	case cli.CmdQueue:
		return cli.Queue(ctx, hub.DatabasePath(s), s.Serve.Notify.StuckAfter, inv.Queue, sys)
	}
	if inv.Global.Demo {
		stop, err := useDemo(s)
		if err != nil {
			cli.Errorln(stderr, err.Error())
			return cli.ExitInternal
		}
		defer stop()
	}
	if inv.Command == cli.CmdInspect && !sys.StdoutTerminal {
		cli.Errorln(stderr, l.T("cli.needs_terminal", "Program", cli.Program))
		return cli.ExitUsage
	}
	c, err := connect(ctx, s, inv)
	if err != nil {
		cli.Errorln(stderr, l.Error(err))
		return cli.ExitUsage
	}
	defer c.client.CloseIdleConnections()
	noColor := inv.Global.NoColor || getenv("NO_COLOR") != ""
	switch inv.Command {
	case cli.CmdGet:
		return get(ctx, inv, s, c, noColor, sys)
	case cli.CmdServe:
		return hub.Run(ctx, hub.RunOptions{Settings: s, Client: c.client, Lang: l, Stdout: stdout, Stderr: stderr,
			Base: inspectorOptions(s, c, noColor, l)})
	}
	return inspect(ctx, s, c, inspectorOptions(s, c, noColor, l), sys)
}

// parse reads the command line and the language. On a usage error it says
// so and returns a nil invocation with the exit code.
func parse(args []string, getenv func(string) string, stderr io.Writer) (*cli.Invocation, *i18n.Localizer, int) {
	inv, err := cli.Parse(args)
	// The language comes first: every message after this is worded in it,
	// a usage error too (with whatever --lang the command line holds).
	flags := config.Flags{Lang: cli.LangArg(args)}
	if err == nil {
		flags = inv.Global.ConfigFlags()
	}
	lang, _, langErr := config.Language(config.Input{Flags: flags, Getenv: getenv})
	l := i18n.New(lang)
	if err != nil {
		cli.Errorln(stderr, cli.ErrorText(l, err))
		return nil, l, cli.ExitUsage
	}
	if langErr != nil {
		cli.Errorln(stderr, l.Error(langErr))
		return nil, l, cli.ExitUsage
	}
	return inv, l, cli.ExitOK
}

// processIO is the process's streams for the commands, with whether stdout
// is a terminal and how wide.
func processIO(stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, l *i18n.Localizer) cli.IO {
	sys := cli.IO{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv, Localizer: l}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(f.Fd()) {
		sys.StdoutTerminal = true
		if w, _, err := term.GetSize(f.Fd()); err == nil {
			sys.Width = w
		}
	}
	return sys
}

// runWithoutSettings runs the commands that load no settings of their own
// (or load them their own way); ran is false for any other command.
func runWithoutSettings(ctx context.Context, inv *cli.Invocation, sys cli.IO) (code int, ran bool) {
	switch inv.Command {
	case cli.CmdVersion:
		return cli.Version(sys.Stdout), true
	case cli.CmdDemo:
		if inv.Demo.List {
			return cli.DemoList(sys), true
		}
		return cli.DemoServe(ctx, inv.Demo.Addr, sys), true
	case cli.CmdConfig:
		return configCommand(ctx, inv, sys), true
	case cli.CmdNotifyTest:
		return cli.NotifyTest(ctx, inv.NotifyTest, sys), true
	}
	return 0, false
}

// loadSettings loads the settings and warns of what in them is ignored; ok
// is false (the error said) when they cannot be loaded.
func loadSettings(inv *cli.Invocation, sys cli.IO) (s *config.Settings, ok bool) {
	l := sys.Localizer
	s, err := config.Load(config.Input{Flags: inv.Global.ConfigFlags(), Getenv: sys.Getenv, Demo: inv.Global.Demo})
	if err != nil {
		cli.Errorln(sys.Stderr, l.Error(err))
		return nil, false
	}
	for _, w := range s.Warnings {
		cli.Errorln(sys.Stderr, l.T("cli.warning", "Text", w))
	}
	return s, true
}

// connection is the client and the CRM credentials it was built with, which
// the lookups are logged as and the messages are redacted of.
type connection struct {
	client             *api.Client
	username, password string
}

// connect reads the credentials and builds the client.
func connect(ctx context.Context, s *config.Settings, inv *cli.Invocation) (connection, error) {
	username, password, err := s.Credentials(ctx)
	if err != nil {
		return connection{}, err
	}
	// The website functions (Advertising/…: agent and office names) may
	// have credentials of their own; without them the client uses these.
	webUser, webPassword, _, err := s.WebsiteCredentials(ctx)
	if err != nil {
		return connection{}, err
	}
	// One budget per server and credentials for the whole program: ui.parallel
	// leads at once, and never fewer than the per-host default of 6.
	budget.Shared.SetLimit(max(budget.DefaultLimit, s.Parallel, inv.Get.Parallel))
	client, err := api.NewClient(api.Options{
		BaseURL:         s.BaseURL,
		Username:        username,
		Password:        password,
		WebsiteUsername: webUser,
		WebsitePassword: webPassword,
		Timeout:         s.Timeout,
		MaxBodyBytes:    s.MaxBodyBytes,
		UserAgent:       cli.Program + "/" + version(),
		RootCAs:         s.RootCAs,
		// The demo's demo/demo is public: redacting "demo" would only blank
		// out words.
		PublicCredentials: s.Demo,
	})
	if err != nil {
		return connection{}, err
	}
	return connection{client: client, username: username, password: password}, nil
}

// get runs the one-shot lookup.
func get(ctx context.Context, inv *cli.Invocation, s *config.Settings, c connection, noColor bool, sys cli.IO) int {
	return cli.Get(ctx, c.client, cli.GetOptions{
		Args:          inv.Get,
		DefaultFormat: s.Format,
		Parallel:      s.Parallel,
		Privacy:       s.Privacy,
		NoColor:       noColor,
		StateColors:   s.StateColors,
		Lookup:        cli.Lookup{Profile: s.Profile, Host: host(s.BaseURL), Username: c.username, Demo: s.Demo},
		Password:      c.password,
		// Names for text output: one resolver for all the leads, so a
		// holder of several is asked for once.
		Names: api.NewResolver(c.client, api.ResolverOptions{
			Profile: s.Profile, Format: s.Format,
		}),
	}, sys)
}

// inspectorOptions are the options every inspector starts from, the local
// one and each of the hub's sessions: without client, names, language and
// the files it keeps.
func inspectorOptions(s *config.Settings, c connection, noColor bool, l *i18n.Localizer) ui.Options {
	o := ui.Options{
		Profile: s.Profile, Host: host(s.BaseURL), Demo: s.Demo,
		CustomerID: s.CustomerID, Format: s.Format, Username: c.username, BaseURL: s.BaseURL,
		HistoryLimit: s.HistoryLimit, StateColors: s.StateColors, NoColor: noColor, Privacy: s.Privacy,
		WatchInterval: s.WatchInterval, Parallel: s.Parallel, Version: version(),
	}
	if s.Demo {
		// A newcomer has no lead ids: offer the demo's, the first ready to
		// look up with enter.
		for _, d := range demo.Leads() {
			o.Examples = append(o.Examples, ui.Example{CustomerID: d.CustomerID, LeadID: d.LeadID, What: l.Say(d.Says)})
		}
		o.LeadID = o.Examples[0].LeadID
	}
	return o
}

// inspect runs the interactive inspector with the options o starts from.
func inspect(ctx context.Context, s *config.Settings, c connection, o ui.Options, sys cli.IO) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A closed terminal (SIGHUP) or kill (SIGTERM) ends the program, even if
	// a pager still holds the terminal; SIGINT ends it through ctx.
	var caught atomic.Int32
	o.Client = c.client
	o.StateDir = s.StateDir
	if s.Demo && o.StateDir != "" {
		// The demo's made-up leads stay out of the real profiles' history,
		// in a history of their own that is kept across runs as a real one
		// is; the stepping lead keeps its steps there too (useDemo), so its
		// State never reads as going backwards.
		o.StateDir = config.DemoDir(o.StateDir)
	}
	// One resolver for the profile; its cache (in memory only) lives as
	// long as the program, so a lead looked up again asks for no name.
	o.Names = api.NewResolver(c.client, api.ResolverOptions{
		Profile: s.Profile, Format: s.Format, Cache: api.NewNameCache(),
	})
	// The pager and editor must not inherit the password.
	o.ChildEnv = s.ChildEnv(os.Environ())
	o.Lang = sys.Localizer
	o.NotesPath, o.StuckAfter = hub.DatabasePath(s), s.Serve.Notify.StuckAfter
	// The scratch directory and the desk store are opened while the
	// terminal is set up (ui.Run waits for them before it returns). A
	// warning waits for the end too: the screen is the inspector's by then,
	// as it would have been a moment after the warning anyway.
	var warnings bytes.Buffer
	closeScratch, closeNotes := func() {}, func() {}
	defer func() {
		closeNotes()
		closeScratch()
	}()
	o.Prepare = func(o *ui.Options) {
		quiet := sys
		quiet.Stderr = &warnings
		o.TempDir, closeScratch = openScratch(s, quiet, func(sig os.Signal) {
			n, _ := sig.(syscall.Signal)
			caught.Store(int32(n))
			cancel()
			time.AfterFunc(signalGrace, func() { os.Exit(128 + int(n)) })
		})
		// The desk hub's notifications, when its store is on this
		// machine (the demo hub's for --demo): the queue (Q) and the
		// timelines read them, and learn of new ones as the hub stores
		// them.
		o.Notes, o.NotesChanged, closeNotes = openNotes(ctx, o.NotesPath)
	}
	err := ui.Run(ctx, o)
	_, _ = warnings.WriteTo(sys.Stderr)
	err = warnHistoryNotSaved(err, c, sys)
	if n := caught.Load(); n != 0 {
		return 128 + int(n) // as a shell reports a death by that signal
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		cli.Errorln(sys.Stderr, cli.Redact(err.Error(), c.username, c.password))
		return cli.ExitInternal
	}
	return cli.ExitOK
}

// openNotes opens the desk hub's store at path read-only, beside a hub
// that may be writing it, for the inspector's queue and timelines; nil
// when there is none (or it holds no notification tables).
func openNotes(ctx context.Context, path string) (*notify.DB, <-chan struct{}, func()) {
	if path == "" {
		return nil, nil, func() {}
	}
	db, err := desk.OpenReadOnly(path)
	if err != nil {
		return nil, nil, func() {}
	}
	if v, err := desk.SchemaVersion(db); err != nil || v < desk.NotifySchema {
		db.Close()
		return nil, nil, func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	return notify.NewReader(db), notify.Watch(ctx, db, notesPoll), func() { cancel(); db.Close() }
}

// notesPoll is how often the inspector asks the hub's store whether it
// changed.
const notesPoll = time.Second

// openScratch opens the private directory that o and O write the lead's body
// to for the pager or editor, and returns its path and what removes it (on
// every way out: a panic unwinds through the caller's defer). SIGHUP and
// SIGTERM remove it at once and call onSignal. When it cannot be opened, a
// warning says why and the path is empty.
func openScratch(s *config.Settings, sys cli.IO, onSignal func(os.Signal)) (path string, remove func()) {
	tmp, err := scratch.Open(scratch.Base(runtime.GOOS, s.StateDir, os.TempDir()))
	if err != nil {
		cli.Errorln(sys.Stderr, sys.Localizer.T("cli.warning", "Text", i18n.M("cli.no_scratch", "Error", err.Error())))
		return "", func() {}
	}
	stop := tmp.RemoveOnSignal(onSignal, syscall.SIGHUP, syscall.SIGTERM)
	return tmp.Path(), func() {
		stop()
		tmp.Remove()
	}
}

// warnHistoryNotSaved tells the user, as a warning redacted of the
// credentials, that the history could not be saved: the lookups worked and
// the exit stays as it is. It returns what else went wrong.
func warnHistoryNotSaved(err error, c connection, sys cli.IO) error {
	hn := (*ui.HistoryNotSavedError)(nil)
	if !errors.As(err, &hn) {
		return err
	}
	l := sys.Localizer
	cli.Errorln(sys.Stderr, l.T("cli.warning", "Text", cli.Redact(hn.Words(l), c.username, c.password)))
	if err == error(hn) {
		return nil // nothing else went wrong
	}
	return err
}

// useDemo starts the built-in demo API and points s at it; stop ends it.
func useDemo(s *config.Settings) (stop func(), err error) {
	o := demo.Options{}
	if s.StateDir != "" {
		// The stepping lead goes on from an earlier run's steps.
		o.StepFile = filepath.Join(config.DemoDir(s.StateDir), "stepping-lead")
	}
	srv, err := demo.Start(o, "")
	if err != nil {
		return nil, err
	}
	s.UseDemo(srv.URL, demo.Username, demo.Password, demo.CustomerID)
	return func() { srv.Close() }, nil
}

// signalGrace is how long the inspector may take to end after SIGHUP or
// SIGTERM: a pager or editor it runs keeps it waiting, and a closed terminal
// may never let it restore the screen.
const signalGrace = 3 * time.Second

func configCommand(ctx context.Context, inv *cli.Invocation, sys cli.IO) int {
	if inv.Sub == "check" {
		s, err := config.Load(config.Input{Flags: inv.Global.ConfigFlags(), Getenv: sys.Getenv, Demo: inv.Global.Demo})
		if err != nil {
			cli.Errorln(sys.Stderr, sys.Localizer.Error(err))
			return cli.ExitUsage
		}
		if inv.Global.Demo {
			// --demo needs no config file: check the settings it runs with.
			stop, err := useDemo(s)
			if err != nil {
				cli.Errorln(sys.Stderr, err.Error())
				return cli.ExitInternal
			}
			defer stop()
		}
		return cli.ConfigCheck(ctx, s, sys)
	}
	path, _, err := config.Path(inv.Global.Config, sys.Getenv)
	if err != nil {
		cli.Errorln(sys.Stderr, sys.Localizer.Error(err))
		return cli.ExitUsage
	}
	if inv.Sub == "init" {
		return cli.ConfigInit(path, sys)
	}
	return cli.ConfigPath(path, sys)
}

// host is the host:port of a base URL, for messages and the status bar.
func host(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return u.Host
	}
	return base
}

// version is the version in one word (User-Agent, status bar): a
// release's, or devel-<commit> for a development build.
func version() string { return cli.ThisBuild().Short() }
