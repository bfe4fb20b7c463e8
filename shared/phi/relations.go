package phi

import "strings"

// Relations: the evidence that a named person is the one a health event
// happened to. A name and a treatment in one text are not enough (staff
// and celebrities are named beside treatments all day); what counts is how
// they are tied: the person's possessive ("Marcy Feldman's touch-up"), a
// her or his that refers back ("... Rita Vance and ask how her cheeks
// are"), an outcome verb ("lost 30 pounds"), a message about the person
// ("thank-you post for Gwen Harlow ... her last CoolSculpting round"), the
// shape of a chart line (name, age and sex, condition, treatment, date) or
// a diagnosis or procedure code beside the name. These are read within the
// name's sentence and the next one.

// healthAt: word k names a treatment, condition, body area, chart
// shorthand or code.
func (a *analysis) healthAt(k int) bool {
	return a.has(k, clsTreatment|clsCondition|clsBody|clsClinical|clsCode)
}

// strongHealthAt is healthAt without body areas and chart shorthand, which
// need a person beside them to mean anything.
func (a *analysis) strongHealthAt(k int) bool {
	return a.has(k, clsTreatment|clsCondition|clsCode)
}

// careNouns are what a person's possessive is followed by when the text
// is about their care: "Corinne Albers's lip filler visit", "Tina
// Marchetti's lab results", "Keisha Boateng's before/after".
var careNouns = map[string]bool{"photos": true, "photo": true, "pics": true, "pictures": true,
	"consent": true, "release": true, "before": true, "after": true, "results": true, "result": true,
	"transformation": true, "journey": true, "recovery": true, "lab": true, "labs": true,
	"visit": true, "appointment": true, "appt": true, "chart": true, "file": true, "refill": true,
	"progress": true, "healing": true, "weight": true, "pounds": true, "lbs": true, "story": true,
	"diary": true, "case": true, "level": true, "levels": true, "dose": true,
	"lb": true, "kg": true, "kilos": true}

// outsideCarers are the doctors a client has elsewhere; a name's
// possessive before one is a patient's, as the clinic's own staff are
// named by title, not as someone's surgeon.
var outsideCarers = map[string]bool{"surgeon": true, "pcp": true, "dermatologist": true,
	"neurologist": true, "oncologist": true, "cardiologist": true, "obgyn": true, "ob": true,
	"gyn": true, "gynecologist": true, "endocrinologist": true, "psychiatrist": true,
	"rheumatologist": true, "allergist": true, "pediatrician": true, "gp": true}

// staffOwned follow a staff member's possessive: "Dr. Lee's technique",
// "Jessica's gentle touch", "Marcy's bio".
var staffOwned = map[string]bool{"bio": true, "talk": true, "reel": true, "reels": true,
	"post": true, "video": true, "webinar": true, "class": true, "training": true, "course": true,
	"gentle": true, "touch": true, "hands": true, "eye": true, "artistry": true, "work": true,
	"skill": true, "skills": true, "expertise": true, "experience": true, "certification": true,
	"career": true, "book": true, "line": true, "brand": true, "products": true, "product": true,
	"sunscreen": true, "routine": true, "top": true, "tips": true, "favorite": true, "favourite": true,
	"voice": true, "column": true, "calendar": true, "chair": true, "room": true, "clients": true,
	"patients": true, "red": true, "carpet": true, "glowing": true, "glazed": true, "go": true,
	"shift": true, "shifts": true, "hours": true, "station": true, "lunch": true, "vacation": true,
	"leave": true, "desk": true, "certificate": true, "license": true, "headshot": true,
	"slots": true, "openings": true} // "move her tox slots to Sat": the injector's book

// possessiveRelation: the name ends in 's and a health word or a word of
// the person's care follows within four words, before anything a staff
// member owns.
func (a *analysis) possessiveRelation(j int) bool {
	if !a.hasFlag(j, wPoss) {
		return false
	}
	if outsideCarers[string(a.lw(j+1))] && a.sameSent(j, j+1) {
		return true // "Lucinda's surgeon said no Botox": her own doctor's
	}
	if a.staffOwnedPhrase(j) {
		return false // "Lysander's laser shifts": the phrase ends in what staff own
	}
	for k := j + 1; k <= j+4 && k < a.n() && a.sameSent(j, k); k++ {
		lw := string(a.lw(k))
		if staffOwned[lw] || staffPossessions[lw] || a.has(k, clsBusiness|clsStaffRole) {
			return false
		}
		if a.healthAt(k) || careNouns[lw] || patientNouns[lw] {
			return true
		}
	}
	return false
}

// particlePossessive: a possessive particle after the name ending at j
// (Hindi's "ka", "ki", "ke", Chinese 的, Cantonese 嘅), then a treatment or
// condition: "Pooja M. ki tattoo removal", "Bunty ka chest laser", "Linda
// Chen 的 Ultherapy".
func (a *analysis) particlePossessive(j int) bool {
	switch string(a.lw(j + 1)) {
	case "的", "嘅":
		return a.has(j, nameClasses) && (a.healthAt(j+2) || a.healthAt(j+3)) // "Linda Chen 的 Ultherapy"
	case "ka", "ki", "ke":
	default:
		return false
	}
	if !a.has(j, nameClasses) && !a.initialAt(j) || !a.hindiText() {
		return false // Creole's "ki" is "that": "Kisa ki diferans ant Botox ak filè?"
	}
	for k := j + 2; k <= j+4 && k < a.n() && a.sameSent(j, k); k++ {
		if a.healthAt(k) {
			return true
		}
	}
	return false
}

// hindiWords are Hindi's commonest verbs and postpositions as typed in
// Latin letters: a text with one is Hinglish.
var hindiWords = map[string]bool{"hai": true, "hain": true, "tha": true, "thi": true, "karo": true,
	"kar": true, "ko": true, "pe": true, "bhi": true, "nahi": true, "bol": true, "hua": true,
	"lagenge": true, "dena": true, "raha": true, "rahi": true, "wala": true, "wali": true}

func (a *analysis) hindiText() bool {
	for k := range a.words {
		if hindiWords[string(a.lw(k))] {
			return true
		}
	}
	return false
}

// ofRelation: the treatment or care is the person's the Romance way, "the
// X of NAME" with the name starting at i: "a limpeza de pele da Bruna
// Costa", "o antes e depois da Camila Rocha", "las fotos del láser de
// Clau".
func (a *analysis) ofRelation(i int) bool {
	switch string(a.lw(i - 1)) {
	case "da", "do", "de", "del":
	default:
		return false
	}
	if a.sep(i) != " " || cityWords[string(a.lw(i))] {
		return false // "los mejores lip flips de Miami": a city's, not a person's
	}
	for k := i - 2; k >= i-5 && k >= 0 && a.sameSent(k, i); k-- {
		lw := string(a.lw(k))
		if staffOwned[lw] || staffPossessions[lw] || a.has(k, clsBusiness|clsStaffRole|clsStaffTitle) {
			return false
		}
		if a.healthAt(k) || careNouns[lw] || careContext[lw] {
			return true
		}
	}
	return false
}

// staffOwnedPhrase: the noun phrase after a possessive at j (up to four
// words joined by spaces) ends in something staff own, so a treatment word
// inside it is the staff member's work, not their care: "Kim's laser
// shifts", "Ana's Botox class", "Dr. Lee's filler technique".
func (a *analysis) staffOwnedPhrase(j int) bool {
	for k := j + 1; k <= j+4 && k < a.n() && a.sameSent(j, k); k++ {
		if k > j+1 && a.sep(k) != " " && a.sep(k) != "-" {
			return false // the phrase goes on through "meal-prep workshop"
		}
		lw := string(a.lw(k))
		if lw == "touch" && a.is(k+1, "up") {
			return false // "deb oyen's lip filler touch up": her care, not her gentle touch
		}
		if staffOwned[lw] || staffPossessions[lw] {
			return true
		}
		if careNouns[lw] {
			return false
		}
		// a condition goes on to what it qualifies: "Siobhan's
		// anti-wrinkle clinic" is her event, "Siobhan's acne" her own
	}
	return false
}

// pronounRelation: after the name, in its sentence or the next, a her or
// his followed within three words by a health word ("ask how her cheeks
// are settling", "her 5-star review about her lip flip"), or a she or he
// with a health event.
func (a *analysis) pronounRelation(j int) bool {
	s := a.words[j].sent
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if a.has(k, clsStaffRole|clsStaffVerb) && a.words[k].sent == s {
			return false // "Sarah Lee brings her ...", "Jane, our injector, ..."
		}
		if thirdPossessives[string(a.lw(k))] && a.phraseHealth(k) {
			return true
		}
		if a.pronounHealth(k) {
			return true
		}
	}
	return false
}

// photoRecordOf: the person's before-and-after photos or their photo
// release, by the name's possessive or a her or his after it in its
// sentence or the next ("Becky Roehl wants her before/after pics off the
// FB album"): a record of their treatment, whatever it was.
func (a *analysis) photoRecordOf(j int) bool {
	s := a.words[j].sent
	for k := j; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if k == j && !a.hasFlag(j, wPoss) || k > j && !a.is(k, "her") && !a.is(k, "his") {
			continue
		}
		m := k + 1
		if a.is(m, "real") || a.is(m, "own") {
			m++
		}
		if (a.is(m, "before") || a.is(m, "after")) && (a.is(m+1, "photo") || a.is(m+1, "photos") || a.is(m+1, "pic") || a.is(m+1, "pics")) ||
			a.is(m, "before") && a.is(m+1, "after") && a.sameSent(m, m+1) ||
			a.is(m, "before") && a.is(m+1, "and") && a.is(m+2, "after") ||
			(a.is(m, "photo") || a.is(m, "media")) && (a.is(m+1, "release") || a.is(m+1, "consent")) {
			return true
		}
	}
	return false
}

// thirdPossessives are her and his before a noun, in English and in the
// languages whose possessive comes first: Hindi as typed in Latin
// ("uske right cheek"), German, Italian.
var thirdPossessives = map[string]bool{"her": true, "his": true,
	"uska": true, "uski": true, "uske": true, "unka": true, "unki": true, "unke": true,
	"ihre": true, "ihren": true, "ihrem": true, "ihrer": true, "seine": true, "seinen": true,
	"seinem": true, "suo": true, "sua": true, "suoi": true, "sue": true}

// yourRelation: "your" with a health word within three words in the
// name's sentence or the next: a message to the person about their own
// care ("Hi Colleen, so sorry your Dysport wore off").
func (a *analysis) yourRelation(j int) bool {
	s := a.words[j].sent
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if yourWords[string(a.lw(k))] && a.phraseHealth(k) {
			return true
		}
	}
	return false
}

// yourWords: "your" in English, and in the languages clients are texted in
// (Spanish "tu", "tus", French "ton", "ta", "vos", "votre", Tagalog
// "inyong", "iyong", "ninyo").
var yourWords = map[string]bool{"your": true, "tu": true, "tus": true, "votre": true, "vos": true,
	"ton": true, "ta": true, "tes": true, "inyong": true, "iyong": true, "ninyo": true,
	// the formal "your" of Spanish and Portuguese, as front desks write
	// to a client: "ya llegó su testosterona", "seu retorno"
	"su": true, "sus": true, "seu": true, "sua": true, "seus": true, "suas": true,
	// Russian, formal and familiar: "ваш пилинг завтра"
	"ваш": true, "ваша": true, "ваше": true, "ваши": true, "вашей": true, "вашего": true,
	"твой": true, "твоя": true, "твои": true,
	// German, formal and familiar: "Ihr Feedback zur Lippenunterspritzung"
	"ihr": true, "ihre": true, "ihren": true, "ihrem": true, "ihrer": true,
	"dein": true, "deine": true, "deinen": true, "deinem": true}

// messageNouns and messageVerbs frame a name as the person a message is
// to or about: "thank-you post for", "apology to", "DM", "remind".
var messageNouns = map[string]bool{"post": true, "text": true, "note": true, "card": true,
	"email": true, "message": true, "msg": true, "reply": true, "apology": true, "dm": true,
	"reminder": true, "story": true, "spotlight": true, "feature": true, "shoutout": true,
	"congrats": true, "birthday": true, "reward": true, "sms": true, "letter": true,
	"voicemail": true, "response": true, "caption": true, "anniversary": true}

var messageVerbs = map[string]bool{"dm": true, "text": true, "email": true, "message": true,
	"remind": true, "call": true, "thank": true, "thanking": true, "congratulate": true,
	"celebrate": true, "celebrating": true, "feature": true, "featuring": true, "spotlight": true,
	"send": true, "reschedule": true, "refund": true, "write": true, "about": true, "cancel": true}

// conversed: a conversation with the person ("talked to", "spoke with").
var conversed = map[string]bool{"talked": true, "spoke": true, "spoken": true, "chatted": true,
	"phone": true, "call": true, "texting": true, "emailing": true, "messaging": true}

// addressee: a message noun with for/to, or a message verb, just before
// the name at i. "Call Sarah at ... to book your consult" is a call to
// action, not a message to Sarah, so call, ask and tell do not count.
func (a *analysis) addressee(i int) bool {
	if a.sep(i) != " " && a.sep(i) != ": " {
		return false
	}
	p := i - 1
	if lw := string(a.lw(p)); messageVerbs[lw] && lw != "call" && lw != "ask" && lw != "tell" && a.sameSent(p, i) {
		return true
	}
	if (a.is(p, "to") || a.is(p, "with")) && a.sameSent(p-1, i) && conversed[string(a.lw(p-1))] {
		return true // "I just talked to Augustina", "got off the phone with Florian"
	}
	if a.is(p, "to") && a.is(p-1, "back") && messageVerbs[string(a.lw(p-2))] && a.sameSent(p-2, i) {
		return true // "text back to Ignacio"
	}
	if (a.is(p, "for") || a.is(p, "to")) && a.sameSent(p-1, i) {
		lw := string(a.lw(p - 1))
		return messageNouns[lw] || a.is(p-1, "you") && a.is(p-2, "thank") || lw == "thanks" || lw == "congrats" || lw == "note" || lw == "sorry" || lw == "write"
	}
	return false
}

// clinicalShape: right after the name, as a chart line has it: an age
// and sex ("61M", "44F", "47 y/o F", "28 F"), chart shorthand, or a code.
func (a *analysis) clinicalShape(j int) bool {
	for k := j + 1; k <= j+3 && k < a.n() && a.sameSent(j, k); k++ {
		if a.has(k, clsClinical|clsCode) {
			return true
		}
		if a.ageSex(k) {
			return true
		}
		if a.sep(k+1) == "/" && a.wlen(k) == 1 && a.wlen(k+1) == 1 {
			switch string(a.lw(k)) + string(a.lw(k+1)) {
			case "co", "sp", "fu", "yo", "hx", "wo":
				return true // c/o, s/p, f/u, y/o
			}
		}
		if a.has(k, clsStaffRole|clsCredential|clsBusiness) {
			return false
		}
	}
	return false
}

// ageSex: "61M", "44F", or an age followed by "F", "M", "y/o", "yo",
// "y.o.".
func (a *analysis) ageSex(k int) bool {
	w := a.lw(k)
	if n := len(w); n >= 2 && n <= 4 && (w[n-1] == 'm' || w[n-1] == 'f') && atoiBytes(w[:n-1]) > 0 && atoiBytes(w[:n-1]) < 120 {
		return true
	}
	if v := a.num(k); v > 0 && v < 120 && a.wlen(k) <= 3 && a.sameSent(k, k+1) {
		nx := string(a.lw(k + 1))
		return (nx == "f" || nx == "m") && a.sep(k+1) == " " || nx == "y" || nx == "yo" || nx == "yrs"
	}
	return false
}

// listedRelation: the name, then a dash, colon, parenthesis or comma, then
// a health word within four words, as a list, ticket or note has it
// ("Kim Sorensen - filler in tear troughs 1/20", "Tamsin Goode (Morpheus8
// neck, 4/9)"), with no staff word in between.
func (a *analysis) listedRelation(j int) bool {
	s := a.sep(j + 1)
	if s != " - " && s != ": " && s != " (" && s != ", " && s != " – " && s != " — " {
		return false
	}
	for k := j + 1; k <= j+4 && k < a.n() && a.sameSent(j, k); k++ {
		if a.has(k, clsStaffRole|clsStaffTitle|clsCredential|clsStaffVerb|clsBusiness) {
			return false
		}
		if k == j+1 && determiners[string(a.lw(k))] {
			return false // "Reminder for Dan Price: the laser vendor visits"
		}
		if a.strongHealthAt(k) || a.has(k, clsClinical|clsCode) {
			return !a.businessObject(k)
		}
	}
	return false
}

// businessObject: the health word at m is part of a business phrase: "the
// Juvederm order", "the laser vendor", "her Botox ads".
func (a *analysis) businessObject(m int) bool {
	for n := m + 1; n <= m+2 && n < a.n() && a.sameSent(m, n); n++ {
		if marketingNouns[string(a.lw(n))] || a.has(n, clsEquipment|clsPlatform) && !a.is(n, "units") && !a.is(n, "unit") && !a.is(n, "my") {
			return true
		}
		if a.sep(n) != " " {
			break
		}
	}
	return false
}

// codeNear: a diagnosis or procedure code in the name's sentence or the
// one before or after it.
func (a *analysis) codeNear(i int) bool {
	s := a.words[i].sent
	for k := max(0, i-ctxWindow); k < a.n() && k <= i+ctxWindow; k++ {
		if a.words[k].cls&clsCode != 0 && a.words[k].sent >= s-1 && a.words[k].sent <= s+1 {
			return true
		}
	}
	return false
}

// celebrity: the name i..j is a public figure's.
// publicTitles before a name make its bearer a public figure, whose looks
// the press discusses: not our patient.
var publicTitles = map[string]bool{"star": true, "popstar": true, "singer": true, "actress": true,
	"actor": true, "rapper": true, "celebrity": true, "supermodel": true, "comedian": true,
	"senator": true, "governor": true, "princess": true, "prince": true, "duchess": true,
	"royal": true, "icon": true, "diva": true, "quarterback": true, "anchorwoman": true,
	// the same in Spanish, Portuguese, French, German and Italian
	"actriz": true, "cantante": true, "atriz": true, "cantora": true, "actrice": true,
	"chanteuse": true, "chanteur": true, "schauspielerin": true, "schauspieler": true,
	"sängerin": true, "sänger": true, "attrice": true, "attore": true, "reina": true, "rainha": true}

func (a *analysis) celebrity(i, j int) bool {
	for k := i - 1; k >= i-2 && k >= 0 && a.sameSent(k, i); k-- {
		if publicTitles[string(a.lw(k))] && !a.hasFlag(k-1, wDigits) {
			// "pop star Lana Rivers", "actress Mae Lin"; "the 1-star
			// from Derek" is a rating, which a client gives.
			return true
		}
	}
	for k := i; k <= j; k++ {
		if a.has(k, clsCelebrity) {
			return true
		}
	}
	// A given name that is also a word is left out of the name the rules
	// read ("Viola Davis" read as "Davis"): the full name starts a word
	// before.
	return j > i && a.celebrityName(i, j) || i > 0 && a.sep(i) == " " && a.hasFlag(i-1, wCap) && a.celebrityName(i-1, j)
}

// celebrityName: words i..j are a full name of the public-figure list.
func (a *analysis) celebrityName(i, j int) bool {
	return int(a.words[j].end)-int(a.words[i].start) < 40 && celebrities[string(a.lower[a.words[i].start:a.words[j].end])]
}

// scanCodes marks ICD-10-CM diagnosis codes ("L70.0", "E66.9", "Z79.899")
// and CPT or HCPCS procedure codes ("CPT 64612", "J3490") as health words.
// An ICD-10 code needs its decimal part or a label ("dx", "ICD-10"); a
// five-digit CPT code needs its label, since ZIPs and prices look the same.
func (a *analysis) scanCodes() {
	for i := 0; i < a.n(); i++ {
		w := a.lw(i)
		switch {
		case len(w) == 3 && w[0] >= 'a' && w[0] <= 'z' && w[0] != 'u' && isDigit(w[1]) && (isDigit(w[2]) || w[2] == 'a' || w[2] == 'b'):
			// ICD-10-CM category: letter, digit, digit (or A/B).
			if a.sep(i+1) == "." && a.wlen(i+1) <= 4 && a.sameSent(i, i+1) && a.words[i+1].start == a.words[i].end+1 {
				a.markCode(i)
				a.markCode(i + 1)
				i++
			} else if a.codeLabel(i) {
				a.markCode(i)
			}
		case len(w) == 5 && (w[0] == 'j' || w[0] == 'g') && isDigit(w[1]) && isDigit(w[2]) && isDigit(w[3]) && isDigit(w[4]):
			// HCPCS level II drug and service codes: J3490, G0447.
			a.markCode(i)
		case len(w) == 5 && a.words[i].flags&wDigits != 0 && a.codeLabel(i):
			a.markCode(i)
		}
	}
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// codeLabel: "CPT", "ICD-10", "dx", "diagnosis code" within three words
// before i.
func (a *analysis) codeLabel(i int) bool {
	for j := i - 1; j >= 0 && j >= i-3 && a.sameSent(i, j); j-- {
		switch string(a.lw(j)) {
		case "cpt", "hcpcs", "icd", "dx", "diagnosis", "icd10":
			return true
		}
	}
	return false
}

func (a *analysis) markCode(i int) {
	a.words[i].cls |= clsCode
	a.health = true
}

// marketingNouns end a phrase that is about the business, not a person:
// "your Botox campaign", "her filler tips".
var marketingNouns = map[string]bool{"campaign": true, "campaigns": true, "ad": true, "ads": true,
	"page": true, "post": true, "posts": true, "landing": true, "rate": true, "budget": true,
	"report": true, "copy": true, "event": true, "special": true, "specials": true, "promo": true,
	"sale": true, "menu": true, "price": true, "prices": true, "pricing": true, "deal": true,
	"tips": true, "technique": true, "business": true, "account": true, "reel": true, "video": true,
	"training": true, "certification": true, "career": true, "experience": true, "clients": true,
	"patients": true, "team": true, "schedule": true, "room": true, "order": true, "orders": true,
	"inventory": true, "shipment": true, "samples": true, "vendor": true, "rep": true,
	"shift": true, "shifts": true, "hours": true, "station": true}

// phraseHealth: the possessive pronoun at k begins a phrase of up to three
// words that names a health word or a word of the person's care, and the
// phrase does not go on into a marketing noun.
func (a *analysis) phraseHealth(k int) bool {
	for m := k + 1; m <= k+3 && m < a.n() && a.sameSent(k, m); m++ {
		lw := string(a.lw(m))
		if (staffOwned[lw] || staffPossessions[lw]) && a.sep(m) != "-" || marketingNouns[lw] ||
			a.has(m, clsBusiness|clsStaffRole|clsStaffTitle) && !a.healthAt(m) {
			return false
		}
		if a.healthAt(m) || careNouns[lw] {
			// "her Botox before-and-after gallery": what follows the
			// health word may make the phrase a business's page.
			for n := m + 1; n <= m+4 && n < a.n() && a.sameSent(m, n) && (a.sep(n) == " " || a.sep(n) == "-"); n++ {
				if marketingNouns[string(a.lw(n))] || staffOwned[string(a.lw(n))] || pageNouns[string(a.lw(n))] ||
					a.has(n, clsEquipment) && !a.is(n, "units") && !a.is(n, "unit") {
					return false // "your Jeuveau reorder", "your Botox invoice": the clinic's purchase
				}
				if n > m+2 && a.sep(n) == " " {
					break
				}
			}
			return true
		}
		if a.sep(m+1) != " " && a.sep(m+1) != "-" {
			return false
		}
	}
	return false
}

// outcomeNear: a weight or size outcome in the name's sentence after it:
// "down 52 pounds", "212 lbs -> 189 lbs", "212 -> 198", "lost 30 pounds".
//
// A single weight counts only when it is the person's (weightOutcome): "a
// 20 lb box of samples" is not an outcome; two weights are a before and
// an after.
func (a *analysis) outcomeNear(j int) bool {
	weights := 0
	for k := j + 1; k <= j+8 && k+1 < a.n() && a.sameSent(j, k+1); k++ {
		if a.words[k].flags&wDigits != 0 && a.weightUnit(k+1) {
			weights++
		}
		if a.is(k, "dress") && a.is(k+1, "sizes") || a.weighIn(k) {
			return true // "two dress sizes", "212 -> 198", "(-52 lbs)"
		}
	}
	return weights >= 2 || weights == 1 && a.weightOutcome(j)
}

// audienceNouns are lists and audiences a person is added to or taken off:
// "exclude Clara Bishop from the filler ads", "remove her from the list".
var audienceNouns = map[string]bool{"list": true, "lists": true, "audience": true,
	"audiences": true, "newsletter": true, "mailing": true, "waitlist": true, "emails": true,
	"texts": true, "sms": true, "retargeting": true}

// legalWords: a complaint or claim, which with a treatment or condition in
// the sentence is about the person's own care ("she's suing us over her
// lip necrosis").
var legalWords = map[string]bool{"suing": true, "sued": true, "sue": true, "lawsuit": true,
	"lawyer": true, "attorney": true, "complaining": true, "threatening": true, "litigation": true}

// wordNameBlock: classes that keep a capitalised word that is not a given
// name from starting a name even in a chart line.
const wordNameBlock = clsTreatment | clsCondition | clsPatientNoun | clsStaffTitle | clsCredential |
	clsBusiness | clsGreeting | clsPronoun | clsBody | clsClinical | clsCode | clsPromo | clsPlatform

// chartName: a capitalised word that is not a given name in the lists
// because it is also a month or a word ("Jun", "May", "Will"), then a
// surname, then an age and sex or a code: a chart line's name.
func (a *analysis) chartName(i int) bool {
	if a.words[i].cls&wordNameBlock != 0 || a.sep(i+1) != " " || !a.hasFlag(i+1, wCap) {
		return false
	}
	nx := i + 1
	return (a.surnameLike(nx) || a.censusSurname(nx) || placeSurnames[string(a.lw(nx))]) && a.chartAfter(nx)
}

// chartAfter: right after word j, an age and sex, a code, shorthand for a
// history ("s/p Kybella", "h/o HSV", "c/o itching": status post, history
// of, complains of) or a vital sign, as a chart line has it.
func (a *analysis) chartAfter(j int) bool {
	k := j + 1
	return a.sameSent(j, k) && (a.ageSex(k) || a.has(k, clsCode) || a.historyShorthand(k) || a.vitalAfter(j))
}

func (a *analysis) historyShorthand(k int) bool {
	if k+1 >= a.n() || a.sep(k) != " " || a.sep(k+1) != "/" {
		return false
	}
	switch string(a.lw(k)) + "/" + string(a.lw(k+1)) {
	case "s/p", "h/o", "c/o":
		return true
	}
	return false
}

// vitalAfter: a vital sign's reading follows word j, as a chart line has
// it: "Mason Tate BP 152/96", "wt 212", "A1c 6.1".
func (a *analysis) vitalAfter(j int) bool {
	k := j + 1
	switch string(a.lw(k)) {
	case "bp", "a1c", "bmi", "wt", "hr", "spo2", "o2":
		return a.sameSent(j, k+1) && a.hasFlag(k+1, wDigits) && a.sep(k+1) == " "
	}
	return false
}

// listJoined: the name starting at i continues a list whose previous name
// ends at p: "X, Y", "X and Y", "X, and Y", "X & Y".
func (a *analysis) listJoined(p, i int) bool {
	switch {
	case i == p+1:
		s := a.sep(i)
		return s == ", " || s == " & " || s == ", & "
	case i == p+2 && a.is(p+1, "and"):
		return (a.sep(p+1) == " " || a.sep(p+1) == ", ") && a.sep(i) == " "
	}
	return false
}

// staffListCue: right before the name at i, a plural staff role ("our
// injectors", "nurses:", "our team"), which the names that follow in a
// list share.
func (a *analysis) staffListCue(i int) bool {
	p := i - 1
	if p < 0 || !a.sameSent(p, i) {
		return false
	}
	w := a.lw(p)
	if string(w) == "team" || string(w) == "staff" || string(w) == "providers" {
		return true
	}
	if string(w) == "thanks" || string(w) == "congrats" {
		return false // not a plural of "thank"
	}
	return len(w) > 3 && w[len(w)-1] == 's' && lookup(w[:len(w)-1])&(clsStaffTitle|clsStaffRole) != 0
}

// speechVerbs: what a public figure does with their own health story.
var speechVerbs = map[string]bool{"talked": true, "talks": true, "spoke": true, "speaks": true,
	"spoken": true, "opened": true, "opens": true, "revealed": true, "reveals": true,
	"admitted": true, "admits": true, "discussed": true, "discusses": true, "shared": true,
	"shares": true, "said": true, "says": true, "swears": true, "credits": true, "announced": true,
	"posted": true, "joked": true, "confessed": true}

// mediaWords: where a public figure says it.
var mediaWords = map[string]bool{"tv": true, "television": true, "interview": true,
	"interviews": true, "podcast": true, "show": true, "magazine": true, "documentary": true,
	"memoir": true, "news": true, "publicly": true, "openly": true, "press": true, "carpet": true,
	"oscars": true, "talk": true, "late": true, "broadcast": true, "headlines": true, "viral": true}

// publicStatement: the name at ..j is followed by a verb of speech about
// their own story ("Katie Couric talked about her breast cancer screening
// on TV"), and the text says it was said in public: a public figure, not a
// patient, whose statement is news a clinic may write about.
func (a *analysis) publicStatement(j int) bool {
	k := j + 1
	if a.is(k, "has") || a.is(k, "have") || a.is(k, "had") {
		k++
	}
	if !speechVerbs[string(a.lw(k))] || !a.sameSent(j, k) {
		return false
	}
	for m := k; m < a.n() && m <= k+ctxWindow && a.words[m].sent <= a.words[j].sent+1; m++ {
		if mediaWords[string(a.lw(m))] {
			return true
		}
	}
	return false
}

// weightOutcome: a weight result that is the person's own, in the name's
// sentence: "who hit her 50 lb goal", "down 35 lbs", "20 pounds lighter".
// A greeting or congratulations with one is about the person's care; a
// "20 lb box of samples" is not.
func (a *analysis) weightOutcome(j int) bool {
	for k := j + 1; k <= j+10 && k+1 < a.n() && a.sameSent(j, k+1); k++ {
		if a.sizesDown(k) || weightWord(a.lw(k)) && a.weightOwnedAfter(k, j) {
			return true // "has lost 19kg since January"
		}
		if a.words[k].flags&wDigits == 0 {
			continue
		}
		if a.weighIn(k) || a.weighedAt(k) {
			return true
		}
		if a.weightUnit(k+1) && a.weightOwnedAfter(k, j) {
			return true
		}
	}
	return false
}

// weighedAt: the number at k is what a person weighed: "weighed in at
// 211", "weighs 186".
func (a *analysis) weighedAt(k int) bool {
	if v := a.num(k); v < 80 || v > 600 {
		return false
	}
	m := k - 1
	if a.is(m, "at") && a.is(m-1, "in") {
		m -= 2
	}
	switch string(a.lw(m)) {
	case "weighed", "weighs", "weighing":
		return a.sameSent(m, k)
	}
	return false
}

// sizesDown: word k opens a loss in clothing sizes, "down two dress
// sizes", "dropped 3 pant sizes".
func (a *analysis) sizesDown(k int) bool {
	switch string(a.lw(k)) {
	case "down", "dropped", "lost", "shed":
	default:
		return false
	}
	if !a.hasFlag(k+1, wDigits) && !numberWords[string(a.lw(k+1))] {
		return false
	}
	m := k + 2
	switch string(a.lw(m)) {
	case "dress", "pant", "pants", "jean", "jeans", "clothing":
		m++
	}
	return (a.is(m, "sizes") || a.is(m, "size")) && a.sameSent(k, m)
}

// numberWords are the small numbers written out.
var numberWords = map[string]bool{"one": true, "two": true, "three": true, "four": true,
	"five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true}

// weightUnit: word k is a unit of body weight.
func (a *analysis) weightUnit(k int) bool {
	switch string(a.lw(k)) {
	case "lbs", "lb", "pounds", "kg", "kilos", "kilo", "kilogramm":
		return true
	}
	return false
}

// weighIn: the number at k is a weight and what it became, "187 -> 171",
// "241.2 → 236.8", or a loss written with its sign, "-52 lbs", "hitting -30
// on sema".
func (a *analysis) weighIn(k int) bool {
	if k < 0 || k >= a.n() || a.words[k].flags&wDigits == 0 {
		return false
	}
	if st := a.words[k].start; st > 0 && a.text[st-1] == '-' && (st == 1 || a.text[st-2] == ' ' || a.text[st-2] == '(') {
		v := a.num(k)
		return v >= 5 && v <= 200 && (a.weightUnit(k+1) || a.is(k+1, "on") && a.has(k+2, clsTreatment) ||
			a.nameAt(k-1) != nil && a.sep(k) == " -" && a.health) // a wins list: "Rosa -8, Jamal -12 (first month on sema!)"
	}
	if v := a.num(k); v < 80 || v > 600 {
		return false
	}
	m := k + 1
	if a.sep(m) == "." && a.hasFlag(m, wDigits) && a.wlen(m) == 1 {
		m++ // "241.2"
	}
	if st := a.words[k].start; a.is(m, "from") && a.sep(m) == " " && a.sep(m+1) == " " && (st == 0 || a.text[st-1] != '$') {
		v := a.num(m + 1)
		return v >= 80 && v <= 600 && a.sameSent(k, m+1) && !a.is(m+2, "units") && !a.is(m+2, "u") // "at 212 from 248"
	}
	switch strings.TrimSpace(a.sep(m)) {
	case "->", "→", "=>", "-->":
		v := a.num(m)
		return v >= 80 && v <= 600 && a.sameSent(k, m)
	}
	return false
}

// weightOwned: the weight at k ("52" in "down 52 pounds") is someone's
// loss or goal: an outcome word just before it or just after its unit.
func (a *analysis) weightOwned(k int) bool { return a.weightOwnedAfter(k, -1) }

func (a *analysis) weightOwnedAfter(k, j int) bool {
	for m := k - 1; m >= k-2 && m > j && m >= 0; m-- {
		switch string(a.lw(m)) {
		case "her", "his", "their", "down", "lost", "losing", "dropped", "shed", "hit", "reached", "minus", "my", "perdió", "perdeu", "bajó", "lose",
			"up", "gained", // "up 3 lb since last visit"
			"bajé", "perdí", "baje", "perdi", "abgenommen", "schudła", "schudł", "straciła", "stracił":
			return true
		case "the":
			if a.is(m-1, "on") && (a.is(m-2, "congrats") || a.is(m-2, "congratulations")) {
				return true // "congrats on the 30 lbs"
			}
		}
	}
	switch string(a.lw(k + 2)) {
	case "goal", "lighter", "down", "gone", "lost", "off", "menos", "weniger":
		return k+2 < a.n() && a.sameSent(k, k+2)
	}
	return false
}
