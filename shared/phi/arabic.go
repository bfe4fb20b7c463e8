package phi

// Arabic in its own script, as a Dearborn desk writes to clients. Like
// Hangul it has no capitals, so a client's name is read from what comes
// before it: a greeting or a call ("مرحبا ليلى", "يا أمل") or a kinship
// title ("الأخت زينب"). Staff are called by their title ("الدكتورة"),
// which is no name.

// buildArabic adds the Arabic health words to the lexicon, each with and
// without the article ال that Arabic joins to the word.
func buildArabic() {
	for _, w := range []string{"بوتوكس", "فيلر", "ليزر", "حقن", "حقنة", "إبر", "تقشير", "بلازما",
		"جلسة", "جلسات", "ليدوكايين", "تخدير", "علاج", "دواء", "ميزوثيرابي", "نضارة"} {
		addWords(clsTreatment, w+" ال"+w)
	}
	for _, w := range []string{"حساسية", "كدمة", "كدمات", "تورم", "انتفاخ", "التهاب", "حامل",
		"سكري", "ندبة", "ندبات", "كلف", "نمش", "حروق", "حرق", "طفح", "ألم", "صداع"} {
		addWords(clsCondition, w+" ال"+w)
	}
}

// arabicCallers come right before a person's name: hello, welcome, O (the
// vocative), dear, sister, brother, madam, mother of, father of.
var arabicCallers = map[string]bool{"مرحبا": true, "مرحباً": true, "أهلا": true, "اهلا": true,
	"هلا": true, "يا": true, "عزيزتي": true, "عزيزي": true, "حبيبتي": true, "الأخت": true,
	"الاخت": true, "الأخ": true, "الاخ": true, "السيدة": true, "الست": true, "أم": true, "ام": true,
	"أبو": true, "ابو": true}

// arabicGroups after a call are an audience, not a person: "يا جماعة",
// "يا بنات".
var arabicGroups = map[string]bool{"جماعة": true, "جماعه": true, "بنات": true, "شباب": true,
	"صبايا": true, "ستات": true, "حلوين": true, "جميلات": true, "اخواتي": true, "أخواتي": true,
	"عسل": true, "حبايب": true, "حبايبي": true, "الكل": true}

// arabicWord: w is in Arabic script (the lead bytes of U+0600 to U+06FF).
func arabicWord(w []byte) bool {
	return len(w) >= 2 && w[0] >= 0xD8 && w[0] <= 0xDB
}

// scanArabic refuses a text that calls a person by name in Arabic and
// names a treatment or condition.
func (a *analysis) scanArabic() {
	if a.patientRef || !a.health {
		return
	}
	for k := 1; k < a.n(); k++ {
		if !arabicCallers[string(a.lw(k-1))] || !a.sameSent(k-1, k) || a.sep(k) != " " {
			continue
		}
		if w := a.lw(k); arabicWord(w) && lookup(w) == 0 && !arabicGroups[string(w)] {
			a.flag(KindName) // "مرحبا ليلى، موعد البوتوكس تبعك بكرا"
			a.patientRef, a.scriptName = true, true
			return
		}
	}
}
