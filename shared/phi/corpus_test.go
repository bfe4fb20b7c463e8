package phi

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

// The corpus is generated from templates and fixed lists with a seeded
// generator, so it is the same on every run. Fixtures are synthetic: no
// name, number or address here belongs to a real person.

type example struct {
	kind Kind // for positives: the kind the example is about
	text string
}

type gen struct{ r *rand.Rand }

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *gen) digits(n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

var (
	// Patients: some given names are in the guard's list, some are not.
	fxFirst = []string{"Jane", "Maria", "Jessica", "Ashley", "Priya", "Xiomara", "Siobhan",
		"Thuy", "Nkechi", "Delphine", "Yesenia", "Brittany", "Kimberly", "Odalys", "Lauren",
		"Mei", "Fatima", "Rachel", "Marisol", "Heather", "Daniela", "Colleen", "Tamika",
		"Greta", "Ingrid", "Rosalind", "Michael", "David", "Carlos", "Anjali"}
	fxLast = []string{"Doe", "Smith", "Lopez", "Nguyen", "Patel", "Johnson", "Okafor",
		"Hernández", "O'Brien", "McAllister", "Rossi", "Cohen", "Yamamoto", "Brooks",
		"Fitzgerald", "Castillo", "Novak", "Abernathy", "Delgado", "Whitfield", "Kowalski",
		"Tran", "Washington", "Albright"}
	fxTreat = []string{"Botox", "lip filler", "Juvederm Voluma", "microneedling",
		"laser hair removal", "CoolSculpting", "chemical peel", "IPL", "Morpheus8",
		"Sculptra", "semaglutide", "HydraFacial", "Dysport", "Kybella", "PRP",
		"cheek filler", "tear trough filler", "lip flip", "Xeomin", "RF microneedling"}
	fxCond = []string{"bruising", "swelling", "vascular occlusion", "allergic reaction",
		"cold sore outbreak", "rosacea", "melasma", "eyelid ptosis", "burns", "nodules",
		"hives", "infection", "severe acne", "hyperpigmentation", "migraines"}
	fxStreet = []string{"Oak St", "Maple Avenue", "Preston Rd", "Elm Street", "W 5th Ave",
		"Lakeview Dr", "Cedar Ln", "Magnolia Blvd", "Sycamore Ct", "Hillcrest Way"}
	fxCity  = []string{"Plano", "Frisco", "Scottsdale", "Boise", "Naperville", "Carmel", "Tustin", "Bellevue", "Franklin", "Alpharetta"}
	fxState = []string{"TX", "AZ", "ID", "IL", "IN", "CA", "WA", "TN", "GA"}
	fxMail  = []string{"gmail.com", "yahoo.com", "icloud.com", "hotmail.com", "outlook.com", "aol.com"}

	// Businesses and staff.
	fxClinic = []string{"Glow Med Spa", "Luxe Aesthetics", "Bella Skin Studio", "Radiance MedSpa",
		"The Face Lab", "Pure Skin Med Spa", "Sculpt Body Studio", "Evolve Med Spa",
		"Serenity Laser Clinic", "Lumiere Aesthetics"}
	fxSite = []string{"glowmedspa.com", "luxeaesthetics.com", "bellaskinstudio.com",
		"radiancemedspa.com", "thefacelab.co", "pureskinmedspa.com", "sculptbodystudio.com",
		"evolvemedspa.com", "serenitylaser.com", "lumiereaesthetics.com"}
	fxStaffFirst = []string{"Sarah", "Jessica", "Emily", "Amanda", "Dana", "Priya", "Natalie",
		"Lauren", "Megan", "Olivia", "Rachel", "Kristen", "Melissa", "Alyssa", "Brooke"}
	fxStaffLast = []string{"Lee", "Chen", "Reyes", "Kim", "Miller", "Brooks", "Patel",
		"Hoffman", "Garcia", "Sullivan", "Park", "Bennett"}
	fxStaffRole = []string{"nurse injector", "lead esthetician", "medical director",
		"aesthetic nurse practitioner", "laser specialist", "CoolSculpting specialist",
		"front desk coordinator", "founder"}
	fxCred     = []string{"RN", "NP", "MSN, APRN", "PA-C", "RN, BSN", "FNP-C", "LE"}
	fxPromo    = []string{"Tox Tuesday", "Spring Glow Sale", "Summer Ready", "Filler February", "Holiday Glow", "VIP Week", "Mother's Day Special", "Black Friday"}
	fxMonth    = []string{"January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"}
	fxAudience = []string{"women 30-55", "women 28-60", "men and women 35+", "brides-to-be", "moms 30-45", "professionals 25-45"}
)

func (g *gen) first() string { return g.pick(fxFirst) }
func (g *gen) last() string  { return g.pick(fxLast) }
func (g *gen) full() string  { return g.first() + " " + g.last() }
func (g *gen) treat() string { return g.pick(fxTreat) }
func (g *gen) cond() string  { return g.pick(fxCond) }

func (g *gen) date() string {
	m, d, y := g.between(1, 12), g.between(1, 28), g.between(2024, 2026)
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("%d/%d/%d", m, d, y)
	case 1:
		return fmt.Sprintf("%02d/%02d/%02d", m, d, y%100)
	case 2:
		return fmt.Sprintf("%d/%d", m, d)
	case 3:
		return fmt.Sprintf("%s %d, %d", fxMonth[g.r.IntN(len(fxMonth))], d, y)
	default:
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	}
}

func (g *gen) dob() string {
	m, d, y := g.between(1, 12), g.between(1, 28), g.between(1950, 2003)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%d/%d/%d", m, d, y)
	case 1:
		return fmt.Sprintf("%02d-%02d-%d", m, d, y)
	case 2:
		return fmt.Sprintf("%s %d, %d", fxMonth[g.r.IntN(len(fxMonth))], d, y)
	default:
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	}
}

func (g *gen) promoDate() string {
	m, d := g.between(1, 12), g.between(1, 28)
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d/%d", m, d)
	case 1:
		return fmt.Sprintf("%s %d", fxMonth[g.r.IntN(len(fxMonth))], d)
	default:
		return fmt.Sprintf("%d/%d/%d", m, d, 2026)
	}
}

func (g *gen) phone() string {
	a, b, c := g.between(201, 989), g.between(200, 999), g.digits(4)
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("(%d) %d-%s", a, b, c)
	case 1:
		return fmt.Sprintf("%d-%d-%s", a, b, c)
	case 2:
		return fmt.Sprintf("%d.%d.%s", a, b, c)
	default:
		return fmt.Sprintf("+1 %d %d %s", a, b, c)
	}
}

func (g *gen) personalEmail() string {
	f, l := strings.ToLower(g.first()), strings.ToLower(strings.ReplaceAll(g.pick([]string{"Doe", "Smith", "Lopez", "Nguyen", "Patel", "Okafor", "Rossi", "Tran"}), "'", ""))
	switch g.r.IntN(3) {
	case 0:
		return f + "." + l + "@" + g.pick(fxMail)
	case 1:
		return f[:1] + l + g.digits(2) + "@" + g.pick(fxMail)
	default:
		return f + l + g.digits(4) + "@" + g.pick(fxMail)
	}
}

func (g *gen) ssn() string {
	area := g.between(1, 899)
	if area == 666 {
		area = 667
	}
	grp, ser := g.between(1, 99), g.between(1, 9999)
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%03d-%02d-%04d", area, grp, ser)
	case 1:
		return fmt.Sprintf("%03d %02d %04d", area, grp, ser)
	default:
		return fmt.Sprintf("%03d%02d%04d", area, grp, ser)
	}
}

// card returns a Luhn-valid number in a common grouping.
func (g *gen) card() string {
	prefixes := []string{"4", "51", "55", "37", "6011", "35"}
	p := g.pick(prefixes)
	n := 16
	if p == "37" {
		n = 15
	}
	body := p + g.digits(n-len(p)-1)
	for c := 0; c < 10; c++ {
		if luhn(body + string(rune('0'+c))) {
			body += string(rune('0' + c))
			break
		}
	}
	switch g.r.IntN(3) {
	case 0:
		return body
	case 1:
		if n == 15 {
			return body[:4] + " " + body[4:10] + " " + body[10:]
		}
		return body[:4] + " " + body[4:8] + " " + body[8:12] + " " + body[12:]
	default:
		if n == 15 {
			return body[:4] + "-" + body[4:10] + "-" + body[10:]
		}
		return body[:4] + "-" + body[4:8] + "-" + body[8:12] + "-" + body[12:]
	}
}

func (g *gen) npi() string {
	for {
		s := "1" + g.digits(9)
		if npiValid(s) {
			return s
		}
	}
}

// vin returns a VIN with a correct check digit.
func (g *gen) vin() string {
	const chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
	for {
		b := []byte("1HG")
		for len(b) < 17 {
			b = append(b, chars[g.r.IntN(len(chars))])
		}
		for _, c := range "0123456789X" {
			b[8] = byte(c)
			if vinValid(string(b)) {
				return string(b)
			}
		}
	}
}

func (g *gen) mbi() string {
	const letters = "ACDEFGHJKMNPQRTUVWXY"
	l := func() byte { return letters[g.r.IntN(len(letters))] }
	d := func() byte { return byte('0' + g.r.IntN(10)) }
	b := []byte{byte('1' + g.r.IntN(9)), l(), d(), d(), l(), d(), d(), l(), l(), d(), d()}
	s := string(b)
	if g.r.IntN(2) == 0 {
		return s[:4] + "-" + s[4:7] + "-" + s[7:]
	}
	return s
}

func (g *gen) alnumID(prefix string, n int) string { return prefix + g.digits(n) }

func (g *gen) plate() string {
	const L = "ABCDEFGHJKLMNPRSTUVWXYZ"
	return fmt.Sprintf("%d%c%c%c%s", g.between(1, 9), L[g.r.IntN(23)], L[g.r.IntN(23)], L[g.r.IntN(23)], g.digits(3))
}

func (g *gen) street() string {
	return fmt.Sprintf("%d %s", g.between(12, 9800), g.pick(fxStreet))
}

func (g *gen) ip() string {
	return fmt.Sprintf("%d.%d.%d.%d", g.between(23, 223), g.between(0, 255), g.between(0, 255), g.between(1, 254))
}

// Clinic-side values.
func (g *gen) clinic() int       { return g.r.IntN(len(fxClinic)) }
func (g *gen) staffFull() string { return g.pick(fxStaffFirst) + " " + g.pick(fxStaffLast) }
func (g *gen) price() int        { return 5 * g.between(2, 180) }
func (g *gen) clinicAddr() string {
	return fmt.Sprintf("%d %s, Suite %d, %s, %s %d", g.between(100, 9900), g.pick([]string{"Main St", "Preston Rd", "Camelback Rd", "Peachtree St", "Collins Ave", "Sunset Blvd"}), g.between(100, 400), g.pick(fxCity), g.pick(fxState), g.between(30000, 98999))
}

type tmpl func(g *gen) string

// positives lists PHI templates by kind. Each one ties an identifier to a
// specific person's health, phrased the way staff actually write notes,
// prompts and requests.
var positives = map[Kind][]tmpl{
	KindName: {
		func(g *gen) string {
			return fmt.Sprintf("Our client %s had %s on %s and called about %s.", g.full(), g.treat(), g.date(), g.cond())
		},
		func(g *gen) string { return fmt.Sprintf("%s came in for %s on %s.", g.full(), g.treat(), g.date()) },
		func(g *gen) string {
			return fmt.Sprintf("Note: %s reacted to %s last week, swelling on the left side. Rebook for %s.", g.full(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Mrs. %s had her %s touch-up today, mild %s.", g.last(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s - Botox %d units - %s", g.full(), g.between(12, 60), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Can you write a thank-you text to %s? She got %s with us on %s and loved it.", g.full(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client name: %s. Treatment: %s. Notes: history of %s.", g.full(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Follow-up for %s: %s after %s, dissolved with hyaluronidase.", g.full(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Hi %s, your %s appointment is confirmed for %s at 2pm. Reply C to confirm.", g.first(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Before/after of %s's %s, she's thrilled. Can we post it on Instagram?", g.full(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s is allergic to lidocaine, so no %s with numbing cream.", g.full(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Our client %s came in on %s with %s after %s elsewhere.", g.first(), g.date(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Testimonial draft for %s, who underwent %s in March for her %s.", g.full(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient: %s\nProcedure: %s\nDate: %s", g.full(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Write a post celebrating %s's weight loss on semaglutide, down 40 lbs since %s.", g.full(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s, %s: %s, %s, tolerated well.", g.last(), g.first(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Reminder: %s needs a %s touch-up, she had %s last time.", g.full(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s was seen by our NP for %s and started on tretinoin.", g.full(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("We treated %s for %s with %s, add her to the case study.", g.full(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Case study: %s, %d, %s for %s.", g.full(), g.between(24, 70), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s's %s results are in and her %s has cleared.", g.full(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("make an ad using the story of %s who got %s here after years of %s", g.full(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Draft a follow-up email to %s about the %s she noticed after her %s.", g.full(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s (pregnant, 2nd trimester) asked if she can still get %s.", g.full(), g.treat())
		},
	},
	KindAddress: {
		func(g *gen) string {
			return fmt.Sprintf("Client %s lives at %s, %s, %s; she had %s on %s.", g.full(), g.street(), g.pick(fxCity), g.pick(fxState), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Ship the post-%s kit to her home address: %s, %s, %s %d.", g.treat(), g.street(), g.pick(fxCity), g.pick(fxState), g.between(30000, 98999))
		},
		func(g *gen) string {
			return fmt.Sprintf("The patient who had %s after %s resides at %s.", g.cond(), g.treat(), g.street())
		},
		func(g *gen) string {
			return fmt.Sprintf("Home address for the client with the %s complication: %s, Apt 4B.", g.treat(), g.street())
		},
		func(g *gen) string {
			return fmt.Sprintf("She lives in %s and had %s here on %s, then developed %s.", g.pick(fxCity), g.treat(), g.date(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient zip code %d, referred to us for %s after %s.", g.between(30000, 98999), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Mail her consent forms for the %s to %s, %s, %s.", g.treat(), g.street(), g.pick(fxCity), g.pick(fxState))
		},
		func(g *gen) string {
			return fmt.Sprintf("%s, %s, %s %d. Lip filler %s, bruising after.", g.full(), g.street(), g.pick(fxState), g.between(30000, 98999), g.date())
		},
	},
	KindDateOfBirth: {
		func(g *gen) string { return fmt.Sprintf("DOB: %s. %s consult.", g.dob(), g.treat()) },
		func(g *gen) string {
			return fmt.Sprintf("%s (date of birth %s) is booked for %s.", g.full(), g.dob(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client born %s wants %s before her wedding.", g.dob(), g.treat())
		},
		func(g *gen) string { return fmt.Sprintf("Pt D.O.B. %s, hx of %s.", g.dob(), g.cond()) },
		func(g *gen) string { return fmt.Sprintf("Birthday: %s | Service: %s", g.dob(), g.treat()) },
		func(g *gen) string {
			return fmt.Sprintf("Her birthdate is %s, make sure she's over 18 for %s.", g.dob(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("new intake - dob %s - wants %s for %s", g.dob(), g.treat(), g.cond())
		},
	},
	KindDate: {
		func(g *gen) string {
			return fmt.Sprintf("Patient admitted to the ER on %s after a %s complication.", g.date(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Date of service %s: %s, %d units, client tolerated well.", g.date(), g.treat(), g.between(10, 60))
		},
		func(g *gen) string {
			return fmt.Sprintf("The client was seen on %s for %s following %s.", g.date(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("DOS %s, %s touch-up, mild %s.", g.date(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client passed away on %s, please cancel her %s series.", g.date(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Our client came in on %s with %s from her %s.", g.date(), g.cond(), g.treat())
		},
		func(g *gen) string { return fmt.Sprintf("Discharged %s after treatment for %s.", g.date(), g.cond()) },
	},
	KindAge: {
		func(g *gen) string {
			return fmt.Sprintf("%d-year-old client asking about %s for her %s.", g.between(90, 99), g.treat(), g.cond())
		},
		func(g *gen) string { return fmt.Sprintf("Patient is %d, wants %s.", g.between(90, 101), g.treat()) },
		func(g *gen) string {
			return fmt.Sprintf("Age: %d. Concern: %s. Plan: %s.", g.between(90, 98), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Our oldest client, aged %d, got %s today!", g.between(90, 104), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Post idea: our %d-year-old client's first %s!", g.between(90, 102), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("She turned %d last week and came in for %s.", g.between(90, 99), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("a %d y/o female with %s, candidate for %s", g.between(90, 97), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client born in %d asked whether %s is safe with her %s.", g.between(1925, 1934), g.treat(), g.cond())
		},
	},
	KindPhone: {
		func(g *gen) string {
			return fmt.Sprintf("Client %s, cell %s, had %s on %s.", g.full(), g.phone(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Please call her back at %s about the %s after her %s.", g.phone(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient callback number %s, reports %s after %s.", g.phone(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Text the aftercare for %s to her mobile %s.", g.treat(), g.phone())
		},
		func(g *gen) string {
			return fmt.Sprintf("The client with the %s %s: %s", g.treat(), g.cond(), g.phone())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s's number is %s; she wants to rebook %s once the %s settles.", g.first(), g.phone(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Emergency contact for patient %s: husband, %s.", g.full(), g.phone())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s %s %s %s consult", g.full(), g.phone(), g.personalEmail(), g.treat())
		},
	},
	KindFax: {
		func(g *gen) string {
			return fmt.Sprintf("Fax the client's %s consent and notes to %s.", g.treat(), g.phone())
		},
		func(g *gen) string {
			return fmt.Sprintf("Please fax patient %s's chart to Dr. Reyes at %s, %s after %s.", g.full(), g.phone(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her records (%s, %s) go to her home fax, %s.", g.treat(), g.cond(), g.phone())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient's home fax: %s. %s consent attached.", g.phone(), g.treat())
		},
	},
	KindEmail: {
		func(g *gen) string {
			return fmt.Sprintf("Client email: %s, %s on %s.", g.personalEmail(), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Email her the %s aftercare at %s, she had %s.", g.treat(), g.personalEmail(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("%s <%s> had %s and wants a refund.", g.full(), g.personalEmail(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient %s, %s, %s consult.", g.full(), g.personalEmail(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Reach the client at %s about her %s after %s.", g.personalEmail(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Add %s to the %s follow-up sequence, she bruised after her last session.", g.personalEmail(), g.treat())
		},
	},
	KindSSN: {
		func(g *gen) string {
			return fmt.Sprintf("SSN %s on file for the %s financing application.", g.ssn(), g.treat())
		},
		func(g *gen) string { return fmt.Sprintf("Patient social: %s. Treatment: %s.", g.ssn(), g.treat()) },
		func(g *gen) string {
			return fmt.Sprintf("%s gave her social security number %s for CareCredit (%s).", g.full(), g.ssn(), g.treat())
		},
		func(g *gen) string {
			s := g.ssn()
			if len(s) == 9 {
				s = s[:3] + "-" + s[3:5] + "-" + s[5:]
			}
			return fmt.Sprintf("Here's the intake: %s, %s, %s.", s, g.treat(), g.cond())
		},
	},
	KindMRN: {
		func(g *gen) string {
			return fmt.Sprintf("MRN %s: %s %d units, %s noted.", g.digits(8), g.treat(), g.between(10, 50), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Chart #%s, client had %s after %s.", g.alnumID("A-", 6), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Medical record number %s for the %s complication.", g.digits(7), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Pull EMR ID %s before her %s consult.", g.digits(6), g.treat())
		},
		func(g *gen) string { return fmt.Sprintf("Record no. %s, pt reports %s.", g.digits(6), g.cond()) },
		func(g *gen) string {
			return fmt.Sprintf("mrn:%s %s f/u", g.digits(9), g.treat())
		},
	},
	KindHealthPlan: {
		func(g *gen) string {
			return fmt.Sprintf("Member ID %s (Aetna), billing %s for hyperhidrosis.", g.alnumID("W", 9), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Policy number %s, insurance denied Botox for her migraines.", g.alnumID("BCX", 8))
		},
		func(g *gen) string {
			return fmt.Sprintf("Medicare MBI %s, patient asking about %s.", g.mbi(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("BCBS subscriber ID %s, %s treatment.", g.alnumID("XYZ", 9), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her insurance ID is %s; she wants Botox for migraines covered.", g.alnumID("U", 10))
		},
		func(g *gen) string {
			return fmt.Sprintf("Client %s asking about %s, not covered by insurance.", g.mbi(), g.treat())
		},
	},
	KindAccount: {
		func(g *gen) string {
			return fmt.Sprintf("CareCredit account %s for %s's %s.", g.digits(10), g.full(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient account #%s has a balance for %s.", g.digits(7), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her membership number is %s, she gets 10%% off %s.", g.digits(6), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client %s, account %s, %s package.", g.full(), g.digits(8), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Invoice #%s for the client's %s and %s follow-up.", g.digits(5), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("Alle rewards number %s, she redeemed points on %s.", g.digits(9), g.treat())
		},
	},
	KindLicense: {
		func(g *gen) string {
			return fmt.Sprintf("Driver's license %s scanned at check-in for the %s client.", g.alnumID("D", 7), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient's DL# %s, %s on %s.", g.alnumID("", 8), g.treat(), g.date())
		},
		func(g *gen) string {
			return fmt.Sprintf("Passport number %s, medical tourism client for %s.", g.digits(9), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("ID verified: CA driver license %s, %s consent signed.", g.alnumID("B", 7), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client's license number %s on file, %s after %s.", g.alnumID("L", 8), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Birth certificate no. %s for the minor's %s consent.", g.digits(10), g.treat())
		},
	},
	KindVehicle: {
		func(g *gen) string {
			return fmt.Sprintf("Client's car, plate %s, was in the lot during her %s.", g.plate(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("License plate %s: patient left upset after %s post-%s.", g.plate(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("VIN %s, the client's car was towed during her %s appointment.", g.vin(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her Tesla (plate %s) blocked the lot, she's in for %s.", g.plate(), g.treat())
		},
	},
	KindDevice: {
		func(g *gen) string {
			return fmt.Sprintf("Breast implant serial number %s, client asking about %s.", g.alnumID("SN", 8), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient has a pacemaker (device ID %s), no RF %s.", g.alnumID("PM-", 7), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her insulin pump S/N %s, diabetic, %s consult.", g.alnumID("", 9), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("UDI (01)%s(17)251231 from her implant card, %s planned.", g.digits(14), g.treat())
		},
	},
	KindURL: {
		func(g *gen) string {
			return fmt.Sprintf("See her chart: https://portal.glowmedspa.com/patients/%s/chart, %s after %s.", g.digits(6), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("https://app.clinicsoft.io/client?id=%s&name=%s for %s", g.digits(5), strings.ToLower(g.first()), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Intake link glowmedspa.com/intake?email=%s for her %s", strings.Replace(g.personalEmail(), "@", "%40", 1), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her Instagram instagram.com/%s.%s shows the %s after %s.", strings.ToLower(g.first()), g.digits(2), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Client profile: https://dashboard.boulevard.io/clients/%s, %s package", g.digits(7), g.treat())
		},
	},
	KindIP: {
		func(g *gen) string {
			return fmt.Sprintf("Patient portal login for %s from IP %s, uploaded %s photos after %s.", g.full(), g.ip(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("The client submitted the %s intake form from %s.", g.treat(), g.ip())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her IP address %s matches the angry %s review, she had %s.", g.ip(), g.treat(), g.cond())
		},
		func(g *gen) string {
			return fmt.Sprintf("IPv6 2001:db8:%x::%x logged on the patient's %s consent.", g.between(1, 4000), g.between(1, 4000), g.treat())
		},
	},
	KindBiometric: {
		func(g *gen) string {
			return fmt.Sprintf("Client's fingerprint template %s stored for %s membership check-in.", g.alnumID("FP", 8), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Patient's retinal scan ID %s linked to her %s chart.", g.digits(8), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Voiceprint for %s enrolled for %s follow-up calls.", g.full(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Her DNA test (sample %s) says she metabolizes %s fast.", g.alnumID("GX", 6), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Store the patient's facial geometry hash %s with the %s before photos.", g.alnumID("fg", 12), g.treat())
		},
	},
	KindPatientID: {
		func(g *gen) string { return fmt.Sprintf("Client ID %s, %s package 2 of 3.", g.digits(6), g.treat()) },
		func(g *gen) string {
			return fmt.Sprintf("Patient #%s had %s after %s.", g.digits(5), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Claim number %s for the %s complication.", g.alnumID("CLM", 9), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Boulevard client #%s wants to rebook %s.", g.digits(6), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Case no. %s: %s following %s.", g.digits(6), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Encounter %s: pt c/o %s two days after %s.", g.alnumID("E", 7), g.cond(), g.treat())
		},
	},
	KindNPI: {
		func(g *gen) string {
			return fmt.Sprintf("Referral for the patient from Dr. Patel, NPI %s, for %s after %s.", g.npi(), g.cond(), g.treat())
		},
		func(g *gen) string {
			return fmt.Sprintf("Claim for client %s: rendering NPI %s, %s for %s.", g.full(), g.npi(), g.treat(), g.cond())
		},
	},
	KindCard: {
		func(g *gen) string { return fmt.Sprintf("Card on file %s for the %s package.", g.card(), g.treat()) },
		func(g *gen) string { return fmt.Sprintf("Charge %s exp 04/27 for her %s.", g.card(), g.treat()) },
		func(g *gen) string { return g.card() },
		func(g *gen) string {
			return fmt.Sprintf("Can you update our billing to %s? Thanks!", g.card())
		},
	},
}

// negative templates: ordinary med-spa marketing, brand notes, campaign
// notes and support messages. They carry the clinic's own phone, site,
// address and email, staff names with titles, promotion dates, prices,
// ad-platform IDs and equipment serials: everything the guard must let
// through.
var negatives = []tmpl{
	// Ad copy.
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("%s: %s just $%d/unit through %s! Call %s or book at %s.", g.pick(fxPromo), g.pick([]string{"Botox", "Dysport", "Xeomin", "Daxxify"}), g.between(9, 14), g.promoDate(), g.phone(), fxSite[c])
	},
	func(g *gen) string {
		f := g.pick(fxStaffFirst)
		return fmt.Sprintf("Meet %s %s, our board-certified nurse injector. Book your %s with %s today at %s.", f, g.pick(fxStaffLast), g.treat(), f, g.pick(fxSite))
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Dr. %s and our team at %s offer %s, %s and more. Visit us at %s.", g.pick(fxStaffLast), fxClinic[c], g.treat(), g.treat(), g.clinicAddr())
	},
	func(g *gen) string {
		return fmt.Sprintf("New patient special: %s for $%d. Offer ends %s. Text us at %s.", g.treat(), g.price(), g.promoDate(), g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Say goodbye to %s! Our %s series (3 sessions) is $%d. %s", g.pick([]string{"acne scars", "melasma", "sun spots", "rosacea redness", "stubborn fat", "fine lines"}), g.treat(), g.price(), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("Book with %s, our %s, for your HydraFacial: %s", g.pick(fxStaffFirst), g.pick(fxStaffRole), g.phone())
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Questions about %s? Email us at %s@%s or call %s.", g.treat(), g.pick([]string{"info", "hello", "book", "frontdesk", "appointments"}), fxSite[c], g.phone())
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("%s · %s · %s · %s", fxClinic[c], g.clinicAddr(), g.phone(), fxSite[c])
	},
	func(g *gen) string {
		return fmt.Sprintf("Glow Club members save 15%% on %s. Join at %s/membership.", g.treat(), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("\"Best %s experience ever!\" - %s %c., verified client", g.treat(), g.pick(fxFirst), 'A'+rune(g.r.IntN(26)))
	},
	func(g *gen) string {
		return fmt.Sprintf("Our clients love %s! \"She made my lips look so natural.\" Book at %s", g.pick(fxStaffFirst), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("Limited time: buy 2 syringes of %s, get $100 off. Valid %d/1-%d/28.", g.pick([]string{"Juvederm", "Restylane", "RHA", "Versa"}), g.between(1, 12), g.between(1, 12))
	},
	func(g *gen) string {
		return fmt.Sprintf("Open house %s, 5-8pm: live %s demos with Dr. %s, raffles and 20%% off packages.", g.promoDate(), g.treat(), g.staffFull())
	},
	func(g *gen) string {
		return fmt.Sprintf("Gift certificates for %s are available in studio or at %s/gift-cards. Certificate #%s never expires.", g.treat(), g.pick(fxSite), g.digits(5))
	},
	func(g *gen) string {
		return fmt.Sprintf("Laser hair removal: 6 sessions for $%d. Financing with CareCredit and Cherry available. Call %s.", g.price()*3, g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our 90-day results promise: if your %s doesn't last, we'll touch it up free.", g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("%s, %s has injected over 10,000 units of Botox. Book your consult: %s/book", g.staffFull(), g.pick(fxCred), g.pick(fxSite))
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Grand opening %s! %s is now open at %s. First 50 clients get a free %s.", g.promoDate(), fxClinic[c], g.clinicAddr(), g.pick([]string{"HydraFacial", "dermaplaning", "LED facial", "lip flip"}))
	},
	func(g *gen) string {
		return fmt.Sprintf("Be patient: %s results take 2-4 weeks to fully show. Questions? DM us.", g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Spring into summer with %s! Book by %s and save $50. %s/spring?utm_source=meta&utm_campaign=spring26", g.treat(), g.promoDate(), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("Kim Kardashian made the vampire facial famous. Try our PRP facial for $%d.", g.price())
	},
	func(g *gen) string {
		return fmt.Sprintf("Ask for %s when you call %s, she's our CoolSculpting specialist.", g.pick(fxStaffFirst), g.phone())
	},
	func(g *gen) string {
		s := g.pick([]string{"glowmedspa", "luxeaesthetics", "bellaskin"})
		return fmt.Sprintf("Follow us on Instagram @%s or instagram.com/%s for %s before-and-afters.", s, s, g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Tox Tuesday! $%d/unit Botox every Tuesday in %s. %s", g.between(9, 13), g.pick(fxMonth), g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Dr. %s, MD, FAAD, medical director, License #A%s. Botox and filler by licensed providers only.", g.staffFull(), g.digits(6))
	},
	func(g *gen) string {
		return fmt.Sprintf("Mention code GLOW%d for $25 off your first %s.", g.between(2024, 2026), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our 60-minute %s includes a free LED add-on ($49 value). Book online at %s.", g.pick([]string{"HydraFacial", "signature facial", "chemical peel", "microneedling session"}), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("Now offering semaglutide weight loss programs from $%d/month. Consults at %s or %s.", g.between(199, 449), g.pick(fxSite), g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Rated 4.9 stars by %d+ clients in %s. Voted Best Med Spa %d.", g.between(200, 1500), g.pick(fxCity), g.between(2022, 2025))
	},
	func(g *gen) string {
		return fmt.Sprintf("Serving %s, %s and %s since %d. Botox, fillers, lasers and medical weight loss.", g.pick(fxCity), g.pick(fxCity), g.pick(fxCity), g.between(2008, 2020))
	},
	func(g *gen) string {
		return fmt.Sprintf("Find us at %s, free parking behind the building. %s", g.clinicAddr(), g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Book with Dr. %s, our board-certified injector, for natural-looking %s.", g.pick(fxStaffLast), g.treat())
	},
	func(g *gen) string {
		f := g.pick(fxStaffFirst)
		return fmt.Sprintf("Our nurse injector %s has 8 years of experience with %s. %s is in the studio Tuesday through Saturday.", f, g.treat(), f)
	},
	func(g *gen) string {
		return fmt.Sprintf("%s %s, %s joins our team this month! Book her for %s starting %s.", g.pick(fxStaffFirst), g.pick(fxStaffLast), g.pick(fxCred), g.treat(), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Congrats to %s on her Allergan injector certification! Celebrate with $%d off %s this week.", g.staffFull(), g.between(20, 100), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("\"%s made me feel so comfortable during my first %s.\" - Jessica, 34", g.pick(fxStaffFirst), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Dr. %s will be offering Sculptra on Saturdays starting %s. Call %s to reserve.", g.staffFull(), g.promoDate(), g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("%s %s says: \"My lips have never looked better!\" Results may vary.", g.pick(fxFirst), string(rune('A'+g.r.IntN(26)))+".")
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Text GLOW to %s for VIP pricing on %s. Msg & data rates may apply. %s", g.phone(), g.treat(), fxClinic[c])
	},
	func(g *gen) string {
		return fmt.Sprintf("Mother's Day: give mom a %s. Gift cards from $50 at %s. Offer valid through %s.", g.treat(), g.pick(fxSite), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Bridal package: Botox, a HydraFacial and a lip flip for $%d. Book 6-8 weeks before the wedding. %s", g.price()*2, g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our patients see smoother skin after 3 sessions of %s. Book your free consultation at %s/consult.", g.treat(), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("Every client gets a personalized treatment plan. %s starts at $%d. Call us: %s", g.treat(), g.price(), g.phone())
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Hi! This is %s from %s. Our %s event is %s, RSVP at %s/events.", g.pick(fxStaffFirst), fxClinic[c], g.pick(fxPromo), g.promoDate(), fxSite[c])
	},
	func(g *gen) string {
		return fmt.Sprintf("Hi {{first_name}}, it's been 3 months since your last Botox. Time for a refresh? Book at %s.", g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("Get summer-ready! CoolSculpting packages from $%d, plus 0%% financing for 12 months. Offer ends %s.", g.price()*4, g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("We're moving! Starting %s, find us at %s. Same team, same %s.", g.promoDate(), g.clinicAddr(), g.treat())
	},
	// Brand notes.
	func(g *gen) string {
		return fmt.Sprintf("Brand voice: warm, confident, never salesy. Avoid 'cheap' and 'anti-aging'; say 'refresh'. Our founder, Dr. %s, wants every %s post to mention that consultations are free.", g.staffFull(), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Target audience: %s within 15 miles of %s, %s %d, interested in Botox, fillers and skincare.", g.pick(fxAudience), g.pick(fxCity), g.pick(fxState), g.between(30000, 98999))
	},
	func(g *gen) string {
		return "Colors: #E8C4B8 and #2F2F2F. Logo on white only. Tagline: 'Glow on your terms.' No needles in photos."
	},
	func(g *gen) string {
		return fmt.Sprintf("Staff: Dr. %s (medical director), %s, RN (nurse injector), %s (lead esthetician).", g.staffFull(), g.staffFull(), g.pick(fxStaffFirst))
	},
	func(g *gen) string {
		return fmt.Sprintf("Never promise results. Before/after photos of %s only with signed consent from the client, and no faces.", g.treat())
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Our hours are Mon-Fri 9-7, Sat 9-3. Phone %s. Website %s. Email %s@%s.", g.phone(), fxSite[c], g.pick([]string{"hello", "info", "concierge"}), fxSite[c])
	},
	func(g *gen) string {
		return fmt.Sprintf("We want to be known as the %s med spa for natural-looking %s.", g.pick(fxCity), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Key differentiators: %d years in business, 3 board-certified injectors, Allergan Platinum status, 4.9 stars from %d reviews.", g.between(5, 20), g.between(300, 2000))
	},
	func(g *gen) string {
		return fmt.Sprintf("Ideal client: busy professional mom, 35-50, values natural results, lives in %s, has tried Botox before.", g.pick(fxCity))
	},
	func(g *gen) string {
		return fmt.Sprintf("Tone for %s posts: educational first. Explain downtime, number of sessions and price range ($%d-$%d).", g.treat(), g.price(), g.price()+200)
	},
	func(g *gen) string {
		return fmt.Sprintf("Our medical director is Dr. %s, MD. Our injectors are %s, NP and %s, RN. Mention their credentials in every injectables ad.", g.staffFull(), g.staffFull(), g.staffFull())
	},
	func(g *gen) string {
		return fmt.Sprintf("Don't use the word 'patient' in ads, say 'client' or 'guest'. Don't mention %s or weight numbers.", g.pick([]string{"diabetes", "pregnancy", "anxiety", "depression"}))
	},
	func(g *gen) string {
		return fmt.Sprintf("Membership: $%d/month, includes one HydraFacial and 10%% off all %s. Members get birthday gifts in their birthday month.", g.between(89, 199), g.treat())
	},
	func(g *gen) string {
		c := g.clinic()
		return fmt.Sprintf("Location: %s, %s. Parking in the garage, validated. Our phone is %s.", fxClinic[c], g.clinicAddr(), g.phone())
	},
	// Campaign notes.
	func(g *gen) string {
		return fmt.Sprintf("Our Meta campaign CPL went up from $%d to $%d after %s, pause the Botox ad set?", g.between(20, 40), g.between(41, 90), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Google Ads customer ID %d-%d-%s: the lip filler campaign is limited by budget.", g.between(100, 999), g.between(100, 999), g.digits(4))
	},
	func(g *gen) string {
		return fmt.Sprintf("Pixel ID %s isn't firing on the booking page since the %s site update.", g.digits(15), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Ad account act_%s got flagged for 'personal attributes' on the weight loss ad.", g.digits(15))
	},
	func(g *gen) string {
		return fmt.Sprintf("Lead form got %d leads for CoolSculpting at $%d CPL; %d booked consults.", g.between(20, 90), g.between(15, 60), g.between(5, 19))
	},
	func(g *gen) string {
		return fmt.Sprintf("Retarget website visitors from the last %d days with the %s offer.", []int{7, 14, 30, 60, 90}[g.r.IntN(5)], g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Budget: $%d/month split 60/40 Meta/Google. Launch %s.", g.between(5, 40)*100, g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("A/B test: headline 'Smooth lines, natural you' vs 'Botox from $%d/unit'. B won at %d.%d%% CTR.", g.between(9, 13), g.between(1, 4), g.between(0, 9))
	},
	func(g *gen) string {
		return "Exclude existing clients (upload the customer list) from the new patient campaign."
	},
	func(g *gen) string {
		return fmt.Sprintf("UTM for the %s ads: ?utm_source=facebook&utm_medium=paid&utm_campaign=filler_%s", g.treat(), strings.ToLower(g.pick(fxMonth)))
	},
	func(g *gen) string {
		s := g.pick(fxSite)
		return fmt.Sprintf("The landing page %s/lp/lips converts at %d%%, the Botox page %s/botox at %d%%.", s, g.between(4, 12), s, g.between(2, 6))
	},
	func(g *gen) string {
		return fmt.Sprintf("Lookalike 1%% of past purchasers, ages 28-60, zip codes %d, %d and %d. Creative: %s video.", g.between(30000, 98999), g.between(30000, 98999), g.between(30000, 98999), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Campaign 'Spring %s %d' CTR 1.8%%, CPC $%d.%02d, 23 conversions, ROAS 4.1.", g.pick([]string{"Botox", "Filler", "Laser", "Glow"}), g.between(2025, 2026), g.between(1, 4), g.between(0, 99))
	},
	func(g *gen) string {
		return fmt.Sprintf("Weekly report: %d clicks, %d leads, $%d spend. The %s carousel outperformed the video.", g.between(300, 2000), g.between(20, 120), g.between(400, 3000), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Promote the %s event on %s to everyone who booked a consult in the last 90 days.", g.pick(fxPromo), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Google rejected the %s ad for 'unapproved pharmaceuticals'. Use 'wrinkle relaxer' instead of Botox in the headline.", g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Run the %s promo from %s until %s, $%d off, cap at 40 redemptions.", g.treat(), g.promoDate(), g.promoDate(), g.between(25, 150))
	},
	func(g *gen) string {
		return fmt.Sprintf("Audience: women 35-60 in %s, %s %d and 10 miles around, interested in skincare, Botox and Sephora.", g.pick(fxCity), g.pick(fxState), g.between(30000, 98999))
	},
	func(g *gen) string {
		return fmt.Sprintf("Our ad account ID is %s; Meta says we need to verify the business before running %s ads.", g.digits(16), g.treat())
	},
	// Support messages.
	func(g *gen) string {
		return fmt.Sprintf("Hi, I can't log in. My email is %s@%s and the reset link never arrives.", strings.ToLower(g.pick(fxStaffFirst)), g.pick(fxSite))
	},
	func(g *gen) string {
		return fmt.Sprintf("My login is %s and I can't see the %s campaign anymore.", g.personalEmail(), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our %s campaign stopped spending yesterday; the dashboard shows 0 impressions since %s.", g.treat(), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Why did our Meta CPL go up? It was $%d last week and now $%d on the filler campaign.", g.between(20, 40), g.between(41, 80))
	},
	func(g *gen) string {
		f := g.pick(fxStaffFirst)
		return fmt.Sprintf("Please add %s (%s@%s) as an admin on our account, she runs our %s ads.", f, strings.ToLower(f), g.pick(fxSite), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Invoice #%s for our monthly plan was charged twice, can you refund one?", g.digits(6))
	},
	func(g *gen) string {
		return fmt.Sprintf("Our office IP %s is getting blocked when I open the %s campaign editor.", g.ip(), g.treat())
	},
	func(g *gen) string {
		return "The AI wrote 'cure your acne' in an ad. That's not allowed for us, please fix the prompt."
	},
	func(g *gen) string {
		return fmt.Sprintf("Can you make the CoolSculpting ad less salesy? Our owner, %s, didn't like the last version.", g.staffFull())
	},
	func(g *gen) string {
		return fmt.Sprintf("Call me at %s when you can, it's about the Google Ads connection for our %s campaign.", g.phone(), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Hey %s, thanks for the help yesterday! The lip filler ads look great.", g.pick(fxStaffFirst))
	},
	func(g *gen) string {
		return "The generated post said 'patients see results in 3 days', it should be 2 weeks for Botox."
	},
	func(g *gen) string {
		return "I got a 422 when I uploaded copy that mentions 'before and after' microneedling photos. Is that the PHI check?"
	},
	func(g *gen) string {
		return fmt.Sprintf("Serial number %s on our CoolSculpting machine, the vendor needs it for the warranty claim.", g.alnumID("CS", 7))
	},
	func(g *gen) string {
		return fmt.Sprintf("Our laser (S/N %s) is down, so pause the laser hair removal ads until %s.", g.alnumID("GL-", 6), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Lot #C%s of Botox expired, please remove the $%d/unit promo.", g.digits(4), g.between(9, 12))
	},
	func(g *gen) string {
		return fmt.Sprintf("Can we schedule the %s posts for %s at 9am? Our injector %s will be on Instagram Live.", g.treat(), g.promoDate(), g.pick(fxStaffFirst))
	},
	func(g *gen) string {
		return fmt.Sprintf("The Meta connection expired again. Our business manager ID is %s. Please reconnect so the %s ads keep running.", g.digits(15), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("We got %d leads from the %s ad but half the phone numbers are fake. Can you add a verification step?", g.between(30, 90), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our new location at %s opens %s. Please update the address in all %s ads.", g.clinicAddr(), g.promoDate(), g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our ads show the old number, the new clinic line is %s. Also change the %s price to $%d.", g.phone(), g.treat(), g.price())
	},
	func(g *gen) string {
		return fmt.Sprintf("Export of campaign results for %s-%s please, we have a board meeting.", g.promoDate(), g.promoDate())
	},
	func(g *gen) string {
		return fmt.Sprintf("Can the AI write 3 captions for our %s before/after carousel? Client consented, no names, no faces.", g.treat())
	},
	func(g *gen) string {
		return fmt.Sprintf("A client asked whether Botox is safe while breastfeeding. Can you write a general FAQ post about it? Questions: %s", g.phone())
	},
	func(g *gen) string {
		return fmt.Sprintf("Our Stripe receipt %s shows the wrong plan. We're on Growth, not Starter.", g.alnumID("1", 7))
	},
	func(g *gen) string {
		return fmt.Sprintf("Please use %s (Dr. %s's direct line) on the physician referral page only, not in ads.", g.phone(), g.pick(fxStaffLast))
	},
	func(g *gen) string {
		return fmt.Sprintf("Jennifer Aniston reportedly swears by microneedling. Write a fun post tying that to our $%d intro offer.", g.price())
	},
	func(g *gen) string {
		return fmt.Sprintf("The booking widget at %s/book?service=botox&provider=%s crashes on Safari.", g.pick(fxSite), strings.ToLower(g.pick(fxStaffFirst)))
	},
	func(g *gen) string {
		return fmt.Sprintf("Please reply to %s@%s; I'm the owner and handle the %s campaign approvals.", strings.ToLower(g.pick(fxStaffFirst)), g.pick(fxSite), g.treat())
	},
}

func buildCorpus() (pos, neg []example) {
	g := &gen{r: rand.New(rand.NewPCG(20260101, 42))}
	kindsInOrder := Kinds()
	perKind := map[Kind]int{KindName: 40, KindAddress: 14, KindDateOfBirth: 14, KindDate: 12,
		KindAge: 12, KindPhone: 14, KindFax: 8, KindEmail: 12, KindSSN: 12, KindMRN: 12,
		KindHealthPlan: 12, KindAccount: 12, KindLicense: 12, KindVehicle: 8, KindDevice: 8,
		KindURL: 10, KindIP: 8, KindBiometric: 10, KindPatientID: 12, KindNPI: 4, KindCard: 12}
	for _, k := range kindsInOrder {
		ts := positives[k]
		for i := range perKind[k] {
			pos = append(pos, example{kind: k, text: ts[i%len(ts)](g)})
		}
	}
	// Fixed-text templates would repeat when cycled; duplicates would
	// inflate n without adding evidence, so each text counts once.
	seen := map[string]bool{}
	for i := 0; len(neg) < 240 && i < 10000; i++ {
		s := negatives[i%len(negatives)](g)
		if !seen[s] {
			seen[s] = true
			neg = append(neg, example{text: s})
		}
	}
	pos = append(pos, hardPositives...)
	for _, s := range hardNegatives {
		neg = append(neg, example{text: s})
	}
	return pos, neg
}

// corpus is one named set of examples, measured on its own line so that a
// good score on one cannot hide a bad one on another.
type corpus struct {
	name string
	pos  []example
	neg  []string
	// The test fails below minRecall or above maxFPR.
	minRecall, maxFPR float64
	// heldOut: misses are not listed unless PHI_SHOW_HELDOUT=1, so the
	// batch is not tuned on by accident.
	heldOut bool
	// notNameModel: the name model does not learn from the corpus (the
	// text model does).
	notNameModel bool
}

func corpora() []corpus {
	pos, neg := buildCorpus()
	nGen := len(pos) - len(hardPositives)
	var genNeg []string
	for _, ex := range neg[:len(neg)-len(hardNegatives)] {
		genNeg = append(genNeg, ex.text)
	}
	// The floors are the measurements after the round that added the text
	// model and tuned it on N (recall a hair below, false positives a hair
	// above):
	// regression floors. Every tuning corpus's is within the target (recall
	// 0.95, false positives 0.03).
	return []corpus{
		{name: "generated", pos: pos[:nGen], neg: genNeg, minRecall: 1, maxFPR: 0.01},
		{name: "hand-written", pos: hardPositives, neg: hardNegatives, minRecall: 1, maxFPR: 0.021},
		{name: "batch A (tuning)", pos: batchAPositives, neg: batchANegatives, minRecall: 1, maxFPR: 0},
		// B was held out until its measurement after tuning on A (0.935,
		// 0.032); since then it is a tuning batch.
		{name: "batch B (tuning)", pos: batchBPositives, neg: batchBNegatives, minRecall: 1, maxFPR: 0},
		// C was held out through two rounds (0.818 both times) and is now a
		// tuning batch.
		{name: "batch C (tuning)", pos: batchCPositives, neg: batchCNegatives, minRecall: 1, maxFPR: 0},
		// E, F and G were written to train the name model; their scores
		// before it was trained on them are in their files.
		{name: "batch E (training)", pos: batchEPositives, neg: batchENegatives, minRecall: 0.972, maxFPR: 0},
		{name: "batch F (training)", pos: batchFPositives, neg: batchFNegatives, minRecall: 0.975, maxFPR: 0.014},
		{name: "batch G (training)", pos: batchGPositives, neg: batchGNegatives, minRecall: 0.979, maxFPR: 0.021},
		// D was held out through the round that added the name model
		// (untouched 0.625, 0.000; then 0.800, 0.013); since then it is a
		// tuning and training batch.
		{name: "batch D (tuning)", pos: batchDPositives, neg: batchDNegatives, minRecall: 0.987, maxFPR: 0},
		// I, J and K: tuning and training batches written without sight of
		// the guard; their untouched scores are in their files.
		{name: "batch I (tuning)", pos: batchIPositives, neg: batchINegatives, minRecall: 0.989, maxFPR: 0},
		{name: "batch J (tuning)", pos: batchJPositives, neg: batchJNegatives, minRecall: 0.989, maxFPR: 0},
		{name: "batch K (tuning)", pos: batchKPositives, neg: batchKNegatives, minRecall: 0.979, maxFPR: 0.011},
		// H was held out through the round that tuned on D, I, J and K
		// (untouched 0.742, 0.017; then 0.917, 0.017; see batchh_test.go);
		// since then it is a tuning and training batch.
		{name: "batch H (tuning)", pos: batchHPositives, neg: batchHNegatives, minRecall: 0.982, maxFPR: 0},
		// L was held out through the round that tuned on H (0.885, 0.015
		// after it; see batchl_test.go); since then it is a tuning and
		// training batch.
		{name: "batch L (tuning)", pos: batchLPositives, neg: batchLNegatives, minRecall: 0.984, maxFPR: 0},
		// M and N were written before the round that tuned on L, G and M;
		// their untouched scores are in their files. M is a tuning and
		// training batch, N is held out: never tuned or trained on.
		{name: "batch M (tuning)", pos: batchMPositives, neg: batchMNegatives, minRecall: 0.989, maxFPR: 0.011},
		// N was held out through the round that tuned on L, G and M
		// (untouched 0.870, 0.032; then 0.870, 0.053; see batchn_test.go);
		// since then it is a tuning and training batch.
		// The name model is not refitted with it (refitted, it lost recall
		// on G, J and L and refused more of the generated clean texts); the
		// text model learns from it.
		{name: "batch N (tuning)", pos: batchNPositives, neg: batchNNegatives, minRecall: 0.956, maxFPR: 0.023, notNameModel: true},
		// O was held out through the rounds that tuned on L, G and M and
		// added the text model (untouched 0.895, 0.026; then 0.944, 0.026;
		// see batcho_test.go); since then it is a tuning batch the text
		// model learns from, and, like N, not the name model.
		{name: "batch O (tuning)", pos: batchOPositives, neg: batchONegatives, minRecall: 0.983, maxFPR: 0.01, notNameModel: true},
		// Q was measured untouched (0.883, 0.033; see batchq_test.go),
		// then tuned on; the text model learns from it, the name model
		// does not.
		{name: "batch Q (tuning)", pos: batchQPositives, neg: batchQNegatives, minRecall: 0.991, maxFPR: 0.01, notNameModel: true},
		// R likewise (untouched 0.967, 0.033; see batchr_test.go).
		{name: "batch R (tuning)", pos: batchRPositives, neg: batchRNegatives, minRecall: 1, maxFPR: 0.01, notNameModel: true},
		// S likewise (untouched 0.900, 0.019; see batchs_test.go).
		{name: "batch S (tuning)", pos: batchSPositives, neg: batchSNegatives, minRecall: 0.974, maxFPR: 0.014, notNameModel: true},
		// T, U and V likewise (untouched 0.936, 0.018; 0.882, 0.018;
		// 0.918, 0.055; see their files). The floors are the measurement
		// at the end of the round that tuned on O and Q to V.
		{name: "batch T (tuning)", pos: batchTPositives, neg: batchTNegatives, minRecall: 0.972, maxFPR: 0.011, notNameModel: true},
		{name: "batch U (tuning)", pos: batchUPositives, neg: batchUNegatives, minRecall: 0.99, maxFPR: 0, notNameModel: true},
		{name: "batch V (tuning)", pos: batchVPositives, neg: batchVNegatives, minRecall: 0.963, maxFPR: 0.019, notNameModel: true},
		// P was written before that round and held out through it
		// (untouched 0.855, 0.036; 0.891, 0.036 at its end); since then
		// a tuning batch (see batchp_test.go).
		{name: "batch P (tuning)", pos: batchPPositives, neg: batchPNegatives, minRecall: 0.954, maxFPR: 0, notNameModel: true},
		// X: written for the short round on P (untouched 0.918, 0.018;
		// see batchx_test.go).
		{name: "batch X (tuning)", pos: batchXPositives, neg: batchXNegatives, minRecall: 0.981, maxFPR: 0.029, notNameModel: true},
		// W was written at the end of that round and held out through the
		// short round on P (0.945, 0.018 untouched; 0.945, 0.009 at its
		// end; see batchw_test.go); since then a tuning batch.
		{name: "batch W (tuning)", pos: batchWPositives, neg: batchWNegatives, minRecall: 0.981, maxFPR: 0, notNameModel: true},
		// Z, AA and AB: tuning batches of the round that holds out Y (untouched
		// scores in their files).
		{name: "batch Z (tuning)", pos: batchZPositives, neg: batchZNegatives, minRecall: 0.963, maxFPR: 0, notNameModel: true},
		{name: "batch AA (tuning)", pos: batchAAPositives, neg: batchAANegatives, minRecall: 0.944, maxFPR: 0, notNameModel: true},
		{name: "batch AB (tuning)", pos: batchABPositives, neg: batchABNegatives, minRecall: 0.954, maxFPR: 0.01, notNameModel: true},
		// Y was written before the round that tuned on W, Z, AA and AB and
		// held out through it: untouched 0.942, 0.067; the same at its end
		// (see batchy_test.go). Since then a tuning batch.
		{name: "batch Y (tuning)", pos: batchYPositives, neg: batchYNegatives, minRecall: 0.982, maxFPR: 0.01, notNameModel: true},
		// AD, AE and AF: tuning batches of the round that held out AC
		// (untouched scores in their files).
		{name: "batch AD (tuning)", pos: batchADPositives, neg: batchADNegatives, minRecall: 0.963, maxFPR: 0, notNameModel: true},
		{name: "batch AE (tuning)", pos: batchAEPositives, neg: batchAENegatives, minRecall: 0.954, maxFPR: 0.028, notNameModel: true},
		{name: "batch AF (tuning)", pos: batchAFPositives, neg: batchAFNegatives, minRecall: 0.954, maxFPR: 0.02, notNameModel: true},
		// AC was written before the round that tuned on Y, AD, AE and AF
		// and held out through it: untouched 0.900, 0.058; 0.908, 0.058 at
		// its end (see batchac_test.go). Since then a tuning batch.
		{name: "batch AC (tuning)", pos: batchACPositives, neg: batchACNegatives, minRecall: 0.966, maxFPR: 0, notNameModel: true},
		// AG was written before the round that tuned on AC and held out
		// through it: untouched 0.892, 0.042; the same at its end (see
		// batchag_test.go). Since then a tuning batch.
		{name: "batch AG (tuning)", pos: batchAGPositives, neg: batchAGNegatives, minRecall: 0.982, maxFPR: 0.01, notNameModel: true},
		// AI was written for the round that holds out AH and AJ: untouched
		// 0.742, 0.025 (see batchai_test.go).
		{name: "batch AI (tuning)", pos: batchAIPositives, neg: batchAINegatives, minRecall: 0.949, maxFPR: 0.01, notNameModel: true},
		// AH was held out through the round that tuned on AG and AI:
		// untouched 0.858, 0.017; 0.867, 0.008 at its end (see
		// batchah_test.go). Since then a tuning batch.
		{name: "batch AH (tuning)", pos: batchAHPositives, neg: batchAHNegatives, minRecall: 0.949, maxFPR: 0, notNameModel: true},
		// AJ was held out through the same round: untouched 0.742, 0.033;
		// 0.850, 0.033 at its end (see batchaj_test.go). Since then a
		// tuning batch.
		{name: "batch AJ (tuning)", pos: batchAJPositives, neg: batchAJNegatives, minRecall: 0.957, maxFPR: 0.01, notNameModel: true},
		// AL was written for the round that holds out AK: untouched 0.833,
		// 0.000 (see batchal_test.go).
		{name: "batch AL (tuning)", pos: batchALPositives, neg: batchALNegatives, minRecall: 0.949, maxFPR: 0, notNameModel: true},
		// AK was held out through the round that tuned on AH, AJ and AL:
		// untouched 0.683, 0.017; the same at its end (see
		// batchak_test.go). Since then a tuning batch.
		{name: "batch AK (tuning)", pos: batchAKPositives, neg: batchAKNegatives, minRecall: 0.966, maxFPR: 0.019, notNameModel: true},
		// AM was held out through the round that tuned on AK: untouched
		// 0.692, 0.008; the same at its end (see batcham_test.go). Since
		// then a tuning batch, of a round that held none out.
		{name: "batch AM (tuning)", pos: batchAMPositives, neg: batchAMNegatives, minRecall: 0.957, maxFPR: 0.01, notNameModel: true},
		// AP was written for the tenth round, which holds out AO: untouched
		// 0.900, 0.025 (see batchap_test.go).
		{name: "batch AP (tuning)", pos: batchAPPositives, neg: batchAPNegatives, minRecall: 0.966, maxFPR: 0.01, notNameModel: true},
		// AN was written for the tenth round: untouched 0.967, 0.067 (see
		// batchan_test.go).
		{name: "batch AN (tuning)", pos: batchANPositives, neg: batchANNegatives, minRecall: 0.974, maxFPR: 0.019, notNameModel: true},
		// AQ was written for the tenth round: untouched 0.917, 0.042 (see
		// batchaq_test.go).
		{name: "batch AQ (tuning)", pos: batchAQPositives, neg: batchAQNegatives, minRecall: 0.982, maxFPR: 0.01, notNameModel: true},
		// AO is held out through the tenth round, which tunes on AN, AP and
		// AQ: untouched 0.900, 0.050; 0.917, 0.033 at its end (see
		// batchao_test.go).
		// Since then a tuning batch, of the round that holds out AR.
		{name: "batch AO (tuning)", pos: batchAOPositives, neg: batchAONegatives, minRecall: 0.957, maxFPR: 0.027, notNameModel: true},
		// AR was written after the tenth round and held out through the
		// eleventh, which tuned on AO: untouched 0.908, 0.033 on the tenth
		// round's start, 0.917, 0.033 on its end, 0.925, 0.033 at the
		// eleventh's end (see batchar_test.go).
		// Since then a tuning batch, of the round that holds out AS.
		{name: "batch AR (tuning)", pos: batchARPositives, neg: batchARNegatives, minRecall: 0.982, maxFPR: 0.027, notNameModel: true},
		// AT, AU were written for the twelfth round and tuned on in it.
		{name: "batch AT (tuning)", pos: batchATPositives, neg: batchATNegatives, minRecall: 0.957, maxFPR: 0.01, notNameModel: true},
		{name: "batch AU (tuning)", pos: batchAUPositives, neg: batchAUNegatives, minRecall: 0.982, maxFPR: 0.027, notNameModel: true},
		// AS was written for the twelfth round and held out of it: 0.942,
		// 0.000 untouched on its start, 0.950, 0.000 on its end (see
		// batchas_test.go).
		// Since then a tuning batch, of the round that holds out AV.
		{name: "batch AS (tuning)", pos: batchASPositives, neg: batchASNegatives, minRecall: 0.949, maxFPR: 0.01, notNameModel: true},
		// AV and AW were written for the thirteenth round by writers told
		// to choose places and names unlike the earlier batches'. AV was
		// chosen as the round's held-out batch before either was written;
		// AW arrived too late to tune on, so it too is untouched (see
		// batchav_test.go, batchaw_test.go).
		// AV was held out of the thirteenth round (0.900, 0.033 untouched)
		// and never tuned on through the sixteenth (0.908, 0.033 at its
		// end); since then a tuning batch, of the round that holds out BC.
		{name: "batch AV (tuning)", pos: batchAVPositives, neg: batchAVNegatives, minRecall: 0.966, maxFPR: 0.035, notNameModel: true},
		// AW was held out of the thirteenth round (0.858, 0.033 untouched
		// and at its end); since then a tuning batch, of the round that
		// holds out AX.
		{name: "batch AW (tuning)", pos: batchAWPositives, neg: batchAWNegatives, minRecall: 0.957, maxFPR: 0.019, notNameModel: true},
		// AX and AY were written for the fourteenth round by writers told
		// to choose places and names unlike the earlier batches'. AX was
		// chosen as the round's held-out batch before either was written
		// (see batchax_test.go); AY is tuned on.
		// AX was held out of the fourteenth round (0.792, 0.025 untouched;
		// 0.817, 0.050 at its end); since then a tuning batch, of the round
		// that holds out BA.
		{name: "batch AX (tuning)", pos: batchAXPositives, neg: batchAXNegatives, minRecall: 0.916, maxFPR: 0.019, notNameModel: true},
		{name: "batch AY (tuning)", pos: batchAYPositives, neg: batchAYNegatives, minRecall: 1, maxFPR: 0.01, notNameModel: true},
		// AZ was written later in the round, scored untouched, then tuned on.
		{name: "batch AZ (tuning)", pos: batchAZPositives, neg: batchAZNegatives, minRecall: 0.991, maxFPR: 0.019, notNameModel: true},
		// BA was written for the fifteenth round, which tunes on AX, by a
		// writer told to choose places unlike the earlier batches'; chosen
		// as its held-out batch before it was written (see batchba_test.go).
		// Since the fifteenth round's end (0.892, 0.017, as untouched) a
		// tuning batch, of the round that holds out BB.
		{name: "batch BA (tuning)", pos: batchBAPositives, neg: batchBANegatives, minRecall: 0.974, maxFPR: 0.01, notNameModel: true},
		// BB was written for the sixteenth round, which tunes on BA, and
		// chosen as its held-out batch before it was written (see
		// batchbb_test.go).
		// Since the sixteenth round's end (0.975, 0.042 untouched; 0.975,
		// 0.033 at its end) a tuning batch, of the round that holds out BC.
		{name: "batch BB (tuning)", pos: batchBBPositives, neg: batchBBNegatives, minRecall: 0.974, maxFPR: 0, notNameModel: true},
		// BC and BD were written for the seventeenth round, which tunes on
		// AV and BB, by writers told to choose places unlike the earlier
		// batches'. BC was chosen as the round's held-out batch before
		// either was written. Both writers chose Tas-Sliema in Maltese
		// English and Tulsa chart lines, so BD is held out too: tuning on
		// it would tune on BC's languages (see batchbc_test.go,
		// batchbd_test.go).
		// At the seventeenth round's end (21b54ee) BC read 0.933, 0.008
		// (0.933, 0.008 untouched on 7d69d18) and BD 0.850, 0.033 (0.833,
		// 0.042 untouched); since then tuning batches, of the round that
		// holds out BE.
		{name: "batch BC (tuning)", pos: batchBCPositives, neg: batchBCNegatives, minRecall: 1, maxFPR: 0.01, notNameModel: true},
		{name: "batch BD (tuning)", pos: batchBDPositives, neg: batchBDNegatives, minRecall: 0.949, maxFPR: 0, notNameModel: true},
		// BE was written for the eighteenth round, which tunes on BC and BD,
		// by a writer told to choose places unlike the earlier batches';
		// chosen as its held-out batch before it was written: 0.992, 0.017
		// untouched on 21b54ee and at the round's end, 75e7185 (see
		// batchbe_test.go).
		// Since then a tuning batch, of the round that holds out BG and BH.
		{name: "batch BE (tuning)", pos: batchBEPositives, neg: batchBENegatives, minRecall: 0.991, maxFPR: 0, notNameModel: true},
		// BF was written during the eighteenth round by another writer told
		// the same, chosen as held out before it was written, and scored
		// untouched on the round's start (21b54ee) and on the guard of its
		// day (927bcaa), 0.933, 0.017 each time and at the round's end,
		// 75e7185 (see batchbf_test.go).
		// Since then a tuning batch, of the round that holds out BG and BH.
		{name: "batch BF (tuning)", pos: batchBFPositives, neg: batchBFNegatives, minRecall: 0.991, maxFPR: 0.01, notNameModel: true},
		// BG and BH were written for the nineteenth round, which tunes on BE
		// and BF, by writers told to choose places unlike the earlier
		// batches'; BG was chosen as its held-out batch before either was
		// written, and BH is held out too. Untouched on the round's start
		// (9c1ad98): BG 0.908, 0.017; BH 0.917, 0.025 (see batchbg_test.go,
		// batchbh_test.go).
		// At the round's end (bcde610) BG read 0.917, 0.017 and BH 0.917,
		// 0.025; since then tuning batches, of a twentieth round that has
		// no held-out batch yet.
		{name: "batch BG (tuning)", pos: batchBGPositives, neg: batchBGNegatives, minRecall: 0.949, maxFPR: 0.01, notNameModel: true},
		{name: "batch BH (tuning)", pos: batchBHPositives, neg: batchBHNegatives, minRecall: 0.932, maxFPR: 0.027, notNameModel: true},
		// BK was written during the twentieth round as a tuning batch:
		// untouched on 6325bc4, 0.967, 0.042 (see batchbk_test.go).
		{name: "batch BK (tuning)", pos: batchBKPositives, neg: batchBKNegatives, minRecall: 0.982, maxFPR: 0.01, notNameModel: true},
		// BI and BJ were written for the twentieth round, which tunes on BG
		// and BH, by writers told to choose places unlike the earlier
		// batches'; BI was chosen as its held-out batch before either was
		// written, and BJ is held out too. Untouched on the round's start
		// (1c6abbf): BI 0.925, 0.000; BJ 0.967, 0.008 (see batchbi_test.go,
		// batchbj_test.go). The same at the round's end (39a0aa2).
		{name: "batch BI (held out)", pos: batchBIPositives, neg: batchBINegatives, minRecall: 0, maxFPR: 1, heldOut: true},
		{name: "batch BJ (held out)", pos: batchBJPositives, neg: batchBJNegatives, minRecall: 0, maxFPR: 1, heldOut: true},
	}
}

func TestCorpusMetrics(t *testing.T) {
	showHeld := os.Getenv("PHI_SHOW_HELDOUT") == "1"
	var allPos, allMissed, allNeg, allFP int
	for _, c := range corpora() {
		var missed, falsePos []string
		kindHits := 0
		for i, ex := range c.pos {
			f := Check(ex.text)
			if len(f) == 0 {
				missed = append(missed, fmt.Sprintf("pos[%d] %s: %q", i, ex.kind, ex.text))
				continue
			}
			if slices.ContainsFunc(f, func(x Finding) bool { return x.Kind == ex.kind }) {
				kindHits++
			} else if testing.Verbose() && (!c.heldOut || showHeld) {
				t.Logf("%s: other kind pos[%d] want %s got %v: %q", c.name, i, ex.kind, f, ex.text)
			}
		}
		for i, s := range c.neg {
			if f := Check(s); len(f) > 0 {
				falsePos = append(falsePos, fmt.Sprintf("neg[%d] %v: %q", i, f, s))
			}
		}
		recall := float64(len(c.pos)-len(missed)) / float64(len(c.pos))
		fpr := float64(len(falsePos)) / float64(len(c.neg))
		// A held-out batch's line is printed only when asked for with -v,
		// not in the log of a failure elsewhere.
		if !c.heldOut || testing.Verbose() {
			t.Logf("phi guard %-20s recall=%.3f (n=%d) false_positive_rate=%.3f (n=%d) kind_match=%.3f",
				c.name+":", recall, len(c.pos), fpr, len(c.neg), float64(kindHits)/float64(len(c.pos)))
		}
		if !c.heldOut || showHeld {
			for _, m := range missed {
				t.Logf("%s: missed %s", c.name, m)
			}
			for _, m := range falsePos {
				t.Logf("%s: false positive %s", c.name, m)
			}
		}
		if recall < c.minRecall {
			t.Errorf("%s: recall %.3f below %.2f", c.name, recall, c.minRecall)
		}
		if fpr > c.maxFPR {
			t.Errorf("%s: false-positive rate %.3f above %.2f", c.name, fpr, c.maxFPR)
		}
		if c.heldOut {
			// Summed into "all", a held-out batch's score could be read off
			// by subtracting the others.
			continue
		}
		allPos += len(c.pos)
		allMissed += len(missed)
		allNeg += len(c.neg)
		allFP += len(falsePos)
	}
	t.Logf("phi guard %-20s recall=%.3f (n=%d) false_positive_rate=%.3f (n=%d)", "all but held out:",
		float64(allPos-allMissed)/float64(allPos), allPos, float64(allFP)/float64(allNeg), allNeg)
}

// TestCorpusCoversEveryKind keeps the corpus honest: each kind the guard
// reports has PHI examples, and the corpus has the promised size.
func TestCorpusCoversEveryKind(t *testing.T) {
	pos, neg := buildCorpus()
	if len(pos) < 200 || len(neg) < 200 {
		t.Fatalf("corpus too small: %d positives, %d negatives", len(pos), len(neg))
	}
	seen := map[Kind]int{}
	for _, ex := range pos {
		seen[ex.kind]++
	}
	for _, k := range Kinds() {
		if seen[k] == 0 {
			t.Errorf("no PHI examples of kind %s", k)
		}
	}
}
