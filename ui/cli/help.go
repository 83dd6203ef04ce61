package cli

import (
	"io"

	"leadinspector/api/base/i18n"
)

// helpText is the help of a command in l's language. The global flags and
// the exit codes are one message each, quoted where a help lists them.
func helpText(c Command, l *i18n.Localizer) string {
	global := i18n.M("help.global")
	switch c {
	case CmdGet:
		return l.T("help.get", "Global", global, "Exit", i18n.M("help.exit"))
	case CmdDemo:
		return l.T("help.demo")
	case CmdConfig:
		return l.T("help.config")
	case CmdVersion:
		return l.T("help.version")
	case CmdServe:
		return l.T("hub.help.serve", "Global", global)
	case CmdAudit:
		return l.T("hub.help.audit", "Global", global)
	case CmdQueue:
		return l.T("help.queue", "Global", global)
	case CmdNotifyTest:
		return l.T("help.notify_test")
	}
	return l.T("help.root", "Global", global)
}

// Help prints the help of a command in l's language (nil: English).
func Help(c Command, w io.Writer, l *i18n.Localizer) int {
	if l == nil {
		l = i18n.New(i18n.English)
	}
	_, _ = io.WriteString(w, helpText(c, l))
	return ExitOK
}
