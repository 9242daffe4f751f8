//! Moderation rules: ordered per workspace, each a list of conditions (all must hold) and a list of actions. Pure: the
//! engine applies them to every new message, and the rules page tests them against a sample before saving.

use crate::ErrorCode;
use crate::message::{AbuseLabel, MessageKind, Sentiment};
use serde::{Deserialize, Serialize};

/// What a rule can look at: a message and its analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MessageFacts {
    pub text: String,
    pub kind: MessageKind,
    pub profile_id: i64,
    pub author_followers: Option<i64>,
    pub lang: String,
    pub sentiment: Sentiment,
    pub abusive: bool,
    pub abuse_score: f64,
    pub abuse_labels: Vec<AbuseLabel>,
}

/// A word a rule names that no message can carry (a misspelt sentiment, kind or abuse label): refused when the rule
/// is saved, because a rule that looked for it would silently never match. Rules read from JSON are held to the
/// same words by their types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("A rule can only look for words the analysis gives: {value:?} is not a {fact}.")]
pub struct UnknownFact {
    /// Which fact: `sentiment`, `kind` or `abuse_label`.
    pub fact: &'static str,
    pub value: String,
}

impl UnknownFact {
    pub fn code(&self) -> ErrorCode {
        ErrorCode::RuleFactUnknown
    }
}

/// Reads the word a rule names for `fact` (a form field, say): the word, or the refusal that names it.
pub fn fact<T>(
    fact: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, UnknownFact> {
    parse(value.trim()).ok_or_else(|| UnknownFact {
        fact,
        value: value.to_string(),
    })
}

impl MessageFacts {
    pub fn has_link(&self) -> bool {
        let t = self.text.to_lowercase();
        t.contains("http://") || t.contains("https://") || t.contains("www.")
    }
}

/// One condition. A rule matches when every condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "if", rename_all = "snake_case")]
pub enum Condition {
    /// The text contains any of these words or phrases (case-insensitive).
    Keywords { any: Vec<String> },
    /// The detected language is one of these ("en", "hi").
    Language { any: Vec<String> },
    /// The sentiment label is this one.
    Sentiment { label: Sentiment },
    /// The analysis carries this abuse label.
    AbuseLabel { label: AbuseLabel },
    /// The abuse score is at least this (0 to 1).
    AbuseScoreAtLeast { score: f64 },
    /// The message was judged abusive (or not).
    Abusive { abusive: bool },
    /// The kind is one of these.
    Kind { any: Vec<MessageKind> },
    /// The message came to this profile.
    Profile { profile_id: i64 },
    /// The author has at least this many followers (unknown counts do not match).
    AuthorFollowersAtLeast { followers: i64 },
    /// The text contains a link (or not).
    ContainsLink { link: bool },
}

impl Condition {
    pub fn holds(&self, m: &MessageFacts) -> bool {
        match self {
            Condition::Keywords { any } => {
                let text = m.text.to_lowercase();
                any.iter()
                    .map(|k| k.trim().to_lowercase())
                    .any(|k| !k.is_empty() && text.contains(&k))
            }
            Condition::Language { any } => any.iter().any(|l| l == &m.lang),
            Condition::Sentiment { label } => *label == m.sentiment,
            Condition::AbuseLabel { label } => m.abuse_labels.contains(label),
            Condition::AbuseScoreAtLeast { score } => m.abuse_score >= *score,
            Condition::Abusive { abusive } => m.abusive == *abusive,
            Condition::Kind { any } => any.contains(&m.kind),
            Condition::Profile { profile_id } => m.profile_id == *profile_id,
            Condition::AuthorFollowersAtLeast { followers } => {
                m.author_followers.is_some_and(|f| f >= *followers)
            }
            Condition::ContainsLink { link } => m.has_link() == *link,
        }
    }
}

/// What a matching rule does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "then", rename_all = "snake_case")]
pub enum Action {
    /// Hide the message from the inbox list (kept, and shown under "hidden").
    Hide,
    /// Assign to this person.
    AssignTo { user_id: i64 },
    /// Assign in rotation among the team members who answer the inbox.
    AssignRotation,
    /// Add a tag.
    Tag { tag: String },
    /// Mark done.
    MarkDone,
    /// Write an alert to the activity log.
    Alert,
}

/// A rule as stored: conditions and actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
}

impl Rule {
    /// A rule without conditions would act on every message; a rule without actions does nothing. Both are refused.
    pub fn problem(&self) -> Option<ErrorCode> {
        if self.conditions.is_empty() {
            Some(ErrorCode::RuleWithoutConditions)
        } else if self.actions.is_empty() {
            Some(ErrorCode::RuleWithoutActions)
        } else {
            None
        }
    }

    pub fn matches(&self, m: &MessageFacts) -> bool {
        !self.conditions.is_empty() && self.conditions.iter().all(|c| c.holds(m))
    }
}

/// What the rules decided for one message.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Outcome {
    /// Indexes (in order) of the rules that matched.
    pub matched: Vec<usize>,
    pub hide: bool,
    pub done: bool,
    pub alert: bool,
    /// The first assignment wins: rules are ordered by priority.
    pub assign: Option<Action>,
    pub tags: Vec<String>,
}

/// Applies rules in order; every matching rule contributes its actions.
pub fn apply<'a>(rules: impl IntoIterator<Item = &'a Rule>, m: &MessageFacts) -> Outcome {
    let mut out = Outcome::default();
    for (i, rule) in rules.into_iter().enumerate() {
        if !rule.matches(m) {
            continue;
        }
        out.matched.push(i);
        for action in &rule.actions {
            out.take(action);
        }
    }
    out
}

impl Outcome {
    /// Folds one matching rule's action in: tags once each (trimmed, blanks dropped), the first assignment wins.
    pub fn take(&mut self, action: &Action) {
        match action {
            Action::Hide => self.hide = true,
            Action::MarkDone => self.done = true,
            Action::Alert => self.alert = true,
            Action::Tag { tag } => {
                let tag = tag.trim().to_string();
                if !tag.is_empty() && !self.tags.contains(&tag) {
                    self.tags.push(tag);
                }
            }
            a @ (Action::AssignTo { .. } | Action::AssignRotation) => {
                if self.assign.is_none() {
                    self.assign = Some(a.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MessageFacts {
        MessageFacts {
            text: "Where is my REFUND? see https://example.test".into(),
            kind: MessageKind::Mention,
            profile_id: 1,
            author_followers: Some(12_000),
            lang: "en".into(),
            sentiment: Sentiment::Negative,
            abusive: false,
            abuse_score: 0.1,
            abuse_labels: vec![],
        }
    }

    #[test]
    fn every_condition_must_hold() {
        let rule = Rule {
            conditions: vec![
                Condition::Keywords {
                    any: vec!["refund".into()],
                },
                Condition::Sentiment {
                    label: Sentiment::Negative,
                },
                Condition::AuthorFollowersAtLeast { followers: 10_000 },
                Condition::ContainsLink { link: true },
            ],
            actions: vec![Action::Tag {
                tag: "billing".into(),
            }],
        };
        assert!(rule.matches(&sample()));
        let mut calm = sample();
        calm.sentiment = Sentiment::Positive;
        assert!(!rule.matches(&calm));
    }

    #[test]
    fn rules_apply_in_order_and_the_first_assignment_wins() {
        let a = Rule {
            conditions: vec![Condition::Language {
                any: vec!["en".into()],
            }],
            actions: vec![
                Action::AssignTo { user_id: 7 },
                Action::Tag { tag: "vip".into() },
            ],
        };
        let b = Rule {
            conditions: vec![Condition::Kind {
                any: vec![MessageKind::Mention],
            }],
            actions: vec![
                Action::AssignRotation,
                Action::Hide,
                Action::Tag { tag: "vip".into() },
            ],
        };
        let out = apply([&a, &b], &sample());
        assert_eq!(out.matched, vec![0, 1]);
        assert_eq!(out.assign, Some(Action::AssignTo { user_id: 7 }));
        assert_eq!(out.tags, vec!["vip".to_string()]);
        assert!(out.hide);
    }

    #[test]
    fn empty_rules_are_refused_and_never_match() {
        let rule = Rule {
            conditions: vec![],
            actions: vec![Action::Hide],
        };
        assert_eq!(rule.problem(), Some(ErrorCode::RuleWithoutConditions));
        assert!(!rule.matches(&sample()));
    }

    #[test]
    fn a_misspelt_fact_is_refused_with_a_sentence_in_a_form_and_in_json() {
        let refused = fact("sentiment", "negatve", Sentiment::parse);
        let Err(e) = refused else {
            panic!("a typo must not become a sentiment");
        };
        assert_eq!(e.code(), ErrorCode::RuleFactUnknown);
        assert!(e.to_string().contains("\"negatve\""), "{e}");
        assert_eq!(
            fact("kind", " direct_message ", MessageKind::parse),
            Ok(MessageKind::DirectMessage)
        );
        let json =
            r#"{"conditions":[{"if":"sentiment","label":"negatve"}],"actions":[{"then":"hide"}]}"#;
        assert!(serde_json::from_str::<Rule>(json).is_err());
        let json =
            r#"{"conditions":[{"if":"kind","any":["mention"]}],"actions":[{"then":"hide"}]}"#;
        assert!(
            serde_json::from_str::<Rule>(json).is_ok(),
            "stored rules keep reading"
        );
    }

    #[test]
    fn rules_round_trip_through_json() {
        let rule = Rule {
            conditions: vec![Condition::AbuseScoreAtLeast { score: 0.8 }],
            actions: vec![Action::Hide, Action::Alert],
        };
        let json = serde_json::to_string(&rule).unwrap_or_default();
        assert!(json.contains(r#""if":"abuse_score_at_least""#), "{json}");
        let back: Result<Rule, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(rule));
    }
}
