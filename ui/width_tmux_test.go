package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"leadinspector/api"
)

// emojiLead carries the clusters terminals disagree on, where a lead shows
// them: the lead source, the customer id, UTM tags.
func emojiLead() *api.IncomingLead {
	l := typicalLead()
	l.LeadSource.Name = "Hemnet 👨\u200d👩\u200d👧 🇸🇪 👍🏽 ❤\ufe0f 1\ufe0f\u20e3"
	l.Receiver.Office.CustomerID = "M👩🏽\u200d💻1"
	l.UtmTags = append(l.UtmTags,
		api.UtmTag{Name: "utm_content", Value: "👨\u200d👩\u200d👧\u200d👦 family"},
		api.UtmTag{Name: "utm_term", Value: "🏳\ufe0f\u200d🌈 🇳🇴🇩🇰 ✌🏿"},
	)
	return l
}

// TestEmojiDoNotMoveBordersInTmux draws the inspector's frame, with a lead
// full of emoji, in a real terminal (tmux) and checks that every row ends
// exactly where the layout says: a mark written at column width+1 must sit
// right after the row's last cell, not over it and not after a gap.
func TestEmojiDoNotMoveBordersInTmux(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs tmux")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed")
	}
	const w, h = 180, 64
	m, fc := newTest(t, w, h, func(o *Options) { o.CustomerID = "M👨\u200d👩\u200d👧" })
	fc.leads["LEDEMOJI"] = emojiLead()
	m = lookUp(t, m, "LEDEMOJI")
	frame := strings.Split(m.View().Content, "\n")
	if len(frame) != h {
		t.Fatalf("frame has %d rows, want %d", len(frame), h)
	}
	if s := screen(m); !strings.Contains(s, "Hemnet") || !strings.Contains(s, "family") {
		t.Fatalf("the emoji lead is not all on screen:\n%s", s)
	}

	dir := t.TempDir()
	var file strings.Builder
	for i, row := range frame {
		if got := ansiWidth(row); got != w {
			t.Errorf("row %d is %d cells by the layout's count, want %d", i, got, w)
		}
		fmt.Fprintf(&file, "%s\x1b[%dG#", row, w+1)
		if i < len(frame)-1 {
			file.WriteString("\r\n")
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "frame"), []byte(file.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("tmux", append([]string{"-u", "-S", sock, "-f", "/dev/null"}, args...)...)
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", "w", "-x", fmt.Sprint(w+5), "-y", fmt.Sprint(h+1),
		"cat "+filepath.Join(dir, "frame")+"; sleep 60")
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", sock, "kill-server").Run() })

	var rows []string
	drawn := func() bool {
		rows = strings.Split(tmux("capture-pane", "-p", "-t", "w"), "\n")
		return len(rows) >= h && strings.HasSuffix(strings.TrimRight(rows[h-1], " "), "#")
	}
	for deadline := time.Now().Add(5 * time.Second); !drawn() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if len(rows) < h {
		t.Fatalf("tmux shows %d rows, want %d", len(rows), h)
	}
	for i := range h {
		// A row that ends in blanks shows a wrong width as well: the mark
		// then sits after a gap, or over the last blank.
		want := ansiStrip(frame[i]) + "#"
		if got := strings.TrimRight(rows[i], " "); got != want {
			t.Errorf("row %d in tmux:\n%q\nwant it to end at column %d:\n%q", i, got, w, want)
		}
	}
}
