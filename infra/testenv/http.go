package testenv

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// Answer is an HTTP response read whole.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Call sends one request as a client would (http.DefaultClient, so
// redirects are followed), with each of header set, and reads the answer
// whole; a request that gets no answer fails the test. body may be nil.
func Call(t testing.TB, method, url string, body io.Reader, header map[string]string) Answer {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return Answer{res.StatusCode, res.Header, b}
}

// Bearer is the Authorization header of token.
func Bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// JSON is the body as a JSON object; nil when it is not one (the caller's
// checks of its fields then fail with the status and body in hand).
func (a Answer) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(a.Body, &m)
	return m
}
