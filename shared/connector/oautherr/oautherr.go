// Package oautherr turns the errors of the ad platforms' OAuth and HTTP
// calls into what a client may return and log: without the URLs (whose
// queries can carry secrets and tokens), and a refused authorization code
// as connector.ErrInvalidCode.
package oautherr

import (
	"errors"
	"fmt"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/medspa-ai/backend/shared/connector"
)

// Safe describes err without its URL or response body.
func Safe(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		return fmt.Sprintf("HTTP %d %s", re.Response.StatusCode, re.ErrorCode)
	}
	return "request failed"
}

// Exchange is the error of a failed code exchange: the platform's refusal
// (a 4xx) is connector.ErrInvalidCode, anything else a failure named for
// the client (prefix, as "meta").
func Exchange(prefix string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
		return connector.ErrInvalidCode
	}
	return fmt.Errorf("%s: code exchange: %s", prefix, Safe(err))
}
