package ui

import (
	"leadinspector/api/base/i18n"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
)

// maxClipboard bounds what c copies: terminals drop larger OSC 52 writes.
const maxClipboard = 1 << 20

// copyRaw copies the body as received, escapes made visible (a hostile
// body's escapes would replay on paste), and says so. In privacy mode it
// copies what the pane shows, with the personal data masked: whatever
// leaves the inspector then is what the screen may show (p, then c, copies
// it unmasked).
func copyRaw(l *i18n.Localizer, raw rawPane, privacy bool) (tea.Cmd, string) {
	if len(raw.Body()) == 0 {
		return nil, ""
	}
	body := sanitize.Clipboard(string(raw.Body()))
	what := l.T("ui.copy.body", "Format", raw.Format().Label())
	if privacy {
		body = sanitize.Clipboard(raw.Text())
		what = l.T("ui.copy.body_masked", "Format", raw.Format().Label())
	}
	if len(body) > maxClipboard {
		return nil, l.T("ui.copy.too_large", "What", what, "Size", api.FormatBytes(int64(len(body))), "Command", "leadinspector get --raw")
	}
	if privacy {
		return tea.SetClipboard(body), l.T("ui.copy.copied_masked", "What", what, "Size", api.FormatBytes(int64(len(body))))
	}
	return tea.SetClipboard(body), l.T("ui.copy.copied", "What", what, "Size", api.FormatBytes(int64(len(body))))
}
