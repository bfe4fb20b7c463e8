package api

import (
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// orgView is an organization as the API shows it.
type orgView struct {
	ID string `json:"id"`
	profileJSON
	Status org.Status `json:"status"`
	// CancelledAt and RetainedUntil are set once the organization is
	// cancelled: its data is kept read-only until RetainedUntil.
	CancelledAt *time.Time `json:"cancelledAt,omitempty"`
	// ReactivatedAt is when a cancelled organization last resumed.
	ReactivatedAt *time.Time `json:"reactivatedAt,omitempty"`
	RetainedUntil *time.Time `json:"retainedUntil,omitempty"`
	CreatedAt     time.Time  `json:"createdAt"`
	UpdatedAt     time.Time  `json:"updatedAt"`
	Version       int64      `json:"version"`
}

type locationJSON struct {
	City  string `json:"city"`
	State string `json:"state"`
}

func viewOrg(o org.Org) orgView {
	v := orgView{ID: o.ID, profileJSON: viewProfile(o.CompanyProfile), Status: o.Status, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version}
	v.ReactivatedAt = timePtr(o.ReactivatedAt)
	if o.Status == org.Cancelled {
		v.CancelledAt = timePtr(o.CancelledAt)
		if until, ok, _ := retention.Default.ExpiresAt(retention.Account, o.CancelledAt, 0); ok {
			v.RetainedUntil = &until
		}
	}
	return v
}

func orgReply(status int, o org.Org) (reply, error) {
	return reply{status: status, body: viewOrg(o), etag: etag(o.Version)}, nil
}

// Field limits of the company profile.
const (
	maxCompanyName = 120
	maxBrandVoice  = 2000
	maxServices    = 30
	maxService     = 80
	maxLocations   = 25
	maxCity        = 80
)

// profileJSON is a company profile as POST /v1/orgs takes it and orgView
// shows it.
type profileJSON struct {
	CompanyName string         `json:"companyName"`
	Website     string         `json:"website"`
	Locations   []locationJSON `json:"locations"`
	Services    []string       `json:"services"`
	BrandVoice  string         `json:"brandVoice"`
	TimeZone    string         `json:"timeZone"`
}

// viewProfile shows p, its empty lists as [] rather than null.
func viewProfile(p org.CompanyProfile) profileJSON {
	v := profileJSON{CompanyName: p.CompanyName, Website: p.Website, Locations: []locationJSON{}, Services: p.Services,
		BrandVoice: p.BrandVoice, TimeZone: p.TimeZone}
	if v.Services == nil {
		v.Services = []string{}
	}
	for _, l := range p.Locations {
		v.Locations = append(v.Locations, locationJSON{City: l.City, State: l.State})
	}
	return v
}

func (o *profileJSON) check(c *checker) {
	o.CompanyName = c.text("companyName", o.CompanyName, 1, maxCompanyName, false)
	o.Website = c.website("website", o.Website)
	o.Locations = checkLocations(c, o.Locations)
	o.Services = checkServices(c, o.Services)
	o.BrandVoice = c.text("brandVoice", o.BrandVoice, 0, maxBrandVoice, true)
	o.TimeZone = c.timeZone("timeZone", o.TimeZone)
}

func checkLocations(c *checker, ls []locationJSON) []locationJSON {
	return checkList(c, "locations", ls, maxLocations, "location", func(f string, l locationJSON) (locationJSON, string) {
		l.City = c.text(f+".city", l.City, 1, maxCity, false)
		l.State = c.state(f+".state", l.State)
		return l, strings.ToLower(l.City) + "|" + l.State
	})
}

func checkServices(c *checker, ss []string) []string {
	return checkList(c, "services", ss, maxServices, "service", func(f, s string) (string, string) {
		s = c.text(f, s, 1, maxService, false)
		return s, strings.ToLower(s)
	})
}

func locations(ls []locationJSON) []org.Location {
	out := make([]org.Location, len(ls))
	for i, l := range ls {
		out[i] = org.Location{City: l.City, State: l.State}
	}
	return out
}

// createOrg writes the organization, its default campaign settings and the
// caller's owner membership in one transaction.
func (s *Server) createOrg(c *call) (reply, error) {
	in := c.in.(*profileJSON)
	p := org.CompanyProfile{CompanyName: in.CompanyName, Website: in.Website, Locations: locations(in.Locations),
		Services: in.Services, BrandVoice: in.BrandVoice, TimeZone: in.TimeZone}
	o, owner, st := org.NewOrg(ids.New("org"), p, c.who.UserID, c.who.Email, c.now)
	if err := s.d.Orgs.Create(c.ctx, o, owner, st); err != nil {
		return reply{}, err
	}
	rep, _ := orgReply(201, o)
	rep.location = "/v1/orgs/" + o.ID
	return rep, nil
}

func (s *Server) getOrg(c *call) (reply, error) {
	if c.snap.Org == nil {
		return reply{}, errOrgNotFound()
	}
	return orgReply(200, *c.snap.Org)
}

// orgPatch is PATCH /v1/orgs/{orgId}: omitted fields stay.
type orgPatch struct {
	CompanyName *string         `json:"companyName"`
	Website     *string         `json:"website"`
	Locations   *[]locationJSON `json:"locations"`
	Services    *[]string       `json:"services"`
	BrandVoice  *string         `json:"brandVoice"`
	TimeZone    *string         `json:"timeZone"`
}

func (o *orgPatch) check(c *checker) {
	if o.CompanyName != nil {
		*o.CompanyName = c.text("companyName", *o.CompanyName, 1, maxCompanyName, false)
	}
	if o.Website != nil {
		*o.Website = c.website("website", *o.Website)
	}
	if o.Locations != nil {
		*o.Locations = checkLocations(c, *o.Locations)
	}
	if o.Services != nil {
		*o.Services = checkServices(c, *o.Services)
	}
	if o.BrandVoice != nil {
		*o.BrandVoice = c.text("brandVoice", *o.BrandVoice, 0, maxBrandVoice, true)
	}
	if o.TimeZone != nil {
		*o.TimeZone = c.timeZone("timeZone", *o.TimeZone)
	}
	if o.CompanyName == nil && o.Website == nil && o.Locations == nil && o.Services == nil && o.BrandVoice == nil && o.TimeZone == nil {
		c.fail("body", "names no field to change")
	}
}

// patch is the domain's change of the company profile.
func (o *orgPatch) patch() org.Patch {
	p := org.Patch{CompanyName: o.CompanyName, Website: o.Website, Services: o.Services, BrandVoice: o.BrandVoice, TimeZone: o.TimeZone}
	if o.Locations != nil {
		ls := locations(*o.Locations)
		p.Locations = &ls
	}
	return p
}

func (s *Server) updateOrg(c *call) (reply, error) {
	if c.snap.Org == nil {
		return reply{}, errOrgNotFound()
	}
	if !c.matches(c.snap.Org.Version) {
		return reply{}, errPrecondFailed()
	}
	o, renamed := c.in.(*orgPatch).patch().Apply(*c.snap.Org, c.now)
	if err := s.d.Orgs.Update(c.ctx, c.actor(), o, renamed); err != nil {
		return reply{}, err
	}
	return orgReply(200, o)
}

// cancelOrg ends the customer relationship; see orgdb.Store.Cancel for what
// is stamped now and what the retention worker finishes.
func (s *Server) cancelOrg(c *call) (reply, error) {
	o, err := s.d.Orgs.Cancel(c.ctx, c.actor(), c.orgID, c.now)
	if err != nil {
		return reply{}, err
	}
	return orgReply(200, o)
}

// reactivateOrg resumes the relationship; see orgdb.Store.Reactivate for
// what loses its expiry now and what the retention worker finishes.
func (s *Server) reactivateOrg(c *call) (reply, error) {
	o, err := s.d.Orgs.Reactivate(c.ctx, c.actor(), c.orgID, c.now)
	if err != nil {
		return reply{}, err
	}
	return orgReply(200, o)
}

// membershipView is one of the caller's organizations (GET /v1/orgs) or an
// invitation to one (GET /v1/me/invitations).
type membershipView struct {
	OrgID       string     `json:"orgId"`
	CompanyName string     `json:"companyName"`
	Role        org.Role   `json:"role"`
	OrgStatus   org.Status `json:"orgStatus"`
	Since       time.Time  `json:"since"`
}

// listView is a page of a list; Next is the cursor of the following page,
// null on the last.
type listView[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func membershipViews(ms []org.Member) []membershipView {
	out := make([]membershipView, 0, len(ms))
	for _, m := range ms {
		out = append(out, membershipView{OrgID: m.OrgID, CompanyName: m.OrgName, Role: m.Role, OrgStatus: m.OrgStatus, Since: m.At})
	}
	return out
}

// listOrgs: the caller's memberships, one Query of gsi1.
func (s *Server) listOrgs(c *call) (reply, error) {
	ms, next, err := s.d.Orgs.ListForUser(c.ctx, c.who.UserID, org.Page{After: c.page.after, Limit: c.page.limit})
	if err != nil {
		return reply{}, err
	}
	return ok(listOf(membershipViews(ms), c.next(next)))
}

// listOf wraps a page; next is "" on the last page.
func listOf[T any](items []T, next string) listView[T] {
	v := listView[T]{Items: items}
	if next != "" {
		v.Next = &next
	}
	return v
}

// actor is the caller as the store re-checks them inside a write.
func (c *call) actor() org.Actor { return org.ActorFor(c.who.UserID, c.rt.perm) }

// actorWho is the actor narrowed to the roles for which allowed holds (the
// ownership rules of a role change, removal or invitation): the write then
// re-checks those, so a caller demoted from owner to admin between the
// check and the write cannot still grant, take away or remove ownership.
func (c *call) actorWho(allowed func(org.Role) bool) org.Actor {
	a := c.actor()
	roles := make([]org.Role, 0, len(a.Roles))
	for _, r := range a.Roles {
		if allowed(r) {
			roles = append(roles, r)
		}
	}
	a.Roles = roles
	return a
}
