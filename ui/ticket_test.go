package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"leadinspector/api"
)

func TestTicketSummary(t *testing.T) {
	m, _ := newTest(t, 120, 40)
	m = lookUp(t, m, "LED1")
	tm, cmd := m.Update(keyPress("t"))
	got := clipboardOf(t, cmd)
	want := "Customer ID: M30011\n" +
		"Lead ID:     LED1\n" +
		"State:       New\n" +
		"Lead source: Hemnet, lead type AcceptObjectFlow\n" +
		"Receiver:    held by the agent HANE99C53F2DE4F489AB1E464D0F9AFFACD, of office KON1 (M11385); office KON1 (M11385)\n" +
		"Sent at:     2025-04-04 06:11 UTC (3 d ago)\n" +
		"Looked up:   2025-04-07 10:00 UTC (just now), profile prod\n"
	if got != want {
		t.Errorf("summary\n got:\n%s\nwant:\n%s", got, want)
	}
	for _, secret := range []string{"Storgatan", "Hej", "ADR3ADC7B7B0A9447CA97FCAB43E36B582C", "OBJ11385", "hemnet", "listing"} {
		if strings.Contains(got, secret) {
			t.Errorf("the summary holds %q", secret)
		}
	}
	if s := screen(tm.(Model)); !strings.Contains(s, "copied summary for the ticket") {
		t.Errorf("no note of the copy:\n%s", s)
	}
}

func TestTicketSummaryOfBatchRows(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	mixedFake(fc)
	m = update(t, m, tea.PasteMsg{Content: mixedBatch})
	m = keys(t, m, "down") // LEDMISSING
	_, cmd := m.Update(keyPress("t"))
	got := clipboardOf(t, cmd)
	for _, w := range []string{"Lead ID:     LEDMISSING", "Result:      not found (HTTP 404): customer M30011 has no such lead", "profile prod"} {
		if !strings.Contains(got, w) {
			t.Errorf("summary of a failed row lacks %q:\n%s", w, got)
		}
	}
	m = keys(t, m, "down", "down") // LEDOFF
	_, cmd = m.Update(keyPress("t"))
	got = clipboardOf(t, cmd)
	for _, w := range []string{"Lead ID:     LEDOFF", "State:       Completed", "held by the office KON7 (M30011)"} {
		if !strings.Contains(got, w) {
			t.Errorf("summary of a row lacks %q:\n%s", w, got)
		}
	}
}

func TestTicketSummaryHostileValues(t *testing.T) {
	m, fc := newTest(t, 120, 40)
	l := typicalLead()
	l.State = "New\x1b]52;c;aGk=\x07"
	l.LeadSource.Name = "Hem\nnet"
	fc.leads["LEDX"] = l
	m = lookUp(t, m, "LEDX")
	_, cmd := m.Update(keyPress("t"))
	got := clipboardOf(t, cmd)
	if strings.ContainsAny(got, "\x1b\x07") || strings.Count(got, "\n") != 7 {
		t.Errorf("summary not sanitised to 7 lines:\n%q", got)
	}
}

func TestCurlCommand(t *testing.T) {
	m, fc := newTest(t, 120, 40, func(o *Options) {
		o.BaseURL = "https://connect.example/api/"
		o.Username = "partner'user"
	})
	fc.leads["LED 1/x'y"] = typicalLead()
	m.panes.input.setIDs("M30011", "LED 1/x'y")
	m = keys(t, m, "enter")
	if m.panes.detail.leadID != "LED 1/x'y" {
		t.Fatalf("lookup failed: %s", m.status.text)
	}
	tm, cmd := m.Update(keyPress("C"))
	got := clipboardOf(t, cmd)
	want := `curl -u 'partner'\''user' -H 'Accept: application/json' 'https://connect.example/api/CRM/Lead/M30011/Incoming/LED%201%2Fx%27y'`
	if got != want {
		t.Errorf("curl\n got %s\nwant %s", got, want)
	}
	if strings.Contains(got, "demo:") || strings.Contains(got, ":pass") {
		t.Errorf("curl command holds a password: %s", got)
	}
	if s := screen(tm.(Model)); !strings.Contains(s, "copied the curl command (curl asks for the password)") {
		t.Errorf("no note of the copy:\n%s", s)
	}
	// After f, the command asks for the representation on screen.
	m = keys(t, tm.(Model), "f")
	_, cmd = m.Update(keyPress("C"))
	if got := clipboardOf(t, cmd); !strings.Contains(got, "'Accept: application/xml'") {
		t.Errorf("curl after f: %s", got)
	}
}

// TestCurlAgainstDemo: the demo's command names its user and URL.
func TestCurlAgainstDemo(t *testing.T) {
	o := demoAt(t, nil)
	m := newWith(t, o, 120, 40)
	lead := demoLead(t, "ordinary lead")
	m = lookUp(t, m, lead.LeadID)
	_, cmd := m.Update(keyPress("C"))
	got := clipboardOf(t, cmd)
	want := "curl -u 'demo' -H 'Accept: application/json' '" + o.BaseURL + "/CRM/Lead/M30011/Incoming/" + lead.LeadID + "'"
	if got != want {
		t.Errorf("curl\n got %s\nwant %s", got, want)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"": "''", "a b": "'a b'", "it's": `'it'\''s'`, "$(x)`y`": "'$(x)`y`'"} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := curlCommand("https://h", "u", lookupKey{"M1", "L1"}, api.XML); got != "curl -u 'u' -H 'Accept: application/xml' 'https://h/CRM/Lead/M1/Incoming/L1'" {
		t.Errorf("curlCommand = %s", got)
	}
}
