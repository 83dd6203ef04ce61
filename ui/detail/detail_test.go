package detail

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/ui/styles"
)

var now = time.Date(2025, 4, 7, 10, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// seedLead is Vitec's sample lead, as the decoders give it.
func seedLead() *api.IncomingLead {
	return &api.IncomingLead{
		ContactID:  "sample string 1",
		LeadSource: &api.LeadSource{ID: "sample string 1", Name: "sample string 2", LeadType: "AcceptObjectFlow"},
		SentAt:     time.Date(2025, 4, 4, 6, 11, 27, 748179800, time.FixedZone("", 2*3600)),
		Receiver: &api.LeadReceiver{
			Agent:     &api.Agent{ID: "sample string 1", Office: &api.Office{ID: "sample string 1", CustomerID: "sample string 2"}},
			UserGroup: &api.UserGroup{ID: "sample string 1"},
			Office:    &api.Office{ID: "sample string 1", CustomerID: "sample string 2"},
		},
		BuyingEstateID:  "sample string 3",
		SellingEstateID: "sample string 4",
		State:           "New",
		Message:         "sample string 5",
		IsAnonymized:    ptr(true),
		UtmTags:         []api.UtmTag{{Name: "sample string 1", Value: "sample string 2"}, {Name: "sample string 1", Value: "sample string 2"}},
	}
}

func typicalLead() *api.IncomingLead {
	return &api.IncomingLead{
		ContactID:  "ADR3ADC7B7B0A9447CA97FCAB43E36B582C",
		LeadSource: &api.LeadSource{ID: "SRC1", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
		SentAt:     time.Date(2025, 4, 4, 6, 11, 27, 0, time.UTC),
		Receiver: &api.LeadReceiver{
			Agent:  &api.Agent{ID: "HANE99C53F2DE4F489AB1E464D0F9AFFACD", Office: &api.Office{ID: "KON1", CustomerID: "M11385"}},
			Office: &api.Office{ID: "KON1", CustomerID: "M11385"},
		},
		BuyingEstateID: "OBJ11385_1395932274",
		State:          "New",
		Message:        "Hej! Jag är intresserad av lägenheten på Storgatan.\r\nKan vi boka en visning nästa vecka?\n\nMvh",
		IsAnonymized:   ptr(false),
		UtmTags:        []api.UtmTag{{Name: "utm_source", Value: "hemnet"}, {Name: "utm_medium", Value: "listing"}, {Name: "utm_campaign", Value: "varen-2025"}},
	}
}

func opts(w int) Options {
	return Options{Width: w, Styles: styles.New(true, true, nil), Now: now, Loc: time.UTC,
		CustomerID: "M30011", LeadID: "LED7216862FF0AD4AE38061A04A9AC4D60D"}
}

func TestMain(m *testing.M) {
	flag.Parse()
	m.Run()
}

func TestGolden(t *testing.T) {
	officeOnly := &api.IncomingLead{
		State:        "WaitingForCustomer",
		SentAt:       time.Date(2024, 11, 2, 9, 0, 0, 0, time.UTC),
		Receiver:     &api.LeadReceiver{Office: &api.Office{ID: "KON7", CustomerID: "M30011"}},
		IsAnonymized: ptr(true),
	}
	cases := []struct {
		name string
		lead *api.IncomingLead
		mod  func(*Options)
	}{
		{"seed-80", seedLead(), nil},
		{"typical-80", typicalLead(), nil},
		{"typical-40", typicalLead(), func(o *Options) { o.Width = 40 }},
		{"typical-privacy", typicalLead(), func(o *Options) { o.Privacy = true }},
		{"typical-changed", typicalLead(), func(o *Options) {
			o.Change = &Change{From: "New", To: "Accepted", LastSeen: now.Add(-2 * time.Hour)}
		}},
		{"office-only-anonymised-unknown-state", officeOnly, nil},
		{"office-only-60", officeOnly, func(o *Options) { o.Width = 60 }},
		{"empty", &api.IncomingLead{}, nil},
		{"nil", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := opts(80)
			if c.mod != nil {
				c.mod(&o)
			}
			out := Render(c.lead, o)
			for i, l := range strings.Split(out, "\n") {
				if w := ansi.StringWidth(l); w > o.Width {
					t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, o.Width, l)
				}
			}
			golden.RequireEqual(t, []byte(ansi.Strip(out)))
		})
	}
}

func TestWhatTheUserReads(t *testing.T) {
	out := ansi.Strip(Render(typicalLead(), opts(80)))
	for _, want := range []string{
		"[New] ‹AcceptObjectFlow› · 3 d ago · held by HANE99… (agent) · from Hemnet", "Sent            2025-04-04 06:11 · 3 d ago",
		"Receiver  held by the agent ◀", "Agent HANE99C53F2DE4F489AB1E464D0F9AFFACD ◀",
		"Agent's office KON1 (customer M11385)",
		"Contact         ADR3ADC7B7B0A9447CA97FCAB43E36B582C",
		"Selling estate  — not set", "utm_campaign  varen-2025",
		"Kan vi boka en visning nästa vecka?",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("detail lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "older than three months") {
		t.Error("a 3-day-old lead must not get the three-month hint")
	}
	if strings.Contains(out, "\r") {
		t.Error("CRLF from the server must read as a plain line break")
	}
}

func TestHolderMarkedOnce(t *testing.T) {
	for _, c := range []struct {
		name   string
		rc     *api.LeadReceiver
		holder string
		level  string
	}{
		{"agent", &api.LeadReceiver{Agent: &api.Agent{ID: "HAN1"}, UserGroup: &api.UserGroup{ID: "G1"}, Office: &api.Office{ID: "O1"}}, "Agent HAN1", "agent"},
		{"group", &api.LeadReceiver{UserGroup: &api.UserGroup{ID: "G1"}, Office: &api.Office{ID: "O1"}}, "User group G1", "user group"},
		{"office", &api.LeadReceiver{Office: &api.Office{ID: "O1", CustomerID: "M1"}}, "Office O1 (customer M1)", "office"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := ansi.Strip(Render(&api.IncomingLead{State: "New", Receiver: c.rc}, opts(80)))
			if n := strings.Count(out, "◀"); n != 2 {
				t.Fatalf("want the holder named in the heading and marked once in the tree, got %d marks:\n%s", n, out)
			}
			if !strings.Contains(out, "Receiver  held by the "+c.level+" ◀") {
				t.Errorf("heading should say the %s holds the lead:\n%s", c.level, out)
			}
			if !strings.Contains(out, c.holder+" ◀\n") {
				t.Errorf("want %q marked as holder:\n%s", c.holder, out)
			}
		})
	}
	// A null receiver says no more than the API did: not given, not
	// "nobody".
	out := ansi.Strip(Render(&api.IncomingLead{State: "New"}, opts(80)))
	if !strings.Contains(out, "receiver not given") || !strings.Contains(out, "Receiver\n— not given") || strings.Contains(out, "nobody") {
		t.Errorf("a lead with a null receiver must say it is not given:\n%s", out)
	}
}

func TestPrivacyHidesPersonalData(t *testing.T) {
	l := typicalLead()
	l.SellingEstateID = "OBJ999_SELL"
	o := opts(80)
	o.Privacy = true
	out := ansi.Strip(Render(l, o))
	for _, secret := range []string{l.ContactID, l.BuyingEstateID, l.SellingEstateID, "Storgatan", "hemnet", "varen-2025"} {
		if strings.Contains(out, secret) {
			t.Errorf("privacy mode shows %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"utm_source", "Hemnet", "HANE99C53F2DE4F489AB1E464D0F9AFFACD", Mask} {
		if !strings.Contains(out, want) {
			t.Errorf("privacy mode should still show %q:\n%s", want, out)
		}
	}
}

func TestHostileServerText(t *testing.T) {
	l := typicalLead()
	l.State = "New\x1b[2J"
	l.Message = "Hej\x1b]0;pwned\x07 \x1b]52;c;cm0gLXJmIH4=\x1b\\ \u202eevil\u009b31m\x7f"
	l.UtmTags = []api.UtmTag{{Name: "utm\x1b[31m", Value: "x\u202ey"}}
	l.Receiver.Agent.ID = "HAN\x1b[8m"
	out := Render(l, Options{Width: 80, Styles: styles.New(true, false, nil), Now: now, Loc: time.UTC})
	plain := ansi.Strip(out)
	for _, bad := range []string{"\x07", "\u202e", "\u009b", "\x7f", "]0;pwned\x07"} {
		if strings.Contains(out, bad) {
			t.Errorf("output carries %q", bad)
		}
	}
	// The only escape sequences left are our own styling: stripping them
	// must leave no ESC, and the server's ESCs show as ␛.
	if strings.Contains(plain, "\x1b") {
		t.Errorf("server escape reached the output: %q", plain)
	}
	for _, want := range []string{"␛]0;pwned␇", `\u202eevil`, "New␛[2J"} {
		if !strings.Contains(plain, want) {
			t.Errorf("want the hostile text visible as %q:\n%s", want, plain)
		}
	}
}

func TestThreeMonthHintAndChange(t *testing.T) {
	l := typicalLead()
	l.SentAt = now.AddDate(0, -3, -1)
	o := opts(80)
	o.Change = &Change{From: "New", To: "Accepted", LastSeen: now.Add(-2 * time.Hour)}
	out := ansi.Strip(Render(l, o))
	for _, want := range []string{"older than three months", "State changed: New → Accepted, last seen 2 h ago", "3 mo ago"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q:\n%s", want, out)
		}
	}
}

func manyUtm(n int) *api.IncomingLead {
	l := typicalLead()
	l.UtmTags = make([]api.UtmTag, n)
	for i := range l.UtmTags {
		l.UtmTags[i] = api.UtmTag{Name: "utm_term_" + strings.Repeat("x", i%7), Value: "värde nummer " + strings.Repeat("y", i%13)}
	}
	return l
}

func BenchmarkRenderTypical(b *testing.B) {
	l, o := typicalLead(), opts(76)
	o.Styles = styles.New(true, false, nil)
	for b.Loop() {
		Render(l, o)
	}
}

func BenchmarkRender3000Utm(b *testing.B) {
	l, o := manyUtm(3000), opts(76)
	o.Styles = styles.New(true, false, nil)
	for b.Loop() {
		Render(l, o)
	}
}

// BenchmarkRender16MiB draws a lead whose message is 16 MiB of Swedish
// prose in paragraphs at 120 cells, as the detail pane does for the largest
// body the client accepts. The budget is 300 ms.
func BenchmarkRender16MiB(b *testing.B) {
	var m strings.Builder
	const para = "Hej! Jag är intresserad av lägenheten på Storgatan 12, våning 3. Kan vi boka en visning nästa vecka? Jag har även frågor om avgiften och föreningens ekonomi. "
	for i := 0; m.Len() < 16<<20; i++ {
		m.WriteString(para)
		if i%5 == 4 {
			m.WriteString("\n\n")
		}
	}
	lead := &api.IncomingLead{State: api.StateNew, Message: m.String(), ContactID: "ADR1"}
	b.SetBytes(int64(m.Len()))
	for b.Loop() {
		if err := RenderTo(io.Discard, lead, Options{Width: 120, Now: time.Unix(0, 0)}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGoldenLanguages renders the seed's sample and a lead held by an office
// in both languages at the pane's usual widths: labels, headings, hints and
// ages change language, the API's values do not.
func TestGoldenLanguages(t *testing.T) {
	seed := seedLead()
	seed.SentAt = now.AddDate(0, -4, 0) // older than three months, as the seed's sample is today
	office := &api.IncomingLead{
		State: "New", SentAt: now.Add(-26 * time.Hour),
		LeadSource: &api.LeadSource{ID: "SRC1", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
		Receiver:   &api.LeadReceiver{Office: &api.Office{ID: "KON7", CustomerID: "M30011"}},
		Message:    "Hej!\n  Ett indraget stycke som är så långt att det måste brytas på flera rader i rutan, med indraget kvar.",
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Swedish} {
		l := i18n.New(lang)
		for _, c := range []struct {
			name string
			lead *api.IncomingLead
		}{{"seed", seed}, {"office", office}} {
			for _, w := range []int{60, 80, 120, 200} {
				t.Run(fmt.Sprintf("%s-%s-%d", lang, c.name, w), func(t *testing.T) {
					o := opts(w)
					o.Lang = l
					out := Render(c.lead, o)
					for i, line := range strings.Split(out, "\n") {
						if lw := ansi.StringWidth(line); lw > w {
							t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, lw, w, line)
						}
					}
					golden.RequireEqual(t, []byte(ansi.Strip(out)))
				})
			}
		}
	}
}

func TestSwedishUsesVitecsTermsAndKeepsAPIValues(t *testing.T) {
	o := opts(80)
	o.Lang = i18n.New(i18n.Swedish)
	l := seedLead()
	l.SentAt = now.AddDate(0, -4, 0)
	out := ansi.Strip(Render(l, o))
	for _, want := range []string{"Kontakt", "Leadkälla", "Mottagare", "Handläggare", "Användargrupp", "Kontor",
		"Meddelande", "UTM-taggar (2)", "Köpobjekt", "Säljobjekt", "för 4 månader sedan",
		"[New]", "‹AcceptObjectFlow›", "sample string 5", o.Lang.TooOld(l.SentAt, now)} {
		if !strings.Contains(out, want) {
			t.Errorf("Swedish detail lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"Contact", "Receiver", "Message", "ago", "not set", "older than"} {
		if strings.Contains(out, english) {
			t.Errorf("Swedish detail shows the English %q:\n%s", english, out)
		}
	}
}

// TestPseudoWrapsEveryText fails on a text of the pane that does not come
// from the catalogue: with the pseudo language every one is in ⟦…⟧.
func TestPseudoWrapsEveryText(t *testing.T) {
	o := opts(200)
	o.Lang = i18n.New(i18n.Pseudo)
	o.Change = &Change{From: "New", To: "Accepted", LastSeen: now.Add(-2 * time.Hour)}
	o.Changed = FieldState | FieldMessage
	l := seedLead()
	l.SentAt = now.AddDate(0, -4, 0)
	l.Receiver.Agent, l.Receiver.UserGroup = nil, nil
	for _, lead := range []*api.IncomingLead{l, seedLead(), {}, nil} {
		out := ansi.Strip(Render(lead, o))
		if rest := outsideMarkers(out); strings.IndexFunc(rest, unicode.IsLetter) >= 0 {
			t.Errorf("text outside the catalogue:\n%s\n---\n%s", rest, out)
		}
	}
}

// outsideMarkers is what is left of out once the texts the pseudo language
// wrapped and the API's values of the test leads are gone.
func outsideMarkers(out string) string {
	var b strings.Builder
	depth := 0
	for _, r := range out {
		switch string(r) {
		case i18n.MarkOpen:
			depth++
		case i18n.MarkClose:
			depth--
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	rest := b.String()
	for _, v := range []string{"sample string 1", "sample string 2", "sample string 3", "sample string 4", "sample string 5",
		"LED7216862FF0AD4AE38061A04A9AC4D60D", "M30011", "New", "AcceptObjectFlow", "2025-01-07 10:00", "KON", "(2)"} {
		rest = strings.ReplaceAll(rest, v, "")
	}
	return rest
}

func TestUnsetDotNetDateIsNotGiven(t *testing.T) {
	l := typicalLead()
	for _, sent := range []time.Time{{}, time.Date(1, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3600))} {
		l.SentAt = sent
		out := ansi.Strip(Render(l, opts(80)))
		if strings.Contains(out, "y ago") || strings.Contains(out, "0001") || !strings.Contains(out, "Sent            — not given") {
			t.Errorf("unset date %v must read \"not given\":\n%s", sent, out)
		}
		if !strings.Contains(strings.SplitN(out, "\n", 2)[0], "sent: not given") {
			t.Errorf("the summary should say the date is not given:\n%s", out)
		}
	}
}

func TestGDPRWordingAndInconsistency(t *testing.T) {
	l := typicalLead()
	l.IsAnonymized = ptr(true)
	out := ansi.Strip(Render(l, opts(100)))
	if !strings.Contains(out, "inconsistent: marked anonymised but has a contact id") {
		t.Errorf("an anonymised lead with a contact id must be flagged:\n%s", out)
	}
	l.ContactID = ""
	out = ansi.Strip(Render(l, opts(100)))
	if !strings.Contains(out, "contact removed (GDPR or another reason)") || strings.Contains(out, "inconsistent") {
		t.Errorf("an anonymised lead without contact: want Vitec's wording only:\n%s", out)
	}
	l.IsAnonymized = ptr(false)
	out = ansi.Strip(Render(l, opts(100)))
	if strings.Contains(out, "GDPR") || strings.Contains(out, "no longer exists") {
		t.Errorf("a lead without contact id that is not anonymised claims more than Vitec says:\n%s", out)
	}
}

// TestWrappedLinesKeepTheirIndent: receiver lines, UTM values and indented
// message paragraphs continue under their own start, and the Sharktank
// hint is wrapped, never cut.
func TestWrappedLinesKeepTheirIndent(t *testing.T) {
	l := &api.IncomingLead{
		State: "New",
		Receiver: &api.LeadReceiver{Office: &api.Office{ID: "KON7" + strings.Repeat("X", 40), CustomerID: "M30011"},
			UserGroup: nil},
		Message: "Intro\n    indented words that go on and on well past the width of the narrow pane here",
		UtmTags: []api.UtmTag{{Name: "utm_campaign", Value: "a value with many words that wraps onto more lines"}},
	}
	out := ansi.Strip(Render(l, opts(40)))
	lines := strings.Split(out, "\n")
	find := func(prefix string) int {
		for i, s := range lines {
			if strings.HasPrefix(s, prefix) {
				return i
			}
		}
		t.Fatalf("no line starts with %q:\n%s", prefix, out)
		return -1
	}
	if i := find("└─ Office KON7"); !strings.HasPrefix(lines[i+1], "          ") {
		t.Errorf("receiver line continues without its indent:\n%s", out)
	}
	if i := find("    indented"); !strings.HasPrefix(lines[i+1], "    ") || strings.HasPrefix(lines[i+1], "     ") {
		t.Errorf("message paragraph continues without its indent:\n%s", out)
	}
	if i := find("utm_campaign  "); !strings.HasPrefix(lines[i+1], strings.Repeat(" ", len("utm_campaign  "))) {
		t.Errorf("UTM value continues without its indent:\n%s", out)
	}
	joined := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(joined, "Office only: probably in the office's Sharktank, nobody has picked it up yet.") || strings.Contains(out, "Sharktank…") {
		t.Errorf("the Sharktank hint must be whole:\n%s", out)
	}
}

// TestSummaryIsAtMostTwoLinesAndNamesTheHolder: state, type, age, holder
// (its name once resolved) and source come before the message.
// The summary takes two lines where its parts fit them; narrower, it wraps
// (never cuts), and the Message follows it.
func TestSummaryIsAtMostTwoLinesAndNamesTheHolder(t *testing.T) {
	l := typicalLead()
	for _, w := range []int{24, 40, 60, 80, 200} {
		o := opts(w)
		o.Names = &api.LeadNames{Agent: &api.Name{User: &api.User{Name: "Anna Berg"}}}
		lines := strings.Split(ansi.Strip(Render(l, o)), "\n")
		n := slices.Index(lines, "")
		if w >= 60 && n > 2 {
			t.Errorf("%d: summary longer than two lines:\n%s", w, strings.Join(lines, "\n"))
		}
		head := strings.Join(lines[:max(n, 0)], " ")
		for _, want := range []string{"[New]", "‹AcceptObjectFlow›", "3 d ago", "held by Anna Berg", "(agent)", "from Hemnet"} {
			if !strings.Contains(head, want) {
				t.Errorf("%d: summary lacks %q:\n%s", w, want, head)
			}
		}
		if strings.Contains(head, "…") {
			t.Errorf("%d: summary cut:\n%s", w, head)
		}
		if msg := slices.Index(lines, "Message"); msg != n+1 {
			t.Errorf("%d: Message heading on line %d, want it right under the summary", w, msg+1)
		}
	}
}

func TestNameProblemInBothLanguages(t *testing.T) {
	refused := &api.NoAccessError{Group: api.WebsiteFunctions}
	if got := NameProblemIn(nil, refused); got != "no access (website functions)" {
		t.Errorf("English: %q", got)
	}
	sv := i18n.New(i18n.Swedish)
	for err, want := range map[error]string{
		refused:                  "ingen behörighet (hemsidefunktioner)",
		&api.NameNotFoundError{}: "hittades inte",
		io.ErrUnexpectedEOF:      "kunde inte hämtas",
	} {
		if got := NameProblemIn(sv, err); got != want {
			t.Errorf("Swedish %T: %q, want %q", err, got, want)
		}
	}
}

// The office-only lead at the width of the detail pane at 120×40: the
// holder's ◀ stays with the last word of its line, and the summary wraps
// the source onto a line of its own rather than cutting it.
func TestOfficeOnlyLeadKeepsMarkAndSource(t *testing.T) {
	l := &api.IncomingLead{
		State:      "New",
		SentAt:     now.Add(-120 * 24 * time.Hour),
		LeadSource: &api.LeadSource{ID: "SRCF3FD97C5A91C3F", Name: "Facebook Lead Ads", LeadType: "AcceptObjectFlow"},
		Receiver:   &api.LeadReceiver{Office: &api.Office{ID: "KTR4338F8895CF13A219751FBA1FA6F447B", CustomerID: "M30011"}},
	}
	o := opts(58)
	o.Names = &api.LeadNames{Office: &api.Name{Office: &api.OfficeInfo{Name: "Mäklarhuset Södermalm"}}}
	out := ansi.Strip(Render(l, o))
	lines := strings.Split(out, "\n")
	for _, ln := range lines {
		if strings.TrimSpace(ln) == "◀" {
			t.Errorf("the ◀ wrapped onto a line of its own:\n%s", out)
		}
		if strings.Contains(ln, "…") && strings.Contains(ln, "from ") {
			t.Errorf("the source is cut: %q", ln)
		}
	}
	if !strings.Contains(out, "from Facebook Lead Ads") {
		t.Errorf("the summary lacks the whole source:\n%s", out)
	}
	if !strings.Contains(out, "M30011) ◀") {
		t.Errorf("the ◀ is not beside the office's last word:\n%s", out)
	}
}
