// Package api is the public HTTP API. The same http.Handler runs in Lambda
// (through aws-lambda-go-api-proxy, HTTP API payload 2.0) and behind the
// local gateway.
package api

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/medspa-ai/backend/shared/buildinfo"
	"github.com/medspa-ai/backend/shared/problem"
)

// Deps are what the handlers need.
type Deps struct {
	Log   *slog.Logger
	Stage string
}

// New returns the API's handler.
func New(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, Health{Status: "ok", Stage: d.Stage, Version: buildinfo.Version, Commit: buildinfo.Commit, BuildTime: buildinfo.BuildTime})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem.Write(w, problem.NotFound("No route for "+r.Method+" "+r.URL.Path+"."))
	})
	return mux
}

// Health is the answer of GET /v1/health.
type Health struct {
	Status    string `json:"status"`
	Stage     string `json:"stage"`
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildTime string `json:"buildTime"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
