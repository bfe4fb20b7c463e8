// Command stripeevent sends a correctly signed Stripe webhook event to the
// running local stack, as the Stripe CLI's trigger does: the sample in
// events/billingwebhook/stripe/<type>.json, for organization -org, with a
// fresh event ID and the current time, signed with the local signing
// secret (make stripe-event TYPE=invoice.paid ORG=org_demo).
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
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

const sampleOrg = "org_sampleaaaaaaaaaaaaaaaaaaaa"

func main() {
	typ := flag.String("type", "", "event type (a file in events/billingwebhook/stripe)")
	org := flag.String("org", sampleOrg, "organization ID (org_demo: the demo organization)")
	addr := flag.String("addr", "127.0.0.1:3000", "the local API's address")
	dir := flag.String("dir", "events/billingwebhook/stripe", "sample events")
	flag.Parse()
	if err := run(*typ, *org, *addr, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "stripe-event:", err)
		os.Exit(1)
	}
}

func run(typ, org, addr, dir string) error {
	raw, err := os.ReadFile(filepath.Join(dir, typ+".json"))
	if typ == "" || err != nil {
		names, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for i, n := range names {
			names[i] = strings.TrimSuffix(filepath.Base(n), ".json")
		}
		return fmt.Errorf("unknown TYPE %q; one of %s", typ, strings.Join(names, ", "))
	}
	if org == "org_demo" || org == "" {
		org = sampleOrg
	}
	raw = bytes.ReplaceAll(raw, []byte(sampleOrg), []byte(org))
	var ev map[string]any
	if err := json.Unmarshal(raw, &ev); err != nil {
		return err
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	now := time.Now()
	ev["id"], ev["created"] = "evt_local_"+hex.EncodeToString(b), now.Unix()
	payload, _ := json.Marshal(ev)
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/webhooks/stripe", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Stripe-Signature", stripeproc.Sign(payload, provision.LocalStripeSigningSecret, now))
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return fmt.Errorf("nothing answers on %s: is `make dev` running (ADDR=host:port if elsewhere)? %v", addr, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Printf("%s %s -> %d %s\n", typ, ev["id"], resp.StatusCode, strings.TrimSpace(string(body)))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
