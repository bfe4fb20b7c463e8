// Package connection stores the ad-platform connections of an organization
// (account category). This file holds what the sync dispatcher needs: the
// list of active connections, read from the account table's gsi1.
package connection

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/dynamo"
)

// Connection is an ad account linked through OAuth.
type Connection struct {
	OrgID    string
	ID       string
	Platform string
}

// Keys: pk ORG#<org>, sk CONN#<id>; active connections are also indexed
// under gsi1pk ActiveGSI so the dispatcher finds them in one query, without
// scanning every organization.
const (
	ActiveGSI = "CONN#ACTIVE"
	orgPrefix = "ORG#"
	conPrefix = "CONN#"
)

// Key returns a connection's primary key.
func Key(orgID, id string) dynamo.Item { return dynamo.Key(orgPrefix+orgID, conPrefix+id) }

// Store reads connections from the account table.
type Store struct{ Table *dynamo.Table }

// ListActive calls fn for each page of active connections.
func (s Store) ListActive(ctx context.Context, fn func([]Connection) error) error {
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String("gsi1"),
		KeyConditionExpression:    aws.String("gsi1pk = :active"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":active": dynamo.S(ActiveGSI)},
		ProjectionExpression:      aws.String("pk, sk, platform, expiresAt"),
	}
	for {
		out, err := s.Table.Query(ctx, in)
		if err != nil {
			return err
		}
		page := make([]Connection, 0, len(out.Items))
		for _, it := range out.Items {
			page = append(page, Connection{
				OrgID:    strings.TrimPrefix(dynamo.String(it, dynamo.PK), orgPrefix),
				ID:       strings.TrimPrefix(dynamo.String(it, dynamo.SK), conPrefix),
				Platform: dynamo.String(it, "platform"),
			})
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(out.LastEvaluatedKey) == 0 {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
