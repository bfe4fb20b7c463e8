package subjectdb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/subjectdb"
	"github.com/medspa-ai/backend/shared/retention"
)

func TestEraseRemovesTheSubjectsItemsOnly(t *testing.T) {
	ctx := context.Background()
	s, err := subjectdb.New(testenv.Table(t, retention.Account), testenv.Table(t, retention.Marketing),
		testenv.Table(t, retention.Analytics), testenv.Table(t, retention.Logs))
	if err != nil {
		t.Fatal(err)
	}
	me, them, orgID := ids.New("usr"), ids.New("usr"), ids.New("org")
	put := func(tb *dynamo.Table, pk, sk string, attrs map[string]string) {
		it := dynamo.Key(pk, sk)
		for k, v := range attrs {
			it[k] = dynamo.S(v)
		}
		if err := tb.Put(ctx, it, dynamo.Expiry{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{me, them} {
		put(s.Account, "USER#"+u, "PROFILE", map[string]string{"email": u + "@spa.example"})
		put(s.Marketing, "USER#"+u, "PREFS", nil)
		put(s.Marketing, "USER#"+u, "CONSENT#marketing", nil)
		for i := range 30 {
			put(s.Analytics, "USAGE#"+u, fmt.Sprintf("t%03d", i), nil)
			put(s.Logs, "REQ#"+u, fmt.Sprintf("t%03d", i), map[string]string{"ip": "203.0.113.7"})
		}
		put(s.Account, "ORG#"+orgID, "MEMBER~SUPPORT#"+u, map[string]string{"authorId": u, "body": "hello"})
		put(s.Account, "ORG#"+orgID, "CONTENT#cr_"+u, map[string]string{"doc": `{"CreatedBy":"` + u + `"}`})
	}
	n, err := s.Erase(ctx, privacy.Subject{UserID: me}, []string{orgID})
	if err != nil || n != 1+2+30+30+2 {
		t.Fatalf("erased %d, %v", n, err)
	}
	if n, err := s.Erase(ctx, privacy.Subject{UserID: me}, []string{orgID}); err != nil || n != 0 {
		t.Fatalf("erasing again: %d %v", n, err)
	}
	for _, c := range []struct {
		tb       *dynamo.Table
		pk       string
		me, them int
	}{{s.Account, "USER#", 0, 1}, {s.Marketing, "USER#", 0, 2}, {s.Analytics, "USAGE#", 0, 30}, {s.Logs, "REQ#", 0, 30}} {
		if got := len(testenv.Partition(t, c.tb, c.pk+me)); got != c.me {
			t.Errorf("%s%s: %d left", c.pk, me, got)
		}
		if got := len(testenv.Partition(t, c.tb, c.pk+them)); got != c.them {
			t.Errorf("%s of someone else: %d, want %d", c.pk, got, c.them)
		}
	}
	if got := len(testenv.Partition(t, s.Account, "ORG#"+orgID)); got != 2 {
		t.Errorf("organization partition: %d items, want the other member's 2", got)
	}
	if err := s.Suppress(ctx, "Ana@Spa.example ", true, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Suppressed(ctx, "ana@spa.example"); !ok || err != nil {
		t.Fatalf("suppressed: %v %v", ok, err)
	}
}
