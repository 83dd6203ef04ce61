package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
)

// TestPrivacyTogglesEveryPane flips privacy mode on and off with p on the
// demo's ordinary lead, on a screen tall enough to show all of it.
func TestPrivacyTogglesEveryPane(t *testing.T) {
	o := demoAt(t, nil)
	m := newWith(t, o, 200, 120)
	lead := demoLead(t, "ordinary lead")
	m = lookUp(t, m, lead.LeadID)
	secrets := []string{
		"ADR3F0E01A74F5A0E5756543B592A3D6157", // contact id
		"visningen", "privat visning",         // message words
		"OBJ30011_1584736291",                         // buying estate id
		"referral", "objektsida", `"value": "hemnet"`, // UTM values
	}
	s := screen(m)
	for _, v := range secrets {
		if !strings.Contains(s, v) {
			t.Fatalf("before privacy the screen lacks %q (the test could not fail):\n%s", v, s)
		}
	}
	if strings.Contains(s, "PRIVACY") {
		t.Fatal("PRIVACY shown before p")
	}
	m = keys(t, m, "p")
	s = screen(m)
	for _, v := range secrets {
		if strings.Contains(s, v) {
			t.Errorf("privacy mode shows %q", v)
		}
	}
	for _, want := range []string{"PRIVACY", "••••", "utm_source", "Hemnet", lead.LeadID, "held by the agent", "p privacy off"} {
		if !strings.Contains(s, want) {
			t.Errorf("privacy mode hides %q too (or lacks it)", want)
		}
	}
	if !strings.HasPrefix(strings.Split(s, "\n")[118], "«DEMO» (PRIVACY)") {
		t.Errorf("status bar: %q", strings.Split(s, "\n")[118])
	}
	m = keys(t, m, "p")
	s = screen(m)
	if strings.Contains(s, "PRIVACY") || !strings.Contains(s, "ADR3F0E01A74F5A0E5756543B592A3D6157") || !strings.Contains(s, "objektsida") {
		t.Errorf("p again did not show the data:\n%s", s)
	}
}

func TestPrivacyKeyIsNotTypedAway(t *testing.T) {
	m, _ := newTest(t, 80, 24)
	m = keys(t, m, "p")
	if m.privacy {
		t.Fatal("p in the Lead ID field turned privacy on")
	}
	if _, l := m.panes.input.ids(); l != "p" {
		t.Fatalf("p did not reach the field: %q", l)
	}
	m = keys(t, m, "esc", "p")
	if !m.privacy || !m.panes.raw.Private() {
		t.Fatal("p outside a field did not turn privacy on (or not in the raw pane)")
	}
}

// TestPrivacyCopyIsMasked: c copies what the screen may show.
func TestPrivacyCopyIsMasked(t *testing.T) {
	m, _ := newTest(t, 120, 40, func(o *Options) { o.Privacy = true })
	m = lookUp(t, m, "LED1")
	tm, cmd := m.Update(keyPress("c"))
	got := clipboardOf(t, cmd)
	if got == "" || strings.Contains(got, "ADR3ADC7B7B0A9447CA97FCAB43E36B582C") || strings.Contains(got, "Storgatan") ||
		!strings.Contains(got, "••••") || !strings.Contains(got, "HANE99C53F2DE4F489AB1E464D0F9AFFACD") {
		t.Errorf("c in privacy mode copied:\n%s", got)
	}
	if s := screen(tm.(Model)); !strings.Contains(s, "personal data masked") {
		t.Errorf("no word that the copy is masked:\n%s", s)
	}
	// Privacy off: the body as received.
	m = keys(t, tm.(Model), "p")
	_, cmd = m.Update(keyPress("c"))
	if got := clipboardOf(t, cmd); got != string(m.panes.raw.Body()) {
		t.Errorf("c without privacy copied %q, want the body", got)
	}
}

// TestPrivacyHidesErrorExcerpt: a body that could not be understood may be
// a lead; its excerpt is not shown in privacy mode.
func TestPrivacyHidesErrorExcerpt(t *testing.T) {
	m, fc := newTest(t, 200, 40)
	fc.errs["LEDBAD"] = &api.BadResponseError{Reason: api.WrongContentType, Detail: "expected JSON, got text/plain",
		Excerpt: "Hej! Ring mig på 070-1234567"}
	m = lookUp(t, m, "LEDBAD")
	if !strings.Contains(screen(m), "070-1234567") {
		t.Fatal("the excerpt is not shown without privacy")
	}
	m = keys(t, m, "esc", "p")
	if s := screen(m); strings.Contains(s, "070-1234567") || !strings.Contains(s, "expected JSON, got text/plain") {
		t.Errorf("privacy mode, error:\n%s", s)
	}
	m = update(t, m, tea.KeyPressMsg{Code: 'p', Text: "p"})
	if !strings.Contains(screen(m), "070-1234567") {
		t.Error("privacy off did not bring the excerpt back")
	}
}
