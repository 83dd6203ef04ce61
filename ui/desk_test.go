package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
)

// Tests of issue 20, "the desk's screens": what a support person copies
// and sees, in both languages.

func swedish(o *Options) { o.Lang = i18n.New(i18n.Swedish) }

// The ticket (t) says who holds the lead as the screen does: names with
// their whole ids, in the UI's language.
func TestTicketCarriesNames(t *testing.T) {
	for _, tc := range []struct {
		lang []func(*Options)
		want string
	}{
		{nil, "Receiver:    held by the agent Anna Berg (HANE99C53F2DE4F489AB1E464D0F9AFFACD), of office Mäklarhuset Södermalm (KON1, M11385); office Mäklarhuset Södermalm (KON1, M11385)\n"},
		{[]func(*Options){swedish}, "Mottagare:   ligger hos handläggare Anna Berg (HANE99C53F2DE4F489AB1E464D0F9AFFACD), på kontor Mäklarhuset Södermalm (KON1, M11385); kontor Mäklarhuset Södermalm (KON1, M11385)\n"},
	} {
		m, _ := newTest(t, 120, 40, append([]func(*Options){withNames(newFakeNames())}, tc.lang...)...)
		m = lookUpNamed(t, m, "LED1")
		if s := screen(m); !strings.Contains(s, "Anna Berg") {
			t.Fatalf("the screen shows no name:\n%s", s)
		}
		_, cmd := m.Update(keyPress("t"))
		got := clipboardOf(t, cmd)
		if !strings.Contains(got, tc.want) {
			t.Errorf("ticket\n got:\n%s\nwant the line:\n%s", got, tc.want)
		}
		// Privacy mode masks what the screen masks; the ticket never held
		// the message, contact or estates, and says the same names.
		m = press(t, m, "p")
		_, cmd = m.Update(keyPress("t"))
		masked := clipboardOf(t, cmd)
		if !strings.Contains(masked, tc.want) {
			t.Errorf("privacy-mode ticket lacks the names the screen shows:\n%s", masked)
		}
		for _, secret := range []string{"Ängsvägen", "OBJ11385", "ADR3ADC7B7B0A9447CA97FCAB43E36B582C", "Hej"} {
			if strings.Contains(masked, secret) {
				t.Errorf("privacy-mode ticket holds %q:\n%s", secret, masked)
			}
		}
	}
}

// The batch table's copy (c) names the holder as the table does, and a
// row's ticket too.
func TestBatchCopyCarriesNames(t *testing.T) {
	for _, tc := range []struct {
		lang        []func(*Options)
		tsv, ticket string
	}{
		{nil, "\tagent\tAnna Berg (HAN0)\t", "held by the agent Anna Berg (HAN0), of office KON1 (M11385)"},
		{[]func(*Options){swedish}, "\thandläggare\tAnna Berg (HAN0)\t", "ligger hos handläggare Anna Berg (HAN0), på kontor KON1 (M11385)"},
	} {
		fn := newFakeNames()
		m, fc := newTest(t, 140, 40, append([]func(*Options){withNames(fn)}, tc.lang...)...)
		var ids []string
		for i := range 3 {
			id := fmt.Sprintf("LEDB%02d", i)
			l := typicalLead()
			l.Receiver.Agent.ID = "HAN0"
			fc.leads[id] = l
			ids = append(ids, id)
		}
		fn.users["HAN0"] = &api.User{Name: "Anna Berg"}
		tm, cmd := m.Update(tea.PasteMsg{Content: strings.Join(ids, "\n")})
		m = runConcurrently(t, tm.(Model), cmd)
		_, cmd = m.Update(keyPress("c"))
		if got := clipboardOf(t, cmd); strings.Count(got, tc.tsv) != 3 {
			t.Errorf("batch copy lacks %q on each row:\n%s", tc.tsv, got)
		}
		_, cmd = m.Update(keyPress("t"))
		if got := clipboardOf(t, cmd); !strings.Contains(got, tc.ticket) {
			t.Errorf("row ticket lacks %q:\n%s", tc.ticket, got)
		}
	}
}

// Card fields whose meaning Vitec documents are labelled in the user's
// language; amounts read as money; an answer in JSON (camelCase) and in
// XML (PascalCase) gives the same card (issue 20.9, 20.6).
func TestCardFieldsInBothLanguages(t *testing.T) {
	estate := func(camel bool) *api.Estate {
		n := func(s string) string {
			if camel {
				return strings.ToLower(s[:1]) + s[1:]
			}
			return s
		}
		return &api.Estate{
			ID: "OBJ11385_1395932274", EstateType: []api.Field{{Label: n("EstateType"), Value: "Villa"}},
			Address:        []api.Field{{Label: n("StreetAddress"), Value: "Ängsvägen 3"}, {Label: n("ZipCode"), Value: "123 47"}, {Label: n("City"), Value: "Farsta"}},
			AssignmentType: []api.Field{{Label: n("AssignmentType"), Value: "Sale"}},
			Status:         []api.Field{{Label: n("Id"), Value: "ForSale"}, {Label: n("Name"), Value: "Till salu"}},
			Price:          []api.Field{{Label: n("StartingPrice") + "." + n("Value"), Value: "4950000.00"}, {Label: n("StartingPrice") + "." + n("Currency"), Value: "SEK"}, {Label: n("FinalBid"), Value: "5100000"}},
			Commission:     &api.Money{Value: "98000", Currency: "SEK"},
		}
	}
	for _, tc := range []struct {
		lang       []func(*Options)
		want, not  []string
		phoneLabel string
	}{
		{nil, []string{"Estate type     Villa", "Street address  Ängsvägen 3", "Postcode        123 47", "Town            Farsta",
			"Assignment type  Sale", "Status          Till salu (ForSale)", "Starting price  4 950 000 kr", "Price.FinalBid  5 100 000", "Commission      98 000 kr"},
			[]string{"EstateType", "streetAddress", "4950000", "98000"}, "Mobile phone"},
		{[]func(*Options){swedish}, []string{"Bostadstyp", "Gatuadress", "Postnummer", "Postort", "Uppdragstyp", "Till salu (ForSale)", "Utgångspris", "4 950 000 kr", "Price.FinalBid", "98 000 kr"},
			[]string{"EstateType", "AssignmentType", "Starting price", "4950000", "98000"}, "Mobil"},
	} {
		var cards []string
		for _, camel := range []bool{false, true} {
			fn := newFakeNames()
			fn.estates["OBJ11385_1395932274"] = estate(camel)
			m, _ := newTest(t, 120, 40, append([]func(*Options){withNames(fn)}, tc.lang...)...)
			m = press(t, lookUpNamed(t, m, "LED1"), "e")
			_, cmd := m.Update(keyPress("c"))
			cards = append(cards, clipboardOf(t, cmd))
			s := screen(m)
			for _, w := range tc.want {
				w = strings.Join(strings.Fields(w), " ")
				if !strings.Contains(strings.Join(strings.Fields(s), " "), w) {
					t.Errorf("estate card (camel %v) lacks %q:\n%s", camel, w, s)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(s, w) {
					t.Errorf("estate card (camel %v) says %q:\n%s", camel, w, s)
				}
			}
		}
		if cards[0] != cards[1] {
			t.Errorf("the JSON and XML cards differ:\n%s\n%s", cards[0], cards[1])
		}
		m, _ := newTest(t, 120, 40, append([]func(*Options){withNames(newFakeNames())}, tc.lang...)...)
		m = press(t, lookUpNamed(t, m, "LED1"), "K")
		if s := screen(m); !strings.Contains(s, tc.phoneLabel+" ") || strings.Contains(s, "Telephone") {
			t.Errorf("contact card's phone not labelled %q:\n%s", tc.phoneLabel, s)
		}
	}
}

// A batch row of another customer opened, then the table closed: the input
// holds what the user had before the batch, so the next id typed goes to
// that customer, not the row's (issue 20.4).
func TestClosingTheBatchRestoresTheInput(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	m.panes.input.setIDs("M30011", "LEDTYPED")
	tm, cmd := m.Update(tea.PasteMsg{Content: "M30012/LEDOFF\nM30011/LED1\n"})
	m = runConcurrently(t, tm.(Model), cmd)
	m = keys(t, m, "enter") // the M30012 row
	if c, l := m.panes.input.ids(); c != "M30012" || l != "LEDOFF" {
		t.Fatalf("an opened row's ids are not in the input: %q %q", c, l)
	}
	m = keys(t, m, "esc") // back to the table
	if m.panes.focus != focusBatch {
		t.Fatalf("esc on an opened row: focus %v", m.panes.focus)
	}
	m = keys(t, m, "esc") // close it
	if c, l := m.panes.input.ids(); c != "M30011" || l != "LEDTYPED" {
		t.Errorf("after the table closed the input holds %q %q, want M30011 LEDTYPED", c, l)
	}
	m = lookUp(t, m, "LEDSTATE")
	calls := fc.callList()
	if last := calls[len(calls)-1].key; last != (lookupKey{"M30011", "LEDSTATE"}) {
		t.Errorf("the next id typed was looked up as %v", last)
	}
}

// 80×24 with a full history: the lead's message wins over history rows;
// the history folds to its newest entry until it has the focus (issue
// 20.5).
func TestShortTerminalShowsTheMessageOverHistory(t *testing.T) {
	m, fc := newTest(t, 80, 24)
	for i := range 8 {
		id := fmt.Sprintf("LEDH%d", i)
		fc.leads[id] = typicalLead()
		m = lookUp(t, m, id)
	}
	l := typicalLead()
	var lines []string
	for i := 1; i <= 9; i++ {
		lines = append(lines, fmt.Sprintf("rad %d av meddelandet", i))
	}
	l.Message = strings.Join(lines, "\n")
	fc.leads["LEDLONG"] = l
	m = lookUp(t, m, "LEDLONG")
	s := screen(m)
	for _, w := range []string{"rad 1 av", "rad 9 av", "LEDLONG", "History"} {
		if !strings.Contains(s, w) {
			t.Errorf("80×24 with 9 lookups in the history lacks %q:\n%s", w, s)
		}
	}
	if strings.Contains(s, "LEDH7") {
		t.Errorf("the folded history shows more than its newest entry:\n%s", s)
	}
	// Focused, the history has its rows again.
	m = focusPane(m, focusHistory)
	if s := screen(m); !strings.Contains(s, "LEDH7") || !strings.Contains(s, "LEDH6") {
		t.Errorf("the focused history does not unfold:\n%s", s)
	}
}

// A customer that refuses the website functions is named with the group,
// and the advice fits: the demo's refusal is on purpose; a password that
// answered for another customer is not the problem; a 401 is the password
// (issue 20.3).
func TestWebsiteRefusalNamesTheCustomer(t *testing.T) {
	m := namedDemoLookup(t, 160, 45)
	for _, l := range demo.Leads() {
		if l.CustomerID != "M30012" {
			continue
		}
		m.panes.input.setIDs(l.CustomerID, l.LeadID)
		m = lookUpNamed(t, m, l.LeadID)
		s := strings.Join(strings.Fields(screen(m)), " ")
		if !strings.Contains(s, "names: customer M30012 refused the website functions (403); the demo's customer does so on purpose") ||
			strings.Contains(s, "profile demo") {
			t.Errorf("demo refusal:\n%s", screen(m))
		}
		break
	}
	for _, tc := range []struct {
		lang []func(*Options)
		err  error
		want string
	}{
		{nil, &api.ForbiddenError{StatusError: api.StatusError{Status: 403}},
			"names: customer M30012 refused the website functions (403); they answer for other customers, so the password is right: ask Vitec to grant this user the website functions for M30012"},
		{[]func(*Options){swedish}, &api.ForbiddenError{StatusError: api.StatusError{Status: 403}},
			"namn: kunden M30012 nekade hemsidefunktioner (403); de svarar för andra kunder, så lösenordet stämmer: be Vitec ge användaren hemsidefunktioner för M30012"},
		{nil, &api.UnauthorizedError{StatusError: api.StatusError{Status: 401}},
			"names: customer M30012 refused the website functions (401); the website password is not accepted: set website_username"},
	} {
		fn := newFakeNames()
		fn.errs["HANOTHER"] = &api.NoAccessError{Group: api.WebsiteFunctions, Err: tc.err}
		m, fc := newTest(t, 200, 40, append([]func(*Options){withNames(fn)}, tc.lang...)...)
		m = lookUpNamed(t, m, "LED1") // the website functions answer for M30011
		other := typicalLead()
		other.Receiver.Agent.ID = "HANOTHER"
		other.Receiver.Agent.Office, other.Receiver.Office = nil, nil
		fc.leads["LEDOTHER"] = other
		m.panes.input.setIDs("M30012", "LEDOTHER")
		m = lookUpNamed(t, m, "LEDOTHER")
		if s := strings.Join(strings.Fields(screen(m)), " "); !strings.Contains(s, tc.want) {
			t.Errorf("want %q in\n%s", tc.want, screen(m))
		}
	}
}

// While another lead's detail renders, the detail pane never shows the
// previous lead's detail: it says the new one is being prepared (issue
// 20.2). A new answer for the same lead (r, a watch) keeps its detail.
func TestNoStaleDetailWhileRendering(t *testing.T) {
	for _, tc := range []struct {
		lang []func(*Options)
		want string
	}{
		{nil, "The detail of LEDOFF is being prepared; the previous lead (LED1) is no longer shown."},
		{[]func(*Options){swedish}, "Detaljerna för LEDOFF förbereds; det förra leadet (LED1) visas inte längre."},
	} {
		m, _ := newTest(t, 120, 40, tc.lang...)
		m = lookUp(t, m, "LED1")
		if s := screen(m); !strings.Contains(s, "HANE99C53F2DE4F489AB1E464D0F9AFFACD") {
			t.Fatalf("LED1's detail not shown:\n%s", s)
		}
		// LEDOFF's answer arrives; its render has not come back yet.
		m.panes.focusField(fieldLead)
		m.panes.input.setField(fieldLead, "LEDOFF")
		tm, cmd := m.Update(keyPress("enter"))
		m = tm.(Model)
		for _, msg := range run(cmd) {
			if done, ok := msg.(lookupDoneMsg); ok {
				tm, _ = m.Update(done) // its commands (the render) are not run
				m = tm.(Model)
			}
		}
		s := screen(m)
		detailPart := ansiStrip(strings.Join(m.panes.detail.View(), "\n"))
		if strings.Contains(detailPart, "HANE99C53F2DE4F489AB1E464D0F9AFFACD") || strings.Contains(detailPart, "Hemnet") {
			t.Errorf("LED1's detail shown while LEDOFF's renders:\n%s", s)
		}
		if !strings.Contains(strings.Join(strings.Fields(detailPart), " "), tc.want) {
			t.Errorf("no note that LEDOFF's detail is on its way:\n%s", s)
		}
	}
	// The same lead fetched again keeps its detail until the new one comes.
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	tm, cmd := m.Update(keyPress("r"))
	m = tm.(Model)
	for _, msg := range run(cmd) {
		if done, ok := msg.(lookupDoneMsg); ok {
			tm, _ = m.Update(done)
			m = tm.(Model)
		}
	}
	if s := screen(m); !strings.Contains(s, "HANE99C53F2DE4F489AB1E464D0F9AFFACD") || strings.Contains(s, "being prepared") {
		t.Errorf("r on the same lead blanked its detail:\n%s", s)
	}
}

// Cards: closing one returns the focus to the pane it was opened from; a
// card key the lead has no id for says so; ? lists every card key, the
// ones that do nothing now dimmed (issue 20.6).
func TestCardKeysFocusAndHelp(t *testing.T) {
	m, _ := newTest(t, 140, 40, withNames(newFakeNames()))
	m = lookUpNamed(t, m, "LED1")
	m = focusPane(m, focusRaw)
	m = press(t, m, "a")
	if m.panes.focus != focusCard {
		t.Fatalf("a from raw: focus %v", m.panes.focus)
	}
	m = press(t, m, "esc")
	if m.panes.focus != focusRaw {
		t.Errorf("closing a card opened from raw: focus %v, want raw", m.panes.focus)
	}
	for _, tc := range []struct {
		lang []func(*Options)
		want string
	}{
		{nil, "The lead has no user group."},
		{[]func(*Options){swedish}, "Leadet har ingen användargrupp."},
	} {
		m, _ := newTest(t, 140, 40, append([]func(*Options){withNames(newFakeNames())}, tc.lang...)...)
		m = lookUpNamed(t, m, "LED1") // an agent, no user group
		m = press(t, m, "u")
		if s := screen(m); m.panes.focus == focusCard || !strings.Contains(s, tc.want) {
			t.Errorf("u on a lead without a user group: focus %v\n%s", m.panes.focus, s)
		}
	}
	// The overlay: all five, the user group's dimmed (in colour).
	m, _ = newTest(t, 140, 40, withNames(newFakeNames()), func(o *Options) { o.NoColor = false })
	m = lookUpNamed(t, m, "LED1")
	m = press(t, m, "?")
	raw := m.View().Content
	var agentLine, groupLine string
	for _, l := range strings.Split(raw, "\n") {
		s := ansiStrip(l)
		for _, w := range []string{"a  agent", "u  user group", "m  office", "e  estate", "K  contact"} {
			if strings.Contains(s, w) && w == "a  agent" {
				agentLine = l
			}
			if strings.Contains(s, w) && w == "u  user group" {
				groupLine = l
			}
		}
	}
	s := ansiStrip(raw)
	for _, w := range []string{"a  agent", "u  user group", "m  office", "e  estate", "K  contact"} {
		if !strings.Contains(s, w) {
			t.Errorf("? lacks the card key %q:\n%s", w, s)
		}
	}
	if agentLine == "" || groupLine == "" || strings.Count(groupLine, "\x1b[") >= strings.Count(agentLine, "\x1b[") {
		t.Errorf("the unavailable u is not dimmed apart from a:\n%q\n%q", agentLine, groupLine)
	}
}

// Feedback (issue 20.7): r after an error shows its spinner even when the
// same error comes back at once; automatic retries show in the status bar;
// w after a failed lookup says why it cannot watch; f on the previous lead
// leaves the failed lookup's error standing.
func TestFeedbackAfterErrors(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	fc.errs["LEDBAD"] = &api.ServerError{StatusError: api.StatusError{Status: 500, Message: "An error has occurred."}}
	m = lookUp(t, m, "LED1")
	m = lookUp(t, m, "LEDBAD")
	tm, cmd := m.Update(keyPress("r"))
	m = tm.(Model)
	var done tea.Msg
	for _, msg := range run(cmd) {
		if d, ok := msg.(lookupDoneMsg); ok {
			done = d
		}
	}
	tm, cmd = m.Update(done)
	m = tm.(Model)
	if s := screen(m); !m.req.active || !strings.Contains(s, "looking up M30011/LEDBAD") {
		t.Errorf("r after an error: the spinner went at once:\n%s", s)
	}
	m = drain(t, m, cmd) // minSpin later
	if s := screen(m); m.req.active || !strings.Contains(s, "server error (HTTP 500") {
		t.Errorf("after the hold the error is not back:\n%s", s)
	}

	// w: the panes show LED1, the lookup of LEDBAD failed.
	m = focusPane(m, focusDetail)
	m = keys(t, m, "w")
	if s := strings.Join(strings.Fields(screen(m)), " "); m.watch.on || !strings.Contains(s, "cannot watch LEDBAD: its lookup failed") {
		t.Errorf("w after a failed lookup: watching %v\n%s", m.watch.on, screen(m))
	}
	// f flips LED1, the previous lead; the error stays.
	m = keys(t, m, "f")
	s := strings.Join(strings.Fields(screen(m)), " ")
	if !strings.Contains(s, "server error (HTTP 500") || strings.Contains(s, "│ 200 OK") || !strings.Contains(s, "the previous lead LED1 is shown in XML") {
		t.Errorf("f on the previous lead replaced the error:\n%s", screen(m))
	}

	// Retries.
	for _, tc := range []struct {
		lang []func(*Options)
		want string
	}{
		{nil, "200 OK after 1 retry (503) · 38 ms"},
		{[]func(*Options){swedish}, "200 OK efter 1 nytt försök (503) · 38 ms"},
	} {
		m, fc := newTest(t, 120, 40, tc.lang...)
		fc.retried = map[string]int{"LEDFLAKY": 503}
		fc.leads["LEDFLAKY"] = typicalLead()
		m = lookUp(t, m, "LEDFLAKY")
		if s := screen(m); !strings.Contains(s, tc.want) {
			t.Errorf("retries not in the status bar, want %q:\n%s", tc.want, s)
		}
	}
}
