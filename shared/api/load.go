package api

import (
	"context"

	"github.com/medspa-ai/backend/shared/platform/ids"
	"github.com/medspa-ai/backend/shared/platform/problem"
)

// loadOwned reads the organization's record whose ID is the path value
// param. An ID valid rejects and an ID the organization has no record
// under are the same not-found problem, so a caller cannot tell another
// organization's IDs from IDs that do not exist.
func loadOwned[T any](c *call, param string, valid func(string) bool, notFound func() *problem.Problem,
	get func(ctx context.Context, orgID, id string) (T, bool, error)) (T, error) {
	id := c.r.PathValue(param)
	if !valid(id) {
		var zero T
		return zero, notFound()
	}
	v, found, err := get(c.ctx, c.orgID, id)
	if err != nil {
		return v, err
	}
	if !found {
		return v, notFound()
	}
	return v, nil
}

// listOwned answers a page of the organization's records in ID order: the
// cursor's ID must be one valid names, and each record is shown as view
// makes it.
func listOwned[T, V any](c *call, valid func(string) bool, list func(ctx context.Context, orgID, after string, limit int) ([]T, string, error),
	view func(T) (V, error)) (reply, error) {
	after := c.page.after
	if after != "" && !valid(after) {
		return reply{}, problem.BadRequest("cursor is not valid here.")
	}
	rs, next, err := list(c.ctx, c.orgID, after, c.page.limit)
	if err != nil {
		return reply{}, err
	}
	views := make([]V, 0, len(rs))
	for _, r := range rs {
		v, err := view(r)
		if err != nil {
			return reply{}, err
		}
		views = append(views, v)
	}
	return ok(listOf(views, c.next(next)))
}

// pathID is the path value param when it is an ID ids minted with prefix;
// any other value names nothing: the not-found problem with detail.
func pathID(c *call, param, prefix, detail string) (string, error) {
	id := c.r.PathValue(param)
	if !ids.ValidWithPrefix(id, prefix) {
		return "", problem.NotFound(detail)
	}
	return id, nil
}

// minted accepts the IDs ids minted with prefix.
func minted(prefix string) func(string) bool {
	return func(id string) bool { return ids.ValidWithPrefix(id, prefix) }
}
