package api_test

import "testing"

// TestBodyIsReadOneWay: a body that parsers could read differently is
// refused naming the problem, instead of being silently altered or read
// by last-key-wins: invalid UTF-8, lone surrogates, and a key given twice
// (encoding/json matches names regardless of case, so "body" and "Body"
// are the same key).
func TestBodyIsReadOneWay(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"invalid UTF-8", "{\"kind\":\"support\",\"subject\":\"Hi \xff\xfe\",\"body\":\"Hello\"}", 400, ""},
		{"lone surrogate", `{"kind":"support","subject":"Hi \ud800","body":"Hello"}`, 422, "subject"},
		{"repeated key", `{"kind":"support","subject":"Hi","body":"Jane Doe had Botox on 3/4","body":"Hello"}`, 400, "body"},
		{"repeated key in another case", `{"kind":"support","subject":"Hi","body":"Hello","BODY":"Hello"}`, 400, "BODY"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, f.owner, "POST", f.path("/support-messages"), []byte(tc.body), nil)
			if r.status != tc.status {
				t.Fatalf("got %s", r)
			}
			if tc.field != "" {
				errs, _ := r.json(t)["errors"].([]any)
				if len(errs) == 0 || str(errs[0].(map[string]any), "field") != tc.field {
					t.Errorf("field %q not named: %s", tc.field, r)
				}
			}
		})
	}
	r := w.do(t, f.owner, "PATCH", f.path(""), []byte(`{"locations":[{"city":"Austin","state":"TX","city":"Dallas"}]}`), map[string]string{"If-Match": `"1"`})
	if r.status != 400 || str(r.json(t)["errors"].([]any)[0].(map[string]any), "field") != "locations[0].city" {
		t.Errorf("a repeated nested key: %s", r)
	}
	if p := must(t, w.do(t, f.owner, "GET", f.path("/support-messages"), nil, nil), 200); len(p["items"].([]any)) != 1 {
		t.Fatalf("a refused message was stored: %v", p)
	}
}
