// Package activitydb writes usage events and request logs to their
// category tables:
//
//	analytics table  pk USAGE#<userId>             sk <time>#<requestId>
//	logs table       pk REQ#<userId>               sk <time>#<requestId>
//	                 pk REQ#anonymous#<yyyy-mm-dd>#<shard> sk <time>#<requestId>   (no identity)
//
// Both are filed by user, so an access or erasure request finds a person's
// records with one Query per table. Requests without an identity are spread
// over AnonymousShards partitions per day (by request ID), so anonymous
// traffic never concentrates on one hot partition; a day's anonymous log is
// that many Queries.
package activitydb

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Recorder writes events and logs to their category tables.
type Recorder struct {
	usage, logs *dynamo.Table
}

var _ activity.Recorder = (*Recorder)(nil)

// New binds a recorder to the analytics and logs tables.
func New(usage, logs *dynamo.Table) (*Recorder, error) {
	if err := cmp.Or(dynamo.Require("activitydb", usage, retention.Analytics), dynamo.Require("activitydb", logs, retention.Logs)); err != nil {
		return nil, err
	}
	return &Recorder{usage: usage, logs: logs}, nil
}

func sortKey(at time.Time, requestID string) string {
	return at.UTC().Format(time.RFC3339Nano) + "#" + requestID
}

// Usage writes a usage event; its 2-year clock runs from the event.
func (r *Recorder) Usage(ctx context.Context, e activity.UsageEvent) error {
	item := dynamo.Key("USAGE#"+e.UserID, sortKey(e.At, e.RequestID))
	item["feature"] = dynamo.S(e.Feature)
	item["userId"] = dynamo.S(e.UserID)
	if e.OrgID != "" {
		item["orgId"] = dynamo.S(e.OrgID)
	}
	item["at"] = dynamo.S(e.At.UTC().Format(time.RFC3339Nano))
	return r.usage.Put(ctx, item, dynamo.Expiry{At: e.At}, nil)
}

// AnonymousShards is how many partitions a day's anonymous request logs
// are spread over.
const AnonymousShards = 16

// anonymousPK is the partition of an anonymous request's log entry.
func anonymousPK(at time.Time, requestID string) string {
	h := fnv.New32a()
	h.Write([]byte(requestID))
	return fmt.Sprintf("REQ#anonymous#%s#%02d", at.UTC().Format(time.DateOnly), h.Sum32()%AnonymousShards)
}

// Maximum lengths stored, in characters: a user agent is attacker-controlled.
const maxUserAgent = 512

// Request writes a request log entry; its 1-year clock runs from the request.
func (r *Recorder) Request(ctx context.Context, l activity.RequestLog) error {
	pk := "REQ#" + l.UserID
	if l.UserID == "" {
		pk = anonymousPK(l.At, l.RequestID)
	}
	item := dynamo.Key(pk, sortKey(l.At, l.RequestID))
	item["requestId"] = dynamo.S(l.RequestID)
	item["at"] = dynamo.S(l.At.UTC().Format(time.RFC3339Nano))
	if l.UserID != "" {
		item["userId"] = dynamo.S(l.UserID)
	}
	if l.OrgID != "" {
		item["orgId"] = dynamo.S(l.OrgID)
	}
	item["method"] = dynamo.S(l.Method)
	item["route"] = dynamo.S(l.Route)
	item["status"] = dynamo.N(int64(l.Status))
	item["latencyMs"] = &types.AttributeValueMemberN{Value: strconv.FormatFloat(float64(l.Latency.Microseconds())/1000, 'f', 3, 64)}
	item["ip"] = dynamo.S(l.IP)
	item["userAgent"] = dynamo.S(truncate(l.UserAgent, maxUserAgent))
	return r.logs.Put(ctx, item, dynamo.Expiry{At: l.At}, nil)
}

// truncate keeps the first max characters of s, cutting between
// characters, never inside one.
func truncate(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}
