package phi

import "bytes"

// German, as an Austrian or German desk writes it. Two things set it apart
// from the languages the other readers handle. It joins words into one
// ("Lippenunterspritzung", "Aknenarben-Laser", "Laserhaarentfernung"), so a
// health word is often inside a longer word no list holds. And it
// capitalises every noun, so a capitalised word the name lists do not know
// ("Handtücher", "Kabine") is no sign of a name the way it is in English.

// healthStem is a health word of the list (data/health.tsv), or its stem,
// that the German and Polish readers look for inside a longer word.
type healthStem struct {
	form []byte
	cls  class
}

// germanStems are filled by loadHealth: the German health words of five
// letters or more.
var germanStems []healthStem

// germanWords mark a text as German: function words no other language the
// guard reads spells the same way. Two different ones are needed.
var germanWords = map[string]bool{"und": true, "für": true, "nicht": true, "bitte": true,
	"ist": true, "der": true, "das": true, "eine": true, "einen": true, "nach": true,
	"auch": true, "wir": true, "zur": true, "zum": true, "vom": true, "beim": true,
	"dem": true, "des": true, "wegen": true, "über": true, "oder": true, "noch": true,
	"schon": true, "heute": true, "keine": true, "kein": true, "sich": true, "wird": true,
	"wurde": true, "hat": true, "sind": true, "bei": true, "mit": true, "ab": true}

// readGerman sets a.german and, in a German text, gives each word the lists
// do not know the classes of the German health words inside it.
func (a *analysis) readGerman() {
	if !a.twoWordsOf(germanWords) {
		return
	}
	a.german = true
	// "Lippenunterspritzung": the lips and what was done to them.
	a.readStems(germanStems, 8, func(lw, form []byte) bool {
		return len(form) < len(lw) && bytes.Contains(lw, form)
	})
}

// readStems gives each word of at least minLen bytes that the lists do not
// know the classes of the stems that match it, and notes a health word.
func (a *analysis) readStems(stems []healthStem, minLen int32, match func(lw, form []byte) bool) {
	for k := range a.words {
		w := &a.words[k]
		if w.cls != 0 || w.end-w.start < minLen {
			continue
		}
		lw := a.lw(k)
		for _, st := range stems {
			if match(lw, st.form) {
				w.cls |= st.cls
			}
		}
		if w.cls&(clsTreatment|clsCondition) != 0 {
			a.health = true
		}
	}
}

// twoWordsOf: two different words of the text are in words, a
// language's function words.
func (a *analysis) twoWordsOf(words map[string]bool) bool {
	first := -1
	for k := 0; k < a.n(); k++ {
		w := a.lw(k)
		if !words[string(w)] {
			continue
		}
		if first >= 0 && !bytes.Equal(w, a.lw(first)) {
			return true
		}
		if first < 0 {
			first = k
		}
	}
	return false
}

// germanNoun: in a German text, the capitalised word k is a noun, not a
// name: the name lists know it as neither a given name nor a surname and
// no honorific stands before it.
func (a *analysis) germanNoun(k int) bool {
	return a.german && a.words[k].cls&(clsFirstName|clsSurname) == 0 && !a.honorificBefore(k)
}
