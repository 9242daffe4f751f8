//! The moderation rules page: the workspace's rules written back as sentences, a new rule tested against a sample
//! of recent messages before it is saved, and reordering or deleting them.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inbox::actions::{self as act, NewRule, RuleTest, RuleTestResult};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::Permission;
use sangam_domain::rules::{self, Action, Condition, Rule};
use sangam_domain::{AbuseLabel, MessageKind, Sentiment};
use sangam_store::inbox::{self, Person, StoredRule};
use sangam_store::profiles::{self, Profile};
use sangam_store::users::User;

#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub keywords: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub sentiment: String,
    #[serde(default)]
    pub abuse_label: String,
    #[serde(default)]
    pub min_score: String,
    #[serde(default)]
    pub abusive: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub profile: String,
    #[serde(default)]
    pub min_followers: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub act_hide: String,
    #[serde(default)]
    pub act_done: String,
    #[serde(default)]
    pub act_alert: String,
    #[serde(default)]
    pub assign: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub sample: String,
    /// The kind of the sample message (a mention when not given).
    #[serde(default)]
    pub sample_kind: String,
    #[serde(default)]
    pub intent: String,
}

impl RuleForm {
    /// The rule the form describes. A sentiment, abuse label or kind that is not one of the analysis' words is
    /// refused here, as the rule is saved or tested, rather than kept as a rule that never matches.
    pub fn rule(&self) -> Result<Rule, AppError> {
        let mut c = Vec::new();
        let words: Vec<String> = self
            .keywords
            .split(',')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if !words.is_empty() {
            c.push(Condition::Keywords { any: words });
        }
        if !self.lang.is_empty() {
            c.push(Condition::Language {
                any: vec![self.lang.clone()],
            });
        }
        if !self.sentiment.is_empty() {
            c.push(Condition::Sentiment {
                label: fact("sentiment", &self.sentiment, Sentiment::parse)?,
            });
        }
        if !self.abuse_label.is_empty() {
            c.push(Condition::AbuseLabel {
                label: fact("abuse_label", &self.abuse_label, AbuseLabel::parse)?,
            });
        }
        if let Ok(score) = self.min_score.trim().parse::<f64>() {
            c.push(Condition::AbuseScoreAtLeast { score });
        }
        match self.abusive.as_str() {
            "yes" => c.push(Condition::Abusive { abusive: true }),
            "no" => c.push(Condition::Abusive { abusive: false }),
            _ => {}
        }
        if !self.kind.is_empty() {
            c.push(Condition::Kind {
                any: vec![fact("kind", &self.kind, MessageKind::parse)?],
            });
        }
        if let Ok(profile_id) = self.profile.parse() {
            c.push(Condition::Profile { profile_id });
        }
        if let Ok(followers) = self.min_followers.trim().parse() {
            c.push(Condition::AuthorFollowersAtLeast { followers });
        }
        match self.link.as_str() {
            "yes" => c.push(Condition::ContainsLink { link: true }),
            "no" => c.push(Condition::ContainsLink { link: false }),
            _ => {}
        }
        let mut a = Vec::new();
        if !self.act_hide.is_empty() {
            a.push(Action::Hide);
        }
        if !self.act_done.is_empty() {
            a.push(Action::MarkDone);
        }
        if !self.act_alert.is_empty() {
            a.push(Action::Alert);
        }
        match self.assign.as_str() {
            "" => {}
            "rotation" => a.push(Action::AssignRotation),
            id => {
                if let Ok(user_id) = id.parse() {
                    a.push(Action::AssignTo { user_id });
                }
            }
        }
        if !self.tag.trim().is_empty() {
            a.push(Action::Tag {
                tag: self.tag.trim().to_lowercase(),
            });
        }
        Ok(Rule {
            conditions: c,
            actions: a,
        })
    }
}

/// The analysis' word a form field names for a rule fact, or the refusal that names what was given.
fn fact<T>(name: &'static str, value: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    rules::fact(name, value, parse).map_err(|e| AppError::refuse(e.code()).with("value", e.value))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/inbox_rules.html")]
pub struct RulesPage {
    pub page: Chrome,
    pub rules: Vec<StoredRule>,
    pub can_manage: bool,
    pub people: Vec<Person>,
    pub profiles: Vec<Profile>,
    pub form: RuleForm,
    pub tested: Option<RuleTestResult>,
    pub error: Option<String>,
}

impl RulesPage {
    pub fn sel(&self, value: impl AsRef<str>, current: impl AsRef<str>) -> bool {
        value.as_ref() == current.as_ref()
    }
    /// The rule written back as a sentence in the person's language.
    pub fn describe(&self, rule: &Rule) -> String {
        describe_rule(&self.page.t, rule, &self.people, &self.profiles)
    }
}

async fn rules_page(
    state: &AppState,
    user: &User,
    form: RuleForm,
    tested: Option<RuleTestResult>,
    error: Option<String>,
) -> Result<RulesPage, PageError> {
    Ok(RulesPage {
        page: Chrome::new(user, "inbox", "rules-title"),
        rules: inbox::rules(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        can_manage: user.role.can(Permission::ManageInbox),
        people: inbox::people(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        profiles: profiles::list(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        form,
        tested,
        error,
    })
}

pub async fn rules(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<RulesPage, PageError> {
    rules_page(&state, &user, RuleForm::default(), None, None).await
}

/// Tests the rule against the sample (`intent=test`, nothing saved) or saves it.
pub async fn save_rule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<RuleForm>,
) -> Result<Response, PageError> {
    let saved = if form.intent == "test" {
        let sample_kind = match form.sample_kind.as_str() {
            "" => Ok(MessageKind::Mention),
            kind => fact("kind", kind, MessageKind::parse),
        };
        match (form.rule(), sample_kind) {
            (Ok(rule), Ok(kind)) => {
                let test = RuleTest {
                    rule,
                    text: form.sample.clone(),
                    kind,
                    profile_id: form.profile.parse().unwrap_or(0),
                    author_followers: None,
                };
                let tested = act::test_rule(&state, &test);
                return Ok(rules_page(&state, &user, form, Some(tested), None)
                    .await?
                    .into_response());
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    } else {
        match form.rule() {
            Ok(rule) => {
                let name = form.name.clone();
                act::create_rule(&state, &user, NewRule { name, rule }).await
            }
            Err(e) => Err(e),
        }
    };
    match saved {
        Ok(_) => Ok(Redirect::to("/inbox/rules").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            Ok((
                status,
                rules_page(&state, &user, form, None, Some(e.message_for(&user))).await?,
            )
                .into_response())
        }
        Err(e) => Err(e).for_user(&user),
    }
}

pub async fn delete_rule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::delete_rule(&state, &user, id).await.for_user(&user)?;
    Ok(Redirect::to("/inbox/rules").into_response())
}

pub async fn rule_up(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::move_rule_up(&state, &user, id).await.for_user(&user)?;
    Ok(Redirect::to("/inbox/rules").into_response())
}

/// A moderation rule as a sentence: "When a message is abusive and is in Hindi, assign it to Asha and tag it
/// 'escalate'." People and profiles are named; ids that no longer exist say so.
pub fn describe_rule(
    t: &crate::i18n::Tr,
    rule: &Rule,
    people: &[Person],
    profiles: &[Profile],
) -> String {
    let list = |items: &[String]| items.join(", ");
    let conditions: Vec<String> = rule
        .conditions
        .iter()
        .map(|c| match c {
            Condition::Keywords { any } => {
                let words: Vec<String> = any.iter().map(|w| format!("“{w}”")).collect();
                t.t1("rule-c-keywords", "words", list(&words))
            }
            Condition::Language { any } => {
                let names: Vec<String> = any.iter().map(|l| t.named("lang", l)).collect();
                t.t1("rule-c-language", "lang", list(&names))
            }
            Condition::Sentiment { label } => t.t1(
                "rule-c-sentiment",
                "sentiment",
                t.named("sentiment", label.as_str()).to_lowercase(),
            ),
            Condition::AbuseLabel { label } => t.t1("rule-c-abuse-label", "label", label.as_str()),
            Condition::AbuseScoreAtLeast { score } => {
                t.t1("rule-c-score", "score", format!("{score:.2}"))
            }
            Condition::Abusive { abusive: true } => t.t("rule-c-abusive"),
            Condition::Abusive { abusive: false } => t.t("rule-c-not-abusive"),
            Condition::Kind { any } => {
                let names: Vec<String> = any
                    .iter()
                    .map(|k| t.named("kind", k.as_str()).to_lowercase())
                    .collect();
                t.t1("rule-c-kind", "kind", list(&names))
            }
            Condition::Profile { profile_id } => {
                let name = profiles
                    .iter()
                    .find(|p| p.id == *profile_id)
                    .map(|p| format!("@{}", p.handle))
                    .unwrap_or_else(|| t.t("rule-removed-profile"));
                t.t1("rule-c-profile", "profile", name)
            }
            Condition::AuthorFollowersAtLeast { followers } => {
                t.t_count("rule-c-followers", "followers", *followers)
            }
            Condition::ContainsLink { link: true } => t.t("rule-c-link"),
            Condition::ContainsLink { link: false } => t.t("rule-c-no-link"),
        })
        .collect();
    let actions: Vec<String> = rule
        .actions
        .iter()
        .map(|a| match a {
            Action::Hide => t.t("rule-a-hide"),
            Action::AssignTo { user_id } => {
                let name = people
                    .iter()
                    .find(|p| p.user_id == *user_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| t.t("rule-removed-person"));
                t.t1("rule-a-assign", "name", name)
            }
            Action::AssignRotation => t.t("rule-a-rotation"),
            Action::Tag { tag } => t.t1("rule-a-tag", "tag", tag),
            Action::MarkDone => t.t("rule-a-done"),
            Action::Alert => t.t("rule-a-alert"),
        })
        .collect();
    let and = format!(" {} ", t.t("rule-and"));
    format!(
        "{} {}",
        t.t1("rule-when", "conditions", conditions.join(&and)),
        t.t1("rule-then", "actions", actions.join(&and))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asha() -> Person {
        Person {
            user_id: 7,
            name: "Asha".into(),
            role: "member".into(),
            time_zone: "UTC".into(),
            shield_opt_in: true,
            work_start_min: 540,
            work_end_min: 1020,
        }
    }

    fn escalate() -> Rule {
        Rule {
            conditions: vec![
                Condition::Abusive { abusive: true },
                Condition::Language {
                    any: vec!["hi".into()],
                },
            ],
            actions: vec![
                Action::AssignTo { user_id: 7 },
                Action::Tag {
                    tag: "escalate".into(),
                },
            ],
        }
    }

    #[test]
    fn a_rule_reads_as_a_sentence_in_english_and_hindi() {
        let en = crate::i18n::Tr::new("en-US", "UTC");
        assert_eq!(
            describe_rule(&en, &escalate(), &[asha()], &[]),
            "When a message is abusive and is in Hindi, assign it to Asha and tag it ‘escalate’."
        );
        let hi = crate::i18n::Tr::new("hi-IN", "UTC");
        assert_eq!(
            describe_rule(&hi, &escalate(), &[asha()], &[]),
            "जब कोई संदेश अपमानजनक हो और हिन्दी में हो, तो उसे Asha को सौंपें और उस पर ‘escalate’ टैग लगाएँ।"
        );
    }

    #[test]
    fn a_rule_naming_someone_who_left_says_so() {
        let en = crate::i18n::Tr::new("en-US", "UTC");
        let sentence = describe_rule(&en, &escalate(), &[], &[]);
        assert!(
            sentence.contains("assign it to a person no longer in the team"),
            "{sentence}"
        );
    }
}
