package content

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/jobs"
	"github.com/medspa-ai/backend/shared/platform/sqsbatch"
	"github.com/medspa-ai/backend/shared/platform/wait"
)

// PermanentError is a request no retry will fix: it ends failed with
// Reason, and the message goes to the dead-letter queue.
type PermanentError struct{ Reason string }

func (e *PermanentError) Error() string { return "content: " + e.Reason }

func permanent(format string, args ...any) error {
	return &PermanentError{Reason: fmt.Sprintf(format, args...)}
}

// Generator fulfils content requests.
type Generator struct {
	Store    Store
	Provider Provider
	Assets   Assets
	// MaxAttempts bounds the generations of one request, each fed the
	// violations of the one before (default 3).
	MaxAttempts int
	// Retries bounds the retries of a transient provider error within one
	// attempt, after Backoff, doubling (defaults 3 and 500 ms).
	Retries int
	Backoff time.Duration
	Now     func() time.Time
	// Sleep waits (default: a timer that honours ctx); tests shorten it.
	Sleep func(context.Context, time.Duration) error
	// Later sends the request's next poll message after delay; needed when
	// the provider renders video asynchronously (AsyncVideo). PollEvery is
	// that delay (default 1 minute) and VideoTimeout how long a render may
	// take before the request fails (default 30 minutes).
	Later        func(ctx context.Context, job any, delay time.Duration) error
	PollEvery    time.Duration
	VideoTimeout time.Duration
}

func (g *Generator) defaults() {
	if g.MaxAttempts <= 0 {
		g.MaxAttempts = 3
	}
	if g.Retries <= 0 {
		g.Retries = 3
	}
	if g.Backoff <= 0 {
		g.Backoff = 500 * time.Millisecond
	}
	if g.Now == nil {
		g.Now = time.Now
	}
	if g.PollEvery <= 0 {
		g.PollEvery = time.Minute
	}
	if g.VideoTimeout <= 0 {
		g.VideoTimeout = 30 * time.Minute
	}
	if g.Sleep == nil {
		g.Sleep = wait.For
	}
}

// Sizes of the images and video each placement gets. Video is rendered
// at half the placement's size (the platform scales it up).
func Size(k Kind, p rules.Placement) (w, h int) {
	switch p {
	case rules.MetaStory:
		w, h = 1080, 1920
	default:
		w, h = 1080, 1080
	}
	if k == Video {
		w, h = w/2, h/2
	}
	return w, h
}

// VideoSeconds is the length of a generated video.
const VideoSeconds = 3

// Spec is what a request's brief asks of each variant: the text fields
// with their limits, and the media size.
func Spec(r Request) Brief {
	b := Brief{Request: r}
	lim := rules.LimitsFor(r.Placement)
	switch {
	case r.Kind == Copy && r.Placement.Platform() == rules.Google:
		for i := 1; i <= 5; i++ {
			b.Fields = append(b.Fields, FieldSpec{"headline" + strconv.Itoa(i), lim.Headline})
		}
		for i := 1; i <= 3; i++ {
			b.Fields = append(b.Fields, FieldSpec{"description" + strconv.Itoa(i), lim.Description})
		}
		b.Fields = append(b.Fields, FieldSpec{"path1", lim.Path}, FieldSpec{"path2", lim.Path})
	case r.Kind == Copy:
		b.Fields = []FieldSpec{{"primaryText", lim.PrimaryText}, {"headline", lim.Headline}, {"description", lim.Description}}
	default:
		// The text an image or video shows is a headline, held to the
		// placement's headline limit.
		b.Fields = []FieldSpec{{"headline", lim.Headline}}
		b.Width, b.Height = Size(r.Kind, r.Placement)
		if r.Kind == Video {
			b.Seconds = VideoSeconds
		}
	}
	return b
}

// Run fulfils request id of organization orgID. A request already done is
// not generated again (a redelivered message bills nothing); a failed one
// reports its reason again, so its message reaches the dead-letter queue.
func (g *Generator) Run(ctx context.Context, orgID, id string) error {
	return g.run(ctx, jobs.Content{OrgID: orgID, RequestID: id})
}

func (g *Generator) run(ctx context.Context, j jobs.Content) error {
	g.defaults()
	orgID, id := j.OrgID, j.RequestID
	r, found, err := g.Store.Get(ctx, orgID, id)
	if err != nil {
		return err
	}
	if !found {
		return permanent("request %s of %s not found", id, orgID)
	}
	switch r.Status {
	case Ready, Rejected:
		return nil
	case Failed:
		return permanent("%s", r.Reason)
	}
	if r.Status == Queued {
		r.Status, r.Provider = Generating, g.Provider.Name()
		if r, err = g.save(ctx, r); err != nil {
			return err
		}
	}
	gen := g.generate
	if av, ok := g.Provider.(AsyncVideo); ok && r.Kind == Video {
		gen = func(ctx context.Context, r *Request) error { return g.video(ctx, r, av, j.Poll) }
	}
	if err := gen(ctx, &r); err != nil {
		if errors.Is(err, errStalePoll) {
			return nil
		}
		var pe *PermanentError
		if !errors.As(err, &pe) {
			// Transient: keep what the attempts cost, retry later.
			if _, serr := g.save(ctx, r); serr != nil {
				return errors.Join(err, serr)
			}
			return err
		}
		r.Status, r.Reason = Failed, pe.Reason
		if _, serr := g.save(ctx, r); serr != nil {
			return errors.Join(err, serr)
		}
		return err
	}
	_, err = g.save(ctx, r)
	return err
}

func (g *Generator) save(ctx context.Context, r Request) (Request, error) {
	r.Version++
	r.UpdatedAt = g.Now().UTC()
	if err := g.Store.Update(ctx, r); err != nil {
		return r, err
	}
	return r, nil
}

// generate runs attempts until the request has its variants, each
// passing every rule, or the attempts run out (Rejected).
func (g *Generator) generate(ctx context.Context, r *Request) error {
	spec := Spec(*r)
	checks := rules.Applicable(r.Placement)
	var passed []Result
	var media []*Media
	var last []rules.Violation
	for r.Attempts < g.MaxAttempts && len(passed) < r.Variants {
		r.Attempts++
		b := spec
		b.Request.Variants = r.Variants - len(passed)
		b.Feedback, b.Attempt = last, r.Attempts
		out, err := g.call(ctx, b)
		r.Usage = r.Usage.Add(out.Usage)
		if out.Model != "" {
			r.Model = out.Model
		}
		if err != nil {
			return err
		}
		last = nil
		for _, v := range out.Variants {
			if len(passed) == r.Variants {
				break
			}
			vs := checkVariant(*r, spec, v)
			if len(vs) > 0 {
				last = append(last, vs...)
				continue
			}
			passed = append(passed, Result{Fields: v.Fields, Checks: checks})
			media = append(media, v.Media)
		}
		if len(out.Variants) == 0 {
			last = append(last, rules.Violation{Field: "variants", Rule: rules.RuleCount, Message: "The provider returned no variant."})
		}
	}
	if len(passed) < r.Variants {
		r.Status, r.Violations = Rejected, last
		r.Reason = fmt.Sprintf("after %d attempts, %d of %d variants still broke content rules", r.Attempts, r.Variants-len(passed), r.Variants)
		return nil
	}
	for i := range passed {
		if m := media[i]; m != nil {
			key := AssetKey(r.OrgID, r.ID, i, m.ContentType)
			if err := g.Assets.Put(ctx, key, m.ContentType, m.Data); err != nil {
				return fmt.Errorf("content: storing asset: %w", err)
			}
			passed[i].Asset = &Asset{Key: key, ContentType: m.ContentType, Width: m.Width, Height: m.Height, Frames: m.Frames, DurationMs: m.DurationMs, Bytes: len(m.Data)}
		}
	}
	r.Results, r.Status, r.Reason, r.Violations = passed, Ready, "", nil
	return nil
}

// AssetKey is where a result's file lives: under the organization's
// prefix, so one organization's files never mix with another's.
func AssetKey(orgID, reqID string, n int, contentType string) string {
	ext := "bin"
	switch contentType {
	case "image/png":
		ext = "png"
	case "image/gif":
		ext = "gif"
	case "video/mp4":
		ext = "mp4"
	}
	return "assets/" + orgID + "/content/" + reqID + "/" + strconv.Itoa(n+1) + "." + ext
}

// call asks the provider once, retrying transient errors with backoff.
func (g *Generator) call(ctx context.Context, b Brief) (Output, error) {
	wait := g.Backoff
	var total Usage
	for try := 0; ; try++ {
		out, err := g.Provider.Generate(ctx, b)
		total = total.Add(out.Usage)
		out.Usage = total
		if err == nil {
			return out, nil
		}
		if !errors.Is(err, ErrTransient) {
			return out, permanent("the %s provider refused the request: %s", g.Provider.Name(), trim(err.Error()))
		}
		if try >= g.Retries {
			return out, err
		}
		if err := g.Sleep(ctx, wait); err != nil {
			return out, err
		}
		wait *= 2
	}
}

func trim(s string) string {
	if len(s) > 200 {
		return s[:200]
	}
	return s
}

// checkVariant checks one variant: its text with the rule checker (a
// whole ad for copy), its file against the brief's size.
func checkVariant(r Request, spec Brief, v Variant) []rules.Violation {
	fields := map[string]string{}
	for _, f := range spec.Fields {
		if t := strings.TrimSpace(v.Fields[f.Name]); t != "" {
			fields[f.Name] = t
		}
	}
	for name := range v.Fields {
		if _, ok := fields[name]; !ok && strings.TrimSpace(v.Fields[name]) != "" {
			fields[name] = v.Fields[name] // unknown fields are reported by the checker
		}
	}
	var vs []rules.Violation
	if r.Kind == Copy {
		vs = rules.CheckComplete(r.Placement, fields)
	} else {
		vs = rules.Check(r.Placement, fields)
		if fields["headline"] == "" {
			vs = append(vs, rules.Violation{Field: "headline", Rule: rules.RuleCount, Message: "headline is required."})
		}
		m := v.Media
		switch {
		case m == nil || len(m.Data) == 0:
			vs = append(vs, rules.Violation{Field: "media", Rule: "media.missing", Message: "The provider returned no file."})
		case m.Width != spec.Width || m.Height != spec.Height:
			vs = append(vs, rules.Violation{Field: "media", Rule: "media.size", Message: fmt.Sprintf("The file is %dx%d; the placement needs %dx%d.", m.Width, m.Height, spec.Width, spec.Height)})
		}
	}
	return vs
}

// Job is the queue worker's work: one content message. A request no retry
// will fix is reported as poison, so its message reaches the DLQ with the
// reason logged.
func (g *Generator) Job(ctx context.Context, j jobs.Content) error {
	err := g.run(ctx, j)
	var pe *PermanentError
	if errors.As(err, &pe) {
		return sqsbatch.Poison("content request %s of %s: %s", j.RequestID, j.OrgID, pe.Reason)
	}
	return err
}
