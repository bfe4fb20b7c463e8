package orgdb

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// Load reads the caller's membership and what w asks for in one
// BatchGetItem, strongly consistent so a role change is seen at once.
func (s *Store) Load(ctx context.Context, orgID, userID string, w org.Want) (org.Snapshot, error) {
	keys := []dynamo.Item{memberKey(orgID, userID)}
	if w.Org {
		keys = append(keys, orgKey(orgID))
	}
	if w.Settings {
		keys = append(keys, settingsKey(orgID))
	}
	if w.Target != "" && w.Target != userID {
		keys = append(keys, memberKey(orgID, w.Target))
	}
	if w.Support > 0 {
		keys = append(keys, supportKey(orgID, w.Support))
	}
	items, err := s.batchGet(ctx, keys)
	if err != nil {
		return org.Snapshot{}, err
	}
	var snap org.Snapshot
	for _, it := range items {
		switch sk := dynamo.String(it, dynamo.SK); {
		case sk == skOrg:
			snap.Org = decodeOrg(it)
		case sk == skSettings:
			snap.Settings = decodeSettings(it)
		case strings.HasPrefix(sk, supportPrefix):
			snap.Support = decodeSupport(it)
		case sk == memberSK(userID):
			snap.Caller = decodeMember(it)
		default:
			snap.Target = decodeMember(it)
		}
	}
	if w.Target != "" && w.Target == userID && snap.Caller != nil {
		t := *snap.Caller
		snap.Target = &t
	}
	return snap, nil
}

// batchGet reads keys (at most 100) from the account table: one
// request unless keys are left unprocessed (throttling).
func (s *Store) batchGet(ctx context.Context, keys []dynamo.Item) ([]dynamo.Item, error) {
	return dynamo.BatchGet(ctx, s.db, map[*dynamo.Table][]dynamo.Item{s.table: keys}, context.DeadlineExceeded)
}

// ListMembers reads every invitation and membership (INVITE# then MEMBER#
// sort together) in one Query.
func (s *Store) ListMembers(ctx context.Context, orgID, userID string) (org.Snapshot, error) {
	items, err := s.queryAll(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND sk BETWEEN :from AND :to"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID)), ":from": dynamo.S(invitePrefix), ":to": dynamo.S(membersEnd)},
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return org.Snapshot{}, err
	}
	var snap org.Snapshot
	me := memberSK(userID)
	for _, it := range items {
		m := decodeMember(it)
		if dynamo.String(it, dynamo.SK) == me {
			c := *m
			snap.Caller = &c
		}
		snap.Members = append(snap.Members, *m)
	}
	return snap, nil
}

// members reads the memberships and invitations a fan-out write must touch.
func (s *Store) members(ctx context.Context, orgID string) ([]dynamo.Item, error) {
	return s.queryAll(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND sk BETWEEN :from AND :to"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID)), ":from": dynamo.S(invitePrefix), ":to": dynamo.S(membersEnd)},
		ProjectionExpression:      aws.String("pk, sk"),
		ConsistentRead:            aws.Bool(true),
	})
}

func (s *Store) queryAll(ctx context.Context, in *dynamodb.QueryInput) ([]dynamo.Item, error) {
	var items []dynamo.Item
	err := s.table.QueryPages(ctx, in, func(page []dynamo.Item) error {
		items = append(items, page...)
		return nil
	})
	return items, err
}

// ListSupport reads the caller's membership and a page of messages, newest
// first, in one request. The first page is a Query from the caller's
// membership key: it reads the membership, the memberships sorting after it
// (at most MaxMembers, filtered out by DynamoDB) and then the newest
// messages. Later pages know their sequence numbers (the cursor says where
// to continue, and numbers are dense), so they are one BatchGetItem of the
// membership and the messages' keys.
func (s *Store) ListSupport(ctx context.Context, orgID, userID string, before int64, limit int) (org.Snapshot, error) {
	if before > 0 {
		return s.supportByKey(ctx, orgID, userID, before, limit)
	}
	me := memberSK(userID)
	out, err := s.table.Query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("pk = :pk AND sk BETWEEN :me AND :to"),
		// Key attributes cannot be filtered on; the items' own fields can.
		FilterExpression:          aws.String("memberId = :uid OR entity = :sup"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID)), ":me": dynamo.S(me), ":to": dynamo.S(supportEnd), ":uid": dynamo.S(userID), ":sup": dynamo.S(supportEntity)},
		Limit:                     aws.Int32(int32(org.MaxMembers + limit)),
		ConsistentRead:            aws.Bool(true),
	})
	if err != nil {
		return org.Snapshot{}, err
	}
	var snap org.Snapshot
	for _, it := range out.Items {
		if dynamo.String(it, dynamo.SK) == me {
			snap.Caller = decodeMember(it)
			continue
		}
		if len(snap.Messages) < limit {
			snap.Messages = append(snap.Messages, *decodeSupport(it))
		}
	}
	// Stopped by Limit rather than by the end of the range: older messages
	// may remain.
	if n := len(snap.Messages); n > 0 && (n == limit || len(out.LastEvaluatedKey) > 0) {
		snap.NextSupport = snap.Messages[n-1].Seq - 1
	}
	return snap, nil
}

func (s *Store) supportByKey(ctx context.Context, orgID, userID string, before int64, limit int) (org.Snapshot, error) {
	keys := []dynamo.Item{memberKey(orgID, userID)}
	last := max(before-int64(limit)+1, 1)
	for seq := before; seq >= last; seq-- {
		keys = append(keys, supportKey(orgID, seq))
	}
	items, err := s.batchGet(ctx, keys)
	if err != nil {
		return org.Snapshot{}, err
	}
	var snap org.Snapshot
	me := memberSK(userID)
	for _, it := range items {
		if dynamo.String(it, dynamo.SK) == me {
			snap.Caller = decodeMember(it)
			continue
		}
		snap.Messages = append(snap.Messages, *decodeSupport(it))
	}
	sort.Slice(snap.Messages, func(i, j int) bool { return snap.Messages[i].Seq > snap.Messages[j].Seq })
	snap.NextSupport = last - 1
	return snap, nil
}

// ListForUser lists a user's memberships from gsi1 (one Query).
func (s *Store) ListForUser(ctx context.Context, userID string, p org.Page) ([]org.Member, string, error) {
	pk := userGSI + userID
	var start dynamo.Item
	if p.After != "" {
		start = dynamo.Item{dynamo.PK: dynamo.S(orgPK(p.After)), dynamo.SK: dynamo.S(memberSK(userID)), gsiPK: dynamo.S(pk), gsiSK: dynamo.S(orgPK(p.After))}
	}
	return s.gsiPage(ctx, pk, start, p.Limit)
}

// ListInvitations lists the invitations to an address from gsi1.
func (s *Store) ListInvitations(ctx context.Context, email string, p org.Page) ([]org.Member, string, error) {
	pk := inviteeGSI + emailKey(email)
	var start dynamo.Item
	if p.After != "" {
		start = dynamo.Item{dynamo.PK: dynamo.S(orgPK(p.After)), dynamo.SK: dynamo.S(memberSK(inviteID(p.After, email))), gsiPK: dynamo.S(pk), gsiSK: dynamo.S(orgPK(p.After))}
	}
	return s.gsiPage(ctx, pk, start, p.Limit)
}

func (s *Store) gsiPage(ctx context.Context, pk string, start dynamo.Item, limit int) ([]org.Member, string, error) {
	out, err := s.table.Query(ctx, &dynamodb.QueryInput{
		IndexName:                 aws.String(gsiIndex),
		KeyConditionExpression:    aws.String("gsi1pk = :pk"),
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(pk)},
		ExclusiveStartKey:         start,
		Limit:                     aws.Int32(int32(limit)),
	})
	if err != nil {
		return nil, "", err
	}
	ms := make([]org.Member, 0, len(out.Items))
	for _, it := range out.Items {
		ms = append(ms, *decodeMember(it))
	}
	next := ""
	if len(out.LastEvaluatedKey) > 0 {
		next = orgIDOf(out.LastEvaluatedKey)
	}
	return ms, next, nil
}

// connectionAttrs are what a connection listing reads: the caller's
// membership and the connections' public fields, never their sealed tokens.
var connectionAttrs = []string{"pk", "sk", "entity", "expiresAt", "orgId", "memberId", "status", "role", "email", "orgName", "orgStatus",
	"invitedBy", "at", "updatedAt", "version", "platform", "accountId", "accountName", "currency", "timeZone", "lastSyncAt",
	"lastError", "tokenExpiresAt", "connectedAt", "connectedBy", "scopes"}

// ListConnections reads the caller's membership and the organization's
// connections in one Query: connections (sk CONN#...) sort before the
// memberships, so the range from the first connection to the caller's
// membership holds both (invitations and other members in between are
// filtered out). The page is cut here: an organization's connections,
// without tokens, fit one response (1 MB, thousands of accounts); more
// would cost further requests, never wrong answers.
func (s *Store) ListConnections(ctx context.Context, orgID, userID, after string, limit int) (org.Snapshot, error) {
	if s.DecodeConnection == nil {
		return org.Snapshot{}, errors.New("orgdb: no connection decoder")
	}
	names := map[string]string{}
	proj := make([]string, len(connectionAttrs))
	for i, a := range connectionAttrs {
		n := "#a" + strconv.Itoa(i)
		names[n], proj[i] = a, n
	}
	me := memberSK(userID)
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :pk AND sk BETWEEN :from AND :me"),
		FilterExpression:          aws.String("#m = :uid OR #e = :conn"),
		ProjectionExpression:      aws.String(strings.Join(proj, ", ")),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: dynamo.Item{":pk": dynamo.S(orgPK(orgID)), ":from": dynamo.S(ConnectionPrefix), ":me": dynamo.S(me), ":uid": dynamo.S(userID), ":conn": dynamo.S(ConnectionEntity)},
		ConsistentRead:            aws.Bool(true),
	}
	for n, a := range names {
		switch a {
		case "memberId":
			in.FilterExpression = aws.String(strings.Replace(*in.FilterExpression, "#m", n, 1))
		case "entity":
			in.FilterExpression = aws.String(strings.Replace(*in.FilterExpression, "#e", n, 1))
		}
	}
	var snap org.Snapshot
	err := s.table.QueryPages(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			sk := dynamo.String(it, dynamo.SK)
			switch {
			case sk == me:
				snap.Caller = decodeMember(it)
			case dynamo.String(it, "entity") == ConnectionEntity:
				c := s.DecodeConnection(it)
				if after != "" && c.ID <= after {
					continue
				}
				if len(snap.Connections) == limit {
					snap.NextConnection = snap.Connections[limit-1].ID
					continue
				}
				snap.Connections = append(snap.Connections, c)
			}
		}
		return nil
	})
	return snap, err
}

// Status reads an organization's status, or "" when there is no such
// organization (its data has expired).
func (s *Store) Status(ctx context.Context, orgID string) (org.Status, error) {
	it, ok, err := s.table.Get(ctx, orgKey(orgID), false)
	if err != nil || !ok {
		return "", err
	}
	return org.Status(dynamo.String(it, "status")), nil
}
