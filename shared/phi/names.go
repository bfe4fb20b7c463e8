package phi

import (
	"bytes"
	"slices"
	"strings"
)

// Names are the hardest identifier: marketing copy is full of them (staff,
// founders, testimonials, celebrities). A name counts as a patient's only
// with evidence that it is one: a label ("patient", "client"), a health
// event after it ("had", "came in", "was treated"), a date, a condition, or
// a contact detail or DOB right after it as in a record. Staff evidence
// ("Dr.", "our injector", ", RN", "book with") overrides all of it.

// surnameLike: a capitalised word that is not a known non-name word.
func (a *analysis) surnameLike(k int) bool {
	if k < 0 || k >= a.n() {
		return false
	}
	w := a.words[k]
	return w.flags&wCap != 0 && w.flags&wLower != 0 && w.flags&wDigits == 0 &&
		w.cls&^nameClasses == 0 && a.wlen(k) >= 2 && (w.cls&nameClasses != 0 || !camelBrand(a.text[w.start:w.end]))
}

// thingName: capitalised words no given-name list knows, named as a
// thing is: after "the" ("at the Golden Tulip", "ran the London
// Marathon"), or before a product's, an event's or a publication's noun
// ("Growth Factor Serum", "Balloon Fiesta weekend", "Rain Newsletter").
func (a *analysis) thingName(i, j int) bool {
	for k := i; k <= j; k++ {
		if a.has(k, clsFirstName) {
			return false
		}
	}
	if a.is(i-1, "the") && a.sameSent(i-1, i) && !a.honorificBefore(i) {
		return true
	}
	return j > i && thingNouns[string(a.lw(j))] || a.sep(j+1) == " " && a.sameSent(j, j+1) && thingNouns[string(a.lw(j+1))]
}

// thingNouns end or follow the name of a product, an event or a
// publication.
var thingNouns = map[string]bool{"serum": true, "serums": true, "cream": true, "creme": true,
	"cleanser": true, "toner": true, "moisturizer": true, "lotion": true, "balm": true, "gel": true,
	"kit": true, "mask": true, "weekend": true, "festival": true, "fest": true, "marathon": true,
	"expo": true, "gala": true, "fair": true, "parade": true, "conference": true, "summit": true,
	"seminar": true, "tournament": true, "newsletter": true, "blog": true, "podcast": true,
	"magazine": true}

// surnameParticles stand between a given name and a surname, lower-case
// ("van", "de la"), or as Irish capitals ("Ó", "Ní").
var surnameParticles = map[string]bool{"van": true, "von": true, "der": true, "den": true,
	"de": true, "del": true, "della": true, "di": true, "da": true, "du": true, "le": true,
	"la": true, "bin": true, "binti": true, "ibn": true, "al": true, "el": true, "ó": true,
	"ní": true, "nic": true, "mac": true, "ter": true, "ten": true, "dos": true, "das": true}

var romanceParticles = map[string]bool{"de": true, "del": true, "della": true, "di": true, "da": true,
	"du": true, "le": true, "la": true, "dos": true, "das": true}

// passiveCare: "was seen", "was treated": the person received the care.
var passiveCare = map[string]bool{"seen": true, "treated": true, "injected": true}

// camelBrand: a word with a capital inside after a lower-case letter, the
// way products are spelled ("InBody", "CoolSculpting"), and not the way a
// surname is ("McKenna", "DeLuca", "MacLeod", "LaToya", "VanDyke").
func camelBrand(w string) bool {
	for i := 1; i+1 < len(w); i++ {
		if 'a' <= w[i] && w[i] <= 'z' && 'A' <= w[i+1] && w[i+1] <= 'Z' {
			switch w[:i+1] {
			case "Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Del", "Della", "St":
				continue
			}
			return true
		}
	}
	return false
}

// selfIntro: "this is" or "it's" comes right before word i, a caller or
// writer naming herself.
func (a *analysis) selfIntro(i int) bool {
	return a.is(i-1, "is") && (a.is(i-2, "this") || a.is(i-2, "it")) ||
		a.is(i-1, "it") && a.hasFlag(i-1, wPoss) || a.is(i-1, "its") || // "hi it's dom, the filler ..."
		a.is(i-1, "i'm") && !a.has(i, clsStaffTitle) // "I'm Lauren Whitfield, I'm 44, and after Sculptra ..."
}

// letterDot: word k is a single letter with a full stop after it, an
// initial as charts and front desks write one ("J.", "o.").
func (a *analysis) letterDot(k int) bool {
	return k >= 0 && k < a.n() && a.wlen(k) == 1 && a.words[k].flags&wDigits == 0 &&
		int(a.words[k].end) < len(a.text) && a.text[a.words[k].end] == '.'
}

// loneLetter: word k is a single letter standing alone before a dash, a
// comma or the end, a surname's initial typed without its full stop
// ("brittany h - sema #6"); "a" and "i" are words.
func (a *analysis) loneLetter(k int) bool {
	if k < 0 || k >= a.n() || a.wlen(k) != 1 || a.words[k].flags&wDigits != 0 || a.is(k, "a") || a.is(k, "i") {
		return false
	}
	if k+1 == a.n() {
		return true
	}
	s := a.sep(k + 1)
	return s == " - " || s == " — " || strings.HasPrefix(s, ",")
}

func (a *analysis) initialAt(k int) bool {
	return k < a.n() && a.wlen(k) == 1 && a.hasFlag(k, wCap) && a.words[k].flags&wDigits == 0
}

func (a *analysis) honorificBefore(i int) bool {
	if s := a.sep(i); s != " " && s != ". " {
		return false
	}
	return i > 0 && personHonorifics[string(a.lw(i-1))]
}

// honorificHealth: "Mme Diallo a fait une réaction au filler", "cô Hạnh
// bị dị ứng sau khi peel": staff are called by a title or a role, so a
// person honorific before a name, with a treatment or condition in the
// name's sentence, is how a client is spoken of in any of the languages
// the honorifics cover.
func (a *analysis) honorificHealth(i, j int) bool {
	if !a.honorificBefore(i) && !a.honorificAfter(j) || a.hasFlag(j, wPoss) && a.staffOwnedPhrase(j) {
		return false // "Coach Jordan's meal-prep workshop"
	}
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.sameSent(j, k); k++ {
		if a.strongHealthAt(k) {
			return true
		}
	}
	return false
}

// suffixHonorifics follow a given name in romanised Korean ("Jiyeon-ssi",
// "Yuna eonni", "Min-ho oppa", "Bae Sung-ho nim"): how a clinic's desk
// addresses or speaks of a client; staff are called by their title.
var suffixHonorifics = map[string]bool{"ssi": true, "nim": true, "eonni": true, "unni": true,
	"oppa": true, "noona": true, "nuna": true, "hyung": true, "imo": true, "samchon": true,
	// Hindi and Cantonese, as desks type them: "Pinky bhabhi", "Mehul
	// bhai", "Sandy 姐"
	"bhabhi": true, "bhai": true, "didi": true, "ji": true, "aunty": true, "auntie": true,
	"姐": true, "哥": true,
	// and Korean in Hangul: "Soojin Lee 고객님", "Jenny 씨"
	"님": true, "씨": true, "고객님": true, "회원님": true, "어머님": true, "언니": true,
	"오빠": true, "이모": true}

// honorificAfter: a suffix honorific follows the name ending at j.
func (a *analysis) honorificAfter(j int) bool {
	k := j + 1
	if k+1 < a.n() && a.sep(k) == "-" && !a.hasFlag(k, wCap) && a.wlen(k) <= 5 && !suffixHonorifics[string(a.lw(k))] {
		k++ // "Sung-ho nim": the given name's second syllable
	}
	return k < a.n() && (a.sep(k) == " " || a.sep(k) == "-") && suffixHonorifics[string(a.lw(k))]
}

// staffNewsWords are a team member's news, not a client's care.
var staffNewsWords = map[string]bool{"certification": true, "certified": true, "certificate": true,
	"anniversary": true, "promotion": true, "promoted": true, "hired": true, "onboarding": true,
	"graduated": true, "graduation": true, "credential": true, "credentials": true}

// staffNews: the name's sentence, after the name ending at j, is a team
// member's news: a certification, an anniversary, a promotion.
func (a *analysis) staffNews(j int) bool {
	for k := j + 1; k < a.n() && k <= j+10 && a.sameSent(j, k); k++ {
		if staffNewsWords[string(a.lw(k))] {
			return true
		}
	}
	return false
}

// consentNouns are records a client gives the clinic: "from" before a
// name after one of them names the client.
var consentNouns = map[string]bool{"consent": true, "release": true, "intake": true,
	"labs": true, "history": true, "clearance": true, "waiver": true,
	"zgody": true, "zgoda": true, "zgodę": true} // Polish: "zgody od Igora Wawrzyniaka"

type cueRole uint8

const (
	cueNoRole cueRole = iota
	cuePatient
	cueStaff
	cueGreeting
)

var recordNouns = map[string]bool{"chart": true, "notes": true, "note": true, "record": true,
	"file": true, "invoice": true, "referral": true, "consent": true, "labs": true,
	"photos": true, "intake": true, "history": true, "results": true, "receipt": true}

// ofWords are "of" in the Romance languages, and visitNouns what a
// client's visit leaves behind in them: "RDV de Francis", "la cita de
// Ana", "fotos da Joana".
var ofWords = map[string]bool{"de": true, "del": true, "da": true, "do": true, "di": true, "du": true,
	"von": true} // German: "Vorher-Nachher-Fotos von Jelena"

var visitNouns = map[string]bool{"rdv": true, "dossier": true, "fiche": true, "consentement": true,
	"facture": true, "résultats": true, "séance": true, "séances": true, "consultation": true,
	"cita": true, "citas": true, "expediente": true, "ficha": true, "factura": true, "fotos": true,
	"resultados": true, "consentimiento": true, "historial": true, "sesión": true, "consulta": true,
	"prontuário": true, "sessão": true, "resultado": true, "foto": true, "termo": true,
	"bilder": true, "befund": true, "rechnung": true, "termin": true, "akte": true}

// billingWords are what a billing desk does to a client's balance;
// billingStrong are only ever a patient's (an EOB, a copay, a hardship
// write-off), with or without a treatment named.
var billingWords = map[string]bool{"refund": true, "refunded": true, "refunding": true,
	"credit": true, "credited": true, "charge": true, "charged": true, "bill": true, "billed": true,
	"invoice": true, "invoiced": true, "balance": true, "chargeback": true, "overcharged": true,
	"reembolso": true, "reembolsar": true, "remboursement": true, "rembourser": true, "cobrar": true,
	"cobro": true, "factura": true, "facture": true, "crédito": true, "crédit": true}

var billingStrong = map[string]bool{"eob": true, "copay": true, "deductible": true, "hardship": true,
	"collections": true, "coinsurance": true, "superbill": true}

// billedPerson: the name at i is the one a billing line bills, refunds or
// credits, up to six words back in its sentence: "Credit $75 to Jorge
// Villanueva's wallet for the delayed testosterone pellet appt".
func (a *analysis) billedPerson(i int) bool {
	if !a.has(i, clsFirstName) || a.is(i-1, "from") {
		return false // "Invoice #NV-4471 from McKesson": a vendor bills us
	}
	for j := i - 1; j >= 0 && j >= i-6 && a.sameSent(i, j); j-- {
		if a.nameAt(j) != nil || a.has(j, clsStaffTitle|clsStaffRole|clsBusiness) {
			return false
		}
		w := string(a.lw(j))
		if billingStrong[w] || billingWords[w] && a.inSentence(i, clsTreatment|clsCondition) {
			return true
		}
	}
	return false
}

// roleBefore looks up to three words back from a name for the nearest word
// that says who the person is.
func (a *analysis) roleBefore(i int) cueRole {
	for j := i - 1; j >= 0 && j >= i-3 && a.sameSent(i, j); j-- {
		w := a.words[j]
		if j < i-1 && w.flags&wColon != 0 && w.cls&(clsPatientNoun|clsStaffTitle) == 0 && !a.is(j, "lead") {
			break // "Nurse note: Ms. Okonkwo": the label ends at its colon
		}
		switch {
		case w.cls&clsPatientNoun != 0 && !a.is(j, "pt"):
			return cuePatient
		case a.is(j, "pt") && a.hasFlag(j, wColon):
			return cuePatient
		case a.is(j, "name") && (w.flags&wColon != 0 || a.is(j+1, "is") && !a.is(j-1, "my")) || a.is(j, "named"):
			return cuePatient
		case a.is(j, "name") && a.is(j+1, "is") && a.is(j-1, "my"):
			return cueStaff
		case a.is(j, "for") && j > 0 && (recordNouns[string(a.lw(j-1))] || a.is(j-1, "up") && a.is(j-2, "follow")):
			return cuePatient
		case j > 0 && ofWords[string(a.lw(j))] && (recordNouns[string(a.lw(j-1))] || visitNouns[string(a.lw(j-1))]):
			return cuePatient // "RDV de Francis Bouchard", "las fotos de Ana", "la ficha da Joana"
		case j == i-1 && j > 0 && (ofWords[string(a.lw(j))] && a.has(i, clsFirstName) || a.is(j, "ta")) && (a.has(j-1, clsTreatment|clsCondition) ||
			a.has(j-2, clsTreatment) && a.sep(j-1) == " " && !a.has(j-1, clsBusiness|clsStaffTitle|clsStaffRole)):
			return cuePatient // "il-profhilo booster ta' Steffi Cassar", "el relleno de Ana Ruiz" (not "lip flips du Plateau")
		case (a.is(j, "from") || a.is(j, "od")) && j > 0 && consentNouns[string(a.lw(j-1))]:
			return cuePatient // "a new consent from Tatiana", "labs from Jasper"
		case a.is(j, "from") && j > 0 && clientWrites[string(a.lw(j-1))]:
			return cuePatient // "Testimonial from Heather Long: ..."
		case clinicianVerbs[string(a.lw(j))]:
			return cuePatient // "we treated Jane Doe"
		case j == i-1 && a.is(j, "by") && a.is(j-1, "approved") && a.health && a.quotedFirstPerson():
			return cuePatient // "Testimonial draft (approved by Moana Kereama): “After two years hiding my vitiligo ...”"
		case j == i-1 && a.is(j, "told") && a.has(j-1, clsPatientNoun) && (a.is(j-2, "a") || a.is(j-2, "one")):
			return cueStaff // "a client told Mackenzie the BBL 'gave her skin back'": the one told works here
		case j == i-1 && (a.is(j, "referral") || a.is(j, "referring")) && w.flags&wColon != 0 && a.inSentence(i, clsTreatment|clsCondition):
			return cuePatient // "Referral: Gideon Arsenault to oculoplastics, ... post-filler"
		case j == i-1 && bookingVerbs[string(a.lw(j))] && a.inSentence(i, clsTreatment|clsCondition):
			return cuePatient // "Confirming Priya Raman for Thursday, lip flip"
		case a.is(j, "by") && a.is(j-1, "signed") && (a.inSentence(j, clsTreatment|clsCondition) || recordNouns[string(a.lw(j-2))] || recordNouns[string(a.lw(j-3))]):
			return cuePatient // "Consent form signed by Thiago Barbosa for tattoo removal"
		case w.cls&clsGreeting != 0 || a.is(j, "thanks") || a.is(j, "thank") && a.is(j+1, "you") ||
			a.is(j, "congrats") || a.is(j, "congratulations") || a.is(j, "shoutout"):
			return cueGreeting
		case a.is(j, "with") && j == i-1 && conversed[string(a.lw(j-1))]:
			return cueNoRole // "got off the phone with Florian": a conversation, not "book with"
		case a.is(j, "lead") && (w.flags&wColon != 0 || a.is(j+1, "from")):
			// "Lead from Instagram: Caleb Okonkwo asking about ...": a
			// prospective client, not a lead injector
			if a.inSentence(i, clsTreatment|clsCondition) {
				return cuePatient
			}
			return cueNoRole
		case w.cls&clsStaffTitle != 0 && !(a.is(j, "pa") && w.flags&wCap == 0):
			// a lower-case "pa" is Spanish for "para": "Mensaje pa Jorge"
			return cueStaff
		case w.cls&clsCredential != 0 && w.flags&wLower == 0:
			return cueStaff
		case a.is(j, "i'm") || a.is(j, "is") && a.is(j-1, "this") || a.is(j, "am") && a.is(j-1, "i"):
			return cueStaff
		}
	}
	return cueNoRole
}

// quotedFirstPerson: the text quotes someone speaking of themselves, a
// quotation mark and "I", "my" or "me" after it.
func (a *analysis) quotedFirstPerson() bool {
	q := strings.IndexAny(a.text, "\"“'")
	if q < 0 {
		return false
	}
	for k := range a.words {
		if int(a.words[k].start) > q && (a.is(k, "i") || a.is(k, "my") || a.is(k, "me") || a.is(k, "i'm")) {
			return true
		}
	}
	return false
}

// reminder: a message to a client about her own visit ("Hi Jane, your
// filler appointment is on 3/4"). The name after the greeting is a patient.
func (a *analysis) reminder() bool {
	if a.reminderMemo == 0 {
		a.reminderMemo = -1
		if a.findReminder() {
			a.reminderMemo = 1
		}
	}
	return a.reminderMemo > 0
}

func (a *analysis) findReminder() bool {
	if len(a.dates) == 0 {
		return false
	}
	for i := 0; i < a.n(); i++ {
		if !a.is(i, "your") {
			continue
		}
		// Only treatment words may come between: "your lip filler
		// appointment", not "your Botox campaign appointment-booking rate".
		for j := i + 1; j <= i+4 && j < a.n(); j++ {
			if a.is(j, "appointment") || a.is(j, "appt") || a.is(j, "visit") || a.is(j, "consult") ||
				a.is(j, "consultation") || a.is(j, "follow") || a.is(j, "session") ||
				a.is(j, "prescription") || a.is(j, "refill") || a.is(j, "procedure") || a.is(j, "results") {
				if a.sep(j+1) != "-" {
					return true
				}
			}
			if !a.has(j, clsTreatment) && !a.is(j, "next") && !a.is(j, "upcoming") {
				break
			}
		}
	}
	return false
}

// placeSurnames are place words (not surnames on their own: "Highland
// Park") that are common surnames right after a given name ("Stephanie
// Park").
var placeSurnames = map[string]bool{"park": true, "lake": true, "grove": true, "ridge": true}

// clientWrites: what a client sends a clinic. "<one of these> from <name>"
// names a client.
var clientWrites = map[string]bool{"testimonial": true, "testimonials": true, "review": true,
	"testimonio": true, "reseña": true, "témoignage": true, "dankesnachricht": true, "bewertung": true,
	"feedback": true, "complaint": true, "voicemail": true, "text": true, "message": true,
	"email": true, "dm": true, "call": true, "quote": true, "note": true, "photos": true,
	"star": true, "stars": true, "rating": true, "reviews": true}

// possessiveHealth: "her" or "his" at k begins a phrase naming a
// condition within three words ("her bruising"), or, after a full name, a
// treatment or something of a patient's within two ("her next Morpheus8
// appointment", "her chemical peel"; not "credits her glow to
// HydraFacials", a celebrity's endorsement).
func (a *analysis) possessiveHealth(k int, full bool) bool {
	for m := k + 1; m <= k+3 && m < a.n() && a.sameSent(k, m); m++ {
		if a.has(m, clsCondition) || full && m <= k+2 && (a.has(m, clsTreatment) || patientNouns[string(a.lw(m))]) {
			return true
		}
		if a.has(m, clsBusiness|clsStaffTitle|clsStaffRole) || a.sep(m) != " " {
			return false
		}
	}
	return false
}

// bookingVerbs right before a name, with a treatment in the sentence, make
// it the person booked: staff are booked "with", not booked.
var bookingVerbs = map[string]bool{"confirming": true, "confirmed": true, "confirm": true,
	"rebook": true, "rebooked": true, "rebooking": true, "reschedule": true, "rescheduling": true,
	"remind": true, "reminding": true, "reminded": true, "waitlist": true, "waitlisted": true,
	"checked-in": true, "confirmar": true, "confirmando": true}

// visitTimes after "from" name a client by her visit: "from yesterday",
// "from this morning", "from Tuesday's 2pm".
var visitTimes = map[string]bool{"yesterday": true, "today": true, "this": true, "last": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true,
	"thu": true, "thurs": true, "fri": true, "sat": true, "sun": true, "earlier": true}

// leadLine: the name follows the colon of a line that opens "Lead ..." or
// "New lead ...", with a treatment or condition in its sentence: a
// prospective client asking about care.
func (a *analysis) leadLine(i int) bool {
	if i == 0 || !a.hasFlag(i-1, wColon) && !strings.HasPrefix(a.sep(i), ":") {
		return false
	}
	f := i - 1
	for f > 0 && a.sameSent(f-1, i) && i-f < 6 {
		f--
	}
	if a.is(f, "new") {
		f++
	}
	return (a.is(f, "lead") || a.is(f, "leads")) && a.inSentence(i, clsTreatment|clsCondition)
}

// selfCare: after a self-introduction ("Hi, this is Dmitri Volkov"), the
// speaker's own care: "my" with a treatment or condition within three
// words ("I want to reschedule my second PRP injection"). Staff introduce
// themselves with "your".
func (a *analysis) selfCare(j int) bool {
	s := a.words[j].sent
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if !a.is(k, "my") && !a.is(k, "i") {
			continue
		}
		// "my tox", "my cheeks are still burning", "I got the hydrafacial"
		for m := k + 1; m <= k+3 && m < a.n() && a.sameSent(k, m); m++ {
			if a.is(k, "i") && (a.is(m, "up") || a.is(m, "touch")) {
				continue // "I grew up on a ranch": the lexicon's "touch up" in halves
			}
			if a.has(m, clsTreatment|clsCondition) && !a.businessObject(m) || a.is(k, "my") && a.has(m, clsBody) && a.inSentence(m, clsCondition) {
				return true
			}
		}
	}
	return false
}

// familyCare: "Corinne is coming with her daughter, who has eczema": the
// person named brings a relative whose condition the sentence names; the
// name identifies the relative.
func (a *analysis) familyCare(j int) bool {
	for k := j + 1; k+1 < a.n() && k <= j+8 && a.sameSent(j, k+1); k++ {
		if (a.is(k, "her") || a.is(k, "his")) && familyWords[string(a.lw(k+1))] && !a.is(k+1, "regular") &&
			!a.is(k+1, "regulars") && !a.is(k+1, "vip") {
			for m := k + 2; m < a.n() && m <= k+10 && a.sameSent(k, m); m++ {
				if a.has(m, clsCondition) {
					return true
				}
			}
		}
	}
	return false
}

// orgWords after a name make it an organisation's: "the Susan G. Komen
// Foundation", "the Mayo Clinic".
var orgWords = map[string]bool{"foundation": true, "institute": true, "university": true,
	"hospital": true, "center": true, "centre": true, "clinic": true, "society": true,
	"association": true, "fund": true, "trust": true, "college": true, "school": true,
	"academy": true, "award": true, "awards": true, "prize": true, "memorial": true,
	"medical": true, "health": true, "group": true, "method": true, "protocol": true,
	"aesthetics": true, "spa": true, "medspa": true, "skincare": true, "wellness": true,
	"beauty": true, "cosmetics": true, "studio": true, "salon": true, "nails": true, "lounge": true, "labs": true,
	"dermatology": true, "plastics": true, "boutique": true, "inc": true, "llc": true, "co": true,
	"church": true, "chapel": true, "lutheran": true, "baptist": true, "methodist": true,
	"catholic": true, "presbyterian": true, "parish": true, "club": true, "league": true,
	"rx": true, "pharmacy": true, "compounding": true}

// orgLeads before a capitalised word make it a business's name, as French,
// Spanish and Portuguese order it: "Clinique Éclat", "Clínica Sol".
var orgLeads = map[string]bool{"clinique": true, "clínica": true, "clinica": true, "institut": true,
	"instituto": true, "centro": true, "studio": true, "salon": true, "spa": true, "espace": true}

// orgName: the name ending at j is, or is followed by, a capitalised
// organisation word: "Susan G. Komen Foundation", "Mayo Clinic".
func (a *analysis) orgName(j int) bool {
	return orgWords[string(a.lw(j))] && a.hasFlag(j, wCap) ||
		j+1 < a.n() && a.sep(j+1) == " " && orgWords[string(a.lw(j+1))] && a.hasFlag(j+1, wCap) ||
		// "Crystal Lake Med Spa", "the Atlanta Derm Society": one more
		// capitalised word, then the organisation's
		j+2 < a.n() && a.sep(j+1) == " " && a.sep(j+2) == " " && a.hasFlag(j+1, wCap) && a.hasFlag(j+2, wCap) &&
			orgWords[string(a.lw(j+2))] ||
		// "Peak Men's Health", "Kiehl's Skin Bar"
		a.hasFlag(j, wPoss) && j+1 < a.n() && orgWords[string(a.lw(j+1))] && a.hasFlag(j+1, wCap) ||
		// "Norwood scale", "Fitzpatrick type IV": a scale named for its author
		j+1 < a.n() && a.sep(j+1) == " " && eponymNouns[string(a.lw(j+1))] ||
		// "Fitz IV-VI", "Fitzpatrick III": the skin type, by its numeral
		(a.is(j, "fitz") || a.is(j, "fitzpatrick")) && j+1 < a.n() && a.sep(j+1) == " " && skinTypes[string(a.lw(j+1))]
}

// usStateNames are the states' names that are one word and may be given
// names or surnames: after "in" they are the state.
var usStateNames = map[string]bool{"alabama": true, "alaska": true, "arizona": true,
	"arkansas": true, "california": true, "colorado": true, "connecticut": true, "delaware": true,
	"florida": true, "georgia": true, "hawaii": true, "idaho": true, "illinois": true,
	"indiana": true, "iowa": true, "kansas": true, "kentucky": true, "louisiana": true,
	"maine": true, "maryland": true, "massachusetts": true, "michigan": true, "minnesota": true,
	"mississippi": true, "missouri": true, "montana": true, "nebraska": true, "nevada": true,
	"ohio": true, "oklahoma": true, "oregon": true, "pennsylvania": true, "tennessee": true,
	"texas": true, "utah": true, "vermont": true, "virginia": true, "washington": true,
	"wisconsin": true, "wyoming": true}

// skinTypes are the Fitzpatrick scale's numerals.
var skinTypes = map[string]bool{"i": true, "ii": true, "iii": true, "iv": true, "v": true, "vi": true}

// eponymNouns after a surname make it the name of a scale or a sign.
var eponymNouns = map[string]bool{"scale": true, "scales": true, "type": true, "types": true,
	"classification": true, "grade": true, "score": true, "sign": true}

// clinicianVerbs before a name make it the person treated.
var clinicianVerbs = map[string]bool{"treated": true, "injected": true, "saw": true, "treats": true, "treating": true,
	"seeing": true, "examined": true, "referred": true, "consulted": true, "discharged": true,
	"admitted": true, "diagnosed": true, "prescribed": true}

var personalEvents = map[string]bool{"allergic": true, "pregnant": true, "diabetic": true,
	"scheduled": true, "booked": true, "due": true, "taking": true, "on": true, "seen": true,
	"admitted": true, "breastfeeding": true, "nursing": true, "currently": true, "still": true,
	"now": true, "back": true, "unhappy": true, "upset": true, "requesting": true}

var patientNouns = map[string]bool{"chart": true, "file": true, "record": true, "results": true,
	"appointment": true, "appt": true, "lips": true, "face": true, "skin": true, "visit": true,
	"consult": true, "follow": true, "photos": true, "labs": true, "history": true,
	"medications": true, "allergies": true, "reaction": true, "bruising": true, "case": true,
	"dob": true, "mrn": true, "treatment": true, "balance": true, "account": true}

// staffPossessions follow a staff name in marketing: "Dr. Lee's filler
// technique", "Sarah's Botox special".
var staffPossessions = map[string]bool{"special": true, "specials": true, "favorite": true,
	"favorites": true, "favourite": true, "signature": true, "pick": true, "picks": true,
	"technique": true, "method": true, "approach": true, "offer": true, "deal": true,
	"promo": true, "class": true, "tips": true, "guide": true, "secret": true, "secrets": true,
	"team": true, "clinic": true, "studio": true, "schedule": true, "availability": true,
	"workshop": true, "webinar": true, "masterclass": true, "replay": true, "podcast": true,
	"demo": true, "demos": true, "demonstration": true, "talk": true, "presentation": true,
	"booth": true}

// afterName reads up to four words after a name ending at j and returns
// the patient evidence found, or staff=true. full is false for a given
// name alone.
func (a *analysis) afterName(j int, full bool) (score float64, staff bool) {
	if a.hasFlag(j, wPoss) {
		for k := j + 1; k <= j+3 && k < a.n() && a.sameSent(j, k); k++ {
			if staffPossessions[string(a.lw(k))] {
				return 0, false // "Sarah Lee's Botox special"
			}
		}
		if a.staffOwnedPhrase(j) {
			return 0, false
		}
		reach := j + 2
		for k := j + 1; k <= reach && k < a.n() && a.sameSent(j, k); k++ {
			if a.has(k, clsTreatment|clsCondition|clsContactNoun) || patientNouns[string(a.lw(k))] {
				return 0.4, false // "Lauren Kowalski's chemical peel"
			}
			if reach < j+4 && (a.hasFlag(k, wDigits) || spanUnits[string(a.lw(k))]) {
				reach++ // "Nia's 3 week Sculptra update"
			}
		}
		return 0, false
	}
	if a.hasOpenings(j) {
		return 0, true // "Sai has four anti-wrinkle slots free Thursday", "Gadiel tiene espacio el sábado"
	}
	if k := j + 1; postPossessive[string(a.lw(k))] && a.sep(k) == " " && a.sameSent(j, k) {
		// Hinglish puts its possessive after the name: "Pooja M. ki
		// tattoo removal consult", "Rohan ka PRP".
		for m := k + 1; m <= k+2 && m < a.n() && a.sameSent(k, m); m++ {
			if a.has(m, clsTreatment|clsCondition) {
				return 0.4, false
			}
		}
	}
	for k := j + 1; k <= j+4 && k < a.n() && a.sameSent(j, k); k++ {
		w := a.words[k]
		switch {
		case k == j+1 && w.cls&clsCredential != 0 && w.flags&wLower == 0:
			return 0, true // "Sarah Kim, RN"
		case a.is(k, "our") || a.is(k, "my") || a.is(k, "nuestra") || a.is(k, "nuestro") || a.is(k, "nossa") || a.is(k, "nosso") || a.is(k, "notre") ||
			a.is(k, "unsere") || a.is(k, "unser") || a.is(k, "nostra") || a.is(k, "nostro"):
			for m := k + 1; m <= k+3 && m < a.n(); m++ {
				if a.has(m, clsPatientNoun) {
					return 0.4, false // "Jane Doe, our client, ..."
				}
				if a.has(m, clsStaffTitle|clsStaffRole) {
					return 0, true // "Doña Ana, nuestra fundadora"
				}
			}
			return 0, a.is(k, "our") || a.is(k, "unsere") || a.is(k, "unser")
		case w.cls&clsStaffVerb != 0:
			return 0, true
		case a.is(k, "from") && visitTimes[string(a.lw(k+1))]:
			// "Sigrún from yesterday's 2pm called": a client known by her
			// visit; read on
		case a.is(k, "from") || a.is(k, "at"):
			for m := k + 1; m <= k+4 && m < a.n(); m++ {
				if marketingNouns[string(a.lw(m))] || audienceNouns[string(a.lw(m))] {
					return 0, false // "exclude Clara Bishop from the filler ads"
				}
				if a.has(m, clsBusiness) || a.is(m, "med") {
					if a.toleratedLater(j) {
						// "Stanley at the Little Haiti location, ketamine
						// infusion #4, tolerated well": a chart line's
						// patient and the site he was seen at
						return 0.4, false
					}
					return 0, true // "Sarah from Glow Med Spa"
				}
			}
			return 0, false
		case a.is(k, "is") || a.is(k, "was") || a.is(k, "has") || a.is(k, "will"):
			for m := k + 1; m <= k+3 && m < a.n() && a.sameSent(k, m); m++ {
				if a.is(m, "here") && a.is(m+1, "for") && (a.is(m+2, "his") || a.is(m+2, "her") || a.is(m+2, "their") || a.is(m+2, "a") || a.has(m+2, clsTreatment)) &&
					a.inSentence(m, clsTreatment|clsCondition) {
					return 0.4, false // "Mr. Delacroix is here for his tattoo removal session"
				}
				if a.has(m, clsStaffTitle|clsStaffVerb) || a.has(m, clsCredential) && !a.hasFlag(m, wLower) || a.is(m, "been") || a.is(m, "certified") || a.is(m, "licensed") {
					return 0, true
				}
				if a.has(m, clsTreatment|clsCondition|clsPatientNoun) || personalEvents[string(a.lw(m))] ||
					passiveCare[string(a.lw(m))] && a.inSentence(m, clsTreatment|clsCondition) {
					return 0.4, false // "Cathal Ó Máille was seen on 14/03 for the tattoo removal"
				}
			}
			return 0, false
		case w.cls&clsHealthVerb != 0:
			return 0.4, false
		case doseVerbs[string(a.lw(k))] && a.doseChange(k):
			return 0.4, false // "Renée Castellanos going from 0.5 to 1.0 mg semaglutide"
		case k == j+1 && w.cls&clsCondition != 0 && (a.sep(k) == " (" || a.sep(k) == ", "):
			return 0.4, false // "Jane Doe (pregnant, ...)"
		case w.cls&clsPatientNoun != 0 && strings.HasPrefix(a.sep(j+1), ",") && !a.has(k-1, clsGenericMod) && !a.hasFlag(k, wPoss) &&
			!a.has(k+1, clsGenericNoun):
			return 0.4, false // "Keisha M., underarm Botox client"
		case (a.is(k, "her") || a.is(k, "his")) && a.possessiveHealth(k, full):
			// "the review from Karen Whitfield about her bruising", "Kelly
			// Nguyen: her next Morpheus8 appointment". A first name with
			// "her lip filler" is a testimonial's style, not a record's,
			// and needs more.
			return 0.4, false
		case k == j+1 && full && (a.sep(k) == " - " || a.sep(k) == ": ") && a.has(k, clsTreatment|clsCondition) &&
			!a.has(k+1, clsStaffTitle|clsStaffRole) && !a.has(k+2, clsStaffTitle|clsStaffRole):
			// "Refund request - Jason Patel - CoolSculpting flanks": a
			// name, then its treatment, as a record or ticket lists them.
			return 0.4, false
		case k == j+1 && w.flags&wDigits != 0 && a.num(k) >= 1 && a.num(k) <= 120 && (a.sep(k) == ", " || a.sep(k) == " (") && a.wlen(k) <= 3:
			if a.dateAt(k) == nil && a.phoneAt(k) < 0 {
				return 0.3, false // "Maria Lopez, 45, ..."
			}
		}
	}
	return 0, false
}

// doseVerbs move a person's dose: "going from 0.5 to 1.0 mg", "up to
// 7.5mg".
var doseVerbs = map[string]bool{"going": true, "moving": true, "increasing": true, "increased": true,
	"titrating": true, "titrated": true, "stepping": true, "stepped": true, "bumped": true,
	"bumping": true, "upped": true, "dropping": true, "dropped": true, "reducing": true, "reduced": true}

// doseChange: within seven words after the verb at k (a decimal is two),
// in its sentence, a dose ("1.0 mg", "7.5mg", "20 units"), in a sentence
// with a treatment.
func (a *analysis) doseChange(k int) bool {
	for m := k + 1; m <= k+7 && m < a.n() && a.sameSent(k, m); m++ {
		if doseWord(a.lw(m)) || a.hasFlag(m, wDigits) && m+1 < a.n() && a.sep(m+1) == " " &&
			(a.is(m+1, "mg") || a.is(m+1, "mcg") || a.is(m+1, "units") || a.is(m+1, "u") || a.is(m+1, "ml")) {
			return a.inSentence(k, clsTreatment)
		}
	}
	return false
}

// agedName: an age set off right after the name ending at j: "Maria
// Lopez, 45, ...", "Carmen (52)".
func (a *analysis) agedName(j int) bool {
	k := j + 1
	return k < a.n() && a.words[k].flags&wDigits != 0 && a.num(k) >= 1 && a.num(k) <= 120 &&
		(a.sep(k) == ", " || a.sep(k) == " (") && a.wlen(k) <= 3 && a.dateAt(k) == nil && a.phoneAt(k) < 0
}

func (a *analysis) dateAt(k int) *dateSpan {
	if d := spanAt(a.dates, func(d dateSpan) span { return d.span }, k); d >= 0 {
		return &a.dates[d]
	}
	return nil
}

func (a *analysis) phoneAt(k int) int {
	return spanAt(a.phones, func(s span) span { return s }, k)
}

// sentenceEvidence: what else the name's sentence (i..j is the name) says
// about a patient. A date just after the name, as in a record, says more
// than a date elsewhere in the sentence.
func (a *analysis) sentenceEvidence(i, j int) float64 {
	s := a.words[i].sent
	score := 0.0
	lo, hi := i, j
	for lo > 0 && lo > i-ctxWindow && a.words[lo-1].sent == s {
		lo--
	}
	for hi+1 < a.n() && hi < j+ctxWindow && a.words[hi+1].sent == s {
		hi++
	}
	for d := firstAfter(a.dates, func(d dateSpan) int { return d.first }, lo-1); d < len(a.dates) && a.dates[d].first <= hi; d++ {
		f := a.dates[d].first
		if a.has(f-1, clsPromo) || a.has(f-2, clsPromo) {
			continue
		}
		if f > j && f <= j+4 {
			score = 0.3
			break
		}
		score = 0.2
	}
	cond, dose := false, false
	for k := lo; k <= hi; k++ {
		if a.words[k].cls&clsCondition != 0 {
			cond = true
		}
		if a.words[k].flags&wDigits != 0 && k+1 <= hi && (a.is(k+1, "units") || a.is(k+1, "u") || a.is(k+1, "syringe") ||
			a.is(k+1, "syringes") || a.is(k+1, "ml") || a.is(k+1, "cc") || a.is(k+1, "vials") || a.is(k+1, "mg")) {
			if st := a.words[k].start; st == 0 || a.text[st-1] != '$' {
				dose = true
			}
		}
	}
	if cond || a.agedName(j) && a.inSentence(j, clsTreatment) {
		score += 0.2 // "Marguerite, 61, ... already on metformin": a record's shape
	}
	if dose {
		score += 0.1
	}
	return score
}

// nameStart decides whether a capitalised word i can start a name, and
// how strong a name it would be on its own.
func (a *analysis) nameStart(i int, rb cueRole, honor bool) bool {
	w := a.words[i]
	switch {
	case w.cls&clsFirstName != 0:
		return true
	case honor && w.cls&clsSurname != 0 && w.flags&wLower != 0 && w.cls&(clsStaffTitle|clsStaffRole|clsCredential|clsMonth) == 0:
		return true // "Mrs. Park", "Mr. Lane": a surname that is also a word, after a person honorific
	case !a.surnameLike(i):
		// A given name that is also a month or a word ("Jun", "May",
		// "Will") starts a name in a chart line: a surname, then an age
		// and sex or a code ("Jun Takahashi 45M, L65.9").
		return a.chartName(i)
	case honor || rb == cuePatient || rb == cueGreeting:
		return true
	case a.hasFlag(i, wColon) && strings.Contains(a.sep(i), "]"):
		return true // a chat line's speaker after its time: "[14:03] Pat:"
	case a.historyShorthand(i + 1):
		return true // a chart line's "Colt s/p Kybella"
	case w.flags&wPoss != 0 && a.sameSent(i, i+1) && a.has(i+1, clsTreatment|clsCondition|clsBody) && a.words[i].cls&^nameClasses == 0:
		return true // "Ioana's tear-trough filler": a name no list knows, owning a treatment
	}
	// Two capitalised non-words in a row, neither in the given-name list
	// ("Odalys Abernathy"), or with a particle between ("Cathal Ó
	// Máille"): a name the list does not know.
	return a.sep(i+1) == " " && (a.surnameLike(i+1) || a.particleSurname(i+1, false) > 0)
}

// particleSurname: word k is a surname particle, one or two of them
// before a surname ("van der Berg", "Ó Máille"); it returns the surname's
// word, or -1. The Romance particles are ordinary words too ("Clínica de
// la Piel", "Dia das Mães"): they count only between a known given name
// and a known surname.
func (a *analysis) particleSurname(k int, given bool) int {
	w := string(a.lw(k))
	if a.sep(k) != " " || !surnameParticles[w] || a.hasFlag(k, wCap) && a.hasFlag(k, wLower) || romanceParticles[w] && !given {
		return -1
	}
	p := k + 1
	if a.sep(p) == " " && surnameParticles[string(a.lw(p))] && !a.hasFlag(p, wCap) {
		p++
	}
	if a.sep(p) == " " && a.surnameLike(p) && (!romanceParticles[w] || a.has(p, clsSurname)) {
		return p
	}
	return -1
}

// inBrackets: word i stands inside square or curly brackets, a merge tag's
// few words (the search stops mergeTagReach bytes either side, so a long
// text stays linear).
func (a *analysis) inBrackets(i int) bool {
	t := a.text
	open := false
	st, en := int(a.words[i].start), int(a.words[i].end)
	for p := st - 1; p >= 0 && p >= st-mergeTagReach && t[p] != '\n'; p-- {
		if t[p] == ']' || t[p] == '}' {
			return false
		}
		if t[p] == '[' || t[p] == '{' {
			open = true
			break
		}
	}
	if !open {
		return false
	}
	for p := en; p < len(t) && p < en+mergeTagReach && t[p] != '\n'; p++ {
		if t[p] == '[' || t[p] == '{' {
			return false
		}
		if t[p] == ']' || t[p] == '}' {
			return true
		}
	}
	return false
}

const mergeTagReach = 40

// compoundPrefixes open a hyphenated word that is no name.
// saintWords open the name of a feast or a place: "Saint-Valentin",
// "San Marcos", "Santa Fe".
var saintWords = map[string]bool{"saint": true, "sainte": true, "san": true, "santa": true, "são": true}

var compoundPrefixes = map[string]bool{"de": true, "re": true, "anti": true, "pre": true,
	"post": true, "non": true, "self": true, "co": true, "ex": true, "well": true, "all": true,
	"semi": true, "multi": true, "over": true, "under": true, "mid": true, "top": true,
	"bi": true, "tri": true, "mini": true, "micro": true, "after": true, "full": true, "long": true}

// capsName: a chart or booking row that opens with a name in capitals,
// "PATRICIA OYELARAN - NO SHOW for Emsculpt #3", "ABERNATHY, COLE -
// Kybella #2": two words in capitals that the lists know only as a given
// name and a surname (or a word they do not know), at the head of a line, then a dash, a colon or a
// bar, in a line with a treatment or condition. It returns the name's last
// word, or i.
func (a *analysis) capsName(i int) int {
	caps := func(k int) bool {
		w := a.words[k]
		return w.flags&wCap != 0 && w.flags&wLower == 0 && w.flags&wDigits == 0 && a.wlen(k) >= 3 &&
			w.cls&^(clsFirstName|clsSurname) == 0 // a name the lists know, or a word they do not
	}
	j := i + 1
	opens := a.sentStart(i) || a.hasFlag(i-1, wColon) || a.is(i-1, "for") || a.is(i-1, "to") || a.is(i-1, "re")
	if j >= a.n() || !opens || !caps(i) || !caps(j) {
		return i
	}
	if s := a.sep(j); s != " " && s != ", " {
		return i
	}
	if !a.has(i, clsFirstName) && !a.has(j, clsFirstName) {
		return i
	}
	if s := a.sep(j + 1); j+1 >= a.n() || !strings.ContainsAny(s, "-–—:|") {
		return i
	}
	for k := j + 1; k < a.n() && a.sameSent(j, k); k++ {
		if a.has(k, clsTreatment|clsCondition) {
			return j
		}
	}
	return i
}

// invertedName: "Kowalski, Kimberly:" or "Aliyev, Farrukh 34M" at the
// start of a sentence or line, as in charts and spreadsheets.
func (a *analysis) invertedName(i int) bool {
	if i > 0 && a.sameSent(i-1, i) && !a.hasFlag(i-1, wColon) {
		return false
	}
	return a.surnameLike(i) && a.sep(i+1) == ", " &&
		(a.surnameLike(i+1) || a.has(i+1, clsFirstName) && a.hasFlag(i+1, wCap)) &&
		(a.hasFlag(i+1, wColon) || a.sep(i+2) == " - " || a.sep(i+2) == " " && a.ageSex(i+2))
}

func (a *analysis) scanNames() {
	slices.Sort(a.anchors)
	// listFrom is the last word of a staff name that a list of staff
	// names may continue from, or -1.
	listFrom := -1
	brackets := strings.ContainsAny(a.text, "[{")
	for i := 0; i < a.n(); i++ {
		w := a.words[i]
		if w.flags&wCap == 0 && (a.lowerName(i) || a.lowerHonorName(i)) {
			i++
			continue
		}
		if w.flags&wCap == 0 && a.lowerAlone(i) {
			i = a.names[len(a.names)-1].last
			continue
		}
		if brackets && a.inBrackets(i) {
			continue // a template's merge tag: "[Client Name]", "{First Name}"
		}
		if j := a.capsName(i); j > i {
			a.names = append(a.names, nameSpan{span: span{i, j}, role: rolePatient, score: 1})
			a.flag(KindName)
			a.patientRef = true
			i = j
			continue
		}
		if w.flags&wCap == 0 || w.flags&wDigits != 0 || w.flags&wLower == 0 {
			continue
		}
		if a.germanNoun(i) {
			continue // "Bitte Handtücher für die Peeling-Kabine nachbestellen"
		}
		if w.cls&clsCondition != 0 && w.flags&wPoss != 0 && a.has(i+1, clsCondition) && !a.honorificBefore(i) {
			continue // "What is a Becker's nevus?": a condition named for a person
		}
		if a.sep(i+1) == "-" && !a.hasFlag(i+1, wCap) && compoundPrefixes[string(a.lw(i))] {
			continue // "De-identified", "Anti-aging": a compound word, not a name ("Jae-hyun" is one)
		}
		if (a.is(i-1, "in") || a.is(i-1, "across")) && usStateNames[string(a.lw(i))] && !a.hasFlag(i, wPoss) {
			continue // "Best HydraFacial in Montana": a state, not a person
		}
		if j := a.placeAt(i); j > i && !a.honorificBefore(i) {
			i = j
			continue // "Round Rock", "Sugar Land": a city, not a person
		}
		if orgLeads[string(a.lw(i))] && a.sep(i+1) == " " && a.hasFlag(i+1, wCap) {
			i++
			continue // "la Clinique Éclat"
		}
		if saintWords[string(a.lw(i))] && (a.sep(i+1) == "-" || a.sep(i+1) == " ") && a.hasFlag(i+1, wCap) {
			i++
			continue // "Saint-Valentin", "San Marcos": a feast or a place named for a saint
		}
		if a.invertedName(i) {
			a.names = append(a.names, nameSpan{span: span{i, i + 1}})
			nm := &a.names[len(a.names)-1]
			score := 0.4
			if !a.has(i+1, clsFirstName) {
				score = 0.3
			}
			// The inverted order itself is a record's: nobody writes ad
			// copy as "Surname, Given:".
			score += 0.1 + a.sentenceEvidence(i, i+1)
			nm.score = score
			if score >= nameThreshold && a.health {
				nm.role = rolePatient
				a.flag(KindName)
				a.patientRef = true
			}
			i++
			continue
		}
		if personHonorifics[string(a.lw(i))] && i+1 < a.n() && a.hasFlag(i+1, wCap) && a.sameSent(i, i+1) {
			continue // "Mme Diallo": the name starts after the honorific
		}
		if w.cls&clsFirstName == 0 && a.sentStart(i) && a.sep(i+1) == " " && a.has(i+1, clsFirstName) &&
			a.hasFlag(i+1, wCap) && !a.honorificBefore(i) && !a.invertedName(i) {
			continue // "Confirming Priya Raman": the capitalised word opens the sentence, the name follows
		}
		if a.placeWord(i) {
			continue // "joins us from Montreal, where he ran a PRP practice"
		}
		honor := a.honorificBefore(i) || a.honorificAfter(i) || a.sep(i+1) == "-" && a.honorificAfter(i+1)
		rb := a.roleBefore(i)
		if rb == cueNoRole && a.billedPerson(i) {
			rb = cuePatient // "Collections letter going out to Brandon Keefer for the unpaid Contrave visits"
		}
		if rb == cueNoRole && a.leadLine(i) {
			rb = cuePatient // "Lead from the website: Marguerite, 61, wants to lose weight"
		}
		if !a.nameStart(i, rb, honor) {
			continue
		}
		if w.cls&clsFirstName == 0 && a.anonymised() {
			continue // "testimonial (no name): ... — female client, Mesa": not a name the text gives
		}
		listed := w.cls&clsFirstName != 0 || !a.surnameLike(i) // a chart line's "Jun Takahashi 45M"
		j, full := i, honor
		for j+1 < a.n() && j-i < 3 {
			nx := j + 1
			s := a.sep(nx)
			if a.initialAt(nx) && s == " " {
				j = nx
				continue
			}
			if p := a.particleSurname(nx, a.has(i, clsFirstName)); p > 0 {
				j, full = p, true // "Anneke van der Berg", "Cathal Ó Máille", "Aisyah binti Rahman"
				continue
			}
			if s == "-" && j > i && a.hasFlag(nx, wCap) && a.hasFlag(nx, wLower) && !a.has(nx, clsCredential) {
				j = nx // a double surname, "Brennan-Tuliak": what follows it follows the name
				continue
			}
			if (s == " " || s == ". " && a.initialAt(j)) && (a.surnameLike(nx) || j == i && a.has(nx, clsCelebrity) && a.hasFlag(nx, wCap)) ||
				s == " " && j == i && listed && a.hasFlag(nx, wCap) && placeSurnames[string(a.lw(nx))] ||
				s == " " && j == i && listed && a.censusSurname(nx) {
				j, full = nx, true
				continue
			}
			break
		}
		start := i
		if !listed && !full && (honor || rb == cuePatient) {
			full = true // "client Quintero", "Mrs. Henderson"
		}
		if a.thingName(start, j) {
			i = j
			continue
		}
		a.names = append(a.names, nameSpan{span: span{start, j}})
		nm := &a.names[len(a.names)-1]

		score := 0.15
		switch {
		case full && (listed || honor || rb == cuePatient):
			score = 0.4
		case full:
			score = 0.3 // unknown to the list: a little less sure it is a name
		}
		after, staff := a.afterName(j, full)
		if rb != cueStaff && a.speakerCare(start, j) {
			// a chat line's speaker writing of her own care: what follows
			// the colon is not a verb of hers ("Hannah Greer: can I ...")
			after, staff = 0.55, false
		}
		switch rb {
		case cuePatient:
			score += 0.4
		case cueStaff:
			// "Meet Carmen, 52, who came to us with deep melasma": an age
			// and a condition are a client's story, which "meet" also
			// introduces; a staff role right before the name still wins.
			// "Hi, this is Dmitri Volkov, ..., I want to reschedule my PRP
			// injection" introduces a client speaking of her own care.
			staff = !(a.agedName(j) && a.inSentence(j, clsCondition) && !a.has(start-1, clsStaffRole) ||
				(a.selfIntro(start) || a.is(start-1, "i'm")) && a.selfCare(j))
			if !staff && a.selfCare(j) {
				score += 0.4
			}
		case cueGreeting:
			if a.reminder() || a.yourRelation(j) || a.pronounRelation(j) || full && a.weightOutcome(j) || a.messageCare(j) ||
				a.selfIntro(start) && a.selfCare(j) { // "hi this is Lorraine ..., calling about my tox"
				score += 0.6
			} else {
				staff = true
			}
		}
		if rb != cueGreeting && rb != cueStaff && !staff && (a.addressee(start) || a.has(start, clsFirstName) && a.opensMessage(start, j)) && a.messageCare(j) {
			score += 0.4 // "text back to Ignacio: yes you can shower, don't scrub the grafts"
		}
		if !staff && (a.celebrity(start, j) || full && rb != cuePatient && a.publicStatement(j)) {
			staff = true // public figures are not patients
		}
		if !staff && a.ctaName(start, j) {
			staff = true // "Text Brian Ortiz at ... to confirm the filler order"
		}
		if !staff && a.staffNews(j) {
			staff = true // "Shoutout to Kiran for getting her laser technician certification!"
		}
		if !staff && (a.orgName(j) || a.persona(start)) {
			staff = true // an organisation named for a person, a made-up persona
		}
		if !staff && (listFrom >= 0 && a.listJoined(listFrom, start) || a.staffListCue(start)) {
			staff = true // "our injectors Veronica Palmer and Celeste Moreno"
		}
		listFrom = -1
		if staff && (a.staffListCue(start) || len(a.names) > 1 && a.names[len(a.names)-2].role == roleStaff && a.listJoined(a.names[len(a.names)-2].last, start)) {
			listFrom = j
		}
		if staff {
			nm.role = roleStaff
			i = j
			continue
		}
		if after == 0 {
			after = a.pronounFollows(j)
		}
		if after == 0 && a.familyCare(j) {
			after = 0.4
		}
		if after == 0 && full && a.attributed(start) {
			after = 0.4
		}
		quoted := false
		if after < 0.55 && a.quotedHealth(start, j) {
			quoted = true
			// "'... my knees finally don't hurt' - from Gwendolyn P.": the
			// person's own words about a condition, enough with a given
			// name alone
			after = 0.55
		}
		score += after
		score += a.relationScore(start, j, full, rb, after)
		if k := firstAfter(a.anchors, func(an int) int { return an }, j); k < len(a.anchors) && a.anchors[k] <= j+5 {
			score += 0.3
		}
		score += a.sentenceEvidence(i, j)
		if a.honorificHealth(start, j) || a.historyShorthand(j+1) || a.vitalAfter(j) && a.health {
			score += 0.3 // "Mrs. Ortiz's botox", "Colt s/p Kybella", "Mason Tate BP 152/96, held NAD+"
		}
		nm.score = score
		if score >= nameThreshold && (a.health || quoted || rb == cuePatient || a.weightOutcome(j) || a.photoRecordOf(j)) {
			nm.role = rolePatient
			a.flag(KindName)
			a.patientRef = true
		}
		i = j
	}
}

// pronounFollows: "... to Brittany Lee? She got Sculptra on 3/4": a she or
// he with a health event later in the name's sentence or in the next one
// refers back to the name.
func (a *analysis) pronounFollows(j int) float64 {
	s := a.words[j].sent
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if a.pronounHealth(k) {
			return 0.4
		}
	}
	return 0
}

// pronounHealth: "she had", "she's unhappy with her lip flip", "he's been
// coming for Botox": a she or he at k with a health event after it.
func (a *analysis) pronounHealth(k int) bool {
	if !a.is(k, "she") && !a.is(k, "he") {
		return false
	}
	for m := k + 1; m <= k+4 && m < a.n() && a.sameSent(k, m); m++ {
		if a.has(m, clsBusiness) {
			return false // "she runs our Botox ads"
		}
		if legalWords[string(a.lw(m))] && a.inSentence(k, clsTreatment|clsCondition) {
			return !a.inSentence(k, clsStaffRole)
		}
		if a.has(m, clsHealthVerb) && !a.is(m, "was") && m == k+1 ||
			a.has(m, clsCondition|clsTreatment) || personalEvents[string(a.lw(m))] && !a.is(m, "on") && !a.is(m, "now") {
			return !a.has(m, clsStaffVerb) && !a.inSentence(k, clsStaffRole) && !a.businessObject(m)
		}
	}
	return false
}

// messageCare: the name is the one a message is to, and the message (its
// sentence and the next two) speaks of that person's care: a condition
// ("¿cómo sigue la inflamación?", "the ringing in your ears"), or a "you"
// with a treatment or body word right after it ("votre injection", "you
// can shower, don't scrub the grafts" reads as care only with the
// treatment word), or "after" with a treatment ("después del relleno").
// A staff role in the name's sentence makes it a message to staff.
func (a *analysis) messageCare(j int) bool {
	s := a.words[j].sent
	if a.staffAppositive(j) || a.has(j+1, clsCredential) && !a.hasFlag(j+1, wLower) {
		return false // "Hi Sarah, our injector ...": a message to staff
	}
	for k := j + 1; k < a.n() && k <= j+40 && a.words[k].sent <= s+2; k++ {
		if a.has(k, clsCondition) && !a.businessObject(k) {
			return true
		}
		switch string(a.lw(k)) {
		case "after", "después", "despues", "depois", "suite", "sau", "pagkatapos":
			for m := k + 1; m <= k+4 && m < a.n() && a.sameSent(k, m); m++ {
				if a.has(m, clsTreatment) && !a.businessObject(m) && !a.has(m-1, clsPromo) {
					return true
				}
			}
		case "your", "votre", "vos", "tu", "tus", "su", "sus", "seu", "sua", "teu", "tua":
			if a.phraseHealth(k) && !a.inSentence(k, clsPromo) {
				return true // "your next session", "votre injection", "tu sesión de láser"
			}
		}
	}
	return false
}

// opensMessage: a given name opens the text's first sentence, set off by
// a comma, dash or "!", and a "you" follows in that sentence or the next:
// "Marcelino — sorry to hear the ringing in your ears started after the
// IV". A name opening a list or a ticket line has no "you".
func (a *analysis) opensMessage(i, j int) bool {
	if i != 0 && !(a.hasFlag(i-1, wColon) && a.words[i-1].sent == 0) {
		return false
	}
	switch a.sep(j + 1) {
	case ", ", " — ", " – ", " - ", "! ", "!! ", ": ":
	default:
		return false
	}
	if a.vocative(i, j) {
		return true
	}
	s := a.words[j].sent
	for k := j + 1; k < a.n() && k <= j+ctxWindow && a.words[k].sent <= s+1; k++ {
		if a.youWord(k) || a.is(k, "you've") || a.is(k, "you'll") {
			return true
		}
	}
	return false
}

// quotedHealth: a first-person quotation that names a condition or a
// weight outcome, signed by the name after it ("'After two miscarriages
// my skin was a mess' — Brittany L.") or introduced by it ("Nerea
// escribió: el Botox me dio dolor de cabeza"): the speaker's own health.
// A quotation without a condition ("'My lips have never looked better!'")
// is a testimonial's praise, which the name may sign.
func (a *analysis) quotedHealth(i, j int) bool {
	if a.attributed(i) || strings.HasPrefix(a.sep(i), " - ") || strings.HasPrefix(a.sep(i), " — ") {
		if a.firstPersonHealth(max(0, i-40), i-1) {
			return true
		}
	}
	k := j + 1
	if k >= a.n() {
		return false
	}
	s := a.sep(k)
	intro := strings.ContainsAny(s, "'\"“‘") && strings.ContainsAny(s, ":-–—")
	if !intro && speechIntro[string(a.lw(k))] && (a.hasFlag(k, wColon) || strings.ContainsAny(a.sep(k+1), "'\"“‘")) {
		intro, k = true, k+1
	}
	if intro && a.firstPersonHealth(k, min(a.n()-1, k+40)) {
		return true
	}
	// "Comentario de Rocío Delgado en el post: 'mi frente quedó
	// congelada'": a few words on, a colon opens the person's own words
	// about her body or treatment.
	for m := j + 1; !intro && m <= j+6 && m+1 < a.n() && a.sameSent(j, m); m++ {
		if a.hasFlag(m, wColon) && strings.ContainsAny(a.sep(m+1), "'\"“‘") && a.ownCare(m+1, m+40, false) {
			return true
		}
	}
	return a.speakerCare(i, j)
}

// speakerCare: the name labels a line of a pasted chat ("[10:42] Kayla:
// my lips are so swollen", "Hannah Greer: can I take ibuprofen? my
// forehead hurts") and, before the next line, the speaker writes of her
// own treatment, condition or body.
func (a *analysis) speakerCare(i, j int) bool {
	if !a.hasFlag(j, wColon) || !(a.sentStart(i) || strings.Contains(a.sep(i), "]")) {
		return false
	}
	return a.ownCare(j+1, j+40, true)
}

// ownCare: words lo..hi hold a first-person word and a treatment,
// condition or body area: the writer speaks of her own care. With
// lineEnd, the words stop at the next line of a chat ("[10:44] Front
// Desk: ...").
func (a *analysis) ownCare(lo, hi int, lineEnd bool) bool {
	me, care := false, false
	for k := lo; k < a.n() && k <= hi; k++ {
		if lineEnd && k > lo && strings.ContainsAny(a.sep(k), "[\n") {
			break
		}
		me = me || firstPersonWords[string(a.lw(k))]
		care = care || a.has(k, clsCondition|clsTreatment|clsBody)
	}
	return me && care
}

// handleQuote: a quotation follows the social handle at h within a few
// words, and in it the writer speaks of her own treatment, condition or
// body: the handle's owner is a client writing of her care.
func (a *analysis) handleQuote(h int) bool {
	for k := h + 1; k <= h+4 && k < a.n(); k++ {
		if strings.ContainsAny(a.sep(k), "'\"“‘") {
			return a.ownCare(k, k+40, false)
		}
	}
	return false
}

var firstPersonWords = map[string]bool{"i": true, "my": true, "me": true, "i'm": true, "im": true,
	"i've": true, "mi": true, "mis": true, "meu": true, "minha": true, "mon": true, "ma": true,
	"mes": true, "je": true, "tôi": true, "ako": true, "ko": true}

// speechIntro: a verb that introduces what a person wrote or said.
var speechIntro = map[string]bool{"wrote": true, "writes": true, "says": true, "said": true,
	"texted": true, "messaged": true, "escribió": true, "dice": true, "dijo": true,
	"escreveu": true, "disse": true, "écrit": true}

// firstPersonHealth: words lo..hi hold a first-person word and a condition
// or a weight outcome.
func (a *analysis) firstPersonHealth(lo, hi int) bool {
	me, health := false, false
	for k := lo; k <= hi && k < a.n(); k++ {
		switch string(a.lw(k)) {
		case "i", "my", "me", "i'm", "i've", "mi", "mis", "meu", "minha", "mon", "ma", "mes":
			me = true
		}
		if a.has(k, clsCondition) || a.words[k].flags&wDigits != 0 && (a.is(k+1, "lbs") || a.is(k+1, "lb") || a.is(k+1, "pounds") || a.is(k+1, "kg")) {
			health = true
		}
	}
	return me && health
}

// attributed: a name right after a quotation and a dash ("... - Tanya
// Brooks") signs a testimonial, which ties the name to the treatment.
func (a *analysis) attributed(i int) bool {
	s := a.sep(i)
	if !strings.ContainsAny(s, "-–—") {
		return false
	}
	return strings.ContainsAny(s, "'\"”’!")
}

var personalVerbs = map[string]bool{"had": true, "got": true, "received": true, "underwent": true,
	"reacted": true, "developed": true, "presented": true, "reported": true, "complained": true,
	"bruised": true, "experienced": true, "came": true, "was": true, "is": true, "has": true,
	"states": true, "reports": true, "c": true, "needs": true, "wants": true, "asked": true,
	"called": true, "said": true, "cancelled": true, "canceled": true, "rescheduled": true,
	"seen": true, "declined": true, "vino": true, "quiere": true, "quer": true, "pediu": true,
	"tiene": true, "tem": true, "teve": true, "tuvo": true, "dejó": true, "avisou": true,
	"asking": true, "who": true, "replied": true, "texted": true, "responded": true, "wrote": true}

var determiners = map[string]bool{"the": true, "this": true, "that": true, "a": true, "an": true,
	"our": true, "my": true, "your": true, "one": true, "another": true, "same": true, "said": true,
	// Spanish, Portuguese and French articles: "la paciente", "o cliente", "de la cliente"
	"la": true, "el": true, "o": true, "da": true, "do": true, "del": true, "le": true, "nuestra": true}

// scanPatientRefs decides whether the text is about one specific patient
// even without a name: "the patient", "our client's", "Client:", "she had".
// Marketing speaks of patients in general ("new patient special", "every
// client", "be patient"), which does not count.
func (a *analysis) scanPatientRefs() {
	if a.patientRef {
		return
	}
	for _, h := range a.handles {
		if a.health && a.handleQuote(h) {
			a.flag(KindURL) // "dm from @sonoran.kaitlynn_ — 'my lips finally look normal ...'"
			a.patientRef = true
			return
		}
	}
	for _, u := range a.urls {
		if a.health && socialURL(a.text[u[0]:u[1]]) && a.handleQuote(a.wordAt(u[1])-1) {
			a.flag(KindURL) // "DM from instagram.com/lil_mari.vzla: 'mi ceja quedó caída desde el botox'"
			a.patientRef = true
			return
		}
	}
	for i := 0; i < a.n(); i++ {
		w := a.words[i]
		if a.health && a.chartInitials(i) {
			a.flag(KindName) // "KM, 55 y/o F, hx of cold sores"
			a.patientRef = true
			return
		}
		if w.cls&clsPatientNoun != 0 {
			if a.patientInitials(i) {
				a.flag(KindName) // "pt J.Q. declined hyaluronidase"
				a.patientRef = true
				return
			}
			if a.patientNounRef(i) || a.anonPerson(i) {
				a.patientRef = true
				return
			}
			continue
		}
		if a.health && a.describedPatient(i) {
			a.flag(KindName) // "the lady with the red tesla who came in for jawline filler on monday"
			a.patientRef = true
			return
		}
		if a.pronounHealth(i) || a.pronounPossHealth(i) || a.anonPerson(i) {
			a.patientRef = true
			return
		}
	}
}

// chartInitials: a chart line that opens with a person's initials, then
// an age and sex ("KM, 55 y/o F", "J.R. 44F"): two or three capitals the
// lexicon does not know as a word, an acronym or a credential.
func (a *analysis) chartInitials(i int) bool {
	w := a.words[i]
	if !a.sentStart(i) && !a.hasFlag(i-1, wColon) || w.flags&(wLower|wDigits) != 0 || w.cls != 0 ||
		a.wlen(i) < 2 || a.wlen(i) > 3 || i+1 >= a.n() {
		return false
	}
	s := a.sep(i + 1)
	return (s == ", " || s == " " || s == " - ") && a.ageSex(i+1)
}

// patientInitials: a patient noun followed by initials ("pt J.Q.", "pt
// initials L.T.", "pt r.s. 38F") in a text about a treatment: charts
// name patients by their initials, which identify them to the reader.
func (a *analysis) patientInitials(k int) bool {
	if !a.health || a.has(k-1, clsGenericMod) {
		return false
	}
	m := k + 1
	if a.is(m, "initials") {
		m++
	}
	return a.sameSent(k, m) && a.letterDot(m) && a.letterDot(m+1) && a.sep(m+1) == "."
}

// pronounPossHealth: "her chemical peel", "his hair loss PRP", "her
// botched filler": a her or his that owns a treatment or condition within
// three words, in a sentence without a staff role or title (not "our
// injector Sarah and her Botox technique") and not a business's object
// ("her Botox ads").
func (a *analysis) pronounPossHealth(k int) bool {
	if !a.is(k, "her") && !a.is(k, "his") {
		return false
	}
	if a.staffOwnedPhrase(k) {
		return false // "her laser shifts", "his Botox class": what staff own
	}
	for m := k + 1; m <= k+5 && m < a.n() && a.sameSent(k, m); m++ {
		if marketingNouns[string(a.lw(m))] || pageNouns[string(a.lw(m))] {
			return false // "her Botox before-and-after gallery", "his filler webinar"
		}
	}
	for m := k + 1; m <= k+3 && m < a.n() && a.sameSent(k, m); m++ {
		own := patientNouns[string(a.lw(m))] && !a.is(m, "face") && !a.is(m, "skin") && !a.is(m, "lips")
		if !own && (a.has(m, clsBusiness|clsStaffTitle|clsStaffRole|clsPromo) || staffPossessions[string(a.lw(m))]) {
			return false
		}
		if a.has(m, clsTreatment|clsCondition) || own {
			return !a.inSentence(k, clsStaffRole) && !a.businessObject(m) && !a.staffNearWord(k)
		}
	}
	return false
}

// pageNouns are what a business publishes; a her or his before one is an
// author's, not a patient's.
var pageNouns = map[string]bool{"gallery": true, "webinar": true, "blog": true, "newsletter": true,
	"podcast": true, "course": true, "class": true, "workshop": true, "book": true, "line": true,
	"brand": true, "portfolio": true, "work": true}

var nameOnlyTitles = map[string]bool{"with": true, "by": true, "ask": true, "book": true}

// staffNearWord: a staff title, role or credential in the three words
// before k ("our injector loves her ...").
func (a *analysis) staffNearWord(k int) bool {
	for j := k - 1; j >= k-4 && j >= 0 && a.sameSent(j, k); j-- {
		// "with", "by", "ask" and "book" introduce a staff name, not a
		// pronoun: "intake form with her herpes history" is a client's.
		if a.has(j, clsStaffTitle|clsStaffRole) && !a.has(j, clsGreeting) && !nameOnlyTitles[string(a.lw(j))] || a.has(j, clsCredential) && !a.hasFlag(j, wLower) {
			return true
		}
	}
	return false
}

// anonPerson: one unnamed person in a chart's or a desk's words: "the lady
// with the semaglutide nausea", "room 4 guy", "acne pt on spironolactone",
// with a treatment or condition in the sentence.
func (a *analysis) anonPerson(k int) bool {
	switch string(a.lw(k)) {
	case "lady", "guy", "gentleman", "gal", "dude":
		if !(a.is(k-1, "the") || a.is(k-1, "that") || a.is(k-1, "this") || a.num(k-1) >= 0) {
			return false
		}
	case "pt":
		if !(a.has(k-1, clsTreatment|clsCondition) || a.is(k+1, "on") || a.is(k+1, "w") || a.is(k+1, "with") ||
			a.is(k+1, "c") || a.hasFlag(k, wPoss) || a.is(k-1, "the")) {
			return false
		}
		return a.inSentence(k, clsTreatment|clsCondition) // a clinician's word: staff in the sentence are its authors
	default:
		return false
	}
	return a.inSentence(k, clsTreatment|clsCondition) && !a.inSentence(k, clsStaffRole)
}

// describedPatient: an unnamed person the desk knows by a description and
// a visit, with a treatment or condition in the sentence ("the guy in the
// vikings hoodie (mon 9am) ... allergic rxn", "the woman we saw on
// 02/14/2025 for lip filler"). The description and the visit together
// pick out one client as surely as a name; "a client in her 40s" and "the
// woman who wants natural results" name no visit and pass.
func (a *analysis) describedPatient(k int) bool {
	switch string(a.lw(k)) {
	case "lady", "guy", "gentleman", "gal", "dude", "woman", "man", "girl":
	default:
		return false
	}
	if !(a.is(k-1, "the") || a.is(k-1, "that")) || k+1 >= a.n() || !describes[string(a.lw(k+1))] {
		return false
	}
	if !a.inSentence(k, clsTreatment|clsCondition) || a.inSentence(k, clsStaffRole) {
		return false
	}
	for m := k + 1; m < a.n() && m <= k+16 && a.sameSent(k, m); m++ {
		if a.visitAt(m) {
			return true
		}
	}
	return false
}

// visitAt: word m places a past visit: "came in", "we saw", "was seen",
// "on monday", "(mon 9am)", "from last wk", a date. A day after "book" is
// an offer, not a visit.
func (a *analysis) visitAt(m int) bool {
	lw := string(a.lw(m))
	switch lw {
	case "came", "come":
		return a.is(m+1, "in") || a.is(m+1, "by")
	case "saw", "seen":
		return true
	case "last":
		return a.is(m+1, "wk") || a.is(m+1, "week") || a.is(m+1, "visit") || a.is(m+1, "time") || a.is(m+1, "month")
	case "this", "today":
		return false
	}
	if visitTimes[lw] {
		return a.is(m-1, "on") || a.is(m-1, "from") || a.is(m-1, "since") || strings.HasSuffix(a.sep(m), "(")
	}
	return a.dateAt(m) != nil
}

// visitLater: a visit (visitAt) in word k's sentence, from k on.
func (a *analysis) visitLater(k int) bool {
	for m := k; m < a.n() && m <= k+12 && a.sameSent(k-1, m); m++ {
		if a.visitAt(m) {
			return true
		}
	}
	return false
}

// spanUnits are the units of a time span that may stand between a
// possessive and what is had: "Nia's 3 week Sculptra update".
var spanUnits = map[string]bool{"day": true, "days": true, "week": true, "weeks": true, "wk": true,
	"month": true, "months": true, "mo": true, "year": true, "hour": true, "hr": true}

// postPossessive: an "of" written after the name: Hindi's, which agrees
// with what is had ("Rohan ka PRP"), and Afrikaans "se" ("Jurgen Brandt
// se drip history").
var postPossessive = map[string]bool{"ka": true, "ki": true, "ke": true, "se": true}

// toleratedLater: the sentence after word j records how a treatment was
// tolerated ("tolerated well", "tolerated the procedure"), the outcome
// line of a chart note, which is about a patient.
func (a *analysis) toleratedLater(j int) bool {
	for k := j + 1; k < a.n() && a.sameSent(j, k); k++ {
		if a.is(k, "tolerated") && (a.is(k+1, "well") || a.is(k+1, "the") || a.is(k+1, "procedure") || a.is(k+1, "treatment")) {
			return a.inSentence(j, clsTreatment)
		}
	}
	return false
}

// describes: the word after "the lady" that starts what she is known by.
var describes = map[string]bool{"with": true, "w": true, "in": true, "from": true, "who": true, "we": true, "that": true}

func (a *analysis) patientNounRef(i int) bool {
	w := a.words[i]
	next := i + 1
	if next < a.n() && a.sameSent(i, next) && a.has(next, clsGenericNoun) {
		return false
	}
	if a.is(i, "pt") {
		return w.flags&wColon != 0 || personalVerbs[string(a.lw(next))]
	}
	if a.has(i-1, clsGenericMod) || a.has(i-2, clsGenericMod) && !a.has(i-1, clsPatientNoun) {
		return false
	}
	if w.flags&(wPoss|wColon) != 0 {
		return true
	}
	if i > 0 && determiners[string(a.lw(i-1))] {
		return true
	}
	return next < a.n() && personalVerbs[string(a.lw(next))]
}

// relationScore adds the evidence of relations.go to a name i..j that is
// not staff. after is what afterName and the pronoun look-ahead found.
func (a *analysis) relationScore(i, j int, full bool, rb cueRole, after float64) float64 {
	score := 0.0
	rel := after > 0
	if !rel && (a.possessiveRelation(j) || a.ofRelation(i) || a.particlePossessive(j) || a.listedRelation(j) || a.clinicalShape(j) || a.outcomeNear(j)) {
		score += 0.4
		rel = true
	}
	// A given name alone with "her lip filler" is a testimonial's style
	// ("Our client Jessica loves her lip filler!"): it counts only when
	// the text is a message to or about that person.
	if !rel && (full || a.addressee(i)) && a.pronounRelation(j) {
		score += 0.4
		rel = true
	}
	if a.addressee(i) && (rel || a.yourRelation(j)) {
		score += 0.2
		if !rel {
			score += 0.2
		}
	}
	if a.codeNear(i) {
		score += 0.3
	}
	return score
}

// censusSurname: a capitalised word in the Census surname list that the
// guard reads as something else ("Graves", "Pike"), which after a given
// name is still a surname.
func (a *analysis) censusSurname(k int) bool {
	return k < a.n() && a.has(k, clsSurname) && a.hasFlag(k, wCap) && a.hasFlag(k, wLower) &&
		!a.has(k, clsNotSurname|clsStaffTitle|clsCredential|clsMonth|clsBusiness|clsGreeting|clsPronoun)
}

// lowerName handles a name typed in lower case ("jane doe had botox"): a
// given name from the Census list that is not also a word, then a Census
// surname. Without capitals there is no other sign of a name, so it needs
// a relation to a health event, and staff evidence still wins.
func (a *analysis) lowerName(i int) bool {
	j := i + 1
	// The long form of a short given name in brackets before the surname:
	// "tj (thaddeus) lahti lost 19 lbs".
	long := a.sep(j) == " (" && a.has(j, clsFirstName) && a.sep(j+1) == ") "
	if long {
		j++
	}
	// A given name that is also a word ("beau", "grace") only before a
	// surname that is none: "beau kittredge is allergic to lidocaine".
	given := a.has(i, clsFirstName) || a.has(i, clsNameWord) && a.words[i].cls&^nameClasses == 0 &&
		a.has(j, clsSurname) && !a.has(j, clsNameWord)
	// Two initials for the given name: "rj halvorsen back for round 2 of PRP".
	initials := a.wlen(i) == 2 && a.words[i].cls&^nameClasses == 0 && a.words[i].flags&wDigits == 0 && a.has(j, clsSurname) && !a.has(j, clsNameWord)
	// A given name no list knows, opening a line or a sentence, before a
	// surname that is no word: "bex kowalczyk asking if her 8 units",
	// "ping: benedikt vogl is in lobby early for his underarm botox".
	newGiven := !long && !given && !initials && a.words[i].cls == 0 && a.wlen(i) >= 3 && !a.hasFlag(i, wDigits) &&
		!englishEnding(a.lw(i)) && a.lineLead(i) && a.has(j, clsSurname) && !a.has(j, clsNameWord|clsNotSurname) && !vietnameseText(a.text)
	// Two words no list knows, opening a line, and then a verb a person
	// has after their name: "FYI jorunn lindqvist is 22 wks pregnant".
	newPair := !long && !given && !initials && j < a.n() && a.words[i].cls == 0 && a.words[j].cls == 0 &&
		a.wlen(i) >= 3 && a.wlen(j) >= 4 && !a.hasFlag(i, wDigits) && !a.hasFlag(j, wDigits) &&
		!englishEnding(a.lw(i)) && !englishEnding(a.lw(j)) && a.lineLead(i) && verbAfter[string(a.lw(j+1))] &&
		a.sep(j+1) == " " && !vietnameseText(a.text)
	if newGiven || newPair {
		given = true
	}
	if j >= a.n() || a.sep(j) != " " && !long || !given && !initials || a.has(i, clsMonth|clsBusiness|clsStaffTitle) ||
		a.hasFlag(i, wCap) || a.hasFlag(j, wCap) || a.hasFlag(i, wPoss) || a.wlen(i) < 3 && !initials {
		return false
	}
	// A surname no list knows, after a given name that is no word, when
	// the pair owns a treatment or a condition ("bex kowalczyk asking if
	// her 8 units", "jorunn lindqvist is 22 wks pregnant"). A word of
	// English a desk writes after a name ("dana swapped", "kim finally")
	// is no surname: the list knows most, and these endings the rest.
	unknown := !long && a.words[j].cls == 0 && a.has(i, clsFirstName) && !a.has(i, clsNameWord) && a.wlen(j) >= 4 &&
		!a.hasFlag(j, wDigits) && !englishEnding(a.lw(j)) && !vietnameseText(a.text)
	if !a.has(j, clsSurname) && !unknown && !newPair || a.has(j, clsStaffTitle|clsBusiness|clsPronoun|clsGreeting|clsMonth|clsTreatment|clsCondition|clsCredential|clsHealthVerb) {
		return false
	}
	if !a.health {
		return false
	}
	rb := a.roleBefore(i)
	after, staff := a.afterName(j, true)
	if staff || rb == cueStaff || rb == cueGreeting && !a.yourRelation(j) {
		a.names = append(a.names, nameSpan{span: span{i, j}, role: roleStaff})
		return true
	}
	if after == 0 {
		after = a.pronounFollows(j)
	}
	if (unknown || newGiven || newPair) && after == 0 {
		after = a.possessiveFollows(j)
	}
	if (unknown || newGiven || newPair) && after == 0 {
		return false
	}
	score := 0.3 + after + a.relationScore(i, j, true, rb, after) + a.sentenceEvidence(i, j)
	if rb == cuePatient {
		score += 0.4
	}
	if after == 0 && score < 0.7 {
		// no relation: the pair is more likely two words than a name
		return false
	}
	a.addScoredName(i, j, score)
	return true
}

// possessiveFollows: later in the sentence of the name ending at j, "his"
// or "her" owns a treatment, a condition or a body area: "benedikt vogl
// is in lobby early for his underarm botox", "tiff abernathy asked if her
// before/after filler pics".
func (a *analysis) possessiveFollows(j int) float64 {
	for k := j + 1; k < a.n() && k <= j+8 && a.sameSent(j, k); k++ {
		if (a.is(k, "his") || a.is(k, "her")) && (a.possessiveHealth(k, true) || a.ownsCareNear(k)) {
			return 0.4
		}
	}
	return 0
}

// lineLead: word i opens the text, a sentence or what follows a colon
// ("ping: ", "waitlist: "), where a desk's shorthand puts a client's name.
func (a *analysis) lineLead(i int) bool {
	return a.sentStart(i) || i > 0 && (a.hasFlag(i-1, wColon) || strings.HasPrefix(a.sep(i), ":")) ||
		i == 1 && (a.is(0, "fyi") || a.is(0, "ping"))
}

// vietnameseText: the text has a letter only Vietnamese writes (ơ, ư, đ
// or a stacked tone mark): its syllables are words, lower-case, that the
// name lists know as names ("khách trung niên").
func vietnameseText(t string) bool {
	for _, r := range t {
		if r == 'ơ' || r == 'ư' || r == 'đ' || r >= 0x1EA0 && r <= 0x1EF9 {
			return true
		}
	}
	return false
}

// englishEnding: a lower-case word ends as English verbs and adverbs do
// ("swapped", "asking", "finally", "wants"), not as a surname.
func englishEnding(w []byte) bool {
	for _, e := range []string{"ed", "ing", "ly", "s"} {
		if len(w) > len(e)+2 && string(w[len(w)-len(e):]) == e {
			return true
		}
	}
	return false
}

// addScoredName records the name i..j the lower-case readers found, a
// patient's when its score reaches the threshold.
func (a *analysis) addScoredName(i, j int, score float64) {
	a.names = append(a.names, nameSpan{span: span{i, j}, score: score})
	if score >= nameThreshold {
		a.names[len(a.names)-1].role = rolePatient
		a.flag(KindName)
		a.patientRef = true
	}
}

// lowerAlone: a lower-case given name alone, as shorthand types a client
// ("told kev his hair transplant donor area looks infected", "jess's
// botox"): a word the lists know only as a given name, told, called or
// texted, or followed by its possessive or a verb a person's name has
// after it, in a text with a health word. It reads as a name only with a
// relation to the person's care, and a little less surely than a pair.
func (a *analysis) lowerAlone(i int) bool {
	if !a.lowerGiven(i) || a.hasFlag(i, wDigits) || !a.health {
		return false
	}
	told := false
	switch string(a.lw(i - 1)) {
	case "told", "tell", "call", "text", "ask", "remind", "txt", "called", "texted", "asked", "ring", "rang", "phone", "phoned":
		told = a.sameSent(i-1, i)
	}
	// An initial for the surname ("jess r's botox", "lorna k is
	// pregnant", "anastasia k from thurs to mon bc her cold sore"), not a
	// letter that texting writes for a word ("u", "n"); later is what a
	// "her" after it owns.
	j, later := i, 0.0
	if k := i + 1; a.wlen(k) == 1 && a.sep(k) == " " && !a.hasFlag(k, wDigits) {
		later = a.possessiveFollows(k)
		if a.hasFlag(k, wPoss) || !strings.Contains("aiounrybc", string(a.lw(k))) && a.sep(k+1) == " " &&
			(verbAfter[string(a.lw(k+1))] || later > 0) {
			j = k
		}
	}
	if !told && !a.hasFlag(j, wPoss) && !(j > i && later > 0) && !(verbAfter[string(a.lw(j+1))] && a.sameSent(j, j+1) && a.sep(j+1) == " ") {
		return false
	}
	rb := a.roleBefore(i)
	after, staff := a.afterName(j, j > i)
	if staff || rb == cueStaff || rb == cueGreeting {
		return false
	}
	if after == 0 {
		after = a.pronounFollows(j)
	}
	if after == 0 && j > i {
		after = later
	}
	if after == 0 {
		return false
	}
	score := 0.15 + after + a.relationScore(i, j, j > i, rb, after) + a.sentenceEvidence(i, j)
	a.addScoredName(i, j, score)
	return true
}

// openingVerbs and openingNouns: a name that has or offers openings is
// the one who treats, in English, Spanish, Portuguese and French.
var openingVerbs = map[string]bool{"has": true, "had": true, "have": true, "tiene": true,
	"tem": true, "a": true, "opened": true, "opens": true, "added": true}

var openingNouns = map[string]bool{"slots": true, "slot": true, "openings": true, "opening": true,
	"availability": true, "espacio": true, "espacios": true, "lugares": true, "disponibilidad": true,
	"vagas": true, "horários": true, "créneaux": true, "disponibilités": true}

// talkVerbs and talkNouns: a name that gives or hosts a talk or a class
// is the one who treats ("Rodrigo da una plática gratis sobre GLP-1").
var talkVerbs = map[string]bool{"gives": true, "hosts": true, "teaches": true, "leads": true,
	"runs": true, "da": true, "dará": true, "imparte": true, "dá": true, "donne": true, "anime": true}

var talkNouns = map[string]bool{"talk": true, "webinar": true, "class": true, "workshop": true,
	"demo": true, "masterclass": true, "seminar": true, "plática": true, "platica": true,
	"charla": true, "taller": true, "conferencia": true, "palestra": true, "aula": true,
	"atelier": true, "conférence": true}

// hasOpenings: the name ending at j is followed by a verb of having and,
// within five words more in its sentence, a word for open appointments, or
// by a verb of giving and a word for a talk or a class.
func (a *analysis) hasOpenings(j int) bool {
	k := j + 1
	opening, talk := openingVerbs[string(a.lw(k))], talkVerbs[string(a.lw(k))]
	if !opening && !talk || !a.sameSent(j, k) {
		return false
	}
	for m := k + 1; m <= k+5 && m < a.n() && a.sameSent(k, m); m++ {
		if opening && openingNouns[string(a.lw(m))] || talk && talkNouns[string(a.lw(m))] {
			return true
		}
	}
	return false
}

// lowerHonorifics are the English honorifics a desk types in lower case
// before a surname: "mrs haverkamp called, her left brow is still droopy".
var lowerHonorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true}

// lowerHonorName: word i is a lower-case honorific and the lower-case word
// after it a surname the lists know or a word they do not. Its name is
// read as lowerName reads a pair, with the honorific's certainty that a
// person is meant.
func (a *analysis) lowerHonorName(i int) bool {
	j := i + 1
	if j >= a.n() || a.wlen(i) > 4 || !lowerHonorifics[string(a.lw(i))] || a.hasFlag(i, wCap) || !a.sameSent(i, j) {
		return false
	}
	if s := a.sep(j); s != " " && s != ". " {
		return false
	}
	if a.hasFlag(j, wCap) || a.hasFlag(j, wDigits) || a.wlen(j) < 3 || a.words[j].cls&^(clsSurname|clsNameWord) != 0 || !a.health {
		return false
	}
	for _, c := range a.lw(j) {
		if c < 'a' || c > 'z' {
			return false // "ms 2", "mr x-ray": not a surname
		}
	}
	rb := a.roleBefore(i)
	after, staff := a.afterName(j, true)
	if staff || rb == cueStaff {
		a.names = append(a.names, nameSpan{span: span{j, j}, role: roleStaff})
		return true
	}
	if after == 0 {
		after = a.pronounFollows(j)
	}
	score := 0.4 + after + a.relationScore(j, j, true, rb, after) + a.sentenceEvidence(j, j)
	a.addScoredName(j, j, score)
	return true
}

// mediaExts end the file names of photos, videos and scans.
var mediaExts = []string{".jpg", ".jpeg", ".png", ".heic", ".gif", ".webp", ".mp4", ".mov", ".pdf", ".tif", ".tiff"}

// staffFileWords in a file name make it the clinic's own ("dr_lee_headshot.jpg").
var staffFileWords = map[string]bool{"dr": true, "headshot": true, "logo": true, "bio": true,
	"team": true, "staff": true, "founder": true, "owner": true, "injector": true, "rn": true, "np": true}

// scanFileNames: a photo or scan's file name that holds a given name beside
// a surname ("lopez_maria_lipfiller_after_day14.jpg",
// "B&A_2026-03_Nadia-Haddad_melasma.png") names the person in it, and
// clinics name before-and-after files by client. A staff word in the name
// makes it the clinic's own.
func (a *analysis) scanFileNames() {
	has := false
	for _, e := range mediaExts {
		if bytes.Contains(a.lower, []byte(e)) {
			has = true
			break
		}
	}
	if !has {
		return
	}
	t := a.lower
	for i := 0; i < len(t); {
		s, e := spaceToken(t, i)
		i = e
		tok := t[s:i]
		dot := bytes.LastIndexByte(tok, '.')
		if dot <= 0 || !slices.Contains(mediaExts, string(bytes.TrimRight(tok[dot:], ".,;:!?)'\""))) {
			continue
		}
		base := tok[:dot]
		camel := false
		if len(a.lower) == len(a.text) {
			base = a.splitCamel(s, s+dot)
			camel = a.camelName(s, s+dot)
		}
		if a.personFileName(base, camel) {
			a.flag(KindName)
			a.patientRef = true
			return
		}
	}
}

// splitCamel returns the lower-cased file name text[s:e] with a '_' put
// between a lower-case letter and the capital after it, so that
// "before_after_HollisGrant_CO2" reads as "before_after_hollis_grant_co2".
// It is called only for a media file name.
func (a *analysis) splitCamel(s, e int) []byte {
	out := make([]byte, 0, e-s+8)
	for k := s; k < e; k++ {
		if k > s && 'A' <= a.text[k] && a.text[k] <= 'Z' && 'a' <= a.text[k-1] && a.text[k-1] <= 'z' {
			out = append(out, '_')
		}
		out = append(out, a.lower[k])
	}
	return out
}

// camelName: a part of the file name text[s:e] is two capitalised words
// run together, neither of them a word the lexicon knows as anything but
// a name ("ThandiweMokoena"): how phones and clinics name a person's
// photos. "LipFlip" and "HydraFacial" are treatments, not names.
func (a *analysis) camelName(s, e int) bool {
	t := a.text
	for k := s; k < e; {
		for k < e && !isASCIILetter(t[k]) {
			k++
		}
		p := k
		for k < e && isASCIILetter(t[k]) {
			k++
		}
		if a.camelPair(t[p:k]) {
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// camelPair: w is "Xxx" + "Yyy", each hump three letters or more.
func (a *analysis) camelPair(w string) bool {
	upper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	if len(w) < 6 || !upper(w[0]) {
		return false
	}
	m := -1
	for i := 1; i < len(w); i++ {
		if upper(w[i]) {
			if m >= 0 {
				return false
			}
			m = i
		}
	}
	if m < 3 || len(w)-m < 3 {
		return false
	}
	for _, h := range []string{w[:m], w[m:]} {
		lw := strings.ToLower(h)
		if lexicon[lw]&^nameClasses != 0 || fileCareWords[lw] || filePromoWords[lw] || staffFileWords[lw] {
			return false
		}
	}
	return true
}

// fileCareWords in a media file name say it is a treatment photo.
var fileCareWords = map[string]bool{"before": true, "after": true, "ba": true, "preop": true,
	"postop": true, "pre": true, "post": true, "day1": true, "wk": true, "week": true, "tx": true}

// filePromoWords make a file the clinic's own marketing.
var filePromoWords = map[string]bool{"promo": true, "sale": true, "ad": true, "ads": true,
	"banner": true, "flyer": true, "story": true, "template": true, "logo": true, "location": true,
	"clinic": true, "event": true, "menu": true, "stock": true, "model": true}

func (a *analysis) personFileName(base []byte, camel bool) bool {
	parts := bytes.FieldsFunc(base, func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == '/' || r == '+' })
	if len(parts) > 16 {
		parts = parts[:16]
	}
	if slices.ContainsFunc(parts, func(q []byte) bool { return staffFileWords[string(q)] || filePromoWords[string(q)] }) {
		return false
	}
	care := slices.ContainsFunc(parts, func(q []byte) bool {
		c := lexicon[string(q)]
		return fileCareWords[string(q)] || c&(clsTreatment|clsCondition) != 0 && c&clsFirstName == 0 ||
			bytes.Contains(q, []byte("lift")) || bytes.Contains(q, []byte("filler"))
	})
	if camel && care {
		return true // "IMG_ThandiweMokoena_lipflip_after.HEIC"
	}
	for k, p := range parts {
		c := lexicon[string(p)]
		if len(p) < 3 || c&clsFirstName == 0 || c&(clsNotSurname|clsTreatment|clsCondition|clsMonth|clsBusiness) != 0 {
			continue
		}
		// a given name with a surname before or after it, or a given name
		// in a treatment photo's name ("IMG_4471_Theodora_breastlift_preop")
		if k > 0 && a.fileSurname(parts[k-1]) || k+1 < len(parts) && a.fileSurname(parts[k+1]) || care {
			return true
		}
	}
	return false
}

// fileSurname: a Census surname in a file name that is not a common word.
func (a *analysis) fileSurname(p []byte) bool {
	c := lexicon[string(p)]
	return len(p) >= 2 && c&clsSurname != 0 && c&(clsNotSurname|clsTreatment|clsCondition|clsMonth|clsBusiness|clsBody) == 0
}

// visitRef: the words at k name a visit, as in "from yesterday", "from
// the Tuesday 2pm slot", "from the 9am".
func (a *analysis) visitRef(k int) bool {
	if k >= a.n() {
		return false
	}
	if a.is(k, "the") {
		k++
	}
	return k < a.n() && (visitTimes[string(a.lw(k))] || a.timeWord(k))
}
