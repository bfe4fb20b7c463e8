package oautherr

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/medspa-ai/backend/shared/connector"
)

func TestSafeLeavesTheURLOut(t *testing.T) {
	err := &url.Error{Op: "Get", URL: "https://graph.example/x?client_secret=s3cret", Err: errors.New("timeout")}
	if got := Safe(err); got != "Get: timeout" || strings.Contains(got, "s3cret") {
		t.Fatalf("Safe = %q", got)
	}
	re := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant", Body: []byte("token=s3cret")}
	if got := Safe(re); got != "HTTP 400 invalid_grant" {
		t.Fatalf("Safe = %q", got)
	}
	if got := Safe(errors.New("https://x/?token=s3cret")); got != "request failed" {
		t.Fatalf("Safe = %q", got)
	}
}

func TestExchange(t *testing.T) {
	refused := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}}
	if err := Exchange("meta", refused); !errors.Is(err, connector.ErrInvalidCode) {
		t.Fatalf("a refused code: %v", err)
	}
	down := &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}
	if err := Exchange("google", down); errors.Is(err, connector.ErrInvalidCode) || err.Error() != "google: code exchange: HTTP 503 " {
		t.Fatalf("an outage: %v", err)
	}
}
