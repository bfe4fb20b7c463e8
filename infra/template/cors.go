package template

import (
	"encoding/json"
	"fmt"
)

// HttpApiType is SAM's HTTP API resource type.
const HttpApiType = "AWS::Serverless::HttpApi"

// Cors is an HTTP API's CorsConfiguration, resolved.
type Cors struct {
	AllowOrigins     []string `json:"allowOrigins"`
	AllowMethods     []string `json:"allowMethods"`
	AllowHeaders     []string `json:"allowHeaders"`
	ExposeHeaders    []string `json:"exposeHeaders"`
	MaxAge           int      `json:"maxAge"`
	AllowCredentials bool     `json:"allowCredentials"`
}

// Cors resolves the CorsConfiguration of the HTTP API apiID; nil when it has
// none.
func (r *Resolver) Cors(apiID string) (*Cors, error) {
	res, ok := r.T.Resources[apiID]
	if !ok || res.Type != HttpApiType {
		return nil, fmt.Errorf("no %s %s", HttpApiType, apiID)
	}
	raw, ok := res.Properties["CorsConfiguration"]
	if !ok {
		return nil, nil
	}
	v, err := r.Resolve(raw)
	if err != nil {
		return nil, fmt.Errorf("%s CorsConfiguration: %w", apiID, err)
	}
	b, _ := json.Marshal(v)
	var c Cors
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s CorsConfiguration: %w", apiID, err)
	}
	return &c, nil
}
