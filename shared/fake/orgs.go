// Package fake holds in-memory stores for tests: each implements one of the
// domain's store interfaces with the same observable behaviour as its
// DynamoDB adapter (the same errors, versions, counters and list order), so
// handler tests run in milliseconds without the emulators. A contract test
// (package contract) runs the same checks against both.
//
// Every fake guards its state with one mutex, is safe for concurrent use,
// and copies what goes in and out, so a caller cannot alias stored state.
package fake

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// Orgs is org.Store in memory, with orgdb.Store's semantics: every write
// is all or nothing, checks the same conditions in the same order, and
// re-checks the actor's membership and role.
type Orgs struct {
	mu   sync.Mutex
	orgs map[string]*orgState
	// Connections, when set, are what ListConnections lists.
	Connections *Connections
}

var _ org.Store = (*Orgs)(nil)

// orgState is one organization's partition.
type orgState struct {
	org      org.Org
	settings org.Settings
	members  map[string]org.Member // by member ID (user or invitation)
	support  map[int64]org.SupportMessage
}

// NewOrgs returns an empty store.
func NewOrgs() *Orgs { return &Orgs{orgs: map[string]*orgState{}} }

func (s *Orgs) state(orgID string) *orgState {
	if s.orgs == nil {
		s.orgs = map[string]*orgState{}
	}
	return s.orgs[orgID]
}

// withCaller finds an organization's state (nil when there is none) and a
// snapshot holding the caller's membership, if any. s.mu is held.
func (s *Orgs) withCaller(orgID, userID string) (*orgState, org.Snapshot) {
	var snap org.Snapshot
	st := s.state(orgID)
	if st == nil {
		return nil, snap
	}
	if m, ok := st.members[userID]; ok {
		snap.Caller = ptr(cloneMember(m))
	}
	return st, snap
}

// Load reads the caller's membership and what w asks for.
func (s *Orgs) Load(_ context.Context, orgID, userID string, w org.Want) (org.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, snap := s.withCaller(orgID, userID)
	if st == nil {
		return snap, nil
	}
	if w.Org {
		snap.Org = ptr(cloneOrg(st.org))
	}
	if w.Settings {
		snap.Settings = ptr(cloneSettings(st.settings))
	}
	if w.Target != "" {
		if m, ok := st.members[w.Target]; ok {
			snap.Target = ptr(cloneMember(m))
		}
	}
	if w.Support > 0 {
		if m, ok := st.support[w.Support]; ok {
			snap.Support = ptr(m)
		}
	}
	return snap, nil
}

// ListMembers returns the invitations, then the memberships, each by ID
// (the order of orgdb's sort keys).
func (s *Orgs) ListMembers(_ context.Context, orgID, userID string) (org.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var snap org.Snapshot
	st := s.state(orgID)
	if st == nil {
		return snap, nil
	}
	for _, m := range st.sortedMembers() {
		if m.ID == userID {
			snap.Caller = ptr(cloneMember(m))
		}
		snap.Members = append(snap.Members, cloneMember(m))
	}
	return snap, nil
}

func (st *orgState) sortedMembers() []org.Member {
	ms := make([]org.Member, 0, len(st.members))
	for _, m := range st.members {
		ms = append(ms, m)
	}
	key := func(m org.Member) string {
		if strings.HasPrefix(m.ID, "inv_") {
			return "0" + m.ID
		}
		return "1" + m.ID
	}
	slices.SortFunc(ms, func(a, b org.Member) int { return strings.Compare(key(a), key(b)) })
	return ms
}

// ListSupport returns messages newest first. The first page (before 0)
// says there may be more when it is full; a later page covers the
// sequence numbers before-limit+1..before and continues below them.
func (s *Orgs) ListSupport(_ context.Context, orgID, userID string, before int64, limit int) (org.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, snap := s.withCaller(orgID, userID)
	if st == nil {
		return snap, nil
	}
	if before > 0 {
		last := max(before-int64(limit)+1, 1)
		for seq := before; seq >= last; seq-- {
			if m, ok := st.support[seq]; ok {
				snap.Messages = append(snap.Messages, m)
			}
		}
		snap.NextSupport = last - 1
		return snap, nil
	}
	for seq := st.org.SupportSeq; seq >= 1 && len(snap.Messages) < limit; seq-- {
		if m, ok := st.support[seq]; ok {
			snap.Messages = append(snap.Messages, m)
		}
	}
	if n := len(snap.Messages); n > 0 && n == limit {
		snap.NextSupport = snap.Messages[n-1].Seq - 1
	}
	return snap, nil
}

// ListForUser lists a user's memberships by org ID.
func (s *Orgs) ListForUser(_ context.Context, userID string, p org.Page) ([]org.Member, string, error) {
	return s.page(func(m org.Member) bool { return m.Status == org.Joined && m.ID == userID }, p)
}

// ListInvitations lists the invitations to an address by org ID.
func (s *Orgs) ListInvitations(_ context.Context, email string, p org.Page) ([]org.Member, string, error) {
	key := ids.EmailKey(email)
	return s.page(func(m org.Member) bool { return m.Status == org.Invited && ids.EmailKey(m.Email) == key }, p)
}

// page walks the organizations in ID order, as orgdb's index does, and
// continues after p.After. Like a DynamoDB Query stopped by its limit, a
// full page has a next key even when nothing follows.
func (s *Orgs) page(match func(org.Member) bool, p org.Page) ([]org.Member, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	orgIDs := make([]string, 0, len(s.orgs))
	for id := range s.orgs {
		if id > p.After {
			orgIDs = append(orgIDs, id)
		}
	}
	slices.Sort(orgIDs)
	out := []org.Member{}
	for _, id := range orgIDs {
		for _, m := range s.orgs[id].sortedMembers() {
			if match(m) && len(out) < p.Limit {
				out = append(out, cloneMember(m))
			}
		}
	}
	next := ""
	if len(out) > 0 && len(out) == p.Limit {
		next = out[len(out)-1].OrgID
	}
	return out, next, nil
}

// Create writes the organization, its settings and its owner at once.
func (s *Orgs) Create(_ context.Context, o org.Org, owner org.Member, st org.Settings) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state(o.ID) != nil {
		return org.ErrConflict
	}
	s.orgs[o.ID] = &orgState{
		org:      cloneOrg(o),
		settings: cloneSettings(st),
		members:  map[string]org.Member{owner.ID: cloneMember(owner)},
		support:  map[int64]org.SupportMessage{},
	}
	return nil
}

// Update writes o's profile fields at version o.Version if the stored
// version is o.Version-1; renamed copies the name to every membership.
func (s *Orgs) Update(_ context.Context, a org.Actor, o org.Org, renamed bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(o.ID)
	if err := checkOrg(st, o.Version-1); err != nil {
		return err
	}
	if err := st.guard(a); err != nil {
		return err
	}
	cur := &st.org
	cur.CompanyName, cur.Website, cur.BrandVoice, cur.TimeZone = o.CompanyName, o.Website, o.BrandVoice, o.TimeZone
	cur.Locations, cur.Services = slices.Clone(o.Locations), slices.Clone(o.Services)
	cur.UpdatedAt, cur.Version = utc(o.UpdatedAt), o.Version
	if renamed {
		for id, m := range st.members {
			m.OrgName = o.CompanyName
			st.members[id] = m
		}
	}
	return nil
}

// Cancel marks the organization and every membership cancelled.
func (s *Orgs) Cancel(_ context.Context, a org.Actor, orgID string, at time.Time) (org.Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(orgID)
	if err := checkOrg(st, -1); err != nil {
		return org.Org{}, err
	}
	if err := st.guard(a); err != nil {
		return org.Org{}, err
	}
	at = utc(at)
	st.org.Status, st.org.CancelledAt, st.org.UpdatedAt = org.Cancelled, at, at
	st.org.Version++
	for id, m := range st.members {
		m.OrgStatus = org.Cancelled
		st.members[id] = m
	}
	return cloneOrg(st.org), nil
}

// Reactivate makes a cancelled organization active again, within the
// account category's retention of its cancellation.
func (s *Orgs) Reactivate(_ context.Context, a org.Actor, orgID string, at time.Time) (org.Org, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(orgID)
	if st == nil {
		return org.Org{}, org.ErrNotFound
	}
	at = utc(at)
	if st.org.Status != org.Cancelled {
		return org.Org{}, org.ErrNotCancelled
	}
	if until, ok, _ := retention.Default.ExpiresAt(retention.Account, st.org.CancelledAt, 0); ok && !at.Before(until) {
		return org.Org{}, org.ErrNotFound
	}
	if err := st.guard(a); err != nil {
		return org.Org{}, err
	}
	st.org.Status, st.org.CancelledAt, st.org.ReactivatedAt, st.org.UpdatedAt = org.Active, time.Time{}, at, at
	st.org.Version++
	for id, m := range st.members {
		m.OrgStatus = org.Active
		st.members[id] = m
	}
	return cloneOrg(st.org), nil
}

// Invite records an invitation, refusing an address that is already a
// member's, a repeated invitation and one past MaxMembers.
func (s *Orgs) Invite(_ context.Context, a org.Actor, m org.Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(m.OrgID)
	if st != nil {
		for _, x := range st.members {
			if x.Status == org.Joined && x.Email != "" && ids.EmailKey(x.Email) == ids.EmailKey(m.Email) {
				return org.ErrAlreadyMember
			}
		}
		if _, ok := st.members[m.ID]; ok {
			return org.ErrInvited
		}
	}
	switch err := checkOrg(st, -1); {
	case err != nil:
		return err
	case st.org.MemberCount >= org.MaxMembers:
		return org.ErrMemberLimit
	case st.org.CompanyName != m.OrgName:
		return org.ErrConflict // renamed since the caller read it
	}
	if err := st.guard(a); err != nil {
		return err
	}
	st.members[m.ID] = cloneMember(m)
	st.org.MemberCount++
	return nil
}

// Accept turns the invitation of email into userID's membership.
func (s *Orgs) Accept(_ context.Context, orgID, userID, email string, at time.Time) (org.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(orgID)
	if st == nil {
		return org.Member{}, org.ErrNotFound
	}
	if _, ok := st.members[userID]; ok {
		return org.Member{}, org.ErrAlreadyMember
	}
	inv, ok := st.members[ids.InviteID(orgID, email)]
	if !ok {
		return org.Member{}, org.ErrNotFound
	}
	if err := checkOrg(st, -1); err != nil {
		return org.Member{}, err
	}
	at = utc(at)
	m := cloneMember(inv)
	m.ID, m.Status, m.At, m.UpdatedAt, m.Version = userID, org.Joined, at, at, 1
	m.OrgName = st.org.CompanyName
	delete(st.members, inv.ID)
	st.members[userID] = m
	if m.Role == org.Owner {
		st.org.OwnerCount++
	}
	return cloneMember(m), nil
}

// ChangeRole gives target the role to if it is still at its version and
// role; the last owner keeps ownership.
func (s *Orgs) ChangeRole(_ context.Context, a org.Actor, target org.Member, to org.Role, at time.Time) (org.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(target.OrgID)
	if err := st.checkMember(a, target, func(cur org.Member) bool { return cur.Role == target.Role }); err != nil {
		return org.Member{}, err
	}
	owners := ownerDelta(target, to)
	if err := st.checkOwners(owners); err != nil {
		return org.Member{}, err
	}
	if err := st.guard(a); err != nil {
		return org.Member{}, err
	}
	at = utc(at)
	cur := st.members[target.ID]
	cur.Role, cur.Version, cur.UpdatedAt = to, cur.Version+1, at
	st.members[target.ID] = cur
	st.org.OwnerCount += owners
	target.Role, target.Version, target.UpdatedAt = to, target.Version+1, at
	return target, nil
}

// Remove deletes a membership or invitation if it is still at its version;
// the last owner stays.
func (s *Orgs) Remove(_ context.Context, a org.Actor, target org.Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(target.OrgID)
	if err := st.checkMember(a, target, nil); err != nil {
		return err
	}
	owners := ownerDelta(target, "")
	if err := st.checkOwners(owners); err != nil {
		return err
	}
	if err := st.guard(a); err != nil {
		return err
	}
	delete(st.members, target.ID)
	st.org.OwnerCount += owners
	st.org.MemberCount--
	return nil
}

// PutSettings replaces the settings if the stored version is s.Version-1.
func (s *Orgs) PutSettings(_ context.Context, a org.Actor, next org.Settings) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(next.OrgID)
	switch {
	case st == nil:
		return org.ErrNotFound
	case st.settings.Version != next.Version-1:
		return org.ErrStale
	}
	if err := checkOrg(st, -1); err != nil {
		return err
	}
	if err := st.guard(a); err != nil {
		return err
	}
	next = cloneSettings(next)
	next.OrgID = st.settings.OrgID
	st.settings = next
	return nil
}

// AddSupport stores m under the organization's next sequence number.
func (s *Orgs) AddSupport(_ context.Context, a org.Actor, m org.SupportMessage) (org.SupportMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state(m.OrgID)
	if st == nil {
		return m, org.ErrNotFound
	}
	m.Seq = st.org.SupportSeq + 1
	if err := checkOrg(st, -1); err != nil {
		return m, err
	}
	if err := st.guard(a); err != nil {
		return m, err
	}
	m.CreatedAt = utc(m.CreatedAt)
	st.org.SupportSeq = m.Seq
	st.support[m.Seq] = m
	return m, nil
}

// checkOrg is orgdb's condition on the org item: present, active and, when
// want >= 0, at version want.
func checkOrg(st *orgState, want int64) error {
	switch {
	case st == nil:
		return org.ErrNotFound
	case st.org.Status != org.Active:
		return org.ErrCancelled
	case want >= 0 && st.org.Version != want:
		return org.ErrStale
	}
	return nil
}

// checkMember is the condition on the target of a role change or removal:
// present at its version (and same, when given). When the target is the
// actor, the actor's re-check is part of the same condition, as in orgdb.
func (st *orgState) checkMember(a org.Actor, target org.Member, same func(org.Member) bool) error {
	var cur org.Member
	ok := false
	if st != nil {
		cur, ok = st.members[target.ID]
	}
	if target.ID == a.UserID && (!ok || !allowed(a, cur)) {
		return org.ErrForbidden
	}
	switch {
	case !ok:
		return org.ErrNotFound
	case cur.Version != target.Version || (same != nil && !same(cur)):
		return org.ErrStale
	}
	return nil
}

// checkOwners: the org is active, and keeps an owner if owners < 0.
func (st *orgState) checkOwners(owners int) error {
	if err := checkOrg(st, -1); err != nil {
		return err
	}
	if owners < 0 && st.org.OwnerCount <= 1 {
		return org.ErrLastOwner
	}
	return nil
}

// ownerDelta is how a joined member's change from its role to `to` ("" for
// a removal) moves the owner count.
func ownerDelta(target org.Member, to org.Role) int {
	switch {
	case target.Status != org.Joined:
		return 0
	case target.Role == org.Owner && to != org.Owner:
		return -1
	case target.Role != org.Owner && to == org.Owner:
		return 1
	}
	return 0
}

// guard: the actor is still a joined member holding one of a.Roles.
func (st *orgState) guard(a org.Actor) error {
	if m, ok := st.members[a.UserID]; ok && allowed(a, m) {
		return nil
	}
	return org.ErrForbidden
}

func allowed(a org.Actor, m org.Member) bool {
	return m.Status == org.Joined && slices.Contains(a.Roles, m.Role)
}

func ptr[T any](v T) *T { return &v }

// utc drops the location and monotonic reading, as a stored timestamp does.
func utc(t time.Time) time.Time { return t.UTC() }

func cloneOrg(o org.Org) org.Org {
	o.Locations, o.Services = slices.Clone(o.Locations), slices.Clone(o.Services)
	o.CancelledAt, o.CreatedAt, o.UpdatedAt = utc(o.CancelledAt), utc(o.CreatedAt), utc(o.UpdatedAt)
	return o
}

func cloneMember(m org.Member) org.Member {
	m.At, m.UpdatedAt = utc(m.At), utc(m.UpdatedAt)
	return m
}

func cloneSettings(s org.Settings) org.Settings {
	s.Goals = slices.Clone(s.Goals)
	// Never nil, as decoded from the table.
	s.MonthlyBudgetCapsCents = maps.Clone(s.MonthlyBudgetCapsCents)
	if s.MonthlyBudgetCapsCents == nil {
		s.MonthlyBudgetCapsCents = map[connector.Platform]int64{}
	}
	s.Automations = maps.Clone(s.Automations)
	if s.Automations == nil {
		s.Automations = map[org.Automation]bool{}
	}
	s.AutoApply = maps.Clone(s.AutoApply)
	for k, a := range s.AutoApply {
		a.UpdatedAt = utc(a.UpdatedAt)
		s.AutoApply[k] = a
	}
	s.UpdatedAt = utc(s.UpdatedAt)
	return s
}
