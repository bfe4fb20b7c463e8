package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// doc is a route's part of the OpenAPI document. The rest (parameters,
// headers, security, error responses) follows from the route's shape, so
// the document cannot drift from what the pipeline does.
type doc struct {
	summary  string
	request  string // schema of the body
	response string // schema of the success body ("" for none)
	status   int    // success status (200 when 0)
	errors   []int  // problem statuses beyond those the route's shape implies
}

var pathParam = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{(\w+)\}`) })

// ContractVersion is the version of the API contract the document
// describes (info.version). It changes with the contract, not with each
// build: the public document names no build, which GET /v1/health shows
// outside prod only.
const ContractVersion = "1.0.0"

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// Placeholders of the document's examples: shaped like real IDs.
const (
	exampleOrgID     = "org_7gx2kqm4zw5vb6n3c2d7f4h5j6"
	exampleUserID    = "usr_q3m5x7z2k4w6b2n4c6d2f4h6"
	exampleInviteID  = "inv_h6f4d2c6n4b2w6k4z2x7m5q3"
	exampleMessageID = "msg_12"
	exampleETag      = `"3"`
	exampleContentID = "cr_m4k7q2x5z3w6b2n4c6d2f4h6j7"
	exampleConnID    = "con_k2m4q6x5z3w7b2n4c6d2f4h6"
)

// OpenAPI is the document GET /v1/openapi.json serves, without a running
// API (for tools: infra/cmd/openapi writes it out for the linter).
func OpenAPI() ([]byte, error) {
	s := &Server{}
	s.routes = s.table()
	return s.openAPIJSON()
}

// openAPIJSON builds the OpenAPI 3.1 document from the route table.
func (s *Server) openAPIJSON() ([]byte, error) {
	paths := map[string]map[string]any{}
	tags := []any{}
	seenTag := map[string]bool{}
	for _, rt := range s.routes {
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = s.operation(rt)
		if tag := strings.SplitN(rt.name, ".", 2)[0]; !seenTag[tag] {
			seenTag[tag] = true
			tags = append(tags, map[string]any{"name": tag, "description": tagDescriptions[tag]})
		}
	}
	d := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Med Spa AI API",
			"version": ContractVersion,
			"description": "The public API of Med Spa AI. Every error is application/problem+json with a stable `type` " +
				"(" + problem.TypeBase + "<slug>; the `ProblemType` schema lists them all, and each error response of " +
				"`components.responses` has an example per type). Free text is refused with 422 `phi-detected` when it holds protected health information. " +
				"Lists page with an opaque `cursor`; POSTs honour `Idempotency-Key`; updates need `If-Match` with the `ETag` you read. " +
				"A request body is JSON in UTF-8; routes without a request body refuse one. A method a path does not take is 405 with `Allow`.\n\n" +
				"**Signing in.** The frontend signs users in with the deployment's Cognito user pool (hosted UI, OAuth 2.0 authorization code flow " +
				"with PKCE: see the `cognito` security scheme) and sends the **ID token** as `Authorization: Bearer <token>`.",
			"license": map[string]any{"name": "Proprietary", "identifier": "LicenseRef-MedSpaAI-Proprietary"},
		},
		"servers": []any{
			map[string]any{"url": "https://{apiId}.execute-api.{region}.amazonaws.com", "description": "A deployment's HTTP API: the stack output ApiUrl",
				"variables": map[string]any{
					"apiId":  map[string]any{"default": "abc123defg", "description": "The HTTP API's ID (stack output ApiUrl)"},
					"region": map[string]any{"default": "us-east-1", "description": "The AWS region of the deployment"},
				}},
			map[string]any{"url": "http://127.0.0.1:3000", "description": "make dev: the local stack (tokens from make token)"},
		},
		"tags":     tags,
		"paths":    paths,
		"security": []any{map[string]any{"cognito": []any{"openid", "email"}}, map[string]any{"bearerAuth": []any{}}},
		"components": map[string]any{
			"schemas":   reportSchemas(recommendationSchemas(billingSchemas(connectionSchemas(schemas())))),
			"responses": problemResponses(),
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
					"description": "An ID token (not the access token: the API reads the email and groups claims, which only the ID token carries) " +
						"of the deployment's user pool, or of the issuer the stack was deployed with (parameters JwtIssuer, JwtAudience). " +
						"API Gateway verifies signature, issuer, audience (the app client ID) and expiry. The `privacy-team` group claim marks platform privacy staff."},
				"cognito": map[string]any{"type": "oauth2",
					"description": "How a frontend gets a token: the Cognito hosted UI of the deployment's user pool, authorization code flow with PKCE " +
						"(the app client has no secret). The URLs below are a template: replace `your-domain` with the pool's domain prefix and " +
						"`us-east-1` with its region (`x-url-template`); the client ID is the stack's UserPoolClient. " +
						"Send the `id_token` of the token response as the bearer token (see bearerAuth).",
					"x-url-template": "https://{domainPrefix}.auth.{region}.amazoncognito.com",
					"flows": map[string]any{"authorizationCode": map[string]any{
						"authorizationUrl": "https://your-domain.auth.us-east-1.amazoncognito.com/oauth2/authorize",
						"tokenUrl":         "https://your-domain.auth.us-east-1.amazoncognito.com/oauth2/token",
						"refreshUrl":       "https://your-domain.auth.us-east-1.amazoncognito.com/oauth2/token",
						"scopes": map[string]any{"openid": "Sign in (required: the ID token)", "email": "The email and email_verified claims (invitations match a verified address)",
							"profile": "Name claims (optional)"},
					}}},
			},
		},
	}
	return json.Marshal(d)
}

var tagDescriptions = map[string]string{
	"health":          "Liveness",
	"openapi":         "This document",
	"me":              "The signed-in user: profile, preferences, consent",
	"invitations":     "Invitations to your verified email address",
	"orgs":            "Organizations (medical spas) and their company profile",
	"members":         "Members, roles and invitations of an organization",
	"settings":        "Campaign settings of an organization",
	"support":         "Support requests and feedback",
	"content":         "AI-generated ad copy, images and video, and the ad rule checker",
	"connections":     "Connected Meta and Google Ads accounts: connect through OAuth, pause, resume, disconnect",
	"billing":         "The plan, invoices and payment method: Stripe Checkout and Customer Portal sessions",
	"recommendations": "The optimiser's budget, bid, creative and targeting recommendations: approve, reject, revert",
	"assets":          "Uploaded creatives: presigned uploads, verification, downloads",
	"drafts":          "Campaign drafts: checks, approval, publishing to Meta and Google, review status, pause and resume",
	"unsubscribe":     "One-click unsubscribe (RFC 8058) from the links in marketing email: public, the signed token is the authority; GET never unsubscribes",
	"retention":       "The retention report (privacy-team group only): per data category, the schedule, live items, the oldest against its limit, holds, deletions in the last 30 days, flags",
	"holds":           "Legal holds (privacy-team group only): while one is in force, the organization's or person's data never expires and erasure pauses",
	"privacy":         "Privacy requests (policy section 8): the privacy team's queue, deadlines, verification, audit trail, and the data map (privacy-team group only)",
	"metrics":         "Campaign metrics synced from Meta and Google Ads: totals and ratios from summed integers",
	"reports":         "The weekly performance report: spend, leads and cost per lead against the week before, campaigns, recommendations; JSON or HTML",
	"insights":        "Aggregate audience breakdowns of campaign metrics (never anything about a person)",
}

// problemStatuses names the error responses of components.responses.
var problemStatuses = map[int]string{
	400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed", 409: "Conflict",
	412: "PreconditionFailed", 413: "PayloadTooLarge", 415: "UnsupportedMediaType", 422: "UnprocessableContent",
	428: "PreconditionRequired", 429: "TooManyRequests", 500: "InternalError",
}

// problemResponses is one response per error status, naming the problem
// types it carries and an example of each.
func problemResponses() map[string]any {
	out := map[string]any{}
	for status, name := range problemStatuses {
		var slugs []string
		examples := map[string]any{}
		for _, t := range problemTypes() {
			if t.status != status {
				continue
			}
			slugs = append(slugs, "`"+t.slug+"`")
			examples[t.slug] = map[string]any{"summary": t.title, "value": t.example()}
		}
		res := map[string]any{
			"description": http.StatusText(status) + ": " + strings.Join(slugs, ", "),
			"content":     map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem"), "examples": examples}},
		}
		if status == http.StatusMethodNotAllowed {
			res["headers"] = map[string]any{"Allow": map[string]any{"required": true, "description": "The methods the path takes", "schema": map[string]any{"type": "string"}}}
		}
		out[name] = res
	}
	return out
}

func (s *Server) operation(rt *route) map[string]any {
	tag := strings.SplitN(rt.name, ".", 2)[0]
	op := map[string]any{"operationId": rt.name, "summary": rt.doc.summary, "tags": []string{tag}}
	var params []any
	for _, m := range pathParam().FindAllStringSubmatch(rt.path, -1) {
		name := strings.ToUpper(m[1][:1]) + m[1][1:]
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": ref(name), "example": pathExamples[m[1]]})
	}
	if rt.list {
		params = append(params,
			map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
			map[string]any{"name": "cursor", "in": "query", "description": "The `next` of the previous page; opaque and bound to you and this list.", "schema": map[string]any{"type": "string"}})
	}
	for _, p := range rt.query {
		qp := map[string]any{"name": p.name, "in": "query", "description": p.desc, "schema": p.schema, "example": p.example}
		if p.name == qToken.name {
			qp["required"] = true
		}
		params = append(params, qp)
	}
	ifMatchSchema := map[string]any{"type": "string", "description": "Entity tags as sent in ETag, quoted: \"3\""}
	if rt.ifMatch {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true, "example": exampleETag,
			"description": "The ETag you read (quoted, e.g. \"3\"); a stale one gets 412, a value that is not an entity tag (3) gets 400.", "schema": ifMatchSchema})
	} else if rt.method == http.MethodDelete {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "example": exampleETag,
			"description": "Optional: remove only if still at this ETag (quoted, e.g. \"3\").", "schema": ifMatchSchema})
	}
	if rt.method == http.MethodPost && rt.scope != public {
		params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "example": "7b1f3c1e-5d2a-4c2b-9a57-1f0d6c9e8a41",
			"description": "A retry with the same key and body returns the first success (with Idempotent-Replayed: true); the same key with another body gets 422. " +
				"Present means checked: an empty key is a 400. No commas (API Gateway splits header values on them).",
			"schema": map[string]any{"type": "string", "minLength": 1, "maxLength": 255, "pattern": idempotencyKeyPattern}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.form {
		op["requestBody"] = map[string]any{"required": false, "description": "RFC 8058's one-click body, as mail clients send it; may be empty.", "content": map[string]any{
			"application/x-www-form-urlencoded": map[string]any{"schema": map[string]any{"type": "object", "properties": map[string]any{"List-Unsubscribe": map[string]any{"type": "string", "enum": []string{"One-Click"}}},
				"required": []string{"List-Unsubscribe"}}, "example": map[string]any{"List-Unsubscribe": "One-Click"}}}}
	}
	if rt.doc.request != "" {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
			"schema": ref(rt.doc.request), "example": examples()[rt.doc.request]}}}
	}
	if rt.scope == public {
		op["security"] = []any{}
	}
	if rt.scope == orgScoped {
		op["x-permission"] = string(rt.perm)
		op["x-min-role"] = string(org.MinRole(rt.perm))
	}
	status := rt.doc.status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": http.StatusText(status)}
	if rt.doc.response != "" {
		media := map[string]any{"schema": ref(rt.doc.response)}
		if ex, found := examples()[rt.doc.response]; found {
			media["example"] = ex
		}
		ok["content"] = map[string]any{"application/json": media}
		if rt.doc.response == "Unsubscription" {
			ok["content"].(map[string]any)["text/html"] = map[string]any{"schema": map[string]any{"type": "string"}, "example": "<!doctype html>...<form method=\"post\">...<button type=\"submit\">Unsubscribe</button></form>..."}
		}
		if rt.doc.response == "WeeklyReport" {
			ok["content"].(map[string]any)["text/html"] = map[string]any{"schema": map[string]any{"type": "string"}, "example": "<!DOCTYPE html><html lang=\"en\">...</html>"}
		}
		if rt.doc.response == "PrivacyConfirmPage" {
			ok["content"] = map[string]any{"text/html": map[string]any{"schema": ref("PrivacyConfirmPage"), "example": "<!doctype html>\n<html lang=\"en\"><head><title>Confirm your privacy request</title>..."}}
		}
		if rt.doc.response == "DataMap" {
			ok["content"].(map[string]any)["text/markdown"] = map[string]any{"schema": map[string]any{"type": "string"}, "example": "# Data map (record of processing)\n\n| entity | table | key | ...\n"}
		}
	}
	headers := map[string]any{}
	if rt.doc.response == "Org" || rt.doc.response == "Member" || rt.doc.response == "Me" || rt.doc.response == "CampaignSettings" {
		headers["ETag"] = map[string]any{"required": true, "description": "The version, for If-Match (a strong tag: \"3\").", "schema": map[string]any{"type": "string", "pattern": `^"[0-9]+"$`}, "example": exampleETag}
	}
	if status == http.StatusCreated {
		headers["Location"] = map[string]any{"required": true, "description": "The path of the created resource.", "schema": map[string]any{"type": "string"}}
	}
	if rt.method == http.MethodPost && rt.scope != public {
		headers["Idempotent-Replayed"] = map[string]any{"description": "true when this is the stored first success of an earlier request with the same Idempotency-Key.",
			"schema": map[string]any{"type": "string", "enum": []string{"true"}}}
	}
	if len(headers) > 0 {
		ok["headers"] = headers
	}
	responses := map[string]any{strconv.Itoa(status): ok}
	codes := map[int]string{400: "Malformed request (query, headers, body, unknown field, a body where none is taken)", 405: "Sent for the methods this path does not take (see Allow)",
		500: "Internal error; quote requestId"}
	if rt.scope != public {
		codes[401] = "No verified identity"
	}
	if rt.scope == orgScoped {
		codes[403] = "Your role is too weak"
		codes[404] = "No such organization, or you are not a member (indistinguishable)"
		if rt.perm.Writes() {
			codes[409] = "The organization is cancelled, or a conflict (see type)"
		}
	}
	if rt.input != nil {
		codes[413], codes[415], codes[422] = "Body over 64 KiB", "Body is not application/json in UTF-8", "Invalid fields (validation) or protected health information (phi-detected)"
	}
	if rt.ifMatch {
		codes[412], codes[428] = "The resource changed since your If-Match", "If-Match missing"
	}
	if rt.form {
		codes[413], codes[415] = "Body over 4 KiB", "Body is not an HTML form (application/x-www-form-urlencoded or multipart/form-data)"
	}
	if rt.method == http.MethodPost && rt.scope != public {
		codes[409] = "A conflict (see type), or the same Idempotency-Key is still in progress"
		codes[422] = "Invalid fields, protected health information, or an Idempotency-Key reused with another request"
	}
	for _, c := range rt.doc.errors {
		if codes[c] == "" {
			codes[c] = http.StatusText(c)
		}
	}
	for c, desc := range codes {
		responses[strconv.Itoa(c)] = map[string]any{"$ref": "#/components/responses/" + problemStatuses[c], "description": desc}
	}
	op["responses"] = responses
	return op
}

// idempotencyKeyPattern: 1 to 255 visible ASCII characters but a comma.
const idempotencyKeyPattern = `^[\x21-\x2B\x2D-\x7E]{1,255}$`

var pathExamples = map[string]string{"recommendationId": exampleRecommendationID, "changeId": exampleRecommendationID, "orgId": exampleOrgID, "memberId": exampleUserID, "messageId": exampleMessageID, "requestId": exampleContentID,
	"connectionId": exampleConnID, "provider": "meta", "assetId": exampleAssetID, "draftId": exampleDraftID, "privacyRequestId": examplePrivacyID, "holdId": exampleHoldID, "policyVersion": examplePolicyVersion}
