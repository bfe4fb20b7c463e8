package phi

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

// The health word list (data/health.tsv): treatments, drugs, tests,
// conditions, symptoms and body areas in English and in the languages a
// med spa in the US or Canada texts its clients in. A word missing from the
// lists is no health evidence, and a round of tuning used to add a
// language's words only after a batch in it had been missed; this list
// covers the languages before their texts arrive.
//
//go:embed data/health.tsv
var healthData string

// healthSkip are entries of the list that this product's texts use in
// another sense: staff roles ("our injector"), "im" typed for "I'm", a
// PO box or order, a bid, effects.
var healthSkip = map[string]bool{"injector": true, "injectors": true, "im": true, "po": true,
	"bid": true, "fx": true}

// loadHealth runs after the name lists and before the script readers
// build their tables. An English entry joins the lexicon as it is; a
// word of another language only when it is four bytes or longer and the
// lexicon knows it as nothing else (a given name, a surname, an English
// word of the lists): "para", "dolor" as a surname, a Tagalog "noo" stay
// what they were. Cyrillic stems join the Russian reader's; Chinese and
// Japanese substrings of two characters or more join theirs; Korean words
// of two syllables or more join the lexicon, which the Korean reader
// matches with their particles.
func loadHealth() {
	eachEntry(healthData, func(line string) {
		f := strings.Split(line, "\t")
		if len(f) != 4 || healthSkip[f[3]] {
			return
		}
		lang, form := f[0], f[3]
		c := clsTreatment
		switch f[1] {
		case "condition":
			c = clsCondition
		case "body":
			c = clsBody
		}
		switch f[2] {
		case "word":
			if lang == "de" && utf8.RuneCountInString(form) >= 5 && !strings.Contains(form, " ") {
				germanStems = append(germanStems, healthStem{[]byte(form), c})
			}
			if lang == "pl" && !strings.Contains(form, " ") {
				addPolishStem(form, c)
			}
			if lang != "en" && (len(form) < 4 || lexicon[form]&^(clsTreatment|clsCondition|clsBody) != 0) {
				return
			}
			lexicon[form] |= c
		case "stem":
			russianStems = append(russianStems, form)
		case "sub":
			if utf8.RuneCountInString(form) < 2 {
				return
			}
			switch lang {
			case "zh":
				chineseHealth = append(chineseHealth, form)
			case "ja":
				japaneseHealth = append(japaneseHealth, form)
			case "ko":
				lexicon[form] |= c
			}
		}
	})
}
