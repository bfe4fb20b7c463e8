// Package phi is the PHI guard: every free-text field passes Check before it
// is stored or sent to a model, and a field with findings is refused with a
// 422 naming the field and the kind (see Finding), never the value.
//
// # What counts as PHI
//
// Information is PHI when an identifier is tied to health information. For a
// med-spa marketing product nearly every text mentions treatments, so the
// question is almost always whether an identifier belongs to a patient or to
// the business: "Call us at (555) 201-3344 to book your HydraFacial" passes,
// "Her cell is (555) 201-3344, she bruised after filler" does not. Some
// identifiers are refused wherever they appear because no marketing text
// has a reason to hold them: SSNs, card numbers, dates of birth, medical
// record, health plan, patient and driver's licence numbers.
//
// # How it decides
//
// The guard works like Microsoft Presidio and Philter, on words rather than
// on one regular expression per kind:
//
//   - a pattern proposes a candidate: digit groups and their separators for
//     phones, SSNs, dates, cards and IPs; a label ("MRN", "member ID",
//     "DOB") followed by something ID-shaped; a name: a given name from the
//     US Census's 1990 lists (5,163 names), a Census surname (the 30,000
//     most frequent), two capitalised unknown words, or a Census given name
//     and surname typed in lower case. Names that are also English words
//     ("Grace", "Park") count only beside another name (data/, embedded);
//   - a checksum confirms it where one exists: Luhn for cards, Luhn with the
//     80840 prefix for NPIs, the VIN check digit, the SSA's never-issued SSN
//     ranges, the MBI character classes;
//   - health evidence is a word list broad enough for med-spa, hormone and
//     weight-loss practice (drugs generic and brand, devices, procedures,
//     conditions, labs, body areas, chart shorthand) and ICD-10-CM and
//     CPT/HCPCS codes ("L70.0", "CPT 64612", "J3490");
//   - a name counts as a patient's from a relation between the person and
//     a health event within the name's sentence and the next (relations.go):
//     the person's possessive ("Marcy Feldman's touch-up"), a her or his
//     or she or he that refers back ("... Rita Vance and ask how her cheeks
//     are settling", "she's suing us over her lip necrosis"), a weight
//     outcome that is the person's ("down 52 pounds", "congrats to ...,
//     who hit her 50 lb goal"), a message to or about the person
//     ("thank-you post for ...", "Hi Colleen, so sorry your Dysport wore
//     off"), the shape of a chart line ("Alan Richter 61M, actinic
//     keratosis L57.0", which also lets a given name that is a month or a
//     word start a name: "Jun Takahashi 45M"), a listing ("Kim Sorensen -
//     filler in tear troughs 1/20"), a code beside the name, or a label
//     ("patient", "client");
//   - staff evidence overrides it: "Dr.", "our injector", ", RN", "book
//     with", "from Allergan" (not "from the filler ads"), staff verbs, what
//     staff own ("her technique", "Marcy's bio"), and a plural staff cue
//     shared by a list ("our injectors Veronica Palmer and Celeste
//     Moreno"); a public figure (a short list, or a full name that talked,
//     revealed or shared something in a text that says where: on TV, in an
//     interview, openly) is never a patient; and "us", "our", "call",
//     "visit" before a contact detail make it the clinic's, "her", "cell",
//     "home", "client's" a person's;
//   - a threshold decides (nameThreshold, contactThreshold).
//
// Whether the text is about one specific patient ("the patient", "our
// client's", a named patient, an MRN) is worked out once per text, and
// identifiers that are only PHI about a patient (account, licence, device,
// IP, visit dates) count only when it is.
//
// # Kinds
//
// Each Kind constant documents what it covers. They follow the 18 Safe
// Harbor identifiers that can appear in text (full-face photographs cannot),
// plus card numbers, which the product never stores either.
//
// # Measuring it
//
// The guard is measured on six corpora of PHI examples and ordinary
// med-spa marketing texts (ad copy, brand notes, campaign notes, support
// messages, with clinic phones, websites, addresses, promotion dates,
// prices, staff, founders and celebrities):
//
//	go test ./shared/phi -run TestCorpusMetrics -v
//
// prints one line per corpus. Recall is the share of PHI examples refused:
// a miss is PHI we would store. The false-positive rate is the share of
// marketing texts refused: each one is a customer told their ad contains
// PHI when it does not. Last run:
//
//	generated          recall 1.000 (n=258)  false positives 0.004 (n=240)
//	hand-written       recall 1.000 (n=69)   false positives 0.013 (n=158)
//	batch A (tuning)   recall 1.000 (n=67)   false positives 0.000 (n=65)
//	batch B (tuning)   recall 1.000 (n=62)   false positives 0.000 (n=62)
//	batch C (tuning)   recall 0.818 (n=66)   false positives 0.031 (n=65)
//	batch D (held out) recall 0.625 (n=80)   false positives 0.000 (n=80)
//
// Only the held-out line is an estimate for text nobody tuned the guard
// to, and it misses the target (recall 0.95, false positives 0.03) by far.
// The generated corpus and the guard were written by the same hand; the
// hand-written batches and batch A were each measured before tuning on
// them (0.80, 0.60, 0.49) and then tuned on. Batch B scored 0.45 untouched
// and 0.935 after tuning on A, then was tuned on. Batch C scored 0.818
// untouched and 0.818 again after the round that tuned on A and B: the
// rules that fixed every miss of A and B found no further PHI in C. Batch
// D (batchd_test.go) was written by someone who had not seen the guard or
// the earlier batches and scored 0.625 untouched. The 1.000s above measure
// fit, not generalisation; word rules learnt from a few hundred texts do
// not reach new phrasings, and a looser rule (any name beside a treatment
// word) cost 0.06 to 0.10 false positives on the tuning batches. D's
// misses are not listed unless PHI_SHOW_HELDOUT=1. The test fails below
// each corpus's floor, and lists each misclassified example by index and
// kind. Change a weight or a word list only with these numbers in view.
// The guard is a net, not a proof, and a miss is stored.
//
// Cost: about 17 µs for a 500-character ad and 35 µs for 1,000 characters
// (BenchmarkCheck1000; 107 µs before the email scan was windowed; the
// relations added after batch B cost nothing measurable), no allocation
// but the result's. The name data adds 267 KB to the binary
// (the api bootstrap grows by 320 KB, 8.6 to 8.9 MiB) and loading it 2 ms
// and 1.7 MB of heap at init.
//
// # Known weaknesses
//
//   - On text nobody tuned it to, about one PHI text in three passes (batch
//     D, recall 0.625). The rules are learnt from a few hundred texts and
//     fit them; new phrasings of the same facts are what it misses.
//   - Relations are read in a sentence and the next. A name whose care
//     comes only in a later clause or sentence can pass.
//   - A given name alone is still not enough in a testimonial's style
//     ("Our client Jessica loves her lip filler!" passes, on purpose); it
//     counts in a message to that person ("Hi Rosa, your Sculptra results
//     look amazing!").
//   - Lower-case names are found only when both words are in the Census
//     lists and the given name is not also a word, and only with a
//     relation: "jane doe had botox" is refused, "jo park had botox" is
//     not, and a lower-case name from outside the Census lists is not a
//     name at all. Given names that are months or words ("Jun", "May",
//     "Will") start a name only in a chart line (a surname, then "45M" or
//     a code).
//   - The lists are finite and spelled right: a drug, procedure or
//     condition missing from them, or misspelled, is no health evidence.
//     A public figure missing from the short celebrity list is treated
//     like anyone else unless the text says they spoke in public ("...
//     talked about her breast cancer screening on TV" passes; "... talked
//     about her screening" is refused); and a patient who told a TV show
//     about her filler would pass.
//   - Staff are recognised by titles and verbs next to the name, and a
//     list shares a plural staff cue only when the cue comes first ("our
//     injectors X and Y"); in a list whose staff cue comes after it ("X
//     and Y, our injectors, ...") each name is read on its own, so one
//     with a her or his and a treatment word nearby can read as a client.
//     A staff member named
//     with a phone number and a treatment word ("Text Brian Ortiz at ... to
//     confirm the filler order") is refused.
//   - The Census given-name list is from 1990; names popular since (in SSA
//     data, not shipped here) are found by shape (two capitalised words) or
//     by a label, as before.
//   - The card rule is literal, as the content rules ask: a bare 13-19 digit
//     ad-platform ID (Meta business manager, pixel) is refused when it
//     happens to pass Luhn, about one time in ten. "act_..." forms pass.
//   - English and US formats only (NANP phones, US states and ZIPs, SSNs,
//     US coding systems).
//   - Text only: full-face photographs and other images are not checked.
package phi
