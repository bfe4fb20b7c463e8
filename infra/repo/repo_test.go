// Package repo holds the checks that keep the repository's own rules: the
// README's layout section names every package folder under shared/ (and no
// other), every function's main.go only wires, on one screen, and no
// function links text/template.
package repo

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const root = "../.."

// layoutNames reads the names the README's layout block lists under
// shared/: every word ending in "/" on an indented line of the block,
// resolved against the folder its indentation puts it in.
func layoutNames(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var names []string
	in, block := false, false
	var parents []string // parent folder per indentation level (2 spaces)
	word := regexp.MustCompile(`^[a-z][a-z0-9_./-]*/$`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "## Layout":
			in = true
			continue
		case in && strings.HasPrefix(line, "## "):
			return names
		case in && strings.HasPrefix(line, "```"):
			block = !block
			continue
		}
		if !in || !block {
			continue
		}
		trimmed := strings.TrimLeft(line, " ")
		level := (len(line) - len(trimmed)) / 2
		fields := strings.Fields(trimmed)
		if len(fields) == 0 {
			continue
		}
		if level == 0 {
			parents = []string{strings.TrimSuffix(fields[0], "/")}
			continue
		}
		if parents[0] != "shared" {
			continue
		}
		parents = parents[:min(level, len(parents))]
		under := strings.Join(parents[1:], "/")
		var first string
		for _, w := range fields {
			if !word.MatchString(w) {
				break // the description starts
			}
			w = strings.TrimSuffix(w, "/")
			// "org/ orgdb/": a store named <domain>db sits inside its domain.
			if first != "" && w == first+"db" {
				w = first + "/" + w
			}
			if first == "" {
				first = w
			}
			// "metrics/dispatch/" names the folder and its parent.
			parts := strings.Split(w, "/")
			for i := range parts {
				names = append(names, strings.TrimPrefix(under+"/"+strings.Join(parts[:i+1], "/"), "/"))
			}
		}
		if first != "" {
			parents = append(parents, first)
		}
	}
	return names
}

// packageDirs lists the folders under shared/ that hold a Go package, and
// the folders that group them; data folders (a generator's input, test
// data) are not packages and are not listed.
func packageDirs(t *testing.T) []string {
	t.Helper()
	base := filepath.Join(root, "shared")
	seen := map[string]bool{}
	err := filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil || strings.HasPrefix(string(src), "//go:build ignore") {
			return err
		}
		rel, _ := filepath.Rel(base, filepath.Dir(p))
		for dir := filepath.ToSlash(rel); dir != "." && dir != ""; dir = filepath.ToSlash(filepath.Dir(dir)) {
			seen[dir] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for d := range seen {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	return dirs
}

func TestReadmeLayoutMatchesShared(t *testing.T) {
	listed := layoutNames(t)
	dirs := packageDirs(t)
	for _, d := range dirs {
		if !slices.Contains(listed, d) {
			t.Errorf("shared/%s is not in the README's layout section", d)
		}
	}
	for _, n := range listed {
		if !slices.Contains(dirs, n) {
			t.Errorf("the README's layout section lists shared/%s, which does not exist", n)
		}
	}
}

// TestMainsOnlyWire: a function's main.go reads on one screen.
func TestMainsOnlyWire(t *testing.T) {
	mains, err := filepath.Glob(filepath.Join(root, "functions", "*", "main.go"))
	if err != nil || len(mains) == 0 {
		t.Fatalf("no functions/*/main.go: %v", err)
	}
	for _, m := range mains {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "\n"); n >= 40 {
			t.Errorf("%s has %d lines; a main only wires (at most 39)", m, n)
		}
	}
}

// TestNoFunctionLinksTemplates: a binary that executes a template keeps
// every exported method of every type it links (text/template looks
// methods up by name at run time), 13 MiB of the api's bootstrap. Pages
// are written with shared/platform/htmlesc instead.
func TestNoFunctionLinksTemplates(t *testing.T) {
	fns, err := filepath.Glob(filepath.Join(root, "functions", "*", "main.go"))
	if err != nil || len(fns) == 0 {
		t.Fatalf("no functions/*/main.go: %v", err)
	}
	for _, m := range fns {
		fn := filepath.Base(filepath.Dir(m))
		cmd := exec.Command("go", "list", "-tags", "lambda.norpc", "-deps", "./functions/"+fn)
		cmd.Dir = root
		deps, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list ./functions/%s: %v", fn, err)
		}
		for _, d := range strings.Fields(string(deps)) {
			if d == "text/template" || d == "html/template" {
				t.Errorf("functions/%s links %s", fn, d)
			}
		}
	}
}
