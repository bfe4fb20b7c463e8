// Package holds is legal holds: while a hold on an organization or a
// subject (a person) lasts, the data it covers never expires. Its items'
// expiry is taken off (kept aside, so DynamoDB's TTL cannot delete them),
// the sweep skips them, and erasure requests for the held organization or
// subject pause (Held). Releasing a hold gives the items back the expiry
// their rule gives them then. Applying and releasing run in bounded
// batches that resume where they stopped, for organizations of any size.
package holds

import (
	"context"
	"errors"
	"time"
)

// Kind is what a hold covers.
type Kind string

const (
	// Org covers an organization's data.
	Org Kind = "org"
	// Subject covers one person's data.
	Subject Kind = "subject"
)

// State is where a hold is in its life.
type State string

const (
	// Applying: recorded and in force (the sweep and erasure already
	// respect it); its items' expiries are being taken off.
	Applying State = "applying"
	// Active: every covered item's expiry is off.
	Active State = "active"
	// Releasing: no longer in force; expiries are being restored.
	Releasing State = "releasing"
	// Released: over.
	Released State = "released"
)

// Scope names what a hold covers.
type Scope struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
}

// Hold is one legal hold.
type Hold struct {
	ID         string    `json:"id"`
	Scope      Scope     `json:"scope"`
	Reason     string    `json:"reason"`
	Matter     string    `json:"matterReference"`
	State      State     `json:"state"`
	CreatedBy  string    `json:"createdBy"`
	CreatedAt  time.Time `json:"createdAt"`
	ReleasedBy string    `json:"releasedBy,omitempty"`
	ReleasedAt time.Time `json:"releasedAt,omitzero"`
}

// InForce reports whether the hold protects its data.
func (h Hold) InForce() bool { return h.State == Applying || h.State == Active }

// Errors.
var (
	ErrNotFound = errors.New("holds: no such hold")
	ErrReleased = errors.New("holds: the hold is already released")
	ErrInvalid  = errors.New("holds: invalid hold")
)

// Store keeps holds and carries out their effect on the data.
type Store interface {
	// Create records a hold in force (state Applying).
	Create(ctx context.Context, h Hold) (Hold, error)
	// Get reads one hold.
	Get(ctx context.Context, id string) (Hold, error)
	// List returns every hold, newest first.
	List(ctx context.Context) ([]Hold, error)
	// Release ends a hold (state Releasing).
	Release(ctx context.Context, id, by string, at time.Time) (Hold, error)
	// Held reports whether a hold in force covers the scope: the check an
	// erasure request makes before it runs.
	Held(ctx context.Context, s Scope) (bool, error)
	// Process takes expiries off the items of applying and active holds,
	// and restores those of releasing ones, until done or until budget
	// (a number of items) is spent; a call cut short resumes where the
	// previous one stopped. It returns the items changed and whether
	// everything is done.
	Process(ctx context.Context, budget int) (changed int, done bool, err error)
}

// Service places and releases holds, each in the audit trail.
type Service struct {
	Store Store
	Audit func(ctx context.Context, id, kind, actor string, at time.Time, detail map[string]string) error
	Now   func() time.Time
	// NewID mints hold IDs.
	NewID func() string
}

// Place records a hold in force on s.
func (v Service) Place(ctx context.Context, actor string, s Scope, reason, matter string) (Hold, error) {
	if (s.Kind != Org && s.Kind != Subject) || s.ID == "" || reason == "" || matter == "" {
		return Hold{}, ErrInvalid
	}
	now := v.Now().UTC()
	h, err := v.Store.Create(ctx, Hold{ID: v.NewID(), Scope: s, Reason: reason, Matter: matter, State: Applying, CreatedBy: actor, CreatedAt: now})
	if err != nil {
		return Hold{}, err
	}
	return h, v.Audit(ctx, "hold#"+h.ID, "legal_hold", actor, now, map[string]string{"hold": h.ID, "scope": string(s.Kind), "target": s.ID, "matter": matter, "reason": reason, "action": "placed"})
}

// Release ends a hold.
func (v Service) Release(ctx context.Context, actor, id string) (Hold, error) {
	now := v.Now().UTC()
	h, err := v.Store.Release(ctx, id, actor, now)
	if err != nil {
		return Hold{}, err
	}
	return h, v.Audit(ctx, "release#"+h.ID, "legal_hold", actor, now, map[string]string{"hold": h.ID, "scope": string(h.Scope.Kind), "target": h.Scope.ID, "matter": h.Matter, "action": "released"})
}
