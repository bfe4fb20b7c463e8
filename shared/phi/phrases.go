package phi

import "strings"

// Health terms of two words whose words alone are ordinary: "touch up",
// "hair loss", "cold sore", "blood pressure", "stretch marks". The word
// lists are single words, so a term written into them as two words made
// each word a health word on its own, and "picked up his tickets",
// "perfect timing", "spots left" or "skin care tips" read as a treatment
// or a condition. ("hair" and "loss" stay health words alone: in a med
// spa's texts they nearly always are.) These words are taken out of the lists, and the pair
// is read as one term: both its words get the term's class.

// ordinaryWords lose the treatment and condition classes the lists gave
// them as halves of a term.
const ordinaryWords = `up touch clear brilliant perfect secret genius scarlet legacy venus nova
	enlighten vi visage diva mic low t cold sun spots skin lines double smile gummy
	feet tear effect effects eating disorder pressure sleep fatty nursing grinding graves armour
	stretch marks thread threads mommy makeover reduction restoration`

// healthPhrases maps a lower-cased two-word term, its words joined by one
// space, to its class.
var healthPhrases map[string]class

func addPhrases(c class, phrases string) {
	for _, p := range strings.Split(phrases, ",") {
		ws := strings.Fields(p)
		for i, w := range ws {
			// The tokenizer reads "Bell's" as "bell" with a possessive
			// flag: "bell's palsy" is looked up as "bell palsy".
			ws[i] = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
		}
		if p = strings.Join(ws, " "); p != "" {
			healthPhrases[p] |= c
		}
	}
}

func buildPhrases() {
	for _, w := range strings.Fields(ordinaryWords) {
		lexicon[w] &^= clsTreatment | clsCondition
	}
	healthPhrases = make(map[string]class, 128)
	addPhrases(clsTreatment, `touch up, touch ups, clear brilliant, vi peel, perfect derm,
		secret rf, genius rf, scarlet rf, venus legacy, thread lift, thread lifts, pdo thread,
		pdo threads, nova threads, mommy makeover, breast reduction, fat reduction,
		hair restoration, hair transplant, hair removal, skin booster, skin boosters,
		mic injection, mic injections, mic shot, mic shots, armour thyroid, skin tightening,
		skin resurfacing, weight loss, halo laser, picoway enlighten, lab results,
		lab result, lab work, lab panel, blood test, blood tests, blood panel`)
	addPhrases(clsCondition, `low t, cold sore, cold sores, sun spots, sun spot, age spots,
		dark spots, brown spots, hair loss, skin cancer, fine lines, double chin, gummy smile,
		crow's feet, tear trough, tear troughs, side effect, side effects, adverse effect,
		adverse effects, eating disorder, blood pressure, sleep apnea, fatty liver, graves disease,
		graves' disease, teeth grinding, stretch marks, stretch mark, skin tag, skin tags,
		skin infection, skin reaction, hair thinning, thinning hair, low testosterone,
		bell's palsy, becker's nevus, hashimoto's thyroiditis, hashimoto's disease,
		crohn's disease, raynaud's syndrome, cushing's syndrome, addison's disease,
		parkinson's disease, alzheimer's disease, sjögren's syndrome, sjogren's syndrome`)
	// Vietnamese writes a term in syllables, each a word of its own and
	// most of them ordinary alone: "truyền" is to pass on, "dịch" a fluid
	// or a translation, "mang" to carry.
	addPhrases(clsTreatment, `truyền dịch, truyền trắng, truyền sáng, sáng da, trắng da,
		giảm cân, hút mỡ, nâng mũi, căng da, trẻ hóa, trị mụn, trị nám, lấy ven,
		xét nghiệm, kháng sinh, giải rượu, phẫu thuật`)
	addPhrases(clsCondition, `mang thai, có thai, dị ứng, tác dụng, tiểu đường,
		đường huyết, huyết áp, sụp mí, bầm tím, nổi mẩn, tăng cân, sụt cân, rụng tóc`)
}

// markPhrases gives both words of a two-word health term, written with a
// space or a hyphen between them in one sentence (or a plus or ampersand,
// as "Clear + Brilliant" is), the term's class.
func (a *analysis) markPhrases() {
	var buf [48]byte
	for k := 0; k+1 < a.n(); k++ {
		if !a.sameSent(k, k+1) {
			continue
		}
		s := a.sep(k + 1)
		if a.hasFlag(k, wPoss) {
			s = " " // "crow's feet", "Bell's palsy"
		}
		if s != " " && s != "-" && s != " + " && s != " & " {
			continue
		}
		w1, w2 := a.lw(k), a.lw(k+1)
		if len(w1)+len(w2)+1 > len(buf) {
			continue
		}
		n := copy(buf[:], w1)
		buf[n] = ' '
		n++
		n += copy(buf[n:], w2)
		c := healthPhrases[string(buf[:n])]
		if c == 0 {
			continue
		}
		a.words[k].cls |= c
		a.words[k+1].cls |= c
		a.health = true
	}
}
