package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/medspa-ai/backend/shared/fake"
	"github.com/medspa-ai/backend/shared/privacy"
	"github.com/medspa-ai/backend/shared/privacy/audit"
)

func TestRunReportsABrokenTrail(t *testing.T) {
	ctx := context.Background()
	st := fake.NewPrivacyRequests()
	n := 0
	svc := privacy.Service{Store: st, Now: time.Now, NewID: func() string { n++; return []string{"", "prq_a", "prq_b"}[n] }}
	for range 2 {
		if _, err := svc.Submit(ctx, "usr_team", privacy.New{Type: privacy.Access, Subject: privacy.Subject{UserID: "usr_x"}, Verification: &privacy.Verification{Method: "call"}}); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if ok, err := run(ctx, st, "", &out); !ok || err != nil || !strings.Contains(out.String(), "prq_a ok entries=2") {
		t.Fatalf("%v %v %s", ok, err, out.String())
	}
	st.Tamper("prq_b", func(es []audit.Entry) []audit.Entry { es[0].Actor = "usr_other"; return es })
	out.Reset()
	if ok, _ := run(ctx, st, "", &out); ok || !strings.Contains(out.String(), "prq_b BROKEN entries=2 firstBadEntry=1") {
		t.Fatalf("%v %s", ok, out.String())
	}
	out.Reset()
	if ok, _ := run(ctx, st, "prq_a", &out); !ok || strings.Contains(out.String(), "prq_b") {
		t.Fatalf("one request: %s", out.String())
	}
}
