//! Functional tests of the sentiment reading, written by the Sangam team in English, Devanagari Hindi and romanised
//! Hinglish, on what a brand's inbox says: clause-final negation ("nahi", "mat", "नहीं"), the tag question "na" that
//! is not one, contrast ("but", "lekin", "par", "magar", "लेकिन"; the clause after weighs more), emoji and drawn-out
//! words ("sooooo good", "!!!"). The share passed is printed per function and in all, and a floor is asserted; the
//! named cases of the issue must always hold.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use SentimentLabel::{Negative, Neutral, Positive};
use sangam_text::{Analyzer, SentimentLabel};

/// (function, text, expected label)
const CASES: &[(&str, &str, SentimentLabel)] = &[
    // Something expected did not happen: no feeling named, still a complaint.
    (
        "unmet_hinglish",
        "Customer care koi reply hi nahi karta",
        Negative,
    ),
    (
        "unmet_hinglish",
        "mera paisa abhi tak wapas nahi mila",
        Negative,
    ),
    ("unmet_hinglish", "order aaj tak nahi aaya", Negative),
    ("unmet_hi", "तीन दिन से कोई जवाब नहीं आया", Negative),
    // Clause-final negation of a sentiment word.
    ("negation_hinglish", "yeh phone accha nahi hai", Negative),
    (
        "negation_hinglish",
        "acchi service bilkul bhi nahi hai",
        Negative,
    ),
    ("negation_hinglish", "pasand nahi aaya", Negative),
    (
        "negation_hinglish",
        "koi problem nahi, sab theek hai",
        Positive,
    ),
    ("negation_hinglish", "bura nahi tha khana", Positive),
    ("negation_hi", "खाना अच्छा नहीं था", Negative),
    ("negation_hi", "सेवा बिल्कुल भी अच्छी नहीं है", Negative),
    // "mat" (don't): it negates in its clause only.
    ("negation_mat", "mat kharidna, bekaar hai", Negative),
    ("negation_mat", "yeh ghatiya phone mat lena", Negative),
    ("negation_mat", "मत खरीदना, बेकार है", Negative),
    // "na" closing a clause asks for agreement; it does not negate.
    ("tag_na", "service accha hai na", Positive),
    ("tag_na", "accha hai na?", Positive),
    ("tag_na", "बहुत अच्छा है ना", Positive),
    // Contrast: the clause after the turn weighs more.
    (
        "contrast_hinglish",
        "product accha hai lekin delivery bekaar",
        Negative,
    ),
    (
        "contrast_hinglish",
        "khana accha tha par delivery bahut late thi",
        Negative,
    ),
    (
        "contrast_hinglish",
        "thoda late tha magar khana zabardast",
        Positive,
    ),
    (
        "contrast_hinglish",
        "price zyada hai but quality badhiya",
        Positive,
    ),
    (
        "contrast_hi",
        "खाना अच्छा था लेकिन डिलीवरी बहुत घटिया",
        Negative,
    ),
    ("contrast_hi", "देर हुई पर खाना शानदार था", Positive),
    (
        "contrast_en",
        "The food was good, but the service was awful",
        Negative,
    ),
    // "par" as "on" is no contrast.
    ("par_on", "Twitter par sab accha bol rahe hain", Positive),
    ("par_on", "ghar par delivery ekdum badhiya thi", Positive),
    // Emoji.
    ("emoji", "delivery 👎", Negative),
    ("emoji", "new menu 🔥🔥", Positive),
    ("emoji", "waiting since morning 😡", Negative),
    ("emoji", "thank you so much ❤️", Positive),
    ("emoji", "again the same reply 🙄", Negative),
    // Drawn-out words and exclamation.
    ("elongation", "sooooo good", Positive),
    ("elongation", "goooood service yaar", Positive),
    ("elongation", "worrrrst experience ever", Negative),
    ("elongation", "loved it!!!", Positive),
    // Plain questions and facts.
    ("neutral", "the delivery is at noon", Neutral),
    ("neutral", "store kab khulta hai?", Neutral),
    ("neutral", "मेरा ऑर्डर कब आएगा?", Neutral),
];

/// The least share of cases that must pass.
const FLOOR: f64 = 0.9;

#[test]
fn sentiment_functional_suite() {
    let analyzer = Analyzer::shipped();
    let mut by_function: Vec<(&str, usize, usize)> = Vec::new();
    let mut failed = Vec::new();
    for &(function, text, want) in CASES {
        let got = analyzer.analyze(text).sentiment;
        let ok = got.label == want;
        match by_function.iter_mut().find(|(f, _, _)| *f == function) {
            Some(e) => {
                e.1 += usize::from(ok);
                e.2 += 1;
            }
            None => by_function.push((function, usize::from(ok), 1)),
        }
        if !ok {
            failed.push(format!("{function}: {text:?} read {got:?}, want {want:?}"));
        }
    }
    for (function, passed, all) in &by_function {
        println!("{function:<20} {passed}/{all}");
    }
    let passed = CASES.len() - failed.len();
    let share = passed as f64 / CASES.len() as f64;
    println!(
        "sentiment functional suite: {passed} of {} passed ({:.1}%)",
        CASES.len(),
        share * 100.0
    );
    for f in &failed {
        println!("  failed {f}");
    }
    assert!(share >= FLOOR, "{share:.3} < {FLOOR}: {failed:#?}");
}

#[test]
fn the_issues_cases_always_hold() {
    let analyzer = Analyzer::shipped();
    let label = |t: &str| analyzer.analyze(t).sentiment.label;
    assert_eq!(label("Customer care koi reply hi nahi karta"), Negative);
    assert_eq!(label("yeh accha nahi hai"), Negative);
    assert_eq!(label("product accha hai lekin delivery bekaar"), Negative);
    assert_eq!(label("sooooo good"), Positive);
}
