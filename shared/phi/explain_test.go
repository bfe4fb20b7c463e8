package phi

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestExplain prints what the guard reads in one text: each word's
// classes, the people the rules found, each candidate's name-model score
// and the text model's score. For working on the guard:
//
//	PHI_EXPLAIN='Summer asked about her lip filler' go test ./shared/phi -run TestExplain -v
func TestExplain(t *testing.T) {
	text := os.Getenv("PHI_EXPLAIN")
	if text == "" {
		t.Skip("set PHI_EXPLAIN to a text")
	}
	lexiconOnce.Do(buildLexicon)
	a := new(analysis)
	a.analyze(text)
	var b strings.Builder
	for k := range a.words {
		fmt.Fprintf(&b, "%q:%d:%s ", a.text[a.words[k].start:a.words[k].end], a.words[k].sent, a.words[k].cls.names())
	}
	t.Logf("words: %s", b.String())
	for _, nm := range a.names {
		t.Logf("rules' person %q role=%d score=%.2f", a.text[a.words[nm.first].start:a.words[nm.last].end], nm.role, nm.score)
	}
	t.Logf("rules' findings before the models: %b patientRef=%v", a.found, a.patientRef)
	a.eachCandidate(func(x *[nFeatures]float64, ck candKind) {
		z := 0.0
		for f, v := range x {
			z += modelWeights[f] * v
		}
		t.Logf("candidate kind=%d z=%.3f (cut %.3f)", ck, z, modelCut)
	})
	t.Logf("text score %.3f (cut %.2f, veto %.2f)", a.textScore(), textCut, textVeto)
	t.Logf("Check: %v", Check(text))
}

// names lists the classes set in c, for TestExplain.
func (c class) names() string {
	var out []string
	for i, n := range []string{"Treatment", "Condition", "PatientNoun", "StaffTitle", "Credential", "StaffVerb", "FirstName", "HealthVerb", "Month", "Business", "Personal", "Pronoun", "ContactVerb", "ContactNoun", "GenericMod", "GenericNoun", "NotSurname", "Greeting", "StreetSuffix", "Implant", "Equipment", "Promo", "IDFiller", "Platform", "StaffRef", "StaffRole", "Surname", "NameWord", "Body", "Clinical", "Code", "Celebrity", "Place"} {
		if c&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return strings.Join(out, "|")
}
