package api

import (
	"bytes"
	"encoding/binary"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"leadinspector/api/base/sanitize"
)

// checkTree fails when a decoded tree holds text that is not safe for one
// terminal line, or is nested deeper than the limit.
func checkTree(t *testing.T, n *Node, depth int) {
	t.Helper()
	if depth > maxTreeDepth+1 {
		t.Fatalf("tree deeper than %d", maxTreeDepth)
	}
	for _, s := range []string{n.Name, n.Text} {
		if !utf8.ValidString(s) || sanitize.Line(s) != s {
			t.Fatalf("unsafe text %q", s)
		}
	}
	for _, k := range n.Kids {
		checkTree(t, k, depth+1)
	}
}

// checkNames runs every typed view over a tree: none may panic, and every
// field they pick is safe to print.
func checkNames(t *testing.T, n *Node) {
	t.Helper()
	u := websiteUser(n, "id")
	k := contactFrom(n, "id")
	e := &Estate{Address: n.Fields("Address"), EstateType: n.Fields("EstateType"), AssignmentDate: n.Time("AssignmentDate")}
	for _, s := range []string{u.Name, u.Title, u.CellPhone, k.Name, string(k.Type), k.Email, Name{Estate: e}.Label()} {
		if sanitize.Line(s) != s {
			t.Fatalf("unsafe field %q", s)
		}
	}
	for _, f := range n.Fields() {
		if sanitize.Line(f.Label) != f.Label || sanitize.Line(f.Value) != f.Value {
			t.Fatalf("unsafe field %+v", f)
		}
	}
	n.Items()
}

// fuzzTree fuzzes a tree decoder from seeds: it returns a tree or an
// error, never both or neither, and a tree holds only safe text.
func fuzzTree(f *testing.F, decode func([]byte) (*Node, error), seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := decode(b)
		if (n == nil) == (err == nil) {
			t.Fatalf("tree %v and error %v", n, err)
		}
		if err != nil {
			return
		}
		checkTree(t, n, 0)
		checkNames(t, n)
	})
}

func asBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func FuzzDecodeTreeJSON(f *testing.F) {
	fuzzTree(f, DecodeTreeJSON, append(asBytes(nastyJSON),
		[]byte(sampleAdvertisingUser),
		[]byte(`[{"userGroupId":"G","users":[{"userId":"U"}],"customerIds":["M1",null]}]`),
		[]byte(`{"type":2,"name":"Dödsbo","telephone":null,"address":{"streetAddress":"\u001b[2J"}}`))...)
}

func FuzzDecodeTreeXML(f *testing.F) {
	fuzzTree(f, DecodeTreeXML, append(asBytes(nastyXML),
		[]byte(`<a:AdvertisingOffice xmlns:a="x"><a:Name>Kontoret</a:Name><a:ZipCode><a:Value>1</a:Value></a:ZipCode></a:AdvertisingOffice>`),
		[]byte(`<ArrayOfUserGroup><UserGroup><CustomerIds xmlns:d="y"><d:string>M1</d:string></CustomerIds><Users i:nil="true"/></UserGroup></ArrayOfUserGroup>`),
		encodeUTF16(`<?xml version="1.0" encoding="utf-16"?><CrmPersonContact><FirstName>Å</FirstName></CrmPersonContact>`, false, true))...)
}

// fromUTF16 agrees with unicode/utf16 on every input it accepts, and
// refuses exactly the inputs with an odd length or an unpaired surrogate.
func FuzzFromUTF16(f *testing.F) {
	f.Add([]byte{'<', 0, 'a', 0}, false)
	f.Add([]byte{0xD8, 0x3D, 0xDE, 0x00}, true)
	f.Add([]byte{0x00, 0xD8, 'x', 0}, false)
	f.Add([]byte{1}, false)
	f.Fuzz(func(t *testing.T, b []byte, bigEndian bool) {
		got, err := fromUTF16(b, bigEndian)
		if len(b)%2 != 0 {
			if err == nil {
				t.Fatal("odd length accepted")
			}
			return
		}
		units := make([]uint16, len(b)/2)
		order := binary.ByteOrder(binary.LittleEndian)
		if bigEndian {
			order = binary.BigEndian
		}
		for i := range units {
			units[i] = order.Uint16(b[2*i:])
		}
		want := string(utf16.Decode(units))
		// Valid exactly when it survives a round trip (a U+FFFD in the
		// input is valid; a lone surrogate decodes to one and does not).
		lone := !bytes.Equal(encodeUTF16(want, bigEndian, false), b)
		switch {
		case err != nil && !lone:
			t.Fatalf("refused valid UTF-16: %v", err)
		case err == nil && lone:
			t.Fatal("accepted an unpaired surrogate")
		case err == nil && string(got) != want:
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}
