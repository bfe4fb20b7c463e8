// Package benchkit is what the emulator benchmarks (bench-sweep,
// bench-sync, bench-privacy) share: provisioning their tables, removing
// them again, and reading the process's peak memory for the result line.
package benchkit

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/shared/platform/awsclient"
)

// DropTables deletes every table whose name starts with prefix (the run's
// own), turning deletion protection off first. Errors are ignored: a table
// left behind is only clutter on a local emulator.
func DropTables(db *dynamodb.Client, prefix string) {
	ctx := context.Background()
	out, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil {
		return
	}
	for _, n := range out.TableNames {
		if strings.HasPrefix(n, prefix) {
			db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String(n), DeletionProtectionEnabled: aws.Bool(false)})
			db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(n)})
		}
	}
}

// PeakRSSMiB is this process's peak resident set (VmHWM), 0 where
// /proc is not there.
func PeakRSSMiB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb / 1024
		}
	}
	return 0
}

// Provision is each benchmark's start: the emulators' configuration from
// the environment, and a fresh copy of template.yaml's resources under a
// prefix of name and the time (drop it with DropTables), its tables without
// streams (provision.Options.NoStreams: DynamoDB Local serializes writes to
// a database that has one; AWS does not).
func Provision(ctx context.Context, name string) (aws.Config, *provision.Stack, *dynamodb.Client, string, error) {
	if os.Getenv("AWS_ENDPOINT_URL") == "" {
		return aws.Config{}, nil, nil, "", errors.New("AWS_ENDPOINT_URL is not set: run `eval $(infra/emulators.sh env)` first (or use make)")
	}
	cfg, err := awsclient.Load(ctx)
	if err != nil {
		return aws.Config{}, nil, nil, "", err
	}
	prefix := fmt.Sprintf("%s%d-", name, time.Now().Unix())
	st, err := provision.ApplyFile(ctx, cfg, "template.yaml", provision.Options{Prefix: prefix, NoStreams: true})
	if err != nil {
		return aws.Config{}, nil, nil, "", err
	}
	return cfg, st, dynamodb.NewFromConfig(cfg), prefix, nil
}
