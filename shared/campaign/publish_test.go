package campaign_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/shared/campaign"
	"github.com/medspa-ai/backend/shared/campaign/googleads"
	"github.com/medspa-ai/backend/shared/campaign/metaads"
	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/jobs"
)

type targets map[connector.Platform]campaign.Target

func (t targets) Target(_ context.Context, _, id string) (campaign.Target, error) {
	return t[connector.Platform(strings.TrimPrefix(id, "conn_"))], nil
}

var png1x1 = []byte("\x89PNG\r\n\x1a\n-test-image-bytes")

type world struct {
	sim     *adplatform.Server
	store   *fake.Campaigns
	pub     *campaign.Publisher
	meta    string
	google  string
	ctx     context.Context
	created time.Time
}

func newWorld(t *testing.T) *world {
	srv := adplatform.StartTest(t, adplatform.Options{})
	w := &world{sim: srv, store: fake.NewCampaigns(), ctx: context.Background()}
	w.meta = srv.Accounts(adplatform.Meta)[0].ID
	for _, a := range srv.Accounts(adplatform.Google) {
		if a.Direct && !a.Manager {
			w.google = a.ID
		}
	}
	mt := srv.IssueToken(adplatform.Meta, "ads_read", "ads_management")
	gt := srv.IssueToken(adplatform.Google, adplatform.AdWordsScope)
	w.pub = &campaign.Publisher{
		Store: w.store,
		Ads: map[connector.Platform]campaign.Ads{
			connector.Meta:   metaads.New(srv.MetaGraphURL()+"/v24.0", nil),
			connector.Google: googleads.New(srv.GoogleAdsURL()+"/v22", srv.Options().GoogleDeveloperToken, nil),
		},
		Targets: targets{
			connector.Meta:   {AccountID: w.meta, Tokens: connector.Tokens{Access: mt.AccessToken}},
			connector.Google: {AccountID: w.google, Tokens: connector.Tokens{Access: gt.AccessToken}},
		},
		Media: func(context.Context, string) ([]byte, error) { return png1x1, nil },
		Now:   srv.Now,
	}
	return w
}

func (w *world) draft(t *testing.T, p connector.Platform, id string) campaign.Draft {
	d := campaign.Draft{OrgID: "org_1", ID: id, Name: "Spring glow", Goal: campaign.Leads, Platform: p, ConnectionID: "conn_" + string(p),
		Currency: "USD", DailyBudget: 2500, Start: w.sim.Now().Add(time.Hour), Launch: campaign.Active,
		Audience: campaign.Audience{Locations: []string{"Austin, TX"}, AgeMin: 18},
		Status:   campaign.Approved, CreatedBy: "u1", ApprovedBy: "u1", CreatedAt: w.sim.Now()}
	if p == connector.Meta {
		d.Placement = rules.MetaFeed
		d.Creative = campaign.Creative{Fields: map[string]string{"primaryText": "Spring refresh facials at Glow Med Spa.", "headline": "Book your spring facial", "description": "Austin's calm spa"},
			LinkURL: "https://glowmedspa.example", MediaKey: "assets/org_1/uploads/a.png", MediaType: "image/png", Origin: campaign.Own}
	} else {
		d.Placement = rules.GoogleSearch
		d.Creative = campaign.Creative{Fields: map[string]string{"headline1": "Spring Facials in Austin", "headline2": "Glow Med Spa", "headline3": "Book a Consultation",
			"description1": "Calm, expert facials by licensed staff.", "description2": "Book online in a minute."}, LinkURL: "https://glowmedspa.example", Origin: campaign.Own}
	}
	if vs := campaign.Check(d, []string{"Austin, TX"}, w.sim.Now()); len(vs) > 0 {
		t.Fatalf("draft does not pass its checks: %+v", vs)
	}
	if err := w.store.CreateDraft(w.ctx, d); err != nil {
		t.Fatal(err)
	}
	return d
}

func (w *world) counts(p connector.Platform) map[string]int {
	acct := w.meta
	kinds := []string{"campaign", "adset", "adcreative", "ad", "adimage"}
	if p == connector.Google {
		acct, kinds = w.google, []string{"campaign_budget", "campaign", "campaign_criterion", "ad_group", "ad_group_ad"}
	}
	out := map[string]int{}
	for _, k := range kinds {
		out[k] = w.sim.CountPublished(acct, k)
	}
	return out
}

// TestPublishKilledBetweenEveryStep stops the worker after each step in
// turn (as a killed invocation would) and delivers the job again: the
// platform ends with one object of each kind per draft, every step's ID
// recorded.
func TestPublishKilledBetweenEveryStep(t *testing.T) {
	for _, p := range []connector.Platform{connector.Meta, connector.Google} {
		t.Run(string(p), func(t *testing.T) {
			w := newWorld(t)
			d := w.draft(t, p, "cd_"+string(p))
			steps := campaign.Steps(d)
			kills := 0
			w.pub.AfterStep = func(step string) error {
				if kills < len(steps) && step == steps[kills] {
					kills++
					return errors.New("killed")
				}
				return nil
			}
			runs := 0
			for {
				runs++
				err := w.pub.Run(w.ctx, d.OrgID, d.ID)
				if err == nil {
					break
				}
				if runs > 10 {
					t.Fatalf("no progress: %v", err)
				}
			}
			if runs != len(steps)+1 {
				t.Fatalf("%d runs, want %d", runs, len(steps)+1)
			}
			got, _, _ := w.store.GetDraft(w.ctx, d.OrgID, d.ID)
			if got.Status != campaign.Published || len(got.Steps) != len(steps) {
				t.Fatalf("draft %s steps %+v", got.Status, got.Steps)
			}
			for _, s := range got.Steps {
				if s.PlatformID == "" {
					t.Fatalf("step %s has no ID", s.Name)
				}
			}
			for k, n := range w.counts(p) {
				if n != 1 {
					t.Errorf("%s: %d %s objects, want 1", p, n, k)
				}
			}
			// A redelivery of a published draft changes nothing.
			if err := w.pub.Run(w.ctx, d.OrgID, d.ID); err != nil {
				t.Fatal(err)
			}
			for k, n := range w.counts(p) {
				if n != 1 {
					t.Errorf("after redelivery %s: %d %s objects", p, n, k)
				}
			}
		})
	}
}

// TestLostAnswerIsLookedUp: the platform created the object but the
// worker died before recording it; the retry finds it by the draft's tag
// instead of creating a second one.
func TestLostAnswerIsLookedUp(t *testing.T) {
	for _, p := range []connector.Platform{connector.Meta, connector.Google} {
		t.Run(string(p), func(t *testing.T) {
			w := newWorld(t)
			d := w.draft(t, p, "cd_lost"+string(p))
			// First run: completes every step; then forget the campaign's
			// and the ad's IDs, as if their answers never arrived.
			if err := w.pub.Run(w.ctx, d.OrgID, d.ID); err != nil {
				t.Fatal(err)
			}
			got, _, _ := w.store.GetDraft(w.ctx, d.OrgID, d.ID)
			want := map[string]string{}
			for i, s := range got.Steps {
				want[s.Name] = s.PlatformID
				if s.Name == campaign.StepCampaign || s.Name == campaign.StepAd {
					got.Steps[i].PlatformID = ""
					got.Steps[i].DoneAt = w.sim.Now().Add(-time.Hour)
				}
			}
			got.Status = campaign.Publishing
			got.Version++
			if err := w.store.UpdateDraft(w.ctx, got); err != nil {
				t.Fatal(err)
			}
			if err := w.pub.Run(w.ctx, d.OrgID, d.ID); err != nil {
				t.Fatal(err)
			}
			again, _, _ := w.store.GetDraft(w.ctx, d.OrgID, d.ID)
			for _, s := range again.Steps {
				if s.PlatformID != want[s.Name] {
					t.Errorf("step %s: %s, want the first %s", s.Name, s.PlatformID, want[s.Name])
				}
			}
			for k, n := range w.counts(p) {
				if n != 1 {
					t.Errorf("%d %s objects, want 1", n, k)
				}
			}
		})
	}
}

// TestStepInProgressIsLeftToItsAttempt: a step another attempt started
// moments ago is not retried (it may be answering right now).
func TestStepInProgressIsLeftToItsAttempt(t *testing.T) {
	w := newWorld(t)
	d := w.draft(t, connector.Meta, "cd_busy")
	d.Steps = []campaign.Step{{Name: campaign.StepImage, DoneAt: w.sim.Now()}}
	d.Version = 2
	if err := w.store.UpdateDraft(w.ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := w.pub.Run(w.ctx, d.OrgID, d.ID); !errors.Is(err, campaign.ErrInProgress) {
		t.Fatalf("got %v, want ErrInProgress", err)
	}
	w.sim.Advance(3 * time.Minute)
	if err := w.pub.Run(w.ctx, d.OrgID, d.ID); err != nil {
		t.Fatal(err)
	}
}

// TestRefusalEndsInPlainWords: a step the platform refuses ends the draft
// failed with the platform's own words, and the job as poison.
func TestRefusalEndsInPlainWords(t *testing.T) {
	w := newWorld(t)
	bad := w.draft(t, connector.Meta, "cd_lowbudget")
	bad.DailyBudget = 50 // below the platform's floor; the draft check would refuse it too
	bad.Version = 2
	w.store.UpdateDraft(w.ctx, bad)
	err := w.pub.Run(w.ctx, bad.OrgID, bad.ID)
	var pe *campaign.PermanentError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a permanent error", err)
	}
	got, _, _ := w.store.GetDraft(w.ctx, bad.OrgID, bad.ID)
	if got.Status != campaign.Failed || !strings.Contains(got.Reason, "Your budget is too low") {
		t.Fatalf("status %s reason %q", got.Status, got.Reason)
	}
	if n := w.sim.CountPublished(w.meta, "adset"); n != 0 {
		t.Fatalf("%d ad sets created", n)
	}
}

// TestReviewAndDelivery: a rejected ad's reason is read back; an approved
// one after its delay; pause, resume and archive reach the platform.
func TestReviewAndDelivery(t *testing.T) {
	for _, p := range []connector.Platform{connector.Meta, connector.Google} {
		t.Run(string(p), func(t *testing.T) {
			w := newWorld(t)
			sp := adplatform.Platform(p)
			w.sim.SetReviewOutcomes(
				adplatform.ReviewOutcome{Platform: sp, Contains: "Austin", Reject: true, Reason: "Personal health", Delay: 30 * time.Minute},
			)
			d := w.draft(t, p, "cd_review")
			if err := w.pub.Run(w.ctx, d.OrgID, d.ID); err != nil {
				t.Fatal(err)
			}
			got, err := w.pub.Refresh(w.ctx, d.OrgID, d.ID)
			if err != nil || got.Review.Status != campaign.InReview {
				t.Fatalf("before the delay: %+v %v", got.Review, err)
			}
			w.sim.Advance(40 * time.Minute)
			got, err = w.pub.Refresh(w.ctx, d.OrgID, d.ID)
			if err != nil || got.Review.Status != campaign.Rejected || !strings.Contains(got.Review.Reason, "Personal health") {
				t.Fatalf("after the delay: %+v %v", got.Review, err)
			}
			kind := map[connector.Platform]string{connector.Meta: "campaign", connector.Google: "campaign"}[p]
			acct := map[connector.Platform]string{connector.Meta: w.meta, connector.Google: w.google}[p]
			statusAt := func() string { return w.sim.Published(acct, kind)[0].Status }
			paused := map[connector.Platform]string{connector.Meta: "PAUSED", connector.Google: "PAUSED"}[p]
			active := map[connector.Platform]string{connector.Meta: "ACTIVE", connector.Google: "ENABLED"}[p]
			if statusAt() != active {
				t.Fatalf("created %s", statusAt())
			}
			if got, err = w.pub.SetDelivery(w.ctx, got, campaign.Paused, "u1"); err != nil || statusAt() != paused {
				t.Fatalf("pause: %v %s", err, statusAt())
			}
			if got, err = w.pub.SetDelivery(w.ctx, got, campaign.Active, "u1"); err != nil || statusAt() != active {
				t.Fatalf("resume: %v %s", err, statusAt())
			}
			if _, err = w.pub.SetDelivery(w.ctx, got, campaign.Archived, "u1"); err != nil {
				t.Fatalf("archive: %v", err)
			}
			if s := statusAt(); s != "ARCHIVED" && s != "REMOVED" {
				t.Fatalf("archived: %s", s)
			}
		})
	}
}

// TestOptedOutPublishesOnlyOwnCreatives: generated creatives of an
// organization that opted out of AI processing are not published.
func TestOptedOutPublishesOnlyOwnCreatives(t *testing.T) {
	w := newWorld(t)
	w.pub.OptedOut = func(context.Context, string, string) (bool, error) { return true, nil }
	own := w.draft(t, connector.Meta, "cd_own")
	if err := w.pub.Run(w.ctx, own.OrgID, own.ID); err != nil {
		t.Fatalf("own creative: %v", err)
	}
	gen := w.draft(t, connector.Google, "cd_gen")
	gen.Creative.Origin = campaign.Generated
	gen.Version = 2
	w.store.UpdateDraft(w.ctx, gen)
	err := w.pub.Run(w.ctx, gen.OrgID, gen.ID)
	got, _, _ := w.store.GetDraft(w.ctx, gen.OrgID, gen.ID)
	if err == nil || got.Status != campaign.Failed || w.sim.CountPublished(w.google, "campaign") != 0 {
		t.Fatalf("generated creative of an opted-out org: %v %s %d", err, got.Status, w.sim.CountPublished(w.google, "campaign"))
	}
}

// TestReviewPollsScheduleThemselves: a published draft schedules a review
// poll, which schedules the next while the platform is still reviewing,
// and stops once the review is final.
func TestReviewPollsScheduleThemselves(t *testing.T) {
	w := newWorld(t)
	w.sim.SetReviewOutcomes(adplatform.ReviewOutcome{Platform: adplatform.Meta, Delay: 30 * time.Minute})
	var later []jobs.Publish
	w.pub.ReviewLater = func(_ context.Context, j jobs.Publish) error { later = append(later, j); return nil }
	d := w.draft(t, connector.Meta, "cd_polls")
	if err := w.pub.Job(w.ctx, jobs.Publish{OrgID: d.OrgID, DraftID: d.ID}); err != nil {
		t.Fatal(err)
	}
	if len(later) != 1 || later[0].Action != jobs.PublishReview || later[0].Poll != 1 {
		t.Fatalf("after publishing: %+v", later)
	}
	if err := w.pub.Job(w.ctx, later[0]); err != nil {
		t.Fatal(err)
	}
	if len(later) != 2 || later[1].Poll != 2 {
		t.Fatalf("still in review: %+v", later)
	}
	w.sim.Advance(40 * time.Minute)
	if err := w.pub.Job(w.ctx, later[1]); err != nil {
		t.Fatal(err)
	}
	got, _, _ := w.store.GetDraft(w.ctx, d.OrgID, d.ID)
	if len(later) != 2 || got.Review.Status != campaign.Approve || got.Review.PlatformStatus != "ACTIVE" {
		t.Fatalf("after approval: %d polls, review %+v", len(later), got.Review)
	}
}
