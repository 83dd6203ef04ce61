package demo

import (
	"slices"
	"strings"
)

// wv is a value of a name endpoint's answer, written in the lead's wire
// style: camelCase JSON as Json.NET writes it, DataContract XML with
// members in alphabetical order and absent values as i:nil. One shape for
// both formats keeps the two answers the same data.
type wv struct {
	name string
	text string
	// raw marks a number or boolean: unquoted in JSON.
	raw  bool
	null bool
	// obj and list hold members or items; a list's items are named by
	// their element name in XML.
	obj  []wv
	list []wv
	// isList tells an empty list from a scalar.
	isList bool
	// arrays marks a list of strings, written in the Serialization/Arrays
	// namespace in XML as DataContract does.
	arrays bool
}

func str(name, s string) wv { return wv{name: name, text: s, null: s == ""} }
func num(name, s string) wv { return wv{name: name, text: s, raw: true, null: s == ""} }
func boolean(name string, b bool) wv {
	if b {
		return wv{name: name, text: "true", raw: true}
	}
	return wv{name: name, text: "false", raw: true}
}
func obj(name string, members ...wv) wv { return wv{name: name, obj: members} }
func null(name string) wv               { return wv{name: name, null: true} }
func list(name string, items ...wv) wv  { return wv{name: name, list: items, isList: true} }
func strList(name string, ss ...string) wv {
	items := make([]wv, len(ss))
	for i, s := range ss {
		items[i] = wv{name: "string", text: s}
	}
	return wv{name: name, list: items, isList: true, arrays: true}
}

// camel is Json.NET's CamelCasePropertyNamesContractResolver for our
// names: the first letter lower-cased.
func camel(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func (v wv) json(b []byte) []byte {
	switch {
	case v.null:
		return append(b, "null"...)
	case v.isList:
		b = append(b, '[')
		for i, it := range v.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = it.json(b)
		}
		return append(b, ']')
	case v.obj != nil:
		b = append(b, '{')
		for i, m := range v.obj {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonString(b, camel(m.name))
			b = append(b, ':')
			b = m.json(b)
		}
		return append(b, '}')
	case v.raw:
		return append(b, v.text...)
	}
	return jsonString(b, v.text)
}

const nsArrays = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

// xmlDoc writes v as the root element in namespace ns.
func (v wv) xmlDoc(ns string) []byte {
	x := xmlWriter{b: make([]byte, 0, 1024)}
	v.xml(&x, ` xmlns:i="`+nsInstance+`" xmlns="`+ns+`"`)
	return x.b
}

func (v wv) xml(x *xmlWriter, attrs string) {
	if v.null {
		x.raw("<" + v.name + attrs + ` i:nil="true"/>`)
		return
	}
	switch {
	case v.arrays:
		x.raw("<" + v.name + attrs + ` xmlns:d2p1="` + nsArrays + `">`)
		for _, it := range v.list {
			x.text("d2p1:"+it.name, it.text)
		}
	case v.isList:
		x.raw("<" + v.name + attrs + ">")
		for _, it := range v.list {
			it.xml(x, "")
		}
	case v.obj != nil:
		x.raw("<" + v.name + attrs + ">")
		members := slices.Clone(v.obj)
		slices.SortStableFunc(members, func(a, b wv) int { return strings.Compare(a.name, b.name) })
		for _, m := range members {
			m.xml(x, "")
		}
	default:
		x.raw("<" + v.name + attrs + ">")
		x.b = appendXMLText(x.b, v.text)
	}
	x.raw("</" + v.name + ">")
}
