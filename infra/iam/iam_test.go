package iam

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/medspa-ai/backend/infra/template"
)

const root = "../.."

// platformActions are what Lambda and EventBridge Scheduler do with a
// role on the function's behalf, never the code.
var platformActions = map[string]bool{
	"sqs:ReceiveMessage": true, "sqs:DeleteMessage": true, "sqs:ChangeMessageVisibility": true, "sqs:GetQueueAttributes": true,
	"dynamodb:DescribeStream": true, "dynamodb:GetRecords": true, "dynamodb:GetShardIterator": true, "dynamodb:ListStreams": true,
	"lambda:InvokeFunction": true,
	// Only to a failure destination of the function's own event sources.
	"sqs:SendMessage": true,
}

// TestGrantsMatchCalls expands every function's policies with the SAM
// translator and compares them with allowlist.yaml, and the allowlist with
// the AWS calls the function's code makes: a grant that is not in the
// allowlist, a grant no call needs, and a call without a grant all fail.
func TestGrantsMatchCalls(t *testing.T) {
	roles, err := ExpandRoles(filepath.Join(root, "template.yaml"))
	if errors.Is(err, ErrNoTranslator) {
		if os.Getenv("MEDSPA_REQUIRE_EMULATORS") == "1" {
			t.Fatalf("%v (make test needs it: pip install cfn-lint)", err)
		}
		t.Skipf("%v: the IAM allowlist is not checked (make test checks it)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	allow, err := LoadAllowlist("allowlist.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := template.Load(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}

	for id := range allow {
		if _, ok := roles[id]; !ok {
			t.Errorf("allowlist.yaml has %s, which the template does not create", id)
		}
	}
	ids := make([]string, 0, len(roles))
	for id := range roles {
		ids = append(ids, id)
	}
	sort.Strings(ids)

	// The code analysis of each function runs concurrently (go list and
	// type-checking dominate).
	uses := map[string]*Use{}
	errs := map[string]error{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, fn := range tpl.OfType(template.FunctionType) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, err := Calls(root, "./"+template.FunctionDir(fn))
			mu.Lock()
			defer mu.Unlock()
			uses[fn+"Role"], errs[fn+"Role"] = u, err
		}()
	}
	wg.Wait()

	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			want, ok := allow[id]
			if !ok {
				t.Fatalf("%s is not in infra/iam/allowlist.yaml: every role's grants are listed there on purpose", id)
			}
			checkRole(t, tpl, id, roles[id], want, uses[id], errs[id])
		})
	}
}

func checkRole(t *testing.T, tpl *template.Template, id string, role Role, want RoleAllowlist, use *Use, useErr error) {
	// Managed policies, by name.
	var managed []string
	for _, arn := range role.ManagedPolicyArns {
		managed = append(managed, arn[strings.LastIndex(arn, "/")+1:])
	}
	sort.Strings(managed)
	wantManaged := slices.Sorted(slices.Values(want.Managed))
	if !slices.Equal(managed, wantManaged) {
		t.Errorf("managed policies are %v; allowlist.yaml says %v", managed, wantManaged)
	}

	// The template's grants are the allowlist's, both ways.
	got, err := RoleGrants(role)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[Grant]bool{}
	code := map[Grant]bool{}
	for _, st := range want.Code {
		for _, g := range st.Grants() {
			listed[g], code[g] = true, true
		}
	}
	for _, st := range want.Platform {
		for _, g := range st.Grants() {
			listed[g] = true
		}
	}
	granted := map[Grant]bool{}
	for _, g := range got {
		granted[g] = true
		if !listed[g] {
			t.Errorf("template.yaml grants %s, which infra/iam/allowlist.yaml does not list", g)
		}
	}
	for g := range listed {
		if !granted[g] {
			t.Errorf("infra/iam/allowlist.yaml lists %s, which template.yaml does not grant", g)
		}
	}

	// Platform grants are only what Lambda and the scheduler do.
	fn := strings.TrimSuffix(id, "Role")
	for _, st := range want.Platform {
		for _, g := range st.Grants() {
			if !platformActions[g.Action] {
				t.Errorf("platform grant %s: %s is not something Lambda or the scheduler does for a function; list it under code", g, g.Action)
			}
			if g.Action == "sqs:SendMessage" && !slices.Contains(failureDestinations(tpl, fn), g.Resource) {
				t.Errorf("platform grant %s: not a failure destination of %s's event sources", g, fn)
			}
		}
	}

	res, isFunction := tpl.Resources[fn]
	if !isFunction || res.Type != template.FunctionType {
		if len(want.Code) > 0 || len(want.Calls) > 0 {
			t.Errorf("%s belongs to no function, so it can have no calls or code grants", id)
		}
		return
	}
	if useErr != nil {
		t.Fatalf("finding %s's AWS calls: %v", fn, useErr)
	}

	// The calls the code makes are the allowlist's.
	for _, c := range use.Calls {
		if !slices.Contains(want.Calls, c) {
			t.Errorf("%s's code calls %s, which infra/iam/allowlist.yaml does not list under calls", fn, c)
		}
	}
	for _, c := range want.Calls {
		if !slices.Contains(use.Calls, c) {
			t.Errorf("infra/iam/allowlist.yaml lists the call %s, which %s's code does not make", c, fn)
		}
	}

	// Every call has a grant, every code grant a call.
	needed := map[string][]string{}
	for _, c := range use.Calls {
		for _, a := range Actions(c) {
			needed[a] = append(needed[a], c)
		}
	}
	codeActions := map[string]bool{}
	for g := range code {
		codeActions[g.Action] = true
		// Reading a secret encrypted with one of our keys needs kms:Decrypt
		// through Secrets Manager: GetSecretValue is the call it serves.
		viaSecrets := g.Action == "kms:Decrypt" && strings.Contains(g.Condition, `"kms:ViaService":["secretsmanager.`) && slices.Contains(use.Calls, "secretsmanager.GetSecretValue")
		if _, ok := needed[g.Action]; !ok && !viaSecrets {
			t.Errorf("%s is granted %s, which no call of its code needs (its calls: %s)", fn, g, strings.Join(use.Calls, ", "))
		}
	}
	for a, calls := range needed {
		if !codeActions[a] {
			t.Errorf("%s's code calls %s, which needs %s: no grant allows it", fn, strings.Join(calls, ", "), a)
		}
	}

	// A resource a code grant names must be one the code is told about and
	// reads: its environment variable appears in the code.
	env := functionEnv(tpl, res)
	for g := range code {
		for _, ref := range referencedResources(tpl, g.Resource) {
			vars := env[ref]
			read := slices.ContainsFunc(vars, func(v string) bool { return use.Strings[v] })
			if !read {
				t.Errorf("%s is granted %s, but its code reads no environment variable naming %s (variables: %v)", fn, g, ref, vars)
			}
		}
	}
}

// failureDestinations are the canonical ARNs of the on-failure
// destinations of fn's event sources.
func failureDestinations(tpl *template.Template, fn string) []string {
	var out []string
	for _, ev := range template.Map(tpl.Resources[fn].Properties, "Events") {
		m, _ := ev.(map[string]any)
		props := template.Map(m, "Properties")
		if d, ok := template.Map(template.Map(props, "DestinationConfig"), "OnFailure")["Destination"]; ok {
			out = append(out, canon(d))
		}
	}
	return out
}

// functionEnv maps each logical ID a function's environment refers to, to
// the variables that refer to it.
func functionEnv(tpl *template.Template, fn template.Resource) map[string][]string {
	out := map[string][]string{}
	vars := template.Map(template.Map(fn.Properties, "Environment"), "Variables")
	for name, v := range vars {
		for _, ref := range referencedResources(tpl, canon(v)) {
			out[ref] = append(out[ref], name)
		}
	}
	return out
}

var word = regexp.MustCompile(`[A-Za-z0-9]+`)

// referencedResources are the data resources (tables, queues, buckets,
// secrets, keys) a canonical string names.
func referencedResources(tpl *template.Template, s string) []string {
	var out []string
	for _, w := range word.FindAllString(s, -1) {
		res, ok := tpl.Resources[w]
		if !ok {
			continue
		}
		switch res.Type {
		case "AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::SecretsManager::Secret", "AWS::KMS::Key":
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// TestAuditTrailAndErasureRights: the audit trail is written, never
// rewritten: only the retention sweep deletes from the privacy table and
// no role updates it (but for the daily deletion tallies, RETSTAT, which
// are counters beside the trail); only erasure (the privacy function) deletes object
// versions; nobody holds a wildcard action or an action that does not
// exist.
func TestAuditTrailAndErasureRights(t *testing.T) {
	roles, err := ExpandRoles(filepath.Join(root, "template.yaml"))
	if errors.Is(err, ErrNoTranslator) {
		if os.Getenv("MEDSPA_REQUIRE_EMULATORS") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for id, r := range roles {
		grants, err := RoleGrants(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range grants {
			onPrivacy := strings.Contains(g.Resource, "PrivacyTable")
			switch {
			case strings.Contains(g.Action, "*"):
				t.Errorf("%s: wildcard action %s", id, g)
			case g.Action == "bedrock:Converse" || g.Action == "bedrock:ConverseStream":
				t.Errorf("%s: %s is not an IAM action (Converse is authorized by bedrock:InvokeModel)", id, g.Action)
			case onPrivacy && g.Action == "dynamodb:UpdateItem" && g.Condition == `{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["RETSTAT"]}}`:
				// The daily deletion tallies (RETSTAT) are counters, not
				// audit rows: updating them, and only them, is allowed.
			case onPrivacy && (g.Action == "dynamodb:UpdateItem" || g.Action == "dynamodb:BatchWriteItem" || strings.HasPrefix(g.Action, "dynamodb:PartiQL")):
				t.Errorf("%s: %s would let it rewrite the audit trail", id, g)
			case onPrivacy && g.Action == "dynamodb:DeleteItem" && id != "RetentionSweepFunctionRole":
				t.Errorf("%s: %s: only the retention sweep deletes audit-trail items", id, g)
			case g.Action == "s3:DeleteObjectVersion" && id != "PrivacyFunctionRole":
				t.Errorf("%s: %s: only erasure deletes object versions", id, g)
			}
		}
	}
}

func ExampleActions() {
	fmt.Println(Actions("dynamodb.TransactWriteItems.Put"), Actions("sqs.SendMessageBatch"), Actions("bedrockruntime.Converse"), Actions("kms.GenerateMac"))
	// Output: [dynamodb:PutItem] [sqs:SendMessage] [bedrock:InvokeModel] [kms:GenerateMac]
}
