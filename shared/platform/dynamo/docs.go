package dynamo

import "context"

// Docs keeps one kind of record as JSON documents (DocItem) at pk
// Partition+<orgID>, sk Prefix+<id>: created once at version 1, replaced
// only from the version before (PutNew, PutVersion), read consistently and
// paged in ID order. A store embeds one for each kind of record it keeps
// this way, so the versioning is written once.
type Docs[T any] struct {
	Table             *Table
	Partition, Prefix string
	Entity            string
	// Key names a record, Status is the status attribute its writes carry,
	// and Version points at its version (which a domain type may keep out
	// of JSON).
	Key     func(T) (orgID, id string)
	Status  func(T) string
	Version func(*T) *int64
	// Expiry (optional) is a record's retention anchor; Attrs (optional)
	// adds attributes beside the document; Read (optional) finishes a
	// decoded record (its times in UTC).
	Expiry func(T) Expiry
	Attrs  func(T, Item)
	Read   func(*T)
	// Exists, NotFound and Stale are the domain's errors.
	Exists, NotFound, Stale error
}

func (d *Docs[T]) key(orgID, id string) Item { return Key(d.Partition+orgID, d.Prefix+id) }

func (d *Docs[T]) encode(v T) (Item, Expiry, error) {
	orgID, id := d.Key(v)
	it, err := DocItem(d.key(orgID, id), d.Entity, orgID, d.Status(v), *d.Version(&v), v)
	if err != nil {
		return nil, Expiry{}, err
	}
	if d.Attrs != nil {
		d.Attrs(v, it)
	}
	var e Expiry
	if d.Expiry != nil {
		e = d.Expiry(v)
	}
	return it, e, nil
}

func (d *Docs[T]) decode(it Item) (T, error) {
	var v T
	version, err := ReadDoc(it, &v)
	*d.Version(&v) = version
	if d.Read != nil {
		d.Read(&v)
	}
	return v, err
}

// Create writes a new record at version 1.
func (d *Docs[T]) Create(ctx context.Context, v T) error {
	*d.Version(&v) = 1
	it, e, err := d.encode(v)
	if err != nil {
		return err
	}
	return d.Table.PutNew(ctx, it, e, d.Exists)
}

// Get reads one record, consistently.
func (d *Docs[T]) Get(ctx context.Context, orgID, id string) (T, bool, error) {
	return GetOf(ctx, d.Table, d.key(orgID, id), d.decode)
}

// List reads a page of an organization's records in ID order after after.
func (d *Docs[T]) List(ctx context.Context, orgID, after string, limit int) ([]T, string, error) {
	return PageOf(ctx, d.Table, d.Partition+orgID, d.Prefix, after, limit, d.decode)
}

// Update writes v if the stored version is its version - 1.
func (d *Docs[T]) Update(ctx context.Context, v T) error {
	it, e, err := d.encode(v)
	if err != nil {
		return err
	}
	return d.Table.PutVersion(ctx, it, e, *d.Version(&v), d.NotFound, d.Stale)
}

// Delete removes one record; one already gone is not an error.
func (d *Docs[T]) Delete(ctx context.Context, orgID, id string) error {
	_, err := d.Table.Delete(ctx, d.key(orgID, id), nil)
	return err
}
