// Package orgdb keeps organizations in the account table (DynamoDB).
//
// One partition per organization holds everything the API reads together:
//
//	pk ORG#<org>  sk ORG                     company profile and counters
//	              sk SETTINGS                campaign settings
//	              sk INVITE#<inviteId>       invitation   (gsi1: INVITEE#<emailKey> / ORG#<org>)
//	              sk MEMBER#<userId>         membership   (gsi1: USER#<userId> / ORG#<org>)
//	              sk MEMBER~SUPPORT#<10-n>   support message n, newest first
//
// A cancelled organization's ORG item is also in gsi1 (CANCELLED# / <org>)
// until StampCancelled has given every item of its partition an expiry.
//
// The support messages' sort key is chosen so that they sort right after the
// memberships ('~' follows every ID character): one Query that starts at the
// caller's membership reads the membership and the newest messages together.
// That is what keeps a list page, authorization included, one request.
package orgdb

import (
	"fmt"
	"strings"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
)

const (
	orgPrefix     = "ORG#"
	skOrg         = "ORG"
	skSettings    = "SETTINGS"
	memberPrefix  = "MEMBER#"
	invitePrefix  = "INVITE#"
	supportPrefix = "MEMBER~SUPPORT#"
	// membersEnd sorts after every MEMBER#<id> and before the messages.
	membersEnd = "MEMBER#~"
	// supportEnd sorts after every message.
	supportEnd = "MEMBER~SUPPORT$"

	userGSI = "USER#"
	// cancelledGSI lists cancelled organizations whose partition is not
	// fully stamped with its expiry yet (the org item, sparse in gsi1).
	cancelledGSI = "CANCELLED#"
	// reactivatedGSI lists reactivated organizations whose partition may
	// still hold items with the cancellation's expiry (cancelExp).
	reactivatedGSI = "REACTIVATED#"
	inviteeGSI     = "INVITEE#"
	gsiIndex       = "gsi1"
	gsiPK          = "gsi1pk"
	gsiSK          = "gsi1sk"

	// maxSeq bounds support sequence numbers so that maxSeq-n, zero-padded,
	// sorts newest first.
	maxSeq = 9_999_999_999
)

func orgPK(orgID string) string { return orgPrefix + orgID }

// memberSK keys a member ID: invitation IDs start with inv_.
func memberSK(id string) string {
	if strings.HasPrefix(id, "inv_") {
		return invitePrefix + id
	}
	return memberPrefix + id
}

func supportSK(seq int64) string { return fmt.Sprintf("%s%010d", supportPrefix, maxSeq-seq) }

func orgKey(orgID string) dynamo.Item                { return dynamo.Key(orgPK(orgID), skOrg) }
func settingsKey(orgID string) dynamo.Item           { return dynamo.Key(orgPK(orgID), skSettings) }
func memberKey(orgID, id string) dynamo.Item         { return dynamo.Key(orgPK(orgID), memberSK(id)) }
func supportKey(orgID string, seq int64) dynamo.Item { return dynamo.Key(orgPK(orgID), supportSK(seq)) }

func emailKey(email string) string { return ids.EmailKey(email) }

func inviteID(orgID, email string) string { return ids.InviteID(orgID, email) }
