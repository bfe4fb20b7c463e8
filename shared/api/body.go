package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/medspa-ai/backend/shared/problem"
)

// maxBody bounds request bodies: the largest valid one (an org with every
// list full) is far below it.
const maxBody = 64 << 10

// readBody returns the raw JSON body, refusing other media types and
// oversized bodies before reading them whole.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, errMediaType()
	}
	if r.ContentLength > maxBody {
		return nil, errTooLarge()
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, errTooLarge()
	case err != nil:
		return nil, problem.BadRequest("The body could not be read.")
	case len(bytes.TrimSpace(b)) == 0:
		return nil, problem.BadRequest("A JSON body is required.")
	}
	return b, nil
}

// decodeStrict decodes one JSON object into v, refusing unknown fields,
// wrong types and trailing data, and naming the field at fault.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &syn):
		return problem.BadRequest(fmt.Sprintf("The body is not valid JSON (at byte %d).", syn.Offset))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return problem.BadRequest("The body must be a JSON object.")
		}
		return problem.BadRequest("A field has the wrong type.", problem.FieldError{Field: typ.Field, Reason: "must be " + jsonType(typ.Type.Kind().String())})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return problem.BadRequest("The body has a field this resource does not have.", problem.FieldError{Field: name, Reason: "unknown field"})
	default:
		return problem.BadRequest("The body is not valid JSON.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return problem.BadRequest("The body must hold exactly one JSON object.")
	}
	return nil
}

func jsonType(kind string) string {
	switch {
	case kind == "string":
		return "a string"
	case kind == "bool":
		return "true or false"
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "an integer"
	case kind == "slice":
		return "an array"
	case kind == "struct", kind == "map", kind == "ptr":
		return "an object"
	}
	return "another type"
}
