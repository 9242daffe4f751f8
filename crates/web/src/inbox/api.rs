//! The inbox over JSON: the same actions as the pages (`crate::inbox::actions`).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::inbox::actions::{
    self as act, Assign, Bulk, Detail, ListPage, Mute, MySettings, NewReply, NewRule,
    NewSavedReply, RuleTest, RuleTestResult,
};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use sangam_domain::ErrorCode;
use sangam_store::inbox::{self, Direction, Filter, Reply, SavedReply, Settings, StoredRule};

type Body<T> = Result<Json<T>, JsonRejection>;

/// Where a page of the list starts.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// A cursor from an earlier answer (`older_cursor` or `newer_cursor`); absent for the newest page.
    pub cursor: Option<String>,
    /// `older` (the default: the page below the cursor) or `newer` (the page above it).
    pub direction: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", params(Filter, PageQuery),
    responses((status = 200, body = ListPage, description = "One page (50) of matching messages, newest first, with the \
    cursors of the pages beside it and the true count. Keyset paging: a cursor names a place in the list, so messages \
    arriving meanwhile neither repeat nor skip rows. Abusive messages the caller has not opened have no text \
    (`shielded`)."),
    (status = 422, body = crate::error::ErrorBody, description = "The cursor is not one Sangam made")))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(filter): Query<Filter>,
    Query(q): Query<PageQuery>,
) -> Result<Json<ListPage>, AppError> {
    let direction = match q.direction.as_deref() {
        Some("newer") => Direction::Newer,
        None | Some("") | Some("older") => Direction::Older,
        Some(_) => {
            return Err(AppError::refuse(ErrorCode::DirectionInvalid));
        }
    };
    Ok(Json(
        act::page(&state, &user, &filter, q.cursor.as_deref(), direction).await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BulkDone {
    /// How many messages the action was applied to.
    pub changed: usize,
}

#[utoipa::path(post, path = "/api/v1/inbox/bulk", tag = "inbox", request_body = Bulk,
    responses((status = 200, body = BulkDone, description = "Applied to every message; each is logged on its own"),
    (status = 404, body = crate::error::ErrorBody, description = "A message is not in this workspace; nothing changed"),
    (status = 422, body = crate::error::ErrorBody)))]
pub async fn bulk(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Body<Bulk>,
) -> Result<Json<BulkDone>, AppError> {
    let Json(input) = body?;
    let changed = act::bulk(&state, &user, &input).await?;
    Ok(Json(BulkDone { changed }))
}

#[utoipa::path(get, path = "/api/v1/inbox/{id}", tag = "inbox", params(("id" = i64, Path)),
    responses((status = 200, body = Detail), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Detail>, AppError> {
    Ok(Json(act::detail(&state, &user, id).await?))
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/assign", tag = "inbox", params(("id" = i64, Path)), request_body = Assign,
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn assign(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Assign>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::assign(&state, &user, id, input.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Status {
    /// True marks done; false reopens.
    pub done: bool,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/status", tag = "inbox", params(("id" = i64, Path)), request_body = Status,
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn status(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Status>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::set_done(&state, &user, id, input.done).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Hidden {
    pub hidden: bool,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/hidden", tag = "inbox", params(("id" = i64, Path)), request_body = Hidden,
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn hidden(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Hidden>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::set_hidden(&state, &user, id, input.hidden).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Tag {
    #[schema(min_length = 1, max_length = 40)]
    pub tag: String,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/tags", tag = "inbox", params(("id" = i64, Path)), request_body = Tag,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn tag(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Tag>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::tag(&state, &user, id, &input.tag).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/untag", tag = "inbox", params(("id" = i64, Path)), request_body = Tag,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn untag(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Tag>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::untag(&state, &user, id, &input.tag).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NoteBody {
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/notes", tag = "inbox", params(("id" = i64, Path)), request_body = NoteBody,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn note(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<NoteBody>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::note(&state, &user, id, &input.text).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/replies", tag = "inbox", params(("id" = i64, Path)), request_body = NewReply,
    responses((status = 201, body = Reply), (status = 422, body = crate::error::ErrorBody)))]
pub async fn reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<NewReply>,
) -> Result<(StatusCode, Json<Reply>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(act::reply(&state, &user, id, &input.text).await?),
    ))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Verdict {
    pub abusive: bool,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/verdict", tag = "shield", params(("id" = i64, Path)), request_body = Verdict,
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn verdict(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Verdict>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::verdict(&state, &user, id, input.abusive).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Muted {
    /// `done`: the network confirmed it already; `queued`: a job asks the network (on one without such a call, like
    /// the sandbox, it stays recorded in Sangam only).
    pub on_network: sangam_store::inbox::OnNetwork,
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/mute", tag = "shield", params(("id" = i64, Path)), request_body = Mute,
    responses((status = 200, body = Muted), (status = 422, body = crate::error::ErrorBody)))]
pub async fn mute(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Body<Mute>,
) -> Result<Json<Muted>, AppError> {
    let Json(input) = body?;
    let on_network = act::mute(&state, &user, id, &input.action).await?;
    Ok(Json(Muted { on_network }))
}

#[utoipa::path(get, path = "/api/v1/inbox-rules", tag = "inbox", responses((status = 200, body = Vec<StoredRule>)))]
pub async fn rules(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<StoredRule>>, AppError> {
    Ok(Json(inbox::rules(&state.db, user.workspace_id).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/inbox-rules", tag = "inbox", request_body = NewRule,
    responses((status = 201, body = Created), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_rule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Body<NewRule>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let Json(input) = body?;
    let id = act::create_rule(&state, &user, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(post, path = "/api/v1/inbox-rules/test", tag = "inbox", request_body = RuleTest,
    responses((status = 200, body = RuleTestResult)))]
pub async fn test_rule(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    body: Body<RuleTest>,
) -> Result<Json<RuleTestResult>, AppError> {
    let Json(input) = body?;
    Ok(Json(act::test_rule(&state, &input)))
}

#[utoipa::path(delete, path = "/api/v1/inbox-rules/{id}", tag = "inbox", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_rule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    act::delete_rule(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/saved-replies", tag = "inbox", responses((status = 200, body = Vec<SavedReply>)))]
pub async fn saved_replies(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<SavedReply>>, AppError> {
    Ok(Json(
        inbox::saved_replies(&state.db, user.workspace_id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/saved-replies", tag = "inbox", request_body = NewSavedReply,
    responses((status = 201, body = SavedReply), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_saved_reply(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Body<NewSavedReply>,
) -> Result<(StatusCode, Json<SavedReply>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(act::create_saved_reply(&state, &user, input).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/inbox-settings", tag = "inbox", responses((status = 200, body = Settings)))]
pub async fn settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Settings>, AppError> {
    Ok(Json(inbox::settings(&state.db, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/inbox-settings", tag = "inbox", request_body = Settings,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_settings(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Body<Settings>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::save_settings(&state, &user, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/inbox-settings/me", tag = "inbox", request_body = MySettings,
    responses((status = 204), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Body<MySettings>,
) -> Result<StatusCode, AppError> {
    let Json(input) = body?;
    act::save_my_settings(&state, &user, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
