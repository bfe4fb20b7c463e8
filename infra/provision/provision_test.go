package provision_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/infra/testenv"
)

// TestTemplateIsProvisioned checks every table, queue, bucket and key of
// template.yaml against what the emulators now hold, from the template alone.
func TestTemplateIsProvisioned(t *testing.T) {
	ctx := context.Background()
	plain, _ := testenv.Stack(t)
	st, cfg := testenv.StreamedStack(t) // as deployed: the tests' copy has no streams
	tpl, err := template.Load(testenv.Root() + "/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ddb := dynamodb.NewFromConfig(cfg)
	for _, id := range tpl.OfType(provision.TableType) {
		if plain.Resources[id].Attrs["StreamArn"] != "" {
			t.Errorf("%s: the tests' copy has a stream (NoStreams)", id)
		}
	}
	for _, id := range tpl.OfType(provision.TableType) {
		props := tpl.Resources[id].Properties
		name := testenv.Name(t, st, id)
		d, err := ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if got, want := len(d.Table.KeySchema), len(template.List(props, "KeySchema")); got != want {
			t.Errorf("%s: %d key attributes, template has %d", id, got, want)
		}
		if got, want := len(d.Table.GlobalSecondaryIndexes), len(template.List(props, "GlobalSecondaryIndexes")); got != want {
			t.Errorf("%s: %d GSIs, template has %d", id, got, want)
		}
		wantStream := props["StreamSpecification"] != nil
		if hasStream := d.Table.StreamSpecification != nil && aws.ToBool(d.Table.StreamSpecification.StreamEnabled); hasStream != wantStream {
			t.Errorf("%s: stream enabled %v, template says %v", id, hasStream, wantStream)
		}
		if wantStream && st.Resources[id].Attrs["StreamArn"] == "" {
			t.Errorf("%s: no StreamArn recorded", id)
		}
		ttl, err := ddb.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		spec, _ := props["TimeToLiveSpecification"].(map[string]any)
		wantTTL := fmt.Sprint(spec["Enabled"]) == "true"
		td := ttl.TimeToLiveDescription
		if hasTTL := td.TimeToLiveStatus == ddbtypes.TimeToLiveStatusEnabled; hasTTL != wantTTL {
			t.Errorf("%s: TTL enabled %v, template says %v", id, hasTTL, wantTTL)
		}
		if wantTTL && aws.ToString(td.AttributeName) != "expiresAt" {
			t.Errorf("%s: TTL attribute %q, want expiresAt", id, aws.ToString(td.AttributeName))
		}
	}

	q := sqs.NewFromConfig(cfg)
	for _, id := range tpl.OfType(provision.QueueType) {
		url := testenv.Name(t, st, id)
		attrs, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		props := tpl.Resources[id].Properties
		if vt, ok := props["VisibilityTimeout"]; ok && attrs.Attributes["VisibilityTimeout"] != strings.TrimSpace(toString(vt)) {
			t.Errorf("%s: VisibilityTimeout %s, template %v", id, attrs.Attributes["VisibilityTimeout"], vt)
		}
		if rp := template.Map(props, "RedrivePolicy"); len(rp) > 0 {
			var got struct {
				DeadLetterTargetArn string `json:"deadLetterTargetArn"`
				MaxReceiveCount     any    `json:"maxReceiveCount"`
			}
			if err := json.Unmarshal([]byte(attrs.Attributes["RedrivePolicy"]), &got); err != nil {
				t.Fatalf("%s: redrive policy %q: %v", id, attrs.Attributes["RedrivePolicy"], err)
			}
			dlq := template.List(template.Map(rp, "deadLetterTargetArn"), "Fn::GetAtt")[0].(string)
			if want := toString(rp["maxReceiveCount"]); got.DeadLetterTargetArn != st.Resources[dlq].Attrs["Arn"] || toString(got.MaxReceiveCount) != want {
				t.Errorf("%s: redrive %+v, want DLQ %s after %s receives", id, got, dlq, want)
			}
		}
	}

	s3c := s3.NewFromConfig(cfg)
	for _, id := range tpl.OfType(provision.BucketType) {
		if _, err := s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(testenv.Name(t, st, id))}); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		lc, err := s3c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: aws.String(testenv.Name(t, st, id))})
		if err != nil || len(lc.Rules) == 0 {
			t.Errorf("%s: lifecycle rules missing: %v", id, err)
		}
	}
	k := kms.NewFromConfig(cfg)
	for _, id := range tpl.OfType(provision.KeyType) {
		if _, err := k.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(testenv.Name(t, st, id))}); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}

	// Every function of the template is known, with its folder and a
	// fully resolved environment.
	fns := map[string]template.Function{}
	for _, f := range st.Functions {
		fns[f.LogicalID] = f
	}
	for _, id := range tpl.OfType(template.FunctionType) {
		f, ok := fns[id]
		if !ok {
			t.Errorf("function %s not resolved", id)
			continue
		}
		for k, v := range f.Env {
			if v == "" {
				t.Errorf("%s: env %s resolved to empty", id, k)
			}
		}
	}
}

// TestProvisionIsIdempotent applies the template a second time onto the same
// names: nothing fails and every name stays the same.
func TestProvisionIsIdempotent(t *testing.T) {
	st, cfg := testenv.Stack(t)
	tpl, err := template.Load(testenv.Root() + "/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	again, err := provision.Apply(context.Background(), cfg, tpl, provision.Options{Prefix: testenv.Prefix()})
	if err != nil {
		t.Fatalf("second apply: %v", err)
	}
	for id, p := range st.Resources {
		if again.Resources[id].Ref != p.Ref {
			t.Errorf("%s: %q then %q", id, p.Ref, again.Resources[id].Ref)
		}
	}
}

func toString(v any) string {
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}
