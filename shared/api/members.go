package api

import (
	"net/http"
	"sort"
	"time"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// memberView is a membership or a pending invitation.
type memberView struct {
	ID        string           `json:"id"`
	Status    org.MemberStatus `json:"status"`
	Role      org.Role         `json:"role"`
	Email     string           `json:"email"`
	Since     time.Time        `json:"since"`
	InvitedBy string           `json:"invitedBy,omitempty"`
	Version   int64            `json:"version"`
}

func viewMember(m org.Member) memberView {
	return memberView{ID: m.ID, Status: m.Status, Role: m.Role, Email: m.Email, Since: m.At, InvitedBy: m.InvitedBy, Version: m.Version}
}

func memberReply(status int, m org.Member) (reply, error) {
	return reply{status: status, body: viewMember(m), etag: etag(m.Version)}, nil
}

// memberID reads {memberId}: a user ID (usr_) or an invitation ID (inv_).
// A malformed one is treated as absent, so the answer is decided after
// authorization like any other.
func memberID(r *http.Request) string {
	id := r.PathValue("memberId")
	if ids.ValidWithPrefix(id, "usr") || ids.ValidWithPrefix(id, "inv") {
		return id
	}
	return ""
}

func errNoMember() *problem.Problem {
	return problem.NotFound("No such member or invitation in this organization.")
}

// loadMembers reads every membership and invitation (at most MaxMembers)
// with the caller's own among them: one Query.
func loadMembers(c *call) (org.Snapshot, error) {
	return c.s.d.Orgs.ListMembers(c.ctx, c.orgID, c.who.UserID)
}

// listMembers pages the members in ID order (invitations, then members).
func (s *Server) listMembers(c *call) (reply, error) {
	ms := c.snap.Members
	sort.Slice(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
	start := sort.Search(len(ms), func(i int) bool { return ms[i].ID > c.page.after })
	if c.page.after == "" {
		start = 0
	}
	end := min(start+c.page.limit, len(ms))
	views := make([]memberView, 0, end-start)
	for _, m := range ms[start:end] {
		views = append(views, viewMember(m))
	}
	next := ""
	if end < len(ms) {
		next = ms[end-1].ID
	}
	return ok(listOf(views, c.next(next)))
}

func (s *Server) getMember(c *call) (reply, error) {
	if c.snap.Target == nil {
		return reply{}, errNoMember()
	}
	return memberReply(200, *c.snap.Target)
}

// invite is POST /v1/orgs/{orgId}/members.
type invite struct {
	Email string   `json:"email"`
	Role  org.Role `json:"role"`
}

func (in *invite) check(c *checker) {
	in.Email = c.email("email", in.Email)
	if !in.Role.Valid() {
		c.fail("role", "must be one of owner, admin, marketer, viewer")
	}
}

// inviteMember records an invitation; the invitee accepts it with
// POST /v1/me/invitations/{orgId}/accept once signed in with that address.
func (s *Server) inviteMember(c *call) (reply, error) {
	in := c.in.(*invite)
	if !org.CanAssign(c.snap.Caller.Role, "", in.Role) {
		return reply{}, errRoleNotAssignable()
	}
	if c.snap.Org == nil {
		return reply{}, errOrgNotFound()
	}
	m := org.Member{OrgID: c.orgID, ID: ids.InviteID(c.orgID, in.Email), Status: org.Invited, Role: in.Role, Email: in.Email,
		OrgName: c.snap.Org.CompanyName, OrgStatus: c.snap.Org.Status, InvitedBy: c.who.UserID, At: c.now, UpdatedAt: c.now, Version: 1}
	a := c.actorWho(func(r org.Role) bool { return org.CanAssign(r, "", in.Role) })
	if err := s.d.Orgs.Invite(c.ctx, a, m); err != nil {
		return reply{}, err
	}
	rep, _ := memberReply(201, m)
	rep.location = "/v1/orgs/" + c.orgID + "/members/" + m.ID
	return rep, nil
}

// rolePatch is PATCH /v1/orgs/{orgId}/members/{memberId}.
type rolePatch struct {
	Role org.Role `json:"role"`
}

func (in *rolePatch) check(c *checker) {
	if !in.Role.Valid() {
		c.fail("role", "must be one of owner, admin, marketer, viewer")
	}
}

func (s *Server) changeRole(c *call) (reply, error) {
	t, to := c.snap.Target, c.in.(*rolePatch).Role
	if t == nil {
		return reply{}, errNoMember()
	}
	if !c.matches(t.Version) {
		return reply{}, errPrecondFailed()
	}
	if !org.CanAssign(c.snap.Caller.Role, t.Role, to) {
		return reply{}, errRoleNotAssignable()
	}
	if t.Role == to {
		return memberReply(200, *t)
	}
	a := c.actorWho(func(r org.Role) bool { return org.CanAssign(r, t.Role, to) })
	m, err := s.d.Orgs.ChangeRole(c.ctx, a, *t, to, c.now)
	if err != nil {
		return reply{}, err
	}
	return memberReply(200, m)
}

// removeMember deletes a membership or revokes an invitation. If-Match is
// optional here: a removal does not overwrite anything a client could
// have missed.
func (s *Server) removeMember(c *call) (reply, error) {
	t := c.snap.Target
	if t == nil {
		return reply{}, errNoMember()
	}
	if len(c.ifMatch) > 0 && !c.matches(t.Version) {
		return reply{}, errPrecondFailed()
	}
	if !org.CanRemove(c.snap.Caller.Role, t.Role) {
		return reply{}, errRoleNotAssignable()
	}
	a := c.actorWho(func(r org.Role) bool { return org.CanRemove(r, t.Role) })
	if err := s.d.Orgs.Remove(c.ctx, a, *t); err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusNoContent}, nil
}

// leaveOrg ends the caller's own membership. The store re-checks it at
// its version, and keeps the last owner.
func (s *Server) leaveOrg(c *call) (reply, error) {
	if err := s.d.Orgs.Remove(c.ctx, c.actor(), *c.snap.Caller); err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusNoContent}, nil
}

// listInvitations: the invitations to the caller's verified address.
func (s *Server) listInvitations(c *call) (reply, error) {
	ms, next, err := s.d.Orgs.ListInvitations(c.ctx, c.who.Email, org.Page{After: c.page.after, Limit: c.page.limit})
	if err != nil {
		return reply{}, err
	}
	return ok(listOf(membershipViews(ms), c.next(next)))
}

// acceptInvitation joins the organization that invited the caller's
// verified address. The invitation is found from the org and the address,
// so nobody can accept an invitation sent to someone else.
func (s *Server) acceptInvitation(c *call) (reply, error) {
	m, err := s.d.Orgs.Accept(c.ctx, c.orgID, c.who.UserID, c.who.Email, c.now)
	if err == org.ErrNotFound {
		return reply{}, problem.NotFound("No invitation to your address in that organization.")
	}
	if err != nil {
		return reply{}, err
	}
	return reply{status: 200, body: membershipViews([]org.Member{m})[0]}, nil
}
