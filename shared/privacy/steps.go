package privacy

// Step names. Each is idempotent and checkpointed in the request record
// with its audit entry.
const (
	StepHoldCheck   = "hold_check"
	StepCollect     = "collect"
	StepPublish     = "publish"
	StepCorrect     = "correct"
	StepSuppress    = "suppress"
	StepMemberships = "memberships"
	StepConnections = "connections"
	StepErase       = "erase"
	StepAnonymize   = "anonymize_billing"
	StepFlag        = "flag"
	StepNotify      = "notify"
)

// PlanSteps is the work of an approved request of type t, in order.
func PlanSteps(t Type) []Step {
	var names []string
	switch {
	case t.Exports():
		names = []string{StepCollect, StepPublish, StepNotify}
	case t == Correction:
		names = []string{StepCorrect, StepNotify}
	case t.Erases():
		// Billing is anonymized before the erase step deletes the profile,
		// which is how a request naming only a user ID finds the address.
		names = []string{StepHoldCheck, StepSuppress, StepMemberships, StepConnections, StepAnonymize, StepErase, StepNotify}
	default:
		names = []string{StepFlag, StepNotify}
	}
	steps := make([]Step, len(names))
	for i, n := range names {
		steps[i] = Step{Name: n, Status: StepPending}
	}
	return steps
}
