package local

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/retention"
)

// Demo is the seeded demonstration organization and owner `make dev` prints.
type Demo struct {
	OrgID, UserID, Email, Role string
	Token                      string
}

// The demo organization and its owner: the ones the sample events in
// events/ use. The ID fits the API's organization ID pattern
// (^org_[a-z2-7]{26}$); `make token ORG=org_demo` takes DemoAlias for it.
const (
	DemoOrg   = "org_sampleaaaaaaaaaaaaaaaaaaaa"
	DemoAlias = "org_demo"
	DemoOwner = "6f1c2d3e-0000-4000-8000-000000000001" // the token's sub; the API's user ID is ids.UserID(sub)
	DemoEmail = "owner@glowmedspa.example"
)

// DefaultAddr is the local API's address unless `make dev ADDR=...` says
// otherwise.
const DefaultAddr = "127.0.0.1:3000"

// OrgAlias resolves DemoAlias to DemoOrg; other IDs are returned as given.
func OrgAlias(id string) string {
	if id == DemoAlias {
		return DemoOrg
	}
	return id
}

// SeedDemo makes sure the demo organization and its owner exist
// (idempotent: a second `make dev` on running emulators finds them) and
// signs a token for the owner.
func SeedDemo(ctx context.Context, s *Stack) (Demo, error) {
	d := Demo{OrgID: DemoOrg, UserID: DemoOwner, Email: DemoEmail, Role: string(org.Owner)}
	if err := EnsureMember(ctx, s.AWS, s.Provision, Member{OrgID: d.OrgID, Subject: d.UserID, Email: d.Email, Role: org.Owner}); err != nil {
		return d, fmt.Errorf("seed the demo organization: %w", err)
	}
	tok, err := s.Tokens.Token(Identity{Subject: d.UserID, Email: d.Email}, 12*time.Hour)
	d.Token = tok
	return d, err
}

// Curls are commands that work against a fresh `make dev` as printed
// (after `export TOKEN=...`).
func (d Demo) Curls(base string) []string {
	return []string{
		"curl -s " + base + "/v1/health",
		"curl -s -i " + base + "/v1/me                      # 401 problem+json: no token",
		"curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/me",
		"curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/orgs/" + d.OrgID,
		"curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/v1/orgs/" + d.OrgID + "/members",
		"curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/v1/orgs/" + d.OrgID + "/metrics?groupBy=platform'   # the last 30 days, synced at start",
		"curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/v1/orgs/" + d.OrgID + "/metrics/overview?period=7d'",
		"curl -s -X PUT -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -H 'If-Match: \"1\"' \\\n" +
			"      -d '{\"goals\":[\"leads\"],\"targetCostPerLeadCents\":4500}' " + base + "/v1/orgs/" + d.OrgID + "/campaign-settings",
	}
}

// Member is a membership to make sure of. Subject is the identity
// provider's user ID (the token's sub).
type Member struct {
	OrgID, Subject, Email string
	Role                  org.Role
}

// EnsureMember makes m.Subject a member of m.OrgID with m.Role in the local
// stack, creating the organization (owned by m.Subject, or by a local owner
// when m.Role is not owner) if it does not exist. It writes through the
// API's own store, so the data is what the API would have written.
func EnsureMember(ctx context.Context, cfg aws.Config, st *provision.Stack, m Member) error {
	if !m.Role.Valid() {
		return fmt.Errorf("role %q: use owner, admin, marketer or viewer", m.Role)
	}
	t, err := st.Table(dynamodb.NewFromConfig(cfg), retention.Account)
	if err != nil {
		return err
	}
	store, err := orgdb.New(t)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	user := ids.UserID(m.Subject)
	snap, err := store.Load(ctx, m.OrgID, user, org.Want{Org: true})
	if err != nil {
		return err
	}
	// Who acts for the organization: its creator, or, for a new one, the
	// user (as owner) or a local owner made for it.
	inviter, orgName := user, "Glow Med Spa"
	if snap.Org != nil {
		inviter, orgName = snap.Org.CreatedBy, snap.Org.CompanyName
	} else {
		email := m.Email
		if m.Role != org.Owner {
			inviter, email = ids.UserID(m.OrgID+"-owner"), m.OrgID+"-owner@local.example"
		}
		o := org.Org{ID: m.OrgID, CompanyProfile: org.CompanyProfile{CompanyName: orgName, Website: "https://glowmedspa.example", TimeZone: "America/Chicago",
			Services: []string{"wrinkle-relaxing injections", "dermal fillers", "HydraFacial"}, BrandVoice: "warm, expert, never pushy",
			Locations: []org.Location{{City: "Austin", State: "TX"}}},
			Status: org.Active, CreatedAt: now, CreatedBy: inviter, UpdatedAt: now, Version: 1, MemberCount: 1, OwnerCount: 1}
		om := org.Member{OrgID: o.ID, ID: inviter, Status: org.Joined, Role: org.Owner, Email: ids.NormalizeEmail(email), OrgName: o.CompanyName,
			OrgStatus: org.Active, At: now, UpdatedAt: now, Version: 1}
		if err := store.Create(ctx, o, om, org.DefaultSettings(o.ID, now, inviter)); err != nil {
			return err
		}
		if inviter == user {
			return nil
		}
	}
	if snap.Caller.Active() {
		if snap.Caller.Role == m.Role {
			return nil
		}
		_, err := store.ChangeRole(ctx, org.ActorFor(inviter, org.ChangeRoles), *snap.Caller, m.Role, now)
		return err
	}
	inv := org.Member{OrgID: m.OrgID, ID: ids.InviteID(m.OrgID, ids.NormalizeEmail(m.Email)), Status: org.Invited, Role: m.Role, Email: ids.NormalizeEmail(m.Email),
		OrgName: orgName, OrgStatus: org.Active, InvitedBy: inviter, At: now, UpdatedAt: now, Version: 1}
	if err := store.Invite(ctx, org.ActorFor(inviter, org.InviteMembers), inv); err != nil && !errors.Is(err, org.ErrInvited) {
		return err
	}
	_, err = store.Accept(ctx, m.OrgID, user, ids.NormalizeEmail(m.Email), now)
	return err
}
