// Package wire holds the one tolerant tokenizer per body format (JSON and
// XML) that the pretty-printers, the syntax colouring and the privacy mask
// share. The tokenizers never fail: a truncated or invalid body still splits
// into tokens (an unclosed string runs to the end of its line, an unclosed
// tag to the end of the text), so a body shown as received can be coloured
// and masked too. Validation, where it matters (pretty-printing), is done by
// the caller on top of these tokens.
//
// The package knows no field names: which values are personal is decided in
// package api and passed in.
package wire

// Span is [Start, End) of a text.
type Span struct{ Start, End int }
