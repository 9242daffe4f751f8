//! Text that came from outside (a network, a request) before it is stored. PostgreSQL `text` cannot hold U+0000, so
//! one such character in one remote message would make the whole page's transaction fail on PostgreSQL and silence
//! the profile's inbox; SQLite would take it and the two databases would then disagree. Every string from a network
//! passes through [`storable`] on its way into the database, and requests are checked with [`first_unstorable`].
//!
//! A Rust `&str` is always valid UTF-8, so lone surrogates (`"\ud800"` in JSON) cannot reach here: the JSON reader
//! refuses them. Right-to-left marks, zero-width joiners and every other valid character are kept as they are; they
//! are text, and templates escape them.

use std::borrow::Cow;

/// Characters PostgreSQL's `text` cannot hold whatever the database encoding: only U+0000.
pub fn is_unstorable(c: char) -> bool {
    c == '\0'
}

/// The text with every character the databases cannot store removed; borrowed (no copy) when there is none.
pub fn storable(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unstorable) {
        Cow::Owned(text.chars().filter(|c| !is_unstorable(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// [`storable`] for an optional field.
pub fn storable_opt(text: Option<&str>) -> Option<Cow<'_, str>> {
    text.map(storable)
}

/// The character position of the first character that cannot be stored, if any: for refusing a request with a
/// sentence instead of silently changing what a person typed.
pub fn first_unstorable(text: &str) -> Option<usize> {
    text.chars().position(is_unstorable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_is_removed_and_everything_else_kept() {
        assert_eq!(storable("a\0b\0"), "ab");
        let rtl_and_zero_width = "שלום\u{200f} नमस्ते\u{200d}👨‍👩‍👧 \u{feff}";
        assert!(matches!(storable(rtl_and_zero_width), Cow::Borrowed(_)));
        assert_eq!(storable(rtl_and_zero_width), rtl_and_zero_width);
    }

    #[test]
    fn the_first_unstorable_character_is_found_by_position() {
        assert_eq!(first_unstorable("ok"), None);
        assert_eq!(first_unstorable("नम\0"), Some(2));
        assert_eq!(storable_opt(Some("x\0")).as_deref(), Some("x"));
        assert_eq!(storable_opt(None), None);
    }
}
