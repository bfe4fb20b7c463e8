package orgdb

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// Attribute encoding is written out by hand: the items are few and small,
// and explicit names keep the privacy data map honest (every attribute we
// store is named here).

func ts(t time.Time) types.AttributeValue { return dynamo.S(t.UTC().Format(time.RFC3339Nano)) }

func parseTS(item dynamo.Item, name string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, dynamo.String(item, name))
	return t
}

func boolAV(b bool) types.AttributeValue { return &types.AttributeValueMemberBOOL{Value: b} }

func strList(ss []string) types.AttributeValue {
	l := make([]types.AttributeValue, len(ss))
	for i, s := range ss {
		l[i] = dynamo.S(s)
	}
	return &types.AttributeValueMemberL{Value: l}
}

func orgItem(o org.Org) dynamo.Item {
	item := orgKey(o.ID)
	for k, v := range orgProfile(o) {
		item[k] = v
	}
	item["entity"] = dynamo.S("org")
	item["orgId"] = dynamo.S(o.ID)
	item["status"] = dynamo.S(string(o.Status))
	item["createdAt"] = ts(o.CreatedAt)
	item["createdBy"] = dynamo.S(o.CreatedBy)
	item["version"] = dynamo.N(o.Version)
	item["memberCount"] = dynamo.N(int64(o.MemberCount))
	item["ownerCount"] = dynamo.N(int64(o.OwnerCount))
	item["supportSeq"] = dynamo.N(o.SupportSeq)
	return item
}

// orgProfile is the part of the org item a profile update replaces.
func orgProfile(o org.Org) dynamo.Item {
	locs := make([]types.AttributeValue, len(o.Locations))
	for i, l := range o.Locations {
		locs[i] = &types.AttributeValueMemberM{Value: dynamo.Item{"city": dynamo.S(l.City), "state": dynamo.S(l.State)}}
	}
	return dynamo.Item{
		"companyName": dynamo.S(o.CompanyName),
		"website":     dynamo.S(o.Website),
		"locations":   &types.AttributeValueMemberL{Value: locs},
		"services":    strList(o.Services),
		"brandVoice":  dynamo.S(o.BrandVoice),
		"timeZone":    dynamo.S(o.TimeZone),
		"updatedAt":   ts(o.UpdatedAt),
	}
}

func decodeOrg(item dynamo.Item) *org.Org {
	o := &org.Org{
		ID: dynamo.String(item, "orgId"),
		CompanyProfile: org.CompanyProfile{
			CompanyName: dynamo.String(item, "companyName"),
			Website:     dynamo.String(item, "website"),
			Services:    dynamo.Strings(item, "services"),
			BrandVoice:  dynamo.String(item, "brandVoice"),
			TimeZone:    dynamo.String(item, "timeZone"),
		},
		Status:        org.Status(dynamo.String(item, "status")),
		CancelledAt:   parseTS(item, "cancelledAt"),
		ReactivatedAt: parseTS(item, "reactivatedAt"),
		CreatedAt:     parseTS(item, "createdAt"),
		CreatedBy:     dynamo.String(item, "createdBy"),
		UpdatedAt:     parseTS(item, "updatedAt"),
		Version:       dynamo.Int(item, "version"),
		MemberCount:   int(dynamo.Int(item, "memberCount")),
		OwnerCount:    int(dynamo.Int(item, "ownerCount")),
		SupportSeq:    dynamo.Int(item, "supportSeq"),
	}
	if l, ok := item["locations"].(*types.AttributeValueMemberL); ok {
		for _, v := range l.Value {
			if m, ok := v.(*types.AttributeValueMemberM); ok {
				o.Locations = append(o.Locations, org.Location{City: dynamo.String(m.Value, "city"), State: dynamo.String(m.Value, "state")})
			}
		}
	}
	return o
}

func memberItem(m org.Member) dynamo.Item {
	item := memberKey(m.OrgID, m.ID)
	item["entity"] = dynamo.S("member")
	item[gsiPK] = dynamo.S(userGSI + m.ID)
	if m.Status == org.Invited {
		item["entity"] = dynamo.S("invitation")
		item[gsiPK] = dynamo.S(inviteeGSI + emailKey(m.Email))
	}
	item[gsiSK] = dynamo.S(orgPK(m.OrgID))
	item["orgId"] = dynamo.S(m.OrgID)
	item["memberId"] = dynamo.S(m.ID)
	item["status"] = dynamo.S(string(m.Status))
	item["role"] = dynamo.S(string(m.Role))
	item["email"] = dynamo.S(m.Email)
	item["orgName"] = dynamo.S(m.OrgName)
	item["orgStatus"] = dynamo.S(string(m.OrgStatus))
	item["invitedBy"] = dynamo.S(m.InvitedBy)
	item["at"] = ts(m.At)
	item["updatedAt"] = ts(m.UpdatedAt)
	item["version"] = dynamo.N(m.Version)
	return item
}

func decodeMember(item dynamo.Item) *org.Member {
	return &org.Member{
		OrgID:     dynamo.String(item, "orgId"),
		ID:        dynamo.String(item, "memberId"),
		Status:    org.MemberStatus(dynamo.String(item, "status")),
		Role:      org.Role(dynamo.String(item, "role")),
		Email:     dynamo.String(item, "email"),
		OrgName:   dynamo.String(item, "orgName"),
		OrgStatus: org.Status(dynamo.String(item, "orgStatus")),
		InvitedBy: dynamo.String(item, "invitedBy"),
		At:        parseTS(item, "at"),
		UpdatedAt: parseTS(item, "updatedAt"),
		Version:   dynamo.Int(item, "version"),
	}
}

func settingsAttrs(s org.Settings) dynamo.Item {
	caps := dynamo.Item{}
	for p, c := range s.MonthlyBudgetCapsCents {
		caps[string(p)] = dynamo.N(c)
	}
	auto := dynamo.Item{}
	for a, on := range s.Automations {
		auto[string(a)] = boolAV(on)
	}
	goals := make([]string, len(s.Goals))
	for i, g := range s.Goals {
		goals[i] = string(g)
	}
	return dynamo.Item{
		"goals":                  strList(goals),
		"targetCostPerLeadCents": dynamo.N(s.TargetCostPerLeadCents),
		"budgetCapsCents":        &types.AttributeValueMemberM{Value: caps},
		"automations":            &types.AttributeValueMemberM{Value: auto},
		"notes":                  dynamo.S(s.Notes),
		"aiOptOut":               boolAV(s.AIOptOut),
		"autoApply":              autoApplyAV(s.AutoApply),
		"updatedAt":              ts(s.UpdatedAt),
		"updatedBy":              dynamo.S(s.UpdatedBy),
	}
}

func settingsItem(s org.Settings) dynamo.Item {
	item := settingsKey(s.OrgID)
	for k, v := range settingsAttrs(s) {
		item[k] = v
	}
	item["entity"] = dynamo.S("settings")
	item["orgId"] = dynamo.S(s.OrgID)
	item["version"] = dynamo.N(s.Version)
	return item
}

func decodeSettings(item dynamo.Item) *org.Settings {
	s := &org.Settings{
		OrgID:                  dynamo.String(item, "orgId"),
		TargetCostPerLeadCents: dynamo.Int(item, "targetCostPerLeadCents"),
		MonthlyBudgetCapsCents: map[connector.Platform]int64{},
		Automations:            map[org.Automation]bool{},
		Notes:                  dynamo.String(item, "notes"),
		AIOptOut:               boolOf(item, "aiOptOut"),
		UpdatedAt:              parseTS(item, "updatedAt"),
		UpdatedBy:              dynamo.String(item, "updatedBy"),
		Version:                dynamo.Int(item, "version"),
	}
	for _, g := range dynamo.Strings(item, "goals") {
		s.Goals = append(s.Goals, org.Goal(g))
	}
	if m, ok := item["budgetCapsCents"].(*types.AttributeValueMemberM); ok {
		for k := range m.Value {
			s.MonthlyBudgetCapsCents[connector.Platform(k)] = dynamo.Int(m.Value, k)
		}
	}
	if m, ok := item["automations"].(*types.AttributeValueMemberM); ok {
		for k, v := range m.Value {
			if b, ok := v.(*types.AttributeValueMemberBOOL); ok {
				s.Automations[org.Automation(k)] = b.Value
			}
		}
	}
	if raw := dynamo.String(item, "autoApply"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &s.AutoApply)
		for k, a := range s.AutoApply {
			a.UpdatedAt = a.UpdatedAt.UTC()
			s.AutoApply[k] = a
		}
	}
	return s
}

// autoApplyAV keeps the owners' auto-apply rules as one JSON document: a
// handful of small records read and written with the settings.
func autoApplyAV(m map[org.AutoRule]org.AutoApply) types.AttributeValue {
	if len(m) == 0 {
		return dynamo.S("")
	}
	b, _ := json.Marshal(m)
	return dynamo.S(string(b))
}

const supportEntity = "support_message"

func supportItem(m org.SupportMessage) dynamo.Item {
	item := supportKey(m.OrgID, m.Seq)
	item["entity"] = dynamo.S(supportEntity)
	item["orgId"] = dynamo.S(m.OrgID)
	item["seq"] = dynamo.N(m.Seq)
	item["kind"] = dynamo.S(string(m.Kind))
	item["subject"] = dynamo.S(m.Subject)
	item["body"] = dynamo.S(m.Body)
	item["authorId"] = dynamo.S(m.AuthorID)
	item["status"] = dynamo.S(m.Status)
	item["createdAt"] = ts(m.CreatedAt)
	return item
}

func decodeSupport(item dynamo.Item) *org.SupportMessage {
	return &org.SupportMessage{
		OrgID:     dynamo.String(item, "orgId"),
		Seq:       dynamo.Int(item, "seq"),
		Kind:      org.SupportKind(dynamo.String(item, "kind")),
		Subject:   dynamo.String(item, "subject"),
		Body:      dynamo.String(item, "body"),
		AuthorID:  dynamo.String(item, "authorId"),
		Status:    dynamo.String(item, "status"),
		CreatedAt: parseTS(item, "createdAt"),
	}
}

func orgIDOf(item dynamo.Item) string {
	return strings.TrimPrefix(dynamo.String(item, dynamo.PK), orgPrefix)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func boolOf(item dynamo.Item, name string) bool {
	b, ok := item[name].(*types.AttributeValueMemberBOOL)
	return ok && b.Value
}
