package profiledb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/ids"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

func TestPutGetAcrossTables(t *testing.T) {
	ctx := context.Background()
	acct := testenv.Table(t, retention.Account)
	mkt := testenv.Table(t, retention.Marketing)
	s, err := profiledb.New(acct, mkt)
	if err != nil {
		t.Fatal(err)
	}
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
