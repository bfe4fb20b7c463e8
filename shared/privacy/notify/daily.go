package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/privacy"
)

// DailyName is the daily schedule's input name (template.yaml,
// PrivacyFunction).
const DailyName = "privacy-daily"

// Daily is the privacy function's daily run: it closes requests still
// unverified after privacy.VerifyWindow (with their notice), hands over
// again every notice left unsent, and emails the privacy team's summary.
type Daily struct {
	// Service's Notify delivers at once (Inline): this already runs in
	// the function that sends.
	Service privacy.Service
	Sender  email.Sender
	// Team is the privacy team's address (template parameter
	// PrivacyTeamEmail).
	Team string
	// Claims keeps the summary to one email per scheduled day when the
	// scheduler retries an invocation.
	Claims idempotency.Store
	Log    *slog.Logger
}

// DailyResult says what a run did.
type DailyResult struct {
	Day     string `json:"day"`
	Closed  int    `json:"closed"`
	Resent  int    `json:"resent"`
	DueSoon int    `json:"dueSoon"`
	Overdue int    `json:"overdue"`
	// Summary is the summary email's message ID ("" when a retry found it
	// already sent).
	Summary string `json:"summary,omitempty"`
}

// Run is the schedule event's handler (not named Handle: infra/iam counts
// every Handle method as reachable, since slog calls its handlers'). Each
// part runs even when an earlier one failed; the error names every
// failure and the scheduler retries (closing and resending are
// idempotent, the summary is claimed).
func (d Daily) Run(ctx context.Context, ev schedule.Event) (DailyResult, error) {
	at, err := ev.Due(DailyName, d.Service.Now())
	if err != nil {
		return DailyResult{}, err
	}
	res := DailyResult{Day: at.UTC().Format(time.DateOnly)}
	var errs []error
	if res.Closed, err = d.Service.CloseStale(ctx); err != nil {
		errs = append(errs, fmt.Errorf("close unverified: %w", err))
	}
	if res.Resent, err = d.Service.SweepNotices(ctx); err != nil {
		errs = append(errs, fmt.Errorf("resend notices: %w", err))
	}
	sum, err := d.Service.Summarize(ctx)
	if err != nil {
		errs = append(errs, fmt.Errorf("summary: %w", err))
	} else {
		res.DueSoon, res.Overdue = sum.DueSoon, sum.Overdue
		out, err := d.Claims.Do(ctx, "privacy#summary#"+res.Day, "", func(ctx context.Context) ([]byte, error) {
			id, err := Summary(ctx, d.Sender, d.Team, at, sum)
			return []byte(id), err
		})
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("summary email: %w", err))
		case !out.Replayed:
			res.Summary = string(out.Result)
		}
	}
	if d.Log != nil {
		d.Log.InfoContext(ctx, "privacy daily run", "day", res.Day, "closed", res.Closed, "resent", res.Resent,
			"dueSoon", res.DueSoon, "overdue", res.Overdue, "summarySent", res.Summary != "")
	}
	return res, errors.Join(errs...)
}
