package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/retention/holds"
)

// Legal holds (policy section 7, "unless the law requires keeping"): the
// privacy team places a hold on an organization or a person; while it is
// in force their data never expires, the sweep skips it and erasure
// requests pause. Placing and releasing are audited (holds.Service).

// holdCreate is POST /v1/privacy/holds.
type holdCreate struct {
	Scope           holds.Scope `json:"scope"`
	Reason          string      `json:"reason"`
	MatterReference string      `json:"matterReference"`
}

func (in *holdCreate) check(c *checker) {
	switch in.Scope.Kind {
	case holds.Org:
		if !ids.ValidWithPrefix(in.Scope.ID, "org") {
			c.fail("scope.id", "must be an organization ID (org_...)")
		}
	case holds.Subject:
		if !ids.ValidWithPrefix(in.Scope.ID, "usr") {
			c.fail("scope.id", "must be a user ID (usr_...)")
		}
	default:
		c.fail("scope.kind", "must be %q or %q", holds.Org, holds.Subject)
	}
	in.Reason = c.text("reason", in.Reason, 1, 500, false)
	in.MatterReference = c.text("matterReference", in.MatterReference, 1, 100, false)
}

// holdView is a hold as the API shows it.
type holdView struct {
	ID         string      `json:"id"`
	Scope      holds.Scope `json:"scope"`
	Reason     string      `json:"reason"`
	Matter     string      `json:"matterReference"`
	State      holds.State `json:"state"`
	InForce    bool        `json:"inForce"`
	CreatedBy  string      `json:"createdBy"`
	CreatedAt  time.Time   `json:"createdAt"`
	ReleasedBy string      `json:"releasedBy,omitempty"`
	ReleasedAt *time.Time  `json:"releasedAt,omitempty"`
}

func viewHold(h holds.Hold) holdView {
	return holdView{ID: h.ID, Scope: h.Scope, Reason: h.Reason, Matter: h.Matter, State: h.State, InForce: h.InForce(),
		CreatedBy: h.CreatedBy, CreatedAt: h.CreatedAt, ReleasedBy: h.ReleasedBy, ReleasedAt: timePtr(h.ReleasedAt)}
}

type holdList struct {
	Items []holdView `json:"items"`
}

// noHold is the not-found detail when no hold has the ID.
const noHold = "No such legal hold."

func holdID(c *call) (string, error) { return pathID(c, "holdId", "hold", noHold) }

func holdProblem(err error) error {
	switch {
	case errors.Is(err, holds.ErrNotFound):
		return problem.NotFound(noHold)
	case errors.Is(err, holds.ErrReleased):
		return errOf(typeHoldReleased, "")
	}
	return err
}

func (s *Server) placeHold(c *call) (reply, error) {
	in := c.in.(*holdCreate)
	h, err := s.d.Holds.Place(c.ctx, c.who.UserID, in.Scope, in.Reason, in.MatterReference)
	if err != nil {
		return reply{}, holdProblem(err)
	}
	rep, err := created(viewHold(h))
	rep.location = "/v1/privacy/holds/" + h.ID
	return rep, err
}

func (s *Server) listHolds(c *call) (reply, error) {
	hs, err := s.d.Holds.Store.List(c.ctx)
	if err != nil {
		return reply{}, err
	}
	out := holdList{Items: make([]holdView, 0, len(hs))}
	for _, h := range hs {
		out.Items = append(out.Items, viewHold(h))
	}
	return ok(out)
}

func (s *Server) getHold(c *call) (reply, error) {
	id, err := holdID(c)
	if err != nil {
		return reply{}, err
	}
	h, err := s.d.Holds.Store.Get(c.ctx, id)
	if err != nil {
		return reply{}, holdProblem(err)
	}
	return ok(viewHold(h))
}

// releaseHold ends a hold at once; the daily sweep gives the held items
// back the expiry their rule gives them then.
func (s *Server) releaseHold(c *call) (reply, error) {
	id, err := holdID(c)
	if err != nil {
		return reply{}, err
	}
	h, err := s.d.Holds.Release(c.ctx, c.who.UserID, id)
	if err != nil {
		return reply{}, holdProblem(err)
	}
	return reply{status: http.StatusOK, body: viewHold(h)}, nil
}

// retentionReport is GET /v1/privacy/retention: read from the expiry
// indexes, the audit trail's daily tallies and the holds, never a scan
// (shared/api/README.md states its requests).
func (s *Server) retentionReport(c *call) (reply, error) {
	r, err := s.d.Retention(c.ctx, c.now)
	if err != nil {
		return reply{}, err
	}
	return ok(r)
}
