package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRedactForms(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("u:" + testPassword))
	raw := strings.TrimRight(basic, "=")
	for in, want := range map[string]string{
		"pw " + testPassword:     "pw ••••",
		"Basic " + basic:         "Basic ••••",
		"unpadded " + raw + "!":  "unpadded ••••!",
		"pair u:" + testPassword: "pair ••••",
	} {
		if got := Redact(in, "u", testPassword); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	// Escaped forms of a password with JSON and XML specials.
	const pw = `a<b>&"c'long`
	for _, in := range []string{`a\u003cb\u003e\u0026\"c'long`, `a<b>&\"c'long`, `a&lt;b&gt;&amp;&#34;c&#39;long`} {
		if got := Redact("x "+in+" y", "u", pw); got != "x •••• y" {
			t.Errorf("Redact(%q) = %q", in, got)
		}
	}
	// A short password only where it stands alone.
	if got := Redact("proxy x x:", "u", "x"); got != "proxy •••• ••••:" {
		t.Errorf("short password: %q", got)
	}
}

func TestEchoed200IsRedactedButExactKept(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"contactId":"%s","message":"%s:%s","state":%q,"utmTags":[{"name":"a","value":"\u0073\u0033cr3t-Pässwörd!"}]}`,
			p, u, p, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, srv.URL, nil)
	res, err := c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	basic := base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testPassword))
	for _, shown := range []string{string(res.Body), fmt.Sprintf("%+v %+v", *res.Lead, res.Lead.UtmTags)} {
		if strings.Contains(shown, testPassword) || strings.Contains(shown, basic) {
			t.Errorf("shown text holds a credential: %s", shown)
		}
	}
	if res.Lead.ContactID != "••••" || res.Lead.Message != "••••" || res.Lead.State != "Basic ••••" || res.Lead.UtmTags[0].Value != "••••" {
		t.Errorf("lead not redacted: %+v %+v", *res.Lead, res.Lead.UtmTags)
	}
	if !res.SecretEchoed || !strings.Contains(string(res.ExactBody()), testPassword) || res.Size != int64(len(res.Exact)) {
		t.Errorf("exact body lost: echoed=%v size=%d %s", res.SecretEchoed, res.Size, res.Exact)
	}

	// The built-in demo's public credentials are not redacted.
	c, _ = newTestClient(t, srv.URL, func(o *Options) { o.PublicCredentials = true })
	res, err = c.GetIncomingLead(context.Background(), "M1", "L1", JSON)
	if err != nil {
		t.Fatal(err)
	}
	if res.SecretEchoed || res.Lead.ContactID != testPassword {
		t.Errorf("public credentials were redacted: %+v", *res.Lead)
	}
}

// A short password whose letters are in the body only inside words
// leaves the body as it is, not a copy of it: a 16 MiB body was copied
// three times to find that out.
func TestBodyWithTheShortPasswordOnlyInsideWordsIsNotCopied(t *testing.T) {
	r := redactor(secretForms("u", "vis"))
	body := []byte(`{"message":"Kan vi boka en visning? Visa gärna."}`)
	out, found := r.body(body)
	if found || string(out) != string(body) {
		t.Fatalf("body(%s) = %s, %v", body, out, found)
	}
	if &out[0] != &body[0] {
		t.Error("the body was copied though nothing in it was replaced")
	}
	if out, found := r.body([]byte(`{"message":"lösen: vis"}`)); !found || !strings.Contains(string(out), redacted) {
		t.Errorf("the password standing alone was not replaced: %s", out)
	}
}

// xmlTokens looks at a long text a window at a time; wherever the windows
// fall, it redacts what it redacts looking at the text whole.
func TestXMLTokensInWindowsIsWhole(t *testing.T) {
	pieces := []string{"a", "bc", " ", "&#xD;&#xA;", "\r\n", "&#229;", "&amp;", "&lt;", "vis", "s3cr&#101;t-L0senord-2026",
		"p&#xE4;ssword", "\u00ad", "vi&#x200B;s", "vi" + strings.Repeat("&#x200B;", 12) + "s", "&#x76;is", "u:vis", "dTp2aXM=", "&#xZ;", "&", "\r"}
	rng := rand.New(rand.NewPCG(5, 6))
	defer func(w int) { xmlWindow = w }(xmlWindow)
	for _, pw := range []string{"s3cret-L0senord-2026", "vis", "pässword"} {
		r := redactor(secretForms("u", pw))
		for n := 0; n < 2000; n++ {
			var b strings.Builder
			b.WriteString("<M>")
			for k := rng.IntN(40); k >= 0; k-- {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			b.WriteString("&#xA;</M>")
			body := []byte(b.String())
			xmlWindow = 1 << 30
			whole := string(r.xmlTokens(body))
			for _, w := range []int{14, 16, 17, 23, 40} {
				xmlWindow = w
				if got := string(r.xmlTokens(body)); got != whole {
					t.Fatalf("password %q, window %d, body %q:\n got %q\nwant %q", pw, w, body, got, whole)
				}
			}
		}
	}
}

// A long text with references and no credential is not decoded whole.
func TestLongXMLTextWithoutCredentialIsLookedAtInWindows(t *testing.T) {
	r := redactor(secretForms("u", "vis"))
	text := []byte(strings.Repeat("Kan vi boka en visning?&#xD;&#xA;", 10000))
	if r.mayHoldXML(text) {
		t.Error("a text without the password was said to hold it")
	}
	if !r.mayHoldXML(append(text, " vis"...)) {
		t.Error("the password at the end of a long text was not seen")
	}
}
