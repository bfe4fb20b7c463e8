package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/phi"
	"github.com/medspa-ai/backend/shared/platform/problem"
	"github.com/medspa-ai/backend/shared/profile"
)

// Problem types this API adds to shared/problem's (bad-request, validation,
// unauthorized, forbidden, not-found, internal). The slugs are a contract:
// clients branch on them. README.md lists them all.
const (
	typeTooLarge          = "payload-too-large"
	typeMediaType         = "unsupported-media-type"
	typeMethod            = "method-not-allowed"
	typePrecondRequired   = "precondition-required"
	typePrecondFailed     = "precondition-failed"
	typeCancelled         = "org-cancelled"
	typeNotCancelled      = "org-not-cancelled"
	typeLastOwner         = "last-owner"
	typeMemberLimit       = "member-limit"
	typeAlreadyMember     = "already-member"
	typeAlreadyInvited    = "already-invited"
	typeConflict          = "conflict"
	typeIdemReused        = "idempotency-key-reused"
	typeIdemInUse         = "idempotency-key-in-use"
	typeEmailUnverified   = "email-unverified"
	typePHI               = "phi-detected"
	typeRoleNotAssignable = "role-not-assignable"
	typeAIOptOut          = "ai-opt-out"
	typeNeedsReconnect    = "connection-needs-reconnect"
	typeNoCustomer        = "billing-no-customer"
	typeUploadRefused     = "upload-refused"
	typeDraftState        = "draft-state"
	typeDraftChecks       = "draft-checks-failed"
	// Privacy requests.
	typePrivacyState       = "privacy-request-state"
	typePrivacyExtension   = "privacy-extension-refused"
	typeVerificationFailed = "verification-failed"
	typeVerificationLocked = "verification-locked"
	typeConfirmFailed      = "confirmation-failed"
	typeRateLimited        = "rate-limited"
	typeHoldReleased       = "hold-released"
)

// spec is what a problem type of this API always says: its status, its
// title, and the detail it gives unless the call site knows better.
type spec struct {
	status        int
	title, detail string
}

// catalogue is every problem type this API adds, in one table: the
// constructors below, the store error mapping and the docs read it.
var catalogue = map[string]spec{
	typeTooLarge:           {http.StatusRequestEntityTooLarge, "The request body is too large", fmt.Sprintf("Request bodies are limited to %d bytes.", maxBody)},
	typeMediaType:          {http.StatusUnsupportedMediaType, "Unsupported media type", "Send the body as application/json."},
	typeMethod:             {http.StatusMethodNotAllowed, "Method not allowed", "This path does not accept that method."},
	typePrecondRequired:    {http.StatusPreconditionRequired, "If-Match required", "Send If-Match with the ETag of the version you read, so a concurrent change is not overwritten."},
	typePrecondFailed:      {http.StatusPreconditionFailed, "The resource changed", "It changed since the version in If-Match; read it again and reapply your change. Nothing was written."},
	typeCancelled:          {http.StatusConflict, "The organization is cancelled", "A cancelled organization is read-only."},
	typeLastOwner:          {http.StatusConflict, "Last owner", "An organization keeps at least one owner: make someone else owner first."},
	typeMemberLimit:        {http.StatusConflict, "Member limit reached", fmt.Sprintf("An organization has at most %d members and pending invitations.", org.MaxMembers)},
	typeAlreadyMember:      {http.StatusConflict, "Already a member", "This person is already a member of the organization."},
	typeAlreadyInvited:     {http.StatusConflict, "Already invited", "This address already has a pending invitation."},
	typeConflict:           {http.StatusConflict, "Concurrent change", "Another change got there first; retry."},
	typeIdemReused:         {http.StatusUnprocessableEntity, "Idempotency-Key reused", "This Idempotency-Key was used with a different request; use a new key for a new request."},
	typeIdemInUse:          {http.StatusConflict, "Request in progress", "A request with this Idempotency-Key is still running; retry shortly."},
	typeEmailUnverified:    {http.StatusForbidden, "Verified email required", "Invitations are matched by email address; sign in with a token carrying a verified email."},
	typePHI:                {http.StatusUnprocessableEntity, "Protected health information is not accepted", "We never store patient health information. Remove the identifiers named in errors and send again; nothing of this request was stored."},
	typeAIOptOut:           {http.StatusForbidden, "AI processing is off", "AI processing is turned off for this request; nothing was sent to a model."},
	typeRoleNotAssignable:  {http.StatusForbidden, "Role not assignable", "Only owners grant, take away or remove ownership, and nobody assigns a role stronger than their own."},
	typeNoCustomer:         {http.StatusConflict, "No billing account yet", "The organization has not checked out yet, so there is no subscription to manage: start with POST billing/checkout."},
	typePrivacyState:       {http.StatusConflict, "Not allowed in the request's status", "The privacy request is not in a status that allows this (see its status and history)."},
	typePrivacyExtension:   {http.StatusConflict, "Deadline not extended", "A request's deadline is extended once, before its due date passes."},
	typeVerificationFailed: {http.StatusUnprocessableEntity, "Wrong or expired code", "The code does not match or has expired (codes are valid 10 minutes; 3 wrong attempts lock the verification)."},
	typeConfirmFailed: {http.StatusUnprocessableEntity, "Not confirmed", "The request could not be confirmed with this reference and code. Use the code of the latest email within 10 minutes; " +
		"after three wrong codes, or once the request is closed, reply to the email and our privacy team will help."},
	typeRateLimited:        {http.StatusTooManyRequests, "Too many attempts", "Too many attempts from your address or for this request; wait for the time in Retry-After, then try again."},
	typeVerificationLocked: {http.StatusForbidden, "Verification locked", "Three wrong codes locked this verification; verify the subject another way and record how."},
	typeHoldReleased:       {http.StatusConflict, "Hold already released", "This legal hold is already released; place a new one if the data must be kept again."},
	typeNeedsReconnect:     {http.StatusConflict, "Connect the account again", "This connection was revoked or its authorization was refused by the platform; connect the account again to resume its sync."},
	typeNotCancelled:       {http.StatusConflict, "The organization is not cancelled", "Only a cancelled organization can be reactivated."},
	typeUploadRefused:      {http.StatusUnprocessableEntity, "Upload refused", "The uploaded file is not an accepted image or video of its declared type and size; it was deleted and nothing of it is kept."},
	typeDraftState:         {http.StatusConflict, "Not possible in the draft's state", "The campaign draft is not in a state that allows this."},
	typeDraftChecks:        {http.StatusUnprocessableEntity, "The draft does not pass its checks", "Fix the fields named in errors (ad rules, placement limits, audience, budget, schedule) in a new draft; nothing was published."},
}

// ProblemTypes lists every problem type the API answers with, for the docs
// and the contract test: shared/problem's, then this API's.
var ProblemTypes = func() []string {
	out := []string{"bad-request", "validation", "unauthorized", "forbidden", "not-found", "internal"}
	for t := range catalogue {
		out = append(out, t)
	}
	slices.Sort(out[6:])
	return out
}()

// problemType is one problem type as the document lists it.
type problemType struct {
	slug, title, detail string
	status              int
}

// problemTypes is every problem type, with its status and wording, in
// ProblemTypes order: shared/problem's, then this API's catalogue.
func problemTypes() []problemType {
	base := map[string]*problem.Problem{
		"bad-request": problem.BadRequest("The body is not valid JSON (at byte 12)."), "validation": problem.Validation(),
		"unauthorized": problem.Unauthorized(), "forbidden": errRole(org.Admin), "not-found": errOrgNotFound(), "internal": problem.Internal(""),
	}
	out := make([]problemType, 0, len(ProblemTypes))
	for _, slug := range ProblemTypes {
		if p, ok := base[slug]; ok {
			out = append(out, problemType{slug: slug, title: p.Title, detail: p.Detail, status: p.Status})
			continue
		}
		c := catalogue[slug]
		out = append(out, problemType{slug: slug, title: c.title, detail: c.detail, status: c.status})
	}
	return out
}

// example is a response of this type as the API sends it.
func (t problemType) example() map[string]any {
	ex := map[string]any{"type": problem.TypeBase + t.slug, "title": t.title, "status": t.status, "detail": t.detail, "requestId": "Jt3kYiBIoAMEbQw="}
	switch t.slug {
	case "bad-request":
		ex["detail"] = "The body has a field this resource does not have."
		ex["errors"] = []any{map[string]any{"field": "monthlyBudgetCapsCents.tiktok", "reason": "unknown field"}}
	case "validation":
		ex["errors"] = []any{map[string]any{"field": "timeZone", "reason": "must be an IANA time zone such as America/Chicago"},
			map[string]any{"field": "targetCostPerLeadCents", "reason": "must be a whole number between 1 and 1000000"}}
	case typePHI:
		ex["errors"] = []any{map[string]any{"field": "body", "reason": "contains protected health information: date_of_birth"}}
		ex["findings"] = []any{map[string]any{"field": "body", "kind": "date_of_birth"}}
	}
	return ex
}

// errOf is the problem of type typ with its catalogue wording; a non-empty
// detail replaces the default one.
func errOf(typ, detail string) *problem.Problem {
	s, ok := catalogue[typ]
	if !ok {
		panic("api: problem type " + typ + " is not in the catalogue")
	}
	if detail == "" {
		detail = s.detail
	}
	return problem.New(s.status, typ, s.title, detail)
}

func errTooLarge() *problem.Problem          { return errOf(typeTooLarge, "") }
func errMediaType() *problem.Problem         { return errOf(typeMediaType, "") }
func errPrecondRequired() *problem.Problem   { return errOf(typePrecondRequired, "") }
func errPrecondFailed() *problem.Problem     { return errOf(typePrecondFailed, "") }
func errCancelled() *problem.Problem         { return errOf(typeCancelled, "") }
func errEmailUnverified() *problem.Problem   { return errOf(typeEmailUnverified, "") }
func errRoleNotAssignable() *problem.Problem { return errOf(typeRoleNotAssignable, "") }
func errIdemReused() *problem.Problem        { return errOf(typeIdemReused, "") }
func errIdemInUse() *problem.Problem         { return errOf(typeIdemInUse, "") }
func errConflict() *problem.Problem          { return errOf(typeConflict, "") }

// errOrgNotFound is the same for an organization that does not exist and
// one the caller is not a member of: the answer must not tell them apart.
func errOrgNotFound() *problem.Problem {
	return problem.NotFound("No such organization, or you are not a member of it.")
}

func errRole(min org.Role) *problem.Problem {
	return problem.Forbidden(fmt.Sprintf("This needs the %s role or a stronger one.", min))
}

// errType is the problem type a domain error answers with, in the
// catalogue's wording.
type errType struct {
	err error
	typ string
}

// problemOf is the problem of the first of types whose error err is; nil
// when it is none of them.
func problemOf(err error, types []errType) *problem.Problem {
	for _, t := range types {
		if errors.Is(err, t.err) {
			return errOf(t.typ, "")
		}
	}
	return nil
}

// storeTypes are the stores' errors that answer with a type of the
// catalogue.
var storeTypes = []errType{
	{org.ErrStale, typePrecondFailed}, {profile.ErrStale, typePrecondFailed},
	{org.ErrCancelled, typeCancelled},
	{org.ErrNotCancelled, typeNotCancelled},
	{org.ErrLastOwner, typeLastOwner},
	{org.ErrMemberLimit, typeMemberLimit},
	{org.ErrAlreadyMember, typeAlreadyMember},
	{org.ErrInvited, typeAlreadyInvited},
	{org.ErrConflict, typeConflict}, {profile.ErrConflict, typeConflict},
}

// storeProblem maps the stores' errors to problems; anything else is a 500.
func storeProblem(err error) *problem.Problem {
	switch {
	case errors.Is(err, org.ErrNotFound):
		return problem.NotFound("Not found.")
	case errors.Is(err, org.ErrForbidden):
		return problem.Forbidden("Your role changed while the request ran; nothing was written.")
	}
	return problemOf(err, storeTypes)
}

// phiProblem refuses a request holding PHI. It names each field and the
// kind of identifier, never the text.
type phiProblem struct {
	*problem.Problem
	Findings []phi.Finding `json:"findings"`
}

func errPHI(fs []phi.Finding) error {
	p := errOf(typePHI, "")
	for _, f := range fs {
		p.Errors = append(p.Errors, problem.FieldError{Field: f.Field, Reason: "contains protected health information: " + string(f.Kind)})
	}
	return &phiError{phiProblem{Problem: p, Findings: fs}}
}

// phiError carries a phiProblem through handlers as an error.
type phiError struct{ p phiProblem }

func (e *phiError) Error() string { return e.p.Problem.Error() }

// writeProblem sends p, stamped with the request ID.
func writeProblem(w http.ResponseWriter, requestID string, err error) {
	var body any
	var status int
	var pe *phiError
	var p *problem.Problem
	switch {
	case errors.As(err, &pe):
		pe.p.RequestID = requestID
		body, status = pe.p, pe.p.Status
	case errors.As(err, &p):
		p.RequestID = requestID
		body, status = p, p.Status
	default:
		p = problem.Internal(requestID)
		body, status = p, p.Status
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
