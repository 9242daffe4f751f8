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
                lex.terms.insert(ws.join(" "), (label, weight));
            }
        }
        lex.stem_lengths.sort_unstable();
        lex
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

    /// Hits in a list of lower-cased words. Letters spelled apart ("i d i o t") are joined first;
    /// a hit in the scope of a negation ("not", "don't", or a clause-final "nahi", "नहीं", "mat")
    /// counts for a quarter of its weight (threats excepted: "nahi chhodunga" is a threat).
    pub fn evidence(&self, words: &[String]) -> Evidence {
        let joined;
        let words = if words
            .windows(3)
            .any(|w| w.iter().all(|x| x.chars().count() == 1))
        {
            joined = join_spelled_apart(words);
            &joined[..]
        } else {
            words
        };
        let counter = counter_speech(words);
        let mut ev = Evidence::default();
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
                let negated = label != AbuseLabel::Threat && (counter || negated(words, i, i + k));
                ev.hits
                    .push((label, if negated { weight * 0.25 } else { weight }));
            }
        }
        ev
    }
}

/// Runs of three or more one-letter words joined into one word ("i d i o t" -> "idiot").
fn join_spelled_apart(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].chars().count() == 1 {
            j += 1;
        }
        if j - i >= 3 {
            out.push(words[i..j].concat());
            i = j;
        } else {
            out.push(words[i].clone());
            i += 1;
        }
    }
    out
}

const NEGATORS_BEFORE: &[&str] = &[
    "not",
    "no",
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

/// Counter-speech: the text says that calling someone a word is wrong ("calling people X is
/// wrong", "kisi ko X bolna galat hai", "किसी को X कहना गलत है").
fn counter_speech(words: &[String]) -> bool {
    const SAYING: &[&str] = &[
        "calling",
        "saying",
        "call",
        "say",
        "bolna",
        "kehna",
        "kahna",
        "bulana",
        "bolte",
        "kehte",
        "कहना",
        "बोलना",
        "कहते",
        "बोलते",
        "बुलाना",
    ];
    const WRONG: &[&str] = &[
        "wrong",
        "unacceptable",
        "galat",
        "गलत",
        "ग़लत",
        "stop",
        "mat",
    ];
    words.iter().any(|w| SAYING.contains(&w.as_str()))
        && words.iter().any(|w| WRONG.contains(&w.as_str()))
}

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
            let z = (p / (1.0 - p)).ln() + lex_logit - alone;
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
    fn words_keep_inner_apostrophes_and_split_punctuation() {
        assert_eq!(
            words("You're DEAD!! ok,bye"),
            vec!["you're", "dead", "ok", "bye"]
        );
        assert_eq!(words("हरामी। कमीना"), vec!["हरामी", "कमीना"]);
    }
}
