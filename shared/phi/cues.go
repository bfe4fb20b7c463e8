package phi

import (
	"strings"
	"time"
)

// A cue is a label that says what the next number or date is ("MRN",
// "member ID", "DOB"). Most identifiers have no checksum and no fixed
// shape, so the label is the evidence; the number only has to look like an
// identifier.
type cueType uint8

const (
	cueMRN            cueType = iota + 1
	cueMRNWeak                // "chart": also "top of the charts 2026"
	cuePlan                   // "member ID" with insurance words, "policy number"
	cuePlanWeak               // "insurance", "Medicare" alone
	cueMember                 // "member ID": a health plan's or the spa's membership
	cueAccount                // a generic account or invoice number
	cueAccountPerson          // an account that can only be a patient's
	cuePatientID              // patient ID, claim, case, encounter numbers
	cuePatientNumber          // "patient #4471": a number right after the noun
	cueIDGeneric              // a bare "ID": only about a patient, never a campaign
	cueLicensePerson          // driver's licence, passport, birth certificate
	cueLicenseGeneric         // "license #": often a staff licence in an ad
	cuePlate
	cueVIN
	cueDevice
	cueSSN
	cueDOB
	cueBirthday // "birthday" is a promotion word too
	cueNPI
	cueBiometric
	cueEventClinical // admitted, discharged, date of service, died
	cueEventVisit    // seen, treated, appointment: clinical only about a patient
	cueCity          // lives in, resides in
	cueTreatmentDate // any treatment or condition word: "filler on 2/14/2026"
)

type cue struct {
	rest []string // words after the first
	typ  cueType
}

// cues maps a cue's first word to its phrases, longest first so that
// "license plate" wins over "license".
var cues = map[string][]cue{}

func addCues(t cueType, phrases string) {
	for _, p := range strings.Split(phrases, ",") {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		list := append(cues[f[0]], cue{rest: f[1:], typ: t})
		for k := len(list) - 1; k > 0 && len(list[k].rest) > len(list[k-1].rest); k-- {
			list[k], list[k-1] = list[k-1], list[k]
		}
		cues[f[0]] = list
	}
}

func buildCues() {
	addCues(cueMRN, `mrn, mr number, medical record, medical records, med rec, record number, 차트번호, 차트,
		record no, chart number, chart no, chart id, ehr, emr, ehr id, emr id, medical record number,
		expediente, expediente clínico, historia clínica, historia clinica, prontuário, prontuario,
		dossier médical, dossier medical, numéro de dossier, no de dossier, num de dossier, hồ sơ bệnh án,
		カルテ番号, カルテno, 病歴番号, 病历号, 病历号码`)
	addCues(cueMRNWeak, `chart, record, mr`)
	addCues(cuePlan, `subscriber id, subscriber number, subscriber no, policy number, policy no,
		policy id, insurance id, insurance number, insurance member, insurance member id, insurance member number, group number, group no,
		medicare number, medicare id, medicaid number, medicaid id, mbi, hicn, beneficiary id,
		beneficiary number, plan id, health plan, insurance card,
		insurance policy, policy holder id, policyholder id, ramq, carte ramq, numéro ramq,
		numero ramq, carte soleil, assurance maladie, ohip, ohip number`)
	addCues(cuePlanWeak, `insurance, policy, medicare, medicaid, bcbs, aetna, cigna, humana, uhc,
		tricare, kaiser, anthem, subscriber, miembro, afiliado, numero de afiliado, número de afiliado`)
	addCues(cueMember, `member id, member number, member no, member`)
	addCues(cueAccount, `account, account number, account no, acct, invoice, receipt, membership,
		membership number, membership id, billing account, no de compte, numéro de compte,
		numero de compte, número de cuenta, numero de cuenta, número da conta, numero da conta`)
	addCues(cueAccountPerson, `patient account, client account, carecredit, care credit, cherry,
		financing account, loyalty number, rewards number, loyalty id, rewards id, alle,
		aspire, brilliant distinctions, cherry financing, cherry financing plan, cherry plan,
		patientfi, patientfi loan, loan, loan number, financing plan, payment plan, alphaeon, alphaeon acct,
		cuenta del cliente, cuenta de cliente, cuenta del paciente, conta do cliente, conta da cliente,
		会员账户, 会员卡, 客户账户, счёт клиента, счет клиента`)
	addCues(cuePatientID, `patient id, patient number, patient no, client id, client number,
		client no, pt id, case number, case no, case id, case, claim, client code,
		klientka nr, klient nr, pacjent nr, pacjentka nr, nr klienta, nr pacjenta, patient code, claim number, claim no, claim id,
		encounter, encounter id, encounter number, visit id, visit number, record id,
		patient identifier, client identifier, guest id, chart id, client ref, patient ref,
		client reference, patient reference, 患者id, 患者番号, 診察券番号, 患者编号, 患者号, 환자번호, 환자id`)
	addCues(cuePatientNumber, `patient, client, pt, guest, claim, cliente, paciente, 고객`)
	addCues(cueIDGeneric, `id, identifier, ref, reference number`)
	addCues(cueLicensePerson, `driver license, drivers license, driver lic, driver licence,
		drivers licence, dl, state id, passport, passport number, passport no, birth certificate,
		death certificate, marriage certificate, id card, green card, alien number,
		permis de conduire, passeport, licencia de conducir, licencia de manejo, pasaporte,
		carteira de motorista, passaporte`)
	addCues(cueLicenseGeneric, `license, license number, license no, licence, licence number, lic,
		certificate, certificate number, certificate no, cert`)
	addCues(cuePlate, `license plate, licence plate, plate, plates, plate number, tag number,
		plate no, vehicle plate`)
	addCues(cueVIN, `vin, vin number, vehicle identification number, vehicle id, chassis number`)
	addCues(cueDevice, `serial number, serial no, serial, s n, sn, device id, device identifier,
		udi, imei, mac address, implant id, implant serial, lot serial, model serial,
		numéro de série, numero de serie, número de serie, no de série, número de série`)
	addCues(cueSSN, `ssn, social security, social security number, ss, social, ss number, itin`)
	addCues(cueDOB, `dob, d o b, date of birth, birth date, birthdate, born, born on, yob, تاريخ الميلاد, д р, дата рождения, 生日, 出生日期,
		year of birth, b day, fecha de nacimiento, fecha de nac, f nac, fec nac,
		data de nascimento, data de nasc, date de naissance, né le, née le, ngày sinh,
		petsa ng kapanganakan, kaarawan, 생년월일, 생일, 生年月日, geburtsdatum, geb, geboren,
		data di nascita, nato il, nata il, data urodzenia, urodzona, urodzony, doğum tarihi,
		data nașterii, data nasterii, ημερομηνία γέννησης, תאריך לידה, تاریخ تولد, janam tithi`)
	addCues(cueBirthday, `birthday, bday`)
	addCues(cueNPI, `npi, npi number, national provider identifier`)
	addCues(cueBiometric, `fingerprint, fingerprints, thumbprint, retina scan, retinal scan,
		retinal image, iris scan, iris pattern, voiceprint, voice print, faceprint, face print,
		facial geometry, face geometry, facial recognition, palm print, palmprint, palm vein,
		hand geometry, dna, genetic profile, genetic test, genetic marker, genome, biometric,
		biometrics, gait, face scan, facial scan, 3d scan, 3d face scan, face mapping,
		facial mapping, face mapping scan, face map, scan 3d, vectra, vectra scan`)
	addCues(cueEventClinical, `admitted, admission, admit date, discharged, discharge,
		date of service, dos, died, date of death, deceased, passed away, hospitalized,
		er visit, emergency room`)
	addCues(cueEventVisit, `seen, treated, injected, visit, visited, came in, came, procedure,
		surgery, follow up, followup, consult, appointment, appt, last visit, last seen,
		treatment, session, was in, injections, reaction, onset, started, had,
		service date, visit date, treatment date, start date, date of visit, date of treatment,
		done, vino, volvió, sesión, cita, consulta, retorno, sessão, séance, rendez vous,
		tái khám, last tx, last treatment`)
	addCues(cueCity, `lives in, resides in, lives near, living in, home in, hometown,
		resident of, moved to, lives at, resides at`)
	loadLabelCues()
}

// idAfter finds the identifier that a label at word k introduces: the first
// word after the label that is not a filler ("number", "is", "on file"),
// within four words and the same sentence. It returns that word or -1.
func (a *analysis) idAfter(k int) int {
	for j := k + 1; j <= k+5 && j < a.n(); j++ {
		if !a.sameSent(k, j) {
			return -1
		}
		if a.words[j].cls&clsIDFiller != 0 && (a.words[j].flags&wLower != 0 || a.is(j, "id")) {
			continue
		}
		if a.idLike(j) || a.digitGroups(j) {
			return j
		}
		if a.payerPrefix(j) && j+1 < a.n() && a.sameSent(j, j+1) && a.idLike(j+1) {
			return j + 1 // "member ID BCBSTX XJH884421907": the payer's code, then the number
		}
		return -1
	}
	return -1
}

// plateAfter finds a plate printed in two groups after the label at k,
// "plate RKN 482", "ID plate 1A 58J22", "plate 482 KTW": capitals and
// digits, a digit and a capital in the two, five to seven characters
// besides the space. It returns the first group's word or -1.
func (a *analysis) plateAfter(k int) int {
	j := k + 1
	if !a.sameSent(k, j+1) || a.sep(j+1) != " " {
		return -1
	}
	digits, caps := 0, 0
	group := func(m, lo, hi int) bool {
		w := a.text[a.words[m].start:a.words[m].end]
		if len(w) < lo || len(w) > hi {
			return false
		}
		for _, c := range []byte(w) {
			switch {
			case c >= '0' && c <= '9':
				digits++
			case c >= 'A' && c <= 'Z':
				caps++
			default:
				return false
			}
		}
		return true
	}
	if n := a.wlen(j) + a.wlen(j+1); n < 5 || n > 7 || !group(j, 1, 4) || !group(j+1, 2, 5) || digits == 0 || caps == 0 {
		return -1
	}
	return j
}

// digitGroups: word j opens a number printed in groups of two to four
// digits, eight to twelve in all, as health and insurance cards print
// them: "NHS number 943 476 5919".
func (a *analysis) digitGroups(j int) bool {
	total, groups := 0, 0
	for k := j; k < a.n() && a.hasFlag(k, wDigits) && a.wlen(k) >= 2 && a.wlen(k) <= 4; k++ {
		if k > j && a.sep(k) != " " {
			break
		}
		total += a.wlen(k)
		groups++
	}
	return groups >= 3 && total >= 8 && total <= 12
}

// payerPrefix: a short word in capitals and letters only, the way a card
// prints the payer before the member number.
func (a *analysis) payerPrefix(j int) bool {
	n := a.wlen(j)
	if n < 2 || n > 8 || a.words[j].flags&wLower != 0 {
		return false
	}
	for _, c := range []byte(a.text[a.words[j].start:a.words[j].end]) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// rawToken is word j with the punctuation that belongs to an identifier
// ("A-99812", "7781/22", "1EG4-TE5-MK73"): up to the next space, and at
// most 64 bytes so that a huge unbroken token cannot make Check quadratic.
func (a *analysis) rawToken(j int) string {
	s := int(a.words[j].start)
	e := s
	for e < len(a.text) && e-s < 64 {
		c := a.text[e]
		if c == ' ' || c == '\n' || c == '\t' || c == ',' || c == ';' || c == '"' {
			break
		}
		// GS1 device identifiers put (01), (17) inside the code.
		if (c == ')' || c == '(') && (e+1 == len(a.text) || a.text[e+1] < '0' || a.text[e+1] > '9') {
			break
		}
		e++
	}
	for e > s && (a.text[e-1] == '.' || a.text[e-1] == ':') {
		e--
	}
	return a.text[s:e]
}

// idLike: at least four digits, or a code mixing letters and digits. A
// money amount or a percentage is never an identifier.
func (a *analysis) idLike(j int) bool {
	s := int(a.words[j].start)
	if s > 0 && (a.text[s-1] == '$' || a.text[s-1] == '@') {
		return false
	}
	tok := a.rawToken(j)
	if strings.ContainsAny(tok, "%@") || strings.Contains(tok, "://") {
		return false
	}
	digits, letters, lowerRun := 0, 0, 0
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
			lowerRun = 0
		case 'a' <= c && c <= 'z':
			letters++
			lowerRun++
			// "87-year-old" is words, not a code.
			if lowerRun >= 3 && (i+1 == len(tok) || tok[i+1] < '0' || tok[i+1] > '9') && digits < 4 {
				return false
			}
		case 'A' <= c && c <= 'Z':
			letters++
			lowerRun = 0
		default:
			lowerRun = 0
		}
	}
	return digits >= 4 || digits >= 2 && letters >= 1 && digits+letters >= 5
}

// yearLike is a four-digit number that reads as a year.
func (a *analysis) yearLike(j int) bool {
	v := a.num(j)
	return a.wlen(j) == 4 && v >= 1900 && v <= 2100 && a.rawToken(j) == string(a.text[a.words[j].start:a.words[j].end])
}

// dateAfter returns the first date starting within n words after k in the
// same sentence, unless a promotion word ("ends", "through") comes first.
func (a *analysis) dateAfter(k, n int) *dateSpan {
	if d := firstAfter(a.dates, func(d dateSpan) int { return d.first }, k); d < len(a.dates) {
		f := a.dates[d].first
		if f > k+n || !a.sameSent(k, f) {
			return nil
		}
		for j := k + 1; j < f; j++ {
			if a.words[j].cls&clsPromo != 0 {
				return nil
			}
		}
		return &a.dates[d]
	}
	return nil
}

// personBefore reports whether one specific person is named or referred to
// within n words before i: her, his, the client's, a name.
func (a *analysis) personBefore(i, n int) bool {
	for j := i - 1; j >= 0 && j >= i-n && a.sameSent(i, j); j-- {
		w := a.words[j]
		if w.cls&clsPronoun != 0 && !a.is(j, "their") {
			return true
		}
		if w.cls&clsPatientNoun != 0 || a.is(j, "mrs") || a.is(j, "mr") || a.is(j, "ms") || a.is(j, "miss") ||
			personHonorifics[string(a.lw(j))] && a.hasFlag(j+1, wCap) { // "Frau Hollerer ist 93"
			return true
		}
		if w.flags&wPoss != 0 && w.flags&wCap != 0 && w.cls&clsFirstName != 0 {
			return true
		}
		if w.flags&wCap != 0 && w.cls&clsFirstName != 0 && j > 0 && personHonorifics[string(a.lw(j-1))] {
			return true // "Pani Halina ma 91 lat"
		}
		if nm := a.nameAt(j); nm != nil && nm.role != roleStaff {
			return true
		}
	}
	return false
}

func (a *analysis) pendOn(k Kind) { a.pend = append(a.pend, k) }

var insuranceWords = []string{"insurance", "insurer", "plan", "medicare", "medicaid", "aetna",
	"cigna", "bcbs", "blue", "humana", "united", "uhc", "kaiser", "tricare", "hmo", "ppo", "copay",
	"deductible", "subscriber", "policy", "payer", "coverage", "covered", "eob", "claim", "anthem"}

func (a *analysis) mentionsInsurance() bool {
	if a.insuranceMemo == 0 {
		a.insuranceMemo = -1
	scan:
		for i := range a.words {
			for _, w := range insuranceWords {
				if string(a.lw(i)) == w {
					a.insuranceMemo = 1
					break scan
				}
			}
		}
	}
	return a.insuranceMemo > 0
}

func (a *analysis) scanCues() {
	defer a.pendDates()
	for i := 0; i < a.n(); i++ {
		list, ok := cues[string(a.lw(i))]
		if !ok {
			if a.has(i, clsTreatment|clsCondition) {
				a.cueAt(i, i, cueTreatmentDate)
			}
			continue
		}
		for _, c := range list {
			if !a.phraseAt(i+1, c.rest) {
				continue
			}
			k := i + len(c.rest) // last word of the cue
			if a.cueAt(i, k, c.typ) {
				i = k
			}
			break
		}
	}
}

// cueAt acts on the cue spanning words i..k and reports whether it was used.
func (a *analysis) cueAt(i, k int, t cueType) bool {
	switch t {
	case cueDOB, cueBirthday:
		return a.birthCue(i, k, t)
	case cueEventClinical:
		if a.dateAfter(k, 5) != nil {
			a.flag(KindDate)
			a.patientRef = true
			return true
		}
		return false
	case cueEventVisit:
		if a.dateAfter(k, 4) != nil {
			a.pendOn(KindDate)
			return true
		}
		return false
	case cueTreatmentDate:
		// "necrosis after filler on 02/14/2026": a date right after a
		// treatment or condition is when it happened to someone.
		if d := a.dateAfter(k, 3); d != nil && (d.year != 0 || a.has(d.first-1, clsHealthVerb) || a.is(d.first-1, "on")) {
			a.pendOn(KindDate)
		}
		return false
	case cueBiometric:
		return a.biometricCue(i, k)
	case cueCity:
		if j := k + 1; j < a.n() && a.hasFlag(j, wCap) && a.hasFlag(j, wLower) && a.words[j].cls&clsNotSurname == 0 {
			if a.personBefore(i, 3) || a.is(i-1, "she") || a.is(i-1, "he") || a.is(i-1, "who") {
				a.geos = append(a.geos, geoSpan{span: span{i, j}, weak: true, person: true})
				return true
			}
		}
		return false
	case cuePatientNumber:
		// Only a number straight after the noun: "client #4471", not
		// "client since 2019" or "patient 1 of 3".
		j := k + 1
		if j < a.n() && a.sameSent(k, j) && a.idLike(j) && !a.yearLike(j) && (a.sep(j) == " " || a.sep(j) == " #" || a.sep(j) == "#" || a.sep(j) == ": ") {
			a.flag(KindPatientID)
			a.patientRef = true
			return true
		}
		return false
	}

	j := a.idAfter(k)
	if j < 0 && t == cuePlate {
		j = a.plateAfter(k)
	}
	if j < 0 {
		return false
	}
	a.anchors = append(a.anchors, i)
	switch t {
	case cueMRN:
		a.flag(KindMRN)
		a.patientRef = true
	case cueMRNWeak:
		if a.yearLike(j) {
			return false
		}
		if a.is(i, "mr") && !strings.HasPrefix(a.text[a.words[i].end:], "#") {
			return false // "MR#" is a record number, "Mr." a title
		}
		a.flag(KindMRN)
		a.patientRef = true
	case cuePlan:
		a.flag(KindHealthPlan)
		a.patientRef = true
	case cuePlanWeak:
		if a.yearLike(j) {
			return false
		}
		a.flag(KindHealthPlan)
		a.patientRef = true
	case cueMember:
		if a.mentionsInsurance() {
			a.flag(KindHealthPlan)
			a.patientRef = true
		} else if a.health {
			a.flag(KindAccount)
		}
	case cueAccountPerson:
		// "Patient account #TP-0063318 (Yvonne Reece)": a patient's or
		// client's account, or a financing account for a named person,
		// is one whatever the text says of care.
		if a.health || a.has(i, clsPatientNoun) || a.bracketedNameAfter(j) || a.forNameAfter(j) {
			a.flag(KindAccount)
		}
	case cueAccount:
		if a.yearLike(j) || a.within(i, 3, 0, clsPlatform) {
			return false
		}
		if (a.personBefore(i, 3) || a.bracketedNameAfter(j)) && a.health || a.fullBracketedName(j) {
			// A full name in brackets after the number owns it whatever
			// the text says of care: "Account #RIV-0058213 (Vanessa Krol)
			// is 2 months past due".
			// "Jo Reyes's acct 4471 ...", "acct #MS-0048213 (Harriet Osei) has
			// a credit from the cancelled fraxel"
			a.flag(KindAccount)
		} else {
			a.pendOn(KindAccount)
		}
	case cuePatientID:
		if a.yearLike(j) || a.is(i, "claim") && i == k && !strings.Contains(a.sep(j), "#") && !strings.Contains(a.sep(i+1), "#") {
			return false // "Claim # 2025CL0098412" is one; "claim code SUMMER20" is not
		}
		a.flag(KindPatientID)
		a.patientRef = true
	case cueIDGeneric:
		if a.within(i, 3, 0, clsPlatform|clsBusiness) {
			return false
		}
		a.pendOn(KindPatientID)
	case cueLicensePerson:
		if a.has(i, clsCredential) && a.wlen(j) != 13 {
			return false // "CNP-031557" a nurse practitioner's licence, not a Romanian CNP's 13 digits
		}
		a.flag(KindLicense)
	case cueLicenseGeneric:
		if a.within(i, 5, 5, clsStaffRef|clsCredential) {
			return false
		}
		if i > 0 && a.wlen(i-1) == 2 && !a.hasFlag(i-1, wLower) && usStates[a.text[a.words[i-1].start:a.words[i-1].end]] {
			a.flag(KindLicense) // "FL license W420-...": a state's driver's licence
			return true
		}
		a.pendOn(KindLicense)
	case cuePlate:
		if a.within(i, 4, 0, clsBusiness) || a.words[j].flags&wDigits != 0 && a.wlen(j) > 4 {
			return false
		}
		a.flag(KindVehicle)
	case cueVIN:
		a.flag(KindVehicle)
	case cueDevice:
		if a.within(j, 8, 12, clsEquipment) || a.inRoom(j) {
			return false
		}
		if a.within(j, 10, 10, clsImplant) || a.personBefore(i, 4) {
			a.flag(KindDevice)
		} else {
			a.pendOn(KindDevice)
		}
	case cueSSN:
		if a.wlen(j) == 9 && a.words[j].flags&wDigits != 0 {
			v := a.num(j)
			if ssnValid(v/1000000, v/10000%100, v%10000) {
				a.flag(KindSSN)
				a.patientRef = true
			}
		} else if a.ssnShape(j) {
			// "SSN 900-44-7712": labelled, so refused even where the
			// number could not be issued (an ITIN, a mistyped digit).
			a.flag(KindSSN)
			a.patientRef = true
		}
	case cueNPI:
		if npiValid(a.rawToken(j)) {
			a.pendOn(KindNPI)
		}
	}
	return true
}

// birthCue handles DOB labels. A year alone is allowed by Safe Harbor
// unless it makes the person older than 89.
func (a *analysis) birthCue(i, k int, t cueType) bool {
	if d := a.dateAfter(k, 4); d != nil {
		if t == cueBirthday && d.year == 0 && !a.personBefore(i, 3) {
			return false
		}
		d.dob = true
		a.flag(KindDateOfBirth)
		a.patientRef = true
		a.anchors = append(a.anchors, i)
		return true
	}
	if t == cueBirthday {
		return false
	}
	for j := k + 1; j <= k+3 && j < a.n() && a.sameSent(k, j); j++ {
		if a.yearLike(j) {
			if time.Now().Year()-a.num(j) > 89 {
				a.flag(KindAge)
			}
			return true
		}
	}
	return false
}

// biometricCue: biometric words are marketing words too ("our DNA-based
// skincare"), so they count only with an identifier or a specific person.
func (a *analysis) biometricCue(i, k int) bool {
	if a.personBefore(i, 2) {
		a.flag(KindBiometric) // "we saved his voiceprint"
		return true
	}
	if a.within(i, 3, 0, clsBusiness) {
		return false
	}
	// "voiceprint for Odalys Abernathy": names are found later, so look
	// for the shape of one.
	// "Fingerabdruck von Frau Berger", "vân tay của chị Hân" likewise.
	named := (a.is(k+1, "for") || a.is(k+1, "of") || biometricOf[string(a.lw(k+1))]) && (a.hasFlag(k+2, wCap) && a.hasFlag(k+2, wLower) ||
		a.is(k+2, "her") || a.is(k+2, "his") || personHonorifics[string(a.lw(k+2))])
	if j := a.idAfter(k); j >= 0 || named || a.personBefore(i, 4) {
		a.flag(KindBiometric)
		return true
	}
	a.pendOn(KindBiometric)
	return true
}

// biometricOf are "of" in the other languages of the label list.
var biometricOf = map[string]bool{"de": true, "da": true, "do": true, "del": true, "von": true,
	"di": true, "của": true, "ni": true, "ta": true, "van": true}

// personNouns may follow "N-year-old"; any other noun ("90-year-old
// building") means the age is not a person's.
var personNouns = map[string]bool{"client": true, "patient": true, "woman": true, "man": true,
	"female": true, "male": true, "lady": true, "gentleman": true, "grandmother": true,
	"grandfather": true, "grandma": true, "grandpa": true, "mother": true, "father": true,
	"mom": true, "dad": true, "veteran": true, "widow": true, "resident": true, "pt": true,
	"f": true, "m": true, "guest": true, "customer": true, "person": true}

// scanAges finds ages over 89: "92-year-old", "94 y/o", "93yo", "age 91",
// "aged 93", "she is 95", "nonagenarian".
// ageNounAfter: words after "a 91-year-old" that make the age the noun,
// a person: "a 91-year-old in the chair", "a 93-year-old who had ...".
var ageNounAfter = map[string]bool{"in": true, "on": true, "with": true, "who": true, "is": true,
	"was": true, "at": true, "for": true, "from": true, "came": true, "had": true, "has": true,
	"needs": true, "wants": true, "got": true, "asked": true, "called": true}

func (a *analysis) scanAges() {
	for i := 0; i < a.n(); i++ {
		if a.is(i, "nonagenarian") || a.is(i, "centenarian") || a.is(i, "supercentenarian") {
			a.flag(KindAge)
			continue
		}
		v, next := a.num(i), i+1
		if w := a.lw(i); v < 0 && len(w) >= 4 && len(w) <= 5 && (string(w[len(w)-2:]) == "yo") {
			v, next = atoiBytes(w[:len(w)-2]), i // "93yo"
			if v >= 90 && v <= 125 && a.health {
				a.flag(KindAge)
			}
			continue
		}
		if w := a.lw(i); v < 0 && len(w) >= 5 && len(w) <= 6 && (string(w[len(w)-3:]) == "세" || string(w[len(w)-3:]) == "살" ||
			string(w[len(w)-3:]) == "歳" || string(w[len(w)-3:]) == "岁") {
			if v = atoiBytes(w[:len(w)-3]); v >= 90 && v <= 125 && a.health {
				a.flag(KindAge) // "93세 할머니 고객님 검버섯 레이저"
			}
			continue
		}
		if v < 90 || v > 125 {
			continue
		}
		if (a.is(i-1, "turned") || a.is(i-1, "turns") || a.is(i-1, "turning")) && a.health && a.sameSent(i-1, i) {
			a.flag(KindAge) // "our oldest regular just turned 93 and came in for her IV"
			continue
		}
		switch {
		case a.is(next, "yo") || a.is(next, "y") && a.is(next+1, "o") || a.is(next, "yrs") && a.is(next+1, "old"):
			if !a.health {
				continue
			}
		case (a.is(next, "year") || a.is(next, "years") || a.is(next, "yr")) && a.is(next+1, "old"):
			// "92-year-old client" or "she is 92 years old." but not
			// "our 90-year-old building".
			n := next + 2
			if n < a.n() && a.has(n, clsTreatment) && a.sep(n+1) == " " && (personNouns[string(a.lw(n+1))] || a.has(n+1, clsPatientNoun)) {
				n++ // "our 92-year-old TRT patient"
			}
			if n < a.n() && a.sameSent(i, n) && !personNouns[string(a.lw(n))] && !ageNounAfter[string(a.lw(n))] && a.sep(n) == " " {
				continue
			}
			if !a.health {
				continue
			}
		case yearsWords[string(a.lw(next))] && (a.health || a.personBefore(i-1, 3)):
			// "Madanm Yolande Antoine gen 93 lane", "elle a 91 ans", "bà 92 tuổi"
		case (a.is(next, "year") || a.is(next, "years")) && a.is(next+1, "of") && a.is(next+2, "age"):
		case a.is(i-1, "age") || a.is(i-1, "aged"):
			if a.sep(next) == "+" || a.sep(next) == "+ " || a.is(next, "and") || a.is(next, "or") {
				continue // "ages 90 and up" describes an audience
			}
		case (a.is(i-1, "is") || a.is(i-1, "turned") || a.is(i-1, "turns") || a.is(i-1, "turning") ||
			a.is(i-1, "ist") || a.is(i-1, "wird")) && (a.personBefore(i-1, 3) || a.is(i-2, "she") || a.is(i-2, "he") || a.is(i-2, "sie") || a.is(i-2, "er")):
		case (a.is(i-1, "she") || a.is(i-1, "he")) && a.hasFlag(i-1, wPoss): // "she's 91"
		case a.sep(i) == ", " && (next >= a.n() || strings.HasPrefix(a.sep(next), ",")) && a.health && i > 0 &&
			a.hasFlag(i-1, wCap) && a.has(i-1, clsFirstName|clsSurname) && !a.has(i-1, clsBusiness|clsPlace|clsMonth|clsStaffTitle):
			// "Beulah Crockett, 93, just joined our B12 program"
		default:
			continue
		}
		a.flag(KindAge)
	}
}

// yearsWords say "years (old)" after an age in French, Spanish,
// Portuguese, Haitian Creole, Vietnamese, Tagalog, Hindi, Italian, German,
// Polish and Russian.
var yearsWords = map[string]bool{"ans": true, "años": true, "anos": true, "lane": true,
	"tuổi": true, "taon": true, "saal": true, "sal": true, "anni": true, "jahre": true,
	"jahren": true, "lat": true, "лет": true, "года": true, "год": true}

func atoiBytes(b []byte) int {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

// pendDates: in a text about one patient's treatment, a date is when
// something happened to that patient ("her botox was done 01/15/2026",
// "she missed her 10/12 check-in"), unless a promotion word says it is an
// offer's. It counts only if the text turns out to be about a patient.
func (a *analysis) pendDates() {
	if !a.health {
		return
	}
	for _, d := range a.dates {
		if d.dob || a.has(d.first-1, clsPromo) || a.has(d.first-2, clsPromo) || a.has(d.first-3, clsPromo) {
			continue
		}
		a.pendOn(KindDate)
		return
	}
}

// bracketedNameAfter: a name in brackets follows the ID that starts at
// word j (an ID has at most three parts): "acct #MS-0048213 (Harriet Osei)".
// forNameAfter: "for" or "de" and a capitalised given name follow the
// identifier at j: "CHR-7781-20456 for Marisa Kuehn's 6-month program".
func (a *analysis) forNameAfter(j int) bool {
	for m := j + 1; m <= j+4 && m+1 < a.n() && a.sameSent(j, m); m++ {
		if a.is(m, "for") || a.is(m, "de") || a.is(m, "para") {
			return a.hasFlag(m+1, wCap) && a.has(m+1, clsFirstName)
		}
	}
	return false
}

func (a *analysis) bracketedNameAfter(j int) bool {
	for m := j + 1; m <= j+3 && m < a.n() && a.sameSent(j, m); m++ {
		if strings.HasSuffix(a.sep(m), "(") {
			return a.hasFlag(m, wCap) && a.has(m, clsFirstName) // the names are read after the cues
		}
	}
	return false
}

// fullBracketedName: the bracket after the number at word j holds a
// given name (as bracketedNameAfter reads it) and a capitalised surname,
// and closes: "(Vanessa Krol)".
func (a *analysis) fullBracketedName(j int) bool {
	for m := j + 1; m <= j+3 && m+1 < a.n() && a.sameSent(j, m); m++ {
		if strings.HasSuffix(a.sep(m), "(") {
			closes := strings.HasPrefix(a.text[a.words[m+1].end:], ")")
			return a.hasFlag(m, wCap) && a.has(m, clsFirstName) && a.hasFlag(m+1, wCap) && a.sep(m+1) == " " && closes &&
				!a.has(m+1, clsBusiness|clsPlatform|clsStaffTitle)
		}
	}
	return false
}

// inRoom: a room of the clinic is named just after the serial at word j,
// "pump serial IP-20931 in room 3 keeps failing": the clinic's equipment,
// not a device a client carries.
func (a *analysis) inRoom(j int) bool {
	for k := j + 1; k <= j+3 && k+1 < a.n() && a.sameSent(j, k); k++ {
		if (a.is(k, "room") || a.is(k, "rm")) && a.words[k+1].flags&wDigits != 0 {
			return true
		}
	}
	return false
}
