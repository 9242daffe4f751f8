//! Normalisation: NFKC, confusable letters and leetspeak folded, case and emoji kept.
//!
//! The result keeps the case and punctuation (VADER needs them) and every emoji. Folding is done
//! word by word: a word written in Latin letters with a few Cyrillic or Greek look-alikes
//! ("fuсk" with a Cyrillic "с") becomes plain Latin, and a word that mixes letters with leet
//! digits or symbols ("sh1t", "1d10t", "b!tch", "@ss") becomes letters. Numbers, mentions,
//! ordinals ("3rd", "5pm") and words with a plain trailing number ("covid19") are left alone.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Normalise a text for analysis (see the module documentation).
pub fn normalise(text: &str) -> String {
    let composed: String;
    let nfkc: &str = if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        composed = text.nfkc().collect();
        &composed
    };
    let mut out = String::with_capacity(nfkc.len());
    let mut start = 0;
    for (i, c) in nfkc.char_indices() {
        if c.is_whitespace() {
            if start < i {
                fold_word(&nfkc[start..i], &mut out);
            }
            out.push(c);
            start = i + c.len_utf8();
        }
    }
    if start < nfkc.len() {
        fold_word(&nfkc[start..], &mut out);
    }
    out
}

/// Lower-case key used for lexicon look-ups: letters lower-cased, runs of three or more of the
/// same letter cut to two ("stuuupid" -> "stuupid" is still not "stupid", so callers also try
/// [`squeeze`]).
pub fn key(word: &str) -> String {
    word.to_lowercase()
}

/// Runs of the same character cut to one ("chuuutiyaaa" -> "chutiya").
pub fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

fn confusable(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'а' => 'a',
        'в' => 'b',
        'е' => 'e',
        'ё' => 'e',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ї' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'һ' => 'h',
        'ӏ' => 'l',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        // Greek
        'α' => 'a',
        'ο' => 'o',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Latin look-alikes
        'ı' => 'i',
        'ɡ' => 'g',
        'ʟ' => 'l',
        'ǀ' => 'l',
        _ => return None,
    })
}

fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        _ => return None,
    })
}

fn fold_word(word: &str, out: &mut String) {
    // Fast path: pure ASCII letters and ordinary punctuation.
    let has_non_ascii = !word.is_ascii();
    let has_leet = word.chars().any(|c| leet(c).is_some());
    if !has_non_ascii && !has_leet {
        out.push_str(word);
        return;
    }
    // Confusables: only in a word that also has ASCII letters (so Russian or Greek stays).
    let mut buf: String;
    let mut w: &str = word;
    let ascii_letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    if has_non_ascii && ascii_letters > 0 {
        let look_alikes = word.chars().filter(|&c| confusable(c).is_some()).count();
        let other_letters = word
            .chars()
            .filter(|&c| c.is_alphabetic() && !c.is_ascii_alphabetic() && confusable(c).is_none())
            .count();
        if ascii_letters > 0 && look_alikes > 0 && other_letters == 0 {
            buf = word.chars().map(|c| confusable(c).unwrap_or(c)).collect();
            w = &buf;
        }
    }
    if has_leet && should_fold_leet(w) {
        let chars: Vec<char> = w.chars().collect();
        // Keep leading and trailing punctuation (an exclamation mark ending a sentence stays).
        let first = chars
            .iter()
            .position(|c| c.is_alphanumeric() || leet(*c).is_some() && *c != '!')
            .unwrap_or(chars.len());
        let last = chars
            .iter()
            .rposition(|c| c.is_alphanumeric())
            .map_or(first, |p| p + 1);
        buf = String::with_capacity(w.len());
        for (i, &c) in chars.iter().enumerate() {
            if i >= first && i < last.max(first) {
                buf.push(leet(c).unwrap_or(c));
            } else {
                buf.push(c);
            }
        }
        out.push_str(&buf);
        return;
    }
    out.push_str(w);
}

fn should_fold_leet(w: &str) -> bool {
    let core = w.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '@' | '$'));
    let core = core.trim_end_matches(['!', '|']);
    if core.starts_with('#') || w.starts_with('@') || w.starts_with('#') || w.starts_with('$') {
        return false;
    }
    if core.contains("://") || core.contains("www.") {
        return false;
    }
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let leets = core.chars().filter(|&c| leet(c).is_some()).count();
    if letters < 1 || leets == 0 || letters + leets < 3 {
        return false;
    }
    let lower = core.to_ascii_lowercase();
    // Ordinals, times and units: 3rd, 21st, 5pm, 10k, 4g, 90s.
    let digits_end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    if digits_end > 0 {
        let rest = &lower[digits_end..];
        if matches!(
            rest,
            "st" | "nd"
                | "rd"
                | "th"
                | "am"
                | "pm"
                | "s"
                | "k"
                | "m"
                | "g"
                | "x"
                | "h"
                | "min"
                | "kg"
                | "km"
                | "mb"
                | "gb"
                | "hrs"
                | "hr"
                | "yrs"
                | "mins"
                | "days"
                | "d"
        ) {
            return false;
        }
    }
    // A plain trailing number after a word of three or more letters: covid19, iphone11.
    let alpha_prefix = lower.chars().take_while(|c| c.is_alphabetic()).count();
    let rest: String = lower.chars().skip(alpha_prefix).collect();
    if alpha_prefix >= 3 && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    // Dates, prices and other mostly-digit tokens.
    if leets > letters + 1 && letters < 2 {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leetspeak_is_folded() {
        assert_eq!(normalise("you are a 1d10t"), "you are a idiot");
        assert_eq!(normalise("sh1t!"), "shit!");
        assert_eq!(normalise("b!tch"), "bitch");
        assert_eq!(normalise("what a l0ser"), "what a loser");
        assert_eq!(normalise("a55hole"), "asshole");
        assert_eq!(
            normalise("@user meet at 5pm on the 3rd, 2019"),
            "@user meet at 5pm on the 3rd, 2019"
        );
        assert_eq!(normalise("covid19 cases"), "covid19 cases");
        assert_eq!(normalise("wow!!!"), "wow!!!");
    }

    #[test]
    fn confusables_and_compatibility_forms_are_folded() {
        // Cyrillic "с" and "о" inside a Latin word.
        assert_eq!(normalise("fu\u{0441}k y\u{043e}u"), "fuck you");
        // Full-width and mathematical letters (NFKC).
        assert_eq!(normalise("ｉｄｉｏｔ"), "idiot");
        assert_eq!(normalise("𝐬𝐭𝐮𝐩𝐢𝐝"), "stupid");
        // Real Cyrillic stays Cyrillic.
        assert_eq!(normalise("привет мир"), "привет мир");
    }

    #[test]
    fn emoji_are_kept() {
        assert_eq!(normalise("great job 😀👍"), "great job 😀👍");
        assert_eq!(normalise("❤️ love it"), "❤️ love it");
        assert_eq!(normalise("बहुत अच्छा 🙏"), "बहुत अच्छा 🙏");
    }

    #[test]
    fn squeeze_cuts_repeated_letters() {
        assert_eq!(squeeze("chuuutiyaaa"), "chutiya");
    }
}
