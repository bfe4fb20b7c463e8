// Package awsclient loads the AWS SDK configuration once per container.
//
// Endpoints come only from the SDK's standard variables (AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_DYNAMODB, ...), so the same binary talks to AWS in Lambda
// and to the emulators on a laptop, with no "local" branch in the code.
package awsclient

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"
)

// Load returns the shared SDK configuration. Call it in main, at init: Lambda
// reuses the container, so clients built from it live across invocations.
func Load(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx,
		// The SDK's own warnings go through slog, as JSON lines with the
		// function's other logs, instead of plain text on stderr.
		config.WithLogger(sdkLogger{}),
		config.WithRetryer(func() aws.Retryer {
			// Standard retries with a bounded backoff: a Lambda has a deadline,
			// and SQS redelivers what we fail to finish.
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = 4
				o.MaxBackoff = 2 * time.Second
			})
		}),
	)
}

type sdkLogger struct{}

func (sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	level := slog.LevelWarn
	if c == logging.Debug {
		level = slog.LevelDebug
	}
	slog.Log(context.Background(), level, "aws sdk: "+fmt.Sprintf(format, v...))
}
