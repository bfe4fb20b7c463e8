package phi

import (
	"regexp"
	"strings"
	"sync"
)

// Contact details (phone, fax, email, street address, ZIP, IP, profile URL)
// are in every ad as the clinic's own. One becomes PHI when it is a
// person's and the text is about health: "call us at" and "her cell" are
// the difference, so the nearest owner word before the detail decides.

// The expressions are compiled on their first use, not at init (see
// buildLexicon).
var (
	reEmail = lazyRegexp(`[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}`)
	reIPv6  = lazyRegexp(`(?i)\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?`)
)

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

func (a *analysis) scanEmails() {
	if strings.IndexByte(a.text, '@') < 0 {
		return
	}
	// The regexp runs only on the run of address characters around each
	// '@': over a whole 1,000-character text it was half of Check's time.
	for off := 0; ; {
		k := strings.IndexByte(a.text[off:], '@')
		if k < 0 {
			return
		}
		at := off + k
		lo, hi := at, at+1
		for lo > 0 && emailLocalByte(a.text[lo-1]) {
			lo--
		}
		for hi < len(a.text) && (emailDomainByte(a.text[hi]) || a.text[hi] == '@') {
			hi++
		}
		off = hi
		for w := lo; w < hi; {
			m := reEmail().FindStringIndex(a.text[w:hi])
			if m == nil {
				break
			}
			s, e := w+m[0], w+m[1]
			w = e
			f := a.wordAt(s)
			l := a.wordAt(e) - 1
			if f > l {
				continue
			}
			a.emails = append(a.emails, emailSpan{span{f, l}, s, e})
			if !businessEmail(a.text[s:e]) {
				a.anchors = append(a.anchors, f) // a clinic address makes no record
			}
		}
	}
}

func emailLocalByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func emailDomainByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-'
}

// scanHandles finds social handles (@jess.lopez88) that are not part of
// an email address.
func (a *analysis) scanHandles() {
	for off := 0; ; {
		k := strings.IndexByte(a.text[off:], '@')
		if k < 0 {
			return
		}
		at := off + k
		off = at + 1
		if at > 0 && isWordRune(rune(a.text[at-1])) {
			continue // an email address
		}
		e := at + 1
		for e < len(a.text) && (isWordRune(rune(a.text[e])) || a.text[e] == '.' || a.text[e] == '_') && a.text[e] < 0x80 {
			e++
		}
		for e > at+1 && a.text[e-1] == '.' {
			e--
		}
		if e-at < 3 {
			continue
		}
		if businessName(strings.ToLower(a.text[at+1 : e])) {
			// a clinic's handle, or a client's that reads like one
			// ("@drea.beauty"): the name model weighs it
			a.bizHandles = append(a.bizHandles, a.wordAt(at))
			continue
		}
		a.handles = append(a.handles, a.wordAt(at))
	}
}

// businessName: a handle or domain that names a clinic.
func businessName(s string) bool {
	for _, p := range businessDomainParts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// scanURLs finds URLs with a path or query (where identifiers live): a
// run of non-space characters whose host part has a dot and a letter TLD.
// A hand-written scan, because a URL regexp was most of Check's time.
func (a *analysis) scanURLs() {
	t := a.text
	for i := 0; i < len(t); {
		s, e := spaceToken(t, i)
		i = e
		for s < e && strings.IndexByte("(<[\"'", t[s]) >= 0 {
			s++
		}
		for e > s && strings.IndexByte(".,;:!)>]\"'", t[e-1]) >= 0 {
			e--
		}
		if s < e && strings.IndexAny(t[s:e], "/?") >= 0 && urlHost(t[s:e]) {
			a.urls = append(a.urls, [2]int{s, e})
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// spaceToken returns the bounds of the first run of non-space bytes of t
// at or after i (s == e == len(t) when there is none).
func spaceToken[T ~string | ~[]byte](t T, i int) (s, e int) {
	for i < len(t) && isSpace(t[i]) {
		i++
	}
	s = i
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	return s, i
}

// urlHost reports whether u starts with an optional scheme and a host name
// such as glowmedspa.com, followed by a path or query.
func urlHost(u string) bool {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	end := strings.IndexAny(u, "/?")
	if end <= 0 {
		return false
	}
	host := u[:end]
	if c := strings.IndexByte(host, ':'); c >= 0 {
		host = host[:c] // a port
	}
	dot := strings.LastIndexByte(host, '.')
	if dot <= 0 || len(host)-dot-1 < 2 || strings.IndexByte(host, '@') >= 0 {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i] | 0x20
		if !('a' <= c && c <= 'z' || '0' <= host[i] && host[i] <= '9' || host[i] == '-' || host[i] == '.') {
			return false
		}
	}
	for i := dot + 1; i < len(host); i++ {
		if c := host[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (a *analysis) scanIPv6() {
	if !strings.Contains(a.text, "::") && strings.Count(a.text, ":") < 7 {
		return
	}
	for _, m := range reIPv6().FindAllStringIndex(a.text, -1) {
		s := a.text[m[0]:m[1]]
		if strings.Count(s, ":") < 3 && !strings.Contains(s, "::") {
			continue
		}
		f := a.wordAt(m[0])
		if f < a.n() {
			a.ips = append(a.ips, span{f, a.wordAt(m[1]) - 1})
		}
	}
}

type owner uint8

const (
	ownerNone owner = iota
	ownerBusiness
	ownerPerson
	ownerName // an unlabelled name: weaker than "her cell"
)

// ownerBefore scans back from the first word of a contact detail, within
// its sentence, for the nearest word that says whose it is.
func (a *analysis) ownerBefore(i int) owner {
	for j := i - 1; j >= 0 && j >= i-8 && a.sameSent(i, j); j-- {
		w := a.words[j]
		if a.inStreet(j) {
			continue // "2900 N Clark St, Chicago IL 60657": a street's name, not the ZIP's owner
		}
		if nm := a.nameAt(j); nm != nil {
			switch nm.role {
			case rolePatient:
				return ownerPerson
			case roleStaff:
				return ownerBusiness
			}
			// "Text Jessica at ...": a call to action before an unknown
			// name makes it staff.
			for m := nm.first - 1; m >= nm.first-2 && m >= 0; m-- {
				if a.has(m, clsContactVerb|clsStaffTitle) && !a.has(m, clsPronoun) {
					return ownerBusiness
				}
			}
			return ownerName
		}
		if w.cls&clsPronoun != 0 {
			if a.has(j+1, clsContactNoun) || a.has(j-1, clsContactVerb) {
				return ownerPerson
			}
			if (a.is(j, "her") || a.is(j, "him")) && a.has(j-1, clsBusiness) {
				return ownerPerson // "tag her in ...": the one tagged is a person
			}
			continue
		}
		if w.cls&clsPatientNoun != 0 && !a.has(j-1, clsGenericMod) {
			return ownerPerson // "text my client at", "client's cell"
		}
		if w.cls&clsPersonal != 0 || a.is(j, "back") && a.is(j-1, "call") {
			return ownerPerson // "cell", "home", "call back"
		}
		if w.cls&clsBusiness != 0 {
			return ownerBusiness
		}
	}
	return ownerNone
}

// inStreet: word j is inside a street address the numbers read.
func (a *analysis) inStreet(j int) bool {
	for _, g := range a.geos {
		if !g.weak && g.first < j && j <= g.last {
			return true
		}
	}
	return false
}

// contactScore scores a contact detail starting at word i.
func (a *analysis) contactScore(i int) float64 {
	if !a.health && !a.patientRef {
		return 0
	}
	s := 0.1
	owner := a.ownerBefore(i)
	if owner != ownerPerson && (a.personLeftIt(i) || owner == ownerBusiness && (a.has(i-1, clsContactVerb) || a.is(i-1, "to")) && a.ownerAfter(i) == ownerPerson) {
		// "Missed call 555-...", "New lead via web: 555-...", "Text (512)
		// 555-0143 - that's the client who got hives"
		owner = ownerPerson
	}
	if p := a.phoneAt(i); p >= 0 && a.is(a.phones[p].last+1, "back") && a.has(i-1, clsContactVerb) {
		owner = ownerPerson // "call 312-555-0179 back": someone who called us
	}
	if owner == ownerNone {
		owner = a.ownerAfter(i)
	}
	if owner == ownerNone && a.health && a.someoneNear(i) && !a.within(i, 3, 3, clsStaffRole|clsStaffTitle|clsStaffVerb) {
		owner = ownerPerson // "Call back 555-0143 — she says her Kybella swelling ..."
	}
	if a.forwardedTo(i) {
		// a message the desk is told to send to the number: "Text esto al
		// (786) 555-0193: Hola, tu receta de semaglutida ya está lista"
		owner = ownerPerson
	}
	switch owner {
	case ownerBusiness:
		return 0
	case ownerPerson:
		s += 0.5
	case ownerName:
		s += 0.3
		if a.inSentence(i, clsCondition) {
			s += 0.2 // a named person and a condition: a patient's detail
		}
	}
	if a.patientRef {
		s += 0.4
	}
	return s
}

// ownerAfter reads the few words after a contact detail that begins at
// word i for a sign that a person left it: "555-740-2215, wants
// semaglutide", "Missed call 555-614-0092 (acne pt ...)", "cliente quer".
func (a *analysis) ownerAfter(i int) owner {
	end := i
	if p := a.phoneAt(i); p >= 0 {
		end = a.phones[p].last
	}
	if k := end + 1; k < a.n() && a.sameSent(i, k) && strings.HasSuffix(a.sep(k), "(") && a.capName(k) &&
		k+1 < a.n() && strings.HasPrefix(a.sep(k+1), ")") {
		return ownerPerson // "text reminder to 657-555-0119 (Phương): laser hair removal tomorrow"
	}
	for k := end + 1; k <= end+4 && k < a.n() && a.sameSent(i, k); k++ {
		if a.has(k, clsBusiness|clsStaffTitle|clsStaffRole) {
			return ownerNone
		}
		if (a.is(k, "remind") || a.is(k, "tell") || a.is(k, "ask") || a.is(k, "let")) && (a.is(k+1, "him") || a.is(k+1, "her") || a.is(k+1, "them")) ||
			a.is(k, "when") && (a.is(k+1, "his") || a.is(k+1, "her")) {
			return ownerPerson // "text 555-307-4421 to remind him his dose goes up", "to let her know", "when his refill is in"
		}
		if personalVerbs[string(a.lw(k))] && !a.is(k, "is") && !a.is(k, "was") || a.is(k, "asking") ||
			a.has(k, clsPatientNoun) && !a.has(k-1, clsGenericMod) {
			return ownerPerson
		}
	}
	return ownerNone
}

// personLeftIt: the words before a contact detail say a person left it
// with us: a missed call, a voicemail, a lead.
func (a *analysis) personLeftIt(i int) bool {
	for j := i - 1; j >= 0 && j >= i-4 && a.sameSent(i, j); j-- {
		if a.is(j, "lead") || a.is(j, "voicemail") || a.is(j, "vm") || a.is(j, "call") && (a.is(j-1, "missed") || a.is(j-1, "return")) {
			return true
		}
	}
	return false
}

var roleMailboxes = map[string]bool{"info": true, "hello": true, "hi": true, "contact": true,
	"book": true, "booking": true, "bookings": true, "appointments": true, "appt": true,
	"frontdesk": true, "front.desk": true, "reception": true, "office": true, "admin": true,
	"support": true, "team": true, "care": true, "concierge": true, "marketing": true,
	"billing": true, "help": true, "inquiries": true, "events": true, "sales": true,
	"scheduling": true, "noreply": true, "no-reply": true, "press": true, "media": true,
	"careers": true, "jobs": true, "privacy": true, "owner": true, "manager": true}

var businessDomainParts = []string{"spa", "med", "aesthetic", "clinic", "skin", "beauty", "derm",
	"laser", "wellness", "glow", "studio", "lounge", "health", "inject", "botox", "face", "body"}

// businessEmail: a role mailbox or a clinic's domain is the clinic's.
// Personal addresses at free webmail are what patients use.
func businessEmail(e string) bool {
	at := max(strings.LastIndexByte(e, '@'), 0)
	local, domain := strings.ToLower(e[:at]), strings.ToLower(e[at+1:])
	if roleMailboxes[local] {
		return true
	}
	return businessName(domain)
}

var webmailDomains = []string{"gmail.", "yahoo.", "hotmail.", "outlook.", "icloud.", "aol.",
	"live.", "msn.", "me.com", "mac.com", "proton", "comcast.", "att.net", "verizon.", "gmx."}

// webmail: a free mailbox, which is what clients use; clinics mostly do not.
func webmail(e string) bool {
	d := strings.ToLower(e[strings.LastIndexByte(e, '@')+1:])
	for _, w := range webmailDomains {
		if strings.HasPrefix(d, w) || strings.HasSuffix(d, w) {
			return true
		}
	}
	return false
}

var socialHosts = []string{"instagram.com", "facebook.com", "fb.com", "tiktok.com", "twitter.com",
	"x.com", "linkedin.com", "threads.net", "snapchat.com", "youtube.com"}

// Path segments and query keys that put a person into a URL.
var urlPatientKeys = map[string]bool{"patient": true, "patients": true, "client": true,
	"clients": true, "chart": true, "charts": true, "mrn": true, "record": true, "records": true,
	"member": true, "members": true, "pid": true, "patientid": true, "patient_id": true,
	"patient-id": true, "clientid": true, "client_id": true, "dob": true, "ssn": true,
	"intake": true, "encounter": true, "encounters": true, "appointment": true,
	"appointments": true, "appt": true, "emr": true, "ehr": true, "guest": true, "guests": true,
	"visit": true, "visits": true, "consent": true, "chartid": true, "memberid": true}

var urlPersonKeys = map[string]bool{"name": true, "first_name": true, "firstname": true,
	"last_name": true, "lastname": true, "fname": true, "lname": true, "email": true,
	"phone": true, "dob": true, "birthdate": true, "ssn": true, "mrn": true, "full_name": true,
	"fullname": true, "mobile": true, "patient": true, "patient_name": true, "client_name": true}

// patientURL reports whether a URL carries a patient identifier: a
// patient-ish path segment or key followed by an ID value, or a query
// parameter that holds a person's name, email or phone.
func patientURL(u string) bool {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "/?"); i >= 0 {
		u = u[i:]
	}
	path, query, _ := strings.Cut(u, "?")
	prev := ""
	for rest := strings.Trim(path, "/"); rest != ""; {
		var seg string
		seg, rest, _ = strings.Cut(rest, "/")
		if urlPatientKeys[strings.ToLower(prev)] && idValue(seg) {
			return true
		}
		if p, rest, ok := strings.Cut(strings.ToLower(seg), "_"); ok && (p == "patient" || p == "client" || p == "pt") && nameValue(rest) {
			return true // ".../patient_derek_wu_prp"
		}
		if urlPersonDirs[strings.ToLower(prev)] && nameValue(seg) {
			return true // ".../clients/marisa-quintero/..."
		}
		if urlStoryDirs[strings.ToLower(prev)] && nameValue(seg) && givenFirst(seg) {
			return true // ".../reviews/jennifer-whitt-botox-results"
		}
		prev = seg
	}
	for query != "" {
		var kv string
		kv, query, _ = strings.Cut(query, "&")
		key, val, ok := strings.Cut(kv, "=")
		if !ok || val == "" || strings.ContainsAny(val, "{}[]<>") {
			continue
		}
		key = strings.ToLower(key)
		if urlPersonKeys[key] {
			return true
		}
		if (key == "client" || key == "patient" || key == "guest" || key == "customer") && nameValue(val) {
			return true // "?client=hannah.lee"
		}
		base := strings.TrimSuffix(strings.TrimSuffix(key, "_id"), "id")
		if (urlPatientKeys[key] || urlPatientKeys[base]) && idValue(val) {
			return true
		}
	}
	return false
}

// nameValue: two or more runs of letters joined by '.', '_' or '-', as
// people's names are written in URLs ("hannah.lee", "derek_wu_prp").
// urlPersonDirs are collections of people: a path segment after one that
// reads as a name is that person's folder.
var urlPersonDirs = map[string]bool{"clients": true, "client": true, "patients": true,
	"patient": true, "pts": true, "guests": true, "customers": true, "members": true,
	"pacientes": true, "clientes": true}

// urlStoryDirs hold pages about one client's results, named for her.
var urlStoryDirs = map[string]bool{"reviews": true, "results": true, "stories": true,
	"testimonials": true, "before-after": true, "transformations": true, "gallery": true}

// givenFirst: the slug's first part is a given name the lexicon knows and
// no word of care: "jennifer-whitt-botox", not "botox-before-after".
func givenFirst(seg string) bool {
	p, _, _ := strings.Cut(strings.ToLower(seg), "-")
	c := lookup([]byte(p))
	return c&clsFirstName != 0 && c&(clsTreatment|clsCondition|clsBody|clsStaffTitle) == 0
}

func nameValue(v string) bool {
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' })
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts[:2] {
		for i := 0; i < len(p); i++ {
			if c := p[i] | 0x20; c < 'a' || c > 'z' {
				return false
			}
		}
	}
	return true
}

func idValue(v string) bool {
	digits := 0
	for i := 0; i < len(v); i++ {
		if v[i] >= '0' && v[i] <= '9' {
			digits++
		}
	}
	return digits >= 3 || strings.Contains(v, "@") || strings.Contains(v, "%40")
}

func socialURL(u string) bool {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	host, _, _ := strings.Cut(u, "/")
	for _, h := range socialHosts {
		if len(host) >= len(h) && strings.EqualFold(host[len(host)-len(h):], h) &&
			(len(host) == len(h) || host[len(host)-len(h)-1] == '.') {
			return true
		}
	}
	return false
}

// isFax: the nearest of "fax" or "phone"-like words before the number, in
// its sentence, says which it is.
func (a *analysis) isFax(i int) bool {
	for j := i - 1; j >= 0 && j >= i-12 && a.sameSent(i, j); j-- {
		switch string(a.lw(j)) {
		case "fax", "faxed", "fx", "faxing":
			return true
		case "phone", "call", "cell", "mobile", "text", "tel", "ph", "number":
			return false
		}
	}
	return false
}

// clientNamed: the rules read a person in the text who is not staff.
func (a *analysis) clientNamed() bool {
	for _, nm := range a.names {
		if nm.role != roleStaff {
			return true
		}
	}
	return false
}

// recordWords name what a clinic faxes about a patient.
var recordWords = map[string]bool{"records": true, "record": true, "results": true, "labs": true,
	"lab": true, "chart": true, "release": true, "notes": true, "referral": true, "bloodwork": true}

// homeFax: a fax number a person keeps ("his personal fax", "her home
// fax") in a text that names someone and their records: "Fax Dwayne
// Rutherford's lab results to his personal fax at (720) 555-0179".
func (a *analysis) homeFax(i int) bool {
	if a.ownerBefore(i) != ownerPerson || len(a.names) == 0 && !a.patientRef {
		return false
	}
	for j := 0; j < a.n(); j++ {
		if recordWords[string(a.lw(j))] && a.sameSent(i, j) {
			return true
		}
	}
	return false
}

func (a *analysis) scanContacts() {
	// A list of people's contact details in a text about a treatment is a
	// patient list ("everyone who had lip filler: ..."), whoever owns it.
	personal := 0
	for _, e := range a.emails {
		if !businessEmail(a.emailText(e)) {
			personal++
		}
	}
	if a.health && personal >= 2 {
		a.flag(KindEmail)
	}
	if a.health && len(a.phones) >= 3 {
		a.flag(KindPhone)
	}
	for _, p := range a.phones {
		fax := a.isFax(p.first)
		if fax && a.homeFax(p.first) {
			a.flag(KindFax)
			continue
		}
		if a.contactScore(p.first) < contactThreshold {
			continue
		}
		if fax {
			a.flag(KindFax)
		} else {
			a.flag(KindPhone)
		}
	}
	for _, e := range a.emails {
		addr := a.emailText(e)
		if businessEmail(addr) {
			continue
		}
		sc := a.contactScore(e.first)
		if sc > 0 && webmail(addr) && a.ownerBefore(e.first) == ownerName {
			sc += 0.2 // "Rhonda Fields (rhonda.fields@gmail.com)": her own address
		}
		if sc > 0 && sc < contactThreshold && a.ownerBefore(e.first) == ownerNone && a.inSentence(e.first, clsTreatment|clsCondition) &&
			!a.inSentence(e.first, clsStaffRole|clsStaffTitle) {
			// A person's mailbox (not a role's, not the clinic's domain) in
			// a sentence about a treatment: "send the tirzepatide dosing
			// schedule to bnwosu@...", "Subject: Your laser aftercare".
			sc += 0.4
		}
		if sc >= contactThreshold {
			a.flag(KindEmail)
		}
	}
	for _, g := range a.geos {
		sc := a.contactScore(g.first)
		if g.person && a.health {
			sc = max(sc, 0.6)
		}
		if sc > 0 && a.shippedTo(g.first) || a.health && a.homeVisit(g.first) {
			sc = max(sc, 0.6) // "ship her post-filler kit to 2240 Rosewood Blvd", "home IV visit at 902 Cedar Ridge Dr"
		}
		if g.weak && !g.person && a.ownerBefore(g.first) == ownerNone && !a.patientRef {
			continue
		}
		if sc >= contactThreshold {
			a.flag(KindAddress)
		}
	}
	for _, ip := range a.ips {
		// A clinic's own IP address has no place in a text about a
		// patient; one there is the person's ("the review ... was posted
		// from IP 192.0.2.33"), unless "our" or "us" is right before it.
		access := a.accessLog(ip.first) || a.health && a.someoneNear(ip.first)
		if (a.patientRef || access) && a.health && (access || !a.within(ip.first, 2, 0, clsBusiness)) || a.contactScore(ip.first) >= contactThreshold ||
			access && a.clientNamed() {
			// "Weird login on Renee Castillo's patient portal from 98.214.77.103"
			a.flag(KindIP)
		}
	}
	for _, h := range a.handles {
		if h < a.n() && a.contactScore(h) >= contactThreshold {
			a.flag(KindURL)
		}
	}
	for _, u := range a.urls {
		s := a.text[u[0]:u[1]]
		if patientURL(s) {
			a.flag(KindURL)
			continue
		}
		if socialURL(s) && (a.contactScore(a.wordAt(u[0])) >= contactThreshold || a.health && a.postedBySomeone()) {
			a.flag(KindURL)
		}
	}
}

// postedWords say a person posted or tagged something.
var postedWords = map[string]bool{"postou": true, "posted": true, "posting": true, "tagged": true,
	"tagging": true, "marcando": true, "marcou": true, "publicó": true, "publico": true, "publié": true,
	"story": true, "reel": true, "daal": true, "tag": true, "reclamando": true, "complaining": true}

// postedBySomeone: a social profile's URL in a text where someone (she,
// "ela", "dela") posted or tagged: "olha o story dela marcando a gente:
// instagram.com/carolzinha.fit_ mostrando o hematoma". The clinic's own
// page comes with "our" or "follow" ("tagged us" is a client's post).
func (a *analysis) postedBySomeone() bool {
	third, posted := false, false
	for k := 0; k < a.n(); k++ {
		switch string(a.lw(k)) {
		case "our", "follow", "nuestro", "nuestra", "nosso", "nossa", "notre", "nos", "siga", "síguenos", "suivez":
			return false
		case "she", "her", "he", "his", "ela", "dela", "ele", "dele", "ella", "elle":
			third = true
		}
		if postedWords[string(a.lw(k))] {
			posted = true
		}
	}
	return third && posted || posted && a.clientNamed()
}

// homeVisit: the address's sentence before it says the care goes to a
// home: the clinic's own address is never one.
func (a *analysis) homeVisit(i int) bool {
	for j := i - 1; j >= 0 && j >= i-12 && a.sameSent(i, j); j-- {
		switch string(a.lw(j)) {
		case "home", "house", "residence", "domicilio", "domicile":
			return true
		case "our", "us", "we":
			return false
		}
	}
	return false
}

// shippedTo: a ship, deliver or send verb in the address's sentence before
// it. The clinic does not ship to itself; with a treatment in the text,
// the address is a client's.
func (a *analysis) shippedTo(i int) bool {
	for j := i - 1; j >= 0 && j >= i-12 && a.sameSent(i, j); j-- {
		switch string(a.lw(j)) {
		case "ship", "shipping", "deliver", "delivery", "send", "mail", "enviar", "envoyer", "mandar", "gửi", "livraison", "livrer", "entrega", "entregar":
			return true
		case "us", "our", "visit", "at", "clinic", "located", "studio", "salon", "spa", "office", "store":
			return false
		}
	}
	return false
}

// accessWords say someone signed in, opened or sent something from an
// address.
var accessWords = map[string]bool{"login": true, "logged": true, "logins": true, "log": true,
	"signed": true, "sign": true, "portal": true, "opened": true, "viewed": true, "accessed": true,
	"uploaded": true, "submitted": true, "submission": true, "submissions": true}

// someoneWords are a third person a text tells of.
var someoneWords = map[string]bool{"she": true, "her": true, "he": true, "his": true, "him": true,
	"woman": true, "man": true, "lady": true, "guy": true, "girl": true,
	// Maltese her and his, Afrikaans her, he, she
	"tagħha": true, "taghha": true, "tiegħu": true, "tieghu": true, "haar": true, "hy": true, "sy": true}

// someoneNear: a third person is told of in the sentence of word i or the
// next, "... came from 73.94.181.22, same woman each time. Can ops reach
// out to her?": in a text about someone's health, the address is theirs.
func (a *analysis) someoneNear(i int) bool {
	s := a.words[i].sent
	for j := max(0, i-ctxWindow); j < a.n() && a.words[j].sent <= s+1; j++ {
		if a.words[j].sent >= s && someoneWords[string(a.lw(j))] {
			return true
		}
	}
	return false
}

// accessLog: an IP address read as where a person signed in from
// ("Portal login from IP 203.0.113.57 opened ... chart"), within six
// words of it in its sentence. "login" is a business word elsewhere
// ("our portal login"), but a sign-in from an address is a person's.
func (a *analysis) accessLog(i int) bool {
	for j := max(0, i-6); j <= i+6 && j < a.n(); j++ {
		if j != i && a.sameSent(i, j) && accessWords[string(a.lw(j))] {
			return true
		}
	}
	return false
}

// forwardWords name the message being sent: "text this to", "manda esto al".
var forwardWords = map[string]bool{"this": true, "esto": true, "eso": true, "isso": true,
	"ceci": true, "ça": true}

// forwardedTo: a contact verb and a word for the message stand in the
// three words before the contact detail at word i, "Text this to ...".
func (a *analysis) forwardedTo(i int) bool {
	fwd := false
	for j := i - 1; j >= 0 && j >= i-3 && a.sameSent(i, j); j-- {
		if forwardWords[string(a.lw(j))] {
			fwd = true
		} else if fwd && a.has(j, clsContactVerb) {
			return true
		}
	}
	return false
}
