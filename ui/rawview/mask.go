package rawview

import "leadinspector/api"

// Mask returns a JSON or XML text with the values privacy mode hides (contact
// id, message, estate ids, UTM values) replaced by "••••", exactly as the raw
// pane shows them. `get --privacy --format json|xml` prints it.
func Mask(text string, f api.Format) string {
	var edits []edit
	if f == api.XML {
		edits = maskXML(text)
	} else {
		edits = maskJSON(text)
	}
	out, _ := applyEdits(text, edits)
	return out
}
