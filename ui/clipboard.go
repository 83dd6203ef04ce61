package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// maxClipboard bounds what c copies: terminals drop larger OSC 52 writes.
const maxClipboard = 1 << 20

// copyRaw copies the body as received, and says so. In privacy mode it
// copies what the pane shows, with the personal data masked: whatever
// leaves the inspector then is what the screen may show (p, then c, copies
// it unmasked).
func copyRaw(raw rawPane, privacy bool) (tea.Cmd, string) {
	body := raw.Body()
	if len(body) == 0 {
		return nil, ""
	}
	what := raw.Format().Label() + " body"
	if privacy {
		body = []byte(raw.Text())
		what += " with personal data masked (privacy mode)"
	}
	if len(body) > maxClipboard {
		return nil, fmt.Sprintf("the %s is %s, too large for the terminal's clipboard; use leadinspector get --raw",
			what, byteSize(len(body)))
	}
	if privacy {
		return tea.SetClipboard(string(body)), fmt.Sprintf("copied the %s (%s)", what, byteSize(len(body)))
	}
	return tea.SetClipboard(string(body)), fmt.Sprintf("copied the %s (%s) to the clipboard", what, byteSize(len(body)))
}
