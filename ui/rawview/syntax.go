package rawview

import "strings"

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

// jsonSpans tokenizes one line of (pretty-printed) JSON up to byte upto.
// After pretty-printing no JSON token spans lines, so no state is carried
// from line to line; an invalid body shown as received may be coloured
// imperfectly, never wrongly escaped.
func jsonSpans(line string, upto int, out []span) []span {
	upto = min(upto, len(line))
	for i := 0; i < upto; {
		c := line[i]
		j := i + 1
		k := kPlain
		switch {
		case c == '"':
			j, _ = jsonStringEnd(line, i)
			k = kJSONString
			n := j
			for n < len(line) && line[n] == ' ' {
				n++
			}
			if n < len(line) && line[n] == ':' {
				k = kJSONKey
			}
		case c == '-' || c >= '0' && c <= '9':
			for j < len(line) && (line[j] >= '0' && line[j] <= '9' || strings.IndexByte(".eE+-", line[j]) >= 0) {
				j++
			}
			k = kJSONNumber
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			for j < len(line) && isWordByte(line[j]) {
				j++
			}
			if w := line[i:j]; w == "true" || w == "false" || w == "null" {
				k = kJSONLiteral
			}
		case strings.IndexByte("{}[],:", c) >= 0:
			k = kJSONPunct
		default:
			for j < len(line) && !isJSONTokenStart(line[j]) {
				j++
			}
		}
		out = append(out, span{i, j, k})
		i = j
	}
	return out
}

func isJSONTokenStart(c byte) bool {
	return c == '"' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' ||
		c >= 'A' && c <= 'Z' || strings.IndexByte("{}[],:", c) >= 0
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
				for j < len(line) && !isXMLDelim(line[j]) && line[j] != '=' && line[j] != '"' && line[j] != '\'' {
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
				for j < len(line) && !isXMLDelim(line[j]) {
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
