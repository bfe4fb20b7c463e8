// Package datamap is the record of processing: every table, entity and
// attribute that holds personal data (and every other entity the code
// writes, so nothing stored escapes it), its data category and retention,
// the purpose the policy gives for it, the processors it reaches, how it is
// found from a subject (user ID, email) and organization, and what erasure
// does to it. Access, export, correction and erasure are driven by it, and
// a test fails when the code writes an entity type missing here.
package datamap

import (
	"fmt"
	"sort"
	"strings"

	"github.com/medspa-ai/backend/shared/retention"
)

// Processor is a party personal data reaches besides us.
type Processor string

// The processors (policy section 5.2 and section 12).
const (
	AWS           Processor = "AWS"
	Meta          Processor = "Meta"
	Google        Processor = "Google"
	Stripe        Processor = "Stripe"
	ModelProvider Processor = "model provider"
)

// Find is how an entity's items are found for a subject.
type Find string

const (
	// BySubject: the partition is the subject's user ID (USER#<userId>,
	// USAGE#<userId>, REQ#<userId>).
	BySubject Find = "subject"
	// ByMembership: in the partitions of the organizations the subject
	// belongs to (gsi1 USER#<userId>), the items that name the subject
	// (SubjectAttr).
	ByMembership Find = "membership"
	// ByEmail: through the subject's email key (gsi1 INVITEE#<emailKey>).
	ByEmail Find = "email"
	// ByOrg: the organization's, not one person's: exported to a member as
	// part of their organization's data only where Export says so; erased
	// with the organization (its cancellation), not with one member.
	ByOrg Find = "org"
	// ByRequest: the privacy request's own records, found by request ID.
	ByRequest Find = "request"
	// NotPersonal: holds no personal data (system state).
	NotPersonal Find = "none"
)

// Erasure is what a deletion request does to an entity's items.
type Erasure string

const (
	Delete Erasure = "delete"
	// Anonymize: kept for a legal obligation, personal fields replaced.
	Anonymize Erasure = "anonymize"
	// EndMembership: the membership ends (an organization's last owner
	// needs input first).
	EndMembership Erasure = "end_membership"
	// Revoke: revoked at the platform and deleted where no remaining
	// member of the organization needs it.
	Revoke Erasure = "revoke"
	// Keep: kept by design (the request's own records; organization data
	// that is erased with the organization; system state).
	Keep Erasure = "keep"
	// Expire: short-lived, gone on its own within a day.
	Expire Erasure = "expire"
)

// Attribute is one stored attribute.
type Attribute struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Personal    bool   `json:"personal"`
	// Field is the name a correction request uses ("profile.name"), empty
	// when the attribute cannot be corrected through a request.
	Field string `json:"field,omitempty"`
}

// Entity is one kind of item.
type Entity struct {
	Name string `json:"name"`
	// Table is the category of the table it is stored in (or "s3").
	Table string `json:"table"`
	// PK and SK are the key patterns; literal parts are what the code writes.
	PK          string             `json:"pk"`
	SK          string             `json:"sk"`
	Index       string             `json:"index,omitempty"`
	Category    retention.Category `json:"category"`
	Retention   string             `json:"retention"`
	Purpose     string             `json:"purpose"`
	Processors  []Processor        `json:"processors"`
	Find        Find               `json:"find"`
	SubjectAttr string             `json:"subjectAttribute,omitempty"`
	Erasure     Erasure            `json:"erasure"`
	// Export: included in an access or portability export; Tabular ones
	// also as CSV.
	Export     bool        `json:"export"`
	Tabular    bool        `json:"tabular,omitempty"`
	Attributes []Attribute `json:"attributes"`
	Notes      string      `json:"notes,omitempty"`
}

func a(name, desc string) Attribute { return Attribute{Name: name, Description: desc} }
func p(name, desc string) Attribute { return Attribute{Name: name, Description: desc, Personal: true} }
func pf(name, desc, field string) Attribute {
	return Attribute{Name: name, Description: desc, Personal: true, Field: field}
}

// S3 is the Table of objects in the assets bucket.
const S3 = "s3"

// Entities is the map. Keep it in the order of the tables.
var Entities = []Entity{
	// account table
	{Name: "organization", Table: "account", PK: "ORG#<orgId>", SK: "ORG", Index: "gsi1 CANCELLED# / <orgId> while a cancellation is being stamped | gsi1 REACTIVATED# / <orgId> while a reactivation is being cleared",
		Category: retention.Account, Purpose: "3.1 Service Delivery (managing your account)", Processors: []Processor{AWS, ModelProvider},
		Find: ByMembership, Erasure: Keep, Export: true,
		Attributes: []Attribute{a("orgId", "organization ID"), a("companyName", "company name (account information, 2.1)"), a("website", "website"),
			a("locations", "cities and states"), a("services", "services offered"), a("brandVoice", "brand voice for generated content"),
			a("timeZone", "time zone"), a("status", "active or cancelled"), p("createdBy", "user ID of the creator"),
			a("memberCount", "members"), a("ownerCount", "owners"), a("supportSeq", "support message counter")},
		Notes: "the company profile is sent to the model provider inside content prompts; erased with the organization"},
	{Name: "settings", Table: "account", PK: "ORG#<orgId>", SK: "SETTINGS", Category: retention.Account,
		Purpose: "2.1 Platform Configuration; 3.1 Service Delivery", Processors: []Processor{AWS}, Find: ByOrg, Erasure: Keep, Export: true,
		Attributes: []Attribute{a("goals", "campaign goals"), a("targetCostPerLeadCents", "target cost per lead"), a("budgetCapsCents", "budget caps"),
			a("automations", "automation switches"), a("notes", "free-text notes (PHI-guarded)"), a("aiOptOut", "organization-wide AI opt-out"),
			p("updatedBy", "user ID of the last editor")}},
	{Name: "membership", Table: "account", PK: "ORG#<orgId>", SK: "MEMBER#<userId>", Index: "gsi1 USER#<userId> / ORG#<orgId>",
		Category: retention.Account, Purpose: "3.1 Service Delivery; 5.1 Within Your Organization", Processors: []Processor{AWS},
		Find: ByMembership, SubjectAttr: "memberId", Erasure: EndMembership, Export: true,
		Attributes: []Attribute{a("orgId", "organization"), p("memberId", "user ID"), a("role", "role"), a("status", "joined"),
			pf("email", "email address", "membership.email"), a("orgName", "organization name (copy)"), a("orgStatus", "organization status (copy)"),
			p("invitedBy", "user ID of the inviter"), a("createdAt", "joined at")}},
	{Name: "invitation", Table: "account", PK: "ORG#<orgId>", SK: "INVITE#<inviteId>", Index: "gsi1 INVITEE#<emailKey> / ORG#<orgId>",
		Category: retention.Account, Purpose: "5.1 Within Your Organization", Processors: []Processor{AWS},
		Find: ByEmail, SubjectAttr: "email", Erasure: Delete, Export: true,
		Attributes: []Attribute{a("memberId", "invitation ID"), pf("email", "invitee's email address", "membership.email"), a("role", "offered role"),
			p("invitedBy", "user ID of the inviter")}},
	{Name: "support_message", Table: "account", PK: "ORG#<orgId>", SK: "MEMBER~SUPPORT#<10-n>", Category: retention.Account,
		Purpose: "2.1 Communications; 3.3 Communication (customer support)", Processors: []Processor{AWS},
		Find: ByMembership, SubjectAttr: "authorId", Erasure: Delete, Export: true,
		Attributes: []Attribute{a("seq", "number"), a("kind", "support, feedback"), p("subject", "subject line"), p("body", "message text (PHI-guarded)"),
			p("authorId", "user ID of the author"), a("status", "open, closed"), a("at", "sent at")}},
	{Name: "connection", Table: "account", PK: "ORG#<orgId>", SK: "CONN#<connectionId>", Index: "gsi1 CONN#ACTIVE / <orgId>#<connectionId> while synced",
		Category: retention.Account, Purpose: "2.3 Third-Party Integrations; 3.1 Service Delivery", Processors: []Processor{AWS, Meta, Google},
		Find: ByMembership, SubjectAttr: "connectedBy", Erasure: Revoke, Export: true,
		Attributes: []Attribute{a("platform", "meta or google"), a("accountId", "ad account ID"), a("accountName", "ad account name"),
			a("currency", "currency"), a("timeZone", "time zone"), a("status", "status"), a("scopes", "granted scopes"),
			p("connectedBy", "user ID of who connected it"), a("tokens", "OAuth tokens, KMS-sealed (never exported)"), a("tokenExpiresAt", "token expiry"),
			a("expiryNoticeFor", "the token expiry the owners and admins were warned about"), a("expiryNoticeAt", "when the warning was claimed"),
			a("expiryNoticeOutcome", "sent, failed, no_recipient")},
		Notes: "the organization's remaining members keep the connections the subject made (after the memberships step no organization is left without a member); erasure replaces connectedBy"},
	{Name: "ad_account_claim", Table: "account", PK: "ACCT#<platform>#<accountId>", SK: "CLAIM", Category: retention.Account,
		Purpose: "2.3 Third-Party Integrations (one organization per ad account)", Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Revoke,
		Attributes: []Attribute{a("orgId", "organization"), a("connectionId", "connection")}, Notes: "deleted with its connection; a cancelled organization's claims get its 3-year expiry (and lose it on reactivation)"},
	{Name: "content_request", Table: "account", PK: "ORG#<orgId>", SK: "CONTENT#<requestId>", Category: retention.Account,
		Purpose: "4 AI and Automated Processing (content generation)", Processors: []Processor{AWS, ModelProvider},
		Find: ByMembership, SubjectAttr: "createdBy", Erasure: Delete, Export: true,
		Attributes: []Attribute{a("kind", "copy, image, video"), a("status", "status"),
			a("doc", "inputs (service, offer, tone, call to action, audience notes), results, violations, provider, usage"),
			p("createdBy", "user ID of the requester")}},
	{Name: "campaign_upload", Table: "account", PK: "ORG#<orgId>", SK: "UPLOAD#<assetId>", Category: retention.Account,
		Purpose: "2.3 Creative Assets; 3.1 Creating and optimizing advertising campaigns", Processors: []Processor{AWS, Meta, Google},
		Find: ByMembership, SubjectAttr: "uploadedBy", Erasure: Delete, Export: true,
		Attributes: []Attribute{a("name", "file name"), a("contentType", "image or video type"), a("bytes", "size"), a("key", "S3 object under assets/<orgId>/uploads/"),
			a("status", "pending, ready, refused"), p("uploadedBy", "user ID of the uploader")},
		Notes: "the file itself is in the assets bucket, deleted with the record on the uploader's erasure (ads already published keep their copy at the platform)"},
	{Name: "campaign_draft", Table: "account", PK: "ORG#<orgId>", SK: "CDRAFT#<draftId>", Category: retention.Account,
		Purpose: "3.1 Creating and optimizing advertising campaigns", Processors: []Processor{AWS, Meta, Google},
		Find: ByMembership, SubjectAttr: "createdBy", Erasure: Delete, Export: true,
		Attributes: []Attribute{a("doc", "goal, connection, placement, budget, schedule, audience (business locations, 18+), creative, checks, steps with platform IDs, review, delivery"),
			p("createdBy", "user ID of who drafted it"), p("approvedBy", "user ID of who approved it"), a("audit", "who approved, published and changed delivery, when")},
		Notes: "a draft that never went live (draft, failed) is deleted on its author's erasure; an approved or published one is the organization's running campaign (its platform IDs pause and resume it) and stays, the author's and approver's user IDs replaced; exports replace other members' IDs"},
	{Name: "profile", Table: "account", PK: "USER#<userId>", SK: "PROFILE", Category: retention.Account,
		Purpose: "2.1 Account Information; 3.1 Service Delivery", Processors: []Processor{AWS}, Find: BySubject, Erasure: Delete, Export: true,
		Attributes: []Attribute{p("userId", "user ID"), pf("email", "email address", "profile.email"), pf("name", "name", "profile.name"),
			pf("phone", "phone number", "profile.phone"), pf("jobTitle", "job title", "profile.jobTitle"),
			p("aiOptOut", "opted out of AI processing"), p("restricted", "processing restricted or objected to (privacy request)"),
			p("policyVersion", "the privacy policy version last accepted (policy section 11)"), p("policyAcceptedAt", "when it was accepted"),
			a("policyNotice", "sent marker of the email announcing a policy version (<version>#sending or #sent)"), a("policyNoticeAt", "when the marker was set"),
			a("createdAt", "created at"), a("updatedAt", "updated at")}},
	{Name: "legal_hold", Table: "account", PK: "HOLD", SK: "<holdId>", Category: retention.Account, Purpose: "3.4 Legal and Security",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep,
		Attributes: []Attribute{a("scope", "org or subject, and its ID"), a("reason", "reason"), a("matter", "matter reference"), a("state", "state"), a("cursor", "progress")}},
	{Name: "cursor_key", Table: "account", PK: "SYSTEM#api", SK: "CURSOR_KEY", Category: retention.Account, Purpose: "6 Data Security (signed list cursors)",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep, Attributes: []Attribute{a("key", "the API's cursor signing key")}},

	// analytics table
	{Name: "usage_event", Table: "analytics", PK: "USAGE#<userId>", SK: "<time>#<requestId>", Category: retention.Analytics,
		Purpose: "2.2 Usage Data; 3.2 Platform Improvement", Processors: []Processor{AWS}, Find: BySubject, Erasure: Delete, Export: true, Tabular: true,
		Attributes: []Attribute{a("feature", "feature used"), p("userId", "user ID"), a("orgId", "organization"), a("at", "time"), a("requestId", "request")}},
	{Name: "metric_row", Table: "analytics", PK: "MET#<orgId>#<level>#<yyyy-mm>", SK: "<date>#<platform>#<account>#<entity>", Category: retention.Analytics,
		Purpose: "2.3 Ad performance metrics and spending data; 3.1 Campaign Optimization", Processors: []Processor{AWS, Meta, Google},
		Find: ByOrg, Erasure: Keep, Export: true, Tabular: true,
		Attributes: []Attribute{a("level", "campaign, ad set / ad group, ad"), a("entity", "platform object ID and name"), a("date", "the ad account's day"),
			a("spendMicros", "spend"), a("impressions", "impressions"), a("reach", "reach"), a("clicks", "clicks"), a("leads", "leads (milli-units)"),
			a("conversions", "conversions (milli-units) and value")},
		Notes: "the organization's aggregate campaign data, nothing about a person; 2 years from the metric's day"},
	{Name: "audience_insight", Table: "analytics", PK: "AUD#<orgId>#<yyyy-mm>", SK: "<date>#<platform>#<account>#<campaign>#<dimension>#<segment>", Category: retention.Analytics,
		Purpose: "2.3 Audience insights (aggregate); 3.1 Campaign Optimization", Processors: []Processor{AWS, Meta, Google},
		Find: ByOrg, Erasure: Keep, Export: true, Tabular: true,
		Attributes: []Attribute{a("dimension", "age, gender, placement, device, network"), a("segment", "the aggregate segment"), a("metrics", "spend, impressions, clicks, leads of the segment")},
		Notes:      "aggregates only, never anything about a person"},
	{Name: "sync_state", Table: "analytics", PK: "SYNC#<orgId>", SK: "<connectionId>", Category: retention.Analytics,
		Purpose: "3.1 Service Delivery (metric sync progress)", Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep,
		Attributes: []Attribute{a("cursor", "days synced, lease, manager account, last error")}},
	{Name: "recommendation", Table: "analytics", PK: "ORG#<orgId>", SK: "REC#<recommendationId>", Category: retention.Analytics,
		Purpose: "3.1 Campaign Optimization; 4 Budget Management", Processors: []Processor{AWS, Meta, Google},
		Find: ByOrg, Erasure: Keep, Export: true,
		Attributes: []Attribute{a("doc", "the optimiser's budget, bid, creative or targeting recommendation: reason, expected effect, before and after budgets, status history"),
			a("decidedBy", "user ID of who approved, rejected or reverted it (in the history)")},
		Notes: "aggregate campaign performance, nothing about a person; the history names the member who decided"},
	{Name: "report_sent", Table: "analytics", PK: "ORG#<orgId>", SK: "SENT#report#<week>#<userId>", Category: retention.Analytics,
		Purpose: "3.1 Service Delivery (weekly performance reports, sent once per member and week)", Processors: []Processor{AWS},
		Find: ByOrg, Erasure: Keep, Export: true,
		Attributes: []Attribute{a("week", "the ISO week reported"), p("userId", "user ID of the member it went to"), a("sentAt", "when")},
		Notes:      "no address or content: the email itself is not kept"},

	// logs table
	{Name: "request_log", Table: "logs", PK: "REQ#<userId> | REQ#anonymous#<day>#<shard>", SK: "<time>#<requestId>", Category: retention.Logs,
		Purpose: "2.2 Technical Information; 3.4 Legal and Security", Processors: []Processor{AWS}, Find: BySubject, Erasure: Delete, Export: true, Tabular: true,
		Attributes: []Attribute{a("requestId", "request"), p("userId", "user ID"), a("orgId", "organization"), a("method", "HTTP method"), a("route", "route"),
			a("status", "status"), a("latencyMs", "latency"), p("ip", "IP address"), p("userAgent", "browser and device"), a("at", "time")}},

	// marketing table
	{Name: "preferences", Table: "marketing", PK: "USER#<userId>", SK: "PREFS", Category: retention.Marketing,
		Purpose: "3.3 Communication; 8.3 communication preferences (the person has chosen: the default topics no longer apply)", Processors: []Processor{AWS}, Find: BySubject, Erasure: Delete, Export: true,
		Attributes: []Attribute{a("updatedAt", "when the choice last changed")}},
	{Name: "marketing_consent", Table: "marketing", PK: "USER#<userId>", SK: "CONSENT#<topic>", Category: retention.Marketing,
		Purpose: "3.3 Marketing communications (with your consent): one record per subscribed topic (product_updates, marketing, reports); ended at unsubscribe (expires at once)", Processors: []Processor{AWS}, Find: BySubject, Erasure: Delete, Export: true,
		Attributes: []Attribute{a("topic", "topic"), a("consentId", "consent record"), a("consentedAt", "when consent was given"), p("email", "the address consented"), a("endedAt", "when it was withdrawn")}},
	{Name: "suppression", Table: "marketing", PK: "SUPPRESS#<emailHash>", SK: "SUPPRESS", Category: retention.Marketing,
		Purpose: "8.3 Marketing Communications (an opt-out stays in force after deletion)", Processors: []Processor{AWS}, Find: ByEmail, Erasure: Keep,
		Attributes: []Attribute{a("hash", "keyed hash of the normalized email (not reversible)"), a("marketing", "no marketing"), a("ai", "no AI processing"), a("at", "since")}},

	// billing table
	{Name: "billing_customer", Table: "billing", PK: "ORG#<orgId>", SK: "CUSTOMER", Category: retention.Billing,
		Purpose: "2.1 Billing Information; 3.1 Managing your account and billing", Processors: []Processor{AWS, Stripe}, Find: ByOrg, Erasure: Anonymize, Export: true,
		Attributes: []Attribute{a("customerId", "processor customer ID"), p("name", "billing name"), p("email", "billing email"), p("address", "billing address"),
			a("brand", "card brand"), a("last4", "card's last four digits"), a("restricted", "restricted"), a("anonymizedAt", "anonymized at")},
		Notes: "never a card number; kept 7 years for tax and legal compliance, anonymized on erasure when the subject is its contact"},
	{Name: "billing_subscription", Table: "billing", PK: "ORG#<orgId>", SK: "SUBSCRIPTION", Category: retention.Billing, Purpose: "3.1 billing",
		Processors: []Processor{AWS, Stripe}, Find: ByOrg, Erasure: Keep, Export: true,
		Attributes: []Attribute{a("subscriptionId", "processor subscription"), a("plan", "plan"), a("status", "status"), a("currentPeriodEnd", "period end")}},
	{Name: "billing_invoice", Table: "billing", PK: "ORG#<orgId>", SK: "INVOICE#<invoiceId>", Category: retention.Billing, Purpose: "3.1 billing; 3.4 Legal",
		Processors: []Processor{AWS, Stripe}, Find: ByOrg, Erasure: Keep, Export: true, Tabular: true,
		Attributes: []Attribute{a("invoiceId", "invoice"), a("amountCents", "amount"), a("currency", "currency"), a("status", "status"), a("hostedUrl", "processor's invoice page")}},
	{Name: "billing_customer_link", Table: "billing", PK: "CUSTOMER#<customerId>", SK: "ORG", Category: retention.Billing, Purpose: "3.1 billing (webhook routing)",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep, Attributes: []Attribute{a("orgId", "organization")}},

	// privacy table
	{Name: "privacy_request", Table: "privacy", PK: "PREQ#<requestId>", SK: "REQUEST", Index: "gsi1 PREQ / <receivedAt>#<requestId>",
		Category: retention.Privacy, Purpose: "8 Your Privacy Rights (record-keeping of requests)", Processors: []Processor{AWS},
		Find: ByRequest, SubjectAttr: "subjectUser", Erasure: Keep, Export: false,
		Attributes: []Attribute{p("doc", "type, subject (email, user ID), channel, corrections, status, deadlines, verification, steps, notices (each email's kind, status, sent time, SES message ID; never the code, only its hash)"), p("subjectUser", "subject's user ID")},
		Notes:      "remains after the subject's erasure: the record that the request was answered; no expiry while the request is open, then 24 months (or the configured time) from its closing"},
	{Name: "privacy_audit_entry", Table: "privacy", PK: "PREQ#<requestId>", SK: "AUDIT#<seq>", Category: retention.Privacy,
		Purpose: "8 Your Privacy Rights (audit trail)", Processors: []Processor{AWS}, Find: ByRequest, Erasure: Keep,
		Attributes: []Attribute{a("seq", "number"), p("actor", "user ID or system component"), a("action", "what"), a("reason", "why"), a("detail", "IDs and counts"), a("prev", "previous hash"), a("hash", "this entry's hash")},
		Notes:      "never rewritten, so it carries no expiry of its own: deleted with its request, when the request expires"},
	{Name: "retention_audit_entry", Table: "privacy", PK: "AUDIT#<kind>#<day>", SK: "<entryId>", Category: retention.Privacy,
		Purpose: "7 Data Retention (proof of deletion)", Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep,
		Attributes: []Attribute{a("kind", "ttl_delete, retention_sweep, legal_hold"), a("actor", "component or user ID"), a("d_*", "keys and counts")}},
	{Name: "sweep_checkpoint", Table: "privacy", PK: "SWEEP#<table>", SK: "checkpoint", Category: retention.Privacy, Purpose: "7 Data Retention",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep, Attributes: []Attribute{a("cursor", "progress of the daily sweep")}},
	{Name: "retention_tally", Table: "privacy", PK: "RETSTAT", SK: "<day>#<category>", Category: retention.Privacy, Purpose: "7 Data Retention (the retention report's deletions by day)",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Keep, Attributes: []Attribute{a("n_ttl", "TTL deletions"), a("n_sweep", "deletions by the sweep"),
			a("n_anonymized", "records anonymized"), a("n_ttl_judged", "TTL deletions whose key names a day"), a("n_early", "of those, deleted before their schedule")}},

	// ephemeral table
	{Name: "oauth_state", Table: "ephemeral", PK: "OAUTH#<state>", SK: "-", Category: retention.Ephemeral, Purpose: "2.3 Third-Party Integrations (consent flow)",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Expire,
		Attributes: []Attribute{a("provider", "platform"), a("orgId", "organization"), p("userId", "who connects"), a("verifier", "PKCE verifier")}},
	{Name: "idempotency_key", Table: "ephemeral", PK: "IDEMP#<key>", SK: "-", Category: retention.Ephemeral, Purpose: "6 Data Security (one effect per request)",
		Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Expire, Attributes: []Attribute{a("status", "state"), a("fingerprint", "request hash"), a("result", "stored answer")}},

	{Name: "rate_limit_counter", Table: "ephemeral", PK: "RATE#<scope>#<key>", SK: "<window start, unix seconds>", Category: retention.Ephemeral,
		Purpose: "6 Data Security (limits guessing on the public privacy confirmation)", Processors: []Processor{AWS}, Find: NotPersonal, Erasure: Expire,
		Attributes: []Attribute{p("pk", "the scope and a hash of the caller's IP address, or the privacy request ID tried"), a("n", "attempts in the window")},
		Notes:      "lives one hour (its window); the address is kept only as a truncated SHA-256"},
	// assets bucket
	{Name: "content_asset", Table: S3, PK: "assets/<orgId>/", SK: "<requestId>/<file>", Category: retention.Account,
		Purpose: "2.3 Creative Assets; 4 Content Generation", Processors: []Processor{AWS, ModelProvider}, Find: ByMembership, Erasure: Delete, Export: false,
		Attributes: []Attribute{a("object", "generated image or video")},
		Notes:      "a person's work, like the content request that made it (named in its objects attribute): deleted with the subject's content requests; ads already published keep their copy at the platform"},
	{Name: "privacy_export", Table: S3, PK: "exports/<requestId>/", SK: "export.zip", Category: retention.Privacy,
		Purpose: "8.1 Access and Portability", Processors: []Processor{AWS}, Find: ByRequest, Erasure: Delete,
		Attributes: []Attribute{p("object", "the zip delivered to the requester (presigned link, 7 days)")},
		Notes:      "every export of a subject is deleted with the subject's erasure"},
}

// Retention is the rule text of c from the retention schedule.
func Retention(c retention.Category) string {
	r, err := retention.Default.Rule(c)
	if err != nil {
		return "unknown"
	}
	return r.Basis
}

// All returns the map with each entity's retention filled in from the
// schedule (the one place that owns it).
func All() []Entity {
	out := make([]Entity, len(Entities))
	for i, e := range Entities {
		e.Retention = Retention(e.Category)
		out[i] = e
	}
	return out
}

// Literals returns the literal key parts of every entity's PK and SK: the
// text before the first placeholder, of each alternative.
func Literals() map[string]string {
	out := map[string]string{}
	for _, e := range Entities {
		for _, pat := range []string{e.PK, e.SK, e.Index} {
			for _, alt := range strings.Split(pat, "|") {
				for _, f := range strings.Fields(alt) {
					lit, _, _ := strings.Cut(f, "<")
					if lit != "" {
						out[lit] = e.Name
					}
				}
			}
		}
	}
	return out
}

// Field finds the correctable attribute a correction names.
func Field(name string) (Entity, Attribute, bool) {
	for _, e := range Entities {
		for _, at := range e.Attributes {
			if at.Field == name {
				return e, at, true
			}
		}
	}
	return Entity{}, Attribute{}, false
}

// Fields lists every correctable field name, sorted.
func Fields() []string {
	seen := map[string]bool{}
	for _, e := range Entities {
		for _, at := range e.Attributes {
			if at.Field != "" {
				seen[at.Field] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Markdown renders the map for the privacy team.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Data map (record of processing)\n\n")
	b.WriteString("| entity | table | key | category | retention | purpose (policy) | processors | found by | erasure | export |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, e := range All() {
		procs := make([]string, len(e.Processors))
		for i, p := range e.Processors {
			procs[i] = string(p)
		}
		exp := "no"
		if e.Export {
			exp = "JSON"
			if e.Tabular {
				exp += " + CSV"
			}
		}
		find := string(e.Find)
		if e.SubjectAttr != "" {
			find += " (" + e.SubjectAttr + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` / `%s` | %s | %s | %s | %s | %s | %s | %s |\n",
			e.Name, e.Table, e.PK, e.SK, e.Category, e.Retention, e.Purpose, strings.Join(procs, ", "), find, e.Erasure, exp)
	}
	for _, e := range All() {
		fmt.Fprintf(&b, "\n## %s\n\n", e.Name)
		if e.Notes != "" {
			b.WriteString(e.Notes + "\n\n")
		}
		b.WriteString("| attribute | personal | description | correction field |\n|---|---|---|---|\n")
		for _, at := range e.Attributes {
			pers := ""
			if at.Personal {
				pers = "yes"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", at.Name, pers, at.Description, at.Field)
		}
	}
	return b.String()
}
