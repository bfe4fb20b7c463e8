package phi

import (
	_ "embed"
	"strings"
)

// The place lexicon: US and Canadian cities and towns of 20,000 people or
// more, from GeoNames (CC BY 4.0; see data/gen_places.go for the source and
// how the file is made). Desks name their locations and copy names its
// city ("the Round Rock location", "Seattle's best laser"), and a
// capitalised word the name lists do not know, or two in a row, read as a
// person without it.
//
//go:embed data/places.txt
var placeData string

// placePhrases holds the names of more than one word, lower-cased, their
// words joined by one space or a hyphen as written: "round rock", "sugar
// land", "trois-rivières".
var placePhrases map[string]bool

// cityWords holds the one-word names, given names among them.
var cityWords map[string]bool

// placeMaxWords is the most words a place name in the lexicon has.
const placeMaxWords = 4

// loadPlaces runs after the name lists: a one-word place that is also a
// given name or a surname ("Denver", "Houston", "Austin") stays a name,
// and the sentence decides; one that is neither ("Seattle", "Plano")
// gets clsPlace and no longer reads as a surname nobody listed.
func loadPlaces() {
	placePhrases = make(map[string]bool, 1024)
	cityWords = make(map[string]bool, 2048)
	var buf [64]byte
	eachEntry(placeData, func(line string) {
		addPlace(line)
		// "Montreal", "Quebec" as they are often typed: the name without
		// its accents too.
		if f := foldAccents(buf[:], []byte(line)); f != nil {
			addPlace(string(f))
		}
	})
}

func addPlace(name string) {
	if strings.ContainsAny(name, " -") {
		placePhrases[name] = true
		return
	}
	cityWords[name] = true
	if lexicon[name]&(nameClasses|clsFirstName) == 0 {
		lexicon[name] |= clsPlace
	}
}

// placeAt returns the last word of a place name of two or more
// capitalised words that starts at word i, or -1.
func (a *analysis) placeAt(i int) int {
	if i >= a.n() || !a.hasFlag(i, wCap) {
		return -1
	}
	last := -1
	for j := i + 1; j < a.n() && j-i < placeMaxWords; j++ {
		if s := a.sep(j); s != " " && s != "-" || !a.hasFlag(j, wCap) {
			break
		}
		if placePhrases[string(a.lower[a.words[i].start:a.words[j].end])] {
			last = j
		}
	}
	return last
}

// streetAt returns the last word of the street address word k is in, or
// -1.
func (a *analysis) streetAt(k int) int {
	for _, g := range a.geos {
		if !g.weak && g.first <= k && k <= g.last {
			return g.last
		}
	}
	return -1
}

// placeWord: word k is a one-word city after a preposition of place, and
// no surname follows: "joins us from Montreal,", "best lips in Denver".
// A city that is also a given name ("Denver", "Austin") is otherwise left
// to the sentence; "a text from Austin" is a person's.
func (a *analysis) placeWord(k int) bool {
	if k < 1 || k >= a.n() || !a.hasFlag(k, wCap) || a.hasFlag(k, wPoss) || !cityWords[string(a.lw(k))] {
		return false
	}
	if k+1 < a.n() && a.sep(k+1) == " " && a.surnameLike(k+1) {
		return false
	}
	switch string(a.lw(k - 1)) {
	case "in", "near", "around", "outside", "across", "downtown", "en", "à", "em":
		return true
	case "from":
		return !messageWords[string(a.lw(k-2))]
	}
	return false
}

// messageWords before "from" make what follows a sender: "a text from
// Austin".
var messageWords = map[string]bool{"text": true, "message": true, "msg": true, "call": true,
	"email": true, "dm": true, "note": true, "review": true, "voicemail": true, "vm": true, "card": true}
