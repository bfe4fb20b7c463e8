package local

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// PrepareSample readies the local stack and a sample event of events/ for
// one run, as `make invoke` does: the demo organization and owner the
// samples act as are reset to their seeded state (so each sample does what
// its name says, every time: the update's If-Match "1" matches, the
// invitation is new), and the event's names of resources (logical IDs, as
// in `table/AnalyticsTable/stream/...`) become the local stack's.
func PrepareSample(ctx context.Context, cfg aws.Config, st *provision.Stack, event []byte) ([]byte, error) {
	if err := ResetDemo(ctx, cfg, st); err != nil {
		return nil, fmt.Errorf("reset the demo organization: %w", err)
	}
	return LocalizeEvent(st, event), nil
}

// LocalizeEvent rewrites the table names in an event's ARNs from the
// template's logical IDs to the local physical names.
func LocalizeEvent(st *provision.Stack, event []byte) []byte {
	s := string(event)
	for id, res := range st.Resources {
		if res.Ref != "" && res.Ref != id && strings.Contains(s, "table/"+id+"/") {
			s = strings.ReplaceAll(s, ":table/"+id+"/", ":table/"+res.Ref+"/")
		}
	}
	return []byte(s)
}

// ResetDemo deletes what the samples change (the demo organization's
// partition, the demo owner's profile and preferences, the API's
// idempotency records) and seeds the organization and owner again.
func ResetDemo(ctx context.Context, cfg aws.Config, st *provision.Stack) error {
	db := dynamodb.NewFromConfig(cfg)
	account, err1 := st.Table(db, retention.Account)
	marketing, err2 := st.Table(db, retention.Marketing)
	ephemeral, err3 := st.Table(db, retention.Ephemeral)
	if err := errors.Join(err1, err2, err3); err != nil {
		return err
	}
	user := "USER#" + ids.UserID(DemoOwner)
	for _, part := range []struct {
		t  *dynamo.Table
		pk string
	}{{account, "ORG#" + DemoOrg}, {account, user}, {marketing, user}} {
		in := &dynamodb.QueryInput{ConsistentRead: aws.Bool(true), KeyConditionExpression: aws.String("pk = :p"),
			ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(part.pk)}, ProjectionExpression: aws.String("pk, sk")}
		if err := part.t.QueryPagesWithExpired(ctx, in, deleteEach(ctx, part.t)); err != nil {
			return err
		}
	}
	// Idempotency records of the local API: the samples' keys would
	// replay answers about what was just deleted.
	in := &dynamodb.ScanInput{FilterExpression: aws.String("begins_with(pk, :p)"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S("IDEMP#api#")}, ProjectionExpression: aws.String("pk, sk")}
	if err := ephemeral.ScanPagesWithExpired(ctx, in, deleteEach(ctx, ephemeral)); err != nil {
		return err
	}
	if err := EnsureMember(ctx, cfg, st, Member{OrgID: DemoOrg, Subject: DemoOwner, Email: DemoEmail, Role: org.Owner}); err != nil {
		return err
	}
	return seedContent(ctx, account)
}

// The content requests the contentgen samples generate, queued as the API
// leaves them.
var demoContent = []content.Request{
	{ID: "cr_samplecopyaaaaaaaaaaaaaa", Kind: content.Copy},
	{ID: "cr_sampleimageaaaaaaaaaaaaaa", Kind: content.Image},
}

func seedContent(ctx context.Context, account *dynamo.Table) error {
	store, err := contentdb.New(account)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	for _, r := range demoContent {
		r.OrgID, r.Placement, r.Service, r.Offer, r.CTA, r.Variants = DemoOrg, rules.MetaFeed, "HydraFacial", "20% off your first visit", "Book now", 1
		r.Brand = content.Brand{CompanyName: "Glow Med Spa", BrandVoice: "warm, expert, never pushy", Services: []string{"HydraFacial", "Microneedling"}, Locations: []string{"Austin, TX"}}
		r.Status, r.CreatedBy, r.CreatedAt, r.UpdatedAt, r.Version = content.Queued, ids.UserID(DemoOwner), now, now, 1
		if err := store.Create(ctx, r); err != nil {
			return fmt.Errorf("seed content request %s: %w", r.ID, err)
		}
	}
	return nil
}

// deleteEach returns a page handler that deletes the page's items (read
// with projection pk, sk) one at a time.
func deleteEach(ctx context.Context, t *dynamo.Table) func([]dynamo.Item) error {
	return func(keys []dynamo.Item) error {
		for _, k := range keys {
			if _, err := t.Delete(ctx, k, nil); err != nil {
				return err
			}
		}
		return nil
	}
}
