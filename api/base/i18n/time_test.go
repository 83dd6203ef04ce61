package i18n

import (
	"testing"
	"time"
)

func TestDateTimeIsLocalMinutes(t *testing.T) {
	sthlm := time.FixedZone("CET", 3600)
	at := time.Date(2026, 12, 1, 12, 7, 59, 0, time.UTC)
	for _, l := range []*Localizer{New(Swedish), New(English)} {
		if got := l.DateTime(at, sthlm); got != "2026-12-01 13:07" {
			t.Errorf("%s: %q", l.Lang(), got)
		}
	}
}

func TestAgesRoundToTheNearestUnit(t *testing.T) {
	loc := time.FixedZone("CET", 3600)
	now := time.Date(2026, 12, 1, 13, 7, 0, 0, loc)
	cases := []struct {
		t      time.Time
		sv, en string
		svAge  string
	}{
		{now.Add(-20 * time.Second), "nyss", "just now", "nu"},
		{now.Add(-90 * time.Second), "för 2 min sedan", "2 min ago", "2 min"},
		{now.Add(-(59*time.Minute + 40*time.Second)), "för 1 tim sedan", "1 h ago", "1 tim"},
		{now.Add(-(time.Hour + 59*time.Minute)), "för 2 tim sedan", "2 h ago", "2 tim"},
		{now.Add(-(13*time.Hour + 7*time.Minute)), "för 13 tim sedan", "13 h ago", "13 tim"},
		// 23:00 the day before: under 24 h yet another date.
		{time.Date(2026, 11, 30, 23, 0, 0, 0, loc), "för 14 tim sedan", "14 h ago", "14 tim"},
		{time.Date(2026, 11, 30, 9, 0, 0, 0, loc), "i går", "yesterday", "1 dag"},
		{time.Date(2026, 11, 28, 20, 0, 0, 0, loc), "för 3 dagar sedan", "3 d ago", "3 dagar"},
		// The date in now's zone counts, not the zone t came in.
		{time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC), "i går", "yesterday", "1 dag"},
		{now.AddDate(0, -4, 0), "för 4 månader sedan", "4 mo ago", "4 mån"},
		{now.AddDate(0, -2, -5), "för 2 månader sedan", "2 mo ago", "2 mån"},
		{now.AddDate(-2, 0, 0), "för 2 år sedan", "2 y ago", "2 år"},
		// Years as people count them: 20 months is not "2 y" (issue 20.11).
		{now.AddDate(0, -20, 0), "för 20 månader sedan", "20 mo ago", "20 mån"},
		{now.AddDate(-1, 0, 0), "för 1 år sedan", "1 y ago", "1 år"},
		{now.AddDate(-2, -11, 0), "för 2 år sedan", "2 y ago", "2 år"},
		{now.Add(5 * time.Minute), "om 5 min", "in 5 min", "om 5 min"},
		{now.Add(10 * time.Second), "nyss", "just now", "nu"},
		{now.Add(50 * time.Hour), "om 2 dagar", "in 2 d", "om 2 dagar"},
	}
	sv, en := New(Swedish), New(English)
	for _, c := range cases {
		if got := sv.Ago(c.t, now); got != c.sv {
			t.Errorf("sv Ago(%s) = %q, want %q", c.t, got, c.sv)
		}
		if got := en.Ago(c.t, now); got != c.en {
			t.Errorf("en Ago(%s) = %q, want %q", c.t, got, c.en)
		}
		if got := sv.Age(c.t, now); got != c.svAge {
			t.Errorf("sv Age(%s) = %q, want %q", c.t, got, c.svAge)
		}
	}
	if en.Age(now.Add(-3*time.Hour), now) != "3 h" || en.Ago(time.Time{}, now) != "" || sv.Age(now, time.Time{}) != "" {
		t.Error("short English age or zero times")
	}
}

func TestTooOldAfterThreeMonths(t *testing.T) {
	now := time.Date(2026, 12, 1, 13, 7, 0, 0, time.UTC)
	sv, en := New(Swedish), New(English)
	if got := sv.TooOld(now.AddDate(0, -3, -1), now); got != "äldre än tre månader: syns inte längre i Express CRM-listor" {
		t.Errorf("sv: %q", got)
	}
	if got := en.TooOld(now.AddDate(0, -3, -1), now); got != "older than three months: no longer in Express's CRM lists" {
		t.Errorf("en: %q", got)
	}
	if got := en.TooOld(now.AddDate(0, -3, 1), now); got != "" {
		t.Errorf("younger lead warned: %q", got)
	}
	if got := en.TooOld(time.Time{}, now); got != "" {
		t.Errorf("zero time warned: %q", got)
	}
}

// TestDayNamesTheMonth: a day in a sentence has the month's name, in
// Swedish as Swedish writes it, and the year only when it is not now's.
func TestDayNamesTheMonth(t *testing.T) {
	now := time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		at     time.Time
		en, sv string
	}{
		{time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC), "9 Dec", "9 dec."},
		{time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), "31 May", "31 maj"},
		{time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), "1 Mar 2027", "1 mars 2027"},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), "31 Dec 9999", "31 dec. 9999"},
	} {
		if got := New(English).Day(tc.at, now); got != tc.en {
			t.Errorf("en %v: %q, want %q", tc.at, got, tc.en)
		}
		if got := New(Swedish).Day(tc.at, now); got != tc.sv {
			t.Errorf("sv %v: %q, want %q", tc.at, got, tc.sv)
		}
	}
}
