package orgdb

import (
	"context"
	"fmt"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// DB is the part of the DynamoDB client the store uses beyond dynamo.API.
type DB interface {
	dynamo.TransactAPI
	dynamo.BatchGetter
}

// Store implements org.Store on the account table.
type Store struct {
	table *dynamo.Table
	db    DB
	// DecodeConnection reads a connection item (connectordb.Decode), for
	// ListConnections: main picks it, so this store imports no other.
	DecodeConnection func(dynamo.Item) connector.Connection
	// Held (optional) reports whether a legal hold covers an organization:
	// StampCancelled leaves a held organization's partition unstamped
	// until the hold is released.
	Held func(ctx context.Context, orgID string) (bool, error)
}

// Connection items (kept by connectordb) share the organization's
// partition: sk ConnectionPrefix<id>, attribute entity ConnectionEntity.
const (
	ConnectionPrefix = "CONN#"
	ConnectionEntity = "connection"
)

// Claim items (kept by connectordb) tie an ad account to one organization
// outside its partition: pk ACCT#<platform>#<account>, sk CLAIM, orgId.
// The connection items (attributes platform, accountId) name them, and
// they follow the organization's cancellation expiry like its partition.
func claimKey(platform, accountID string) dynamo.Item {
	return dynamo.Key("ACCT#"+platform+"#"+accountID, "CLAIM")
}

var _ org.Store = (*Store)(nil)

// New binds the store to the account table; its client must also do batch
// reads and transactions (the SDK's client does).
//
// decode, when given, reads connection items (connectordb.Decode) for
// ListConnections.
func New(t *dynamo.Table, decode ...func(dynamo.Item) connector.Connection) (*Store, error) {
	if err := dynamo.Require("orgdb", t, retention.Account); err != nil {
		return nil, err
	}
	db, ok := t.DB.(DB)
	if !ok {
		return nil, fmt.Errorf("orgdb: the table's client cannot batch or transact")
	}
	st := &Store{table: t, db: db}
	if len(decode) > 0 {
		st.DecodeConnection = decode[0]
	}
	return st, nil
}

func (s *Store) tx() *tx { return &tx{table: s.table.Name} }

// stamp marks an item with its category; account items have no expiry while
// the customer relationship lasts.
func (s *Store) stamp(item dynamo.Item) dynamo.Item {
	if err := s.table.Stamp(item, dynamo.Expiry{}); err != nil {
		panic(err) // the table is the account table (checked in New)
	}
	return item
}
