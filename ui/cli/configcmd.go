package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/config"
	"leadinspector/ui/cellfit"
	"leadinspector/ui/scratch"
)

// ConfigPath prints the config file's path; in a terminal also, one a
// line and labelled, where the program keeps its state, the demo's and the
// o/O files, as config check does (a script's $(… config path) still gets
// the path alone).
func ConfigPath(path string, sys IO) int {
	if !sys.StdoutTerminal {
		fmt.Fprintln(sys.Stdout, sanitize.Line(path))
		return ExitOK
	}
	l := sys.l()
	stateDir, err := config.StateDir(sys.Getenv)
	if err != nil {
		// Where the state is cannot be known: say why in its place.
		stateDir = l.Error(err)
	}
	printTable(sys.Stdout, placeRows(l, path, stateDir, err == nil))
	return ExitOK
}

// ConfigInit writes the starter file at path.
func ConfigInit(path string, sys IO) int {
	if err := config.Init(path); err != nil {
		Errorln(sys.Stderr, sys.l().Error(err))
		return ExitUsage
	}
	l := sys.l()
	fmt.Fprintln(sys.Stdout, l.T("config.init.wrote", "Path", sanitize.Line(path)))
	fmt.Fprintln(sys.Stdout, l.T("config.init.next", "Program", Program))
	return ExitOK
}

// ConfigCheck prints the effective settings and where each came from. The
// password is shown as •••• when it can be had, never as itself.
func ConfigCheck(ctx context.Context, s *config.Settings, sys IO) int {
	l := sys.l()
	rows := append(settingsPlaceRows(l, s), [3]string{})
	settings, pwErr := settingRows(ctx, l, s)
	rows = append(rows, settings...)
	website, webErr := websiteRows(ctx, l, s)
	rows = append(rows, website...)
	printTable(sys.Stdout, rows)
	fmt.Fprintln(sys.Stdout)
	printTable(sys.Stdout, serveRows(l, s))
	for _, w := range s.Warnings {
		Errorln(sys.Stderr, l.T("cli.warning", "Text", w))
	}
	if problems := lookupProblems(ctx, l, s, pwErr, webErr); len(problems) > 0 {
		for _, p := range problems {
			Errorln(sys.Stderr, p)
		}
		fmt.Fprintln(sys.Stdout, "\n"+l.T("config.check.cannot_work"))
		return ExitUsage
	}
	fmt.Fprintln(sys.Stdout, "\n"+l.T("config.check.ok"))
	return ExitOK
}

// settingsPlaceRows say where the settings and the state are (placeRows),
// saying when the config file is not there, and name the file's profiles.
func settingsPlaceRows(l *i18n.Localizer, s *config.Settings) [][3]string {
	file := s.ConfigPath
	if !s.ConfigFound {
		file = l.T("config.check.not_found", "Path", s.ConfigPath)
	}
	rows := placeRows(l, file, s.StateDir, true)
	if len(s.Profiles) > 0 {
		rows = append(rows, [3]string{l.T("config.check.profiles"), strings.Join(s.Profiles, ", "), ""})
	}
	return rows
}

// placeRows say where the program keeps its files: the config file, the
// state directory (the history, the hub's files), the demo's own state and
// the user's directory of o/O files. Without a state directory (known is
// false, stateDir says why) only the first two.
func placeRows(l *i18n.Localizer, file, stateDir string, known bool) [][3]string {
	rows := [][3]string{
		{l.T("config.check.file"), file, ""},
		{l.T("config.check.state_dir"), stateDir, ""},
	}
	if !known {
		return rows
	}
	return append(rows,
		[3]string{l.T("config.check.demo_dir"), config.DemoDir(stateDir), ""},
		[3]string{l.T("config.check.scratch_dir"), scratch.UserDir(scratch.Base(runtime.GOOS, stateDir, os.TempDir())), ""})
}

// settingRows are the settings but the hub's, each with its value and
// where it came from; pwErr is why the password cannot be had.
func settingRows(ctx context.Context, l *i18n.Localizer, s *config.Settings) (rows [][3]string, pwErr error) {
	for _, k := range config.SettingKeys {
		if strings.HasPrefix(k, "serve.") {
			continue // in a table of their own (serveRows)
		}
		src := s.Sources[k]
		v := settingValue(s, k)
		if k == "password" {
			// Unset costs nothing to ask: the error says where to set it.
			switch _, pwErr = s.Password(ctx); {
			case src.Kind == config.Unset:
			case pwErr != nil:
				v = l.T("config.check.error_below")
			default:
				v = "••••"
			}
		}
		if v == "" {
			v = l.T("config.check.not_set")
		}
		rows = append(rows, [3]string{k, v, source(l, src)})
	}
	return rows, pwErr
}

// settingValue is the setting k as config check shows it ("" when it is
// not set, and for the password, which is never shown).
func settingValue(s *config.Settings, k string) string {
	switch k {
	case "profile":
		return s.Profile
	case "base_url":
		return s.BaseURL
	case "username":
		return s.Username
	case "customer_id":
		return s.CustomerID
	case "format":
		return string(s.Format)
	case "timeout":
		return s.Timeout.String()
	case "ca_file":
		return s.CAFile
	case "max_body_mib":
		return strconv.FormatInt(s.MaxBodyBytes>>20, 10)
	case "ui.history_limit":
		return strconv.Itoa(s.HistoryLimit)
	case "ui.state_colors":
		return stateColors(s.StateColors)
	case "ui.watch_interval":
		return s.WatchInterval.String()
	case "ui.parallel":
		return strconv.Itoa(s.Parallel)
	case "ui.privacy":
		return strconv.FormatBool(s.Privacy)
	case "ui.language":
		return string(s.Language)
	}
	return ""
}

// websiteRows are the website functions' own credentials (agent and office
// names), when the profile names them; webErr is why they cannot be had.
func websiteRows(ctx context.Context, l *i18n.Localizer, s *config.Settings) (rows [][3]string, webErr error) {
	webUser, _, webSet, webErr := s.WebsiteCredentials(ctx)
	if !webSet && webErr == nil {
		return nil, nil
	}
	pw := "••••"
	if webErr != nil {
		pw = l.T("config.check.error_below")
	}
	sameAs := func(src config.Source, key string) string {
		if src.Kind == config.Unset {
			return l.T("config.check.same_as", "Key", key)
		}
		return source(l, src)
	}
	return [][3]string{
		{"website_username", webUser, sameAs(s.WebsiteUsernameSource(), "username")},
		{"website_password", pw, sameAs(s.WebsitePasswordSource(), "password")},
	}, webErr
}

// lookupProblems are what would stop a lookup, each in the words the lookup
// would use.
func lookupProblems(ctx context.Context, l *i18n.Localizer, s *config.Settings, pwErr, webErr error) []string {
	var problems []string
	if s.Username == "" {
		if _, _, err := s.Credentials(ctx); err != nil {
			problems = append(problems, l.Error(err))
		}
	}
	if pwErr != nil {
		problems = append(problems, l.Error(pwErr))
	}
	if webErr != nil {
		problems = append(problems, webErr.Error())
	}
	if _, err := api.CheckBaseURL(s.BaseURL); err != nil {
		problems = append(problems, l.Error(err))
	}
	return problems
}

// source says where a setting came from: "file (profiles.prod.timeout, line
// 5)", "env (LANG=sv_SE.UTF-8)", "—" when it is not set.
func source(l *i18n.Localizer, s config.Source) string {
	var kind string
	switch s.Kind {
	case config.Unset:
		return "—"
	case config.Default:
		kind = l.T("config.source.default")
	case config.FromFile:
		kind = l.T("config.source.file")
	case config.FromEnv:
		kind = l.T("config.source.env")
	case config.FromFlag:
		kind = l.T("config.source.flag")
	case config.FromDemo:
		kind = l.T("config.source.demo")
	}
	detail := s.Detail
	if s.Line > 0 {
		detail = l.T("config.source.line", "Key", s.Detail, "Line", s.Line)
	}
	if detail == config.DetailOnlyProfile {
		detail = l.T("config.source.only_profile")
	}
	if detail == "" {
		return kind
	}
	return l.T("config.source.detail", "Kind", kind, "Detail", detail)
}

func stateColors(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + m[k]
	}
	return strings.Join(parts, " ")
}

// printTable aligns rows in columns. Everything in it may come from a file,
// so it is sanitised.
func printTable(w io.Writer, rows [][3]string) {
	var w0, w1 int
	for i := range rows {
		for j := range rows[i] {
			rows[i][j] = sanitize.Line(rows[i][j])
		}
		if rows[i][2] == "" {
			continue
		}
		w0 = max(w0, ansi.StringWidth(rows[i][0]))
		w1 = max(w1, ansi.StringWidth(rows[i][1]))
	}
	var b strings.Builder
	for _, r := range rows {
		switch {
		case r[0] == "":
			b.WriteString("\n")
		case r[2] == "":
			b.WriteString(r[0] + ": " + r[1] + "\n")
		default:
			b.WriteString(cellfit.Pad(r[0], w0) + "  " + cellfit.Pad(r[1], w1) + "  " + r[2] + "\n")
		}
	}
	_, _ = io.WriteString(w, b.String())
}

// serveRows are the hub's [serve] settings, after a blank row.
func serveRows(l *i18n.Localizer, s *config.Settings) [][3]string {
	var rows [][3]string
	sv := s.Serve
	for _, k := range config.ServeKeys {
		v := ""
		switch k {
		case "serve.ssh_addr":
			v = sv.SSHAddr
		case "serve.authorized_keys":
			v = sv.AuthorizedKeys
		case "serve.database":
			v = sv.Database
			if s.Demo {
				// serve --demo and audit --demo keep the demo's own, as the
				// hub does (hub.DatabasePath).
				v = filepath.Join(config.DemoDir(s.StateDir), config.DeskFileName)
				rows = append(rows, [3]string{k, v, source(l, config.Source{Kind: config.FromDemo, Detail: "--demo"})})
				continue
			}
		case "serve.retention":
			v = formatSpan(sv.Retention)
		case "serve.max_sessions":
			v = strconv.Itoa(sv.MaxSessions)
		case "serve.idle_timeout":
			v = formatSpan(sv.IdleTimeout)
		case "serve.people":
			v = sv.PeopleText()
		}
		if v == "" {
			v = l.T("config.check.not_set")
		}
		rows = append(rows, [3]string{k, v, source(l, s.Sources[k])})
	}
	n := sv.Notify
	for _, k := range config.NotifyKeys {
		v := ""
		switch k {
		case "serve.notify_addr":
			v = n.NotifyAddr
		case "serve.notify_token":
			// Where it comes from only: the token is a secret.
			if s.Sources[k].Kind != config.Unset {
				v = "••••"
			}
		case "serve.tls_cert":
			v = n.TLSCert
		case "serve.tls_key":
			v = n.TLSKey
		case "serve.stuck_after":
			v = formatSpan(n.StuckAfter)
		}
		if v == "" {
			v = l.T("config.check.not_set")
		}
		rows = append(rows, [3]string{k, v, source(l, s.Sources[k])})
	}
	return rows
}

// formatSpan writes whole days as "90d", other spans as Go durations.
func formatSpan(d time.Duration) string {
	if d > 0 && d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	// As written in the file: 30m, 36h, not 30m0s, 36h0m0s.
	v := d.String()
	if strings.HasSuffix(v, "m0s") {
		v = strings.TrimSuffix(v, "0s")
	}
	if strings.HasSuffix(v, "h0m") {
		v = strings.TrimSuffix(v, "0m")
	}
	return v
}
