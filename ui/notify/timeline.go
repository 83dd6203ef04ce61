package notify

import (
	"context"
	"time"
)

// Moment is one line of a lead's timeline: a notification of it (Event),
// or a lookup of it by someone at the desk (Lookup).
type Moment struct {
	At     time.Time
	Event  *Event
	Lookup *DeskLookup
}

// Merge is a lead's notifications and the desk's lookups of it in one list,
// oldest first; a notification goes before a lookup of the same instant.
// Both lists must be oldest first (as Timeline and DeskLookups give them).
func Merge(events []Event, lookups []DeskLookup) []Moment {
	out := make([]Moment, 0, len(events)+len(lookups))
	i, j := 0, 0
	for i < len(events) || j < len(lookups) {
		if j >= len(lookups) || i < len(events) && !events[i].At.After(lookups[j].At) {
			out = append(out, Moment{At: events[i].At, Event: &events[i]})
			i++
			continue
		}
		out = append(out, Moment{At: lookups[j].At, Lookup: &lookups[j]})
		j++
	}
	return out
}

// LeadTimeline is what the hub knows of leadID: its queue row and its
// timeline (Merge). ok is false when no notification names the lead.
func (db *DB) LeadTimeline(ctx context.Context, leadID string) (Row, []Moment, bool, error) {
	row, ok, err := db.Lead(ctx, leadID)
	if err != nil || !ok {
		return Row{}, nil, false, err
	}
	events, err := db.Timeline(ctx, leadID)
	if err != nil {
		return Row{}, nil, false, err
	}
	lookups, err := db.DeskLookups(ctx, leadID)
	if err != nil {
		return Row{}, nil, false, err
	}
	return row, Merge(events, lookups), true, nil
}
