package contract

import (
	"errors"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
)

// PrivacyRequests is privacy.Store's contract: versioned saves, each with
// its audit entries all or nothing, entries never written twice, lists
// oldest first and by subject.
func PrivacyRequests(t *testing.T, newStore func(*testing.T) privacy.Store) {
	s := newStore(t)
	at := time.Now().UTC().Truncate(time.Millisecond)
	user := ids.New("usr")
	r := privacy.Request{ID: ids.New("prq"), Type: privacy.Deletion, Subject: privacy.Subject{UserID: user, Email: "ana@spa.example"},
		Status: privacy.PendingReview, ReceivedAt: at, DueAt: privacy.DueAt(at), CreatedBy: "usr_team", UpdatedAt: at, Version: 1}
	es, h := audit.Chain(audit.Head{}, audit.Entry{RequestID: r.ID, At: at, Actor: "usr_team", Action: "received", Detail: map[string]string{"type": "deletion"}})
	r.Audit = h
	if _, err := s.Get(ctx, r.ID); !errors.Is(err, privacy.ErrNotFound) {
		t.Fatalf("absent request: %v", err)
	}
	if err := s.Save(ctx, r, es...); err != nil {
		t.Fatal(err)
	}
	if err := s.Save(ctx, r, es...); !errors.Is(err, privacy.ErrStale) {
		t.Fatalf("a second create: %v", err)
	}
	got, err := s.Get(ctx, r.ID)
	if err != nil || got.Status != r.Status || !got.ReceivedAt.Equal(at) || got.Audit != h || got.Subject != r.Subject {
		t.Fatalf("get: %+v %v", got, err)
	}
	// A save whose entry number is taken (a redelivered step) changes nothing.
	next := got
	next.Version, next.Status = 2, privacy.Approved
	dup, _ := audit.Chain(audit.Head{}, audit.Entry{RequestID: r.ID, At: at, Actor: "usr_x", Action: "approved"})
	if err := s.Save(ctx, next, dup...); !errors.Is(err, privacy.ErrStale) {
		t.Fatalf("a save reusing entry 1: %v", err)
	}
	if got, _ := s.Get(ctx, r.ID); got.Status != privacy.PendingReview {
		t.Fatalf("half-written save: %s", got.Status)
	}
	more, h2 := audit.Chain(h, audit.Entry{RequestID: r.ID, At: at.Add(time.Second), Actor: "usr_lead", Action: "approved"},
		audit.Entry{RequestID: r.ID, At: at.Add(time.Second), Actor: "system", Action: "enqueued"})
	next.Audit = h2
	if err := s.Save(ctx, next, more...); err != nil {
		t.Fatal(err)
	}
	trail, err := s.Entries(ctx, r.ID)
	if err != nil || len(trail) != 3 || trail[0].Detail["type"] != "deletion" || trail[2].Action != "enqueued" {
		t.Fatalf("entries: %+v %v", trail, err)
	}
	if res := audit.Verify(trail, h2); !res.OK {
		t.Fatalf("verify: %+v", res)
	}
	other := privacy.Request{ID: ids.New("prq"), Type: privacy.Access, Subject: privacy.Subject{Email: "bo@spa.example"},
		Status: privacy.IdentityUnverified, ReceivedAt: at.Add(time.Minute), UpdatedAt: at, Version: 1}
	if err := s.Save(ctx, other); err != nil {
		t.Fatal(err)
	}
	mine, err := s.BySubject(ctx, user)
	if err != nil || len(mine) != 1 || mine[0].ID != r.ID {
		t.Fatalf("by subject: %+v %v", mine, err)
	}
	all, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, x := range all {
		pos[x.ID] = i + 1
	}
	if pos[r.ID] == 0 || pos[other.ID] == 0 || pos[r.ID] > pos[other.ID] {
		t.Fatalf("list order: %v", pos)
	}
}
