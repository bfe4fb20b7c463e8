package profiledb_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
)

// On DynamoDB Local: the registered users are paged to the end through
// small pages; a policy email's claim is won once, survives a profile
// save, is released on failure, and a new version claims afresh; the
// acceptance round-trips.
func TestPolicyNoticeMarkers(t *testing.T) {
	ctx := context.Background()
	s := store(t)
	mine := map[string]bool{}
	for range 3 {
		uid := ids.UserID(ids.New("sub"))
		p := profile.Default(uid, uid+"@spa.example")
		p.Version = 1
		if err := s.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
		mine[uid] = true
	}
	seen, cursor, pages := map[string]string{}, "", 0
	for {
		ps, next, err := s.Registered(ctx, cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			seen[p.UserID] = p.Email
		}
		pages++
		if cursor = next; cursor == "" {
			break
		}
	}
	for uid := range mine {
		if seen[uid] != uid+"@spa.example" {
			t.Fatalf("%s not paged (%d pages)", uid, pages)
		}
	}

	var uid string
	for u := range mine {
		uid = u
		break
	}
	now := time.Now()
	claim := func(v string, at time.Time) bool {
		ok, err := s.ClaimPolicyNotice(ctx, uid, v, at, 10*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("v2", now) || claim("v2", now) {
		t.Fatal("the claim is not won exactly once")
	}
	if err := s.MarkPolicyNotice(ctx, uid, "v2", false, now); err != nil || !claim("v2", now) {
		t.Fatalf("a released claim cannot be taken again: %v", err)
	}
	// A profile save in between keeps the marker.
	p, _, _ := s.Get(ctx, uid)
	p.Name, p.Version = "Renamed", p.Version+1
	p.PolicyVersion, p.PolicyAcceptedAt = "v2", now
	if err := s.Put(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPolicyNotice(ctx, uid, "v2", true, now); err != nil {
		t.Fatal(err)
	}
	if claim("v2", now.Add(time.Hour)) {
		t.Fatal("a sent notice was claimed again")
	}
	if !claim("v3", now) {
		t.Fatal("a new version cannot be claimed")
	}
	got, _, _ := s.Get(ctx, uid)
	if got.PolicyVersion != "v2" || got.PolicyAcceptedAt.IsZero() || got.PolicyNotice != "v3#sending" || got.Name != "Renamed" {
		t.Fatalf("profile %+v", got)
	}
	if ok, err := s.ClaimPolicyNotice(ctx, "usr_nobody_"+ids.New("x"), "v2", now, time.Minute); ok || err != nil {
		t.Fatalf("a user without a profile was claimed: %v %v", ok, err)
	}
}
