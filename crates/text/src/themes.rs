//! Themes: the terms and phrases people keep raising this week, in English, Hindi (Devanagari) and Hinglish.
//!
//! Each text is normalised ([`crate::normalise::normalise`]), cut into words (letters, digits and the Devanagari
//! vowel signs and virama that belong to a word; mentions and links dropped), lower-cased, and read as phrases of one
//! to three words that neither start nor end with a stop word (our own lists for English, Hindi and Hinglish below).
//! A phrase counts once per text. Phrases raised in at least [`MIN_COUNT`] texts are scored by how much more often
//! they came up this week than last week (or than any background texts the caller gives):
//!
//! `score = a x ln((a + 1) / (b x N_this / N_last + 1))`
//!
//! where `a` and `b` are the texts holding the phrase this week and last week, and `N` the number of texts in each
//! (a smoothed log ratio weighted by the count, so a phrase new this week and raised often comes first, and one that
//! is as common as last week scores near zero, and one less common below zero). A phrase that contains another is
//! merged with it (the longer one names the theme when it holds most of the shorter one's texts), and themes raised in
//! mostly the same texts are grouped under the phrase raised most often (this week, then over both weeks). The
//! figures are counts of texts, never a claim about why.

use crate::normalise::normalise;
use std::collections::{BTreeMap, BTreeSet};

/// A phrase must come up in at least this many texts to be a theme.
pub const MIN_COUNT: usize = 2;
/// The longest phrase, in words.
pub const MAX_WORDS: usize = 3;
/// Example texts kept per theme.
pub const EXAMPLES: usize = 3;
/// A longer phrase names the merged theme when it holds at least this share of the shorter phrase's texts.
const LONGER_NAMES_AT: f64 = 0.6;
/// Two themes are grouped when their sets of texts overlap this much (Jaccard).
const GROUP_OVERLAP: f64 = 0.6;
/// Only this many of the best scored phrases per theme asked for are merged and grouped: the rest could not name a
/// theme, and merging is quadratic in the phrases it looks at.
const CANDIDATES_PER_THEME: usize = 40;

/// English stop words: function words and the chatter every message carries.
const STOP_EN: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "don", "down", "during", "each", "even", "ever",
    "few", "for", "from", "further", "get", "got", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it", "its",
    "itself", "just", "let", "like", "me", "more", "most", "much", "must", "my", "myself", "no",
    "nor", "not", "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other",
    "our", "ours", "out", "over", "own", "please", "pls", "plz", "really", "same", "she", "should",
    "so", "some", "still", "such", "than", "that", "thats", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "u", "under", "until", "up",
    "ur", "us", "very", "via", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "yes", "yet", "you", "your", "yours", "amp",
    "rt", "dont", "cant", "can't", "don't", "i'm", "it's", "you're", "won't", "isn't", "didn't",
    "doesn't", "ive", "i've", "youre", "wont", "isnt", "didnt", "doesnt", "been", "going", "gonna",
    "way", "back", "know", "need", "want", "make", "made", "say", "said", "see", "go", "day",
    "today", "time",
];

/// Hindi stop words in Devanagari: postpositions, auxiliaries, pronouns, particles.
const STOP_HI: &[&str] = &[
    "का",
    "के",
    "की",
    "को",
    "से",
    "में",
    "पर",
    "ने",
    "है",
    "हैं",
    "था",
    "थी",
    "थे",
    "हो",
    "होता",
    "होती",
    "होते",
    "हुआ",
    "हुई",
    "हुए",
    "और",
    "या",
    "भी",
    "ही",
    "तो",
    "यह",
    "ये",
    "वह",
    "वे",
    "वो",
    "इस",
    "उस",
    "इन",
    "उन",
    "मैं",
    "हम",
    "आप",
    "तुम",
    "मेरा",
    "मेरी",
    "मेरे",
    "हमारा",
    "हमारी",
    "आपका",
    "आपकी",
    "आपके",
    "अपना",
    "अपनी",
    "अपने",
    "कि",
    "जो",
    "क्या",
    "कोई",
    "कुछ",
    "सब",
    "एक",
    "नहीं",
    "न",
    "ना",
    "बहुत",
    "अब",
    "जब",
    "तक",
    "लिए",
    "साथ",
    "कर",
    "करें",
    "करना",
    "करने",
    "किया",
    "किए",
    "रहा",
    "रही",
    "रहे",
    "गया",
    "गई",
    "गए",
    "दिया",
    "जी",
    "जा",
    "जाता",
    "सकता",
    "सकते",
    "वाला",
    "वाली",
    "वाले",
    "पे",
    "यहाँ",
    "वहाँ",
    "कैसे",
    "क्यों",
    "कब",
    "कहाँ",
    "फिर",
    "लेकिन",
    "पर",
];

/// Hinglish (Hindi written in Latin letters) stop words, with their common spellings.
const STOP_HINGLISH: &[&str] = &[
    "hai", "hain", "ha", "hei", "ka", "ke", "ki", "ko", "se", "me", "mein", "main", "mai", "par",
    "pe", "ne", "aur", "ya", "bhi", "hi", "toh", "tho", "yeh", "ye", "wo", "woh", "vo", "voh",
    "is", "us", "iss", "uss", "hum", "aap", "ap", "tum", "tu", "mera", "meri", "mere", "hamara",
    "hamari", "apna", "apni", "apne", "aapka", "aapki", "aapke", "kya", "kyu", "kyun", "kyon",
    "kaise", "kab", "kahan", "koi", "kuch", "kuchh", "sab", "ek", "nahi", "nahin", "nai", "na",
    "bahut", "bohot", "bht", "ab", "jab", "tak", "liye", "lie", "saath", "sath", "kar", "karo",
    "karna", "karne", "kiya", "kiye", "raha", "rahi", "rahe", "tha", "thi", "the", "ho", "hota",
    "hoti", "hote", "hua", "hui", "hue", "gaya", "gayi", "gaye", "diya", "ji", "ja", "jo", "sakta",
    "sakte", "wala", "wali", "wale", "phir", "fir", "lekin", "par", "bhai", "yaar", "yar", "bro",
    "abhi", "aisa", "aise", "waisa", "kaun", "kisi",
];

/// True when `word` (lower case) is a stop word in English, Hindi or Hinglish.
pub fn is_stop_word(word: &str) -> bool {
    STOP_EN.contains(&word) || STOP_HI.contains(&word) || STOP_HINGLISH.contains(&word)
}

/// A character that belongs inside a word: letters and digits, and the Devanagari signs (matras, virama, nukta)
/// that are marks rather than letters, and the joiners Devanagari uses.
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
        || ('\u{0900}'..='\u{097F}').contains(&c)
        || c == '\u{200C}'
        || c == '\u{200D}'
        || c == '\''
}

/// The words of a text as themes read them: normalised, lower-cased, mentions and links left out, numbers and
/// one-letter Latin words dropped.
pub fn words(text: &str) -> Vec<String> {
    let text = normalise(text);
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        if raw.starts_with('@') || raw.contains("://") || raw.starts_with("www.") {
            continue;
        }
        for w in raw.split(|c: char| !in_word(c)) {
            let w = w.trim_matches('\'').to_lowercase();
            let latin_single = w.chars().count() == 1 && w.is_ascii();
            if w.is_empty() || latin_single || w.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            out.push(w);
        }
    }
    out
}

/// The distinct phrases (1 to [`MAX_WORDS`] words) of one text that neither start nor end with a stop word.
pub fn phrases(text: &str) -> BTreeSet<String> {
    let words = words(text);
    let mut out = BTreeSet::new();
    for n in 1..=MAX_WORDS {
        for w in words.windows(n) {
            if is_stop_word(&w[0]) || is_stop_word(&w[n - 1]) {
                continue;
            }
            out.insert(w.join(" "));
        }
    }
    out
}

/// One theme: the phrase that names it, the texts that hold it this week and last, and what was merged into it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Theme {
    pub phrase: String,
    /// Texts this week that hold the phrase.
    pub count: usize,
    /// Texts last week (or in the background) that hold it.
    pub previous: usize,
    pub score: f64,
    /// Phrases merged into this theme (contained in it or containing it) or grouped with it (raised in mostly the
    /// same texts), highest scored first.
    pub related: Vec<String>,
    /// Indices (into this week's texts) of up to [`EXAMPLES`] texts that hold the phrase.
    pub examples: Vec<usize>,
}

impl Theme {
    /// This week's count minus last week's.
    pub fn change(&self) -> i64 {
        self.count as i64 - self.previous as i64
    }
}

/// Which texts hold each phrase.
fn index(texts: &[&str]) -> BTreeMap<String, Vec<usize>> {
    let mut by_phrase: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, text) in texts.iter().enumerate() {
        for p in phrases(text) {
            by_phrase.entry(p).or_default().push(i);
        }
    }
    by_phrase
}

/// The smoothed log ratio of this week's count to last week's, scaled to this week's number of texts.
pub fn score(a: usize, b: usize, n_this: usize, n_last: usize) -> f64 {
    let expected = if n_last == 0 {
        0.0
    } else {
        b as f64 * n_this as f64 / n_last as f64
    };
    a as f64 * ((a as f64 + 1.0) / (expected + 1.0)).ln()
}

/// True when phrase `long` holds phrase `short` as whole words.
fn holds(long: &str, short: &str) -> bool {
    long != short && format!(" {long} ").contains(&format!(" {short} "))
}

fn jaccard(a: &[usize], b: &[usize]) -> f64 {
    let a: BTreeSet<&usize> = a.iter().collect();
    let b: BTreeSet<&usize> = b.iter().collect();
    let union = a.union(&b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(&b).count() as f64 / union as f64
    }
}

struct Draft {
    phrase: String,
    texts: Vec<usize>,
    score: f64,
    related: Vec<String>,
}

/// The themes of `this_week` against `last_week`, best first, at most `limit`.
pub fn themes(this_week: &[&str], last_week: &[&str], limit: usize) -> Vec<Theme> {
    let now = index(this_week);
    let before = index(last_week);
    let previous = |p: &str| before.get(p).map_or(0, Vec::len);
    let mut candidates: Vec<(String, Vec<usize>, f64)> = now
        .into_iter()
        .filter(|(_, texts)| texts.len() >= MIN_COUNT)
        .map(|(p, texts)| {
            let s = score(texts.len(), previous(&p), this_week.len(), last_week.len());
            (p, texts, s)
        })
        .collect();
    // Best first; between equals the longer phrase, then the alphabet, so the order is the same on every run.
    candidates.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then(b.0.split(' ').count().cmp(&a.0.split(' ').count()))
            .then(a.0.cmp(&b.0))
    });
    candidates.truncate(limit.max(1) * CANDIDATES_PER_THEME);
    let mut drafts: Vec<Draft> = Vec::new();
    for (phrase, texts, s) in candidates {
        let Some(d) = drafts
            .iter_mut()
            .find(|d| holds(&phrase, &d.phrase) || holds(&d.phrase, &phrase))
        else {
            drafts.push(Draft {
                phrase,
                texts,
                score: s,
                related: Vec::new(),
            });
            continue;
        };
        let longer = holds(&phrase, &d.phrase);
        if longer && texts.len() as f64 >= LONGER_NAMES_AT * d.texts.len() as f64 {
            let shorter = std::mem::replace(&mut d.phrase, phrase);
            d.related.insert(0, shorter);
            d.texts = texts;
            d.score = d.score.max(s);
        } else {
            d.related.push(phrase);
        }
    }
    // Group themes raised in mostly the same texts. The group keeps the better score; its name is the phrase raised
    // in the most texts this week, then over both weeks (the recurring one), then the longer.
    let rank = |d: &Draft| {
        (
            d.texts.len(),
            d.texts.len() + previous(&d.phrase),
            d.phrase.split(' ').count(),
        )
    };
    let mut grouped: Vec<Draft> = Vec::new();
    for mut d in drafts {
        match grouped
            .iter_mut()
            .find(|g| jaccard(&g.texts, &d.texts) >= GROUP_OVERLAP)
        {
            Some(g) => {
                if rank(&d) > rank(g) {
                    std::mem::swap(&mut g.phrase, &mut d.phrase);
                    std::mem::swap(&mut g.texts, &mut d.texts);
                }
                g.related.push(d.phrase);
                g.related.extend(d.related);
            }
            None => grouped.push(d),
        }
    }
    grouped
        .into_iter()
        .take(limit)
        .map(|d| Theme {
            count: d.texts.len(),
            previous: previous(&d.phrase),
            examples: d.texts.iter().take(EXAMPLES).copied().collect(),
            phrase: d.phrase,
            score: d.score,
            related: d.related,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A week written by us: three planted themes (English, Devanagari, Hinglish) in known numbers of messages,
    /// buried among messages made of stop words of all three languages and one-off words.
    fn fixture() -> (Vec<String>, Vec<String>) {
        let filler = [
            "the and is of to it this that was with for you",
            "है में का के की को से और भी तो यह",
            "hai ka ke ki ko se aur bhi toh yeh nahi kya",
            "I am not what you to me",
            "मैं आप को नहीं कर रहा था",
            "bhai yaar kya kar raha hai tu",
        ];
        let mut this_week = Vec::new();
        for i in 0..7 {
            this_week.push(format!(
                "@airline my refund not received yet #{i} https://example.com/x{i}"
            ));
        }
        for i in 0..6 {
            this_week.push(format!("मेरा पार्सल टूटा मिला है {i}"));
        }
        for i in 0..5 {
            this_week.push(format!("bhai mera paisa wapas chahiye {i}"));
        }
        for (i, f) in filler.iter().cycle().take(24).enumerate() {
            this_week.push(format!("{f} unique{i}word"));
        }
        let last_week: Vec<String> = filler
            .iter()
            .cycle()
            .take(30)
            .enumerate()
            .map(|(i, f)| format!("{f} earlier{i}word"))
            .collect();
        (this_week, last_week)
    }

    #[test]
    fn planted_themes_come_first_with_their_counts_and_stop_words_do_not() {
        let (this_week, last_week) = fixture();
        let now: Vec<&str> = this_week.iter().map(String::as_str).collect();
        let before: Vec<&str> = last_week.iter().map(String::as_str).collect();
        let found = themes(&now, &before, 10);
        let top: Vec<(&str, usize)> = found
            .iter()
            .take(3)
            .map(|t| (t.phrase.as_str(), t.count))
            .collect();
        assert_eq!(
            top,
            vec![
                ("refund not received", 7),
                ("पार्सल टूटा मिला", 6),
                ("paisa wapas chahiye", 5)
            ],
            "{found:#?}"
        );
        for t in &found {
            for word in t.phrase.split(' ') {
                assert!(
                    !(t.phrase.split(' ').count() == 1 && is_stop_word(word)),
                    "{t:?}"
                );
            }
            let first = t.phrase.split(' ').next().unwrap_or_default();
            let last = t.phrase.split(' ').next_back().unwrap_or_default();
            assert!(!is_stop_word(first) && !is_stop_word(last), "{t:?}");
        }
        for stop in ["the", "है", "में", "hai", "nahi", "bhai", "yaar", "नहीं"] {
            assert!(found.iter().all(|t| t.phrase != stop), "{stop}");
        }
        // Nothing was said about refunds last week: the change is the whole count.
        assert_eq!(found[0].change(), 7);
        assert_eq!(found[0].examples, vec![0, 1, 2]);
        assert!(found[0].related.contains(&"refund".to_string()));
    }

    #[test]
    fn devanagari_words_keep_their_vowel_signs_and_links_are_not_words() {
        assert_eq!(
            words("पार्सल टूटा! @someone https://x.in/a RT 2024"),
            vec!["पार्सल", "टूटा", "rt"]
        );
        assert!(phrases("the refund").contains("refund"));
        assert!(!phrases("the refund").contains("the refund"));
    }

    #[test]
    fn a_group_is_named_by_the_phrase_people_keep_raising() {
        // Four complaints this week, one last week: the recurring phrase names the group, the new words beside it.
        let now: Vec<String> = (0..4)
            .map(|i| format!("my refund not received yet, order {i}"))
            .collect();
        let now: Vec<&str> = now.iter().map(String::as_str).collect();
        let found = themes(&now, &["refund not received"], 5);
        assert_eq!(found[0].phrase, "refund not received", "{found:#?}");
        assert_eq!((found[0].count, found[0].previous), (4, 1));
        assert!(found[0].related.iter().any(|r| r.contains("order")));
        assert_eq!(found.len(), 1, "{found:#?}");
    }

    #[test]
    fn a_phrase_as_common_as_last_week_scores_nothing() {
        assert!(score(10, 10, 100, 100).abs() < 1e-9);
        assert!(score(10, 0, 100, 100) > score(10, 5, 100, 100));
        assert!(score(20, 0, 100, 0) > score(10, 0, 100, 0));
    }
}
