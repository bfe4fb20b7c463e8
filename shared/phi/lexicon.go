package phi

import (
	_ "embed"
	"strings"
	"sync"
)

// class is a set of roles a lower-cased word can play as context. A word can
// have several (e.g. "call" is both a clinic call-to-action and a verb that
// makes the following "her" a person's contact).
type class uint64

const (
	clsTreatment    class = 1 << iota // a med-spa treatment or clinical procedure
	clsCondition                      // a condition, symptom or adverse event
	clsPatientNoun                    // patient, client: someone who is treated
	clsStaffTitle                     // a staff title or role before a name
	clsCredential                     // RN, NP, MD after a staff name
	clsStaffVerb                      // what staff do, after a staff name
	clsFirstName                      // a common given name
	clsHealthVerb                     // ties the preceding person to a health event
	clsMonth                          // month name or abbreviation
	clsBusiness                       // before a contact detail: it is the clinic's
	clsPersonal                       // before a contact detail: it is a person's
	clsPronoun                        // her, his, their, him
	clsContactVerb                    // call her, text him
	clsContactNoun                    // her cell, his email
	clsGenericMod                     // "new client", "every patient": not one person
	clsGenericNoun                    // "client reviews", "patient care": not one person
	clsNotSurname                     // capitalised words that are not surnames
	clsGreeting                       // hi, hello: the name after it is the reader
	clsStreetSuffix                   // St, Ave, Blvd
	clsImplant                        // a device implanted in or worn by a patient
	clsEquipment                      // the clinic's own machines and their paperwork
	clsPromo                          // a promotion's date word: ends, through, until
	clsIDFiller                       // words between an ID label and the ID
	clsPlatform                       // ad-platform and product-account words
	clsStaffRef                       // words that refer to a professional licence holder
	clsStaffRole                      // a job title proper: nurse, injector, founder
	clsSurname                        // a surname in the Census list
	clsNameWord                       // a name that is also an English word: a name only beside another
	clsBody                           // a body area treated: forehead, jawline, flanks
	clsClinical                       // chart shorthand: hx, dx, c/o, y/o, BID
	clsCode                           // set on a word that is an ICD-10-CM or CPT/HCPCS code
	clsCelebrity                      // a public figure's name: never a patient
	clsPlace                          // a city or town no name list knows: "Seattle", "Plano"
)

// lexicon is made by buildLexicon, sized for the Census and SSA names so that
// loading them never grows the map.
var lexicon map[string]class

func addWords(c class, words string) {
	for _, w := range strings.Fields(words) {
		lexicon[w] |= c
	}
}

// lexiconOnce builds the lexicon and the other word tables on the first
// check rather than at init: the Census names take a couple of milliseconds
// and megabytes, and the cue, abbreviation and state tables most of the
// package's remaining init, which a cold start whose first request checks
// no text (the api's) would pay for nothing.
var lexiconOnce sync.Once

func buildLexicon() {
	buildAbbreviations()
	buildCues()
	buildStates()
	buildModelLex()
	lexicon = make(map[string]class, 56000)
	addWords(clsTreatment, `botox dysport xeomin daxxify jeuveau letybo tox neurotoxin
		neuromodulator botulinum filler fillers juvederm restylane rha sculptra radiesse
		kybella belotero voluma volbella vollure volux microneedling morpheus8 morpheus rf
		laser lasers ipl bbl photofacial hydrafacial facial facials peel peels coolsculpting
		emsculpt emsella semaglutide ozempic wegovy tirzepatide mounjaro zepbound glp-1 glp
		sémaglutide tirzépatide compression garment garments
		iv drip prp prf dermaplaning sclerotherapy fraxel co2 halo moxi sofwave ultherapy
		thermage threads pdo injection injections injectable injectables injected syringe
		syringes units lip lips tattoo electrolysis hrt testosterone hormone hormones b12
		lipo liposuction contouring treatment treatments treated procedure procedures
		consult consultation appointment appt session sessions dermal resurfacing
		tightening rejuvenation medication medications prescription rx dose dosage
		biopsy surgery implant implants augmentation rhinoplasty blepharoplasty
		vitamin nad ketamine weight dissolved hyaluronidase hylenex removal
		tx hydroquinone tretinoin retinol spironolactone valacyclovir
		antibiotic antibiotics steroid steroids lidocaine numbing`)
	addWords(clsCondition, `murmur fever pneumonia strep uti hashimoto hashimoto's botched biopsied
		depressed`)
	addWords(clsTreatment, `semiglutide latisse iud`) // a common misspelling, a brand, a device
	// Men's health, hormone, peptide and IV-clinic drugs and devices.
	addWords(clsTreatment, `clomid clomiphene zofran ondansetron toradol ketorolac tesamorelin
		bpc-157 gainswave shockwave ldn vyleesi addyi oxytocin caverject scrotox low-t
		vasectomy monalisa o-shot p-shot`)
	addWords(clsCondition, `priapism erectile libido incontinence dandruff balding
		hemorrhoids sebaceous`)
	addWords(clsBody, `submental décolletage decolletage axillae axilla prostate`)
	addWords(clsCondition, `acne rosacea melasma hyperpigmentation pigmentation eczema
		psoriasis dermatitis herpes hsv diabetes diabetic pregnant pregnancy breastfeeding
		allergy allergies allergic reaction reactions bruise bruising bruised swelling
		swollen infection infected occlusion necrosis ptosis droop drooping migraine
		migraines hyperhidrosis anxiety depression cancer hiv hepatitis keloid keloids
		scar scarring scars lupus autoimmune thinners warfarin eliquis accutane
		isotretinoin diagnosis diagnosed condition symptoms complication complications
		adverse granuloma nodule nodules asymmetry burn burns burned blister blisters
		hives anaphylaxis obesity bmi menopause pcos thyroid hypertension asthma seizure
		seizures epilepsy alopecia vitiligo lesion mole stroke pacemaker numbness
		headache headaches nausea rash vascular cellulitis fungus fungal onychomycosis wart warts`)
	// Treatments and conditions as Spanish, Portuguese, French, Vietnamese
	// and Tagalog front desks write them: clients are texted in their own
	// language, and a word missing from the lists is no health evidence.
	addWords(clsTreatment, `láser toxina botulínica botulinica harmonização preenchimento
		bioestimulador peeling drenagem relleno rellenos tratamiento tratamento
		inyección inyecciones aplicação aplicación radiofrequência radiofrecuencia
		depilación depilação acide hyaluronique labios lábios lèvres tiêm trị liệu dặm
		injetável inyectable injectable soro sueroterapia hidratação vitamina bótox
		retoque retoques testosterona criolipólise criolipolisis
		sema tirz titration titrated`) // chart shorthand for semaglutide and tirzepatide
	addWords(clsCondition, `htn dm2 t2dm hld ckd copd hipotireoidismo hipotiroidismo
		hipertireoidismo hipertiroidismo`)
	addWords(clsCondition, `várices moretón moretones hematoma alergia alérgica alérgico
		diabética diabético dermatite calvície calvicie irritación irritação acné cicatriz
		cicatrices cicatrizes embarazada grávida enceinte marcapasso marcapasos nám mụn sẹo
		pekas tigyawat peklat hinchazón inchaço bedrest
		hipertensão hipertensión hypertension pressão presión tension diabetes diabète
		roxo roxa morado morada hematome gonflement douleur dor dolor`)
	// Portuguese: reaction, lidocaine, session, spots, folliculitis,
	// redness, itching, pimples; groin.
	addWords(clsCondition, `reação reações foliculite vermelhidão coceira espinhas manchas`)
	addWords(clsTreatment, `lidocaína sessão sessões`)
	// Spanish and Portuguese drug names and doses.
	addWords(clsTreatment, `semaglutida tirzepatida dosis dose`)
	addWords(clsCondition, `náusea náuseas nausea`)
	addWords(clsBody, `virilha`)
	// Haitian Creole: dizziness, pregnant, pain, swollen, itching, blood
	// pressure; treatment, consent. Surgery recovery: seroma, splint,
	// drains, the compression garment's Spanish name.
	addWords(clsCondition, `vètij ansent doulè gonfle grate tansyon seroma seromas`)
	addWords(clsTreatment, `tretman konsantman splint drains faja`)
	// Polish: treatment, mesotherapy, redness, reaction, allergic, diabetes,
	// burn, rash, swelling, complication, lump, scars, acne, bruise.
	addWords(clsTreatment, `zabieg zabiegu zabiegi zabiegów mezoterapia mezoterapii botoks botoksie
		depilacja depilacji wypełnienie wypełnieniu mikrodermabrazja mikrodermabrazji mikronakłuwanie
		mikronakłuwaniem laserze laserowej laserowa`)
	addWords(clsCondition, `zaczerwienienie reakcja alergiczna cukrzyca oparzenie wysypka wysypki
		opuchlizna opuchlizny powikłanie guzek blizny trądzik siniak ciąża ciąży uczulenie obrzęk`)
	// Vietnamese, one syllable a word: fungus, burn, oedema, swollen,
	// itchy, inflamed, eczema, pain, stretch marks, dark marks, infected,
	// pregnant, blood.
	addWords(clsCondition, `nấm phỏng bỏng phù sưng ngứa viêm chàm đau rạn thâm nhiễm bầu huyết`)
	// Vietnamese: removal (hair), tattoo, cure, medicine.
	addWords(clsTreatment, `triệt xăm chữa thuốc`)
	addWords(clsPatientNoun, `patient client pt`)
	// Spanish, Portuguese, French, Vietnamese, Polish and Russian words
	// for the one treated: front desks write in their clients' languages.
	addWords(clsPatientNoun, `paciente pacientes cliente clienta patiente khách bn
		klient klientka klientki pacjent pacjentka
		клиент клиентка клиента клиентки клиенту клиентке клиентом клиенткой
		пациент пациентка пациента пациентки пациенту пациентке`)
	addWords(clsStaffTitle, `dr doc doctor nurse injector np rn pa esthetician aesthetician
		provider practitioner owner founder cofounder director manager specialist
		coordinator ceo artist expert trainer educator lead staff team meet by ask
		with book thanks thank regards cheers sincerely im md physician surgeon
		dermatologist hygienist therapist consultant receptionist concierge admin
		introducing i'm join joining rep reps representative vendor
		sales welcome welcoming congrats congratulations dra doctora enfermera enfermeira
		médica médico esteticista cosmetóloga técnico técnica dermatóloga dermatólogo
		infirmière esthéticienne médecin model influencer spokesmodel actress actor
		ärztin arzt kosmetikerin krankenschwester heilpraktikerin inhaberin gründerin dgkp pflegerin
		dottoressa dottore infermiera estetista titolare fondatrice
		enfimyè doktè nars doktora doktor pielęgniarka lekarz kosmetolog kosmetolożka
		врач медсестра косметолог`)
	addWords(clsStaffRole, `dr doctor nurse injector np rn pa esthetician aesthetician
		provider practitioner owner founder cofounder director manager specialist
		coordinator ceo physician surgeon dermatologist receptionist rep dra doctora
		enfermera enfermeira médica médico esteticista cosmetóloga técnico técnica coach
		dermatóloga dermatólogo infirmière esthéticienne médecin model influencer
		spokesmodel ärztin arzt kosmetikerin krankenschwester heilpraktikerin inhaberin dgkp pflegerin
		gründerin dottoressa dottore infermiera estetista titolare fondatrice
		enfimyè doktè nars doktora doktor pielęgniarka lekarz kosmetolog kosmetolożka
		врач медсестра косметолог fundadora fundador dueña dueño propietaria
		propietario gerente directora`)
	addWords(clsCredential, `rn np md do pa pa-c bsn msn aprn fnp fnp-c le lme cme lvn lpn
		dnp phd facs dds dmd cnp agnp crna lmt ln`)
	addWords(clsStaffVerb, `specializes specialize injects offers performs trained leads
		founded owns brings joins joined welcomes teaches treats will can here
		recommends injecting hosts hosting demos demoing demonstrates covers covering`)
	addWords(clsHealthVerb, `had got received underwent presented reported complained
		developed reacted experienced booked rebooked cancelled canceled rescheduled returned
		came paid started stopped finished completed tried was bruised swelled
		noticed needed needs requested requires called messaged texted emailed
		showed checked arrived left missed did làm`)
	addWords(clsMonth, `jan january feb february mar march apr april may jun june jul july
		aug august sep sept september oct october nov november dec december`)
	addWords(clsBusiness, `us our ours we we're call text book booking schedule visit tag
		website online site web questions inquiries info office clinic spa medspa studio
		suite location locations aesthetics wellness tel ph hours front desk reception
		reserve rsvp my me i i'm login username user admin invite dashboard campaign
		pixel ad ads meta google facebook customer act agency support staff team
		vendor rep directions parking located find open now`)
	addWords(clsPersonal, `cell cellphone mobile home house personal lives resides resident
		callback emergency husband wife daughter son mother mom father dad sister
		brother spouse guardian employer caregiver boyfriend girlfriend fiance`)
	addWords(clsPronoun, `her his their him`)
	addWords(clsContactVerb, `call text email reach contact message dm phone fax send
		mail ship forward deliver enviar mandar envoyer txt msg sms rappeler appeler
		rele llamar ligar`)
	addWords(clsContactNoun, `cell cellphone mobile phone number email e-mail address zip
		zipcode city home ip fax contact instagram ig facebook fb tiktok profile page
		handle records chart labs results file info details location`)
	addWords(clsGenericMod, `new every each all any first returning happy future potential
		prospective ideal target loyal existing past lapsed vip many most more typical
		average sample example dream right perfect best repeat regular frequent valued
		current no per be is are stay remain so very too verified anonymous`)
	addWords(clsGenericNoun, `special specials offer offers discount discounts pricing
		price prices deal deals promo promos promotion promotions review reviews
		experience experiences care satisfaction portal education educational favorite
		favorites favourite testimonial testimonials journey journeys base retention
		acquisition list lists intake app login referral referrals rewards loyalty
		appreciation count volume reactivation communication communications comfort
		safety gallery stories story spotlight success successes outcomes feedback
		survey surveys questions faq resources forms form data information privacy
		confidentiality first centered centric focused approved friendly love lounge
		area room perks membership memberships day event events night party exclusive
		packages package photos results demographics personas persona avatar
		segment segments texts emails messages reminders funnel leads lead
		questionnaire roster welcome kit rooms needs goals trust`)
	// Kinship words said as a title, not a name: "para kay Nanay".
	addWords(clsNotSurname, `nanay tatay inay itay eomeonim abeonim halmeoni`)
	addWords(clsNotSurname, `the and or but our your my their his her its is was has had
		got will can from at in on for with to of today now here there this that these
		those new free book call get save off says said loves love approved certified
		pro plus club vip special offer deal sale week day days month weekend event
		glow beauty med medical medspa spa aesthetics aesthetic skin wellness clinic
		studio lounge bar laser derm dermatology center centre institute house co group
		collective face body club lab labs boutique salon rejuvenation health plastic
		surgery cosmetic we us you they she he it i if so as by be are were
		just only also all more most best top why how what when where who which
		some many few several such each every any both
		welcome meet ask team nurse injector md rn np pa do dds le lme
		monday tuesday wednesday thursday friday saturday sunday
		mon tue tues wed thu thur thurs fri sat sun
		st street ave avenue blvd rd road ln lane dr drive ct court way pl place
		hills park valley lake city beach heights village springs grove ridge
		texas california florida york arizona colorado
		name names first last ever never united states kingdom i've i'm i'd i'll
		serum serums cream creme crème cleanser toner moisturizer lotion balm gel kit`)
	addWords(clsGreeting, `hi hello hey dear hola oi olá bonjour chào querida querido liebe lieber hallo
		feliz cumpleaños felicidades parabéns congrats congratulations bonjou salut
		kumusta namaste aloha ciao bonswa mèsi merci gracias obrigada obrigado grazie danke`)
	// "Nouveau! Le laser Moxi ...": new, as a headline opens.
	addWords(clsNotSurname, `nouveau nouvelle nuevo nueva novo nova`)
	// Afrikaans and Maltese days, which open a line capitalised.
	addWords(clsNotSurname, `maandag dinsdag woensdag donderdag vrydag saterdag sondag
		tnejn tlieta erbgħa erbgha ħamis hamis ġimgħa gimgha sibt ħadd hadd`)
	// "Hoy tenemos citas ...": today, tomorrow and yesterday open a
	// sentence as often in Spanish, Portuguese and French as in English.
	addWords(clsNotSurname, `hoy mañana ayer hoje amanhã ontem aujourd'hui demain`)
	// Capitalised in "Middle Eastern breakfasts", "Southern comfort food".
	addWords(clsNotSurname, `middle eastern western northern southern`)
	// Before and after opening a caption: "Antes y después de lip filler".
	addWords(clsNotSurname, `antes después despues avant après depois`)
	// Polish holidays open with "day": "Dzień Matki", "Dzień Kobiet".
	addWords(clsNotSurname, `dzień dnia święta`)
	addWords(clsStreetSuffix, `st street ave avenue blvd boulevard rd road ln lane dr drive
		ct court way pl place pkwy parkway cir circle ter terr terrace hwy highway trl trail
		sq square loop pike`)
	addWords(clsImplant, `implant implants implanted pacemaker defibrillator icd pump
		cgm dexcom libre omnipod stent iud prosthesis prosthetic stimulator hearing
		aid port insulin monitor`)
	addWords(clsEquipment, `our machine machines handpiece handpieces applicator
		applicators warranty repair repairs service serviced lease leased vendor rep
		ticket shipment shipped order ordered purchase purchased invoice tech
		technician calibration maintenance console unit units platform system
		inventory we reorder reorders restock biomed inspection rotation alarm alarms
		occlusion fridge fridges refrigerator freezer centrifuge autoclave supplies supply
		técnico error falla garantía reparación mantenimiento`)
	addWords(clsPromo, `ends end ending through thru until till valid expires expiring
		starts starting start before by from launches launching deadline runs
		opening opens event sale`)
	addWords(clsIDFiller, `number no num nbr id is was of on file the code ending
		identifier ids numbers account acct de du la le numéro numero número`)
	addWords(clsPlatform, `ad ads meta facebook fb google instagram ig tiktok business
		manager stripe our my agency platform subscription pixel campaign act plan
		gmb yelp hubspot mailchimp klaviyo shopify quickbooks square vagaro
		boulevard zenoti mindbody slack zoom gmail outlook whatsapp wechat kakaotalk
		telegram`)
	addWords(clsStaffRef, `rn np md nurse nursing medical injector esthetician
		aesthetician cosmetology board provider our practitioner dr physician gift
		business establishment facility clinic spa professional state`)

	// Given names. Only names that are rarely ordinary words are listed:
	// May, June, Hope or Grace in ad copy are far more often words.
	addWords(clsFirstName, `mary patricia jennifer linda elizabeth barbara susan jessica
		sarah karen lisa nancy betty sandra margaret ashley kimberly emily donna michelle
		carol amanda melissa deborah stephanie rebecca sharon laura cynthia dorothy amy
		kathleen angela shirley brenda emma anna pamela nicole samantha katherine christine
		helen debra rachel carolyn janet maria catherine heather diane olivia julie joyce
		victoria kelly christina lauren joan evelyn judith andrea hannah megan cheryl
		jacqueline martha madison teresa gloria sara janice ann kathryn abigail sophia
		frances jean alice judy isabella julia beverly denise marie danielle theresa
		natalie brittany diana kayla alexis lori tiffany tammy crystal erin jasmine
		vanessa monica courtney kristen kristin allison alyssa haley taylor morgan
		brooke chelsea whitney paige mackenzie chloe mia ava harper aria camila
		valentina valeria ximena lucia sofia gabriela daniela mariana fernanda
		guadalupe rosa carmen yolanda esperanza alejandra adriana veronica leticia
		claudia elena priya ananya aisha fatima mei ling wei yuki keiko min jin
		hana sakura linh thao ngoc huong kiara imani aaliyah destiny jada tanisha
		latoya ebony keisha shanice tamika jane janelle kristy kristi jenna jenny
		jill gina tina tara tracy stacy stacey amber bianca carla carly cassandra
		courtney dana erica erika felicia hailey holly jocelyn kara kate katie
		kendra kelsey krista leah lindsey lindsay mallory marissa meredith miranda
		molly nina olga renee robin sabrina shannon sierra tessa trisha vivian
		wendy yvonne zoe jordan riley avery addison natasha svetlana irina tatiana
		james john robert michael william david richard joseph thomas charles christopher
		daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian
		george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan
		stephen larry justin scott brandon benjamin samuel gregory alexander frank
		patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
		zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald
		harold sean austin carl arthur lawrence dylan jesse bryan joe billy bruce
		gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph
		eugene russell bobby mason philip louis carlos luis miguel jorge diego
		alejandro javier ricardo raul hector mateo santiago rahul arjun vikram raj
		hiroshi kenji takeshi minh tuan duc jamal darnell tyrone deshawn marcus
		andre malik liam lucas oliver owen caleb hunter connor cole chase blake
		trevor derek travis shane brett todd chad craig troy greg jeff mike chris
		matt dan dave steve tom tony nick rob jon ben sam alex jamie casey drew`)
	// A broader treatment and condition lexicon for med-spa, wellness and
	// weight-loss practice: drugs (generic and brand), devices and
	// procedures, conditions and symptoms, labs.
	addWords(clsTreatment, `onabotulinumtoxina abobotulinumtoxina incobotulinumtoxina
		prabotulinumtoxina daxibotulinumtoxina letibotulinumtoxina juvéderm kysse
		lyft refyne defyne skinvive revanesse versa rha4 bellafill renuvion
		hyaluronic profhilo polynucleotides exosomes pdrn sculptra radiesse
		ultherapy sofwave thermage fraxel clear brilliant halo bbl moxi
		picosure picoway enlighten laser lasers erbium yag nd pico diode
		alexandrite miradry rejuran emface emtone emsella exilis venus legacy velashape
		truSculpt trusculpt sculpsure coolsculpting coolmini coolpeel
		liposuction lipo abdominoplasty tummy tuck facelift necklift blepharoplasty
		browlift brow rhinoplasty otoplasty mastopexy breast augmentation
		reduction bbl gynecomastia buttock labiaplasty vaginal rejuvenation
		thermiva votiva diva morpheus8 vivace potenza secret genius scarlet
		microneedling microblading microchanneling nanoneedling dermaplane
		dermaplaning microdermabrasion hydrafacial diamondglow oxygeneo
		peel peels tca jessner glycolic salicylic mandelic lactic cosmelan
		dermamelan vi perfect derm visage mesotherapy kybella deoxycholic
		sclerotherapy asclera varithena vein veins electrolysis waxing
		threads thread pdo nova lift facial facials touch up touchup
		tox botox dysport xeomin jeuveau daxxify letybo relfydess
		semaglutide ozempic wegovy rybelsus tirzepatide mounjaro zepbound
		liraglutide saxenda victoza phentermine adipex qsymia contrave
		naltrexone bupropion topiramate metformin orlistat lipotropic lipo-b
		mic glutathione nad b12 cyanocobalamin methylcobalamin biotin
		ketamine myers drip drips infusion infusions iv im subq sq injection
		shot shots pellet pellets estradiol estrogen progesterone testosterone
		cypionate enanthate trt hrt bhrt dhea clomiphene enclomiphene anastrozole
		hcg sermorelin ipamorelin peptides peptide bpc thyroid levothyroxine
		armour finasteride dutasteride minoxidil spironolactone tretinoin
		retin tazarotene adapalene differin hydroquinone tranexamic azelaic
		accutane isotretinoin doxycycline minocycline clindamycin metronidazole
		valtrex valacyclovir acyclovir famciclovir prednisone medrol
		methylprednisolone kenalog triamcinolone hyaluronidase hylenex vitrase
		lidocaine benzocaine tetracaine blt emla arnica bromelain tylenol
		ibuprofen antihistamine benadryl zyrtec epipen epinephrine nitroglycerin
		keravive prp prf ezgel exosome hair restoration transplant pdt
		levulan blu-u photodynamic cryotherapy excision biopsy cautery
		extraction extractions dissolve dissolved dissolving reversal
		prescription prescribed refill refills dose doses dosage mg mcg ml
		units unit vial vials syringe syringes cc`)
	addWords(clsCondition, `wrinkles lines crow's melasma chloasma hyperpigmentation
		pih erythema redness flushing telangiectasia spider veins varicose
		sunspots sun spots lentigines freckles keratosis keratoses ak actinic
		seborrheic basal squamous melanoma carcinoma skin cancer cystic acne
		comedones blackheads milia rosacea eczema psoriasis dermatitis
		hives urticaria itching itchy crusting scabs scab peeling blistering
		blister hypopigmentation vitiligo alopecia thinning shedding hair loss
		hirsutism pcos menopause menopausal perimenopause perimenopausal
		andropause low t hypogonadism infertility pregnant pregnancy postpartum
		breastfeeding nursing miscarriage ivf endometriosis fibroids
		obesity obese overweight bmi prediabetes prediabetic diabetes diabetic
		insulin a1c hba1c glucose cholesterol ldl triglycerides tsh t3 t4
		hypothyroid hypothyroidism hyperthyroid hashimoto's graves fsh lh psa
		hematocrit anemia anemic hypertension blood pressure sleep apnea
		gerd ibs gastroparesis pancreatitis gallbladder gallstones kidney
		liver fatty constipation nausea vomiting diarrhea dizziness dizzy
		fainted fainting syncope headache migraine migraines fatigue insomnia
		anxiety depression adhd bipolar ptsd eating disorder anorexia bulimia
		allergic allergy allergies anaphylaxis reaction sensitivity
		bruise bruised bruising bruises swelling swollen puffy puffiness
		lump lumps lumpy bump nodule nodules granuloma biofilm migration
		migrated tyndall occlusion necrosis blanching ptosis droop drooping
		droopy asymmetry asymmetric uneven overfilled numb numbness tingling
		pain painful sore tender infection infected abscess cellulitis
		herpes hsv cold sore sores shingles burn burns burned burnt sunburn
		scar scars scarring keloid keloids atrophic hypertrophic pah
		paradoxical adipose hyperplasia hernia diastasis sagging laxity
		cellulite stretch marks striae lipoma cyst cysts wart warts
		molluscum mole moles lesion lesions bruxism tmj grinding clenching
		hyperhidrosis sweating gummy smile double chin jowls jowling
		cancer chemo chemotherapy radiation lupus autoimmune ra fibromyalgia
		hiv hepatitis hep covid pacemaker stroke seizure epilepsy thinners
		warfarin coumadin eliquis xarelto plavix aspirin blood thinner
		complication complications adverse effect effects flare flareup
		breakout breakouts rash rashes dermatitis irritation`)
	// Conditions, procedures and drugs the lists above missed, by kind
	// rather than by text: chronic illness and its treatment (a client's
	// history is PHI even when the spa does not treat it), surgery and
	// wound words, and the commoner symptom words of the front desk's
	// languages.
	addWords(clsCondition, `lipedema lymphedema rhinophyma telangiectasias hemangioma
		birthmark port-wine xanthelasma keratosis pilaris kp folliculitis
		pseudofolliculitis ingrown impetigo urticarial angioedema edema
		inflammation inflamed tinnitus vertigo vasovagal palpitations
		tachycardia afib arrhythmia hypotension neuropathy cirrhosis renal
		dialysis colitis crohn's celiac arthritis osteoporosis sclerosis
		parkinson's dementia alzheimer's tumor tumour leukemia lymphoma
		mastectomy lumpectomy metastatic oncology miscarriages stillbirth
		preeclampsia hypogonadal std sti hpv chlamydia gonorrhea syphilis
		wound wounds stitches sutures incision injury injured fracture
		clot clots dvt embolism concussion hospitalized hospitalised
		er-visit icu discolored discoloration hyperpigmented hollowing hollows
		dysmorphia dysmorphic self-harm suicidal relapse sobriety rehab
		inflamación inflamado inflamada enrojecimiento picazón ardor dolor
		mareo mareos náuseas vómito quemaduras cicatrização cicatrizacao
		vermelhidão vermelhidao coceira dor dores inchado inchada queimadura
		hematomas rougeur rougeurs gonflement douleur ecchymose ecchymoses
		brûlure allergie cicatrice couperose eczéma bầm sưng đau pamamaga
		pantal`)
	addWords(clsTreatment, `bleph blepharo breastlift mommy makeover graft grafts fue fut
		smp micropigmentation subcision debridement i&d drainage sutured
		lithium sertraline zoloft lexapro prozac ssri adderall xanax gabapentin
		insulin ivermectin soolantra apraclonidine iopidine cephalexin keflex
		augmentin amoxicillin sumatriptan antiviral antivirals inhaler
		microagulhamento micropunción sesión sesiones sessão sessões séance séances
		depilación depilacion preenchimento rinomodelación rinomodelacion bichectomía
		bichectomia lipopapada mesoterapia cialis viagra tadalafil sildenafil trimix
		limpeza hidrafacial roacutan isotretinoína isotretinoin bioestimulador depilação
		piki lazè fasyal semaglutid kortizòn enjeksyon filè 肉毒 玻尿酸 热玛吉 水光针 超声刀`)
	// Haitian Creole, as a Miami desk writes it.
	addWords(clsCondition, `endispoze enfeksyon gratèl anfle`)
	addWords(clsBody, `zòrèy fwon figi bouch vant cheve`)
	addWords(clsCondition, `akne thyroïde tiroyid 高血压 黄褐斑 痘痘 pimple pimples zit zits
		ingrown ingrowns breakout breakouts`)
	addWords(clsTreatment, `threading waxing`)
	addWords(clsBody, `crow frente ceja cejas ojo mejillas barbilla nariz cuello sobrancelha
		sobrancelhas testa queixo bochechas nariz pálpebras labio lábio rosto
		ear ears earlobe eye eyes mouth gums teeth tongue throat
		legs leg ojeras ojos párpado párpados pómulos mentón papada
		buço olheiras pálpebra pescoço visage paupière joues`)
	addWords(clsBody, `forehead glabella glabellar brow brows eyebrow eyebrows eyelid
		eyelids crow's feet temples temple tear trough troughs under-eye
		undereye cheek cheeks cheekbone midface nasolabial marionette lip
		lips chin jawline jaw jowl masseter masseters neck
		platysmal platysma decollete décolleté chest breast breasts nipple
		underarm underarms armpits axilla arm arms bra abdomen abs belly
		stomach flank flanks waist hip hips thigh thighs buttock buttocks
		butt knee knees calf calves shin shins ankle feet toes hand hands
		scalp crown hairline nose nasal earlobe earlobes bikini labia
		shoulders face facial skin pores`)
	addWords(clsClinical, `hx dx rx sx pmh psh bid tid qid prn qhs subq icd icd10 cpt
		hcpcs yo postop preop`)
	// Verbs that tie the person before them to a health event or outcome.
	addWords(clsHealthVerb, `lost dropped shed gained finished wrapped celebrates
		celebrated battled battling tested recovering recovered healed healing
		cleared improved worsened flared wants wanted did went walked
		fainted broke tolerated declined opted qualified`)
	// Public figures named in beauty copy (data/celebrities.txt): a name in
	// this list is never a patient. Only full names, and mononyms that are
	// unambiguous.
	eachEntry(celebrityData, func(n string) {
		if f := strings.Fields(n); len(f) == 1 {
			lexicon[f[0]] |= clsCelebrity
		} else if len(f) > 1 {
			celebrities[strings.Join(f, " ")] = true
		}
	})

	// Makers and distributors: "Sergio from Allergan" is their rep.
	addWords(clsBusiness, `allergan abbvie galderma merz revance evolus cynosure inmode
		candela solta cutera sciton lumenis alma bausch zeltiq sientra mentor
		btl syneron venus crown croma teoxane prollenium suneva`)

	loadNames(givenData, clsFirstName)
	loadNames(worldGivenData, clsFirstName)
	loadNames(surnameData, clsSurname)

	// Staff lists above would otherwise make these look like names.
	// Tagalog's we, they and ours ("May client kami na ...") and Hindi's
	// who, is, did, was ("ek client jo 30s mein thi") too.
	for _, w := range strings.Fields(`will mark bill rob chase hunter bobby drew jack do
		kami tayo sila namin natin nila jo hai kiya hua tha
		an art una uma les del`) {
		lexicon[w] &^= clsFirstName
	}
	// Words of this product's copy that the Census lists as names but that
	// the text nearly always means as words.
	for _, w := range strings.Fields(`botox laser glow spa med skin beauty tox filler
		facial peel derm body face lip lips wellness aesthetics clinic studio
		lounge bar center house lab boutique salon plastic medical cosmetic
		dr nurse rn np pa md le sale special free book call text email
		monday tuesday wednesday thursday friday saturday sunday
		middle eastern western northern southern antes después despues avant après depois`) {
		lexicon[w] &^= nameClasses
	}
	// The days and months of the languages clients are texted in, where
	// the lists know them as names (a German "Montag" is a surname) and
	// none is a given name as common (not "Mai", "Abril", "Domingo").
	for _, w := range strings.Fields(weekdaysAndMonths) {
		lexicon[w] &^= nameClasses
		lexicon[w] |= clsNotSurname
	}
	loadHealth()
	buildPhrases()
	buildKorean()
	buildArabic()
	buildChinese()
	buildJapanese()
	buildRussian()
	loadPlaces()
	loadLabelWords()
}

// weekdaysAndMonths are German, Italian, French, Spanish and Portuguese.
const weekdaysAndMonths = `montag dienstag mittwoch donnerstag freitag samstag sonntag
	januar februar märz oktober dezember
	lunedì martedì mercoledì giovedì venerdì sabato
	gennaio febbraio marzo aprile maggio giugno luglio settembre ottobre dicembre
	lundi mardi mercredi jeudi vendredi samedi dimanche
	janvier février mars avril juin juillet août septembre octobre novembre décembre
	lunes martes miércoles jueves viernes sábado
	enero febrero mayo agosto septiembre octubre noviembre diciembre
	segunda terça quarta quinta sexta
	janeiro fevereiro março maio junho julho setembro outubro novembro dezembro`

//go:embed data/celebrities.txt
var celebrityData string

// celebrities holds the full names of data/celebrities.txt, lower-cased
// and joined by one space.
var celebrities = map[string]bool{}

// lookup returns the classes of a lower-cased word without allocating.
// Plural treatments and conditions ("HydraFacials", "nodules", Spanish
// "faciales", "lesiones") count as their singular; plural people
// ("patients") do not, on purpose.
func lookup(w []byte) class {
	c := lexicon[string(w)]
	if c == 0 && len(w) > 4 && w[len(w)-1] == 's' {
		c = lexicon[string(w[:len(w)-1])] & (clsTreatment | clsCondition)
		if c == 0 && len(w) > 6 && w[len(w)-2] == 'e' {
			c = lexicon[string(w[:len(w)-2])] & (clsTreatment | clsCondition)
		}
	}
	return c
}
