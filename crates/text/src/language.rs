//! Language and script: the script by counting letters; romanised Hindi (Hinglish) and English
//! by word lists; whatlang's trigrams only for longer texts the word lists cannot place. A short
//! Latin text nobody's word list claims is English, a short Devanagari one Hindi: the languages we
//! support. (lingua, restricted to English and Hindi, gave the same answers on short texts at a
//! third of the speed, and its models cost memory.)

use crate::fast::Set as HashSet;

/// Below this many letters whatlang's guess is not trusted.
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
    /// Build (cheap: two word lists).
    pub fn new() -> Self {
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
            whatlang,
            english,
            hinglish,
        }
    }

    /// Share of the Latin words that are romanised Hindi, and the number of words.
    pub fn hinglish_share(&self, text: &str) -> (f64, usize) {
        let mut words = 0usize;
        let mut hits = 0usize;
        for w in text.split(|c: char| c.is_ascii() && !c.is_ascii_alphabetic()) {
            if w.is_empty() || !w.is_ascii() {
                continue;
            }
            words += 1;
            if contains_lower(&self.hinglish, w) {
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
        for w in text.split(|c: char| c.is_ascii() && !c.is_ascii_alphabetic() && c != '\'') {
            if w.is_empty() || !w.is_ascii() {
                continue;
            }
            words += 1;
            if contains_lower(&self.english, w) {
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
            // Devanagari is Hindi for us: Marathi and Nepali get the Hindi lexicons, nearer to
            // them than the English ones (and whatlang's trigrams were a tenth of the analysis).
            return Detected {
                lang: "hi".into(),
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
            if words >= 4 && share >= 0.3 || words >= 8 && share >= 0.15 {
                return Detected {
                    lang: "en".into(),
                    script: "Latn",
                };
            }
        }
        if latin >= other && letters < SHORT_LETTERS {
            return Detected {
                lang: "en".into(),
                script: "Latn",
            };
        }
        let info = self.whatlang.detect(&clean);
        let script = match &info {
            Some(i) if latin < other => script_code(i.script()),
            _ if latin >= other => "Latn",
            _ => whatlang::detect_script(&clean).map_or("Zyyy", script_code),
        };
        let lang = match &info {
            Some(i) if i.is_reliable() && letters >= SHORT_LETTERS => iso639_1(i.lang()),
            // Short or unsure: the language we support in that script.
            _ if script == "Latn" => "en",
            Some(i) => iso639_1(i.lang()),
            None => "und",
        };
        Detected {
            lang: lang.to_owned(),
            script,
        }
    }
}

/// Whether the ASCII word `w`, lower-cased, is in `set` (without allocating for short words).
fn contains_lower(set: &HashSet<&'static str>, w: &str) -> bool {
    if !w.bytes().any(|b| b.is_ascii_uppercase()) {
        return set.contains(w);
    }
    let mut buf = [0u8; 32];
    let Some(dst) = buf.get_mut(..w.len()) else {
        return false;
    };
    dst.copy_from_slice(w.as_bytes());
    dst.make_ascii_lowercase();
    std::str::from_utf8(dst).is_ok_and(|l| set.contains(l))
}

/// A Devanagari letter or vowel sign (not a digit, danda or abbreviation sign).
pub(crate) fn is_devanagari_letter(c: char) -> bool {
    ('\u{0900}'..='\u{097F}').contains(&c) && !matches!(c, '\u{0964}'..='\u{096F}' | '\u{0970}')
}

fn count_scripts(text: &str) -> (usize, usize, usize) {
    let (mut latin, mut deva, mut other) = (0, 0, 0);
    for c in text.chars() {
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
        } else if ('\u{0900}'..='\u{097F}').contains(&c) {
            deva += usize::from(is_devanagari_letter(c));
        } else if c.is_alphabetic() {
            if ('\u{00C0}'..='\u{024F}').contains(&c) {
                latin += 1;
            } else {
                other += 1;
            }
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
