package api

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// validJSONCases are the corners of the grammar where a hand-written check
// could part from encoding/json's.
var validJSONCases = []string{
	``, ` `, `0`, `-0`, `01`, `-`, `1.`, `1.0`, `.5`, `1e5`, `1E+5`, `1e-5`, `1e`, `1e+`, `-01`, `2.5e3`, `1x`,
	`true`, `tru`, `truex`, `false`, `null`, `nul`, `None`, `"`, `""`, `"a`, `"\"`, `"\\"`, `"\/"`, `"\x"`,
	`"\u00e5"`, `"\u00E"`, `"\u00eg"`, `"\ud800"`, "\"\x1f\"", "\"\x7f\"", "\"\xff\xfe\"", "\"tab\there\"",
	`{}`, `{ }`, `{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":}`, `{,}`, `{"a":1}}`,
	`[]`, `[ ]`, `[1,]`, `[,1]`, `[1 2]`, `[[[]]]`, `[`, `]`, `{"a":[1,{"b":null}],"c":"d"}`, "\t[1]\r\n",
	`1 2`, `{} {}`, "\ufeff{}", `"ends with a quoted backslash \\"`, `"12345678\"12345678"`,
	`"long string ` + strings.Repeat("åäö abcdefgh ", 40) + `"`, `"` + strings.Repeat("a", 63) + "\x01\"",
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	`{"a":` + strings.Repeat(`{"a":`, 9999) + `1` + strings.Repeat("}", 10000),
	`{"a":` + strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat("}", 10001),
}

func TestValidJSONAgreesWithEncodingJSON(t *testing.T) {
	cases := append(validJSONCases, string(readSeed(t, "seed.json")))
	for _, c := range cases {
		if got, want := validJSON([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("validJSON(%.60q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

// Every position of a quote, backslash and control byte within the eight
// bytes looked at together.
func TestValidJSONFindsEverySpecialByte(t *testing.T) {
	for pos := range 17 {
		for _, c := range []string{`"`, `\`, "\x00", "\x1f", "\n", `\n`, `\u0041`, "\x20", "\x80"} {
			body := `"` + strings.Repeat("x", pos) + c + strings.Repeat("y", 20-pos) + `"`
			if got, want := validJSON([]byte(body)), json.Valid([]byte(body)); got != want {
				t.Errorf("validJSON(%q) = %v, json.Valid says %v", body, got, want)
			}
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, c := range append(validJSONCases[:len(validJSONCases)-4], nastyJSON...) {
		f.Add([]byte(c))
	}
	f.Add(readSeed(f, "seed.json"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validJSON(b), json.Valid(b); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", b, got, want)
		}
	})
}

// BenchmarkValidJSON10MiB checks a lead with a 10 MiB message, against
// json.Valid on the same body.
func BenchmarkValidJSON10MiB(b *testing.B) {
	body := bigMessageJSON(b, 10<<20)
	for _, v := range []struct {
		name  string
		valid func([]byte) bool
	}{{"ours", validJSON}, {"encoding_json", json.Valid}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if !v.valid(body) {
					b.Fatal("invalid")
				}
			}
		})
	}
}

// bigMessageJSON is the seed lead with a message of about n bytes of
// Swedish prose in paragraphs.
func bigMessageJSON(tb testing.TB, n int) []byte {
	var lead map[string]any
	if err := json.Unmarshal(readSeed(tb, "seed.json"), &lead); err != nil {
		tb.Fatal(err)
	}
	var msg strings.Builder
	const para = "Hej! Jag är intresserad av lägenheten på Storgatan 12, våning 3. Kan vi boka en visning nästa vecka? Jag har även frågor om \"avgiften\" och föreningens ekonomi.\t"
	for i := 0; msg.Len() < n; i++ {
		msg.WriteString(para)
		if i%5 == 4 {
			msg.WriteString("\r\n\r\n")
		}
	}
	lead["message"] = msg.String()
	body, err := json.Marshal(lead)
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// liftCases are bodies where lifting the message out could go wrong.
var liftCases = []string{
	`{"message":"hello"}`, `{"Message":"a","MESSAGE":"b"}`, `{"message":"a","message":null}`,
	`{"message":"a","message":5}`, `{"message":5}`, `{"message":null}`, `{"mess\u0061ge":"escaped key"}`,
	`{"meſſage":"long s folds to s"}`, `{"message":"a","meſſage":"b"}`, `{"message":"\u001b[2J\ud800\u00e5\n"}`,
	"{\"message\":\"\xff\xfe invalid UTF-8\"}", `{"receiver":{"message":"nested"},"message":"top"}`,
	`{"message":"top","receiver":{"message":"nested"}}`, `{"message":"a","state":7}`, `{"message":"a","sentAt":"bad"}`,
	`{"message":"\u0000leadinspector: the message, lifted out\u0000"}`,
	`{"message":"x","contactId":"\u0000leadinspector: the message, lifted out\u0000"}`,
	`{"message":"x","isAnonymized":"maybe"}`, `{"message":"x"} `, `{"message":"x"}}`, `{"message":"x"`,
	`{"message":{"text":"an object"}}`, `{"message":["a"]}`, `{"utmTags":[{"name":"message","value":"v"}],"message":"m"}`,
}

// decodeBothWays decodes b with the message lifted out (whenever it can
// be) and without; the lead and the error must be the same.
func decodeBothWays(t *testing.T, b []byte) {
	t.Helper()
	defer func(v int) { liftFrom = v }(liftFrom)
	liftFrom = 0
	lifted, errLifted := DecodeJSON(b)
	liftFrom = math.MaxInt
	whole, errWhole := DecodeJSON(b)
	if fmt.Sprint(errLifted) != fmt.Sprint(errWhole) {
		t.Fatalf("%.80q: error %v lifted, %v whole", b, errLifted, errWhole)
	}
	if !reflect.DeepEqual(lifted, whole) {
		t.Fatalf("%.80q: lead\n%+v lifted,\n%+v whole", b, lifted, whole)
	}
}

func TestDecodeLiftedIsDecodeWhole(t *testing.T) {
	for _, c := range append(append(liftCases, nastyJSON...), string(readSeed(t, "seed.json"))) {
		decodeBothWays(t, []byte(c))
	}
}

// The big bodies go the fast way (were it to fall back silently, only
// the speed would tell).
func TestBigMessageIsLiftedOut(t *testing.T) {
	body := bigMessageJSON(t, 1<<20)
	l, ok := decodeLifted(body)
	if !ok {
		t.Fatal("a lead with a 1 MiB message was decoded whole")
	}
	var want struct{ Message string }
	if err := json.Unmarshal(body, &want); err != nil {
		t.Fatal(err)
	}
	if l.Message != want.Message || l.ContactID != "sample string 1" {
		t.Errorf("lifted: message of %d bytes (want %d), contact %q", len(l.Message), len(want.Message), l.ContactID)
	}
	decodeBothWays(t, body)
}

func FuzzDecodeLifted(f *testing.F) {
	for _, c := range append(liftCases, nastyJSON...) {
		f.Add([]byte(c))
	}
	f.Add(readSeed(f, "seed.json"))
	f.Fuzz(func(t *testing.T, b []byte) { decodeBothWays(t, b) })
}

// charRef reads digits itself; strconv is the reference.
func TestCharRefIsStrconv(t *testing.T) {
	ref := func(ent string) (rune, bool) {
		if len(ent) < 2 || ent[0] != '#' {
			return 0, false
		}
		var n uint64
		var err error
		if ent[1] == 'x' {
			n, err = strconv.ParseUint(ent[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(ent[1:], 10, 32)
		}
		if err != nil || n == 0 || n > utf8.MaxRune || n >= 0xD800 && n <= 0xDFFF {
			return 0, false
		}
		return rune(n), true
	}
	for _, ent := range []string{"", "#", "#x", "#0", "#x0", "#65", "#x41", "#X41", "#xe5", "#xE5", "#0229", "#x00000E5",
		"#xD7FF", "#xD800", "#xDFFF", "#xE000", "#x10FFFF", "#x110000", "#1114111", "#1114112", "#xFFFFFFFFF",
		"#99999999999", "#-1", "#+1", "#x-1", "#1_0", "#xg", "# 1", "#1 ", "#١", "lt", "amp"} {
		got, gotOK := charRef([]byte(ent))
		want, wantOK := ref(ent)
		if got != want || gotOK != wantOK {
			t.Errorf("charRef(%q) = %q, %v; want %q, %v", ent, got, gotOK, want, wantOK)
		}
	}
}
