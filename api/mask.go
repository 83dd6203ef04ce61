package api

import (
	"iter"
	"slices"
	"strings"

	"leadinspector/api/wire"
)

// MaskText replaces a personal value wherever privacy mode hides it.
const MaskText = "••••"

// personalFields are the lead fields privacy mode hides, by their JSON key
// (XML element names are the same words capitalised).
var personalFields = [...]string{"contactId", "message", "buyingEstateId", "sellingEstateId"}

// PersonalField reports whether the field name holds a value privacy mode
// hides, in either format and any letter case. parent is what the field is
// an item of: the XML parent element, or for JSON the key holding the array
// the object is in. A UTM tag's value is personal (it may carry a campaign
// id tied to one person); its name is not.
func PersonalField(name, parent string) bool {
	for _, p := range personalFields {
		if strings.EqualFold(name, p) {
			return true
		}
	}
	return strings.EqualFold(name, "value") &&
		(strings.EqualFold(parent, "utmTags") || strings.EqualFold(parent, "FormMarketingUtmTags"))
}

// PersonalSpans returns where the personal values of a JSON or XML text
// (pretty-printed or not, possibly truncated) are, in order.
func PersonalSpans(text string, f Format) []wire.Span {
	return slices.Collect(Personal(text, f))
}

// Personal yields the spans PersonalSpans returns, one by one: a caller
// can count them before it stores them.
func Personal(text string, f Format) iter.Seq[wire.Span] {
	if f == XML {
		return wire.MaskedXML(text, PersonalField)
	}
	return wire.MaskedJSON(text, PersonalField)
}

// Mask returns text with every personal value replaced by MaskText, as the
// raw pane shows it in privacy mode; `get --privacy` prints it.
func Mask(text string, f Format) string {
	var b strings.Builder
	prev := 0
	for sp := range Personal(text, f) {
		if b.Cap() == 0 {
			b.Grow(len(text))
		}
		b.WriteString(text[prev:sp.Start])
		b.WriteString(MaskText)
		prev = sp.End
	}
	if b.Cap() == 0 {
		return text // nothing personal
	}
	b.WriteString(text[prev:])
	return b.String()
}
