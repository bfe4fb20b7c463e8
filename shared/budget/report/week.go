package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/budget"
)

// ParseWeek reads an ISO 8601 week ("2026-W48") as its Monday.
func ParseWeek(s string) (time.Time, error) {
	var year, week int
	if n, err := fmt.Sscanf(s, "%4d-W%2d", &year, &week); err != nil || n != 2 || len(s) != 8 {
		return time.Time{}, fmt.Errorf("week %q is not YYYY-Www", s)
	}
	// The ISO year's first week holds January 4th.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	if y, w := monday.ISOWeek(); week < 1 || y != year || w != week {
		return time.Time{}, fmt.Errorf("week %q does not exist", s)
	}
	return monday, nil
}

// WeekName is the ISO week ("2026-W48") of t.
func WeekName(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// Monday is the first day of t's week.
func Monday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Days reads an organization's campaign days over [from, to) with the
// campaigns' names (budgetmetrics.Source), in one read.
type Days interface {
	Week(ctx context.Context, orgID string, from, to time.Time) ([]budget.CampaignDay, map[budget.Key]string, error)
}

// Load builds the organization's report of the week starting at monday:
// its days and the week before (for the trend), and the week's
// recommendations.
func Load(ctx context.Context, days Days, recs budget.Store, orgID, orgName string, monday time.Time) (Report, error) {
	monday = Monday(monday)
	ds, names, err := days.Week(ctx, orgID, monday.AddDate(0, 0, -7), monday.AddDate(0, 0, 7))
	if err != nil {
		return Report{}, fmt.Errorf("metrics: %w", err)
	}
	rs, err := WeekRecommendations(ctx, recs, orgID, monday)
	if err != nil {
		return Report{}, fmt.Errorf("recommendations: %w", err)
	}
	return Build(orgName, monday, ds, names, rs), nil
}

// WeekRecommendations reads the recommendations made for the week
// starting at monday: their IDs start with the week, so the read starts
// there and stops past it.
func WeekRecommendations(ctx context.Context, s budget.Store, orgID string, monday time.Time) ([]budget.Recommendation, error) {
	ws := monday.Format(time.DateOnly)
	prefix := "rec_" + strings.ReplaceAll(ws, "-", "") + "_"
	after := strings.TrimSuffix(prefix, "_")
	var out []budget.Recommendation
	for {
		page, next, err := s.List(ctx, orgID, after, 100)
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			if !strings.HasPrefix(r.ID, prefix) {
				return out, nil
			}
			if r.WeekStart == ws {
				out = append(out, r)
			}
		}
		if next == "" {
			return out, nil
		}
		after = next
	}
}
