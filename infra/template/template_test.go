package template

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestShortFormIntrinsics(t *testing.T) {
	tpl, err := Parse([]byte(`
Parameters:
  Stage: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      Name: !Sub "app-${Stage}-${AWS::Region}"
      Arn: !GetAtt DLQ.Arn
      Flag: !If [IsProd, "yes", "no"]
      Joined: !Join ["/", [a, !Ref Stage]]
`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewResolver(tpl, map[string]string{"Stage": "prod"}, map[string]string{"AWS::Region": "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	r.Physical["DLQ"] = Physical{Ref: "url", Attrs: map[string]string{"Arn": "arn:dlq"}}
	got, err := r.Resolve(tpl.Resources["Q"].Properties)
	if err != nil {
		t.Fatal(err)
	}
	m := got.(map[string]any)
	want := map[string]string{"Name": "app-prod-us-east-1", "Arn": "arn:dlq", "Flag": "yes", "Joined": "a/prod"}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if _, err := NewResolver(tpl, map[string]string{"Nope": "x"}, nil); err == nil {
		t.Error("unknown parameter override accepted")
	}
}

// TestFunctionsMatchFolders keeps template.yaml and functions/ in step: every
// function resource has a folder by the naming convention, and every folder
// has a function resource and a cold-start event.
func TestFunctionsMatchFolders(t *testing.T) {
	root := filepath.Join("..", "..")
	tpl, err := Load(filepath.Join(root, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	inTemplate := map[string]bool{}
	for _, id := range tpl.OfType(FunctionType) {
		dir := FunctionDir(id)
		inTemplate[dir] = true
		if _, err := os.Stat(filepath.Join(root, dir, "main.go")); err != nil {
			t.Errorf("%s: no %s/main.go", id, dir)
		}
		if _, err := os.Stat(filepath.Join(root, "events", filepath.Base(dir), "coldstart.json")); err != nil {
			t.Errorf("%s: no events/%s/coldstart.json", id, filepath.Base(dir))
		}
	}
	mains, _ := filepath.Glob(filepath.Join(root, "functions", "*", "main.go"))
	sort.Strings(mains)
	for _, m := range mains {
		dir, _ := filepath.Rel(root, filepath.Dir(m))
		if !inTemplate[filepath.ToSlash(dir)] {
			t.Errorf("%s has no function in template.yaml", dir)
		}
	}
}
