package fake

import (
	"context"
	"sort"
	"sync"

	"github.com/medspa-ai/backend/shared/metrics"
)

// Metrics is metrics.Store in memory: rows and cells keyed by their IDs
// per organization, state conditional on its version.
type Metrics struct {
	mu    sync.Mutex
	rows  map[string]metrics.Row
	cells map[string]metrics.Insight
	state map[string]metrics.State
}

var _ metrics.Store = (*Metrics)(nil)

// NewMetrics returns an empty store.
func NewMetrics() *Metrics {
	return &Metrics{rows: map[string]metrics.Row{}, cells: map[string]metrics.Insight{}, state: map[string]metrics.State{}}
}

// PutRows overwrites rows by ID.
func (m *Metrics) PutRows(_ context.Context, rows []metrics.Row) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rows {
		if err := r.Validate(); err != nil {
			return err
		}
		m.rows[r.OrgID+"#"+string(r.Level)+"#"+r.ID()] = r
	}
	return nil
}

// PutInsights overwrites cells by ID.
func (m *Metrics) PutInsights(_ context.Context, cells []metrics.Insight) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range cells {
		m.cells[c.OrgID+"#"+c.ID()] = c
	}
	return nil
}

// PruneRows deletes the scope's rows keep does not name.
func (m *Metrics) PruneRows(_ context.Context, s metrics.Scope, keep map[string]bool) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k, r := range m.rows {
		if r.OrgID == s.OrgID && r.Level == s.Level && r.Platform == s.Platform && r.AccountID == s.AccountID && r.Date >= s.From && r.Date <= s.To && !keep[r.ID()] {
			delete(m.rows, k)
			n++
		}
	}
	return n, nil
}

// PruneInsights deletes the scope's cells keep does not name.
func (m *Metrics) PruneInsights(_ context.Context, s metrics.Scope, keep map[string]bool) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for k, c := range m.cells {
		if c.OrgID == s.OrgID && c.Platform == s.Platform && c.AccountID == s.AccountID && c.Date >= s.From && c.Date <= s.To && !keep[c.ID()] {
			delete(m.cells, k)
			n++
		}
	}
	return n, nil
}

// Daily returns the matching rows in one page, by day.
func (m *Metrics) Daily(_ context.Context, q metrics.Query, fn func([]metrics.Row) error) error {
	m.mu.Lock()
	var out []metrics.Row
	for _, r := range m.rows {
		if r.OrgID == q.OrgID && r.Level == q.Level && r.Date >= q.From && r.Date <= q.To && (q.Platform == "" || r.Platform == q.Platform) {
			out = append(out, r)
		}
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return fn(out)
}

// CampaignDays returns the organization's daily campaign rows.
func (m *Metrics) CampaignDays(ctx context.Context, orgID, from, to string) ([]metrics.Row, error) {
	return metrics.CampaignDays(ctx, m, orgID, from, to)
}

// Insights returns the matching cells in one page.
func (m *Metrics) Insights(_ context.Context, orgID, from, to string, fn func([]metrics.Insight) error) error {
	m.mu.Lock()
	var out []metrics.Insight
	for _, c := range m.cells {
		if c.OrgID == orgID && c.Date >= from && c.Date <= to {
			out = append(out, c)
		}
	}
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return fn(out)
}

// State returns a connection's state.
func (m *Metrics) State(_ context.Context, orgID, connID string) (metrics.State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if st, ok := m.state[orgID+"#"+connID]; ok {
		return st, nil
	}
	return metrics.State{OrgID: orgID, ConnectionID: connID}, nil
}

// SaveState writes st if its version is the stored one.
func (m *Metrics) SaveState(_ context.Context, st metrics.State) (metrics.State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := st.OrgID + "#" + st.ConnectionID
	if cur := m.state[k]; cur.Version != st.Version {
		return st, metrics.ErrConflict
	}
	st.Version++
	m.state[k] = st
	return st, nil
}
