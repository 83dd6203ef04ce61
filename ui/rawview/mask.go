package rawview

import "leadinspector/api"

// Mask returns a JSON or XML text with the values privacy mode hides (contact
// id, message, estate ids, UTM values) replaced by "••••", exactly as the raw
// pane shows them. It is api.Mask, kept here for the pane's callers.
func Mask(text string, f api.Format) string { return api.Mask(text, f) }
