// Package base is the base layer: what every layer of the program (api,
// config, ui and main) uses and what itself imports nothing of ours.
//
//   - base/i18n is the message catalogue: every word of the program's own,
//     in English and Swedish, for the API client's errors as for the
//     inspector's panes and the command line.
//   - base/sanitize is the one sanitiser: every text that came from a
//     server, a file or a user passes through it before a terminal shows it.
//
// The import test (TestImportsPointOneWay in main_test.go) keeps the layers
// one way: base ← api ← config ← ui ← main.
package base
