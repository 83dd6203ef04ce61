package rawview

import (
	"strings"

	"leadinspector/api/wire"
)

// kind is the syntax class of a span of a line; it picks the colour.
type kind uint8

const (
	kPlain kind = iota
	kJSONKey
	kJSONString
	kJSONNumber
	kJSONLiteral
	kJSONPunct
	kXMLTag
	kXMLAttrName
	kXMLAttrValue
	kXMLText
	kXMLPunct
	kXMLComment
	numKinds
)

// span is [start, end) of a line in one kind.
type span struct {
	start, end int
	k          kind
}

// jsonSpans colours one line of (pretty-printed) JSON up to byte upto with
// the shared tokenizer. After pretty-printing no JSON token spans lines, so
// no state is carried from line to line; an invalid body shown as received
// may be coloured imperfectly, never wrongly escaped.
func jsonSpans(line string, upto int, out []span) []span {
	upto = min(upto, len(line))
	for i := 0; i < upto; {
		t := wire.NextJSON(line, i)
		k := kPlain
		switch t.Kind {
		case wire.JSONPunct:
			k = kJSONPunct
		case wire.JSONString:
			k = kJSONString
			if t.IsKey(line) {
				k = kJSONKey
			}
		case wire.JSONNumber:
			k = kJSONNumber
		case wire.JSONLiteral:
			k = kJSONLiteral
		}
		// Blanks and words stay plain; one span for a run of them.
		if n := len(out); k == kPlain && n > 0 && out[n-1].k == kPlain && out[n-1].end == i {
			out[n-1].end = t.End
		} else {
			out = append(out, span{i, t.End, k})
		}
		i = t.End
	}
	return out
}

// xmlSpans colours one line of XML that starts in state st, with the
// shared tokenizer's parts, and returns the state at its end. With emit
// nil it only tracks state (the index pass that stores each line's state).
func xmlSpans(line string, st wire.XMLState, emit func(a, b int, k kind)) wire.XMLState {
	for i := 0; i < len(line); {
		end, p, next := wire.NextXMLPart(line, i, st)
		if emit != nil {
			switch p {
			case wire.XMLPartTagOpen:
				// "<" or "</" is punctuation, the name a tag.
				name := i + 1
				if strings.HasPrefix(line[i:], "</") {
					name++
				}
				emit(i, name, kXMLPunct)
				if end > name {
					emit(name, end, kXMLTag)
				}
			case wire.XMLPartText:
				if strings.Trim(line[i:end], " ") == "" {
					emit(i, end, kPlain) // indentation needs no colour
				} else {
					emit(i, end, kXMLText)
				}
			default:
				emit(i, end, xmlPartKind(p))
			}
		}
		i, st = end, next
	}
	return st
}

// xmlPartKind is the colour of a part that is one colour whole.
func xmlPartKind(p wire.XMLPartKind) kind {
	switch p {
	case wire.XMLPartAttrName:
		return kXMLAttrName
	case wire.XMLPartEquals, wire.XMLPartTagClose, wire.XMLPartCDATAOpen:
		return kXMLPunct
	case wire.XMLPartAttrValue:
		return kXMLAttrValue
	case wire.XMLPartComment:
		return kXMLComment
	case wire.XMLPartCDATA:
		return kXMLText
	case wire.XMLPartPI, wire.XMLPartDecl:
		return kXMLTag
	}
	return kPlain // blanks inside a tag
}
