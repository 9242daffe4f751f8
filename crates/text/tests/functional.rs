//! Functional tests of the abuse verdict in the style of HateCheck (Röttger et al. 2021), written
//! by the Sangam team in English, Devanagari Hindi and romanised Hinglish. Each case says whether
//! the Shield should flag the text. The share passed is printed per function and in all, and a
//! floor is asserted; a few named cases must always hold.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_text::Analyzer;

/// (function, text, should be flagged)
const CASES: &[(&str, &str, bool)] = &[
    // Direct insults and slurs.
    ("insult_en", "you are a fucking idiot", true),
    ("insult_en", "shut up you stupid bitch", true),
    ("insult_en", "what a worthless piece of shit you are", true),
    (
        "insult_hinglish",
        "Ghatiya company, pagal log chala rahe hain",
        true,
    ),
    ("insult_hinglish", "bhai tu bahut bada chutiya hai", true),
    ("insult_hinglish", "tum log harami ho saale", true),
    ("insult_hinglish", "kamina insaan hai ye", true),
    ("insult_hinglish", "abe ullu ke patthe chup kar", true),
    ("insult_hinglish", "bewakoof hai kya tu", true),
    ("insult_hinglish", "bevkoof log bhare pade hain yahan", true),
    ("insult_hinglish", "kutte ki tarah bhonk raha hai", true),
    ("insult_hinglish", "gadha hai tu ekdum", true),
    ("insult_hi", "तू एक नंबर का हरामी और कमीना है", true),
    ("insult_hi", "घटिया कंपनी, पागल लोग चला रहे हैं", true),
    ("insult_hi", "बेवकूफ आदमी है ये", true),
    ("insult_hi", "तेरी औकात क्या है कुत्ते", true),
    // Threats.
    ("threat_en", "I will kill you if I see you", true),
    ("threat_en", "you should be shot for this", true),
    ("threat_hinglish", "ghar aake maar dunga tujhe", true),
    ("threat_hinglish", "dekh lena tujhe chhodunga nahi", true),
    ("threat_hinglish", "muh tod denge tera", true),
    ("threat_hi", "तुझे जान से मार डालूंगा", true),
    ("threat_hi", "देख लेना, छोड़ूंगा नहीं", true),
    // Spelling variants: stretched, masked, spaced, digits.
    ("spelling", "chutiyaaaa hai tu", true),
    ("spelling", "tu chu**ya hai", true),
    ("spelling", "kameena kahin ka", true),
    ("spelling", "you are an i d i o t", true),
    ("spelling", "what an id10t", true),
    ("spelling", "harrrrami saala", true),
    // Negation: the insult is denied.
    ("negation_en", "I don't think you are stupid", false),
    (
        "negation_en",
        "she is not an idiot, she is brilliant",
        false,
    ),
    (
        "negation_hinglish",
        "tum pagal nahi ho, bas thake hue ho",
        false,
    ),
    ("negation_hinglish", "woh bewakoof nahi hai", false),
    ("negation_hi", "तुम पागल नहीं हो", false),
    ("negation_hi", "वो बेवकूफ नहीं है", false),
    // Counter-speech and quotation.
    ("counter_speech", "calling people pagal is wrong", false),
    ("counter_speech", "kisi ko pagal bolna galat hai", false),
    ("counter_speech", "किसी को पागल कहना गलत है", false),
    // Abuse at objects, not people (no insult word aimed at a person).
    ("object", "this update broke my phone again", false),
    ("object", "yeh app bahut slow hai", false),
    ("object", "बारिश ने पूरा प्लान खराब कर दिया", false),
    // Profanity that is not abuse of anyone is still profanity; neutral and positive texts.
    (
        "neutral_en",
        "thanks so much, the delivery was quick",
        false,
    ),
    ("neutral_en", "my order arrived today, all good", false),
    ("neutral_en", "can you help me reset my password", false),
    (
        "neutral_hinglish",
        "bhai order kab aayega, bata do please",
        false,
    ),
    (
        "neutral_hinglish",
        "customer care koi reply hi nahi karta",
        false,
    ),
    ("neutral_hinglish", "aaj mausam bahut accha hai", false),
    ("neutral_hinglish", "mera paisa wapas kab milega", false),
    ("neutral_hi", "आज मौसम बहुत अच्छा है", false),
    ("neutral_hi", "मेरा ऑर्डर कब आएगा?", false),
    ("neutral_hi", "धन्यवाद, सेवा बहुत अच्छी थी", false),
    // Words that look like abuse but are not.
    ("lookalike", "the kutta dog food brand", false),
    ("lookalike", "sala ka matlab hai dining hall", false),
    ("lookalike", "scunthorpe united won today", false),
];

#[test]
fn functional_suite_share_passed() {
    let analyzer = Analyzer::shipped();
    let mut by_function: Vec<(&str, usize, usize)> = Vec::new();
    let mut failed = Vec::new();
    for &(function, text, want) in CASES {
        let got = analyzer.analyze(text).abuse.abusive;
        let entry = match by_function.iter_mut().find(|e| e.0 == function) {
            Some(e) => e,
            None => {
                by_function.push((function, 0, 0));
                by_function.last_mut().unwrap()
            }
        };
        entry.2 += 1;
        if got == want {
            entry.1 += 1;
        } else {
            failed.push(format!("{function}: {text:?} flagged={got}, want {want}"));
        }
    }
    for (f, pass, all) in &by_function {
        println!("{f:<20} {pass}/{all}");
    }
    for f in &failed {
        println!("FAILED {f}");
    }
    let passed = CASES.len() - failed.len();
    let share = passed as f64 / CASES.len() as f64;
    println!(
        "functional suite: {passed}/{} passed ({:.1}%)",
        CASES.len(),
        share * 100.0
    );
    assert!(
        share >= 0.85,
        "share passed {share:.3} below the floor 0.85"
    );
}

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
