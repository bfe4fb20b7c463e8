// Package connectordb keeps connections in the account table and OAuth
// states in the ephemeral table.
//
//	account table    pk ORG#<org>                 sk CONN#<id>   gsi1pk CONN#ACTIVE, gsi1sk <org>#<id> while synced;
//	                                                             expiryNoticeFor/At/Outcome: the expiry warning's record
//	                 pk ACCT#<platform>#<account>  sk CLAIM       orgId, connectionId: one organization per ad account
//	ephemeral table  pk OAUTH#<state>              sk -           provider, orgId, userId, scopes, verifier, binding, expiresAt (10 minutes)
//
// A connection item holds the account's name, ID, currency and time zone,
// its status and the tokens sealed by connector.Vault (attribute tokens,
// binary): never a plaintext token.
package connectordb

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// Active connections are also indexed under gsi1pk ActiveGSI, so the
// dispatcher finds them in one query without scanning every organization.
const (
	ActiveGSI = "CONN#ACTIVE"
	orgPrefix = "ORG#"
	conPrefix = "CONN#"
)

// Entity marks connection items (orgdb lists them with the caller's
// membership in one query).
const Entity = "connection"

// Key returns a connection's primary key.
func Key(orgID, id string) dynamo.Item { return dynamo.Key(orgPrefix+orgID, conPrefix+id) }

// ClaimKey is the key of the item that ties an ad account to one organization.
func ClaimKey(p connector.Platform, accountID string) dynamo.Item {
	return dynamo.Key("ACCT#"+string(p)+"#"+accountID, "CLAIM")
}

// StateKey is an OAuth state's key in the ephemeral table.
func StateKey(state string) dynamo.Item { return dynamo.Key("OAUTH#"+state, "-") }

// DB is the client the store needs: a connection and its account's claim
// are written in one transaction.
type DB = dynamo.TransactAPI

// Store keeps connections in the account table.
type Store struct {
	table *dynamo.Table
	db    DB
}

var _ connector.Store = Store{}

// New binds the store to the account table.
func New(account *dynamo.Table) (Store, error) {
	if err := dynamo.Require("connectordb", account, retention.Account); err != nil {
		return Store{}, err
	}
	db, _ := account.DB.(DB) // Save and Release need it; the dispatcher does not
	return Store{table: account, db: db}, nil
}

// ListActive calls fn for each page of active connections.
func (s Store) ListActive(ctx context.Context, fn func([]connector.Connection) error) error {
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String("gsi1"),
		KeyConditionExpression:    aws.String("gsi1pk = :active"),
		ExpressionAttributeValues: dynamo.Item{":active": dynamo.S(ActiveGSI)},
		ProjectionExpression:      aws.String("pk, sk, platform, expiresAt"),
	}
	return s.table.QueryPages(ctx, in, func(items []dynamo.Item) error {
		page := make([]connector.Connection, 0, len(items))
		for _, it := range items {
			page = append(page, connector.Connection{
				OrgID:    strings.TrimPrefix(dynamo.String(it, dynamo.PK), orgPrefix),
				ID:       strings.TrimPrefix(dynamo.String(it, dynamo.SK), conPrefix),
				Platform: connector.Platform(dynamo.String(it, "platform")),
			})
		}
		return fn(page)
	})
}

// maxPerTx: each connection takes two items of a transaction (100 at most).
const maxPerTx = 50

// Save writes each connection with its account's claim in one transaction.
func (s Store) Save(ctx context.Context, cs []connector.Connection) error {
	if s.db == nil {
		return errors.New("connectordb: the table's client cannot transact")
	}
	if len(cs) > maxPerTx {
		return fmt.Errorf("connectordb: %d ad accounts in one consent; at most %d", len(cs), maxPerTx)
	}
	stamp := dynamo.Item{}
	if err := s.table.Stamp(stamp, dynamo.Expiry{}); err != nil {
		return err
	}
	items := make([]types.TransactWriteItem, 0, 2*len(cs))
	for _, c := range cs {
		claim := ClaimKey(c.Platform, c.AccountID)
		claim["orgId"], claim["connectionId"] = dynamo.S(c.OrgID), dynamo.S(c.ID)
		for k, v := range stamp {
			claim[k] = v
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{
			TableName: aws.String(s.table.Name), Item: claim,
			ConditionExpression:       aws.String("attribute_not_exists(pk) OR orgId = :org"),
			ExpressionAttributeValues: dynamo.Item{":org": dynamo.S(c.OrgID)},
		}})
		set, vals := fields(c)
		set = append(set, "#connectedAt = if_not_exists(#connectedAt, :connectedAt)", "#connectedBy = :connectedBy",
			"#version = if_not_exists(#version, :zero) + :one", "#category = :category", "#entity = :entity")
		vals[":connectedAt"], vals[":connectedBy"] = dynamo.S(stamp8601(c.ConnectedAt)), dynamo.S(c.ConnectedBy)
		vals[":zero"], vals[":one"], vals[":category"], vals[":entity"] = dynamo.N(0), dynamo.N(1), stamp[dynamo.Category], dynamo.S(Entity)
		// The expiry notice stays: it names the expiry it was about, so a
		// reconnect with a new token is warned about afresh.
		expr := "SET " + strings.Join(set, ", ") + " REMOVE #lastError"
		items = append(items, types.TransactWriteItem{Update: &types.Update{
			TableName: aws.String(s.table.Name), Key: Key(c.OrgID, c.ID),
			UpdateExpression: aws.String(expr), ExpressionAttributeValues: vals,
			ExpressionAttributeNames: names(expr),
		}})
	}
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		for i, r := range tc.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" && i%2 == 0 {
				return connector.ErrTaken
			}
		}
		return connector.ErrConflict
	}
	return err
}

// fields are the SET clauses Save and Update share: the account, status
// (and the active index), scopes and sealed tokens. Every attribute goes by
// a placeholder name (#timeZone, #status...: DynamoDB reserves many words).
func fields(c connector.Connection) ([]string, dynamo.Item) {
	vals := dynamo.Item{
		"platform": dynamo.S(string(c.Platform)), "accountId": dynamo.S(c.AccountID), "accountName": dynamo.S(c.AccountName),
		"currency": dynamo.S(c.Currency), "timeZone": dynamo.S(c.TimeZone), "status": dynamo.S(string(c.Status)),
		"updatedAt": dynamo.S(stamp8601(c.UpdatedAt)), "tokenExpiresAt": dynamo.N(unix(c.TokenExpiresAt)),
	}
	if c.Status.Synced() {
		vals["gsi1pk"], vals["gsi1sk"] = dynamo.S(ActiveGSI), dynamo.S(c.OrgID+"#"+c.ID)
	}
	if !c.LastSyncAt.IsZero() {
		vals["lastSyncAt"] = dynamo.S(stamp8601(c.LastSyncAt))
	}
	if len(c.Scopes) > 0 {
		vals["scopes"] = &types.AttributeValueMemberSS{Value: c.Scopes}
	}
	if len(c.Sealed) > 0 {
		vals["tokens"] = &types.AttributeValueMemberB{Value: c.Sealed}
	}
	set := make([]string, 0, len(vals))
	out := dynamo.Item{}
	for k, v := range vals {
		set = append(set, "#"+k+" = :"+k)
		out[":"+k] = v
	}
	sort.Strings(set)
	return set, out
}

// names maps every #placeholder in expr to its attribute.
func names(expr string) map[string]string {
	out := map[string]string{}
	for _, f := range strings.FieldsFunc(expr, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' || r == '=' || r == '+' }) {
		if strings.HasPrefix(f, "#") {
			out[f] = f[1:]
		}
	}
	return out
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func stamp8601(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// List returns an organization's connections (one query).
func (s Store) List(ctx context.Context, orgID string) ([]connector.Connection, error) {
	var out []connector.Connection
	err := s.table.QueryPages(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :sk)"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPrefix + orgID), ":sk": dynamo.S(conPrefix)},
	}, func(items []dynamo.Item) error {
		for _, it := range items {
			out = append(out, Decode(it))
		}
		return nil
	})
	return out, err
}

// Get returns one connection, read consistently.
func (s Store) Get(ctx context.Context, orgID, id string) (connector.Connection, error) {
	it, ok, err := s.table.Get(ctx, Key(orgID, id), true)
	if err != nil {
		return connector.Connection{}, err
	}
	if !ok {
		return connector.Connection{}, connector.ErrNotFound
	}
	return Decode(it), nil
}

// Update writes c if the stored version is c.Version.
func (s Store) Update(ctx context.Context, c connector.Connection) (connector.Connection, error) {
	// Apart from Release's transaction, so a role that only updates
	// connections (the publisher) needs no claim deletes.
	_, err := s.table.Update(ctx, Key(c.OrgID, c.ID), updateInput(c))
	if dynamo.IsConditionFailed(err) {
		return connector.Connection{}, connector.ErrConflict
	}
	if err != nil {
		return connector.Connection{}, err
	}
	c.Version++
	return c, nil
}

// Release writes c and deletes the account's claim in one transaction
// (apart from Update, so a role that only updates needs no transaction).
func (s Store) Release(ctx context.Context, c connector.Connection) (connector.Connection, error) {
	if s.db == nil {
		return connector.Connection{}, errors.New("connectordb: the table's client cannot transact")
	}
	up := updateInput(c)
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Update: &types.Update{TableName: aws.String(s.table.Name), Key: Key(c.OrgID, c.ID), UpdateExpression: up.UpdateExpression,
			ConditionExpression: up.ConditionExpression, ExpressionAttributeNames: up.ExpressionAttributeNames, ExpressionAttributeValues: up.ExpressionAttributeValues}},
		{Delete: &types.Delete{TableName: aws.String(s.table.Name), Key: ClaimKey(c.Platform, c.AccountID),
			ConditionExpression: aws.String("attribute_not_exists(pk) OR orgId = :org"), ExpressionAttributeValues: dynamo.Item{":org": dynamo.S(c.OrgID)}}},
	}})
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		return connector.Connection{}, connector.ErrConflict
	}
	if err != nil {
		return connector.Connection{}, err
	}
	c.Version++
	return c, nil
}

// updateInput writes c if the stored version is still c.Version.
func updateInput(c connector.Connection) *dynamodb.UpdateItemInput {
	set, vals := fields(c)
	set = append(set, "#version = :next")
	if c.LastError != "" {
		set = append(set, "#lastError = :lastError")
		vals[":lastError"] = dynamo.S(c.LastError)
	}
	var remove []string
	if n := c.ExpiryNotice; !n.For.IsZero() {
		set = append(set, "#expiryNoticeFor = :noticeFor", "#expiryNoticeAt = :noticeAt")
		vals[":noticeFor"], vals[":noticeAt"] = dynamo.N(n.For.Unix()), dynamo.S(stamp8601(n.At))
		if n.Outcome != "" {
			set = append(set, "#expiryNoticeOutcome = :noticeOutcome")
			vals[":noticeOutcome"] = dynamo.S(n.Outcome)
		} else {
			remove = append(remove, "#expiryNoticeOutcome")
		}
	} else {
		remove = append(remove, "#expiryNoticeFor", "#expiryNoticeAt", "#expiryNoticeOutcome")
	}
	if !c.Status.Synced() {
		remove = append(remove, "#gsi1pk", "#gsi1sk")
	}
	if len(c.Sealed) == 0 {
		remove = append(remove, "#tokens")
	}
	if c.LastError == "" {
		remove = append(remove, "#lastError")
	}
	expr := "SET " + strings.Join(set, ", ")
	if len(remove) > 0 {
		expr += " REMOVE " + strings.Join(remove, ", ")
	}
	vals[":v"], vals[":next"] = dynamo.N(c.Version), dynamo.N(c.Version+1)
	return &dynamodb.UpdateItemInput{
		UpdateExpression: aws.String(expr), ConditionExpression: aws.String("attribute_exists(pk) AND #version = :v"),
		ExpressionAttributeNames: names(expr + " #version"), ExpressionAttributeValues: vals,
	}
}

// Decode reads a connection item (tokens included when the item has them).
func Decode(it dynamo.Item) connector.Connection {
	c := connector.Connection{
		OrgID:       strings.TrimPrefix(dynamo.String(it, dynamo.PK), orgPrefix),
		ID:          strings.TrimPrefix(dynamo.String(it, dynamo.SK), conPrefix),
		Platform:    connector.Platform(dynamo.String(it, "platform")),
		AccountID:   dynamo.String(it, "accountId"),
		AccountName: dynamo.String(it, "accountName"),
		Currency:    dynamo.String(it, "currency"),
		TimeZone:    dynamo.String(it, "timeZone"),
		Status:      connector.Status(dynamo.String(it, "status")),
		ConnectedBy: dynamo.String(it, "connectedBy"),
		LastError:   dynamo.String(it, "lastError"),
		Version:     dynamo.Int(it, "version"),
	}
	c.ConnectedAt = parse(dynamo.String(it, "connectedAt"))
	c.UpdatedAt = parse(dynamo.String(it, "updatedAt"))
	c.LastSyncAt = parse(dynamo.String(it, "lastSyncAt"))
	if n := dynamo.Int(it, "tokenExpiresAt"); n > 0 {
		c.TokenExpiresAt = time.Unix(n, 0).UTC()
	}
	if ss, ok := it["scopes"].(*types.AttributeValueMemberSS); ok {
		c.Scopes = ss.Value
	}
	if b, ok := it["tokens"].(*types.AttributeValueMemberB); ok {
		c.Sealed = b.Value
	}
	if n := dynamo.Int(it, "expiryNoticeFor"); n > 0 {
		c.ExpiryNotice = connector.Notice{For: time.Unix(n, 0).UTC(), At: parse(dynamo.String(it, "expiryNoticeAt")), Outcome: dynamo.String(it, "expiryNoticeOutcome")}
	}
	return c
}

func parse(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// Open binds the connection store to the account table and the state
// store to the ephemeral table.
func Open(account, ephemeral *dynamo.Table) (Store, States, error) {
	s, err := New(account)
	if err != nil {
		return Store{}, States{}, err
	}
	st, err := NewStates(ephemeral)
	return s, st, err
}

// States keeps OAuth states in the ephemeral table.
type States struct{ table *dynamo.Table }

var _ connector.States = States{}

// NewStates binds the state store to the ephemeral table.
func NewStates(ephemeral *dynamo.Table) (States, error) {
	if err := dynamo.Require("connectordb", ephemeral, retention.Ephemeral); err != nil {
		return States{}, err
	}
	return States{table: ephemeral}, nil
}

// Create stores a new state; a state value is never reused.
func (s States) Create(ctx context.Context, st connector.State) error {
	it := StateKey(st.Value)
	it["provider"], it["orgId"], it["userId"] = dynamo.S(string(st.Platform)), dynamo.S(st.OrgID), dynamo.S(st.UserID)
	if len(st.Scopes) > 0 {
		it["scopes"] = &types.AttributeValueMemberSS{Value: st.Scopes}
	}
	if st.Verifier != "" {
		it["verifier"] = dynamo.S(st.Verifier)
	}
	ttl := time.Until(st.ExpiresAt)
	if s.table.Now != nil {
		ttl = st.ExpiresAt.Sub(s.table.Now())
	}
	if ttl <= 0 {
		return errors.New("connectordb: the state is already expired")
	}
	return s.table.Put(ctx, it, dynamo.Expiry{TTL: ttl}, &dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_not_exists(pk)")})
}

// Bind sets the browser binding once.
func (s States) Bind(ctx context.Context, state string, p connector.Platform, binding string) (connector.State, bool, error) {
	out, err := s.table.Update(ctx, StateKey(state), &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET binding = :b"),
		ConditionExpression:       aws.String("attribute_exists(pk) AND attribute_not_exists(binding) AND provider = :p AND expiresAt > :now"),
		ExpressionAttributeValues: dynamo.Item{":b": dynamo.S(binding), ":p": dynamo.S(string(p)), ":now": dynamo.N(s.table.Now().Unix())},
		ReturnValues:              types.ReturnValueAllNew,
	})
	if dynamo.IsConditionFailed(err) {
		return connector.State{}, false, nil
	}
	if err != nil {
		return connector.State{}, false, err
	}
	return decodeState(state, out.Attributes), true, nil
}

// Consume deletes the state with a condition, so of two callbacks with the
// same state at most one succeeds.
func (s States) Consume(ctx context.Context, state string, p connector.Platform) (connector.State, bool, error) {
	out, err := s.table.Delete(ctx, StateKey(state), &dynamodb.DeleteItemInput{
		ConditionExpression:       aws.String("attribute_exists(pk) AND provider = :p AND expiresAt > :now"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(string(p)), ":now": dynamo.N(s.table.Now().Unix())},
		ReturnValues:              types.ReturnValueAllOld,
	})
	if dynamo.IsConditionFailed(err) {
		return connector.State{}, false, nil
	}
	if err != nil || out.Attributes == nil {
		return connector.State{}, false, err
	}
	return decodeState(state, out.Attributes), true, nil
}

func decodeState(v string, it dynamo.Item) connector.State {
	st := connector.State{
		Value: v, Platform: connector.Platform(dynamo.String(it, "provider")), OrgID: dynamo.String(it, "orgId"),
		UserID: dynamo.String(it, "userId"), Verifier: dynamo.String(it, "verifier"), Binding: dynamo.String(it, "binding"),
	}
	if ss, ok := it["scopes"].(*types.AttributeValueMemberSS); ok {
		st.Scopes = ss.Value
	}
	if n := dynamo.Int(it, dynamo.ExpiresAt); n > 0 {
		st.ExpiresAt = time.Unix(n, 0).UTC()
	}
	return st
}
