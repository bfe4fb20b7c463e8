package subjectdb

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/privacy"
)

// Files deletes objects of the assets bucket by key (content/assets.Store
// in production): the generated images and videos of the subject's
// content requests and the files the subject uploaded go with their
// records.
type Files interface {
	DeleteObjects(ctx context.Context, keys []string) error
}

// Workers is how many BatchWriteItem calls an erasure keeps in flight
// (DynamoDB serves concurrent batches in parallel; one at a time leaves
// most of its throughput unused).
const Workers = 8

// queued is how many batches the readers may run ahead of the deletes
// (10,000 keys, about 2 MB): a keys-only page holds thousands of keys, so
// with a shorter queue a reader waits for the deletes before it reads on,
// and the deletes then wait for its next page.
const queued = 400

// batcher deletes keys in batches of 25 on Workers goroutines, fed by the
// readers as they page: memory holds a few pages, not the data.
type batcher struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	work   chan batch
	wg     sync.WaitGroup
	n      atomic.Int64
	once   sync.Once
	err    error
}

type batch struct {
	t    *dynamo.Table
	keys []dynamo.Item
}

func newBatcher(ctx context.Context) *batcher {
	b := &batcher{work: make(chan batch, queued)}
	b.ctx, b.cancel = context.WithCancelCause(ctx)
	for range Workers {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			for x := range b.work {
				if b.ctx.Err() != nil {
					continue
				}
				if err := x.t.BatchDelete(b.ctx, x.keys); err != nil {
					b.fail(err)
					continue
				}
				b.n.Add(int64(len(x.keys)))
			}
		}()
	}
	return b
}

// add queues keys of t, 25 at a time.
func (b *batcher) add(t *dynamo.Table, keys []dynamo.Item) error {
	for start := 0; start < len(keys); start += dynamo.MaxBatch {
		end := min(start+dynamo.MaxBatch, len(keys))
		select {
		case b.work <- batch{t: t, keys: keys[start:end]}:
		case <-b.ctx.Done():
			return context.Cause(b.ctx)
		}
	}
	return nil
}

// fail records the first error and stops the work.
func (b *batcher) fail(err error) {
	b.once.Do(func() { b.err = err })
	b.cancel(err)
}

// wait ends the batcher and returns how many it deleted and the first error.
func (b *batcher) wait() (int, error) {
	close(b.work)
	b.wg.Wait()
	b.cancel(nil)
	return int(b.n.Load()), b.err
}

// Erase deletes the subject's own items and returns how many it deleted
// or pseudonymized. Per the data map:
//
//   - the profile, preferences and consent, usage events and request logs
//     (found by the subject's partitions) are deleted;
//   - invitations sent to the subject's address (gsi1 INVITEE#) are deleted,
//     in any organization;
//   - in the subject's organizations: support messages the subject wrote,
//     content requests the subject made (with their generated files), files
//     the subject uploaded (with the file) and campaign drafts the subject
//     drafted that never went live are deleted;
//   - what stays with the organization's remaining members (a connection,
//     a live campaign, the organization, its settings, another member's
//     record "invitedBy" the subject, a recommendation's history) keeps
//     working with the subject's user ID replaced by ErasedUser.
//
// Erasing an already-erased subject finds nothing and succeeds.
func (s *Store) Erase(ctx context.Context, subj privacy.Subject, orgIDs []string) (int, error) {
	uid, email := subj.UserID, ids.NormalizeEmail(subj.Email)
	b := newBatcher(ctx)
	var scrubbed atomic.Int64
	var wg sync.WaitGroup
	run := func(fn func(ctx context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(b.ctx); err != nil {
				b.fail(err)
			}
		}()
	}
	// partition queues the keys of pk's items that keep selects (all,
	// keys only, when keep is nil) as each page arrives.
	partition := func(t *dynamo.Table, pk string, keep func(dynamo.Item) bool) func(context.Context) error {
		return func(ctx context.Context) error {
			in := &dynamodb.QueryInput{
				KeyConditionExpression:    aws.String("pk = :p"),
				ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk)},
			}
			if keep == nil {
				in.ProjectionExpression = aws.String("pk, sk")
			}
			return t.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
				keys := make([]dynamo.Item, 0, len(items))
				for _, it := range items {
					if keep == nil || keep(it) {
						keys = append(keys, dynamo.Key(dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)))
					}
				}
				return b.add(t, keys)
			})
		}
	}
	if uid != "" {
		run(partition(s.Account, "USER#"+uid, func(it dynamo.Item) bool { return dynamo.String(it, dynamo.SK) == "PROFILE" }))
		run(partition(s.Marketing, "USER#"+uid, nil))
		run(partition(s.Analytics, "USAGE#"+uid, nil))
		run(partition(s.Logs, "REQ#"+uid, nil))
	}
	if email != "" {
		run(func(ctx context.Context) error { return s.eraseInvitations(ctx, b, email) })
	}
	if uid != "" {
		for _, org := range orgIDs {
			run(func(ctx context.Context) error {
				n, err := s.eraseInOrg(ctx, b, org, uid, email)
				scrubbed.Add(int64(n))
				return err
			})
			run(func(ctx context.Context) error {
				// Recommendations' histories name who decided.
				n, err := s.scrubPartition(ctx, s.Analytics, "ORG#"+org, "REC#", uid)
				scrubbed.Add(int64(n))
				return err
			})
		}
	}
	wg.Wait()
	n, err := b.wait()
	return n + int(scrubbed.Load()), err
}

// eraseInvitations deletes every invitation to the address.
func (s *Store) eraseInvitations(ctx context.Context, b *batcher, email string) error {
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String("gsi1"),
		KeyConditionExpression:    aws.String("gsi1pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S("INVITEE#" + ids.EmailKey(email))},
	}
	return s.Account.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		var keys []dynamo.Item
		for _, it := range items {
			if sk := dynamo.String(it, dynamo.SK); strings.HasPrefix(sk, "INVITE#") {
				keys = append(keys, dynamo.Key(dynamo.String(it, dynamo.PK), sk))
			}
		}
		return b.add(s.Account, keys)
	})
}

// eraseInOrg deletes the subject's items in one organization's partition
// (files first, so no file outlives its record) and pseudonymizes the
// organization's items that name the subject.
func (s *Store) eraseInOrg(ctx context.Context, b *batcher, org, uid, email string) (int, error) {
	scrubbed := 0
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :p"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S("ORG#" + org)},
	}
	err := s.Account.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		var keys []dynamo.Item
		for _, it := range items {
			sk := dynamo.String(it, dynamo.SK)
			switch decideInOrg(it, uid, email) {
			case erase:
				files, err := filesOf(it)
				if err != nil {
					return err
				}
				if len(files) > 0 {
					if s.Files == nil {
						return fmt.Errorf("subjectdb: %s names files and no file store is configured", sk)
					}
					if err := s.Files.DeleteObjects(ctx, files); err != nil {
						return err
					}
				}
				keys = append(keys, dynamo.Key(dynamo.String(it, dynamo.PK), sk))
			case scrub:
				changed, err := s.scrub(ctx, s.Account, it, uid)
				if err != nil {
					return err
				}
				if changed {
					scrubbed++
				}
			}
		}
		return b.add(s.Account, keys)
	})
	return scrubbed, err
}

type decision int

const (
	leave decision = iota
	erase
	scrub
)

// decideInOrg is the data map's erasure rule for one item of the
// subject's organization's partition.
func decideInOrg(it dynamo.Item, uid, email string) decision {
	sk := dynamo.String(it, dynamo.SK)
	switch {
	case strings.HasPrefix(sk, "MEMBER#"):
		// Memberships are ended by the memberships step (orgdb keeps the
		// counters right); another member's record may name the subject
		// as who invited them.
		if strings.TrimPrefix(sk, "MEMBER#") == uid {
			return leave
		}
	case strings.HasPrefix(sk, "INVITE#"):
		if email != "" && ids.NormalizeEmail(dynamo.String(it, "email")) == email {
			return erase
		}
	case strings.HasPrefix(sk, "MEMBER~SUPPORT#"):
		if dynamo.String(it, "authorId") == uid {
			return erase
		}
	case strings.HasPrefix(sk, "CONTENT#"):
		if docField(it, "createdBy") == uid {
			return erase
		}
	case strings.HasPrefix(sk, "UPLOAD#"):
		if docField(it, "uploadedBy") == uid {
			return erase
		}
	case strings.HasPrefix(sk, "CDRAFT#"):
		// A draft that never went live is the subject's work; a published
		// one is the organization's running campaign (its platform IDs
		// pause and resume it), kept with the subject pseudonymized.
		if docField(it, "createdBy") == uid {
			switch dynamo.String(it, "status") {
			case "draft", "failed":
				return erase
			}
		}
	}
	if mentions(it, uid) {
		return scrub
	}
	return leave
}

// docField reads a string field of the item's JSON doc (case-insensitive,
// as encoding/json matches: content requests store Go field names).
func docField(it dynamo.Item, field string) string {
	var doc map[string]json.RawMessage
	if json.Unmarshal([]byte(dynamo.String(it, "doc")), &doc) != nil {
		return ""
	}
	for k, v := range doc {
		if strings.EqualFold(k, field) {
			var s string
			_ = json.Unmarshal(v, &s)
			return s
		}
	}
	return ""
}

// filesOf lists the S3 objects an item owns: dynamo.Objects (generated
// content) and an upload's file key.
func filesOf(it dynamo.Item) ([]string, error) {
	var out []string
	switch v := it[dynamo.Objects].(type) {
	case nil:
	case *types.AttributeValueMemberSS:
		out = append(out, v.Value...)
	default:
		return nil, fmt.Errorf("subjectdb: %s: objects is not a string set", dynamo.String(it, dynamo.SK))
	}
	if strings.HasPrefix(dynamo.String(it, dynamo.SK), "UPLOAD#") {
		if k := docField(it, "key"); k != "" {
			out = append(out, k)
		}
	}
	return out, nil
}

// keyAttrs are never rewritten (keys and the store's own bookkeeping).
var keyAttrs = map[string]bool{"pk": true, "sk": true, "gsi1pk": true, "gsi1sk": true, dynamo.ExpBucket: true, dynamo.ExpiresAt: true,
	dynamo.Category: true, "version": true, dynamo.Objects: true, "tokens": true}

func mentions(it dynamo.Item, uid string) bool {
	for k, v := range it {
		if !keyAttrs[k] && replaced(v, uid) != nil {
			return true
		}
	}
	return false
}

// replaced returns v with uid replaced by ErasedUser, or nil when v does
// not contain it.
func replaced(v types.AttributeValue, uid string) types.AttributeValue {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		if strings.Contains(v.Value, uid) {
			return &types.AttributeValueMemberS{Value: strings.ReplaceAll(v.Value, uid, ErasedUser)}
		}
	case *types.AttributeValueMemberSS:
		var hit bool
		out := make([]string, len(v.Value))
		for i, x := range v.Value {
			out[i] = strings.ReplaceAll(x, uid, ErasedUser)
			hit = hit || out[i] != x
		}
		if hit {
			return &types.AttributeValueMemberSS{Value: dedupe(out)}
		}
	case *types.AttributeValueMemberL:
		out := make([]types.AttributeValue, len(v.Value))
		if replacedAll(slices.All(v.Value), func(i int, x types.AttributeValue) { out[i] = x }, uid) {
			return &types.AttributeValueMemberL{Value: out}
		}
	case *types.AttributeValueMemberM:
		out := make(map[string]types.AttributeValue, len(v.Value))
		if replacedAll(maps.All(v.Value), func(k string, x types.AttributeValue) { out[k] = x }, uid) {
			return &types.AttributeValueMemberM{Value: out}
		}
	}
	return nil
}

// replacedAll puts each of a list's or a map's values, uid replaced where
// it holds it, with put, and reports whether any did.
func replacedAll[K comparable](all iter.Seq2[K, types.AttributeValue], put func(K, types.AttributeValue), uid string) (hit bool) {
	for k, x := range all {
		if r := replaced(x, uid); r != nil {
			x, hit = r, true
		}
		put(k, x)
	}
	return hit
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// scrub replaces the subject's ID in the item's attributes, on the
// condition that they are unchanged (and moves its version, so a store
// that read the item before re-reads it). A concurrent change fails the
// step; its retry reads the item again.
func (s *Store) scrub(ctx context.Context, t *dynamo.Table, it dynamo.Item, uid string) (bool, error) {
	var sets, conds []string
	names := map[string]string{}
	values := dynamo.Item{}
	i := 0
	for k, v := range it {
		if keyAttrs[k] {
			continue
		}
		r := replaced(v, uid)
		if r == nil {
			continue
		}
		n, nv, ov := "#a"+strconv.Itoa(i), ":n"+strconv.Itoa(i), ":o"+strconv.Itoa(i)
		i++
		names[n], values[nv], values[ov] = k, r, v
		sets = append(sets, n+" = "+nv)
		conds = append(conds, n+" = "+ov)
	}
	if len(sets) == 0 {
		return false, nil
	}
	if _, ok := it["version"].(*types.AttributeValueMemberN); ok {
		names["#v"] = "version"
		values[":one"] = dynamo.N(1)
		sets = append(sets, "#v = #v + :one")
	}
	_, err := t.Update(ctx, dynamo.Key(dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK)), &dynamodb.UpdateItemInput{
		UpdateExpression:          aws.String("SET " + strings.Join(sets, ", ")),
		ConditionExpression:       aws.String(strings.Join(conds, " AND ")),
		ExpressionAttributeNames:  names,
		ExpressionAttributeValues: values,
	})
	if dynamo.IsConditionFailed(err) {
		return false, fmt.Errorf("subjectdb: %s / %s changed while it was pseudonymized: %w", dynamo.String(it, dynamo.PK), dynamo.String(it, dynamo.SK), err)
	}
	return err == nil, err
}

// scrubPartition pseudonymizes the items under pk whose sk starts with
// prefix that name the subject.
func (s *Store) scrubPartition(ctx context.Context, t *dynamo.Table, pk, prefix, uid string) (int, error) {
	n := 0
	in := &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("pk = :p AND begins_with(sk, :s)"),
		ExpressionAttributeValues: dynamo.Item{":p": dynamo.S(pk), ":s": dynamo.S(prefix)},
	}
	err := t.QueryPagesWithExpired(ctx, in, func(items []dynamo.Item) error {
		for _, it := range items {
			if !mentions(it, uid) {
				continue
			}
			changed, err := s.scrub(ctx, t, it, uid)
			if err != nil {
				return err
			}
			if changed {
				n++
			}
		}
		return nil
	})
	return n, err
}
