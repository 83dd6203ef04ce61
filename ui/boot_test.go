package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// bootWith starts what Run starts: the inspector built from o on another
// goroutine, and the boot model that takes it over in Init.
func bootWith(o Options) *boot {
	built := make(chan booted, 1)
	go func() { built <- build(context.Background(), o) }()
	return &boot{built: built}
}

// The inspector Bubble Tea ends up with is the one built with what
// Prepare added: o writes the body into Prepare's directory.
func TestBootHandsOverToTheInspectorPrepareCompleted(t *testing.T) {
	m0, _ := newTest(t, 120, 40) // the options a test inspector has
	dir := t.TempDir()
	fe := &fakeExec{}
	o := m0.env.Options
	o.Exec = fe.exec
	o.Getenv = func(k string) string { return map[string]string{"PAGER": "less"}[k] }
	prepared := 0
	o.Prepare = func(o *Options) {
		prepared++
		o.TempDir = dir
	}
	b := bootWith(o)
	b.Init()
	var tm tea.Model = b
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m, ok := tm.(Model)
	if !ok {
		t.Fatalf("after its first update the program's model is %T, not the inspector", tm)
	}
	if v := m.View().Content; !strings.Contains(v, "Customer ID") {
		t.Errorf("the program's view is not the inspector's:\n%s", v)
	}
	m.env.loc = m0.env.loc
	m = drain(t, m, m.panes.hist.open())
	m = keys(t, lookUp(t, m, "LED1"), "o")
	if !fe.ran || len(fe.args) != 2 || !strings.HasPrefix(fe.args[1], dir) {
		t.Errorf("o ran %q, want a file in Prepare's %s", fe.args, dir)
	}
	if prepared != 1 {
		t.Errorf("Prepare ran %d times, want once", prepared)
	}
}

// A panic while the inspector is built is raised by Init, on the
// goroutine where Bubble Tea restores the terminal, not on its own.
func TestBootRaisesAPanicOfTheBuildInInit(t *testing.T) {
	m0, _ := newTest(t, 80, 24)
	o := m0.env.Options
	o.Prepare = func(*Options) { panic("no scratch") }
	b := bootWith(o)
	defer func() {
		if r := recover(); r != "no scratch" {
			t.Errorf("Init raised %v, want the build's panic", r)
		}
	}()
	b.Init()
	t.Error("Init returned")
}

// The head start on the first frame never brings the program down: a
// panic in it is dropped (the program's own View raises it again, where
// Bubble Tea restores the terminal).
func TestWarmingUpSurvivesAPanic(t *testing.T) {
	size := func() (int, int, error) { return 120, 40, nil }
	if frame, _, _ := firstFrame(booted{}, size); frame != "" { // a Model never built: its View panics
		t.Errorf("an inspector never built drew %q", frame)
	}
	m0, _ := newTest(t, 80, 24)
	if frame, w, h := firstFrame(booted{m: m0}, size); !strings.Contains(frame, "Customer ID") || w != 120 || h != 40 {
		t.Errorf("the first frame at %d×%d:\n%s", w, h, frame)
	}
	warmRenderer("\x1b[38;2;1;2;3mx\x1b[m", -1, -1, 0) // a buffer of no size
}
