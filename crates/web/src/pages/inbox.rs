//! The inbox pages: the list (filters, conversations, keyboard shortcuts), one conversation with its actions, the
//! moderation rules (tested against a sample before saving), and the inbox settings (SLA, exposure budget, saved
//! replies, one's own business hours and shield opt-in). Forms post and redirect, so everything works without script;
//! `inbox.js` adds shortcuts and `shield.js` reveals a shielded message once the server has counted the opening.

use super::{Chrome, PageError, WithUser};
use crate::AppState;
use crate::actions::inbox::{
    self as act, Clock, ConversationGroup, Detail, MySettings, NewRule, NewSavedReply, RuleTest,
    RuleTestResult,
};
use crate::auth::CurrentUser;
use crate::error::AppError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::Permission;
use sangam_domain::business_hours::format_duration;
use sangam_domain::rules::{Action, Condition, Rule};
use sangam_store::inbox::{self, Filter, Message, Person, SavedReply, Settings, StoredRule};
use sangam_store::profiles::{self, Profile};
use sangam_store::users::User;

/// Only web links are made clickable; anything else (`javascript:`, `data:`) stays text.
pub fn safe_url(url: &Option<String>) -> Option<String> {
    url.as_ref()
        .filter(|u| {
            let l = u.trim().to_ascii_lowercase();
            l.starts_with("https://") || l.starts_with("http://")
        })
        .map(|u| u.trim().to_string())
}

/// The clock of a conversation in words.
pub fn clock_text(t: &crate::i18n::Tr, clock: &Clock) -> String {
    let d = format_duration(clock.business_ms);
    match clock.state.as_str() {
        "answered" if clock.within_sla => t.t1("inbox-clock-answered", "time", d),
        "answered" => t.t1("inbox-clock-answered-late", "time", d),
        "overdue" => t.t1("inbox-clock-overdue", "time", d),
        _ => t.t1("inbox-clock-waiting", "time", d),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct FilterForm {
    #[serde(default)]
    pub profile: String,
    #[serde(default)]
    pub network: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub sentiment: String,
    #[serde(default)]
    pub abusive: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub assigned: String,
    #[serde(default)]
    pub hidden: String,
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

impl FilterForm {
    fn filter(&self) -> Filter {
        Filter {
            profile_id: self.profile.parse().ok(),
            network: some(&self.network),
            kind: some(&self.kind),
            status: some(&self.status),
            lang: some(&self.lang),
            sentiment: some(&self.sentiment),
            abusive: match self.abusive.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            tag: some(&self.tag),
            assigned: some(&self.assigned),
            hidden: Some(self.hidden == "yes"),
        }
    }
}

pub struct GroupView {
    pub group: ConversationGroup,
    pub clock: Option<String>,
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/inbox.html")]
pub struct InboxPage {
    pub page: Chrome,
    pub groups: Vec<GroupView>,
    pub form: FilterForm,
    pub profiles: Vec<Profile>,
    pub tags: Vec<String>,
    pub opened: Vec<i64>,
    pub shield_opt_in: bool,
    pub count: usize,
}

impl InboxPage {
    pub fn is_opened(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.opened.contains(id.borrow())
    }
    pub fn sel(&self, value: impl AsRef<str>, current: impl AsRef<str>) -> bool {
        value.as_ref() == current.as_ref()
    }
    pub fn link(&self, m: &Message) -> Option<String> {
        safe_url(&m.url)
    }
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(form): Query<FilterForm>,
) -> Result<InboxPage, PageError> {
    let groups = act::list(&state, &user, &form.filter())
        .await
        .for_user(&user)?;
    let settings = inbox::settings(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let page = Chrome::new(&user, "inbox", "inbox-title");
    let mut views = Vec::new();
    let mut ids = Vec::new();
    for group in groups {
        ids.extend(group.messages.iter().map(|m| m.id));
        let clock = act::clock(&state, &user, &group.messages, settings)
            .await
            .for_user(&user)?;
        views.push(GroupView {
            overdue: clock.as_ref().is_some_and(|c| c.state == "overdue"),
            clock: clock.as_ref().map(|c| clock_text(&page.t, c)),
            group,
        });
    }
    Ok(InboxPage {
        count: ids.len(),
        opened: inbox::opened_by(&state.db, user.id, &ids)
            .await
            .for_user(&user)?,
        shield_opt_in: inbox::person(&state.db, user.id)
            .await
            .for_user(&user)?
            .shield_opt_in,
        profiles: profiles::list(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        tags: inbox::tags(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        groups: views,
        form,
        page,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/conversation.html")]
pub struct ConversationPage {
    pub page: Chrome,
    pub d: Detail,
    pub clock: Option<String>,
    pub people: Vec<Person>,
    pub saved: Vec<SavedReply>,
    pub draft: String,
    pub exposure: i64,
    pub budget: i64,
}

impl ConversationPage {
    pub fn is_opened(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.d.opened.contains(id.borrow())
    }
    pub fn is_assignee(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.d.message.assigned_to == Some(*id.borrow())
    }
    pub fn link(&self, m: &Message) -> Option<String> {
        safe_url(&m.url)
    }
    pub fn sla(&self) -> i64 {
        self.d
            .clock
            .as_ref()
            .map(|c| c.sla_minutes)
            .unwrap_or_default()
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowQuery {
    /// A saved reply to start the draft from.
    pub saved: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<ConversationPage, PageError> {
    let d = act::detail(&state, &user, id).await.for_user(&user)?;
    let saved = inbox::saved_replies(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let draft = q
        .saved
        .and_then(|s| saved.iter().find(|r| r.id == s))
        .map(|r| act::fill_placeholders(&r.body, &d.message, &user))
        .unwrap_or_default();
    let page = Chrome::new(&user, "inbox", "conversation-title");
    let settings = inbox::settings(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    Ok(ConversationPage {
        clock: d.clock.as_ref().map(|c| clock_text(&page.t, c)),
        people: inbox::people(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        exposure: act::exposure_today(&state, &user).await.for_user(&user)?,
        budget: settings.exposure_budget,
        saved,
        draft,
        d,
        page,
    })
}

fn back(id: i64) -> Response {
    Redirect::to(&format!("/inbox/messages/{id}")).into_response()
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    pub user_id: String,
}

pub async fn assign(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<AssignForm>,
) -> Result<Response, PageError> {
    let to = match form.user_id.as_str() {
        "" => None,
        "me" => Some(user.id),
        other => Some(
            other
                .parse()
                .map_err(|_| AppError::invalid("person_invalid", "Pick a person."))
                .for_user(&user)?,
        ),
    };
    act::assign(&state, &user, id, to).await.for_user(&user)?;
    Ok(back(id))
}

pub async fn done(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::set_done(&state, &user, id, true)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

pub async fn reopen(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::set_done(&state, &user, id, false)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

pub async fn hide(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::set_hidden(&state, &user, id, true)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

pub async fn unhide(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::set_hidden(&state, &user, id, false)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct TextForm {
    #[serde(default)]
    pub text: String,
}

pub async fn tag(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::tag(&state, &user, id, &f.text).await.for_user(&user)?;
    Ok(back(id))
}

pub async fn untag(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::untag(&state, &user, id, &f.text)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

pub async fn note(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::note(&state, &user, id, &f.text)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

pub async fn reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::reply(&state, &user, id, &f.text)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

/// Counts an opening of a shielded message; `shield.js` reveals the text when this answers 204.
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::open_shielded(&state, &user, id)
        .await
        .for_user(&user)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct VerdictForm {
    #[serde(default)]
    pub abusive: String,
}

pub async fn verdict(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<VerdictForm>,
) -> Result<Response, PageError> {
    act::verdict(&state, &user, id, f.abusive == "yes")
        .await
        .for_user(&user)?;
    Ok(back(id))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct MuteForm {
    #[serde(default)]
    pub action: String,
}

pub async fn mute(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<MuteForm>,
) -> Result<Response, PageError> {
    act::mute(&state, &user, id, &f.action)
        .await
        .for_user(&user)?;
    Ok(back(id))
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

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
    pub fn rule(&self) -> Rule {
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
                label: self.sentiment.clone(),
            });
        }
        if !self.abuse_label.is_empty() {
            c.push(Condition::AbuseLabel {
                label: self.abuse_label.clone(),
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
                any: vec![self.kind.clone()],
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
        Rule {
            conditions: c,
            actions: a,
        }
    }
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
    pub fn describe(&self, rule: &Rule) -> String {
        serde_json::to_string(rule).unwrap_or_default()
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
    let rule = form.rule();
    if form.intent == "test" {
        let test = RuleTest {
            rule,
            text: form.sample.clone(),
            kind: if form.sample_kind.is_empty() {
                "mention".into()
            } else {
                form.sample_kind.clone()
            },
            profile_id: form.profile.parse().unwrap_or(0),
            author_followers: None,
        };
        let tested = act::test_rule(&state, &test);
        return Ok(rules_page(&state, &user, form, Some(tested), None)
            .await?
            .into_response());
    }
    match act::create_rule(
        &state,
        &user,
        NewRule {
            name: form.name.clone(),
            rule,
        },
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/inbox/rules").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            Ok((
                status,
                rules_page(&state, &user, form, None, Some(e.to_string())).await?,
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

// ---------------------------------------------------------------------------------------------------------------
// Settings

#[derive(Template, WebTemplate)]
#[template(path = "pages/inbox_settings.html")]
pub struct SettingsPage {
    pub page: Chrome,
    pub settings: Settings,
    pub me: Person,
    pub saved: Vec<SavedReply>,
    pub can_manage: bool,
    pub exposure: i64,
}

impl SettingsPage {
    pub fn hhmm(&self, minutes: impl std::borrow::Borrow<i64>) -> String {
        let m = *minutes.borrow();
        format!("{:02}:{:02}", m / 60, m % 60)
    }
}

pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<SettingsPage, PageError> {
    Ok(SettingsPage {
        page: Chrome::new(&user, "inbox", "inbox-settings-title"),
        settings: inbox::settings(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        me: inbox::person(&state.db, user.id).await.for_user(&user)?,
        saved: inbox::saved_replies(&state.db, user.workspace_id)
            .await
            .for_user(&user)?,
        can_manage: user.role.can(Permission::ManageInbox),
        exposure: act::exposure_today(&state, &user).await.for_user(&user)?,
    })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct WorkspaceForm {
    #[serde(default)]
    pub sla_minutes: String,
    #[serde(default)]
    pub exposure_budget: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<WorkspaceForm>,
) -> Result<Response, PageError> {
    let bad = || AppError::invalid("inbox_settings_invalid", "Enter whole numbers.");
    let s = Settings {
        sla_minutes: f
            .sla_minutes
            .trim()
            .parse()
            .map_err(|_| bad())
            .for_user(&user)?,
        exposure_budget: f
            .exposure_budget
            .trim()
            .parse()
            .map_err(|_| bad())
            .for_user(&user)?,
    };
    act::save_settings(&state, &user, s).await.for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct MyForm {
    #[serde(default)]
    pub shield_opt_in: String,
    #[serde(default)]
    pub work_start: String,
    #[serde(default)]
    pub work_end: String,
}

fn minutes(hhmm: &str) -> Option<i64> {
    let (h, m) = hhmm.trim().split_once(':')?;
    Some(h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?)
}

pub async fn save_mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<MyForm>,
) -> Result<Response, PageError> {
    let bad = || AppError::invalid("business_hours_invalid", "Enter times as HH:MM.");
    let s = MySettings {
        shield_opt_in: !f.shield_opt_in.is_empty(),
        work_start_min: minutes(&f.work_start).ok_or_else(bad).for_user(&user)?,
        work_end_min: minutes(&f.work_end).ok_or_else(bad).for_user(&user)?,
    };
    act::save_my_settings(&state, &user, s)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}

pub async fn create_saved_reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(f): Form<NewSavedReply>,
) -> Result<Response, PageError> {
    act::create_saved_reply(&state, &user, f)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}

pub async fn delete_saved_reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    act::delete_saved_reply(&state, &user, id)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/inbox/settings").into_response())
}
