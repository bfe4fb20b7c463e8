package assets_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/audit/auditdb"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/platform/schedule"
	"github.com/medspa-ai/backend/shared/retention"
	"github.com/medspa-ai/backend/shared/retention/sweep"
)

// TestFilesFollowTheirRecords: a content request's record names its files
// (dynamo.Objects); when the record expires, the retention sweep deletes
// the files from the bucket, then the record, so no image outlives it.
func TestFilesFollowTheirRecords(t *testing.T) {
	ctx := context.Background()
	e := newGeneration(t)
	orgID := ids.New("org")
	r := content.Request{OrgID: orgID, ID: ids.New("cr"), Kind: content.Image, Placement: rules.MetaFeed, Service: "HydraFacial", Offer: "$50 off",
		CTA: "Book now", Variants: 2, Brand: content.Brand{CompanyName: "Lumen Aesthetics"}, Status: content.Queued, CreatedAt: time.Now()}
	if err := e.store.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := e.g.Run(ctx, orgID, r.ID); err != nil {
		t.Fatal(err)
	}
	got, _, _ := e.store.Get(ctx, orgID, r.ID)
	if got.Status != content.Ready || len(got.Results) != 2 {
		t.Fatalf("%s %s", got.Status, got.Reason)
	}
	s3c := s3.NewFromConfig(e.cfg, func(o *s3.Options) { o.UsePathStyle = true })
	count := func() int {
		out, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(e.bucket), Prefix: aws.String("assets/" + orgID + "/")})
		if err != nil {
			t.Fatal(err)
		}
		return len(out.Contents)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d files before the sweep", n)
	}
	// The organization's relationship ended 3 years and a day ago.
	key := dynamo.Key("ORG#"+orgID, "CONTENT#"+r.ID)
	past := time.Now().Add(-time.Hour).Unix()
	if _, err := e.account.Update(ctx, key, &dynamodb.UpdateItemInput{UpdateExpression: aws.String("SET expiresAt = :e, expBucket = :b"),
		ExpressionAttributeValues: dynamo.Item{":e": dynamo.N(past), ":b": e.account.BucketAV(key, past)}}); err != nil {
		t.Fatal(err)
	}
	privacy := testenv.Table(t, retention.Privacy)
	var logs bytes.Buffer
	s := sweep.Sweeper{Tables: []*dynamo.Table{e.account}, Audit: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)), Checkpoints: sweep.TableCheckpoints{Table: privacy},
		Files: e.files, Log: logging.New(&logs, "INFO"), Now: time.Now}
	res, err := s.Handle(ctx, sweep.Event{Event: schedule.Event{Schedule: sweep.Name}})
	if err != nil {
		t.Fatalf("%v\n%s", err, logs.String())
	}
	if len(res) != 1 || res[0].Files != 2 {
		t.Fatalf("sweep: %+v", res)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d files outlived their record", n)
	}
	if _, found, _ := e.store.Get(ctx, orgID, r.ID); found {
		t.Fatal("the expired record is still readable")
	}
	if testenv.Stored(t, e.account, key) != nil {
		t.Fatal("the record is still in the table")
	}
}
