// Command sim serves the local Meta and Google ad-platform simulator
// (package infra/sim/adplatform) on an address and prints the URLs
// connectors point their base URLs at. App credentials come from flags, or
// from the environment variables named in each flag's help.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sim:", err)
		os.Exit(1)
	}
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// run serves until ctx ends. It prints the bound URL alone on the first
// line of stdout, and the mapping and credentials on stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flag := flag.NewFlagSet("sim", flag.ContinueOnError)
	flag.SetOutput(stderr)
	addr := flag.String("addr", env("SIM_ADDR", "127.0.0.1:8790"), "listen address; port 0 picks a free one (env SIM_ADDR)")
	seed := flag.Uint64("seed", 1, "seed of the generated data")
	metaID := flag.String("meta-app-id", env("SIM_META_APP_ID", ""), "Meta app ID accepted (env SIM_META_APP_ID; default 1234567890123456)")
	metaSecret := flag.String("meta-app-secret", env("SIM_META_APP_SECRET", ""), "Meta app secret accepted (env SIM_META_APP_SECRET)")
	googleID := flag.String("google-client-id", env("SIM_GOOGLE_CLIENT_ID", ""), "Google OAuth client ID accepted (env SIM_GOOGLE_CLIENT_ID)")
	googleSecret := flag.String("google-client-secret", env("SIM_GOOGLE_CLIENT_SECRET", ""), "Google OAuth client secret accepted (env SIM_GOOGLE_CLIENT_SECRET)")
	devToken := flag.String("google-developer-token", env("SIM_GOOGLE_DEVELOPER_TOKEN", ""), "Google Ads developer-token accepted (env SIM_GOOGLE_DEVELOPER_TOKEN)")
	redirects := flag.String("redirect-uris", env("SIM_REDIRECT_URIS", ""), "comma-separated redirect URIs both apps accept; empty accepts any (env SIM_REDIRECT_URIS)")
	if err := flag.Parse(args); err != nil {
		return err
	}

	var uris []string
	if *redirects != "" {
		uris = strings.Split(*redirects, ",")
	}
	sim := adplatform.New(adplatform.Options{
		Seed:                 *seed,
		MetaApp:              adplatform.App{ClientID: *metaID, ClientSecret: *metaSecret, RedirectURIs: uris},
		GoogleApp:            adplatform.App{ClientID: *googleID, ClientSecret: *googleSecret, RedirectURIs: uris},
		GoogleDeveloperToken: *devToken,
	})
	srv, err := sim.Start(*addr)
	if err != nil {
		return err
	}
	o := sim.Options()
	fmt.Fprintln(stdout, srv.URL)
	fmt.Fprintf(stderr, `ad-platform simulator on %s
  https://www.facebook.com         -> %s
  https://graph.facebook.com       -> %s
  https://accounts.google.com      -> %s
  https://oauth2.googleapis.com    -> %s
  https://googleads.googleapis.com -> %s
  control API                      -> %s/_sim/ (faults, requests, revise, accounts, totals)
  Meta app %s / %s; Google client %s / %s; developer-token %s
`, srv.URL, srv.MetaWWWURL(), srv.MetaGraphURL(), srv.GoogleAccountsURL(), srv.GoogleOAuth2URL(), srv.GoogleAdsURL(), srv.URL,
		o.MetaApp.ClientID, o.MetaApp.ClientSecret, o.GoogleApp.ClientID, o.GoogleApp.ClientSecret, o.GoogleDeveloperToken)
	<-ctx.Done()
	return srv.Close()
}
