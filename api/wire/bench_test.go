package wire

import (
	"fmt"
	"strings"
	"testing"
)

// bigJSONText is a pretty-printed JSON lead of about n bytes with very many
// UTM tags, each with a value to mask.
func bigJSONText(n int) string {
	var b strings.Builder
	b.WriteString("{\n  \"secret\": \"ADR3ADC7B7B0A9447CA97FCAB43E36B582C\",\n  \"tags\": [")
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    {\n      \"name\": \"utm_source_%d\",\n      \"value\": \"nätverk %d\"\n    }", i, i)
	}
	b.WriteString("\n  ]\n}")
	return b.String()
}

func bigXMLText(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><Lead xmlns:i="urn:i"><Secret>x</Secret><Tags xmlns:d="urn:x">`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "\n  <d:Tags a=\"1\" b='2'><d:Name>utm_%d</d:Name><d:Value>v%d</d:Value><!-- c --></d:Tags>", i, i)
	}
	b.WriteString("</Tags></Lead>")
	return b.String()
}

func BenchmarkMaskJSON10MiB(b *testing.B) {
	s := bigJSONText(10 << 20)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		MaskJSON(s, private)
	}
}

func BenchmarkMaskXML10MiB(b *testing.B) {
	s := bigXMLText(10 << 20)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		MaskXML(s, private)
	}
}

// BenchmarkXMLParts10MiB is the syntax colouring's scan: every part of every
// line, resuming in the state the previous line ended in.
func BenchmarkXMLParts10MiB(b *testing.B) {
	s := bigXMLText(10 << 20)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		st := XMLInText
		for i := 0; i < len(s); {
			i, _, st = NextXMLPart(s, i, st)
		}
	}
}
