package main

import (
	"strings"
	"testing"

	"leadinspector/api/demo"
	"leadinspector/config"
)

func TestPseudoLocaleCoversTheCommandLine(t *testing.T) {
	pseudo := func(args ...string) []string { return append([]string{"--lang", "pseudo"}, args...) }
	// data are the words shown as they are: the program's and the
	// commands' names, flags, ids, API values (State, LeadType), config
	// keys and values.
	data := append([]string{"leadinspector", "CUSTOMER_ID", "LEAD_ID", "HOST", "PORT", "TAB", "get", "demo", "config", "version",
		"init", "path", "check", "sv", "en", "json", "xml", "text", "true", "false", "default", "pseudo", "ctrl", "esc",
		"addr", "base-url", "profile", "username", "format", "raw", "parallel", "timeout", "lang", "help", "list", "accept", "no-names",
		"no-color", "privacy", "demo", "password_command", "password_env", "password", "LEADINSPECTOR_PASSWORD", "LEADINSPECTOR_USERNAME",
		"LEADINSPECTOR_CONFIG", "LEADINSPECTOR_PROFILE", "LEADINSPECTOR_BASE_URL", "LEADINSPECTOR_LANG", "XDG_CONFIG_HOME", "EDITOR",
		"NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANG", "ui.language", "ui.parallel", "config.toml", "lead.json", "lead-ids.txt",
		"https://connect.maklare.vitec.net", "CRM/Lead/{customerId}/Incoming/{id}", "CRM/Lead/{customer}/Incoming/{lead}", "profiles.NAME",
		"New", "Assigned", "Accepted", "Contacted", "Canceled", "Postponed", "WaitingForCustomer", "AcceptObjectFlow", "BookViewingFlow",
		"HAN89004204937985CC908873D8669C6CBB"}, config.SettingKeys...)
	for _, l := range demo.Leads() {
		data = append(data, l.CustomerID, l.LeadID)
	}
	check := func(env map[string]string, args []string, checkStdout bool) outcome {
		t.Helper()
		o := runCmd(t, env, "", args...)
		name := strings.Join(args[2:], " ")
		out := o.stderr
		if checkStdout {
			out += o.stdout
		}
		assertTranslated(t, name, out, data...)
		return o
	}

	check(nil, pseudo("--help"), true)
	check(nil, pseudo("get", "--help"), true)
	check(nil, pseudo("demo", "--help"), true)
	check(nil, pseudo("config", "--help"), true)
	check(nil, pseudo("demo", "--list"), true)
	check(nil, pseudo("get", "M1"), true)
	check(nil, pseudo("gte"), true)
	check(nil, pseudo("get", "--format", "yaml", "M1", "L1"), true)

	// get with several ids: the table, every lead of the demo and each
	// failure (the slow one runs into the time limit).
	ids := []string{"--demo", "--timeout", "1s", "get", demo.CustomerID}
	var failures []demo.Lead
	for i, l := range demo.Leads() {
		ids = append(ids, l.CustomerID+"/"+l.LeadID)
		if i > 0 && (strings.HasPrefix(l.LeadID, "LED-") || l.CustomerID == "M99999" || strings.HasPrefix(l.LeadID, "LED000")) {
			failures = append(failures, l)
		}
	}
	if len(failures) < 6 {
		t.Fatalf("found %d failure ids in the demo: %v", len(failures), failures)
	}
	o := check(nil, pseudo(ids...), true)
	if !strings.Contains(o.stdout, "Anna Berg") || !strings.Contains(o.stderr, "HAN890…") {
		t.Errorf("the table lacks the names, or stderr the refused one:\n%s\n%s", o.stdout, o.stderr)
	}
	// Each failure alone: the one line on stderr (stdout is empty).
	for _, l := range failures {
		o := check(nil, pseudo("--demo", "--timeout", "1s", "get", l.CustomerID, l.LeadID), true)
		if o.code == 0 && l.LeadID != "LED-SLOW" {
			t.Errorf("%s: exit 0", l.LeadID)
		}
	}
	// A name that cannot be had: its line on stderr. (stdout is the detail
	// renderer's, checked with its own texts.)
	o = check(nil, pseudo("--demo", "get", "M30012", "LED49296B2254ED6E99D332564B0D935DC9"), false)
	if !strings.Contains(o.stderr, "HAN890…") {
		t.Errorf("no line for the refused agent: %q", o.stderr)
	}

	// config check, with a lookup that could work.
	check(map[string]string{"LEADINSPECTOR_USERNAME": "u", config.EnvPassword: "p"}, pseudo("config", "check"), true)
}
