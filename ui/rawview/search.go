package rawview

import (
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"leadinspector/api/base/i18n"
	"leadinspector/api/base/sanitize"
	"leadinspector/ui/input"
	"leadinspector/ui/styles"
)

// search is the raw pane's search: the prompt where a query is typed (the
// project's one-line text field), the confirmed query, its matches in the
// text shown and which of them is current. A search runs in a command; its
// answer, a SearchDoneMsg, is dropped when the search was replaced since.
type search struct {
	// field is the prompt while it is open, nil while it is closed: it is
	// big (its styles), and models are copied by value on every message.
	// An edit changes a copy of it, so that an older model keeps its own.
	field *input.Model
	keys  *input.KeyMap // the prompt's editing keys
	st    *styles.Styles

	query   string // the confirmed search
	matches []int  // byte offsets of the matches in the current doc
	qlen    int
	cur     int // index into matches, -1 for none
	capped  bool
	pending bool // the search runs in its command
	// seq numbers searches: an answer for an earlier one is dropped.
	seq int
}

// newSearch is a search with no query; its prompt deletes with k's keys.
func newSearch(k *KeyMap, st *styles.Styles) search {
	fk := input.DefaultKeyMap()
	fk.DeleteBack, fk.DeleteToStart = k.DeleteBack, k.ClearInput
	return search{keys: &fk, st: st, cur: -1}
}

// setStyles draws the prompt in the accent colour, the cursor a block of it.
func (s *search) setStyles(st *styles.Styles) {
	s.st = st
	if s.field != nil {
		s.change(func(f *input.Model) { f.Styles = fieldStyles(st) })
	}
}

func fieldStyles(st *styles.Styles) input.Styles {
	f := input.DefaultStyles()
	f.Text, f.Cursor = st.Accent, st.Accent.Reverse(true)
	return f
}

// typing reports whether the prompt is open.
func (s search) typing() bool { return s.field != nil }

// open opens the prompt, empty.
func (s *search) open() {
	f := input.New()
	f.CharLimit, f.KeyMap, f.Styles = maxQuery, s.keys, fieldStyles(s.st)
	f.Focus()
	s.field = &f
}

// close closes the prompt and forgets what was typed in it.
func (s *search) close() { s.field = nil }

// typed is the text in the prompt.
func (s search) typed() string {
	if s.field == nil {
		return ""
	}
	return s.field.Value()
}

// change applies edit to a copy of the open prompt.
func (s *search) change(edit func(f *input.Model)) {
	f := *s.field
	edit(&f)
	s.field = &f
}

// edit passes a key press or a paste to the prompt. The text is sanitised
// as the text searched was: a control character pasted from the body finds
// the symbol the pane shows for it.
func (s *search) edit(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		msg.Content = sanitize.Line(msg.Content)
		s.change(func(f *input.Model) { *f, _ = f.Update(msg) })
	case tea.KeyPressMsg:
		msg.Text = sanitize.Line(msg.Text)
		s.change(func(f *input.Model) { *f, _ = f.Update(msg) })
	}
}

// SearchDoneMsg brings a search's matches back from its command. Answers
// of a search since replaced (another query, body or privacy mode) are
// dropped.
type SearchDoneMsg struct {
	seq     int
	matches []int
	capped  bool
	cur     int
	reveal  bool
}

// start clears the search and, for a non-empty q, returns the command that
// finds q case-insensitively in d's text: the current match is the first at
// or after byte offset anchor, and reveal asks to scroll to it.
func (s *search) start(q string, d *doc, anchor int, reveal bool) tea.Cmd {
	s.clear()
	if q == "" || d == nil {
		return nil
	}
	s.query, s.pending = q, true
	seq := s.seq
	return func() tea.Msg {
		fq := fold(q)
		offs, capped := findAll(d.text, fq)
		cur := -1
		if len(offs) > 0 {
			cur = matchAtOrAfter(offs, anchor)
		}
		return SearchDoneMsg{seq: seq, matches: offs, capped: capped, cur: cur, reveal: reveal}
	}
}

// done takes the answer of the search running, reporting whether it was
// that one's and whether to scroll to its current match.
func (s *search) done(msg SearchDoneMsg) (ok, reveal bool) {
	if !s.pending || msg.seq != s.seq {
		return false, false
	}
	s.pending = false
	s.matches, s.capped, s.cur = msg.matches, msg.capped, msg.cur
	s.qlen = len(fold(s.query))
	return true, msg.reveal && len(s.matches) > 0
}

// clear forgets the search; an answer still on its way is dropped.
func (s *search) clear() {
	s.query, s.matches, s.qlen, s.cur, s.capped, s.pending = "", nil, 0, -1, false, false
	s.seq++
}

// matchAtOrAfter is the first of matches starting at or after off,
// wrapping to the first one.
func matchAtOrAfter(matches []int, off int) int {
	lo, hi := 0, len(matches)
	for lo < hi {
		mid := (lo + hi) / 2
		if matches[mid] < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(matches) {
		return 0
	}
	return lo
}

// step makes the next match (dir 1) or the previous one (-1) current,
// round the ends; false when there are none.
func (s *search) step(dir int) bool {
	n := len(s.matches)
	if n == 0 {
		return false
	}
	s.cur = ((s.cur+dir)%n + n) % n
	return true
}

// current is the byte offset of the current match, -1 for none.
func (s search) current() int {
	if s.cur < 0 {
		return -1
	}
	return s.matches[s.cur]
}

// marks is what the view marks: the matches, the current one apart.
func (s search) marks() marks { return marks{at: s.matches, n: s.qlen, cur: s.cur} }

// status is the search's state for the footer: running, no match, or which
// match is current; "" without a search.
func (s search) status(l *i18n.Localizer, p *palette) string {
	if s.query == "" {
		return ""
	}
	switch {
	case s.pending:
		return p.muted.wrap(l.T("ui.raw.searching", "Query", strconv.Quote(sanitize.Line(s.query))))
	case len(s.matches) == 0:
		return p.warn.wrap(l.T("ui.raw.no_match", "Query", strconv.Quote(sanitize.Line(s.query))))
	}
	total := fmt.Sprint(len(s.matches))
	if s.capped {
		total += "+"
	}
	return p.accent.wrap(l.T("ui.raw.match", "N", s.cur+1, "Total", total)) +
		p.muted.wrap(fmt.Sprintf(" · %q · n/N", sanitize.Line(s.query)))
}

// prompt is the footer while the prompt is open, w cells wide: / and the
// field, and the keys that end it where they fit beside the text and the
// cursor. Without them, the field takes the whole line and scrolls to keep
// the cursor in view.
func (s search) prompt(w int, l *i18n.Localizer, p *palette) string {
	f := *s.field
	hint := l.T("ui.raw.prompt_hint")
	if 1+ansi.StringWidth(f.Value())+1+2+ansi.StringWidth(hint) > w {
		hint = ""
		f.SetWidth(max(1, w-1))
	}
	return leftRight(p.accent.wrap("/")+f.View(), p.muted.wrap(hint), w)
}
