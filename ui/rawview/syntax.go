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

// XML tokenizer states at a line boundary.
const (
	xsText uint8 = iota
	xsTag
	xsAttrDQ
	xsAttrSQ
	xsComment
	xsCDATA
	xsPI
	xsDecl
)

// xmlSpans tokenizes one line of XML that starts in state st and returns the
// state at its end. With emit nil it only tracks state (the index pass).
func xmlSpans(line string, st uint8, emit func(a, b int, k kind)) uint8 {
	put := func(a, b int, k kind) {
		if emit != nil && b > a {
			emit(a, b, k)
		}
	}
	until := func(i int, end string, k kind, next uint8) (int, uint8) {
		if j := strings.Index(line[i:], end); j >= 0 {
			put(i, i+j+len(end), k)
			return i + j + len(end), next
		}
		put(i, len(line), k)
		return len(line), st
	}
	for i := 0; i < len(line); {
		switch st {
		case xsComment:
			i, st = until(i, "-->", kXMLComment, xsText)
		case xsCDATA:
			i, st = until(i, "]]>", kXMLText, xsText)
		case xsPI:
			i, st = until(i, "?>", kXMLTag, xsText)
		case xsDecl:
			i, st = until(i, ">", kXMLTag, xsText)
		case xsAttrDQ:
			i, st = until(i, `"`, kXMLAttrValue, xsTag)
		case xsAttrSQ:
			i, st = until(i, `'`, kXMLAttrValue, xsTag)
		case xsTag:
			c := line[i]
			switch {
			case c == '>':
				put(i, i+1, kXMLPunct)
				i++
				st = xsText
			case c == '/' && i+1 < len(line) && line[i+1] == '>':
				put(i, i+2, kXMLPunct)
				i += 2
				st = xsText
			case c == '"' || c == '\'':
				if j := strings.IndexByte(line[i+1:], c); j >= 0 {
					put(i, i+j+2, kXMLAttrValue)
					i += j + 2
					break
				}
				put(i, len(line), kXMLAttrValue)
				i = len(line)
				st = xsAttrDQ
				if c == '\'' {
					st = xsAttrSQ
				}
			case c == '=':
				put(i, i+1, kXMLPunct)
				i++
			case c == ' ':
				j := i + 1
				for j < len(line) && line[j] == ' ' {
					j++
				}
				put(i, j, kPlain)
				i = j
			default:
				j := i + 1
				for j < len(line) && !wire.IsXMLDelim(line[j]) && line[j] != '=' && line[j] != '"' && line[j] != '\'' {
					j++
				}
				put(i, j, kXMLAttrName)
				i = j
			}
		default: // xsText
			if line[i] != '<' {
				j := strings.IndexByte(line[i:], '<')
				if j < 0 {
					j = len(line) - i
				}
				k := kXMLText
				if strings.Trim(line[i:i+j], " ") == "" {
					k = kPlain // indentation needs no colour
				}
				put(i, i+j, k)
				i += j
				continue
			}
			rest := line[i:]
			switch {
			case strings.HasPrefix(rest, "<!--"):
				put(i, i+4, kXMLComment)
				i += 4
				st = xsComment
			case strings.HasPrefix(rest, "<![CDATA["):
				put(i, i+9, kXMLPunct)
				i += 9
				st = xsCDATA
			case strings.HasPrefix(rest, "<?"):
				put(i, i+2, kXMLTag)
				i += 2
				st = xsPI
			case strings.HasPrefix(rest, "<!"):
				put(i, i+2, kXMLTag)
				i += 2
				st = xsDecl
			default:
				p := i + 1
				if strings.HasPrefix(rest, "</") {
					p++
				}
				put(i, p, kXMLPunct)
				j := p
				for j < len(line) && !wire.IsXMLDelim(line[j]) {
					j++
				}
				put(p, j, kXMLTag)
				i = j
				st = xsTag
			}
		}
	}
	return st
}
