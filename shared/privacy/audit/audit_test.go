package audit_test

import (
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/privacy/audit"
)

func trail() ([]audit.Entry, audit.Head) {
	at := time.Date(2027, 1, 31, 10, 0, 0, 0, time.UTC)
	var es []audit.Entry
	var h audit.Head
	for i, a := range []string{"received", "verified", "approved", "step_done", "complete"} {
		var c []audit.Entry
		c, h = audit.Chain(h, audit.Entry{RequestID: "prq_1", At: at.Add(time.Duration(i) * time.Minute), Actor: "usr_team", Action: a,
			Detail: map[string]string{"n": a}})
		es = append(es, c...)
	}
	return es, h
}

func TestVerifyDetectsEditInsertDelete(t *testing.T) {
	es, h := trail()
	if r := audit.Verify(es, h); !r.OK || r.Entries != 5 {
		t.Fatalf("intact: %+v", r)
	}
	cases := map[string]struct {
		change func([]audit.Entry) []audit.Entry
		bad    int
	}{
		"edited reason": {func(es []audit.Entry) []audit.Entry { es[2].Reason = "x"; return es }, 3},
		"edited actor":  {func(es []audit.Entry) []audit.Entry { es[1].Actor = "usr_other"; return es }, 2},
		"edited detail": {func(es []audit.Entry) []audit.Entry { es[3].Detail = map[string]string{"n": "other"}; return es }, 4},
		"edited and rehashed": {func(es []audit.Entry) []audit.Entry {
			es[1].Actor = "usr_other"
			es[1].Hash = audit.Sum(es[1])
			return es
		}, 3},
		"inserted": {func(es []audit.Entry) []audit.Entry {
			x := es[1]
			x.Action = "forged"
			x.Hash = audit.Sum(x)
			return append(es[:2], append([]audit.Entry{x}, es[2:]...)...)
		}, 3},
		"deleted middle": {func(es []audit.Entry) []audit.Entry { return append(es[:2], es[3:]...) }, 3},
		"deleted middle and renumbered": {func(es []audit.Entry) []audit.Entry {
			es = append(es[:2], es[3:]...)
			for i := range es {
				es[i].Seq = i + 1
			}
			return es
		}, 3},
		"deleted tail": {func(es []audit.Entry) []audit.Entry { return es[:4] }, 5},
		"deleted all":  {func([]audit.Entry) []audit.Entry { return nil }, 1},
	}
	for name, c := range cases {
		es, h := trail()
		r := audit.Verify(c.change(es), h)
		if r.OK || r.FirstBadEntry != c.bad || r.Problem == "" {
			t.Errorf("%s: %+v, want firstBadEntry %d", name, r, c.bad)
		}
	}
	es, h = trail()
	x, _ := audit.Chain(h, audit.Entry{RequestID: "prq_1", Actor: "usr_x", Action: "forged"})
	if r := audit.Verify(append(es, x...), h); r.OK || r.FirstBadEntry != 6 {
		t.Fatalf("appended past the head: %+v", r)
	}
}
