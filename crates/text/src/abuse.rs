//! Abuse: labels and a score from our lexicons (English; Hindi, Hinglish and threats) and the
//! linear model, combined.

use crate::fast::Map as HashMap;
use serde::{Deserialize, Serialize};

/// The kinds of abuse we label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbuseLabel {
    /// Swearing, vulgar words.
    Profanity,
    /// Name-calling, degrading a person.
    Insult,
    /// Threats of violence.
    Threat,
    /// Attacks on a group (religion, caste, race, gender, sexuality...), slurs.
    Hate,
    /// Sexual content or harassment.
    Sexual,
    /// Unsolicited promotion, scams.
    Spam,
}

impl AbuseLabel {
    /// snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            AbuseLabel::Profanity => "profanity",
            AbuseLabel::Insult => "insult",
            AbuseLabel::Threat => "threat",
            AbuseLabel::Hate => "hate",
            AbuseLabel::Sexual => "sexual",
            AbuseLabel::Spam => "spam",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "profanity" => AbuseLabel::Profanity,
            "insult" => AbuseLabel::Insult,
            "threat" => AbuseLabel::Threat,
            "hate" => AbuseLabel::Hate,
            "sexual" => AbuseLabel::Sexual,
            "spam" => AbuseLabel::Spam,
            _ => return None,
        })
    }
}

/// Abuse verdict for one text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Abuse {
    /// score >= 0.5
    pub abusive: bool,
    /// 0..1
    pub score: f64,
    /// What kinds of abuse were seen (empty when not abusive).
    pub labels: Vec<AbuseLabel>,
}

impl Abuse {
    /// The verdict at a workspace's threshold instead of 0.5: abusive when the score reaches it.
    /// A text only the lower threshold flags has no lexicon label of its own and is an insult.
    pub fn at_threshold(mut self, threshold: f64) -> Abuse {
        self.abusive = self.score >= threshold;
        if !self.abusive {
            self.labels.clear();
        } else if self.labels.is_empty() {
            self.labels.push(AbuseLabel::Insult);
        }
        self
    }
}

/// Lexicon evidence: (label, weight) hits.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    /// Each hit with its label and weight.
    pub hits: Vec<(AbuseLabel, f64)>,
    /// Whether there were hits and every one was damped (negated, counter-speech, aimed at a
    /// thing, a swear word of delight): the model read the same words out of that context.
    pub damped: bool,
    /// Whether the text names a group as the writer's own ("as a queer woman", "we Muslims", "मैं
    /// दलित हूं") and attacks nobody: the model learnt group names from abuse aimed at them.
    pub own_group: bool,
}

impl Evidence {
    /// Noisy-or of the hits' weights.
    pub fn score(&self) -> f64 {
        1.0 - self.hits.iter().fold(1.0, |acc, (_, w)| acc * (1.0 - w))
    }

    /// Labels with at least one hit of weight >= `min`, strongest first, without repeats.
    pub fn labels(&self, min: f64) -> Vec<AbuseLabel> {
        let mut best: Vec<(AbuseLabel, f64)> = Vec::new();
        for &(l, w) in &self.hits {
            if w < min {
                continue;
            }
            match best.iter_mut().find(|(b, _)| *b == l) {
                Some(e) => e.1 = e.1.max(w),
                None => best.push((l, w)),
            }
        }
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best.into_iter().map(|(l, _)| l).collect()
    }
}

/// Our lexicon: words, phrases of two or three words, and stems.
#[derive(Debug, Default)]
pub struct AbuseLexicon {
    terms: HashMap<String, (AbuseLabel, f64)>,
    stems: HashMap<String, (AbuseLabel, f64)>,
    /// The stems' lengths in characters, shortest first (the prefixes worth looking up).
    stem_lengths: Vec<usize>,
    /// First words of the phrases (a phrase is looked up only where one starts).
    phrase_starts: crate::fast::Set<String>,
    /// Whether this lexicon's evidence includes attacks on groups ([`AbuseLexicon::with_group_rule`]).
    group_rule: bool,
}

pub(crate) const ABUSE_LEXICON: &str = include_str!("../lexicons/abuse.tsv");

/// English profanity, insults, slurs and sexual terms (in place of the rustrict crate).
pub(crate) const ENGLISH_LEXICON: &str = include_str!("../lexicons/english.tsv");

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{0900}'..='\u{097F}').contains(&c) {
        !matches!(c, '।' | '॥')
    } else {
        c.is_alphanumeric()
    }
}

/// Lower-cased words of a normalised text (apostrophes inside words kept).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut cur = String::new();
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            if c.is_ascii() {
                cur.push(c.to_ascii_lowercase());
            } else if ('\u{0900}'..='\u{097F}').contains(&c) {
                cur.push(c);
            } else {
                cur.extend(c.to_lowercase());
            }
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let inner_apostrophe = (c == '\'' || c == '’')
            && !cur.is_empty()
            && rest.chars().next().is_some_and(char::is_alphabetic);
        // "chu**ya", "f*ck": a masked word stays one word (matched with wildcards).
        let inner_mask = c == '*'
            && !cur.is_empty()
            && rest
                .chars()
                .find(|n| *n != '*')
                .is_some_and(char::is_alphanumeric);
        if inner_mask {
            cur.push('*');
        } else if inner_apostrophe {
            cur.push('\'');
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a word has three equal bytes in a row ("stuuupid").
fn has_run_of_three(w: &str) -> bool {
    w.as_bytes()
        .windows(3)
        .any(|t| t[0] == t[1] && t[1] == t[2])
}

/// Cut runs of three or more equal letters to `keep` ("chutiyaaaa" -> "chutiya" with keep 1).
fn cut_runs(word: &str, keep: usize) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && chars[j] == chars[i] {
            j += 1;
        }
        let run = j - i;
        let n = if run >= 3 {
            changed = true;
            keep
        } else {
            run
        };
        for _ in 0..n {
            out.push(chars[i]);
        }
        i = j;
    }
    changed.then_some(out)
}

impl AbuseLexicon {
    /// Parse the lexicon format (see `lexicons/abuse.tsv`).
    pub fn parse(text: &str) -> Self {
        let mut lex = AbuseLexicon::default();
        let mut variants = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let (Some(term), Some(label), Some(weight)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let (Some(label), Ok(weight)) =
                (AbuseLabel::parse(label.trim()), weight.trim().parse())
            else {
                continue;
            };
            let norm = crate::normalise::normalise(term.trim());
            if let Some(stem) = norm.strip_suffix('*') {
                let stem = words(stem).join(" ");
                let n = stem.chars().count();
                if !lex.stem_lengths.contains(&n) {
                    lex.stem_lengths.push(n);
                }
                lex.stems.insert(stem, (label, weight));
            } else {
                let ws = words(&norm);
                if ws.len() > 1 {
                    lex.phrase_starts.insert(ws[0].clone());
                }
                let key = ws.join(" ");
                if let Some(folded) = fold_vowel_length(&key) {
                    lex.terms.entry(folded).or_insert((label, weight));
                }
                if ws.len() == 1 {
                    variants.push((key.clone(), (label, weight)));
                }
                lex.terms.insert(key, (label, weight));
            }
        }
        // Two neighbouring letters swapped ("stupdi", "chuitya"): added after every entry, so a
        // swap never replaces a word of its own.
        for (key, hit) in variants {
            for v in spelling_variants(&key, 6, false) {
                lex.terms.entry(v).or_insert(hit);
            }
        }
        lex.stem_lengths.sort_unstable();
        lex
    }

    /// This lexicon's evidence also holds attacks on protected groups: a derogation,
    /// dehumanisation, hate verb or threat next to a group's name, or a negated "welcome" or
    /// "human" (see `lexicons/targets.tsv`). Only one of the analyser's lexicons takes it, so a
    /// text's group attack counts once.
    pub fn with_group_rule(mut self) -> Self {
        self.group_rule = true;
        self
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.terms.len() + self.stems.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lookup_word(&self, w: &str) -> Option<(AbuseLabel, f64)> {
        if let Some(&hit) = self.terms.get(w) {
            return Some(hit);
        }
        if !w.is_ascii()
            && let Some(folded) = fold_vowel_length(w)
            && let Some(&hit) = self.terms.get(&folded)
        {
            return Some(hit);
        }
        if w.contains('*') {
            return self.lookup_masked(w);
        }
        if w.is_ascii()
            && w.bytes().any(|b| b.is_ascii_digit())
            && w.bytes().any(|b| b.is_ascii_alphabetic())
        {
            // "id10t", "ch00tiya": digits standing for letters.
            let unleet: String = w
                .chars()
                .map(|c| match c {
                    '0' => 'o',
                    '1' => 'i',
                    '3' => 'e',
                    '4' => 'a',
                    '5' => 's',
                    '7' => 't',
                    '8' => 'b',
                    c => c,
                })
                .collect();
            if unleet != w {
                return self.lookup_word(&unleet);
            }
        }
        if w.is_ascii() && has_run_of_three(w) {
            for keep in [1, 2] {
                // The cut word has no run left, so this recursion is one level deep.
                if let Some(cut) = cut_runs(w, keep)
                    && let Some(hit) = self.lookup_word(&cut)
                {
                    return Some(hit);
                }
            }
        }
        for &n in &self.stem_lengths {
            if n < 4 {
                continue;
            }
            let Some((end, _)) = w.char_indices().nth(n - 1) else {
                break;
            };
            let end = end + w[end..].chars().next().map_or(0, char::len_utf8);
            if let Some(&hit) = self.stems.get(&w[..end]) {
                return Some(hit);
            }
        }
        None
    }

    /// A masked word ("chu**ya"): the single-word entries of the same length whose letters agree
    /// wherever the word is not masked (at least half the letters must be shown).
    fn lookup_masked(&self, w: &str) -> Option<(AbuseLabel, f64)> {
        let chars: Vec<char> = w.chars().collect();
        let shown = chars.iter().filter(|c| **c != '*').count();
        if shown * 2 < chars.len() || chars.len() < 4 {
            return None;
        }
        let mut best: Option<(AbuseLabel, f64)> = None;
        for (term, &hit) in &self.terms {
            if term.contains(' ') || term.chars().count() != chars.len() {
                continue;
            }
            if term.chars().zip(&chars).all(|(t, c)| *c == '*' || t == *c)
                && best.is_none_or(|b| hit.1 > b.1)
            {
                best = Some(hit);
            }
        }
        best
    }

    /// Hits in a list of lower-cased words. Letters spelled apart ("i d i o t", "ch u t i y a")
    /// are joined first; a hit in the scope of a negation ("not", "don't", or a clause-final
    /// "nahi", "नहीं", "mat") or in counter-speech ("calling X is wrong") counts for a quarter of
    /// its weight (threats excepted: "nahi chhodunga" is a threat), and so does a mild insult or
    /// swear word aimed only at a thing ("this app is shit") or used for delight ("fucking
    /// delicious"), or a slur's homonym in its own context (a "chakka" hit for six).
    pub fn evidence(&self, words: &[String]) -> Evidence {
        let joined;
        let words = if words.windows(3).any(spelled_apart) {
            joined = self.join_spelled_apart(words);
            &joined[..]
        } else {
            words
        };
        let targets = targets();
        let kinds: Vec<u16> = words.iter().map(|w| targets.kind(w)).collect();
        let counter = Targets::counter_speech(words, &kinds);
        let mut person: Option<bool> = None;
        let mut ev = Evidence::default();
        let mut undamped = 0usize;
        let mut things = 0usize;
        let mut phrase = String::new();
        for i in 0..words.len() {
            let mut found: [Option<(AbuseLabel, f64)>; 3] = [None; 3];
            found[0] = self.lookup_word(&words[i]);
            if self.phrase_starts.contains(&words[i]) {
                phrase.clear();
                phrase.push_str(&words[i]);
                for (k, w) in words.iter().skip(i + 1).take(2).enumerate() {
                    phrase.push(' ');
                    phrase.push_str(w);
                    found[k + 1] = self.terms.get(&phrase).copied();
                }
            }
            for (k, hit) in found.into_iter().enumerate() {
                let Some((label, weight)) = hit else { continue };
                // A negation denies a claim ("not an idiot"); "don't give a shit" still swears.
                let claim = !matches!(label, AbuseLabel::Threat | AbuseLabel::Profanity);
                let denied = claim && (counter || negated(words, i, i + k));
                let at_things = !denied && label != AbuseLabel::Threat && weight <= MILD && {
                    // A person addressed or named anywhere keeps the hit (computed once, lazily).
                    let aimed_at_people =
                        *person.get_or_insert_with(|| targets.names_people(words, &kinds));
                    !aimed_at_people && Targets::not_at_people(&kinds, i, i + k, label)
                };
                let homonym = targets.homonym(words, i, i + k);
                let at_things = at_things && !homonym;
                let damped = denied || at_things || homonym;
                undamped += usize::from(!damped);
                things += usize::from(at_things);
                ev.hits
                    .push((label, if damped { weight * 0.25 } else { weight }));
            }
        }
        if self.group_rule
            && !counter
            && let Some(hit) = targets.group_attack(words, &kinds)
        {
            ev.hits.push(hit);
            undamped += 1;
        }
        ev.damped = !ev.hits.is_empty() && undamped == 0 && things == 0;
        ev.own_group = self.group_rule && undamped == 0 && targets.own_group(words, &kinds);
        ev
    }

    /// Runs of three or more one-letter words joined into one word ("i d i o t" -> "idiot"); in
    /// runs of one- and two-letter fragments ("ch u t i y a", "चू ति या") the longest stretch of
    /// three or more whose joining is a lexicon word.
    fn join_spelled_apart(&self, words: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let mut j = i;
            while j < words.len() && words[j].chars().count() <= 2 {
                j += 1;
            }
            if j - i >= 3 && words[i..j].iter().all(|w| w.chars().count() == 1) {
                out.push(words[i..j].concat());
                i = j;
            } else if j - i >= 3
                && spelled_apart(&words[i..j])
                && let Some((a, b)) = self.spelled_stretch(&words[i..j])
            {
                out.extend_from_slice(&words[i..i + a]);
                out.push(words[i + a..i + b].concat());
                i += b;
            } else {
                let end = j.max(i + 1);
                out.extend_from_slice(&words[i..end]);
                i = end;
            }
        }
        out
    }

    /// The longest stretch `a..b` (three fragments or more) of a run of short words whose joining
    /// is a lexicon word.
    fn spelled_stretch(&self, run: &[String]) -> Option<(usize, usize)> {
        for len in (3..=run.len().min(8)).rev() {
            for a in 0..=run.len() - len {
                if self.lookup_word(&run[a..a + len].concat()).is_some() {
                    return Some((a, a + len));
                }
            }
        }
        None
    }
}

/// Whether short words may be a word spelled apart: all of one or two letters, and either two of
/// them single Latin letters ("ch u t i y a"; "is it a" is not) or all Devanagari ("चू ति या").
fn spelled_apart(run: &[String]) -> bool {
    run.iter().all(|w| w.chars().count() <= 2)
        && (run.iter().filter(|w| w.len() == 1).count() >= 2 || run.iter().all(|w| !w.is_ascii()))
}

/// Weight up to which an insult or swear word is mild: aimed only at things, or used for delight,
/// it is damped.
const MILD: f64 = 0.8;

/// Devanagari vowel length and nukta folded ("हरामि" and "हरामी", "कमिना" and "कमीना" agree):
/// people typing Hindi on phones mix them up. `None` when nothing changes.
fn fold_vowel_length(w: &str) -> Option<String> {
    if !w.chars().any(|c| matches!(c, 'ी' | 'ू' | 'ँ' | '\u{093C}')) {
        return None;
    }
    Some(
        w.chars()
            .filter(|&c| c != '\u{093C}')
            .map(|c| match c {
                'ी' => 'ि',
                'ू' => 'ु',
                'ँ' => 'ं',
                c => c,
            })
            .collect(),
    )
}

/// Misspellings of a lower-case ASCII word of at least `min` letters: each pair of neighbouring
/// letters swapped, and (with `drop`, for words of six letters or more) each inner letter dropped.
/// The first and last letters are never dropped: "animals" less its "s" is "animal", a word of
/// its own.
fn spelling_variants(word: &str, min: usize, drop: bool) -> Vec<String> {
    let b = word.as_bytes();
    if !word.is_ascii() || b.len() < min || !b.iter().all(u8::is_ascii_lowercase) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for i in 0..b.len() - 1 {
        if b[i] != b[i + 1] {
            let mut v = b.to_vec();
            v.swap(i, i + 1);
            out.extend(String::from_utf8(v).ok());
        }
    }
    if drop && b.len() >= 6 {
        for i in 1..b.len() - 1 {
            let mut v = b.to_vec();
            v.remove(i);
            out.extend(String::from_utf8(v).ok());
        }
    }
    out
}

/// The target lexicon (`lexicons/targets.tsv`): kinds of words as bits.
pub(crate) const TARGETS_LEXICON: &str = include_str!("../lexicons/targets.tsv");

const GROUP: u16 = 1;
const PRONOUN: u16 = 1 << 1;
const DEROGATORY: u16 = 1 << 2;
const DEHUMANISING: u16 = 1 << 3;
const HATE_VERB: u16 = 1 << 4;
const THREAT_VERB: u16 = 1 << 5;
const POSITIVE: u16 = 1 << 6;
const PERSON: u16 = 1 << 7;
const OBJECT: u16 = 1 << 8;
const PRAISE: u16 = 1 << 9;
const SAYING: u16 = 1 << 10;
const WRONG: u16 = 1 << 11;

/// Who or what words are aimed at.
#[derive(Debug, Default)]
struct Targets {
    words: HashMap<String, u16>,
    /// Two-word entries ("gay people"), keyed "first second".
    phrases: HashMap<String, u16>,
    /// The first words of `phrases`.
    phrase_firsts: crate::fast::Set<String>,
}

fn targets() -> &'static Targets {
    static TARGETS: std::sync::OnceLock<Targets> = std::sync::OnceLock::new();
    TARGETS.get_or_init(|| Targets::parse(TARGETS_LEXICON))
}

/// Slur homonyms: the word, and words beside it (three either side) that give it its other sense.
const HOMONYMS: &[(&str, &[&str])] = &[
    (
        "chakka",
        &[
            "maar", "mara", "maara", "mari", "jad", "jada", "laga", "lagaya", "shot", "ball",
            "over", "run", "runs", "six", "chauka", "chaukka",
        ],
    ),
    (
        "chhakka",
        &[
            "maar", "mara", "maara", "jad", "jada", "laga", "lagaya", "shot", "ball", "over",
            "run", "six", "chauka",
        ],
    ),
    (
        "छक्का",
        &[
            "मारा",
            "मार",
            "जड़ा",
            "जड़",
            "लगाया",
            "गेंद",
            "ओवर",
            "रन",
            "चौका",
            "शॉट",
        ],
    ),
    (
        "fag",
        &[
            "smoke",
            "smoked",
            "smoking",
            "cigarette",
            "cigarettes",
            "pub",
            "light",
            "lighter",
            "packet",
        ],
    ),
    ("fags", &["smoke", "smoked", "cigarettes", "packet", "pack"]),
    (
        "faggot",
        &[
            "twine",
            "sticks",
            "wood",
            "firewood",
            "meatball",
            "meatballs",
            "bundle",
        ],
    ),
    (
        "mulla",
        &["nasruddin", "nasiruddin", "ki", "kahani", "kahaniyan"],
    ),
    ("मुल्ला", &["नसरुद्दीन", "की", "कहानी", "कहानियां"]),
];

impl Targets {
    fn parse(text: &str) -> Self {
        let mut t = Targets::default();
        let mut variants = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((term, kind)) = line.split_once('\t') else {
                continue;
            };
            let bit = match kind.trim() {
                "group" => GROUP,
                "pronoun" => PRONOUN,
                "derogatory" => DEROGATORY,
                "dehumanising" => DEHUMANISING,
                "hateverb" => HATE_VERB,
                "threatverb" => THREAT_VERB,
                "positive" => POSITIVE,
                "person" => PERSON,
                "object" => OBJECT,
                "praise" => PRAISE,
                "saying" => SAYING,
                "wrong" => WRONG,
                _ => continue,
            };
            let ws = words(&crate::normalise::normalise(term.trim()));
            let (map, key) = match ws.len() {
                1 => (&mut t.words, ws[0].clone()),
                2 => {
                    t.phrase_firsts.insert(ws[0].clone());
                    (&mut t.phrases, ws.join(" "))
                }
                _ => continue,
            };
            if let Some(folded) = fold_vowel_length(&key) {
                *map.entry(folded).or_default() |= bit;
            }
            if ws.len() == 1 && bit & (GROUP | DEROGATORY | DEHUMANISING) != 0 {
                variants.push((key.clone(), bit));
            }
            *map.entry(key).or_default() |= bit;
        }
        // What hate says of a group, misspelt ("wmoen", "disgustng"): swaps from five letters,
        // a dropped inner letter from six; a variant that is an entry itself keeps its own kind.
        for (key, bit) in variants {
            for v in spelling_variants(&key, 5, true) {
                t.words.entry(v).or_insert(bit);
            }
        }
        t
    }

    /// Whether two words name a group ("gay people"); the pair is built only after a first word.
    fn phrase_group(&self, first: &str, second: &str) -> bool {
        self.phrase_firsts.contains(first)
            && self
                .phrases
                .get(&format!("{first} {second}"))
                .is_some_and(|k| k & GROUP != 0)
    }

    fn kind(&self, w: &str) -> u16 {
        self.words.get(w).copied().unwrap_or(0)
    }

    /// Whether the text addresses or names people ("you", "tum", "log", a group).
    fn names_people(&self, words: &[String], kinds: &[u16]) -> bool {
        kinds.iter().any(|k| k & (PERSON | GROUP) != 0)
            || words.windows(2).any(|p| self.phrase_group(&p[0], &p[1]))
    }

    /// A group named as the writer's: within three words after "I", "I'm", "as a", "main", "मैं",
    /// or right after "we", "hum", "हम" ("we queers"; "we don't want immigrants" is not one).
    fn own_group(&self, words: &[String], kinds: &[u16]) -> bool {
        const I: &[&str] = &["i", "i'm", "im", "main", "mai", "मैं"];
        const WE: &[&str] = &["we", "hum", "हम"];
        words.iter().enumerate().any(|(i, w)| {
            let as_a = w == "as" && words.get(i + 1).is_some_and(|n| n == "a" || n == "an");
            let reach = if I.contains(&w.as_str()) || as_a {
                3
            } else if WE.contains(&w.as_str()) {
                1
            } else {
                0
            };
            kinds[i + 1..(i + 1 + reach).min(kinds.len())]
                .iter()
                .any(|k| k & GROUP != 0)
        })
    }

    /// A slur's homonym at `from..=to` in its other sense ("fag" beside "smoked").
    fn homonym(&self, words: &[String], from: usize, to: usize) -> bool {
        HOMONYMS.iter().any(|(slur, context)| {
            words[from] == *slur && {
                let lo = from.saturating_sub(3);
                words[lo..(to + 4).min(words.len())]
                    .iter()
                    .any(|w| context.contains(&w.as_str()))
            }
        })
    }

    /// A mild hit at `from..=to` in a text that names no person: aimed at a thing named within
    /// three words before or two after, or a swear word within five words of delight.
    fn not_at_people(kinds: &[u16], from: usize, to: usize, label: AbuseLabel) -> bool {
        let near = |before: usize, after: usize, bit: u16| {
            kinds[from.saturating_sub(before)..from]
                .iter()
                .chain(kinds.iter().skip(to + 1).take(after))
                .any(|k| k & bit != 0)
        };
        matches!(label, AbuseLabel::Insult | AbuseLabel::Profanity) && near(3, 2, OBJECT)
            || label == AbuseLabel::Profanity && near(2, 5, PRAISE)
    }

    /// Counter-speech: a word for calling or saying followed within eight words by one for it
    /// being wrong ("calling people X is wrong", "kisi ko X bolna galat hai", "X कहना बंद करो"), or
    /// "stop" just before it ("stop calling them X").
    fn counter_speech(words: &[String], kinds: &[u16]) -> bool {
        kinds.iter().enumerate().any(|(i, k)| {
            k & SAYING != 0
                && (kinds[i + 1..(i + 9).min(kinds.len())]
                    .iter()
                    .any(|x| x & WRONG != 0)
                    || i > 0 && matches!(words[i - 1].as_str(), "stop" | "mat"))
        })
    }

    /// An attack on a protected group: a derogation or dehumanisation at most two words before
    /// or five after the group's name (or a pronoun for it after the name), a hate verb or a
    /// threat within four words, or a negated "welcome", "human", "respect" within four; each
    /// undone by a negation of its own ("immigrants are not criminals", "I don't hate women").
    fn group_attack(&self, words: &[String], kinds: &[u16]) -> Option<(AbuseLabel, f64)> {
        let mut mentions: Vec<usize> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let k = kinds[i];
            if k & GROUP != 0 || (k & PRONOUN != 0 && !mentions.is_empty()) {
                mentions.push(i);
            } else if i + 1 < words.len() && self.phrase_group(w, &words[i + 1]) {
                mentions.push(i + 1);
            }
        }
        if mentions.is_empty() {
            return None;
        }
        let near = |p: usize, before: usize, after: usize| {
            mentions
                .iter()
                .any(|&m| m != p && (m <= p && p - m <= after || m > p && m - p <= before))
        };
        let mut best: Option<(AbuseLabel, f64)> = None;
        for (p, &k) in kinds.iter().enumerate() {
            if k & (DEROGATORY | DEHUMANISING | HATE_VERB | THREAT_VERB | POSITIVE) == 0 {
                continue;
            }
            let denied = negated(words, p, p);
            let hit = if k & (DEROGATORY | DEHUMANISING) != 0 && near(p, 2, 5) && !denied {
                Some((
                    AbuseLabel::Hate,
                    if k & DEHUMANISING != 0 { 0.9 } else { 0.85 },
                ))
            } else if k & HATE_VERB != 0 && near(p, 4, 4) && !denied {
                Some((AbuseLabel::Hate, 0.85))
            } else if k & THREAT_VERB != 0 && near(p, 4, 4) && !denied {
                Some((AbuseLabel::Threat, 0.9))
            } else if k & POSITIVE != 0 && near(p, 4, 4) && denied {
                Some((AbuseLabel::Hate, 0.8))
            } else {
                None
            };
            if let Some(h) = hit
                && best.is_none_or(|b| h.1 > b.1)
            {
                best = Some(h);
            }
        }
        best
    }
}

const NEGATORS_BEFORE: &[&str] = &[
    "not",
    "never",
    "don't",
    "dont",
    "doesn't",
    "doesnt",
    "didn't",
    "didnt",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "wasn't",
    "weren't",
    "won't",
    "wont",
    "nobody",
    "nahi",
    "nahin",
    "nhi",
    "नहीं",
    "नही",
];
const NEGATORS_AFTER: &[&str] = &["nahi", "nahin", "nhi", "nai", "mat", "नहीं", "नही", "मत"];

/// Whether words `from..=to` are in a negation's scope: a negator up to three words before, or
/// (Hindi word order) a clause-final negator up to two words after.
fn negated(words: &[String], from: usize, to: usize) -> bool {
    let before = words[from.saturating_sub(3)..from]
        .iter()
        .any(|w| NEGATORS_BEFORE.contains(&w.as_str()));
    let after = words
        .iter()
        .skip(to + 1)
        .take(2)
        .any(|w| NEGATORS_AFTER.contains(&w.as_str()));
    before || after
}

/// How the three signals are combined into one score.
///
/// The model's probability is calibrated at training time so that 0.5 is its best threshold on
/// held-out data. Lexicon evidence is added in log-odds space: a strong lexicon hit makes a text
/// abusive even where the (English-trained) model has nothing to say, as for Hindi; the model can
/// still pull a mild lexicon hit ("damn", "sala") below the line.
pub fn combine(model_p: Option<f64>, ours: &Evidence, english: &Evidence) -> Abuse {
    let lex = 1.0 - (1.0 - ours.score()) * (1.0 - english.score());
    let score = match model_p {
        Some(p) => {
            let p = p.clamp(1e-6, 1.0 - 1e-6);
            let lex_logit = if lex > 0.0 {
                let l = lex.min(0.999);
                (l / (1.0 - l)).ln().max(0.0) * LEX_GAIN
            } else {
                0.0
            };
            // With no lexicon evidence at all the model must be surer: the Shield blurs what it flags, and a
            // customer's plain question blurred is worse than a mild insult shown.
            let alone = if lex > 0.0 { 0.0 } else { MODEL_ALONE_SHIFT };
            let damped = if context_damps(ours, english) {
                DAMPED_SHIFT
            } else {
                0.0
            };
            let z = (p / (1.0 - p)).ln() + lex_logit - alone - damped;
            1.0 / (1.0 + (-z).exp())
        }
        None => lex,
    };
    let abusive = score >= 0.5;
    let mut labels = Vec::new();
    if abusive {
        let mut all = ours.clone();
        all.hits.extend_from_slice(&english.hits);
        labels = all.labels(0.5);
        if labels.is_empty() {
            labels = all.labels(0.0);
        }
        if labels.is_empty() {
            labels.push(AbuseLabel::Insult);
        }
    }
    Abuse {
        abusive,
        score: (score * 10_000.0).round() / 10_000.0,
        labels,
    }
}

/// Whether the lexicons' hits were all damped by their context (and none undamped).
fn context_damps(ours: &Evidence, english: &Evidence) -> bool {
    if ours.own_group && !english.hits.iter().any(|h| h.1 >= 0.5) {
        return true;
    }
    let hits = !ours.hits.is_empty() || !english.hits.is_empty();
    hits && (ours.hits.is_empty() || ours.damped) && (english.hits.is_empty() || english.damped)
}

/// Log-odds taken off the model where every lexicon hit was damped by its context ("not an
/// idiot", "this pizza is fucking delicious"): the model learnt those words as abuse wherever
/// they stood.
const DAMPED_SHIFT: f64 = 2.0;

/// Weight of the lexicon's log-odds relative to the model's.
const LEX_GAIN: f64 = 1.0;

/// Log-odds the model alone must clear beyond its own threshold: logit(0.65), so a text with no lexicon word is
/// flagged only where the calibrated model gives it at least 0.65.
const MODEL_ALONE_SHIFT: f64 = 0.619_039;

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> AbuseLexicon {
        AbuseLexicon::parse(ABUSE_LEXICON)
    }

    #[test]
    fn devanagari_insults_are_labelled() {
        let l = lex();
        let text = crate::normalise::normalise("तू एक नंबर का हरामी और कमीना है");
        let ev = l.evidence(&words(&text));
        let a = combine(None, &ev, &Evidence::default());
        assert!(a.abusive, "{a:?}");
        assert_eq!(a.labels, vec![AbuseLabel::Insult]);
        let text = crate::normalise::normalise("तुझे जान से मार डालूंगा");
        let a = combine(None, &l.evidence(&words(&text)), &Evidence::default());
        assert!(a.abusive && a.labels.contains(&AbuseLabel::Threat), "{a:?}");
        let text = crate::normalise::normalise("आज मौसम बहुत अच्छा है");
        let a = combine(None, &l.evidence(&words(&text)), &Evidence::default());
        assert!(!a.abusive && a.labels.is_empty(), "{a:?}");
    }

    #[test]
    fn hinglish_abuse_with_stretched_letters_is_found() {
        let l = lex();
        let ev = l.evidence(&words("abe chutiyaaaa tu kya bolega"));
        assert!(ev.score() > 0.9, "{ev:?}");
        let ev = l.evidence(&words("teri maa ki, kaat dunga"));
        let labels = ev.labels(0.5);
        assert!(labels.contains(&AbuseLabel::Profanity) && labels.contains(&AbuseLabel::Threat));
    }

    #[test]
    fn the_english_lexicon_finds_profanity_in_its_disguises() {
        let en = AbuseLexicon::parse(ENGLISH_LEXICON);
        for t in [
            "you are a fucking idiot",
            "shut up you b!tch",
            "fuuuuck off",
            "what a f*cking mess, you c u n t",
        ] {
            let ev = en.evidence(&words(&crate::normalise::normalise(t)));
            assert!(ev.score() > 0.5, "{t}: {ev:?}");
        }
        let ev = en.evidence(&words(
            "have a lovely day in Scunthorpe, classic assessment",
        ));
        assert!(ev.hits.is_empty(), "{ev:?}");
    }

    #[test]
    fn attacks_on_groups_are_hate_and_their_denials_are_not() {
        let l = lex().with_group_rule();
        let hate = |t: &str| {
            let ev = l.evidence(&words(&crate::normalise::normalise(t)));
            ev.hits
                .iter()
                .any(|h| h.0 == AbuseLabel::Hate && h.1 >= 0.8)
        };
        for t in [
            "immigrants are vermin",
            "mujhe musalmano se nafrat hai",
            "दलित कचरा हैं",
            "I met some immigrants. They are parasites",
            "muslim insaan nahi hain",
            "I hate wmoen",
        ] {
            assert!(hate(t), "{t}");
        }
        for t in [
            "I don't hate women",
            "immigrants are not criminals",
            "aurton ko bewakoof kehna galat hai",
            "women deserve equal pay",
            "मुसलमानों ने आज ईद मनाई",
        ] {
            assert!(!hate(t), "{t}");
        }
    }

    #[test]
    fn misspellings_keep_first_and_last_letters() {
        let v = spelling_variants("animals", 5, true);
        assert!(v.contains(&"anmials".to_owned()) && v.contains(&"anmals".to_owned()));
        assert!(!v.contains(&"animal".to_owned()) && !v.contains(&"nimals".to_owned()));
        assert!(spelling_variants("hate", 5, true).is_empty());
    }

    #[test]
    fn mild_words_at_things_are_damped_but_not_at_people() {
        let l = lex();
        let ev = l.evidence(&words("ye phone ekdum ghatiya hai"));
        assert!(ev.score() < 0.5, "{ev:?}");
        let ev = l.evidence(&words("ghatiya company, pagal log chala rahe hain"));
        assert!(ev.score() > 0.5, "{ev:?}");
        let ev = l.evidence(&words("chakka maar diya kohli ne"));
        assert!(ev.score() < 0.5 && ev.damped, "{ev:?}");
    }

    #[test]
    fn words_keep_inner_apostrophes_and_split_punctuation() {
        assert_eq!(
            words("You're DEAD!! ok,bye"),
            vec!["you're", "dead", "ok", "bye"]
        );
        assert_eq!(words("हरामी। कमीना"), vec!["हरामी", "कमीना"]);
    }
}
