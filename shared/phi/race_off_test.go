//go:build !race

package phi

const raceDetector = false
