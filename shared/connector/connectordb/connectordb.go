// Package connectordb keeps connections in the account table and OAuth
// states in the ephemeral table.
//
//	account table    pk ORG#<org>        sk CONN#<id>   gsi1pk CONN#ACTIVE while synced
//	ephemeral table  pk OAUTH#<state>    sk -           provider, expiresAt (minutes)
package connectordb

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

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

// Key returns a connection's primary key.
func Key(orgID, id string) dynamo.Item { return dynamo.Key(orgPrefix+orgID, conPrefix+id) }

// StateKey is an OAuth state's key in the ephemeral table.
func StateKey(state string) dynamo.Item { return dynamo.Key("OAUTH#"+state, "-") }

// Store reads connections from the account table.
type Store struct{ table *dynamo.Table }

var _ connector.Lister = Store{}

// New binds the store to the account table.
func New(account *dynamo.Table) (Store, error) {
	if account == nil || account.Category != retention.Account {
		return Store{}, fmt.Errorf("connectordb: needs the account table")
	}
	return Store{table: account}, nil
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

// States keeps OAuth states in the ephemeral table.
type States struct{ table *dynamo.Table }

var _ connector.States = States{}

// NewStates binds the state store to the ephemeral table.
func NewStates(ephemeral *dynamo.Table) (States, error) {
	if ephemeral == nil || ephemeral.Category != retention.Ephemeral {
		return States{}, fmt.Errorf("connectordb: needs the ephemeral table")
	}
	return States{table: ephemeral}, nil
}

// Consume deletes the state with a condition, so of two callbacks with the
// same state at most one succeeds.
func (s States) Consume(ctx context.Context, state string, p connector.Platform) (bool, error) {
	out, err := s.table.Delete(ctx, StateKey(state), &dynamodb.DeleteItemInput{
		ConditionExpression:       aws.String("attribute_exists(pk) AND provider = :p AND expiresAt > :now"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(string(p)), ":now": dynamo.N(s.table.Now().Unix())},
		ReturnValues:              "ALL_OLD",
	})
	if dynamo.IsConditionFailed(err) {
		return false, nil
	}
	return err == nil && out.Attributes != nil, err
}
