// Package boot holds the few startup steps every function's main shares.
package boot

import (
	"context"
	"errors"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/medspa-ai/backend/shared/awsclient"
	"github.com/medspa-ai/backend/shared/config"
	"github.com/medspa-ai/backend/shared/dynamo"
	"github.com/medspa-ai/backend/shared/logging"
	"github.com/medspa-ai/backend/shared/retention"
)

// Logger is the function's JSON logger, every line tagged with fn. It is
// also slog's default, so libraries that log (the AWS SDK) log alike.
func Logger(fn string) *slog.Logger {
	l := logging.Default().With("fn", fn)
	slog.SetDefault(l)
	return l
}

// Must stops a cold start that cannot work, logging every reason at once:
// Lambda reports the init failure and nothing half-configured serves traffic.
func Must(log *slog.Logger, errs ...error) {
	if err := errors.Join(errs...); err != nil {
		log.Error("cannot start", "error", err.Error())
		os.Exit(1)
	}
}

// AWS loads the SDK configuration (endpoints from AWS_ENDPOINT_URL*).
func AWS(log *slog.Logger) aws.Config {
	cfg, err := awsclient.Load(context.Background())
	Must(log, err)
	return cfg
}

// Schedule reads PRIVACY_RECORD_RETENTION_MONTHS (default the policy's 24).
func Schedule(env *config.Env) retention.Schedule {
	s, err := retention.NewSchedule(env.Int("PRIVACY_RECORD_RETENTION_MONTHS", retention.MinPrivacyMonths, retention.MinPrivacyMonths))
	if err != nil {
		return retention.Default
	}
	return s
}

// Table binds the table named by env variable v to category c; problems are
// reported by Must through env.Err.
func Table(env *config.Env, db dynamo.API, v string, c retention.Category, s retention.Schedule) *dynamo.Table {
	name := env.Required(v)
	if name == "" {
		return nil
	}
	t, err := dynamo.NewTable(db, name, c, s)
	if err != nil {
		panic(err) // c is a constant: an unknown category is a programming error
	}
	return t
}
