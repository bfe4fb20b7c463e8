package api

import (
	"encoding/json"

	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/datamap"
)

const examplePrivacyID = "prq_q7k2m4x6z3w5b7n2c4d6f2h4j5"

func privacySchemas() schema {
	subject := object(schema{"email": str(0, 254), "userId": schema{"type": "string", "pattern": idPattern}})
	corrections := schema{"type": "object", "additionalProperties": str(1, 200), "description": "data-map field (" + joinFields() + ") to its corrected value"}
	step := object(schema{"name": schema{"type": "string"}, "status": strEnum(string(privacy.StepPending), string(privacy.StepDone), string(privacy.StepFailed)),
		"attempts": integer(0, 1<<20), "error": schema{"type": "string"}, "doneAt": dateTime(), "result": schema{"type": "object", "additionalProperties": schema{"type": "string"}}},
		"name", "status", "attempts")
	entry := object(schema{"seq": integer(1, 1<<30), "at": dateTime(), "actor": schema{"type": "string"}, "action": schema{"type": "string"},
		"reason": schema{"type": "string"}, "detail": schema{"type": "object", "additionalProperties": schema{"type": "string"}}, "hash": schema{"type": "string"}},
		"seq", "at", "actor", "action", "hash")
	verification := object(schema{"method": schema{"type": "string"}, "note": schema{"type": "string"}, "by": schema{"type": "string"}, "at": dateTime()}, "method", "by", "at")
	verification["type"] = []string{"object", "null"}
	request := object(schema{"id": ref("PrivacyRequestId"), "type": enumOf(privacy.Types), "subject": subject, "channel": schema{"type": "string"},
		"corrections": corrections, "status": enumOf(privacy.Statuses), "reason": schema{"type": "string"}, "receivedAt": dateTime(), "dueAt": dateTime(),
		"daysLeft": integer(-100000, 100000), "overdue": boolean(), "extended": boolean(), "extensionReason": schema{"type": "string"},
		"verification": verification, "steps": arrayOf(step, 0), "history": arrayOf(entry, 0),
		"download":          schema{"type": []string{"string", "null"}, "description": "presigned link to the export, once an access or portability request is complete, until the export leaves the bucket (ExportLinkDays after it was built, 7 by default) or an erasure of the subject deletes it; null after"},
		"downloadExpiresAt": schema{"type": "string", "format": "date-time", "description": "when the export and its link end (present with download)"},
		"updatedAt":         dateTime(), "version": integer(1, 1<<53)},
		"id", "type", "subject", "channel", "status", "receivedAt", "dueAt", "daysLeft", "overdue", "extended", "verification", "steps", "download", "updatedAt", "version")
	attr := object(schema{"name": schema{"type": "string"}, "description": schema{"type": "string"}, "personal": boolean(), "field": schema{"type": "string"}},
		"name", "description", "personal")
	entity := object(schema{"name": schema{"type": "string"}, "table": schema{"type": "string"}, "pk": schema{"type": "string"}, "sk": schema{"type": "string"},
		"index": schema{"type": "string"}, "category": schema{"type": "string"}, "retention": schema{"type": "string"}, "purpose": schema{"type": "string"},
		"processors": arrayOf(schema{"type": "string"}, 0), "find": schema{"type": "string"}, "subjectAttribute": schema{"type": "string"},
		"erasure": schema{"type": "string"}, "export": boolean(), "tabular": boolean(), "attributes": arrayOf(attr, 0), "notes": schema{"type": "string"}},
		"name", "table", "pk", "sk", "category", "retention", "purpose", "processors", "find", "erasure", "export", "attributes")
	return schema{
		"PrivacyRequestId": schema{"type": "string", "pattern": idPattern, "description": "prq_..."},
		"PrivacyRequestCreate": object(schema{"type": enumOf(privacy.Types), "subject": subject, "channel": str(1, 40), "corrections": corrections,
			"verification": object(schema{"method": str(1, 40), "note": str(0, 500)}, "method")}, "type", "subject", "channel"),
		"MePrivacyRequestCreate":   object(schema{"type": enumOf(privacy.Types), "corrections": corrections}, "type"),
		"PrivacyRequest":           request,
		"PrivacyRequestList":       listOfSchema("PrivacyRequest"),
		"OwnPrivacyRequestList":    object(schema{"items": arrayOf(ref("PrivacyRequest"), 0)}, "items"),
		"PrivacyReason":            object(schema{"reason": str(1, 500)}, "reason"),
		"PrivacyVerify":            object(schema{"code": schema{"type": "string", "pattern": "^[0-9]{6}$"}, "method": str(1, 40), "note": str(0, 500)}),
		"PrivacyAudit":             object(schema{"requestId": ref("PrivacyRequestId"), "entries": arrayOf(entry, 0)}, "requestId", "entries"),
		"PrivacyAuditVerification": object(schema{"ok": boolean(), "entries": integer(0, 1<<30), "firstBadEntry": integer(1, 1<<30), "problem": schema{"type": "string"}}, "ok", "entries"),
		"DataMap":                  object(schema{"entities": arrayOf(entity, 0)}, "entities"),
		"PrivacyConfirm":           object(schema{"requestId": ref("PrivacyRequestId"), "code": schema{"type": "string", "pattern": "^[0-9]{6}$"}}, "requestId", "code"),
		"PrivacyConfirmation":      object(schema{"confirmed": boolean(), "message": schema{"type": "string"}}, "confirmed", "message"),
		"PrivacyConfirmPage":       schema{"type": "string", "description": "text/html: the confirmation form"},
	}
}

func joinFields() string {
	out := ""
	for i, f := range datamap.Fields() {
		if i > 0 {
			out += ", "
		}
		out += f
	}
	return out
}

func privacyExamples(out map[string]any) {
	at, due := "2026-03-02T15:04:05Z", "2026-04-01T15:04:05Z"
	req := map[string]any{"id": examplePrivacyID, "type": "access", "subject": map[string]any{"email": "jordan.lee@glowmedspa.example", "userId": exampleUserID},
		"channel": "email", "status": "pending_review", "receivedAt": at, "dueAt": due, "daysLeft": 30, "overdue": false, "extended": false,
		"verification": map[string]any{"method": "video_call", "note": "matched the account's phone number", "by": "usr_privacyteam1", "at": at},
		"steps":        []any{}, "download": nil, "updatedAt": at, "version": 2}
	entry := map[string]any{"seq": 1, "at": at, "actor": "usr_privacyteam1", "action": "received", "detail": map[string]any{"type": "access", "channel": "email"},
		"hash": "5f2b7c0e4d1a9b8c3e6f0a2d4c6e8b1a3f5d7c9e1b3a5d7f9c2e4a6b8d0f1c3e"}
	out["PrivacyRequest"] = req
	out["PrivacyRequestList"] = map[string]any{"items": []any{req}, "next": nil}
	out["OwnPrivacyRequestList"] = map[string]any{"items": []any{req}}
	out["PrivacyRequestCreate"] = map[string]any{"type": "access", "subject": map[string]any{"email": "jordan.lee@glowmedspa.example"}, "channel": "email",
		"verification": map[string]any{"method": "video_call", "note": "matched the account's phone number"}}
	out["MePrivacyRequestCreate"] = map[string]any{"type": "portability"}
	out["PrivacyReason"] = map[string]any{"reason": "The subject withdrew the request by email."}
	out["PrivacyVerify"] = map[string]any{"method": "phone_call", "note": "called the number on file"}
	out["PrivacyAudit"] = map[string]any{"requestId": examplePrivacyID, "entries": []any{entry}}
	out["PrivacyAuditVerification"] = map[string]any{"ok": true, "entries": 4}
	var first map[string]any
	b, _ := json.Marshal(datamap.All()[8])
	_ = json.Unmarshal(b, &first)
	out["DataMap"] = map[string]any{"entities": []any{first}}
	out["PrivacyConfirm"] = map[string]any{"requestId": examplePrivacyID, "code": "482913"}
	out["PrivacyConfirmation"] = map[string]any{"confirmed": true, "message": "Thank you: your request is confirmed. Our privacy team will now review it; we email you when it is complete."}
}

const exampleHoldID = "hold_q7k2m4x6z3w5b7n2c4d6f2h4j5"

func holdSchemas(s schema) {
	scope := object(schema{"kind": strEnum("org", "subject"), "id": schema{"type": "string", "pattern": idPattern, "description": "org_... or usr_..."}}, "kind", "id")
	s["LegalHoldCreate"] = object(schema{"scope": scope, "reason": str(1, 500), "matterReference": str(1, 100)}, "scope", "reason", "matterReference")
	s["LegalHold"] = object(schema{"id": schema{"type": "string", "pattern": idPattern, "description": "hold_..."}, "scope": scope, "reason": schema{"type": "string"},
		"matterReference": schema{"type": "string"}, "state": strEnum("applying", "active", "releasing", "released"), "inForce": boolean(),
		"createdBy": schema{"type": "string"}, "createdAt": dateTime(), "releasedBy": schema{"type": "string"}, "releasedAt": dateTime()},
		"id", "scope", "reason", "matterReference", "state", "inForce", "createdBy", "createdAt")
	s["HoldId"] = schema{"type": "string", "pattern": idPattern, "description": "hold_..."}
	s["LegalHoldList"] = object(schema{"items": arrayOf(ref("LegalHold"), 0)}, "items")
}

func holdExamples(out map[string]any) {
	h := map[string]any{"id": exampleHoldID, "scope": map[string]any{"kind": "org", "id": exampleOrgID}, "reason": "Pending litigation: preserve campaign records",
		"matterReference": "MATTER-2026-014", "state": "active", "inForce": true, "createdBy": "usr_privacyteam1", "createdAt": "2026-03-02T15:04:05Z"}
	out["LegalHold"] = h
	out["LegalHoldList"] = map[string]any{"items": []any{h}}
	out["LegalHoldCreate"] = map[string]any{"scope": map[string]any{"kind": "org", "id": exampleOrgID}, "reason": "Pending litigation: preserve campaign records", "matterReference": "MATTER-2026-014"}
}

func unsubscribeSchemas(s schema) {
	s["Unsubscription"] = object(schema{"topic": strEnum("product_updates", "marketing", "reports"),
		"status": schema{"type": "string", "enum": []string{"subscribed", "unsubscribed", "not_subscribed"},
			"description": "subscribed: the link would unsubscribe (GET); unsubscribed: ended now (POST); not_subscribed: the consent the link was sent under has ended"}},
		"topic", "status")
}

func unsubscribeExamples(out map[string]any) {
	out["Unsubscription"] = map[string]any{"topic": "reports", "status": "unsubscribed"}
}

func retentionSchemas(s schema) {
	oldest := schema{"type": []string{"object", "null"}, "additionalProperties": false, "required": []string{"expiresAt", "daysLeft"},
		"description": "The item nearest its limit (the first in the expiry index); null when none expires within a year",
		"properties":  schema{"expiresAt": dateTime(), "ageDays": schema{"type": "integer", "description": "For categories whose clock runs from the event"}, "daysLeft": schema{"type": "integer", "description": "Negative when past its limit"}}}
	deleted := object(schema{"byTtl": integer(0, 1<<53), "bySweep": integer(0, 1<<53), "anonymized": integer(0, 1<<53),
		"early": integer(0, 1<<53), "judged": integer(0, 1<<53)}, "byTtl", "bySweep", "anonymized", "early", "judged")
	cat := object(schema{"category": strEnum("account", "analytics", "logs", "marketing", "billing", "privacy", "ephemeral"), "schedule": schema{"type": "string"},
		"limitDays": integer(0, 1<<20), "fromEnd": boolean(), "liveItems": schema{"type": "integer", "description": "DynamoDB's item count, refreshed about every six hours"},
		"oldest": oldest, "dueNow": integer(0, 1<<53), "holdsInForce": integer(0, 1<<20), "deleted": deleted,
		"flags": arrayOf(strEnum("late_sweep", "deleted_early", "never_swept"), 3)},
		"category", "schedule", "limitDays", "fromEnd", "liveItems", "oldest", "dueNow", "holdsInForce", "deleted", "flags")
	s["RetentionReport"] = object(schema{"generatedAt": dateTime(), "windowDays": integer(1, 366), "categories": arrayOf(cat, 7),
		"flags": arrayOf(schema{"type": "string", "description": "<category>:<flag>"}, 21)}, "generatedAt", "windowDays", "categories", "flags")
}

func retentionExamples(out map[string]any) {
	logs := map[string]any{"category": "logs", "schedule": "retained for 1 year for security and troubleshooting", "limitDays": 365, "fromEnd": false,
		"liveItems": 182340, "oldest": map[string]any{"expiresAt": "2026-03-02T09:00:00Z", "ageDays": 365, "daysLeft": 0}, "dueNow": 412, "holdsInForce": 0,
		"deleted": map[string]any{"byTtl": 15230, "bySweep": 870, "anonymized": 0, "early": 0, "judged": 15230}, "flags": []any{}}
	out["RetentionReport"] = map[string]any{"generatedAt": "2026-03-02T15:04:05Z", "windowDays": 30, "categories": []any{logs}, "flags": []any{}}
}
