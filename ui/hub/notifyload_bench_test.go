package hub

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
	"leadinspector/api/demo"
	apinotify "leadinspector/api/notify"
	"leadinspector/config"
	"leadinspector/ui/desk"
	"leadinspector/ui/notify"
)

// loadToken is the receiver's token in BenchmarkServeNotifyLoad.
const loadToken = "load-test-token-0123456789abcdefghijklmn"

// TestServeChild is the hub of BenchmarkServeNotifyLoad: `serve` as
// main runs it (Run, with the config file LI_SERVE_CHILD names), in a
// process of its own so that its CPU is measured alone. It prints its
// addresses, then runs until its stdin closes. It does nothing otherwise.
func TestServeChild(t *testing.T) {
	cfg := os.Getenv("LI_SERVE_CHILD")
	if cfg == "" {
		return
	}
	dir := filepath.Dir(cfg)
	env := map[string]string{"HOME": dir, "XDG_STATE_HOME": filepath.Join(dir, "state"), config.EnvNotifyToken: loadToken}
	s, err := config.Load(config.Input{Flags: config.Flags{Config: cfg}, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	client, err := api.NewClient(api.Options{BaseURL: os.Getenv("LI_SERVE_API"), Username: demo.Username, Password: demo.Password, PublicCredentials: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { io.Copy(io.Discard, os.Stdin); cancel() }()
	var out lockedBuffer
	code := Run(ctx, RunOptions{Settings: s, Client: client, Lang: i18n.New(i18n.English), Stdout: io.MultiWriter(&out, os.Stdout), Stderr: io.Discard,
		Ready: func(addr string) { fmt.Printf("\nADDR %s\n", addr) }})
	if code != 0 {
		t.Fatalf("serve ended with %d", code)
	}
}

// cpuOf is a process's user+system CPU so far, from /proc.
func cpuOf(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+2:]))
	var u, s int64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &s)
	return time.Duration(u+s) * 10 * time.Millisecond // USER_HZ 100
}

// BenchmarkServeNotifyLoad is the notification budget end to end:
// `serve` (in a process of its own, its desk store a file committed with
// synchronous=FULL) with 20 people's SSH sessions open on the inspector,
// receiving 1,000 notifications a second over real HTTP from this process,
// and looking each lead up against a loopback demo API (here too). Each
// b.N is one second of load (-benchtime=60x is the budget's minute). It
// reports the answers' percentiles, non-2xx answers, and notifications
// lost (sent and answered 2xx but not in the desk store afterwards).
// LI_LOAD_QUEUE=1 opens the queue in every session first, so that each
// live refresh (four a second at most) reads the store:
//
//	go test -run '^$' -bench ServeNotifyLoad -benchtime 60x ./ui/hub
func BenchmarkServeNotifyLoad(b *testing.B) {
	const rate, sessions = 1000, 20
	srv, err := demo.Start(demo.Options{}, "")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	dir := b.TempDir()
	var keys []gossh.Signer
	var lines []string
	for i := range sessions {
		k := newKey(b)
		keys = append(keys, k)
		lines = append(lines, strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k.PublicKey())))+fmt.Sprintf(" p%02d", i))
	}
	if err := os.WriteFile(filepath.Join(dir, "desk_keys"), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte(`[serve]
ssh_addr = "127.0.0.1:0"
authorized_keys = "desk_keys"
database = "desk.db"
notify_addr = "127.0.0.1:0"
max_sessions = 100
`), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), "LI_SERVE_CHILD="+cfg, "LI_SERVE_API="+srv.URL)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	sc := bufio.NewScanner(stdout)
	addr, notifyURL := "", ""
	urlRE := regexp.MustCompile(`(http://127\.0\.0\.1:\d+/notify/)TOKEN`)
	for addr == "" && sc.Scan() {
		if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
			notifyURL = m[1] + loadToken
		}
		if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
			addr = a
		}
	}
	go io.Copy(io.Discard, stdout)
	if addr == "" || notifyURL == "" {
		b.Fatal("the hub did not start")
	}

	for i, k := range keys {
		c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: fmt.Sprintf("p%02d", i),
			Auth: []gossh.AuthMethod{gossh.PublicKeys(k)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()})
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		sess, _ := c.NewSession()
		sess.RequestPty("xterm-256color", 36, 120, gossh.TerminalModes{})
		out := &stamps{ch: make(chan time.Time, 1)}
		sess.Stdout = out
		in, err := sess.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := sess.Shell(); err != nil {
			b.Fatal(err)
		}
		deadline := time.Now().Add(time.Minute)
		for !out.has("Lead") {
			if time.Now().After(deadline) {
				b.Fatalf("session %d never showed the inspector", i)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if os.Getenv("LI_LOAD_QUEUE") != "" {
			// Every session with the queue open: each refresh reads the
			// store (esc apart from Q: together they read as alt+Q).
			for try := 0; !out.has("Queue"); try++ {
				if time.Now().After(deadline) {
					b.Fatalf("session %d never showed the queue", i)
				}
				if try%100 == 0 { // again every 2 s: a loaded machine may join them
					in.Write([]byte("\x1b"))
					time.Sleep(200 * time.Millisecond)
					in.Write([]byte("Q"))
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}

	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}, Timeout: 10 * time.Second}
	total := b.N * rate
	lat := make([]time.Duration, total)
	codes := make([]int, total)
	jobs := make(chan int, 1024)
	var wg sync.WaitGroup
	for range 128 {
		wg.Go(func() {
			for i := range jobs {
				n := apinotify.Sample()
				n.ID = fmt.Sprintf("LED%032d", i%20000)
				n.ExternalID = fmt.Sprintf("crm-%d", i%20000)
				n.Cause = apinotify.Causes[i%len(apinotify.Causes)]
				n.Name = fmt.Sprintf("load-%d", i) // every one distinct: none is a redelivery
				start := time.Now()
				resp, err := hc.Post(notifyURL, "application/json", bytes.NewReader(n.Body()))
				lat[i] = time.Since(start)
				if err != nil {
					codes[i] = -1
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				codes[i] = resp.StatusCode
			}
		})
	}
	cpu0 := cpuOf(cmd.Process.Pid)
	b.ResetTimer()
	// Each notification has its time (a ticker would drop the ticks a
	// busy generator misses, and send fewer than rate a second): one
	// sent late is followed at once by the next.
	start := time.Now()
	for i := range total {
		if d := time.Until(start.Add(time.Duration(i) * time.Second / rate)); d > 0 {
			time.Sleep(d)
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	hubCPU := cpuOf(cmd.Process.Pid) - cpu0

	bad, ok := 0, 0
	for _, c := range codes {
		if c < 200 || c > 299 {
			bad++
		} else {
			ok++
		}
	}
	// Stop the hub (it closes its store cleanly), then count the events.
	cmd.Process.Signal(syscall.SIGTERM)
	stdin.Close()
	cmd.Wait()
	db, err := desk.OpenReadOnly(filepath.Join(dir, "desk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	stored := 0
	err = notify.NewReader(db).Each(context.Background(), notify.Filter{}, func(r notify.Row) error {
		stored += r.Events
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(float64(total)/elapsed.Seconds(), "sent/s")
	b.ReportMetric(pct(0.5), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/1e6, "max-ms")
	b.ReportMetric(float64(bad), "non-2xx")
	b.ReportMetric(float64(ok-stored), "lost")
	b.ReportMetric(float64(hubCPU.Microseconds())/1000/float64(total), "hub-cpu-ms/op")
}
