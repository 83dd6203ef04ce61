package rawview

import (
	"testing"

	"leadinspector/api"
)

// BenchmarkViewXML1MiB is the dearest coloured XML: the largest body still
// coloured, each frame colouring the lines on screen from their stored
// state; SetResult includes the pass that stores each line's state.
func BenchmarkViewXML1MiB(b *testing.B) {
	r := result(bigXML(colourLimit-64<<10), api.XML)
	m := newView(colour(), r, 100, 30)
	if !m.view.coloured() {
		b.Fatal("the body is not coloured")
	}
	m.view.setTop(m.view.doc().lineCount() / 2)
	b.Run("middle", func(b *testing.B) {
		for b.Loop() {
			_ = m.View()
		}
	})
	b.Run("scrolling", func(b *testing.B) {
		for b.Loop() {
			m = send(m, "pgdown")
			_ = m.View()
		}
	})
	b.Run("set_result", func(b *testing.B) {
		m := New(colour(), nil)
		m.SetSize(100, 30)
		for b.Loop() {
			m.SetResult(r)
		}
	})
}
