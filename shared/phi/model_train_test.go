package phi

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"hash/fnv"
	"math"
	"os"
	"slices"
	"testing"
)

// The name model's training: this file is the training script, the
// corpora in the other _test.go files (except batch N and the held-out
// batch O) are
// its data. `go test ./shared/phi -run TestModelWeights -v -args
// -phi.train` fits the weights and writes model_weights.go; without the
// flag the test fits them again and fails if the committed ones differ.

var train = flag.Bool("phi.train", false, "fit the name model and write model_weights.go")

// trainingCorpora are the corpora the model learns from; the held-out
// batch O is not among them, nor N, which the text model learns from.
func trainingCorpora() []corpus {
	var out []corpus
	for _, c := range corpora() {
		if !c.heldOut && !c.notNameModel {
			out = append(out, c)
		}
	}
	return out
}

// sample is one training text: its candidates' features, its label, and
// whether the rules alone refuse it.
type sample struct {
	cands [][nFeatures]float64
	pos   bool
	rules bool
	fold  int
	// fitOnly: a negative for fitting that is not counted in the rates
	// (a unit case with PHI of another kind, which the rules refuse)
	fitOnly bool
}

func featuresOf(text string) (cands [][nFeatures]float64, rules bool) {
	lexiconOnce.Do(buildLexicon)
	a := new(analysis)
	a.analyze(text)
	a.eachCandidate(func(x *[nFeatures]float64, _ candKind) { cands = append(cands, *x) })
	a.finish()
	return cands, a.found != 0
}

const nFolds = 5

func trainingSamples() []sample {
	var out []sample
	add := func(text string, pos bool) {
		h := fnv.New32a()
		h.Write([]byte(text))
		c, r := featuresOf(text)
		out = append(out, sample{cands: c, pos: pos, rules: r, fold: int(h.Sum32() % nFolds)})
	}
	for _, c := range trainingCorpora() {
		for _, ex := range c.pos {
			// The model is about persons; the other kinds' examples
			// are the rules' job and are not evidence either way.
			if ex.kind == KindName || ex.kind == KindURL {
				add(ex.text, true)
			}
		}
		for _, s := range c.neg {
			add(s, false)
		}
	}
	add(benchText, false)
	add(benchText1000, false)
	for _, c := range checkCases {
		switch {
		case c.text == "":
		case slices.Contains(c.want, KindName):
			add(c.text, true)
		case c.want == nil:
			add(c.text, false)
		default:
			// PHI of another kind whose names are not a patient's
			// ("Referral ... from Dr. Patel, NPI ..."): the model
			// learns from it, the rates do not count it
			add(c.text, false)
			out[len(out)-1].fitOnly = true
		}
	}
	return out
}

func dot(w, x *[nFeatures]float64) float64 {
	z := 0.0
	for f := range x {
		z += w[f] * x[f]
	}
	return z
}

// fitLogistic fits L2-regularised logistic regression by Newton's method,
// which converges to the unique optimum, so the weights do not depend on
// a learning rate or on the order of the rows.
func fitLogistic(rows [][nFeatures]float64, ys []float64, lambda float64) [nFeatures]float64 {
	var w [nFeatures]float64
	for iter := 0; iter < 50; iter++ {
		var g [nFeatures]float64
		var h [nFeatures][nFeatures]float64
		for r, x := range rows {
			p := 1 / (1 + math.Exp(-dot(&w, &x)))
			q := p * (1 - p)
			for f := range x {
				if x[f] == 0 {
					continue
				}
				g[f] += (p - ys[r]) * x[f]
				for e := range x {
					h[f][e] += q * x[f] * x[e]
				}
			}
		}
		for f := range w {
			reg := lambda
			if f == fBias {
				reg = 1e-6
			}
			g[f] += reg * w[f]
			h[f][f] += reg
		}
		d := solve(h, g)
		step := 0.0
		for f := range w {
			w[f] -= d[f]
			step = max(step, math.Abs(d[f]))
		}
		if step < 1e-10 {
			break
		}
	}
	return w
}

// solve solves h d = g by Gaussian elimination with partial pivoting.
func solve(h [nFeatures][nFeatures]float64, g [nFeatures]float64) [nFeatures]float64 {
	for c := 0; c < nFeatures; c++ {
		p := c
		for r := c + 1; r < nFeatures; r++ {
			if math.Abs(h[r][c]) > math.Abs(h[p][c]) {
				p = r
			}
		}
		h[c], h[p] = h[p], h[c]
		g[c], g[p] = g[p], g[c]
		for r := c + 1; r < nFeatures; r++ {
			m := h[r][c] / h[c][c]
			for e := c; e < nFeatures; e++ {
				h[r][e] -= m * h[c][e]
			}
			g[r] -= m * g[c]
		}
	}
	var d [nFeatures]float64
	for c := nFeatures - 1; c >= 0; c-- {
		s := g[c]
		for e := c + 1; e < nFeatures; e++ {
			s -= h[c][e] * d[e]
		}
		d[c] = s / h[c][c]
	}
	return d
}

// fitModel fits the model on the samples: each clean text's candidates are
// negatives; a PHI text is positive through its most patient-like
// candidate, which is chosen by the model itself, fit and choose in turn
// (multiple-instance learning), starting from the rules' score.
func fitModel(ss []sample, lambda float64) [nFeatures]float64 {
	pick := make([]int, len(ss))
	for n, s := range ss {
		best := -1.0
		for c, x := range s.cands {
			v := x[fRule] + 0.1*(x[fAfter]+x[fPoss]+x[fPronHealth]+x[fYour]+x[fListed]+x[fOutcome]+x[fHealthSent])
			if v > best {
				best, pick[n] = v, c
			}
		}
	}
	var w [nFeatures]float64
	for round := 0; round < 10; round++ {
		var rows [][nFeatures]float64
		var ys []float64
		for n, s := range ss {
			if s.pos {
				if len(s.cands) > 0 {
					rows = append(rows, s.cands[pick[n]])
					ys = append(ys, 1)
				}
				continue
			}
			for _, x := range s.cands {
				rows = append(rows, x)
				ys = append(ys, 0)
			}
		}
		w = fitLogistic(rows, ys, lambda)
		changed := false
		for n, s := range ss {
			if !s.pos {
				continue
			}
			best, bc := math.Inf(-1), 0
			for c, x := range s.cands {
				if z := dot(&w, &x); z > best {
					best, bc = z, c
				}
			}
			if len(s.cands) > 0 && bc != pick[n] {
				pick[n], changed = bc, true
			}
		}
		if !changed {
			break
		}
	}
	return w
}

// maxScore is the text's highest candidate score, -Inf with none.
func maxScore(w *[nFeatures]float64, s sample) float64 {
	best := math.Inf(-1)
	for _, x := range s.cands {
		best = max(best, dot(w, &x))
	}
	return best
}

type rates struct{ recall, fpr float64 }

// tally counts hits among PHI (pos) and clean samples.
type tally struct{ np, tp, nn, fp int }

func (t *tally) add(pos, hit bool) {
	if pos {
		t.np++
		if hit {
			t.tp++
		}
		return
	}
	t.nn++
	if hit {
		t.fp++
	}
}

func (t tally) rates() rates {
	return rates{float64(t.tp) / float64(t.np), float64(t.fp) / float64(t.nn)}
}

func evaluate(w *[nFeatures]float64, cut float64, ss []sample) rates {
	var t tally
	for _, s := range ss {
		if !s.fitOnly {
			t.add(s.pos, s.rules || maxScore(w, s) >= cut)
		}
	}
	return t.rates()
}

// lambdas are the regularisation strengths the cross-validation tries.
// It once tried 0.03 to 30: from 0.03 to 0.3 its held-out recall differed
// by one to three texts of 273, noise that flipped the choice with two
// more samples, and the whole guard (rules, both models) read every
// tuning corpus better at 0.03 (all but held out 0.989 against 0.979). So
// the strength stays fixed and the cross-validation picks the cut.
var lambdas = []float64{0.03}

// cvFPR is the false-positive rate, rules and model together, that the
// cut is chosen to keep to on texts the model was not fitted to. 1.25%
// left the text model more of the whole guard's 2%: over 1%, 1.25% and
// 1.5% the text model's leave-one-corpus-out cross-validation read 0.949,
// 0.952 and 0.951 at 2% false positives, and 0.941, 0.942 and 0.934 at
// 1.5%. In round 17, with the rules refusing fewer clean texts of the
// name model's corpora, 1.25% let its cut fall from 0.40 to 0.27 and the
// guard read the tuning corpora at 108 misses and 35 false positives;
// 1% kept it at 0.62, read 99 and 32, and cross-validated the same (0.969
// against 0.970 at 2%). The name model's cut is fitted on the older
// corpora only, the text model's on all of them: 1% gives the budget to
// the model whose cut sees every writer.
const cvFPR = 0.01

// heldOutScores scores each sample with the model fitted on the other
// folds: -Inf for a text without candidates, +Inf for one the rules refuse.
func heldOutScores(ss []sample, lambda float64) []float64 {
	z := make([]float64, len(ss))
	for f := range nFolds {
		var tr []sample
		for _, s := range ss {
			if s.fold != f {
				tr = append(tr, s)
			}
		}
		w := fitModel(tr, lambda)
		for n, s := range ss {
			if s.fold == f {
				z[n] = maxScore(&w, s)
				if s.rules {
					z[n] = math.Inf(1)
				}
			}
		}
	}
	return z
}

// cutAt returns the lowest cut whose false-positive rate on the scored
// samples stays at or under fpr, and the recall and rate at that cut.
func cutAt(ss []sample, z []float64, fpr float64) (cut float64, r rates) {
	var negs []float64
	nNeg := 0
	for n, s := range ss {
		if !s.pos && !s.fitOnly {
			nNeg++
			negs = append(negs, z[n])
		}
	}
	slices.Sort(negs)
	slices.Reverse(negs)
	allowed := int(fpr * float64(nNeg))
	cut = math.Inf(1)
	for k := allowed; k < len(negs); k++ {
		if !math.IsInf(negs[k], 1) {
			cut = negs[k] + 1e-3
			break
		}
	}
	var np, tp, fp int
	for n, s := range ss {
		if s.fitOnly {
			continue
		}
		hit := z[n] >= cut
		if s.pos {
			np++
			if hit {
				tp++
			}
		} else if hit {
			fp++
		}
	}
	return cut, rates{float64(tp) / float64(np), float64(fp) / float64(nNeg)}
}

// crossValidate returns the regularisation with the best held-out recall
// at cvFPR, and the cut that keeps the held-out texts to it.
func crossValidate(t *testing.T, ss []sample) (lambda, cut float64) {
	bestR := -1.0
	for _, l := range lambdas {
		z := heldOutScores(ss, l)
		line := fmt.Sprintf("lambda %-5g held-out", l)
		var c float64
		for _, fpr := range []float64{0.01, cvFPR, 0.02, 0.025, 0.03} {
			cc, r := cutAt(ss, z, fpr)
			line += fmt.Sprintf("  recall %.3f at fp %.3f", r.recall, r.fpr)
			if fpr == cvFPR {
				c = cc
				if r.recall > bestR {
					bestR, lambda, cut = r.recall, l, c
				}
			}
		}
		t.Log(line)
		// What the model adds: of the PHI texts the rules pass, the share
		// it refuses held out, at the cut for cvFPR.
		cc, _ := cutAt(ss, z, cvFPR)
		var np, tp int
		for n, s := range ss {
			if s.pos && !s.rules {
				np++
				if z[n] >= cc {
					tp++
				}
			}
		}
		t.Logf("lambda %-5g held-out recall on PHI the rules pass: %.3f (%d of %d)", l, float64(tp)/float64(np), tp, np)
	}
	return lambda, cut
}

func TestModelWeights(t *testing.T) {
	ss := trainingSamples()
	var rulesOnly [nFeatures]float64
	base := evaluate(&rulesOnly, math.Inf(1), ss)
	t.Logf("rules alone on the training texts: recall %.3f false positives %.3f (%d texts)", base.recall, base.fpr, len(ss))
	lambda, cut := crossValidate(t, ss)
	w := fitModel(ss, lambda)
	r := evaluate(&w, cut, ss)
	t.Logf("chosen lambda %g, cut %.4f: training recall %.3f false positives %.3f", lambda, cut, r.recall, r.fpr)
	src := weightsSource(w, cut, lambda)
	if *train {
		if err := os.WriteFile("model_weights.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for f := range w {
		if math.Abs(w[f]-modelWeights[f]) > 1e-3*max(1, math.Abs(w[f])) {
			t.Errorf("weight %s: fitted %.6f, committed %.6f; run go test ./shared/phi -run TestModelWeights -args -phi.train",
				featureNames[f], w[f], modelWeights[f])
		}
	}
	if math.Abs(cut-modelCut) > 1e-3*max(1, math.Abs(cut)) {
		t.Errorf("cut: fitted %.6f, committed %.6f", cut, modelCut)
	}
}

func weightsSource(w [nFeatures]float64, cut, lambda float64) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go test ./shared/phi -run TestModelWeights -args -phi.train; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package phi\n\n")
	fmt.Fprintf(&b, "// modelWeights are the name model's weights, by feature, fitted with L2\n// regularisation %g chosen by %d-fold cross-validation.\n", lambda, nFolds)
	fmt.Fprintf(&b, "var modelWeights = [nFeatures]float64{\n")
	for f := range w {
		fmt.Fprintf(&b, "\t%s: %.6f,\n", featureConst[f], w[f])
	}
	fmt.Fprintf(&b, "}\n\n// modelCut is the score at or above which a candidate is a patient's: the\n")
	fmt.Fprintf(&b, "// lowest at which rules and model together refuse at most %.1f%% of the\n// training corpora's clean texts, each scored by a model fitted without it.\n", cvFPR*100)
	fmt.Fprintf(&b, "const modelCut = %.6f\n", cut)
	out, err := format.Source(b.Bytes())
	if err != nil {
		panic(err)
	}
	return out
}

var featureConst = [nFeatures]string{
	"fBias", "fFull", "fGiven", "fUnknown", "fInitials", "fHandle", "fTimeRef", "fLowerName",
	"fRule", "fAfter", "fPoss", "fPronHealth", "fPronAny", "fYour", "fMessage", "fListed",
	"fOutcome", "fRolePat", "fGreet", "fVerb", "fHealthSent", "fCondSent", "fHealthNear",
	"fStaffNear", "fStaffRole", "fPlace", "fPublic", "fRuleStaff", "fAddressed", "fBizPhrase", "fStaffOwn", "fStaffSent", "fFamily", "fBizHandle", "fTitleCase",
	"fCleanPron", "fCleanVerb", "fCleanPoss", "fCleanMsg", "fCleanHealth",
	"fPronAndHealth", "fVerbAndHealth", "fMsgAndHealth", "fGivenAndHealth",
	"fVocative", "fVocHealth", "fHonorific", "fMediaOf", "fWhoHealth", "fInstruct", "fHealth", "fCond", "fDose", "fClinical",
	"fDate", "fPatientRef", "fCareContext", "fSpanish", "fStaffText", "fPromo", "fPlaceholder",
	"fYouCopy", "fFirstPerson", "fWeightNum",
}
