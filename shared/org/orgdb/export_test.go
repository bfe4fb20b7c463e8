package orgdb

// SetMaxClearPasses lowers the passes ClearReactivated makes over one
// partition in a run, for a test; the returned func restores it.
func SetMaxClearPasses(n int) (restore func()) {
	old := maxClearPasses
	maxClearPasses = n
	return func() { maxClearPasses = old }
}
