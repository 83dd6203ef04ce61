package cli

import (
	"strings"
	"testing"
	"unicode/utf8"

	"leadinspector/api/base/i18n"
)

// Every --help lists its commands and flags as a table: in each block
// (Commands, Flags, Global flags, Subcommands) the descriptions start in one
// column, at least two spaces after the longest name, in both languages.
// `leadinspector --help` had queue and notify-test four columns to the
// right of the others, and `queue --help` "--format text|json text".
func TestHelpTablesAreAligned(t *testing.T) {
	heads := []string{"Commands:", "Kommandon:", "Flags:", "Flaggor:", "Subcommands:", "Underkommandon:",
		"Global flags", "Globala flaggor"}
	for _, l := range []*i18n.Localizer{i18n.New(i18n.English), i18n.New(i18n.Swedish)} {
		for _, c := range []Command{CmdInspect, CmdGet, CmdDemo, CmdConfig, CmdVersion, CmdServe, CmdAudit, CmdQueue, CmdNotifyTest} {
			var block string
			col := -1
			for _, line := range strings.Split(helpText(c, l), "\n") {
				switch {
				case line == "" || !strings.HasPrefix(line, " "):
					block, col = "", -1
					for _, h := range heads {
						if strings.HasPrefix(line, h) {
							block = line
						}
					}
					continue
				case block == "" || strings.HasPrefix(line, "   "):
					continue // not a table, or a description's next line
				}
				// "  NAME  description": the description's column, in cells.
				name, desc, ok := strings.Cut(strings.TrimPrefix(line, "  "), "  ")
				if !ok {
					t.Errorf("%s %q %s: no two spaces between name and description:\n%s", l.Lang(), c, block, line)
					continue
				}
				at := 2 + utf8.RuneCountInString(name) + 2 + utf8.RuneCountInString(desc) - utf8.RuneCountInString(strings.TrimLeft(desc, " "))
				if col < 0 {
					col = at
				} else if at != col {
					t.Errorf("%s %q %s: description at column %d, the block's first at %d:\n%s", l.Lang(), c, block, at, col, line)
				}
			}
		}
	}
}
