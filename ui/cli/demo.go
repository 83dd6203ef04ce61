package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"leadinspector/api/base/sanitize"
	"leadinspector/api/demo"
	"leadinspector/config"
)

// DemoList prints the demo's leads, one per line:
// CUSTOMER_ID<TAB>LEAD_ID<TAB>what it shows, in the user's language. The
// first line is an ordinary lead that looks up fine. The note on the states
// goes to stderr, so the list stays one lead per line for scripts.
func DemoList(sys IO) int {
	l := sys.l()
	var b strings.Builder
	for _, d := range demo.Leads() {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", d.CustomerID, d.LeadID, sanitize.Line(l.Say(d.Says)))
	}
	if _, err := io.WriteString(sys.Stdout, b.String()); err != nil {
		return ExitInternal
	}
	Errorln(sys.Stderr, l.Say(demo.StatesNote()))
	return ExitOK
}

// DemoServe serves the demo API on addr (default: loopback, a free port)
// until ctx ends, after saying where and how to use it.
func DemoServe(ctx context.Context, addr string, sys IO) int {
	l := sys.l()
	srv, err := demo.Start(demo.Options{Now: sys.Now}, addr)
	if err != nil {
		Errorln(sys.Stderr, l.T("demo.serve.busy", "Error", err.Error()))
		return ExitUsage
	}
	defer srv.Close()
	first := demo.Leads()[0]
	_, _ = io.WriteString(sys.Stdout, l.T("demo.serve.banner",
		"URL", srv.URL, "Username", demo.Username, "Password", demo.Password,
		"Get", fmt.Sprintf("%s=%s %s get --base-url %s --username %s %s %s",
			config.EnvPassword, demo.Password, Program, srv.URL, demo.Username, first.CustomerID, first.LeadID),
		"Curl", fmt.Sprintf("curl -u %s:%s %s/CRM/Lead/%s/Incoming/%s",
			demo.Username, demo.Password, srv.URL, first.CustomerID, first.LeadID),
		"List", Program+" demo --list"))
	<-ctx.Done()
	return ExitOK
}
