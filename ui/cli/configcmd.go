package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"leadinspector/api"
	"leadinspector/api/sanitize"
	"leadinspector/config"
)

// ConfigPath prints the config file's path.
func ConfigPath(path string, sys IO) int {
	fmt.Fprintln(sys.Stdout, sanitize.Line(path))
	return ExitOK
}

// ConfigInit writes the starter file at path.
func ConfigInit(path string, sys IO) int {
	if err := config.Init(path); err != nil {
		Errorln(sys.Stderr, err.Error())
		return ExitUsage
	}
	fmt.Fprintf(sys.Stdout, "wrote %s (readable only by you)\nnext: set username and one of password_command, password_env or password, then run '%s config check'\n",
		sanitize.Line(path), Program)
	return ExitOK
}

// ConfigCheck prints the effective settings and where each came from. The
// password is shown as •••• when it can be had, never as itself.
func ConfigCheck(ctx context.Context, s *config.Settings, sys IO) int {
	file := s.ConfigPath
	if !s.ConfigFound {
		file += " (not found: built-in defaults apply)"
	}
	rows := [][3]string{
		{"config file", file, ""},
		{"state dir", s.StateDir, ""},
	}
	if len(s.Profiles) > 0 {
		rows = append(rows, [3]string{"profiles", strings.Join(s.Profiles, ", "), ""})
	}
	rows = append(rows, [3]string{})

	var pwErr error
	for _, k := range config.SettingKeys {
		src := s.Sources[k]
		v := ""
		switch k {
		case "profile":
			v = s.Profile
		case "base_url":
			v = s.BaseURL
		case "username":
			v = s.Username
		case "password":
			// Unset costs nothing to ask: the error says where to set it.
			switch _, pwErr = s.Password(ctx); {
			case src.Kind == config.Unset:
			case pwErr != nil:
				v = "(error, see below)"
			default:
				v = "••••"
			}
		case "customer_id":
			v = s.CustomerID
		case "format":
			v = string(s.Format)
		case "timeout":
			v = s.Timeout.String()
		case "ca_file":
			v = s.CAFile
		case "max_body_mib":
			v = strconv.FormatInt(s.MaxBodyBytes>>20, 10)
		case "ui.history_limit":
			v = strconv.Itoa(s.HistoryLimit)
		case "ui.state_colors":
			v = stateColors(s.StateColors)
		case "ui.watch_interval":
			v = s.WatchInterval.String()
		case "ui.parallel":
			v = strconv.Itoa(s.Parallel)
		case "ui.privacy":
			v = strconv.FormatBool(s.Privacy)
		}
		from := src.String()
		if src.Kind == config.Unset {
			from = "—"
		}
		if v == "" {
			v = "not set"
		}
		rows = append(rows, [3]string{k, v, from})
	}
	printTable(sys.Stdout, rows)
	for _, w := range s.Warnings {
		Errorln(sys.Stderr, "warning: "+w)
	}
	// What would stop a lookup, each in the words the lookup would use.
	var problems []string
	if s.Username == "" {
		if _, _, err := s.Credentials(ctx); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if pwErr != nil {
		problems = append(problems, pwErr.Error())
	}
	if _, err := api.CheckBaseURL(s.BaseURL); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		for _, p := range problems {
			Errorln(sys.Stderr, p)
		}
		fmt.Fprintln(sys.Stdout, "\nlookups cannot work with these settings: see the messages above")
		return ExitUsage
	}
	fmt.Fprintln(sys.Stdout, "\nconfiguration OK")
	return ExitOK
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
			b.WriteString(pad(r[0], w0) + "  " + pad(r[1], w1) + "  " + r[2] + "\n")
		}
	}
	_, _ = io.WriteString(w, b.String())
}
