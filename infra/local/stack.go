// Package local runs the whole application on one machine the way AWS would:
// every function's real bootstrap under the Lambda Runtime Interface
// Emulator with the environment template.yaml declares, a gateway that plays
// API Gateway's HTTP API (routes, JWT authorizer, payload 2.0), and event
// sources that play Lambda's SQS and DynamoDB stream mappings and
// EventBridge Scheduler, all against the emulators. `make dev` and the
// end-to-end tests use it.
package local

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/template"
)

// Options configure a local stack.
type Options struct {
	Root        string // repository root
	RIE         string // aws-lambda-rie binary
	GatewayAddr string // e.g. 127.0.0.1:3000
	Prefix      string // resource-name prefix in the emulators
	StateDir    string // builds, signing key (default Root/.local/dev)
	Logs        io.Writer
	RetryDelay  time.Duration // SQS retry delay for failed records (default 2s)
	// NoSchedules leaves timers off (schedules still fire through /_local/).
	NoSchedules bool
	// Verbose keeps the emulator's own "(rapid)" lines in Logs; without it
	// they are dropped (the functions' lines and START/END/REPORT stay).
	Verbose bool
	// Env is added to every function's environment under the template's
	// variables (the ad-platform base URLs of the simulator, AdPlatformEnv).
	Env []string
	// AllowedOrigin is the frontend's origin (the local console), for the
	// template parameter of that name (CORS, where OAuth sends the browser back).
	AllowedOrigin string
	// StripeAPIBase is where the api sends Stripe calls (stripe-mock's URL),
	// for the template parameter StripeApiBase.
	StripeAPIBase string
	// Builds, when set, keeps the bootstraps the first stack of a process
	// built for the ones after it (tests that start several stacks); each
	// stack builds its own otherwise.
	Builds *Builds
}

// Builds are bootstraps built once into Dir and shared by the stacks of one
// process, which all run the same source.
type Builds struct {
	Dir  string
	mu   sync.Mutex
	bins map[string]string
}

func (b *Builds) get(ctx context.Context, root string, fns []template.Function) (map[string]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bins == nil {
		bins, err := Build(ctx, root, b.Dir, fns)
		if err != nil {
			return nil, err
		}
		b.bins = bins
	}
	for _, f := range fns {
		if b.bins[f.LogicalID] == "" {
			return nil, fmt.Errorf("%s was not among the functions built first", f.LogicalID)
		}
	}
	return b.bins, nil
}

// Stack is a running local application.
type Stack struct {
	Opts      Options
	AWS       aws.Config
	Provision *provision.Stack
	Runtimes  map[string]*Runtime // by logical ID
	Schedules map[string]*Scheduler
	Tokens    *TokenIssuer
	Gateway   *Gateway
	URL       string
	server    *http.Server
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	Log       *slog.Logger
}

// DevOrigin is the web frontend's origin in development (a Vite dev
// server's default): the template's AllowedOrigin locally. The gateway's own
// origin (the local console) is allowed too.
const DevOrigin = "http://localhost:5173"

// Params are the template parameters the local stack sets: its JWT issuer
// instead of Cognito, and a local sender.
func Params() map[string]string {
	return map[string]string{"JwtIssuer": Issuer, "JwtAudience": Audience, "Stage": "dev", "SesSender": "privacy@medspa.local",
		"AllowedOrigin": DevOrigin}
}

// Provision creates (or finds) the local copy of template.yaml under root
// with the local stack's parameters (and extra ones, which win).
func Provision(ctx context.Context, cfg aws.Config, root, prefix string, extra ...map[string]string) (*provision.Stack, error) {
	params := Params()
	for _, m := range extra {
		maps.Copy(params, m)
	}
	return provision.ApplyFile(ctx, cfg, filepath.Join(root, "template.yaml"), provision.Options{Prefix: prefix, Params: params})
}

// Up provisions, builds and starts everything. Close stops it.
func Up(ctx context.Context, cfg aws.Config, o Options) (*Stack, error) {
	if o.StateDir == "" {
		o.StateDir = filepath.Join(o.Root, ".local", "dev")
	}
	if o.RetryDelay == 0 {
		o.RetryDelay = 2 * time.Second
	}
	if o.Logs == nil {
		o.Logs = os.Stdout
	}
	if !o.Verbose {
		o.Logs = QuietRIE(o.Logs)
	}
	log := slog.New(slog.NewTextHandler(prefixed{o.Logs, "local"}, nil))
	s := &Stack{Opts: o, AWS: cfg, Runtimes: map[string]*Runtime{}, Schedules: map[string]*Scheduler{}, Log: log}

	var err error
	extra := map[string]string{}
	if o.AllowedOrigin != "" {
		extra["AllowedOrigin"] = o.AllowedOrigin
	}
	if o.StripeAPIBase != "" {
		extra["StripeApiBase"] = o.StripeAPIBase
	}
	if o.GatewayAddr != "" {
		// The verification email's confirmation link opens the local gateway.
		extra["PublicApiUrl"] = "http://" + o.GatewayAddr
	}
	if s.Provision, err = Provision(ctx, cfg, o.Root, o.Prefix, extra); err != nil {
		return nil, err
	}
	if s.Tokens, err = LoadIssuer(o.StateDir); err != nil {
		return nil, err
	}
	var bins map[string]string
	if o.Builds != nil {
		bins, err = o.Builds.get(ctx, o.Root, s.Provision.Functions)
	} else {
		bins, err = Build(ctx, o.Root, filepath.Join(o.StateDir, "bin"), s.Provision.Functions)
	}
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	for _, f := range s.Provision.Functions {
		rt, err := StartRuntime(o.RIE, bins[f.LogicalID], f, append(os.Environ(), o.Env...), o.Logs)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.Runtimes[f.LogicalID] = rt
	}
	if err := s.startSources(runCtx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.startGateway(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Stack) startSources(ctx context.Context) error {
	sq := sqs.NewFromConfig(s.AWS)
	st := dynamodbstreams.NewFromConfig(s.AWS)
	for _, f := range s.Provision.Functions {
		rt := s.Runtimes[f.LogicalID]
		for _, q := range f.Queues {
			res := s.Provision.Resources[q.Queue]
			p := QueuePoller{SQS: sq, Source: q, URL: res.Ref, ARN: res.Attrs["Arn"], Region: s.AWS.Region, Fn: rt, Log: s.Log, RetryDelay: s.Opts.RetryDelay}
			s.goRun(func() { p.Run(ctx) })
		}
		for _, sc := range f.Schedules {
			sch, err := NewScheduler(rt, sc, s.Log)
			if err != nil {
				return err
			}
			s.Schedules[sc.Name] = sch
			if !s.Opts.NoSchedules {
				s.goRun(func() { sch.Run(ctx) })
			}
		}
		for _, src := range f.Streams {
			arn := s.Provision.Resources[src.Table].Attrs["StreamArn"]
			if arn == "" {
				return fmt.Errorf("%s: table %s has no stream", f.LogicalID, src.Table)
			}
			p := StreamPoller{Streams: st, Source: src, StreamARN: arn, Region: s.AWS.Region, Fn: rt, Log: s.Log}
			s.goRun(func() { p.Run(ctx) })
		}
	}
	return nil
}

func (s *Stack) goRun(fn func()) {
	s.wg.Add(1)
	go func() { defer s.wg.Done(); fn() }()
}

func (s *Stack) startGateway() error {
	fns := map[string]Invoker{}
	for id, rt := range s.Runtimes {
		fns[id] = rt
	}
	s.Gateway = NewGateway(fns, s.Provision.Functions, s.Tokens, s.Log)
	s.Gateway.Control = s.control()
	l, err := net.Listen("tcp", s.Opts.GatewayAddr)
	if err != nil {
		return fmt.Errorf("local gateway: %w (is another `make dev` running?)", err)
	}
	s.URL = "http://" + l.Addr().String()
	s.Gateway.Host = l.Addr().String()
	if s.Gateway.Cors, err = s.cors(); err != nil {
		l.Close()
		return err
	}
	s.server = &http.Server{Handler: s.Gateway, ReadHeaderTimeout: 10 * time.Second}
	s.goRun(func() { _ = s.server.Serve(l) })
	return nil
}

// cors is the template's HTTP API CorsConfiguration with the local stack's
// parameters, plus the gateway's own origin.
func (s *Stack) cors() (*template.Cors, error) {
	for _, id := range s.Provision.Resolver.T.OfType(template.HttpApiType) {
		c, err := s.Provision.Resolver.Cors(id)
		if err != nil || c == nil {
			return c, err
		}
		c.AllowOrigins = append(c.AllowOrigins, s.URL)
		if host, port, err := net.SplitHostPort(s.Gateway.Host); err == nil && host == "127.0.0.1" {
			c.AllowOrigins = append(c.AllowOrigins, "http://localhost:"+port)
		}
		return c, nil
	}
	return nil, nil
}

// control serves POST /_local/schedules/{name}: fire a schedule now.
func (s *Stack) control() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /_local/schedules/{name}", func(w http.ResponseWriter, r *http.Request) {
		sch, ok := s.Schedules[r.PathValue("name")]
		if !ok {
			names := make([]string, 0, len(s.Schedules))
			for n := range s.Schedules {
				names = append(names, n)
			}
			sort.Strings(names)
			http.Error(w, "no schedule "+r.PathValue("name")+"; schedules: "+strings.Join(names, ", "), http.StatusNotFound)
			return
		}
		out, err := sch.Fire(r.Context())
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
		}
		_, _ = w.Write(out)
	})
	return mux
}

// Close stops every source, runtime and the gateway.
func (s *Stack) Close() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = s.server.Shutdown(ctx)
		cancel()
	}
	// The functions stop before the sources are waited for: an invocation
	// in flight (pollers invoke past their context, as Lambda does) would
	// otherwise hold Close for up to the function's timeout.
	var stops sync.WaitGroup
	for _, rt := range s.Runtimes {
		stops.Go(rt.Stop)
	}
	stops.Wait()
	s.wg.Wait()
}

// Build compiles every function's bootstrap for this machine (the RIE runs
// native binaries), with the same tags and flags as the Lambda build.
func Build(ctx context.Context, root, out string, fns []template.Function) (map[string]string, error) {
	bins := map[string]string{}
	args := []string{"build", "-trimpath", "-tags", "lambda.norpc", "-ldflags", "-s -w", "-o"}
	sem := make(chan struct{}, max(runtime.NumCPU(), 1))
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, f := range fns {
		bin := filepath.Join(out, filepath.Base(f.Dir), "bootstrap")
		bins[f.LogicalID] = bin
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			cmd := exec.CommandContext(ctx, "go", append(args, bin, "./"+f.Dir)...)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
			if b, err := cmd.CombinedOutput(); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("build %s: %v\n%s", f.Dir, err, b))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return bins, errors.Join(errs...)
}

// Invoke runs one function once with event, like `sam local invoke`.
func (s *Stack) Invoke(ctx context.Context, logicalID string, event []byte) ([]byte, error) {
	rt, ok := s.Runtimes[logicalID]
	if !ok {
		return nil, fmt.Errorf("no function %s", logicalID)
	}
	return rt.Invoke(ctx, event)
}

// FunctionByName finds a function by logical ID or folder name.
func FunctionByName(fns []template.Function, name string) (template.Function, bool) {
	for _, f := range fns {
		if f.LogicalID == name || filepath.Base(f.Dir) == name {
			return f, true
		}
	}
	return template.Function{}, false
}

// QuietRIE drops the RIE's own log lines, "(rapid)" (the emulator's
// bookkeeping), from line-at-a-time writes to w.
func QuietRIE(w io.Writer) io.Writer { return rapidFilter{w} }

type rapidFilter struct{ w io.Writer }

func (f rapidFilter) Write(b []byte) (int, error) {
	if bytes.Contains(b, []byte("(rapid)")) {
		return len(b), nil
	}
	return f.w.Write(b)
}

// prefixed writes each line of a text handler with a name column, like the
// functions' log lines.
type prefixed struct {
	w    io.Writer
	name string
}

func (p prefixed) Write(b []byte) (int, error) {
	_, err := fmt.Fprintf(p.w, "%-15s| %s", p.name, b)
	return len(b), err
}

// PrettyJSON indents b when it is JSON.
func PrettyJSON(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, _ := json.MarshalIndent(v, "", "  ")
	return string(out)
}
