package phi

import "math"

// The text model: a logistic regression over the whole text's words and
// word pairs, hashed into textBuckets weights, that reads the shape of a
// sentence about a person's own care rather than any particular name or
// drug. Before hashing, each word the analysis knows is replaced by its
// class: a person the rules read ("<name>", or "<staff>" for one they read
// as staff), a capitalised given name or surname, a city, a treatment, a
// condition, a body area, a code, a number, a staff title or credential.
// "Marcy Feldman loved her lip filler" and "Rosa Díaz loved her
// Kybella" are then the same text to it, "<name> loved her <treat>", and
// so is the next batch's patient with a name and a drug the lists were
// never tuned to.
//
// It runs when the rules and the name model find no patient, the text
// names a treatment, a condition or a weight outcome, and it has a person
// candidate; a score at or above textCut refuses the text as KindName.
// When the rules or the name model refuse a text as KindName alone, a
// score under textVeto lets it pass. The weights are fitted offline
// (textmodel_train_test.go) and the cut and veto chosen by
// leave-one-corpus-out cross-validation, so scoring is a few table reads
// a word and allocates nothing.

// textBuckets is the number of hashed features: 2^14.
const textBuckets = 1 << 14

// textWindow adds the words around each person, by distance: the
// shape of what is said of them.
const textWindow = true

// Word classes as tokens. Their hashes stand in for the words.
var (
	tokName    = fnv32([]byte("<name>"))
	tokStaff   = fnv32([]byte("<staff>"))
	tokTreat   = fnv32([]byte("<treat>"))
	tokCond    = fnv32([]byte("<cond>"))
	tokBody    = fnv32([]byte("<body>"))
	tokCode    = fnv32([]byte("<code>"))
	tokNum     = fnv32([]byte("<num>"))
	tokTitle   = fnv32([]byte("<title>"))
	tokStart   = fnv32([]byte("<s>"))
	tokHandle  = fnv32([]byte("<handle>"))
	tokUnknown = fnv32([]byte("<cap>"))
	tokPlace   = fnv32([]byte("<place>"))
	tokPack    = fnv32([]byte("<pack>"))
)

// packNouns after a weight make it a package's: "a 20 lb box of samples".
var packNouns = map[string]bool{"box": true, "boxes": true, "bag": true, "bags": true,
	"case": true, "cases": true, "pack": true, "crate": true, "carton": true, "tub": true,
	"bucket": true, "jug": true, "bottle": true, "shipment": true, "package": true, "parcel": true}

func fnv32(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// textToken is word k's token hash and the index of the last word it
// covers (a name is one token however many words it has).
func (a *analysis) textToken(k int) (uint32, int) {
	if nm := a.nameAt(k); nm != nil {
		if nm.role == roleStaff {
			return tokStaff, nm.last
		}
		return tokName, nm.last
	}
	if j := a.placeAt(k); j > k {
		return tokPlace, j
	}
	w := a.words[k]
	if a.weightUnit(k) && packNouns[string(a.lw(k+1))] && a.sameSent(k, k+1) {
		return tokPack, k // not a body's weight, whatever the number before it
	}
	switch {
	case w.cls&clsPlace != 0 && w.flags&wCap != 0 || a.placeWord(k):
		return tokPlace, k
	case w.cls&clsCode != 0:
		return tokCode, k
	case w.cls&clsCondition != 0:
		return tokCond, k
	case w.cls&clsTreatment != 0:
		return tokTreat, k
	case w.cls&clsBody != 0:
		return tokBody, k
	case w.flags&wDigits != 0:
		return tokNum, k
	case w.cls&(clsStaffTitle|clsCredential) != 0 && w.cls&clsFirstName == 0:
		return tokTitle, k
	case k > 0 && a.text[w.start-1] == '@':
		return tokHandle, k
	case w.flags&wCap != 0 && w.flags&wLower != 0 && w.cls&(clsFirstName|clsSurname) != 0 && !a.sentStart(k):
		return tokName, k
	case w.flags&wCap != 0 && w.flags&wLower != 0 && w.cls == 0 && !a.sentStart(k) && !a.german:
		return tokUnknown, k // (a German noun is its word)
	}
	return fnv32(a.lw(k)), k
}

// eachTextFeature calls fn with the bucket of each feature of the text:
// every token, and every pair of adjacent tokens within a sentence (a
// sentence's first token paired with a start mark). It returns how many.
func (a *analysis) eachTextFeature(fn func(b uint32)) int {
	nf := 0
	prev := tokStart
	var back [3]uint32 // the three tokens before, in the sentence
	since := 99        // tokens since the last person in the sentence
	for k := 0; k < a.n(); k++ {
		if a.sentStart(k) {
			prev, back, since = tokStart, [3]uint32{}, 99
		}
		t, last := a.textToken(k)
		fn((t * 0x9E3779B1) >> 18)
		fn(((prev*0x85EBCA77 ^ t) * 0xC2B2AE3D) >> 18)
		nf += 2
		if textWindow {
			// The words around a person, by their distance from it:
			// what is said of the person, whatever the words between.
			if t == tokName {
				for d, u := range back {
					if u != 0 {
						fn(((u*0x27D4EB2F ^ uint32(d+1)) * 0x165667B1) >> 18)
						nf++
					}
				}
				since = 0
			} else if since++; since <= 4 {
				fn(((t*0x27D4EB2F ^ uint32(100+since)) * 0x165667B1) >> 18)
				nf++
			}
			back[2], back[1], back[0] = back[1], back[0], t
		}
		prev = t
		k = last
	}
	return nf
}

// textScore is the text model's log-odds that the text is about a
// patient.
func (a *analysis) textScore() float64 {
	s := 0.0
	nf := a.eachTextFeature(func(b uint32) { s += float64(textWeights[b]) })
	if nf == 0 {
		return textBias
	}
	return textBias + s/math.Sqrt(float64(nf))
}
