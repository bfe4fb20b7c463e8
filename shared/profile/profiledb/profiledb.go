// Package profiledb keeps profiles in two tables, by data category:
//
//	account table    pk USER#<userId> sk PROFILE                  name, email, phone, job title, AI opt-out
//	marketing table  pk USER#<userId> sk PREFS                    the user has chosen (defaults no longer apply)
//	                 pk USER#<userId> sk CONSENT#<topic>          one consent record per subscribed topic
//
// Consent is kept "until you unsubscribe" (policy section 7): withdrawing it
// ends the record (endedAt, and expiresAt at that moment, so reads stop
// seeing it at once and the sweep or TTL deletes it); subscribing again
// writes a new record with a new consentId over the ended one. A user who
// never chose has no PREFS item and gets profile.Default's topics. The profile is account information, kept while
// the user belongs to an active organization and 3 years after: Clock (run
// by the daily retention sweep) starts and stops its expiry.
package profiledb

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/marketing"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention"
)

// DB is what the store needs of the DynamoDB client.
type DB interface {
	dynamo.Transactor
	dynamo.BatchGetter
}

// Store implements profile.Store.
type Store struct {
	account, marketing *dynamo.Table
	db                 DB
}

var (
	_ profile.Store   = (*Store)(nil)
	_ marketing.Store = (*Store)(nil)
)

const (
	skProfile = "PROFILE"
	skPrefs   = "PREFS"
)

// ConsentSK is the sort key of a topic's consent record.
func ConsentSK(t profile.Topic) string { return "CONSENT#" + string(t) }

// ConsentKey is the key of userID's consent record for t.
func ConsentKey(userID string, t profile.Topic) dynamo.Item {
	return dynamo.Key(pk(userID), ConsentSK(t))
}

// PrefsKey is the key of the item that says userID has chosen.
func PrefsKey(userID string) dynamo.Item { return dynamo.Key(pk(userID), skPrefs) }

// New binds the store to the account and marketing tables.
func New(account, marketing *dynamo.Table) (*Store, error) {
	if err := cmp.Or(dynamo.Require("profiledb", account, retention.Account), dynamo.Require("profiledb", marketing, retention.Marketing)); err != nil {
		return nil, err
	}
	db, ok := account.DB.(DB)
	if !ok {
		return nil, fmt.Errorf("profiledb: the table's client cannot batch or transact")
	}
	return &Store{account: account, marketing: marketing, db: db}, nil
}

const userPrefix = "USER#"

func pk(userID string) string { return userPrefix + userID }

// Get reads the profile, PREFS and every topic's consent record in one
// BatchGetItem across both tables.
func (s *Store) Get(ctx context.Context, userID string) (profile.Profile, bool, error) {
	items, err := dynamo.BatchGet(ctx, s.db, map[*dynamo.Table][]dynamo.Item{
		s.account:   {dynamo.Key(pk(userID), skProfile)},
		s.marketing: marketingKeys(userID),
	}, errors.New("profiledb: keys left unprocessed"))
	if err != nil {
		return profile.Profile{}, false, err
	}
	got := map[string]dynamo.Item{}
	for _, it := range items {
		got[dynamo.String(it, dynamo.SK)] = it
	}
	it, found := got[skProfile]
	p := profile.Default(userID, "")
	if found {
		p.Email = dynamo.String(it, "email")
		p.Name = dynamo.String(it, "name")
		p.Phone = dynamo.String(it, "phone")
		p.JobTitle = dynamo.String(it, "jobTitle")
		p.AIOptOut = boolAttr(it, "aiOptOut")
		p.Restricted = boolAttr(it, "restricted")
		p.CreatedAt = parseTS(it, "createdAt")
		p.UpdatedAt = parseTS(it, "updatedAt")
		p.Version = dynamo.Int(it, "version")
		p.PolicyVersion = dynamo.String(it, "policyVersion")
		p.PolicyAcceptedAt = parseTS(it, "policyAcceptedAt")
		p.PolicyNotice = dynamo.String(it, "policyNotice")
		p.PolicyNoticeAt = parseTS(it, "policyNoticeAt")
	}
	_, chosen := got[skPrefs]
	if chosen {
		p.Communication = profile.Communication{}
	}
	for _, t := range profile.Topics {
		it, ok := got[ConsentSK(t)]
		if !ok || it["endedAt"] != nil {
			continue
		}
		c := profile.Consent{ID: dynamo.String(it, "consentId"), At: parseTS(it, "consentedAt")}
		p.Consents[t] = c
		p.Subscribe(t, true, c.At)
	}
	return p, found, nil
}

func marketingKeys(userID string) []dynamo.Item {
	keys := []dynamo.Item{PrefsKey(userID)}
	for _, t := range profile.Topics {
		keys = append(keys, ConsentKey(userID, t))
	}
	return keys
}

// ConsentItem is the consent record c of userID for t, unstamped.
func ConsentItem(userID string, t profile.Topic, c profile.Consent, email string) dynamo.Item {
	it := ConsentKey(userID, t)
	it["topic"] = dynamo.S(string(t))
	it["consentId"] = dynamo.S(c.ID)
	it["consentedAt"] = ts(c.At)
	if email != "" {
		it["email"] = dynamo.S(email)
	}
	return it
}

// EndConsent is the update that ends the consent record id of userID for
// t at at, if it is still that record and still live: its retention ends
// with it (expiresAt = at, the marketing rule), in the expiry index.
func EndConsent(t *dynamo.Table, userID string, topic profile.Topic, id string, at time.Time) (*types.Update, error) {
	exp, ok, err := t.Schedule.ExpiresAt(retention.Marketing, at, 0)
	if err != nil || !ok {
		return nil, fmt.Errorf("profiledb: no expiry for an ended consent: %v", err)
	}
	key := ConsentKey(userID, topic)
	return &types.Update{
		TableName:           aws.String(t.Name),
		Key:                 key,
		UpdateExpression:    aws.String("SET endedAt = :at, expiresAt = :exp, expBucket = :b"),
		ConditionExpression: aws.String("consentId = :id AND attribute_not_exists(endedAt)"),
		ExpressionAttributeValues: dynamo.Item{":at": ts(at), ":exp": dynamo.N(exp.Unix()), ":b": t.BucketAV(key, exp.Unix()),
			":id": dynamo.S(id)},
	}, nil
}

// Put writes the profile, the PREFS item and the consent records that
// start or end in one transaction across both tables, conditioned on the
// profile's version (and each consent record on being the one p read).
func (s *Store) Put(ctx context.Context, p profile.Profile) error {
	prof := dynamo.Key(pk(p.UserID), skProfile)
	prof["userId"] = dynamo.S(p.UserID)
	prof["email"] = dynamo.S(p.Email)
	prof["name"] = dynamo.S(p.Name)
	prof["phone"] = dynamo.S(p.Phone)
	prof["jobTitle"] = dynamo.S(p.JobTitle)
	prof["aiOptOut"] = &types.AttributeValueMemberBOOL{Value: p.AIOptOut}
	prof["restricted"] = &types.AttributeValueMemberBOOL{Value: p.Restricted}
	prof["createdAt"] = ts(p.CreatedAt)
	prof["updatedAt"] = ts(p.UpdatedAt)
	prof["version"] = dynamo.N(p.Version)
	if p.PolicyVersion != "" {
		prof["policyVersion"] = dynamo.S(p.PolicyVersion)
		prof["policyAcceptedAt"] = ts(p.PolicyAcceptedAt)
	}
	if p.PolicyNotice != "" {
		prof["policyNotice"] = dynamo.S(p.PolicyNotice)
		prof["policyNoticeAt"] = ts(p.PolicyNoticeAt)
	}
	prefs := PrefsKey(p.UserID)
	prefs["updatedAt"] = ts(p.UpdatedAt)
	for _, x := range []struct {
		t    *dynamo.Table
		item dynamo.Item
	}{{s.account, prof}, {s.marketing, prefs}} {
		if err := x.t.Stamp(x.item, dynamo.Expiry{}); err != nil {
			return err
		}
	}
	cond, values := "attribute_not_exists(pk)", dynamo.Item(nil)
	if p.Version > 1 {
		cond, values = "#v = :prev", dynamo.Item{":prev": dynamo.N(p.Version - 1)}
	}
	var names map[string]string
	if values != nil {
		names = map[string]string{"#v": "version"}
	}
	items := []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(s.account.Name), Item: prof, ConditionExpression: aws.String(cond), ExpressionAttributeNames: names, ExpressionAttributeValues: values}},
		{Put: &types.Put{TableName: aws.String(s.marketing.Name), Item: prefs}},
	}
	settled := p.Settled()
	for _, t := range profile.Topics {
		had, hadOK := p.Consents[t]
		now, nowOK := settled.Consents[t]
		switch {
		case nowOK && (!hadOK || had.ID != now.ID):
			// A new record replaces an ended one (or is this same record
			// again); a live record of another consent means the caller
			// read before it was given: stale.
			c := ConsentItem(p.UserID, t, now, p.Email)
			if err := s.marketing.Stamp(c, dynamo.Expiry{}); err != nil {
				return err
			}
			items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String(s.marketing.Name), Item: c,
				ConditionExpression:       aws.String("attribute_not_exists(consentId) OR attribute_exists(endedAt) OR consentId = :id"),
				ExpressionAttributeValues: dynamo.Item{":id": dynamo.S(now.ID)}}})
		case hadOK && !nowOK:
			u, err := EndConsent(s.marketing, p.UserID, t, had.ID, p.UpdatedAt)
			if err != nil {
				return err
			}
			items = append(items, types.TransactWriteItem{Update: u})
		}
	}
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	switch txRefusal(err) {
	case "ConditionalCheckFailed":
		return profile.ErrStale
	case "TransactionConflict":
		// The version may still be the caller's: the other write can fail
		// too. "Retry", not "re-read".
		return profile.ErrConflict
	}
	return err
}

// txRefusal is the first reason a cancelled transaction gives of the two
// the store answers for, "ConditionalCheckFailed" (a condition of ours) or
// "TransactionConflict" (a concurrent write); "" for any other error.
func txRefusal(err error) string {
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		for _, r := range tc.CancellationReasons {
			if c := aws.ToString(r.Code); c == "ConditionalCheckFailed" || c == "TransactionConflict" {
				return c
			}
		}
	}
	return ""
}

func ts(t time.Time) types.AttributeValue { return dynamo.S(t.UTC().Format(time.RFC3339Nano)) }

func parseTS(item dynamo.Item, name string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, dynamo.String(item, name))
	return t
}

func boolAttr(item dynamo.Item, name string) bool {
	b, _ := item[name].(*types.AttributeValueMemberBOOL)
	return b != nil && b.Value
}

// Unsubscribe ends userID's consent record for t if consentID names the
// live one, in one transaction with the PREFS item (so a user who never
// chose does not fall back to the defaults). consentID "" is the default
// subscription of a user who never chose (profile.Default): it ends only
// while there is no PREFS item. ended is false, and nothing is written,
// when the record is already ended, replaced by a later consent, or
// never existed: a link made for one consent never ends another.
func (s *Store) Unsubscribe(ctx context.Context, userID string, t profile.Topic, consentID string, at time.Time) (bool, error) {
	prefs := PrefsKey(userID)
	prefs["updatedAt"] = ts(at)
	if err := s.marketing.Stamp(prefs, dynamo.Expiry{}); err != nil {
		return false, err
	}
	put := &types.Put{TableName: aws.String(s.marketing.Name), Item: prefs}
	var items []types.TransactWriteItem
	if consentID == "" {
		if !profile.Default(userID, "").Subscribed(t) {
			return false, nil
		}
		put.ConditionExpression = aws.String("attribute_not_exists(pk)")
		items = []types.TransactWriteItem{{Put: put}}
	} else {
		u, err := EndConsent(s.marketing, userID, t, consentID, at)
		if err != nil {
			return false, err
		}
		items = []types.TransactWriteItem{{Update: u}, {Put: put}}
	}
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	switch txRefusal(err) {
	case "ConditionalCheckFailed":
		return false, nil
	case "TransactionConflict":
		return false, profile.ErrConflict
	}
	return err == nil, err
}
