package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

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

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// ContractVersion is the version of the API contract the document
// describes (info.version). It changes with the contract, not with each
// build: the public document names no build, which GET /v1/health shows
// outside prod only.
const ContractVersion = "1.0.0"

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// openAPIJSON builds the OpenAPI 3.1 document from the route table.
func (s *Server) openAPIJSON() ([]byte, error) {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = s.operation(rt)
	}
	d := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Med Spa AI API",
			"version": ContractVersion,
			"description": "The public API of Med Spa AI. Every error is application/problem+json with a stable `type` " +
				"(" + problem.TypeBase + "<slug>). Free text is refused with 422 `phi-detected` when it holds protected health information. " +
				"Lists page with an opaque `cursor`; POSTs honour `Idempotency-Key`; updates need `If-Match`.",
		},
		"paths":    paths,
		"security": []any{map[string]any{"bearerAuth": []any{}}},
		"components": map[string]any{
			"schemas": connectionSchemas(schemas()),
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
					"description": "An ID token of the user pool; API Gateway verifies it. The privacy-team group claim marks platform privacy staff."},
			},
		},
	}
	return json.Marshal(d)
}

func (s *Server) operation(rt *route) map[string]any {
	tag := strings.SplitN(rt.name, ".", 2)[0]
	op := map[string]any{"operationId": rt.name, "summary": rt.doc.summary, "tags": []string{tag}}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": ref(strings.ToUpper(m[1][:1]) + m[1][1:])})
	}
	if rt.list {
		params = append(params,
			map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": maxLimit, "default": defaultLimit}},
			map[string]any{"name": "cursor", "in": "query", "description": "The `next` of the previous page; opaque and bound to you and this list.", "schema": map[string]any{"type": "string"}})
	}
	if rt.ifMatch {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true, "description": "The ETag you read; a stale one gets 412.", "schema": map[string]any{"type": "string"}})
	} else if rt.method == http.MethodDelete {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "description": "Optional: remove only if still at this ETag.", "schema": map[string]any{"type": "string"}})
	}
	if rt.method == http.MethodPost {
		params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header", "description": "A retry with the same key and body returns the first success; the same key with another body gets 422.", "schema": map[string]any{"type": "string", "minLength": 1, "maxLength": 255}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.doc.request != "" {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(rt.doc.request)}}}
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
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(rt.doc.response)}}
	}
	headers := map[string]any{}
	if rt.doc.response == "Org" || rt.doc.response == "Member" || rt.doc.response == "Me" || rt.doc.response == "CampaignSettings" {
		headers["ETag"] = map[string]any{"description": "The version, for If-Match.", "schema": map[string]any{"type": "string"}}
	}
	if status == http.StatusCreated {
		headers["Location"] = map[string]any{"schema": map[string]any{"type": "string"}}
	}
	if len(headers) > 0 {
		ok["headers"] = headers
	}
	responses := map[string]any{strconv.Itoa(status): ok}
	codes := map[int]string{400: "Malformed request (query, body, unknown field)", 500: "Internal error; quote requestId"}
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
		codes[413], codes[415], codes[422] = "Body over 64 KiB", "Body is not application/json", "Invalid fields (validation) or protected health information (phi-detected)"
	}
	if rt.ifMatch {
		codes[412], codes[428] = "The resource changed since your If-Match", "If-Match missing"
	}
	if rt.method == http.MethodPost {
		codes[409] = "A conflict (see type), or the same Idempotency-Key is still in progress"
		codes[422] = "Invalid fields, protected health information, or an Idempotency-Key reused with another request"
	}
	for _, c := range rt.doc.errors {
		if codes[c] == "" {
			codes[c] = http.StatusText(c)
		}
	}
	for c, desc := range codes {
		responses[strconv.Itoa(c)] = map[string]any{"description": desc, "content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}
	}
	op["responses"] = responses
	return op
}
