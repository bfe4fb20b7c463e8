package privacy

import (
	"math"
	"time"
)

// addMonths adds n calendar months, landing on the last day of the target
// month when it is shorter (31 January + 1 month is the last day of
// February, where time.AddDate would overflow into March).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// DueAt is when a request received at received must be answered: the
// earlier of 30 days (the policy) and one calendar month (GDPR).
func DueAt(received time.Time) time.Time {
	received = received.UTC()
	return minTime(received.AddDate(0, 0, 30), addMonths(received, 1))
}

// ExtendedDue is the deadline after the one extension: two more months
// (GDPR), or 45 more days (CCPA) where that is earlier.
func ExtendedDue(due time.Time) time.Time {
	return minTime(addMonths(due, 2), due.AddDate(0, 0, 45))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// SoonDays: a request due within this many days is "due soon".
const SoonDays = 7

// DaysLeft is the whole days until r is due, rounded up; negative when
// overdue (a request 1 hour overdue has -0 rounded to 0, so overdue is
// reported by Overdue, not by the sign alone).
func (r Request) DaysLeft(now time.Time) int {
	return int(math.Ceil(r.DueAt.Sub(now).Hours() / 24))
}

// Overdue reports whether r is open past its due time.
func (r Request) Overdue(now time.Time) bool {
	return !r.Status.Final() && now.After(r.DueAt)
}

// DueSoon reports whether r is open, not overdue, and due within SoonDays.
func (r Request) DueSoon(now time.Time) bool {
	return !r.Status.Final() && !r.Overdue(now) && r.DueAt.Sub(now) <= SoonDays*24*time.Hour
}

// Extend moves the deadline once, for a reason, before the original due
// date passes.
func (r *Request) Extend(reason string, now time.Time) error {
	switch {
	case reason == "":
		return ErrInvalid
	case r.Status.Final():
		return ErrTransition
	case !r.ExtendedAt.IsZero():
		return ErrExtension
	case !now.Before(r.DueAt):
		return ErrExtension
	}
	r.DueAt = ExtendedDue(r.DueAt)
	r.ExtendedAt, r.ExtensionReason = now.UTC(), reason
	return nil
}
