// Command leadinspector looks up incoming leads in Vitec Express through
// Express Connect: an interactive inspector, and one-shot commands for
// scripts. This file is wiring only: parse the arguments, load the
// configuration, build the client, run the command.
package main

import (
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
		return cli.ExitUsage
	}
	if langErr != nil {
		cli.Errorln(stderr, l.Error(langErr))
		return cli.ExitUsage
	}
	sys := cli.IO{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv, Localizer: l}
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(f.Fd()) {
		sys.StdoutTerminal = true
		if w, _, err := term.GetSize(f.Fd()); err == nil {
			sys.Width = w
		}
	}
	if inv.Help {
		return cli.Help(inv.Command, stdout, l)
	}

	switch inv.Command {
	case cli.CmdVersion:
		return cli.Version(stdout)
	case cli.CmdDemo:
		if inv.Demo.List {
			return cli.DemoList(sys)
		}
		return cli.DemoServe(ctx, inv.Demo.Addr, sys)
	case cli.CmdConfig:
		return configCommand(ctx, inv, sys)
	case cli.CmdNotifyTest:
		return cli.NotifyTest(ctx, inv.NotifyTest, sys)
	}

	s, err := config.Load(config.Input{Flags: inv.Global.ConfigFlags(), Getenv: getenv, Demo: inv.Global.Demo})
	if err != nil {
		cli.Errorln(stderr, l.Error(err))
		return cli.ExitUsage
	}
	for _, w := range s.Warnings {
		cli.Errorln(stderr, l.T("cli.warning", "Text", w))
	}
	if inv.Command == cli.CmdAudit {
		return cli.Audit(ctx, hub.DatabasePath(s), inv.Audit, time.Now(), sys)
	}
	if inv.Command == cli.CmdQueue {
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
	username, password, err := s.Credentials(ctx)
	if err != nil {
		cli.Errorln(stderr, l.Error(err))
		return cli.ExitUsage
	}
	// The website functions (Advertising/…: agent and office names) may
	// have credentials of their own; without them the client uses these.
	webUser, webPassword, _, err := s.WebsiteCredentials(ctx)
	if err != nil {
		cli.Errorln(stderr, l.Error(err))
		return cli.ExitUsage
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
		cli.Errorln(stderr, l.Error(err))
		return cli.ExitUsage
	}
	defer client.CloseIdleConnections()
	noColor := inv.Global.NoColor || getenv("NO_COLOR") != ""

	if inv.Command == cli.CmdGet {
		return cli.Get(ctx, client, cli.GetOptions{
			Args:          inv.Get,
			DefaultFormat: s.Format,
			Parallel:      s.Parallel,
			Privacy:       s.Privacy,
			NoColor:       noColor,
			StateColors:   s.StateColors,
			Lookup:        cli.Lookup{Profile: s.Profile, Host: host(s.BaseURL), Username: username, Demo: s.Demo},
			Password:      password,
			// Names for text output: one resolver for all the leads, so a
			// holder of several is asked for once.
			Names: api.NewResolver(client, api.ResolverOptions{
				Profile: s.Profile, Format: s.Format,
			}),
		}, sys)
	}

	var lead string
	var examples []ui.Example
	if s.Demo {
		// A newcomer has no lead ids: offer the demo's, the first ready to
		// look up with enter.
		for _, d := range demo.Leads() {
			examples = append(examples, ui.Example{CustomerID: d.CustomerID, LeadID: d.LeadID, What: l.Say(d.Says)})
		}
		lead = examples[0].LeadID
	}
	if inv.Command == cli.CmdServe {
		return hub.Run(ctx, hub.RunOptions{Settings: s, Client: client, Lang: l, Stdout: stdout, Stderr: stderr,
			Base: ui.Options{
				LeadID: lead, Examples: examples, Profile: s.Profile, Host: host(s.BaseURL), Demo: s.Demo,
				CustomerID: s.CustomerID, Format: s.Format, Username: username, BaseURL: s.BaseURL,
				HistoryLimit: s.HistoryLimit, StateColors: s.StateColors, NoColor: noColor, Privacy: s.Privacy,
				WatchInterval: s.WatchInterval, Parallel: s.Parallel, Version: version(),
			}})
	}
	stateDir := s.StateDir
	if s.Demo && stateDir != "" {
		// The demo's made-up leads stay out of the real profiles' history,
		// in a history of their own that is kept across runs as a real one
		// is; the stepping lead keeps its steps there too (useDemo), so its
		// State never reads as going backwards.
		stateDir = filepath.Join(stateDir, "demo")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// o and O write the lead's body to a file for the pager or editor: keep
	// it in a private directory and remove it on every way out. A closed
	// terminal (SIGHUP) or kill (SIGTERM) removes it at once and ends the
	// program, even if a pager still holds the terminal; SIGINT ends it
	// through ctx, and a panic unwinds through the defer.
	var caught atomic.Int32
	tempDir := ""
	if tmp, err := scratch.Open(scratch.Base(runtime.GOOS, s.StateDir, os.TempDir())); err != nil {
		cli.Errorln(stderr, l.T("cli.warning", "Text", i18n.M("cli.no_scratch", "Error", err.Error())))
	} else {
		tempDir = tmp.Path()
		defer tmp.Remove()
		stop := tmp.RemoveOnSignal(func(sig os.Signal) {
			n, _ := sig.(syscall.Signal)
			caught.Store(int32(n))
			cancel()
			time.AfterFunc(signalGrace, func() { os.Exit(128 + int(n)) })
		}, syscall.SIGHUP, syscall.SIGTERM)
		defer stop()
	}
	// The desk hub's notifications, when its store is on this machine (the
	// demo hub's for --demo): the queue (Q) and the timelines read them,
	// and learn of new ones as the hub stores them.
	notes, notesChanged, closeNotes := openNotes(ctx, hub.DatabasePath(s))
	defer closeNotes()
	err = ui.Run(ctx, ui.Options{
		Client:        client,
		LeadID:        lead,
		Examples:      examples,
		Profile:       s.Profile,
		Host:          host(s.BaseURL),
		Demo:          s.Demo,
		CustomerID:    s.CustomerID,
		Format:        s.Format,
		Username:      username,
		BaseURL:       s.BaseURL,
		StateDir:      stateDir,
		HistoryLimit:  s.HistoryLimit,
		StateColors:   s.StateColors,
		NoColor:       noColor,
		Privacy:       s.Privacy,
		WatchInterval: s.WatchInterval,
		Parallel:      s.Parallel,
		// One resolver for the profile; its cache (in memory only) lives as
		// long as the program, so a lead looked up again asks for no name.
		Names: api.NewResolver(client, api.ResolverOptions{
			Profile: s.Profile, Format: s.Format, Cache: api.NewNameCache(),
		}),
		Version: version(),
		TempDir: tempDir,
		// The pager and editor must not inherit the password.
		ChildEnv:     s.ChildEnv(os.Environ()),
		Lang:         l,
		Notes:        notes,
		NotesPath:    hub.DatabasePath(s),
		StuckAfter:   s.Serve.Notify.StuckAfter,
		NotesChanged: notesChanged,
	})
	if hn := (*ui.HistoryNotSavedError)(nil); errors.As(err, &hn) {
		// The lookups worked; the user is told, the exit stays as it is.
		cli.Errorln(stderr, l.T("cli.warning", "Text", cli.Redact(hn.Words(l), username, password)))
		if err == error(hn) {
			err = nil // nothing else went wrong
		}
	}
	if n := caught.Load(); n != 0 {
		return 128 + int(n) // as a shell reports a death by that signal
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		cli.Errorln(stderr, cli.Redact(err.Error(), username, password))
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

// useDemo starts the built-in demo API and points s at it; stop ends it.
func useDemo(s *config.Settings) (stop func(), err error) {
	o := demo.Options{}
	if s.StateDir != "" {
		// The stepping lead goes on from an earlier run's steps.
		o.StepFile = filepath.Join(s.StateDir, "demo", "stepping-lead")
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
