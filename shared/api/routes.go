package api

import (
	"net/http"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/buildinfo"
)

// table is every route of the API. Adding a route here adds it to the
// router, the OpenAPI document, and (by the tests) to the authorization
// matrix and the one-request-per-read check.
func (s *Server) table() []*route {
	const (
		get, post, patch, put, del = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete
		orgPath                    = "/v1/orgs/{orgId}"
		privacyPath                = "/v1/privacy/requests"
	)
	return []*route{
		{name: "health.get", method: get, path: "/v1/health", scope: public, handle: s.health,
			doc: doc{summary: "Liveness and the running version", response: "Health"}},
		{name: "openapi.get", method: get, path: "/v1/openapi.json", scope: public, handle: s.openAPIDoc,
			doc: doc{summary: "This document", response: "OpenAPIDocument"}},

		{name: "me.get", method: get, path: "/v1/me", scope: self, handle: s.getMe,
			doc: doc{summary: "Your profile, communication preferences, marketing consent and AI opt-out", response: "Me"}},
		{name: "me.update", method: patch, path: "/v1/me", scope: self, input: func() input { return &mePatch{} }, ifMatch: true, handle: s.patchMe,
			doc: doc{summary: "Change your profile or preferences (omitted fields stay)", request: "MePatch", response: "Me", errors: []int{409}}},
		{name: "invitations.list", method: get, path: "/v1/me/invitations", scope: self, list: true, byEmail: true, handle: s.listInvitations,
			doc: doc{summary: "Invitations to your verified email address", response: "MembershipList", errors: []int{403}}},
		{name: "invitations.accept", method: post, path: "/v1/me/invitations/{orgId}/accept", scope: self, byEmail: true, handle: s.acceptInvitation,
			doc: doc{summary: "Accept the invitation to an organization and join it", response: "Membership", errors: []int{403, 404, 409}}},

		{name: "orgs.list", method: get, path: "/v1/orgs", scope: self, list: true, handle: s.listOrgs,
			doc: doc{summary: "The organizations you belong to", response: "MembershipList"}},
		{name: "orgs.create", method: post, path: "/v1/orgs", scope: self, input: func() input { return &profileJSON{} }, handle: s.createOrg,
			doc: doc{summary: "Create an organization; you become its owner", request: "OrgCreate", response: "Org", status: 201}},
		{name: "orgs.get", method: get, path: orgPath, scope: orgScoped, perm: org.ReadOrg, load: want(org.Want{Org: true}), handle: s.getOrg,
			doc: doc{summary: "The company profile", response: "Org"}},
		{name: "orgs.update", method: patch, path: orgPath, scope: orgScoped, perm: org.UpdateOrg, load: want(org.Want{Org: true}),
			input: func() input { return &orgPatch{} }, ifMatch: true, handle: s.updateOrg,
			doc: doc{summary: "Change the company profile (omitted fields stay)", request: "OrgPatch", response: "Org"}},
		{name: "orgs.cancel", method: post, path: orgPath + "/cancel", scope: orgScoped, perm: org.CancelOrg, load: want(org.Want{}), handle: s.cancelOrg,
			doc: doc{summary: "Cancel: end the customer relationship (data kept read-only for 3 years, then deleted)", response: "Org"}},
		{name: "orgs.reactivate", method: post, path: orgPath + "/reactivate", scope: orgScoped, perm: org.ReactivateOrg, load: want(org.Want{}), handle: s.reactivateOrg,
			doc: doc{summary: "Reactivate: resume the customer relationship of an organization cancelled less than 3 years ago (its data loses its expiry)", response: "Org"}},
		{name: "orgs.leave", method: post, path: orgPath + "/leave", scope: orgScoped, perm: org.LeaveOrg, load: want(org.Want{}), handle: s.leaveOrg,
			doc: doc{summary: "Leave the organization: end your own membership (the last owner cannot)", status: 204}},

		{name: "members.list", method: get, path: orgPath + "/members", scope: orgScoped, perm: org.ReadMembers, load: loadMembers, list: true, handle: s.listMembers,
			doc: doc{summary: "Members and pending invitations", response: "MemberList"}},
		{name: "members.invite", method: post, path: orgPath + "/members", scope: orgScoped, perm: org.InviteMembers, load: want(org.Want{Org: true}),
			input: func() input { return &invite{} }, handle: s.inviteMember,
			doc: doc{summary: "Invite someone by email with a role", request: "Invite", response: "Member", status: 201}},
		{name: "members.get", method: get, path: orgPath + "/members/{memberId}", scope: orgScoped, perm: org.ReadMembers, load: wantTarget, handle: s.getMember,
			doc: doc{summary: "One member or invitation", response: "Member"}},
		{name: "members.update", method: patch, path: orgPath + "/members/{memberId}", scope: orgScoped, perm: org.ChangeRoles, load: wantTarget,
			input: func() input { return &rolePatch{} }, ifMatch: true, handle: s.changeRole,
			doc: doc{summary: "Change a member's role (the last owner cannot be demoted)", request: "RolePatch", response: "Member"}},
		{name: "members.remove", method: del, path: orgPath + "/members/{memberId}", scope: orgScoped, perm: org.RemoveMembers, load: wantTarget, handle: s.removeMember,
			doc: doc{summary: "Remove a member or revoke an invitation (the last owner cannot be removed)", status: 204, errors: []int{412}}},

		{name: "settings.get", method: get, path: orgPath + "/campaign-settings", scope: orgScoped, perm: org.ReadSettings, load: want(org.Want{Settings: true}), handle: s.getSettings,
			doc: doc{summary: "Campaign goals, targets, budget caps and automations", response: "CampaignSettings"}},
		{name: "settings.replace", method: put, path: orgPath + "/campaign-settings", scope: orgScoped, perm: org.UpdateSettings, load: want(org.Want{Settings: true}),
			input: func() input { return &settingsPut{} }, ifMatch: true, handle: s.putSettings,
			doc: doc{summary: "Replace the campaign settings", request: "CampaignSettingsPut", response: "CampaignSettings"}},

		{name: "support.list", method: get, path: orgPath + "/support-messages", scope: orgScoped, perm: org.ReadSupport, load: loadSupportPage, list: true, handle: s.listSupport,
			doc: doc{summary: "Support requests and feedback, newest first", response: "SupportMessageList"}},
		{name: "support.create", method: post, path: orgPath + "/support-messages", scope: orgScoped, perm: org.SendSupport, load: want(org.Want{}),
			input: func() input { return &supportCreate{} }, handle: s.createSupport,
			doc: doc{summary: "Send us a support request or feedback", request: "SupportMessageCreate", response: "SupportMessage", status: 201}},
		{name: "support.get", method: get, path: orgPath + "/support-messages/{messageId}", scope: orgScoped, perm: org.ReadSupport, load: wantSupport, handle: s.getSupport,
			doc: doc{summary: "One support message", response: "SupportMessage"}},

		{name: "content.create", method: post, path: orgPath + "/content-requests", scope: orgScoped, perm: org.CreateContent, load: want(org.Want{Org: true, Settings: true}),
			input: func() input { return &contentCreate{} }, handle: s.createContent,
			doc: doc{summary: "Ask AI for ad copy, images or video for a placement (refused when the organization or you opted out of AI processing)", request: "ContentRequestCreate", response: "ContentRequest", status: 202, errors: []int{403}}},
		{name: "content.list", method: get, path: orgPath + "/content-requests", scope: orgScoped, perm: org.ReadContent, load: want(org.Want{}), list: true, handle: s.listContent,
			doc: doc{summary: "Content requests, their status and results", response: "ContentRequestList"}},
		{name: "content.get", method: get, path: orgPath + "/content-requests/{requestId}", scope: orgScoped, perm: org.ReadContent, load: want(org.Want{}), handle: s.getContent,
			doc: doc{summary: "One content request: status, results (files through short-lived URLs), provider, rule checks", response: "ContentRequest"}},
		{name: "content.check", method: post, path: orgPath + "/content-checks", scope: orgScoped, perm: org.CheckContent, load: want(org.Want{}),
			input: func() input { return &contentCheck{} }, handle: s.checkContent,
			doc: doc{summary: "Check your own ad text against placement limits, the PHI guard and the ad rules", request: "ContentCheck", response: "ContentCheckResult"}},
		{name: "connections.list", method: get, path: orgPath + "/connections", scope: orgScoped, perm: org.ReadConnections, load: loadConnectionsPage, list: true, handle: s.listConnections,
			doc: doc{summary: "Connected ad accounts and how their sync is doing (never their tokens)", response: "ConnectionList"}},
		{name: "connections.authorize", method: post, path: orgPath + "/connections/{provider}/authorize", scope: orgScoped, perm: org.ManageConnections, load: want(org.Want{Settings: true}), handle: s.authorize,
			doc: doc{summary: "Start connecting Meta or Google Ads: a single-use link (10 minutes) to the platform's consent page; read-only scopes unless an automation that changes campaigns is on", response: "Authorization", errors: []int{404}}},
		{name: "connections.update", method: patch, path: orgPath + "/connections/{connectionId}", scope: orgScoped, perm: org.ManageConnections, load: want(org.Want{}),
			input: func() input { return &connectionPatch{} }, handle: s.patchConnection,
			doc: doc{summary: "Pause or resume a connection's sync", request: "ConnectionPatch", response: "Connection", errors: []int{404, 409}}},
		{name: "connections.delete", method: del, path: orgPath + "/connections/{connectionId}", scope: orgScoped, perm: org.ManageConnections, load: want(org.Want{}), handle: s.deleteConnection,
			doc: doc{summary: "Disconnect: revoke the authorization at the platform, delete the tokens; the record stays, revoked", status: 204, errors: []int{404}}},

		{name: "recommendations.list", method: get, path: orgPath + "/recommendations", scope: orgScoped, perm: org.ReadRecommendations, load: want(org.Want{}), list: true, handle: s.listRecommendations,
			doc: doc{summary: "Budget, bid, creative and targeting recommendations of the optimiser, each with its reason, expected effect and history", response: "RecommendationList"}},
		{name: "recommendations.get", method: get, path: orgPath + "/recommendations/{recommendationId}", scope: orgScoped, perm: org.ReadRecommendations, load: want(org.Want{}), handle: s.getRecommendation,
			doc: doc{summary: "One recommendation", response: "Recommendation", errors: []int{404}}},
		{name: "recommendations.approve", method: post, path: orgPath + "/recommendations/{recommendationId}/approve", scope: orgScoped, perm: org.DecideRecommendations, load: want(org.Want{Settings: true}), handle: s.approveRecommendation,
			doc: doc{summary: "Approve a recommendation; a budget change is applied at the platform within seconds: the answer is `approved` while its apply is queued, then `applied` (a failed apply stays approved with its error and is retried) (refused when the organization or you opted out of AI processing)", response: "Recommendation", errors: []int{403, 404, 409}}},
		{name: "recommendations.reject", method: post, path: orgPath + "/recommendations/{recommendationId}/reject", scope: orgScoped, perm: org.DecideRecommendations, load: want(org.Want{}), handle: s.rejectRecommendation,
			doc: doc{summary: "Reject a proposed or approved recommendation", response: "Recommendation", errors: []int{404, 409}}},
		{name: "recommendations.revert", method: post, path: orgPath + "/budget-changes/{changeId}/revert", scope: orgScoped, perm: org.RevertRecommendations, load: want(org.Want{}), handle: s.revertRecommendation,
			doc: doc{summary: "Undo an applied budget change (the ID of the recommendation that made it): the budget before it goes back to the platform", response: "Recommendation", errors: []int{404, 409}}},
		{name: "assets.create", method: post, path: orgPath + "/assets", scope: orgScoped, perm: org.WriteCampaigns, load: want(org.Want{}),
			input: func() input { return &assetCreate{} }, handle: s.createAsset,
			doc: doc{summary: "Start uploading an image (PNG, JPEG up to 30 MB) or video (MP4, MOV up to 1 GB): a presigned S3 POST limited to that type and size", request: "AssetCreate", response: "AssetUpload", status: 201}},
		{name: "assets.complete", method: post, path: orgPath + "/assets/{assetId}/complete", scope: orgScoped, perm: org.WriteCampaigns, load: want(org.Want{}), handle: s.completeAsset,
			doc: doc{summary: "Finish an upload: the file is verified (magic bytes, image size, video container and duration) and kept, or refused and deleted", response: "Asset", errors: []int{404}}},
		{name: "assets.list", method: get, path: orgPath + "/assets", scope: orgScoped, perm: org.ReadCampaigns, load: want(org.Want{}), list: true, handle: s.listAssets,
			doc: doc{summary: "Uploaded images and videos", response: "AssetList"}},
		{name: "assets.get", method: get, path: orgPath + "/assets/{assetId}", scope: orgScoped, perm: org.ReadCampaigns, load: want(org.Want{}), handle: s.getAsset,
			doc: doc{summary: "One upload, with a short-lived download URL once verified", response: "Asset"}},
		{name: "assets.delete", method: del, path: orgPath + "/assets/{assetId}", scope: orgScoped, perm: org.WriteCampaigns, load: want(org.Want{}), handle: s.deleteAsset,
			doc: doc{summary: "Delete an upload and its file", status: 204, errors: []int{404}}},
		{name: "drafts.create", method: post, path: orgPath + "/campaign-drafts", scope: orgScoped, perm: org.WriteCampaigns, load: want(org.Want{Org: true}),
			input: func() input { return &draftCreate{} }, handle: s.createDraft,
			doc: doc{summary: "Draft a campaign: goal, connection, placement, budget, schedule, audience (the business's locations, 18+), creative; shows its checks and what publishing creates", request: "CampaignDraftCreate", response: "CampaignDraft", status: 201}},
		{name: "drafts.list", method: get, path: orgPath + "/campaign-drafts", scope: orgScoped, perm: org.ReadCampaigns, load: want(org.Want{}), list: true, handle: s.listDrafts,
			doc: doc{summary: "Campaign drafts and how their publishing went", response: "CampaignDraftList"}},
		{name: "drafts.get", method: get, path: orgPath + "/campaign-drafts/{draftId}", scope: orgScoped, perm: org.ReadCampaigns, load: want(org.Want{}), handle: s.getDraft,
			doc: doc{summary: "One draft: status, the platform objects created, the platform's review (a rejection's reason), delivery, audit", response: "CampaignDraft"}},
		{name: "drafts.approve", method: post, path: orgPath + "/campaign-drafts/{draftId}/approve", scope: orgScoped, perm: org.ApproveCampaigns, load: want(org.Want{Org: true, Settings: true}), handle: s.approveDraft,
			doc: doc{summary: "Approve a draft that passes its checks: it is published (refused for generated creatives when the organization or you opted out of AI processing)", response: "CampaignDraft", status: 202, errors: []int{403, 404, 409}}},
		{name: "drafts.delivery", method: put, path: orgPath + "/campaign-drafts/{draftId}/delivery", scope: orgScoped, perm: org.WriteCampaigns, load: want(org.Want{}),
			input: func() input { return &deliveryPut{} }, handle: s.setDelivery,
			doc: doc{summary: "Pause, resume or archive a published campaign at the platform", request: "CampaignDelivery", response: "CampaignDraft", status: 202, errors: []int{404, 409}}},
		{name: "me.acceptPolicy", method: post, path: "/v1/me/policy-acceptance", scope: self, input: func() input { return &policyAccept{} }, handle: s.acceptPolicy,
			doc: doc{summary: "Accept the privacy policy version in force (policy section 11); /v1/me's policy field shows whether you have", request: "PolicyAcceptance", response: "Me"}},
		{name: "me.submitPrivacyRequest", method: post, path: "/v1/me/privacy-requests", scope: self, input: func() input { return &mePrivacyCreate{} }, handle: s.submitOwnPrivacyRequest,
			doc: doc{summary: "Exercise a privacy right about yourself (policy section 8): access, portability, correction, deletion, restriction, objection, opt-outs; verified by your sign-in", request: "MePrivacyRequestCreate", response: "PrivacyRequest", status: 201}},
		{name: "me.listPrivacyRequests", method: get, path: "/v1/me/privacy-requests", scope: self, handle: s.listOwnPrivacyRequests,
			doc: doc{summary: "Your privacy requests and where each is", response: "OwnPrivacyRequestList"}},

		{name: "privacy.confirmForm", method: get, path: "/v1/privacy/confirm", scope: public, query: confirmQuery, handle: s.confirmForm,
			doc: doc{summary: "The page the verification email links to: a form for the request's reference and code (reads and consumes nothing; the form posts to POST /v1/privacy/confirm)", response: "PrivacyConfirmPage"}},
		{name: "privacy.confirm", method: post, path: "/v1/privacy/confirm", scope: public, input: func() input { return &privacyConfirm{} }, handle: s.confirmPrivacyRequest,
			doc: doc{summary: "Confirm a privacy request with the code emailed to the subject (no sign-in; rate-limited per address and per request; every failure gets the same answer)", request: "PrivacyConfirm", response: "PrivacyConfirmation", errors: []int{429}}},
		{name: "privacy.create", method: post, path: privacyPath, scope: team, input: func() input { return &privacyCreate{} }, handle: s.createPrivacyRequest,
			doc: doc{summary: "Record a privacy request received by email or phone; without verification a one-time code goes to the subject's address on file", request: "PrivacyRequestCreate", response: "PrivacyRequest", status: 201, errors: []int{404}}},
		{name: "privacy.list", method: get, path: privacyPath, scope: team, list: true, query: privacyFilters, handle: s.listPrivacyRequests,
			doc: doc{summary: "Privacy requests, oldest first; filter by status, type and due=soon (within 7 days) or due=overdue", response: "PrivacyRequestList", errors: []int{404}}},
		{name: "privacy.get", method: get, path: privacyPath + "/{privacyRequestId}", scope: team, handle: s.getPrivacyRequest,
			doc: doc{summary: "One privacy request: status, deadline and days left, steps, full history, and the export's download link once complete", response: "PrivacyRequest", errors: []int{404}}},
		{name: "privacy.approve", method: post, path: privacyPath + "/{privacyRequestId}/approve", scope: team, handle: s.privacyAction,
			doc: doc{summary: "Approve a verified request: the privacy worker carries it out step by step", response: "PrivacyRequest", errors: []int{404, 409}}},
		{name: "privacy.deny", method: post, path: privacyPath + "/{privacyRequestId}/deny", scope: team, input: func() input { return &privacyReason{} }, handle: s.privacyAction,
			doc: doc{summary: "Deny a request under review, with the reason the requester is told", request: "PrivacyReason", response: "PrivacyRequest", errors: []int{404, 409}}},
		{name: "privacy.extend", method: post, path: privacyPath + "/{privacyRequestId}/extend", scope: team, input: func() input { return &privacyReason{} }, handle: s.privacyAction,
			doc: doc{summary: "Extend the deadline once, before it passes, with a reason (the requester is told)", request: "PrivacyReason", response: "PrivacyRequest", errors: []int{404, 409}}},
		{name: "privacy.cancel", method: post, path: privacyPath + "/{privacyRequestId}/cancel", scope: team, input: func() input { return &privacyReason{} }, handle: s.privacyAction,
			doc: doc{summary: "Cancel a request that is not finished, with a reason", request: "PrivacyReason", response: "PrivacyRequest", errors: []int{404, 409}}},
		{name: "privacy.retry", method: post, path: privacyPath + "/{privacyRequestId}/retry", scope: team, handle: s.privacyAction,
			doc: doc{summary: "Resume a failed, paused or input-waiting request at its first step not done", response: "PrivacyRequest", errors: []int{404, 409}}},
		{name: "privacy.verify", method: post, path: privacyPath + "/{privacyRequestId}/verify", scope: team, input: func() input { return &privacyVerify{} }, handle: s.privacyAction,
			doc: doc{summary: "Enter the one-time code the subject read back, or record how you verified them", request: "PrivacyVerify", response: "PrivacyRequest", errors: []int{403, 404, 409, 422}}},
		{name: "privacy.audit", method: get, path: privacyPath + "/{privacyRequestId}/audit", scope: team, handle: s.privacyAudit,
			doc: doc{summary: "The request's append-only, hash-chained audit trail", response: "PrivacyAudit", errors: []int{404}}},
		{name: "privacy.auditVerify", method: get, path: privacyPath + "/{privacyRequestId}/audit/verify", scope: team, handle: s.privacyAudit,
			doc: doc{summary: "Check the audit trail's chain: an edited, inserted or deleted entry is reported with the first bad entry", response: "PrivacyAuditVerification", errors: []int{404}}},
		{name: "unsubscribe.get", method: get, path: "/v1/unsubscribe", scope: public, query: []qparam{qToken}, handle: s.getUnsubscribe,
			doc: doc{summary: "What the unsubscribe link in an email would do (changes nothing: mail scanners fetch links); a page with the button for Accept: text/html", response: "Unsubscription"}},
		{name: "unsubscribe.confirm", method: post, path: "/v1/unsubscribe", scope: public, query: []qparam{qToken}, form: true, handle: s.postUnsubscribe,
			doc: doc{summary: "One-click unsubscribe (RFC 8058 List-Unsubscribe-Post): ends the consent the email was sent under, no sign-in; repeating it changes nothing", response: "Unsubscription"}},
		{name: "holds.place", method: post, path: "/v1/privacy/holds", scope: team, input: func() input { return &holdCreate{} }, handle: s.placeHold,
			doc: doc{summary: "Place a legal hold on an organization or a person: their data stops expiring, the sweep skips it, erasure pauses (audited)", request: "LegalHoldCreate", response: "LegalHold", status: 201, errors: []int{404}}},
		{name: "holds.listAll", method: get, path: "/v1/privacy/holds", scope: team, handle: s.listHolds,
			doc: doc{summary: "Every legal hold, newest first, in force or released", response: "LegalHoldList", errors: []int{404}}},
		{name: "holds.get", method: get, path: "/v1/privacy/holds/{holdId}", scope: team, handle: s.getHold,
			doc: doc{summary: "One legal hold", response: "LegalHold", errors: []int{404}}},
		{name: "holds.release", method: del, path: "/v1/privacy/holds/{holdId}", scope: team, handle: s.releaseHold,
			doc: doc{summary: "Release a legal hold: the held data gets back the expiry its rule gives it now (audited)", response: "LegalHold", errors: []int{404, 409}}},
		{name: "retention.get", method: get, path: "/v1/privacy/retention", scope: team, handle: s.retentionReport,
			doc: doc{summary: "The retention report: per data category the schedule, live items, the item nearest its limit, legal holds, deletions in the last 30 days by TTL and by the sweep, and flags (late_sweep, deleted_early, never_swept)", response: "RetentionReport", errors: []int{404}}},
		{name: "privacy.notifyPolicy", method: post, path: "/v1/privacy/policy-versions/{policyVersion}/notify", scope: team, handle: s.notifyPolicy,
			doc: doc{summary: "Email every registered user once about the policy version in force (a material change, policy section 11): queued, resumable, no user emailed twice", response: "PolicyNotify", status: 202, errors: []int{404}}},
		{name: "privacy.dataMap", method: get, path: "/v1/privacy/data-map", scope: team, handle: s.dataMap,
			doc: doc{summary: "The data map (record of processing): every entity and attribute stored, its category, retention, purpose, processors, how it is found and erased; Markdown with Accept: text/markdown", response: "DataMap", errors: []int{404}}},
		{name: "metrics.get", method: get, path: orgPath + "/metrics", scope: orgScoped, perm: org.ReadOrg, load: want(org.Want{}), handle: s.getMetrics,
			query: []qparam{qFrom, qTo, qPlatform, qLevel, qGroupBy},
			doc:   doc{summary: "Synced campaign metrics over a range of days: totals per currency and per group, with CTR, CPC, CPM, cost per lead and ROAS from the sums", response: "MetricsReport"}},
		{name: "metrics.overview", method: get, path: orgPath + "/metrics/overview", scope: orgScoped, perm: org.ReadOrg, load: want(org.Want{}), handle: s.getOverview,
			query: []qparam{qPeriod},
			doc:   doc{summary: "The dashboard: each platform's totals this period against the period before", response: "MetricsOverview"}},
		{name: "reports.weekly", method: get, path: orgPath + "/reports/weekly", scope: orgScoped, perm: org.ReadOrg, load: want(org.Want{Org: true}), handle: s.weeklyReport,
			query: []qparam{qWeek},
			doc:   doc{summary: "The weekly performance report (what the weekly email shows): spend, leads and cost per lead against the week before, per day and campaign, the best and weakest campaigns, the week's recommendations; the HTML page with Accept: text/html", response: "WeeklyReport"}},
		{name: "insights.get", method: get, path: orgPath + "/insights", scope: orgScoped, perm: org.ReadOrg, load: want(org.Want{}), handle: s.getInsights,
			query: []qparam{qFrom, qTo, qPlatform, qDim},
			doc:   doc{summary: "Audience breakdowns of campaign metrics (age and gender, placement, device, network): aggregates only", response: "InsightsReport"}},

		{name: "billing.get", method: get, path: orgPath + "/billing", scope: orgScoped, perm: org.ReadBilling, load: want(org.Want{}), handle: s.getBilling,
			doc: doc{summary: "Plan, subscription status, next renewal, payment method (brand and last four digits), billing address, invoices", response: "Billing"}},
		{name: "billing.checkout", method: post, path: orgPath + "/billing/checkout", scope: orgScoped, perm: org.ManageBilling, load: want(org.Want{}),
			input: func() input { return &billingCheckout{plans: s.d.Billing.Plans} }, handle: s.checkout,
			doc: doc{summary: "Start paying for a plan: the URL of a Stripe Checkout page for the member's browser", request: "BillingCheckout", response: "BillingSession"}},
		{name: "billing.portal", method: post, path: orgPath + "/billing/portal", scope: orgScoped, perm: org.ManageBilling, load: want(org.Want{}), handle: s.portal,
			doc: doc{summary: "Manage the subscription, payment method and billing address: the URL of a Stripe Customer Portal session", response: "BillingSession", errors: []int{409}}},
	}
}

// want loads the caller's membership and w in one request.
func want(w org.Want) func(*call) (org.Snapshot, error) {
	return func(c *call) (org.Snapshot, error) { return c.s.d.Orgs.Load(c.ctx, c.orgID, c.who.UserID, w) }
}

// wantTarget also loads the member in the path.
func wantTarget(c *call) (org.Snapshot, error) {
	return c.s.d.Orgs.Load(c.ctx, c.orgID, c.who.UserID, org.Want{Target: memberID(c.r)})
}

func wantSupport(c *call) (org.Snapshot, error) {
	seq, _ := org.ParseSupportID(c.r.PathValue("messageId"))
	return c.s.d.Orgs.Load(c.ctx, c.orgID, c.who.UserID, org.Want{Support: seq})
}

// Health is the answer of GET /v1/health. The route is public, so in prod
// it says only "ok": the running version would tell an attacker which
// fixes are deployed.
type Health struct {
	Status    string `json:"status"`
	Stage     string `json:"stage,omitempty"`
	Version   string `json:"version,omitempty"`
	Commit    string `json:"commit,omitempty"`
	BuildTime string `json:"buildTime,omitempty"`
}

func (s *Server) health(*call) (reply, error) {
	if s.d.Stage == "prod" {
		return ok(Health{Status: "ok"})
	}
	return ok(Health{Status: "ok", Stage: s.d.Stage, Version: buildinfo.Version, Commit: buildinfo.Commit, BuildTime: buildinfo.BuildTime})
}

// openAPIDoc serves the document, generated once per container.
func (s *Server) openAPIDoc(c *call) (reply, error) {
	doc, err := s.openapi()
	if err != nil {
		return reply{}, err
	}
	h := c.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "public, max-age=300")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(doc)
	return reply{status: alreadyWritten}, nil
}

// Route describes a route for tests and tools.
type Route struct {
	Name, Method, Path string
	// Scope is "public", "self", "org" or "privacy-team".
	Scope      string
	Permission org.Permission
	// MinRole is the weakest role allowed, for org-scoped routes.
	MinRole org.Role
	HasBody bool
}

// Routes lists the routes registered on the router.
func (s *Server) Routes() []Route {
	out := make([]Route, 0, len(s.routes))
	for _, rt := range s.routes {
		sc := map[scope]string{public: "public", self: "self", orgScoped: "org", team: "privacy-team"}[rt.scope]
		r := Route{Name: rt.name, Method: rt.method, Path: rt.path, Scope: sc, HasBody: rt.input != nil || rt.form}
		if rt.scope == orgScoped {
			r.Permission, r.MinRole = rt.perm, org.MinRole(rt.perm)
		}
		out = append(out, r)
	}
	return out
}
