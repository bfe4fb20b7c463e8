package api

import (
	"time"

	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/profile"
)

// meView is GET /v1/me.
type meView struct {
	UserID             string             `json:"userId"`
	Email              string             `json:"email"`
	Name               string             `json:"name"`
	Phone              string             `json:"phone"`
	JobTitle           string             `json:"jobTitle"`
	Communication      communicationView  `json:"communication"`
	MarketingEmails    bool               `json:"marketingEmails"`
	MarketingConsentAt *time.Time         `json:"marketingConsentAt"`
	Subscriptions      []subscriptionView `json:"subscriptions"`
	AIProcessingOptOut bool               `json:"aiProcessingOptOut"`
	PrivacyTeam        bool               `json:"privacyTeam"`
	Policy             policyView         `json:"policy"`
	UpdatedAt          *time.Time         `json:"updatedAt"`
	Version            int64              `json:"version"`
}

// subscriptionView is one topic: the switches above, by topic, with the
// consent record behind each (since: when it was given; null when off or
// the default of a user who never chose).
type subscriptionView struct {
	Topic      profile.Topic `json:"topic"`
	Subscribed bool          `json:"subscribed"`
	Since      *time.Time    `json:"since"`
}

func subscriptionsView(p profile.Profile) []subscriptionView {
	out := make([]subscriptionView, 0, len(profile.Topics))
	for _, t := range profile.Topics {
		v := subscriptionView{Topic: t, Subscribed: p.Subscribed(t)}
		if c, ok := p.Consents[t]; ok && v.Subscribed {
			v.Since = timePtr(c.At)
		}
		out = append(out, v)
	}
	return out
}

type communicationView struct {
	ProductUpdates     bool `json:"productUpdates"`
	PerformanceReports bool `json:"performanceReports"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (c *call) meView(p profile.Profile) meView {
	email := p.Email
	if email == "" {
		email = c.who.Email
	}
	return meView{
		UserID: p.UserID, Email: email, Name: p.Name, Phone: p.Phone, JobTitle: p.JobTitle,
		Communication:   communicationView{p.Communication.ProductUpdates, p.Communication.PerformanceReports},
		MarketingEmails: p.MarketingEmails, MarketingConsentAt: timePtr(p.MarketingConsentAt), Subscriptions: subscriptionsView(p),
		AIProcessingOptOut: p.AIOptOut, PrivacyTeam: c.who.InGroup(PrivacyTeam),
		UpdatedAt: timePtr(p.UpdatedAt), Version: p.Version, Policy: c.policyView(p),
	}
}

// getMe: one BatchGetItem across the account and marketing tables. A user
// who never saved a profile gets the defaults at version 0.
func (s *Server) getMe(c *call) (reply, error) {
	p, _, err := s.d.Profiles.Get(c.ctx, c.who.UserID)
	if err != nil {
		return reply{}, err
	}
	return reply{status: 200, body: c.meView(p), etag: etag(p.Version)}, nil
}

// mePatch is PATCH /v1/me: omitted fields stay; "" clears phone and job title.
type mePatch struct {
	Name            *string             `json:"name"`
	Phone           *string             `json:"phone"`
	JobTitle        *string             `json:"jobTitle"`
	Communication   *communicationPatch `json:"communication"`
	MarketingEmails *bool               `json:"marketingEmails"`
	// Subscriptions switches topics by name; the fields above are the same
	// switches (product_updates, reports in communication; marketing).
	Subscriptions      map[string]bool `json:"subscriptions"`
	AIProcessingOptOut *bool           `json:"aiProcessingOptOut"`
}

type communicationPatch struct {
	ProductUpdates     *bool `json:"productUpdates"`
	PerformanceReports *bool `json:"performanceReports"`
}

func (m *mePatch) check(c *checker) {
	if m.Name != nil {
		*m.Name = c.text("name", *m.Name, 1, 100, false)
	}
	if m.Phone != nil {
		*m.Phone = c.phone("phone", *m.Phone)
	}
	if m.JobTitle != nil {
		*m.JobTitle = c.text("jobTitle", *m.JobTitle, 0, 100, false)
	}
	for k, on := range m.Subscriptions {
		t, ok := profile.ParseTopic(k)
		if !ok {
			c.fail("subscriptions."+k, "is not a topic (product_updates, marketing, reports)")
			continue
		}
		field := map[profile.Topic]*bool{profile.Marketing: m.MarketingEmails}[t]
		if cp := m.Communication; cp != nil {
			field = map[profile.Topic]*bool{profile.Marketing: m.MarketingEmails, profile.ProductUpdates: cp.ProductUpdates, profile.Reports: cp.PerformanceReports}[t]
		}
		if field != nil && *field != on {
			c.fail("subscriptions."+k, "contradicts the same switch given elsewhere in the body")
		}
	}
	if m.Name == nil && m.Phone == nil && m.JobTitle == nil && m.Communication == nil && m.MarketingEmails == nil && m.AIProcessingOptOut == nil && len(m.Subscriptions) == 0 {
		c.fail("body", "names no field to change")
	}
}

func (s *Server) patchMe(c *call) (reply, error) {
	in := c.in.(*mePatch)
	for k, on := range in.Subscriptions {
		on := on
		switch profile.Topic(k) {
		case profile.Marketing:
			in.MarketingEmails = &on
		case profile.ProductUpdates, profile.Reports:
			if in.Communication == nil {
				in.Communication = &communicationPatch{}
			}
			if profile.Topic(k) == profile.Reports {
				in.Communication.PerformanceReports = &on
			} else {
				in.Communication.ProductUpdates = &on
			}
		}
	}
	p, _, err := s.d.Profiles.Get(c.ctx, c.who.UserID)
	if err != nil {
		return reply{}, err
	}
	if !c.matches(p.Version) {
		return reply{}, errPrecondFailed()
	}
	if in.Name != nil {
		p.Name = *in.Name
	}
	if in.Phone != nil {
		p.Phone = *in.Phone
	}
	if in.JobTitle != nil {
		p.JobTitle = *in.JobTitle
	}
	if cp := in.Communication; cp != nil {
		if cp.ProductUpdates != nil {
			p.Communication.ProductUpdates = *cp.ProductUpdates
		}
		if cp.PerformanceReports != nil {
			p.Communication.PerformanceReports = *cp.PerformanceReports
		}
	}
	verified := c.who.EmailVerified && c.who.Email != ""
	if in.MarketingEmails != nil && *in.MarketingEmails && !p.MarketingEmails && !verified {
		// Consent is filed with the address marketing goes to: an address
		// the identity provider has not verified may be someone else's.
		return reply{}, problem.Validation(problem.FieldError{Field: "marketingEmails", Reason: "needs a verified email address"})
	}
	if in.MarketingEmails != nil {
		switch {
		case *in.MarketingEmails && !p.MarketingEmails:
			p.MarketingConsentAt = c.now
		case !*in.MarketingEmails:
			p.MarketingConsentAt = time.Time{}
		}
		p.MarketingEmails = *in.MarketingEmails
	}
	if in.AIProcessingOptOut != nil {
		p.AIOptOut = *in.AIProcessingOptOut
	}
	if verified {
		p.Email = c.who.Email // the identity provider's verified address is the source of truth
	}
	if p.Version == 0 {
		p.CreatedAt = c.now
	}
	p.UpdatedAt = c.now
	p.Version++
	if err := s.d.Profiles.Put(c.ctx, p); err != nil {
		return reply{}, err
	}
	p = p.Settled() // the consent records Put started or ended
	return reply{status: 200, body: c.meView(p), etag: etag(p.Version)}, nil
}
