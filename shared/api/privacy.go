package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/platform/ratelimit"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
	"github.com/medspa-ai/backend/shared/privacy/datamap"
)

// Privacy is the privacy team's and members' access to privacy requests.
type Privacy struct {
	Service privacy.Service
	// DownloadURL presigns an export's object key for at most valid; nil
	// leaves download out.
	DownloadURL func(ctx context.Context, key string, valid time.Duration) (string, error)
	// LinkDays is how long an export stays in the bucket (the lifecycle
	// rule's ExportLinkDays; 7 when zero): after it, or once an erasure
	// deleted the export, a request shows no link.
	LinkDays int
	// Limiter counts the public confirmation's attempts (per source
	// address, per request); nil does not limit (tests).
	Limiter ratelimit.Limiter
	// PolicyJobs queues the email of a policy version to every registered
	// user (policymail).
	PolicyJobs func(ctx context.Context, version string) error
}

// privacyRequestView is a request as the API shows it: never the code's
// hash.
type privacyRequestView struct {
	ID              string            `json:"id"`
	Type            privacy.Type      `json:"type"`
	Subject         privacy.Subject   `json:"subject"`
	Channel         string            `json:"channel"`
	Corrections     map[string]string `json:"corrections,omitempty"`
	Status          privacy.Status    `json:"status"`
	Reason          string            `json:"reason,omitempty"`
	ReceivedAt      time.Time         `json:"receivedAt"`
	DueAt           time.Time         `json:"dueAt"`
	DaysLeft        int               `json:"daysLeft"`
	Overdue         bool              `json:"overdue"`
	Extended        bool              `json:"extended"`
	ExtensionReason string            `json:"extensionReason,omitempty"`
	Verification    *verificationView `json:"verification"`
	Steps           []privacy.Step    `json:"steps"`
	History         []auditEntryView  `json:"history,omitempty"`
	Download        *string           `json:"download"`
	DownloadUntil   *time.Time        `json:"downloadExpiresAt,omitempty"`
	UpdatedAt       time.Time         `json:"updatedAt"`
	Version         int64             `json:"version"`
}

type verificationView struct {
	Method string    `json:"method"`
	Note   string    `json:"note,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

type auditEntryView struct {
	Seq    int               `json:"seq"`
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`
	Action string            `json:"action"`
	Reason string            `json:"reason,omitempty"`
	Detail map[string]string `json:"detail,omitempty"`
	Hash   string            `json:"hash"`
}

func entryViews(es []audit.Entry) []auditEntryView {
	out := make([]auditEntryView, len(es))
	for i, e := range es {
		out[i] = auditEntryView{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action, Reason: e.Reason, Detail: e.Detail, Hash: e.Hash}
	}
	return out
}

func (c *call) privacyView(r privacy.Request) privacyRequestView {
	v := privacyRequestView{ID: r.ID, Type: r.Type, Subject: r.Subject, Channel: r.Channel, Corrections: r.Corrections, Status: r.Status,
		Reason: r.Reason, ReceivedAt: r.ReceivedAt, DueAt: r.DueAt, DaysLeft: r.DaysLeft(c.now), Overdue: r.Overdue(c.now),
		Extended: !r.ExtendedAt.IsZero(), ExtensionReason: r.ExtensionReason, Steps: r.Steps, UpdatedAt: r.UpdatedAt, Version: r.Version}
	if v.Steps == nil {
		v.Steps = []privacy.Step{}
	}
	if r.Verification != nil {
		v.Verification = &verificationView{Method: r.Verification.Method, Note: r.Verification.Note, By: r.Verification.By, At: r.Verification.At}
	}
	days := c.s.d.Privacy.LinkDays
	if days <= 0 {
		days = 7
	}
	if until := r.DownloadUntil(days); r.Status == privacy.Complete && c.now.Before(until) && c.s.d.Privacy.DownloadURL != nil {
		if u, err := c.s.d.Privacy.DownloadURL(c.ctx, r.Download, until.Sub(c.now)); err == nil {
			v.Download, v.DownloadUntil = &u, &until
		}
	}
	return v
}

// privacyTypes are the lifecycle's errors that answer with a type of the
// catalogue.
var privacyTypes = []errType{
	{privacy.ErrTransition, typePrivacyState},
	{privacy.ErrExtension, typePrivacyExtension},
	{privacy.ErrLocked, typeVerificationLocked},
	{privacy.ErrCode, typeVerificationFailed},
	{privacy.ErrStale, typeConflict},
}

// privacyProblem maps the lifecycle's errors to problems.
func privacyProblem(err error) error {
	if errors.Is(err, privacy.ErrNotFound) {
		return problem.NotFound(noPrivacyRequest)
	}
	if p := problemOf(err, privacyTypes); p != nil {
		return p
	}
	if errors.Is(err, privacy.ErrInvalid) {
		return problem.Validation(problem.FieldError{Field: "body", Reason: strings.TrimPrefix(err.Error(), "privacy: invalid request: ")})
	}
	return err
}

// noPrivacyRequest is the not-found detail when no request has the ID.
const noPrivacyRequest = "No such privacy request."

func privacyID(c *call) (string, error) {
	return pathID(c, "privacyRequestId", "prq", noPrivacyRequest)
}

// privacyCreate is POST /v1/privacy/requests.
type privacyCreate struct {
	Type         privacy.Type      `json:"type"`
	Subject      privacy.Subject   `json:"subject"`
	Channel      string            `json:"channel"`
	Corrections  map[string]string `json:"corrections"`
	Verification *struct {
		Method string `json:"method"`
		Note   string `json:"note"`
	} `json:"verification"`
}

func checkType(c *checker, t privacy.Type) {
	if !t.Valid() {
		c.fail("type", "must be one of %s", strings.Join(names(privacy.Types), ", "))
	}
}

func checkCorrections(c *checker, t privacy.Type, cs map[string]string) {
	switch {
	case t == privacy.Correction && len(cs) == 0:
		c.fail("corrections", "a correction request names at least one field")
	case t != privacy.Correction && len(cs) > 0:
		c.fail("corrections", "only a correction request carries corrections")
	}
	for k, v := range cs {
		if _, _, ok := datamap.Field(k); !ok {
			c.fail("corrections."+k, "must be one of %s", strings.Join(datamap.Fields(), ", "))
			continue
		}
		c.text("corrections."+k, v, 1, 200, false)
	}
}

func (in *privacyCreate) check(c *checker) {
	checkType(c, in.Type)
	if in.Subject.Email == "" && in.Subject.UserID == "" {
		c.fail("subject", "an email or a userId is required")
	}
	if in.Subject.Email != "" {
		in.Subject.Email = c.email("subject.email", in.Subject.Email)
	}
	if in.Subject.UserID != "" && !ids.ValidWithPrefix(in.Subject.UserID, "usr") {
		c.fail("subject.userId", "must be a user ID (usr_...)")
	}
	in.Channel = c.text("channel", in.Channel, 1, 40, false)
	checkCorrections(c, in.Type, in.Corrections)
	if in.Verification != nil {
		in.Verification.Method = c.text("verification.method", in.Verification.Method, 1, 40, false)
		in.Verification.Note = c.text("verification.note", in.Verification.Note, 0, 500, false)
	}
}

func (s *Server) createPrivacyRequest(c *call) (reply, error) {
	in := c.in.(*privacyCreate)
	n := privacy.New{Type: in.Type, Subject: in.Subject, Channel: in.Channel, Corrections: in.Corrections}
	if in.Verification != nil {
		n.Verification = &privacy.Verification{Method: in.Verification.Method, Note: in.Verification.Note}
	}
	r, err := s.d.Privacy.Service.Submit(c.ctx, c.who.UserID, n)
	if err != nil {
		return reply{}, privacyProblem(err)
	}
	rep, err := created(c.privacyView(r))
	rep.location = "/v1/privacy/requests/" + r.ID
	return rep, err
}

var privacyFilters = []qparam{
	{"status", "filter: the request status", schema{"type": "string"}, "pending_review"},
	{"type", "filter: the request type", schema{"type": "string"}, "access"},
	{"due", "filter: soon (due within 7 days) or overdue", schema{"type": "string", "enum": []string{"soon", "overdue"}}, "soon"},
}

func (s *Server) listPrivacyRequests(c *call) (reply, error) {
	q := c.r.URL.Query()
	f := privacy.Filter{Status: privacy.Status(q.Get("status")), Type: privacy.Type(q.Get("type")), Due: q.Get("due")}
	var errs []problem.FieldError
	if f.Status != "" && !f.Status.Valid() {
		errs = append(errs, problem.FieldError{Field: "status", Reason: "must be a request status"})
	}
	if f.Type != "" && !f.Type.Valid() {
		errs = append(errs, problem.FieldError{Field: "type", Reason: "must be a request type"})
	}
	if f.Due != "" && f.Due != "soon" && f.Due != "overdue" {
		errs = append(errs, problem.FieldError{Field: "due", Reason: "must be soon or overdue"})
	}
	if len(errs) > 0 {
		return reply{}, problem.BadRequest("A filter is not valid.", errs...)
	}
	rs, err := s.d.Privacy.Service.List(c.ctx, f)
	if err != nil {
		return reply{}, err
	}
	start := 0
	if c.page.after != "" {
		for i, r := range rs {
			if r.ID == c.page.after {
				start = i + 1
			}
		}
	}
	end := min(len(rs), start+c.page.limit)
	views := make([]privacyRequestView, 0, end-start)
	for _, r := range rs[start:end] {
		views = append(views, c.privacyView(r))
	}
	next := ""
	if end < len(rs) && end > start {
		next = c.next(rs[end-1].ID)
	}
	return ok(listOf(views, next))
}

func (s *Server) getPrivacyRequest(c *call) (reply, error) {
	id, err := privacyID(c)
	if err != nil {
		return reply{}, err
	}
	r, es, err := s.d.Privacy.Service.Store.Trail(c.ctx, id)
	if err != nil {
		return reply{}, privacyProblem(err)
	}
	v := c.privacyView(r)
	v.History = entryViews(es)
	return ok(v)
}

// privacyReason is the body of deny, extend and cancel.
type privacyReason struct {
	Reason string `json:"reason"`
}

func (in *privacyReason) check(c *checker) { in.Reason = c.text("reason", in.Reason, 1, 500, false) }

// privacyVerify is POST .../verify: the code the subject read back, or how
// the privacy-team member verified them.
type privacyVerify struct {
	Code   string `json:"code"`
	Method string `json:"method"`
	Note   string `json:"note"`
}

func (in *privacyVerify) check(c *checker) {
	switch {
	case in.Code != "" && in.Method != "":
		c.fail("code", "give either code or method")
	case in.Code == "" && in.Method == "":
		c.fail("code", "give the code the subject received, or the method by which you verified them")
	case in.Code != "" && (len(in.Code) != 6 || strings.Trim(in.Code, "0123456789") != ""):
		c.fail("code", "must be six digits")
	}
	if in.Method != "" {
		in.Method = c.text("method", in.Method, 1, 40, false)
	}
	in.Note = c.text("note", in.Note, 0, 500, false)
}

// privacyAction runs one lifecycle action on the request in the path.
func (s *Server) privacyAction(c *call) (reply, error) {
	id, err := privacyID(c)
	if err != nil {
		return reply{}, err
	}
	svc, who := s.d.Privacy.Service, c.who.UserID
	var r privacy.Request
	switch action := c.rt.name[strings.LastIndex(c.rt.name, ".")+1:]; action {
	case "approve":
		r, err = svc.Approve(c.ctx, id, who)
	case "retry":
		r, err = svc.Retry(c.ctx, id, who)
	case "deny":
		r, err = svc.Deny(c.ctx, id, who, c.in.(*privacyReason).Reason)
	case "extend":
		r, err = svc.Extend(c.ctx, id, who, c.in.(*privacyReason).Reason)
	case "cancel":
		r, err = svc.Cancel(c.ctx, id, who, c.in.(*privacyReason).Reason)
	case "verify":
		in := c.in.(*privacyVerify)
		if in.Code != "" {
			r, err = svc.VerifyCode(c.ctx, id, in.Code, who)
		} else {
			r, err = svc.RecordVerification(c.ctx, id, who, privacy.Verification{Method: in.Method, Note: in.Note})
		}
	}
	if err != nil {
		return reply{}, privacyProblem(err)
	}
	return ok(c.privacyView(r))
}

type auditView struct {
	RequestID string           `json:"requestId"`
	Entries   []auditEntryView `json:"entries"`
}

func (s *Server) privacyAudit(c *call) (reply, error) {
	id, err := privacyID(c)
	if err != nil {
		return reply{}, err
	}
	r, es, err := s.trail(c, id)
	if err != nil {
		return reply{}, err
	}
	if strings.HasSuffix(c.rt.name, "Verify") {
		res := audit.Verify(es, r.Audit)
		return ok(auditVerifyView{OK: res.OK, Entries: res.Entries, FirstBadEntry: res.FirstBadEntry, Problem: res.Problem})
	}
	return ok(auditView{RequestID: id, Entries: entryViews(es)})
}

type auditVerifyView struct {
	OK            bool   `json:"ok"`
	Entries       int    `json:"entries"`
	FirstBadEntry int    `json:"firstBadEntry,omitempty"`
	Problem       string `json:"problem,omitempty"`
}

func (s *Server) trail(c *call, id string) (privacy.Request, []audit.Entry, error) {
	r, es, err := s.d.Privacy.Service.Store.Trail(c.ctx, id)
	if err != nil {
		return privacy.Request{}, nil, privacyProblem(err)
	}
	return r, es, nil
}

type dataMapView struct {
	Entities []datamap.Entity `json:"entities"`
}

// dataMap is the record of processing, as JSON or (Accept: text/markdown)
// Markdown.
func (s *Server) dataMap(c *call) (reply, error) {
	if strings.Contains(c.r.Header.Get("Accept"), "text/markdown") {
		h := c.w.Header()
		h.Set("Content-Type", "text/markdown")
		h.Set("Cache-Control", "no-store")
		c.w.WriteHeader(http.StatusOK)
		_, _ = c.w.Write([]byte(datamap.Markdown()))
		return reply{status: alreadyWritten}, nil
	}
	return ok(dataMapView{Entities: datamap.All()})
}

// mePrivacyCreate is POST /v1/me/privacy-requests: a member's request
// about themselves, verified by their sign-in.
type mePrivacyCreate struct {
	Type        privacy.Type      `json:"type"`
	Corrections map[string]string `json:"corrections"`
}

func (in *mePrivacyCreate) check(c *checker) {
	checkType(c, in.Type)
	checkCorrections(c, in.Type, in.Corrections)
}

func (s *Server) submitOwnPrivacyRequest(c *call) (reply, error) {
	in := c.in.(*mePrivacyCreate)
	r, err := s.d.Privacy.Service.Submit(c.ctx, c.who.UserID, privacy.New{Type: in.Type, Subject: privacy.Subject{UserID: c.who.UserID, Email: c.who.Email},
		Channel: "member", Corrections: in.Corrections, Verification: &privacy.Verification{Method: privacy.VerifiedBySignIn}})
	if err != nil {
		return reply{}, privacyProblem(err)
	}
	rep, err := created(c.privacyView(r))
	rep.location = "/v1/me/privacy-requests"
	return rep, err
}

type ownPrivacyList struct {
	Items []privacyRequestView `json:"items"`
}

func (s *Server) listOwnPrivacyRequests(c *call) (reply, error) {
	rs, err := s.d.Privacy.Service.Store.BySubject(c.ctx, c.who.UserID)
	if err != nil {
		return reply{}, err
	}
	out := ownPrivacyList{Items: make([]privacyRequestView, 0, len(rs))}
	for _, r := range rs {
		out.Items = append(out.Items, c.privacyView(r))
	}
	return ok(out)
}
