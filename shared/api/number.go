package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// jsonInt is an integer field of a request body. JSON has one number type
// and JSON Schema's "integer" is a value, not a spelling: 4500, 4500.0,
// 45e2 and 0.45e4 are all the integer 4500, and clients (JavaScript among
// them) may send any of them. A fraction (4500.5) or a number beyond int64
// decodes too, and the checker refuses it naming the field, as it does a
// number out of the field's range. A string or any other type is a 400
// naming the field, like every wrong type.
type jsonInt struct {
	n int64
	// whole: an integer; fits: within int64 (only meaningful when whole).
	whole, fits bool
}

var int64Type = reflect.TypeFor[int64]()

func (v *jsonInt) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		kind := "string"
		switch s[0] {
		case '{':
			kind = "object"
		case '[':
			kind = "array"
		case 't', 'f':
			kind = "bool"
		}
		return &json.UnmarshalTypeError{Value: kind, Type: int64Type}
	}
	v.n, v.whole, v.fits = parseWhole(s)
	return nil
}

// parseWhole reads a JSON number (already well formed: the decoder
// checked its grammar) without floating point, so 9007199254740993 stays
// exact and 1e999999999 costs nothing: n is its value when whole and fits.
func parseWhole(s string) (n int64, whole, fits bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	e := -len(frac)
	if exp != "" {
		x, err := strconv.Atoi(exp)
		if err != nil { // beyond int: clamp, the digits decide below
			x = 1 << 30
			if strings.HasPrefix(exp, "-") {
				x = -x
			}
		}
		e += max(min(x, 1<<30), -(1 << 30))
	}
	if digits == "" {
		return 0, true, true
	}
	for strings.HasSuffix(digits, "0") {
		digits, e = digits[:len(digits)-1], e+1
	}
	switch {
	case e < 0:
		return 0, false, false
	case len(digits)+e > 19:
		return 0, true, false
	}
	u, err := strconv.ParseUint(digits+strings.Repeat("0", e), 10, 64)
	switch {
	case err != nil, !neg && u > 1<<63-1, neg && u > 1<<63:
		return 0, true, false
	case neg:
		return int64(-u), true, true
	}
	return int64(u), true, true
}

// integer checks an integer field against its range.
func (c *checker) integer(field string, v *jsonInt, min, max int64) int64 {
	switch {
	case !v.whole:
		c.fail(field, "must be a whole number between %d and %d", min, max)
	case !v.fits || v.n < min || v.n > max:
		c.fail(field, "must be between %d and %d", min, max)
	}
	return v.n
}
