package content

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/medspa-ai/backend/shared/content/rules"
	"github.com/medspa-ai/backend/shared/jobs"
)

// errStalePoll is a poll message that is not the request's latest: another
// message carries the wait, so this one ends without a change.
var errStalePoll = errors.New("content: stale poll message")

// VideoPrefix is where a render of variant n writes its file: under the
// organization's prefix, beside the request's other files.
func VideoPrefix(orgID, reqID string, n int) string {
	return "assets/" + orgID + "/content/" + reqID + "/video-" + strconv.Itoa(n+1)
}

// video fulfils a video request with an asynchronous provider. The first
// message starts one render per variant; each later message (numbered by
// Polls, so one chain of messages waits, however often SQS delivers)
// polls them, restarts a failed render while attempts remain, and makes
// the request ready when every render is done and checked.
func (g *Generator) video(ctx context.Context, r *Request, av AsyncVideo, poll int) error {
	if poll != r.Polls {
		return errStalePoll
	}
	if g.Later == nil {
		return permanent("video with the %s provider needs a queue to wait on", g.Provider.Name())
	}
	w, h, secs, err := av.VideoSize(r.Placement)
	if err != nil {
		return permanent("%s", err.Error())
	}
	spec := Spec(*r)
	spec.Width, spec.Height, spec.Seconds = w, h, secs
	if len(r.Pending) == 0 {
		headline := videoHeadline(*r)
		if vs := rules.Check(r.Placement, map[string]string{"headline": headline}); len(vs) > 0 {
			r.Status, r.Violations = Rejected, vs
			r.Reason = "the video's headline (the offer or the service) breaks content rules"
			return nil
		}
		r.Attempts++
		for i := range r.Variants {
			r.Pending = append(r.Pending, Pending{Headline: headline})
			if err := g.start(ctx, r, av, spec, i); err != nil {
				return err
			}
		}
		return g.wait(ctx, r)
	}
	done := 0
	for i := range r.Pending {
		p := &r.Pending[i]
		if p.Result != nil {
			done++
			continue
		}
		if p.Handle == "" { // its start failed transiently on an earlier message
			if err := g.start(ctx, r, av, spec, i); err != nil {
				return err
			}
			continue
		}
		job, err := av.PollVideo(ctx, p.Handle)
		if err != nil {
			if errors.Is(err, ErrTransient) {
				continue // asked again on the next poll
			}
			return permanent("the %s provider refused the poll: %s", g.Provider.Name(), trim(err.Error()))
		}
		r.Usage = r.Usage.Add(job.Usage)
		reason := job.Failed
		if job.Done && reason == "" {
			if vs := checkVideo(spec, "assets/"+r.OrgID+"/content/"+r.ID+"/", job.Media); len(vs) > 0 {
				r.Violations, reason = vs, vs[0].Message
			} else {
				m := job.Media
				p.Result = &Result{Fields: map[string]string{"headline": p.Headline}, Checks: rules.Applicable(r.Placement),
					Asset: &Asset{Key: m.Key, ContentType: m.ContentType, Width: m.Width, Height: m.Height, DurationMs: m.DurationMs, Bytes: m.Bytes}}
				done++
				continue
			}
		}
		if !job.Done && reason == "" {
			continue
		}
		if r.Attempts >= g.MaxAttempts {
			return permanent("the video model failed %d times; last: %s", r.Attempts, trim(reason))
		}
		r.Attempts++
		p.Handle = ""
		if err := g.start(ctx, r, av, spec, i); err != nil {
			return err
		}
	}
	if done == len(r.Pending) {
		r.Results = r.Results[:0]
		for _, p := range r.Pending {
			r.Results = append(r.Results, *p.Result)
		}
		r.Pending, r.Status, r.Reason, r.Violations = nil, Ready, "", nil
		return nil
	}
	for _, p := range r.Pending {
		if p.Result == nil && !p.StartedAt.IsZero() && g.Now().Sub(p.StartedAt) > g.VideoTimeout {
			return permanent("the video model did not finish within %s", g.VideoTimeout)
		}
	}
	return g.wait(ctx, r)
}

// start starts variant i's render, retrying a transient refusal with
// backoff. Its token names the request, the variant and the attempt, so
// a start repeated after a crash is the same render.
func (g *Generator) start(ctx context.Context, r *Request, av AsyncVideo, spec Brief, i int) error {
	p := &r.Pending[i]
	token := r.ID + "-" + strconv.Itoa(i+1) + "-" + strconv.Itoa(r.Attempts)
	wait := g.Backoff
	for try := 0; ; try++ {
		h, err := av.StartVideo(ctx, spec, p.Headline, VideoPrefix(r.OrgID, r.ID, i), token)
		if err == nil {
			p.Handle, p.StartedAt = h, g.Now().UTC()
			return nil
		}
		if !errors.Is(err, ErrTransient) {
			return permanent("the %s provider refused the request: %s", g.Provider.Name(), trim(err.Error()))
		}
		if try >= g.Retries {
			return err
		}
		if err := g.Sleep(ctx, wait); err != nil {
			return err
		}
		wait *= 2
	}
}

// wait sends the next poll message before the request is saved with its
// number: if the save then fails, this message is retried and sends again,
// and of two messages with one number the second finds itself stale.
func (g *Generator) wait(ctx context.Context, r *Request) error {
	next := r.Polls + 1
	if err := g.Later(ctx, jobs.Content{OrgID: r.OrgID, RequestID: r.ID, Kind: jobs.Video, Poll: next}, g.PollEvery); err != nil {
		return fmt.Errorf("content: scheduling the next poll: %w", err)
	}
	r.Polls = next
	return nil
}

// videoHeadline is the text a generated video shows: the offer, or the
// service when the offer is missing or too long for a headline.
func videoHeadline(r Request) string {
	h := r.Offer
	for len(h) > 0 && h[len(h)-1] == '.' {
		h = h[:len(h)-1]
	}
	if h == "" || len([]rune(h)) > rules.LimitsFor(r.Placement).Headline {
		h = r.Service
	}
	return h
}

// checkVideo holds a render to the brief: stored under the request's
// prefix, MP4, the size asked for, and within half a second of its length.
func checkVideo(spec Brief, prefix string, m *Media) []rules.Violation {
	v := func(msg string) []rules.Violation {
		return []rules.Violation{{Field: "media", Rule: "media.video", Message: msg}}
	}
	switch {
	case m == nil || m.Key == "":
		return v("The provider returned no file.")
	case !strings.HasPrefix(m.Key, prefix):
		return v("The file is outside the request's folder.")
	case m.ContentType != "video/mp4":
		return v("The file is " + m.ContentType + ", not MP4 video.")
	case m.Width != spec.Width || m.Height != spec.Height:
		return v(fmt.Sprintf("The video is %dx%d; %dx%d was asked for.", m.Width, m.Height, spec.Width, spec.Height))
	case m.DurationMs < spec.Seconds*1000-500 || m.DurationMs > spec.Seconds*1000+500:
		return v(fmt.Sprintf("The video lasts %d ms; %d s was asked for.", m.DurationMs, spec.Seconds))
	}
	return nil
}
