package cli

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestVersionLine(t *testing.T) {
	gitBuild := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"},
		{Key: "vcs.time", Value: "2026-12-07T11:58:10Z"},
		{Key: "vcs.modified", Value: "false"},
	}}
	dirty := *gitBuild
	dirty.Settings = append(append([]debug.BuildSetting{}, gitBuild.Settings[:2]...), debug.BuildSetting{Key: "vcs.modified", Value: "true"})
	installed := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}}
	plat := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		name          string
		bi            *debug.BuildInfo
		ldv, ldc, ldd string
		line, short   string
	}{
		{"go build in a checkout", gitBuild, "", "", "",
			"leadinspector devel (commit 1a2b3c4d5e6f, committed 2026-12-07T11:58:10Z, go1.26.8 " + plat + ")", "devel-1a2b3c4d5e6f"},
		{"with changes not committed", &dirty, "", "", "",
			"leadinspector devel (commit 1a2b3c4d5e6f, modified, committed 2026-12-07T11:58:10Z, go1.26.8 " + plat + ")", "devel-1a2b3c4d5e6f-dirty"},
		{"a release (-ldflags -X)", gitBuild, "v1.4.0", "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", "2026-12-07T12:00:00Z",
			"leadinspector v1.4.0 (commit 9f8e7d6c5b4a, built 2026-12-07T12:00:00Z, go1.26.8 " + plat + ")", "v1.4.0"},
		{"go install …@v1.4.0", installed, "", "", "",
			"leadinspector v1.4.0 (commit unknown, go1.26.8 " + plat + ")", "v1.4.0"},
		{"no build information", nil, "", "", "",
			"leadinspector devel (commit unknown, " + runtime.Version() + " " + plat + ")", "devel"},
	} {
		b := buildFrom(tc.bi, tc.ldv, tc.ldc, tc.ldd)
		if got := b.Line(); got != tc.line {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.line)
		}
		if got := b.Short(); got != tc.short {
			t.Errorf("%s: short %q, want %q", tc.name, got, tc.short)
		}
	}
}
