package profiledb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// store is a profile store on fresh account and marketing tables.
func store(t *testing.T) *profiledb.Store {
	t.Helper()
	return testenv.Must[*profiledb.Store](t)(profiledb.New(testenv.Table(t, retention.Account), testenv.Table(t, retention.Marketing)))
}

func TestPutGetAcrossTables(t *testing.T) {
	ctx := context.Background()
	acct := testenv.Table(t, retention.Account)
	mkt := testenv.Table(t, retention.Marketing)
	s := testenv.Must[*profiledb.Store](t)(profiledb.New(acct, mkt))
	uid := ids.UserID(ids.New("sub"))
	p, found, err := s.Get(ctx, uid)
	if err != nil || found || p.Version != 0 || p.MarketingEmails || !p.Communication.PerformanceReports {
		t.Fatalf("a fresh profile: %+v %v %v", p, found, err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	p.Email, p.Name, p.Version, p.CreatedAt, p.UpdatedAt = "a@b.example", "Ana", 1, now, now
	p.MarketingEmails, p.MarketingConsentAt = true, now
	if err := s.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, p); !errors.Is(err, profile.ErrStale) {
		t.Fatalf("a second create: %v", err)
	}
	got, found, err := s.Get(ctx, uid)
	if err != nil || !found || got.Name != "Ana" || !got.MarketingEmails || !got.MarketingConsentAt.Equal(now) || got.Version != 1 {
		t.Fatalf("after put: %+v %v", got, err)
	}
	got.MarketingEmails, got.Version = false, 2
	if err := s.Put(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got, _, _ = s.Get(ctx, uid); got.MarketingEmails || got.Version != 2 {
		t.Fatalf("consent withdrawn: %+v", got)
	}
}

// TestConcurrentPuts: saves racing at one version. One wins; every other
// is refused as stale (the version moved) or as a conflict (a write was
// under way at the same moment), and none is stored.
func TestConcurrentPuts(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	uid := ids.UserID(ids.New("sub"))
	now := time.Now().UTC().Truncate(time.Millisecond)
	base := profile.Default(uid, "race@spa.example")
	base.Version, base.CreatedAt, base.UpdatedAt = 1, now, now
	if err := s.Put(ctx, base); err != nil {
		t.Fatal(err)
	}
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			p := base
			p.Name, p.Version = fmt.Sprint("writer ", i), 2
			errs <- s.Put(ctx, p)
		}()
	}
	wins := 0
	for range n {
		switch err := <-errs; {
		case err == nil:
			wins++
		case errors.Is(err, profile.ErrStale), errors.Is(err, profile.ErrConflict):
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	got, _, err := s.Get(ctx, uid)
	if err != nil || wins != 1 || got.Version != 2 || !strings.HasPrefix(got.Name, "writer ") {
		t.Fatalf("%d winners; stored %+v %v", wins, got, err)
	}
}
