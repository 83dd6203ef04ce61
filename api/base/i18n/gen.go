//go:build ignore

// gen writes catalog_gen.go, the message catalogues compiled into Go
// tables: run `go generate ./api/base/i18n/...` after editing catalog/*.toml.
package main

import (
	"fmt"
	"os"

	"leadinspector/api/base/i18n/internal/catgen"
)

func main() {
	srcs, err := catgen.Sources("catalog")
	if err == nil {
		var src []byte
		if src, err = catgen.Generate(srcs); err == nil {
			err = os.WriteFile("catalog_gen.go", src, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
