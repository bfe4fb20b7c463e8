// Package benchkit is what the emulator benchmarks (bench-sweep,
// bench-sync) share: removing the tables a run made, and reading the
// process's peak memory for the result line.
package benchkit

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
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
