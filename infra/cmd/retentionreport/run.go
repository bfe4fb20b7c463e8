package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/platform/awsclient"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/holds/holdsdb"
	"github.com/medspa-ai/backend/shared/retention/report"
	"github.com/medspa-ai/backend/shared/retention/report/reportdb"
)

func run(ctx context.Context, prefix string, asJSON bool, out io.Writer) error {
	cfg, err := awsclient.Load(ctx)
	if err != nil {
		return err
	}
	db := dynamodb.NewFromConfig(cfg)
	tables := map[retention.Category]*dynamo.Table{}
	var all []*dynamo.Table
	for _, c := range retention.Categories {
		t, err := dynamo.NewTable(db, prefix+provision.TableIDs[c], c, retention.Default)
		if err != nil {
			return err
		}
		tables[c] = t
		all = append(all, t)
	}
	held, err := holdsdb.New(tables[retention.Account])
	if err != nil {
		return err
	}
	trail, err := auditdb.New(tables[retention.Privacy])
	if err != nil {
		return err
	}
	src := reportdb.Source{Tables: all, Describe: db, Checkpoints: reportdb.SweepCheckpoints{Table: tables[retention.Privacy]}, Held: held, Tallies: trail}
	rep, err := report.Build(ctx, src, retention.Default, time.Now())
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return print(out, rep)
}

func print(out io.Writer, rep report.Report) error {
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "retention report %s (deletions: last %d days)\n", rep.GeneratedAt.Format(time.RFC3339), rep.WindowDays)
	fmt.Fprintln(w, "category\tlimit\tlive items\tnearest limit\tdue now\tholds\tdeleted ttl\tdeleted sweep\tearly\tflags")
	for _, c := range rep.Categories {
		limit := fmt.Sprintf("%dd", c.LimitDays)
		if c.FromEnd {
			limit += " after end"
		}
		nearest := "none within a year"
		if o := c.Oldest; o != nil {
			nearest = fmt.Sprintf("%s (%+dd)", o.ExpiresAt.Format(time.DateOnly), o.DaysLeft)
			if o.AgeDays != nil {
				nearest += fmt.Sprintf(", age %dd", *o.AgeDays)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%d\t%d\t%d\t%d\t%d/%d\t%s\n", c.Category, limit, c.LiveItems, nearest, c.DueNow, c.HoldsInForce,
			c.Deleted.ByTTL, c.Deleted.BySweep, c.Deleted.Early, c.Deleted.Judged, strings.Join(c.Flags, ","))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if len(rep.Flags) == 0 {
		_, err := fmt.Fprintln(out, "flags: none")
		return err
	}
	_, err := fmt.Fprintln(out, "flags: "+strings.Join(rep.Flags, " "))
	return err
}
