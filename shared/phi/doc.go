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
//     US Census's 1990 lists or the SSA's national baby-name files of
//     1880-2024 (24,221 names: every one with 300 births or more), a
//     Census surname (the 30,000 most frequent), two capitalised unknown
//     words, or a known given name and surname typed in lower case. Names
//     that are also English words ("Grace", "Park") count only beside
//     another name (data/, embedded; data/gen_names.go names the sources
//     and their licences). A capitalised word that opens a sentence
//     before a given name is not part of it ("Confirming Priya Raman");
//   - a checksum confirms it where one exists: Luhn for cards, Luhn with the
//     80840 prefix for NPIs, the VIN check digit, the SSA's never-issued SSN
//     ranges, the MBI character classes;
//   - health evidence is a word list broad enough for med-spa, hormone and
//     weight-loss practice (drugs generic and brand, devices, procedures,
//     conditions, labs, body areas, chart shorthand; chronic illness and
//     its drugs, surgery and wound words, and the commoner symptom words
//     of the front desk's other languages) and ICD-10-CM and
//     CPT/HCPCS codes ("L70.0", "CPT 64612", "J3490");
//   - a name counts as a patient's from a relation between the person and
//     a health event within the name's sentence and the next (relations.go):
//     the person's possessive ("Marcy Feldman's touch-up", not "Kim's
//     laser shifts", whose phrase ends in what staff own), a her or his
//     or she or he that refers back ("... Rita Vance and ask how her cheeks
//     are settling", "she's suing us over her lip necrosis"), a weight
//     outcome that is the person's ("down 52 pounds", "congrats to ...,
//     who hit her 50 lb goal"; a single weight only when it is the
//     person's, not "a 20 lb box"), a message to or about the person
//     ("thank-you post for ...", "Hi Colleen, so sorry your Dysport wore
//     off", "text back to ...", "Marcelino — sorry to hear the ringing in
//     your ears started after the IV", "talked to Augustina", "Hola
//     Esperanza, ¿cómo sigue la inflamación?": a greeting, a message verb
//     or a conversation before the name, or a given name opening the text
//     with a "you" after it, and in the message's next three sentences a
//     condition, "after" a treatment, or "your" owning one), the person's
//     own words about a condition, quoted and signed or introduced by the
//     name ("'After two miscarriages my skin was a mess' — Brittany L.",
//     "Nerea escribió: el Botox me dio dolor de cabeza"; praise without a
//     condition, "'My lips have never looked better!' — Rachel K.", is a
//     testimonial's), a booking verb before it ("Confirming ... for
//     Thursday, lip flip"), a sales lead ("Lead from Instagram: Caleb
//     Okonkwo asking if we treat gynecomastia"), a caller's own care ("Hi,
//     this is Dmitri Volkov, ... I want to reschedule my PRP injection"),
//     a relative's condition ("Corinne is coming with her daughter, who has
//     eczema"), a client known by her visit ("Sigrún from yesterday's 2pm
//     called: ... possible infection"), an age and a treatment after the
//     name ("Marguerite, 61, ... already on metformin"), the shape of a
//     chart line ("Alan Richter 61M, actinic
//     keratosis L57.0", which also lets a given name that is a month or a
//     word start a name: "Jun Takahashi 45M"), a listing ("Kim Sorensen -
//     filler in tear troughs 1/20"), a code beside the name, a label
//     ("patient", "client", "paciente", "pt J.Q."), a consent "signed by"
//     the person, or a client noun set off after the name ("Keisha M.,
//     underarm Botox client"), a record the person gave ("a new consent
//     from Tatiana"), the person's own doctor elsewhere ("Lucinda's
//     surgeon said no Botox"), or a person honorific in any of the six
//     languages with a treatment or condition in the sentence ("Mme
//     Diallo a fait une réaction au filler", "cô Hạnh bị dị ứng sau khi
//     peel"), a chat line's speaker writing of her own care ("[10:42]
//     Kayla: omg my lips are so swollen"), a chart or booking row that
//     opens with a name in capitals ("ABERNATHY, COLE - Kybella #2") or
//     with initials and an age and sex ("KM, 55 y/o F, hx of cold
//     sores"), a social handle before a first-person quotation about care
//     ("dm from @sonoran.kaitlynn_ — 'my lips finally look normal ...'");
//     a photo's or scan's file name holding a
//     given name beside a surname ("lopez_maria_lipfiller_after.jpg",
//     "before_after_HollisGrant_CO2", camel case split), two capitalised
//     words the lists do not know run together in a treatment photo's name
//     ("IMG_ThandiweMokoena_lipflip_after.HEIC"), or a given name
//     in a treatment photo's name ("IMG_4471_Theodora_breastlift_preop"),
//     and a URL whose client or patient key or path holds a name
//     ("?client=hannah.lee", ".../patient_derek_wu",
//     ".../clients/marisa-quintero/") name a patient too;
//   - staff evidence overrides it: "Dr.", "our injector", ", RN", "book
//     with", "from Allergan" (not "from the filler ads"), staff verbs, what
//     staff own ("her technique", "Marcy's bio"), and a plural staff cue
//     shared by a list ("our injectors Veronica Palmer and Celeste
//     Moreno"), a staff appositive (", our new weight loss coach,", ",
//     our new front desk hire"), "book with", a later "he's our hair
//     specialist", a call to action or a task through the person ("Call
//     Sarah at ... to book your consult", "Text Brian Ortiz at ... to
//     confirm the filler order", without a her, his or condition in the
//     sentence); an organisation named for a person ("the Susan G. Komen
//     Foundation", "Lumen Aesthetics"), a persona ("Persona for the ads:
//     Sarah, 42, busy mom"), a paid model or an influencer; a public figure (a short list, or a full name that talked,
//     revealed or shared something in a text that says where: on TV, in an
//     interview, openly) is never a patient; and "us", "our", "call",
//     "visit" before a contact detail make it the clinic's, "her", "cell",
//     "home", "client's", "tag her" a person's;
//   - a threshold decides (nameThreshold, contactThreshold);
//   - when the rules find nothing and the text names a treatment, a
//     condition or a weight outcome, a name model (model.go) reads every
//     person candidate: the names above, staff ones included, a given
//     name alone, initials ("J.R."), social handles, "the 9am", and a
//     capitalised word the lists do not know, a given name with a
//     surname's initial ("Grant O. asked"), a name known by its visit
//     ("Summer from the Tuesday 2pm slot"), a word opening a sentence
//     whose verb follows an aside in brackets ("Sky (the yoga
//     instructor) had ..."), and names typed in lower case: with a
//     possessive or an honorific ("chantelle's file", "mrs. tanaka",
//     "hope's pellet", "tanner's mom"), a whole name at the head of a
//     line ("new lead: chastity wells, wants ..."), a name that is also a
//     word opening a line with a verb ("jasper needs his labs"), or one
//     framed by a surname initial, a text or call sent to it, a chart word
//     or an age and sex ("amber j. called", "text dusty", "f/u kayleigh",
//     "summer haskins 34F"). Words inside a merge tag ("[Client Name]")
//     and a hyphenated compound's first half ("De-identified") are no
//     names. A name with a job title before it or a credential after
//     it ("Dr. Ahmad Karimi", "Sarah Kim, RN"), one the text introduces
//     as staff (appositive, "book with", "he's our ..."), an organisation,
//     a persona, the city of an address ("88 Birch Lane, Austin TX") and
//     a template slot ("[Name]") are not read. For each it computes 64
//     features the rules
//     already have or nearly have (the rule score and each relation,
//     pronouns in English, Spanish, Portuguese, French and Tagalog after
//     the candidate, a personal verb after it, health words in its
//     sentence and the next, doses, chart shorthand, dates, care words
//     such as consent, photos, refund, review; whether it is the one
//     addressed ("Fiona, you're due for your Botox", "..., Imani") and
//     "your" owns a treatment, an honorific before it (Mrs., Dona, chị,
//     Ate), its photos or before-and-after, a "who" clause with a health
//     event; staff titles and roles beside it, places, public figures,
//     business phrases, product names, placeholders, promotion words,
//     "you" copy, and whether the person is told to do a task: "Ask Emily
//     Stone to update her gallery", "Patrice, send me the Q3 numbers")
//     and a logistic regression scores it; a candidate
//     at or above modelCut makes the text a patient's (KindName, or
//     KindURL for a handle);
//   - when the name model passes a text that has a person candidate and a
//     health event, a text model (textmodel.go) reads the whole text:
//     every word, every pair of adjacent words in a sentence, and the
//     three words before and four after each person by distance, with a
//     person replaced by "<name>" (or "<staff>" when the rules read staff),
//     a treatment by "<treat>", a condition by "<cond>", a body area,
//     code, number or staff title by its class, hashed into 2^14 weights
//     of a logistic regression. "Marcy Feldman loved her lip filler" and
//     a new writer's "Rosa Díaz loved her Kybella" are one shape to it. A
//     score at or above textCut refuses the text as KindName (unless the
//     patient's contact details it makes PHI name a kind of their own);
//   - and it has a veto: a text the rules or the name model refuse as
//     KindName alone passes when its score is under textVeto, a text
//     whose words read as anything but a patient's ("Dr. ... joins us
//     from Montreal, where he ran a busy PRP practice", "Sloane, our
//     patient coordinator, answers every weight loss inquiry").
//
// Whether the text is about one specific patient ("the patient", "our
// client's", "la paciente", "o cliente", a named patient, an MRN, a her or
// his that owns a treatment or condition outside a staff sentence, "the
// lady with the semaglutide nausea", "acne pt on spironolactone") is
// worked out once per text, and identifiers that are only PHI about a
// patient (account, licence, device, IP, any date that is not a
// promotion's) count only when it is. A contact detail is a person's when
// the words before or after it say a person left it ("Missed call ...",
// "New lead: ..., wants semaglutide"), when it is shipped to ("ship her
// kit to ..."), or, for a personal mailbox, when its sentence is about a
// treatment. Dates are read month first and, with a year, day first
// ("21/06/1988"); birth-date labels are read in Spanish, Portuguese,
// French, Vietnamese, Tagalog, Korean, Japanese, German, Italian, Polish,
// Turkish, Romanian, Greek, Hebrew, Persian and Hindi too. The health
// words come from the word lists in lexicon.go and from data/health.tsv
// (healthwords.go): about 6,300 treatments, drugs, tests, conditions,
// symptoms and treated body areas in English and 25 other languages,
// written for the languages US and Canadian med spas text clients in,
// before any batch in them arrived (Maltese, Afrikaans and Malay after); a word of another language that the
// lists know as a name or an English word is left out. A health term of
// two ordinary words ("touch up", "cold sore", "blood pressure", "stretch
// marks") is read as one term (phrases.go), so that "picked up", "perfect
// timing" or "spots left" are not health words.
//
// # Kinds
//
// Each Kind constant documents what it covers. They follow the 18 Safe
// Harbor identifiers that can appear in text (full-face photographs cannot),
// plus card numbers, which the product never stores either.
//
// # Measuring it
//
// The guard is measured on sixty-two corpora of PHI examples and ordinary
// med-spa marketing texts (ad copy, brand notes, campaign notes, support
// messages, front-desk SMS, pasted chats, team chat, chart notes, social
// captions, in English and in Spanish, Portuguese, French, Vietnamese and
// Tagalog, with clinic phones, websites, addresses, promotion dates,
// prices, staff, founders and celebrities):
//
//	go test ./shared/phi -run TestCorpusMetrics -v
//
// prints one line per corpus. Recall is the share of PHI examples refused:
// a miss is PHI we would store. The false-positive rate is the share of
// marketing texts refused: each one is a customer told their ad contains
// PHI when it does not. Nine of ten rounds of tuning have each held out a
// batch written before the round. The tenth held out AO and tuned on AN,
// AP and AQ, four batches written for it by four writers who each chose
// their own five clinics (they chose alike: a Miami desk in Spanish and
// English, a Montréal clinic in French, a Koreatown clinic in Korean and
// English, a Scottsdale weight-loss clinic in chart shorthand, and one
// more): the health word list and two-word terms, camel-case product
// names that are no names, a text that says it names nobody ("no name",
// "anonymisé") has no person in a word the name lists do not know,
// Korean honorifics with their particles, a message forwarded to a
// number, Québec health cards, birth-date labels in eleven more
// languages. A ninth tuned on AM (japanese.go, Polish
// honorifics and care words, Nigerian Pidgin verbs) with none held out.
// The eighth held out AM and tuned on AK (held
// out in the seventh): readers for Chinese in characters (chinese.go) and
// Russian in Cyrillic (russian.go, and Cyrillic names spelled in Latin by
// fold.go). The seventh held out AK and tuned on AH, AJ (held out in the
// sixth) and AL: Arabic script, Hinglish possessives, Haitian Creole
// greetings and care words, surgery-recovery words. The sixth held out AH
// and AJ and tuned on AG (held out in the fifth) and AI: accented names
// read as their Census and SSA spellings, Vietnamese, Portuguese and
// men's-health words, status-post chart lines, an account or phone with
// its owner's name in brackets, a name in capitals, shift schedules, and a
// reader for Korean in Hangul (korean.go). The fifth held out AG and tuned
// on AC; the fourth held out AC and tuned on Y, AD, AE and AF; the third
// held out Y and added the city lexicon. Each new batch was measured
// untouched, on the guard as its round began, before it was tuned on (the
// first column is the end of the twentieth round, tuned on BG, BH and BK):
//
//	generated            recall 1.000  fp 0.004  (n=258, 240)
//	hand-written         recall 1.000  fp 0.019  (n=69, 158)
//	batch A (tuning)     recall 1.000  fp 0.000  (n=67, 65)
//	batch B (tuning)     recall 1.000  fp 0.000  (n=62, 62)
//	batch C (tuning)     recall 1.000  fp 0.000  (n=66, 65)
//	batch E (training)   recall 0.987  fp 0.000  (n=75, 80)
//	batch F (training)   recall 0.976  fp 0.012  (n=84, 81)
//	batch G (training)   recall 1.000  fp 0.000  (n=50, 50)
//	batch D (tuning)     recall 1.000  fp 0.000  (n=80, 80)
//	batch I (tuning)     recall 0.990  fp 0.000  (n=100, 100)
//	batch J (tuning)     recall 0.990  fp 0.000  (n=100, 100)
//	batch K (tuning)     recall 0.990  fp 0.000  (n=100, 100)
//	batch H (tuning)     recall 0.992  fp 0.000  (n=120, 120)
//	batch L (tuning)     recall 1.000  fp 0.000  (n=131, 130)
//	batch M (tuning)     recall 1.000  fp 0.000  (n=97, 102)
//	batch N (tuning)     recall 0.989  fp 0.011  (n=92, 95)
//	batch O (tuning)     recall 0.984  fp 0.009  (n=124, 116)      held out before: 0.944, 0.026
//	batch Q (tuning)     recall 1.000  fp 0.008  (n=120, 120)      untouched: 0.883, 0.033
//	batch R (tuning)     recall 1.000  fp 0.000  (n=120, 120)      untouched: 0.967, 0.033
//	batch S (tuning)     recall 0.988  fp 0.013  (n=80, 160)       untouched: 0.900, 0.019
//	batch T (tuning)     recall 0.991  fp 0.000  (n=110, 110)      untouched: 0.936, 0.018
//	batch U (tuning)     recall 0.991  fp 0.000  (n=110, 110)      untouched: 0.882, 0.018
//	batch V (tuning)     recall 0.982  fp 0.018  (n=110, 110)      untouched: 0.918, 0.055
//	batch P (tuning)     recall 0.973  fp 0.000  (n=110, 110)      held out before: 0.891, 0.036
//	batch X (tuning)     recall 0.991  fp 0.018  (n=110, 110)      untouched: 0.918, 0.018
//	batch W (tuning)     recall 0.982  fp 0.000  (n=110, 110)      held out before: 0.945, 0.009
//	batch Z (tuning)     recall 0.991  fp 0.000  (n=110, 110)      untouched: 0.918, 0.045
//	batch AA (tuning)    recall 0.973  fp 0.000  (n=110, 110)      untouched: 0.927, 0.036
//	batch AB (tuning)    recall 0.982  fp 0.009  (n=110, 110)      untouched: 0.891, 0.055
//	batch Y (tuning)     recall 1.000  fp 0.000  (n=120, 120)      held out before: 0.942, 0.067
//	batch AD (tuning)    recall 0.982  fp 0.000  (n=110, 110)      untouched: 0.891, 0.036
//	batch AE (tuning)    recall 0.982  fp 0.000  (n=110, 110)      untouched: 0.927, 0.073
//	batch AF (tuning)    recall 0.973  fp 0.000  (n=110, 110)      untouched: 0.845, 0.055
//	batch AC (tuning)    recall 0.983  fp 0.000  (n=120, 120)      held out before: 0.908, 0.058
//	batch AG (tuning)    recall 0.992  fp 0.000  (n=120, 120)      held out before: 0.892, 0.042
//	batch AI (tuning)    recall 0.958  fp 0.008  (n=120, 120)      untouched: 0.742, 0.025
//	batch AH (tuning)    recall 0.983  fp 0.000  (n=120, 120)      held out before: 0.867, 0.008
//	batch AJ (tuning)    recall 0.983  fp 0.008  (n=120, 120)      held out before: 0.850, 0.033
//	batch AL (tuning)    recall 0.967  fp 0.000  (n=120, 120)      untouched: 0.833, 0.000
//	batch AK (tuning)    recall 0.975  fp 0.000  (n=120, 120)      held out before: 0.683, 0.017
//	batch AM (tuning)    recall 0.983  fp 0.008  (n=120, 120)      held out before: 0.692, 0.008
//	batch AN (tuning)    recall 0.992  fp 0.000  (n=120, 120)      untouched: 0.967, 0.067
//	batch AP (tuning)    recall 0.983  fp 0.000  (n=120, 120)      untouched: 0.900, 0.025
//	batch AQ (tuning)    recall 0.992  fp 0.000  (n=120, 120)      untouched: 0.917, 0.042
//	batch AO (tuning)    recall 0.983  fp 0.017  (n=120, 120)      held out before: 0.917, 0.033 (untouched 0.900, 0.050)
//	batch AR (tuning)    recall 0.992  fp 0.025  (n=120, 120)      held out before: 0.925, 0.033 (untouched 0.908, 0.033)
//	batch AT (tuning)    recall 0.975  fp 0.008  (n=120, 120)      untouched: 0.933, 0.025
//	batch AU (tuning)    recall 0.992  fp 0.008  (n=120, 120)      untouched: 0.892, 0.050
//	batch AS (tuning)    recall 0.983  fp 0.000  (n=120, 120)      held out before: 0.950, 0.000 (untouched 0.942, 0.000)
//	batch AV (tuning)    recall 0.983  fp 0.017  (n=120, 120)      held out before: 0.908, 0.033 (untouched 0.900, 0.033)
//	batch AW (tuning)    recall 1.000  fp 0.017  (n=120, 120)      held out before: 0.858, 0.033 (untouched 0.858, 0.033)
//	batch AX (tuning)    recall 0.983  fp 0.008  (n=120, 120)      held out before: 0.817, 0.050 (untouched 0.792, 0.025)
//	batch AY (tuning)    recall 1.000  fp 0.008  (n=120, 120)      untouched: 0.925, 0.017
//	batch AZ (tuning)    recall 0.992  fp 0.008  (n=120, 120)      untouched: 0.958, 0.042
//	batch BA (tuning)    recall 0.992  fp 0.000  (n=120, 120)      held out before: 0.892, 0.017 (untouched 0.892, 0.017)
//	batch BB (tuning)    recall 0.992  fp 0.000  (n=120, 120)      held out before: 0.975, 0.033 (untouched 0.975, 0.042)
//	batch BC (tuning)    recall 1.000  fp 0.008  (n=120, 120)      held out before: 0.933, 0.008 (untouched 0.933, 0.008)
//	batch BD (tuning)    recall 0.967  fp 0.000  (n=120, 120)      held out before: 0.850, 0.033 (untouched 0.833, 0.042)
//	batch BE (tuning)    recall 0.992  fp 0.000  (n=120, 120)      held out before: 0.992, 0.017 (untouched 0.992, 0.017)
//	batch BF (tuning)    recall 0.992  fp 0.000  (n=120, 120)      held out before: 0.933, 0.017 (untouched 0.933, 0.017)
//	batch BG (tuning)    recall 0.975  fp 0.008  (n=120, 120)      held out before: 0.917, 0.017 (untouched 0.908, 0.017)
//	batch BH (tuning)    recall 0.958  fp 0.008  (n=120, 120)      held out before: 0.917, 0.025 (untouched 0.917, 0.025)
//	batch BK (tuning)    recall 0.983  fp 0.000  (n=120, 120)      untouched: 0.967, 0.042
//
// The tuning lines are fitted, not estimates: the rules were tuned on
// these corpora and both models trained on them. What a fresh batch meets
// is in the untouched column: each batch from Q on was scored once on the
// guard of its day before anything looked at it, and scored 0.68 to 0.98
// recall at 0 to 0.073 false positives. Leave-one-corpus-out
// cross-validation, each corpus scored by a text model and a name model
// fitted without it, says 0.974 at 0.020 on the PHI texts about a person
// (0.966 before the seventeenth round, 0.957 before the fourteenth);
// the untouched batches show it is optimistic, because the rules were
// tuned on every corpus it holds out. The held-out batch is the number
// that counts. At their rounds' ends: P 0.891 at 0.036, W 0.945 at 0.009,
// Y 0.942 at 0.067, AC 0.908 at 0.058, AG 0.892 at 0.042, AH 0.867 at
// 0.008 (0.858 at 0.017 untouched), AJ 0.850 at 0.033 (0.742 at 0.033
// untouched), AK 0.683 at 0.017 and AM 0.692 at 0.008 (both as
// untouched), AO 0.917 at 0.033 (0.900 at 0.050 untouched). AO's writer
// chose the same kinds of clinics as the tuning batches' writers did, so
// it is the easiest held-out batch so far, and still under both targets:
// ten of its 120 PHI texts pass and four of its clean texts are refused.
// AR, written after the round by a fifth writer (again Miami, Montréal and
// Scottsdale, with London and Houston), reads 0.908 at 0.033 on the
// round's starting guard and 0.917 at 0.033 on its end: on fresh text the
// round moved one text in 120. It was held out through an eleventh round,
// which tuned on AO (Korean names with 님 or 씨 and a particle, a staff
// word beside a Korean name rather than anywhere in its sentence, Spanish
// "pa" for "para", a city after "de", client-reference labels, Spanish
// plurals in -es), and read 0.925 at 0.033 at its end. The twelfth round
// held out AS (a writer who chose San Antonio, Portland, chart notes,
// Polish billing and Portuguese weight loss) and tuned on AR, AT and AU: a
// labelled SSN of any number, French elision, a billing line's client, a
// client's home fax, "RDV de" and "la cita de" before a name, a label's
// colon ending a staff title, claim numbers, patient and financing
// accounts, a portal sign-in of a named client, a client's social post and
// a results page named for her, Polish client words. AS read 0.942 at
// 0.000 untouched and 0.950 at 0.000 at the round's end: the first
// held-out batch within both targets, by one text (its 95% interval on
// recall is about 0.89 to 0.98), and two tuning batches are still under
// 0.95 (AK 0.933, AL 0.942).
// The thirteenth round tuned on AK, AL and AS (held out before) and held
// out AV and AW, written for it by two writers told to choose places and
// names unlike the earlier batches' (Galway, São Paulo, Minneapolis,
// Honolulu and Albuquerque; Wahpeton, Charlotte, Garden Grove in
// Vietnamese, Kailua and Dearborn). It added a rating's reviewer ("the
// 1-star from Derek Simmons"), a chart line that records how a treatment
// was tolerated, Russian client nouns, Cyrillic and Latin-1 capitals read
// lower-case (so "Счёт клиента" at a sentence's start is the label it is),
// body composition scans, a Hinglish possessive, a time span between a
// possessive and a treatment, Japanese, Chinese and Korean labels for
// patient and chart numbers, and Spanish, Portuguese and French words for
// today and tomorrow that open sentences and are no names. Every tuning
// corpus now reads at least 0.95 (the lowest, AH and AI, 0.950) at no more
// than 0.027 false positives. The fresh batches did not move: AV read 0.900
// at 0.033 on the round's start and on its end, AW 0.858 at 0.033. The
// rounds' rules fit the writers they were tuned on; writers from other
// places still find ten to fifteen PHI texts in 120 the guard passes.
// The fourteenth round tuned on AW and on AY (Boise, Mobile, Winnipeg in
// Taglish, Leeds, Hobart) and held out AX (Bozeman, Graz in German,
// Chattanooga, Dunedin, Mérida in Spanish), both written for it; AZ (West
// Des Moines, Morgantown, Ponce, Durban, Pune) came mid-round, was scored
// untouched twice, 0.958 at 0.042 on the round's guard at its start and
// 0.975 at 0.042 on the guard of its day, and then tuned on. The round
// added what generalises across writers rather than phrases: the
// commonest prescription drugs and the conditions they treat; a label
// list (data/labels.tsv) of chart, insurance, patient and identity
// numbers, serials, biometrics, plates, patient nouns and honorifics in
// the languages of the health list and the health and identity numbers
// of our clients' countries (NHS, health-card, national-insurance and
// social-insurance numbers, CURP, PESEL, Aadhaar), with card numbers
// printed in digit groups; public figures in a data file
// (data/celebrities.txt) widened to 300 across those countries, and
// "actress" and "singer" in five languages; lower-case honorifics and
// surnames, initials, given names alone with a relation to their care;
// weigh-ins, weights lost in kilos, clothing sizes; a person's
// before-and-after photos and photo release; plates in two groups; a
// text that says it names nobody names nobody; a full name labelled
// client is never vetoed by the text model; German and Italian verbs,
// pronouns, staff titles; Vietnamese two-syllable terms. AX read 0.792
// at 0.025 untouched and 0.817 at 0.050 at the round's end: the round
// moved three texts in 120 and refused three more clean ones, most of
// its misses German. AX's header (its writer's places and languages) was
// known when the round added German and Italian words, so AX was blind
// to that round's texts, not to its languages. The fifteenth round tuned
// on AX and held out BA (Las Cruces in Spanglish, Kraków in Polish,
// Moncton, Kumasi in Ghanaian English and Twi, Bellingham), chosen before
// it was written: a German reader (german.go: a compound is read for the
// health words inside it, and in a German text a capitalised word the
// name lists do not know is a noun, not a name), German chart, policy,
// patient-ID and serial labels, German greetings and "your", a name no
// list knows that owns a treatment ("Ioana's tear-trough filler"), and a
// name that has openings or gives a talk as the one who treats. BA read
// 0.892 at 0.017 untouched and the same at the round's end. AV, held out
// since the thirteenth round and never tuned on, reads 0.908 at 0.033
// after both rounds (0.900 before). The sixteenth round tuned on BA and
// held out BB (Marquette, Valparaíso in Chilean Spanish, Cebu in Taglish
// and Bisaya, Anchorage chart lines, Savannah): a Polish reader
// (polish.go: a case form is read for the health word it starts with),
// Polish verbs after a client, weight lost, consent from a person,
// passport and complaint numbers, a weight joined to its unit ("19kg").
// BB read 0.975 at 0.042 untouched and 0.975 at 0.033 at the round's end:
// recall within the target, false positives one text over it (four clean
// texts in 120 refused). Its writer's languages were ones the guard
// already read. Every tuning corpus reads 0.958 or more at 0.027 or less.
// On fresh writers the guard reads 0.82 to 0.98 recall at 0.017 to 0.05
// false positives: it depends on whether it reads the writer's language.
// The seventeenth round tuned on AV (held out since the thirteenth) and
// BB, and held out BC and BD, written for it (BD too because both writers
// chose Tas-Sliema in Maltese English and Tulsa chart lines): evidence
// that is no phrase of one batch, a world given-name list
// (data/given-world.txt, about 2,360 names of 91 cultures that the US
// lists lack), surnames after particles ("van der Berg", "Ó Máille",
// "binti Rahman"), double surnames, phones with a country code and UK
// mobiles, street-first and Polish addresses, a contact detail or an IP
// address in a text about someone's care with a third person told of,
// capitalised words after "the" or before a product's, an event's or a
// publication's noun as a thing's name, eponymous conditions and
// possessive two-word terms ("Bell's palsy", "crow's feet"), staff rotas
// and demos on oneself, and a text model that also reads a named person
// whose care the lists do not know. The name model's cut now keeps to 1%
// false positives on its corpora, not 1.25%, leaving the text model,
// whose cut is cross-validated on every corpus, more of the 2%. BC read
// 0.933 at 0.008 untouched and the same at the round's end; BD 0.833 at
// 0.042 untouched and 0.850 at 0.033 at the end: their misses were
// Maltese and Afrikaans, which the round did not read. The eighteenth
// round tuned on BC and BD (Maltese, Afrikaans and Malay health words,
// labels and honorifics; Maltese "ta'" and Afrikaans "se" possessives;
// MA and CNP as staff; a public figure's own care told by the press) and
// held out BE (Breaux Bridge in Cajun French, Wausau in Hmong English,
// Yellowknife chart lines, Lewiston, Elko) and BF (Hickory in Hmong
// English, Brockton in Cape Verdean Kriolu, Asunción in Jopara, Rotorua
// chart lines, Tbilisi), each chosen before it was written. BE read 0.992
// at 0.017 untouched and at the round's end, within both targets; BF
// 0.933 at 0.017 untouched, on the guard of its day and at the end,
// under the recall target by two texts. Every tuning corpus reads 0.950
// or more at 0.019 or less. BC's and BD's headers (their writers' places
// and languages) were known when the world name list's cultures were
// chosen (Maltese, Malay and Afrikaans among 91), so BC and BD were blind
// to the seventeenth round's texts, not to its list of cultures. The
// nineteenth round tuned on BE and BF (the Hmong given name Pa, a staff
// member's demo, a quote approved by its speaker, thanks in French and
// Spanish, Spanish patient numbers, a person the text says outright is
// staff no longer weighed by the name model) and held out BG (Kearney,
// Nanaimo chart lines, Paducah, Girona in Catalan, Grand Junction), chosen
// before it was written, and BH (Saskatoon, Abbotsford in Punjabi English,
// Spokane chart lines, Lancaster, Kingston). BG read 0.908 at 0.017
// untouched and 0.917 at 0.017 at the round's end; BH 0.917 at 0.025 both
// times. Most of BH's misses were lower-case shorthand names whose
// surname no list knows ("jorunn lindqvist is 22 wks pregnant"). The
// twentieth round tuned on BG, BH and BK (a tuning batch written during
// the round, five US cities: 0.967 at 0.042 untouched): lower-case names
// whose given name no list knows opening a line, an initial before a
// verb or a later "her" treatment, an age set off after a name, plates
// with the digits first, national numbers with a trunk 0 (Australian,
// Irish, UK), a full name in brackets owning an account, a named person's
// dose change, a referral's patient, a treatment's training or
// certification as staff's, pharmacies, Fitzpatrick numerals and US
// states as no person. It held out BI (Duluth, Knoxville chart lines,
// Sarasota with Greek words, Flagstaff, Townsville in Australia), chosen
// before it was written, and BJ (Swansea with Welsh words, Limerick,
// Charlottetown chart lines, Lethbridge, Duluth): BI read 0.925 at 0.000
// untouched on 1c6abbf and at the round's end (39a0aa2), BJ 0.967 at
// 0.008 both times. The round's trunk-0 phones were written knowing the
// countries the held-out writers were told to choose, not their texts;
// the held-out summary lines were printed once mid-round, unchanged from
// untouched. Over the last eight held-out batches, from eight writers,
// the guard read 0.850 to 0.992 recall (BD, BE) at 0.000 to 0.042 false
// positives: 0.929 of their 960 PHI texts, 0.016 of their clean ones.
// Every tuning corpus reads 0.958 or more at 0.025 or less.
// AJ was written to AI's
// personas by another writer, at the same time: what the sixth round
// learnt of Korean from AI carried to AJ (thirteen texts more), while AH,
// from other clinics, moved by one. AK's languages (Chinese in
// characters, Russian in Cyrillic, Taglish) are ones no round has added,
// and it did not move at all; nor did AM (Japanese, Polish, Nigerian
// Pidgin) when the eighth round taught the guard Chinese and Russian. A
// language the guard reads transfers across
// writers; a writer in a language it does not read meets the guard of the
// round before. A held-out batch's misses are not listed
// unless PHI_SHOW_HELDOUT=1, and it is left out of the "all but held out"
// line, from which its score could otherwise be worked out. The test
// fails below each corpus's floor (the measurement above) and lists each
// misclassified example by index and kind. Change a weight or a word list
// only with these numbers in view. The guard is a net, not a proof, and
// a miss is stored.
//
// # How the name model is trained
//
// model_train_test.go is the training script and the corpora above, all
// but the batches N to AQ (refitted with N, the
// name model lost recall on G, J and L; the text model learns from those
// batches instead), with the unit cases of TestCheck and the benchmark
// texts, are its data: each clean text's candidates are negatives, and a
// PHI text about a person is positive through its most patient-like
// candidate, which the model itself picks, fit and pick in turn
// (multiple-instance learning, starting from the rule score). Each fit is
// L2-regularised logistic regression solved by Newton's method, so the
// result does not depend on row order or a learning rate. Five-fold
// cross-validation (folds by a hash of the text) chooses the cut: the
// lowest score at which rules and model together refuse at most 1% of
// the training corpora's clean texts (1.25% until the seventeenth round;
// model_train_test.go's cvFPR says why), each scored by a model fitted
// without it. The regularisation is fixed at 0.03: cross-validation over
// 0.03 to 30 found 0.03 to 0.3 a text or three apart and flipped between
// them as samples were added, while the whole guard read the tuning
// corpora better at 0.03. Last fit: held out, rules and model refused
// 0.965 of the PHI texts about a person at 0.010 false positives, and 224
// of the 259 (0.86) that the rules pass; cut 0.62. Regenerate the weights with
//
//	go test ./shared/phi -run TestModelWeights -v -args -phi.train
//
// which writes model_weights.go; without the flag the test fits again and
// fails if the committed weights differ, so a change to a feature, a word
// list or a corpus that moves the model cannot go unnoticed.
//
// Cost: BenchmarkCheck1000 was about 35 µs for 1,000 characters on an
// idle machine before the model, and about 1.4 times that with it. This
// round's checks are bounded word windows too (a message's next three
// sentences, at most 40 words; a quotation's 40 words before its
// signature), and the lexicon grew to about 52,000 words. The shared
// machine (load 5 to 10 on 2 cores) cannot show a difference that small:
// make bench-api's median for BenchmarkCheck1000 was 147.6 and 178.6 µs
// before the round and 101.2 and 238.7 µs after (two runs each), and the
// CPU time of 20,000 checks, the two builds run in turns four times, was
// 1.87-2.02 s before and 1.71-1.93 s after: about 95 µs a check either
// way. Still one allocation, the result's (a media file name costs one
// more, for its camel-case split). The name data adds 405 KB to the
// binary (267 KB before the SSA names) and loading it about 1.7 MB of
// heap on the first check; the model's weights are 64 numbers. The text
// model adds 64 KB of weights (2^14 float32; the api binary grew 67 KB)
// and a few table reads a word, no allocation. On the shared machine the
// two builds run in turns five times gave BenchmarkCheck1000 89-128 µs
// before and 82-138 µs after: no difference that load lets show; one
// allocation either way (BenchmarkCheck none).
// Against the guard before the name lexicon (8ffeabb), the two test
// binaries run in turns eight times on a machine at load 0.5 to 0.9:
// 89-125 µs (median 102 µs, 2 allocations) before and 106-150 µs (median
// 128 µs, 1 allocation) at the start of the tenth round. A second series,
// the binaries of before, the round's start and its end run in turns six
// times at load 1.4 to 2.8: medians 71, 86 and 94 µs. The tenth round's
// health word list adds 66 KB of embedded data, and its two-word terms one
// table lookup per pair of adjacent words. The seventeenth and eighteenth
// rounds (7d69d18 against 75e7185, five turns at load 0.5 to 0.9): medians
// 87 and 91 µs, 1 allocation each; the world name list adds 20 KB.
//
// # How the text model is trained
//
// textmodel_train_test.go is its training script, every corpus but the
// held-out batches, with the unit
// cases of TestCheck, its data: the PHI texts about a person
// are positives, the clean texts negatives, each a text the model would
// read (a person candidate and a health event, or a named person whose
// care the lists do not know, and not only public figures).
// L2-regularised logistic regression over the hashed features (each
// text's counts divided by the square root of its number of features) is
// fitted by 600 steps of
// Nesterov's accelerated gradient from zero, so the weights depend only
// on the data. Leave-one-corpus-out cross-validation chooses the
// regularisation (1e-6 and 1e-5 scored alike, 1e-4 lower; 1e-6) and the
// cut: the lowest at which rules and both models together refuse at most
// 2% of the clean texts of corpora they were not fitted to (the rules and
// the name model alone are at 1%); last fit 0.89, recall 0.974. The
// veto is fixed at -2: over none and -6 to -1 the cross-validation's
// recall moved by a text or two and its choice with every batch added
// (-3, -4, -2, -1 in four fits), and the whole guard read the tuning
// corpora best at -2 (0.988 at 0.003 false positives, against 0.981 at
// 0.006 at -1 and 0.985 at 0.010 at -4). Tried and no better held out: fitting only the texts the rules
// and the name model pass, the name model's score as one more feature,
// more word classes (lower-case given names, months, times), 300 or 1,200
// steps; and, this round, withholding the text model's refusal when the
// rules read every person in the text as staff (all but held out 0.983 at
// 0.004 against 0.985 at 0.003 without). Regenerate the weights with
//
//	go test ./shared/phi -run TestTextModelWeights -v -args -phi.train
//
// which writes textmodel_weights.go (and prints the cross-validation);
// without the flag the test fits again and fails if the committed weights
// differ.
//
// # Known weaknesses
//
//   - On text nobody tuned or trained it on, between one PHI text in
//     twenty and one in three passes, and up to one marketing text in
//     fifteen is refused: the held-out batches of the last rounds
//     read 0.942 at 0.067 (Y), 0.908 at 0.058 (AC), 0.892 at 0.042 (AG),
//     0.867 at 0.008 (AH), 0.850 at 0.033 (AJ), 0.683 at 0.017 (AK),
//     0.692 at 0.008 (AM), 0.917 at 0.033 (AO), 0.925 at 0.033 (AR)
//     and 0.950 at 0.000 (AS) at their rounds' ends; AS is the first
//     within both targets, by one text, and its writer chose clinics and
//     languages much like the tuning batches'. Each round's rules fit the shapes its batches
//     showed, and a new writer brings new ones. What carries to a fresh
//     writer is a language the guard has learnt to read (Korean, from AI
//     to AJ); a language it has not (AK's Chinese in characters, Russian
//     in Cyrillic) meets no health word and no name shape at all. Word
//     lists and two linear models over them generalize across writers of
//     a language, not to a new one. The tenth round's health word list
//     (data/health.tsv) gives 25 languages their treatment and condition
//     words before a batch in them arrives; names, honorifics and the
//     shapes of a sentence are still read language by language, and a
//     writer in a language the guard has not met (AK, AM) will read well
//     under 0.95.
//   - Hangul, Arabic, Chinese and Japanese are read by small rules of
//     their own (korean.go, arabic.go, chinese.go, japanese.go): a name is found only with an
//     honorific or a title, a greeting or a call, a chat speaker's colon,
//     a memo's slashes or a client word after it, and the health words are
//     lists (Russian's are stems, russian.go), with the health word
//     list's. Greek, Armenian, Hebrew, Persian and Devanagari words are
//     matched exactly, in lower case only: such a word opening a sentence
//     in capitals is missed. Their names are read by no rule at all.
//   - The text model is a bag of words and word pairs: it does not know
//     who a pronoun refers to, and its veto can undo a true finding whose
//     words read like staff copy. It reads a text only when there is a
//     person candidate or a named person (since the seventeenth round,
//     one whose care the word lists do not know), so a patient named by a
//     word the candidates miss (a lower-case nickname, "kev") passes
//     however clinical the text.
//   - The models are linear in their features: they weigh evidence, they
//     do not parse, so a name and a health word in one sentence with a
//     pronoun nearby can read as a patient when they are not ("Can
//     Savannah cover Paige's Botox consults?", "Pop star Lana Crestwood
//     told her podcast listeners she gets baby Botox"), and a patient
//     described without any of their cues passes. Each retraining moves
//     single borderline texts of a corpus across the cut, one way or the
//     other: adding two unit cases once moved three corpora's recall, and
//     in the tenth round a change that fixed four texts moved seven
//     others under the cut.
//   - The models run only when the rules find nothing, and the veto undoes
//     only a finding of KindName alone, so a rule's false positive of
//     another kind stands.
//   - Relations are read in a sentence and the next, a message's in three.
//     A name whose care comes only later passes.
//   - A given name alone is not enough for the rules in a testimonial's
//     style ("Our client Jessica loves her lip filler!"), on purpose; the
//     model refuses that text, which the hand-written corpus counts as a
//     false positive and a reader may count as PHI. A first-person quote
//     with a condition signed by a given name is refused by the rules.
//   - Lower-case names are found by the rules only when both words are in
//     the lists and the given name is not also a word ("jane doe had
//     botox"); the models read lower-case given names in the shapes the
//     candidates list (a possessive, a verb after, an initial, a chart
//     word, "text dusty"), and a nickname the lists do not know ("kev",
//     "bex") is no candidate at all. Given names that are months or words
//     ("Jun", "May", "Will") start a name for the rules only in a chart
//     line (a surname, then "45M" or a code).
//   - The lists are finite and spelled right: a drug, procedure or
//     condition missing from them, or misspelled, is no health evidence.
//     A public figure missing from the celebrity list (data/celebrities.txt,
//     about 300 names) is treated like anyone else unless a title
//     ("actress", "actriz", "singer") or the text says they spoke in
//     public, and a patient who told a TV show about her filler would
//     pass.
//   - Staff are recognised by titles, appositives ("X, our injector") and
//     verbs next to the name, and a list shares a plural staff cue only
//     when the cue comes first ("our injectors X and Y"); in a list whose
//     staff cue comes after it ("X and Y, our injectors, ...") only the
//     last name is read as staff.
//   - The given-name list holds the SSA's names with 300 births or
//     more since 1880 and, since the seventeenth round, about 2,360 given
//     names of 91 cultures written by the team (data/given-world.txt:
//     Cathal, Wiremu, Thandiwe); a name in neither is still found only by
//     shape (two capitalised words) or a label, and places that are also
//     given names (Brooklyn, Florence, Aurora) are names to it: only an
//     address ("88 Birch Lane, Austin TX") or a relation decides. In
//     lower case, a surname no list knows counts only after a known given
//     name and with a relation to care ("priya raghunathan is down 18
//     lbs"); a given name no list knows counts only opening a line or a
//     sentence, before a Census surname that is no word or, with a word
//     no list knows too, before a person's verb, and with a relation to
//     care ("bex kowalczyk asking if her 8 units", "fyi jorunn lindqvist
//     is 22 wks pregnant"). Anywhere else it is no name: read everywhere,
//     it took code-switched Tagalog and Hinglish words for names.
//   - The card rule is literal, as the content rules ask: a bare 13-19 digit
//     ad-platform ID (Meta business manager, pixel) is refused when it
//     happens to pass Luhn, about one time in ten, unless an ID, order or
//     tracking label stands before it ("ad account ID is ..."). "act_..."
//     forms pass.
//   - Mostly US formats (NANP phones, US states and ZIPs, SSNs, US coding
//     systems); other countries' phones only with their country code
//     ("+56 9 7412 3086"), as a UK mobile or in groups after a trunk 0
//     ("0412 555 019", "(07) 4771 2345"), their addresses only in the
//     street shapes the guard reads (a house number before or after a
//     street type it knows: "rue", "Calle", "ul.", "Triq"), and their
//     health and identity numbers by the labels of data/labels.tsv. The
//     lists know other languages' health words, not their grammar: a note
//     in one of them whose person is named by a shape only that language
//     has can pass, and "12 rue des Lilas, 75019 Paris" is an address only
//     with a person's care beside it.
//   - Text only: full-face photographs and other images are not checked.
package phi
