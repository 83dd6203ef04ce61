package rawview

import (
	"strings"
	"testing"

	"leadinspector/api/wire"
)

// The XML colouring resumes each line in the state the line above left,
// so a comment or an attribute value that spans lines stays one colour.
func TestXMLSpansAcrossLines(t *testing.T) {
	letter := map[kind]byte{kPlain: '.', kXMLTag: 'T', kXMLAttrName: 'a', kXMLAttrValue: 'v', kXMLText: 't', kXMLPunct: 'p', kXMLComment: 'c'}
	text := "<?xml v?>\n  <Lead id='a\nb' x=\"1\">Hej</Lead>\n<!-- one\ntwo --><![CDATA[<x>\n]]></r\n>"
	want := []string{
		"TTTTTTTTT",
		"..pTTTT.aapvv",
		"vv.apvvvptttppTTTTp",
		"cccccccc",
		"cccccccpppppppppttt",
		"tttppT",
		"p",
	}
	st := wire.XMLInText
	for i, line := range strings.Split(text, "\n") {
		got := []byte(strings.Repeat("?", len(line)))
		st = xmlSpans(line, st, func(a, b int, k kind) {
			for j := a; j < b; j++ {
				got[j] = letter[k]
			}
		})
		if string(got) != want[i] {
			t.Errorf("line %d %q:\n got %s\nwant %s", i, line, got, want[i])
		}
	}
}
