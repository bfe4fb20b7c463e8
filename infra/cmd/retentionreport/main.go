// Command retentionreport prints the retention report (the same as
// GET /v1/privacy/retention) for operators:
//
//	go run ./infra/cmd/retentionreport [-prefix dev-] [-json]
//
// One line per data category: schedule, live items, the item nearest its
// limit, items due, legal holds, the last 30 days' deletions by TTL and by
// the sweep, flags; then every flag. The endpoints come from the SDK's
// standard variables (for the emulators: eval "$(infra/emulators.sh env)").
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func main() {
	prefix := flag.String("prefix", "dev-", "the stack's table name prefix (<prefix>AccountTable, ...)")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()
	if err := run(context.Background(), *prefix, *asJSON, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "retentionreport:", err)
		os.Exit(1)
	}
}
