package phi

import (
	"bytes"
	"strings"
)

// The name model: a logistic regression over evidence the rules already
// compute, read for each person candidate in the text, that catches a
// patient the hand-written relations do not reach. The rules decide first
// (scanNames); when they find no patient name, every candidate (a name the
// rules read as not staff, a given name alone, initials, a social handle,
// "the 9am", a capitalised word the lists do not know) gets a score
//
//	z = w · x(candidate, text)
//
// and a candidate with z >= modelCut is a patient's. The weights are
// fitted offline on the tuning corpora (model_train_test.go; regenerate
// model_weights.go with `go test ./shared/phi -run TestModelWeights
// -args -phi.train`), so the runtime is a few dozen multiply-adds per
// candidate and no allocation.

// Feature indexes. Local features describe one candidate; text features
// are the same for every candidate in the text.
const (
	fBias = iota

	// the candidate's shape
	fFull      // a given name and surname, or two capitalised unknown words
	fGiven     // a given name alone
	fUnknown   // one capitalised word the lists do not know
	fInitials  // "J.R.", "K.M.", "A. Lindqvist"
	fHandle    // a social handle that is not a clinic's
	fTimeRef   // "the 9am", "my 2pm"
	fLowerName // a given name typed in lower case after a greeting or at the start

	// the rules' evidence about the candidate
	fRule       // the rule score (capped at 1)
	fAfter      // afterName found patient evidence
	fPoss       // the candidate's possessive is followed by a health or care word
	fPronHealth // a her, his, she or he with a health event refers back
	fPronAny    // any personal pronoun (English or Spanish) after it in its sentence or the next
	fYour       // "your" with a health word: a message to the person
	fMessage    // a message, reply, refund, reminder or note is to, for or from the candidate
	fListed     // a chart line or list: name, dash or colon, treatment; name, age and sex
	fOutcome    // a weight outcome in the candidate's sentence
	fRolePat    // "patient", "client", "pt" before it
	fGreet      // "hi", "thanks", "congrats" before it
	fVerb       // a personal verb right after it: said, wants, had, está, tiene
	fHealthSent // a treatment, condition or code in its sentence
	fCondSent   // a condition in its sentence
	fHealthNear // a treatment, condition or code in the sentence before or after
	fStaffNear  // a staff title, role, credential or staff verb next to it
	fStaffRole  // the rules read a staff role before it
	fPlace      // a place or organisation word next to it: location, park, clinic
	fPublic     // a public figure, or a public statement
	fRuleStaff  // the rules read the name as staff or a public figure
	fAddressed  // greeted or messaged, with "you" or "your" in its sentence or the next
	fBizPhrase  // a health word in its sentence is part of a business phrase: "the Juvederm order"
	fStaffOwn   // its possessive is followed by what staff own: "Trudy's top tips", "Sarah Kim's approach"
	fStaffSent  // a staff role or title elsewhere in its sentence
	fFamily     // a relative or a client word beside it: "Kwame's wife", "her daughter", "our Botox regular"
	fBizHandle  // a handle that reads like a business's: "@glowbar.medspa"
	fTitleCase  // in a run of capitalised words ("Spring Glow Sale") or a brand's shape ("CareCredit")

	// the same evidence with no staff, public-figure, place or business
	// cue beside the candidate: a linear model cannot say "only if not
	// staff" on its own
	fCleanPron   // fPronAny
	fCleanVerb   // fVerb
	fCleanPoss   // a possessive followed within three words by a health or body word
	fCleanMsg    // fMessage or fGreet
	fCleanHealth // fHealthSent

	// conjunctions: a linear model cannot see "both" on its own
	fPronAndHealth  // a pronoun after it and a health word in its sentence
	fVerbAndHealth  // a personal verb after it and a health word in its sentence
	fMsgAndHealth   // a message to it and a health word in its sentence or the next
	fGivenAndHealth // a given name alone with a health word in its sentence

	// how the text speaks to or of the person
	fVocative  // set off as the one addressed: "Fiona, you're due", "Sunita your PRP", "..., Imani"
	fVocHealth // fVocative, and "your" owns a treatment or condition in its sentence or the next
	fHonorific // Mrs., Ms., Dona, Sr., chị, anh, Ate, Kuya before it: a person, never a title of staff
	fMediaOf   // the candidate's photos, before/after, video, story: "Before & after ni Ate Marites"
	fWhoHealth // a "who" clause after it with a health word or event: "Carmen, 52, who came to us with melasma"
	fInstruct  // the one told to do a task: "Ask Emily Stone to update ...", "have Priya send ...", "Patrice, send me ..."

	// the text
	fHealth      // any treatment or condition
	fCond        // any condition
	fDose        // a dose: 40 units, 2.5mg, 3 vials
	fClinical    // chart shorthand, age and sex, or a code
	fDate        // a date that is not a promotion's
	fPatientRef  // the text is about one specific patient (scanPatientRefs)
	fCareContext // consent, release, before/after, photos, refund, review, chart, labs
	fSpanish     // Spanish personal words: su, ella, cita, está, tiene
	fStaffText   // staff titles and roles anywhere
	fPromo       // prices, percentages, offers, booking calls to action
	fPlaceholder // a template placeholder: {first_name}, [Name]
	fYouCopy     // "you" and "your" (generic copy), capped at 3
	fFirstPerson // "I", "my", "me": a quote or a testimonial
	fWeightNum   // a weight in pounds or kilos

	nFeatures
)

var featureNames = [nFeatures]string{
	"bias",
	"full", "given", "unknown", "initials", "handle", "time_ref", "lower_name",
	"rule", "after", "possessive", "pronoun_health", "pronoun_any", "your", "message",
	"listed", "outcome", "role_patient", "greeting", "verb_after", "health_sentence",
	"condition_sentence", "health_near", "staff_near", "staff_role", "place", "public", "rule_staff", "addressed", "business_phrase",
	"staff_own", "staff_sentence", "family", "business_handle", "title_case",
	"clean_pronoun", "clean_verb", "clean_possessive", "clean_message", "clean_health",
	"pronoun_and_health", "verb_and_health", "message_and_health", "given_and_health",
	"vocative", "vocative_health", "honorific", "media_of", "who_health", "instruct",
	"text_health", "text_condition", "text_dose", "text_clinical", "text_date",
	"text_patient_ref", "text_care_context", "text_spanish", "text_staff", "text_promo",
	"text_placeholder", "text_you", "text_first_person", "text_weight",
}

type candKind uint8

const (
	candFull candKind = iota
	candGiven
	candUnknown
	candInitials
	candHandle
	candTimeRef
	candLowerName
)

// spanishHealth and spanishPersonal: the guard's lists are English; these
// few words let the model read a Spanish note about a client.
var spanishHealth = map[string]bool{"relleno": true, "labios": true, "láser": true, "laser": true,
	"tratamiento": true, "embarazada": true, "moretones": true, "piel": true, "receta": true,
	"peso": true, "alérgica": true, "alérgico": true, "reacción": true, "hinchazón": true,
	"inflamación": true, "dolor": true, "cicatriz": true, "acné": true, "manchas": true,
	"arrugas": true, "inyección": true, "inyecciones": true, "medicamento": true, "diabetes": true,
	"presión": true, "embarazo": true, "lactancia": true, "quemadura": true, "infección": true}

var spanishPersonal = map[string]bool{"su": true, "sus": true, "ella": true, "él": true,
	"cita": true, "está": true, "tiene": true, "dice": true, "tuvo": true, "necesita": true,
	"quiere": true, "le": true, "paciente": true, "clienta": true, "llamarla": true, "llamarlo": true,
	// Portuguese, French, Tagalog and Vietnamese: she, her, his, wants, had
	"ela": true, "ele": true, "dela": true, "dele": true, "sua": true, "seu": true, "quer": true,
	"teve": true, "tem": true, "avisou": true, "pediu": true, "elle": true, "ses": true, "niya": true,
	"siya": true, "kanyang": true, "daw": true, "chị": true, "anh": true, "bạn": true,
	// German and Italian: her or their, his, she; her, his, she, he
	"ihre": true, "ihren": true, "ihrem": true, "ihrer": true, "seine": true, "seinen": true,
	"seinem": true, "sie": true, "suo": true, "lei": true, "lui": true}

var pronounWords = map[string]bool{"her": true, "his": true, "him": true, "she": true, "he": true,
	"she's": true, "he's": true, "hers": true, "herself": true, "himself": true,
	"su": true, "sus": true, "ella": true, "él": true, "le": true,
	"ela": true, "ele": true, "dela": true, "dele": true, "elle": true, "ses": true, "niya": true,
	"siya": true, "kanyang": true}

var verbAfter = map[string]bool{"said": true, "says": true, "wants": true, "wanted": true,
	"asked": true, "asks": true, "cancelled": true, "canceled": true, "called": true,
	"texted": true, "rang": true, "phoned": true, "sent": true, "needs": true, "thinks": true, "feels": true, "felt": true,
	"came": true, "comes": true, "complained": true, "is": true, "has": true, "had": true,
	"got": true, "was": true, "tried": true, "started": true, "starts": true, "stopped": true,
	"missed": true, "rescheduled": true, "paid": true, "bought": true, "loves": true,
	"mentioned": true, "told": true, "noticed": true, "developed": true, "reacted": true,
	"tiene": true, "está": true, "dice": true, "tuvo": true, "necesita": true, "quiere": true,
	"fainted": true, "bruised": true, "broke": true, "swelled": true, "reported": true,
	"won't": true, "can't": true, "didn't": true, "isn't": true, "wasn't": true, "hasn't": true,
	"escribió": true, "dijo": true, "escreveu": true, "disse": true,
	"écrit": true, "messaged": true, "perguntou": true, "preguntó": true, "demandé": true,
	"dit": true, "veut": true, "voye": true, "di": true, "rele": true, "vle": true, // French, Haitian Creole
	"ya": true, "bajó": true, "bajo": true, // Spanish: "Beto ya bajó 18 lbs"
	"don": true, "wan": true, "dey": true, // Nigerian Pidgin: "Funke don lose 18 lbs", "Ngozi wan refund"
	"amou": true, "adorou": true, "fez": true, "ficou": true, "tá": true, // Portuguese
	"quer": true, "ligou": true, "cancelou": true, "pediu": true, "teve": true, "pagou": true,
	"voltou": true, "sentiu": true, "reclamou": true, "llamó": true, "canceló": true,
	"pidió": true, "pregunta": true, "appelé": true, "annulé": true,
	"nói": true, "hỏi": true, "gọi": true, "muốn": true, "bị": true, "cần": true, // Vietnamese
	"sabi": true, "gusto": true, "tumawag": true, // Tagalog: said, wants, called
	// Russian: called, complains, cancelled, booked, asks, wants, said,
	// came, did, writes, and "again" ("Вика опять отменила")
	"звонила": true, "звонил": true, "жалуется": true, "отменила": true, "отменил": true,
	"записался": true, "записалась": true, "просит": true, "хочет": true, "сказала": true,
	"пришла": true, "сделала": true, "пишет": true, "опять": true,
	// German and Italian: had, would like, says, said, asks, called,
	// came, got, cancelled, needs, wrote; wants, asks, called, cancelled
	"hatte": true, "möchte": true, "sagt": true, "sagte": true, "fragt": true, "fragte": true,
	"rief": true, "angerufen": true, "kam": true, "bekam": true, "storniert": true, "abgesagt": true,
	"braucht": true, "schrieb": true, "schreibt": true, "beschwert": true,
	"ne":    true, // Hindi's mark of the one who did it ("Sanket ne complain kiya"), French "ne" of a verb
	"vuole": true, "chiede": true, "chiesto": true, "chiamato": true, "annullato": true,
	"prenotato": true, "detto": true, "aveva": true, "lamenta": true,
	// Polish: called, lost weight, sent, gave, agreed, asked, asks, wants,
	// had, came, cancelled (feminine and masculine)
	"dzwoniła": true, "dzwonił": true, "schudła": true, "schudł": true, "wysłała": true,
	"wysłał": true, "podała": true, "podał": true, "zgodziła": true, "zgodził": true,
	"pytała": true, "pytał": true, "prosi": true, "chce": true, "miała": true, "miał": true,
	"przyszła": true, "przyszedł": true, "odwołała": true, "odwołał": true}

var messageCtx = map[string]bool{"reply": true, "replied": true, "refund": true, "remind": true,
	"reminder": true, "recordatorio": true, "dm": true, "txt": true, "text": true, "email": true,
	"emailing": true, "texting": true, "thank": true, "thanks": true, "note": true, "card": true,
	"congrats": true, "shoutout": true, "birthday": true, "tell": true, "ask": true, "call": true,
	"message": true, "msg": true, "voicemail": true, "sorry": true, "apology": true, "review": true,
	"feedback": true, "testimonial": true, "para": true, "llamar": true, "follow": true, "check": true,
	"merci": true, "gracias": true, "obrigada": true, "obrigado": true, "salamat": true, "chúc": true,
	"cảm": true, "felicidades": true, "parabéns": true, "bravo": true, "mensaje": true, "recado": true}

var careContext = map[string]bool{"consent": true, "release": true, "before": true, "after": true,
	"photos": true, "photo": true, "pics": true, "pictures": true, "refund": true, "review": true,
	"chart": true, "labs": true, "lab": true, "results": true, "aftercare": true, "testimonial": true,
	"story": true, "journey": true, "f": true, "follow": true, "recordatorio": true, "reminder": true,
	"allergic": true, "pregnant": true, "breastfeeding": true, "receipt": true, "records": true,
	"avant": true, "après": true, "antes": true, "depois": true, "fotos": true, "hình": true,
	"video": true, "reel": true, "transformation": true, "glow-up": true}

var placeWords = map[string]bool{"location": true, "locations": true, "clinic": true, "clinics": true,
	"park": true, "beach": true, "resort": true, "avenue": true, "county": true, "office": true,
	"studio": true, "award": true, "dermatology": true, "street": true, "mall": true, "center": true,
	"hotel": true, "shoppers": true, "inspired": true, "spa": true, "conference": true, "cosmetics": true}

var promoWords = map[string]bool{"off": true, "special": true, "specials": true, "promo": true,
	"deal": true, "deals": true, "sale": true, "expires": true, "book": true, "booking": true,
	"link": true, "menu": true, "package": true, "packages": true, "offer": true, "giveaway": true,
	"win": true, "launch": true, "unit": true, "free": true, "event": true, "open": true}

var staffTextWords = map[string]bool{"team": true, "staff": true, "injector": true, "injectors": true,
	"nurse": true, "esthetician": true, "founder": true, "owner": true, "rep": true, "agency": true,
	"marketing": true, "billing": true, "desk": true, "manager": true, "technician": true,
	"tech": true, "training": true, "welcome": true, "meet": true, "bio": true, "hired": true,
	// the rota: who works when ("move her laser shifts", "can Savannah cover")
	"shift": true, "shifts": true, "cover": true, "covering": true, "coverage": true, "pto": true}

// mclass is the model's own word classes, looked up once per word.
type mclass uint16

const (
	mSpanishHealth mclass = 1 << iota
	mSpanishPersonal
	mPronoun
	mVerbAfter
	mMessage
	mCare
	mPlace
	mPromo
	mStaffText
	mFamily
	mSlot
	mStaffOwned // staffOwned, staffPossessions or marketingNouns
)

var modelLex map[string]mclass

func buildModelLex() {
	modelLex = map[string]mclass{}
	for c, m := range map[mclass]map[string]bool{mSpanishHealth: spanishHealth,
		mSpanishPersonal: spanishPersonal, mPronoun: pronounWords, mVerbAfter: verbAfter,
		mMessage: messageCtx, mCare: careContext, mPlace: placeWords, mPromo: promoWords,
		mStaffText: staffTextWords, mFamily: familyWords, mSlot: slotWords,
		mStaffOwned: staffOwned} {
		for w := range m {
			modelLex[w] |= c
		}
	}
	for _, m := range []map[string]bool{staffPossessions, marketingNouns} {
		for w := range m {
			modelLex[w] |= mStaffOwned
		}
	}
	for _, w := range []string{"eye", "hands", "touch"} {
		modelLex[w] &^= mStaffOwned // "Loretta's eye is watery": a body, not a skill
	}
}

// wordIn: word k has model class c. Valid after textFeatures.
func (a *analysis) wordIn(k int, c mclass) bool {
	return k >= 0 && k < len(a.mcls) && a.mcls[k]&c != 0
}

// sentStart: word k is the first of its sentence.
func (a *analysis) sentStart(k int) bool { return k == 0 || !a.sameSent(k-1, k) }

// questionOpens: word k follows a Spanish opening mark, which begins a
// question or exclamation the way a sentence begins: "FAQ: ¿Duele el
// Morpheus8?"
func (a *analysis) questionOpens(k int) bool {
	s := a.sep(k)
	return strings.HasSuffix(s, "¿") || strings.HasSuffix(s, "¡")
}

// textFeatures fills the text part of x.
func (a *analysis) textFeatures(x *[nFeatures]float64) {
	x[fBias] = 1
	you, staff, weights := 0, 0, 0
	a.mcls = a.mcls[:0]
	for k := 0; k < a.n(); k++ {
		a.mcls = append(a.mcls, modelLex[string(a.lw(k))])
	}
	for k := 0; k < a.n(); k++ {
		w := a.words[k]
		lw := a.lw(k)
		mc := a.mcls[k]
		switch {
		case w.cls&clsCondition != 0:
			x[fCond], x[fHealth] = 1, 1
		case w.cls&(clsTreatment|clsCode) != 0:
			x[fHealth] = 1
		}
		if mc&mSpanishHealth != 0 || w.cls&clsBody != 0 && (a.is(k+1, "results") || a.is(k+1, "result")) && a.sameSent(k, k+1) {
			x[fHealth] = 1 // "her under-eye results": a treatment's outcome, however named
		}
		if w.cls&clsClinical != 0 || w.cls&clsCode != 0 || a.ageSex(k) {
			x[fClinical] = 1
		}
		if w.flags&wDigits != 0 && k+1 < a.n() && a.sameSent(k, k+1) {
			switch string(a.lw(k + 1)) {
			case "units", "u", "ml", "cc", "mg", "mcg", "vials", "vial", "syringes", "syringe":
				if st := w.start; st == 0 || a.text[st-1] != '$' {
					x[fDose] = 1
				}
			}
		}
		if w.flags&wDigits != 0 && (a.is(k+1, "lbs") || a.is(k+1, "lb") || a.is(k+1, "pounds") || a.is(k+1, "kg")) {
			if weights++; weights >= 2 || a.weightOwned(k) {
				x[fWeightNum] = 1 // a person's weight change, not "a 20 lb box"
			}
		}
		if doseWord(lw) {
			x[fDose] = 1 // "60u", "2.5mg" (the tokenizer's "5mg")
		}
		if a.sizesDown(k) || a.weighedAt(k) || a.weighIn(k) || weightWord(lw) && a.weightOwned(k) {
			x[fWeightNum] = 1 // "down two dress sizes", "weighed in at 211", "at 212 from 248"
		}
		if mc&mCare != 0 {
			x[fCareContext] = 1
		}
		if mc&mSpanishPersonal != 0 {
			x[fSpanish] = 1
		}
		if w.cls&(clsStaffTitle|clsStaffRole) != 0 || mc&mStaffText != 0 {
			staff++
		}
		if mc&mPromo != 0 || w.cls&clsPromo != 0 {
			x[fPromo] = 1
		}
		switch string(lw) {
		case "you", "your", "you're", "yours":
			you++
		case "i", "my", "me", "i'm":
			x[fFirstPerson] = 1
		}
	}
	if strings.ContainsAny(a.text, "$%") {
		x[fPromo] = 1
	}
	if strings.IndexByte(a.text, '{') >= 0 || bytes.Contains(a.lower, phName) || bytes.Contains(a.lower, phFirst) {
		x[fPlaceholder] = 1
	}
	if staff > 0 {
		x[fStaffText] = 1
	}
	x[fYouCopy] = float64(min(you, 3)) / 3
	for _, d := range a.dates {
		if !a.has(d.first-1, clsPromo) && !a.has(d.first-2, clsPromo) {
			x[fDate] = 1
			break
		}
	}
	if a.patientRef {
		x[fPatientRef] = 1
	}
}

var phName, phFirst = []byte("[name"), []byte("[first")

// candFeature is the feature that says a candidate's kind.
var candFeature = [...]int{candFull: fFull, candGiven: fGiven, candUnknown: fUnknown,
	candInitials: fInitials, candHandle: fHandle, candTimeRef: fTimeRef, candLowerName: fLowerName}

// candidateFeatures fills the local part of x for the candidate i..j,
// keeping the text part.
func (a *analysis) candidateFeatures(x *[nFeatures]float64, i, j int, ck candKind, rule float64, ruleStaff bool) {
	for f := fFull; f < fHealth; f++ {
		x[f] = 0
	}
	x[candFeature[ck]] = 1
	x[fRule] = min(rule, 1)
	// set turns feature f on when its evidence holds.
	set := func(f int, on bool) {
		if on {
			x[f] = 1
		}
	}
	set(fRuleStaff, ruleStaff)
	full := ck == candFull
	after, staff := a.afterName(j, full)
	set(fAfter, after > 0)
	set(fStaffNear, staff)
	set(fPoss, a.possessiveRelation(j))
	set(fPronHealth, a.pronounRelation(j) || a.pronounFollows(j) > 0)
	set(fYour, a.yourRelation(j))
	set(fListed, a.listedRelation(j) || a.clinicalShape(j))
	set(fOutcome, a.outcomeNear(j) || a.weightOutcome(j))
	switch a.roleBefore(i) {
	case cuePatient:
		x[fRolePat] = 1
	case cueGreeting:
		x[fGreet] = 1
	case cueStaff:
		x[fStaffRole] = 1
	}
	if a.addressee(i) {
		x[fMessage] = 1
	}
	for k := i - 1; k >= i-3 && k >= 0 && a.sameSent(k, i); k-- {
		if a.wordIn(k, mMessage) {
			x[fMessage] = 1
		}
		if a.has(k, clsStaffTitle|clsStaffRole|clsCredential) && (k == i-1 || k == i-2 && a.sep(i) == ". ") ||
			a.is(k, "our") && k == i-1 || a.wordIn(k, mStaffText) {
			x[fStaffNear] = 1
		}
		if a.wordIn(k, mPlace) {
			x[fPlace] = 1
		}
	}
	if a.is(i-1, "in") && (a.is(i-2, "lives") || a.is(i-2, "located") || a.is(i-2, "based") || a.is(i-2, "clients") || a.is(i-2, "clinic")) ||
		a.sep(j+1) == ", " && a.wlen(j+1) == 2 && !a.hasFlag(j+1, wLower) && usStates[a.text[a.words[j+1].start:a.words[j+1].end]] ||
		a.is(i-1, "serving") || a.is(i-1, "near") {
		x[fPlace] = 1 // "lives in Franklin", "Dallas, TX", "serving Frisco"
	}
	if (a.is(i-1, "call") || a.is(i-1, "text") || a.is(i-2, "for") && a.is(i-1, "ask")) && a.phoneAt(j+2) >= 0 {
		x[fStaffNear] = 1 // "Call Sarah at 214-555-0177": the clinic's contact
	}
	for k := j + 1; k <= j+5 && k < a.n() && a.sameSent(j, k); k++ {
		if k <= j+3 && a.wordIn(k, mStaffText) && !a.hasFlag(j, wPoss) {
			x[fStaffNear] = 1 // "Rebekah is our social media manager"
		}
		if a.has(k, clsStaffTitle|clsStaffRole|clsStaffVerb) || a.has(k, clsCredential) && !a.hasFlag(k, wLower) ||
			a.is(k, "from") && (a.wordIn(k+1, mStaffText) || a.wordIn(k+2, mStaffText)) {
			x[fStaffNear] = 1
		}
		if k == j+1 && a.wordIn(k, mPlace) {
			x[fPlace] = 1
		}
	}
	if a.wordIn(j+1, mVerbAfter) && a.sameSent(j, j+1) || a.hasFlag(j, wPoss) && a.wordIn(j+1, mVerbAfter) {
		x[fVerb] = 1
	}
	if a.hasFlag(j, wPoss) {
		for k := j + 1; k <= j+3 && k < a.n() && a.sameSent(j, k); k++ {
			if a.wordIn(k, mStaffOwned) {
				x[fStaffOwn] = 1
				break
			}
			if a.wordIn(k, mFamily) {
				x[fFamily] = 1
			}
		}
	}
	for k := max(0, i-4); k <= j+6 && k < a.n(); k++ {
		if (k < i || k > j) && a.sameSent(k, j) && a.wordIn(k, mFamily) && (a.is(k-1, "her") || a.is(k-1, "his") || a.is(k-1, "our") || a.is(k-1, "the") || a.is(k-1, "su")) {
			x[fFamily] = 1
		}
	}
	if a.celebrity(i, j) || full && a.publicStatement(j) {
		x[fPublic] = 1
	}
	s := a.words[j].sent
	for k := max(0, i-ctxWindow); k < a.n() && k <= j+ctxWindow; k++ {
		ks := a.words[k].sent
		if ks < s-1 || ks > s+1 || k >= i && k <= j {
			continue
		}
		health := a.strongHealthAt(k) || a.wordIn(k, mSpanishHealth)
		you := a.is(k, "you") || a.is(k, "your") || a.is(k, "you're")
		if you && k > j && (x[fGreet] > 0 || x[fMessage] > 0) {
			x[fAddressed] = 1
		}
		if ks == s {
			if a.has(k, clsStaffRole|clsStaffTitle) || a.wordIn(k, mStaffText) {
				x[fStaffSent] = 1
			}
			if health {
				x[fHealthSent] = 1
				if a.businessObject(k) {
					x[fBizPhrase] = 1
				}
			}
			if a.has(k, clsCondition) {
				x[fCondSent] = 1
			}
			if k > j && a.wordIn(k, mPronoun) {
				x[fPronAny] = 1
			}
		} else {
			if health {
				x[fHealthNear] = 1
			}
			if ks == s+1 && a.wordIn(k, mPronoun) {
				x[fPronAny] = 1
			}
		}
	}
	if ck == candFull && a.titleWord(j+1) && a.sep(j+1) == " " && !a.has(j+1, clsFirstName|clsSurname) {
		x[fTitleCase] = 1 // "Alastin Restorative Skin Complex": a product's name
	}
	if ck == candUnknown && (a.titleWord(i-1) && a.sep(i) == " " || a.titleWord(j+1) && a.sep(j+1) == " " || innerCap(a.text[a.words[i].start+1:a.words[i].end])) {
		x[fTitleCase] = 1
	}
	if a.hasFlag(j, wPoss) {
		for k := j + 1; k <= j+3 && k < a.n() && a.sameSent(j, k); k++ {
			if a.healthAt(k) || a.wordIn(k, mSpanishHealth) {
				x[fCleanPoss] = 1
			}
		}
	}
	if a.vocative(i, j) {
		x[fVocative] = 1
		if a.yourHealthNear(j) {
			x[fVocHealth] = 1
		}
	}
	if a.personHonorific(i) {
		x[fHonorific] = 1
	}
	if a.mediaOf(i, j) {
		x[fMediaOf] = 1
	}
	for k := j + 1; k <= j+5 && k < a.n() && a.sameSent(j, k); k++ {
		if a.is(k, "who") || a.is(k, "que") {
			for m := k + 1; m <= k+6 && m < a.n() && a.sameSent(k, m); m++ {
				if a.healthAt(m) || a.has(m, clsHealthVerb) && !a.is(m, "was") || a.wordIn(m, mSpanishHealth) {
					x[fWhoHealth] = 1
					break
				}
			}
			break
		}
	}
	if a.instructed(i, j) {
		x[fInstruct] = 1
	}
	clean := 1 - max(x[fRuleStaff], x[fStaffNear], x[fStaffRole], x[fPublic], x[fPlace], x[fStaffOwn], x[fBizPhrase], x[fBizHandle])
	x[fCleanPron] = clean * x[fPronAny]
	x[fCleanVerb] = clean * x[fVerb]
	x[fCleanPoss] *= clean
	x[fCleanMsg] = clean * max(x[fMessage], x[fGreet])
	x[fCleanHealth] = clean * x[fHealthSent]
	health := x[fHealthSent]
	near := max(health, x[fHealthNear])
	x[fPronAndHealth] = x[fPronAny] * near
	x[fVerbAndHealth] = x[fVerb] * health
	x[fMsgAndHealth] = x[fMessage] * near
	x[fGivenAndHealth] = max(x[fGiven], x[fUnknown], x[fLowerName]) * health
}

// eachCandidate calls fn with the features of every person candidate. It allocates nothing: fn's x is reused.
func (a *analysis) eachCandidate(fn func(x *[nFeatures]float64, ck candKind)) {
	x := &a.x // fn's x escapes as far as the compiler knows: keep it in the pooled analysis
	*x = [nFeatures]float64{}
	a.bare = 0
	a.textFeatures(x)
	if a.roster() {
		return // "Staff schedule wk of 6/10: Jess front desk M-W, ... Amy lasers Mon/Wed/Fri"
	}
	inName := func(k int) bool { return a.nameAt(k) != nil }
	// A text that says it names nobody ("no name", "anonymisé") has no
	// person in a capitalised word the name lists do not know: "Client in
	// her 30s, 4 sessions of Pico Toning ... (no name)".
	anon := a.anonymised()
	// A patient's name needs a treatment, a condition or a weight outcome
	// beside it for the name model: "Thanks so much for the kind review,
	// Aisha!" names a client and nothing of her care. The text model
	// still reads a text whose named person's care the word lists do not
	// know ("Nell's forehead is still heavy from the 20u"): a.bare counts
	// those persons.
	bare := x[fHealth] == 0 && x[fWeightNum] == 0
	for _, nm := range a.names {
		ck := candGiven
		switch {
		case nm.last > nm.first:
			ck = candFull
		case !a.has(nm.first, clsFirstName):
			ck = candUnknown
		}
		if !a.hasFlag(nm.first, wCap) {
			ck = candLowerName
		}
		if ck == candUnknown && anon || a.placeholder(nm.first, nm.last) || a.titled(nm.first, nm.last) || a.orgName(nm.last) || a.cityName(nm.first, nm.last) || a.persona(nm.first) || a.vietnameseAt(nm.first) {
			continue // "Hi [Name],"; "Dr. Ahmad Karimi", "Sarah Kim, RN"
		}
		if nm.role == roleStaff && a.hasOpenings(nm.last) {
			continue // "Gadiel tiene espacio el sábado para Botox": staff, as titled's cues say too
		}
		if bare {
			a.bare++
			continue
		}
		a.candidateFeatures(x, nm.first, nm.last, ck, nm.score, nm.role == roleStaff)
		fn(x, ck)
	}
	if bare {
		return
	}
	for _, h := range a.handles {
		if h < a.n() && !inName(h) {
			a.candidateFeatures(x, h, h, candHandle, 0, false)
			fn(x, candHandle)
		}
	}
	for _, h := range a.bizHandles {
		if h < a.n() && !inName(h) {
			a.candidateFeatures(x, h, h, candHandle, 0, false)
			x[fBizHandle] = 1
			for f := fCleanPron; f <= fCleanHealth; f++ {
				x[f] = 0
			}
			fn(x, candHandle)
		}
	}
	for k := 0; k < a.n(); k++ {
		if inName(k) {
			continue
		}
		if j := a.placeAt(k); j > k {
			k = j // "Round Rock's GentleMax": a city, not a person
			continue
		}
		if a.placeWord(k) {
			continue
		}
		if j := a.streetAt(k); j >= k {
			k = j // "4521 rue Saint-Denis": a street named for a person is not one
			continue
		}
		w := a.words[k]
		switch {
		case w.flags&wCap == 0 && w.cls&nameClasses != 0 && a.ownTraining(k):
			// staff who trained: "kaylee passed her laser safety cert"
		case a.initialAt(k) && k+1 < a.n() && a.text[w.end] == '.' &&
			(a.initialAt(k+1) && a.sep(k+1) == "." || a.sep(k+1) == ". " && a.surnameLike(k+1)):
			// "J.R.", "A. Lindqvist"
			a.candidateFeatures(x, k, k+1, candInitials, 0, false)
			fn(x, candInitials)
			k++
		case w.flags&wCap == 0 && w.cls&(clsFirstName|clsNameWord) != 0 && w.cls&^nameClasses == 0 && a.wlen(k) >= 3 &&
			k+1 < a.n() && a.sep(k+1) == " " && !a.hasFlag(k+1, wCap) && a.has(k+1, clsSurname) && a.words[k+1].cls&^nameClasses == 0 &&
			(a.sentStart(k) || a.hasFlag(k-1, wColon)) && (strings.HasPrefix(a.sep(k+2), ",") || a.wordIn(k+2, mVerbAfter) || a.has(k+2, clsHealthVerb)):
			// a whole name typed in lower case at the head of a line:
			// "new lead: chastity wells, wants ..."
			a.candidateFeatures(x, k, k+1, candLowerName, 0, false)
			fn(x, candLowerName)
			k++
		case w.flags&wCap == 0 && w.cls&clsFirstName != 0 && w.cls&^(clsFirstName|clsSurname) == 0 && a.wlen(k) >= 3 &&
			(a.sentStart(k) || a.has(k-1, clsGreeting) || a.hasFlag(k, wPoss) || a.personHonorific(k)),
			// chat typed in lower case: "chantelle's file", "mrs. tanaka"
			w.flags&wCap == 0 && w.cls&clsSurname != 0 && w.cls&^(clsFirstName|clsSurname) == 0 && a.wlen(k) >= 3 && a.personHonorific(k):
			a.candidateFeatures(x, k, k, candLowerName, 0, false)
			fn(x, candLowerName)
		case w.flags&(wCap|wLower|wDigits) == wCap && w.cls&^(clsFirstName|clsSurname) == 0 && w.cls&clsFirstName != 0 &&
			a.wlen(k) >= 3 && a.sentStart(k) && a.sameSent(k, k+1) && a.sep(k+1) == " " && !a.hasFlag(k+1, wCap) &&
			(a.wordIn(k+1, mVerbAfter) || a.has(k+1, clsHealthVerb)):
			// a given name in capitals, then the chat in lower case: "JAX
			// called, wants to know if he can work out after his filler"
			a.candidateFeatures(x, k, k, candLowerName, 0, false)
			fn(x, candLowerName)
		case w.flags&wCap == 0 && w.cls&nameClasses != 0 && w.cls&^nameClasses == 0 && a.wlen(k) >= 3 &&
			(a.sentStart(k) || a.hasFlag(k-1, wColon)) && a.sameSent(k, k+1) && a.sep(k+1) == " " &&
			(a.wordIn(k+1, mVerbAfter) || a.has(k+1, clsHealthVerb)):
			// a name that is also a word, typed in lower case, doing
			// something: "jasper needs his labs", "faith said the peel"
			a.candidateFeatures(x, k, k, candLowerName, 0, false)
			fn(x, candLowerName)
		case w.flags&(wCap|wDigits) == 0 && w.cls == 0 && a.wlen(k) >= 3 && a.wlen(k) <= 10 && a.hasFlag(k, wPoss) &&
			(a.sep(k) == " " || k == 0) && a.ownsCareNear(k):
			// a nickname the lists do not know, typed in lower case and
			// owning a body area or a treatment: "omg kev's jawline"
			a.candidateFeatures(x, k, k, candLowerName, 0, false)
			fn(x, candLowerName)
		case w.flags&wCap == 0 && w.cls&(clsFirstName|clsNameWord) != 0 && w.cls&^nameClasses == 0 && a.wlen(k) >= 3 &&
			a.lowerNameCue(k):
			// chat in lower case, mid-sentence: "amber j. called",
			// "text dusty and remind him", "lol wanda cried"
			a.candidateFeatures(x, k, k, candLowerName, 0, false)
			fn(x, candLowerName)
		case a.surnameLike(k) && a.initialAt(k+1) && a.sep(k+1) == " " && a.letterDot(k+1) &&
			!a.placeholder(k, k+1):
			// A given name and the initial of a surname, as front desks
			// write a client: "Grant O. asked", "Shauna K., we're sorry".
			a.candidateFeatures(x, k, k+1, candInitials, 0, false)
			fn(x, candInitials)
			k++
		case a.initialAt(k) && (a.is(k-1, "big") || a.is(k-1, "lil") || a.is(k-1, "little")) && a.sep(k) == " ":
			// a nickname of a letter: "big T says the minoxidil is making his scalp itchy"
			a.candidateFeatures(x, k-1, k, candInitials, 0, false)
			fn(x, candInitials)
		case a.initialsOwner(k):
			// Initials owning a treatment, as a front desk writes a
			// client: "KP's microneedling went sideways".
			a.candidateFeatures(x, k, k, candInitials, 0, false)
			fn(x, candInitials)
		case (a.surnameLike(k) && a.sentStart(k) || a.lowerGiven(k)) && a.is(k+1, "from") && (a.visitRef(k+2) || a.is(k+2, "the") && a.visitLater(k+3)):
			// Someone known by their visit: "Summer from the Tuesday 2pm
			// slot", "Sigrún from yesterday's 2pm", "Dale from the feed
			// store came in for his B12 shot", "heads up dre from tuesday's
			// 3pm".
			a.candidateFeatures(x, k, k, candUnknown, 0, false)
			fn(x, candUnknown)
		case (a.is(k-1, "the") || a.is(k-1, "my") || a.is(k-1, "your")) && a.timeWord(k) &&
			!a.wordIn(k+1, mSlot):
			a.candidateFeatures(x, k, k, candTimeRef, 0, false)
			fn(x, candTimeRef)
		case a.surnameLike(k) && (!a.hasFlag(k, wColon) || a.is(k-1, "para") || a.is(k-1, "for") || a.is(k-1, "from") || a.is(k-1, "to")) && (k == 0 || a.text[w.start-1] != '@') &&
			(!a.sentStart(k) && !a.questionOpens(k) || a.hasFlag(k, wPoss) || a.wordIn(a.pastAside(k), mVerbAfter) || a.has(a.pastAside(k), clsHealthVerb) || a.sep(k+1) == ", " || a.sep(k+1) == " - " ||
				a.personHonorific(k) || k+1 < a.n() && strings.HasPrefix(a.sep(k+1), "!") || a.chartAfter(k)) && !a.placeholder(k, k) && !a.titled(k, k):
			// A capitalised word at the start of a sentence is most
			// often just a word: it is a candidate only when what
			// follows reads like a person's ("Lupita está", "Trisha
			// asked", "Thandiwe's video").
			if anon {
				continue
			}
			a.candidateFeatures(x, k, k, candUnknown, 0, false)
			fn(x, candUnknown)
		}
	}
}

// pastAside returns the word after k, past an aside in brackets: "Sky
// (the yoga instructor) had her 4th tattoo removal" reads "Sky had".
func (a *analysis) pastAside(k int) int {
	if !strings.HasSuffix(a.sep(k+1), "(") {
		return k + 1
	}
	for m := k + 1; m < a.n() && m <= k+7 && a.sameSent(k, m); m++ {
		if strings.HasPrefix(a.sep(m+1), ")") {
			return m + 1
		}
	}
	return k + 1
}

// lowerNameCue: the lower-case given name at k reads as a person's: a
// surname's initial follows ("amber j."), a call or text is sent to it
// ("text dusty"), a chart word or an age and sex frames it ("f/u
// kayleigh", "summer haskins 34F"), its possessive owns a treatment or a
// relative ("hope's pellet", "tanner's mom"), or, for a given name that is
// not also a word, a verb in the past follows ("wanda cried").
func (a *analysis) lowerNameCue(k int) bool {
	if k+1 >= a.n() || !a.sameSent(k, k+1) {
		return false
	}
	if a.sep(k+1) == " " && (a.letterDot(k+1) || a.loneLetter(k+1)) {
		return true // "amber j. called", "reminder for brittany h - sema #6"
	}
	if (a.is(k-1, "to") || a.is(k-1, "for")) && a.sep(k) == " " && a.words[k].cls&clsNameWord == 0 {
		return true // "a text to brandon saying his lipo shots are ready": a given name no word shares
	}
	if (a.has(k-1, clsContactVerb) || a.is(k-1, "told") || a.is(k-1, "tell")) && a.sep(k) == " " || a.selfIntro(k) {
		return true // "text dusty", "told kev his donor area", "this is kim, the numbness ..."
	}
	if a.sentStart(k) && a.sep(k+1) == ", " && yourWords[string(a.lw(k+1))] {
		return true // "sunny, your microneedling touch-up is friday"
	}
	followUp := a.is(k-1, "u") && a.is(k-2, "f") && a.sep(k-1) == "/" // the tokenizer's "f/u"
	chartWord := a.has(k-1, clsClinical) || a.is(k-1, "pt") || a.is(k-1, "patient") || a.is(k-1, "client")
	if (chartWord || followUp) && a.sep(k) == " " || a.ageSex(k+1) || a.ageSex(k+2) && a.has(k+1, clsSurname) {
		return true // "f/u kayleigh 2wk post lip flip", "pt summer haskins 34F"
	}
	if a.hasFlag(k, wPoss) {
		// "hope's pellet", "tanner's mom called", "sky's before pics"
		for m := k + 1; m <= k+3 && m < a.n() && a.sameSent(k, m); m++ {
			if a.has(m, clsTreatment|clsCondition|clsBody) || familyWords[string(a.lw(m))] || careNouns[string(a.lw(m))] {
				return true
			}
		}
	}
	next := a.lw(k + 1)
	return a.words[k].cls&clsNameWord == 0 && a.sep(k+1) == " " &&
		(len(next) > 3 && bytes.HasSuffix(next, []byte("ed")) || a.wordIn(k+1, mVerbAfter) || a.has(k+1, clsHealthVerb))
}

// orgAcronyms own things in copy without being a person.
var orgAcronyms = map[string]bool{"fda": true, "ceo": true, "cfo": true, "coo": true, "usa": true,
	"nyc": true, "cdc": true, "nih": true, "ama": true, "ftc": true, "aad": true, "asps": true,
	"asds": true, "hr": true, "pr": true, "uk": true, "us": true, "la": true}

// lowerGiven: word k is a given name typed in lower case that is no
// English word ("dre", "brittany"; not "grace").
func (a *analysis) lowerGiven(k int) bool {
	w := a.words[k]
	return w.flags&wCap == 0 && w.cls&clsFirstName != 0 && w.cls&^(clsFirstName|clsSurname) == 0 && a.wlen(k) >= 3
}

// ownsCareNear: a treatment or body area within three words after the
// possessive at k, in its sentence: "kev's jawline", "kenz's 3rd round of
// microneedling".
func (a *analysis) ownsCareNear(k int) bool {
	for m := k + 1; m <= k+4 && m < a.n() && a.sameSent(k, m); m++ {
		if a.has(m, clsBody|clsTreatment) {
			return true
		}
	}
	return false
}

// roster: the text opens as a staff schedule or roster, and the names in
// it are the team's.
func (a *analysis) roster() bool {
	if a.n() < 2 {
		return false
	}
	if a.is(0, "staff") || a.is(0, "team") || a.is(0, "provider") || a.is(0, "injector") {
		switch string(a.lw(1)) {
		case "schedule", "schedules", "roster", "shifts", "coverage", "rota":
			return true
		}
	}
	// "Schedule wk of 6/9: Kayla injectables M/W/F, Priya IV T/Th", "Sched
	// swap approved: Marco takes Sat laser": who works which days. A
	// client's schedule books her at a time ("Sched Tues: 10am Jen
	// Botox"), so a clock time keeps the text a schedule of visits.
	opens := false
	for k := 0; k < 2 && k < a.n(); k++ {
		if rosterOpeners[string(a.lw(k))] {
			opens = true
		}
	}
	if !opens {
		return false
	}
	for _, nm := range a.names {
		if nm.last > nm.first {
			return false // staff go by their given names; "Dana Reyes Botox touch-up Tues" is a client's
		}
	}
	days := false
	for k := range a.words {
		if a.timeWord(k) || a.has(k, clsPatientNoun) || a.is(k, "appt") {
			return false
		}
		days = days || visitTimes[string(a.lw(k))] && !a.is(k, "this") && !a.is(k, "last") && !a.is(k, "earlier") || a.is(k, "wk") || a.is(k, "week")
	}
	return days
}

// rosterOpeners open a line about staff shifts.
var rosterOpeners = map[string]bool{"schedule": true, "sched": true, "shift": true, "shifts": true,
	"coverage": true, "rota": true, "roster": true, "staffing": true}

// initialsOwner: word k is two or three capitals with a possessive, the
// word after it a treatment or a body area. Agencies and credentials
// ("FDA's", "RN's") are words the lexicon knows.
func (a *analysis) initialsOwner(k int) bool {
	w := a.words[k]
	if w.flags&(wCap|wPoss) != wCap|wPoss || w.flags&(wLower|wDigits) != 0 || a.wlen(k) < 2 || a.wlen(k) > 3 {
		return false
	}
	if w.cls&^(clsCondition|nameClasses) != 0 || k+1 >= a.n() || !a.sameSent(k, k+1) ||
		orgAcronyms[string(a.lw(k))] || a.is(k-1, "the") || a.is(k-1, "our") {
		return false
	}
	return a.has(k+1, clsTreatment|clsBody)
}

// titleWord: a capitalised word that is not a given name, as in a
// headline's "Spring Glow Sale".
func (a *analysis) titleWord(k int) bool {
	return k >= 0 && k < a.n() && a.hasFlag(k, wCap) && a.hasFlag(k, wLower) && !a.has(k, clsFirstName) && !a.sentStart(k)
}

// innerCap: an upper-case letter inside a word, a brand's shape.
func innerCap(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// gluedUnit is what follows the digits that open w ("mg" of "5mg"), or
// nil when w has no digits first or nothing after them.
func gluedUnit(w []byte) []byte {
	n := 0
	for n < len(w) && isDigit(w[n]) {
		n++
	}
	if n == 0 || n == len(w) {
		return nil
	}
	return w[n:]
}

// weightWord: a number joined to its unit of body weight, "19kg", "30lbs".
func weightWord(w []byte) bool {
	switch string(gluedUnit(w)) {
	case "kg", "lb", "lbs", "kilos":
		return true
	}
	return false
}

// doseWord: digits glued to a unit, "60u", "5mg", "1ml".
func doseWord(w []byte) bool {
	switch string(gluedUnit(w)) {
	case "u", "mg", "ml", "cc", "mcg", "iu":
		return true
	}
	return false
}

// familyWords: a relative calling for a client, or a word for a client.
var familyWords = map[string]bool{"mom": true, "mother": true, "daughter": true, "son": true,
	"wife": true, "husband": true, "sister": true, "brother": true, "dad": true, "father": true,
	"mum": true, "partner": true, "fiance": true, "fiancé": true, "grandma": true, "regular": true,
	"regulars": true, "vip": true, "bride": true, "hija": true, "hijo": true, "mamá": true,
	"esposo": true, "esposa": true}

// slotWords after "the 9am" make it a time, not a client.
var slotWords = map[string]bool{"slot": true, "slots": true, "consult": true, "class": true,
	"meeting": true, "training": true, "appointment": true, "appt": true, "opening": true,
	"openings": true, "session": true, "spot": true, "spots": true, "room": true, "huddle": true}

// timeWord: "9am", "10pm", "2", "pm" forms as one word.
func (a *analysis) timeWord(k int) bool {
	w := a.lw(k)
	n := len(w)
	if n >= 3 && n <= 4 && (w[n-2] == 'a' || w[n-2] == 'p') && w[n-1] == 'm' {
		return atoiBytes(w[:n-2]) > 0 && atoiBytes(w[:n-2]) <= 12
	}
	if v := a.num(k); v > 0 && v <= 12 && (a.is(k+1, "am") || a.is(k+1, "pm")) {
		return true
	}
	return false
}

// scoreCandidates runs the model when the rules found no patient name.
// It reports whether the text model alone read the text as a patient's:
// the text is then refused as KindName only if the patient's contact
// details (finish) do not name a kind of their own.
func (a *analysis) scoreCandidates() (text bool) {
	best, bestKind, n := -1e9, candFull, 0
	a.eachCandidate(func(x *[nFeatures]float64, ck candKind) {
		n++
		z := 0.0
		for f, v := range x {
			z += modelWeights[f] * v
		}
		if z > best {
			best, bestKind = z, ck
		}
	})
	if best < modelCut {
		// The text model reads what the name model's features miss,
		// in a text with a person and a health event (textmodel.go).
		if (n > 0 || a.bare > 0) && !a.onlyPublic() && a.textScore() >= textCut {
			a.patientRef = true
			return true
		}
		return false
	}
	if bestKind == candHandle {
		a.flag(KindURL)
	} else {
		a.flag(KindName)
	}
	a.patientRef = true
	return false
}

// onlyPublic: every person the rules found is a public figure, whose care
// the press tells of: "Kylie Jenner says she got her lip filler dissolved".
func (a *analysis) onlyPublic() bool {
	for _, nm := range a.names {
		if !a.celebrity(nm.first, nm.last) {
			return false
		}
	}
	return len(a.names) > 0
}

// vocative: the candidate i..j is the one spoken to: it opens its sentence
// and a comma, "!" or "your" follows ("Fiona, you're due", "Sunita your
// PRP"), or it closes a sentence after a comma that says "you" or "your"
// ("Following up on your lip swelling, Imani").
func (a *analysis) vocative(i, j int) bool {
	if a.placeholder(i, j) {
		return false
	}
	if a.has(j+1, clsCredential|clsStaffTitle|clsStaffRole) || strings.HasPrefix(a.sep(j+1), ",") && a.hasFlag(j+1, wCap) && a.has(j+1, clsFirstName) {
		return false // "Rachel Patel, LE", a list "Victoria, Charlotte and ..."
	}
	opens := a.sentStart(i) || a.hasFlag(i-1, wColon) || (a.has(i-1, clsGreeting) || a.wordIn(i-1, mMessage)) && (a.sentStart(i-1) || a.hasFlag(i-2, wColon)) ||
		a.is(i-1, "you") && (a.is(i-2, "thank") || a.is(i-2, "love"))
	if opens {
		// "Name your ..." without a comma only for a known given name:
		// "Protect your skin" is an imperative.
		if s := a.sep(j + 1); s == ", " || strings.HasPrefix(s, "!") || s == " " && a.youWord(j+1) && (j > i || a.has(i, clsFirstName)) {
			return true
		}
	}
	// ", Imani" closing a sentence, or ", Priyanka," inside one, in a
	// sentence that says "you".
	if strings.HasPrefix(a.sep(i), ",") && (j+1 >= a.n() || !a.sameSent(j, j+1) || strings.HasPrefix(a.sep(j+1), ",")) {
		s := a.words[i].sent
		for k := max(0, i-ctxWindow); k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
			if a.words[k].sent >= s && a.youWord(k) {
				return true
			}
		}
	}
	return false
}

// youWord: "you" or "your" in English, Spanish, Portuguese, French or
// Tagalog.
func (a *analysis) youWord(k int) bool {
	switch string(a.lw(k)) {
	case "you", "your", "you're", "tu", "te", "você", "vous", "votre", "vos", "ikaw", "mo":
		return true
	}
	return false
}

// yourHealthNear: a "your" owns a treatment or condition within four
// words, in the sentence of word j or the next: "your hair-loss PRP",
// "your lip swelling", "tu cita de depilación".
func (a *analysis) yourHealthNear(j int) bool {
	s := a.words[j].sent
	for k := max(0, j-ctxWindow); k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if a.words[k].sent < s || !a.youWord(k) {
			continue
		}
		for m := k + 1; m <= k+4 && m < a.n() && a.sameSent(k, m); m++ {
			if a.healthAt(m) || a.wordIn(m, mSpanishHealth) {
				return !a.businessObject(m)
			}
		}
	}
	return false
}

// vietnameseAt: the candidate at i follows Vietnamese "at" ("tại Sen
// Việt", "ở Little Saigon"): a business or a place, where a person would
// have an honorific before the name ("tại chị Lan").
func (a *analysis) vietnameseAt(i int) bool {
	return (a.is(i-1, "tại") || a.is(i-1, "ở")) && a.sameSent(i-1, i)
}

// placeholder: "[Name]", "{first_name}": a template's slot, not a person.
func (a *analysis) placeholder(i, j int) bool {
	st, en := int(a.words[i].start), int(a.words[j].end)
	return st > 0 && (a.text[st-1] == '[' || a.text[st-1] == '{') || en < len(a.text) && (a.text[en] == ']' || a.text[en] == '}') ||
		formField(a.text[en:])
}

// formField: what follows a word makes it a form's field label, a colon
// and a blank to fill ("Lot: [ ]", "Units: ____").
func formField(rest string) bool {
	if len(rest) < 2 || rest[0] != ':' {
		return false
	}
	rest = strings.TrimLeft(rest[1:], " ")
	return strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "__") || strings.HasPrefix(rest, "{")
}

// personHonorifics are words before a given name that mark a client or
// an elder in English, Spanish, Portuguese, French, Vietnamese and
// Tagalog; staff are called Dr. or by their role instead.
var personHonorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true,
	"dona": true, "doña": true, "don": true, "sr": true, "sra": true, "srta": true, "señora": true,
	"senhora": true, "seu": true, "mme": true, "mlle": true, "madame": true, "monsieur": true,
	"chị": true, "anh": true, "cô": true, "bà": true, "ông": true, "em": true, "bé": true, "chú": true,
	"bác": true, "dì": true, "cậu": true, "cháu": true, "ate": true,
	"kuya": true, "tita": true, "tito": true, "lola": true, "lolo": true, "sir": true, "ma'am": true,
	"kay":  true,                                           // Tagalog's "to" before a person's name: "paalala kay Marites"
	"ni":   true,                                           // Tagalog's "of" before one: "aftercare kit ni Anatoliy"
	"pani": true, "pan": true, "panią": true, "pana": true, // Polish: "Pani Zofia Wiśniewska", "Pan Tomasz"
	"madanm": true, "msye": true, "manmzèl": true, // Haitian Creole
	"coach": true} // a client known by her job: "Coach Dana asked us to keep her Botox ..."; staff are "our weight loss coach"

func (a *analysis) personHonorific(i int) bool {
	return i > 0 && personHonorifics[string(a.lw(i-1))] && a.sameSent(i-1, i) && (a.sep(i) == " " || a.sep(i) == ". ")
}

// mediaOf: the candidate's photos or story: "Before & after ni Ate
// Marites", "Avant/après de Karim", "Ngozi's glow-up", "photos of Dana".
func (a *analysis) mediaOf(i, j int) bool {
	if a.hasFlag(j, wPoss) {
		for k := j + 1; k <= j+3 && k < a.n() && a.sameSent(j, k); k++ {
			if a.wordIn(k, mCare) {
				return true
			}
		}
	}
	for k := i - 1; k >= i-4 && k >= 0 && a.sameSent(k, i); k-- {
		if a.wordIn(k, mCare) && !a.has(k, clsPromo) {
			return true
		}
		if a.has(k, clsBusiness|clsStaffTitle) {
			return false
		}
	}
	return false
}

// titled: a job title right before the name or a credential right after
// it. Staff evidence overrides patient evidence in the rules, and the
// model does not read such a name at all.
func (a *analysis) titled(i, j int) bool {
	return a.has(i-1, clsStaffRole) && !a.has(i-1, clsGreeting) && (a.sep(i) == " " || a.sep(i) == ". " ||
		a.sep(i) == ", " && (a.ownerAt(i-2) || a.has(i-2, clsGenericMod) && a.ownerAt(i-3))) ||
		(a.sep(j+1) == ", " || a.sep(j+1) == " ") && a.has(j+1, clsCredential) && !a.hasFlag(j+1, wLower) ||
		a.staffAppositive(j) || a.bookWith(i) || a.staffLater(j) || a.ownTraining(j)
}

// ownerAt: "our", "my" or "the" at k, before a job title: "our
// esthetician, Ngozi", "our new esthetician, Ngozi".
func (a *analysis) ownerAt(k int) bool {
	return a.is(k, "our") || a.is(k, "my") || a.is(k, "the")
}

// trainingNouns after a treatment make it a skill the name learned:
// "ameera's laser cert came in", "Priya finished her NAD+ drip training".
var trainingNouns = map[string]bool{"cert": true, "certs": true, "certification": true,
	"certifications": true, "certificate": true, "training": true, "trainings": true,
	"accreditation": true, "competency": true, "credentialing": true}

// ownTraining: within six words after the name ending at j, in its
// sentence, a training noun straight after a treatment or one word on
// ("laser safety cert").
func (a *analysis) ownTraining(j int) bool {
	for k := j + 2; k <= j+6 && k < a.n() && a.sameSent(j, k); k++ {
		if trainingNouns[string(a.lw(k))] && (a.has(k-1, clsTreatment) || k-2 > j && a.has(k-2, clsTreatment) && a.sep(k-1) == " ") {
			return true
		}
	}
	return false
}

// personaWords before a name make it made up: "Persona for the ads:
// Sarah, 42, busy mom", "Customer avatar - Jenna".
var personaWords = map[string]bool{"persona": true, "personas": true, "avatar": true,
	"archetype": true, "fictional": true, "hypothetical": true, "imaginary": true,
	"mock": true, "composite": true, "dummy": true, "dramatization": true, "dramatisation": true}

// persona: a persona word in the five words before i, or in the four
// after it ("Mock patient 'Jane Sample' (fictional)"), in its sentence.
func (a *analysis) persona(i int) bool {
	for k := i - 1; k >= i-5 && k >= 0 && a.sameSent(k, i); k-- {
		if personaWords[string(a.lw(k))] {
			return true
		}
	}
	for k := i + 1; k <= i+4 && k < a.n() && a.sameSent(i, k); k++ {
		if personaWords[string(a.lw(k))] {
			return true
		}
	}
	return false
}

// cityName: the candidate i..j is the city of an address: a state
// abbreviation follows it ("Austin TX 78701", "Boise, ID"), or it follows
// a street address ("88 Birch Lane, Austin").
func (a *analysis) cityName(i, j int) bool {
	if k := j + 1; k < a.n() && a.sameSent(j, k) && a.wlen(k) == 2 && (a.sep(k) == " " || a.sep(k) == ", ") &&
		usStates[a.text[a.words[k].start:a.words[k].end]] {
		return true
	}
	if a.sep(i) != ", " {
		return false
	}
	for _, g := range a.geos {
		if g.last == i-1 && !g.weak {
			return true
		}
	}
	return false
}

// instructVerbs open a task given to someone on the team.
var instructVerbs = map[string]bool{"ask": true, "tell": true, "have": true, "get": true, "let": true}

// taskVerbs are what a team member is told to do.
var taskVerbs = map[string]bool{"send": true, "update": true, "post": true, "upload": true,
	"fix": true, "check": true, "order": true, "restock": true, "print": true, "resize": true,
	"edit": true, "design": true, "write": true, "draft": true, "schedule": true, "cover": true,
	"film": true, "share": true, "pull": true, "review": true, "approve": true, "add": true,
	"email": true, "finish": true, "make": true, "prep": true, "set": true, "call": true}

// instructed: the candidate i..j is told to do a task, as a team member
// is: "Ask Emily Stone to update her gallery", "have Priya send the
// files", "Patrice, send me the Q3 numbers". "Ask Hank if the numbness
// ..." asks about the person, not of them.
//
// A call to action or a task sent through someone works the same way:
// "Call Sarah at ... to book your consult", "Email Jessica Tran the ad
// copy", "Text Brian Ortiz at ... to confirm the filler order".
func (a *analysis) instructed(i, j int) bool {
	k := j + 1
	if instructVerbs[string(a.lw(i-1))] && a.sameSent(i-1, j) {
		if a.is(k, "to") {
			k++
		}
		return taskVerbs[string(a.lw(k))] && a.sameSent(j, k)
	}
	if messageVerbs[string(a.lw(i-1))] && a.sentStart(i-1) {
		for m := k; m < a.n() && m <= k+8 && a.sameSent(j, m); m++ {
			if a.is(m, "to") && ctaVerbs[string(a.lw(m+1))] || marketingNouns[string(a.lw(m))] && !a.is(m, "post") {
				return true
			}
		}
		return false
	}
	return a.sentStart(i) && a.sep(k) == ", " && taskVerbs[string(a.lw(k))] && !a.youWord(k+1)
}

// ctaName: the name is the one a call to action or a task sends the
// reader to ("Call Sarah at ... to book your consult", "Text Brian Ortiz
// at ... to confirm the filler order"), and nothing in its sentence is a
// person's: a her or his ("... to book her follow-up for the bruising")
// or a condition keeps it a client's.
func (a *analysis) ctaName(i, j int) bool {
	if !messageVerbs[string(a.lw(i-1))] || !a.sentStart(i-1) || !a.instructed(i, j) {
		return false
	}
	for k := j + 1; k < a.n() && a.sameSent(j, k); k++ {
		if a.has(k, clsPronoun|clsCondition) || a.is(k, "she") || a.is(k, "he") {
			return false
		}
	}
	return true
}

// ctaVerbs follow "to" in a call to action.
var ctaVerbs = map[string]bool{"book": true, "schedule": true, "reserve": true, "confirm": true,
	"order": true, "claim": true, "redeem": true, "learn": true, "join": true, "rsvp": true}

// bookWith: "Book with Holly", "appointments with Dr. Amari": the person a
// client books is a provider.
func (a *analysis) bookWith(i int) bool {
	if a.is(i-1, "for") && a.is(i-2, "ask") && a.sep(i) == " " {
		return true // "Ask for Nikki if you want a natural-looking lip flip"
	}
	if !a.is(i-1, "with") || a.sep(i) != " " {
		return false
	}
	switch string(a.lw(i - 2)) {
	case "book", "booking", "booked", "rebook", "appointment", "appointments", "appt", "consult", "consults", "consultation", "session", "sessions":
		return true
	}
	return false
}

// staffLater: "..., he's our hair specialist", "she is our new injector":
// the text goes on to say the person is staff.
func (a *analysis) staffLater(j int) bool {
	s := a.words[j].sent
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		// the tokenizer reads "she's" as "she" with a possessive flag
		if !(a.is(k, "she") || a.is(k, "he")) || !a.hasFlag(k, wPoss) && !a.is(k+1, "is") {
			continue
		}
		m := k + 1
		if a.is(m, "is") {
			m++
		}
		if (a.is(m, "returning") || a.is(m, "back") || a.is(m, "joining") || a.is(m, "starting")) && a.is(m+1, "as") {
			m += 2 // "He's returning as our weekend laser tech"
		}
		if !a.is(m, "our") && !a.is(m, "the") {
			continue
		}
		for n := m + 1; n <= m+4 && n < a.n() && a.sameSent(m, n); n++ {
			if a.has(n, clsStaffRole) {
				return true
			}
		}
	}
	return false
}

// staffAppositive: ", our new esthetician", ", our weight loss coach":
// the text introduces the person as staff, so what follows is their own
// story, told by the business ("..., our coach, lost 22 lbs herself").
func (a *analysis) staffAppositive(j int) bool {
	k := j + 1
	if k < a.n() && strings.HasSuffix(a.sep(k), "(") && (a.has(k, clsStaffRole) || staffNouns[string(a.lw(k))]) {
		return true // "a Bruna (esteticista) tá de férias", "Sienna (RN)"
	}
	if k < a.n() && strings.HasSuffix(a.sep(k), "(") && (a.is(k, "our") || a.is(k, "my")) {
		for m := k + 1; m <= k+3 && m < a.n() && a.sep(m) == " "; m++ {
			if a.has(m, clsStaffRole) || staffNouns[string(a.lw(m))] {
				return true // "Ms. Kim Nguyễn (our laser tech)"
			}
		}
	}
	if k >= a.n() || a.sep(k) != ", " || !(a.is(k, "our") || a.is(k, "my") || a.is(k, "nuestra") || a.is(k, "nuestro")) {
		return false
	}
	for m := k + 1; m <= k+4 && m < a.n() && a.sameSent(k, m); m++ {
		if a.has(m, clsStaffRole) || staffNouns[string(a.lw(m))] {
			return true
		}
		if a.has(m, clsPatientNoun) || a.sep(m) != " " {
			return false
		}
	}
	return false
}

// staffNouns name someone on the team without a job title.
var staffNouns = map[string]bool{"hire": true, "employee": true, "assistant": true,
	"intern": true, "colleague": true, "teammate": true, "member": true, "partner": true,
	"tech": true, "technician": true, "lead": true, "head": true, "trainer": true}

// anonWords say a text names nobody.
var anonWords = map[string]bool{"anonymized": true, "anonymised": true, "anonymous": true,
	"anonymously": true, "anonymisé": true, "anonymisée": true, "anonyme": true, "anónimo": true,
	"anónima": true, "anonimo": true, "anonima": true, "anônimo": true, "anônima": true,
	"unnamed": true, "deidentified": true, "nameless": true, "anonym": true, "anonymisiert": true}

// anonymised: the text says it names nobody: an anonymity word, or "no
// name", "sin nombre", "sans nom", "sem nome", "without name", "no dejó
// nombre".
func (a *analysis) anonymised() bool {
	if a.anonMemo != 0 {
		return a.anonMemo > 0
	}
	a.anonMemo = -1
	if a.readAnonymised() {
		a.anonMemo = 1
	}
	return a.anonMemo > 0
}

func (a *analysis) readAnonymised() bool {
	for k := 0; k < a.n(); k++ {
		if anonWords[string(a.lw(k))] {
			return true
		}
		switch string(a.lw(k)) {
		case "name", "names", "nombre", "nom", "nome", "namen":
			for j := k - 1; j >= 0 && j >= k-2 && a.sameSent(j, k); j-- {
				switch string(a.lw(j)) {
				case "no", "sin", "sans", "sem", "without", "walang", "ohne", "senza":
					return true
				}
			}
		}
	}
	return false
}
