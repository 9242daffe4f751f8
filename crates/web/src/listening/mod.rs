//! Listening: topics (a query run on a schedule against the networks' search), what each topic heard (browsable like
//! the inbox, without the reply machinery: volume, sentiment over time, top authors, terms and hashtags, and the posts
//! behind each figure), its spikes (judged against its own recent normal, one alert each, the crisis switch one click
//! away) and share of voice over the topics marked as our brand and as competitors.

pub mod api;
pub mod figures;
pub mod page;

use crate::AppState;
use crate::error::AppError;
use crate::routes::{Entry, delete, get, post};
use sangam_domain::{ErrorCode, NetworkKind, now_millis};
use sangam_store::listening::{self as store, Topic, TopicFields, Voice};
use sangam_store::users::User;
use sangam_text::topic_query::{self, QueryErrorKind};

/// The networks a topic can listen on.
pub const NETWORKS: [NetworkKind; 3] = [
    NetworkKind::Bluesky,
    NetworkKind::Mastodon,
    NetworkKind::Sandbox,
];

pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/listening", Some(ViewReports), page::list),
        post("/listening", Some(ManageListening), page::create),
        get("/listening/topics/{id}", Some(ViewReports), page::topic),
        post(
            "/listening/topics/{id}/remove",
            Some(ManageListening),
            page::remove,
        ),
        get("/listening/share-of-voice", Some(ViewReports), page::share),
        get(
            "/listening/share-of-voice/print",
            Some(ViewReports),
            page::share_print,
        ),
        get(
            "/listening/share-of-voice.csv",
            Some(ViewReports),
            page::share_csv,
        ),
        get("/api/v1/topics", Some(ViewReports), api::list),
        post("/api/v1/topics", Some(ManageListening), api::create),
        get("/api/v1/topics/{id}", Some(ViewReports), api::show),
        delete("/api/v1/topics/{id}", Some(ManageListening), api::remove),
        get("/api/v1/topics/{id}/posts", Some(ViewReports), api::posts),
        get("/api/v1/share-of-voice", Some(ViewReports), api::share),
    ]
}

/// The catalogue code for a query's problem.
pub(crate) fn query_error(e: &topic_query::QueryError) -> AppError {
    let code = match e.kind {
        QueryErrorKind::Empty => ErrorCode::TopicQueryEmpty,
        QueryErrorKind::UnbalancedQuote => ErrorCode::TopicQueryUnbalancedQuote,
        QueryErrorKind::UnbalancedParenthesis => ErrorCode::TopicQueryUnbalancedParenthesis,
        QueryErrorKind::EmptyNot => ErrorCode::TopicQueryEmptyNot,
        QueryErrorKind::DanglingOperator => ErrorCode::TopicQueryDanglingOperator,
        QueryErrorKind::EmptyGroup => ErrorCode::TopicQueryEmptyGroup,
        QueryErrorKind::EmptyFilter => ErrorCode::TopicQueryEmptyFilter,
        QueryErrorKind::NothingToFind => ErrorCode::TopicQueryNothingToFind,
    };
    AppError::refuse(code).with("at", e.at + 1)
}

/// A topic as a person typed it.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct TopicInput {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Words, "phrases", #hashtags, AND / OR / NOT, parentheses, `lang:xx`, `from:handle`.
    #[schema(min_length = 1, max_length = 1000)]
    pub query: String,
    /// Networks to listen on: `bluesky`, `mastodon`, `sandbox`.
    #[serde(default)]
    pub networks: Vec<String>,
    /// `none`, `ours` or `competitor` (for share of voice).
    #[serde(default)]
    pub voice: String,
    /// The competitor's name, when `voice` is `competitor`.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub competitor: String,
}

/// Checks and saves a new topic.
pub(crate) async fn create(
    state: &AppState,
    user: &User,
    input: &TopicInput,
) -> Result<Topic, AppError> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(AppError::refuse(ErrorCode::TopicNameEmpty));
    }
    let query = input.query.trim();
    topic_query::parse(query).map_err(|e| query_error(&e))?;
    let networks: Vec<NetworkKind> = NETWORKS
        .into_iter()
        .filter(|n| input.networks.iter().any(|w| w.trim() == n.as_str()))
        .collect();
    if networks.is_empty()
        || input
            .networks
            .iter()
            .any(|w| NetworkKind::parse(w.trim()).is_none())
    {
        return Err(AppError::refuse(ErrorCode::TopicNetworksInvalid));
    }
    let voice = Voice::parse(input.voice.trim())
        .ok_or_else(|| AppError::refuse(ErrorCode::TopicVoiceInvalid))?;
    let competitor = input.competitor.trim();
    if voice == Voice::Competitor && competitor.is_empty() {
        return Err(AppError::refuse(ErrorCode::TopicVoiceInvalid));
    }
    let fields = TopicFields {
        name: &name.chars().take(200).collect::<String>(),
        query: &query.chars().take(1000).collect::<String>(),
        networks: &networks,
        voice,
        competitor: if voice == Voice::Competitor {
            competitor
        } else {
            ""
        },
        paused: false,
    };
    let topic = store::create(
        &state.db,
        user.workspace_id,
        &fields,
        Some(user.id),
        now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "topic_added",
        "topic",
        Some(topic.id),
        &topic.name,
    )
    .await;
    Ok(topic)
}

pub(crate) async fn remove(state: &AppState, user: &User, id: i64) -> Result<Topic, AppError> {
    let topic = store::get(&state.db, user.workspace_id, id).await?;
    store::delete(&state.db, user.workspace_id, id).await?;
    crate::audit::log(state, user, "topic_removed", "topic", Some(id), &topic.name).await;
    Ok(topic)
}
