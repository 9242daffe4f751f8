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
const HI_CONTRAST: &[&str] = &[
    "but",
    "lekin",
    "magar",
    "parantu",
    "kintu",
    "लेकिन",
    "मगर",
    "परंतु",
    "किंतु",
];
/// "par" / "पर" is also "on" ("Twitter par"): it is a contrast only after a clause ends, at a comma or after the
/// auxiliary that closes a Hindi clause ("accha tha par ...").
const HI_CONTRAST_AFTER_CLAUSE: &[&str] = &["par", "pr", "पर"];
const HI_CLAUSE_CLOSERS: &[&str] = &[
    "hai",
    "hain",
    "tha",
    "thi",
    "the",
    "ho",
    "hoga",
    "hogi",
    "hua",
    "hui",
    "है",
    "हैं",
    "था",
    "थी",
    "थे",
    "हो",
    "हुआ",
    "हुई",
];
/// Negations that negate only what follows them: "mat" forbids the verb after it ("ghatiya phone mat lena" does not
/// turn "ghatiya" round), "bina" is "without".
const HI_NEGATE_BEFORE_ONLY: &[&str] = &["mat", "bina", "मत", "बिना"];
/// A clause-final "na" is a tag question ("accha hai na?", isn't it?), not a negation.
const HI_TAG: &[&str] = &["na", "naa", "ना", "न"];
/// How far after a word a Hindi negation still negates it within its clause ("acchi service bilkul bhi nahi hai").
const HI_NEGATION_REACH: usize = 4;
/// Emphasis of a drawn-out word ("goooood"), as VADER gives a booster.
const ELONGATION_INCR: f64 = B_INCR;

/// Emoji whose valence VADER's descriptions miss in a brand's inbox, as our own tokens and valences: 🔥 is praise
/// ("fire" scores negative in VADER's lexicon), 👎 and 🙄 are complaints.
const EMOJI_OURS: &[(char, &str, f64)] = &[
    ('🔥', "emoji-fire", 1.5),
    ('💯', "emoji-hundred", 1.5),
    ('👏', "emoji-clap", 1.2),
    ('👎', "emoji-thumbs-down", -2.0),
    ('🙄', "emoji-eye-roll", -1.5),
    ('😒', "emoji-unamused", -1.5),
    ('😤', "emoji-huff", -1.8),
    ('😡', "emoji-pouting", -2.5),
    ('😠', "emoji-angry", -2.2),
    ('🤬', "emoji-cursing", -3.0),
    ('🤮', "emoji-vomit", -2.5),
    ('💩', "emoji-poo", -2.0),
];

/// A word with a letter drawn out ("goooood", "sooooo"): the first of its squeezed forms (runs of three or more cut
/// to two, then to one) that `known` knows.
fn unelongated(word: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if !chars
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_alphabetic())
    {
        return None;
    }
    for keep in [2, 1] {
        let mut out = String::with_capacity(word.len());
        let mut run = 0;
        let mut prev = None;
        for &c in &chars {
            run = if Some(c) == prev { run + 1 } else { 1 };
            prev = Some(c);
            if run <= keep {
                out.push(c);
            }
        }
        if known(&out) {
            return Some(out);
        }
    }
    None
}

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
        let mut lexicon = lexicon;
        for &(c, token, valence) in EMOJI_OURS {
            emoji.insert(c, token.to_owned());
            lexicon.insert(token.to_owned(), valence);
            hindi.insert(token.to_owned(), valence);
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
        let mut ctx = Ctx::new(self, profile);
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
        let mut lower: Vec<String> = words
            .iter()
            .map(|w| {
                if w.is_ascii() {
                    w.to_ascii_lowercase()
                } else {
                    w.to_lowercase()
                }
            })
            .collect();
        // "goooood", "sooooo": read as the word, with a booster's emphasis.
        ctx.elongated = vec![false; lower.len()];
        for (i, w) in lower.iter_mut().enumerate() {
            if ctx.lex.contains_key(w.as_str()) || ctx.boosters.contains_key(w.as_str()) {
                continue;
            }
            if let Some(plain) = unelongated(w, |x| {
                ctx.lex.contains_key(x) || ctx.boosters.contains_key(x)
            }) {
                *w = plain;
                ctx.elongated[i] = true;
            }
        }
        if profile == Profile::Hindi {
            ctx.clause = clauses(text, &lower);
        }
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
            let mut v = ctx.sentiment_valence(&words, &lower, i, is_cap_diff);
            if ctx.elongated[i] && v != 0.0 {
                v += ELONGATION_INCR.copysign(v);
            }
            sentiments.push(v);
        }
        ctx.but_check(&lower, &mut sentiments);
        score_valence(&sentiments, text)
    }
}

/// Each word's clause (Hindi profile): a clause ends at a word followed by , . ! ? ; : or । and a contrast word
/// starts one.
fn clauses(text: &str, lower: &[String]) -> Vec<usize> {
    let mut out = Vec::with_capacity(lower.len());
    let mut clause = 0;
    let mut prev_closes = false;
    for (i, raw) in text.split_whitespace().enumerate() {
        if i > 0 && (prev_closes || is_contrast(lower, i, prev_closes)) {
            clause += 1;
        }
        out.push(clause);
        prev_closes = raw.ends_with([',', '.', '!', '?', ';', ':', '।', '॥']);
    }
    out.resize(lower.len(), clause);
    out
}

/// Whether word `i` turns the sentence ("lekin", "magar", "but"; "par" only after a clause: `after_clause`, or an
/// auxiliary that closes one).
fn is_contrast(lower: &[String], i: usize, after_clause: bool) -> bool {
    let w = lower[i].as_str();
    HI_CONTRAST.contains(&w)
        || (HI_CONTRAST_AFTER_CLAUSE.contains(&w)
            && i > 0
            && (after_clause || HI_CLAUSE_CLOSERS.contains(&lower[i - 1].as_str())))
}

struct Ctx<'a> {
    /// Each word's clause (Hindi profile only; empty otherwise).
    clause: Vec<usize>,
    /// Words read through their drawn-out spelling.
    elongated: Vec<bool>,
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
                clause: Vec::new(),
                elongated: Vec::new(),
                lex: &v.lexicon,
                boosters: &v.boosters,
                negate: &v.negate,
                idiom_words: &v.idiom_words,
                profile,
            },
            Profile::Hindi => Ctx {
                clause: Vec::new(),
                elongated: Vec::new(),
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
        if self.profile == Profile::Hindi && self.negated_later(lower, i) {
            valence *= N_SCALAR;
        }
        valence
    }

    /// Hindi negates after the word, at the clause's end: "accha nahi", "acchi service bilkul bhi nahi hai",
    /// "अच्छा नहीं है". Within the word's clause and a few words, before another sentiment word; a clause-final
    /// "na" is a tag question ("accha hai na?"), not a negation.
    fn negated_later(&self, lower: &[String], i: usize) -> bool {
        let same = |j: usize| self.clause.get(j) == self.clause.get(i);
        for j in (i + 1..lower.len()).take(HI_NEGATION_REACH) {
            if !same(j) {
                return false;
            }
            let w = lower[j].as_str();
            if HI_NEGATE.contains(&w) && !HI_NEGATE_BEFORE_ONLY.contains(&w) {
                let clause_final = j + 1 == lower.len() || !same(j + 1);
                return !(clause_final && HI_TAG.contains(&w));
            }
            if self.in_lex(w) {
                return false;
            }
        }
        false
    }

    /// Whether word `j` is in word `i`'s clause (always, outside the Hindi profile).
    fn in_clause(&self, j: usize, i: usize) -> bool {
        self.clause.get(j) == self.clause.get(i)
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
        // A negation in an earlier clause ("mat kharidna, bekaar hai") does not reach this word.
        if !self.in_clause(i - (start_i + 1), i) {
            return valence;
        }
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
        if self.profile == Profile::Hindi {
            // The clause after the contrast weighs more: each word by its place (VADER's `list.index` rescales the
            // first equal score instead, which the English profile keeps).
            let bi = (0..lower.len()).find(|&i| {
                is_contrast(
                    lower,
                    i,
                    i > 0 && self.clause.get(i) != self.clause.get(i - 1),
                )
            });
            let Some(bi) = bi else { return };
            for (k, s) in sentiments.iter_mut().enumerate() {
                if k < bi {
                    *s *= 0.5;
                } else if k > bi {
                    *s *= 1.5;
                }
            }
            return;
        }
        let bi = lower.iter().position(|w| w == "but");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace()
            .map(|w| strip_punc_if_word(w).to_lowercase())
            .collect()
    }

    #[test]
    fn drawn_out_words_are_read_as_the_word() {
        let known = |w: &str| ["good", "so", "cool"].contains(&w);
        assert_eq!(unelongated("goooood", known).as_deref(), Some("good"));
        assert_eq!(unelongated("sooooo", known).as_deref(), Some("so"));
        assert_eq!(unelongated("cooool", known).as_deref(), Some("cool"));
        assert_eq!(unelongated("good", known), None, "no run of three");
        assert_eq!(unelongated("zzzzz", known), None, "nothing known");
    }

    #[test]
    fn clauses_end_at_punctuation_and_turn_at_a_contrast() {
        let text = "khana accha tha par delivery late, mat lena";
        assert_eq!(clauses(text, &words(text)), [0, 0, 0, 1, 1, 1, 2, 2]);
        // "par" after a noun is "on": no new clause.
        let text = "twitter par sab accha";
        assert_eq!(clauses(text, &words(text)), [0, 0, 0, 0]);
        let text = "accha hai lekin bekaar";
        assert_eq!(clauses(text, &words(text)), [0, 0, 1, 1]);
    }

    #[test]
    fn hindi_negation_reaches_the_clause_end_and_no_further() {
        let v = super::super::shipped_vader();
        let c = |t: &str| v.polarity_scores(t, Profile::Hindi).compound;
        assert!(c("acchi service bilkul bhi nahi hai") < 0.0);
        assert!(
            c("service acchi hai, nahi to main chala jaata") > 0.0,
            "another clause"
        );
        assert!(c("accha hai na") > 0.0, "a tag question");
        assert!(
            c("ghatiya phone mat lena") < 0.0,
            "mat forbids the verb after it"
        );
        assert!(
            c("mat kharidna, bekaar hai") < 0.0,
            "mat does not reach the next clause"
        );
    }

    #[test]
    fn after_a_contrast_the_clause_weighs_more_and_our_emoji_count() {
        let v = super::super::shipped_vader();
        let c = |t: &str| v.polarity_scores(t, Profile::Hindi).compound;
        assert!(c("accha tha par delivery late thi") < 0.0);
        assert!(c("late tha par khana zabardast") > 0.0);
        let e = |t: &str| v.polarity_scores(t, Profile::English).compound;
        assert!(e("🔥") > 0.0 && e("👎") < 0.0 && e("🙄") < 0.0);
        assert!(e("goooood") > e("good"), "drawn out is emphatic");
    }
}
