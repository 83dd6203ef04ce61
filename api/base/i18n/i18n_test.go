package i18n

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"leadinspector/api/base/i18n/internal/catgen"
)

// catalogue reads one embedded catalogue: id → message.
func catalogue(t *testing.T, lang Lang) map[string]*goi18n.Message {
	t.Helper()
	data, err := os.ReadFile("catalog/" + string(lang) + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := goi18n.ParseMessageFileBytes(data, string(lang)+".toml", map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	m := map[string]*goi18n.Message{}
	for _, msg := range f.Messages {
		m[msg.ID] = msg
	}
	return m
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders are the {{.Name}}s of every form of m.
func placeholders(m *goi18n.Message) []string {
	set := map[string]bool{}
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		for _, p := range placeholderRE.FindAllStringSubmatch(s, -1) {
			set[p[1]] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func TestCataloguesHoldTheSameMessages(t *testing.T) {
	en, sv := catalogue(t, English), catalogue(t, Swedish)
	if len(en) < 50 {
		t.Fatalf("only %d English messages: the catalogue did not load", len(en))
	}
	for id := range en {
		if sv[id] == nil {
			t.Errorf("%s is in en.toml, not in sv.toml", id)
		}
	}
	for id, s := range sv {
		e := en[id]
		if e == nil {
			t.Errorf("%s is in sv.toml, not in en.toml", id)
			continue
		}
		if s.Other == "" || e.Other == "" {
			t.Errorf("%s: every message needs its plain (other) form", id)
		}
		// A count-driven message needs both CLDR forms of en and sv in both.
		if (s.One != "") != (e.One != "") {
			t.Errorf("%s: plural in one catalogue only (en one=%q, sv one=%q)", id, e.One, s.One)
		}
		if pe, ps := placeholders(e), placeholders(s); !slices.Equal(pe, ps) {
			t.Errorf("%s: en uses %v, sv uses %v", id, pe, ps)
		}
	}
}

// call is a use of a message id in the code.
type call struct {
	pos    string
	id     string
	plural bool
	// keys are the placeholder names passed; nil when the call spreads a
	// slice (args...) and they cannot be seen.
	keys []string
}

// calls finds every T, N, M and MN call in the module's non-test code.
func calls(t *testing.T) []call {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var out []call
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			ce, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			// i18n.M(…), x.T(…), and M(…) inside this package.
			var name string
			switch fn := ce.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
				if x, ok := fn.X.(*ast.Ident); (name == "M" || name == "MN") && (!ok || x.Name != "i18n") {
					return true
				}
			case *ast.Ident:
				if f.Name.Name != "i18n" || (fn.Name != "M" && fn.Name != "MN") {
					return true
				}
				name = fn.Name
			default:
				return true
			}
			var first int // index of the first name/value argument
			switch name {
			case "T", "M":
				first = 1
			case "N", "MN":
				first = 2
			default:
				return true
			}
			pos := fset.Position(ce.Pos()).String()
			if len(ce.Args) == 0 {
				return true
			}
			lit, ok := ce.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: %s called with a message id that is not a string literal: this test cannot check it", pos, name)
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			c := call{pos: pos, id: id, plural: first == 2}
			if ce.Ellipsis == token.NoPos {
				c.keys = []string{}
				for i := first; i < len(ce.Args); i += 2 {
					k, ok := ce.Args[i].(*ast.BasicLit)
					if !ok || k.Kind != token.STRING {
						t.Errorf("%s: placeholder name of %s is not a string literal", pos, id)
						continue
					}
					name, _ := strconv.Unquote(k.Value)
					c.keys = append(c.keys, name)
				}
				if (len(ce.Args)-first)%2 != 0 {
					t.Errorf("%s: %s has a name without a value", pos, id)
				}
			}
			out = append(out, c)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryMessageTheCodeUsesExistsAndGetsItsArguments(t *testing.T) {
	en, sv := catalogue(t, English), catalogue(t, Swedish)
	cs := calls(t)
	if len(cs) < 30 {
		t.Fatalf("found only %d calls: is the walk looking at the module?", len(cs))
	}
	used := map[string]bool{}
	for _, c := range cs {
		used[c.id] = true
		e, s := en[c.id], sv[c.id]
		if e == nil || s == nil {
			t.Errorf("%s: message %q is missing (en: %v, sv: %v)", c.pos, c.id, e != nil, s != nil)
			continue
		}
		if c.plural != (e.One != "") {
			t.Errorf("%s: %q: plural call %v, plural message %v", c.pos, c.id, c.plural, e.One != "")
		}
		if c.keys == nil {
			continue
		}
		want := slices.DeleteFunc(placeholders(e), func(p string) bool { return c.plural && p == "Count" })
		got := slices.Sorted(slices.Values(c.keys))
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q is given %v, its text uses %v", c.pos, c.id, got, want)
		}
	}
	for id := range en {
		if !used[id] {
			t.Errorf("message %q is in the catalogues but no code uses it", id)
		}
	}
}

// The catalogues are compiled into catalog_gen.go at build time; editing a
// catalogue without regenerating would ship the old texts.
func TestGeneratedCatalogueIsCurrent(t *testing.T) {
	srcs, err := catgen.Sources("catalog")
	if err != nil {
		t.Fatal(err)
	}
	want, err := catgen.Generate(srcs)
	if err != nil {
		t.Fatalf("the catalogues do not compile: %v", err)
	}
	got, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("api/base/i18n/catalog_gen.go is stale: the catalogues changed since it was generated; run %s (in the module root) and commit the result", catgen.Command)
	}
}

// Every message of both catalogues, worded through the compiled tables,
// is what go-i18n makes of the TOML with the same arguments: the
// compilation loses nothing, plural forms and placeholders included.
func TestCompiledTablesWordAsGoI18n(t *testing.T) {
	for _, lang := range []Lang{English, Swedish} {
		b := goi18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		for _, f := range []string{"catalog/en.toml", "catalog/" + string(lang) + ".toml"} {
			if _, err := b.LoadMessageFile(f); err != nil {
				t.Fatal(err)
			}
		}
		ref := goi18n.NewLocalizer(b, string(lang))
		l := New(lang)
		checked := 0
		for id, m := range catalogue(t, lang) {
			var args []any
			data := map[string]any{}
			for i, p := range placeholders(m) {
				v := fmt.Sprintf("<%s %d>", p, i)
				args = append(args, p, v)
				data[p] = v
			}
			for _, n := range []int{0, 1, 2, 5, 21} {
				lc := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
				var got string
				if m.One != "" {
					data["Count"] = n
					lc.PluralCount = n
					got = l.N(id, n, args...)
				} else {
					got = l.T(id, args...)
				}
				want, err := ref.Localize(lc)
				if err != nil {
					t.Fatalf("%s %s: go-i18n: %v", lang, id, err)
				}
				if got != want {
					t.Errorf("%s %s (%d): compiled %q, go-i18n %q", lang, id, n, got, want)
				}
				checked++
			}
		}
		if checked < 250 {
			t.Fatalf("%s: checked only %d wordings", lang, checked)
		}
	}
}

func TestPluralFormsFollowTheLanguage(t *testing.T) {
	sv, en := New(Swedish), New(English)
	cases := []struct {
		l    *Localizer
		n    int
		want string
	}{
		{sv, 1, "för 1 dag sedan"},
		{sv, 3, "för 3 dagar sedan"},
		{sv, 21, "för 21 dagar sedan"},
		{en, 1, "1 d ago"},
		{en, 3, "3 d ago"},
	}
	for _, c := range cases {
		if got := c.l.N("time.ago.days", c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.l.Lang(), c.n, got, c.want)
		}
	}
	if got := sv.N("time.age.months", 1); got != "1 mån" {
		t.Errorf("%q", got)
	}
	if got := sv.N("time.in.months", 2); got != "om 2 månader" {
		t.Errorf("%q", got)
	}
	// CLDR's "one" is i = 1 and v = 0: -1 too.
	if got := sv.N("time.ago.days", -1); got != "för -1 dag sedan" {
		t.Errorf("%q", got)
	}
}

func TestArgumentsAndNestedMessages(t *testing.T) {
	sv := New(Swedish)
	got := sv.T("cli.warning", "Text", M("cli.usage.unexpected_arg", "Arg", `"x"`))
	if got != `varning: oväntat argument "x"` {
		t.Errorf("%q", got)
	}
	if got := sv.Say(MN("time.ago.hours", 2)); got != "för 2 tim sedan" {
		t.Errorf("%q", got)
	}
	// A missing placeholder shows the id, never "<no value>".
	if got := sv.T("cli.warning"); got != "cli.warning" {
		t.Errorf("missing argument: %q", got)
	}
	if got := New(English).T("no.such.message"); got != "no.such.message" {
		t.Errorf("unknown id: %q", got)
	}
}

func TestPseudoWrapsEveryMessage(t *testing.T) {
	p := New(Pseudo)
	got := "leadinspector: " + p.T("cli.warning", "Text", M("config.check.ok")) + " /tmp/x"
	if want := "leadinspector: ⟦warning: ⟦configuration OK⟧⟧ /tmp/x"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if u := Unmarked(got); !slices.Equal(u, []string{"leadinspector: ", " /tmp/x"}) {
		t.Errorf("Unmarked = %q", u)
	}
	if u := Unmarked("⟦a⟧b⟦c⟦d⟧e⟧f"); !slices.Equal(u, []string{"b", "f"}) {
		t.Errorf("Unmarked = %q", u)
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{
		"sv": Swedish, "SV": Swedish, " en ": English, "sv-SE": Swedish, "sv_SE.UTF-8": Swedish,
		"en_GB": English, "sv_FI@euro": Swedish, "pseudo": Pseudo,
	} {
		if got, err := ParseLang(in); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "de", "svenska", "swe", "C"} {
		if _, err := ParseLang(in); err == nil || !strings.Contains(err.Error(), "use sv or en") {
			t.Errorf("ParseLang(%q) = %v, want an error naming sv and en", in, err)
		}
	}
}

func TestFromLocale(t *testing.T) {
	for in, want := range map[string]Lang{
		"sv_SE.UTF-8": Swedish, "sv": Swedish, "sv_FI": Swedish, "C": English, "POSIX": English,
		"de_DE.UTF-8": English, "en_US.UTF-8": English, "": English, "svenska": English,
	} {
		if got := FromLocale(in); got != want {
			t.Errorf("FromLocale(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New(Swedish)
	}
}

func BenchmarkNewEnglish(b *testing.B) {
	for b.Loop() {
		New(English)
	}
}
