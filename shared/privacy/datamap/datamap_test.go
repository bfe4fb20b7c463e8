package datamap_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/medspa-ai/backend/shared/privacy/datamap"
	"github.com/medspa-ai/backend/shared/retention"
)

// keyLiteral is what a key part looks like in the code: upper-case words
// with '#' separators ("ORG#", "MEMBER~SUPPORT#", "PROFILE").
var keyLiteral = regexp.MustCompile(`^[A-Z][A-Z0-9_~]*([#$].*)?$`)

// notKeys are upper-case literals in store packages that are not the key
// of an item the code writes, each with the reason.
var notKeys = map[string]string{
	"MEMBER~SUPPORT$": "query range bound after the last support message (orgdb)",
}

// envReaders are boot's and config's readers of environment variables.
var envReaders = map[string]bool{"Table": true, "Required": true, "Optional": true, "Queue": true, "Secret": true, "Sealer": true, "Int": true, "Invalid": true}

// envName is the shape of an environment variable's name, read through an
// alias (e := b.Env.Optional): an upper-case name ending in what the
// template's variables end in.
var envName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*_(URL|TABLE|ARN|BUCKET|ID)$`)

const dynamoImport = `"github.com/medspa-ai/backend/shared/platform/dynamo"`

// storeLiterals finds the key literals of every store: all non-test files
// of the store packages (folders named <domain>db that use the DynamoDB
// adapter) and every other file under shared/ that builds a key
// (dynamo.Key).
func storeLiterals(t *testing.T) map[string][]string {
	root := filepath.Join("..", "..")
	dirs := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for dir, files := range dirs {
		if strings.HasSuffix(dir, filepath.Join("platform", "dynamo")) {
			continue
		}
		uses := false
		for _, f := range files {
			b, _ := os.ReadFile(f)
			uses = uses || strings.Contains(string(b), dynamoImport)
		}
		store := uses && strings.HasSuffix(dir, "db")
		for _, f := range files {
			if b, _ := os.ReadFile(f); !store && !strings.Contains(string(b), "dynamo.Key(") {
				continue
			}
			src, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(src, func(n ast.Node) bool {
				// The names of environment variables a function reads its
				// configuration from (b.Table("ACCOUNT_TABLE", ...)) are
				// upper case too, and no key.
				if c, ok := n.(*ast.CallExpr); ok {
					if sel, ok := c.Fun.(*ast.SelectorExpr); ok && envReaders[sel.Sel.Name] {
						return false
					}
				}
				if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
					s, err := strconv.Unquote(b.Value)
					if err == nil && len(s) > 1 && keyLiteral.MatchString(s) && !envName.MatchString(s) {
						s, _, _ = strings.Cut(s, "%")
						out[s] = append(out[s], f)
					}
				}
				return true
			})
		}
	}
	return out
}

// covered: the literal is a key part of the map, or starts with one that
// ends a segment ("MEMBER#~" is within "MEMBER#<userId>").
func covered(lit string, mapped map[string]string) bool {
	if _, ok := mapped[lit]; ok {
		return true
	}
	for m := range mapped {
		if strings.HasSuffix(m, "#") && strings.HasPrefix(lit, m) {
			return true
		}
	}
	return false
}

// TestEveryEntityTheCodeWritesIsMapped fails when a store writes an item
// whose key the data map does not know: a new entity type must declare its
// data (category, purpose, processors, how it is found and erased).
func TestEveryEntityTheCodeWritesIsMapped(t *testing.T) {
	lits := storeLiterals(t)
	if len(lits) < 20 {
		t.Fatalf("found only %d key literals: the scan is broken", len(lits))
	}
	mapped := datamap.Literals()
	var missing []string
	for lit, files := range lits {
		if _, ok := notKeys[lit]; ok || covered(lit, mapped) {
			continue
		}
		missing = append(missing, lit+" (in "+strings.Join(files, ", ")+")")
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("the code writes key %s, which no entity of shared/privacy/datamap has: add the entity (attributes, category, purpose, processors, find, erasure)", m)
	}
}

// The scan must find what it is meant to find: a key literal removed from
// the map makes the test fail.
func TestTheScanCatchesAnUnmappedEntity(t *testing.T) {
	lits := storeLiterals(t)
	mapped := datamap.Literals()
	for _, lit := range []string{"CONTENT#", "USAGE#", "PROFILE", "INVOICE#", "PREQ#", "AUDIT#", "IDEMP#"} {
		if _, ok := lits[lit]; !ok {
			t.Errorf("the scan did not find %s", lit)
		}
	}
	delete(mapped, "CONTENT#")
	if covered("CONTENT#", mapped) {
		t.Fatal("an unmapped literal counted as covered")
	}
}

func TestEntitiesAreComplete(t *testing.T) {
	names := map[string]bool{}
	tables := map[string]bool{datamap.S3: true}
	for _, c := range retention.Categories {
		tables[string(c)] = true
	}
	for _, e := range datamap.All() {
		if names[e.Name] {
			t.Errorf("%s twice", e.Name)
		}
		names[e.Name] = true
		if !tables[e.Table] || e.PK == "" || e.SK == "" || e.Purpose == "" || len(e.Processors) == 0 || e.Find == "" || e.Erasure == "" || len(e.Attributes) == 0 {
			t.Errorf("%s is incomplete: %+v", e.Name, e)
		}
		if e.Retention == "" || e.Retention == "unknown" {
			t.Errorf("%s: no retention for %q", e.Name, e.Category)
		}
		if e.Table != datamap.S3 && e.Table != string(e.Category) {
			t.Errorf("%s: category %s in the %s table", e.Name, e.Category, e.Table)
		}
		if e.Tabular && !e.Export {
			t.Errorf("%s: tabular but not exported", e.Name)
		}
	}
	if _, at, ok := datamap.Field("profile.name"); !ok || !at.Personal {
		t.Error("profile.name is not correctable")
	}
	md := datamap.Markdown()
	for _, want := range []string{"| profile | account |", "retained for 7 years", "Stripe", "## usage_event"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if _, err := json.Marshal(datamap.All()); err != nil {
		t.Fatal(err)
	}
}
