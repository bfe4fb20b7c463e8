package orgdb

import (
	"context"
	"errors"
	"time"

	"github.com/medspa-ai/backend/shared/org"
)

// Relationship is what the billing webhook may do to organizations (it
// implements billing.Orgs): find whether one exists, and end its customer
// relationship when its subscription ends.
type Relationship struct{ s *Store }

// Relationship returns the store's billing view.
func (s *Store) Relationship() Relationship { return Relationship{s} }

// Exists reports whether the organization exists (cancelled or not).
func (r Relationship) Exists(ctx context.Context, orgID string) (bool, error) {
	_, ok, err := r.s.table.Get(ctx, orgKey(orgID), true)
	return ok, err
}

// EndRelationship cancels the organization as org.Store.Cancel does (the
// account category's 3-year clock starts at at), with no member acting. An
// organization already cancelled, or gone, is left as it is.
func (r Relationship) EndRelationship(ctx context.Context, orgID string, at time.Time) error {
	for range 3 { // a member joining or leaving meanwhile changes memberCount: retry
		it, ok, err := r.s.table.Get(ctx, orgKey(orgID), true)
		if err != nil {
			return err
		}
		if !ok || decodeOrg(it).Status != org.Active {
			return nil
		}
		err = r.s.cancel(ctx, nil, orgID, at)
		if !errors.Is(err, org.ErrConflict) {
			return err
		}
	}
	return org.ErrConflict
}
