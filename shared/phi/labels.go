package phi

import (
	_ "embed"
	"strings"
)

// The label list (data/labels.tsv): the words before an identifier, a
// patient's name or a person's name in the languages of the health list
// and for the identity and health numbers of the countries clients come
// from. The cue table in cues.go holds the English, Spanish, Portuguese,
// French and Polish labels the first rounds were written with; a
// language's labels used to arrive only after a batch in it had been
// missed, and this list covers them before its texts arrive.

//go:embed data/labels.tsv
var labelData string

// labelCues maps the list's identifier kinds to their cue types.
var labelCues = map[string]cueType{"mrn": cueMRN, "plan": cuePlan, "patient-id": cuePatientID,
	"person-id": cueLicensePerson, "account": cueAccount, "device": cueDevice,
	"biometric": cueBiometric, "plate": cuePlate}

// loadLabelCues adds the list's identifier labels to the cue table.
func loadLabelCues() {
	eachLabel(func(kind, phrase string) {
		if t, ok := labelCues[kind]; ok {
			addCues(t, phrase)
		}
	})
}

// loadLabelWords adds the list's patient nouns to the lexicon and its
// honorifics to personHonorifics. A patient noun that the lexicon already
// knows as a name or a word of another role is left as it was.
func loadLabelWords() {
	eachLabel(func(kind, phrase string) {
		switch kind {
		case "patient":
			if lexicon[phrase]&^clsPatientNoun == 0 {
				lexicon[phrase] |= clsPatientNoun
			}
		case "honorific":
			personHonorifics[phrase] = true
		}
	})
}

func eachLabel(fn func(kind, phrase string)) {
	eachEntry(labelData, func(line string) {
		f := strings.Split(line, "\t")
		if len(f) == 3 {
			fn(f[1], f[2])
		}
	})
}
