package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"leadinspector/api/base/sanitize"
)

// Node is one value of a name endpoint's answer, decoded without a schema:
// Vitec documents only some of these models (and shows no XML sample at
// all), so the answer is kept as it came, labelled by its own field names,
// and the typed views pick the documented fields out of it.
//
// A JSON object or an XML element with child elements has Kids; a JSON array
// or an XML list (DataContract's ArrayOf…) has Kids too, its items. Scalars
// have Text: strings as they are, numbers and booleans as written. Text is
// sanitised for a single terminal line when decoded, so it is safe to print.
type Node struct {
	// Name is the JSON key or the XML element's local name (no prefix);
	// "" for a JSON array's items.
	Name string
	Text string
	// Nil is JSON null or XML i:nil="true".
	Nil  bool
	Kids []*Node
}

// Limits on a name answer's shape: far beyond any real one, they keep a
// hostile body from costing more than its bytes.
const (
	maxTreeDepth = 64
	// maxTreeNodes bounds the values: a body of a million tiny values
	// would otherwise cost a hundred bytes of memory per byte received.
	maxTreeNodes = 200_000
	maxTextRunes = 1000
)

// Child returns the first child named name (ASCII case-insensitive, as
// Json.NET and our XML reader match), or nil. It is safe on a nil Node.
func (n *Node) Child(name string) *Node {
	if n == nil {
		return nil
	}
	for _, k := range n.Kids {
		if strings.EqualFold(k.Name, name) {
			return k
		}
	}
	return nil
}

// Str is the text of the child at path (each step a field name), "" when
// any step is absent or null.
func (n *Node) Str(path ...string) string {
	for _, p := range path {
		n = n.Child(p)
	}
	if n == nil || n.Nil {
		return ""
	}
	return strings.TrimSpace(n.Text)
}

// Items returns the items of the list at path; nil items are left out.
func (n *Node) Items(path ...string) []*Node {
	for _, p := range path {
		n = n.Child(p)
	}
	if n == nil || n.Nil {
		return nil
	}
	out := make([]*Node, 0, len(n.Kids))
	for _, k := range n.Kids {
		if !k.Nil {
			out = append(out, k)
		}
	}
	return out
}

// Time reads the date at path as .NET writes it; absent, unparsable and
// .NET's unset date (0001-01-01) are the zero time, "not given": a name
// card must not fail over one odd date.
func (n *Node) Time(path ...string) time.Time {
	d := n
	for _, p := range path {
		d = d.Child(p)
	}
	if d != nil && !d.Nil && d.Child("DateTime") != nil {
		// A DateTimeOffset as DataContract serialisers write it.
		t, err := dateTimeOffset(d.Str("DateTime"), d.Str("OffsetMinutes"))
		if err != nil {
			return time.Time{}
		}
		return t
	}
	t, err := parseTime(n.Str(path...))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Field is one value of a model Vitec does not document, labelled by its own
// field names joined with dots ("Price.Amount"), or list items by their
// position ("Rooms[2]").
type Field struct {
	Label string
	Value string
}

// Fields flattens the value at path into labelled fields, in the order they
// arrived, leaving out absent and empty ones. A scalar gives one field
// labelled with the last step of path.
func (n *Node) Fields(path ...string) []Field {
	for _, p := range path {
		n = n.Child(p)
	}
	if n == nil {
		return nil
	}
	var out []Field
	var walk func(n *Node, label string)
	walk = func(n *Node, label string) {
		switch {
		case n.Nil:
		case len(n.Kids) == 0:
			if v := strings.TrimSpace(n.Text); v != "" {
				out = append(out, Field{Label: label, Value: v})
			}
		default:
			for i, k := range n.Kids {
				sub := k.Name
				if sub == "" {
					sub = label + "[" + strconv.Itoa(i+1) + "]"
				} else if label != "" {
					sub = label + "." + sub
				}
				walk(k, sub)
			}
		}
	}
	// Labels are relative to path: Address's StreetAddress is
	// "StreetAddress"; a scalar at path is labelled with its own name.
	label := ""
	if len(n.Kids) == 0 {
		label = n.Name
	}
	walk(n, label)
	return out
}

// cleanText makes a server string safe for one terminal line and bounds it.
func cleanText(s string) string {
	if len(s) > 4*maxTextRunes {
		s = s[:4*maxTextRunes]
	}
	s = sanitize.Line(s)
	if r := []rune(s); len(r) > maxTextRunes {
		s = string(r[:maxTextRunes]) + "…"
	}
	return s
}

// DecodeTree decodes a name endpoint's answer in format f into a Node tree.
func DecodeTree(b []byte, f Format) (*Node, error) {
	switch f {
	case JSON:
		return DecodeTreeJSON(b)
	case XML:
		return DecodeTreeXML(b)
	}
	return nil, fmt.Errorf("unknown format %q", string(f))
}

// DecodeTreeJSON decodes one JSON value (an object or an array) into a
// tree. A leading UTF-8 byte order mark is skipped; trailing data is an
// error.
func DecodeTreeJSON(b []byte) (*Node, error) {
	b, trimmed, err := jsonBody(b)
	if err != nil {
		return nil, err
	}
	if trimmed[0] != '{' && trimmed[0] != '[' {
		return nil, fmt.Errorf("expected a JSON object or list, body starts with %s", describeStart(trimmed))
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	root := &Node{}
	nodes := 0
	if err := jsonTree(d, root, 0, &nodes); err != nil {
		return nil, jsonError(err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the value")
	}
	return root, nil
}

// jsonTree reads one value into n.
func jsonTree(d *json.Decoder, n *Node, depth int, nodes *int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("invalid JSON: nested deeper than %d levels", maxTreeDepth)
	}
	if *nodes++; *nodes > maxTreeNodes {
		return fmt.Errorf("more than %d values: not a name answer", maxTreeNodes)
	}
	tok, err := d.Token()
	if err != nil {
		if err == io.EOF {
			return errors.New("invalid JSON: unexpected end")
		}
		return err
	}
	switch v := tok.(type) {
	case nil:
		n.Nil = true
	case string:
		n.Text = cleanText(v)
	case json.Number:
		n.Text = cleanText(v.String())
	case bool:
		n.Text = strconv.FormatBool(v)
	case json.Delim:
		switch v {
		case '{':
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				k := &Node{Name: cleanText(key)}
				if err := jsonTree(d, k, depth+1, nodes); err != nil {
					return err
				}
				n.Kids = append(n.Kids, k)
			}
		case '[':
			for d.More() {
				k := &Node{}
				if err := jsonTree(d, k, depth+1, nodes); err != nil {
					return err
				}
				n.Kids = append(n.Kids, k)
			}
		}
		if _, err := d.Token(); err != nil { // the closing delimiter
			return err
		}
	}
	return nil
}

// DecodeTreeXML decodes a DataContract XML document into a tree: elements
// by local name, namespaces and prefixes ignored, i:nil="true" as Nil. The
// root element becomes the returned Node. It accepts what DecodeXML accepts,
// UTF-16 included.
func DecodeTreeXML(b []byte) (*Node, error) {
	var n *Node
	err := walkXMLDoc(b, func(x *xmlWalker, root elem) error {
		n = &Node{Name: cleanText(string(root.local)), Nil: root.isNil}
		return x.tree(n, 0)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// tree reads the element just opened into n, through its end tag.
func (x *xmlWalker) tree(n *Node, depth int) error {
	if depth > maxTreeDepth {
		return x.s.fail("nested deeper than %d levels", maxTreeDepth)
	}
	if x.nodes++; x.nodes > maxTreeNodes {
		return fmt.Errorf("more than %d elements: not a name answer", maxTreeNodes)
	}
	var text []byte
	for {
		if err := x.next(); err != nil {
			return err
		}
		switch x.s.kind {
		case xmlText:
			var err error
			if text, err = unescapeXML(text, x.s.text, x.s.cdata); err != nil {
				return x.s.fail("%v", err)
			}
		case xmlStart:
			k := &Node{Name: cleanText(string(x.s.local)), Nil: x.s.isNil}
			if err := x.tree(k, depth+1); err != nil {
				return err
			}
			n.Kids = append(n.Kids, k)
		case xmlEnd:
			if len(n.Kids) == 0 && !n.Nil {
				n.Text = cleanText(string(text))
			}
			return nil
		}
	}
}
