// Command dev runs the application locally (see infra/local):
//
//	dev up      [-addr 127.0.0.1:3000]          everything, until Ctrl-C
//	dev invoke  -fn NAME -event FILE            one function once, like `sam local invoke`
//	dev token   -user ID [-email E] [-privacy] [-org ORG -role ROLE]
//	                                            a development token for the local gateway; with
//	                                            -org/-role the user is made a member in the local stack
//	dev redrive -queue DLQ                      move a dead-letter queue's messages back to its source
//
// The Makefile wraps these: make dev, make invoke, make token, make fire,
// make redrive.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/console"
	"github.com/medspa-ai/backend/infra/local"
	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/sim/adplatform"
	"github.com/medspa-ai/backend/infra/stripemock"
	"github.com/medspa-ai/backend/infra/template"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/awsclient"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "up":
		err = up(os.Args[2:])
	case "invoke":
		err = invoke(os.Args[2:])
	case "token":
		err = token(os.Args[2:])
	case "redrive":
		err = redrive(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: dev up|invoke|token|redrive [flags]  (see go doc ./infra/cmd/dev)")
	os.Exit(2)
}

func root() string {
	d, _ := os.Getwd()
	return d
}

func needEmulators() error {
	if os.Getenv("AWS_ENDPOINT_URL") == "" || os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" {
		return fmt.Errorf("the emulators' endpoints are not set: use `make dev` / `make invoke`, or `make emulators && eval \"$(infra/emulators.sh env)\"`")
	}
	return nil
}

func rieFlag(fs *flag.FlagSet) *string {
	return fs.String("rie", os.Getenv("RIE_BIN"), "aws-lambda-rie binary (make tools installs it)")
}

func up(args []string) error {
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	addr := fs.String("addr", local.DefaultAddr, "local API address")
	verbose := fs.Bool("verbose", false, "also show the Lambda emulator's own (rapid) log lines")
	consoleAddr := fs.String("console-addr", "127.0.0.1:3001", "local console address (the frontend AllowedOrigin names)")
	simAddr := fs.String("sim-addr", "127.0.0.1:3002", "ad-platform simulator address (Meta and Google)")
	stripeMock := fs.String("stripe-mock", os.Getenv("STRIPE_MOCK_BIN"), "stripe-mock binary (make tools installs it); the api's Stripe calls go to it")
	stripeAddr := fs.String("stripe-addr", "127.0.0.1:3003", "stripe-mock address")
	rie := rieFlag(fs)
	_ = fs.Parse(args)
	if err := needEmulators(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := awsclient.Load(ctx)
	if err != nil {
		return err
	}
	sim, err := adplatform.New(local.SimOptions()).Start(*simAddr)
	if err != nil {
		return fmt.Errorf("ad-platform simulator: %w", err)
	}
	defer sim.Close()
	consoleLn, err := net.Listen("tcp", *consoleAddr)
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	consoleURL := "http://" + consoleLn.Addr().String()
	stripeBase, err := startStripeMock(ctx, *stripeMock, *stripeAddr)
	if err != nil {
		return err
	}
	fmt.Println("dev: provisioning from template.yaml and building every function ...")
	st, err := local.Up(ctx, cfg, local.Options{Root: root(), RIE: *rie, GatewayAddr: *addr, Prefix: "dev-", Verbose: *verbose,
		Env: append(local.AdPlatformEnv(sim), local.DemoSyncEnv()...), AllowedOrigin: consoleURL, StripeAPIBase: stripeBase})
	if err != nil {
		return err
	}
	defer st.Close()
	// make fire, make token and make redrive find the running stack here.
	addrFile := filepath.Join(root(), ".local", "dev", "addr")
	if err := os.WriteFile(addrFile, []byte(strings.TrimPrefix(st.URL, "http://")+"\n"), 0o644); err != nil {
		return err
	}
	defer os.Remove(addrFile)
	if err := local.PutSimApps(ctx, cfg, st.Provision); err != nil {
		return err
	}
	demo, err := local.SeedDemo(ctx, st)
	if err != nil {
		return err
	}
	// The dashboard has data when the banner prints: the demo organization
	// is connected to a Meta and a Google account of the simulator and
	// synced (local.DemoBackfillDays) through the real queue and worker.
	fmt.Printf("dev: connecting the demo organization to the simulator's Meta and Google accounts and syncing %d days ...\n", local.DemoBackfillDays)
	conns, err := local.ConnectDemo(ctx, st, sim)
	if err != nil {
		return err
	}
	if err := local.SyncDemo(ctx, st, conns, 3*time.Minute); err != nil {
		return err
	}
	go func() {
		if err := (&console.Console{API: st.URL, OrgID: demo.OrgID, Token: demo.Token}).Serve(ctx, consoleLn); err != nil {
			fmt.Fprintln(os.Stderr, "dev: console:", err)
		}
	}()
	printBanner(st, demo)
	fmt.Printf("  console (sign in as the demo owner, connect Facebook or Google)  %s\n", consoleURL)
	fmt.Printf("  ad-platform simulator (Meta and Google; control API %s/_sim/)    %s\n\n", sim.URL, sim.URL)
	<-ctx.Done()
	fmt.Println("\ndev: stopping ...")
	return nil
}

func printBanner(st *local.Stack, demo local.Demo) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nMed Spa AI is running locally.\n\n")
	fmt.Fprintf(&b, "  API (HTTP API, JWT auth)   %s\n", st.URL)
	fmt.Fprintf(&b, "  DynamoDB Local             %s\n", os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"))
	fmt.Fprintf(&b, "  moto (SQS, S3, KMS, SES)   %s\n\n", os.Getenv("AWS_ENDPOINT_URL"))
	fmt.Fprintf(&b, "  functions (each its real bootstrap under the Lambda RIE):\n")
	for _, f := range st.Provision.Functions {
		var triggers []string
		for _, r := range f.Routes {
			triggers = append(triggers, r.Method+" "+r.Path)
		}
		for _, q := range f.Queues {
			triggers = append(triggers, "SQS "+q.Queue)
		}
		for _, s := range f.Schedules {
			triggers = append(triggers, "schedule "+s.Name+" "+s.Expression)
		}
		for _, s := range f.Streams {
			triggers = append(triggers, "stream "+s.Table)
		}
		fmt.Fprintf(&b, "    %-16s %s\n", filepath.Base(f.Dir), strings.Join(triggers, ", "))
	}
	var queues []string
	for id, r := range st.Provision.Resources {
		if strings.HasSuffix(id, "Queue") || strings.HasSuffix(id, "DLQ") {
			queues = append(queues, fmt.Sprintf("    %-16s %s", id, r.Ref))
		}
	}
	sort.Strings(queues)
	fmt.Fprintf(&b, "\n  queues:\n%s\n", strings.Join(queues, "\n"))
	fmt.Fprintf(&b, "\n  demo: organization %s (`make token ORG=%s` for short), owner %s (token subject %s)\n", demo.OrgID, local.DemoAlias, demo.Email, demo.UserID)
	fmt.Fprintf(&b, "  token (valid 12 h; `make token` makes others):\n\n    export TOKEN=%s\n\n", demo.Token)
	fmt.Fprintf(&b, "  try:\n")
	for _, c := range demo.Curls(st.URL) {
		fmt.Fprintf(&b, "    %s\n", c)
	}
	fmt.Fprintf(&b, "\n  fire a schedule now:  make fire SCHEDULE=%s\n", strings.Join(scheduleNames(st), " | "))
	fmt.Fprintf(&b, "  Ctrl-C stops everything.\n\n")
	fmt.Print(b.String())
}

func scheduleNames(st *local.Stack) []string {
	var names []string
	for n := range st.Schedules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func invoke(args []string) error {
	fs := flag.NewFlagSet("invoke", flag.ExitOnError)
	fn := fs.String("fn", "", "function: logical ID (ApiFunction) or folder name (api)")
	event := fs.String("event", "", "event file, e.g. events/api/health.json")
	verbose := fs.Bool("verbose", false, "also show the Lambda emulator's own (rapid) log lines")
	rie := rieFlag(fs)
	_ = fs.Parse(args)
	if *fn == "" || *event == "" {
		return fmt.Errorf("invoke needs -fn and -event (make invoke FN=api EVENT=events/api/health.json)")
	}
	if err := needEmulators(); err != nil {
		return err
	}
	payload, err := os.ReadFile(*event)
	if err != nil {
		return err
	}
	ctx := context.Background()
	cfg, ps, err := devStack(ctx)
	if err != nil {
		return err
	}
	if payload, err = local.PrepareSample(ctx, cfg, ps, payload); err != nil {
		return err
	}
	f, ok := local.FunctionByName(ps.Functions, *fn)
	if !ok {
		return fmt.Errorf("no function %q in template.yaml", *fn)
	}
	bins, err := local.Build(ctx, root(), filepath.Join(root(), ".local", "dev", "bin"), []template.Function{f})
	if err != nil {
		return err
	}
	logs := io.Writer(os.Stderr)
	if !*verbose {
		logs = local.QuietRIE(logs)
	}
	rt, err := local.StartRuntime(*rie, bins[f.LogicalID], f, os.Environ(), logs)
	if err != nil {
		return err
	}
	defer rt.Stop()
	out, err := rt.Invoke(ctx, payload)
	fmt.Println(local.PrettyJSON(out))
	return err
}

func token(args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	user := fs.String("user", "", "user ID (the token's sub)")
	orgID := fs.String("org", "", "make the user a member of this organization in the running local stack (created if missing); "+local.DemoAlias+" is the demo organization")
	role := fs.String("role", "", "with -org: owner, admin, marketer or viewer")
	email := fs.String("email", "", "email claim (default <user>@example.com)")
	privacy := fs.Bool("privacy", false, "member of the privacy-team group")
	ttl := fs.Duration("ttl", 12*time.Hour, "validity")
	addr := fs.String("addr", local.DefaultAddr, "the running stack's API address (with -org)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w (make token USER=alice [ORG=%s ROLE=marketer] [EMAIL=...] [PRIVACY=1])", err, local.DemoAlias)
	}
	if *user == "" {
		return fmt.Errorf("token needs a user: make token USER=alice")
	}
	if *email == "" {
		*email = *user + "@example.com"
	}
	if *orgID != "" && *role == "" {
		return fmt.Errorf("ORG=%s needs a ROLE (owner, admin, marketer or viewer): make token USER=%s ORG=%s ROLE=marketer", *orgID, *user, *orgID)
	}
	if *orgID == "" && *role != "" {
		return fmt.Errorf("ROLE=%s needs an ORG: make token USER=%s ORG=%s ROLE=%s", *role, *user, local.DemoAlias, *role)
	}
	if *orgID != "" {
		if err := seedMember(*addr, *user, *email, local.OrgAlias(*orgID), *role); err != nil {
			return err
		}
	}
	iss, err := local.LoadIssuer(filepath.Join(root(), ".local", "dev"))
	if err != nil {
		return err
	}
	var groups []string
	if *privacy {
		groups = []string{local.PrivacyTeam}
	}
	tok, err := iss.Token(local.Identity{Subject: *user, Email: *email, Groups: groups}, *ttl)
	if err != nil {
		return err
	}
	fmt.Println(tok)
	return nil
}

// seedMember writes the membership into the running local stack's tables
// (prefix dev-, as `make dev` provisions them).
func seedMember(addr, user, email, orgID, role string) error {
	if err := needRunningStack(addr); err != nil {
		return err
	}
	ctx := context.Background()
	cfg, ps, err := devStack(ctx)
	if err != nil {
		return err
	}
	if err := local.EnsureMember(ctx, cfg, ps, local.Member{OrgID: orgID, Subject: user, Email: email, Role: org.Role(role)}); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s is %s of %s in the local stack\n", user, role, orgID)
	return nil
}

// needRunningStack checks that `make dev` answers on addr and the emulators
// on theirs, and says what to start otherwise.
func needRunningStack(addr string) error {
	dyn, moto := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"), os.Getenv("AWS_ENDPOINT_URL")
	var down []string
	for _, ep := range []struct{ what, addr string }{{"the local API", addr}, {"DynamoDB Local", hostPort(dyn)}, {"moto_server", hostPort(moto)}} {
		c, err := net.DialTimeout("tcp", ep.addr, time.Second)
		if err != nil {
			down = append(down, ep.what+" ("+ep.addr+")")
			continue
		}
		c.Close()
	}
	if len(down) > 0 {
		return fmt.Errorf("nothing answers for %s: `make dev` must be running (in another terminal) for ORG=...: it serves the API on %s and the emulators DynamoDB Local on %s and moto on %s",
			strings.Join(down, ", "), addr, hostPort(dyn), hostPort(moto))
	}
	return nil
}

func hostPort(endpoint string) string {
	if u, err := url.Parse(endpoint); err == nil && u.Host != "" {
		return u.Host
	}
	return endpoint
}

func redrive(args []string) error {
	fs := flag.NewFlagSet("redrive", flag.ContinueOnError)
	queue := fs.String("queue", "", "the dead-letter queue's logical ID: SyncDLQ, ContentDLQ or PrivacyDLQ")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *queue == "" {
		return fmt.Errorf("redrive needs a queue: make redrive QUEUE=SyncDLQ")
	}
	if err := needEmulators(); err != nil {
		return err
	}
	ctx := context.Background()
	cfg, ps, err := devStack(ctx)
	if err != nil {
		return err
	}
	rd, err := local.RedriveDLQ(ctx, sqs.NewFromConfig(cfg), ps, *queue)
	if err != nil {
		return err
	}
	fmt.Printf("moved %d messages from %s to %s (%s)\n", rd.Moved, rd.DLQ, rd.Source, rd.Method)
	return nil
}

// devStack finds the local stack `make dev` runs (prefix dev-), provisioning
// it if needed.
func devStack(ctx context.Context) (aws.Config, *provision.Stack, error) {
	cfg, err := awsclient.Load(ctx)
	if err != nil {
		return cfg, nil, err
	}
	ps, err := local.Provision(ctx, cfg, root(), "dev-")
	return cfg, ps, err
}

// startStripeMock runs stripe-mock at addr until ctx ends and returns its
// URL; without a binary the api keeps the template's StripeApiBase.
func startStripeMock(ctx context.Context, bin, addr string) (string, error) {
	if bin == "" {
		fmt.Println("dev: no stripe-mock (STRIPE_MOCK_BIN): billing checkout and portal call StripeApiBase")
		return "", nil
	}
	cmd, base, err := stripemock.Start(ctx, bin, addr, nil)
	if err != nil {
		return "", err
	}
	go func() { _ = cmd.Wait() }()
	return base, nil
}
