package phi

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Scores weigh evidence the way Presidio and Philter do: a pattern proposes a
// candidate with a base score, context words nearby add or subtract, and a
// candidate becomes a finding at its threshold. The weights are tuned on the
// test corpus (corpus_test.go); change them only with the metrics in view.
const (
	nameThreshold    = 0.7
	contactThreshold = 0.5
)

type wflag uint8

const (
	wCap    wflag = 1 << iota // starts with an upper-case letter
	wLower                    // has a lower-case letter, so it is not an acronym
	wDigits                   // only ASCII digits
	wPoss                     // followed by 's
	wColon                    // followed by ':' (a label)
)

// word is a run of letters and digits. Punctuation is not a word, so "MRN#"
// and "MRN:" both yield "mrn", "555-201-3344" yields three digit words, and
// the separators between words tell the number formats apart.
type word struct {
	start, end int32
	sent       int32 // sentence index: context rarely reaches across one
	cls        class
	flags      wflag
}

// span is an inclusive range of word indexes.
type span struct{ first, last int }

type role uint8

const (
	roleUnknown role = iota
	rolePatient
	roleStaff
)

type nameSpan struct {
	span
	role  role
	score float64 // the rules' score, which the name model reads
}

type dateSpan struct {
	span
	year int  // 0 when the date has no year
	dob  bool // a birth date's label precedes it
}

// emailSpan keeps the address's byte offsets: its words may start inside a
// longer word ("f'jane@...") and so do not delimit it.
type emailSpan struct {
	span
	s, e int
}

func (a *analysis) emailText(m emailSpan) string { return a.text[m.s:m.e] }

type geoSpan struct {
	span
	weak   bool // a ZIP or city: only about a patient
	person bool // "she lives in": the place is a person's
}

// analysis holds one Check's working state. It is pooled, so its slices
// are reused and a typical Check allocates nothing but its result.
type analysis struct {
	text  string
	lower []byte
	words []word

	dates   []dateSpan
	phones  []span
	emails  []emailSpan
	ips     []span
	urls    [][2]int // byte offsets
	handles []int    // first word of each social handle
	// bizHandles are handles that read like a business's ("@glowbar.medspa").
	bizHandles []int
	mcls       []mclass // the name model's word classes (model.go)
	x          [nFeatures]float64
	geos       []geoSpan
	names      []nameSpan
	anchors    []int // first words of contact details and ID labels: a name just before one is a record
	// pend holds kinds that only count if the text turns out to be about
	// a patient, which is known only after every detector has run.
	pend []Kind

	reminderMemo  int8 // 0 unknown, 1 yes, -1 no: see reminder
	insuranceMemo int8 // 0 unknown, 1 yes, -1 no: see mentionsInsurance
	anonMemo      int8 // 0 unknown, 1 yes, -1 no: see anonymised
	bare          int  // persons without a health word beside them: see eachCandidate

	health     bool // a treatment or condition is mentioned
	patientRef bool // the text is about one specific patient
	hangul     bool // a word is in Hangul (korean.go)
	arabic     bool // a word is in Arabic script (arabic.go)
	han        bool // a word is in Chinese characters or Japanese kana (chinese.go, japanese.go)
	kana       bool // a word has Japanese kana: the text is Japanese
	german     bool // the text is German (german.go)
	// scriptName: a reader of another script (Hangul, Arabic, Chinese,
	// Japanese) found the patient's name. The text model's words are
	// Latin-script, so its score does not veto it.
	scriptName bool
	found      uint32
}

func (a *analysis) reset() {
	a.text = ""
	a.lower = a.lower[:0]
	a.words = a.words[:0]
	a.dates = a.dates[:0]
	a.phones = a.phones[:0]
	a.emails = a.emails[:0]
	a.ips = a.ips[:0]
	a.urls = a.urls[:0]
	a.handles = a.handles[:0]
	a.bizHandles = a.bizHandles[:0]
	a.mcls = a.mcls[:0]
	a.geos = a.geos[:0]
	a.names = a.names[:0]
	a.anchors = a.anchors[:0]
	a.pend = a.pend[:0]
	a.health, a.patientRef, a.scriptName = false, false, false
	a.hangul, a.arabic, a.han, a.kana, a.german = false, false, false, false, false
	a.reminderMemo, a.insuranceMemo, a.anonMemo, a.bare = 0, 0, 0, 0
	a.found = 0
}

func kindBit(k Kind) uint32 {
	for i, kk := range kinds {
		if kk == k {
			return 1 << i
		}
	}
	panic("phi: unknown kind " + string(k))
}

func (a *analysis) flag(k Kind) {
	for i, kk := range kinds {
		if kk == k {
			a.found |= 1 << i
			return
		}
	}
	panic("phi: unknown kind " + string(k))
}

func (a *analysis) run(text string) {
	a.analyze(text)
	byText, byModel := false, false
	if a.found == 0 && a.n() > 0 {
		// The rules found nothing: the name model reads the candidates.
		byText = a.scoreCandidates()
		byModel = !byText && a.found != 0
	}
	a.finish()
	if byText && a.found == 0 {
		a.flag(KindName)
	}
	if a.found == kindBit(KindName) && !byText && !a.labelledPatient() && (a.roster() || a.selfDemo()) {
		// A staff schedule names who works which days: "Rota update:
		// Tamsin is on Botox and filler Tuesday through Thursday". A
		// demo on oneself is staff's: "Shay demos the PicoSure on her
		// own forearm".
		a.found = 0
	} else if a.found == kindBit(KindName) && !byText && !a.scriptName && !a.labelledPatient() && a.textScore() < textVeto {
		// A person and their care by the rules or the name model, in
		// a text whose words read as anything but a patient's.
		a.found = 0
	} else if byModel && a.textScore() < textVeto {
		// The name model's person made the text's contact details a
		// patient's ("Bonjou! Belle Peau ... Rele nou: (305) 555-0190"):
		// undo the person, and keep the details that are a patient's
		// without one.
		a.found, a.patientRef = 0, false
		a.scanContacts()
	}
}

// selfDemo: the text tells of someone treated on themselves for a demo,
// as staff are: "her own" or "herself", and a demo, a model or a reel.
func (a *analysis) selfDemo() bool {
	self, demo := false, false
	for k := range a.words {
		switch string(a.lw(k)) {
		case "herself", "himself", "themselves":
			self = true
		case "own":
			self = self || a.is(k-1, "her") || a.is(k-1, "his") || a.is(k-1, "their")
		case "demo", "demos", "demoing", "model", "reel", "live":
			demo = true
		}
	}
	return self && demo
}

// labelledPatient: a patient the rules read by a full name is called one
// by the words just before it ("Botox for our client Grant Olsen", "paciente
// Ana Ruiz"), which the text model's veto does not undo: its word shapes
// cannot outweigh the label.
func (a *analysis) labelledPatient() bool {
	for _, nm := range a.names {
		if nm.role != rolePatient || nm.last == nm.first {
			continue // a first name alone in copy: "Our client Jessica loves her lip filler!"
		}
		for k := nm.first - 1; k >= nm.first-2 && k >= 0 && a.sameSent(k, nm.first); k-- {
			if a.has(k, clsPatientNoun) && !a.is(k, "pt") {
				return true
			}
		}
	}
	return false
}

// finish flags what was pending on a patient and reads contact details,
// which need to know whether the text is about a patient.
func (a *analysis) finish() {
	// No rule named the patient, but the text model may read the text as
	// a patient's ("acct 7730014592 paid twice for hair restoration consult
	// + PRP, refund one"): a labelled account, licence, device or NPI is
	// then theirs. Dates and bare "ID"s are too common in the business's
	// own notes to follow the model alone.
	byText := !a.patientRef && len(a.pend) > 0 && a.health && a.textScore() >= textCut
	for _, k := range a.pend {
		if a.patientRef || byText && k != KindDate && k != KindPatientID {
			a.flag(k)
		}
	}
	a.scanContacts()
}

// markTitles reads French "Dre" (a woman doctor) and "MA" (a medical
// assistant) as titles where a capitalised name follows them: "Dre Nadeau
// fait les lasers CO2", "New MA Tasha doesn't need a DEA number". Alone
// or lower-case they are a given name ("told dre his filler is swollen")
// and a word ("ma" is Polish "has"). "Pa" goes the other way.
func (a *analysis) markTitles() {
	for k := 0; k+1 < a.n(); k++ {
		title := (a.is(k, "dre") || a.is(k, "dres")) && a.hasFlag(k, wCap) ||
			a.is(k, "ma") && a.hasFlag(k, wCap) && !a.hasFlag(k, wLower)
		if title && a.hasFlag(k+1, wCap) && a.hasFlag(k+1, wLower) && a.sameSent(k, k+1) && (a.sep(k+1) == " " || a.sep(k+1) == ". ") {
			a.words[k].cls = a.words[k].cls&^clsFirstName | clsStaffTitle | clsStaffRole
		}
		// "Pa" written so, not "PA", before a capitalised name is the
		// Hmong given name: "Pa Kou Thao called, her lips still swollen".
		if a.is(k, "pa") && a.hasFlag(k, wCap) && a.hasFlag(k, wLower) && a.sep(k+1) == " " && a.hasFlag(k+1, wCap) && a.hasFlag(k+1, wLower) &&
			a.words[k+1].cls&^nameClasses == 0 {
			a.words[k].cls = a.words[k].cls&^(clsStaffTitle|clsStaffRole|clsCredential|clsNameWord) | clsFirstName
		}
	}
}

// analyze runs every detector up to the name model: what the model reads.
func (a *analysis) analyze(text string) {
	a.text = text
	a.tokenize()
	a.readGerman()
	a.readPolish()
	a.markPhrases()
	a.markTitles()
	a.foldNames()
	a.scanCodes()
	a.scanNumbers()
	a.scanEmails()
	a.scanURLs()
	if strings.IndexByte(text, '@') >= 0 {
		a.scanHandles()
	}
	a.scanIPv6()
	a.scanCues()
	a.scanAges()
	a.scanFileNames()
	a.scanNames()
	if a.hangul {
		a.scanKorean()
	}
	if a.arabic {
		a.scanArabic()
	}
	if a.han {
		a.scanChinese()
	}
	a.scanPatientRefs()
}

// ---- tokenizer ----

var abbreviations = map[string]bool{}

func buildAbbreviations() {
	for _, w := range []string{"dr", "mr", "mrs", "ms", "mx", "st", "ave", "blvd", "rd",
		"ln", "jr", "sr", "inc", "co", "no", "vs", "etc", "approx", "apt", "ste", "dept",
		"ft", "lb", "lbs", "oz", "hr", "hrs", "min", "mins", "sq", "e", "g", "i", "pt", "dra", "dres",
		"dob", "mrn", "ph", "tel", "ext", "fl", "mt", "ct", "nac", "nasc", "sra", "srta", "mme", "mlle", "boul", "app", "appt", "apto", "terr",
		// German: number, born, Mrs, Mr, Magister, Diplom, street, approximately, incl.
		"nr", "geb", "fr", "mag", "dipl", "str", "ca", "inkl", "bzw", "polizzennr", "seriennr",
		"versicherungsnr", "patientennr", "kundennr",
		// Polish street; French "Dre" (a woman doctor)
		"ul", "dre"} {
		abbreviations[w] = true
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r)
}

// elisions are the words French and Italian shorten before a vowel.
var elisions = map[string]bool{"d": true, "l": true, "j": true, "n": true, "s": true,
	"m": true, "t": true, "c": true, "qu": true, "jusqu": true, "lorsqu": true, "puisqu": true}

// elided: text[start:apos] is an elided word and the word after the
// apostrophe at next is its own. A capital on both sides ("D'Angelo",
// "L'Oréal") is a name, kept whole.
func (a *analysis) elided(start, apos, next int) bool {
	if apos-start > 7 || !elisions[string(a.lower[start:apos])] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(a.text[next:])
	return unicode.IsLower(rune(a.text[start])) || unicode.IsLower(r)
}

// lowerInPlace lower-cases ASCII, the Latin-1 capitals (À to Þ) and
// Cyrillic (Ѐ to Я) in b. Each of these keeps its length in UTF-8, so
// the lower-cased text keeps the original's offsets, and a sentence that
// opens "Счёт клиента" or "Épilation" reads as its lower-case words do.
func lowerInPlace(b []byte) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case i+1 == len(b): // a lead byte cut off at the end: nothing to lower
		case c == 0xC3 && b[i+1] >= 0x80 && b[i+1] <= 0x9E && b[i+1] != 0x97: // not ×
			b[i+1] += 0x20
			i++
		case c == 0xD0 && b[i+1] >= 0x80 && b[i+1] <= 0x8F: // Ѐ to Џ, Ё among them
			b[i], b[i+1] = 0xD1, b[i+1]+0x10
			i++
		case c == 0xD0 && b[i+1] >= 0x90 && b[i+1] <= 0x9F: // А to П
			b[i+1] += 0x20
			i++
		case c == 0xD0 && b[i+1] >= 0xA0 && b[i+1] <= 0xAF: // Р to Я
			b[i], b[i+1] = 0xD1, b[i+1]-0x20
			i++
		}
	}
}

func (a *analysis) tokenize() {
	t := a.text
	a.lower = append(a.lower[:0], t...)
	lowerInPlace(a.lower)
	var sent int32
	i := 0
	for i < len(t) {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[i:])
		}
		if !isWordRune(r) {
			// A run of terminators ("!!", "?!", a blank line) ends one
			// sentence, not several: "the next sentence" must be the next
			// one written.
			open := len(a.words) > 0 && a.words[len(a.words)-1].sent == sent
			switch r {
			case '\n', '!', '?', '•':
				if open {
					sent++
				}
			case '.':
				if open && a.endsSentence(i) {
					sent++
				}
			default:
				// Social copy ends its sentences with emoji as often as
				// with a stop: "New Year new you 🎆 Start your ...".
				if open && (r >= 0x1F000 || 0x2600 <= r && r <= 0x27BF) {
					sent++
				}
			}
			i += size
			continue
		}
		start := i
		var flags wflag
		allDigits := true
		for i < len(t) {
			r, size = rune(t[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(t[i:])
			}
			if isWordRune(r) {
				if r < '0' || r > '9' {
					allDigits = false
				}
				if unicode.IsLower(r) {
					flags |= wLower
				}
				i += size
				continue
			}
			if (r == '\'' || r == '’') && i+size < len(t) && isWordRune(rune(t[i+size])) {
				if (t[i+size] == 's' || t[i+size] == 'S') && (i+size+1 == len(t) || !isWordRune(rune(t[i+size+1]))) {
					flags |= wPoss
					break
				}
				if a.elided(start, i, i+size) {
					// "d'hydroquinone", "l'acné", "qu'Émilie": French and
					// Italian elision; the word is what follows the
					// apostrophe.
					start, flags, allDigits = i+size, 0, true
				}
				i += size // O'Brien, don't
				continue
			}
			break
		}
		end := i
		if flags&wPoss != 0 {
			i += size + 1
		}
		if first, _ := utf8.DecodeRuneInString(t[start:]); unicode.IsUpper(first) {
			flags |= wCap
		}
		if allDigits {
			flags |= wDigits
		}
		for j := i; j < len(t); j++ {
			if t[j] == ':' {
				flags |= wColon
			}
			if t[j] != ' ' {
				break
			}
		}
		cls := lookup(a.lower[start:end])
		if a.lower[start] >= utf8.RuneSelf {
			cls = a.scriptWord(a.lower[start:end], cls)
		}
		if cls&clsTreatment != 0 && flags&wLower == 0 && end-start == 2 && t[start] == 'T' && start >= 2 && t[start-2] == ',' {
			cls &^= clsTreatment // "Dallas, TX" is Texas, not a treatment
		}
		a.words = append(a.words, word{start: int32(start), end: int32(end), sent: sent, cls: cls, flags: flags})
		if a.words[len(a.words)-1].cls&(clsTreatment|clsCondition) != 0 {
			a.health = true
		}
	}
}

// scriptWord notes which of the scripts with readers of their own word w
// is in, by its lead byte, and returns its classes: cls, or when the
// lexicon has none, what that script's reader finds in it.
func (a *analysis) scriptWord(w []byte, cls class) class {
	switch c := w[0]; {
	case c >= 0xD8 && c <= 0xDB:
		a.arabic = true
	case c == 0xD0 || c == 0xD1:
		if cls == 0 {
			cls = russianClass(w)
		}
	case c >= 0xE3 && c <= 0xE9 && len(w) >= 3:
		a.han = true // kana and CJK ideographs
		a.kana = a.kana || c == 0xE3 || japaneseKana(w)
		if cls == 0 {
			cls = chineseClass(w) | japaneseClass(w)
		}
	case c >= 0xEA && c <= 0xED && len(w) >= 6:
		a.hangul = true // the lead bytes of the Hangul syllables
		if cls == 0 {
			cls = koreanClass(w)
		}
	}
	return cls
}

// foldNames gives a capitalised accented word the name classes of its
// folded form (fold.go) when it stands as a name would: after an
// honorific, beside another capitalised name or before a verb a person's
// name has after it ("Chị Hương", "Trâm Lê", "Mrs. Phạm Thị Ngọc", "Bảo
// nói"). Vietnamese capitalises many words that fold to a
// name ("Trẻ hóa da" after a colon, "Chào mừng"), so one alone is not
// read as one.
func (a *analysis) foldNames() {
	for k := range a.words {
		c := a.foldedName(k)
		if c == 0 {
			continue
		}
		if a.personHonorific(k) || a.sameSent(k-1, k) && a.capName(k-1) || a.sameSent(k, k+1) && (a.capName(k+1) || verbAfter[string(a.lw(k+1))]) ||
			cyrillicWord(a.lw(k)) && a.sentStart(k) && (a.sep(k+1) == ", " || a.sep(k+1) == " (") {
			// a Russian name called at a message's head: "Наташа, добрый день!"
			a.words[k].cls |= c
		}
	}
}

// foldedName is the name classes of word k's folded form, when it is
// capitalised, accented and not already a name or a place ("Montréal"
// folds to a given name of the SSA list, but is the city).
func (a *analysis) foldedName(k int) class {
	if k < 0 || k >= a.n() {
		return 0
	}
	w := a.words[k]
	if w.flags&wCap == 0 || w.cls&(nameClasses|clsPlace) != 0 {
		return 0
	}
	var buf [32]byte
	if f := foldAccents(buf[:], a.lw(k)); f != nil {
		return lexicon[string(f)] & nameClasses
	}
	return 0
}

// capName: word j is capitalised and a name, as it is or folded.
func (a *analysis) capName(j int) bool {
	return a.hasFlag(j, wCap) && (a.has(j, nameClasses) || a.foldedName(j) != 0)
}

// endsSentence decides whether the '.' at i ends a sentence: not after an
// abbreviation like "Dr." or an initial, and not inside "3.5" or a domain.
func (a *analysis) endsSentence(i int) bool {
	if i+1 < len(a.text) && a.text[i+1] != ' ' && a.text[i+1] != '\n' && a.text[i+1] != '\t' {
		return false
	}
	if n := len(a.words); n > 0 {
		w := a.words[n-1]
		if int(w.end) == i && (w.end-w.start == 1 && w.flags&wDigits == 0 || abbreviations[string(a.lower[w.start:w.end])]) {
			return false
		}
	}
	return true
}

// ---- word helpers ----

func (a *analysis) n() int { return len(a.words) }

// lw is word i lower-cased; out of range it is empty, so look-arounds at
// the edges of the text need no bounds checks of their own.
func (a *analysis) lw(i int) []byte {
	if i < 0 || i >= len(a.words) {
		return nil
	}
	w := a.words[i]
	return a.lower[w.start:w.end]
}

func (a *analysis) is(i int, s string) bool {
	return i >= 0 && i < len(a.words) && string(a.lw(i)) == s
}

func (a *analysis) has(i int, c class) bool {
	return i >= 0 && i < len(a.words) && a.words[i].cls&c != 0
}

func (a *analysis) hasFlag(i int, f wflag) bool {
	return i >= 0 && i < len(a.words) && a.words[i].flags&f != 0
}

func (a *analysis) wlen(i int) int {
	if i < 0 || i >= len(a.words) {
		return 0
	}
	return int(a.words[i].end - a.words[i].start)
}

// sep is the text between word i-1 and word i.
func (a *analysis) sep(i int) string {
	if i <= 0 || i >= len(a.words) {
		return ""
	}
	return a.text[a.words[i-1].end:a.words[i].start]
}

func (a *analysis) sameSent(i, j int) bool {
	return i >= 0 && j >= 0 && i < len(a.words) && j < len(a.words) && a.words[i].sent == a.words[j].sent
}

// num parses a digit word; -1 if it is not one or is too long to matter.
func (a *analysis) num(i int) int {
	if i < 0 || i >= len(a.words) || a.words[i].flags&wDigits == 0 || a.wlen(i) > 9 {
		return -1
	}
	v := 0
	for _, c := range a.lw(i) {
		v = v*10 + int(c-'0')
	}
	return v
}

// phraseAt reports whether the words from i on are p.
func (a *analysis) phraseAt(i int, p []string) bool {
	if i+len(p) > len(a.words) {
		return false
	}
	for k, s := range p {
		if string(a.lw(i+k)) != s {
			return false
		}
	}
	return true
}

// wordAt returns the index of the first word starting at or after byte off.
func (a *analysis) wordAt(off int) int {
	lo, hi := 0, len(a.words)
	for lo < hi {
		m := (lo + hi) / 2
		if int(a.words[m].start) < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// within reports whether some word in [i-before, i+after] other than i has
// class c, staying inside i's sentence.
func (a *analysis) within(i, before, after int, c class) bool {
	for j := max(0, i-before); j <= i+after && j < len(a.words); j++ {
		if j != i && a.words[j].cls&c != 0 && a.sameSent(i, j) {
			return true
		}
	}
	return false
}

// ctxWindow bounds every look around a word, so that a text with no
// sentence breaks (a pasted CSV) costs linear, not quadratic, time.
const ctxWindow = 30

// inSentence reports whether a word of class c is in i's sentence, within
// ctxWindow words.
func (a *analysis) inSentence(i int, c class) bool {
	s := a.words[i].sent
	for j := i; j >= 0 && j > i-ctxWindow && a.words[j].sent == s; j-- {
		if a.words[j].cls&c != 0 {
			return true
		}
	}
	for j := i + 1; j < len(a.words) && j < i+ctxWindow && a.words[j].sent == s; j++ {
		if a.words[j].cls&c != 0 {
			return true
		}
	}
	return false
}

// firstAfter returns the index of the first span in spans (sorted by
// first word) that starts after word k.
func firstAfter[S any](spans []S, first func(S) int, k int) int {
	lo, hi := 0, len(spans)
	for lo < hi {
		m := (lo + hi) / 2
		if first(spans[m]) <= k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// spanAt returns the index of the span in spans (sorted, disjoint) that
// contains word j, or -1.
func spanAt[S any](spans []S, bounds func(S) span, j int) int {
	m := firstAfter(spans, func(s S) int { return bounds(s).first }, j) - 1
	if m >= 0 && bounds(spans[m]).last >= j {
		return m
	}
	return -1
}

func (a *analysis) nameAt(j int) *nameSpan {
	if k := spanAt(a.names, func(n nameSpan) span { return n.span }, j); k >= 0 {
		return &a.names[k]
	}
	return nil
}
