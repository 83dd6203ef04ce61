package hub

import (
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"crypto/ed25519"
	"crypto/rand"

	gossh "golang.org/x/crypto/ssh"

	"leadinspector/ui/desk"
)

// TestOpenSSHClient connects the real OpenSSH client, in tmux, to the hub:
// the host key it is told to expect, a key file, a lookup, q.
func TestOpenSSHClient(t *testing.T) {
	for _, tool := range []string{"ssh", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (.ci/run installs it: apt-get install tmux openssh-client)", tool)
		}
	}
	dir := t.TempDir()
	// A key file for anna, as ssh-keygen writes it.
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := gossh.MarshalPrivateKey(priv, "anna")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "id_anna")
	os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600)
	sshPub, _ := gossh.NewPublicKey(pub)

	th := startHub(t, nil)
	// anna's key replaces the generated one in authorized_keys.
	os.WriteFile(th.keysPath, []byte(strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sshPub)))+" anna\n"), 0o600)
	th.Reload(true)
	host, port, _ := net.SplitHostPort(th.Addr())
	known := filepath.Join(dir, "known_hosts")
	os.WriteFile(known, []byte(fmt.Sprintf("[%s]:%s %s", host, port, gossh.MarshalAuthorizedKey(th.hostKey))), 0o600)

	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) string {
		t.Helper()
		out, err := exec.Command("tmux", append([]string{"-u", "-S", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmd := fmt.Sprintf("ssh -F /dev/null -i %s -o IdentitiesOnly=yes -o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes -o PasswordAuthentication=no -p %s anna@%s; echo SSH-EXIT-$?; sleep 30",
		keyFile, known, port, host)
	tmux("new-session", "-d", "-s", "li24-openssh", "-x", "120", "-y", "36", "env TERM=xterm-256color LANG=C.UTF-8 sh -c '"+cmd+"'")
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", "li24-openssh") }
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(waitLimit)
		for time.Now().Before(deadline) {
			if strings.Contains(screen(), want) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("the OpenSSH session never showed %q:\n%s", want, screen())
	}
	waitFor("Lead ID")
	tmux("send-keys", "-t", "li24-openssh", "Enter")
	waitFor("held by")
	waitFor("anna, just now")
	tmux("send-keys", "-t", "li24-openssh", "q")
	waitFor("SSH-EXIT-0")
	rows := auditRows(t, th.store, deskFilterAll)
	if len(rows) != 1 || rows[0].Person != "anna" || rows[0].KeyFP != Fingerprint(sshPub) {
		t.Fatalf("audit after the OpenSSH session: %+v", rows)
	}
}

var deskFilterAll = desk.AuditFilter{}
