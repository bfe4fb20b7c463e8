package api

import (
	"strconv"
	"time"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// supportView is a support request or feedback message.
type supportView struct {
	ID        string          `json:"id"`
	Kind      org.SupportKind `json:"kind"`
	Subject   string          `json:"subject"`
	Body      string          `json:"body"`
	AuthorID  string          `json:"authorId"`
	Status    string          `json:"status"`
	CreatedAt time.Time       `json:"createdAt"`
}

func viewSupport(m org.SupportMessage) supportView {
	return supportView{ID: m.ID(), Kind: m.Kind, Subject: m.Subject, Body: m.Body, AuthorID: m.AuthorID, Status: m.Status, CreatedAt: m.CreatedAt}
}

// supportCreate is POST /v1/orgs/{orgId}/support-messages.
type supportCreate struct {
	Kind    org.SupportKind `json:"kind"`
	Subject string          `json:"subject"`
	Body    string          `json:"body"`
}

func (in *supportCreate) check(c *checker) {
	if in.Kind != org.SupportRequest && in.Kind != org.Feedback {
		c.fail("kind", "must be support or feedback")
	}
	in.Subject = c.text("subject", in.Subject, 1, 150, false)
	in.Body = c.text("body", in.Body, 1, 5000, true)
}

func (s *Server) createSupport(c *call) (reply, error) {
	in := c.in.(*supportCreate)
	m, err := s.d.Orgs.AddSupport(c.ctx, c.actor(), org.SupportMessage{OrgID: c.orgID, Kind: in.Kind, Subject: in.Subject, Body: in.Body,
		AuthorID: c.who.UserID, Status: "open", CreatedAt: c.now})
	if err != nil {
		return reply{}, err
	}
	return reply{status: 201, body: viewSupport(m), location: "/v1/orgs/" + c.orgID + "/support-messages/" + m.ID()}, nil
}

// loadSupportPage reads the caller's membership and a page of messages in
// one request (see orgdb.Store.ListSupport); the cursor holds the sequence
// number to continue below.
func loadSupportPage(c *call) (org.Snapshot, error) {
	before := int64(0)
	if c.page.after != "" {
		n, err := strconv.ParseInt(c.page.after, 10, 64)
		if err != nil || n < 1 {
			return org.Snapshot{}, problem.BadRequest("cursor is not valid here.")
		}
		before = n
	}
	return c.s.d.Orgs.ListSupport(c.ctx, c.orgID, c.who.UserID, before, c.page.limit)
}

func (s *Server) listSupport(c *call) (reply, error) {
	views := make([]supportView, 0, len(c.snap.Messages))
	for _, m := range c.snap.Messages {
		views = append(views, viewSupport(m))
	}
	next := ""
	if c.snap.NextSupport > 0 {
		next = strconv.FormatInt(c.snap.NextSupport, 10)
	}
	return ok(listOf(views, c.next(next)))
}

func (s *Server) getSupport(c *call) (reply, error) {
	if c.snap.Support == nil {
		return reply{}, problem.NotFound("No such message in this organization.")
	}
	return ok(viewSupport(*c.snap.Support))
}
