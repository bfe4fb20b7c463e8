package local

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/medspa-ai/backend/infra/provision"
	stripeproc "github.com/medspa-ai/backend/shared/billing/stripe"
)

// StripeEvent is one signed webhook event as the local stack answered it.
type StripeEvent struct {
	ID     string
	Status int
	Body   []byte
}

// SendStripeEvent sends a correctly signed Stripe webhook event to the
// local stack's gateway at base, as the Stripe CLI's trigger does: the
// sample dir/<typ>.json for organization orgID (DemoAlias or "" is the demo
// organization, the samples' own), with a fresh event ID and the current
// time, signed with the local signing secret. make stripe-event runs it.
func SendStripeEvent(ctx context.Context, base, dir, typ, orgID string) (StripeEvent, error) {
	raw, err := os.ReadFile(filepath.Join(dir, typ+".json"))
	if typ == "" || err != nil {
		names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for i, n := range names {
			names[i] = strings.TrimSuffix(filepath.Base(n), ".json")
		}
		return StripeEvent{}, fmt.Errorf("unknown TYPE %q; one of %s", typ, strings.Join(names, ", "))
	}
	if orgID == "" {
		orgID = DemoOrg
	}
	raw = bytes.ReplaceAll(raw, []byte(DemoOrg), []byte(OrgAlias(orgID)))
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		return StripeEvent{}, err
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	now := time.Now()
	id := "evt_local_" + hex.EncodeToString(b)
	ev["id"], ev["created"] = id, now.Unix()
	payload, _ := json.Marshal(ev)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/webhooks/stripe", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Stripe-Signature", stripeproc.Sign(payload, provision.LocalStripeSigningSecret, now))
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return StripeEvent{ID: id}, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return StripeEvent{ID: id, Status: resp.StatusCode, Body: bytes.TrimSpace(body)}, nil
}
