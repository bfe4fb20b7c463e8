package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/profile"
)

// PolicyVersion is the privacy policy in force (policy section 11): its
// version and effective date are configuration (template parameters
// PolicyVersion and PolicyEffectiveDate), not data, so publishing a new
// version is a deployment.
type PolicyVersion struct {
	Version string
	// EffectiveDate is YYYY-MM-DD.
	EffectiveDate string
}

// policyView is /v1/me's policy field: the version in force and whether
// the caller accepted it.
type policyView struct {
	CurrentVersion  string     `json:"currentVersion"`
	EffectiveDate   string     `json:"effectiveDate"`
	Accepted        bool       `json:"accepted"`
	AcceptedVersion *string    `json:"acceptedVersion"`
	AcceptedAt      *time.Time `json:"acceptedAt"`
}

func (c *call) policyView(p profile.Profile) policyView {
	cur := c.s.d.Policy
	v := policyView{CurrentVersion: cur.Version, EffectiveDate: cur.EffectiveDate,
		Accepted: cur.Version != "" && p.PolicyVersion == cur.Version, AcceptedAt: timePtr(p.PolicyAcceptedAt)}
	if p.PolicyVersion != "" {
		v.AcceptedVersion = &p.PolicyVersion
	}
	return v
}

// policyAccept is POST /v1/me/policy-acceptance: the version the user
// read and accepts, so an acceptance of a page loaded before a new
// version was published is not taken for the new one.
type policyAccept struct {
	Version string `json:"version"`
}

func (in *policyAccept) check(c *checker) { in.Version = c.text("version", in.Version, 1, 40, false) }

func (s *Server) acceptPolicy(c *call) (reply, error) {
	in := c.in.(*policyAccept)
	cur := s.d.Policy.Version
	if cur == "" || in.Version != cur {
		return reply{}, problem.Validation(problem.FieldError{Field: "version", Reason: "must be the version in force (" + cur + "): read it again"})
	}
	p, _, err := s.d.Profiles.Get(c.ctx, c.who.UserID)
	if err != nil {
		return reply{}, err
	}
	if p.PolicyVersion != cur {
		if p.Email == "" && c.who.EmailVerified {
			p.Email = c.who.Email
		}
		if p.Version == 0 {
			p.CreatedAt = c.now
		}
		p.PolicyVersion, p.PolicyAcceptedAt, p.UpdatedAt = cur, c.now, c.now
		p.Version++
		if err := s.d.Profiles.Put(c.ctx, p); err != nil {
			return reply{}, err
		}
	}
	// Accepting again is a no-op that answers the same: the first
	// acceptance's time is kept.
	return reply{status: 200, body: c.meView(p), etag: etag(p.Version)}, nil
}

// policySchemas adds the policy field to Me and the acceptance's body.
func policySchemas(s schema) {
	nullable := func(t string) schema { return schema{"type": []string{t, "null"}} }
	at := nullable("string")
	at["format"] = "date-time"
	me := s["Me"].(schema)
	me["properties"].(schema)["policy"] = object(schema{"currentVersion": schema{"type": "string"},
		"effectiveDate":   schema{"type": "string", "description": "YYYY-MM-DD"},
		"accepted":        schema{"type": "boolean", "description": "whether you accepted the version in force"},
		"acceptedVersion": nullable("string"), "acceptedAt": at},
		"currentVersion", "effectiveDate", "accepted", "acceptedVersion", "acceptedAt")
	me["required"] = append(me["required"].([]string), "policy")
	s["PolicyAcceptance"] = object(schema{"version": str(1, 40)}, "version")
	s["PolicyVersion"] = schema{"type": "string", "pattern": "^[A-Za-z0-9._-]{1,40}$", "description": "a privacy policy version (the template's PolicyVersion)"}
	s["PolicyNotify"] = object(schema{"version": schema{"type": "string"}, "effectiveDate": schema{"type": "string"}, "queued": schema{"type": "boolean"}}, "version", "effectiveDate", "queued")
}

// The examples' policy version: what the harness configures.
const (
	examplePolicyVersion   = "2026-11"
	examplePolicyEffective = "2026-11-01"
)

func policyExamples(out map[string]any) {
	out["Me"].(map[string]any)["policy"] = map[string]any{"currentVersion": examplePolicyVersion, "effectiveDate": examplePolicyEffective,
		"accepted": true, "acceptedVersion": examplePolicyVersion, "acceptedAt": "2026-11-02T09:30:00Z"}
	out["PolicyAcceptance"] = map[string]any{"version": examplePolicyVersion}
	out["PolicyNotify"] = map[string]any{"version": examplePolicyVersion, "effectiveDate": examplePolicyEffective, "queued": true}
}

type policyNotifyView struct {
	Version       string `json:"version"`
	EffectiveDate string `json:"effectiveDate"`
	Queued        bool   `json:"queued"`
}

// notifyPolicy is POST /v1/privacy/policy-versions/{policyVersion}/notify:
// the privacy team starts the email of a material change to every
// registered user. Only the version in force (configuration) can be
// announced; starting it again queues a job the worker recognizes, and
// every user already emailed is skipped by their marker.
func (s *Server) notifyPolicy(c *call) (reply, error) {
	v := c.r.PathValue("policyVersion")
	cur := s.d.Policy
	if cur.Version == "" || v != cur.Version {
		return reply{}, problem.NotFound("No such policy version in force: the version in force is set by the deployment (PolicyVersion).")
	}
	if s.d.Privacy.PolicyJobs == nil {
		return reply{}, errors.New("api: no policy job queue")
	}
	if err := s.d.Privacy.PolicyJobs(c.ctx, v); err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusAccepted, body: policyNotifyView{Version: v, EffectiveDate: cur.EffectiveDate, Queued: true}}, nil
}
