package hub

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"leadinspector/api/demo"
	"leadinspector/ui/desk"
)

// TestKillLosesNoCommittedRow looks leads up in a hub running in a process
// of its own, kills it with SIGKILL, and finds every lookup whose answer
// was shown in the desk history and the audit: a row is committed before
// its answer reaches the session.
func TestKillLosesNoCommittedRow(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHubChild$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), "LI_HUB_CHILD=1")
	stdin, _ := cmd.StdinPipe()
	defer stdin.Close()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var addr, db string
	sc := bufio.NewScanner(stdout)
	for addr == "" && sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "DB "); ok {
			db = v
		}
		if v, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
			addr = v
		}
	}
	go io.Copy(io.Discard, stdout)
	if addr == "" || db == "" {
		t.Fatal("the hub did not start")
	}
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "anna",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(newKey(t))}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := openOn(t, c, 120, 36)
	s.waitFor(t, "Lead ID")
	leads := demo.Leads()[:3]
	for i, l := range leads {
		if i > 0 {
			s.keys(t, "i")
			s.waitGone(t, "f XML")
		}
		s.keys(t, l.LeadID+"\r")
		s.waitFor(t, "f XML") // shown: its rows are committed
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	st, err := desk.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ := st.History(context.Background(), "", 0)
	rows := auditRows(t, st, desk.AuditFilter{Person: "anna"})
	for _, l := range leads {
		inH, inA := false, false
		for _, e := range h {
			inH = inH || e.LeadID == l.LeadID
		}
		for _, r := range rows {
			inA = inA || r.Subject == l.LeadID
		}
		if !inH || !inA {
			t.Errorf("%s was shown, and after kill -9 it is in the history: %v, in the audit: %v", l.LeadID, inH, inA)
		}
	}
	os.RemoveAll(db[:strings.LastIndex(db, "/")])
}
