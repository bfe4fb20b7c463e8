package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/medspa-ai/backend/shared/platform/problem"
)

// maxBody bounds request bodies: the largest valid one (an org with every
// list full) is far below it.
const maxBody = 64 << 10

// readBody returns the raw JSON body, refusing other media types and
// oversized bodies before reading them whole.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return nil, errMediaType()
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		// JSON exchanged between systems is UTF-8 (RFC 8259 8.1): a body
		// declared in another charset would be read as something else.
		return nil, errOf(typeMediaType, "Send the body as application/json in UTF-8; charset "+strconv.Quote(cs)+" is not accepted.")
	}
	b, err := readCapped(w, r, maxBody)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, problem.BadRequest("A JSON body is required.")
	}
	return b, nil
}

// readCapped reads r's body whole if it is at most max bytes: a declared
// or actual longer one is the too-large problem, read no further.
func readCapped(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	if r.ContentLength > max {
		return nil, errTooLarge()
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, errTooLarge()
	case err != nil:
		return nil, problem.BadRequest("The body could not be read.")
	}
	return b, nil
}

// refuseBody refuses a body sent to a route that takes none: a client
// sending one means something the route would not do, so nothing is done.
// One byte is enough to tell; the rest is never read.
func refuseBody(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	var b [1]byte
	if n, _ := io.ReadFull(r.Body, b[:]); n == 0 {
		return nil
	}
	return problem.BadRequest("This operation takes no request body; send none.",
		problem.FieldError{Field: "body", Reason: "must be empty: this operation takes no request body"})
}

// decodeStrict decodes one JSON object into v, refusing unknown fields,
// wrong types and trailing data, and naming the field at fault. A body that
// another parser could read differently is refused too: invalid UTF-8
// (encoding/json would silently replace it) and a key given twice in one
// object (encoding/json keeps the last, and matches names regardless of
// case), so what is validated, guarded and stored is what was sent.
func decodeStrict(b []byte, v any) error {
	if !utf8.Valid(b) {
		return problem.BadRequest("The body is not valid UTF-8.")
	}
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
		if path := unknownField(b, reflect.TypeOf(v)); path == name || strings.HasSuffix(path, "."+name) {
			name = path // encoding/json names the key only; the client needs where it is
		}
		return problem.BadRequest("The body has a field this resource does not have.", problem.FieldError{Field: name, Reason: "unknown field"})
	default:
		return problem.BadRequest("The body is not valid JSON.")
	}
	if _, err := dec.Token(); err != io.EOF {
		return problem.BadRequest("The body must hold exactly one JSON object.")
	}
	if path, err := repeatedKey(b); err != nil {
		return problem.BadRequest("The body is not valid JSON.")
	} else if path != "" {
		return problem.BadRequest("The body names a field twice.", problem.FieldError{Field: path, Reason: "is given more than once"})
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// unknownField returns the path (monthlyBudgetCapsCents.tiktok,
// locations[2].zip) of the first key of the well-formed body b that the
// type t has no field for, matching names as encoding/json does
// (regardless of case); "" when there is none.
func unknownField(b []byte, t reflect.Type) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var walk func(path string, t reflect.Type) (string, error)
	walk = func(path string, t reflect.Type) (string, error) {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t != nil && reflect.PointerTo(t).Implements(unmarshalerType) {
			t = nil // decodes itself: no fields to name
		}
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, p, err := objectKey(dec, path)
				if err != nil {
					return "", err
				}
				var ft reflect.Type
				switch {
				case t == nil:
				case t.Kind() == reflect.Map:
					ft = t.Elem()
				case t.Kind() == reflect.Struct:
					f, ok := fieldNamed(t, k)
					if !ok {
						return p, nil
					}
					ft = f
				}
				if u, err := walk(p, ft); u != "" || err != nil {
					return u, err
				}
			}
		case json.Delim('['):
			var et reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				et = t.Elem()
			}
			for i := 0; dec.More(); i++ {
				if u, err := walk(fmt.Sprintf("%s[%d]", path, i), et); u != "" || err != nil {
					return u, err
				}
			}
		default:
			return "", nil
		}
		_, err = dec.Token() // the closing delimiter
		return "", err
	}
	u, _ := walk("", t)
	return u
}

// objectKey reads the next key of the object dec is in, and its path
// below the object's path (a.b for key b of a).
func objectKey(dec *json.Decoder, path string) (key, keyPath string, err error) {
	kt, err := dec.Token()
	if err != nil {
		return "", "", err
	}
	key, _ = kt.(string)
	if path == "" {
		return key, key, nil
	}
	return key, path + "." + key, nil
}

// fieldNamed is the type of the field of struct t that encoding/json
// decodes key into.
func fieldNamed(t reflect.Type, key string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f.Type, true
		}
	}
	return nil, false
}

// repeatedKey returns the path of the first key that an object of the
// (already decoded, so well-formed) body b repeats, compared as
// encoding/json matches names: ignoring case. "" when none repeats.
func repeatedKey(b []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var walk func(path string) (string, error)
	walk = func(path string) (string, error) {
		t, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, p, err := objectKey(dec, path)
				if err != nil {
					return "", err
				}
				fk := strings.ToLower(k)
				if seen[fk] {
					return p, nil
				}
				seen[fk] = true
				if dup, err := walk(p); dup != "" || err != nil {
					return dup, err
				}
			}
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if dup, err := walk(fmt.Sprintf("%s[%d]", path, i)); dup != "" || err != nil {
					return dup, err
				}
			}
		default:
			return "", nil
		}
		_, err = dec.Token() // the closing delimiter
		return "", err
	}
	return walk("")
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
