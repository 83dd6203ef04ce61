package rawview

import (
	"leadinspector/api"
	"leadinspector/api/wire"
)

// Mask returns a JSON or XML text with the values privacy mode hides (contact
// id, message, estate ids, UTM values) replaced by "••••", exactly as the raw
// pane shows them. It is api.Mask, kept here for the pane's callers.
func Mask(text string, f api.Format) string { return api.Mask(text, f) }

// maskJSON and maskXML find the private values of a text for the private
// doc; which values are private is decided once, in api.
func maskJSON(s string) []edit { return toEdits(api.PersonalSpans(s, api.JSON)) }

func maskXML(s string) []edit { return toEdits(api.PersonalSpans(s, api.XML)) }

func toEdits(spans []wire.Span) []edit {
	if len(spans) == 0 {
		return nil
	}
	edits := make([]edit, len(spans))
	for i, sp := range spans {
		edits[i] = edit{start: sp.Start, end: sp.End}
	}
	return edits
}
