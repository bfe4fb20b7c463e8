// Command stripeevent sends a correctly signed Stripe webhook event to the
// running local stack, as the Stripe CLI's trigger does: the sample in
// events/billingwebhook/stripe/<type>.json, for organization -org, with a
// fresh event ID and the current time, signed with the local signing
// secret (make stripe-event TYPE=invoice.paid ORG=org_demo).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/medspa-ai/backend/infra/local"
)

func main() {
	typ := flag.String("type", "", "event type (a file in events/billingwebhook/stripe)")
	org := flag.String("org", local.DemoOrg, "organization ID ("+local.DemoAlias+": the demo organization)")
	addr := flag.String("addr", local.DefaultAddr, "the local API's address")
	dir := flag.String("dir", "events/billingwebhook/stripe", "sample events")
	flag.Parse()
	ev, err := local.SendStripeEvent(context.Background(), "http://"+*addr, *dir, *typ, *org)
	if err != nil && ev.ID != "" {
		err = fmt.Errorf("nothing answers on %s: is `make dev` running (ADDR=host:port if elsewhere)? %v", *addr, err)
	}
	if err == nil {
		fmt.Printf("%s %s -> %d %s\n", *typ, ev.ID, ev.Status, ev.Body)
		if ev.Status/100 != 2 {
			err = fmt.Errorf("status %d", ev.Status)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stripe-event:", err)
		os.Exit(1)
	}
}
