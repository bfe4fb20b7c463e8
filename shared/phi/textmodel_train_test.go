package phi

import (
	"bytes"
	"fmt"
	"go/format"
	"math"
	"os"
	"slices"
	"testing"
)

// The text model's training: this file is the training script, every
// corpus but the held-out batch O (and the unit cases of TestCheck) its
// data. `go test ./shared/phi -run TestTextModelWeights -v -args
// -phi.train` runs the leave-one-corpus-out cross-validation, fits the
// weights and writes textmodel_weights.go; without the flag the test fits
// them again and fails if the committed ones differ.

// textSample is one text as the text model sees it.
type textSample struct {
	idx    []int32 // feature buckets, sorted, each once
	val    []float64
	pos    bool // a PHI text about a person
	caught bool // the rules or the committed name model refuse it
	// vetoable: what they refuse a text score under textVeto undoes
	// (KindName alone, or the name model's person and what it implied)
	vetoable bool
	nameOnly bool // the rules' findings are KindName alone
	gate     bool // the text model reads it: a person and a health event
	corpus   int  // index in textCorpora, -1 for a unit case
	// name is the name model's sample, for refitting it without a corpus
	name sample
}

// textCorpora are the corpora the text model learns from.
func textCorpora() []corpus {
	var out []corpus
	for _, c := range corpora() {
		if !c.heldOut {
			out = append(out, c)
		}
	}
	return out
}

func textSampleOf(text string, pos bool, corpus int) textSample {
	lexiconOnce.Do(buildLexicon)
	saved := textCut
	textCut = math.Inf(1)
	savedVeto := textVeto
	textVeto = math.Inf(-1)
	f := Check(text)
	// vetoable: a veto at any score would pass it
	textVeto = math.Inf(1)
	vetoable := len(f) > 0 && len(Check(text)) == 0
	textCut, textVeto = saved, savedVeto
	caught := len(f) > 0

	a := new(analysis)
	a.analyze(text)
	cands := 0
	a.eachCandidate(func(*[nFeatures]float64, candKind) { cands++ })
	counts := map[int32]float64{}
	nf := a.eachTextFeature(func(b uint32) { counts[int32(b)]++ })
	s := textSample{pos: pos, caught: caught, gate: (cands > 0 || a.bare > 0) && !a.onlyPublic(), corpus: corpus,
		vetoable: vetoable, nameOnly: a.found == kindBit(KindName)}
	for b := range counts {
		s.idx = append(s.idx, b)
	}
	slices.Sort(s.idx)
	for _, b := range s.idx {
		s.val = append(s.val, counts[b]/math.Sqrt(float64(nf)))
	}
	c, r := featuresOf(text)
	s.name = sample{cands: c, pos: pos, rules: r}
	return s
}

func textSamples() []textSample {
	var out []textSample
	for ci, c := range textCorpora() {
		for _, ex := range c.pos {
			if ex.kind == KindName || ex.kind == KindURL {
				out = append(out, textSampleOf(ex.text, true, ci))
			}
		}
		for _, s := range c.neg {
			out = append(out, textSampleOf(s, false, ci))
		}
	}
	out = append(out, textSampleOf(benchText, false, -1), textSampleOf(benchText1000, false, -1))
	for _, c := range checkCases {
		switch {
		case c.text == "":
		case slices.Contains(c.want, KindName):
			out = append(out, textSampleOf(c.text, true, -1))
		case c.want == nil:
			out = append(out, textSampleOf(c.text, false, -1))
		}
	}
	return out
}

func (s *textSample) score(w []float64, b float64) float64 {
	z := b
	for n, k := range s.idx {
		z += w[k] * s.val[n]
	}
	return z
}

// fitText fits L2-regularised logistic regression on the gated samples
// that use admits, by Nesterov's accelerated gradient descent from zero
// with a fixed step and number of steps: the result depends only on the
// data, not on a seed.
func fitText(ss []textSample, use func(*textSample) bool, lambda float64) ([]float64, float64) {
	var rows []*textSample
	maxNorm := 0.0
	for n := range ss {
		s := &ss[n]
		if !s.gate || !use(s) {
			continue
		}
		rows = append(rows, s)
		q := 1.0 // the bias
		for _, v := range s.val {
			q += v * v
		}
		maxNorm = max(maxNorm, q)
	}
	step := 1 / (0.25*maxNorm + lambda)
	inv := 1 / float64(len(rows))
	w := make([]float64, textBuckets)
	prev := make([]float64, textBuckets)
	y := make([]float64, textBuckets)
	g := make([]float64, textBuckets)
	b, prevB := 0.0, 0.0
	for it := 1; it <= 600; it++ {
		m := float64(it-1) / float64(it+2)
		for k := range y {
			y[k] = w[k] + m*(w[k]-prev[k])
			g[k] = lambda * y[k]
		}
		yb := b + m*(b-prevB)
		gb := 0.0
		for _, s := range rows {
			p := 1 / (1 + math.Exp(-s.score(y, yb)))
			if s.pos {
				p--
			}
			p *= inv
			gb += p
			for n, k := range s.idx {
				g[k] += p * s.val[n]
			}
		}
		copy(prev, w)
		prevB = b
		for k := range w {
			w[k] = y[k] - step*g[k]
		}
		b = yb - step*gb
	}
	return w, b
}

// Verdicts of the rules and the name model on a sample.
const (
	vPass   = iota
	vVeto   // refused as KindName alone: the text model can undo it
	vCaught // refused otherwise
)

// textHit: the guard refuses the sample, with the text model at cut and
// veto.
func textHit(s *textSample, v int, z, cut, veto float64) bool {
	return v == vCaught || v == vVeto && z >= veto || s.gate && z >= cut
}

// textCutAt is the lowest cut at which the samples' false-positive rate,
// with verdicts v, scores z and the veto, stays at or under fpr.
func textCutAt(ss []textSample, v []int, z []float64, veto, fpr float64) float64 {
	var negs []float64
	nNeg, fixed := 0, 0
	for n, s := range ss {
		if s.pos {
			continue
		}
		nNeg++
		switch {
		case textHit(&s, v[n], z[n], math.Inf(1), veto):
			fixed++
		case s.gate:
			negs = append(negs, z[n])
		}
	}
	slices.Sort(negs)
	slices.Reverse(negs)
	allowed := int(fpr*float64(nNeg)) - fixed
	if allowed < 0 {
		return math.Inf(1)
	}
	if allowed >= len(negs) {
		return math.Inf(-1)
	}
	return negs[allowed] + 1e-6
}

// textRates are the recall and false-positive rate of the samples of
// corpus ci (all with ci < 0).
func textRates(ss []textSample, v []int, z []float64, cut, veto float64, ci int) (recall, fpr float64, np, nn int) {
	var t tally
	for n := range ss {
		if s := &ss[n]; ci < 0 || s.corpus == ci {
			t.add(s.pos, textHit(s, v[n], z[n], cut, veto))
		}
	}
	r := t.rates()
	return r.recall, r.fpr, t.np, t.nn
}

// textVetoes are the vetoes cross-validation tries. It tried none and -6
// to -1: from -4 to -1 its recall at textFPR moved by a text or two and
// its choice with every batch added (-3, -4, -2, -1 in four fits), while
// the whole guard read the tuning corpora best at -2 (all but held out
// 0.988 at 0.003 false positives, against 0.981 at 0.006 at -1 and 0.985
// at 0.010 at -4). So the veto stays at -2 and the cross-validation picks
// the regularisation and the cut.
var textVetoes = []float64{-2}

var textLambdas = []float64{1e-6, 1e-5, 1e-4}

// textResidual fits only the texts the rules and the name model pass
// (tried: no better held out).
const textResidual = false

// textFPR is the pooled false-positive rate, rules and both models
// together, that the cut keeps to on corpora neither model was fitted to.
const textFPR = 0.02

// nameLambda is the name model's committed regularisation
// (model_weights.go).
const nameLambda = 0.03

// textCrossValidate scores each corpus with both models fitted without
// it, for each regularisation, and returns the cut at textFPR.
func textCrossValidate(t *testing.T, ss []textSample) (lambda, cut, veto float64) {
	nc := len(textCorpora())
	// The name model refitted without each corpus: what a fresh batch
	// meets.
	v := make([]int, len(ss))
	for ci := range nc {
		var tr []sample
		for n := range ss {
			if ss[n].corpus != ci {
				tr = append(tr, ss[n].name)
			}
		}
		w := fitModel(tr, nameLambda)
		for n := range ss {
			if ss[n].corpus != ci {
				continue
			}
			s := ss[n].name
			switch {
			case s.rules && !ss[n].nameOnly:
				v[n] = vCaught
			case s.rules || maxScore(&w, s) >= modelCut:
				v[n] = vVeto
			}
		}
	}
	none := make([]float64, len(ss))
	r, f, _, _ := textRates(ss, v, none, math.Inf(1), math.Inf(-1), -1)
	t.Logf("leave-one-corpus-out, rules and name model: recall %.3f false positives %.3f", r, f)
	bestR := -1.0
	var bestZ []float64
	for _, l := range textLambdas {
		z := make([]float64, len(ss))
		for ci := range nc {
			w, b := fitText(ss, func(s *textSample) bool { return s.corpus != ci && (!textResidual || !s.caught) }, l)
			for n := range ss {
				if ss[n].corpus == ci {
					z[n] = ss[n].score(w, b)
				}
			}
		}
		for _, vt := range textVetoes {
			line := fmt.Sprintf("lambda %-6g veto %-4g leave-one-corpus-out", l, vt)
			for _, fpr := range []float64{0.01, 0.015, textFPR, 0.025, 0.03} {
				c := textCutAt(ss, v, z, vt, fpr)
				r, f, _, _ := textRates(ss, v, z, c, vt, -1)
				line += fmt.Sprintf("  recall %.3f at fp %.3f", r, f)
				if fpr == textFPR && r > bestR+1e-9 {
					bestR, lambda, cut, veto, bestZ = r, l, c, vt, z
				}
			}
			t.Log(line)
		}
	}
	for ci, c := range textCorpora() {
		r0, f0, _, _ := textRates(ss, v, none, math.Inf(1), math.Inf(-1), ci)
		r, f, np, nn := textRates(ss, v, bestZ, cut, veto, ci)
		t.Logf("  %-20s without: recall %.3f false positives %.3f  with lambda %g cut %.3f veto %g: recall %.3f (n=%d) false positives %.3f (n=%d)",
			c.name, r0, f0, lambda, cut, veto, r, np, f, nn)
	}
	return lambda, cut, veto
}

func TestTextModelWeights(t *testing.T) {
	ss := textSamples()
	lambda, cut, veto := textLambda, textCut, textVeto
	if *train {
		lambda, cut, veto = textCrossValidate(t, ss)
	}
	w, b := fitText(ss, func(*textSample) bool { return true }, lambda)
	if *train {
		if err := os.WriteFile("textmodel_weights.go", textWeightsSource(w, b, cut, veto, lambda), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if lambda != textLambda || cut != textCut {
		t.Errorf("chosen lambda %g and cut %.6f, committed %g and %.6f", lambda, cut, textLambda, textCut)
	}
	if d := math.Abs(b - textBias); d > 1e-3 {
		t.Errorf("bias: fitted %.6f, committed %.6f; run go test ./shared/phi -run TestTextModelWeights -args -phi.train", b, textBias)
	}
	for k := range w {
		if d := math.Abs(w[k] - float64(textWeights[k])); d > 1e-3*max(1, math.Abs(w[k])) {
			t.Fatalf("weight %d: fitted %.6f, committed %.6f; run go test ./shared/phi -run TestTextModelWeights -args -phi.train", k, w[k], textWeights[k])
		}
	}
}

func textWeightsSource(w []float64, b, cut, veto, lambda float64) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "// Code generated by go test ./shared/phi -run TestTextModelWeights -args -phi.train; DO NOT EDIT.\n\n")
	fmt.Fprintf(&buf, "package phi\n\n")
	if math.IsInf(cut, 1) || math.IsInf(veto, -1) {
		fmt.Fprintf(&buf, "import \"math\"\n\n")
	}
	fmt.Fprintf(&buf, "// textWeights are the text model's weights by hashed feature, fitted with\n// L2 regularisation %g chosen by leave-one-corpus-out cross-validation.\n", lambda)
	fmt.Fprintf(&buf, "var textWeights = [textBuckets]float32{")
	n := 0
	for k, v := range w {
		if float32(v) == 0 {
			continue
		}
		if n%6 == 0 {
			buf.WriteString("\n")
		}
		n++
		fmt.Fprintf(&buf, "%d: %.5g, ", k, v)
	}
	fmt.Fprintf(&buf, "\n}\n\nconst textBias = %.6f\n\n", b)
	fmt.Fprintf(&buf, "// textLambda is the regularisation cross-validation chose; the test\n// without -phi.train refits with it alone.\nconst textLambda = %g\n\n", lambda)
	fmt.Fprintf(&buf, "// textCut is the score at or above which the text is a patient's: the\n")
	fmt.Fprintf(&buf, "// lowest at which rules and both models refuse at most %.1f%% of the clean\n// texts of corpora they were not fitted to.\n", textFPR*100)
	cutSrc := fmt.Sprintf("%.6f", cut)
	if math.IsInf(cut, 1) {
		cutSrc = "math.Inf(1) // no cut keeps to the rate: the model is off"
	}
	fmt.Fprintf(&buf, "// A variable so that training can switch the model off.\nvar textCut = %s\n\n", cutSrc)
	vetoSrc := fmt.Sprintf("%.6f", veto)
	if math.IsInf(veto, -1) {
		vetoSrc = "math.Inf(-1) // no veto"
	}
	fmt.Fprintf(&buf, "// textVeto: a text the rules or the name model refuse as KindName alone\n// passes when its score is under it. A variable for the same reason.\nvar textVeto = %s\n", vetoSrc)
	out, err := format.Source(buf.Bytes())
	if err != nil {
		panic(err)
	}
	return out
}
