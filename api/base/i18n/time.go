package i18n

import "time"

// DateTime is t in loc as "2026-12-01 13:07", in both languages (Swedish
// offices write ISO dates, and a ticket reads the same either way). A nil loc
// means time.Local.
func (l *Localizer) DateTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// Day is t's date as a sentence names it, in t's own zone: "9 Dec",
// "9 dec." in Swedish, with the year when it is not now's ("31 Dec 9999").
// A table keeps DateTime's ISO form; a sentence reads better with the
// month's name, and in Swedish running text a date is written so.
func (l *Localizer) Day(t, now time.Time) string {
	month := months[t.Month()-1]
	if t.Year() == now.Year() {
		return l.T("time.date.day_month", "Day", t.Day(), "Month", month)
	}
	return l.T("time.date.day_month_year", "Day", t.Day(), "Month", month, "Year", t.Year())
}

// months are the months' short names, January first.
var months = [12]Message{
	M("time.month.jan"), M("time.month.feb"), M("time.month.mar"), M("time.month.apr"),
	M("time.month.may"), M("time.month.jun"), M("time.month.jul"), M("time.month.aug"),
	M("time.month.sep"), M("time.month.oct"), M("time.month.nov"), M("time.month.dec"),
}

// unit is the unit an age is told in.
type unit int

const (
	unitNow unit = iota
	unitMinute
	unitHour
	unitYesterday
	unitDay
	unitMonth
	unitYear
)

// span is how far t lies from now, rounded to the nearest unit (1 h 59 min
// is 2 h). Past a day it counts calendar days in now's time zone, because
// "yesterday" and "3 days ago" mean dates to the reader, not 24-hour blocks.
func span(t, now time.Time) (u unit, n int, future bool) {
	d := now.Sub(t)
	if d < 0 {
		future, d = true, -d
	}
	if m := int((d + 30*time.Second) / time.Minute); m == 0 {
		return unitNow, 0, future
	} else if m < 60 {
		return unitMinute, m, future
	}
	h := int((d + 30*time.Minute) / time.Hour)
	if h < 24 {
		return unitHour, h, future
	}
	days := int((d + 12*time.Hour) / (24 * time.Hour))
	if !future {
		days = calendarDays(t.In(now.Location()), now)
		switch days {
		case 0:
			// 23 h 40 min within one day: still hours.
			return unitHour, h, false
		case 1:
			return unitYesterday, 1, false
		}
	}
	if days < 60 {
		return unitDay, days, future
	}
	// Years are counted as people count ages, whole years passed: 20
	// months is "20 mo", not "2 y"; under two years only a round twelve
	// months reads as "1 y".
	mo, y := int(float64(days)/30.436875+0.5), wholeYears(t, now)
	switch {
	case mo == 12:
		return unitYear, 1, future
	case y < 2:
		return unitMonth, mo, future
	}
	return unitYear, y, future
}

// wholeYears is the birthdays passed between t and now (either way round),
// read on the calendar in now's time zone.
func wholeYears(t, now time.Time) int {
	a, b := t.In(now.Location()), now
	if a.After(b) {
		a, b = b, a
	}
	y := b.Year() - a.Year()
	if b.Month() < a.Month() || b.Month() == a.Month() && b.Day() < a.Day() {
		y--
	}
	return y
}

// calendarDays counts the dates from a to b, both read in their own zone:
// 23:50 to 00:10 the next day is 1.
func calendarDays(a, b time.Time) int {
	date := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return int(date(b).Sub(date(a)).Hours()/24 + 0.5)
}

// Ago says how long ago t was, for a sentence: "just now", "5 min ago",
// "2 h ago", "yesterday", "3 d ago", "4 mo ago", "2 y ago"; in Swedish "nyss",
// "för 2 tim sedan", "i går", "för 3 dagar sedan". A time ahead of now (clock
// skew) is "in 5 min" / "om 5 min". A zero t or now gives "".
func (l *Localizer) Ago(t, now time.Time) string {
	if t.IsZero() || now.IsZero() {
		return ""
	}
	ago, _ := phrases(span(t, now))
	return l.Say(ago)
}

// Age is an age for a table column: "now", "5 min", "2 h", "1 d", "4 mo";
// in Swedish "nu", "2 tim", "1 dag", "3 dagar". A time ahead of now is
// "in 5 min" / "om 5 min"; a zero t or now gives "".
func (l *Localizer) Age(t, now time.Time) string {
	if t.IsZero() || now.IsZero() {
		return ""
	}
	_, age := phrases(span(t, now))
	return l.Say(age)
}

// phrases are the words for an age: for a sentence, and for a column.
func phrases(u unit, n int, future bool) (ago, age Message) {
	if future && u != unitNow {
		var in Message
		switch u {
		case unitMinute:
			in = MN("time.in.minutes", n)
		case unitHour:
			in = MN("time.in.hours", n)
		case unitDay:
			in = MN("time.in.days", n)
		case unitMonth:
			in = MN("time.in.months", n)
		default:
			in = MN("time.in.years", n)
		}
		return in, in
	}
	switch u {
	case unitNow:
		return M("time.just_now"), M("time.age.now")
	case unitMinute:
		return MN("time.ago.minutes", n), MN("time.age.minutes", n)
	case unitHour:
		return MN("time.ago.hours", n), MN("time.age.hours", n)
	case unitYesterday:
		return M("time.yesterday"), MN("time.age.days", n)
	case unitDay:
		return MN("time.ago.days", n), MN("time.age.days", n)
	case unitMonth:
		return MN("time.ago.months", n), MN("time.age.months", n)
	}
	return MN("time.ago.years", n), MN("time.age.years", n)
}

// TooOld is the warning for a lead sent more than three months before now
// (Express's CRM lists no longer show it), or "" for a younger one or a zero
// time.
func (l *Localizer) TooOld(sent, now time.Time) string {
	if sent.IsZero() || now.IsZero() || !sent.Before(now.AddDate(0, -3, 0)) {
		return ""
	}
	return l.T("time.too_old")
}
