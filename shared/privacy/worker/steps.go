package worker

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/billing"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention/holds"
)

// Data is the subject's own items across the data tables, as the data map
// finds them (profile, preferences and consent, usage events, request logs,
// and in the given organizations the support messages and content
// requests the subject wrote).
type Data interface {
	// Erase deletes them and returns how many it deleted: erasing an
	// already-erased subject deletes nothing and succeeds.
	Erase(ctx context.Context, s privacy.Subject, orgIDs []string) (int, error)
}

// Suppressions keep opt-outs in force after the data is gone: a keyed hash
// of the address, never the address.
type Suppressions interface {
	Suppress(ctx context.Context, email string, marketing, ai bool, at time.Time) error
}

// Deps are what the steps work on.
type Deps struct {
	Profiles     profile.Store
	Orgs         org.Store
	Billing      billing.Store
	Held         func(ctx context.Context, s holds.Scope) (bool, error)
	Data         Data
	Suppressions Suppressions
	// Export (optional) builds and publishes access and portability
	// exports, returning the object key.
	Export func(ctx context.Context, r privacy.Request, orgIDs []string) (string, map[string]string, error)
	// Requests and DeleteExport (optional, together) find the subject's
	// earlier requests and delete their export files with the erasure: a
	// zip of everything the subject had must not outlive it. Each such
	// request then shows no link, and its trail says why.
	Requests     privacy.Store
	DeleteExport func(ctx context.Context, key string) error
	Now          func() time.Time
}

// Steps returns every step's implementation.
func Steps(d Deps) map[string]Step {
	return map[string]Step{
		privacy.StepHoldCheck:   d.holdCheck,
		privacy.StepSuppress:    d.suppress,
		privacy.StepMemberships: d.memberships,
		privacy.StepConnections: d.connections,
		privacy.StepErase:       d.erase,
		privacy.StepAnonymize:   d.anonymize,
		privacy.StepFlag:        d.flag,
		privacy.StepCorrect:     d.correct,
		privacy.StepCollect:     d.collect,
		privacy.StepPublish:     d.publish,
		privacy.StepNotify: func(context.Context, privacy.Request) (map[string]string, error) {
			return map[string]string{"notice": "on completion"}, nil
		},
	}
}

// orgsOf lists the organizations the subject belongs to.
func (d Deps) orgsOf(ctx context.Context, userID string) ([]org.Member, error) {
	var out []org.Member
	p := org.Page{Limit: 100}
	for {
		ms, next, err := d.Orgs.ListForUser(ctx, userID, p)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
		if next == "" {
			return out, nil
		}
		p.After = next
	}
}

// orgIDs are the organizations recorded by the hold check, the first step:
// later steps still know them once the memberships have ended.
func orgIDs(r privacy.Request) []string {
	for _, s := range r.Steps {
		if s.Name == privacy.StepHoldCheck || s.Name == privacy.StepCollect {
			if v := s.Result["orgs"]; v != "" {
				return strings.Split(v, ",")
			}
		}
	}
	return nil
}

// holdCheck pauses an erasure while a legal hold covers the subject or one
// of their organizations, and records the organizations.
func (d Deps) holdCheck(ctx context.Context, r privacy.Request) (map[string]string, error) {
	var orgs []string
	if uid := r.Subject.UserID; uid != "" {
		if held, err := d.Held(ctx, holds.Scope{Kind: holds.Subject, ID: uid}); err != nil || held {
			return nil, errors.Join(err, pauseIf(held))
		}
		ms, err := d.orgsOf(ctx, uid)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			orgs = append(orgs, m.OrgID)
			if held, err := d.Held(ctx, holds.Scope{Kind: holds.Org, ID: m.OrgID}); err != nil || held {
				return nil, errors.Join(err, pauseIf(held))
			}
		}
	}
	sort.Strings(orgs)
	return map[string]string{"orgs": strings.Join(orgs, ","), "held": "false"}, nil
}

func pauseIf(held bool) error {
	if held {
		return Paused(ReasonLegalHold)
	}
	return nil
}

func (d Deps) email(ctx context.Context, r privacy.Request) (string, error) {
	if r.Subject.Email != "" {
		return ids.NormalizeEmail(r.Subject.Email), nil
	}
	p, found, err := d.Profiles.Get(ctx, r.Subject.UserID)
	if err != nil || !found {
		return "", err
	}
	return ids.NormalizeEmail(p.Email), nil
}

// suppress keeps the opt-outs of an erased subject: no marketing, no AI.
func (d Deps) suppress(ctx context.Context, r privacy.Request) (map[string]string, error) {
	email, err := d.email(ctx, r)
	if err != nil {
		return nil, err
	}
	if email == "" {
		return map[string]string{"suppressed": "false"}, nil
	}
	if err := d.Suppressions.Suppress(ctx, email, true, true, d.Now()); err != nil {
		return nil, err
	}
	return map[string]string{"suppressed": "true"}, nil
}

// memberships ends every membership; an organization's last owner stops
// the request for input (a new owner first), never orphaning it.
func (d Deps) memberships(ctx context.Context, r privacy.Request) (map[string]string, error) {
	if r.Subject.UserID == "" {
		return map[string]string{"ended": "0"}, nil
	}
	ms, err := d.orgsOf(ctx, r.Subject.UserID)
	if err != nil {
		return nil, err
	}
	ended := 0
	for _, m := range ms {
		err := d.Orgs.Remove(ctx, org.ActorFor(r.Subject.UserID, org.LeaveOrg), m)
		switch {
		case errors.Is(err, org.ErrLastOwner):
			return nil, NeedsInput("last_owner:" + m.OrgID)
		case errors.Is(err, org.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			ended++
		}
	}
	return map[string]string{"ended": strconv.Itoa(ended)}, nil
}

// connections: a connection belongs to its organization, whose remaining
// members still use it. After the memberships step no organization of the
// subject is left without a member (the last owner needs input first), so
// there is nothing to revoke; the step records that it checked.
func (d Deps) connections(_ context.Context, r privacy.Request) (map[string]string, error) {
	return map[string]string{"revoked": "0", "orgs": strconv.Itoa(len(orgIDs(r)))}, nil
}

// erase deletes the subject's data (by user ID and by address: the
// address on file is read before the profile goes) and the files of the
// subject's earlier exports.
func (d Deps) erase(ctx context.Context, r privacy.Request) (map[string]string, error) {
	subj := r.Subject
	if subj.Email == "" && subj.UserID != "" {
		email, err := d.email(ctx, r)
		if err != nil {
			return nil, err
		}
		subj.Email = email
	}
	n, err := d.Data.Erase(ctx, subj, orgIDs(r))
	if err != nil {
		return nil, err
	}
	out := map[string]string{"deleted": strconv.Itoa(n)}
	if d.Requests != nil && d.DeleteExport != nil && subj.UserID != "" {
		past, err := d.Requests.BySubject(ctx, subj.UserID)
		if err != nil {
			return nil, err
		}
		files := 0
		for _, p := range past {
			if p.Download == "" || p.ID == r.ID {
				continue
			}
			if err := d.DeleteExport(ctx, p.Download); err != nil {
				return nil, err
			}
			// Deleted first, then recorded: a retry deletes again (a no-op)
			// and records once, as the request it finds still names the key.
			// The list is read from an index; the save needs the request as
			// stored now.
			if p, err = d.Requests.Get(ctx, p.ID); err != nil {
				return nil, err
			}
			files++
			if p.Download == "" {
				continue // recorded already
			}
			key, now := p.Download, d.Now().UTC()
			p.Download = ""
			if err := privacy.SaveWith(ctx, d.Requests, &p, now, privacy.Entry(p, actor, "export_deleted", "erased with request "+r.ID, now,
				map[string]string{"key": key, "request": r.ID})); err != nil {
				return nil, err
			}
		}
		out["exports"] = strconv.Itoa(files)
	}
	return out, nil
}

// anonymize keeps the billing records of the subject's organizations for
// their legal period, with the subject's personal data replaced where the
// subject is the billing contact.
func (d Deps) anonymize(ctx context.Context, r privacy.Request) (map[string]string, error) {
	email, err := d.email(ctx, r)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, id := range orgIDs(r) {
		rec, err := d.Billing.Load(ctx, id)
		if err != nil {
			return nil, err
		}
		if rec.Customer == nil || email == "" || ids.NormalizeEmail(rec.Customer.Email) != email {
			continue
		}
		if err := d.Billing.Anonymize(ctx, id, d.Now()); err != nil {
			return nil, err
		}
		n++
	}
	return map[string]string{"anonymized": strconv.Itoa(n)}, nil
}

// flag records restriction, objection and the opt-outs on the profile,
// where content generation, optimisation and marketing read them.
func (d Deps) flag(ctx context.Context, r privacy.Request) (map[string]string, error) {
	p, found, err := d.subjectProfile(ctx, r, "flag")
	if err != nil {
		return nil, err
	}
	switch r.Type {
	case privacy.Restriction, privacy.Objection:
		if p.Restricted {
			return map[string]string{"changed": "false"}, nil
		}
		p.Restricted = true
	case privacy.AIOptOut:
		if p.AIOptOut {
			return map[string]string{"changed": "false"}, nil
		}
		p.AIOptOut = true
	case privacy.MarketingOptOut:
		if found && !p.MarketingEmails && !p.Communication.ProductUpdates {
			return map[string]string{"changed": "false"}, nil
		}
		p.MarketingEmails, p.MarketingConsentAt, p.Communication.ProductUpdates = false, time.Time{}, false
	default:
		return nil, fmt.Errorf("flag: not a flag request type: %s", r.Type)
	}
	return map[string]string{"changed": "true"}, d.putProfile(ctx, p, found)
}

// subjectProfile reads the profile a step changes (found is false for one
// never written); a subject without a user ID has none, and the step to
// do needs input.
func (d Deps) subjectProfile(ctx context.Context, r privacy.Request, do string) (profile.Profile, bool, error) {
	if r.Subject.UserID == "" {
		return profile.Profile{}, false, NeedsInput("no_account: the subject has no user ID to " + do)
	}
	return d.Profiles.Get(ctx, r.Subject.UserID)
}

func (d Deps) putProfile(ctx context.Context, p profile.Profile, found bool) error {
	now := d.Now().UTC()
	if !found {
		p.CreatedAt = now
	}
	p.UpdatedAt = now
	p.Version++
	return d.Profiles.Put(ctx, p)
}

// correct applies the corrections to the profile, and to the email copies
// in the subject's memberships through the organization store's own rules.
func (d Deps) correct(ctx context.Context, r privacy.Request) (map[string]string, error) {
	p, found, err := d.subjectProfile(ctx, r, "correct")
	if err != nil {
		return nil, err
	}
	changed := 0
	for field, v := range r.Corrections {
		var dst *string
		switch field {
		case "profile.name":
			dst = &p.Name
		case "profile.phone":
			dst = &p.Phone
		case "profile.jobTitle":
			dst = &p.JobTitle
		case "profile.email":
			dst = &p.Email
		default:
			// A field the strategy cannot apply stops the request: never a
			// silent skip.
			return nil, NeedsInput("correction_unsupported:" + field)
		}
		if *dst != v {
			*dst = v
			changed++
		}
	}
	if changed > 0 {
		if err := d.putProfile(ctx, p, found); err != nil {
			return nil, err
		}
	}
	return map[string]string{"changed": strconv.Itoa(changed)}, nil
}

func (d Deps) collect(ctx context.Context, r privacy.Request) (map[string]string, error) {
	var orgs []string
	if r.Subject.UserID != "" {
		ms, err := d.orgsOf(ctx, r.Subject.UserID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			orgs = append(orgs, m.OrgID)
		}
	}
	sort.Strings(orgs)
	return map[string]string{"orgs": strings.Join(orgs, ",")}, nil
}

func (d Deps) publish(ctx context.Context, r privacy.Request) (map[string]string, error) {
	if d.Export == nil {
		return nil, NeedsInput("export_unavailable")
	}
	key, counts, err := d.Export(ctx, r, orgIDs(r))
	if err != nil {
		return nil, err
	}
	out := map[string]string{"key": key}
	for k, v := range counts {
		out["n_"+k] = v
	}
	return out, nil
}
