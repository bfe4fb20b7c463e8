// Command privacyaudit verifies privacy requests' audit trails in a
// privacy table (the same check as GET /v1/privacy/requests/{id}/audit/verify):
//
//	go run ./infra/cmd/privacyaudit [-table dev-PrivacyTable] [-request prq_...]
//
// It prints one line per request (`<id> ok entries=<n>` or `<id> BROKEN
// entries=<n> firstBadEntry=<k> <why>`) and exits 1 when any trail is
// broken. The endpoints come from the SDK's standard variables (for the
// emulators: eval "$(infra/emulators.sh env)").
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/platform/awsclient"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/privacydb"
	"github.com/medspa-ai/backend/shared/retention"
)

func main() {
	def := os.Getenv("PRIVACY_TABLE")
	if def == "" {
		def = "dev-PrivacyTable"
	}
	table := flag.String("table", def, "the privacy table")
	request := flag.String("request", "", "one request ID (default: every request)")
	flag.Parse()
	ctx := context.Background()
	cfg, err := awsclient.Load(ctx)
	if err != nil {
		fail(err)
	}
	tb, err := dynamo.NewTable(dynamodb.NewFromConfig(cfg), *table, retention.Privacy, retention.Default)
	if err != nil {
		fail(err)
	}
	s, err := privacydb.New(tb)
	if err != nil {
		fail(err)
	}
	ok, err := run(ctx, s, *request, os.Stdout)
	if err != nil {
		fail(err)
	}
	if !ok {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "privacyaudit:", err)
	os.Exit(2)
}

// run verifies one request's trail, or every request's, and reports
// whether all are intact.
func run(ctx context.Context, s privacy.Store, id string, w io.Writer) (bool, error) {
	var rs []privacy.Request
	if id != "" {
		r, err := s.Get(ctx, id)
		if err != nil {
			return false, err
		}
		rs = []privacy.Request{r}
	} else {
		var err error
		if rs, err = s.List(ctx); err != nil {
			return false, err
		}
	}
	all := true
	for _, r := range rs {
		es, err := s.Entries(ctx, r.ID)
		if err != nil {
			return false, err
		}
		res := audit.Verify(es, r.Audit)
		all = all && res.OK
		fmt.Fprintln(w, r.ID, res.Describe())
	}
	fmt.Fprintf(w, "privacyaudit requests=%d ok=%v\n", len(rs), all)
	return all, nil
}
