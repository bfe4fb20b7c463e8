// Package oauth serves the ad platforms' OAuth redirects (/oauth/...). The
// state parameter is single-use: it is created when a member starts a
// connection (ephemeral category, minutes) and consumed here with a
// conditional delete, so a replayed or forged callback is refused.
//
// This package validates the callback and consumes its state; exchanging
// the code for tokens belongs to the Meta and Google connectors and answers
// 501 until they are deployed.
package oauth

import (
	"log/slog"
	"net/http"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// Handler serves the callbacks.
type Handler struct {
	States connector.States
	Log    *slog.Logger
}

// New returns the /oauth routes.
func New(h Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/{provider}/callback", h.callback)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, problem.NotFound("No OAuth route for "+r.Method+" "+r.URL.Path+"."))
	})
	return mux
}

func (h Handler) callback(w http.ResponseWriter, r *http.Request) {
	provider := r.PathValue("provider")
	if !connector.Platform(provider).Valid() {
		problem.Write(w, problem.NotFound("Unknown provider "+provider+"; use meta or google."))
		return
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		// The member declined or the platform refused; nothing to store.
		problem.Write(w, problem.New(http.StatusBadRequest, "oauth-denied", "Authorization was not granted", "The platform answered "+e+"."))
		return
	}
	var errs []problem.FieldError
	for _, f := range []string{"code", "state"} {
		if v := q.Get(f); v == "" || len(v) > 2048 {
			errs = append(errs, problem.FieldError{Field: f, Reason: "required, at most 2048 characters"})
		}
	}
	if len(errs) > 0 {
		problem.Write(w, problem.BadRequest("The callback is missing parameters.", errs...))
		return
	}
	ok, err := h.States.Consume(r.Context(), q.Get("state"), connector.Platform(provider))
	if err != nil {
		h.Log.ErrorContext(r.Context(), "oauth state lookup failed", "provider", provider, "error", err.Error())
		problem.Write(w, problem.Internal(""))
		return
	}
	if !ok {
		problem.Write(w, problem.New(http.StatusBadRequest, "oauth-state", "Unknown or expired state",
			"This authorization link is unknown, expired or already used; start the connection again."))
		return
	}
	problem.Write(w, problem.New(http.StatusNotImplemented, "connector-unavailable", "Connector not deployed",
		"The "+provider+" token exchange is not available in this deployment yet."))
}
