// Package problem writes RFC 9457 application/problem+json responses with a
// stable type URI per kind of failure, so clients branch on `type`, never on
// the human-readable text.
package problem

import (
	"encoding/json"
	"net/http"
)

// TypeBase prefixes every problem type; the suffix is the stable part.
const TypeBase = "https://api.medspa.ai/problems/"

// FieldError names one invalid field and why.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"requestId,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
}

// New builds a problem whose type is TypeBase+slug.
func New(status int, slug, title, detail string) *Problem {
	return &Problem{Type: TypeBase + slug, Title: title, Status: status, Detail: detail}
}

// Error lets a Problem travel as an error through handlers.
func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// Common problems. Each returns a fresh value so callers may add fields.
func BadRequest(detail string, errs ...FieldError) *Problem {
	p := New(http.StatusBadRequest, "bad-request", "The request is malformed", detail)
	p.Errors = errs
	return p
}
func Validation(errs ...FieldError) *Problem {
	p := New(http.StatusUnprocessableEntity, "validation", "Some fields are invalid", "See errors for each field.")
	p.Errors = errs
	return p
}
func Unauthorized() *Problem {
	return New(http.StatusUnauthorized, "unauthorized", "Authentication required", "A valid bearer token is required.")
}
func Forbidden(detail string) *Problem {
	return New(http.StatusForbidden, "forbidden", "Not allowed", detail)
}
func NotFound(detail string) *Problem {
	return New(http.StatusNotFound, "not-found", "Not found", detail)
}
func Internal(requestID string) *Problem {
	p := New(http.StatusInternalServerError, "internal", "Internal error", "Something went wrong on our side; quote the request ID when contacting support.")
	p.RequestID = requestID
	return p
}

// Write sends p as the response.
func Write(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
