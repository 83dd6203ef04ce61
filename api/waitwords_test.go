package api

import (
	"testing"
	"time"

	"leadinspector/api/base/i18n"
	"leadinspector/api/budget"
)

// The shared backoff follows a lookup's last failed attempt too, when
// nothing is retried any more: the inspector's status bar said "waiting:
// retrying after a failure (2 s)" beside the lookup's error. The words say
// what is true either way: the requests wait, then resume.
func TestWaitWordsAfterAFailureClaimNoRetry(t *testing.T) {
	for _, tc := range []struct {
		l    *i18n.Localizer
		want string
	}{
		{i18n.New(i18n.English), "waiting after a failure: requests resume in 2 s"},
		{i18n.New(i18n.Swedish), "väntar efter ett fel: anropen fortsätter om 2 s"},
	} {
		if got := WaitWords(tc.l, budget.Pause{}, 1500*time.Millisecond); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.l.Lang(), got, tc.want)
		}
	}
}
