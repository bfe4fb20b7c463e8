//go:build race

package phi

// raceDetector: the race detector slows the guard several times over.
const raceDetector = true
