package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api/sanitize"
)

// maxClipboard bounds what c copies: terminals drop larger OSC 52 writes.
const maxClipboard = 1 << 20

// copyRaw copies the body as received, escapes made visible (a hostile
// body's escapes would replay on paste), and says so. In privacy mode it
// copies what the pane shows, with the personal data masked: whatever
// leaves the inspector then is what the screen may show (p, then c, copies
// it unmasked).
func copyRaw(raw rawPane, privacy bool) (tea.Cmd, string) {
	if len(raw.Body()) == 0 {
		return nil, ""
	}
	body := sanitize.Clipboard(string(raw.Body()))
	what := raw.Format().Label() + " body"
	if privacy {
		body = sanitize.Clipboard(raw.Text())
		what += " with personal data masked (privacy mode)"
	}
	if len(body) > maxClipboard {
		return nil, fmt.Sprintf("the %s is %s, too large for the terminal's clipboard; use leadinspector get --raw",
			what, byteSize(len(body)))
	}
	if privacy {
		return tea.SetClipboard(body), fmt.Sprintf("copied the %s (%s)", what, byteSize(len(body)))
	}
	return tea.SetClipboard(body), fmt.Sprintf("copied the %s (%s) to the clipboard", what, byteSize(len(body)))
}
