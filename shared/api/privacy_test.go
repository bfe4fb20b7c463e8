package api_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/api"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/notify"
)

// privacyWorld is the privacy requests' side of a test world: the store,
// the queued requests and the mail sent (notices delivered at once).
type privacyWorld struct {
	store privacy.Store
	mu    sync.Mutex
	jobs  []string
	out   *fake.Outbox
	limit *fake.Limiter
	// policyJobs are the policy versions whose email was queued.
	policyJobs []string
}

func newPrivacyWorld() *privacyWorld {
	return &privacyWorld{store: fake.NewPrivacyRequests(), out: &fake.Outbox{}, limit: &fake.Limiter{}}
}

var codeInMail = regexp.MustCompile(`verification code is (\d{6})`)

// code is the last verification code emailed about request id.
func (p *privacyWorld) code(id string) string {
	sent := p.out.Sent()
	for i := len(sent) - 1; i >= 0; i-- {
		if m := codeInMail.FindStringSubmatch(sent[i].Text); m != nil && strings.Contains(sent[i].Text, id) {
			return m[1]
		}
	}
	return ""
}

func (p *privacyWorld) Enqueue(_ context.Context, r privacy.Request) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs = append(p.jobs, r.ID)
	return nil
}

func (p *privacyWorld) deps() api.Privacy {
	d := notify.Deliverer{Store: p.store, Sender: p.out, Now: time.Now, ConfirmURL: "https://api.example/v1/privacy/confirm"}
	return api.Privacy{Service: privacy.Service{Store: p.store, Queue: p, Notify: notify.Inline(d), NewID: func() string { return ids.New("prq") }}, Limiter: p.limit,
		DownloadURL: func(_ context.Context, key string, valid time.Duration) (string, error) {
			return "https://assets.example/" + key + "?valid=" + strconv.Itoa(int(valid.Seconds())), nil
		},
		PolicyJobs: func(_ context.Context, v string) error {
			p.mu.Lock()
			defer p.mu.Unlock()
			p.policyJobs = append(p.policyJobs, v)
			return nil
		}}
}

// seed records a request in the given status (as the privacy team would
// have moved it there) and returns its ID.
func (p *privacyWorld) seed(t testing.TB, status privacy.Status) string {
	t.Helper()
	ctx := context.Background()
	svc := p.deps().Service
	svc.Now = time.Now
	n := privacy.New{Type: privacy.Access, Subject: privacy.Subject{UserID: "usr_subject", Email: "subject@glowmedspa.example"}, Channel: "email",
		Verification: &privacy.Verification{Method: "call"}}
	if status == privacy.IdentityUnverified {
		n.Verification = nil
	}
	r, err := svc.Submit(ctx, "usr_team", n)
	if err != nil {
		t.Fatal(err)
	}
	switch status {
	case privacy.Approved:
		_, err = svc.Approve(ctx, r.ID, "usr_team")
	case privacy.Failed:
		if r, err = svc.Approve(ctx, r.ID, "usr_team"); err == nil {
			r.Status = privacy.Failed
			r.Version++
			err = p.store.Save(ctx, r)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestExportLinkEndsWithTheExport: a complete access request links its
// export until the bucket's lifecycle rule deletes it (7 days after it
// was built), with a link that ends then too; after, or once an erasure
// has deleted the export, it shows none.
func TestExportLinkEndsWithTheExport(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	ctx := context.Background()
	now := time.Now().UTC()
	for _, c := range []struct {
		name  string
		built time.Time
		key   string
		want  bool
	}{
		{"built 3 days ago", now.AddDate(0, 0, -3), "exports/x/export.zip", true},
		{"built 8 days ago", now.AddDate(0, 0, -8), "exports/y/export.zip", false},
		{"deleted by an erasure", now.AddDate(0, 0, -1), "", false},
	} {
		r := privacy.Request{ID: ids.New("prq"), Type: privacy.Access, Subject: privacy.Subject{UserID: "usr_subject"}, Channel: "email",
			Status: privacy.Complete, ReceivedAt: c.built.Add(-time.Hour), DueAt: c.built.AddDate(0, 0, 30), Download: c.key, Version: 1,
			Steps: []privacy.Step{{Name: privacy.StepCollect, Status: privacy.StepDone, DoneAt: c.built}, {Name: privacy.StepPublish, Status: privacy.StepDone, DoneAt: c.built}}}
		if err := w.privacy.store.Save(ctx, r); err != nil {
			t.Fatal(err)
		}
		got := must(t, w.do(t, f.team, "GET", "/v1/privacy/requests/"+r.ID, nil, nil), 200)
		if !c.want {
			if got["download"] != nil || got["downloadExpiresAt"] != nil {
				t.Errorf("%s: link %v until %v, want none", c.name, got["download"], got["downloadExpiresAt"])
			}
			continue
		}
		until := c.built.AddDate(0, 0, 7)
		u := str(got, "download")
		valid, err := strconv.Atoi(u[strings.LastIndex(u, "=")+1:])
		if !strings.HasPrefix(u, "https://assets.example/"+c.key+"?valid=") || err != nil || (time.Duration(valid)*time.Second-until.Sub(now)).Abs() > time.Minute {
			t.Errorf("%s: link %q, want one valid until %v", c.name, u, until)
		}
		if at, err := time.Parse(time.RFC3339Nano, str(got, "downloadExpiresAt")); err != nil || !at.Equal(until) {
			t.Errorf("%s: downloadExpiresAt %v, want %v", c.name, got["downloadExpiresAt"], until)
		}
	}
}

func TestPrivacyTeamOnly(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	for _, rt := range w.h.Routes() {
		if rt.Scope != "privacy-team" {
			continue
		}
		path := strings.NewReplacer("{privacyRequestId}", f.privacy).Replace(rt.Path)
		// An owner, a stranger: the same 404 as a path that does not exist.
		for _, u := range []*user{f.owner, newUser("stranger")} {
			if r := w.do(t, u, rt.Method, path, nil, nil); r.status != 404 || problemType(t, r) != "not-found" {
				t.Errorf("%s %s as %s: %s", rt.Method, path, u.name, r)
			}
		}
	}
}

func TestPrivacyRequestLifecycleThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	f := w.newOrg(t)
	team := f.team
	base := "/v1/privacy/requests"
	for field, body := range map[string]map[string]any{
		"type":                    {"type": "forget", "subject": map[string]any{"email": "a@glowmedspa.example"}, "channel": "email"},
		"subject":                 {"type": "access", "subject": map[string]any{}, "channel": "email"},
		"subject.email":           {"type": "access", "subject": map[string]any{"email": "not-an-address"}, "channel": "email"},
		"channel":                 {"type": "access", "subject": map[string]any{"email": "a@glowmedspa.example"}},
		"corrections":             {"type": "correction", "subject": map[string]any{"email": "a@glowmedspa.example"}, "channel": "email"},
		"corrections.profile.ssn": {"type": "correction", "subject": map[string]any{"email": "a@glowmedspa.example"}, "channel": "email", "corrections": map[string]any{"profile.ssn": "x"}},
	} {
		fieldNamed(t, w.do(t, team, "POST", base, body, nil), 422, "validation", field)
	}
	fieldNamed(t, w.do(t, f.viewer, "POST", "/v1/me/privacy-requests", map[string]any{"type": "erase"}, nil), 422, "validation", "type")

	// Unverified: a code goes to the address; two wrong codes, then the lockout.
	r := must(t, w.do(t, team, "POST", base, map[string]any{"type": "deletion", "subject": map[string]any{"email": "ana@glowmedspa.example"}, "channel": "email"}, nil), 201)
	id := str(r, "id")
	if str(r, "status") != "identity_unverified" || w.privacy.code(id) == "" {
		t.Fatalf("unverified request: %v, code %q", r, w.privacy.code(id))
	}
	fieldNamed(t, w.do(t, team, "POST", base+"/"+id+"/verify", map[string]any{"code": "12"}, nil), 422, "validation", "code")
	wrong := "000000"
	if w.privacy.code(id) == wrong {
		wrong = "111111"
	}
	for range 2 {
		if r := w.do(t, team, "POST", base+"/"+id+"/verify", map[string]any{"code": wrong}, nil); r.status != 422 || problemType(t, r) != "verification-failed" {
			t.Fatalf("wrong code: %s", r)
		}
	}
	if r := w.do(t, team, "POST", base+"/"+id+"/verify", map[string]any{"code": wrong}, nil); r.status != 403 || problemType(t, r) != "verification-locked" {
		t.Fatalf("third wrong code: %s", r)
	}
	if r := w.do(t, team, "POST", base+"/"+id+"/verify", map[string]any{"code": w.privacy.code(id)}, nil); r.status != 403 {
		t.Fatalf("the right code after the lockout: %s", r)
	}
	// Recorded verification, approval, the one extension.
	must(t, w.do(t, team, "POST", base+"/"+id+"/verify", map[string]any{"method": "video_call", "note": "matched the phone on file"}, nil), 200)
	for _, action := range []string{"deny", "extend", "cancel"} {
		fieldNamed(t, w.do(t, team, "POST", base+"/"+id+"/"+action, map[string]any{"reason": ""}, nil), 422, "validation", "reason")
	}
	got := must(t, w.do(t, team, "POST", base+"/"+id+"/approve", nil, nil), 200)
	if str(got, "status") != "approved" || len(w.privacy.jobs) == 0 || w.privacy.jobs[len(w.privacy.jobs)-1] != id {
		t.Fatalf("approve: %v %v", got, w.privacy.jobs)
	}
	if r := w.do(t, team, "POST", base+"/"+id+"/approve", nil, nil); r.status != 409 || problemType(t, r) != "privacy-request-state" {
		t.Fatalf("approve twice: %s", r)
	}
	must(t, w.do(t, team, "POST", base+"/"+id+"/extend", map[string]any{"reason": "many systems"}, nil), 200)
	if r := w.do(t, team, "POST", base+"/"+id+"/extend", map[string]any{"reason": "again"}, nil); r.status != 409 || problemType(t, r) != "privacy-extension-refused" {
		t.Fatalf("second extension: %s", r)
	}
	one := must(t, w.do(t, team, "GET", base+"/"+id, nil, nil), 200)
	if one["extended"] != true || len(one["history"].([]any)) < 7 || one["verification"].(map[string]any)["method"] != "video_call" {
		t.Fatalf("one: %v", one)
	}
	v := must(t, w.do(t, team, "GET", base+"/"+id+"/audit/verify", nil, nil), 200)
	if v["ok"] != true {
		t.Fatalf("verify: %v", v)
	}
	w.privacy.store.(*fake.PrivacyRequests).Tamper(id, func(es []audit.Entry) []audit.Entry { es[1].Reason = "edited"; return es })
	if v := must(t, w.do(t, team, "GET", base+"/"+id+"/audit/verify", nil, nil), 200); v["ok"] != false || v["firstBadEntry"] != float64(2) {
		t.Fatalf("verify after an edit: %v", v)
	}
	// Filters.
	fieldNamed(t, w.do(t, team, "GET", base+"?due=later", nil, nil), 400, "bad-request", "due")
	list := must(t, w.do(t, team, "GET", base+"?type=deletion&status=approved", nil, nil), 200)
	if items := list["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != id {
		t.Fatalf("filtered: %v", list)
	}
	// A member's own request is verified by the sign-in.
	mine := must(t, w.do(t, f.viewer, "POST", "/v1/me/privacy-requests", map[string]any{"type": "ai_opt_out"}, nil), 201)
	if str(mine, "status") != "pending_review" || mine["verification"].(map[string]any)["method"] != "sign_in" {
		t.Fatalf("own request: %v", mine)
	}
	own := must(t, w.do(t, f.viewer, "GET", "/v1/me/privacy-requests", nil, nil), 200)
	if items := own["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != str(mine, "id") {
		t.Fatalf("own list: %v", own)
	}
	if own := must(t, w.do(t, f.owner, "GET", "/v1/me/privacy-requests", nil, nil), 200); len(own["items"].([]any)) != 0 {
		t.Fatalf("someone else's requests: %v", own)
	}
	md := w.do(t, team, "GET", "/v1/privacy/data-map", nil, map[string]string{"Accept": "text/markdown"})
	if md.status != 200 || !strings.Contains(string(md.body), "| profile | account |") {
		t.Fatalf("markdown: %d", md.status)
	}
}
