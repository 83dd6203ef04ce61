package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsPointOneWay keeps the dependency graph layered:
// api ← config ← ui packages ← main. A package that reaches up (config
// importing a UI package, api importing config) fails here, as does the
// one-shot CLI linking the TUI.
func TestImportsPointOneWay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const mod = "leadinspector"
	imports := goList(t, "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}", "./...")
	layer := func(p string) int {
		switch {
		case p == mod+"/api" || strings.HasPrefix(p, mod+"/api/"):
			return 0
		case p == mod+"/config" || strings.HasPrefix(p, mod+"/config/"):
			return 1
		case p == mod+"/ui" || strings.HasPrefix(p, mod+"/ui/"):
			return 2
		case p == mod:
			return 3
		}
		return -1 // not ours: the standard library and modules
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(imports), "\n") {
		pkg, deps, _ := strings.Cut(line, "\t")
		from := layer(pkg)
		for _, dep := range strings.Fields(deps) {
			if to := layer(dep); to > from && from >= 0 {
				t.Errorf("%s imports %s: a lower layer must not import a higher one (api ← config ← ui ← main)", pkg, dep)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatalf("go list gave no imports:\n%s", imports)
	}

	// The one-shot CLI prints and exits: it must not link a TUI.
	// The detail renderer and the styles are shared with it, so they too.
	tui := []string{"charm.land/bubbletea", "charm.land/bubbles", mod + "/ui/rawview", mod + "/ui/input"}
	for _, pkg := range []string{mod + "/ui/cli", mod + "/ui/detail", mod + "/ui/styles"} {
		for _, dep := range strings.Fields(goList(t, "-deps", pkg)) {
			bad := dep == mod+"/ui"
			for _, p := range tui {
				bad = bad || dep == p || strings.HasPrefix(dep, p+"/")
			}
			if bad {
				t.Errorf("%s links %s, a TUI package", pkg, dep)
			}
		}
	}
}

func goList(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	return string(out)
}
