package ui

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"leadinspector/api"
	"leadinspector/api/base/i18n"
)

// langSizes are the terminal sizes every language's screens are checked at.
var langSizes = [][2]int{{60, 16}, {80, 24}, {120, 40}, {200, 60}}

// langScreen is one representative screen: how to get there from a new
// inspector.
type langScreen struct {
	name string
	opts func(*Options)
	run  func(t *testing.T, m Model, fc *fakeClient) Model
}

var langScreens = []langScreen{
	{"start", func(o *Options) {
		o.Demo, o.Profile, o.Host = true, "demo", "127.0.0.1:4000"
		o.Examples = []Example{{CustomerID: "M30011", LeadID: "LED1", What: "a typical lead"}}
	}, func(_ *testing.T, m Model, _ *fakeClient) Model { return m }},
	{"lead", nil, func(t *testing.T, m Model, fc *fakeClient) Model {
		m.env.Client = goldenClient{fc}
		return lookUp(t, m, "LED1")
	}},
	{"error", nil, func(t *testing.T, m Model, fc *fakeClient) Model {
		m.env.Client = goldenClient{fc}
		m = lookUp(t, m, "LED1")
		fc.errs["LEDBAD"] = &api.NotFoundError{StatusError: api.StatusError{Status: 404}}
		return lookUp(t, m, "LEDBAD")
	}},
	{"batch", nil, func(t *testing.T, m Model, fc *fakeClient) Model {
		mixedFake(fc)
		m.env.Client = goldenClient{fc}
		return update(t, m, tea.PasteMsg{Content: mixedBatch})
	}},
	{"help", nil, func(t *testing.T, m Model, _ *fakeClient) Model { return keys(t, m, "esc", "?") }},
}

// pseudoScreens are checked with the pseudo-locale besides langScreens:
// the status bar's words for privacy mode and for a watch that saw a
// change.
var pseudoScreens = []langScreen{
	// An id refused before any request: the status bar says why.
	{"bad-id", nil, func(t *testing.T, m Model, _ *fakeClient) Model {
		m = lookUp(t, m, "..")
		if !strings.Contains(m.status.text, i18n.MarkOpen) {
			t.Fatalf("no refusal on the status bar: %q", m.status.text)
		}
		return m
	}},
	{"privacy", nil, func(t *testing.T, m Model, fc *fakeClient) Model {
		m.env.Client = goldenClient{fc}
		return keys(t, lookUp(t, m, "LED1"), "p")
	}},
	{"watch-changed", nil, func(t *testing.T, m Model, fc *fakeClient) Model {
		m.env.Client = goldenClient{fc}
		m = keys(t, lookUp(t, m, "LED1"), "w")
		l := typicalLead()
		l.State = "Accepted"
		l.Receiver.Agent = nil
		fc.leads["LED1"] = l
		return tick(t, m)
	}},
}

// langModel is a test inspector speaking lang, at w×h, on screen s.
func langModel(t *testing.T, lang i18n.Lang, s langScreen, w, h int) Model {
	t.Helper()
	m, fc := newTest(t, w, h, func(o *Options) {
		o.Lang = i18n.New(lang)
		if s.opts != nil {
			s.opts(o)
		}
	})
	return s.run(t, m, fc)
}

// The representative screens in both languages at every size: Swedish
// words are longer, and the layout must hold them.
func TestGoldenLanguages(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Swedish} {
		for _, sz := range langSizes {
			for _, s := range langScreens {
				t.Run(fmt.Sprintf("%s-%s-%dx%d", lang, s.name, sz[0], sz[1]), func(t *testing.T) {
					m := langModel(t, lang, s, sz[0], sz[1])
					golden.RequireEqual(t, screen(m))
				})
			}
		}
	}
}

// The Swedish screens say what a Swedish reader needs in Swedish.
func TestSwedishScreens(t *testing.T) {
	want := map[string][]string{
		"start": {"Inget lead än.", "Leads att prova", "Slå upp", "Kund-id", "Lead-id", "Historik", "DEMO"},
		"lead":  {"Slå upp", "Rå JSON", "Historik", "avsluta", "hjälp"},
		"batch": {"Batch · kund M30011", "Lead-id", "Status", "Ålder"},
		"help":  {"Tangenter", "Överallt", "Leadet på skärmen", "Batchtabell", "? eller esc stänger"},
	}
	for _, s := range langScreens {
		if want[s.name] == nil {
			continue
		}
		got := screen(langModel(t, i18n.Swedish, s, 120, 40))
		for _, w := range want[s.name] {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the Swedish screen lacks %q:\n%s", s.name, w, got)
			}
		}
		for _, en := range []string{"Look up", "History", "quit", "No lead yet", "Keys"} {
			if strings.Contains(got, en) {
				t.Errorf("%s: the Swedish screen says %q:\n%s", s.name, en, got)
			}
		}
	}
}

// pseudoAllowed is what may show outside the pseudo-locale's markers: data
// and symbols, never a word of ours: ids, API values (State, LeadType),
// numbers, the host and profile of the test (M30011, LED…, Accepted,
// AcceptObjectFlow, prod, connect.example, 127.0.0.1:4000), HTTP status
// words ("200 OK"), format names, units, key names (q, tab, esc, ctrl+c, …).
var pseudoAllowed = regexp.MustCompile(`^(?:` +
	`ctrl\+[a-z]|shift\+tab|tab|esc|enter|space/pgdn|b/pgup|g/home|G/end|pgup|pgdn|` +
	`[a-zA-Z?/]|[↑↓←→]+(?:/[a-z↑↓←→])?|n/N|` +
	`[A-Z][A-Z0-9]+|[A-Z][a-z]+[A-Z][A-Za-z]*|Accepted|New|Completed|` +
	`[0-9.:×%–/]+|connect\.example|prod|demo|JSON|XML|OK|ms|B|KiB|s` +
	`)$`)

// pseudoData is text the caller hands the inspector: the demo's notes on
// its example leads (Options.Examples).
var pseudoData = []string{"a typical lead"}

// The pseudo-locale wraps every message in markers: any word outside them
// on a screen is a text that bypassed the catalogues.
func TestPseudoLocaleLeavesNoTextUnwrapped(t *testing.T) {
	allowed := map[string]bool{}
	for _, s := range pseudoData {
		for _, w := range pseudoWords(s) {
			allowed[w] = true
		}
	}
	for _, sz := range langSizes {
		for _, s := range append(slices.Clone(langScreens), pseudoScreens...) {
			t.Run(fmt.Sprintf("%s-%dx%d", s.name, sz[0], sz[1]), func(t *testing.T) {
				m := langModel(t, i18n.Pseudo, s, sz[0], sz[1])
				checked := pseudoCheckable(m)
				if !strings.Contains(checked, i18n.MarkOpen) {
					t.Fatalf("no marker on screen: is the pseudo-locale in use?\n%s", checked)
				}
				for _, line := range strings.Split(checked, "\n") {
					for _, stretch := range i18n.Unmarked(closeCut(line)) {
						for _, w := range pseudoWords(stretch) {
							if !allowed[w] && !pseudoAllowed.MatchString(w) && !cutAllowed(allowed, w, line) {
								t.Errorf("%q is outside the markers: not from a catalogue\n  line: %s", w, line)
							}
						}
					}
				}
			})
		}
	}
}

// pseudoCheckable is the screen with the server's bodies left out: the
// raw pane's inside but its footer (the exchange and the body are the
// server's), and, for now, the detail pane's inside (see pseudoForeign).
// The status bar's two lines are one.
func pseudoCheckable(m Model) string {
	lines := strings.Split(screen(m), "\n")
	blank := func(r rect, lastRow bool) {
		end := r.Y + r.H - 1
		if !lastRow {
			end--
		}
		for y := r.Y + 1; y < end && y < len(lines); y++ {
			rs := []rune(lines[y])
			for x := r.X + 1; x < r.X+r.W-1 && x < len(rs); x++ {
				rs[x] = ' '
			}
			lines[y] = string(rs)
		}
	}
	f := m.fr
	if !f.TooSmall && !m.help.show && m.panes.main != focusBatch && m.panes.main != focusCard {
		// The lead's own text (its message, source, ids) fills the detail
		// pane; ui/detail's pseudo-locale test checks the pane's words
		// against the lead's data.
		if f.Wide || !m.panes.showRaw {
			blank(f.Detail, true)
		}
		if (f.Wide || m.panes.showRaw) && m.panes.raw.Result() != nil {
			blank(f.Raw, false)
		}
	}
	if st := f.Status; !f.TooSmall && st.H == 2 && st.Y+1 < len(lines) {
		// A message wrapped onto the status bar's second line: one line
		// again, so that its markers pair up.
		lines[st.Y] += " " + lines[st.Y+1]
		lines = slices.Delete(lines, st.Y+1, st.Y+2)
	}
	return strings.Join(lines, "\n")
}

// pseudoWords splits text into the words the test judges.
func pseudoWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune(" •·│┃─━╭╮╰╯┏┓┗┛…▸[](),;{}▾→—◀←█✗⚠‹›«»├└\"'", r) || r >= 0x2800 && r <= 0x28ff
	})
}

// cutAllowed is true for an allowed word the screen's edge cut ("th…").
func cutAllowed(allowed map[string]bool, w, line string) bool {
	if !strings.Contains(line, w+"…") {
		return false
	}
	for a := range allowed {
		if strings.HasPrefix(a, w) {
			return true
		}
	}
	return false
}

// closeCut closes the markers of a message the screen's edge cut off.
func closeCut(line string) string {
	if depth := strings.Count(line, i18n.MarkOpen) - strings.Count(line, i18n.MarkClose); depth > 0 {
		line += strings.Repeat(i18n.MarkClose, depth)
	}
	return line
}

// The ticket summary in Swedish: Vitec's Swedish labels and ages, the
// API's values as received.
func TestSwedishTicketSummary(t *testing.T) {
	m := langModel(t, i18n.Swedish, langScreens[1], 120, 40) // LED1 looked up
	got := ticketSummary(m.env.Lang, *m.panes.facts(), m.env.Profile, testNow, time.UTC)
	for _, want := range []string{
		"Kund-id:     M30011\n", "Lead-id:     LED1\n", "Status:      New\n",
		"Leadkälla:   Hemnet, leadtyp AcceptObjectFlow\n", "Mottagare:   ligger hos handläggare HAN",
		"Skickat:     2025-04-04 06:11 UTC (för 3 dagar sedan)\n", "Uppslaget:   ", "profil prod\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	for _, en := range []string{"Customer", "Receiver", "held by", "ago", "lead type"} {
		if strings.Contains(got, en) {
			t.Errorf("Swedish summary says %q:\n%s", en, got)
		}
	}
}

// A card in Swedish: its title, labels and notes; the names as received.
func TestSwedishCard(t *testing.T) {
	m, _ := newTest(t, 100, 30, withNames(newFakeNames()), func(o *Options) { o.Lang = i18n.New(i18n.Swedish) })
	m = press(t, lookUpNamed(t, m, "LED1"), "a")
	s := screen(m)
	for _, want := range []string{"Kort: Handläggare", "Namn", "E-post", "esc stänger"} {
		if !strings.Contains(s, want) {
			t.Errorf("the Swedish agent card lacks %q:\n%s", want, s)
		}
	}
	for _, en := range []string{"Agent card", "E-mail", "esc closes"} {
		if strings.Contains(s, en) {
			t.Errorf("the Swedish agent card says %q:\n%s", en, s)
		}
	}
	if notice := m.panes.card.copy().notice; notice != "kopierade kortet handläggare till urklipp" {
		t.Errorf("copy notice %q", notice)
	}
}
