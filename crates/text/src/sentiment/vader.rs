//! A faithful port of VADER (Hutto and Gilbert, 2014) as published in the PyPI package
//! vaderSentiment 3.3.2 (MIT; lexicons vendored in `lexicons/vader/` with the licence).
//!
//! The English path follows the Python code step by step, quirks included (the "but" check
//! rescales the first equal score, as `list.index` does). A Hindi profile adds our own Hindi and
//! Hinglish lexicon, negations, boosters and contrast words, and also looks for a negation
//! *after* the sentiment word, as Hindi puts it ("accha nahi hai").

use crate::fast::{Map as HashMap, Set as HashSet};

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOSTERS_UP: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

const BOOSTERS_DOWN: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "just enough",
    "kind of",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sort of",
    "sorta",
    "sortof",
    "sort-of",
];

const SPECIAL_CASES: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
];

// Hindi profile additions (our own lists).
const HI_NEGATE: &[&str] = &[
    "nahi",
    "nahin",
    "nahii",
    "nai",
    "nhi",
    "nahi.",
    "na",
    "naa",
    "mat",
    "bina",
    "kabhi-nahi",
    "नहीं",
    "नही",
    "ना",
    "न",
    "मत",
    "बिना",
];
const HI_BOOSTERS_UP: &[&str] = &[
    "bahut",
    "bohot",
    "bahot",
    "bohat",
    "bhot",
    "bht",
    "bhut",
    "zyada",
    "jyada",
    "zyaada",
    "kaafi",
    "kafi",
    "bilkul",
    "ekdum",
    "ekdam",
    "sabse",
    "itna",
    "itni",
    "itne",
    "mast",
    "behad",
    "atyant",
    "बहुत",
    "ज़्यादा",
    "ज्यादा",
    "काफी",
    "काफ़ी",
    "बिल्कुल",
    "बिलकुल",
    "एकदम",
    "सबसे",
    "इतना",
    "इतनी",
    "बेहद",
    "अत्यंत",
];
const HI_BOOSTERS_DOWN: &[&str] = &["thoda", "thodi", "thode", "thora", "थोड़ा", "थोड़ी", "थोड़े"];
const HI_CONTRAST: &[&str] = &["lekin", "magar", "parantu", "लेकिन", "मगर", "परंतु", "किंतु"];

/// Which word lists to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// Plain VADER, exactly as published.
    English,
    /// VADER plus our Hindi (Devanagari) and Hinglish lists.
    Hindi,
}

/// Scores like VADER's `polarity_scores`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Polarity {
    /// Negative share.
    pub neg: f64,
    /// Neutral share.
    pub neu: f64,
    /// Positive share.
    pub pos: f64,
    /// Normalised sum in -1..1, rounded to four decimals as VADER does.
    pub compound: f64,
}

/// The VADER analyser with its lexicons.
#[derive(Debug)]
pub struct Vader {
    lexicon: HashMap<String, f64>,
    hindi: HashMap<String, f64>,
    emoji: HashMap<char, String>,
    boosters: HashMap<&'static str, f64>,
    hi_boosters: HashMap<&'static str, f64>,
    negate: HashSet<&'static str>,
    hi_negate: HashSet<&'static str>,
    /// Every word of the special idioms and of the boosters of several words: an idiom can only
    /// match where two of them stand near each other.
    idiom_words: HashSet<&'static str>,
}

fn parse_lexicon(text: &str) -> HashMap<String, f64> {
    let mut map = HashMap::with_capacity_and_hasher(8192, Default::default());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split('\t');
        if let (Some(word), Some(measure)) = (parts.next(), parts.next())
            && let Ok(v) = measure.trim().parse::<f64>()
        {
            map.insert(word.to_owned(), v);
        }
    }
    map
}

/// Python's `str.isupper()`: at least one cased character and no lower-case one.
fn is_upper(word: &str) -> bool {
    let mut cased = false;
    for c in word.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

fn strip_punc_if_word(token: &str) -> &str {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().count() <= 2 {
        token
    } else {
        stripped
    }
}

fn normalize(score: f64) -> f64 {
    let alpha = 15.0;
    let n = score / (score * score + alpha).sqrt();
    n.clamp(-1.0, 1.0)
}

fn round_to(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl Vader {
    /// Build from the lexicon texts: VADER's `vader_lexicon.txt`, `emoji_utf8_lexicon.txt`, and
    /// our Hindi/Hinglish lexicon (same format: word TAB valence).
    pub fn new(vader_lexicon: &str, emoji_lexicon: &str, hindi_lexicon: &str) -> Self {
        let lexicon = parse_lexicon(vader_lexicon);
        let mut hindi = lexicon.clone();
        for (w, v) in parse_lexicon(hindi_lexicon) {
            let w = crate::normalise::normalise(&w).to_lowercase();
            hindi.entry(w).or_insert(v);
        }
        let mut emoji = HashMap::default();
        for line in emoji_lexicon.lines() {
            let mut parts = line.trim().split('\t');
            if let (Some(e), Some(desc)) = (parts.next(), parts.next()) {
                let mut chars = e.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    emoji.insert(c, desc.to_owned());
                }
            }
        }
        let mut boosters = HashMap::default();
        for w in BOOSTERS_UP {
            boosters.insert(*w, B_INCR);
        }
        for w in BOOSTERS_DOWN {
            boosters.insert(*w, B_DECR);
        }
        let mut hi_boosters = boosters.clone();
        for w in HI_BOOSTERS_UP {
            hi_boosters.insert(*w, B_INCR);
        }
        for w in HI_BOOSTERS_DOWN {
            hi_boosters.insert(*w, B_DECR);
        }
        let negate: HashSet<&'static str> = NEGATE.iter().copied().collect();
        let mut hi_negate = negate.clone();
        hi_negate.extend(HI_NEGATE.iter().copied());
        let idiom_words = SPECIAL_CASES
            .iter()
            .map(|(k, _)| *k)
            .chain(hi_boosters.keys().copied())
            .filter(|k| k.contains(' '))
            .flat_map(str::split_whitespace)
            .collect();
        Vader {
            lexicon,
            hindi,
            emoji,
            boosters,
            hi_boosters,
            negate,
            hi_negate,
            idiom_words,
        }
    }

    /// VADER's `polarity_scores`.
    pub fn polarity_scores(&self, text: &str, profile: Profile) -> Polarity {
        let ctx = Ctx::new(self, profile);
        // Emoji to their descriptions.
        let mut t = String::with_capacity(text.len() + 16);
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(desc) = (!c.is_ascii()).then(|| self.emoji.get(&c)).flatten() {
                if !prev_space {
                    t.push(' ');
                }
                t.push_str(desc);
                prev_space = false;
            } else {
                t.push(c);
                prev_space = c == ' ';
            }
        }
        let text = t.trim();
        let words: Vec<&str> = text
            .split_whitespace()
            .map(|w| {
                if profile == Profile::Hindi {
                    let s = w.trim_matches(|c: char| matches!(c, '।' | '॥'));
                    if s.is_empty() {
                        w
                    } else {
                        strip_punc_if_word(s)
                    }
                } else {
                    strip_punc_if_word(w)
                }
            })
            .collect();
        let lower: Vec<String> = words
            .iter()
            .map(|w| {
                if w.is_ascii() {
                    w.to_ascii_lowercase()
                } else {
                    w.to_lowercase()
                }
            })
            .collect();
        let upper_count = words.iter().filter(|w| is_upper(w)).count();
        let is_cap_diff = upper_count > 0 && upper_count < words.len();

        let mut sentiments: Vec<f64> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            if ctx.boosters.contains_key(lower[i].as_str()) {
                sentiments.push(0.0);
                continue;
            }
            if i + 1 < words.len() && lower[i] == "kind" && lower[i + 1] == "of" {
                sentiments.push(0.0);
                continue;
            }
            let v = ctx.sentiment_valence(&words, &lower, i, is_cap_diff);
            sentiments.push(v);
        }
        ctx.but_check(&lower, &mut sentiments);
        score_valence(&sentiments, text)
    }
}

struct Ctx<'a> {
    lex: &'a HashMap<String, f64>,
    boosters: &'a HashMap<&'static str, f64>,
    negate: &'a HashSet<&'static str>,
    idiom_words: &'a HashSet<&'static str>,
    profile: Profile,
}

impl<'a> Ctx<'a> {
    fn new(v: &'a Vader, profile: Profile) -> Self {
        match profile {
            Profile::English => Ctx {
                lex: &v.lexicon,
                boosters: &v.boosters,
                negate: &v.negate,
                idiom_words: &v.idiom_words,
                profile,
            },
            Profile::Hindi => Ctx {
                lex: &v.hindi,
                boosters: &v.hi_boosters,
                negate: &v.hi_negate,
                idiom_words: &v.idiom_words,
                profile,
            },
        }
    }

    fn in_lex(&self, w: &str) -> bool {
        self.lex.contains_key(w)
    }

    fn negated(&self, w: &str) -> bool {
        self.negate.contains(w) || w.contains("n't")
    }

    fn scalar_inc_dec(&self, word: &str, lower: &str, valence: f64, is_cap_diff: bool) -> f64 {
        let mut scalar = 0.0;
        if let Some(&b) = self.boosters.get(lower) {
            scalar = b;
            if valence < 0.0 {
                scalar *= -1.0;
            }
            if is_upper(word) && is_cap_diff {
                if valence > 0.0 {
                    scalar += C_INCR;
                } else {
                    scalar -= C_INCR;
                }
            }
        }
        scalar
    }

    fn sentiment_valence(&self, words: &[&str], lower: &[String], i: usize, cap_diff: bool) -> f64 {
        let n = words.len();
        let item_lower = lower[i].as_str();
        let Some(&lex_v) = self.lex.get(item_lower) else {
            return 0.0;
        };
        // In a brand's inbox "customer care" and "customer support" name a department, not a feeling.
        if i > 0
            && lower[i - 1] == "customer"
            && matches!(item_lower, "care" | "support" | "service")
        {
            return 0.0;
        }
        let mut valence = lex_v;
        if item_lower == "no" && i != n - 1 && self.in_lex(&lower[i + 1]) {
            valence = 0.0;
        }
        if (i > 0 && lower[i - 1] == "no")
            || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && (lower[i - 1] == "or" || lower[i - 1] == "nor"))
        {
            valence = lex_v * N_SCALAR;
        }
        if is_upper(words[i]) && cap_diff {
            if valence > 0.0 {
                valence += C_INCR;
            } else {
                valence -= C_INCR;
            }
        }
        for start_i in 0..3 {
            if i > start_i && !self.in_lex(&lower[i - (start_i + 1)]) {
                let j = i - (start_i + 1);
                let mut s = self.scalar_inc_dec(words[j], &lower[j], valence, cap_diff);
                if start_i == 1 && s != 0.0 {
                    s *= 0.95;
                }
                if start_i == 2 && s != 0.0 {
                    s *= 0.9;
                }
                valence += s;
                valence = self.negation_check(valence, lower, start_i, i);
                if start_i == 2 {
                    valence = self.special_idioms_check(valence, lower, i);
                }
            }
        }
        valence = self.least_check(valence, lower, i);
        if self.profile == Profile::Hindi {
            // Hindi negates after the word: "accha nahi", "अच्छा नहीं है".
            let after = lower.iter().skip(i + 1).take(2);
            for w in after {
                if HI_NEGATE.contains(&w.as_str()) {
                    valence *= N_SCALAR;
                    break;
                }
            }
        }
        valence
    }

    fn least_check(&self, valence: f64, lower: &[String], i: usize) -> f64 {
        if i > 1 && !self.in_lex(&lower[i - 1]) && lower[i - 1] == "least" {
            if lower[i - 2] != "at" && lower[i - 2] != "very" {
                return valence * N_SCALAR;
            }
        } else if i > 0 && !self.in_lex(&lower[i - 1]) && lower[i - 1] == "least" {
            return valence * N_SCALAR;
        }
        valence
    }

    fn negation_check(&self, valence: f64, lower: &[String], start_i: usize, i: usize) -> f64 {
        let mut valence = valence;
        match start_i {
            0 => {
                if self.negated(&lower[i - 1]) {
                    valence *= N_SCALAR;
                }
            }
            1 => {
                if lower[i - 2] == "never" && (lower[i - 1] == "so" || lower[i - 1] == "this") {
                    valence *= 1.25;
                } else if lower[i - 2] == "without" && lower[i - 1] == "doubt" {
                } else if self.negated(&lower[i - 2]) {
                    valence *= N_SCALAR;
                }
            }
            _ => {
                if (lower[i - 3] == "never" && (lower[i - 2] == "so" || lower[i - 2] == "this"))
                    || (lower[i - 1] == "so" || lower[i - 1] == "this")
                {
                    valence *= 1.25;
                } else if lower[i - 3] == "without"
                    && (lower[i - 2] == "doubt" || lower[i - 1] == "doubt")
                {
                } else if self.negated(&lower[i - 3]) {
                    valence *= N_SCALAR;
                }
            }
        }
        valence
    }

    fn special_idioms_check(&self, valence: f64, lower: &[String], i: usize) -> f64 {
        let window = &lower[i - 3..lower.len().min(i + 3)];
        let near = window
            .iter()
            .filter(|w| self.idiom_words.contains(w.as_str()))
            .count();
        if near < 2 {
            return valence;
        }
        let mut valence = valence;
        let special = |s: &str| SPECIAL_CASES.iter().find(|(k, _)| *k == s).map(|(_, v)| *v);
        let onezero = format!("{} {}", lower[i - 1], lower[i]);
        let twoonezero = format!("{} {} {}", lower[i - 2], lower[i - 1], lower[i]);
        let twoone = format!("{} {}", lower[i - 2], lower[i - 1]);
        let threetwoone = format!("{} {} {}", lower[i - 3], lower[i - 2], lower[i - 1]);
        let threetwo = format!("{} {}", lower[i - 3], lower[i - 2]);
        for seq in [&onezero, &twoonezero, &twoone, &threetwoone, &threetwo] {
            if let Some(v) = special(seq) {
                valence = v;
                break;
            }
        }
        if lower.len() - 1 > i {
            let zeroone = format!("{} {}", lower[i], lower[i + 1]);
            if let Some(v) = special(&zeroone) {
                valence = v;
            }
        }
        if lower.len() - 1 > i + 1 {
            let zeroonetwo = format!("{} {} {}", lower[i], lower[i + 1], lower[i + 2]);
            if let Some(v) = special(&zeroonetwo) {
                valence = v;
            }
        }
        for ngram in [&threetwoone, &threetwo, &twoone] {
            if let Some(b) = self.boosters.get(ngram.as_str()) {
                valence += b;
            }
        }
        valence
    }

    fn but_check(&self, lower: &[String], sentiments: &mut [f64]) {
        let bi = lower.iter().position(|w| {
            w == "but" || (self.profile == Profile::Hindi && HI_CONTRAST.contains(&w.as_str()))
        });
        let Some(bi) = bi else { return };
        for k in 0..sentiments.len() {
            let s = sentiments[k];
            // Python's list.index: the first equal value.
            let si = sentiments.iter().position(|x| *x == s).unwrap_or(k);
            if si < bi {
                sentiments[si] = s * 0.5;
            } else if si > bi {
                sentiments[si] = s * 1.5;
            }
        }
    }
}

fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.matches('!').count().min(4) as f64 * 0.292;
    let qm_count = text.matches('?').count();
    let qm = if qm_count > 1 {
        if qm_count <= 3 {
            qm_count as f64 * 0.18
        } else {
            0.96
        }
    } else {
        0.0
    };
    ep + qm
}

fn score_valence(sentiments: &[f64], text: &str) -> Polarity {
    if sentiments.is_empty() {
        return Polarity {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound: 0.0,
        };
    }
    let mut sum_s: f64 = sentiments.iter().sum();
    let punct = punctuation_emphasis(text);
    if sum_s > 0.0 {
        sum_s += punct;
    } else if sum_s < 0.0 {
        sum_s -= punct;
    }
    let compound = normalize(sum_s);
    let mut pos_sum = 0.0;
    let mut neg_sum = 0.0;
    let mut neu_count = 0.0;
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1.0;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += punct;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= punct;
    }
    let total = pos_sum + neg_sum.abs() + neu_count;
    Polarity {
        neg: round_to((neg_sum / total).abs(), 3),
        neu: round_to((neu_count / total).abs(), 3),
        pos: round_to((pos_sum / total).abs(), 3),
        compound: round_to(compound, 4),
    }
}
