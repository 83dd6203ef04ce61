// Package detail renders one lead as the inspector's detail pane: the facts a
// support person reads first. It is a pure function of the lead, the width and
// the styles, so `leadinspector get --format text` prints the same facts with
// monochrome styles.
package detail

import (
	"time"

	"leadinspector/api"
	"leadinspector/ui/styles"
)

// Options are the inputs of Render besides the lead.
type Options struct {
	// Width is the number of cells available; lines never exceed it.
	Width  int
	Styles *styles.Styles
	// Now is the reference for ages ("3 d ago").
	Now time.Time
	// Loc is the time zone SentAt is shown in; nil means time.Local.
	Loc *time.Location
	// Privacy masks the message, contact id, estate ids and UTM values.
	Privacy bool
	// CustomerID and LeadID are the ids the lead was looked up with.
	CustomerID, LeadID string
	// Change, when set, says the State differs from what history last saw.
	Change *Change
}

// Change is a State change seen between two lookups of the same lead.
type Change struct {
	From, To api.State
	// LastSeen is when the previous State was seen.
	LastSeen time.Time
}

// Render draws the lead. Every server string is sanitised here.
func Render(lead *api.IncomingLead, o Options) string {
	_ = lead
	return "" // being written
}
