// Package webhook serves the payment processor's webhook (POST
// /webhooks/stripe), routed by API Gateway without the JWT authorizer: the
// signature is the authentication. A bad signature is a 400 and nothing is
// stored; each event ID is claimed in the idempotency store, so a
// redelivered event has one effect; every verified event, handled or not,
// is acknowledged with 200 so the processor stops retrying it.
package webhook

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/platform/idempotency"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// MaxBody bounds an event's size (Stripe's events are a few KB).
const MaxBody = 256 << 10

// Verifier checks an event's signature and decodes it (stripeproc.Verifier).
type Verifier interface {
	Verify(ctx context.Context, payload []byte, header string) (billing.Event, error)
}

// Handler serves the webhook.
type Handler struct {
	Verifier Verifier
	Service  billing.Service
	Claims   idempotency.Store
	Log      *slog.Logger
}

// New returns the /webhooks routes.
func New(h Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhooks/stripe", h.stripe)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, problem.NotFound("No webhook route for "+r.Method+" "+r.URL.Path+"."))
	})
	return mux
}

func (h Handler) stripe(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil || len(body) > MaxBody {
		problem.Write(w, problem.New(http.StatusRequestEntityTooLarge, "payload-too-large", "Payload too large", "An event is at most 256 KiB."))
		return
	}
	// The Lambda proxy adapter splits header values at commas; Stripe's
	// header (t=...,v1=...) is joined back.
	e, err := h.Verifier.Verify(ctx, body, strings.Join(r.Header.Values("Stripe-Signature"), ","))
	switch {
	case errors.Is(err, billing.ErrSignature):
		h.Log.WarnContext(ctx, "webhook signature refused", "reason", err.Error())
		problem.Write(w, problem.New(http.StatusBadRequest, "webhook-signature", "Bad signature",
			"The Stripe-Signature header is missing, does not match the payload, or is older than 5 minutes."))
		return
	case errors.Is(err, billing.ErrMalformed):
		h.Log.WarnContext(ctx, "webhook event malformed", "reason", err.Error())
		problem.Write(w, problem.BadRequest("The event cannot be decoded."))
		return
	case err != nil:
		h.Log.ErrorContext(ctx, "webhook verification failed", "error", err.Error())
		problem.Write(w, problem.Internal(""))
		return
	}
	out, err := h.Claims.Do(ctx, "stripe#"+e.ID, e.Type, func(ctx context.Context) ([]byte, error) {
		o, err := h.Service.Apply(ctx, e)
		return []byte(o), err
	})
	switch {
	case errors.Is(err, idempotency.ErrInProgress):
		w.Header().Set("Retry-After", "5")
		problem.Write(w, problem.New(http.StatusConflict, "in-progress", "Event in progress", "This event is being processed; it will be acknowledged on a later delivery."))
		return
	case err != nil:
		// Not acknowledged: the processor delivers it again later.
		h.Log.ErrorContext(ctx, "webhook event failed", "event", e.ID, "type", e.Type, "error", err.Error())
		problem.Write(w, problem.Internal(""))
		return
	}
	if out.Replayed {
		h.Log.InfoContext(ctx, "webhook event already processed", "event", e.ID, "type", e.Type, "outcome", string(out.Result))
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"received":true,"outcome":"` + string(out.Result) + `"}`))
}
