package metrics

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
)

// Pull is one request for an account's metrics.
type Pull struct {
	Conn   connector.Connection
	Tokens connector.Tokens
	// LoginCustomerID is the Google manager the account is reached through.
	LoginCustomerID string
	Level           Level
	// From and To are inclusive days of the account.
	From, To string
}

// Source is one platform's metrics API. Pages are handed to fn as they
// arrive, never collected, so memory does not grow with the range.
type Source interface {
	Platform() connector.Platform
	// Rows streams daily rows at p.Level.
	Rows(ctx context.Context, p Pull, fn func([]Row) error) error
	// Insights streams daily audience cells at campaign level.
	Insights(ctx context.Context, p Pull, fn func([]Insight) error) error
	// LoginCustomer finds the manager an account is reached through
	// ("" when it is reached directly or the platform has none).
	LoginCustomer(ctx context.Context, p Pull) (string, error)
}

// Throttled is a platform's rate limit: wait RetryAfter before the next
// call (the platform's own estimate when it gives one).
type Throttled struct {
	RetryAfter time.Duration
	Code       string
}

func (t *Throttled) Error() string {
	return fmt.Sprintf("rate limited by the platform (%s); retry in %s", t.Code, t.RetryAfter.Round(time.Second))
}

// ErrUnavailable: the platform answered 5xx or not at all; retry.
var ErrUnavailable = errors.New("the platform is unavailable")

// ActionTypes name the Meta action types counted as leads and as purchases
// (conversions with a value). Meta's "lead" already sums the lead action
// types below it, so counting it with onsite_conversion.lead_grouped would
// count leads twice.
type ActionTypes struct {
	Leads     []string
	Purchases []string
}

// DefaultActionTypes are what a med spa's Meta account reports.
var DefaultActionTypes = ActionTypes{Leads: []string{"lead"}, Purchases: []string{"offsite_conversion.fb_pixel_purchase"}}
