package roundtrip

import (
	"testing"
	"time"
)

// Requests sent together share a round; one sent after an answer is in the
// next; Reset starts counting again.
func TestRounds(t *testing.T) {
	var c Counter
	if got := c.Rounds(); got != 0 {
		t.Errorf("no requests: %d rounds", got)
	}
	a, b := c.Begin(), c.Begin() // together
	a()
	b()
	if got := c.Rounds(); got != 1 {
		t.Errorf("two together: %d rounds, want 1", got)
	}
	time.Sleep(time.Millisecond) // the client reads the answers, then asks again
	c.Begin()()
	if got := c.Rounds(); got != 2 {
		t.Errorf("one after: %d rounds, want 2", got)
	}
	late := c.Begin()
	c.Reset()
	late() // answered after the reset: forgotten with the rest
	c.Begin()()
	if got := c.Rounds(); got != 1 {
		t.Errorf("after Reset: %d rounds, want 1", got)
	}
}
