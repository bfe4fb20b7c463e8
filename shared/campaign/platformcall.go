package campaign

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/medspa-ai/backend/shared/connector"
)

// maxAnswer bounds what an ad platform's answer may be read to.
const maxAnswer = 4 << 20

// Call sends req, one call of a platform's write API that the adapter
// named (as "Meta" or "Google Ads", in messages), and decodes the JSON
// answer into v. An unreachable platform and an answer that is not JSON
// are retryable PlatformErrors; an answer of status 300 or more is what
// refused makes of its status and body (the platform's own error shape).
func Call(hc *http.Client, req *http.Request, p connector.Platform, name string, refused func(status int, body []byte) error, v any) error {
	resp, err := hc.Do(req)
	if err != nil {
		return &PlatformError{Platform: p, Code: "network", Message: name + " could not be reached", Retryable: true}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return refused(resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &PlatformError{Platform: p, Code: "bad-response", Message: name + " answered with something other than JSON", Retryable: true}
	}
	return nil
}
