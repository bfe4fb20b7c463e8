package phi

// Batch N: a tuning batch since the round that added the text model, which
// learns from it (the name model does not: refitted with N it lost recall
// elsewhere). After that round: recall 0.978 (90 of 92), false positives
// 0.011 (1 of 95); left out, the text and name models fitted without it
// scored its texts about a person 0.918 at 0.032 (0.863 at 0.042 without
// the text model). Until then it was held out: written with batch M,
// before the
// round that tuned on L, G and M, without looking at the guard's output on
// them, to the same brief (reminders, refund notes, review replies,
// testimonials, story ideas, chart pastes, DMs, team chat, intake and
// voicemail notes, several languages, typos, lower case, emoji; clean text
// with staff, founders, celebrities, models, generic 'you' copy,
// testimonials with initials or without a treatment, places that are also
// names). Every name, number and code is made up (555 phone numbers,
// example.* emails, documentation IP ranges).
//
// Untouched score, measured once on the guard as it was before the round:
//
//	batch N (held out): recall 0.870 (80 of 92), false positives 0.032 (3 of 95)
//
// Measured once after the round that tuned the rules and retrained the
// name model on every other corpus (L, G and M among them), looking only
// at this line:
//
//	batch N (held out): recall 0.870 (80 of 92), false positives 0.053 (5 of 95)
//
// The round left N's recall where it was and refused two more of its
// marketing texts: short of the target (recall 0.95, false positives
// 0.03) on the one batch nobody tuned on. (Its summed line was seen once
// in the middle of the round, after the SSA names were added and before
// the model was retrained: recall 0.891, false positives 0.053; its
// misses were never listed.)

var batchNPositives = []example{
	// Reminders.
	{KindName, "Just confirming Anneka for 11:20 tomorrow — 2nd lipo-b shot + weigh in 💉"},
	{KindName, "hi rosalyn!! ur laser on the bikini line is thurs at 5, pls shave wed nite & no tanning 🙏"},
	{KindName, "Reminder sent to Pascal Dumont: hold the minoxidil 24h before his scalp micropigmentation"},
	{KindName, "Tomorrow's 8am is Hyacinth Obi, dissolving the filler that went lumpy in her nasolabial folds"},
	{KindName, "Buenas tardes Marisela, le recordamos su control de peso del programa de tirzepatida el lunes a las 9."},
	{KindPhone, "Confirm w/ Evadne at 503-555-0127 — her scar subcision got pushed to the 19th"},
	// Refunds and billing.
	{KindName, "Refund the Coolsculpting deposit for Barnabas Pike, his doctor found a hernia at the consult and said no"},
	{KindName, "Voiding Magdalena's membership, she can't do facials anymore during radiation"},
	{KindName, "Pls comp Osei one HydraFacial — the tech nicked his cheek during extractions and it scarred a little"},
	{KindName, "Dispute from Lavinia Crowe: says the laser gave her hyperpigmentation and wants all $1,800 back"},
	{KindAccount, "credit acct 5521093376 with $250, the client whose filler got infected asked for the fee waived"},
	// Review replies.
	{KindName, "Respond to Juniper on Google: so sorry your brows healed patchy, we'd love to do your touch-up free of charge 🤍"},
	{KindName, "reply to FB comment: Thanks Reginald!! Your jawline looks 🔥 after the Kybella, so glad you're happy"},
	{KindName, "Review response needed — Sloane says her eye twitched for 3 weeks after Dysport and nobody called her back"},
	// Testimonials and features.
	{KindName, "Website quote: 'I stopped hiding my arms after the laser took my KP down' — Bryony Castell"},
	{KindName, "Feature idea: Augustin, a firefighter, removing his sleeve tattoo after 11 sessions — he's in"},
	{KindName, "Newsletter: Celebrating Mabel, who's 8 months into hormone therapy and finally sleeping through the night"},
	{KindName, "podcast guest idea: ask Dorothea to tell the story of her alopecia and the PRP"},
	{KindName, "IG post: 'After years of adult acne, Ikenna is finally clear 🙌 swipe for his 6-month progress'"},
	{KindName, "the testimonial from Wren Halloway about her lip flip is approved, put it on the homepage"},
	{KindName, "Gratitude post for Temperance: 3 years, 90 lbs lighter, off her blood pressure pills 💛"},
	// Chart notes.
	{KindName, "Copied from chart: Lindqvist, Britta 44F. Telangiectasia nose/cheeks. Vbeam 7mm, 8 J. Post purpura expected."},
	{KindName, "Okwuosa, Chinedu — 51M — androgenic alopecia — PRP #3 today, plan 4th in 6 wks"},
	{KindName, "Reinhold Ames 63 yo, hx afib on eliquis, ok'd for tox only, no filler per Dr. Sandoval"},
	{KindName, "A: L72.0 epidermoid cyst, R jaw. P: I&D, 10410. — Tomasina Vega"},
	{KindName, "tx: Priyanka Sethi, 20u Botox masseters for TMJ clenching, next due Feb"},
	{KindName, "Note: Gideon's BMI dropped from 41 to 33 on the sema, Dr. Sandoval wants to lower his dose"},
	{KindName, "progress note - Calliope Barros - rosacea improving on ivermectin cream, IPL #2 scheduled"},
	{KindName, "S/P blepharoplasty (outside surgeon), Ines Carvalho wants tox for crow's feet, waiting 3 mo per surgeon"},
	// Team chat.
	{KindName, "guys Florentyna's eyebrow is literally up to her hairline after the tox, can someone fix it before she goes on a date 😭"},
	{KindName, "who has Thelonious today? he needs his testosterone injection and his levels were low last time"},
	{KindName, "Reminder: Octavia can't have the IV, she's on dialysis — Dr. S said absolutely not"},
	{KindName, "omg Leocadia's before and after from the Morpheus8 is insane, her acne scars are GONE"},
	{KindName, "heads up, Sigourney's teenage daughter is coming in for her acne, mom will be there to sign"},
	{KindName, "can u pull up Bartholomew Kwan's notes? he says we used Juvederm last time and he wants the same in his cheeks"},
	{KindName, "FYI the 2:30 (Delphina) has a needle phobia, prep the numbing + stress ball for her lip filler"},
	{KindName, "pls update Agatha's file: allergic to lidocaine, she broke out in hives last time"},
	{KindName, "Giacomo is asking if his Adderall will interfere with the phentermine, can the NP call him"},
	{KindName, "Saw Ambrose at the gym lol, he's down like 40 lbs since he started the tirzepatide here"},
	// DMs to the person.
	{KindName, "DM: Hey Liesel! The redness after your microneedling should calm down in 48 hrs, use the calming balm we gave you 🫶"},
	{KindName, "Hi Cosmo, your scalp looks great in the photo you sent — the PRP crusting is normal, don't pick it"},
	{KindName, "text to Philippa: so sorry about the nausea on the 1.7 dose, let's drop you back to 1.0 this week"},
	{KindName, "Caro Ines, la inflamación del párpado después del botox es rara, ¿puedes venir mañana para revisarte?"},
	{KindName, "Seraphine, glad the bruise on your lip is fading! Arnica twice a day and you're all set for the wedding 💍"},
	// Photos, consents, files.
	{KindName, "consent for Ottoline's vaginal rejuvenation is in the wrong chart, move it before the audit"},
	{KindName, "before_Rasmussen_Kirsten_tummy_coolsculpt.jpg — don't post this, she hasn't signed"},
	{KindName, "we have Leander's abdomen photos from the Emsculpt but he only agreed to show his face in the reel"},
	{KindURL, "link to her gallery: https://share.example.com/galleries/patient-ondine-falk/bleph-after"},
	{KindName, "who took Cordula's post-op photos of the breast lift on the clinic iPad? they need to go into her chart"},
	// Contact details.
	{KindEmail, "Send the tirzepatide injection guide to marcus.obeng@example.org, he starts Thursday"},
	{KindPhone, "voicemail 347-555-0149 — Ysolde — her lips are numb and white after the filler this morning, call NOW"},
	{KindAddress, "Return address for the compression garment: Dorian Feld, 15 Beacon Terrace, Portland ME 04101, post lipo"},
	{KindEmail, "lead: priya.n.1987@example.com says she has hashimotos and wants to do the weight loss program"},
	{KindPhone, "Evening text from 929-555-0173 (Mrs. Abernathy): 'my face is swollen after the peel, is this normal?'"},
	// Identifiers.
	{KindDateOfBirth, "Reg form: Celestino Ruiz, birthdate 03-09-1972, here for IV therapy and a hangover drip"},
	{KindMRN, "MRN: 3301874 has the vascular occlusion note, don't copy it into the marketing tracker"},
	{KindHealthPlan, "Her member number AET772019345 is on the FSA receipt for the laser, blur it"},
	{KindSSN, "for the financing app the lady doing lipo gave her SSN 512-44-7788, don't email it"},
	{KindDate, "Wendeline had Botox on 09/28/2025 and wants to know if she can do more before Thanksgiving"},
	{KindAge, "Client Theodosia Markham, 97, wants a gentle peel for her age spots before her great-granddaughter's wedding"},
	{KindPatientID, "Pt ID 00-77413 (Mr. Ferro) complained of dizziness after his IV, documented"},
	{KindLicense, "Scanned DL# F44-219-6601 for Willa Bexley before dispensing her phentermine"},
	{KindDevice, "pacemaker serial PMK-22019-XB for the client booked Friday, no RF or Emsculpt"},
	{KindIP, "The portal upload of the rash photos came from 203.0.113.208 — client Eulalia Brandt"},
	{KindCard, "put the rest of her thread lift on the Mastercard 5555 5555 5555 4444, she okayed by phone"},
	{KindBiometric, "Fingerprint scan for Hartley Voss was saved with his controlled-substance log for phentermine"},
	// Possessives and outcomes without labels.
	{KindName, "Rosalie's eczema flares every time she uses the vitamin C serum, switch her to the azelaic"},
	{KindName, "Gus finally came off insulin after losing 70 lbs, his endo is thrilled"},
	{KindName, "Ezra Montclair's tattoo removal left a raised scar on his wrist, he's asking about kenalog"},
	{KindName, "Juniper Solis has had three miscarriages and is nervous about any injectables, be gentle"},
	{KindName, "Cressida got her period back after losing the weight, she told us at the weigh-in!"},
	{KindName, "Lorcan's psoriasis is clearing with the excimer, his elbows look so much better"},
	// Spanish, Portuguese, French, Vietnamese, Tagalog.
	{KindName, "Señor Arellano tiene presión alta, no le pongan la vitamina B12 con lidocaína hasta que hable con la doctora"},
	{KindName, "Doña Catalina quiere un descuento porque el láser no le quitó las manchas de la cara"},
	{KindName, "A Dona Zuleide perdeu 12 kg com a semaglutida e quer dar um depoimento em vídeo"},
	{KindName, "Madame Roussel a eu une ecchymose après le Botox, elle demande un rendez-vous avec le médecin"},
	{KindName, "Anh Khoa bị dị ứng sau khi tiêm vitamin, cần bác sĩ gọi lại cho anh ấy hôm nay"},
	{KindName, "Tita Luz, kumusta po ang pamamaga pagkatapos ng thread lift? Pakisend po ng picture"},
	// Later-clause and longer shapes.
	{KindName, "Talked to Oswin. He's fine overall, but the numbness in his chin from the filler hasn't gone away after a month."},
	{KindName, "Ms. Pemberton called. Something about her daughter's wedding and whether the CO2 redness will be gone in 10 days."},
	{KindName, "Rundown of the call with Nerissa: she had a rash after every IV, turns out she's allergic to the B-complex"},
	{KindName, "The guy from this morning, Laszlo Benedek, was asking about finasteride side effects for his hair loss"},
	{KindName, "gave Ysabel samples of the tranexamic serum for her melasma, she'll tell us how it goes"},
	{KindName, "Eloise's mom called, eloise is 17 and wants lip filler for prom, we said no until 18"},
	{KindName, "Story pitch: 'How Thaddeus Morrow went from hiding his rosacea to fronting our men's skincare campaign'"},
	{KindName, "florian said the pain in his stomach from the shots is better since he moved them to his thigh"},
	{KindName, "Mrs. Oduya is blind in one eye, guide her to the treatment chair and read her the laser consent aloud"},
	{KindName, "remind me to ask Yvaine whether the lump in her breast the doctor found changes the body contouring plan"},
	{KindName, "Aldous came in wanting more filler but he's got a dental abscess, told him to see his dentist first"},
	{KindName, "Quick q: Hermione is on Wegovy from another clinic, can she still do our tirzepatide trial? she says her insurer stopped paying"},
	{KindName, "note to the team: Persephone's chemical peel gave her a cold sore outbreak, get valtrex ready next time"},
	{KindName, "Fairfax Ndiaye would love to share his gynecomastia journey on TikTok, he signed the release yesterday"},
}

var batchNNegatives = []string{
	// Staff, founders, providers.
	"Anneka, our head nurse, will teach the GLP-1 injection class Saturday at 10.",
	"Dr. Pascal Dumont joins us from Montreal, where he ran a busy PRP hair restoration practice.",
	"Our founder, Dorothea Lin, built the spa around one idea: results you can see without looking done.",
	"Welcome back Reginald! He's returning as our weekend laser tech after paternity leave 👶",
	"Book a Sculptra consult with Hyacinth — she's been injecting for nine years.",
	"Bryony (esthetician) is now certified in dermaplaning and VI Peels!",
	"team: Thelonious is running the Emsculpt room today, Octavia has the HydraFacials",
	"Congrats to Giacomo on becoming a certified laser safety officer 🎓",
	"Dr. Sandoval will be out Monday; tox appointments move to our NP, Liesel Warren.",
	"Temperance Ward, FNP-C, leads our medical weight loss clinic and reviews every lab panel.",
	"Augustin from IT is updating the booking software tonight, expect downtime 10-11pm.",
	"Calliope, can you send me the Kybella brochure files for the printer?",
	"Staff bio: Ikenna Obi, RN — 'I love seeing people leave happier than they came in.'",
	// Celebrities.
	"Bella Hadid admitted to a nose job at 14 — we do the non-surgical version with filler.",
	"Selena Gomez has been open about lupus; we're donating 5% of October sales to the Lupus Foundation.",
	"Salma Hayek swears by her facialist. We think you'll love ours.",
	"Ozempic is all over Hollywood. Here's what it actually does, from our medical director.",
	"Post idea: react to Ariana Grande's new brows with our microblading artist",
	// Generic you copy.
	"Is your neck aging faster than your face? Ask about platysma Botox.",
	"You don't have to live with stubborn belly fat. CoolSculpting, 2 areas for $1,400.",
	"Feeling sluggish? Our Energy IV drip is $129 this week.",
	"If you're on blood thinners, tell your injector before any filler treatment.",
	"Your first Botox appointment, explained: what to expect, how long it lasts, what it costs.",
	"Got acne scars? Microneedling with PRP can soften them over 3-4 sessions.",
	"you asked, we listened: laser hair removal now available at our Tampa location 🎉",
	"Thinking about Wegovy? Book a 15-minute call with our NP to see if you qualify.",
	// Testimonials that are marketing.
	"'So welcoming, I felt at home from the first visit' — Shauna",
	"\"10/10 would recommend to all my friends\" — J.T.",
	"Client love: 'The nicest staff in Denver, hands down.' — Google review",
	"Testimonial (initials only per policy): 'I look like me, just rested.' — A.M.",
	"Review carousel: 'Booking online was so easy!' - Priya",
	"'The results are natural and nobody can tell' — verified client, name withheld",
	"Thank you Juniper for the glowing review of our new Tampa studio!",
	// Review replies.
	"Reply: We're so sorry about the billing mix-up! Our office manager will reach out today.",
	"Review reply: Thanks for stopping by our open house! See you soon ✨",
	"Google reply: we hear you on the wait times and we're adding evening appointments in May.",
	// Places that are also names.
	"Now booking in Jackson, Mississippi and Florence, SC! Same-day Botox available.",
	"Our Victoria clinic is offering free skin analyses all week.",
	"Hudson and Lincoln studios are closed for training Monday.",
	"Laser hair removal specials at our Austin, Dallas and Tyler locations.",
	"The Georgetown studio now offers IV drips and B12 shots on Saturdays.",
	"Sterling Heights clients: your new clinic is at 4300 Van Dyke Ave, Suite B.",
	"Meet us at the Aurora wellness fair on the 12th, we'll do free skin scans.",
	// Models and personas.
	"Model needed: male, 35-50, for a Dysport demo during the injector training (free treatment).",
	"Ad persona: 'Maya, 42, marathon runner, wants to firm up after weight loss.'",
	"Our brand ambassador @luxe.lena will film her HydraFacial for our stories (paid partnership).",
	"Stock photo brief: a man in his 50s touching his jawline, smiling, neutral background.",
	// Campaign and ads.
	"Meta ad: 'Brows that last 2 years. Microblading with Dorothea. Book now.'",
	"Campaign idea: 'New Year, New Glow' — 3 facials for $299, Jan 2-31.",
	"Creative note: no before/afters of real clients in paid ads without a signed release and a de-identified crop.",
	"Keywords to exclude: cheap botox, free filler, diy lip injections",
	"A/B subject lines: 'Tox o'clock 🕔' vs 'Time for a refresh?'",
	"Landing page hero: 'Medical weight loss that fits your life.'",
	"Email drip step 3: explain how semaglutide works and the common side effects.",
	"TikTok trend: 'things I wish I knew before my first lip filler' (told by our injector, not a client)",
	"Carousel: 5 signs your skin needs a chemical peel (dullness, texture, dark spots...)",
	"Post: laser hair removal works best on dark hair and light skin, but our Nd:YAG treats all skin types.",
	"Quiz funnel: 'Which facial is right for you?' ends with a booking link.",
	"Disclaimer for the GLP-1 page: 'Prescription medication. Not for everyone. Results vary.'",
	// Operations and support.
	"Support: the Square integration double-charged our deposits on Saturday, please refund the duplicates.",
	"Please add 'Sofwave' to the service menu, 60 min, $2,500.",
	"New price list: lip flip $150, full syringe $650, half syringe $400.",
	"Reorder: 10 boxes of Dysport, 30 Restylane Lyft, 5 Kybella, numbing cream.",
	"Call 702-555-0100 or text (702) 555-0101 to book your consult at our Henderson clinic.",
	"Email bookings@lumenaesthetics.example.com for group bookings and bridal parties.",
	"Our new address is 2100 Pearl Street, Suite 300, Boulder CO 80302.",
	"Hours update: open till 8pm Tuesdays and Thursdays for after-work Botox.",
	"Sale ends 5/31! Don't miss 20% off all laser packages.",
	"Staff meeting Wed 8:15am: new consent forms, Emsculpt upsell script, holiday rota.",
	"Reminder: never put client names or health info in the group chat, use the EMR.",
	"Our average review score is 4.8 from 640 reviews across Google and Yelp.",
	"We saw 1,200 weight loss consults last year and our no-show rate dropped to 4%.",
	"The Emsculpt machine is being serviced on the 3rd, reschedule that day's sessions.",
	// Spanish, Portuguese, French, Vietnamese, Tagalog.
	"¡Oferta! Relleno de labios desde $450 este mes. Llámanos al 713-555-0100.",
	"Nuestra doctora Catalina Méndez es experta en armonización facial.",
	"Promoção: três sessões de drenagem linfática por R$ 350.",
	"Nouvelle adresse : 14 boulevard Victor Hugo, Nice. Laser et injections sur rendez-vous.",
	"Ưu đãi tháng 5: giảm 25% liệu trình trị nám bằng laser.",
	"Bagong serbisyo: IV drip para sa glowing skin, ₱2,500 lang!",
	// Hard mixes.
	"Sloane, our patient coordinator, answers every weight loss inquiry within an hour.",
	"Cressida and Lorcan will staff the booth at the Bridal Expo, bring the lip filler price sheet.",
	"Our injector Wren Halloway trained under Dr. Sandoval and loves subtle lips.",
	"Shout out to Gus for fixing the laser room AC before the 9am appointments!",
	"Dr. Ezra Montclair talks tattoo removal myths on our podcast this week.",
	"Florentyna created our new aftercare cards for microneedling and peels — they're gorgeous.",
	"Magdalena will be covering the front desk while Osei is on vacation.",
	"Our team donated 40 hours of free scar camouflage tattooing to burn survivors this year.",
	"Breast cancer survivors get free areola tattooing every October — book with our artist Sigourney.",
	"Sculptra isn't a filler, it's a collagen stimulator. Results build over 3 months.",
	"Botox won't fix everything: deep static lines may need filler or resurfacing.",
	"Kids under 18 need a parent present for any acne facial.",
	"Mother-daughter facial package, $220 — book together this May 🌷",
	"Pregnant? We offer pregnancy-safe facials with no retinoids or salicylic acid.",
	"Thanks for the cupcakes, Delphina!! The front desk is on a sugar high 🧁",
	"Big thanks to Hermione and the Tampa team for a record month of laser bookings!",
}
