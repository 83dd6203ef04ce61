// Package catgen compiles leadinspector's message catalogues
// (api/base/i18n/catalog/*.toml) into Go tables at build time, so the program
// parses no catalogue when it starts. `go generate ./api/base/i18n/...` runs it
// (api/base/i18n/gen.go); a test of package i18n fails when the generated file
// differs from what Generate makes of the catalogues.
//
// go-i18n reads the TOML (its message-file format: one/other forms,
// descriptions) and its CLDR plural rules decide which plural rule a
// language's table gets: a language whose rule is not one the runtime knows
// is refused here, not mis-pluralised at run time. Templates are compiled to
// text and placeholders; anything else than {{.Name}} is refused.
package catgen

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Source is one catalogue: its language (the file's base name, "en") and
// its TOML.
type Source struct {
	Lang string
	Data []byte
}

// Part is a piece of a compiled message: literal text, or the placeholder
// Arg when Arg is set.
type Part struct{ Text, Arg string }

// Message is a compiled message: Other always, One for a message a count
// decides.
type Message struct {
	ID         string
	One, Other []Part
}

// Catalogue is one language's compiled messages, by id.
type Catalogue struct {
	Lang     string
	Messages map[string]Message
}

// Sources reads dir's *.toml catalogues, English (the fallback) first.
func Sources(dir string) ([]Source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.toml"))
	if err != nil {
		return nil, err
	}
	var out []Source
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Source{Lang: strings.TrimSuffix(filepath.Base(n), ".toml"), Data: data})
	}
	slices.SortFunc(out, func(a, b Source) int {
		return cmp.Or(-cmp.Compare(btoi(a.Lang == "en"), btoi(b.Lang == "en")), cmp.Compare(a.Lang, b.Lang))
	})
	if len(out) == 0 || out[0].Lang != "en" {
		return nil, fmt.Errorf("%s: no en.toml", dir)
	}
	return out, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Command is what regenerates the file; the staleness test names it.
const Command = "go generate ./api/base/i18n/..."

// Compile reads and checks the catalogues.
func Compile(srcs []Source) ([]Catalogue, error) {
	var out []Catalogue
	for _, s := range srcs {
		if err := checkPluralRule(s.Lang); err != nil {
			return nil, err
		}
		name := s.Lang + ".toml"
		f, err := goi18n.ParseMessageFileBytes(s.Data, name, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		c := Catalogue{Lang: s.Lang, Messages: map[string]Message{}}
		for _, m := range f.Messages {
			if m.Zero != "" || m.Two != "" || m.Few != "" || m.Many != "" {
				return nil, fmt.Errorf("%s: %s: %s has only the plural forms one and other", name, m.ID, s.Lang)
			}
			if (m.LeftDelim != "" && m.LeftDelim != "{{") || (m.RightDelim != "" && m.RightDelim != "}}") {
				return nil, fmt.Errorf("%s: %s: custom template delimiters are not supported", name, m.ID)
			}
			if m.Other == "" {
				return nil, fmt.Errorf("%s: %s: every message needs its plain (other) form", name, m.ID)
			}
			cm := Message{ID: m.ID}
			if cm.Other, err = compileTemplate(m.Other); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, m.ID, err)
			}
			if m.One != "" {
				if cm.One, err = compileTemplate(m.One); err != nil {
					return nil, fmt.Errorf("%s: %s (one): %w", name, m.ID, err)
				}
			}
			c.Messages[m.ID] = cm
		}
		out = append(out, c)
	}
	return out, nil
}

// compileTemplate splits a Go template into text and {{.Name}} placeholders.
func compileTemplate(src string) ([]Part, error) {
	trees, err := parse.Parse("message", src, "{{", "}}")
	if err != nil {
		return nil, err
	}
	var parts []Part
	add := func(p Part) {
		if p.Arg == "" && len(parts) > 0 && parts[len(parts)-1].Arg == "" {
			parts[len(parts)-1].Text += p.Text
			return
		}
		if p.Arg == "" && p.Text == "" {
			return
		}
		parts = append(parts, p)
	}
	tree := trees["message"]
	if tree == nil || tree.Root == nil {
		return []Part{}, nil
	}
	for _, n := range tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			add(Part{Text: string(n.Text)})
		case *parse.ActionNode:
			name, ok := fieldName(n)
			if !ok {
				return nil, fmt.Errorf("%s: only {{.Name}} placeholders are supported", n)
			}
			add(Part{Arg: name})
		case *parse.CommentNode:
		default:
			return nil, fmt.Errorf("%s: only {{.Name}} placeholders are supported", n)
		}
	}
	if parts == nil {
		parts = []Part{}
	}
	return parts, nil
}

func fieldName(a *parse.ActionNode) (string, bool) {
	p := a.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok || len(f.Ident) != 1 {
		return "", false
	}
	return f.Ident[0], true
}

// checkPluralRule asks go-i18n's CLDR rules whether lang pluralises as the
// runtime does: "one" exactly when the integer count is 1 or -1 (CLDR's
// "i = 1 and v = 0", English's and Swedish's rule), "other" otherwise.
func checkPluralRule(lang string) error {
	tag, err := language.Parse(lang)
	if err != nil {
		return fmt.Errorf("catalogue %s: %w", lang, err)
	}
	b := goi18n.NewBundle(tag)
	b.MustAddMessages(tag, &goi18n.Message{ID: "n", One: "one", Other: "other"})
	loc := goi18n.NewLocalizer(b, lang)
	for n := -1000; n <= 1000; n++ {
		got, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: "n", PluralCount: n})
		want := "other"
		if n == 1 || n == -1 {
			want = "one"
		}
		if err != nil || got != want {
			return fmt.Errorf("catalogue %s: CLDR says %q for %d (%v); the compiled catalogues know only the one/other rule of en and sv: teach api/base/i18n the language's rule first", lang, got, n, err)
		}
	}
	return nil
}

// Generate is the Go source of package i18n's tables for the catalogues;
// the first is the fallback language for ids the others lack.
func Generate(srcs []Source) ([]byte, error) {
	cats, err := Compile(srcs)
	if err != nil {
		return nil, err
	}
	if len(cats) == 0 {
		return nil, fmt.Errorf("no catalogues")
	}
	idset := map[string]bool{}
	for _, c := range cats {
		for id := range c.Messages {
			idset[id] = true
		}
	}
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range idset {
			if !yield(id) {
				return
			}
		}
	})
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by %q from catalog/*.toml; DO NOT EDIT.\n\n", Command)
	b.WriteString("package i18n\n\n")
	b.WriteString("// messageIDs are the ids of all messages, sorted; entry i of a language's\n// table is message messageIDs[i].\n")
	b.WriteString("var messageIDs = [...]string{\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "%s,\n", strconv.Quote(id))
	}
	b.WriteString("}\n\n")
	b.WriteString("// tables are the messages of each language, indexed as messageIDs; an\n// entry without forms is a message the language lacks.\n")
	b.WriteString("var tables = map[Lang]*[len(messageIDs)]message{\n")
	for _, c := range cats {
		fmt.Fprintf(&b, "%s: &table%s,\n", strconv.Quote(c.Lang), strings.ToUpper(c.Lang))
	}
	b.WriteString("}\n\n")
	for _, c := range cats {
		fmt.Fprintf(&b, "var table%s = [len(messageIDs)]message{\n", strings.ToUpper(c.Lang))
		// Positional, one entry per id: adding a message inserts lines
		// rather than renumbering the rest, so the diff stays local.
		for _, id := range ids {
			m, ok := c.Messages[id]
			if !ok {
				fmt.Fprintf(&b, "// %s: not in %s.toml\n{},\n", id, c.Lang)
				continue
			}
			fmt.Fprintf(&b, "// %s\n{", id)
			if m.One != nil {
				fmt.Fprintf(&b, "one: %s, ", parts(m.One))
			}
			fmt.Fprintf(&b, "other: %s},\n", parts(m.Other))
		}
		b.WriteString("}\n\n")
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generated source: %w", err)
	}
	return src, nil
}

func parts(ps []Part) string {
	var b strings.Builder
	b.WriteString("[]part{")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		if p.Arg != "" {
			fmt.Fprintf(&b, "{arg: %s}", strconv.Quote(p.Arg))
		} else {
			fmt.Fprintf(&b, "{text: %s}", strconv.Quote(p.Text))
		}
	}
	b.WriteString("}")
	return b.String()
}
