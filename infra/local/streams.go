package local

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/medspa-ai/backend/infra/template"
)

// StreamPoller is Lambda's DynamoDB stream event source mapping, locally:
// it reads every shard from the start, keeps only records matching the
// template's filter criteria, and invokes the function in batches.
// (DynamoDB Local never expires items, so TTL deletes, the records the
// retention audit's filter lets through, do not occur locally; invoke the
// audit with events/retentionaudit/ttl-delete.json to see it work.)
type StreamPoller struct {
	Streams   *dynamodbstreams.Client
	Source    template.StreamSource
	StreamARN string
	Region    string
	Fn        Invoker
	Log       *slog.Logger
}

// shard is where reading one shard stands.
type shard struct {
	iter *string // nil: the shard is closed and read to its end
	last string  // sequence number of the last record read
}

// Run polls until ctx ends.
func (p StreamPoller) Run(ctx context.Context) {
	shards := map[string]*shard{}
	for ctx.Err() == nil {
		if err := p.discover(ctx, shards); err != nil && ctx.Err() == nil {
			p.Log.Warn("stream describe failed", "stream", p.StreamARN, "error", err.Error())
		}
		p.poll(ctx, shards)
		sleep(ctx, time.Second)
	}
}

// poll reads each open shard once and delivers what it read.
func (p StreamPoller) poll(ctx context.Context, shards map[string]*shard) {
	for id, sh := range shards {
		if sh.iter == nil {
			continue
		}
		out, err := p.Streams.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: sh.iter, Limit: aws.Int32(int32(max(p.Source.BatchSize, 1)))})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			// An iterator expires (15 minutes) or its position is trimmed:
			// start again right after the last record read. DynamoDB Local
			// also answers TrimmedDataAccess for a TRIM_HORIZON iterator
			// taken while the shard was empty, once its first record
			// arrives: expected, so not a warning.
			level := slog.LevelWarn
			var trimmed *types.TrimmedDataAccessException
			if sh.last == "" && errors.As(err, &trimmed) {
				level = slog.LevelDebug
			}
			p.Log.Log(ctx, level, "stream read failed; reopening the shard", "shard", id, "error", err.Error())
			if err := p.reopen(ctx, id, sh); err != nil {
				p.Log.Warn("stream shard not reopened", "shard", id, "error", err.Error())
			}
			continue
		}
		sh.iter = out.NextShardIterator
		if n := len(out.Records); n > 0 {
			sh.last = aws.ToString(out.Records[n-1].Dynamodb.SequenceNumber)
		}
		p.deliver(ctx, out.Records)
	}
}

func (p StreamPoller) discover(ctx context.Context, shards map[string]*shard) error {
	d, err := p.Streams.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(p.StreamARN)})
	if err != nil {
		return err
	}
	for _, s := range d.StreamDescription.Shards {
		id := aws.ToString(s.ShardId)
		if _, known := shards[id]; known {
			continue
		}
		sh := &shard{}
		if err := p.reopen(ctx, id, sh); err != nil {
			return err
		}
		shards[id] = sh
	}
	return nil
}

// reopen gets a fresh iterator for a shard: after its last record read, or
// from the start (the template's TRIM_HORIZON) when none was read yet.
func (p StreamPoller) reopen(ctx context.Context, id string, sh *shard) error {
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(p.StreamARN), ShardId: aws.String(id), ShardIteratorType: types.ShardIteratorTypeTrimHorizon}
	if sh.last != "" {
		in.ShardIteratorType, in.SequenceNumber = types.ShardIteratorTypeAfterSequenceNumber, aws.String(sh.last)
	}
	it, err := p.Streams.GetShardIterator(ctx, in)
	if err != nil {
		return err
	}
	sh.iter = it.ShardIterator
	return nil
}

func (p StreamPoller) deliver(ctx context.Context, recs []types.Record) {
	var batch []map[string]any
	for _, r := range recs {
		ev := StreamRecord(r, p.StreamARN, p.Region)
		if Matches(p.Source.Filters, ev) {
			batch = append(batch, ev)
		}
	}
	if len(batch) == 0 {
		return
	}
	// Lambda retries a failing batch; locally three tries, then the batch is
	// logged and skipped so one bad record does not stall development.
	for try := 1; try <= 3 && ctx.Err() == nil; try++ {
		payload, _ := json.Marshal(map[string]any{"Records": batch})
		out, err := p.Fn.Invoke(context.WithoutCancel(ctx), payload)
		if err == nil {
			if !p.Source.ReportFailures {
				return
			}
			from := checkpoint(out, batch)
			if from == len(batch) {
				return
			}
			// The records before the first failure are done: Lambda
			// checkpoints there and retries from the failed record on.
			batch = batch[from:]
		}
		p.Log.Warn("stream batch failed", "stream", p.StreamARN, "try", try, "records", len(batch))
		sleep(ctx, time.Second)
	}
}

// checkpoint reads a ReportBatchItemFailures response for a stream batch as
// Lambda does: it returns the index of the earliest failed record (len(batch)
// when none failed). A response that is not JSON or names a sequence number
// not in the batch fails the whole batch (index 0).
func checkpoint(out []byte, batch []map[string]any) int {
	var r events.DynamoDBEventResponse
	if json.Unmarshal(out, &r) != nil {
		return 0
	}
	from := len(batch)
	for _, f := range r.BatchItemFailures {
		i := slices.IndexFunc(batch, func(rec map[string]any) bool {
			change, _ := rec["dynamodb"].(map[string]any)
			return f.ItemIdentifier != "" && change["SequenceNumber"] == f.ItemIdentifier
		})
		if i < 0 {
			return 0
		}
		from = min(from, i)
	}
	return from
}

// StreamRecord renders r as the record Lambda delivers.
func StreamRecord(r types.Record, arn, region string) map[string]any {
	sr := r.Dynamodb
	change := map[string]any{
		"SequenceNumber": aws.ToString(sr.SequenceNumber),
		"SizeBytes":      aws.ToInt64(sr.SizeBytes),
		"StreamViewType": string(sr.StreamViewType),
	}
	if sr.ApproximateCreationDateTime != nil {
		change["ApproximateCreationDateTime"] = sr.ApproximateCreationDateTime.Unix()
	}
	for name, m := range map[string]map[string]types.AttributeValue{"Keys": sr.Keys, "NewImage": sr.NewImage, "OldImage": sr.OldImage} {
		if m != nil {
			change[name] = attrMap(m)
		}
	}
	rec := map[string]any{
		"eventID": aws.ToString(r.EventID), "eventName": string(r.EventName), "eventVersion": aws.ToString(r.EventVersion),
		"eventSource": "aws:dynamodb", "awsRegion": region, "eventSourceARN": arn, "dynamodb": change,
	}
	if r.UserIdentity != nil {
		rec["userIdentity"] = map[string]any{"type": aws.ToString(r.UserIdentity.Type), "principalId": aws.ToString(r.UserIdentity.PrincipalId)}
	}
	return rec
}

func attrMap(m map[string]types.AttributeValue) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = attr(v)
	}
	return out
}

func attr(v types.AttributeValue) map[string]any {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": x.Value}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": x.Value}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": base64.StdEncoding.EncodeToString(x.Value)}
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": x.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": x.Value}
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": x.Value}
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": x.Value}
	case *types.AttributeValueMemberM:
		return map[string]any{"M": attrMap(x.Value)}
	case *types.AttributeValueMemberL:
		l := make([]any, len(x.Value))
		for i, e := range x.Value {
			l[i] = attr(e)
		}
		return map[string]any{"L": l}
	}
	return map[string]any{}
}

// Matches applies Lambda's event filtering: a record passes if any filter's
// pattern matches (no filters: everything passes). A pattern maps keys to
// nested patterns or to a list of accepted values; a value may be a literal
// or {"exists": bool} or {"prefix": "..."}.
func Matches(filters []string, record map[string]any) bool {
	if len(filters) == 0 {
		return true
	}
	b, _ := json.Marshal(record)
	var generic map[string]any
	_ = json.Unmarshal(b, &generic)
	for _, f := range filters {
		var pattern map[string]any
		if json.Unmarshal([]byte(f), &pattern) == nil && matchObject(pattern, generic) {
			return true
		}
	}
	return false
}

func matchObject(pattern, value map[string]any) bool {
	for k, p := range pattern {
		v, present := value[k]
		switch pv := p.(type) {
		case map[string]any:
			sub, ok := v.(map[string]any)
			if !ok || !matchObject(pv, sub) {
				return false
			}
		case []any:
			if !matchAny(pv, v, present) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func matchAny(options []any, v any, present bool) bool {
	for _, o := range options {
		switch ov := o.(type) {
		case map[string]any:
			if e, ok := ov["exists"].(bool); ok && e == present {
				return true
			}
			if pre, ok := ov["prefix"].(string); ok {
				if s, ok := v.(string); ok && strings.HasPrefix(s, pre) {
					return true
				}
			}
		default:
			if present && o == v {
				return true
			}
		}
	}
	return false
}
