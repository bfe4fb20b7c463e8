package retention

import (
	"testing"
	"time"
)

func TestExpiresAt(t *testing.T) {
	at := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		s      Schedule
		c      Category
		at     time.Time
		ttl    time.Duration
		want   time.Time
		wantOK bool
		err    bool
	}{
		{"account while active has no expiry", Default, Account, time.Time{}, 0, time.Time{}, false, false},
		{"account 3 years after the relationship ends", Default, Account, at, 0, at.AddDate(3, 0, 0), true, false},
		{"analytics 2 years", Default, Analytics, at, 0, time.Date(2028, 1, 31, 12, 0, 0, 0, time.UTC), true, false},
		{"logs 1 year", Default, Logs, at, 0, time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC), true, false},
		{"marketing while subscribed has no expiry", Default, Marketing, time.Time{}, 0, time.Time{}, false, false},
		{"marketing ends at unsubscribe", Default, Marketing, at, 0, at, true, false},
		{"billing 7 years", Default, Billing, at, 0, time.Date(2033, 1, 31, 12, 0, 0, 0, time.UTC), true, false},
		{"privacy 24 months", Default, Privacy, at, 0, at.AddDate(0, 24, 0), true, false},
		{"privacy configured 36 months", Schedule{PrivacyMonths: 36}, Privacy, at, 0, at.AddDate(0, 36, 0), true, false},
		{"ephemeral with ttl", Default, Ephemeral, at, 10 * time.Minute, at.Add(10 * time.Minute), true, false},
		{"ephemeral without ttl fails", Default, Ephemeral, at, 0, time.Time{}, false, true},
		{"ephemeral over a day fails", Default, Ephemeral, at, 25 * time.Hour, time.Time{}, false, true},
		{"ttl on a scheduled category fails", Default, Logs, at, time.Hour, time.Time{}, false, true},
		{"event category without time fails", Default, Analytics, time.Time{}, 0, time.Time{}, false, true},
		{"unknown category fails", Default, Category("misc"), at, 0, time.Time{}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, err := tc.s.ExpiresAt(tc.c, tc.at, tc.ttl)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v, want error %v", err, tc.err)
			}
			if ok != tc.wantOK || !got.Equal(tc.want) {
				t.Fatalf("got %v (ok %v), want %v (ok %v)", got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestEveryCategoryHasARule(t *testing.T) {
	for _, c := range Categories {
		if _, err := Default.Rule(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
}

func TestNewScheduleRefusesLessThanPolicyMinimum(t *testing.T) {
	if _, err := NewSchedule(12); err == nil {
		t.Fatal("12 months accepted; the policy keeps privacy records at least 24 months")
	}
	if s, err := NewSchedule(30); err != nil || s.PrivacyMonths != 30 {
		t.Fatalf("NewSchedule(30) = %v, %v", s, err)
	}
}
