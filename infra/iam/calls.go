// Package iam checks that every function's IAM grants match the AWS calls
// its code makes. Calls finds those calls from the code alone: it loads the
// function's packages (go list -deps), type-checks this module's packages
// from source, builds a call graph from the function's main (interface
// calls resolved to every implementation among its packages), and reports
// every AWS SDK operation reachable from main. It knows no package path of
// this module: whatever shared/ looks like, the function's own imports
// lead to the calls.
package iam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// sdkService is the import path prefix of the AWS SDK's service clients.
const sdkService = "github.com/aws/aws-sdk-go-v2/service/"

// Use is what one function's code does with AWS.
type Use struct {
	// Calls are SDK operations, "dynamodb.GetItem"; items of a transaction
	// are "dynamodb.TransactWriteItems.Put" and so on.
	Calls []string
	// Strings are the string constants in reachable code (environment
	// variable names among them).
	Strings map[string]bool
}

type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Export     string
	Standard   bool
	Module     *struct {
		Path string
		Main bool
	}
	Error *struct{ Err string }
}

// Calls analyses the main package pkg (e.g. "./functions/api") of the
// module in dir.
func Calls(dir, pkg string) (*Use, error) {
	cmd := exec.Command("go", "list", "-deps", "-export", "-json", pkg)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %v: %s", pkg, err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		if p.Error != nil {
			return nil, fmt.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		pkgs = append(pkgs, p)
	}

	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	gc := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	a := &analysis{
		fset: fset, own: map[string]*types.Package{}, gc: gc,
		bodies: map[*types.Func][]ast.Node{}, infos: map[*types.Func]*types.Info{},
	}
	// go list -deps lists dependencies before their importers.
	for _, p := range pkgs {
		if p.Module == nil || !p.Module.Main {
			continue
		}
		if err := a.check(p); err != nil {
			return nil, err
		}
	}
	return a.reachable(), nil
}

type analysis struct {
	fset *token.FileSet
	own  map[string]*types.Package
	gc   types.Importer
	// bodies holds each function's code (its body; a package's variable
	// initializers are under its root entry).
	bodies map[*types.Func][]ast.Node
	infos  map[*types.Func]*types.Info
	roots  []*types.Func
	named  []*types.Named
}

func (a *analysis) Import(path string) (*types.Package, error) {
	if p, ok := a.own[path]; ok {
		return p, nil
	}
	return a.gc.Import(path)
}

// externalDispatch are methods that code outside this module (net/http,
// log/slog, encoding/json, fmt) calls through its own interfaces: a type of
// ours that has one may be called without our code naming the method.
var externalDispatch = map[string]bool{
	"ServeHTTP": true, "Handle": true, "Enabled": true, "WithAttrs": true, "WithGroup": true,
	"LogValue": true, "Error": true, "Unwrap": true, "String": true, "Format": true,
	"MarshalJSON": true, "UnmarshalJSON": true, "MarshalText": true, "UnmarshalText": true,
	"Read": true, "Write": true, "Close": true,
}

func (a *analysis) check(p listedPackage) error {
	var files []*ast.File
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(a.fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: a}
	tp, err := conf.Check(p.ImportPath, a.fset, files, info)
	if err != nil {
		return fmt.Errorf("type-check %s: %w", p.ImportPath, err)
	}
	a.own[p.ImportPath] = tp
	// A package's variable initializers and init functions run at start.
	pkgRoot := types.NewFunc(token.NoPos, tp, "<init>", types.NewSignatureType(nil, nil, nil, nil, nil, false))
	a.roots = append(a.roots, pkgRoot)
	a.infos[pkgRoot] = info
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				a.bodies[pkgRoot] = append(a.bodies[pkgRoot], d)
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil || fd.Body == nil {
				continue
			}
			a.bodies[fn] = append(a.bodies[fn], fd.Body)
			a.infos[fn] = info
			switch {
			case fd.Recv == nil && (fd.Name.Name == "init" || (fd.Name.Name == "main" && tp.Name() == "main")):
				a.roots = append(a.roots, fn)
			case fd.Recv != nil && externalDispatch[fd.Name.Name]:
				a.roots = append(a.roots, fn)
			}
		}
	}
	for _, name := range tp.Scope().Names() {
		if tn, ok := tp.Scope().Lookup(name).(*types.TypeName); ok {
			if n, ok := tn.Type().(*types.Named); ok && !types.IsInterface(n) && n.TypeParams().Len() == 0 {
				a.named = append(a.named, n)
			}
		}
	}
	return nil
}

// implementations are the methods of this module's types that a call of
// interface method m may reach.
func (a *analysis) implementations(m *types.Func) []*types.Func {
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	iface, ok := recv.Type().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var out []*types.Func
	for _, n := range a.named {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if !types.Implements(t, iface) {
				continue
			}
			if sel := types.NewMethodSet(t).Lookup(m.Pkg(), m.Name()); sel != nil {
				if f, ok := sel.Obj().(*types.Func); ok {
					out = append(out, f.Origin())
				}
			}
			break
		}
	}
	return out
}

func isInterfaceMethod(f *types.Func) bool {
	sig, _ := f.Type().(*types.Signature)
	return sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

func (a *analysis) reachable() *Use {
	use := &Use{Strings: map[string]bool{}}
	calls := map[string]bool{}
	seen := map[*types.Func]bool{}
	work := append([]*types.Func(nil), a.roots...)
	for len(work) > 0 {
		fn := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[fn] {
			continue
		}
		seen[fn] = true
		info := a.infos[fn]
		for _, body := range a.bodies[fn] {
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					switch obj := info.Uses[n].(type) {
					case *types.Func:
						f := obj.Origin()
						work = append(work, f)
						if isInterfaceMethod(f) {
							work = append(work, a.implementations(f)...)
						}
					case *types.Const:
						if obj.Val().Kind() == constant.String {
							use.Strings[constant.StringVal(obj.Val())] = true
						}
					}
				case *ast.BasicLit:
					if tv, ok := info.Types[n]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
						use.Strings[constant.StringVal(tv.Value)] = true
					}
				case *ast.CallExpr:
					if op := sdkCall(info, n); op != "" {
						calls[op] = true
					}
				case *ast.CompositeLit:
					if op := transactItem(info, n); op != "" {
						calls[op] = true
					}
				}
				return true
			})
		}
	}
	for c := range calls {
		use.Calls = append(use.Calls, c)
	}
	sort.Strings(use.Calls)
	return use
}

// service returns the SDK service of an import path ("dynamodb"), or "".
func service(path string) string {
	rest, ok := strings.CutPrefix(path, sdkService)
	if !ok || strings.Contains(rest, "/") {
		return ""
	}
	return rest
}

func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// sdkCall names the SDK operation call makes: a method of a service's
// Client or PresignClient, a paginator or waiter of a service, or a method
// of any interface or type whose parameter is that operation's input
// (an interface over the client, such as a store's narrow DynamoDB API).
func sdkCall(info *types.Info, call *ast.CallExpr) string {
	fn := callee(info, call)
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	sig := fn.Type().(*types.Signature)
	if svc := service(fn.Pkg().Path()); svc != "" {
		if sig.Recv() == nil {
			name := fn.Name()
			for _, suffix := range []string{"Paginator", "Waiter"} {
				if op, ok := strings.CutSuffix(strings.TrimPrefix(name, "New"), suffix); ok && strings.HasPrefix(name, "New") && op != "" {
					return svc + "." + op
				}
			}
			return ""
		}
		recv := types.Unalias(sig.Recv().Type())
		if p, ok := recv.(*types.Pointer); ok {
			recv = p.Elem()
		}
		if n, ok := recv.(*types.Named); ok {
			switch n.Obj().Name() {
			case "Client":
				return svc + "." + fn.Name()
			case "PresignClient":
				return svc + "." + strings.TrimPrefix(fn.Name(), "Presign")
			}
		}
		return ""
	}
	if sig.Recv() == nil {
		return ""
	}
	for i := 0; i < sig.Params().Len(); i++ {
		t := sig.Params().At(i).Type()
		p, ok := t.(*types.Pointer)
		if !ok {
			continue
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		if !ok || n.Obj().Pkg() == nil {
			continue
		}
		if svc := service(n.Obj().Pkg().Path()); svc != "" && n.Obj().Name() == fn.Name()+"Input" {
			return svc + "." + fn.Name()
		}
	}
	return ""
}

// transactItem names a transaction's item built in code: a DynamoDB
// transaction needs the rights of each of its items' actions.
func transactItem(info *types.Info, lit *ast.CompositeLit) string {
	tv, ok := info.Types[lit]
	if !ok {
		return ""
	}
	n, ok := types.Unalias(tv.Type).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != sdkService+"dynamodb/types" {
		return ""
	}
	switch n.Obj().Name() {
	case "Put", "Update", "Delete", "ConditionCheck":
		return "dynamodb.TransactWriteItems." + n.Obj().Name()
	case "Get":
		return "dynamodb.TransactGetItems.Get"
	}
	return ""
}

// Actions are the IAM actions an SDK operation needs (most are the
// operation's own name in the service's prefix).
func Actions(call string) []string {
	if a, ok := actionOf[call]; ok {
		return a
	}
	svc, op, _ := strings.Cut(call, ".")
	if p, ok := prefixOf[svc]; ok {
		svc = p
	}
	return []string{svc + ":" + op}
}

var actionOf = map[string][]string{
	// A transaction is authorized item by item.
	"dynamodb.TransactWriteItems":                {},
	"dynamodb.TransactGetItems":                  {},
	"dynamodb.TransactWriteItems.Put":            {"dynamodb:PutItem"},
	"dynamodb.TransactWriteItems.Update":         {"dynamodb:UpdateItem"},
	"dynamodb.TransactWriteItems.Delete":         {"dynamodb:DeleteItem"},
	"dynamodb.TransactWriteItems.ConditionCheck": {"dynamodb:ConditionCheckItem"},
	"dynamodb.TransactGetItems.Get":              {"dynamodb:GetItem"},
	"sqs.SendMessageBatch":                       {"sqs:SendMessage"},
	"sqs.DeleteMessageBatch":                     {"sqs:DeleteMessage"},
	"sqs.ChangeMessageVisibilityBatch":           {"sqs:ChangeMessageVisibility"},
	"s3.ListObjectsV2":                           {"s3:ListBucket"},
	"s3.ListObjectVersions":                      {"s3:ListBucketVersions"},
	"s3.HeadObject":                              {"s3:GetObject"},
	"s3.PostObject":                              {"s3:PutObject"}, // a presigned POST policy is authorized as PutObject
	"s3.DeleteObjects":                           {"s3:DeleteObject"},
	// Converse is authorized by InvokeModel; there is no bedrock:Converse.
	"bedrockruntime.Converse":       {"bedrock:InvokeModel"},
	"bedrockruntime.ConverseStream": {"bedrock:InvokeModelWithResponseStream"},
	// An asynchronous invocation is authorized by InvokeModel on the model.
	"bedrockruntime.StartAsyncInvoke": {"bedrock:InvokeModel"},
}

var prefixOf = map[string]string{"sesv2": "ses", "bedrockruntime": "bedrock", "dynamodbstreams": "dynamodb", "cognitoidentityprovider": "cognito-idp"}
