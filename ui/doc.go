// Package ui is the interactive inspector: a Bubble Tea program with an
// input pane, a detail pane, a raw JSON/XML pane, a history pane, a batch
// table, the queue of notified leads (the desk hub's, package queue), a
// status bar and a help line.
//
// # The rule
//
//  1. A pane handles its own keys and messages; it never reaches into the root or another pane.
//  2. What it wants done beyond itself it returns from Update as an intent (intents.go).
//  3. The root carries out intents and hands every other message to its owner; it never reads a pane's key map.
//
// # Panes
//
// Every pane is a value that keeps one contract (pane, in panelist.go):
// Update(msg) returns the new pane, a command and an intent (nil for
// none); View returns its content lines, exactly the size SetSize gave;
// Focus and Blur say whether it has the keyboard; keyMap is its key map,
// key.Bindings enabled by its own state. It may have setStyles, takesText
// (it takes every key as text) and, if it has the main area (the
// detail/raw area) while shown, title and info for its box. A pane
// renders in Update or SetSize, never in View, and does heavy work
// (preparing a 16 MiB body, a search, a detail render) in commands whose
// answers it takes back only if they are still current.
//
// Features live in their own values: the batch table owns its runner (its
// rows, their bounded parallel lookups and their cancel); the watcher its
// timer and diff; the history pane the history's writer (one goroutine, in
// order, closed by Run with a timeout once the program ends), which the
// batch runner records its answers with; the names (leadNames) their
// resolves, and say what changes on screen as messages the root hands on
// (Model.deliver).
//
// # The root
//
// Model only routes. It owns the size, the focus (through panes, its
// routing table, whose list of panes is panes.call: the panes, which has
// the focus and which the main area, and the lead they show), the one request in flight and
// the status bar, and hands every other message to the pane it concerns:
//
//   - Key presses go first to the global keys (globalKeys: quit, tab, esc
//     that cancels, r, p, ?), then to the keys acting on the lead on screen
//     (leadKeys, and the names' card keys) while detail or raw has the
//     focus, and else to the focused pane itself, which acts on it and
//     returns an intent for what it wants done beyond itself: enter in the
//     input asks for a lookup (lookUpMsg), in the history for a lead again
//     (reopenMsg); esc on a card closes it (closeCardMsg). While a field, a
//     search or a filter takes text, every key but ctrl+c goes to it. Only
//     the focused pane ever sees a key.
//   - The mouse wheel goes to the pane under the pointer, a click focuses it.
//   - Commands' answers go to the pane that issued them; a message for one
//     pane (ownerOf) goes to that pane, whoever sent it.
//
// Focus is an enum (focusID): setFocus blurs every pane and focuses the
// new one. The help line is built from the global key map, the lead's and
// the focused pane's, slot by slot (merge, in keys.go); the ? overlay
// lists every pane's keys, grouped.
//
// # Words
//
// Every text of the inspector's own comes from the message catalogues
// (package api/base/i18n) through the Localizer in Options.Lang, which New
// hands to each pane that words something (its constructor takes it);
// nothing holds it globally. API values (State, LeadType, ids) and the
// server's text are shown as received, never translated. The pseudo-
// locale test (lang_test.go) renders the screens with every message
// marked and fails on any word outside the marks that is not data.
//
// A new pane is a file with a type keeping the contract, its field in
// panes with its constructor in New, a focusID (before nPanes), and one
// case in panes.call saying where it goes (mainCall for the main area, as
// the card and the queue). Routing, the help line, focus, sizes, styles
// and its box come through that case. What it wants from the root is an
// intent: a new kind is a type in intents.go and a case in Model.onIntent.
// A pane in the main area opens with panes.openMain (the message it is
// handed says what to show) and closes with panes.closeMain; a message
// others send it is a line in ownerOf; a tab stop is a line in tabStops and
// its keys in the ? overlay a group in overlayGroups (help.go).
package ui
