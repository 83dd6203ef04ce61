package cli

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// A release sets these with the linker (.ci/release):
//
//	-ldflags "-X leadinspector/ui/cli.version=v1.4.0
//	          -X leadinspector/ui/cli.commit=<sha>
//	          -X leadinspector/ui/cli.date=2026-12-07T12:00:00Z"
//
// A `go build` in a git checkout leaves them empty and Go stamps the commit
// into the build information (vcs.revision, vcs.time, vcs.modified).
var (
	version string
	commit  string
	date    string
)

// Build says which build this is.
type Build struct {
	// Version is the release's version, the module's version for `go
	// install …@v1.4.0`, else "devel".
	Version string
	// Commit is the git commit ("" when unknown); Modified is true when the
	// checkout had changes not committed.
	Commit   string
	Modified bool
	// Date is the release's build date, or for a development build the
	// commit's date (Committed true); "" when unknown.
	Date      string
	Committed bool
	// Go is the toolchain, Platform GOOS/GOARCH.
	Go, Platform string
}

// ThisBuild is the running binary's Build.
func ThisBuild() Build {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return buildFrom(bi, version, commit, date)
}

// buildFrom works Build out from the build information (nil: none) and the
// values a release links in, which win.
func buildFrom(bi *debug.BuildInfo, ldVersion, ldCommit, ldDate string) Build {
	b := Build{Version: "devel", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			b.Version = v
		}
		if bi.GoVersion != "" {
			b.Go = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Date, b.Committed = s.Value, true
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if ldVersion != "" {
		b.Version = ldVersion
	}
	if ldCommit != "" {
		b.Commit, b.Modified = ldCommit, false
	}
	if ldDate != "" {
		b.Date, b.Committed = ldDate, false
	}
	return b
}

// Short is the version in one word, for the User-Agent and the status bar:
// the version, or for a development build devel-<commit>[-dirty].
func (b Build) Short() string {
	if b.Version != "devel" || b.Commit == "" {
		return b.Version
	}
	v := "devel-" + b.Commit[:min(len(b.Commit), 12)]
	if b.Modified {
		v += "-dirty"
	}
	return v
}

// Version prints `leadinspector version`: the version, then the commit,
// the date and the toolchain, one line, the same words in every language
// (it is pasted into tickets and compared).
func Version(w io.Writer) int {
	fmt.Fprintln(w, ThisBuild().Line())
	return ExitOK
}

// Line is the version line:
//
//	leadinspector v1.4.0 (commit 1a2b3c4d5e6f, built 2026-12-07T12:00:00Z, go1.26.8 windows/amd64)
//	leadinspector devel (commit 1a2b3c4d5e6f, modified, committed 2026-12-07T11:58:10Z, go1.26.8 linux/amd64)
func (b Build) Line() string {
	var parts []string
	switch {
	case b.Commit == "":
		parts = append(parts, "commit unknown")
	case b.Modified:
		parts = append(parts, "commit "+b.Commit[:min(len(b.Commit), 12)], "modified")
	default:
		parts = append(parts, "commit "+b.Commit[:min(len(b.Commit), 12)])
	}
	switch {
	case b.Date == "":
	case b.Committed:
		parts = append(parts, "committed "+b.Date)
	default:
		parts = append(parts, "built "+b.Date)
	}
	parts = append(parts, b.Go+" "+b.Platform)
	return Program + " " + b.Version + " (" + strings.Join(parts, ", ") + ")"
}
