package hub

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the hub's host key in the state directory.
const HostKeyFile = "hub_host_ed25519"

// LoadHostKey reads the hub's ed25519 host key at path, creating it (0600,
// its directory 0700) on first start.
func LoadHostKey(path string) (signer gossh.Signer, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, false, err
		}
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, false, err
		}
		block, err := gossh.MarshalPrivateKey(priv, "leadinspector hub")
		if err != nil {
			return nil, false, err
		}
		data = pem.EncodeToMemory(block)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, err
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return nil, false, werr
		}
		created = true
	} else if err != nil {
		return nil, false, err
	}
	signer, err = gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", path, err)
	}
	return signer, created, nil
}

// Fingerprint is a key's SHA256 fingerprint as OpenSSH prints it.
func Fingerprint(k gossh.PublicKey) string { return gossh.FingerprintSHA256(k) }

// people are the keys allowed in, each with the person it belongs to.
type people struct {
	path string

	mu      sync.RWMutex
	byKey   map[string]string // the key's wire form → the person's name
	modTime time.Time
	size    int64
}

// parseAuthorizedKeys reads OpenSSH authorized_keys text: one key a line,
// its comment the person's name. Lines without a name, or that are not
// keys, are reported and skipped.
func parseAuthorizedKeys(data []byte) (map[string]string, []string) {
	m := map[string]string{}
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("line %d: not a public key", n))
			continue
		case len(options) > 0:
			problems = append(problems, fmt.Sprintf("line %d: options are not supported; key skipped", n))
			continue
		}
		name := personName(comment)
		if name == "" {
			problems = append(problems, fmt.Sprintf("line %d: the key has no comment to name its person; key skipped", n))
			continue
		}
		m[string(key.Marshal())] = name
	}
	return m, problems
}

// personName is a key comment made a name: its first word, printable
// characters only ("anna@laptop" stays as it is).
func personName(comment string) string {
	f := strings.Fields(comment)
	if len(f) == 0 {
		return ""
	}
	name := f[0]
	for _, r := range name {
		if r < 0x21 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ""
		}
	}
	if len(name) > 64 {
		return ""
	}
	return name
}

// load reads the file again when it changed (or force); it says whether it
// did and what it skipped.
func (p *people) load(force bool) (changed bool, problems []string, err error) {
	fi, err := os.Stat(p.path)
	if err != nil {
		return false, nil, err
	}
	p.mu.RLock()
	same := fi.ModTime().Equal(p.modTime) && fi.Size() == p.size
	p.mu.RUnlock()
	if same && !force {
		return false, nil, nil
	}
	data, err := os.ReadFile(p.path)
	if err != nil {
		return false, nil, err
	}
	m, problems := parseAuthorizedKeys(data)
	p.mu.Lock()
	p.byKey, p.modTime, p.size = m, fi.ModTime(), fi.Size()
	p.mu.Unlock()
	return true, problems, nil
}

// who is the person a key belongs to, "" for none.
func (p *people) who(k gossh.PublicKey) string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.byKey[string(k.Marshal())]
}

func (p *people) count() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.byKey)
}
