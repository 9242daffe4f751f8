//! BERT's uncased WordPiece tokenizer, reading the vocabulary from a Hugging Face `tokenizer.json`.
//!
//! Our own rather than the `tokenizers` crate: all-MiniLM-L6-v2 needs only the BERT normaliser
//! (clean, CJK spacing, lowercase, strip accents), the BERT pre-tokeniser (whitespace and
//! punctuation) and greedy longest-match-first WordPiece, about a hundred lines; `tokenizers`
//! brings regex engines, rayon and a dozen models we would not use into every build of the
//! feature. The steps follow `BertNormalizer`, `BertPreTokenizer` and `WordPiece` of `tokenizers`.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Words longer than this (in characters) are one `[UNK]`, as in `tokenizers`.
const MAX_CHARS_PER_WORD: usize = 100;

/// The vocabulary and the special tokens' ids.
#[derive(Debug, Clone)]
pub struct WordPiece {
    vocab: HashMap<String, u32>,
    cls: u32,
    sep: u32,
    unk: u32,
}

impl WordPiece {
    /// Reads `model.vocab` of a `tokenizer.json` whose model is WordPiece.
    pub fn from_tokenizer_json(bytes: &[u8]) -> Result<Self, String> {
        let json: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let model = &json["model"];
        if model["type"].as_str() != Some("WordPiece") {
            return Err("the tokenizer's model is not WordPiece".into());
        }
        let vocab: HashMap<String, u32> = model["vocab"]
            .as_object()
            .ok_or("no model.vocab")?
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), u32::try_from(v.as_u64()?).ok()?)))
            .collect();
        Self::from_vocab(vocab)
    }

    /// A tokenizer over `vocab`, which must hold `[CLS]`, `[SEP]` and `[UNK]`.
    pub fn from_vocab(vocab: HashMap<String, u32>) -> Result<Self, String> {
        let id = |t: &str| {
            vocab
                .get(t)
                .copied()
                .ok_or_else(|| format!("the vocabulary has no {t}"))
        };
        Ok(WordPiece {
            cls: id("[CLS]")?,
            sep: id("[SEP]")?,
            unk: id("[UNK]")?,
            vocab,
        })
    }

    /// `[CLS] pieces [SEP]`, cut to `max_tokens` in all.
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let room = max_tokens.saturating_sub(2);
        let mut ids = vec![self.cls];
        'words: for word in pre_tokenize(&normalise(text)) {
            for id in self.pieces(&word) {
                if ids.len() > room {
                    break 'words;
                }
                ids.push(id);
            }
        }
        ids.push(self.sep);
        ids
    }

    /// Greedy longest-match-first; a word with any part not in the vocabulary is one `[UNK]`.
    fn pieces(&self, word: &str) -> Vec<u32> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_CHARS_PER_WORD {
            return vec![self.unk];
        }
        let mut out = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while end > start {
                let from = chars[start].0;
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                let piece = &word[from..to];
                let id = if start == 0 {
                    self.vocab.get(piece)
                } else {
                    self.vocab.get(&format!("##{piece}"))
                };
                if let Some(&id) = id {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            match found {
                Some(id) => out.push(id),
                None => return vec![self.unk],
            }
            start = end;
        }
        out
    }
}

/// BertNormalizer with clean_text, handle_chinese_chars, lowercase and strip_accents on.
fn normalise(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || (is_control(c)) {
            continue;
        }
        if c.is_whitespace() {
            spaced.push(' ');
        } else if is_cjk(c) {
            spaced.push(' ');
            spaced.push(c);
            spaced.push(' ');
        } else {
            spaced.push(c);
        }
    }
    // Accents go after NFD; `is_combining_mark` also takes spacing marks (Mc), which BERT keeps,
    // a difference only for Indic scripts, which the second stage does not read.
    spaced
        .to_lowercase()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// Control characters other than the whitespace ones (`tokenizers`' `is_control`, Cc and Cf).
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// The CJK ideograph blocks BERT pads with spaces.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// BERT's punctuation: all non-alphanumeric ASCII, plus Unicode punctuation; without a Unicode
/// category table the general and CJK punctuation blocks and fullwidth forms stand in for P*.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '¡' | '§' | '«' | '¶' | '·' | '»' | '¿')
        || matches!(c as u32,
            0x2010..=0x2027 | 0x2030..=0x205E | 0x3001..=0x3003 | 0x3008..=0x3011
            | 0x3014..=0x301F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65)
}

/// Whitespace split, then every punctuation character its own word.
fn pre_tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for chunk in text.split_whitespace() {
        let mut current = String::new();
        for c in chunk.chars() {
            if is_punctuation(c) {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
                words.push(c.to_string());
            } else {
                current.push(c);
            }
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> WordPiece {
        let vocab = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "hello", "!", ",", "cafe",
            "you", "are",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| ((*t).to_owned(), i as u32))
        .collect();
        WordPiece::from_vocab(vocab).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn splits_words_into_the_longest_pieces() {
        // [CLS] un ##aff ##able , hello ! [SEP]
        assert_eq!(
            tiny().encode("Unaffable, HELLO!", 128),
            vec![2, 4, 5, 6, 9, 7, 8, 3]
        );
    }

    #[test]
    fn strips_accents_and_marks_unknown_words() {
        // "café" -> "cafe"; "xyz" has no piece at all -> [UNK]
        assert_eq!(tiny().encode("Café xyz", 128), vec![2, 10, 1, 3]);
    }

    #[test]
    fn cuts_to_the_token_budget_with_the_separator_kept() {
        let ids = tiny().encode("you are you are you are", 5);
        assert_eq!(ids, vec![2, 11, 12, 11, 3]);
    }
}
