//! Functional tests of the abuse verdict in the style of HateCheck (Röttger et al. 2021) and
//! Multilingual HateCheck (Röttger et al. 2022), written by the Sangam team in English, Devanagari
//! Hindi and romanised Hinglish (no sentence is taken from either suite or from any data set). Each
//! case says whether the Shield should flag the text. The share passed is printed per functionality
//! and per language, and floors are asserted; a few named cases must always hold.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_text::Analyzer;

/// (functionality, language, text, should be flagged). Languages: "en" English, "hi" Devanagari
/// Hindi, "hinglish" romanised Hindi. Functionalities follow HateCheck (F1-F29) and Multilingual
/// HateCheck; where the Shield differs from a hate-only check it says so (abuse of an individual
/// or of a group that is not protected is still abuse the Shield blurs).
const CASES: &[(&str, &str, &str, bool)] = &[
    // F1 derogation: strong negative emotions about a protected group.
    ("derogation", "en", "I hate women so much", true),
    (
        "derogation",
        "en",
        "I despise Muslims with all my heart",
        true,
    ),
    ("derogation", "en", "gay people disgust me", true),
    ("derogation", "hi", "मुझे मुसलमानों से नफरत है", true),
    ("derogation", "hi", "औरतों से घिन आती है मुझे", true),
    ("derogation", "hi", "दलितों से मुझे सख्त नफ़रत है", true),
    (
        "derogation",
        "hinglish",
        "mujhe musalmano se nafrat hai",
        true,
    ),
    ("derogation", "hinglish", "aurton se ghin aati hai", true),
    (
        "derogation",
        "hinglish",
        "in biharion se nafrat hai mujhe",
        true,
    ),
    // F2 derogation: negative attributes of a protected group.
    (
        "derogation",
        "en",
        "immigrants are all filthy criminals",
        true,
    ),
    ("derogation", "en", "black people are so stupid", true),
    ("derogation", "en", "trans people are disgusting", true),
    ("derogation", "hi", "सारे मुसलमान गंदे और जाहिल होते हैं", true),
    ("derogation", "hi", "औरतें बेवकूफ होती हैं", true),
    (
        "derogation",
        "hinglish",
        "saare muslim gande aur jahil hote hain",
        true,
    ),
    ("derogation", "hinglish", "aurtein bewakoof hoti hain", true),
    ("derogation", "hinglish", "dalit log gande hote hain", true),
    // F3 dehumanisation.
    ("dehumanisation", "en", "immigrants are vermin", true),
    (
        "dehumanisation",
        "en",
        "women are nothing but animals",
        true,
    ),
    (
        "dehumanisation",
        "en",
        "Muslims are a plague on this country",
        true,
    ),
    ("dehumanisation", "hi", "ये मुसलमान कीड़े हैं", true),
    ("dehumanisation", "hi", "औरतें जानवर हैं", true),
    ("dehumanisation", "hi", "दलित कचरा हैं", true),
    ("dehumanisation", "hinglish", "ye muslim keede hain", true),
    ("dehumanisation", "hinglish", "aurtein janwar hain", true),
    ("dehumanisation", "hinglish", "bihari log kachra hain", true),
    // F5 direct threats, F6 threats as normative statements.
    ("threat", "en", "I will kill you if I see you", true),
    (
        "threat",
        "en",
        "I am going to murder every Muslim I meet",
        true,
    ),
    ("threat", "en", "you should be shot for this", true),
    ("threat", "en", "gay people should all be killed", true),
    ("threat", "hi", "तुझे जान से मार डालूंगा", true),
    ("threat", "hi", "देख लेना, छोड़ूंगा नहीं", true),
    ("threat", "hi", "सारे मुसलमानों को मार दो", true),
    ("threat", "hinglish", "ghar aake maar dunga tujhe", true),
    ("threat", "hinglish", "dekh lena tujhe chhodunga nahi", true),
    ("threat", "hinglish", "muh tod denge tera", true),
    ("threat", "hinglish", "in dalito ko maar dalo", true),
    // F7 slurs.
    ("slur", "en", "shut up you fucking faggot", true),
    ("slur", "en", "go back home you paki", true),
    ("slur", "en", "that tranny should not be here", true),
    ("slur", "hi", "ये कटुए देश बर्बाद कर देंगे", true),
    ("slur", "hi", "हिजड़ा कहीं का", true),
    ("slur", "hinglish", "ye katue desh barbad kar denge", true),
    ("slur", "hinglish", "hijde kahin ke", true),
    ("slur", "hinglish", "mulle sab ek jaise hain", true),
    // F8 homonyms of slurs and F9 reclaimed slurs: not abuse.
    (
        "slur_homonym",
        "en",
        "I smoked a fag behind the pub in London",
        false,
    ),
    (
        "slur_homonym",
        "en",
        "the bundle of sticks was tied with a faggot of twine",
        false,
    ),
    (
        "slur_reclaimed",
        "en",
        "as a queer woman I love pride month",
        false,
    ),
    ("slur_reclaimed", "en", "we queers are here to stay", false),
    (
        "slur_homonym",
        "hinglish",
        "chakka maar diya kohli ne, kya shot tha",
        false,
    ),
    ("slur_homonym", "hi", "कोहली ने आखिरी गेंद पर छक्का मारा", false),
    (
        "slur_homonym",
        "hinglish",
        "mulla nasruddin ki kahaniyan bachpan mein padhi thi",
        false,
    ),
    // F10 hate expressed with profanity; F11 profanity that is not abuse.
    ("profanity_abusive", "en", "you are a fucking idiot", true),
    (
        "profanity_abusive",
        "en",
        "what a worthless piece of shit you are",
        true,
    ),
    ("profanity_abusive", "en", "fuck all immigrants", true),
    (
        "profanity_abusive",
        "hi",
        "तू एक नंबर का हरामी और कमीना है",
        true,
    ),
    ("profanity_abusive", "hi", "भोसड़ीके तेरी औकात क्या है", true),
    (
        "profanity_abusive",
        "hinglish",
        "bhai tu bahut bada chutiya hai",
        true,
    ),
    (
        "profanity_abusive",
        "hinglish",
        "tum log harami ho saale",
        true,
    ),
    ("profanity_abusive", "hinglish", "madarchod kahin ka", true),
    (
        "profanity_not_abuse",
        "en",
        "holy shit, that match was amazing",
        false,
    ),
    (
        "profanity_not_abuse",
        "en",
        "this pizza is fucking delicious",
        false,
    ),
    (
        "profanity_not_abuse",
        "en",
        "damn, I forgot my keys again",
        false,
    ),
    (
        "profanity_not_abuse",
        "hinglish",
        "saala kya match tha yaar, maza aa gaya",
        false,
    ),
    (
        "profanity_not_abuse",
        "hi",
        "साला क्या मैच था यार, मज़ा आ गया",
        false,
    ),
    // F12/F13 hate through pronoun reference.
    (
        "pronoun_reference",
        "en",
        "I met some immigrants yesterday. They are vermin",
        true,
    ),
    (
        "pronoun_reference",
        "en",
        "I know lots of gay people and they all disgust me",
        true,
    ),
    (
        "pronoun_reference",
        "hi",
        "मैं कई मुसलमानों से मिला हूं, वे सब गंदे हैं",
        true,
    ),
    ("pronoun_reference", "hi", "ये औरतें हैं न, ये सब जाहिल हैं", true),
    (
        "pronoun_reference",
        "hinglish",
        "kal kuch muslim mile the, woh sab gande hain",
        true,
    ),
    (
        "pronoun_reference",
        "hinglish",
        "ye dalit log hain na, ye sab kachra hain",
        true,
    ),
    // F14 hate through a negated positive statement.
    (
        "negated_positive",
        "en",
        "immigrants are not welcome in this country",
        true,
    ),
    ("negated_positive", "en", "I will never respect women", true),
    ("negated_positive", "hi", "मुसलमान इंसान नहीं हैं", true),
    (
        "negated_positive",
        "hinglish",
        "muslim insaan nahi hain",
        true,
    ),
    (
        "negated_positive",
        "hinglish",
        "aurton ki koi izzat nahi karni chahiye",
        true,
    ),
    // F15 non-hate through a negated hateful statement.
    ("negation", "en", "I don't hate women", false),
    ("negation", "en", "I don't think you are stupid", false),
    (
        "negation",
        "en",
        "she is not an idiot, she is brilliant",
        false,
    ),
    ("negation", "en", "immigrants are not criminals", false),
    ("negation", "hi", "तुम पागल नहीं हो", false),
    ("negation", "hi", "वो बेवकूफ नहीं है", false),
    ("negation", "hi", "मुझे मुसलमानों से कोई नफरत नहीं है", false),
    (
        "negation",
        "hinglish",
        "tum pagal nahi ho, bas thake hue ho",
        false,
    ),
    ("negation", "hinglish", "woh bewakoof nahi hai", false),
    (
        "negation",
        "hinglish",
        "mujhe aurton se koi nafrat nahi hai",
        false,
    ),
    // F16 hate phrased as a question; F17 as an opinion.
    ("phrasing", "en", "why are women so stupid?", true),
    ("phrasing", "en", "I think Muslims are disgusting", true),
    (
        "phrasing",
        "en",
        "isn't it obvious that immigrants are parasites?",
        true,
    ),
    ("phrasing", "hi", "औरतें इतनी बेवकूफ क्यों होती हैं?", true),
    ("phrasing", "hi", "मेरे हिसाब से मुसलमान गंदे होते हैं", true),
    (
        "phrasing",
        "hinglish",
        "aurtein itni bewakoof kyun hoti hain?",
        true,
    ),
    (
        "phrasing",
        "hinglish",
        "mere hisaab se muslim gande hote hain",
        true,
    ),
    ("phrasing", "hinglish", "kya tu pagal hai?", true),
    // F18/F19 neutral and positive statements about a protected group.
    (
        "group_identity",
        "en",
        "Muslims across the city celebrated Eid today",
        false,
    ),
    ("group_identity", "en", "I am a proud gay man", false),
    ("group_identity", "en", "women deserve equal pay", false),
    (
        "group_identity",
        "en",
        "immigrants built this country",
        false,
    ),
    ("group_identity", "hi", "मुसलमानों ने आज ईद मनाई", false),
    ("group_identity", "hi", "औरतें बहुत मेहनती होती हैं", false),
    (
        "group_identity",
        "hi",
        "दलित समाज के लोग आज सम्मेलन में आए",
        false,
    ),
    (
        "group_identity",
        "hinglish",
        "muslim bhaiyon ko eid mubarak",
        false,
    ),
    (
        "group_identity",
        "hinglish",
        "aurtein bahut mehnati hoti hain",
        false,
    ),
    (
        "group_identity",
        "hinglish",
        "mera dost gay hai aur bahut accha insaan hai",
        false,
    ),
    // F20/F21 counter-speech: quoting hate, or referring to it, to denounce it.
    (
        "counter_speech",
        "en",
        "calling people pagal is wrong",
        false,
    ),
    (
        "counter_speech",
        "en",
        "if you say \"women are stupid\" you need to grow up",
        false,
    ),
    (
        "counter_speech",
        "en",
        "saying that immigrants are vermin is disgusting",
        false,
    ),
    (
        "counter_speech",
        "en",
        "stop calling gay people names, it hurts them",
        false,
    ),
    ("counter_speech", "hi", "किसी को पागल कहना गलत है", false),
    (
        "counter_speech",
        "hi",
        "\"औरतें बेवकूफ हैं\" कहना बिल्कुल गलत है",
        false,
    ),
    (
        "counter_speech",
        "hi",
        "मुसलमानों को गद्दार कहना बंद करो",
        false,
    ),
    (
        "counter_speech",
        "hinglish",
        "kisi ko pagal bolna galat hai",
        false,
    ),
    (
        "counter_speech",
        "hinglish",
        "aurton ko bewakoof kehna galat hai",
        false,
    ),
    (
        "counter_speech",
        "hinglish",
        "dalito ko gande bolna band karo",
        false,
    ),
    // F22 abuse aimed at objects, not people.
    ("object", "en", "this update broke my phone again", false),
    ("object", "en", "this app is useless and slow", false),
    ("object", "en", "the weather today is shit", false),
    ("object", "hi", "बारिश ने पूरा प्लान खराब कर दिया", false),
    ("object", "hi", "ये ऐप बहुत घटिया है", false),
    ("object", "hinglish", "yeh app bahut slow hai", false),
    ("object", "hinglish", "ye phone ekdum ghatiya hai", false),
    ("object", "hinglish", "kya bakwas movie thi", false),
    // F23/F24 abuse of an individual or a group that is not protected: the Shield blurs it.
    ("individual_abuse", "en", "shut up you stupid bitch", true),
    (
        "individual_abuse",
        "en",
        "you are a disgusting little worm",
        true,
    ),
    (
        "individual_abuse",
        "hinglish",
        "Ghatiya company, pagal log chala rahe hain",
        true,
    ),
    ("individual_abuse", "hinglish", "kamina insaan hai ye", true),
    (
        "individual_abuse",
        "hinglish",
        "abe ullu ke patthe chup kar",
        true,
    ),
    ("individual_abuse", "hinglish", "bewakoof hai kya tu", true),
    (
        "individual_abuse",
        "hinglish",
        "bevkoof log bhare pade hain yahan",
        true,
    ),
    (
        "individual_abuse",
        "hinglish",
        "kutte ki tarah bhonk raha hai",
        true,
    ),
    ("individual_abuse", "hinglish", "gadha hai tu ekdum", true),
    (
        "individual_abuse",
        "hi",
        "घटिया कंपनी, पागल लोग चला रहे हैं",
        true,
    ),
    ("individual_abuse", "hi", "बेवकूफ आदमी है ये", true),
    ("individual_abuse", "hi", "तेरी औकात क्या है कुत्ते", true),
    // F25-F29 spelling variations: swapped or missing letters, missing spaces, added spaces, leet.
    ("spelling", "en", "you are an i d i o t", true),
    ("spelling", "en", "what an id10t", true),
    ("spelling", "en", "you absolute m0r0n", true),
    ("spelling", "en", "you are a stupdi bitch", true),
    ("spelling", "en", "I hate w0men", true),
    ("spelling", "en", "you dumb f u c k", true),
    ("spelling", "hinglish", "chutiyaaaa hai tu", true),
    ("spelling", "hinglish", "tu chu**ya hai", true),
    ("spelling", "hinglish", "kameena kahin ka", true),
    ("spelling", "hinglish", "harrrrami saala", true),
    ("spelling", "hinglish", "tu ch u t i y a hai", true),
    ("spelling", "hinglish", "bhen ke lode", true),
    ("spelling", "hinglish", "ch00tiya hai tu", true),
    ("spelling", "hi", "तू हरामि है", true),
    ("spelling", "hi", "कमिना कहीं का", true),
    ("spelling", "hi", "तू चू ति या है", true),
    ("spelling", "en", "I hate wmoen", true),
    ("spelling", "en", "immigrants are disgustng", true),
    ("spelling", "en", "you are so stpuid", true),
    ("spelling", "hinglish", "tu chutya hai", true),
    ("spelling", "hinglish", "harmi kahin ka", true),
    ("spelling", "hinglish", "bilkul chuitya hai tu", true),
    ("threat", "hinglish", "gardan kaat ke rakh dunga", true),
    ("threat", "hi", "तेरी गर्दन काट दूंगा", true),
    // Customers' plain questions and thanks: never blurred.
    (
        "customer",
        "en",
        "What are your customer care hours?",
        false,
    ),
    ("customer", "en", "can you help me reset my password", false),
    (
        "customer",
        "en",
        "thanks so much, the delivery was quick",
        false,
    ),
    ("customer", "en", "my order arrived today, all good", false),
    ("customer", "en", "why is my refund taking so long?", false),
    (
        "customer",
        "hinglish",
        "bhai order kab aayega, bata do please",
        false,
    ),
    (
        "customer",
        "hinglish",
        "customer care koi reply hi nahi karta",
        false,
    ),
    ("customer", "hinglish", "mera paisa wapas kab milega", false),
    (
        "customer",
        "hinglish",
        "aapka customer care kitne baje tak khula rehta hai?",
        false,
    ),
    ("customer", "hinglish", "aaj mausam bahut accha hai", false),
    ("customer", "hi", "आज मौसम बहुत अच्छा है", false),
    ("customer", "hi", "मेरा ऑर्डर कब आएगा?", false),
    ("customer", "hi", "धन्यवाद, सेवा बहुत अच्छी थी", false),
    ("customer", "hi", "कस्टमर केयर कितने बजे तक खुला रहता है?", false),
    // Words that look like abuse but are not.
    ("lookalike", "en", "scunthorpe united won today", false),
    (
        "lookalike",
        "en",
        "the class assessment is on Monday",
        false,
    ),
    ("lookalike", "hinglish", "the kutta dog food brand", false),
    (
        "lookalike",
        "hinglish",
        "sala ka matlab hai dining hall",
        false,
    ),
];

/// Passed and all, per key, in the order the keys first appear.
fn tally<'a>(rows: impl Iterator<Item = (&'a str, bool)>) -> Vec<(&'a str, usize, usize)> {
    let mut out: Vec<(&str, usize, usize)> = Vec::new();
    for (key, ok) in rows {
        let i = match out.iter().position(|e| e.0 == key) {
            Some(i) => i,
            None => {
                out.push((key, 0, 0));
                out.len() - 1
            }
        };
        out[i].2 += 1;
        out[i].1 += usize::from(ok);
    }
    out
}

#[test]
fn functional_suite_share_passed() {
    let analyzer = Analyzer::shipped();
    let results: Vec<bool> = CASES
        .iter()
        .map(|&(_, _, text, want)| analyzer.analyze(text).abuse.abusive == want)
        .collect();
    let rows = || CASES.iter().zip(&results);
    println!("per functionality:");
    for (f, pass, all) in tally(rows().map(|(c, ok)| (c.0, *ok))) {
        println!(
            "  {f:<20} {pass:>3}/{all:<3} {:>5.1}%",
            100.0 * pass as f64 / all as f64
        );
    }
    println!("per language:");
    let by_language = tally(rows().map(|(c, ok)| (c.1, *ok)));
    for (l, pass, all) in &by_language {
        println!(
            "  {l:<20} {pass:>3}/{all:<3} {:>5.1}%",
            100.0 * *pass as f64 / *all as f64
        );
    }
    for (c, _) in rows().filter(|(_, ok)| !**ok) {
        let a = analyzer.analyze(c.2).abuse;
        println!(
            "FAILED {} [{}]: \"{}\" want flagged={} (score {:.3})",
            c.0, c.1, c.2, c.3, a.score
        );
    }
    let passed = results.iter().filter(|ok| **ok).count();
    let share = passed as f64 / CASES.len() as f64;
    println!(
        "functional suite: {passed}/{} passed ({:.1}%)",
        CASES.len(),
        share * 100.0
    );
    assert!(
        share >= FLOOR,
        "share passed {share:.3} below the floor {FLOOR}"
    );
    for (l, pass, all) in by_language {
        let s = pass as f64 / all as f64;
        assert!(
            s >= LANGUAGE_FLOOR,
            "{l}: share passed {s:.3} below {LANGUAGE_FLOOR}"
        );
    }
}

/// The share of all cases that must pass.
const FLOOR: f64 = 0.9;
/// The share of each language's cases that must pass.
const LANGUAGE_FLOOR: f64 = 0.85;

#[test]
fn the_issue_example_is_flagged() {
    let a = Analyzer::shipped();
    assert!(
        a.analyze("Ghatiya company, pagal log chala rahe hain")
            .abuse
            .abusive
    );
}

#[test]
fn negated_hinglish_insults_are_not_flagged() {
    let a = Analyzer::shipped();
    assert!(a.analyze("Ghatiya company, pagal log").abuse.abusive);
    assert!(!a.analyze("tum pagal nahi ho").abuse.abusive);
}

#[test]
fn plain_customer_questions_are_not_flagged() {
    let a = Analyzer::shipped();
    for q in [
        "What are your customer care hours?",
        "aapka customer care kitne baje tak khula rehta hai?",
        "कस्टमर केयर कितने बजे तक खुला रहता है?",
    ] {
        assert!(!a.analyze(q).abuse.abusive, "{q}");
    }
}
