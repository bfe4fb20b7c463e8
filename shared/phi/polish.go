package phi

import "bytes"

// Polish, as a Kraków desk writes it. Its nouns take a case ending after a
// preposition or a verb ("po wypełniaczu", "siniaka", "na semaglutydzie",
// "lipolizę"), so the health list's word is often the start of the word in
// the text, not the word. As Russian's stems are read (russian.go), a
// Polish text's unknown words are read for a health word at their start.

// polishStems are filled by loadHealth: each Polish health word without
// its final vowel, the part its case forms share.
var polishStems []healthStem

// addPolishStem keeps form's stem: the word less a final vowel when five
// letters or more remain, else the word.
func addPolishStem(form string, c class) {
	b := []byte(form)
	for _, v := range []string{"a", "e", "i", "o", "u", "y", "ą", "ę"} {
		if bytes.HasSuffix(b, []byte(v)) && len(b)-len(v) >= 5 {
			b = b[:len(b)-len(v)]
			break
		}
	}
	if len(b) >= 4 {
		polishStems = append(polishStems, healthStem{b, c})
	}
}

// polishWords mark a text as Polish; two different ones are needed.
var polishWords = map[string]bool{"się": true, "jest": true, "nie": true, "że": true,
	"dla": true, "oraz": true, "jej": true, "jego": true, "przez": true, "już": true,
	"tylko": true, "bez": true, "ją": true, "po": true, "na": true, "ma": true,
	"od": true, "do": true, "pani": true, "pan": true, "też": true, "będzie": true}

// readPolish gives each word of a Polish text that the lists do not know
// the class of a health stem it starts with, when the rest is a case
// ending (six bytes at most: "ę" and "ą" take two).
func (a *analysis) readPolish() {
	if !a.twoWordsOf(polishWords) {
		return
	}
	diacritic := false
	for k := 0; k < a.n() && !diacritic; k++ {
		diacritic = polishLetters(a.lw(k))
	}
	if !diacritic {
		return // "po", "na", "do" alone are Spanish, Tagalog and English too
	}
	a.readStems(polishStems, 5, func(lw, stem []byte) bool {
		return len(lw) > len(stem) && len(lw)-len(stem) <= 6 && bytes.HasPrefix(lw, stem)
	})
}

// polishLetters: w has a letter only Polish among the guard's languages
// writes (ą ę ł ń ś ź ż), in its lower-case UTF-8 form.
func polishLetters(w []byte) bool {
	for i := 0; i+1 < len(w); i++ {
		switch {
		case w[i] == 0xC4 && (w[i+1] == 0x85 || w[i+1] == 0x99): // ą ę
			return true
		case w[i] == 0xC5 && (w[i+1] == 0x82 || w[i+1] == 0x84 || w[i+1] == 0x9B || w[i+1] == 0xBA || w[i+1] == 0xBC): // ł ń ś ź ż
			return true
		}
	}
	return false
}
