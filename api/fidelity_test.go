package api

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

// An unset .NET date (DateTime.MinValue) is "not given", in every spelling
// a serialiser writes it, in JSON and XML alike.
func TestUnsetDotNetDateIsNotGiven(t *testing.T) {
	for _, v := range []string{
		"0001-01-01T00:00:00",
		"0001-01-01T00:00:00Z",
		"0001-01-01T00:00:00+01:00",
		"0001-01-01T00:00:00.0000000",
		"/Date(-62135596800000)/",
		"/Date(-62135596800000+0100)/",
	} {
		l, err := DecodeJSON([]byte(`{"sentAt":"` + v + `","state":"New"}`))
		if err != nil {
			t.Fatalf("JSON %s: %v", v, err)
		}
		if !l.SentAt.IsZero() {
			t.Errorf("JSON sentAt %s = %v, want not given", v, l.SentAt)
		}
		l, err = DecodeXML([]byte(`<IncomingLead><SentAt>` + v + `</SentAt></IncomingLead>`))
		if err != nil {
			t.Fatalf("XML %s: %v", v, err)
		}
		if !l.SentAt.IsZero() {
			t.Errorf("XML SentAt %s = %v, want not given", v, l.SentAt)
		}
	}
	// The first real day after it is still a date.
	l, err := DecodeJSON([]byte(`{"sentAt":"0002-01-01T00:00:00Z"}`))
	if err != nil || l.SentAt.Year() != 2 {
		t.Errorf("year 2 = %v, %v", l.SentAt, err)
	}
}

func encodeUTF16(s string, bigEndian, bom bool) []byte {
	var b bytes.Buffer
	order := binary.ByteOrder(binary.LittleEndian)
	if bigEndian {
		order = binary.BigEndian
	}
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		_ = binary.Write(&b, order, u)
	}
	return b.Bytes()
}

// DataContractSerializer can write UTF-16, with or without a byte order
// mark; the lead decodes the same as in UTF-8, non-ASCII and surrogate
// pairs included.
func TestXMLInUTF16Decodes(t *testing.T) {
	doc := `<?xml version="1.0" encoding="utf-16"?><IncomingLead xmlns="x"><Message>Ängsvägen 3 🏠</Message><State>New</State></IncomingLead>`
	for _, be := range []bool{false, true} {
		for _, bom := range []bool{false, true} {
			l, err := DecodeXML(encodeUTF16(doc, be, bom))
			if err != nil {
				t.Fatalf("big endian %v, BOM %v: %v", be, bom, err)
			}
			if l.Message != "Ängsvägen 3 🏠" || l.State != StateNew {
				t.Errorf("big endian %v, BOM %v: %+v", be, bom, l)
			}
			n, err := DecodeTreeXML(encodeUTF16(doc, be, bom))
			if err != nil || n.Str("Message") != "Ängsvägen 3 🏠" {
				t.Errorf("tree, big endian %v, BOM %v: %v %v", be, bom, n, err)
			}
		}
	}
}

// A UTF-16 body that cannot be read is refused with its real cause, not as
// "invalid UTF-8".
func TestXMLInUTF16RefusedWithCause(t *testing.T) {
	good := encodeUTF16(`<IncomingLead><Message>x</Message></IncomingLead>`, false, true)
	lone := encodeUTF16(`<IncomingLead><Message>`, false, true)
	lone = append(lone, 0x00, 0xD8) // a high surrogate, then text
	lone = append(lone, encodeUTF16(`x</Message></IncomingLead>`, false, false)...)
	for name, tc := range map[string]struct {
		body []byte
		want string
	}{
		"cut mid unit":       {good[:len(good)-1], "odd number of bytes"},
		"lone surrogate":     {lone, "unpaired UTF-16 surrogate"},
		"declared, not wide": {[]byte(`<?xml version="1.0" encoding="utf-16"?><IncomingLead/>`), "body is not UTF-16"},
		"wide, declared 8":   {encodeUTF16(`<?xml version="1.0" encoding="utf-8"?><IncomingLead/>`, false, true), "body is UTF-16"},
		"latin-1":            {[]byte(`<?xml version="1.0" encoding="iso-8859-1"?><IncomingLead/>`), `unsupported encoding "iso-8859-1"`},
	} {
		_, err := DecodeXML(tc.body)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to say %q", name, err, tc.want)
		}
	}
}
