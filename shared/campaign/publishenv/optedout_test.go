package publishenv_test

import (
	"context"
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/campaign/publishenv"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/org/orgdb"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/profile/profiledb"
	"github.com/medspa-ai/backend/shared/retention"
)

// TestOptedOut writes settings and profiles through their own stores and
// reads the opt-outs the way the publisher does.
func TestOptedOut(t *testing.T) {
	ctx := context.Background()
	account := testenv.Table(t, retention.Account)
	orgs := testenv.Must[*orgdb.Store](t)(orgdb.New(account))
	profiles := testenv.Must[*profiledb.Store](t)(profiledb.New(account, testenv.Table(t, retention.Marketing)))
	out := publishenv.OptedOut(account)
	now := time.Now().UTC()
	mk := func(optOut bool) string {
		id, owner := ids.New("org"), ids.New("usr")
		o, m, st := org.NewOrg(id, org.CompanyProfile{CompanyName: "Glow"}, owner, owner+"@example.com", now)
		st.AIOptOut = optOut
		if err := orgs.Create(ctx, o, m, st); err != nil {
			t.Fatal(err)
		}
		return id
	}
	user := func(optOut, restricted bool) string {
		id := ids.New("usr")
		p := profile.Default(id, id+"@example.com")
		p.AIOptOut, p.Restricted, p.Version = optOut, restricted, 1
		if err := profiles.Put(ctx, p); err != nil {
			t.Fatal(err)
		}
		return id
	}
	in, outOrg := mk(false), mk(true)
	for _, c := range []struct {
		name, org, user string
		want            bool
	}{
		{"neither", in, user(false, false), false},
		{"organization", outOrg, user(false, false), true},
		{"user", in, user(true, false), true},
		{"restricted user", in, user(false, true), true},
		{"no profile", in, ids.New("usr"), false},
	} {
		got, err := out(ctx, c.org, c.user)
		if err != nil || got != c.want {
			t.Errorf("%s: %v %v, want %v", c.name, got, err, c.want)
		}
	}
}
