package phi

import (
	"cmp"
	"slices"
	"sync"
)

// Kind names the kind of identifier found. The values are part of the API
// contract (they appear in 422 responses), so they never change once shipped.
type Kind string

// The kinds, one per HIPAA Safe Harbor identifier that can appear in text,
// plus card numbers. A "_with_treatment" or "_with_patient" suffix marks an
// identifier that is only PHI when the text also ties it to a person's health;
// the others are refused wherever they appear.
const (
	// KindName: a person's name tied to a treatment or condition as a
	// patient or client ("our client Jane Doe had Botox"). Staff and
	// celebrities named in marketing copy are not this kind.
	KindName Kind = "patient_name_with_treatment"
	// KindAddress: a street address, city or ZIP code that belongs to a
	// patient rather than to the business.
	KindAddress Kind = "address_with_treatment"
	// KindDateOfBirth: a month-and-day date labelled as a birth date.
	KindDateOfBirth Kind = "date_of_birth"
	// KindDate: a date of admission, discharge, service, visit or death
	// tied to a patient. Promotion dates are not this kind.
	KindDate Kind = "date_with_patient"
	// KindAge: an age over 89, which Safe Harbor treats as identifying.
	KindAge Kind = "age_over_89"
	// KindPhone: a patient's telephone number (not the clinic's).
	KindPhone Kind = "phone_with_treatment"
	// KindFax: a fax number in a text about a patient's records.
	KindFax Kind = "fax_with_treatment"
	// KindEmail: a patient's email address (not the clinic's or the
	// account user's own).
	KindEmail Kind = "email_with_treatment"
	// KindSSN: a Social Security number; refused wherever it appears.
	KindSSN Kind = "ssn"
	// KindMRN: a medical record or chart number.
	KindMRN Kind = "medical_record_number"
	// KindHealthPlan: a health plan member, subscriber, policy or
	// Medicare (MBI) number.
	KindHealthPlan Kind = "health_plan_number"
	// KindAccount: a patient's account, membership or financing number.
	// The business's own ad-platform or billing accounts are not this kind.
	KindAccount Kind = "account_number"
	// KindLicense: a driver's licence, passport, state ID or certificate
	// number of a person. Staff professional licences in ads are not this
	// kind.
	KindLicense Kind = "license_number"
	// KindVehicle: a licence plate or VIN.
	KindVehicle Kind = "vehicle_identifier"
	// KindDevice: a serial number or UDI of a patient's device or implant.
	// The clinic's own equipment serials are not this kind.
	KindDevice Kind = "device_identifier"
	// KindURL: a URL that carries a patient identifier (a chart or patient
	// path, a query naming a person), or a patient's social profile URL or
	// @handle.
	KindURL Kind = "url_with_patient"
	// KindIP: an IP address in a text about a patient.
	KindIP Kind = "ip_address_with_treatment"
	// KindBiometric: a biometric identifier (fingerprint, retina or iris
	// scan, voiceprint, DNA profile) of a patient.
	KindBiometric Kind = "biometric_identifier"
	// KindPatientID: any other unique number or code that identifies a
	// patient: patient or client ID, case, claim or encounter number.
	KindPatientID Kind = "patient_identifier"
	// KindNPI: a checksum-valid National Provider Identifier in a text about
	// a specific patient (a referral or claim). A provider's NPI on its own
	// is public and passes.
	KindNPI Kind = "npi_with_patient"
	// KindCard: a Luhn-valid 13-19 digit number. Not a HIPAA identifier,
	// but we never store card numbers in any field.
	KindCard Kind = "card_number"
)

// kinds lists every kind in the order findings are reported (by name). A
// kind's index here is its bit in analysis.found, so collecting kinds costs
// no allocation.
var kinds = [...]Kind{
	KindAccount, KindAddress, KindAge, KindBiometric, KindCard,
	KindDateOfBirth, KindDate, KindDevice, KindEmail, KindFax, KindHealthPlan,
	KindIP, KindLicense, KindMRN, KindNPI, KindPatientID, KindName, KindPhone,
	KindSSN, KindURL, KindVehicle,
}

// Kinds returns every kind the guard reports, sorted by name.
func Kinds() []Kind { return slices.Clone(kinds[:]) }

// Finding says that a field holds an identifier of a kind. It deliberately
// has no offset, excerpt or value: a finding is returned to clients and may
// be logged, and neither may echo PHI.
type Finding struct {
	Kind  Kind   `json:"kind"`
	Field string `json:"field,omitempty"`
}

// Check reports the kinds of PHI found in text, each kind at most once,
// sorted by kind. Field is empty. A nil result means the text may be stored
// and sent to a model.
func Check(text string) []Finding {
	return appendFindings(nil, "", text)
}

// CheckFields checks each field of a request and returns the findings sorted
// by field, then kind, so a 422 can name each offending field and kind.
func CheckFields(fields map[string]string) []Finding {
	var out []Finding
	for name, text := range fields {
		out = appendFindings(out, name, text)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		if c := cmp.Compare(a.Field, b.Field); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return out
}

var pool = sync.Pool{New: func() any { return new(analysis) }}

func appendFindings(out []Finding, field, text string) []Finding {
	if len(text) == 0 {
		return out
	}
	lexiconOnce.Do(buildLexicon)
	a := pool.Get().(*analysis)
	a.run(text)
	found := a.found
	a.reset()
	pool.Put(a)
	for i, k := range kinds {
		if found&(1<<i) != 0 {
			out = append(out, Finding{Kind: k, Field: field})
		}
	}
	return out
}
