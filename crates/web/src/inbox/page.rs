//! The inbox pages: two panes, the list of messages (filters, keyset pages of 50, bulk actions) and the open
//! conversation with its actions; the moderation rules (written back as sentences, tested against a sample before
//! saving), and the inbox settings (SLA, exposure budget, saved replies, one's own business hours and shield opt-in).
//! Forms post and redirect, so everything works without script; `inbox.js` adds shortcuts and "select all", and htmx
//! swaps in a shielded message's text, which the server sends only once it has recorded the opening.

use super::shield;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inbox::actions::{
    self as act, Bulk, BulkAction, Clock, Detail, MySettings, NewRule, NewSavedReply, RuleTest,
    RuleTestResult,
};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::Permission;
use sangam_domain::rules::{self, Action, Condition, Rule};
use sangam_domain::{AbuseLabel, MessageKind, Sentiment};
use sangam_store::inbox::{
    self, Count, Direction, Filter, Message, Person, SavedReply, Settings, StoredRule,
};
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
    let d = t.duration(clock.business_ms);
    match clock.state.as_str() {
        "answered" if clock.within_sla => t.t1("inbox-clock-answered", "time", d),
        "answered" => t.t1("inbox-clock-answered-late", "time", d),
        "overdue" => t.t1("inbox-clock-overdue", "time", d),
        _ => t.t1("inbox-clock-waiting", "time", d),
    }
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
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
    /// `breached`: only messages waiting past the SLA.
    #[serde(default)]
    pub sla: String,
    /// Where the list page starts (`received_at_id`), and which way from it (`newer`; else older).
    #[serde(default)]
    pub cursor: String,
    #[serde(default)]
    pub direction: String,
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
            sla: some(&self.sla),
            ids: None,
        }
    }

    fn pairs(&self) -> [(&'static str, &str); 11] {
        [
            ("profile", &self.profile),
            ("network", &self.network),
            ("kind", &self.kind),
            ("status", &self.status),
            ("lang", &self.lang),
            ("sentiment", &self.sentiment),
            ("abusive", &self.abusive),
            ("tag", &self.tag),
            ("assigned", &self.assigned),
            ("hidden", &self.hidden),
            ("sla", &self.sla),
        ]
    }

    /// The filter as a query string (no page position): for the page links.
    pub fn filter_query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs() {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }

    /// The filter and page position as a query string: carried by message links and forms, so the list stays where
    /// it was while a conversation is answered.
    pub fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(self.filter_query());
        if !self.cursor.is_empty() {
            q.append_pair("cursor", &self.cursor);
            if self.direction == "newer" {
                q.append_pair("direction", "newer");
            }
        }
        q.finish()
    }

    fn direction(&self) -> Direction {
        if self.direction == "newer" {
            Direction::Newer
        } else {
            Direction::Older
        }
    }
}

/// One row of the list: the message and its reply clock in words.
pub struct Row {
    pub m: Message,
    pub clock: Option<String>,
    /// The clock in a few words, for the row (the full sentence is its title).
    pub short: String,
    /// `answered`, `late`, `waiting` or `overdue`.
    pub sla: &'static str,
}

/// The open conversation of the right pane.
pub struct Open {
    pub d: Detail,
    pub clock: Option<String>,
    pub people: Vec<Person>,
    pub saved: Vec<SavedReply>,
    pub draft: String,
    pub exposure: i64,
    pub budget: i64,
}

/// The inbox: the list of messages (filters, paging, bulk actions) on the left and, when one is open, its
/// conversation on the right. On a narrow screen only one of the two shows, with a link back to the list.
#[derive(Template, WebTemplate)]
#[template(path = "pages/inbox.html")]
pub struct InboxPage {
    pub page: Chrome,
    pub rows: Vec<Row>,
    pub form: FilterForm,
    pub profiles: Vec<Profile>,
    pub tags: Vec<String>,
    pub people: Vec<Person>,
    pub shield_opt_in: bool,
    pub count: Count,
    pub newer: Option<String>,
    pub older: Option<String>,
    pub can_answer: bool,
    pub open: Option<Open>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

impl InboxPage {
    pub fn sel(&self, value: impl AsRef<str>, current: impl AsRef<str>) -> bool {
        value.as_ref() == current.as_ref()
    }
    pub fn link(&self, m: &Message) -> Option<String> {
        safe_url(&m.url)
    }
    /// The list's query string, `?`-prefixed when there is one.
    pub fn q(&self) -> String {
        let q = self.form.query();
        if q.is_empty() { q } else { format!("?{q}") }
    }
    /// A page link: the filter with a cursor.
    pub fn page_link(&self, cursor: &str, direction: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(self.form.filter_query());
        q.append_pair("cursor", cursor);
        if direction == "newer" {
            q.append_pair("direction", "newer");
        }
        format!("/inbox?{}", q.finish())
    }
    pub fn sla_minutes(&self) -> i64 {
        self.open
            .as_ref()
            .and_then(|o| o.d.clock.as_ref())
            .map(|c| c.sla_minutes)
            .unwrap_or_default()
    }
    pub fn is_assignee(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.d.message.assigned_to == Some(*id.borrow()))
    }
    pub fn is_open(&self, id: impl std::borrow::Borrow<i64>) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.d.message.id == *id.borrow())
    }
    /// The count in words: exact, or "more than" past the bound.
    pub fn count_text(&self) -> String {
        let t = &self.page.t;
        if self.count.exact {
            t.t_count("inbox-count-total", "count", self.count.n)
        } else {
            t.t_count("inbox-count-more", "count", self.count.n)
        }
    }
    pub fn snippet(&self, m: &Message) -> String {
        let text: String = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() > 110 {
            format!("{}…", text.chars().take(110).collect::<String>())
        } else {
            text
        }
    }
    /// A short sign for a message's kind, shown beside its word.
    pub fn kind_icon(&self, kind: &MessageKind) -> &'static str {
        match kind {
            MessageKind::Mention => "@",
            MessageKind::Reply => "↩",
            MessageKind::Comment => "💬",
            MessageKind::DirectMessage => "✉",
            MessageKind::Quote => "❝",
        }
    }
}

/// A message's own reply clock, for its row.
async fn row_clock(
    state: &AppState,
    user: &User,
    m: &Message,
    settings: Settings,
    t: &crate::i18n::Tr,
) -> Result<(Option<String>, &'static str, String), AppError> {
    let clock = act::clock(state, user, std::slice::from_ref(m), settings).await?;
    let sla = match clock.as_ref() {
        Some(c) if c.state == "answered" && c.within_sla => "answered",
        Some(c) if c.state == "answered" => "late",
        Some(c) if c.state == "overdue" => "overdue",
        Some(_) => "waiting",
        None => "none",
    };
    let short = match clock.as_ref() {
        Some(c) => {
            let d = t.duration(c.business_ms);
            match sla {
                "answered" => t.t("inbox-sla-short-answered"),
                "late" => t.t("inbox-sla-short-late"),
                "overdue" => t.t1("inbox-sla-short-overdue", "time", d),
                _ => t.t1("inbox-sla-short-waiting", "time", d),
            }
        }
        None => String::new(),
    };
    Ok((clock.as_ref().map(|c| clock_text(t, c)), sla, short))
}

async fn open_pane(
    state: &AppState,
    user: &User,
    id: i64,
    saved_id: Option<i64>,
    t: &crate::i18n::Tr,
) -> Result<Open, AppError> {
    let d = act::detail(state, user, id).await?;
    let saved = inbox::saved_replies(&state.db, user.workspace_id).await?;
    let draft = match saved_id.and_then(|s| saved.iter().find(|r| r.id == s)) {
        // The draft is filled from the full message (a saved reply may name the author), never shown shielded text.
        Some(r) => {
            let full = inbox::get(&state.db, user.workspace_id, id).await?;
            act::fill_placeholders(&r.body, &full, user)
        }
        None => String::new(),
    };
    let settings = inbox::settings(&state.db, user.workspace_id).await?;
    Ok(Open {
        clock: d.clock.as_ref().map(|c| clock_text(t, c)),
        people: inbox::people(&state.db, user.workspace_id).await?,
        exposure: shield::exposure_today(state, user).await?,
        budget: settings.exposure_budget,
        saved,
        draft,
        d,
    })
}

/// Draws the inbox with the list as `form` says and, when `open` names one, that conversation.
async fn render(
    state: &AppState,
    user: &User,
    form: FilterForm,
    open: Option<(i64, Option<i64>)>,
    error: Option<String>,
) -> Result<InboxPage, AppError> {
    let page = Chrome::new(user, "inbox", "inbox-title");
    let list = act::page(
        state,
        user,
        &form.filter(),
        Some(form.cursor.as_str()),
        form.direction(),
    )
    .await?;
    let settings = inbox::settings(&state.db, user.workspace_id).await?;
    let mut rows = Vec::new();
    for m in list.messages {
        let (clock, sla, short) = row_clock(state, user, &m, settings, &page.t).await?;
        rows.push(Row {
            m,
            clock,
            short,
            sla,
        });
    }
    let open = match open {
        Some((id, saved)) => Some(open_pane(state, user, id, saved, &page.t).await?),
        None => None,
    };
    Ok(InboxPage {
        rows,
        count: list.count,
        newer: list.newer_cursor,
        older: list.older_cursor,
        shield_opt_in: inbox::person(&state.db, user.id).await?.shield_opt_in,
        profiles: profiles::list(&state.db, user.workspace_id).await?,
        tags: inbox::tags(&state.db, user.workspace_id).await?,
        people: inbox::people(&state.db, user.workspace_id).await?,
        can_answer: user.role.can(Permission::AnswerInbox),
        form,
        open,
        error,
        notice: None,
        page,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(form): Query<FilterForm>,
) -> Result<InboxPage, PageError> {
    let top = FilterForm {
        cursor: String::new(),
        direction: String::new(),
        ..form.clone()
    };
    match render(&state, &user, form, None, None).await {
        // A page link that was tampered with (or cut short): the top of the list, and why.
        Err(e) if e.code() == ErrorCode::CursorInvalid => {
            let sentence =
                crate::i18n::Tr::new(&user.language, &user.time_zone).t("inbox-cursor-invalid");
            render(&state, &user, top, None, Some(sentence))
                .await
                .for_user(&user)
        }
        other => other.for_user(&user),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct ShowQuery {
    /// A saved reply to start the draft from.
    pub saved: Option<i64>,
}

/// The inbox with one conversation open beside the list.
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
    Query(form): Query<FilterForm>,
) -> Result<InboxPage, PageError> {
    render(&state, &user, form, Some((id, q.saved)), None)
        .await
        .for_user(&user)
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    pub ids: Vec<i64>,
    /// `assign`, `tag`, `done` or `reopen`: the button pressed.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub tag: String,
}

/// One form post for many messages: the selected rows are assigned, tagged or marked done, each logged on its own.
/// A mistake (nothing selected, no tag) shows the list again with the sentence.
pub async fn bulk(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(form): Query<FilterForm>,
    Form(f): Form<BulkForm>,
) -> Result<Response, PageError> {
    let t = crate::i18n::Tr::new(&user.language, &user.time_zone);
    let action = match f.action.as_str() {
        "assign" => Some(BulkAction::Assign),
        "tag" => Some(BulkAction::Tag),
        "done" => Some(BulkAction::Done),
        "reopen" => Some(BulkAction::Reopen),
        _ => None,
    };
    let user_id = match f.user_id.as_str() {
        "" => None,
        "me" => Some(user.id),
        other => other.parse().ok(),
    };
    let result = match action {
        None => Err(AppError::refuse(ErrorCode::BulkActionInvalid)),
        Some(action) => {
            act::bulk(
                &state,
                &user,
                &Bulk {
                    ids: f.ids.clone(),
                    action,
                    user_id,
                    tag: Some(f.tag.clone()),
                },
            )
            .await
        }
    };
    match result {
        Ok(_) => {
            let q = form.query();
            let to = if q.is_empty() {
                "/inbox".to_string()
            } else {
                format!("/inbox?{q}")
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::NotFound(_))) => {
            let status = e.status();
            let sentence = match e.code() {
                ErrorCode::BulkSelectionInvalid => t.t("inbox-bulk-none-selected"),
                ErrorCode::TagInvalid => t.t("inbox-bulk-tag-invalid"),
                _ => e.message_in(&t),
            };
            let page = render(&state, &user, form, None, Some(sentence))
                .await
                .for_user(&user)?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e).for_user(&user),
    }
}

/// Back to the conversation, with the list where it was: the query string names only a filter and a page.
pub(super) fn back_to(id: i64, query: &Option<String>) -> Response {
    let form: FilterForm = query
        .as_deref()
        .and_then(filter_form_from_query)
        .unwrap_or_default();
    let q = form.query();
    if q.is_empty() {
        Redirect::to(&format!("/inbox/messages/{id}")).into_response()
    } else {
        Redirect::to(&format!("/inbox/messages/{id}?{q}")).into_response()
    }
}

fn filter_form_from_query(q: &str) -> Option<FilterForm> {
    axum::extract::Query::<FilterForm>::try_from_uri(&format!("/?{q}").parse().ok()?)
        .ok()
        .map(|axum::extract::Query(f)| f)
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
    RawQuery(query): RawQuery,
    Form(form): Form<AssignForm>,
) -> Result<Response, PageError> {
    let to = match form.user_id.as_str() {
        "" => None,
        "me" => Some(user.id),
        other => Some(
            other
                .parse()
                .map_err(|_| AppError::refuse(ErrorCode::PersonInvalid))
                .for_user(&user)?,
        ),
    };
    act::assign(&state, &user, id, to).await.for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn done(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    act::set_done(&state, &user, id, true)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn reopen(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    act::set_done(&state, &user, id, false)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn hide(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    act::set_hidden(&state, &user, id, true)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn unhide(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    act::set_hidden(&state, &user, id, false)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
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
    RawQuery(query): RawQuery,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::tag(&state, &user, id, &f.text).await.for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn untag(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::untag(&state, &user, id, &f.text)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn note(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::note(&state, &user, id, &f.text)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
}

pub async fn reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
    Form(f): Form<TextForm>,
) -> Result<Response, PageError> {
    act::reply(&state, &user, id, &f.text)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
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
    RawQuery(query): RawQuery,
    Form(f): Form<VerdictForm>,
) -> Result<Response, PageError> {
    act::verdict(&state, &user, id, f.abusive == "yes")
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
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
    RawQuery(query): RawQuery,
    Form(f): Form<MuteForm>,
) -> Result<Response, PageError> {
    act::mute(&state, &user, id, &f.action)
        .await
        .for_user(&user)?;
    Ok(back_to(id, &query))
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
        exposure: shield::exposure_today(&state, &user)
            .await
            .for_user(&user)?,
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
    let bad = || AppError::refuse(ErrorCode::InboxSettingsInvalid).with("case", "numbers");
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
    let bad = || AppError::refuse(ErrorCode::BusinessHoursInvalid).with("case", "format");
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
