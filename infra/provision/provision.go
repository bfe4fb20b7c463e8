// Package provision creates, in the local emulators, every resource of
// template.yaml that has an emulator (tables, queues, bucket, keys, secret),
// from the template alone. It is idempotent: resources that exist are kept.
package provision

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Options name the local copy of the stack.
type Options struct {
	// Prefix starts every physical name, so several copies (dev, each test
	// package) share one emulator without colliding.
	Prefix string
	Params map[string]string
	// AccountID is the emulators' account (moto's default).
	AccountID string
	// NoStreams creates the tables without their DynamoDB streams. DynamoDB
	// Local guards every database holding a stream-enabled table with one
	// lock and waits out SQLite's busy timeout on it: eight concurrent
	// 25-item BatchWriteItem calls take 8 s at first and 0.3 s each after,
	// against 15 ms without a stream. Only the TTL-delete audit reads the
	// streams (infra/local's stack, which keeps them); tests and benchmarks
	// of everything else provision without.
	NoStreams bool
}

// Stack is the provisioned stack.
type Stack struct {
	Resolver  *template.Resolver
	Resources map[string]template.Physical `json:"resources"`
	Functions []template.Function          `json:"functions"`
	// NotEmulated lists resources that have no local counterpart
	// (IAM, API Gateway, Cognito, key and bucket policies).
	NotEmulated []string `json:"notEmulated"`
}

// TableIDs names the template's table for each data category.
var TableIDs = map[retention.Category]string{
	retention.Account: "AccountTable", retention.Analytics: "AnalyticsTable", retention.Logs: "LogsTable",
	retention.Marketing: "MarketingTable", retention.Billing: "BillingTable", retention.Privacy: "PrivacyTable",
	retention.Ephemeral: "EphemeralTable",
}

// Table is the provisioned table of category c on db, bound to the
// default retention schedule.
func (s *Stack) Table(db dynamo.API, c retention.Category) (*dynamo.Table, error) {
	return dynamo.NewTable(db, s.Resources[TableIDs[c]].Ref, c, retention.Default)
}

// Provisioned resource types.
const (
	TableType  = "AWS::DynamoDB::Table"
	QueueType  = "AWS::SQS::Queue"
	BucketType = "AWS::S3::Bucket"
	KeyType    = "AWS::KMS::Key"
	AliasType  = "AWS::KMS::Alias"
	SecretType = "AWS::SecretsManager::Secret"
	// IdentityType is an SES sender identity; moto counts it verified.
	IdentityType = "AWS::SES::EmailIdentity"
)

// ApplyFile loads the template at path and provisions it, as Apply does.
func ApplyFile(ctx context.Context, cfg aws.Config, path string, o Options) (*Stack, error) {
	t, err := template.Load(path)
	if err != nil {
		return nil, err
	}
	return Apply(ctx, cfg, t, o)
}

// Apply provisions t into the emulators cfg points at.
func Apply(ctx context.Context, cfg aws.Config, t *template.Template, o Options) (*Stack, error) {
	if o.AccountID == "" {
		o.AccountID = "123456789012"
	}
	r, err := template.NewResolver(t, o.Params, map[string]string{
		"AWS::Region": cfg.Region, "AWS::AccountId": o.AccountID, "AWS::Partition": "aws",
		"AWS::StackName": strings.TrimSuffix(o.Prefix, "-"), "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": "",
	})
	if err != nil {
		return nil, err
	}
	p := &provisioner{r: r, o: o, ddb: dynamodb.NewFromConfig(cfg), sqs: sqs.NewFromConfig(cfg),
		s3: s3.NewFromConfig(cfg), kms: kms.NewFromConfig(cfg), sm: secretsmanager.NewFromConfig(cfg),
		ses: sesv2.NewFromConfig(cfg)}
	st := &Stack{Resolver: r, Resources: r.Physical}

	// Keys first (others may refer to them), then queues without a redrive
	// policy (the DLQs), then everything else.
	order := []struct {
		typ string
		fn  func(context.Context, template.Resource) error
	}{
		{KeyType, p.key}, {AliasType, p.alias}, {QueueType, p.queue}, {TableType, p.table},
		{BucketType, p.bucket}, {SecretType, p.secret}, {IdentityType, p.identity},
	}
	for _, step := range order {
		ids := t.OfType(step.typ)
		if step.typ == QueueType {
			sort.SliceStable(ids, func(i, j int) bool {
				return !hasRedrive(t.Resources[ids[i]]) && hasRedrive(t.Resources[ids[j]])
			})
		}
		for _, id := range ids {
			res := t.Resources[id]
			if !r.Enabled(res) {
				continue
			}
			if err := step.fn(ctx, res); err != nil {
				return nil, fmt.Errorf("provision %s (%s): %w", id, res.Type, err)
			}
		}
	}
	for id, res := range t.Resources {
		if _, ok := r.Physical[id]; !ok && r.Enabled(res) && res.Type != template.FunctionType {
			st.NotEmulated = append(st.NotEmulated, id+" ("+res.Type+")")
		}
	}
	sort.Strings(st.NotEmulated)
	if st.Functions, err = r.Functions(); err != nil {
		return nil, err
	}
	return st, nil
}

func hasRedrive(res template.Resource) bool { return res.Properties["RedrivePolicy"] != nil }

type provisioner struct {
	r   *template.Resolver
	o   Options
	ddb *dynamodb.Client
	sqs *sqs.Client
	s3  *s3.Client
	kms *kms.Client
	sm  *secretsmanager.Client
	ses *sesv2.Client
}

func (p *provisioner) name(id string) string { return p.o.Prefix + id }

func (p *provisioner) table(ctx context.Context, res template.Resource) error {
	name := p.name(res.LogicalID)
	props, err := p.r.Resolve(res.Properties)
	if err != nil {
		return err
	}
	var spec struct {
		AttributeDefinitions   []struct{ AttributeName, AttributeType string }
		KeySchema              []struct{ AttributeName, KeyType string }
		GlobalSecondaryIndexes []struct {
			IndexName  string
			KeySchema  []struct{ AttributeName, KeyType string }
			Projection struct {
				ProjectionType   string
				NonKeyAttributes []string
			}
		}
		StreamSpecification     *struct{ StreamViewType string }
		TimeToLiveSpecification *struct {
			AttributeName string
			Enabled       any
		}
	}
	if err := remarshal(props, &spec); err != nil {
		return err
	}
	in := &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: ddbtypes.BillingModePayPerRequest}
	for _, a := range spec.AttributeDefinitions {
		in.AttributeDefinitions = append(in.AttributeDefinitions, ddbtypes.AttributeDefinition{AttributeName: aws.String(a.AttributeName), AttributeType: ddbtypes.ScalarAttributeType(a.AttributeType)})
	}
	keys := func(ks []struct{ AttributeName, KeyType string }) []ddbtypes.KeySchemaElement {
		var out []ddbtypes.KeySchemaElement
		for _, k := range ks {
			out = append(out, ddbtypes.KeySchemaElement{AttributeName: aws.String(k.AttributeName), KeyType: ddbtypes.KeyType(k.KeyType)})
		}
		return out
	}
	in.KeySchema = keys(spec.KeySchema)
	for _, g := range spec.GlobalSecondaryIndexes {
		proj := &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionType(g.Projection.ProjectionType)}
		if len(g.Projection.NonKeyAttributes) > 0 {
			proj.NonKeyAttributes = g.Projection.NonKeyAttributes
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, ddbtypes.GlobalSecondaryIndex{IndexName: aws.String(g.IndexName), KeySchema: keys(g.KeySchema), Projection: proj})
	}
	if spec.StreamSpecification != nil && !p.o.NoStreams {
		in.StreamSpecification = &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewType(spec.StreamSpecification.StreamViewType)}
	}
	// SSE with the customer-managed key is left to AWS: DynamoDB Local
	// accepts no KMS key, and encryption at rest is not what local tests check.
	exists, err := p.tableExists(ctx, name)
	if err != nil {
		return err
	}
	if !exists {
		if _, err := p.ddb.CreateTable(ctx, in); err != nil {
			return err
		}
	}
	if spec.TimeToLiveSpecification != nil && fmt.Sprint(spec.TimeToLiveSpecification.Enabled) == "true" {
		ttl, err := p.ddb.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
		if err != nil {
			return err
		}
		if d := ttl.TimeToLiveDescription; d == nil || d.TimeToLiveStatus != ddbtypes.TimeToLiveStatusEnabled {
			if _, err := p.ddb.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String(name),
				TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String(spec.TimeToLiveSpecification.AttributeName), Enabled: aws.Bool(true)}}); err != nil {
				return err
			}
		}
	}
	desc, err := p.ddb.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		return err
	}
	attrs := map[string]string{"Arn": aws.ToString(desc.Table.TableArn)}
	if s := aws.ToString(desc.Table.LatestStreamArn); s != "" {
		attrs["StreamArn"] = s
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: name, Attrs: attrs}
	return nil
}

// tableExists lists instead of describing, so a missing table is not an
// error response (DynamoDB Local's error responses fail the SDK's checksum
// check and print warnings).
func (p *provisioner) tableExists(ctx context.Context, name string) (bool, error) {
	pages := dynamodb.NewListTablesPaginator(p.ddb, &dynamodb.ListTablesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return false, err
		}
		for _, n := range page.TableNames {
			if n == name {
				return true, nil
			}
		}
	}
	return false, nil
}

func (p *provisioner) queue(ctx context.Context, res template.Resource) error {
	name := p.name(res.LogicalID)
	props, err := p.r.Resolve(res.Properties)
	if err != nil {
		return err
	}
	pm := props.(map[string]any)
	attrs := map[string]string{}
	for prop, attr := range map[string]sqstypes.QueueAttributeName{
		"VisibilityTimeout": sqstypes.QueueAttributeNameVisibilityTimeout, "MessageRetentionPeriod": sqstypes.QueueAttributeNameMessageRetentionPeriod,
		"DelaySeconds": sqstypes.QueueAttributeNameDelaySeconds, "ReceiveMessageWaitTimeSeconds": sqstypes.QueueAttributeNameReceiveMessageWaitTimeSeconds,
		"SqsManagedSseEnabled": sqstypes.QueueAttributeNameSqsManagedSseEnabled,
	} {
		if v, ok := pm[prop]; ok {
			attrs[string(attr)] = fmt.Sprint(v)
		}
	}
	if rp, ok := pm["RedrivePolicy"]; ok {
		b, _ := json.Marshal(rp)
		attrs[string(sqstypes.QueueAttributeNameRedrivePolicy)] = string(b)
	}
	out, err := p.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		return err
	}
	// CreateQueue on an existing queue with other attributes fails on AWS but
	// not on every emulator: set them explicitly so the template wins.
	if _, err := p.sqs.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: out.QueueUrl, Attributes: attrs}); err != nil {
		return err
	}
	ga, err := p.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: out.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		return err
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: aws.ToString(out.QueueUrl), Attrs: map[string]string{
		"Arn": ga.Attributes[string(sqstypes.QueueAttributeNameQueueArn)], "QueueName": name, "QueueUrl": aws.ToString(out.QueueUrl)}}
	return nil
}

func (p *provisioner) bucket(ctx context.Context, res template.Resource) error {
	name := strings.ToLower(p.name(res.LogicalID))
	_, err := p.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	var owned *s3types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &owned) {
		return err
	}
	props, err := p.r.Resolve(res.Properties)
	if err != nil {
		return err
	}
	pm := props.(map[string]any)
	if pab := template.Map(pm, "PublicAccessBlockConfiguration"); len(pab) > 0 {
		b := func(k string) *bool { v := fmt.Sprint(pab[k]) == "true"; return &v }
		if _, err := p.s3.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String(name), PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{
			BlockPublicAcls: b("BlockPublicAcls"), BlockPublicPolicy: b("BlockPublicPolicy"), IgnorePublicAcls: b("IgnorePublicAcls"), RestrictPublicBuckets: b("RestrictPublicBuckets")}}); err != nil {
			return err
		}
	}
	if fmt.Sprint(template.Map(pm, "VersioningConfiguration")["Status"]) == "Enabled" {
		if _, err := p.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String(name), VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
			return err
		}
	}
	var rules []s3types.LifecycleRule
	for _, raw := range template.List(template.Map(pm, "LifecycleConfiguration"), "Rules") {
		rm, _ := raw.(map[string]any)
		rule := s3types.LifecycleRule{ID: aws.String(fmt.Sprint(rm["Id"])), Status: s3types.ExpirationStatus(fmt.Sprint(rm["Status"])), Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("")}}
		if pre, ok := rm["Prefix"].(string); ok {
			rule.Filter.Prefix = aws.String(pre)
		}
		if d, err := p.r.Int(rm["ExpirationInDays"], 0); err == nil && d > 0 {
			rule.Expiration = &s3types.LifecycleExpiration{Days: aws.Int32(int32(d))}
		}
		if d, err := p.r.Int(template.Map(rm, "NoncurrentVersionExpiration")["NoncurrentDays"], 0); err == nil && d > 0 {
			rule.NoncurrentVersionExpiration = &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(int32(d))}
		}
		if d, err := p.r.Int(template.Map(rm, "AbortIncompleteMultipartUpload")["DaysAfterInitiation"], 0); err == nil && d > 0 {
			rule.AbortIncompleteMultipartUpload = &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: aws.Int32(int32(d))}
		}
		rules = append(rules, rule)
	}
	if len(rules) > 0 {
		if _, err := p.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String(name), LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules}}); err != nil {
			return err
		}
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: name, Attrs: map[string]string{"Arn": "arn:aws:s3:::" + name, "DomainName": name + ".s3.amazonaws.com"}}
	return nil
}

// key creates a KMS key the first time and finds it again afterwards by a
// local alias, since KMS keys have no names.
func (p *provisioner) key(ctx context.Context, res template.Resource) error {
	alias := "alias/local/" + p.name(res.LogicalID)
	if d, err := p.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(alias)}); err == nil {
		p.r.Physical[res.LogicalID] = template.Physical{Ref: aws.ToString(d.KeyMetadata.KeyId), Attrs: map[string]string{"Arn": aws.ToString(d.KeyMetadata.Arn), "KeyId": aws.ToString(d.KeyMetadata.KeyId)}}
		return nil
	}
	desc, _ := res.Properties["Description"].(string)
	out, err := p.kms.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String(desc)})
	if err != nil {
		return err
	}
	if _, err := p.kms.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(alias), TargetKeyId: out.KeyMetadata.KeyId}); err != nil {
		return err
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: aws.ToString(out.KeyMetadata.KeyId), Attrs: map[string]string{"Arn": aws.ToString(out.KeyMetadata.Arn), "KeyId": aws.ToString(out.KeyMetadata.KeyId)}}
	return nil
}

func (p *provisioner) alias(ctx context.Context, res template.Resource) error {
	name, err := p.r.String(res.Properties["AliasName"])
	if err != nil {
		return err
	}
	target, err := p.r.String(res.Properties["TargetKeyId"])
	if err != nil {
		return err
	}
	name = strings.Replace(name, "alias/", "alias/"+p.o.Prefix, 1)
	if _, err := p.kms.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(name)}); err != nil {
		if _, err := p.kms.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String(name), TargetKeyId: aws.String(target)}); err != nil {
			return err
		}
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: name}
	return nil
}

func (p *provisioner) secret(ctx context.Context, res template.Resource) error {
	name := p.name(res.LogicalID)
	d, err := p.sm.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(name)})
	if err != nil {
		gen := template.Map(res.Properties, "GenerateSecretString")
		value, _ := gen["SecretStringTemplate"].(string)
		if s, ok := res.Properties["SecretString"].(string); ok {
			value = s
		}
		if value == "" && len(gen) > 0 {
			// A generated secret without a template is a random string
			// (a signing key), as Secrets Manager would make it.
			n, err := p.r.Int(gen["PasswordLength"], 32)
			if err != nil {
				return err
			}
			value = randomString(n)
		}
		if v, ok := LocalSecrets[res.LogicalID]; ok {
			value = v
		}
		if value == "" {
			value = "{}"
		}
		out, cerr := p.sm.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), SecretString: aws.String(value)})
		if cerr != nil {
			return cerr
		}
		p.r.Physical[res.LogicalID] = template.Physical{Ref: aws.ToString(out.ARN), Attrs: map[string]string{"Id": aws.ToString(out.ARN)}}
		return nil
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: aws.ToString(d.ARN), Attrs: map[string]string{"Id": aws.ToString(d.ARN)}}
	return nil
}

// identity creates an SES email identity. Identities are account-wide
// (not prefixed): every copy of the stack sends from the same address, as
// stacks in one AWS account would.
func (p *provisioner) identity(ctx context.Context, res template.Resource) error {
	addr, err := p.r.String(res.Properties["EmailIdentity"])
	if err != nil {
		return err
	}
	if addr == "" {
		return fmt.Errorf("EmailIdentity is empty")
	}
	if _, err := p.ses.GetEmailIdentity(ctx, &sesv2.GetEmailIdentityInput{EmailIdentity: aws.String(addr)}); err != nil {
		if _, err := p.ses.CreateEmailIdentity(ctx, &sesv2.CreateEmailIdentityInput{EmailIdentity: aws.String(addr)}); err != nil {
			var exists *sestypes.AlreadyExistsException
			if !errors.As(err, &exists) {
				return err
			}
		}
	}
	p.r.Physical[res.LogicalID] = template.Physical{Ref: addr}
	return nil
}

// LocalStripeSigningSecret signs the local stack's Stripe webhook events
// (make stripe-event).
const LocalStripeSigningSecret = "whsec_local_development_only"

// LocalSecrets are secrets whose local value cannot be generated: the
// Stripe secret gets a test API key stripe-mock accepts and the local
// signing secret.
var LocalSecrets = map[string]string{
	"StripeSecret": `{"apiKey":"sk_test_local","signingSecret":"` + LocalStripeSigningSecret + `"}`,
}

// randomString returns n random letters and digits.
func randomString(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}

func remarshal(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
