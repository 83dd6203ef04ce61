// Package ui is the interactive inspector: a Bubble Tea program with an
// input pane, a detail pane, a raw JSON/XML pane, a history pane, a batch
// table, a status bar and a help line.
//
// # Panes
//
// Every pane is a value that keeps one contract (see pane in pane.go):
// Update(msg) returns the new pane and a command; View returns its content
// lines, exactly the size SetSize gave; Focus and Blur say whether it has
// the keyboard; keyMap is its key map, key.Bindings enabled by its own state.
// A pane renders in Update or SetSize, never in View, and does heavy work
// (preparing a 16 MiB body, a search, a detail render) in commands whose
// answers it takes back only if they are still current.
//
// Features live in their own values: the batch table owns its runner (its
// rows, their bounded parallel lookups and their cancel); the watcher its
// timer and diff; the history pane the history's writer (one goroutine, in
// order, closed by Run with a timeout once the program ends), which the
// batch runner records its answers with.
//
// # The root
//
// Model only routes. It owns the size, the focus (through panes, the
// routing table it embeds: the panes, which has the focus, and the lead
// they show), the one request in flight and the status bar, and hands
// every other message to the pane it concerns:
//
//   - Key presses go first to the global keys (globalKeys: quit, tab, esc
//     that cancels, r, p, ?), then to the keys acting on the lead on screen
//     (leadKeys) while detail or raw has the focus, and else to the focused
//     pane itself, which acts on it and returns an intent (intents.go) for
//     what it wants done beyond itself: enter in the input asks for a
//     lookup (lookUpMsg), in the history for a lead again (reopenMsg). While
//     a field, a search or a filter takes text, every key but ctrl+c goes
//     to it. Only the focused pane ever sees a key.
//   - The mouse wheel goes to the pane under the pointer, a click focuses it.
//   - Commands' answers go to the pane that issued them.
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
// A new pane is a new file with a type keeping the contract, plus one
// focusID, a line in panes.route and panes.keyMap, and where it is drawn.
package ui
