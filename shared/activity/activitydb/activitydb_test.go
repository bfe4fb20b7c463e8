package activitydb_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/activity/activitydb"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestUserAgentIsCutAtACharacter: an overlong user agent is kept to its
// first 512 characters, never cut inside one (which would store text that
// is not UTF-8).
func TestUserAgentIsCutAtACharacter(t *testing.T) {
	ctx := context.Background()
	usage := testenv.Table(t, retention.Analytics)
	logs := testenv.Table(t, retention.Logs)
	r := testenv.Must[*activitydb.Recorder](t)(activitydb.New(usage, logs))
	at := time.Now().UTC()
	l := activity.RequestLog{RequestID: ids.New("req"), At: at, UserID: ids.UserID(ids.New("sub")), Method: "GET", Route: "GET /v1/me", Status: 200, IP: "203.0.113.7", UserAgent: strings.Repeat("€", 600)}
	if err := r.Request(ctx, l); err != nil {
		t.Fatal(err)
	}
	it := testenv.Stored(t, logs, dynamo.Key("REQ#"+l.UserID, at.Format(time.RFC3339Nano)+"#"+l.RequestID))
	if it == nil {
		t.Fatal("read back: no request log")
	}
	ua := dynamo.String(it, "userAgent")
	if !utf8.ValidString(ua) || strings.ContainsRune(ua, utf8.RuneError) || utf8.RuneCountInString(ua) != 512 {
		t.Fatalf("stored user agent: %d characters, valid %v, %q…", utf8.RuneCountInString(ua), utf8.ValidString(ua), ua[len(ua)-6:])
	}
}
