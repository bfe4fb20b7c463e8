// Package profiledb keeps profiles in two tables, by data category:
//
//	account table    pk USER#<userId> sk PROFILE                  name, email, phone, job title, AI opt-out
//	marketing table  pk USER#<userId> sk PREFS                    communication preferences
//	                 pk USER#<userId> sk CONSENT#marketing-email  present only while consent lasts
//
// Consent is kept "until you unsubscribe" (policy section 7): withdrawing it
// deletes the consent item. The profile is account information, kept while
// the user belongs to an active organization and 3 years after: Clock (run
// by the daily retention sweep) starts and stops its expiry.
package profiledb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/profile"
	"github.com/medspa-ai/backend/shared/retention"
)

// DB is what the store needs of the DynamoDB client.
type DB interface {
	BatchGetItem(context.Context, *dynamodb.BatchGetItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
	TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

// Store implements profile.Store.
type Store struct {
	account, marketing *dynamo.Table
	db                 DB
}

var _ profile.Store = (*Store)(nil)

const (
	skProfile = "PROFILE"
	skPrefs   = "PREFS"
	skConsent = "CONSENT#marketing-email"
)

// New binds the store to the account and marketing tables.
func New(account, marketing *dynamo.Table) (*Store, error) {
	if account == nil || account.Category != retention.Account || marketing == nil || marketing.Category != retention.Marketing {
		return nil, fmt.Errorf("profiledb: needs the account and marketing tables")
	}
	db, ok := account.DB.(DB)
	if !ok {
		return nil, fmt.Errorf("profiledb: the table's client cannot batch or transact")
	}
	return &Store{account: account, marketing: marketing, db: db}, nil
}

const userPrefix = "USER#"

func pk(userID string) string { return userPrefix + userID }

// Get reads all three items in one BatchGetItem across both tables.
func (s *Store) Get(ctx context.Context, userID string) (profile.Profile, bool, error) {
	req := map[string]types.KeysAndAttributes{
		s.account.Name:   {Keys: []dynamo.Item{dynamo.Key(pk(userID), skProfile)}, ConsistentRead: aws.Bool(true)},
		s.marketing.Name: {Keys: []dynamo.Item{dynamo.Key(pk(userID), skPrefs), dynamo.Key(pk(userID), skConsent)}, ConsistentRead: aws.Bool(true)},
	}
	got := map[string]dynamo.Item{}
	for attempt := 0; len(req) > 0; attempt++ {
		out, err := s.db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: req})
		if err != nil {
			return profile.Profile{}, false, err
		}
		for _, it := range out.Responses[s.account.Name] {
			if s.account.Live(it) {
				got[dynamo.String(it, dynamo.SK)] = it
			}
		}
		for _, it := range out.Responses[s.marketing.Name] {
			if s.marketing.Live(it) {
				got[dynamo.String(it, dynamo.SK)] = it
			}
		}
		if req = out.UnprocessedKeys; len(req) > 0 {
			if attempt >= 5 {
				return profile.Profile{}, false, errors.New("profiledb: keys left unprocessed")
			}
			time.Sleep(time.Duration(20<<attempt) * time.Millisecond)
		}
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
	if it, ok := got[skPrefs]; ok {
		p.Communication = profile.Communication{ProductUpdates: boolAttr(it, "productUpdates"), PerformanceReports: boolAttr(it, "performanceReports")}
	}
	if it, ok := got[skConsent]; ok {
		p.MarketingEmails = true
		p.MarketingConsentAt = parseTS(it, "consentedAt")
	}
	return p, found, nil
}

// Put writes the three items in one transaction across both tables,
// conditioned on the profile's version.
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
	prefs := dynamo.Key(pk(p.UserID), skPrefs)
	prefs["productUpdates"] = &types.AttributeValueMemberBOOL{Value: p.Communication.ProductUpdates}
	prefs["performanceReports"] = &types.AttributeValueMemberBOOL{Value: p.Communication.PerformanceReports}
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
	consentKey := dynamo.Key(pk(p.UserID), skConsent)
	if p.MarketingEmails {
		c := dynamo.Key(pk(p.UserID), skConsent)
		c["consentedAt"] = ts(p.MarketingConsentAt)
		c["email"] = dynamo.S(p.Email)
		if err := s.marketing.Stamp(c, dynamo.Expiry{}); err != nil {
			return err
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{TableName: aws.String(s.marketing.Name), Item: c}})
	} else {
		items = append(items, types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(s.marketing.Name), Key: consentKey}})
	}
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		for _, r := range tc.CancellationReasons {
			switch aws.ToString(r.Code) {
			case "ConditionalCheckFailed":
				return profile.ErrStale
			case "TransactionConflict":
				// The version may still be the caller's: the other write
				// can fail too. "Retry", not "re-read".
				return profile.ErrConflict
			}
		}
	}
	return err
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
