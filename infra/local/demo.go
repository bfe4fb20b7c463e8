package local

import (
	"context"
	"time"
)

// Demo is the seeded demonstration identity `make dev` prints.
type Demo struct {
	OrgID, UserID, Email, Role string
	Token                      string
}

// SeedDemo creates the demo user's token. (Organizations and members are
// seeded here once the API stores them.)
func SeedDemo(ctx context.Context, s *Stack) (Demo, error) {
	d := Demo{OrgID: "org_demo", UserID: "u_demo_owner", Email: "owner@demo-medspa.example", Role: "owner"}
	tok, err := s.Tokens.Token(Identity{Subject: d.UserID, Email: d.Email}, 12*time.Hour)
	d.Token = tok
	return d, err
}

// Curls are commands that work against a fresh `make dev` as printed.
func (d Demo) Curls(base string) []string {
	return []string{
		"curl -s " + base + "/v1/health",
		"curl -s -i " + base + "/v1/me            # 401 problem+json: no token",
	}
}
