//! The words of a message from the public: what kind it is, where the team stands with it, how it reads, and what
//! abuse the analysis found in it. Each is stored as its `as_str` word and read back with `parse`.

use serde::{Deserialize, Serialize};

/// Declares a word enum: its variants with their stored spellings, `ALL`, `as_str`, `parse` and `Display`. The
/// spellings are the variants' names in snake_case, which serde and the OpenAPI schema say too, so the API says the
/// same words the database keeps (a test holds all three together).
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $( $(#[$vdoc:meta])* $variant:ident = $word:literal ),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|w| w.as_str() == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Lets pages and tests compare a word with its spelling (`message.kind == "reply"`).
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

words! {
    /// How a message reached us.
    MessageKind {
        Mention = "mention",
        Reply = "reply",
        Comment = "comment",
        DirectMessage = "direct_message",
        Quote = "quote",
    }
}

words! {
    /// Where the team stands with a message: waiting for someone, or closed.
    MessageStatus {
        Open = "open",
        Done = "done",
    }
}

words! {
    /// How a message reads, from the sentiment analysis.
    Sentiment {
        Positive = "positive",
        Neutral = "neutral",
        Negative = "negative",
    }
}

words! {
    /// The kinds of abuse the analysis labels (the text crate's labels, as the inbox and its rules name them).
    AbuseLabel {
        /// Swearing, vulgar words.
        Profanity = "profanity",
        /// Name-calling, degrading a person.
        Insult = "insult",
        /// Threats of violence.
        Threat = "threat",
        /// Attacks on a group, slurs.
        Hate = "hate",
        /// Sexual content or harassment.
        Sexual = "sexual",
        /// Unsolicited promotion, scams.
        Spam = "spam",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_reads_back_as_itself_and_serde_says_the_same_word() {
        for kind in MessageKind::ALL {
            assert_eq!(MessageKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(
                serde_json::to_value(kind).ok(),
                Some(serde_json::json!(kind.as_str()))
            );
        }
        assert_eq!(Sentiment::parse("negatve"), None, "a typo is no sentiment");
        assert_eq!(MessageStatus::parse("done"), Some(MessageStatus::Done));
        assert_eq!(AbuseLabel::parse("threat"), Some(AbuseLabel::Threat));
    }

    /// The words the OpenAPI document promises for `T`, the words serde sends, and the words the store keeps.
    fn three_spellings<T>(all: &[T]) -> [serde_json::Value; 3]
    where
        T: utoipa::PartialSchema + Serialize + std::fmt::Display,
    {
        let schema = serde_json::to_value(T::schema()).unwrap_or_default();
        let sent = all
            .iter()
            .map(|w| serde_json::to_value(w).unwrap_or_default());
        let stored = all.iter().map(|w| serde_json::json!(w.to_string()));
        [schema["enum"].clone(), sent.collect(), stored.collect()]
    }

    #[test]
    fn the_api_schema_names_the_words_the_api_sends_and_the_store_keeps() {
        for [schema, sent, stored] in [
            three_spellings(MessageKind::ALL),
            three_spellings(MessageStatus::ALL),
            three_spellings(Sentiment::ALL),
            three_spellings(AbuseLabel::ALL),
        ] {
            assert_eq!(schema, sent, "the OpenAPI enum differs from what is sent");
            assert_eq!(sent, stored, "what is sent differs from what is stored");
        }
    }
}
