// Package awsclient builds the AWS SDK configuration once per container.
//
// Endpoints come only from the SDK's standard variables (AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_DYNAMODB, ...), so the same binary talks to AWS in Lambda
// and to the emulators on a laptop, with no "local" branch in the code.
//
// It reads the environment itself instead of using the SDK's config
// package: in Lambda everything (region, the role's credentials) is in the
// environment, and the config package's shared-file, SSO, STS and IMDS
// providers would add megabytes to every bootstrap and milliseconds to
// every cold start for sources Lambda never uses.
package awsclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/logging"
)

// Load returns the shared SDK configuration from the environment: AWS_REGION,
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (Lambda sets
// them from the function's role) and the AWS_ENDPOINT_URL* variables.
func Load(_ context.Context) (aws.Config, error) {
	return FromEnv(os.LookupEnv)
}

// FromEnv is Load with the environment given.
func FromEnv(lookup func(string) (string, bool)) (aws.Config, error) {
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	region := get("AWS_REGION")
	if region == "" {
		region = get("AWS_DEFAULT_REGION")
	}
	var missing []string
	if region == "" {
		missing = append(missing, "AWS_REGION")
	}
	key, secret := get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		missing = append(missing, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	if len(missing) > 0 {
		return aws.Config{}, errors.New("awsclient: " + strings.Join(missing, ", ") + " not set (Lambda sets them; locally `eval \"$(infra/emulators.sh env)\"`)")
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, get("AWS_SESSION_TOKEN"))),
		HTTPClient:  awshttp.NewBuildableClient(),
		// The SDK's own warnings go through slog, as JSON lines with the
		// function's other logs.
		Logger: sdkLogger{},
		Retryer: func() aws.Retryer {
			// Standard retries with a bounded backoff: a Lambda has a
			// deadline, and SQS redelivers what we fail to finish.
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 4
				o.MaxBackoff = 2 * time.Second
			})
		},
		ConfigSources: []any{endpoints{get}},
	}
	if v := get("AWS_ENDPOINT_URL"); v != "" && !ignoreEndpoints(get) {
		cfg.BaseEndpoint = aws.String(v)
	}
	return cfg, nil
}

// endpoints answers the service clients' question "is there a configured
// endpoint for service X?" from AWS_ENDPOINT_URL_<SERVICE_ID>, as the SDK's
// config package does.
type endpoints struct{ get func(string) string }

func (e endpoints) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	if ignoreEndpoints(e.get) {
		return "", false, nil
	}
	v := e.get("AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(sdkID, " ", "_")))
	return v, v != "", nil
}

func (e endpoints) GetIgnoreConfiguredEndpoints(context.Context) (bool, bool, error) {
	return ignoreEndpoints(e.get), true, nil
}

func ignoreEndpoints(get func(string) string) bool {
	return strings.EqualFold(get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true")
}

type sdkLogger struct{}

func (sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	slog.Log(context.Background(), sdkLevel(c, msg), "aws sdk: "+msg)
}

// sdkLevel is the level of an SDK message. The DynamoDB client checks a
// CRC32 of every response even when the response has no X-Amz-Crc32
// header, as DynamoDB's error responses (a failed condition: every
// idempotent retry and stale update) often have not, and then warns that
// closing the body failed (aws/aws-sdk-go-v2#3545). That warning is noise
// on-call would learn to ignore, so it is debug; a response that carries
// the header is still checked.
func sdkLevel(c logging.Classification, msg string) slog.Level {
	if c == logging.Debug || strings.Contains(msg, "failed to close HTTP response body") && strings.Contains(msg, "did not match expected checksum, 0,") {
		return slog.LevelDebug
	}
	return slog.LevelWarn
}
