// Package audit is a privacy request's audit trail: every transition and
// step, who did it, when, what and why, append-only and hash-chained per
// request. Entry n stores the hash of entry n-1 and its own hash over its
// fields and that link, so an edited entry (its hash no longer matches),
// an inserted one (the sequence or the link breaks) and a deleted one (a
// gap, or fewer entries than the request's recorded head) are found by
// Verify. The trail outlives the subject's data: it holds IDs and reasons,
// never the data itself. Stores write each entry with a condition that it
// does not exist and have no update or delete path.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Entry is one audit row.
type Entry struct {
	RequestID string `json:"requestId"`
	// Seq numbers a request's entries from 1 without gaps.
	Seq    int               `json:"seq"`
	At     time.Time         `json:"at"`
	Actor  string            `json:"actor"`
	Action string            `json:"action"`
	Reason string            `json:"reason,omitempty"`
	Detail map[string]string `json:"detail,omitempty"`
	Prev   string            `json:"prev"`
	Hash   string            `json:"hash"`
}

// Sum is the hash an entry must carry: over every field but Hash itself,
// in a fixed order, with lengths so no two entries encode alike.
func Sum(e Entry) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(e.RequestID)
	field(strconv.Itoa(e.Seq))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(e.Actor)
	field(e.Action)
	field(e.Reason)
	keys := make([]string, 0, len(e.Detail))
	for k := range e.Detail {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	field(strconv.Itoa(len(keys)))
	for _, k := range keys {
		field(k)
		field(e.Detail[k])
	}
	field(e.Prev)
	return hex.EncodeToString(h.Sum(nil))
}

// Reader reads a request's trail. Writing is the request store's: each
// entry is written in the same transaction as the request change it
// records, on the condition that no entry with its number exists, and no
// code path updates or deletes one.
type Reader interface {
	// Entries returns a request's entries in sequence order.
	Entries(ctx context.Context, requestID string) ([]Entry, error)
}

// Head is what the request record remembers of its trail, so that the
// deletion of the newest entries is detected too, and so the next entry's
// number and link are known without reading the trail.
type Head struct {
	Count int    `json:"count"`
	Hash  string `json:"hash"`
}

// Chain numbers, links and hashes new entries after h and returns them
// with the new head.
func Chain(h Head, es ...Entry) ([]Entry, Head) {
	out := make([]Entry, len(es))
	for i, e := range es {
		h.Count++
		e.Seq, e.Prev, e.At = h.Count, h.Hash, e.At.UTC()
		e.Hash = Sum(e)
		h.Hash = e.Hash
		out[i] = e
	}
	return out, h
}

// Result is a verification's outcome.
type Result struct {
	OK      bool `json:"ok"`
	Entries int  `json:"entries"`
	// FirstBadEntry is the sequence number where the chain first breaks
	// (for a missing tail, the first missing number).
	FirstBadEntry int    `json:"firstBadEntry,omitempty"`
	Problem       string `json:"problem,omitempty"`
}

// Verify checks a trail: sequence without gaps, each link to the previous
// hash, each hash over its entry, and that the trail ends at the head the
// request recorded (the request and its entries are written together).
func Verify(es []Entry, recorded Head) Result {
	bad := func(seq int, why string) Result {
		return Result{OK: false, Entries: len(es), FirstBadEntry: seq, Problem: why}
	}
	prev := ""
	for i, e := range es {
		want := i + 1
		switch {
		case e.Seq != want:
			return bad(want, "entry "+strconv.Itoa(want)+" is missing or out of order")
		case e.Prev != prev:
			return bad(e.Seq, "the link to the previous entry is broken (an entry was removed or inserted)")
		case Sum(e) != e.Hash:
			return bad(e.Seq, "the entry's content does not match its hash (edited)")
		}
		prev = e.Hash
	}
	switch {
	case recorded.Count > len(es):
		return bad(len(es)+1, "the trail ends before the request's recorded head (entries were removed)")
	case recorded.Count < len(es):
		return bad(recorded.Count+1, "the trail has entries after the request's recorded head (entries were added)")
	case recorded.Count > 0 && es[recorded.Count-1].Hash != recorded.Hash:
		return bad(recorded.Count, "the request's recorded head does not match the trail")
	}
	return Result{OK: true, Entries: len(es)}
}

// Describe is one line about a result, for commands.
func (r Result) Describe() string {
	if r.OK {
		return "ok entries=" + strconv.Itoa(r.Entries)
	}
	return strings.Join([]string{"BROKEN", "entries=" + strconv.Itoa(r.Entries), "firstBadEntry=" + strconv.Itoa(r.FirstBadEntry), r.Problem}, " ")
}
