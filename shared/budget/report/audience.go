package report

import (
	"context"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/profile"
)

// MemberLister reads an organization's members (orgdb).
type MemberLister interface {
	ListMembers(ctx context.Context, orgID, userID string) (org.Snapshot, error)
}

// ProfileReader reads a member's profile and preferences (profiledb).
type ProfileReader interface {
	Get(ctx context.Context, userID string) (profile.Profile, bool, error)
}

// Audience is Recipients over the organization's members: its joined
// owners, admins and marketers (viewers and pending invitations get no
// report) whose communication preferences keep performance reports on
// (the default for someone who never saved a profile).
type Audience struct {
	Orgs     MemberLister
	Profiles ProfileReader
}

// reportRoles are the roles a report goes to.
var reportRoles = map[org.Role]bool{org.Owner: true, org.Admin: true, org.Marketer: true}

// Recipients lists them.
func (a Audience) Recipients(ctx context.Context, orgID string) ([]Recipient, error) {
	snap, err := a.Orgs.ListMembers(ctx, orgID, "report")
	if err != nil {
		return nil, err
	}
	var out []Recipient
	for _, m := range snap.Members {
		if m.OrgID != orgID || !m.Active() || !reportRoles[m.Role] {
			continue
		}
		p, found, err := a.Profiles.Get(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		addr := m.Email
		if found {
			if !p.Communication.PerformanceReports {
				continue
			}
			if p.Email != "" {
				addr = p.Email
			}
		}
		if addr != "" {
			out = append(out, Recipient{UserID: m.ID, Email: addr})
		}
	}
	return out, nil
}
