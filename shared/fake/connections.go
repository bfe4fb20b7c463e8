package fake

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
)

// Connections is connector.Store in memory, with connectordb.Store's
// semantics: a consent's connections are saved all or nothing with their
// accounts' claims, updates are conditional on the version.
type Connections struct {
	mu     sync.Mutex
	conns  map[string]map[string]connector.Connection // org → id
	claims map[string]string                          // platform#account → org
}

var _ connector.Store = (*Connections)(nil)

// NewConnections returns an empty store.
func NewConnections() *Connections {
	return &Connections{conns: map[string]map[string]connector.Connection{}, claims: map[string]string{}}
}

func cloneConn(c connector.Connection) connector.Connection {
	c.Scopes = slices.Clone(c.Scopes)
	c.Sealed = slices.Clone(c.Sealed)
	return c
}

// ListActive pages (one page) through the synced connections.
func (s *Connections) ListActive(_ context.Context, fn func([]connector.Connection) error) error {
	s.mu.Lock()
	var page []connector.Connection
	for _, byID := range s.conns {
		for _, c := range byID {
			if c.Status.Synced() {
				page = append(page, connector.Connection{OrgID: c.OrgID, ID: c.ID, Platform: c.Platform})
			}
		}
	}
	s.mu.Unlock()
	return fn(page)
}

// Save writes each connection with its claim, all or nothing.
func (s *Connections) Save(_ context.Context, cs []connector.Connection) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cs {
		if o, ok := s.claims[string(c.Platform)+"#"+c.AccountID]; ok && o != c.OrgID {
			return connector.ErrTaken
		}
	}
	for _, c := range cs {
		s.claims[string(c.Platform)+"#"+c.AccountID] = c.OrgID
		if s.conns[c.OrgID] == nil {
			s.conns[c.OrgID] = map[string]connector.Connection{}
		}
		old, had := s.conns[c.OrgID][c.ID]
		n := cloneConn(c)
		n.LastError = ""
		n.Version = 1
		if had {
			// The expiry notice names the expiry it was about: kept, as the store keeps it.
			n.ConnectedAt, n.LastSyncAt, n.Version, n.ExpiryNotice = old.ConnectedAt, old.LastSyncAt, old.Version+1, old.ExpiryNotice
		}
		s.conns[c.OrgID][c.ID] = n
	}
	return nil
}

// List returns an organization's connections by ID.
func (s *Connections) List(_ context.Context, orgID string) ([]connector.Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []connector.Connection
	for _, c := range s.conns[orgID] {
		out = append(out, cloneConn(c))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Get returns one connection.
func (s *Connections) Get(_ context.Context, orgID, id string) (connector.Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[orgID][id]
	if !ok {
		return connector.Connection{}, connector.ErrNotFound
	}
	return cloneConn(c), nil
}

// Update writes c if its version is current.
func (s *Connections) Update(_ context.Context, c connector.Connection) (connector.Connection, error) {
	return s.update(c, false)
}

// Release writes c and drops its account's claim.
func (s *Connections) Release(_ context.Context, c connector.Connection) (connector.Connection, error) {
	return s.update(c, true)
}

func (s *Connections) update(c connector.Connection, release bool) (connector.Connection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.conns[c.OrgID][c.ID]
	if !ok || old.Version != c.Version {
		return connector.Connection{}, connector.ErrConflict
	}
	c.Version++
	s.conns[c.OrgID][c.ID] = cloneConn(c)
	if release && s.claims[string(c.Platform)+"#"+c.AccountID] == c.OrgID {
		delete(s.claims, string(c.Platform)+"#"+c.AccountID)
	}
	return cloneConn(c), nil
}

// page is ListConnections' page for org.Store.
func (s *Connections) page(orgID, after string, limit int) ([]connector.Connection, string) {
	all, _ := s.List(context.Background(), orgID)
	var out []connector.Connection
	for _, c := range all {
		if after != "" && c.ID <= after {
			continue
		}
		if len(out) == limit {
			return out, out[limit-1].ID
		}
		c.Sealed = nil
		out = append(out, c)
	}
	return out, ""
}

// ListConnections reads the caller's membership and a page of connections
// from conns (set Orgs.Connections).
func (s *Orgs) ListConnections(ctx context.Context, orgID, userID, after string, limit int) (org.Snapshot, error) {
	snap, err := s.Load(ctx, orgID, userID, org.Want{})
	if err != nil || snap.Caller == nil || s.Connections == nil {
		return snap, err
	}
	snap.Connections, snap.NextConnection = s.Connections.page(orgID, after, limit)
	return snap, nil
}

// States is connector.States in memory.
type States struct {
	mu     sync.Mutex
	states map[string]connector.State
	// Now defaults to time.Now.
	Now func() time.Time
}

var _ connector.States = (*States)(nil)

func (s *States) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Create stores a new state.
func (s *States) Create(_ context.Context, st connector.State) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.states == nil {
		s.states = map[string]connector.State{}
	}
	st.Scopes = slices.Clone(st.Scopes)
	s.states[st.Value] = st
	return nil
}

func (s *States) live(v string, p connector.Platform) (connector.State, bool) {
	st, ok := s.states[v]
	return st, ok && st.Platform == p && st.ExpiresAt.Unix() > s.now().Unix()
}

// Bind sets the binding once.
func (s *States) Bind(_ context.Context, v string, p connector.Platform, binding string) (connector.State, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.live(v, p)
	if !ok || st.Binding != "" {
		return connector.State{}, false, nil
	}
	st.Binding = binding
	s.states[v] = st
	return st, true, nil
}

// Consume deletes a live state made for p.
func (s *States) Consume(_ context.Context, v string, p connector.Platform) (connector.State, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.live(v, p)
	if !ok {
		return connector.State{}, false, nil
	}
	delete(s.states, v)
	return st, true, nil
}
