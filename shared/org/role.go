package org

// Role is a member's role in one organization. The privacy team is not a
// role: it is a platform-wide group carried by the identity token.
type Role string

const (
	Owner    Role = "owner"
	Admin    Role = "admin"
	Marketer Role = "marketer"
	Viewer   Role = "viewer"
)

// Roles lists every role, strongest first.
var Roles = []Role{Owner, Admin, Marketer, Viewer}

// rank orders roles; a role may do what any weaker role may.
func (r Role) rank() int {
	switch r {
	case Owner:
		return 4
	case Admin:
		return 3
	case Marketer:
		return 2
	case Viewer:
		return 1
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r is min or stronger.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// Permission is one kind of action on an organization's data.
type Permission string

const (
	ReadOrg   Permission = "org:read"
	UpdateOrg Permission = "org:update"
	CancelOrg Permission = "org:cancel"
	// ReactivateOrg is the one write a cancelled organization accepts.
	ReactivateOrg  Permission = "org:reactivate"
	LeaveOrg       Permission = "org:leave"
	ReadMembers    Permission = "members:read"
	InviteMembers  Permission = "members:invite"
	ChangeRoles    Permission = "members:change-role"
	RemoveMembers  Permission = "members:remove"
	ReadSettings   Permission = "settings:read"
	UpdateSettings Permission = "settings:update"
	SendSupport    Permission = "support:send"
	ReadSupport    Permission = "support:read"
	ReadContent    Permission = "content:read"
	CreateContent  Permission = "content:create"
	CheckContent   Permission = "content:check"
	SetAIOptOut    Permission = "settings:ai-opt-out"
	SetAutoApply   Permission = "settings:auto-apply"
	// ReadConnections and ManageConnections are about ad-account connections.
	ReadConnections   Permission = "connections:read"
	ManageConnections Permission = "connections:manage"
	// ReadBilling and ManageBilling are about the organization's plan,
	// invoices and payment method.
	ReadBilling   Permission = "billing:read"
	ManageBilling Permission = "billing:manage"
	// ReadRecommendations, DecideRecommendations and RevertRecommendations
	// are about the optimiser's budget, bid and targeting recommendations.
	ReadRecommendations   Permission = "recommendations:read"
	DecideRecommendations Permission = "recommendations:decide"
	RevertRecommendations Permission = "recommendations:revert"
	// ReadCampaigns, WriteCampaigns and ApproveCampaigns are about uploaded
	// creatives, campaign drafts and publishing.
	ReadCampaigns    Permission = "campaigns:read"
	WriteCampaigns   Permission = "campaigns:write"
	ApproveCampaigns Permission = "campaigns:approve"
)

// permission is one row of the permission table.
type permission struct {
	p      Permission
	min    Role
	writes bool
	why    string
}

// table is THE permission table: the README's table is generated from the
// same rows (see Table), and every org-scoped route names one permission.
var table = []permission{
	{ReadOrg, Viewer, false, "every member sees the company profile"},
	{UpdateOrg, Admin, true, "the company profile is what ads say about the business"},
	{CancelOrg, Owner, true, "ends the customer relationship for everyone"},
	{ReactivateOrg, Owner, true, "resumes the relationship within 3 years of cancelling, for everyone"},
	{LeaveOrg, Viewer, true, "anyone may leave; the last owner makes someone else owner first"},
	{ReadMembers, Viewer, false, "members see who else works in the organization"},
	{InviteMembers, Admin, true, "admins grow the team; only owners invite owners"},
	{ChangeRoles, Admin, true, "admins manage non-owner roles; only owners grant or take ownership"},
	{RemoveMembers, Admin, true, "admins remove non-owners; only owners remove owners"},
	{ReadSettings, Viewer, false, "every member sees goals, budgets and automations"},
	{UpdateSettings, Marketer, true, "marketers run the campaigns"},
	{SendSupport, Viewer, true, "anyone on the team may ask for help or send feedback"},
	{ReadSupport, Admin, false, "support threads may hold business details; admins oversee them"},
	{ReadContent, Viewer, false, "every member sees generated content and its rule checks"},
	{CreateContent, Marketer, true, "marketers ask for ad copy, images and video"},
	{CheckContent, Marketer, false, "marketers check their own copy against the ad rules"},
	{SetAIOptOut, Owner, true, "opting the organization out of AI processing limits features for everyone"},
	{SetAutoApply, Owner, true, "letting the optimiser change budgets without anyone's approval moves the business's money; owners decide it and its limits"},
	{ReadConnections, Viewer, false, "every member sees which ad accounts are connected and how they are doing"},
	{ManageConnections, Marketer, true, "marketers connect, pause and disconnect the ad accounts they run"},
	{ReadBilling, Admin, false, "invoices, the plan and the billing address are the business's finances"},
	{ManageBilling, Admin, true, "admins choose the plan and change the payment method"},
	{ReadRecommendations, Viewer, false, "every member sees what the optimiser recommends and why"},
	{DecideRecommendations, Marketer, true, "marketers run the campaigns: they approve or reject a recommendation, and an approved budget change goes to the platform"},
	{RevertRecommendations, Admin, true, "undoing an applied change moves money back at the platform; admins oversee it"},
	{ReadCampaigns, Viewer, false, "every member sees uploads, drafts and how publishing went"},
	{WriteCampaigns, Marketer, true, "marketers upload creatives, draft campaigns, and pause, resume or archive them"},
	{ApproveCampaigns, Marketer, true, "a marketer, admin or owner approves a draft, which publishes it"},
}

// PermissionRow is one row of the permission table, for documentation.
type PermissionRow struct {
	Permission Permission
	MinRole    Role
	Writes     bool
	Why        string
}

// Table returns the permission table in a stable order.
func Table() []PermissionRow {
	out := make([]PermissionRow, len(table))
	for i, r := range table {
		out[i] = PermissionRow{r.p, r.min, r.writes, r.why}
	}
	return out
}

func lookup(p Permission) (permission, bool) {
	for _, r := range table {
		if r.p == p {
			return r, true
		}
	}
	return permission{}, false
}

// MinRole is the weakest role granted p. An unknown permission is granted to
// no role (the zero Role), so a typo denies instead of allowing.
func MinRole(p Permission) Role {
	r, _ := lookup(p)
	return r.min
}

// Writes reports whether p changes data; writes stop once an organization is
// cancelled.
func (p Permission) Writes() bool {
	r, ok := lookup(p)
	return !ok || r.writes
}

// AllowedWhenCancelled reports whether p is allowed on a cancelled
// organization: reads, and reactivation.
func (p Permission) AllowedWhenCancelled() bool { return !p.Writes() || p == ReactivateOrg }

// Can reports whether role r is granted p.
func (r Role) Can(p Permission) bool {
	min := MinRole(p)
	return min.Valid() && r.AtLeast(min)
}

// CanAssign reports whether actor may give a member (or an invitation) the
// role to, the member now holding from ("" for a new invitation). Ownership
// is only granted or taken by owners, and nobody hands out a role stronger
// than their own.
func CanAssign(actor, from, to Role) bool {
	if !to.Valid() || !actor.Can(ChangeRoles) {
		return false
	}
	if from == Owner || to == Owner {
		return actor == Owner
	}
	return actor.AtLeast(to)
}

// CanRemove reports whether actor may remove a member holding role target.
func CanRemove(actor, target Role) bool {
	if !actor.Can(RemoveMembers) {
		return false
	}
	if target == Owner {
		return actor == Owner
	}
	return true
}
