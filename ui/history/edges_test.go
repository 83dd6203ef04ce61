package history

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The history keeps exactly history_limit entries: the newest ones.
func TestLimitIsExact(t *testing.T) {
	for _, limit := range []int{1, 2, 5} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			dir := t.TempDir()
			s := open(t, dir, limit)
			var want []string
			for i := range limit + 2 {
				id := fmt.Sprintf("L%d", i)
				record(t, s, entry(id, i, "New"))
				want = append([]string{id}, want...)
			}
			want = want[:limit]
			if got := leads(s.Entries()); got != strings.Join(want, " ") {
				t.Errorf("in memory: %s, want the newest %d: %s", got, limit, strings.Join(want, " "))
			}
			if got := fileLeads(t, dir); got != strings.Join(want, " ") {
				t.Errorf("on disk: %s, want %s", got, strings.Join(want, " "))
			}
			s2 := open(t, dir, limit)
			if got := leads(s2.Entries()); got != strings.Join(want, " ") {
				t.Errorf("reopened: %s, want %s", got, strings.Join(want, " "))
			}
		})
	}
}

// A lookup recorded with an older time than the entry has (another
// inspector looked the lead up later) does not replace the later one; a
// newer one does.
func TestOlderLookupDoesNotReplaceANewerOne(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, 0)
	record(t, s, entry("A", 10, "Accepted"))
	record(t, s, entry("A", 5, "New")) // older
	if e, _ := s.Last("prod", "M30011", "A"); e.State != "Accepted" || !e.At.Equal(at(10)) {
		t.Errorf("after an older lookup: %s at %v, want Accepted at %v", e.State, e.At, at(10))
	}
	record(t, s, entry("A", 11, "Completed")) // newer
	if e, _ := s.Last("prod", "M30011", "A"); e.State != "Completed" || !e.At.Equal(at(11)) {
		t.Errorf("after a newer lookup: %s at %v, want Completed at %v", e.State, e.At, at(11))
	}
}

// A file holding one lead twice (two inspectors' writes merged by hand, an
// old version) keeps the later of the two, whichever comes first.
func TestDuplicateInFileKeepsTheLater(t *testing.T) {
	for _, order := range []string{"later first", "later last"} {
		t.Run(order, func(t *testing.T) {
			early := `{"profile":"prod","customerId":"M30011","leadId":"A","state":"New","status":200,"at":"2026-03-14T09:00:00Z"}`
			late := `{"profile":"prod","customerId":"M30011","leadId":"A","state":"Completed","status":200,"at":"2026-03-15T09:00:00Z"}`
			pair := early + "," + late
			if order == "later first" {
				pair = late + "," + early
			}
			dir := t.TempDir()
			writeHistory(t, dir, `{"version":1,"entries":[`+pair+`]}`)
			s := open(t, dir, 0)
			if got := s.Entries(); len(got) != 1 || got[0].State != "Completed" {
				t.Errorf("entries %+v, want the later one only", got)
			}
		})
	}
}

// Only version 1 is ours: an older or newer version, or none, is set aside
// rather than read as if it were.
func TestOtherVersionsAreSetAside(t *testing.T) {
	entries := `"entries":[{"profile":"prod","customerId":"M30011","leadId":"A","status":200,"at":"2026-03-14T09:00:00Z"}]`
	for _, c := range []struct {
		name, doc string
		ours      bool
	}{
		{"version 1", `{"version":1,` + entries + `}`, true},
		{"version 0", `{"version":0,` + entries + `}`, false},
		{"no version", `{` + entries + `}`, false},
		{"version 2", `{"version":2,` + entries + `}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeHistory(t, dir, c.doc)
			s, warn := Open(dir, 0)
			if c.ours {
				if warn != nil || leads(s.Entries()) != "A" {
					t.Errorf("warning %v, entries %s; want A read", warn, leads(s.Entries()))
				}
				return
			}
			if warn == nil || len(s.Entries()) != 0 {
				t.Errorf("warning %v, entries %s; want it set aside with a warning", warn, leads(s.Entries()))
			}
			if aside, _ := filepath.Glob(filepath.Join(dir, fileName+".corrupt-*")); len(aside) != 1 {
				t.Errorf("set aside as %v, want one history.json.corrupt-… file", aside)
			}
		})
	}
}

// A file of exactly the size limit (8 MiB) is read; one byte more is set
// aside unread.
func TestFileAtTheSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 16 MiB")
	}
	head := `{"version":1,"entries":[{"profile":"prod","customerId":"M30011","leadId":"A","status":200,"at":"2026-03-14T09:00:00Z"}]}`
	for _, c := range []struct {
		size int
		read bool
	}{{maxFileSize, true}, {maxFileSize + 1, false}} {
		t.Run(fmt.Sprint(c.size), func(t *testing.T) {
			dir := t.TempDir()
			writeHistory(t, dir, head+strings.Repeat(" ", c.size-len(head)))
			if fi, err := os.Stat(filepath.Join(dir, fileName)); err != nil || fi.Size() != int64(c.size) {
				t.Fatalf("test file: %v %v", fi.Size(), err)
			}
			s, warn := Open(dir, 0)
			if c.read && (warn != nil || leads(s.Entries()) != "A") {
				t.Errorf("%d bytes: warning %v, entries %q; want it read", c.size, warn, leads(s.Entries()))
			}
			if !c.read && (warn == nil || len(s.Entries()) != 0) {
				t.Errorf("%d bytes: warning %v, entries %q; want it set aside", c.size, warn, leads(s.Entries()))
			}
		})
	}
}
