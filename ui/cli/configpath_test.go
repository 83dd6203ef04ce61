package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"leadinspector/api/base/i18n"
)

// TestConfigPathNamesEveryPlace: in a terminal, config path names each
// place the program keeps files in, one a line and labelled, so that
// support can ask for it; into a pipe it is the config file's path alone,
// for $EDITOR "$(leadinspector config path)".
func TestConfigPathNamesEveryPlace(t *testing.T) {
	state := t.TempDir()
	env := map[string]string{"XDG_STATE_HOME": state}
	getenv := func(k string) string { return env[k] }
	const file = "/home/u/.config/leadinspector/config.toml"
	stateDir := filepath.Join(state, "leadinspector")
	if runtime.GOOS == "windows" {
		t.Skip("the o/O files are in the state directory on Windows (scratch.Base)")
	}
	scratchDir := filepath.Join(os.TempDir(), "leadinspector-"+strconv.Itoa(os.Getuid()))
	for _, tc := range []struct {
		lang i18n.Lang
		want string
	}{
		{i18n.English, "config file: " + file + "\n" +
			"state dir (history, hub files): " + stateDir + "\n" +
			"demo state dir: " + filepath.Join(stateDir, "demo") + "\n" +
			"o/O files: " + scratchDir + "\n"},
		{i18n.Swedish, "konfigurationsfil: " + file + "\n" +
			"tillståndskatalog (historik, hubbens filer): " + stateDir + "\n" +
			"demots tillståndskatalog: " + filepath.Join(stateDir, "demo") + "\n" +
			"o/O-filer: " + scratchDir + "\n"},
	} {
		var out bytes.Buffer
		sys := IO{Stdout: &out, Stderr: io.Discard, Getenv: getenv, StdoutTerminal: true, Localizer: i18n.New(tc.lang)}
		if code := ConfigPath(file, sys); code != ExitOK || out.String() != tc.want {
			t.Errorf("%s: exit %d\n got %q\nwant %q", tc.lang, code, out.String(), tc.want)
		}
	}
	var out bytes.Buffer
	if code := ConfigPath(file, IO{Stdout: &out, Getenv: getenv}); code != ExitOK || out.String() != file+"\n" {
		t.Errorf("into a pipe: exit %d, %q; want the path alone", code, out.String())
	}
	// Without a home, the places it cannot know say why.
	out.Reset()
	ConfigPath(file, IO{Stdout: &out, Getenv: func(string) string { return "" }, StdoutTerminal: true})
	if got := out.String(); !strings.Contains(got, "state dir (history, hub files): cannot find your home directory") || strings.Contains(got, "demo") {
		t.Errorf("without HOME:\n%s", got)
	}
}
