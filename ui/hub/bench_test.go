package hub

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"leadinspector/api/base/i18n"
	"leadinspector/ui/desk"
)

// BenchmarkHubStart is a first start of the hub: host key created, desk
// store created and migrated, SSH listening. (`serve` adds reading the
// config and building the API client.)
func BenchmarkHubStart(b *testing.B) {
	th := startHub(b, nil) // the demo API and client, made once
	for b.Loop() {
		dir := b.TempDir()
		signer, _, err := LoadHostKey(filepath.Join(dir, HostKeyFile))
		if err != nil {
			b.Fatal(err)
		}
		store, err := desk.Open(filepath.Join(dir, "desk.db"))
		if err != nil {
			b.Fatal(err)
		}
		cfg := th.cfg
		cfg.Addr, cfg.HostKey, cfg.Store, cfg.Demo = "127.0.0.1:0", signer, store, true
		h, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Start(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		h.Stop(time.Second, func(i18n.Lang) string { return "" })
		store.Close()
		b.StartTimer()
	}
}

// TestHubChild is the hub of BenchmarkDesk50Sessions, in a process of its
// own so that its memory can be measured alone; it does nothing otherwise.
func TestHubChild(t *testing.T) {
	if os.Getenv("LI_HUB_CHILD") == "" {
		return
	}
	th := startHub(t, func(c *Config) { c.Demo, c.MaxSessions = true, 200 })
	fmt.Printf("DB %s\n", th.store.Path())
	fmt.Printf("ADDR %s\n", th.Addr())
	io.Copy(io.Discard, os.Stdin) // until the parent is done
}

// stamps records when output arrives.
type stamps struct {
	mu    sync.Mutex
	all   bytes.Buffer
	ch    chan time.Time
	bytes int
}

func (s *stamps) Write(p []byte) (int, error) {
	s.mu.Lock()
	if s.all.Len() < 1<<20 {
		s.all.Write(p)
	}
	s.bytes += len(p)
	s.mu.Unlock()
	select {
	case s.ch <- time.Now():
	default:
	}
	return len(p), nil
}

func (s *stamps) has(text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Contains(s.all.Bytes(), []byte(text))
}

type benchSession struct {
	in  io.Writer
	out *stamps
}

func rssKiB(pid int) int {
	data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.Fields(v)[0])
			return n
		}
	}
	return 0
}

// BenchmarkDesk50Sessions runs the hub in a process of its own, opens 50
// sessions over loopback SSH, measures the hub's memory per idle session,
// then has 10 sessions scroll their raw views without pause while one more
// measures keystroke-to-frame times (a key sent, the first byte of the
// frame it causes received).
func BenchmarkDesk50Sessions(b *testing.B) {
	const sessions, scrollers, samples = 50, 10, 300
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHubChild$", "-test.bench=^$")
		cmd.Env = append(os.Environ(), "LI_HUB_CHILD=1")
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		addr := ""
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
				addr = a
				break
			}
		}
		go io.Copy(io.Discard, stdout)
		if addr == "" {
			b.Fatal("the hub did not start")
		}
		time.Sleep(500 * time.Millisecond)
		rss0 := rssKiB(cmd.Process.Pid)

		key := newKey(b)
		var ss []*benchSession
		for i := range sessions {
			c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: fmt.Sprintf("p%02d", i),
				Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			sess, _ := c.NewSession()
			sess.RequestPty("xterm-256color", 36, 120, gossh.TerminalModes{})
			out := &stamps{ch: make(chan time.Time, 1)}
			sess.Stdout = out
			in, _ := sess.StdinPipe()
			if err := sess.Shell(); err != nil {
				b.Fatal(err)
			}
			ss = append(ss, &benchSession{in, out})
		}
		waitAll := func(what string) {
			deadline := time.Now().Add(2 * time.Minute)
			for _, s := range ss {
				for !s.out.has(what) {
					if time.Now().After(deadline) {
						b.Fatalf("a session never showed %q", what)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		}
		waitAll("Lead")
		time.Sleep(2 * time.Second) // idle
		rss1 := rssKiB(cmd.Process.Pid)

		// 10 sessions and the measuring one look a lead up and go to the
		// raw view.
		for _, s := range ss[:scrollers+1] {
			io.WriteString(s.in, "\r")
		}
		// (The renderer sends only the cells that change, so the output is
		// not searched for words past the first frame: time is given.)
		time.Sleep(5 * time.Second)
		for _, s := range ss[:scrollers+1] {
			io.WriteString(s.in, "\t")
		}
		time.Sleep(2 * time.Second)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for _, s := range ss[:scrollers] {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					case <-time.After(33 * time.Millisecond): // a held key repeats about 30 times a second
					}
					k := "j"
					if i%40 >= 20 {
						k = "k"
					}
					io.WriteString(s.in, k)
				}
			})
		}
		m := ss[scrollers]
		var lat []time.Duration
		for i := range samples {
			time.Sleep(30 * time.Millisecond)
			for len(m.out.ch) > 0 {
				<-m.out.ch
			}
			k := "j"
			if i%2 == 1 {
				k = "k"
			}
			t0 := time.Now()
			io.WriteString(m.in, k)
			select {
			case t1 := <-m.out.ch:
				lat = append(lat, t1.Sub(t0))
			case <-time.After(5 * time.Second):
				lat = append(lat, 5*time.Second)
			}
		}
		close(stop)
		wg.Wait()
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()

		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
		b.ReportMetric(pct(0.5), "p50_ms")
		b.ReportMetric(pct(0.99), "p99_ms")
		b.ReportMetric(float64(rss1-rss0)/1024/sessions, "MiB/idle_session")
		b.ReportMetric(float64(rss0)/1024, "MiB_hub_before")
	}
}
