//! Language and script: whatlang first; lingua, restricted to the languages we support, for short
//! or unsure texts; romanised Hindi (Hinglish) recognised by a word list as Hindi in Latin script.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::collections::HashSet;

/// Texts shorter than this (in letters) go to lingua when whatlang is unsure.
const SHORT_LETTERS: usize = 40;

/// Very common English words (function words mostly), for a fast path.
const ENGLISH_WORDS: &str = "the a an and or but if of to in on at by for with from about as into \
    is are was were be been being am do does did have has had will would can could should may might \
    must shall i you he she it we they me him her us them my your his its our their this that these \
    those what which who whom whose when where why how all any some no not just very so too than then \
    there here up down out over again more most only own same also now after before because while \
    i'm you're it's don't can't isn't didn't doesn't won't that's there's i've i'll get got like \
    know think want need go going make made see say said one people time good really";

/// Common romanised Hindi words that are not also common English words.
const HINGLISH_WORDS: &str = include_str!("../lexicons/hinglish_words.txt");

/// Language detection.
pub struct LanguageIdentifier {
    lingua: LanguageDetector,
    whatlang: whatlang::Detector,
    english: HashSet<&'static str>,
    hinglish: HashSet<&'static str>,
}

impl std::fmt::Debug for LanguageIdentifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageIdentifier").finish_non_exhaustive()
    }
}

impl Default for LanguageIdentifier {
    fn default() -> Self {
        Self::new()
    }
}

/// A detected language (ISO 639-1, or "und") and script (ISO 15924).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    /// "en", "hi", ... or "und".
    pub lang: String,
    /// "Latn", "Deva", ... or "Zyyy" when the text has no letters.
    pub script: &'static str,
}

impl LanguageIdentifier {
    /// Build (cheap: lingua loads its models lazily, and only English and Hindi are compiled in).
    pub fn new() -> Self {
        let lingua = LanguageDetectorBuilder::from_languages(&[Language::English, Language::Hindi])
            .with_low_accuracy_mode()
            .build();
        let hinglish = HINGLISH_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        // whatlang's trigram pass costs time per candidate language: keep to the ones our users
        // write in and their neighbours (every script still resolves).
        use whatlang::Lang::*;
        let whatlang = whatlang::Detector::with_allowlist(vec![
            Eng, Spa, Fra, Deu, Por, Ita, Nld, Ind, Tur, Pol, Swe, Tgl, Hin, Mar, Nep, Urd, Ara,
            Pes, Ben, Tam, Tel, Guj, Pan, Kan, Mal, Ori, Rus, Ukr, Cmn, Jpn, Kor, Tha, Heb, Ell,
            Vie,
        ]);
        let english = ENGLISH_WORDS.split_whitespace().collect();
        LanguageIdentifier {
            lingua,
            whatlang,
            english,
            hinglish,
        }
    }

    /// Share of the Latin words that are romanised Hindi, and the number of words.
    pub fn hinglish_share(&self, text: &str) -> (f64, usize) {
        let mut words = 0usize;
        let mut hits = 0usize;
        for w in text.split(|c: char| !c.is_alphabetic()) {
            if w.is_empty() || !w.is_ascii() {
                continue;
            }
            words += 1;
            let lw = w.to_ascii_lowercase();
            if self.hinglish.contains(lw.as_str()) {
                hits += 1;
            }
        }
        if words == 0 {
            (0.0, 0)
        } else {
            (hits as f64 / words as f64, words)
        }
    }

    fn english_share(&self, text: &str) -> (f64, usize) {
        let mut words = 0usize;
        let mut hits = 0usize;
        for w in text.split(|c: char| !c.is_alphabetic() && c != '\'') {
            if w.is_empty() || !w.is_ascii() {
                continue;
            }
            words += 1;
            if self.english.contains(w.to_ascii_lowercase().as_str()) {
                hits += 1;
            }
        }
        if words == 0 {
            (0.0, 0)
        } else {
            (hits as f64 / words as f64, words)
        }
    }

    /// Detect language and script of a normalised text.
    pub fn detect(&self, text: &str) -> Detected {
        // Strip mentions, hashtags' marks and links: they say nothing about the language.
        let mut clean = String::with_capacity(text.len());
        for w in text.split_whitespace() {
            if w.starts_with('@') || w.starts_with("http") || w.starts_with("www.") {
                continue;
            }
            clean.push_str(w.trim_start_matches('#'));
            clean.push(' ');
        }
        let (latin, deva, other) = count_scripts(&clean);
        let letters = latin + deva + other;
        if letters == 0 {
            return Detected {
                lang: "und".into(),
                script: "Zyyy",
            };
        }
        if deva >= latin && deva >= other {
            // Devanagari: Hindi unless whatlang is sure of Marathi or Nepali.
            let lang = match self.whatlang.detect(&clean) {
                Some(info) if info.is_reliable() && letters >= SHORT_LETTERS => {
                    iso639_1(info.lang()).to_owned()
                }
                _ => "hi".to_owned(),
            };
            return Detected {
                lang,
                script: "Deva",
            };
        }
        if latin >= other {
            let (share, words) = self.hinglish_share(&clean);
            if words >= 2 && share >= 0.3 || words >= 6 && share >= 0.2 {
                return Detected {
                    lang: "hi".into(),
                    script: "Latn",
                };
            }
        }
        if latin >= other {
            // Fast path: plenty of English function words.
            let (share, words) = self.english_share(&clean);
            if words >= 4 && share >= 0.3 {
                return Detected {
                    lang: "en".into(),
                    script: "Latn",
                };
            }
        }
        let info = self.whatlang.detect(&clean);
        let script = match &info {
            Some(i) if latin < other => script_code(i.script()),
            _ if latin >= other => "Latn",
            _ => whatlang::detect_script(&clean).map_or("Zyyy", script_code),
        };
        if let Some(i) = &info
            && i.is_reliable()
            && letters >= SHORT_LETTERS
        {
            return Detected {
                lang: iso639_1(i.lang()).to_owned(),
                script,
            };
        }
        // Short or unsure: lingua, restricted to the languages we support.
        let lang = match self.lingua.detect_language_of(clean.as_str()) {
            Some(Language::English) if script == "Latn" => "en".to_owned(),
            Some(Language::Hindi) if script == "Deva" => "hi".to_owned(),
            _ => match &info {
                Some(i) if script != "Latn" => iso639_1(i.lang()).to_owned(),
                _ => "und".to_owned(),
            },
        };
        Detected { lang, script }
    }
}

fn count_scripts(text: &str) -> (usize, usize, usize) {
    let (mut latin, mut deva, mut other) = (0, 0, 0);
    for c in text.chars() {
        if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic() {
            latin += 1;
        } else if ('\u{0900}'..='\u{097F}').contains(&c) {
            if c.is_alphabetic() {
                deva += 1;
            }
        } else if c.is_alphabetic() {
            other += 1;
        }
    }
    (latin, deva, other)
}

fn script_code(s: whatlang::Script) -> &'static str {
    use whatlang::Script::*;
    match s {
        Latin => "Latn",
        Devanagari => "Deva",
        Arabic => "Arab",
        Cyrillic => "Cyrl",
        Greek => "Grek",
        Hebrew => "Hebr",
        Mandarin => "Hani",
        Hiragana | Katakana => "Jpan",
        Hangul => "Hang",
        Bengali => "Beng",
        Gurmukhi => "Guru",
        Gujarati => "Gujr",
        Oriya => "Orya",
        Tamil => "Taml",
        Telugu => "Telu",
        Kannada => "Knda",
        Malayalam => "Mlym",
        Sinhala => "Sinh",
        Thai => "Thai",
        Khmer => "Khmr",
        Myanmar => "Mymr",
        Georgian => "Geor",
        Armenian => "Armn",
        Ethiopic => "Ethi",
    }
}

fn iso639_1(l: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match l {
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Epo => "eo",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hinglish_is_recognised_as_hindi_in_latin_script() {
        let id = LanguageIdentifier::new();
        for t in [
            "yaar tum kya kar rahe ho aaj",
            "bhai ye movie bahut acchi hai",
            "@user tera kya hoga, sab log hans rahe hain",
        ] {
            let d = id.detect(t);
            assert_eq!((d.lang.as_str(), d.script), ("hi", "Latn"), "{t}");
        }
    }

    #[test]
    fn english_devanagari_and_empty_texts() {
        let id = LanguageIdentifier::new();
        let d = id.detect("The new update broke my phone and support never answered my emails.");
        assert_eq!((d.lang.as_str(), d.script), ("en", "Latn"));
        let d = id.detect("thanks a lot");
        assert_eq!((d.lang.as_str(), d.script), ("en", "Latn"));
        let d = id.detect("आज मौसम बहुत अच्छा है");
        assert_eq!((d.lang.as_str(), d.script), ("hi", "Deva"));
        let d = id.detect("😀👍 @user http://x.y");
        assert_eq!((d.lang.as_str(), d.script), ("und", "Zyyy"));
    }
}
