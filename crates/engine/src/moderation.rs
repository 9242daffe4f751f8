//! Moderation as the engine does it: the workspace's rules prepared once for a run of the ingester
//! ([`CompiledRules`]), and muting and blocking authors on the network itself, where it offers that. A person's
//! "mute" in the inbox enqueues that job; the network call happens here, where the connectors live, and is retried
//! like any other.

use crate::{JobError, Networks};
use sangam_domain::now_millis;
use sangam_domain::rules::{Action, Condition, MessageFacts, Outcome, Rule};
use sangam_networks::Account;
use sangam_store::activity::{self, NewActivity};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, inbox, profiles};

pub use sangam_domain::job::MuteRequest;

pub async fn mute(
    db: &Db,
    secrets: &SecretBox,
    networks: &Networks,
    req: &MuteRequest,
) -> Result<(), JobError> {
    let profile = profiles::get(db, req.workspace_id, req.profile_id).await?;
    let network = networks
        .get(profile.network)
        .ok_or(JobError::NoConnector(profile.network))?;
    let account = Account {
        profile_id: profile.id,
        handle: profile.handle.clone(),
        credentials: profiles::credentials(db, secrets, profile.id).await?,
    };
    let done = network
        .mute_author(&account, &req.author_handle, req.action == "block")
        .await
        .map_err(|e| JobError::Retry {
            reason: e.to_string(),
            after_ms: 60_000,
        })?;
    if done {
        inbox::mark_mute_done(db, profile.id, &req.author_handle, &req.action).await?;
    }
    let entry = NewActivity {
        workspace_id: req.workspace_id,
        user_id: Some(req.user_id),
        action: if done {
            "muted_on_network"
        } else {
            "mute_not_offered_by_network"
        },
        object_kind: "profile",
        object_id: Some(profile.id),
        detail: &req.author_handle,
    };
    activity::record(db, entry, now_millis()).await?;
    Ok(())
}

/// A workspace's rules made ready to run over many messages: what `sangam_domain::rules::apply` works out again for
/// every message and every condition (each keyword trimmed and lower-cased, the text lower-cased) is done here once
/// per rule, and once per message. The outcome is `rules::apply`'s, to the letter (a test holds them together).
#[derive(Debug, Clone, Default)]
pub struct CompiledRules {
    rules: Vec<CompiledRule>,
    /// Whether any condition reads the lower-cased text, so that a message's text is lowered only then.
    reads_text: bool,
}

#[derive(Debug, Clone)]
struct CompiledRule {
    conditions: Vec<Check>,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
enum Check {
    /// Lower-cased, trimmed, none empty; no keyword left means the condition never holds.
    Keywords(Vec<String>),
    ContainsLink(bool),
    /// Conditions that read no text are asked as they are.
    Other(Condition),
}

impl CompiledRules {
    pub fn new<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> Self {
        let rules: Vec<CompiledRule> = rules
            .into_iter()
            .map(|r| CompiledRule {
                conditions: r.conditions.iter().map(compile).collect(),
                actions: r.actions.clone(),
            })
            .collect();
        let reads_text = rules.iter().any(|r| {
            r.conditions
                .iter()
                .any(|c| matches!(c, Check::Keywords(_) | Check::ContainsLink(_)))
        });
        CompiledRules { rules, reads_text }
    }

    /// What the rules decide for one message: `rules::apply(rules, m)`.
    pub fn apply(&self, m: &MessageFacts) -> Outcome {
        let lowered = if self.reads_text {
            m.text.to_lowercase()
        } else {
            String::new()
        };
        let mut out = Outcome::default();
        for (i, rule) in self.rules.iter().enumerate() {
            let matches = !rule.conditions.is_empty()
                && rule.conditions.iter().all(|c| holds(c, m, &lowered));
            if !matches {
                continue;
            }
            out.matched.push(i);
            for action in &rule.actions {
                out.take(action);
            }
        }
        out
    }
}

fn compile(condition: &Condition) -> Check {
    match condition {
        Condition::Keywords { any } => Check::Keywords(
            any.iter()
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .collect(),
        ),
        Condition::ContainsLink { link } => Check::ContainsLink(*link),
        other => Check::Other(other.clone()),
    }
}

fn holds(check: &Check, m: &MessageFacts, lowered: &str) -> bool {
    match check {
        Check::Keywords(words) => words.iter().any(|k| lowered.contains(k.as_str())),
        Check::ContainsLink(link) => {
            let has = lowered.contains("http://")
                || lowered.contains("https://")
                || lowered.contains("www.");
            has == *link
        }
        Check::Other(c) => c.holds(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sangam_domain::rules;
    use sangam_domain::{AbuseLabel, MessageKind, Sentiment};

    fn message(text: &str, sentiment: Sentiment, abusive: bool) -> MessageFacts {
        MessageFacts {
            text: text.into(),
            kind: MessageKind::Mention,
            profile_id: 1,
            author_followers: Some(12_000),
            lang: "en".into(),
            sentiment,
            abusive,
            abuse_score: if abusive { 0.9 } else { 0.1 },
            abuse_labels: if abusive {
                vec![AbuseLabel::Insult]
            } else {
                vec![]
            },
        }
    }

    fn rule(conditions: Vec<Condition>, actions: Vec<Action>) -> Rule {
        Rule {
            conditions,
            actions,
        }
    }

    #[test]
    fn compiled_rules_decide_what_the_domain_rules_decide() {
        let rules = vec![
            rule(
                vec![Condition::Keywords {
                    any: vec!["  REFUND ".into(), "".into(), "Ärger".into()],
                }],
                vec![
                    Action::Tag {
                        tag: " billing ".into(),
                    },
                    Action::AssignRotation,
                ],
            ),
            rule(
                vec![
                    Condition::ContainsLink { link: true },
                    Condition::Sentiment {
                        label: Sentiment::Negative,
                    },
                ],
                vec![Action::Hide, Action::Alert],
            ),
            rule(
                vec![Condition::Keywords {
                    any: vec!["   ".into()],
                }],
                vec![Action::MarkDone],
            ),
            rule(vec![], vec![Action::Hide]),
            rule(
                vec![
                    Condition::Abusive { abusive: true },
                    Condition::ContainsLink { link: false },
                ],
                vec![
                    Action::AssignTo { user_id: 7 },
                    Action::Tag {
                        tag: "billing".into(),
                    },
                ],
            ),
            rule(
                vec![Condition::AuthorFollowersAtLeast { followers: 10_000 }],
                vec![Action::Tag { tag: "vip".into() }],
            ),
        ];
        let compiled = CompiledRules::new(&rules);
        let messages = [
            message(
                "Where is my Refund? see HTTPS://example.test",
                Sentiment::Negative,
                false,
            ),
            message("ÄRGER mit der Rechnung", Sentiment::Neutral, false),
            message("you are an idiot", Sentiment::Negative, true),
            message("you are an idiot www.spam.test", Sentiment::Negative, true),
            message("lovely day", Sentiment::Positive, false),
            message("", Sentiment::Neutral, false),
        ];
        for m in &messages {
            assert_eq!(compiled.apply(m), rules::apply(&rules, m), "{:?}", m.text);
        }
        assert_eq!(
            compiled.apply(&messages[0]).tags,
            vec!["billing".to_string(), "vip".to_string()]
        );
        let none = CompiledRules::new(&[]);
        assert_eq!(none.apply(&messages[0]), Outcome::default());
    }
}
