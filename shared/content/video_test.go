package content_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/jobs"
)

// renderer is an asynchronous video provider whose renders finish after
// a number of polls; a render may fail first, or produce a wrong file.
type renderer struct {
	mu        sync.Mutex
	polls     int // each render is done on this poll
	failFirst bool
	wrongSize bool
	starts    map[string]string // token -> handle
	seen      map[string]int    // handle -> polls
}

func (v *renderer) Name() string { return "async" }
func (v *renderer) Generate(context.Context, content.Brief) (content.Output, error) {
	return content.Output{}, fmt.Errorf("only video")
}
func (v *renderer) VideoSize(p rules.Placement) (int, int, int, error) {
	if p == rules.MetaStory {
		return 0, 0, 0, fmt.Errorf("this model renders 16:9 only; a story needs 9:16")
	}
	return 1280, 720, 6, nil
}
func (v *renderer) StartVideo(_ context.Context, b content.Brief, headline, prefix, token string) (string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if h, ok := v.starts[token]; ok {
		return h, nil
	}
	h := fmt.Sprintf("job-%d|%s", len(v.starts)+1, prefix)
	v.starts[token] = h
	return h, nil
}
func (v *renderer) PollVideo(_ context.Context, h string) (content.VideoJob, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.seen[h]++
	if v.seen[h] < v.polls {
		return content.VideoJob{}, nil
	}
	if v.failFirst && strings.HasPrefix(h, "job-1|") {
		return content.VideoJob{Done: true, Failed: "ValidationException: content filtered"}, nil
	}
	w := 1280
	if v.wrongSize {
		w = 1920
	}
	prefix := strings.SplitN(h, "|", 2)[1]
	return content.VideoJob{Done: true, Usage: content.Usage{VideoSeconds: 6, CostMicros: 480000},
		Media: &content.Media{Key: prefix + "/" + strings.SplitN(h, "|", 2)[0] + "/output.mp4", ContentType: "video/mp4", Width: w, Height: 720, DurationMs: 6000, Bytes: 1234}}, nil
}

// queueOf collects the generator's own poll messages.
type queueOf struct {
	mu   sync.Mutex
	msgs []jobs.Content
}

func (q *queueOf) later(_ context.Context, job any, d time.Duration) error {
	j := job.(jobs.Content)
	q.mu.Lock()
	defer q.mu.Unlock()
	if d != time.Minute {
		return fmt.Errorf("delay %s", d)
	}
	q.msgs = append(q.msgs, j)
	return nil
}

func (q *queueOf) pop() (jobs.Content, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.msgs) == 0 {
		return jobs.Content{}, false
	}
	j := q.msgs[0]
	q.msgs = q.msgs[1:]
	return j, true
}

// each hands the queued messages to handle one at a time, the ones handle
// queues too, until none is left.
func (q *queueOf) each(handle func(jobs.Content)) {
	for j, ok := q.pop(); ok; j, ok = q.pop() {
		handle(j)
	}
}

func newRenderer(polls int) *renderer {
	return &renderer{polls: polls, starts: map[string]string{}, seen: map[string]int{}}
}

// videoGenerator is a generator on renderer v whose poll messages wait on
// the returned queue.
func videoGenerator(t *testing.T, v *renderer) (*content.Generator, *fake.Content, *queueOf) {
	q := &queueOf{}
	g, store, _ := setup(t, v)
	g.Later = q.later
	return g, store, q
}

// startVideo stores a one-variant video request for placement and handles
// its first message.
func startVideo(ctx context.Context, g *content.Generator, store *fake.Content, placement rules.Placement) content.Request {
	r := newRequest(content.Video, placement, 1)
	_ = store.Create(ctx, r)
	_ = g.Job(ctx, jobs.Content{OrgID: r.OrgID, RequestID: r.ID, Kind: jobs.Video})
	return r
}

// TestAsyncVideo: the first message starts one render per variant and
// returns; poll messages follow, one at a time, until the renders are
// done; the request is then ready with each file where the render put it.
// A duplicate of every message changes nothing.
func TestAsyncVideo(t *testing.T) {
	ctx := context.Background()
	v := newRenderer(3)
	g, store, q := videoGenerator(t, v)
	r := newRequest(content.Video, rules.MetaFeed, 2)
	_ = store.Create(ctx, r)
	first := jobs.Content{OrgID: r.OrgID, RequestID: r.ID, Kind: jobs.Video}
	if err := g.Job(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := g.Job(ctx, first); err != nil { // redelivered
		t.Fatal(err)
	}
	if len(v.starts) != 2 {
		t.Fatalf("%d renders started, want 2", len(v.starts))
	}
	polls := 0
	q.each(func(j jobs.Content) {
		polls++
		for range 2 { // each message delivered twice
			if err := g.Job(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
	})
	got, _, _ := store.Get(ctx, r.OrgID, r.ID)
	if got.Status != content.Ready || len(got.Results) != 2 || len(got.Pending) != 0 {
		t.Fatalf("%s %s %+v", got.Status, got.Reason, got)
	}
	if polls != 3 || len(v.starts) != 2 {
		t.Fatalf("%d poll messages, %d renders: want 3 and 2", polls, len(v.starts))
	}
	a := got.Results[0].Asset
	if !strings.HasPrefix(a.Key, "assets/org_test/content/"+r.ID+"/video-1/") || a.Width != 1280 || a.DurationMs != 6000 || got.Usage.VideoSeconds != 12 {
		t.Fatalf("%+v usage %+v", a, got.Usage)
	}
	if got.Results[0].Fields["headline"] != "20% off your first visit" {
		t.Fatalf("%v", got.Results[0].Fields)
	}
}

// TestAsyncVideoFailedRenderIsRestarted: a render the model fails is
// started again (a new attempt, a new token) and the request completes.
func TestAsyncVideoFailedRenderIsRestarted(t *testing.T) {
	ctx := context.Background()
	v := newRenderer(1)
	v.failFirst = true
	g, store, q := videoGenerator(t, v)
	r := startVideo(ctx, g, store, rules.MetaFeed)
	q.each(func(j jobs.Content) {
		if err := g.Job(ctx, j); err != nil {
			t.Fatal(err)
		}
	})
	got, _, _ := store.Get(ctx, r.OrgID, r.ID)
	if got.Status != content.Ready || got.Attempts != 2 || len(v.starts) != 2 {
		t.Fatalf("%s %s attempts %d starts %d", got.Status, got.Reason, got.Attempts, len(v.starts))
	}
}

// TestAsyncVideoWrongFileFails: renders that keep coming back at the
// wrong size use up the attempts and the request fails with the reason;
// it is never ready.
func TestAsyncVideoWrongFileFails(t *testing.T) {
	ctx := context.Background()
	v := newRenderer(1)
	v.wrongSize = true
	g, store, q := videoGenerator(t, v)
	r := startVideo(ctx, g, store, rules.MetaFeed)
	var last error
	q.each(func(j jobs.Content) { last = g.Job(ctx, j) })
	got, _, _ := store.Get(ctx, r.OrgID, r.ID)
	if got.Status != content.Failed || !strings.Contains(got.Reason, "1920x720") || last == nil || got.Attempts != 3 {
		t.Fatalf("%s %q attempts %d err %v", got.Status, got.Reason, got.Attempts, last)
	}
}

// TestAsyncVideoTimeout: a render that never finishes fails the request
// after VideoTimeout, and the polling stops.
func TestAsyncVideoTimeout(t *testing.T) {
	ctx := context.Background()
	g, store, q := videoGenerator(t, newRenderer(1<<30))
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	g.Now = func() time.Time { return now }
	r := startVideo(ctx, g, store, rules.MetaFeed)
	n := 0
	q.each(func(j jobs.Content) {
		now = now.Add(time.Minute)
		_ = g.Job(ctx, j)
		n++
	})
	got, _, _ := store.Get(ctx, r.OrgID, r.ID)
	if got.Status != content.Failed || !strings.Contains(got.Reason, "did not finish") || n != 31 {
		t.Fatalf("%s %q after %d polls", got.Status, got.Reason, n)
	}
}

// TestAsyncVideoPlacementItCannotServe: the provider's reason reaches the
// request, which fails without a render started.
func TestAsyncVideoPlacementItCannotServe(t *testing.T) {
	ctx := context.Background()
	v := newRenderer(1)
	g, store, _ := videoGenerator(t, v)
	r := startVideo(ctx, g, store, rules.MetaStory)
	got, _, _ := store.Get(ctx, r.OrgID, r.ID)
	if got.Status != content.Failed || !strings.Contains(got.Reason, "9:16") || len(v.starts) != 0 {
		t.Fatalf("%s %q", got.Status, got.Reason)
	}
}
