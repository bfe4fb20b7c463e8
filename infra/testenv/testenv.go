// Package testenv gives integration tests a fresh copy of the stack in the
// emulators, provisioned from template.yaml under a unique prefix, and the
// real SDK configuration that reaches it.
//
// Without emulator endpoints in the environment the tests skip, unless
// MEDSPA_REQUIRE_EMULATORS=1 (set by `make test`), when they fail: CI must
// never pass by skipping.
package testenv

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/shared/platform/awsclient"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

var (
	once  sync.Once
	stack *provision.Stack
	cfg   aws.Config
	err   error
)

// Root is the repository root (the folder holding go.mod).
func Root() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// Config returns the SDK configuration for the emulators, or skips/fails t.
func Config(t testing.TB) aws.Config {
	t.Helper()
	if os.Getenv("AWS_ENDPOINT_URL") == "" || os.Getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" {
		msg := "emulator endpoints (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB) are not set: run `make test`, or `make emulators` and `eval $(infra/emulators.sh env)`"
		if os.Getenv("MEDSPA_REQUIRE_EMULATORS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ownDatabase.Do(func() {
		// DynamoDB Local keeps a database per access key, each behind its
		// own lock, so packages testing side by side never queue on each
		// other; moto ignores the key (one default account). Set in the
		// environment, it reaches the functions and commands a test starts.
		os.Setenv("AWS_ACCESS_KEY_ID", "test"+strings.TrimSuffix(prefix, "-"))
	})
	c, err := awsclient.Load(context.Background())
	if err != nil {
		t.Fatalf("load AWS config: %v", err)
	}
	return c
}

var ownDatabase sync.Once

// Stack provisions the template once per test binary and returns it,
// without DynamoDB streams (see provision.Options.NoStreams).
func Stack(t testing.TB) (*provision.Stack, aws.Config) {
	t.Helper()
	c := Config(t)
	once.Do(func() {
		cfg = c
		stack, err = apply(cfg, provision.Options{Prefix: Prefix(), NoStreams: true})
	})
	if err != nil {
		t.Fatalf("provision the stack from template.yaml: %v", err)
	}
	return stack, cfg
}

// apply provisions a copy of template.yaml.
func apply(c aws.Config, o provision.Options) (*provision.Stack, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	return provision.ApplyFile(ctx, c, filepath.Join(Root(), "template.yaml"), o)
}

// StreamedStack provisions another copy of the template, with the tables'
// DynamoDB streams as deployed, for the tests that read them.
func StreamedStack(t testing.TB) (*provision.Stack, aws.Config) {
	t.Helper()
	c := Config(t)
	st, err := apply(c, provision.Options{Prefix: Unique("streamed") + "-"})
	if err != nil {
		t.Fatalf("provision the stack from template.yaml: %v", err)
	}
	return st, c
}

// Must returns a setup step's value, failing t on its error, so a test
// builds a store in one line: testenv.Must[auditdb.Log](t)(auditdb.New(privacy)).
func Must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// DynamoDB is a plain client of the provisioned stack's DynamoDB, for
// tests that look at items behind a store's back.
func DynamoDB(t testing.TB) *dynamodb.Client {
	_, c := Stack(t)
	return dynamodb.NewFromConfig(c)
}

var prefix = fmt.Sprintf("t%d-", time.Now().UnixNano()%1e12)

// Prefix is this test binary's resource-name prefix.
func Prefix() string { return prefix }

var seq atomic.Int64

// Unique returns a name no other call in this test binary returns, so a
// test that creates a resource or a key by name passes under -count=N too.
func Unique(name string) string { return fmt.Sprintf("%s%s-%d", prefix, name, seq.Add(1)) }

// Name returns the physical name (Ref) of a provisioned resource.
func Name(t testing.TB, s *provision.Stack, logicalID string) string {
	t.Helper()
	p, ok := s.Resources[logicalID]
	if !ok {
		t.Fatalf("%s was not provisioned", logicalID)
	}
	return p.Ref
}

// Tables names the template's table for each data category.
var Tables = provision.TableIDs

// Table returns category c's table of this test binary's stack, bound to
// the default retention schedule.
func Table(t testing.TB, c retention.Category) *dynamo.Table {
	t.Helper()
	s, cfg := Stack(t)
	tb, err := dynamo.NewTable(dynamodb.NewFromConfig(cfg), Name(t, s, Tables[c]), c, retention.Default)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// Email is one message the emulated SES accepted.
type Email struct {
	Source       string   `json:"source"`
	Destinations []string `json:"destinations"`
	Raw          string   `json:"raw_data"`
}

// SentEmails returns every message moto's SES has accepted since it
// started, oldest first (moto keeps them for its lifetime, so a test
// filters by recipient).
func SentEmails(t testing.TB) []Email {
	t.Helper()
	Config(t)
	resp, err := http.Get(strings.TrimRight(os.Getenv("AWS_ENDPOINT_URL"), "/") + "/moto-api/data.json")
	if err != nil {
		t.Fatalf("read moto state: %v", err)
	}
	defer resp.Body.Close()
	var state struct {
		SES struct {
			RawMessage []Email
		} `json:"ses"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&state); err != nil {
		t.Fatalf("decode moto state: %v", err)
	}
	return state.SES.RawMessage
}

// EmailsTo returns the messages SentEmails holds for addr.
func EmailsTo(t testing.TB, addr string) []Email {
	t.Helper()
	var out []Email
	for _, e := range SentEmails(t) {
		if slices.Contains(e.Destinations, addr) {
			out = append(out, e)
		}
	}
	return out
}
