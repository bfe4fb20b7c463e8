package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"time"
)

// bytesPerMB is a mebibyte, the unit ls -h, du -h and Lambda's size limits use.
const bytesPerMB = 1 << 20

// targets are the budgets every function is held to.
type targets struct {
	MaxRatio  float64 `json:"maxRatio"`  // cold-start median / hello median
	MaxSizeMB float64 `json:"maxSizeMB"` // linux/arm64 bootstrap
}

// result is one table row and one JSON entry.
type result struct {
	Name      string    `json:"name"`
	Dir       string    `json:"dir"`
	SizeBytes int64     `json:"sizeBytes"`
	SizeMB    float64   `json:"sizeMB"`
	SamplesMs []float64 `json:"samplesMs"`
	MedianMs  float64   `json:"medianMs"`
	MinMs     float64   `json:"minMs"`
	P90Ms     float64   `json:"p90Ms"`
	MaxMs     float64   `json:"maxMs"`
	InitMs    float64   `json:"initMs,omitempty"` // median of RIE's INIT REPORT, 0 if not logged
	// RequestMs is the median of the first request's own work (RIE's REPORT
	// duration, which waits for the init, less the init); StartMs the median cold start without it, and StartRatio that
	// against hello's: the cold start's cost before the request's own work.
	RequestMs  float64 `json:"requestMs,omitempty"`
	StartMs    float64 `json:"startMs,omitempty"`
	StartRatio float64 `json:"startRatio,omitempty"`
	// RequestRatio is RequestMs against the first-request baseline's (one
	// DynamoDB write on a new connection).
	RequestRatio float64  `json:"requestRatio,omitempty"`
	Ratio        float64  `json:"ratio"`
	Pass         bool     `json:"pass"`
	Problems     []string `json:"problems,omitempty"`
}

type report struct {
	RIEPath     string   `json:"riePath"`
	RIEVersion  string   `json:"rieVersion"`
	Runs        int      `json:"runs"`
	ColdStartOn string   `json:"coldStartPlatform"`
	Targets     targets  `json:"targets"`
	Baseline    result   `json:"baseline"`
	Write       result   `json:"writeBaseline"`
	Functions   []result `json:"functions"`
	Pass        bool     `json:"pass"`
}

// newResult summarises a target's measurements; err is its failed invocation, if any.
func newResult(t *target) result {
	r := result{
		Name:      t.name,
		Dir:       t.dir,
		SizeBytes: t.sizeBytes,
		SizeMB:    float64(t.sizeBytes) / bytesPerMB,
	}
	var inits, requests, starts []float64
	for _, s := range t.samples {
		r.SamplesMs = append(r.SamplesMs, ms(s.total))
		if s.init > 0 {
			inits = append(inits, ms(s.init))
		}
		if s.request > 0 {
			requests = append(requests, ms(s.request))
			starts = append(starts, ms(s.total-s.request))
		}
	}
	r.InitMs = median(inits)
	r.RequestMs = median(requests)
	r.StartMs = median(starts)
	if len(r.SamplesMs) > 0 {
		r.MedianMs = median(r.SamplesMs)
		r.MinMs = slices.Min(r.SamplesMs)
		r.P90Ms = percentile(r.SamplesMs, 90)
		r.MaxMs = slices.Max(r.SamplesMs)
	}
	if t.err != nil {
		r.Problems = append(r.Problems, "invocation failed: "+t.err.Error())
	}
	return r
}

// evaluate sets the ratios and verdict of a function against the
// baselines. The verdict is on the cold start without the first request's
// own work (W/O REQ against hello's): what the function's binary, package
// init and main cost before it serves anything. The request's own work is
// reported apart, against the first-request baseline (one DynamoDB write on
// a new connection), since it is the event's work and not the cold start's:
// the api's health check writes its request log, a sweep sweeps. When RIE's
// log gave no INIT and REQ, the verdict falls back to the whole cold start.
// A failed or missing baseline fails every function: without it there is
// nothing to compare against.
func evaluate(r *result, baseline, write result, tg targets) {
	switch {
	case len(baseline.Problems) > 0 || baseline.MedianMs <= 0:
		r.Problems = append(r.Problems, "no baseline: hello failed")
	case len(r.Problems) == 0 && r.MedianMs > 0:
		r.Ratio = r.MedianMs / baseline.MedianMs
		if r.RequestMs > 0 && write.RequestMs > 0 && len(write.Problems) == 0 {
			r.RequestRatio = r.RequestMs / write.RequestMs
		}
		if r.StartMs > 0 && baseline.StartMs > 0 {
			r.StartRatio = r.StartMs / baseline.StartMs
			if round2(r.StartRatio) > tg.MaxRatio {
				r.Problems = append(r.Problems, fmt.Sprintf("cold start before its request %.2fx hello's (%.1f ms vs %.1f ms), limit %.2fx",
					r.StartRatio, r.StartMs, baseline.StartMs, tg.MaxRatio))
			}
		} else if round2(r.Ratio) > tg.MaxRatio {
			r.Problems = append(r.Problems, fmt.Sprintf("cold start %.2fx hello (%.1f ms vs %.1f ms), limit %.2fx",
				r.Ratio, r.MedianMs, baseline.MedianMs, tg.MaxRatio))
		}
	}
	if round2(r.SizeMB) > tg.MaxSizeMB {
		r.Problems = append(r.Problems, fmt.Sprintf("arm64 bootstrap %.2f MiB, limit %.2f MiB", r.SizeMB, tg.MaxSizeMB))
	}
	r.Pass = len(r.Problems) == 0
}

// round2 makes verdicts agree with the two decimals printed: a ratio shown
// as 1.50 passes a 1.5 limit.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile uses the nearest-rank method, so the result is always one of
// the samples (with 7 runs, p90 is the maximum).
func percentile(xs []float64, p float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (rep *report) print(w io.Writer) {
	fmt.Fprintf(w, "RIE: %s (%s)\n", rep.RIEPath, rep.RIEVersion)
	fmt.Fprintf(w, "Cold start: %d runs per function on %s, hello measured in every round; size: linux/arm64 bootstrap (-s -w)\n",
		rep.Runs, rep.ColdStartOn)
	fmt.Fprintf(w, "Targets: cold start before the first request's own work (W/O REQ) <= %.2fx hello's, size <= %.2f MiB\n", rep.Targets.MaxRatio, rep.Targets.MaxSizeMB)
	fmt.Fprintf(w, "(INIT = the function's own init as RIE logs it; REQ = the first request's own work (RIE's REPORT duration less INIT);\n"+
		" REQ/WRITE = REQ against %q's, one DynamoDB write on a new connection: the least a first request that writes costs;\n"+
		" W/O REQ = the cold start without REQ against hello's, what the function costs before its request's own work: the verdict;\n"+
		" TOTAL = the whole cold start against hello's, for information; all medians)\n\n", writeBaselineName)

	nameWidth := len(rep.Baseline.Name)
	for _, r := range rep.Functions {
		nameWidth = max(nameWidth, len(r.Name))
	}
	const format = "%-*s  %8s  %9s  %7s  %7s  %7s  %7s  %6s  %9s  %7s  %5s  %s\n"
	fmt.Fprintf(w, format, nameWidth, "FUNCTION", "SIZE MiB", "MEDIAN ms", "MIN ms", "P90 ms", "MAX ms", "INIT ms", "REQ ms", "REQ/WRITE", "W/O REQ", "TOTAL", "VERDICT")
	ratioCell := func(v float64) string {
		if v <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", v)
	}
	row := func(r result, startRatio, ratio, verdict string) {
		fmt.Fprintf(w, format, nameWidth, r.Name, fmt.Sprintf("%.2f", r.SizeMB),
			msCell(r.MedianMs), msCell(r.MinMs), msCell(r.P90Ms), msCell(r.MaxMs), msCell(r.InitMs), msCell(r.RequestMs),
			ratioCell(r.RequestRatio), startRatio, ratio, verdict)
	}
	baseVerdict := "baseline"
	if len(rep.Baseline.Problems) > 0 {
		baseVerdict = "FAIL"
	}
	row(rep.Baseline, "1.00", "1.00", baseVerdict)
	write := rep.Write
	writeVerdict := "baseline"
	if len(write.Problems) > 0 {
		writeVerdict = "FAIL"
	} else if write.RequestMs > 0 {
		write.RequestRatio = 1
	}
	writeStart, writeTotal := "-", "-"
	if rep.Baseline.StartMs > 0 && write.StartMs > 0 {
		writeStart = ratioCell(write.StartMs / rep.Baseline.StartMs)
	}
	if rep.Baseline.MedianMs > 0 && write.MedianMs > 0 {
		writeTotal = ratioCell(write.MedianMs / rep.Baseline.MedianMs)
	}
	row(write, writeStart, writeTotal, writeVerdict)
	for _, r := range rep.Functions {
		verdict := "PASS"
		if !r.Pass {
			verdict = "FAIL"
		}
		row(r, ratioCell(r.StartRatio), ratioCell(r.Ratio), verdict)
	}

	var failed []string
	for _, r := range rep.Functions {
		if !r.Pass {
			failed = append(failed, "  "+r.Name+": "+strings.Join(r.Problems, "; "))
		}
	}
	if len(failed) == 0 {
		fmt.Fprintf(w, "\nPASS: all %d functions within targets\n", len(rep.Functions))
		return
	}
	fmt.Fprintf(w, "\nFAIL: %d of %d functions missed a target:\n", len(failed), len(rep.Functions))
	for _, b := range []result{rep.Baseline, rep.Write} {
		if len(b.Problems) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", b.Name, strings.Join(b.Problems, "; "))
		}
	}
	fmt.Fprintln(w, strings.Join(failed, "\n"))
}

// msCell shows "-" when nothing was measured, so a failed function is not
// shown as having a 0 ms cold start.
func msCell(v float64) string {
	if v <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}

func (rep *report) writeJSON(file string) error {
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(data, '\n'), 0o644)
}
