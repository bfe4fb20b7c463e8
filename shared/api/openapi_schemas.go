package api

import (
	"fmt"
	"strings"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/phi"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// Schema helpers. Objects refuse unknown properties, as the decoder does.
type schema = map[string]any

func object(props schema, required ...string) schema {
	s := schema{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func str(min, max int) schema {
	s := schema{"type": "string", "maxLength": max}
	if min > 0 {
		s["minLength"] = min
	}
	return s
}

func strEnum(vals ...string) schema { return schema{"type": "string", "enum": vals} }

// enumOf is the enum of a domain's list of values (connector.Platforms,
// org.Roles, ...), in its order.
func enumOf[T ~string](vals []T) schema { return strEnum(names(vals)...) }

// names are vals as strings.
func names[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// platformEnum names the platforms connector.Platforms lists, in its order.
func platformEnum() schema { return enumOf(connector.Platforms) }
func described(s schema, d string) schema {
	s["description"] = d
	return s
}
func boolean() schema               { return schema{"type": "boolean"} }
func integer(min, max int64) schema { return schema{"type": "integer", "minimum": min, "maximum": max} }
func dateTime() schema              { return schema{"type": "string", "format": "date-time"} }
func nullable(t string) schema      { return schema{"type": []string{t, "null"}} }
func arrayOf(items schema, max int) schema {
	s := schema{"type": "array", "items": items}
	if max > 0 {
		s["maxItems"] = max
	}
	return s
}
func listOfSchema(item string) schema {
	return object(schema{"items": arrayOf(ref(item), 0), "next": nullable("string")}, "items", "next")
}

func roles() schema { return enumOf(org.Roles) }

const idPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"

// schemas are the document's components.
func schemas() schema {
	kinds := []string{}
	for _, k := range phi.Kinds() {
		kinds = append(kinds, string(k))
	}
	location := object(schema{"city": str(1, maxCity), "state": schema{"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "USPS state code"}}, "city", "state")
	services := arrayOf(str(1, maxService), maxServices)
	website := schema{"type": "string", "maxLength": 200, "description": "http(s) URL, or empty"}
	timeZone := schema{"type": "string", "maxLength": 64, "description": "IANA time zone, e.g. America/Chicago"}
	capsBy := schema{}
	for _, p := range connector.Platforms {
		capsBy[string(p)] = integer(0, maxMonthlyCapCents)
	}
	caps := object(capsBy)
	automations := object(schema{"campaignOptimization": boolean(), "contentGeneration": boolean(), "audienceTargeting": boolean(), "budgetManagement": boolean()})
	goals := schema{"type": "array", "items": strEnum(string(org.Leads), string(org.Bookings)), "minItems": 1, "maxItems": 2, "uniqueItems": true}
	s := schema{
		"OrgId":           schema{"type": "string", "pattern": "^org_[a-z2-7]{26}$"},
		"MemberId":        schema{"type": "string", "pattern": idPattern, "description": "usr_... for a member, inv_... for an invitation"},
		"MessageId":       schema{"type": "string", "pattern": "^msg_[1-9][0-9]{0,9}$"},
		"Role":            roles(),
		"Health":          object(schema{"status": strEnum("ok"), "stage": str(0, 64), "version": str(0, 128), "commit": str(0, 128), "buildTime": str(0, 64)}, "status"),
		"OpenAPIDocument": schema{"type": "object"},
		"Problem": schema{"type": "object", "required": []string{"type", "title", "status"}, "properties": schema{
			"type": ref("ProblemType"), "title": schema{"type": "string"},
			"status": schema{"type": "integer"}, "detail": schema{"type": "string"}, "instance": schema{"type": "string"}, "requestId": schema{"type": "string"},
			"errors":   arrayOf(object(schema{"field": schema{"type": "string"}, "reason": schema{"type": "string"}}, "field", "reason"), 0),
			"findings": arrayOf(object(schema{"kind": strEnum(kinds...), "field": schema{"type": "string"}}, "kind"), 0),
		}},
		"ProblemType": problemTypeSchema(),
		"Me": object(schema{
			"userId": schema{"type": "string"}, "email": schema{"type": "string"}, "name": str(0, 100), "phone": str(0, 16), "jobTitle": str(0, 100),
			"communication":   object(schema{"productUpdates": boolean(), "performanceReports": boolean()}, "productUpdates", "performanceReports"),
			"marketingEmails": boolean(), "marketingConsentAt": schema{"type": []string{"string", "null"}, "format": "date-time"},
			"subscriptions": arrayOf(object(schema{"topic": strEnum("product_updates", "marketing", "reports"), "subscribed": boolean(),
				"since": schema{"type": []string{"string", "null"}, "format": "date-time", "description": "When the consent record behind it was given; null when off, or for the default of a user who never chose"}},
				"topic", "subscribed", "since"), 3),
			"aiProcessingOptOut": boolean(), "privacyTeam": boolean(),
			"updatedAt": schema{"type": []string{"string", "null"}, "format": "date-time"}, "version": integer(0, 1<<53),
		}, "userId", "email", "name", "phone", "jobTitle", "communication", "marketingEmails", "marketingConsentAt", "subscriptions", "aiProcessingOptOut", "privacyTeam", "updatedAt", "version"),
		"MePatch": object(schema{
			"name": str(1, 100), "phone": schema{"type": "string", "description": "E.164 (+15125550123), or empty to clear"}, "jobTitle": str(0, 100),
			"communication":   object(schema{"productUpdates": boolean(), "performanceReports": boolean()}),
			"marketingEmails": schema{"type": "boolean", "description": "Opt-in consent to marketing email"}, "aiProcessingOptOut": boolean(),
			"subscriptions": object(schema{"product_updates": boolean(), "marketing": boolean(), "reports": boolean()}),
		}),
		"Membership": object(schema{"orgId": ref("OrgId"), "companyName": schema{"type": "string"}, "role": ref("Role"),
			"orgStatus": strEnum(string(org.Active), string(org.Cancelled)), "since": dateTime()}, "orgId", "companyName", "role", "orgStatus", "since"),
		"MembershipList": listOfSchema("Membership"),
		"Org": object(schema{
			"id": ref("OrgId"), "companyName": str(1, maxCompanyName), "website": website, "locations": arrayOf(location, maxLocations),
			"services": services, "brandVoice": str(0, maxBrandVoice), "timeZone": timeZone,
			"status": strEnum(string(org.Active), string(org.Cancelled)), "cancelledAt": dateTime(), "reactivatedAt": dateTime(), "retainedUntil": dateTime(),
			"createdAt": dateTime(), "updatedAt": dateTime(), "version": integer(1, 1<<53),
		}, "id", "companyName", "website", "locations", "services", "brandVoice", "timeZone", "status", "createdAt", "updatedAt", "version"),
		"OrgCreate": object(schema{"companyName": str(1, maxCompanyName), "website": website, "locations": arrayOf(location, maxLocations),
			"services": services, "brandVoice": str(0, maxBrandVoice), "timeZone": timeZone}, "companyName", "timeZone"),
		"OrgPatch": object(schema{"companyName": str(1, maxCompanyName), "website": website, "locations": arrayOf(location, maxLocations),
			"services": services, "brandVoice": str(0, maxBrandVoice), "timeZone": timeZone}),
		"Member": object(schema{"id": ref("MemberId"), "status": strEnum(string(org.Joined), string(org.Invited)), "role": ref("Role"),
			"email": schema{"type": "string"}, "since": dateTime(), "invitedBy": schema{"type": "string"}, "version": integer(1, 1<<53)},
			"id", "status", "role", "email", "since", "version"),
		"MemberList": listOfSchema("Member"),
		"Invite":     object(schema{"email": schema{"type": "string", "format": "email", "maxLength": 254}, "role": ref("Role")}, "email", "role"),
		"RolePatch":  object(schema{"role": ref("Role")}, "role"),
		"CampaignSettings": object(schema{
			"goals": goals, "targetCostPerLeadCents": schema{"type": []string{"integer", "null"}, "minimum": 1, "maximum": maxCostPerLeadCents},
			"monthlyBudgetCapsCents": caps, "automations": automations, "notes": str(0, maxNotes), "currency": strEnum("USD"), "aiOptOut": boolean(),
			"autoApply": object(schema{"budget": object(schema{"enabled": boolean(), "maxChangePercent": integer(1, org.MaxAutoChangePercent),
				"maxDailyBudgetCents": schema{"type": []string{"integer", "null"}, "minimum": 100, "maximum": maxMonthlyCapCents},
				"updatedBy":           schema{"type": []string{"string", "null"}}, "updatedAt": schema{"type": []string{"string", "null"}, "format": "date-time"}},
				"enabled", "maxChangePercent", "maxDailyBudgetCents", "updatedBy", "updatedAt")}, "budget"),
			"updatedAt": dateTime(), "version": integer(1, 1<<53),
		}, "goals", "targetCostPerLeadCents", "monthlyBudgetCapsCents", "automations", "notes", "currency", "aiOptOut", "autoApply", "updatedAt", "version"),
		"CampaignSettingsPut": object(schema{
			"goals": goals, "targetCostPerLeadCents": schema{"type": []string{"integer", "null"}, "minimum": 1, "maximum": maxCostPerLeadCents},
			"monthlyBudgetCapsCents": caps, "automations": automations, "notes": str(0, maxNotes),
			"aiOptOut": schema{"type": "boolean", "description": "opt the organization out of AI processing; only owners change it (omitted: unchanged)"},
			"autoApply": described(object(schema{"budget": object(schema{"enabled": boolean(), "maxChangePercent": integer(1, org.MaxAutoChangePercent),
				"maxDailyBudgetCents": schema{"type": []string{"integer", "null"}, "minimum": 100, "maximum": maxMonthlyCapCents}}, "enabled")}),
				"let the optimiser apply budget changes within these limits without approval; only owners change it (omitted: unchanged; a rule left out is off)"),
		}, "goals"),
		"SupportMessage": object(schema{"id": ref("MessageId"), "kind": strEnum(string(org.SupportRequest), string(org.Feedback)), "subject": str(1, 150),
			"body": str(1, 5000), "authorId": schema{"type": "string"}, "status": strEnum("open"), "createdAt": dateTime()},
			"id", "kind", "subject", "body", "authorId", "status", "createdAt"),
		"SupportMessageCreate": object(schema{"kind": strEnum(string(org.SupportRequest), string(org.Feedback)), "subject": str(1, 150), "body": str(1, 5000)},
			"kind", "subject", "body"),
		"SupportMessageList": listOfSchema("SupportMessage"),
	}
	for k, v := range contentSchemas() {
		s[k] = v
	}
	campaignSchemas(s)
	holdSchemas(s)
	unsubscribeSchemas(s)
	retentionSchemas(s)
	policySchemas(s)
	for k, v := range privacySchemas() {
		s[k] = v
	}
	metricsSchemas(s)
	return s
}

// problemTypeSchema is the closed list of problem types: clients branch on
// them, so a new one is a change of the contract.
func problemTypeSchema() schema {
	var uris []string
	lines := []string{"Stable: clients branch on it. Every type, with its status:", ""}
	for _, t := range problemTypes() {
		uris = append(uris, problem.TypeBase+t.slug)
		lines = append(lines, fmt.Sprintf("- `%s` (%d): %s", t.slug, t.status, t.title))
	}
	return schema{"type": "string", "format": "uri", "enum": uris, "description": strings.Join(lines, "\n")}
}

// examples are the document's example bodies, by schema name: what the
// API sends and accepts (the contract test sends the request examples and
// checks each example against its schema).
func examples() map[string]any {
	at, later := "2026-03-02T15:04:05Z", "2026-03-09T10:30:00Z"
	org := map[string]any{
		"id": exampleOrgID, "companyName": "Glow Med Spa", "website": "https://glowmedspa.example",
		"locations": []any{map[string]any{"city": "Austin", "state": "TX"}}, "services": []any{"HydraFacial", "Microneedling"},
		"brandVoice": "Warm, friendly and science-backed.", "timeZone": "America/Chicago", "status": "active",
		"createdAt": at, "updatedAt": later, "version": 3,
	}
	member := map[string]any{"id": exampleInviteID, "status": "invited", "role": "marketer", "email": "jordan.lee@glowmedspa.example",
		"since": at, "invitedBy": exampleUserID, "version": 1}
	membership := map[string]any{"orgId": exampleOrgID, "companyName": "Glow Med Spa", "role": "owner", "orgStatus": "active", "since": at}
	settingsPut := map[string]any{"goals": []any{"leads", "bookings"}, "targetCostPerLeadCents": 4500,
		"monthlyBudgetCapsCents": map[string]any{"meta": 300000, "google": 200000},
		"automations":            map[string]any{"campaignOptimization": true, "contentGeneration": true, "audienceTargeting": false, "budgetManagement": false},
		"notes":                  "Push HydraFacial in spring; no discounts on injectables."}
	settings := map[string]any{"currency": "USD", "aiOptOut": false, "updatedAt": later, "version": 2,
		"autoApply": map[string]any{"budget": map[string]any{"enabled": true, "maxChangePercent": 15, "maxDailyBudgetCents": 15000, "updatedBy": exampleUserID, "updatedAt": later}}}
	for k, v := range settingsPut {
		settings[k] = v
	}
	message := map[string]any{"id": exampleMessageID, "kind": "support", "subject": "Meta account does not connect",
		"body": "The connect button returns to the settings page without an account.", "authorId": exampleUserID, "status": "open", "createdAt": at}
	out := map[string]any{
		"Health": map[string]any{"status": "ok"},
		"Me": map[string]any{"userId": exampleUserID, "email": "jordan.lee@glowmedspa.example", "name": "Jordan Lee", "phone": "+15125550123",
			"jobTitle": "Marketing manager", "communication": map[string]any{"productUpdates": true, "performanceReports": true},
			"marketingEmails": false, "marketingConsentAt": nil,
			"subscriptions": []any{map[string]any{"topic": "product_updates", "subscribed": true, "since": later}, map[string]any{"topic": "marketing", "subscribed": false, "since": nil},
				map[string]any{"topic": "reports", "subscribed": true, "since": later}},
			"aiProcessingOptOut": false, "privacyTeam": false, "updatedAt": later, "version": 2},
		"MePatch":    map[string]any{"name": "Jordan Lee", "jobTitle": "Marketing manager", "communication": map[string]any{"performanceReports": true}},
		"Membership": membership, "MembershipList": map[string]any{"items": []any{membership}, "next": nil},
		"Org": org,
		"OrgCreate": map[string]any{"companyName": "Glow Med Spa", "website": "https://glowmedspa.example",
			"locations": []any{map[string]any{"city": "Austin", "state": "TX"}}, "services": []any{"HydraFacial", "Microneedling"},
			"brandVoice": "Warm, friendly and science-backed.", "timeZone": "America/Chicago"},
		"OrgPatch":            map[string]any{"brandVoice": "Calm, expert and welcoming."},
		"Member":              member,
		"MemberList":          map[string]any{"items": []any{member}, "next": "AXVzcl9xM201eDd6Mms0dzZiMm40YzZkMmY0aDa"},
		"Invite":              map[string]any{"email": "jordan.lee@glowmedspa.example", "role": "marketer"},
		"RolePatch":           map[string]any{"role": "admin"},
		"CampaignSettings":    settings,
		"CampaignSettingsPut": settingsPut,
		"SupportMessage":      message,
		"SupportMessageCreate": map[string]any{"kind": "support", "subject": "Meta account does not connect",
			"body": "The connect button returns to the settings page without an account."},
		"SupportMessageList":   map[string]any{"items": []any{message}, "next": nil},
		"ContentRequestCreate": contentCreateExample,
		"Connection":           connectionExample(at, later),
		"ConnectionList":       map[string]any{"items": []any{connectionExample(at, later)}, "next": nil},
		"ConnectionPatch":      map[string]any{"enabled": false},
		"Authorization": map[string]any{"authorizationUrl": "https://api.medspa.ai/oauth/meta/start?state=Zk9yZXhhbXBsZW9ubHlzdGF0ZXZhbHVlMTIzNDU2Nzg",
			"expiresAt": "2026-03-02T15:14:05Z"},
		"ContentRequest":     contentExample(at, later),
		"ContentRequestList": map[string]any{"items": []any{contentExample(at, later)}, "next": nil},
		"ContentCheck": map[string]any{"platform": "google", "placement": "google_search",
			"fields": map[string]any{"headline1": "HydraFacial in Austin", "headline2": "Glow Med Spa", "headline3": "Book Your Visit Today",
				"description1": "A deep-cleansing facial by licensed estheticians.", "description2": "Spring offer: 20% off your first HydraFacial."}},
		"ContentCheckResult": map[string]any{"ok": false, "violations": []any{map[string]any{"field": "headline1",
			"rule": "google.punctuation.exclamation", "message": "Google does not allow an exclamation mark in a headline.", "suggestion": "HydraFacial in Austin"}}},
	}
	billingExamples(out)
	recommendationExamples(out)
	out["WeeklyReport"] = weeklyReportExample()
	campaignExamples(out)
	privacyExamples(out)
	holdExamples(out)
	unsubscribeExamples(out)
	retentionExamples(out)
	policyExamples(out)
	metricsExamples(out)
	return out
}

// contentCreateExample is a request for ad copy.
var contentCreateExample = map[string]any{"kind": "copy", "placement": "meta_feed", "service": "HydraFacial",
	"offer": "20% off your first visit in April", "tone": "warm", "callToAction": "Book now", "variants": 2}

// contentExample is a finished copy request as the API shows it.
func contentExample(at, later string) map[string]any {
	return map[string]any{"id": exampleContentID, "kind": "copy", "platform": "meta", "placement": "meta_feed",
		"service": "HydraFacial", "offer": "20% off your first visit in April", "tone": "warm", "callToAction": "Book now",
		"audienceNotes": "", "variants": 1, "status": "ready", "provider": "local", "model": "local-template-1",
		"results": []any{map[string]any{"fields": map[string]any{"primaryText": "Glow into spring with a HydraFacial at Glow Med Spa in Austin. 20% off your first visit in April.",
			"headline": "Spring HydraFacial offer", "description": "Book now"}, "checks": []any{"limits", "phi", "claims"}}},
		"violations": []any{}, "attempts": 1,
		"usage":     map[string]any{"inputTokens": 0, "outputTokens": 0, "images": 0, "videoSeconds": 0, "costMicrosUsd": 0},
		"createdBy": exampleUserID, "createdAt": at, "updatedAt": later}
}

// connectionExample is a connected Meta ad account.
func connectionExample(at, later string) map[string]any {
	return map[string]any{"id": exampleConnID, "provider": "meta", "accountId": "120000000000001", "accountName": "Glow Med Spa Austin",
		"currency": "USD", "timeZone": "America/Chicago", "status": "active", "lastSyncAt": later, "lastError": nil, "connectedAt": at}
}
