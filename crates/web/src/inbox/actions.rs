//! The inbox, once for pages and API: reading conversations with their reply clocks and who else is on them, and
//! every human action on a message (each written to the activity log), the shield, rules, saved replies and settings.

use super::shield;
use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::business_hours::{BusinessHours, ReplyClock};
use sangam_domain::rules::{self, MessageFacts, Outcome, Rule};
use sangam_domain::{Millis, now_millis};
use sangam_store::inbox::{
    self, Count, Cursor, Direction, Filter, Message, Note, Person, Presence, Reply, SavedReply,
    Settings,
};
use sangam_store::users::User;
use serde::{Deserialize, Serialize};

/// Someone else's activity on a conversation within this window shows as a collision notice.
pub const COLLISION_WINDOW_MS: Millis = 10 * 60_000;
/// Longest reply, note or tag accepted.
const MAX_REPLY: usize = sangam_domain::text_limits::max_chars::REPLY;
const MAX_TAG: usize = sangam_domain::text_limits::max_chars::TAG;

/// Messages on one page of the inbox list.
pub const PAGE_SIZE: i64 = 50;
/// Most messages one bulk action takes (two pages of the list).
pub const MAX_BULK: usize = 100;

/// One page of the inbox list, newest first. Abusive messages the person has not opened come without their text
/// (`shielded`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ListPage {
    pub messages: Vec<Message>,
    /// How many messages match the filter: see [`inbox::count`] for where it comes from.
    pub count: Count,
    /// Pass as `cursor` (with `direction=newer`) for the page above; absent on the first page.
    pub newer_cursor: Option<String>,
    /// Pass as `cursor` for the next page down; absent on the last page.
    pub older_cursor: Option<String>,
}

/// A page of the inbox list from `cursor` (`received_at_id`, as the links carry it) going `direction`.
pub async fn page(
    state: &AppState,
    user: &User,
    filter: &Filter,
    cursor: Option<&str>,
    direction: Direction,
) -> Result<ListPage, AppError> {
    let cursor = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            Some(Cursor::parse(c).ok_or_else(|| AppError::refuse(ErrorCode::CursorInvalid))?)
        }
    };
    let mut filter = filter.clone();
    if filter.sla.as_deref() == Some("breached") {
        filter.ids = Some(breached(state, user).await?);
    }
    // One statement: the rows, shielded as this person may see them, and the count.
    let page = inbox::page(
        &state.db,
        user.workspace_id,
        user.id,
        &filter,
        cursor,
        direction,
        PAGE_SIZE,
    )
    .await?;
    Ok(ListPage {
        count: page.count,
        newer_cursor: page.newer.map(|c| c.encode()),
        older_cursor: page.older.map(|c| c.encode()),
        messages: page.messages,
    })
}

/// How far back the SLA view looks, as the team care page does.
const SLA_WINDOW_MS: Millis = 30 * 24 * 3_600_000;

/// Open messages of the last 30 days still waiting for a first reply past the SLA, each on the business hours of the
/// person it is assigned to (the viewer's when nobody on the team has it): the team care page's "SLA breaches".
async fn breached(state: &AppState, user: &User) -> Result<Vec<i64>, AppError> {
    let now = now_millis();
    let settings = inbox::settings(&state.db, user.workspace_id).await?;
    let team = inbox::people(&state.db, user.workspace_id).await?;
    let me = inbox::person(&state.db, user.id).await?;
    let mut ids = Vec::new();
    for (id, received_at, assigned_to) in
        inbox::unanswered(&state.db, user.workspace_id, now - SLA_WINDOW_MS).await?
    {
        let p = team
            .iter()
            .find(|p| Some(p.user_id) == assigned_to)
            .unwrap_or(&me);
        let hours = BusinessHours::new(p.work_start_min, p.work_end_min, &p.time_zone);
        if ReplyClock::of(&hours, settings.sla_minutes, received_at, None, now).is_overdue() {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// What a bulk action does to every message it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    /// Assign to `user_id` (or unassign when it is absent).
    Assign,
    /// Add `tag`.
    Tag,
    /// Mark done.
    Done,
    /// Reopen.
    Reopen,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Bulk {
    /// The messages, at most 100.
    pub ids: Vec<i64>,
    pub action: BulkAction,
    /// For `assign`: the person; absent unassigns.
    #[serde(default)]
    pub user_id: Option<i64>,
    /// For `tag`.
    #[serde(default)]
    pub tag: Option<String>,
}

/// Applies one action to many messages, each through the same action as one message (so each is logged in the
/// activity log on its own). Every message is looked up first: a message of another workspace, or a mistake in the
/// input, changes nothing.
pub async fn bulk(state: &AppState, user: &User, input: &Bulk) -> Result<usize, AppError> {
    let mut ids = input.ids.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_BULK {
        return Err(AppError::refuse(ErrorCode::BulkSelectionInvalid));
    }
    let tag = match input.action {
        BulkAction::Tag => Some(clean_tag(input.tag.as_deref().unwrap_or_default())?),
        _ => None,
    };
    for id in &ids {
        inbox::get(&state.db, user.workspace_id, *id).await?;
    }
    for id in &ids {
        match input.action {
            BulkAction::Assign => assign(state, user, *id, input.user_id).await?,
            BulkAction::Tag => {
                self::tag(state, user, *id, tag.as_deref().unwrap_or_default()).await?
            }
            BulkAction::Done => set_done(state, user, *id, true).await?,
            BulkAction::Reopen => set_done(state, user, *id, false).await?,
        }
    }
    Ok(ids.len())
}

/// A reply timer as pages and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Clock {
    /// `answered`, `waiting` or `overdue`.
    pub state: String,
    /// Business milliseconds: taken to answer, left, or overdue by.
    pub business_ms: Millis,
    /// When the first reply is due (waiting clocks).
    pub deadline: Option<Millis>,
    pub within_sla: bool,
    pub sla_minutes: i64,
}

/// The clock of a conversation: its oldest message still waiting for a reply, or else the first answered one, on the
/// business hours of the person it is assigned to (the viewer's when nobody has it).
pub async fn clock(
    state: &AppState,
    viewer: &User,
    messages: &[Message],
    settings: Settings,
) -> Result<Option<Clock>, AppError> {
    let Some(m) = clocked(messages) else {
        return Ok(None);
    };
    let person = inbox::person(&state.db, m.assigned_to.unwrap_or(viewer.id)).await?;
    Ok(Some(clock_on(&person, settings, m)))
}

/// The message a conversation's clock runs on: its oldest one still waiting for a reply, or else the first answered.
pub fn clocked(messages: &[Message]) -> Option<&Message> {
    messages
        .iter()
        .find(|m| m.first_reply_at.is_none() && !m.is_done())
        .or_else(|| messages.iter().find(|m| m.first_reply_at.is_some()))
}

/// The reply clock of `m` on `person`'s business hours (the person it is assigned to, or the viewer).
pub fn clock_on(person: &Person, settings: Settings, m: &Message) -> Clock {
    let hours = BusinessHours::new(
        person.work_start_min,
        person.work_end_min,
        &person.time_zone,
    );
    let clock = ReplyClock::of(
        &hours,
        settings.sla_minutes,
        m.received_at,
        m.first_reply_at,
        now_millis(),
    );
    match clock {
        ReplyClock::Answered {
            business_ms,
            within,
        } => Clock {
            state: "answered".into(),
            business_ms,
            deadline: None,
            within_sla: within,
            sla_minutes: settings.sla_minutes,
        },
        ReplyClock::Waiting { left_ms, deadline } => Clock {
            state: if left_ms < 0 { "overdue" } else { "waiting" }.into(),
            business_ms: left_ms.abs(),
            deadline: Some(deadline),
            within_sla: left_ms >= 0,
            sla_minutes: settings.sla_minutes,
        },
    }
}

/// One conversation with everything the person answering it needs.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Detail {
    /// The message asked for.
    pub message: Message,
    /// Its conversation, oldest first.
    pub conversation: Vec<Message>,
    pub notes: Vec<Note>,
    pub replies: Vec<Reply>,
    /// Others who viewed or acted on this conversation in the last 10 minutes.
    pub others: Vec<Presence>,
    pub clock: Option<Clock>,
    /// Shielded messages of the conversation this person has opened.
    pub opened: Vec<i64>,
    /// Whether this person handles abusive messages.
    pub shield_opt_in: bool,
}

/// Reads a conversation and logs that the person viewed it (which is what the collision notice shows to others).
pub async fn detail(state: &AppState, user: &User, id: i64) -> Result<Detail, AppError> {
    let message = inbox::get(&state.db, user.workspace_id, id).await?;
    let now = now_millis();
    let others =
        inbox::others_on_conversation(&state.db, &message, user.id, now - COLLISION_WINDOW_MS)
            .await?;
    crate::audit::log(state, user, "viewed", "message", Some(id), "").await;
    let mut conversation = inbox::conversation(&state.db, &message).await?;
    let ids: Vec<i64> = conversation.iter().map(|m| m.id).collect();
    let settings = inbox::settings(&state.db, user.workspace_id).await?;
    // The clock reads arrival and reply times only, so it is worked out before any text is withheld.
    let clock = clock(state, user, &conversation, settings).await?;
    let opened = shield::withhold_unopened(state, user, &mut conversation).await?;
    let mut message = message;
    if !opened.contains(&message.id) {
        message.shield();
    }
    Ok(Detail {
        notes: inbox::notes(&state.db, &ids).await?,
        replies: inbox::replies(&state.db, &ids).await?,
        opened,
        shield_opt_in: inbox::person(&state.db, user.id).await?.shield_opt_in,
        clock,
        others,
        conversation,
        message,
    })
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Assign {
    /// The person to assign to; absent or null unassigns.
    pub user_id: Option<i64>,
}

pub async fn assign(
    state: &AppState,
    user: &User,
    id: i64,
    to: Option<i64>,
) -> Result<(), AppError> {
    let before = inbox::get(&state.db, user.workspace_id, id).await?;
    inbox::assign(&state.db, user.workspace_id, id, to).await?;
    let action = match (before.assigned_to, to) {
        (_, None) => "unassigned",
        (None, Some(_)) => "assigned",
        (Some(_), Some(_)) => "reassigned",
    };
    let detail = to.map(|u| u.to_string()).unwrap_or_default();
    crate::audit::log(state, user, action, "message", Some(id), &detail).await;
    Ok(())
}

pub async fn set_done(state: &AppState, user: &User, id: i64, done: bool) -> Result<(), AppError> {
    inbox::set_done(&state.db, user.workspace_id, id, done, now_millis()).await?;
    let action = if done { "closed" } else { "reopened" };
    crate::audit::log(state, user, action, "message", Some(id), "").await;
    Ok(())
}

pub async fn set_hidden(
    state: &AppState,
    user: &User,
    id: i64,
    hidden: bool,
) -> Result<(), AppError> {
    inbox::set_hidden(&state.db, user.workspace_id, id, hidden).await?;
    let action = if hidden { "hid" } else { "unhid" };
    crate::audit::log(state, user, action, "message", Some(id), "").await;
    Ok(())
}

fn clean_tag(tag: &str) -> Result<String, AppError> {
    let tag = tag.trim().to_lowercase();
    if tag.is_empty() || tag.chars().count() > MAX_TAG {
        return Err(AppError::refuse(ErrorCode::TagInvalid));
    }
    Ok(tag)
}

pub async fn tag(state: &AppState, user: &User, id: i64, tag: &str) -> Result<(), AppError> {
    let tag = clean_tag(tag)?;
    inbox::add_tag(&state.db, user.workspace_id, id, &tag).await?;
    crate::audit::log(state, user, "tagged", "message", Some(id), &tag).await;
    Ok(())
}

pub async fn untag(state: &AppState, user: &User, id: i64, tag: &str) -> Result<(), AppError> {
    let tag = clean_tag(tag)?;
    inbox::remove_tag(&state.db, user.workspace_id, id, &tag).await?;
    crate::audit::log(state, user, "untagged", "message", Some(id), &tag).await;
    Ok(())
}

fn check_text(text: &str, code: ErrorCode) -> Result<String, AppError> {
    let text = text.trim().to_string();
    if text.is_empty() || text.chars().count() > MAX_REPLY {
        return Err(AppError::refuse(code));
    }
    Ok(text)
}

pub async fn note(state: &AppState, user: &User, id: i64, body: &str) -> Result<(), AppError> {
    let body = check_text(body, ErrorCode::NoteInvalid)?;
    inbox::add_note(
        &state.db,
        user.workspace_id,
        id,
        user.id,
        &body,
        now_millis(),
    )
    .await?;
    crate::audit::log(state, user, "noted", "message", Some(id), "").await;
    Ok(())
}

/// Fills a saved reply's placeholders for one message: `{author}` (the @handle), `{author_name}`, `{profile}` and
/// `{me}` (the person replying).
pub fn fill_placeholders(template: &str, message: &Message, me: &User) -> String {
    template
        .replace("{author_name}", &message.author_name)
        .replace(
            "{author}",
            &format!("@{}", message.author_handle.trim_start_matches('@')),
        )
        .replace("{profile}", &format!("@{}", message.profile_handle))
        .replace("{me}", &me.name)
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewReply {
    /// The reply's text; placeholders are filled in.
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

/// Sends a reply through the delivery machinery: one delivery to the message's profile with `in_reply_to`, published
/// exactly once by the engine. Publishing is not paused by approval rules (replies need no approval yet).
pub async fn reply(state: &AppState, user: &User, id: i64, text: &str) -> Result<Reply, AppError> {
    let message = inbox::get(&state.db, user.workspace_id, id).await?;
    // A removed profile has no credentials left to answer with.
    sangam_store::profiles::get(&state.db, user.workspace_id, message.profile_id).await?;
    let body = check_text(
        &fill_placeholders(text, &message, user),
        ErrorCode::ReplyInvalid,
    )?;
    sangam_domain::Post::validate(&body, &[message.network])?;
    // Replies follow the same approval rules as posts: held until approved where the author's role needs it.
    let workspace = sangam_store::workspaces::get(&state.db, user.workspace_id).await?;
    let status = if workspace.needs_approval(user.role) {
        sangam_domain::PostStatus::PendingApproval
    } else {
        sangam_domain::PostStatus::Approved
    };
    let reply = inbox::create_reply(
        &state.db,
        user.workspace_id,
        &message,
        user.id,
        &body,
        status,
        now_millis(),
    )
    .await?;
    if status == sangam_domain::PostStatus::PendingApproval {
        let post_id = sangam_store::posts::delivery(&state.db, reply.delivery_id)
            .await?
            .post_id;
        let post = sangam_store::posts::get(&state.db, user.workspace_id, post_id).await?;
        crate::approvals::actions::submitted(state, user, &post).await?;
    }
    crate::audit::log(
        state,
        user,
        "replied",
        "message",
        Some(id),
        &reply.delivery_id.to_string(),
    )
    .await;
    Ok(reply)
}

/// "Abusive" or "not abusive": stored as a correction, the message's flag follows it, and the model learns it.
pub async fn verdict(
    state: &AppState,
    user: &User,
    id: i64,
    abusive: bool,
) -> Result<(), AppError> {
    let message = inbox::get(&state.db, user.workspace_id, id).await?;
    inbox::record_correction(
        &state.db,
        user.workspace_id,
        &message,
        user.id,
        abusive,
        now_millis(),
    )
    .await?;
    if let Err(e) = state.text.catch_up(&state.db).await {
        tracing::warn!(error = %e, "the model could not learn the correction now; it will at the next ingest");
    }
    let action = if abusive {
        "marked_abusive"
    } else {
        "marked_not_abusive"
    };
    crate::audit::log(state, user, action, "message", Some(id), "").await;
    Ok(())
}

/// "Wrong sentiment?": a person's reading of a message (negative, neutral or positive), kept with who and when; the
/// message shows it at once (so the inbox's filters and the reports count it), and the workspace's sentiment model
/// learns it for the workspace's new messages.
pub async fn correct_sentiment(
    state: &AppState,
    user: &User,
    id: i64,
    sentiment: sangam_domain::Sentiment,
) -> Result<(), AppError> {
    let message = inbox::get(&state.db, user.workspace_id, id).await?;
    sangam_store::sentiment_models::record_correction(
        &state.db,
        user.workspace_id,
        &message,
        user.id,
        sentiment,
        now_millis(),
    )
    .await?;
    if let Err(e) = state.text.catch_up(&state.db).await {
        tracing::warn!(error = %e, "the sentiment model could not learn the correction now; it will at the next ingest");
    }
    let detail = format!("{} -> {}", message.sentiment_label, sentiment);
    crate::audit::log(
        state,
        user,
        "corrected_sentiment",
        "message",
        Some(id),
        &detail,
    )
    .await;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Mute {
    /// `mute` or `block`.
    pub action: String,
}

/// Mutes or blocks the author. The sandbox has no such call, so it is recorded here only (and the ingester hides
/// the author's new messages); the answer says which.
pub async fn mute(
    state: &AppState,
    user: &User,
    id: i64,
    action: &str,
) -> Result<inbox::OnNetwork, AppError> {
    if action != "mute" && action != "block" {
        return Err(AppError::refuse(ErrorCode::MuteActionInvalid));
    }
    let message = inbox::get(&state.db, user.workspace_id, id).await?;
    // Sangam hides the author's messages at once; the network call is the engine's job, retried like any other.
    let request = sangam_engine::jobs::MuteRequest {
        workspace_id: user.workspace_id,
        profile_id: message.profile_id,
        author_handle: message.author_handle.clone(),
        action: action.to_string(),
        user_id: user.id,
    };
    let job = sangam_engine::jobs::mute(request, now_millis());
    sangam_engine::jobs::enqueue(&state.db, &job, now_millis()).await?;
    let on_network = inbox::mute_author(
        &state.db,
        user.workspace_id,
        &message,
        action,
        user.id,
        now_millis(),
    )
    .await?;
    let verb = if action == "mute" {
        "muted_author"
    } else {
        "blocked_author"
    };
    crate::audit::log(
        state,
        user,
        verb,
        "message",
        Some(id),
        &message.author_handle,
    )
    .await;
    Ok(on_network)
}

// ---------------------------------------------------------------------------------------------------------------
// Rules, saved replies, settings

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewRule {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    pub rule: Rule,
}

/// Every person and profile a rule names must be of the rule's workspace: a rule cannot assign to, or watch, someone
/// else's.
async fn rule_ids_in_workspace(
    state: &AppState,
    workspace_id: i64,
    rule: &Rule,
) -> Result<(), AppError> {
    use sangam_domain::rules::{Action, Condition};
    for action in &rule.actions {
        if let Action::AssignTo { user_id } = action {
            sangam_store::users::active_in_workspace(&state.db, workspace_id, *user_id).await?;
        }
    }
    for condition in &rule.conditions {
        if let Condition::Profile { profile_id } = condition {
            sangam_store::profiles::get(&state.db, workspace_id, *profile_id).await?;
        }
    }
    Ok(())
}

pub async fn create_rule(state: &AppState, user: &User, input: NewRule) -> Result<i64, AppError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::refuse(ErrorCode::RuleNameInvalid));
    }
    if let Some(code) = input.rule.problem() {
        return Err(AppError::refuse(code));
    }
    rule_ids_in_workspace(state, user.workspace_id, &input.rule).await?;
    let id = inbox::create_rule(
        &state.db,
        user.workspace_id,
        name,
        &input.rule,
        now_millis(),
    )
    .await?;
    crate::audit::log(state, user, "created_rule", "rule", Some(id), name).await;
    Ok(id)
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RuleTest {
    pub rule: Rule,
    /// A sample message's text; it is analysed as an incoming message would be.
    pub text: String,
    #[serde(default = "mention")]
    pub kind: sangam_domain::MessageKind,
    #[serde(default)]
    pub profile_id: i64,
    pub author_followers: Option<i64>,
}

fn mention() -> sangam_domain::MessageKind {
    sangam_domain::MessageKind::Mention
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleTestResult {
    pub matches: bool,
    pub facts: MessageFacts,
    pub outcome: Outcome,
}

/// Runs a rule against a sample message, analysed exactly as the ingester would: nothing is saved.
pub fn test_rule(state: &AppState, input: &RuleTest) -> RuleTestResult {
    let a = state.text.analyze(&input.text);
    let facts = sangam_engine::ingester::facts(
        &input.text,
        input.kind,
        input.profile_id,
        input.author_followers,
        &a,
    );
    let outcome = rules::apply([&input.rule], &facts);
    RuleTestResult {
        matches: !outcome.matched.is_empty(),
        facts,
        outcome,
    }
}

pub async fn delete_rule(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    inbox::delete_rule(&state.db, user.workspace_id, id).await?;
    crate::audit::log(state, user, "deleted_rule", "rule", Some(id), "").await;
    Ok(())
}

pub async fn move_rule_up(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    inbox::move_rule_up(&state.db, user.workspace_id, id).await?;
    crate::audit::log(state, user, "reordered_rule", "rule", Some(id), "").await;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewSavedReply {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(min_length = 1, max_length = 5000)]
    pub body: String,
}

pub async fn create_saved_reply(
    state: &AppState,
    user: &User,
    input: NewSavedReply,
) -> Result<SavedReply, AppError> {
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::refuse(ErrorCode::SavedReplyNameInvalid));
    }
    let body = check_text(&input.body, ErrorCode::SavedReplyInvalid)?;
    let saved =
        inbox::create_saved_reply(&state.db, user.workspace_id, name, &body, now_millis()).await?;
    crate::audit::log(
        state,
        user,
        "created_saved_reply",
        "saved_reply",
        Some(saved.id),
        name,
    )
    .await;
    Ok(saved)
}

pub async fn delete_saved_reply(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    inbox::delete_saved_reply(&state.db, user.workspace_id, id).await?;
    crate::audit::log(
        state,
        user,
        "deleted_saved_reply",
        "saved_reply",
        Some(id),
        "",
    )
    .await;
    Ok(())
}

pub async fn save_settings(state: &AppState, user: &User, s: Settings) -> Result<(), AppError> {
    if !(1..=7 * 24 * 60).contains(&s.sla_minutes) || !(0..=1000).contains(&s.exposure_budget) {
        return Err(AppError::refuse(ErrorCode::InboxSettingsInvalid));
    }
    inbox::save_settings(&state.db, user.workspace_id, s).await?;
    crate::audit::log(
        state,
        user,
        "changed_inbox_settings",
        "workspace",
        Some(user.workspace_id),
        "",
    )
    .await;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct MySettings {
    pub shield_opt_in: bool,
    /// Minutes after local midnight, e.g. 540 for 09:00.
    pub work_start_min: i64,
    pub work_end_min: i64,
}

pub async fn save_my_settings(
    state: &AppState,
    user: &User,
    s: MySettings,
) -> Result<(), AppError> {
    if !(0..=1440).contains(&s.work_start_min)
        || !(0..=1440).contains(&s.work_end_min)
        || s.work_end_min <= s.work_start_min
    {
        return Err(AppError::refuse(ErrorCode::BusinessHoursInvalid));
    }
    inbox::save_person(
        &state.db,
        user.id,
        s.shield_opt_in,
        s.work_start_min,
        s.work_end_min,
    )
    .await?;
    let detail = if s.shield_opt_in {
        "shield_opt_in"
    } else {
        "shield_opt_out"
    };
    crate::audit::log(
        state,
        user,
        "changed_own_inbox_settings",
        "user",
        Some(user.id),
        detail,
    )
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sangam_domain::Role;

    #[test]
    fn placeholders_are_filled_from_the_message_and_the_person() {
        let me = User {
            id: 1,
            workspace_id: 1,
            email: "a@b.c".into(),
            name: "Asha".into(),
            role: Role::Member,
            language: "en-US".into(),
            time_zone: "UTC".into(),
        };
        let message = Message {
            id: 1,
            profile_id: 1,
            profile_handle: "acme".into(),
            network: sangam_domain::NetworkKind::Sandbox,
            remote_id: "r".into(),
            kind: sangam_domain::MessageKind::Mention,
            author_handle: "ravi".into(),
            author_name: "Ravi K".into(),
            author_followers: None,
            text: String::new(),
            url: None,
            in_reply_to: None,
            conversation_id: "c".into(),
            received_at: 0,
            lang: "en".into(),
            script: "Latn".into(),
            sentiment_compound: 0.0,
            sentiment_label: sangam_domain::Sentiment::Neutral,
            abusive: false,
            abuse_score: 0.0,
            abuse_labels: vec![],
            status: sangam_domain::MessageStatus::Open,
            assigned_to: None,
            assigned_name: None,
            hidden: false,
            first_reply_at: None,
            done_at: None,
            tags: vec![],
            shielded: false,
        };
        assert_eq!(
            fill_placeholders(
                "Hi {author_name} ({author}), {me} from {profile} here.",
                &message,
                &me
            ),
            "Hi Ravi K (@ravi), Asha from @acme here."
        );
    }
}
