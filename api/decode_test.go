package api

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func readSeed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkSeedLead asserts every field of the lead in Vitec's samples.
func checkSeedLead(t *testing.T, l *IncomingLead) {
	t.Helper()
	str := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	str("ContactID", l.ContactID, "sample string 1")
	str("BuyingEstateID", l.BuyingEstateID, "sample string 3")
	str("SellingEstateID", l.SellingEstateID, "sample string 4")
	str("Message", l.Message, "sample string 5")
	str("State", string(l.State), "New")
	if l.State != StateNew {
		t.Errorf("State %q is not StateNew", l.State)
	}
	if l.LeadSource == nil {
		t.Fatal("LeadSource is nil")
	}
	str("LeadSource.ID", l.LeadSource.ID, "sample string 1")
	str("LeadSource.Name", l.LeadSource.Name, "sample string 2")
	if l.LeadSource.LeadType != LeadTypeAcceptObjectFlow {
		t.Errorf("LeadType = %q", l.LeadSource.LeadType)
	}
	want := time.Date(2025, 4, 4, 6, 11, 27, 748179800, time.FixedZone("", 2*3600))
	if !l.SentAt.Equal(want) {
		t.Errorf("SentAt = %v, want %v", l.SentAt, want)
	}
	if _, off := l.SentAt.Zone(); off != 2*3600 {
		t.Errorf("SentAt offset = %d s, want +02:00", off)
	}
	if l.IsAnonymized == nil || !*l.IsAnonymized {
		t.Errorf("IsAnonymized = %v, want true", l.IsAnonymized)
	}
	r := l.Receiver
	if r == nil || r.Agent == nil || r.Agent.Office == nil || r.UserGroup == nil || r.Office == nil {
		t.Fatalf("Receiver incomplete: %+v", r)
	}
	str("Agent.ID", r.Agent.ID, "sample string 1")
	str("Agent.Office.ID", r.Agent.Office.ID, "sample string 1")
	str("Agent.Office.CustomerID", r.Agent.Office.CustomerID, "sample string 2")
	str("UserGroup.ID", r.UserGroup.ID, "sample string 1")
	str("Office.ID", r.Office.ID, "sample string 1")
	str("Office.CustomerID", r.Office.CustomerID, "sample string 2")
	if r.Holder() != LevelAgent {
		t.Errorf("Holder = %v, want agent", r.Holder())
	}
	wantTags := []UtmTag{{"sample string 1", "sample string 2"}, {"sample string 1", "sample string 2"}}
	if !reflect.DeepEqual(l.UtmTags, wantTags) {
		t.Errorf("UtmTags = %+v, want %+v", l.UtmTags, wantTags)
	}
}

func TestDecodeSeedJSON(t *testing.T) {
	l, err := DecodeJSON(readSeed(t, "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	checkSeedLead(t, l)
}

func TestDecodeSeedXML(t *testing.T) {
	l, err := DecodeXML(readSeed(t, "seed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	checkSeedLead(t, l)
}

func TestDecodeSeedsEqual(t *testing.T) {
	j, err := Decode(readSeed(t, "seed.json"), JSON)
	if err != nil {
		t.Fatal(err)
	}
	x, err := Decode(readSeed(t, "seed.xml"), XML)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(j, x) {
		t.Errorf("JSON and XML seeds differ:\njson %+v\nxml  %+v", j, x)
	}
}

func TestDecodeUnknownFormat(t *testing.T) {
	if _, err := Decode([]byte("{}"), Format("yaml")); err == nil {
		t.Fatal("want an error for an unknown format")
	}
}

func boolp(b bool) *bool { return &b }

func TestDecodeJSONShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *IncomingLead
	}{
		{"empty object", `{}`, &IncomingLead{}},
		{"BOM", "\ufeff" + `{"state":"New"}`, &IncomingLead{State: "New"}},
		{"PascalCase names", `{"ContactId":"C1","State":"New","LeadSource":{"Id":"S","Name":"N","LeadType":"X"}}`,
			&IncomingLead{ContactID: "C1", State: "New", LeadSource: &LeadSource{ID: "S", Name: "N", LeadType: "X"}}},
		{"odd case", `{"CONTACTID":"C1","receiver":{"USERGROUP":{"ID":"G"}}}`,
			&IncomingLead{ContactID: "C1", Receiver: &LeadReceiver{UserGroup: &UserGroup{ID: "G"}}}},
		{"nulls", `{"contactId":null,"leadSource":null,"sentAt":null,"receiver":null,"state":null,"isAnonymized":null,"utmTags":null}`,
			&IncomingLead{}},
		{"null nested parts", `{"receiver":{"agent":null,"userGroup":null,"office":{"id":"O","customerId":null}}}`,
			&IncomingLead{Receiver: &LeadReceiver{Office: &Office{ID: "O"}}}},
		{"agent without office", `{"receiver":{"agent":{"id":"A","office":null}}}`,
			&IncomingLead{Receiver: &LeadReceiver{Agent: &Agent{ID: "A"}}}},
		{"unknown fields", `{"extra":{"deep":[1,2,{"x":null}]},"state":"Weird","leadSource":{"leadType":"NewFlow","more":1}}`,
			&IncomingLead{State: "Weird", LeadSource: &LeadSource{LeadType: "NewFlow"}}},
		{"numeric enum kept", `{"state":3}`, &IncomingLead{State: "3"}},
		{"bool false", `{"isAnonymized":false}`, &IncomingLead{IsAnonymized: boolp(false)}},
		{"bool 1", `{"isAnonymized":1}`, &IncomingLead{IsAnonymized: boolp(true)}},
		{"bool string 0", `{"isAnonymized":"0"}`, &IncomingLead{IsAnonymized: boolp(false)}},
		{"bool string True", `{"isAnonymized":"True"}`, &IncomingLead{IsAnonymized: boolp(true)}},
		{"null tag skipped", `{"utmTags":[null,{"name":"utm_source","value":"hemnet"}]}`,
			&IncomingLead{UtmTags: []UtmTag{{"utm_source", "hemnet"}}}},
		{"empty tag list", `{"utmTags":[]}`, &IncomingLead{}},
		{"escapes", `{"message":"rad 1\nrad 2 \u00e5\u00e4\u00f6 \"citat\""}`,
			&IncomingLead{Message: "rad 1\nrad 2 åäö \"citat\""}},
		{"invalid UTF-8 replaced", "{\"message\":\"a\xffb\"}", &IncomingLead{Message: "a\ufffdb"}},
		{"whitespace around", " \r\n\t{\"state\":\"New\"} \n", &IncomingLead{State: "New"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeJSON([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{"empty", ``, "empty body"},
		{"only BOM", "\ufeff", "empty body"},
		{"null", `null`, "expected a JSON object"},
		{"array", `[{"state":"New"}]`, "expected a JSON object"},
		{"string", `"New"`, "expected a JSON object"},
		{"number", `42`, "expected a JSON object"},
		{"html", `<html><title>Login</title></html>`, "expected a JSON object"},
		{"truncated", `{"state":"New"`, "invalid JSON at byte 14: unexpected end"},
		{"trailing garbage", `{"state":"New"} x`, "invalid JSON"},
		{"bad date", `{"sentAt":"yesterday"}`, "not an ISO 8601 date"},
		{"date as number", `{"sentAt":12}`, "date"},
		{"bad bool", `{"isAnonymized":"maybe"}`, "neither true nor false"},
		{"enum object", `{"state":{"x":1}}`, "expected a name"},
		{"tags object", `{"utmTags":{"name":"x"}}`, "invalid JSON: UtmTags should be a list, not object"},
		{"receiver array", `{"receiver":[1]}`, "Receiver should be an object, not array"},
		{"id number", `{"contactId":5}`, "ContactID should be a string, not number"},
		{"tag name object", `{"utmTags":[{"name":{}}]}`, "UtmTags.Name should be a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := DecodeJSON([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error, lead %+v", l)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

const xmlHead = `<IncomingLead xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/Express.Connect.Api.Models.Lead.ExistingLead">`

func TestDecodeXMLShapes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *IncomingLead
	}{
		{"empty", xmlHead + `</IncomingLead>`, &IncomingLead{}},
		{"self-closing root", `<IncomingLead/>`, &IncomingLead{}},
		{"declaration and BOM", "\ufeff<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + xmlHead + `<State>New</State></IncomingLead>`,
			&IncomingLead{State: "New"}},
		{"any order", xmlHead + `<State>New</State><ContactId>C</ContactId><BuyingEstateId>B</BuyingEstateId></IncomingLead>`,
			&IncomingLead{State: "New", ContactID: "C", BuyingEstateID: "B"}},
		{"other prefixes", `<a:IncomingLead xmlns:a="urn:x" xmlns:b="urn:y"><b:ContactId>C</b:ContactId><a:Receiver><b:Office><c:Id xmlns:c="urn:z">O</c:Id></b:Office></a:Receiver></a:IncomingLead>`,
			&IncomingLead{ContactID: "C", Receiver: &LeadReceiver{Office: &Office{ID: "O"}}}},
		{"nil everything", xmlHead + `<BuyingEstateId i:nil="true"/><ContactId i:nil="true"/><IsAnonymized i:nil="true"/><LeadSource i:nil="true"/><Message i:nil="true"/><Receiver i:nil="true"/><SellingEstateId i:nil="true"/><SentAt i:nil="true"/><State i:nil="true"/><UtmTags i:nil="true" xmlns:d2p1="urn:t"/></IncomingLead>`,
			&IncomingLead{}},
		{"nil with other prefix", `<IncomingLead xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><IsAnonymized xsi:nil="true"></IsAnonymized><Receiver><Agent xsi:nil="true"/><UserGroup xsi:nil="true"/><Office><Id>O</Id><CustomerId xsi:nil="true"/></Office></Receiver></IncomingLead>`,
			&IncomingLead{Receiver: &LeadReceiver{Office: &Office{ID: "O"}}}},
		{"agent office nil", xmlHead + `<Receiver><Agent><Id>A</Id><Office i:nil="true"/></Agent></Receiver></IncomingLead>`,
			&IncomingLead{Receiver: &LeadReceiver{Agent: &Agent{ID: "A"}}}},
		{"bool false", xmlHead + `<IsAnonymized>false</IsAnonymized></IncomingLead>`, &IncomingLead{IsAnonymized: boolp(false)}},
		{"bool 1", xmlHead + `<IsAnonymized> 1 </IsAnonymized></IncomingLead>`, &IncomingLead{IsAnonymized: boolp(true)}},
		{"bool empty is absent", xmlHead + `<IsAnonymized/></IncomingLead>`, &IncomingLead{}},
		{"unknown elements skipped", xmlHead + `<Extra><Deep><Deeper>x</Deeper></Deep></Extra><State>Odd</State><Future i:nil="true"/></IncomingLead>`,
			&IncomingLead{State: "Odd"}},
		{"entities and CDATA", xmlHead + `<Message>a &amp; b &lt;c&gt; &#229;<![CDATA[ <raw> ]]></Message></IncomingLead>`,
			&IncomingLead{Message: "a & b <c> å <raw> "}},
		{"comments inside", xmlHead + `<Message>rad 1<!-- x -->
rad 2</Message></IncomingLead>`, &IncomingLead{Message: "rad 1\nrad 2"}},
		{"whitespace kept in strings", xmlHead + `<Message>  indrag </Message></IncomingLead>`, &IncomingLead{Message: "  indrag "}},
		{"nil tag skipped", xmlHead + `<UtmTags xmlns:d2p1="urn:t"><d2p1:FormMarketingUtmTags i:nil="true"/><d2p1:FormMarketingUtmTags><d2p1:Value>v</d2p1:Value><d2p1:Name>n</d2p1:Name></d2p1:FormMarketingUtmTags></UtmTags></IncomingLead>`,
			&IncomingLead{UtmTags: []UtmTag{{"n", "v"}}}},
		{"empty tag list", xmlHead + `<UtmTags/></IncomingLead>`, &IncomingLead{}},
		{"date without offset", xmlHead + `<SentAt>2025-01-15T10:00:00</SentAt></IncomingLead>`,
			&IncomingLead{SentAt: time.Date(2025, 1, 15, 10, 0, 0, 0, stockholm())}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeXML([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDecodeXMLErrors(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{"empty", ``, "empty body"},
		{"whitespace", " \n ", "empty body"},
		{"text", `hello`, "text before the root"},
		{"wrong root", `<Error><Message>x</Message></Error>`, "expected <IncomingLead>"},
		{"html", `<html><head><title>Login</title></head></html>`, "expected <IncomingLead>"},
		{"nil root", `<IncomingLead xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>`, "nil"},
		{"truncated", xmlHead + `<State>New</State>`, "unexpected EOF"},
		{"unclosed element", xmlHead + `<State>New`, "unexpected EOF"},
		{"two roots", `<IncomingLead/><IncomingLead/>`, "after the root"},
		{"bad date", xmlHead + `<SentAt>04/04/2025</SentAt></IncomingLead>`, "not an ISO 8601 date"},
		{"bad bool", xmlHead + `<IsAnonymized>ja</IsAnonymized></IncomingLead>`, "neither true nor false"},
		{"unknown entity", xmlHead + `<Message>&nbsp;</Message></IncomingLead>`, "invalid XML"},
		{"utf-16 declaration", `<?xml version="1.0" encoding="utf-16"?><IncomingLead/>`, "encoding"},
		{"mismatched end tag", xmlHead + `<State>New</Status></IncomingLead>`, "<State> closed by </Status>"},
		{"unquoted attribute", `<IncomingLead a=b/>`, "not quoted"},
		{"attribute without value", `<IncomingLead a/>`, "has no value"},
		{"< in attribute", `<IncomingLead a="<"/>`, "< inside the value"},
		{"DOCTYPE", `<!DOCTYPE IncomingLead [<!ENTITY x "y">]><IncomingLead/>`, "DOCTYPE"},
		{"stray end tag", `</IncomingLead>`, "without a start tag"},
		{"bad char ref", xmlHead + `<Message>&#0;</Message></IncomingLead>`, "unknown entity"},
		{"surrogate char ref", xmlHead + `<Message>&#xD800;</Message></IncomingLead>`, "unknown entity"},
		{"unterminated entity", xmlHead + `<Message>a & b</Message></IncomingLead>`, "unterminated entity"},
		{"line number", "<IncomingLead>\n\n<State>\n</Bad>", "line 4"},
		{"invalid UTF-8", "<IncomingLead><Message>\xff</Message></IncomingLead>", "invalid UTF-8"},
		{"unclosed comment", xmlHead + `<!-- x`, "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := DecodeXML([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error, lead %+v", l)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	sthlm := stockholm()
	plus2 := time.FixedZone("", 2*3600)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2025-04-04T06:11:27.7481798+02:00", time.Date(2025, 4, 4, 6, 11, 27, 748179800, plus2)},
		{"2025-04-04T06:11:27+02:00", time.Date(2025, 4, 4, 6, 11, 27, 0, plus2)},
		{"2025-04-04T06:11:27.7+02:00", time.Date(2025, 4, 4, 6, 11, 27, 700000000, plus2)},
		{"2025-04-04T04:11:27.123Z", time.Date(2025, 4, 4, 4, 11, 27, 123000000, time.UTC)},
		{"2025-04-04T06:11:27", time.Date(2025, 4, 4, 6, 11, 27, 0, sthlm)},
		{"2025-04-04T06:11:27.1234567", time.Date(2025, 4, 4, 6, 11, 27, 123456700, sthlm)},
		{"2025-01-04T06:11:27.12", time.Date(2025, 1, 4, 6, 11, 27, 120000000, sthlm)},
		{" 2025-04-04T06:11:27 ", time.Date(2025, 4, 4, 6, 11, 27, 0, sthlm)},
		{"2025-04-04", time.Date(2025, 4, 4, 0, 0, 0, 0, sthlm)},
		{"/Date(1743747087748)/", time.UnixMilli(1743747087748)},
		{"/Date(1743747087748+0200)/", time.UnixMilli(1743747087748)},
		{"/Date(-1000-0130)/", time.UnixMilli(-1000)},
		{"", time.Time{}},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in)
		if err != nil {
			t.Errorf("parseTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
		_, gotOff := got.Zone()
		_, wantOff := tt.want.Zone()
		if tt.in != "" && !strings.HasPrefix(tt.in, "/Date(") && gotOff != wantOff {
			t.Errorf("parseTime(%q) offset %d, want %d", tt.in, gotOff, wantOff)
		}
	}
	// A summer date without offset is CEST (+02:00), a winter one CET.
	summer, _ := parseTime("2025-07-01T12:00:00")
	winter, _ := parseTime("2025-01-01T12:00:00")
	if _, off := summer.Zone(); off != 2*3600 {
		t.Errorf("summer offset %d", off)
	}
	if _, off := winter.Zone(); off != 3600 {
		t.Errorf("winter offset %d", off)
	}
	ms, _ := parseTime("/Date(1743747087748+0200)/")
	if _, off := ms.Zone(); off != 2*3600 {
		t.Errorf("/Date()/ offset %d, want +02:00", off)
	}
	for _, bad := range []string{"2025-13-01T00:00:00", "tomorrow", "/Date(abc)/", "/Date(1+02)/", "/Date()/", "2025-04-04T06:11:27+2"} {
		if _, err := parseTime(bad); err == nil {
			t.Errorf("parseTime(%q) gave no error", bad)
		}
	}
}

func BenchmarkDecodeJSONSeed(b *testing.B) {
	body := readSeed(b, "seed.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := DecodeJSON(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeXMLSeed(b *testing.B) {
	body := readSeed(b, "seed.xml")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := DecodeXML(body); err != nil {
			b.Fatal(err)
		}
	}
}

// TestJSONStringIsEncodingJSON holds the fast unquoting of long strings to
// encoding/json on escapes, \u escapes, surrogates and invalid UTF-8.
func TestJSONStringIsEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`"plain"`, `""`, `"a\nb\tc\"d\\e\/f\bg\fh\ri"`, `"å\n\nä"`, `"\u00e5"`, `"x\ud83d\ude00y"`,
		`"\ud800"`, "\"bad \xff utf8\"", "\"bad \xff with \\n\"", `"\\\\"`, `"ends \\"`,
	} {
		got, err := jsonString([]byte(in))
		var want string
		if werr := json.Unmarshal([]byte(in), &want); werr != nil || err != nil || got != want {
			t.Errorf("jsonString(%s) = %q, %v; encoding/json: %q, %v", in, got, err, want, werr)
		}
	}
}

func FuzzJSONString(f *testing.F) {
	f.Add(`a\nb"`)
	f.Add("\xff\\t")
	f.Fuzz(func(t *testing.T, s string) {
		lit, _ := json.Marshal(s)
		for _, in := range [][]byte{lit, []byte(`"` + s + `"`)} {
			var want string
			if json.Unmarshal(in, &want) != nil {
				continue
			}
			if got, err := jsonString(in); err != nil || got != want {
				t.Fatalf("jsonString(%q) = %q, %v; encoding/json: %q", in, got, err, want)
			}
		}
	})
}
