package orgdb

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Create writes the organization, its settings and its owner's membership
// in one transaction.
func (s *Store) Create(ctx context.Context, o org.Org, owner org.Member, st org.Settings) error {
	t := s.tx()
	exists := func(dynamo.Item) error { return org.ErrConflict } // a minted ID collided: practically never
	t.add(&op{key: orgKey(o.ID), kind: "put", item: s.stamp(orgItem(o)), cond: "attribute_not_exists(pk)", explain: exists})
	t.add(&op{key: settingsKey(o.ID), kind: "put", item: s.stamp(settingsItem(st)), cond: "attribute_not_exists(pk)", explain: exists})
	t.add(&op{key: memberKey(o.ID, owner.ID), kind: "put", item: s.stamp(memberItem(owner)), cond: "attribute_not_exists(pk)", explain: exists})
	return t.run(ctx, s.db)
}

// Update writes the profile fields of o if the stored version is
// o.Version-1. A rename also rewrites every membership's copy of the name,
// in the same transaction; the member count condition makes sure no
// membership was added in between.
func (s *Store) Update(ctx context.Context, a org.Actor, o org.Org, renamed bool) error {
	var members []dynamo.Item
	if renamed {
		var err error
		if members, err = s.members(ctx, o.ID); err != nil {
			return err
		}
	}
	t := s.tx()
	names := map[string]string{"#st": "status"}
	values := dynamo.Item{":active": dynamo.S(string(org.Active))}
	set := versionedSet(o.Version, orgProfile(o), names, values)
	cond := "#v = :prev AND #st = :active"
	if renamed {
		cond += " AND memberCount = :n"
		values[":n"] = dynamo.N(int64(len(members)))
	}
	t.add(&op{key: orgKey(o.ID), kind: "update", update: set, cond: cond, names: names, values: values, explain: explainOrg(nil, o.Version-1)})
	for _, m := range members {
		t.add(&op{key: dynamo.KeyOf(m), kind: "update",
			update: "SET orgName = :name", cond: "attribute_exists(pk)", values: dynamo.Item{":name": dynamo.S(o.CompanyName)},
			explain: func(dynamo.Item) error { return org.ErrConflict }})
	}
	t.guard(o.ID, a)
	return t.run(ctx, s.db)
}

// Cancel ends the customer relationship. It marks the organization, its
// settings, memberships and invitations cancelled and stamps their
// expiresAt (account category: relationship end + 3 years) in one
// transaction. The rest of the partition (support messages, and any other
// feature's items, unbounded in number) is stamped afterwards by
// StampCancelled: the org item is listed in gsi1 under CANCELLED# until then.
func (s *Store) Cancel(ctx context.Context, a org.Actor, orgID string, at time.Time) (org.Org, error) {
	if err := s.cancel(ctx, &a, orgID, at); err != nil {
		return org.Org{}, err
	}
	snap, err := s.Load(ctx, orgID, a.UserID, org.Want{Org: true})
	if err != nil || snap.Org == nil {
		return org.Org{}, err
	}
	return *snap.Org, nil
}

// cancel is Cancel's transaction; a nil actor is the system (the payment
// processor ending the subscription), checked by no membership.
func (s *Store) cancel(ctx context.Context, a *org.Actor, orgID string, at time.Time) error {
	exp, _, err := s.table.Schedule.ExpiresAt(retention.Account, at, 0)
	if err != nil {
		return err
	}
	members, err := s.members(ctx, orgID)
	if err != nil {
		return err
	}
	expAV := dynamo.N(exp.Unix())
	t := s.tx()
	t.add(&op{key: orgKey(orgID), kind: "update",
		update: "SET #st = :cancelled, cancelledAt = :at, updatedAt = :at, #v = #v + :one, expiresAt = :exp, expBucket = :xb, gsi1pk = :pending, gsi1sk = :org",
		cond:   "#st = :active AND memberCount = :n",
		names:  map[string]string{"#st": "status", "#v": "version"},
		values: dynamo.Item{":cancelled": dynamo.S(string(org.Cancelled)), ":active": dynamo.S(string(org.Active)), ":at": ts(at), ":one": dynamo.N(1), ":exp": expAV, ":xb": s.table.BucketAV(orgKey(orgID), exp.Unix()), ":n": dynamo.N(int64(len(members))),
			":pending": dynamo.S(cancelledGSI), ":org": dynamo.S(orgID)},
		explain: explainOrg(org.ErrConflict, -1)})
	t.add(&op{key: settingsKey(orgID), kind: "update", update: "SET expiresAt = :exp, expBucket = :xb", cond: "attribute_exists(pk)", values: dynamo.Item{":exp": expAV, ":xb": s.table.BucketAV(settingsKey(orgID), exp.Unix())},
		explain: func(dynamo.Item) error { return org.ErrConflict }})
	for _, m := range members {
		mk := dynamo.KeyOf(m)
		t.add(&op{key: mk, kind: "update",
			update: "SET orgStatus = :cancelled, expiresAt = :exp, expBucket = :xb", cond: "attribute_exists(pk)",
			values:  dynamo.Item{":cancelled": dynamo.S(string(org.Cancelled)), ":exp": expAV, ":xb": s.table.BucketAV(mk, exp.Unix())},
			explain: func(dynamo.Item) error { return org.ErrConflict }})
	}
	if a != nil {
		t.guard(orgID, *a)
	}
	return t.run(ctx, s.db)
}

// Invite records an invitation and counts it against MaxMembers. An
// address that already belongs to a member is refused (ErrAlreadyMember):
// the invitation could never be accepted. That check reads the members
// first; a member who joins between the read and the write leaves an
// invitation that fails on acceptance with the same error.
func (s *Store) Invite(ctx context.Context, a org.Actor, m org.Member) error {
	items, err := s.queryAll(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :member)"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(m.OrgID)), ":member": dynamo.S(memberPrefix)},
		ProjectionExpression:      aws.String("email"),
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if e := dynamo.String(it, "email"); e != "" && emailKey(e) == emailKey(m.Email) {
			return org.ErrAlreadyMember
		}
	}
	t := s.tx()
	t.add(&op{key: memberKey(m.OrgID, m.ID), kind: "put", item: s.stamp(memberItem(m)), cond: "attribute_not_exists(pk)",
		explain: func(dynamo.Item) error { return org.ErrInvited }})
	// The invitation copies the org's name: a rename committed since it was
	// read makes this a conflict, or the copy would keep the old name.
	t.add(&op{key: orgKey(m.OrgID), kind: "update", update: "SET memberCount = memberCount + :one",
		cond:   "#st = :active AND memberCount < :max AND companyName = :name",
		names:  map[string]string{"#st": "status"},
		values: dynamo.Item{":one": dynamo.N(1), ":active": dynamo.S(string(org.Active)), ":max": dynamo.N(org.MaxMembers), ":name": dynamo.S(m.OrgName)},
		explain: func(old dynamo.Item) error {
			if old != nil && dynamo.String(old, "status") == string(org.Active) && dynamo.Int(old, "memberCount") < org.MaxMembers {
				return org.ErrConflict
			}
			return explainOrg(org.ErrMemberLimit, -1)(old)
		}})
	t.guard(m.OrgID, a)
	return t.run(ctx, s.db)
}

// Accept replaces the invitation of email by userID's membership. The
// membership copies the org's current name (read with the invitation), on
// condition that no rename committed in between.
func (s *Store) Accept(ctx context.Context, orgID, userID, email string, at time.Time) (org.Member, error) {
	// The caller's own membership is read with the invitation: accepting
	// again (the invitation is gone by then) is 409 already-member, not 404.
	items, err := s.batchGet(ctx, []dynamo.Item{memberKey(orgID, inviteID(orgID, email)), memberKey(orgID, userID), orgKey(orgID)})
	if err != nil {
		return org.Member{}, err
	}
	var invite, member *org.Member
	var o *org.Org
	for _, it := range items {
		switch dynamo.String(it, dynamo.SK) {
		case skOrg:
			o = decodeOrg(it)
		case memberSK(userID):
			member = decodeMember(it)
		default:
			invite = decodeMember(it)
		}
	}
	if member != nil && o != nil {
		return org.Member{}, org.ErrAlreadyMember
	}
	if invite == nil || o == nil {
		return org.Member{}, org.ErrNotFound
	}
	m := *invite
	m.ID, m.Status, m.At, m.UpdatedAt, m.Version = userID, org.Joined, at, at, 1
	m.OrgName = o.CompanyName
	owners := int64(0)
	if m.Role == org.Owner {
		owners = 1
	}
	t := s.tx()
	t.add(&op{key: memberKey(orgID, invite.ID), kind: "delete", cond: "#v = :v", names: map[string]string{"#v": "version"}, values: dynamo.Item{":v": dynamo.N(invite.Version)},
		explain: func(old dynamo.Item) error {
			if old == nil {
				return org.ErrNotFound // revoked or accepted meanwhile
			}
			return org.ErrConflict // changed meanwhile (its role): accept again
		}})
	t.add(&op{key: memberKey(orgID, userID), kind: "put", item: s.stamp(memberItem(m)), cond: "attribute_not_exists(pk)",
		explain: func(dynamo.Item) error { return org.ErrAlreadyMember }})
	t.add(&op{key: orgKey(orgID), kind: "update", update: "SET ownerCount = ownerCount + :o", cond: "#st = :active AND companyName = :name",
		names: map[string]string{"#st": "status"}, values: dynamo.Item{":o": dynamo.N(owners), ":active": dynamo.S(string(org.Active)), ":name": dynamo.S(m.OrgName)},
		explain: explainOrg(org.ErrConflict, -1)})
	if err := t.run(ctx, s.db); err != nil {
		return org.Member{}, err
	}
	return m, nil
}

// ChangeRole gives target the role to. Taking ownership away from the last
// owner fails on the org's owner count, inside the same transaction.
func (s *Store) ChangeRole(ctx context.Context, a org.Actor, target org.Member, to org.Role, at time.Time) (org.Member, error) {
	t := s.tx()
	t.add(&op{key: memberKey(target.OrgID, target.ID), kind: "update",
		update: "SET #role = :to, #v = #v + :one, updatedAt = :at", cond: "#v = :v AND #role = :from",
		names:   map[string]string{"#role": "role", "#v": "version"},
		values:  dynamo.Item{":to": dynamo.S(string(to)), ":from": dynamo.S(string(target.Role)), ":v": dynamo.N(target.Version), ":one": dynamo.N(1), ":at": ts(at)},
		explain: explainItem})
	s.ownerDelta(t, target, target.Role, to, 0)
	t.guard(target.OrgID, a)
	if err := t.run(ctx, s.db); err != nil {
		return org.Member{}, err
	}
	target.Role, target.Version, target.UpdatedAt = to, target.Version+1, at
	return target, nil
}

// Remove deletes a membership or invitation at its version.
func (s *Store) Remove(ctx context.Context, a org.Actor, target org.Member) error {
	t := s.tx()
	t.add(&op{key: memberKey(target.OrgID, target.ID), kind: "delete", cond: "#v = :v", names: map[string]string{"#v": "version"}, values: dynamo.Item{":v": dynamo.N(target.Version)},
		explain: explainItem})
	s.ownerDelta(t, target, target.Role, "", -1)
	t.guard(target.OrgID, a)
	return t.run(ctx, s.db)
}

// ownerDelta adds the org item's part of a role change or removal: the
// owner count follows joined owners (never below one), the member count
// follows removals, and a cancelled org refuses both.
func (s *Store) ownerDelta(t *tx, target org.Member, from, to org.Role, members int64) {
	owners := int64(0)
	if target.Status == org.Joined {
		if from == org.Owner && to != org.Owner {
			owners = -1
		}
		if from != org.Owner && to == org.Owner {
			owners = 1
		}
	}
	names := map[string]string{"#st": "status"}
	values := dynamo.Item{":active": dynamo.S(string(org.Active))}
	cond := "#st = :active"
	if owners < 0 {
		cond += " AND ownerCount > :one"
		values[":one"] = dynamo.N(1)
	}
	explain := explainOrg(org.ErrLastOwner, -1)
	if owners == 0 && members == 0 {
		t.add(&op{key: orgKey(target.OrgID), kind: "check", cond: cond, names: names, values: values, explain: explain})
		return
	}
	values[":o"], values[":m"] = dynamo.N(owners), dynamo.N(members)
	t.add(&op{key: orgKey(target.OrgID), kind: "update", update: "SET ownerCount = ownerCount + :o, memberCount = memberCount + :m",
		cond: cond, names: names, values: values, explain: explain})
}

// PutSettings replaces the settings if the stored version is s.Version-1.
func (s *Store) PutSettings(ctx context.Context, a org.Actor, st org.Settings) error {
	t := s.tx()
	names, values := map[string]string{}, dynamo.Item{}
	set := versionedSet(st.Version, settingsAttrs(st), names, values)
	t.add(&op{key: settingsKey(st.OrgID), kind: "update", update: set, cond: "#v = :prev", names: names, values: values, explain: explainItem})
	t.add(&op{key: orgKey(st.OrgID), kind: "check", cond: "#st = :active", names: map[string]string{"#st": "status"},
		values: dynamo.Item{":active": dynamo.S(string(org.Active))}, explain: explainOrg(org.ErrConflict, -1)})
	t.guard(st.OrgID, a)
	return t.run(ctx, s.db)
}

// AddSupport numbers the message after the org's last one and writes both in
// one transaction; a concurrent message taking the number first makes it
// retry with the next.
func (s *Store) AddSupport(ctx context.Context, a org.Actor, m org.SupportMessage) (org.SupportMessage, error) {
	for attempt := 0; ; attempt++ {
		it, found, err := s.table.Get(ctx, orgKey(m.OrgID), true)
		if err != nil {
			return m, err
		}
		if !found {
			return m, org.ErrNotFound
		}
		seq := dynamo.Int(it, "supportSeq")
		m.Seq = seq + 1
		t := s.tx()
		t.add(&op{key: orgKey(m.OrgID), kind: "update", update: "SET supportSeq = :next", cond: "#st = :active AND supportSeq = :seq",
			names:   map[string]string{"#st": "status"},
			values:  dynamo.Item{":next": dynamo.N(m.Seq), ":seq": dynamo.N(seq), ":active": dynamo.S(string(org.Active))},
			explain: explainOrg(org.ErrConflict, -1)})
		t.add(&op{key: supportKey(m.OrgID, m.Seq), kind: "put", item: s.stamp(supportItem(m)), cond: "attribute_not_exists(pk)",
			explain: func(dynamo.Item) error { return org.ErrConflict }})
		t.guard(m.OrgID, a)
		err = t.run(ctx, s.db)
		if err == org.ErrConflict && attempt < 4 {
			continue
		}
		return m, err
	}
}

// versionedSet is the update expression that sets attrs and moves the
// item to version; it adds its names and values (:prev, the version before,
// for the caller's condition) to names and values.
func versionedSet(version int64, attrs dynamo.Item, names map[string]string, values dynamo.Item) string {
	set := "SET #v = :v"
	names["#v"] = "version"
	values[":v"], values[":prev"] = dynamo.N(version), dynamo.N(version-1)
	i := 0
	for k, v := range attrs {
		n, p := "#f"+itoa(int64(i)), ":f"+itoa(int64(i))
		set += ", " + n + " = " + p
		names[n], values[p] = k, v
		i++
	}
	return set
}
