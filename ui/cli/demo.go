package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"leadinspector/api/demo"
	"leadinspector/api/sanitize"
)

// DemoList prints the demo's leads, one per line:
// CUSTOMER_ID<TAB>LEAD_ID<TAB>what it shows. The first line is an ordinary
// lead that looks up fine.
func DemoList(w io.Writer) int {
	var b strings.Builder
	for _, l := range demo.Leads() {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", l.CustomerID, l.LeadID, sanitize.Line(l.What))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return ExitInternal
	}
	return ExitOK
}

// DemoServe serves the demo API on addr (default: loopback, a free port)
// until ctx ends, after saying where and how to use it.
func DemoServe(ctx context.Context, addr string, sys IO) int {
	srv, err := demo.Start(demo.Options{Now: sys.Now}, addr)
	if err != nil {
		Errorln(sys.Stderr, err.Error()+": choose another --addr HOST:PORT")
		return ExitUsage
	}
	defer srv.Close()
	first := demo.Leads()[0]
	fmt.Fprintf(sys.Stdout, `DEMO API (fictional leads) at %[1]s
  username: %[2]s
  password: %[3]s

Try it:
  LEADINSPECTOR_PASSWORD=%[3]s %[4]s get --base-url %[1]s --username %[2]s %[5]s %[6]s
  curl -u %[2]s:%[3]s %[1]s/CRM/Lead/%[5]s/Incoming/%[6]s
  %[4]s demo --list      every demo lead and what it shows

Press ctrl+c to stop.
`, srv.URL, demo.Username, demo.Password, Program, first.CustomerID, first.LeadID)
	<-ctx.Done()
	return ExitOK
}
