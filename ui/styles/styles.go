// Package styles holds the inspector's look in one place: a small semantic
// palette that adapts to light and dark backgrounds, and the styles built from
// it. Styles are built once per background (and again on a
// tea.BackgroundColorMsg), never per frame.
//
// With NoColor set every style is monochrome and each badge kind has a form
// of its own ([New], ‹type›, ⚠ anonymised, ✗ failed, «DEMO», (PRIVACY)), so
// they still read as badges without colour.
package styles

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"

	"leadinspector/api"
	"leadinspector/api/base/sanitize"
	"leadinspector/api/notify"
	"leadinspector/config"
)

// Palette is the semantic colour set. Nothing outside this package names a
// colour literal.
type Palette struct {
	Fg, Muted, Subtle      color.Color
	Accent                 color.Color
	OK, Warn, Danger, Info color.Color
	Border, BorderFocus    color.Color
	BadgeFg                color.Color
	// Neutral is the badge colour of values the program does not know.
	Neutral color.Color
	// The rest of the state family (New is Info, Accepted and Contacted
	// are OK): colours no other badge is filled with, so a state never
	// reads as the lead type, GDPR, PRIVACY, DEMO or a failed lookup.
	Assigned, Postponed, Canceled, Completed color.Color
	// Privacy and Demo fill the status bar's PRIVACY and DEMO badges;
	// DemoFg is the text on Demo's yellow, dark in both themes.
	Privacy, Demo, DemoFg color.Color
	// Highlight is the background of search matches; Current of the
	// current match.
	Highlight, Current color.Color
}

func newPalette(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return Palette{
		Fg:          ld(c("#1c1c1c"), c("#e4e4e4")),
		Muted:       ld(c("#6c6c6c"), c("#9e9e9e")),
		Subtle:      ld(c("#a8a8a8"), c("#585858")),
		Accent:      ld(c("#5f3dc4"), c("#b197fc")),
		OK:          ld(c("#2b8a3e"), c("#69db7c")),
		Warn:        ld(c("#b35c00"), c("#ffc078")),
		Danger:      ld(c("#c92a2a"), c("#ff8787")),
		Info:        ld(c("#1864ab"), c("#74c0fc")),
		Border:      ld(c("#bcbcbc"), c("#4e4e4e")),
		BorderFocus: ld(c("#5f3dc4"), c("#b197fc")),
		BadgeFg:     ld(c("#ffffff"), c("#1c1c1c")),
		Neutral:     ld(c("#868e96"), c("#868e96")),
		Assigned:    ld(c("#0b7285"), c("#3bc9db")),
		Postponed:   ld(c("#5c940d"), c("#a9e34b")),
		Canceled:    ld(c("#a61e4d"), c("#faa2c1")),
		Completed:   ld(c("#343a40"), c("#ced4da")),
		Privacy:     ld(c("#9c36b5"), c("#e599f7")),
		Demo:        ld(c("#fcc419"), c("#fcc419")),
		DemoFg:      ld(c("#1c1c1c"), c("#1c1c1c")),
		Highlight:   ld(c("#ffe066"), c("#5c4d00")),
		Current:     ld(c("#fd7e14"), c("#d9480f")),
	}
}

// Styles is everything the panes draw with.
type Styles struct {
	IsDark  bool
	NoColor bool
	Pal     Palette

	Text, Muted, Subtle, Accent, Bold lipgloss.Style
	OK, Warn, Danger, Info            lipgloss.Style

	// Label is a field name in the detail pane ("Sent", "Receiver").
	Label lipgloss.Style
	// Heading is a section heading inside a pane.
	Heading lipgloss.Style

	// Pane and PaneFocused are the bordered boxes of the panes.
	Pane, PaneFocused lipgloss.Style
	// PaneTitle and PaneTitleFocused are the titles drawn in the top border.
	PaneTitle, PaneTitleFocused lipgloss.Style

	StatusBar lipgloss.Style
	// Demo marks the demo API in the status bar (it also says DEMO in words).
	Demo lipgloss.Style
	// Privacy marks privacy mode in the status bar (it also says PRIVACY).
	Privacy             lipgloss.Style
	StatusOK, StatusErr lipgloss.Style

	HelpKey, HelpDesc, HelpSep lipgloss.Style

	// Syntax colouring for the raw view.
	JSONKey, JSONString, JSONNumber, JSONLiteral, JSONPunct lipgloss.Style
	XMLTag, XMLAttrName, XMLAttrValue, XMLText, XMLPunct    lipgloss.Style
	XMLComment                                              lipgloss.Style
	// Match and CurrentMatch mark search hits.
	Match, CurrentMatch lipgloss.Style

	// Selected is the highlighted row of a list (history, batch table).
	Selected lipgloss.Style

	badge       lipgloss.Style
	stateColors map[string]color.Color
}

// New builds the styles for a background. stateColors maps State values to
// colours ("#5fafff", an ANSI number); it overrides the defaults, and values
// lipgloss cannot parse are ignored (config check reports them).
func New(isDark, noColor bool, stateColors map[string]string) *Styles {
	p := newPalette(isDark)
	s := &Styles{IsDark: isDark, NoColor: noColor, Pal: p}
	fg := func(c color.Color) lipgloss.Style {
		if noColor {
			return lipgloss.NewStyle()
		}
		return lipgloss.NewStyle().Foreground(c)
	}
	s.Text = fg(p.Fg)
	s.Muted = fg(p.Muted)
	s.Subtle = fg(p.Subtle)
	s.Accent = fg(p.Accent)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.OK = fg(p.OK)
	s.Warn = fg(p.Warn)
	s.Danger = fg(p.Danger).Bold(true)
	s.Info = fg(p.Info)
	s.Label = fg(p.Muted)
	s.Heading = fg(p.Accent).Bold(true)

	border := lipgloss.RoundedBorder()
	s.Pane = lipgloss.NewStyle().Border(border)
	s.PaneFocused = lipgloss.NewStyle().Border(lipgloss.ThickBorder())
	if !noColor {
		s.Pane = s.Pane.BorderForeground(p.Border)
		s.PaneFocused = s.PaneFocused.BorderForeground(p.BorderFocus)
	}
	s.PaneTitle = fg(p.Muted)
	s.PaneTitleFocused = fg(p.Accent).Bold(true)

	s.StatusBar = fg(p.Fg)
	s.StatusOK = fg(p.OK)
	s.StatusErr = fg(p.Danger).Bold(true)
	// Without colour each mode keeps a form of its own: «DEMO» and
	// (PRIVACY), never the [brackets] of a state.
	s.Demo = badgeStyle(noColor, p.DemoFg, p.Demo, "«", "»")
	s.Privacy = badgeStyle(noColor, p.BadgeFg, p.Privacy, "(", ")")

	s.HelpKey = fg(p.Accent)
	s.HelpDesc = fg(p.Muted)
	s.HelpSep = fg(p.Subtle)

	s.JSONKey = fg(p.Info)
	s.JSONString = fg(p.OK)
	s.JSONNumber = fg(p.Warn)
	s.JSONLiteral = fg(p.Accent)
	s.JSONPunct = fg(p.Muted)
	s.XMLTag = fg(p.Info)
	s.XMLAttrName = fg(p.Accent)
	s.XMLAttrValue = fg(p.OK)
	s.XMLText = fg(p.Fg)
	s.XMLPunct = fg(p.Muted)
	s.XMLComment = fg(p.Subtle).Italic(true)
	if noColor {
		s.Match = lipgloss.NewStyle().Underline(true)
		s.CurrentMatch = lipgloss.NewStyle().Reverse(true)
		s.Selected = lipgloss.NewStyle().Reverse(true)
	} else {
		s.Match = lipgloss.NewStyle().Background(p.Highlight)
		s.CurrentMatch = lipgloss.NewStyle().Background(p.Current).Foreground(p.BadgeFg)
		s.Selected = lipgloss.NewStyle().Background(p.Subtle).Foreground(p.Fg)
	}

	s.badge = lipgloss.NewStyle().Bold(true)
	s.stateColors = defaultStateColors(p)
	for k, v := range stateColors {
		if c, ok := ParseColor(v); ok {
			s.stateColors[strings.ToLower(k)] = c
		}
	}
	return s
}

func badgeStyle(noColor bool, fg, bg color.Color, open, shut string) lipgloss.Style {
	st := lipgloss.NewStyle().Bold(true)
	if noColor {
		return st.Transform(func(text string) string { return open + text + shut })
	}
	return st.Foreground(fg).Background(bg).Padding(0, 1)
}

// defaultStateColors colours the states the program knows, keyed by lower
// case. Unknown states get Pal.Neutral.
func defaultStateColors(p Palette) map[string]color.Color {
	return map[string]color.Color{
		strings.ToLower(string(api.StateNew)):       p.Info,
		strings.ToLower(string(api.StateAccepted)):  p.OK,
		strings.ToLower(string(api.StateAssigned)):  p.Assigned,
		strings.ToLower(string(api.StateContacted)): p.OK,
		strings.ToLower(string(api.StatePostponed)): p.Postponed,
		strings.ToLower(string(api.StateCanceled)):  p.Canceled,
		strings.ToLower(string(api.StateCompleted)): p.Completed,
	}
}

// ParseColor reads a colour as config may give it ("#rrggbb", "#rgb" or an
// ANSI colour number 0–255); config.ValidColor decides what is accepted.
func ParseColor(s string) (color.Color, bool) {
	if !config.ValidColor(s) {
		return nil, false
	}
	c := lipgloss.Color(strings.TrimSpace(s))
	if _, ok := c.(lipgloss.NoColor); ok {
		return nil, false
	}
	return c, true
}

// KnownState reports whether the state has a colour of its own.
func (s *Styles) KnownState(state api.State) bool {
	_, ok := s.stateColors[strings.ToLower(string(state))]
	return ok
}

// BadgeKind picks a badge's look by meaning. The kinds that are not a
// colour of the state family each have a form of their own, which reads
// without colour too: the lead type is an outlined tag (‹…›, text colour,
// no fill), GDPR is filled with the warning colour and marked ⚠ (no
// brackets without colour), a failed lookup is red text marked ✗ on no
// fill (it is not a state, so it must not look like one: a filled red
// reads as Canceled's pink on 256 colours), PRIVACY and DEMO have fills
// no state uses and, without colour, (PRIVACY) and «DEMO».
type BadgeKind int

// Badge kinds.
const (
	BadgeNeutral BadgeKind = iota
	BadgeInfo
	BadgeOK
	BadgeWarn
	BadgeDanger
	BadgeAccent
	// BadgeType is a lead type: an outlined tag, never filled.
	BadgeType
	// BadgeGDPR marks a lead whose contact was removed.
	BadgeGDPR
	// BadgeFailed stands for a state that is unknown because the lookup
	// failed: ✗ and red text, never filled.
	BadgeFailed
	// BadgePrivacy and BadgeDemo are the status bar's modes.
	BadgePrivacy
	BadgeDemo
)

func (s *Styles) kindColor(k BadgeKind) color.Color {
	switch k {
	case BadgeInfo:
		return s.Pal.Info
	case BadgeOK:
		return s.Pal.OK
	case BadgeWarn, BadgeGDPR:
		return s.Pal.Warn
	case BadgeDanger:
		return s.Pal.Danger
	case BadgeAccent:
		return s.Pal.Accent
	}
	return s.Pal.Neutral
}

// Badge renders text as a badge of kind k: reverse-coloured in colour,
// [in brackets] without, except the forms BadgeKind describes. text is
// sanitised here, so callers may pass server values.
func (s *Styles) Badge(text string, k BadgeKind) string {
	text = sanitize.Line(text)
	switch k {
	case BadgeType:
		return s.unfilled("‹"+text+"›", s.Pal.Accent)
	case BadgeFailed:
		return s.unfilled("✗ "+text, s.Pal.Danger)
	case BadgeGDPR:
		text = "⚠ " + text
		if s.NoColor {
			return s.badge.Render(text)
		}
	case BadgeDemo:
		return s.Demo.Render(text)
	case BadgePrivacy:
		return s.Privacy.Render(text)
	}
	return s.fill(text, s.kindColor(k))
}

// unfilled is a badge drawn as bold coloured text on no fill.
func (s *Styles) unfilled(text string, fg color.Color) string {
	if s.NoColor {
		return s.badge.Render(text)
	}
	return s.badge.Foreground(fg).Render(text)
}

func (s *Styles) badgeColor(text string, bg color.Color) string {
	return s.fill(sanitize.Line(text), bg)
}

// fill is a filled badge of sanitised text.
func (s *Styles) fill(text string, bg color.Color) string {
	if s.NoColor {
		return s.badge.Render("[" + text + "]")
	}
	return s.badge.Foreground(s.Pal.BadgeFg).Background(bg).Padding(0, 1).Render(text)
}

// StateBadge renders a lead's State: known values in their colour, unknown
// ones neutral showing the value as received, an absent one as none (the
// caller's words for "no state", in the user's language).
func (s *Styles) StateBadge(state api.State, none string) string {
	if state == "" {
		return s.badgeColor(none, s.Pal.Neutral)
	}
	c, ok := s.stateColors[strings.ToLower(string(state))]
	if !ok {
		c = s.Pal.Neutral
	}
	return s.badgeColor(string(state), c)
}

// causeStates is the State whose colour each cause Vitec documents takes:
// what the cause says the lead became (an accept, a booked meeting, an
// assignment, a postponement, an end).
var causeStates = map[string]api.State{
	notify.CauseLeadAccepted:            api.StateAccepted,
	notify.CauseLeadContacted:           api.StateContacted,
	notify.CauseNewMeeting:              api.StateNew,
	notify.CauseNewComeback:             api.StateNew,
	notify.CauseLeadPostponed:           api.StatePostponed,
	notify.CauseLeadCanceled:            api.StateCanceled,
	notify.CauseNoAssigment:             api.StateCanceled,
	notify.CauseAssigned:                api.StateAssigned,
	notify.CauseAssignedValuation:       api.StateAssigned,
	notify.CauseAssignedContractWriting: api.StateAssigned,
	notify.EventRemove:                  api.StateCompleted,
}

// CauseBadge renders a notification's cause (why Vitec says the lead
// changed, not its State): filled from the State badges' colours by what
// the cause means (a configured state colour follows), an unknown cause
// neutral and as received. Without colour it reads {Cause}, never a
// State's [brackets]. The text is sanitised here.
func (s *Styles) CauseBadge(cause string) string {
	text := sanitize.Line(cause)
	if s.NoColor {
		return s.badge.Render("{" + text + "}")
	}
	c := s.Pal.Neutral
	if st, ok := causeStates[cause]; ok {
		if sc, ok := s.stateColors[strings.ToLower(string(st))]; ok {
			c = sc
		}
	}
	return s.fill(text, c)
}
