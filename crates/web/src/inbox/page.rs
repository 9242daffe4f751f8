//! The inbox pages: two panes, the list of messages (filters, keyset pages of 50, bulk actions) and the open
//! conversation with its actions. The rules page and the settings page are `rules_page` and `settings_page`.
//! Forms post and redirect, so everything works without script; `inbox.js` adds shortcuts and "select all", and htmx
//! swaps in a shielded message's text, which the server sends only once it has recorded the opening.

use super::shield;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inbox::actions::{self as act, Bulk, BulkAction, Clock, Detail};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::MessageKind;
use sangam_domain::Permission;
use sangam_store::inbox::{self, Count, Direction, Filter, Message, Person, SavedReply, Settings};
use sangam_store::profiles::Profile;
use sangam_store::users::User;
use std::sync::Arc;

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

/// One row of the list: the message, its reply clock in words, and the names it shows in the viewer's language.
pub struct Row {
    pub m: Message,
    pub clock: Option<Arc<str>>,
    /// The clock in a few words, for the row (the full sentence is its title).
    pub short: Arc<str>,
    /// `answered`, `late`, `waiting` or `overdue`.
    pub sla: &'static str,
    /// The message's kind, network and sentiment in words.
    pub kind_name: Arc<str>,
    pub network_name: Arc<str>,
    pub sentiment_name: Arc<str>,
}

/// The words a page repeats row after row (a kind's name, a clock's wording), each translated once per page rather
/// than once per row: 50 rows ask for a few dozen distinct sentences, and each row shares the page's copy.
struct Words<'a> {
    t: &'a crate::i18n::Tr,
    said: std::collections::HashMap<String, Arc<str>>,
}

impl<'a> Words<'a> {
    fn new(t: &'a crate::i18n::Tr) -> Self {
        Words {
            t,
            said: std::collections::HashMap::new(),
        }
    }

    /// What `say` gives, worked out the first time `key` is asked for.
    fn once(&mut self, key: String, say: impl FnOnce(&crate::i18n::Tr) -> String) -> Arc<str> {
        let t = self.t;
        self.said
            .entry(key)
            .or_insert_with(|| Arc::from(say(t)))
            .clone()
    }

    fn named(&mut self, prefix: &str, suffix: &str) -> Arc<str> {
        self.once(format!("named:{prefix}-{suffix}"), |t| {
            t.named(prefix, suffix)
        })
    }
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
    /// The text with its runs of white space as single spaces, cut after 110 characters (with "…"), in one pass.
    pub fn snippet(&self, m: &Message) -> String {
        const LONGEST: usize = 110;
        let mut out = String::with_capacity(m.text.len().min(4 * LONGEST + 3));
        let mut chars = 0;
        for word in m.text.split_whitespace() {
            for c in (chars > 0).then_some(' ').into_iter().chain(word.chars()) {
                if chars == LONGEST {
                    out.push('…');
                    return out;
                }
                out.push(c);
                chars += 1;
            }
        }
        out
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

/// A message's own reply clock, for its row, on the business hours of `person` (its assignee, or the viewer): the
/// sentence, the state and the few words. The words depend only on the state and the minutes, so rows received
/// within the same minute share them.
fn row_clock(
    m: &Message,
    person: &Person,
    settings: Settings,
    words: &mut Words<'_>,
) -> (Option<Arc<str>>, &'static str, Arc<str>) {
    let clock = act::clocked(std::slice::from_ref(m)).map(|m| act::clock_on(person, settings, m));
    let sla = match clock.as_ref() {
        Some(c) if c.state == "answered" && c.within_sla => "answered",
        Some(c) if c.state == "answered" => "late",
        Some(c) if c.state == "overdue" => "overdue",
        Some(_) => "waiting",
        None => "none",
    };
    let Some(c) = clock else {
        return (None, sla, Arc::from(""));
    };
    let minutes = (c.business_ms / 60_000, c.business_ms < 0);
    let short = words.once(format!("short:{sla}:{minutes:?}"), |t| {
        let d = t.duration(c.business_ms);
        match sla {
            "answered" => t.t("inbox-sla-short-answered"),
            "late" => t.t("inbox-sla-short-late"),
            "overdue" => t.t1("inbox-sla-short-overdue", "time", d),
            _ => t.t1("inbox-sla-short-waiting", "time", d),
        }
    });
    let full = words.once(format!("clock:{sla}:{minutes:?}"), |t| clock_text(t, &c));
    (Some(full), sla, short)
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
    // Two statements, at once: the list (its rows, the shield and the count) and what surrounds it (settings, the
    // team, the viewer, the profiles and the tags for the filters).
    let filter = form.filter();
    let (list, around) = tokio::try_join!(
        act::page(
            state,
            user,
            &filter,
            Some(form.cursor.as_str()),
            form.direction(),
        ),
        async {
            inbox::surroundings(&state.db, user.workspace_id, user.id)
                .await
                .map_err(AppError::from)
        }
    )?;
    let inbox::Surroundings {
        settings,
        people,
        viewer,
        profiles,
        tags,
    } = around;
    let shield_opt_in = viewer.shield_opt_in;
    // Each row's clock runs on its assignee's hours (the viewer's when unassigned). The team and the viewer read
    // above are nearly everyone; only someone outside them (a deactivated assignee) is read on their own, once per
    // page.
    let mut hours: std::collections::HashMap<i64, Person> =
        people.iter().map(|p| (p.user_id, p.clone())).collect();
    hours.entry(viewer.user_id).or_insert(viewer);
    let mut rows = Vec::new();
    let mut words = Words::new(&page.t);
    for m in list.messages {
        let whose = m.assigned_to.unwrap_or(user.id);
        if let std::collections::hash_map::Entry::Vacant(e) = hours.entry(whose) {
            e.insert(inbox::person(&state.db, whose).await?);
        }
        let (clock, sla, short) = match hours.get(&whose) {
            Some(person) => row_clock(&m, person, settings, &mut words),
            None => (None, "none", Arc::from("")),
        };
        rows.push(Row {
            kind_name: words.named("kind", m.kind.as_str()),
            network_name: words.named("network", m.network.as_str()),
            sentiment_name: words.named("sentiment", m.sentiment_label.as_str()),
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
        shield_opt_in,
        profiles,
        tags,
        people,
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
