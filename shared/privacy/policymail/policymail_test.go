package policymail_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/privacy/policymail"
	"github.com/medspa-ai/backend/shared/profile"
)

// users is policymail.Users in memory, with profiledb's semantics: pages
// in key order, a claim is a conditional write.
type users struct {
	mu     sync.Mutex
	ids    []string
	email  map[string]string
	marker map[string]string
	at     map[string]time.Time
}

func newUsers(n int) *users {
	u := &users{email: map[string]string{}, marker: map[string]string{}, at: map[string]time.Time{}}
	for i := range n {
		id := fmt.Sprintf("usr_%04d", i)
		u.ids = append(u.ids, id)
		if i%10 != 9 { // every tenth has no address
			u.email[id] = fmt.Sprintf("user%04d@spa.example", i)
		}
	}
	sort.Strings(u.ids)
	return u
}

func (u *users) Registered(_ context.Context, after string, limit int) ([]profile.Profile, string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	start := sort.SearchStrings(u.ids, after)
	if after != "" && start < len(u.ids) && u.ids[start] == after {
		start++
	}
	end := min(start+limit, len(u.ids))
	var out []profile.Profile
	for _, id := range u.ids[start:end] {
		out = append(out, profile.Profile{UserID: id, Email: u.email[id]})
	}
	next := ""
	if end < len(u.ids) {
		next = u.ids[end-1]
	}
	return out, next, nil
}

func (u *users) ClaimPolicyNotice(_ context.Context, id, v string, now time.Time, ttl time.Duration) (bool, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	m := u.marker[id]
	if m == v+"#sent" || m == v+"#sending" && now.Sub(u.at[id]) < ttl {
		return false, nil
	}
	u.marker[id], u.at[id] = v+"#sending", now
	return true, nil
}

func (u *users) MarkPolicyNotice(_ context.Context, id, v string, sent bool, now time.Time) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.marker[id] != v+"#sending" {
		return nil
	}
	if sent {
		u.marker[id], u.at[id] = v+"#sent", now
	} else {
		delete(u.marker, id)
	}
	return nil
}

func broadcaster(u *users, out *fake.Outbox) policymail.Broadcaster {
	return policymail.Broadcaster{Users: u, Sender: out, Now: time.Now,
		Policy: policymail.Policy{Version: "2026-11", EffectiveDate: "2026-11-01", URL: "https://app.example/privacy-policy"}}
}

func always() bool { return true }

// onceEach fails unless every user with an address got exactly one email.
func onceEach(t *testing.T, u *users, out *fake.Outbox) {
	t.Helper()
	n := 0
	for _, id := range u.ids {
		addr := u.email[id]
		if addr == "" {
			continue
		}
		n++
		if got := len(out.To(addr)); got != 1 {
			t.Fatalf("%s got %d emails", id, got)
		}
	}
	if len(out.Sent()) != n {
		t.Fatalf("%d emails for %d users with an address", len(out.Sent()), n)
	}
}

func TestEveryUserOnceAcrossBudgetsAndRepeats(t *testing.T) {
	ctx := context.Background()
	u, out := newUsers(250), &fake.Outbox{}
	b := broadcaster(u, out)
	// One page per invocation: the continuation's cursor carries on.
	cursor, runs := "", 0
	for {
		p, err := b.Run(ctx, "2026-11", cursor, func() bool { return false })
		if err != nil {
			t.Fatal(err)
		}
		runs++
		if cursor = p.Next; cursor == "" {
			break
		}
	}
	if runs != 3 {
		t.Fatalf("%d runs for 250 users in pages of %d", runs, policymail.PageSize)
	}
	onceEach(t, u, out)
	// Started again by the privacy team: nobody is emailed twice.
	if p, err := b.Run(ctx, "2026-11", "", always); err != nil || p.Sent != 0 || p.Next != "" {
		t.Fatalf("again: %+v %v", p, err)
	}
	onceEach(t, u, out)
	m := out.Sent()[0]
	if m.Kind != "policy_change" || m.Subject != "We updated our privacy policy" {
		t.Fatalf("message %+v", m)
	}
}

func TestConcurrentRunsEmailOnce(t *testing.T) {
	ctx := context.Background()
	u, out := newUsers(300), &fake.Outbox{}
	b := broadcaster(u, out)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := b.Run(ctx, "2026-11", "", always); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	onceEach(t, u, out)
}

func TestFailedSendResumes(t *testing.T) {
	ctx := context.Background()
	u, out := newUsers(120), &fake.Outbox{}
	b := broadcaster(u, out)
	out.Fail = errors.New("throttled")
	if _, err := b.Run(ctx, "2026-11", "", always); err == nil {
		t.Fatal("a failed send reported success")
	}
	out.Fail = nil
	// The redelivered job starts from its own cursor ("" here).
	if _, err := b.Run(ctx, "2026-11", "", always); err != nil {
		t.Fatal(err)
	}
	onceEach(t, u, out)
}

func TestOnlyTheVersionInForce(t *testing.T) {
	u, out := newUsers(5), &fake.Outbox{}
	if _, err := broadcaster(u, out).Run(context.Background(), "2025-01", "", always); !errors.Is(err, policymail.ErrNotInForce) || len(out.Sent()) != 0 {
		t.Fatalf("an old version's job: %v, %d sent", err, len(out.Sent()))
	}
}
