package api

// The first XML decoder, built on encoding/xml, kept as a test oracle: the
// hand-written scanner in decodexml.go must decode every document this one
// accepts to the same lead (FuzzDecodeXMLMatchesEncodingXML). It uses
// Token, not RawToken, so that mismatched end tags are errors here too.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func oracleDecodeXML(b []byte) (*IncomingLead, error) {
	b = bytes.TrimPrefix(b, leadBOM)
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, errors.New("empty body")
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	// Only UTF-8 (and its ASCII subset) is accepted; a declaration naming
	// another encoding is an error rather than mojibake.
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf8", "us-ascii", "ascii":
			return r, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	x := oracleWalker{d: d}
	root, err := x.root()
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(root.Name.Local, "IncomingLead") {
		return nil, fmt.Errorf("root element is <%s>, expected <IncomingLead>", oracleShortName(root.Name.Local))
	}
	if oracleIsNil(root) {
		return nil, errors.New("the lead is nil")
	}
	l := &IncomingLead{}
	if err := x.lead(l); err != nil {
		return nil, err
	}
	if err := x.end(); err != nil {
		return nil, err
	}
	return l, nil
}

// oracleWalker walks raw tokens (no namespace translation, which is what makes
// encoding/xml slow) and keeps its own depth, so deeply nested unknown
// elements are skipped without recursion.
type oracleWalker struct {
	d *xml.Decoder
}

func (x *oracleWalker) token() (xml.Token, error) {
	t, err := x.d.Token()
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, fmt.Errorf("invalid XML: %w", err)
	}
	return t, nil
}

// root returns the first element, skipping the declaration, comments,
// directives and whitespace before it.
func (x *oracleWalker) root() (xml.StartElement, error) {
	for {
		t, err := x.d.Token()
		if err == io.EOF {
			return xml.StartElement{}, errors.New("invalid XML: no root element")
		}
		if err != nil {
			return xml.StartElement{}, fmt.Errorf("invalid XML: %w", err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			return t, nil
		case xml.EndElement:
			return xml.StartElement{}, errors.New("invalid XML: end tag before the root element")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return xml.StartElement{}, errors.New("invalid XML: text before the root element")
			}
		}
	}
}

// end checks that nothing but comments, processing instructions and
// whitespace follows the root element.
func (x *oracleWalker) end() error {
	for {
		t, err := x.d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("invalid XML: %w", err)
		}
		switch t := t.(type) {
		case xml.StartElement, xml.EndElement:
			return errors.New("invalid XML: content after the root element")
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return errors.New("invalid XML: text after the root element")
			}
		}
	}
}

// children calls fn for each child element of the element just opened, until
// its end tag. fn must consume the child whole (through its end tag).
func (x *oracleWalker) children(fn func(xml.StartElement) error) error {
	for {
		t, err := x.token()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// skip consumes the rest of the element just opened, however deep.
func (x *oracleWalker) skip() error {
	depth := 1
	for depth > 0 {
		t, err := x.token()
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// text returns the character data of the element just opened and consumes
// it through its end tag. Child elements inside it are skipped.
func (x *oracleWalker) text() (string, error) {
	// Most elements hold one run of text: keep it as a string (CharData is
	// only valid until the next token) and only build a buffer for more.
	var first string
	var buf []byte
	n := 0
	for {
		t, err := x.token()
		if err != nil {
			return "", err
		}
		switch t := t.(type) {
		case xml.CharData:
			switch n {
			case 0:
				first = string(t)
			case 1:
				buf = append(append(buf, first...), t...)
			default:
				buf = append(buf, t...)
			}
			n++
		case xml.StartElement:
			if err := x.skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			if n <= 1 {
				return first, nil
			}
			return string(buf), nil
		}
	}
}

// date reads a date element: its text, or a DateTimeOffset's DateTime and
// OffsetMinutes children.
func (x *oracleWalker) date(s xml.StartElement) (time.Time, error) {
	if oracleIsNil(s) {
		return time.Time{}, x.skip()
	}
	var text []byte
	var dt, off string
	kids := false
	for {
		t, err := x.token()
		if err != nil {
			return time.Time{}, err
		}
		switch t := t.(type) {
		case xml.CharData:
			text = append(text, t...)
		case xml.StartElement:
			kids = true
			v, err := x.str(t)
			if err != nil {
				return time.Time{}, err
			}
			switch {
			case strings.EqualFold(t.Name.Local, "DateTime"):
				dt = v
			case strings.EqualFold(t.Name.Local, "OffsetMinutes"):
				off = v
			}
		case xml.EndElement:
			if kids {
				return dateTimeOffset(dt, off)
			}
			return parseTime(string(text))
		}
	}
}

// isNil reports whether the element carries i:nil="true" (any prefix).
func oracleIsNil(s xml.StartElement) bool {
	for _, a := range s.Attr {
		if a.Name.Local == "nil" && strings.TrimSpace(a.Value) == "true" {
			return true
		}
	}
	return false
}

// shortName bounds an element name quoted in an error message.
func oracleShortName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// str reads a string element; nil is "".
func (x *oracleWalker) str(s xml.StartElement) (string, error) {
	if oracleIsNil(s) {
		return "", x.skip()
	}
	return x.text()
}

func (x *oracleWalker) lead(l *IncomingLead) error {
	return x.children(func(s xml.StartElement) error {
		var err error
		switch name := s.Name.Local; {
		case strings.EqualFold(name, "ContactId"):
			l.ContactID, err = x.str(s)
		case strings.EqualFold(name, "BuyingEstateId"):
			l.BuyingEstateID, err = x.str(s)
		case strings.EqualFold(name, "SellingEstateId"):
			l.SellingEstateID, err = x.str(s)
		case strings.EqualFold(name, "Message"):
			l.Message, err = x.str(s)
		case strings.EqualFold(name, "State"):
			var v string
			v, err = x.str(s)
			l.State = State(strings.TrimSpace(v))
		case strings.EqualFold(name, "SentAt"):
			l.SentAt, err = x.date(s)
		case strings.EqualFold(name, "IsAnonymized"):
			var v string
			if v, err = x.str(s); err == nil {
				var b, ok bool
				b, ok, err = parseBool(v)
				l.IsAnonymized = nil
				if ok {
					l.IsAnonymized = &b
				}
			}
		case strings.EqualFold(name, "LeadSource"):
			l.LeadSource = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			l.LeadSource = &LeadSource{}
			err = x.source(l.LeadSource)
		case strings.EqualFold(name, "Receiver"):
			l.Receiver = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			l.Receiver = &LeadReceiver{}
			err = x.receiver(l.Receiver)
		case strings.EqualFold(name, "UtmTags"):
			l.UtmTags = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			err = x.utmTags(&l.UtmTags)
		default:
			err = x.skip()
		}
		return err
	})
}

func (x *oracleWalker) source(src *LeadSource) error {
	return x.children(func(s xml.StartElement) error {
		var err error
		switch name := s.Name.Local; {
		case strings.EqualFold(name, "Id"):
			src.ID, err = x.str(s)
		case strings.EqualFold(name, "Name"):
			src.Name, err = x.str(s)
		case strings.EqualFold(name, "LeadType"):
			var v string
			v, err = x.str(s)
			src.LeadType = LeadType(strings.TrimSpace(v))
		default:
			err = x.skip()
		}
		return err
	})
}

func (x *oracleWalker) receiver(r *LeadReceiver) error {
	return x.children(func(s xml.StartElement) error {
		name := s.Name.Local
		switch {
		case strings.EqualFold(name, "Agent"):
			r.Agent = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			r.Agent = &Agent{}
			return x.agent(r.Agent)
		case strings.EqualFold(name, "UserGroup"):
			r.UserGroup = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			r.UserGroup = &UserGroup{}
			return x.children(func(s xml.StartElement) error {
				if strings.EqualFold(s.Name.Local, "Id") {
					var err error
					r.UserGroup.ID, err = x.str(s)
					return err
				}
				return x.skip()
			})
		case strings.EqualFold(name, "Office"):
			r.Office = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			r.Office = &Office{}
			return x.office(r.Office)
		}
		return x.skip()
	})
}

func (x *oracleWalker) agent(a *Agent) error {
	return x.children(func(s xml.StartElement) error {
		name := s.Name.Local
		switch {
		case strings.EqualFold(name, "Id"):
			var err error
			a.ID, err = x.str(s)
			return err
		case strings.EqualFold(name, "Office"):
			a.Office = nil
			if oracleIsNil(s) {
				return x.skip()
			}
			a.Office = &Office{}
			return x.office(a.Office)
		}
		return x.skip()
	})
}

func (x *oracleWalker) office(o *Office) error {
	return x.children(func(s xml.StartElement) error {
		var err error
		switch name := s.Name.Local; {
		case strings.EqualFold(name, "Id"):
			o.ID, err = x.str(s)
		case strings.EqualFold(name, "CustomerId"):
			o.CustomerID, err = x.str(s)
		default:
			err = x.skip()
		}
		return err
	})
}

// utmTags reads the list's items whatever their element name
// (d2p1:FormMarketingUtmTags in Vitec's sample); nil items are skipped.
func (x *oracleWalker) utmTags(tags *[]UtmTag) error {
	return x.children(func(s xml.StartElement) error {
		if oracleIsNil(s) {
			return x.skip()
		}
		var t UtmTag
		err := x.children(func(s xml.StartElement) error {
			var err error
			switch name := s.Name.Local; {
			case strings.EqualFold(name, "Name"):
				t.Name, err = x.str(s)
			case strings.EqualFold(name, "Value"):
				t.Value, err = x.str(s)
			default:
				err = x.skip()
			}
			return err
		})
		if err != nil {
			return err
		}
		*tags = append(*tags, t)
		return nil
	})
}

func TestOracleAgreesOnSeed(t *testing.T) {
	want, err := oracleDecodeXML(readSeed(t, "seed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeXML(readSeed(t, "seed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scanner %+v\noracle  %+v", got, want)
	}
}

// FuzzDecodeXMLMatchesEncodingXML: whatever encoding/xml reads as a lead,
// the scanner reads as the same lead. (The scanner may accept more, such as
// control characters in text, which encoding/xml refuses; and it refuses
// DOCTYPE, which encoding/xml skips, and invalid UTF-8 anywhere.)
func FuzzDecodeXMLMatchesEncodingXML(f *testing.F) {
	f.Add(readSeed(f, "seed.xml"))
	for _, s := range nastyXML {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		"<IncomingLead>\r\n<Message>a\r\nb\rc &#13; &#x41;</Message></IncomingLead>",
		"&#32;<IncomingLead/>", "<?xml version='1.0' encoding='UTF-8'?><IncomingLead/>",
		"<IncomingLead><Message>a<!--x-->b<?pi x?>c<![CDATA[d\r\n]]></Message></IncomingLead>",
		`<IncomingLead><Receiver><Agent xmlns:nil="true"><Id a='1' b="2">x</Id></Agent></Receiver></IncomingLead>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// The scanner refuses invalid UTF-8 anywhere; encoding/xml lets it
		// pass in places such as processing instructions.
		if !utf8.Valid(b) {
			return
		}
		want, err := oracleDecodeXML(b)
		if err != nil || bytes.Contains(b, []byte("<!")) {
			return
		}
		got, err := DecodeXML(b)
		if err != nil {
			t.Fatalf("encoding/xml read %+v, the scanner failed: %v", want, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("scanner %+v\noracle  %+v", got, want)
		}
	})
}

// Documents at the edges of the syntax: the scanner must read each exactly
// as encoding/xml does.
func TestScannerMatchesOracle(t *testing.T) {
	docs := []string{
		`<IncomingLead></IncomingLead >`,
		`<IncomingLead ><State >New</State	></IncomingLead>`,
		"<IncomingLead\n  xmlns:i='http://www.w3.org/2001/XMLSchema-instance'\n><IsAnonymized i:nil = 'true' /></IncomingLead>",
		`<IncomingLead><Message a="x &amp; &lt; &#65; y">text</Message></IncomingLead>`,
		`<IncomingLead><Message>&#xE5;&#229;&quot;&apos;&gt;</Message></IncomingLead>`,
		"<IncomingLead><Message>a\r\nb\rc\n\r</Message></IncomingLead>",
		"<IncomingLead><Message><![CDATA[x\r\ny &amp; ]]>&amp;<![CDATA[]]></Message></IncomingLead>",
		`<IncomingLead><Message>one<Extra>skipped <b>deep</b></Extra>two</Message></IncomingLead>`,
		`<IncomingLead><?pi data?><!-- c --><State><!-- c -->N<?p?>ew</State></IncomingLead><!-- after --><?after?>`,
		`<?xml version="1.0"?><IncomingLead/>`,
		`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n<IncomingLead/>\n",
		`<p:IncomingLead xmlns:p="u"><p:Receiver><q:Agent xmlns:q="v"><q:Id>A</q:Id><q:Office i:nil="true" xmlns:i="w"/></q:Agent></p:Receiver></p:IncomingLead>`,
		`<IncomingLead><UtmTags><T><Name>a</Name><Value/></T><T/><T><Value>v</Value></T></UtmTags></IncomingLead>`,
		`<IncomingLead><LeadSource><Id>1</Id><Id>2</Id></LeadSource><LeadSource><Name>n</Name></LeadSource></IncomingLead>`,
		`<INCOMINGLEAD><contactid>c</contactid><RECEIVER><office><CUSTOMERID>M1</CUSTOMERID></office></RECEIVER></INCOMINGLEAD>`,
		`<IncomingLead><IsAnonymized nil="true">true</IsAnonymized><State nil=" true ">x</State></IncomingLead>`,
		`<IncomingLead><SentAt>2025-04-04T06:11:27.7481798+02:00</SentAt><IsAnonymized>0</IsAnonymized></IncomingLead>`,
		"\ufeff<IncomingLead>\u00a0<Message>\u00a0nbsp\u00a0</Message></IncomingLead>",
		`<IncomingLead><Message>]]&gt;</Message></IncomingLead>`,
	}
	for _, d := range docs {
		want, werr := oracleDecodeXML([]byte(d))
		got, gerr := DecodeXML([]byte(d))
		if werr != nil {
			t.Errorf("oracle refused %q: %v (fix the table)", d, werr)
			continue
		}
		if gerr != nil {
			t.Errorf("scanner refused %q: %v", d, gerr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\nscanner %+v\noracle  %+v", d, got, want)
		}
	}
}
