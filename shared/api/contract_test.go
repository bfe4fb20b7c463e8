package api_test

import (
	"net/http"

	"github.com/medspa-ai/backend/infra/apicontract"
)

// The checks against the OpenAPI document live in infra/apicontract, shared
// with the local stack's contract test; these adapt them to the harness.

func (w *world) doc() *apicontract.Doc {
	if w.contract == nil {
		w.contract = apicontract.New(w.openapi)
	}
	return w.contract
}

// conforms checks a response against the OpenAPI document (status,
// content type, required headers, body schema; 405 and unknown-path 404
// against the path's responses and the Problem schema).
func (w *world) conforms(method, target string, r resp) error {
	h := http.Header{}
	for k, v := range r.headers {
		h.Set(k, v)
	}
	return w.doc().Conforms(method, target, r.status, h, r.body)
}

// resolve follows a response's $ref into components.responses.
func (w *world) resolve(res map[string]any) map[string]any { return w.doc().Resolve(res) }

// check validates v against the subset of JSON Schema the document uses.
func (w *world) check(s map[string]any, v any, at string) error { return w.doc().Check(s, v, at) }

func asMap(v any) map[string]any { return apicontract.AsMap(v) }
