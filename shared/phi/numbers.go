package phi

// Number formats are matched on words and the separators between them
// rather than with regular expressions: one pass, no allocation, and the
// boundary rules ("not part of a longer number") are explicit.

// chainSep reports whether s joins two digit groups of one number.
func chainSep(s string) bool { return s == " " || s == "-" }

func (a *analysis) scanNumbers() {
	for i := 0; i < a.n(); i++ {
		w := a.words[i]
		if w.cls&clsMonth != 0 {
			if j := a.matchMonthDate(i); j >= 0 {
				i = j
			}
			continue
		}
		if w.flags&wDigits == 0 {
			if j := a.matchDayMonth(i); j >= 0 {
				i = j
				continue
			}
			if c := a.lw(i)[0]; c >= '1' && c <= '9' && mbiValid(a.rawToken(i)) {
				a.flag(KindHealthPlan) // a Medicare Beneficiary Identifier
				a.patientRef = true
			}
			continue
		}
		a.matchCard(i)
		if a.matchSSN(i) {
			i += 2
			continue
		}
		if j := max(a.matchPhone(i), a.matchIntlPhone(i)); j >= 0 {
			a.phones = append(a.phones, span{i, j})
			a.anchors = append(a.anchors, i)
			i = j
			continue
		}
		if a.matchIPv4(i) {
			a.ips = append(a.ips, span{i, i + 3})
			i += 3
			continue
		}
		if j := a.matchNumericDate(i); j >= 0 {
			i = j
			continue
		}
		if j := a.matchDayMonth(i); j >= 0 {
			i = j
			continue
		}
		if a.matchZIP(i) {
			continue
		}
		if j := a.matchStreet(i); j >= 0 {
			a.geos = append(a.geos, geoSpan{span: span{i, j}})
			a.anchors = append(a.anchors, i)
			i = j
		}
	}
}

// matchCard refuses any Luhn-valid 13-19 digit number. Separated groups
// must look like a card's (4-4-4-4, 4-6-5, 4-4-4-4-3): without that rule
// two phone numbers in a row ("555-201-3344 555-201-3345") would often pass
// Luhn by chance.
func (a *analysis) matchCard(i int) {
	if i > 0 && a.words[i-1].flags&wDigits != 0 && chainSep(a.sep(i)) {
		return // not the start of the digit chain
	}
	end := i
	for end+1 < a.n() && a.words[end+1].flags&wDigits != 0 && chainSep(a.sep(end+1)) {
		end++
	}
	if a.glued(i, end) {
		return // "act_1234...": part of a longer token, as a regexp \b would see it
	}
	if a.otherNumber(i) {
		return // "Our ad account ID is 8472891421862461": Luhn-valid by chance
	}
	for s := i; s <= end; s++ {
		digits := 0
		for e := s; e <= end; e++ {
			digits += a.wlen(e)
			if digits > 19 {
				break
			}
			if digits < 13 || !a.cardGroups(s, e) {
				continue
			}
			if a.luhnWords(s, e) {
				a.flag(KindCard)
				return
			}
		}
	}
}

func (a *analysis) cardGroups(s, e int) bool {
	if s == e {
		return true
	}
	if a.wlen(s) != 4 {
		return false
	}
	for k := s + 1; k < e; k++ {
		if l := a.wlen(k); l < 4 || l > 6 {
			return false
		}
	}
	return a.wlen(e) >= 3
}

func (a *analysis) luhnWords(s, e int) bool {
	sum, double := 0, false
	for k := e; k >= s; k-- {
		d := a.lw(k)
		for j := len(d) - 1; j >= 0; j-- {
			sum += luhnDigit(int(d[j]-'0'), double)
			double = !double
		}
	}
	return sum%10 == 0
}

// glued reports whether words i..j are part of a longer token joined by an
// underscore, like an ad account "act_123..." or "fbclid_...".
func (a *analysis) glued(i, j int) bool {
	s, e := int(a.words[i].start), int(a.words[j].end)
	return s > 0 && a.text[s-1] == '_' || e < len(a.text) && a.text[e] == '_'
}

// matchSSN matches 3-2-4 digits with one consistent separator and applies
// the SSA's rules: no area 000, 666 or 9xx, no group 00, no serial 0000.
func (a *analysis) matchSSN(i int) bool {
	if !a.ssnShape(i) {
		return false
	}
	if i > 0 && a.words[i-1].flags&wDigits != 0 && (chainSep(a.sep(i)) || a.sep(i) == ".") {
		return false
	}
	if i+3 < a.n() && a.words[i+3].flags&wDigits != 0 && (chainSep(a.sep(i+3)) || a.sep(i+3) == ".") {
		return false
	}
	if !ssnValid(a.num(i), a.num(i+1), a.num(i+2)) {
		return false
	}
	a.flag(KindSSN)
	a.patientRef = true
	return true
}

// ssnShape: words i..i+2 are digits grouped 3-2-4 with one separator.
func (a *analysis) ssnShape(i int) bool {
	if i < 0 || i+2 >= a.n() || a.wlen(i) != 3 || a.wlen(i+1) != 2 || a.wlen(i+2) != 4 {
		return false
	}
	for k := i; k <= i+2; k++ {
		if a.words[k].flags&wDigits == 0 {
			return false
		}
	}
	s1, s2 := a.sep(i+1), a.sep(i+2)
	return s1 == s2 && chainSep(s1)
}

// matchPhone matches NANP numbers: (555) 201-3344, 555-201-3344,
// 555.201.3344, 555 201 3344, +1 555 201 3344, bare 10 digits, and 555-0143
// right after a contact word.
// It returns the last word of the number or -1.
func (a *analysis) matchPhone(i int) int {
	if i > 0 && a.words[i-1].flags&wDigits != 0 && !a.is(i-1, "1") {
		if s := a.sep(i); s == "-" || s == "." {
			return -1
		}
	}
	if a.wlen(i) == 10 && a.lw(i)[0] >= '2' || a.wlen(i) == 11 && a.lw(i)[0] == '1' {
		return i
	}
	if a.wlen(i) == 3 && a.wlen(i+1) == 4 && a.sep(i+1) == "-" && a.hasFlag(i+1, wDigits) && a.lw(i)[0] >= '2' &&
		!(i+2 < a.n() && a.hasFlag(i+2, wDigits) && chainSep(a.sep(i+2))) &&
		(a.has(i-1, clsContactVerb|clsContactNoun) || a.is(i-1, "back") && a.has(i-2, clsContactVerb)) {
		return i + 1 // a local number, seven digits, after "call back" or "phone"
	}
	if i+2 >= a.n() || a.wlen(i) != 3 || a.wlen(i+1) != 3 || a.wlen(i+2) != 4 ||
		a.words[i+1].flags&wDigits == 0 || a.words[i+2].flags&wDigits == 0 {
		return -1
	}
	s1, s2 := a.sep(i+1), a.sep(i+2)
	switch s1 {
	case "-", ".", " ":
	case ") ", ")", ")-", ").":
		if a.words[i].start == 0 || a.text[a.words[i].start-1] != '(' {
			return -1
		}
	default:
		return -1
	}
	if s2 != "-" && s2 != "." && s2 != " " {
		return -1
	}
	if i+3 < a.n() && a.words[i+3].flags&wDigits != 0 && (a.sep(i+3) == "-" || a.sep(i+3) == ".") {
		return -1
	}
	return i + 2
}

// otherNumber: the four words before the number at word i label it as
// some other number, an ID, an order or a tracking number, and no card
// word does.
func (a *analysis) otherNumber(i int) bool {
	other := false
	for k := i - 1; k >= 0 && k >= i-4 && a.sameSent(k, i); k-- {
		switch string(a.lw(k)) {
		case "card", "visa", "mastercard", "amex", "cc", "discover", "tarjeta", "cartão", "carte":
			return false
		case "id", "order", "tracking", "invoice", "confirmation", "ref", "reference", "sku", "po":
			other = true
		}
	}
	return other
}

// matchIntlPhone matches a number written with its country code, as the
// clients of a clinic near a border or abroad give them (+56 9 7412 3086,
// +44 7700 900123, +63 917-555-0142), and a UK mobile written without it
// (07700 900415). After the "+", a code of one to three digits (not 1:
// matchPhone reads NANP) and groups of one to five digits, 8 to 15 digits
// in all, the length E.164 allows.
func (a *analysis) matchIntlPhone(i int) int {
	if w := a.lw(i); len(w) >= 2 && w[0] == '0' && w[1] == '7' {
		// A UK mobile without its code: 07700 900415, 07700900415.
		if a.wlen(i) == 11 {
			return i
		}
		if a.wlen(i) == 5 && a.sep(i+1) == " " && a.wlen(i+1) == 6 && a.hasFlag(i+1, wDigits) {
			return i + 1
		}
		return a.trunkPhone(i) // "07 4771 2345", a Queensland landline
	}
	if j := a.trunkPhone(i); j >= 0 {
		return j // "0412 555 019", "087 123 4567"
	}
	st := a.words[i].start
	if st == 0 || a.text[st-1] != '+' || a.wlen(i) > 3 || a.is(i, "1") {
		return -1
	}
	digits, end := a.wlen(i), -1
	for k := i + 1; k < a.n() && a.words[k].flags&wDigits != 0; k++ {
		s := a.sep(k)
		if s != " " && s != "-" && s != "." || a.wlen(k) > 5 || digits+a.wlen(k) > 15 {
			break
		}
		digits += a.wlen(k)
		end = k
	}
	if end < 0 || digits < 8 {
		return -1
	}
	return end
}

// trunkPhone matches a national number written with its trunk 0, as
// Australia, Ireland and the UK write them: 0412 555 019, (07) 4771 2345,
// 087 123 4567, 061 123 456, 01792 123456, 0412555019. The first group has
// two to five digits and a second digit not 0 ("0048213377" is an account
// number); groups of three or more digits after it, 9 to 11 in all.
// Written as one word, only an Australian mobile's ten digits. It returns
// the last word or -1.
func (a *analysis) trunkPhone(i int) int {
	w := a.lw(i)
	if len(w) < 2 || w[0] != '0' || w[1] == '0' {
		return -1
	}
	if len(w) == 10 && w[1] == '4' {
		return i
	}
	st := a.words[i].start
	paren := st > 0 && a.text[st-1] == '('
	if len(w) > 5 || i > 0 && a.hasFlag(i-1, wDigits) && a.sameSent(i-1, i) {
		return -1
	}
	digits, end := len(w), -1
	for k := i + 1; k < a.n() && a.words[k].flags&wDigits != 0; k++ {
		s := a.sep(k)
		if !chainSep(s) && !(paren && k == i+1 && s == ") ") || a.wlen(k) < 3 || a.wlen(k) > 6 || digits+a.wlen(k) > 11 {
			break
		}
		digits += a.wlen(k)
		end = k
	}
	if end < 0 || digits < 9 || end+1 < a.n() && a.hasFlag(end+1, wDigits) && chainSep(a.sep(end+1)) {
		return -1
	}
	return end
}

func (a *analysis) matchIPv4(i int) bool {
	if i+3 >= a.n() {
		return false
	}
	for k := i; k <= i+3; k++ {
		if a.words[k].flags&wDigits == 0 || a.wlen(k) > 3 || a.num(k) > 255 {
			return false
		}
		if k > i && a.sep(k) != "." {
			return false
		}
	}
	if i > 0 && a.sep(i) == "." && a.words[i-1].flags&wDigits != 0 {
		return false
	}
	if i+4 < a.n() && a.sep(i+4) == "." && a.words[i+4].flags&wDigits != 0 {
		return false
	}
	return true
}

func validMD(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }

func yearOf(v, digits int) int {
	switch {
	case digits == 4 && v >= 1900 && v <= 2100:
		return v
	case digits == 2:
		if v > 30 {
			return 1900 + v
		}
		return 2000 + v
	}
	return -1
}

// matchNumericDate matches 3/4, 3/4/2026, 03-04-2026, 3.4.26 and
// 2026-03-04. Dashes and dots need all three parts: "3-4 weeks" and
// "1.5 syringes" are not dates.
func (a *analysis) matchNumericDate(i int) int {
	if i+1 >= a.n() || a.words[i+1].flags&wDigits == 0 {
		return -1
	}
	s1 := a.sep(i + 1)
	if s1 != "/" && s1 != "-" && s1 != "." {
		return -1
	}
	if i > 0 && (a.sep(i) == "/" || a.sep(i) == "-") && a.words[i-1].flags&wDigits != 0 {
		return -1
	}
	three := i+2 < a.n() && a.words[i+2].flags&wDigits != 0 && a.sep(i+2) == s1
	if a.wlen(i) == 4 { // ISO year first
		if !three || s1 == "." || !validMD(a.num(i+1), a.num(i+2)) || yearOf(a.num(i), 4) < 0 {
			return -1
		}
		a.dates = append(a.dates, dateSpan{span: span{i, i + 2}, year: a.num(i)})
		return i + 2
	}
	if a.wlen(i) > 2 || a.wlen(i+1) > 2 {
		return -1
	}
	if !validMD(a.num(i), a.num(i+1)) {
		// Day first, as most of the world writes it ("21/06/1988"): only
		// with a year, so that "20/13" and scores stay numbers.
		if !three || !validMD(a.num(i+1), a.num(i)) {
			return -1
		}
	}
	if three {
		y := yearOf(a.num(i+2), a.wlen(i+2))
		if y < 0 {
			return -1
		}
		a.dates = append(a.dates, dateSpan{span: span{i, i + 2}, year: y})
		return i + 2
	}
	if s1 != "/" {
		return -1
	}
	a.dates = append(a.dates, dateSpan{span: span{i, i + 1}, year: 0})
	return i + 1
}

// dayNumber reads "4", "04", "4th" or "21st" as a day of the month.
func (a *analysis) dayNumber(i int) int {
	if i < 0 || i >= a.n() {
		return -1
	}
	if v := a.num(i); v >= 0 {
		if a.wlen(i) <= 2 && v >= 1 && v <= 31 {
			return v
		}
		return -1
	}
	w := a.lw(i)
	if len(w) < 3 || len(w) > 4 {
		return -1
	}
	suf := string(w[len(w)-2:])
	if suf != "st" && suf != "nd" && suf != "rd" && suf != "th" {
		return -1
	}
	v := 0
	for _, c := range w[:len(w)-2] {
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	if v < 1 || v > 31 {
		return -1
	}
	return v
}

// monthWord accepts a month name; "may" and "mar" must be capitalised to
// count, since lower-case they are usually verbs.
func (a *analysis) monthWord(i int) bool {
	if !a.has(i, clsMonth) {
		return false
	}
	if a.wlen(i) <= 3 || a.is(i, "march") {
		return a.hasFlag(i, wCap)
	}
	return true
}

// optYear extends a date at word j with a following ", 2026".
func (a *analysis) optYear(j int) (int, int) {
	if j+1 < a.n() && a.wlen(j+1) == 4 {
		if s := a.sep(j + 1); s == " " || s == ", " || s == "," {
			if y := yearOf(a.num(j+1), 4); y > 0 {
				return j + 1, y
			}
		}
	}
	return j, 0
}

// matchMonthDate matches "March 4", "Mar. 4th, 2026".
func (a *analysis) matchMonthDate(i int) int {
	if !a.monthWord(i) || a.dayNumber(i+1) < 0 {
		return -1
	}
	if s := a.sep(i + 1); s != " " && s != ". " {
		return -1
	}
	end, y := a.optYear(i + 1)
	a.dates = append(a.dates, dateSpan{span: span{i, end}, year: y})
	return end
}

// matchDayMonth matches "4 March", "4th of March 2026".
func (a *analysis) matchDayMonth(i int) int {
	if a.dayNumber(i) < 0 || a.sep(i+1) != " " {
		return -1
	}
	j := i + 1
	if a.is(j, "of") && a.sep(j+1) == " " {
		j++
	}
	if !a.monthWord(j) || a.wlen(j) <= 3 && !a.hasFlag(j, wCap) {
		return -1
	}
	end, y := a.optYear(j)
	a.dates = append(a.dates, dateSpan{span: span{i, end}, year: y})
	return end
}

var usStates = map[string]bool{}

func buildStates() {
	for _, s := range []string{"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL",
		"GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI",
		"MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
		"OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
		"WI", "WY", "DC"} {
		usStates[s] = true
	}
}

// matchZIP records a five-digit ZIP after a state ("Plano, TX 75024") or a
// ZIP label. Whose ZIP it is is decided later, like any contact detail.
func (a *analysis) matchZIP(i int) bool {
	if a.wlen(i) != 5 {
		return false
	}
	prev := i - 1
	state := prev >= 0 && a.wlen(prev) == 2 && usStates[a.text[a.words[prev].start:a.words[prev].end]]
	label := a.is(prev, "zip") || a.is(prev, "code") && a.is(prev-1, "zip") || a.is(prev, "postal") || a.is(prev, "zipcode")
	if !state && !label {
		return false
	}
	end := i
	if i+1 < a.n() && a.sep(i+1) == "-" && a.wlen(i+1) == 4 && a.words[i+1].flags&wDigits != 0 {
		end = i + 1
	}
	a.geos = append(a.geos, geoSpan{span: span{i, end}, weak: true})
	return true
}

// matchStreet matches "4100 Main St", "12 N. Oak Lane", "880 W 5th Ave":
// a house number, one to four capitalised words, a street suffix.
// streetTypesBefore name a street's type before its name, as French,
// Spanish and Portuguese addresses do.
var streetTypesBefore = map[string]bool{"rue": true, "avenue": true, "boulevard": true, "chemin": true,
	"calle": true, "avenida": true, "rua": true, "travessa": true, "camino": true,
	"pasaje": true, "paseo": true, "alameda": true, "ul": true, "ulica": true, "aleja": true,
	"al": true, "plac": true, "os": true, "osiedle": true, "triq": true, "jalan": true, "lorong": true,
	"persiaran": true}

// streetBefore: the house number at word i follows its street, as Latin
// American addresses write it: a street type, then one to three
// capitalised words of its name.
func (a *analysis) streetBefore(i int) bool {
	if a.sep(i) != " " {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-5; k-- {
		if k < i-1 && streetTypesBefore[string(a.lw(k))] {
			return true // "Pasaje Gálvez 173", "ul. Rękawka 17/4"
		}
		if k < i-1 && streetParticles[string(a.lw(k))] || a.hasFlag(k, wCap) && a.sep(k+1) == " " {
			continue
		}
		return false
	}
	return false
}

// streetParticles may stand inside a street's name: "rue de Bordeaux",
// "Calle de Alegría", "Rua das Flores", Maltese "Triq il-Kbira".
var streetParticles = map[string]bool{"de": true, "del": true, "des": true, "du": true, "la": true,
	"le": true, "las": true, "los": true, "da": true, "do": true, "das": true, "dos": true,
	"il": true, "ta": true}

func (a *analysis) matchStreet(i int) int {
	if a.wlen(i) > 6 || a.num(i) <= 0 {
		return -1
	}
	if st := a.words[i].start; st > 0 && (a.text[st-1] == '$' || a.text[st-1] == '#') {
		return -1
	}
	if a.is(i-1, "suite") || a.is(i-1, "ste") || a.is(i-1, "apt") || a.is(i-1, "unit") || a.is(i-1, "room") {
		return -1
	}
	if a.streetBefore(i) {
		return i // "Pasaje Gálvez 173", "Avenida Providencia 1234"
	}
	if j := i + 2; j < a.n() && a.sep(i+1) == " " && streetTypesBefore[string(a.lw(i+1))] && a.sep(j) == " " && (a.hasFlag(j, wCap) || streetParticles[string(a.lw(j))] && a.hasFlag(j+1, wCap)) {
		for j+1 < a.n() && (a.sep(j+1) == "-" || a.sep(j+1) == " ") && a.hasFlag(j+1, wCap) && j < i+5 {
			j++
		}
		return j // "4521 rue Saint-Denis", "1200 avenida Las Flores"
	}
	for j := i + 1; j <= i+5 && j < a.n(); j++ {
		if s := a.sep(j); s != " " && s != ". " {
			return -1
		}
		w := a.words[j]
		if j > i+1 && w.cls&clsStreetSuffix != 0 && w.flags&wCap != 0 {
			if a.is(j, "dr") && j+1 < a.n() && a.has(j+1, clsFirstName) && a.sep(j+1) == ". " {
				return -1 // "... Dr. Sarah Lee": a title, not a street
			}
			return j
		}
		ordinal := a.dayNumber(j) > 0 && w.flags&wDigits == 0
		if w.flags&wCap == 0 && !ordinal {
			return -1
		}
	}
	return -1
}
