package phi

import "bytes"

// Russian in Cyrillic, as a Brighton Beach aesthetician writes to clients.
// Names are capitalised as in English and spelled in the lists in Latin
// letters (fold.go spells them so: "Наташа" is natasha); the health words
// are inflected, so they are found by their stems: "лазерной эпиляции",
// "после пилинга", "ожоги".

// russianStems open Russian treatment and condition words: laser, hair
// removal, peel, biorevitalisation, mesotherapy, botox, filler, injection,
// procedure, hyaluronic, burn, herpes, pregnant, psoriasis, allergy,
// oedema, diabetes, stroke, pigmentation, scar, acne, rash, bruise,
// pimple, retinol.
var russianStems = []string{"лазер", "эпиляц", "пилинг", "биоревитализац", "мезотерап",
	"ботокс", "филлер", "укол", "инъекц", "процедур", "гиалурон", "ожог", "герпес", "беремен",
	"псориаз", "аллерг", "отёк", "отек", "диабет", "инсульт", "пигмент", "шрам", "акне", "сыпь",
	"высып", "синяк", "прыщ", "рубц", "ретинол", "роаккутан", "карбокси", "лимфодренаж"}

var russianStemBytes [][]byte

func buildRussian() { russianStemBytes = asBytes(russianStems) }

// cyrillicWord: w opens with a Cyrillic letter (U+0400 to U+047F, lead
// bytes 0xD0 and 0xD1).
func cyrillicWord(w []byte) bool {
	return len(w) >= 2 && (w[0] == 0xD0 || w[0] == 0xD1)
}

// russianClass is the health class of a Russian word that opens with one
// of the stems.
func russianClass(w []byte) class {
	for _, s := range russianStemBytes {
		if bytes.HasPrefix(w, s) {
			return clsCondition
		}
	}
	return 0
}
