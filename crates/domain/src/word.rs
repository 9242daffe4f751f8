//! The domain's words as they are stored: every enum that the store keeps as text has one spelling per variant
//! (`as_str`) and reads it back (`parse`). A stored word the code does not know is an error, never a silent default:
//! the store decodes columns with `#[sqlx(try_from = "String")]`, which goes through the `TryFrom<String>` made here.

/// A stored word that is not one of the enum's spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a known {what}")]
pub struct UnknownWord {
    pub what: &'static str,
    pub value: String,
}

/// Gives each listed enum `TryFrom<String>` through its `parse`, naming the enum in the error. A macro because Rust
/// cannot implement `TryFrom` for every type with a `parse` at once (it would overlap the standard blanket impl).
#[macro_export]
macro_rules! stored_words {
    ($($word:ty),* $(,)?) => {$(
        impl TryFrom<String> for $word {
            type Error = $crate::word::UnknownWord;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                <$word>::parse(&value).ok_or_else(|| $crate::word::UnknownWord {
                    what: stringify!($word),
                    value,
                })
            }
        }
    )*};
}

stored_words!(
    crate::NetworkKind,
    crate::DeliveryState,
    crate::PostStatus,
    crate::Role,
    crate::approval::Needs,
    crate::approval::Decision,
    crate::care::FocusKind,
    crate::MessageKind,
    crate::MessageStatus,
    crate::Sentiment,
    crate::AbuseLabel,
    crate::ProfileStatus,
    crate::JobKind,
    crate::webhook::EventType,
    crate::webhook::DeliveryStatus,
);

#[cfg(test)]
mod tests {
    use crate::{NetworkKind, PostStatus};

    #[test]
    fn a_stored_word_reads_back_and_an_unknown_one_is_an_error_not_a_default() {
        assert_eq!(
            NetworkKind::try_from("bluesky".to_string()),
            Ok(NetworkKind::Bluesky)
        );
        let Err(err) = PostStatus::try_from("publishd".to_string()) else {
            panic!("a misspelt status must not read as a status");
        };
        assert_eq!(err.value, "publishd");
        assert!(err.to_string().contains("PostStatus"), "{err}");
    }
}
