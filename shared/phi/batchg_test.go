package phi

// Batch G: a third training batch for the name model, written like E and F
// (after D was frozen, without sight of D's texts), in longer and mixed
// shapes: a staff member and a client in one text, the care a sentence or
// two after the name, lists of several clients, emails and letters,
// schedules; and clean texts that name staff, models, personas and public
// figures beside treatments in the same shapes. Every name is made up.
//
// Untouched score, measured once before the model was trained on G (rules,
// and the model trained on the other corpora with E and F):
//
//	batch G, rules alone:         recall 0.340 (17 of 50), false positives 0.000 (0 of 50)
//	batch G, rules and model:     recall 0.800 (40 of 50), false positives 0.060 (3 of 50)
//
// So on fresh text of this kind the model refused 23 of the 33 PHI texts
// the rules passed, and 3 clean texts: an estimate of what it does on text
// it was not fitted to, well short of the target.
//
// After the round that tuned the rules on L, G and M and retrained the
// model with L and M: recall 0.960 (48 of 50), false positives 0.000 (0 of
// 50).

var batchGPositives = []example{
	{KindName, "Morning team! Quick recap: Dr. Shah saw Evangeline yesterday. She's still getting headaches from the Botox, so we're skipping her brow this round."},
	{KindName, "Hey Jess, can you call back Priya? She left a voicemail. Something about the filler in her chin feeling hard."},
	{KindName, "Schedule tmrw: 9:00 Carla (tox f/u), 9:30 Imelda (IPL #2, on doxy so check photosensitivity), 10:00 staff meeting"},
	{KindName, "Subject: your results. Dear Ms. Okoro, thank you for coming in. Your thyroid panel came back normal, so you can start the weight loss program Monday."},
	{KindName, "Nurse Amy treated Valeria today and noticed a rash on her arms. Valeria thinks it's from the new retinol."},
	{KindName, "Rafael and his wife both came in. He's doing TRT, she's doing Botox. He mentioned his BP has been high lately."},
	{KindName, "Can you help me write a text to Ophelia? I want to say we're sorry the peel burned her and that her next facial is on us."},
	{KindName, "Lead from the website: Marguerite, 61, wants to lose weight before knee surgery, already on metformin"},
	{KindName, "FYI Leona canceled. Her dermatologist found a suspicious mole and she's getting it biopsied first."},
	{KindName, "Thread: about Bernadette. She emailed twice. Her lips are uneven after Saturday and she's upset. Please have an injector look at her photos."},
	{KindName, "Sorry to bother you on your day off, but Jacinta had a reaction. Her whole face is swollen after the enzyme peel."},
	{KindName, "Our provider Kim spent an hour with Theresa going over her acne scars and we built her a 6 month plan"},
	{KindName, "Reminder sent to Clementine for Thursday. Note: she's 20 weeks pregnant now, so facials only."},
	{KindName, "Got a sweet card from Ines today! She says her hyperpigmentation is almost gone after the peels. Can we frame it?"},
	{KindName, "The patient from this morning, Giselle, called back. The numbness in her lip hasn't gone away."},
	{KindName, "Can we do a quick IG live with Demetrius? He's agreed to talk about his hair loss treatment with us."},
	{KindName, "Waitlist for Morpheus8: Fern (acne scars), Lorelei (jowls), Sun-hee (wants it before her wedding)."},
	{KindName, "I just talked to Augustina. She's been throwing up since her second Wegovy dose, so Dr. Patel wants her to stop."},
	{KindName, "Dear Dr. Cole, I'm referring my client Helene to you for her persistent rosacea. She has not responded to IPL."},
	{KindName, "Follow-up list: Talia (bruise check), Renata (PRP #3 photos), Odette (wants to discuss lipoma)."},
	{KindName, "Quick q, does anyone know if Philippa can get filler? She had a stroke last year and is on blood thinners."},
	{KindName, "Asha loved her results. She lost 22 lbs and her A1c dropped. She wants to tell her story on our page."},
	{KindName, "Esther's insurance won't cover the Botox for her sweating so she's paying cash, send her a superbill anyway"},
	{KindName, "We had to send Mariela to urgent care. She fainted after the IV and hit her head."},
	{KindName, "Petra came in crying today. The CoolSculpting left a dent on her stomach and she wants her money back."},
	{KindName, "Heads up: Corinne is coming with her daughter, who has eczema and wants to try the hydrafacial."},
	{KindName, "Hi Dolores, Dr. Nguyen reviewed your photos. The redness is normal after the laser and should fade in a week."},
	{KindName, "Nerea escribió: el Botox me dio dolor de cabeza por tres días. ¿Qué le digo?"},
	{KindName, "Please schedule Ottilie with the NP. She's asking about HRT for her hot flashes."},
	{KindName, "Big win today: Marisol finished her last laser hair removal session and has zero ingrowns now!"},
	{KindName, "Can you check Henrietta's file? I think she said she's allergic to lidocaine last time."},
	{KindName, "Posting Ruby's review: 'The nurse was gentle and my melasma is finally fading.' Should I tag her?"},
	{KindName, "The lady who came in at 3, Mrs. Dimitriou, said her hair has been falling out since she started the GLP-1."},
	{KindName, "Josefina is getting her second dose of Sculptra today. Last time she had nodules, so dilute more."},
	{KindName, "Lucinda's surgeon said no Botox for 6 weeks after her facelift"},
	{KindName, "Just saw the message from Tavi. He has a fever and his laser site looks infected."},
	{KindName, "Aria told me at checkout she's been depressed since starting the Accutane. Flag it for Dr. Lee."},
	{KindName, "Write a birthday text for Noor. Mention she's one year cancer-free and that we loved being part of her skin recovery."},
	{KindName, "Ingrid came in for her consult. BMI 34, prediabetic, interested in tirzepatide."},
	{KindName, "Rhea has been a client since 2018. This year she had melanoma removed from her back, so no laser there."},
	{KindName, "Story idea for the blog: Cecilia, a teacher, had severe cystic acne and finally cleared with our program. She agreed to be named."},
	{KindName, "Please void Simone's package. She's moving for chemo treatments and can't finish the laser sessions."},
	{KindName, "Okay so Frida texted a pic and her cheek filler looks lumpy, can someone look before she posts about it"},
	{KindName, "Marta said her eyes feel dry after the Botox and asked for drops"},
	{KindName, "Ask Lenore how her shingles is doing before we reschedule her microneedling"},
	{KindName, "Gwendolyn's wedding is in 3 weeks and her lips are still bruised. Is there anything else we can do?"},
	{KindName, "Teodora wants to come off the semaglutide, she says the fatigue is too much"},
	{KindName, "Inbox: from Bettina - 'my forehead is still frozen 5 months later, is that normal?'"},
	{KindName, "Called Adaeze about her iron infusion; she's feeling much better and wants to book another"},
	{KindName, "Silvia has a heart murmur, so Dr. wants clearance before the IV therapy"},
}

var batchGNegatives = []string{
	"Morning team! Quick recap: Dr. Shah will train everyone on the new Botox dilution protocol at 9.",
	"Hey Jess, can you call back the Allergan rep? Something about our filler order.",
	"Schedule tmrw: 9:00 staff meeting, 10:00 Carla from Galderma (Sculptra training), 12:00 lunch",
	"Subject: our new services. Dear clients, we're excited to offer tirzepatide and Morpheus8 starting Monday.",
	"Nurse Amy will demo the new numbing cream at the open house. She loves how gentle it is.",
	"Rafael and his wife Marina own our sister clinic in Tucson; they're adding Botox and filler in June.",
	"Can you help me write a text to all clients who bought peels last year? Offer 20% off their next facial.",
	"Lead magnet idea: a free PDF on what to expect at your first Botox appointment.",
	"FYI Leona, the laser tech, is out sick today, so IPL appointments are moved to Friday.",
	"Thread: about the new website. The Botox page is uneven on mobile and the photos don't load.",
	"Sorry to bother you on your day off, but the laser is showing an error code again.",
	"Our provider Kim spent the weekend at a filler cadaver course in Dallas.",
	"Reminder: Clementine is covering the front desk Thursday, please brief her on the filler promo.",
	"Got a sweet card from the Juvederm rep today thanking us for 500 syringes this year!",
	"The patient education video with Giselle, our nurse, explains what numbness after filler means.",
	"Can we do a quick IG live with Demetrius, our hair restoration specialist, about PRP?",
	"Launch list for Morpheus8: landing page, email blast, Fern to shoot the reel, Lorelei to update pricing.",
	"I just talked to Augustina from the ad agency; the Wegovy-style ads got rejected by Meta.",
	"Dear Dr. Cole, thank you for speaking at our rosacea awareness event. Our clients loved it.",
	"Follow-up list: order gauze, restock lidocaine, call the CoolSculpting technician.",
	"Quick q, does anyone know if we can run filler ads on TikTok? Their policy seems strict.",
	"Asha, our weight loss coach, lost 22 lbs herself and now leads our Tuesday support group.",
	"Esther from billing says insurance never covers cosmetic Botox; please add that to the FAQ.",
	"We had to send the IV pump back to the manufacturer for repairs.",
	"Petra, our CoolSculpting specialist, will be at the expo answering questions all day.",
	"Heads up: Corinne and her daughter Mia are opening a new skincare boutique next door.",
	"Hi Dolores, thanks for designing the new laser brochure, it looks amazing!",
	"Nerea, nuestra enfermera, hará la demostración de Botox el sábado.",
	"Please schedule Ottilie's HRT training with the pharmacist before she starts seeing clients.",
	"Big win today: we hit 1,000 laser hair removal sessions this year!",
	"Can you check Henrietta's schedule? I think she's booked solid with Botox on Friday.",
	"Posting Ruby's reel about how our nurses reconstitute Botox. Should I tag her?",
	"The lady from the chamber of commerce, Mrs. Dimitriou, invited us to the wellness fair.",
	"Josefina is our Sculptra trainer from Galderma; she'll be here Tuesday.",
	"Lucinda's Bakery next door is hosting our Botox and bubbles night.",
	"Just saw the message from Tavi at the agency. The laser ad is approved.",
	"Aria, our new front desk hire, starts Monday; please show her how we book Accutane consults.",
	"Write a birthday text template for clients: '{first_name}, happy birthday! Enjoy $20 off any facial.'",
	"Ingrid will run the tirzepatide info session on Wednesday night.",
	"Rhea's Reading Room is a cozy spot to wait while your friend gets her HydraFacial.",
	"Story idea for the blog: Cecilia, our founder, explains why she chose medical-grade peels.",
	"Please void the duplicate invoice from the laser vendor.",
	"Okay so Frida Kahlo-inspired brows are trending, can we post a brow lamination reel?",
	"Marta said the new Botox fridge arrived and she set the temperature.",
	"Ask Lenore to post the shingles vaccine reminder in the staff room.",
	"Gwendolyn Street parking is free after 6 for our late-night filler event.",
	"Teodora, our pharmacist, compounds the semaglutide for our weight loss program.",
	"Inbox: from Bettina at Merz - 'the Xeomin shipment will arrive Friday.'",
	"Called Adaeze at the print shop about the IV therapy flyers.",
	"Silvia is our new medical assistant and is CPR certified.",
}
