//! People in the workspace.

use crate::AppState;
use crate::account::api::Me;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::people::actions::{self as people_actions, AddPerson, Invite, IssuedLink};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_domain::{Millis, Role, now_millis};
use sangam_store::people::{self, Invitation};
use sangam_store::users;
use serde::{Deserialize, Serialize};

#[utoipa::path(get, path = "/api/v1/people", tag = "people", responses((status = 200, body = Vec<Me>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Me>>, AppError> {
    Ok(Json(
        users::list(&state.db, user.workspace_id)
            .await?
            .into_iter()
            .map(Me::from)
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/people", tag = "people", request_body = AddPerson,
    responses((status = 201, body = Me), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<AddPerson>, JsonRejection>,
) -> Result<(StatusCode, Json<Me>), AppError> {
    let Json(input) = body?;
    Ok((
        StatusCode::CREATED,
        Json(Me::from(people_actions::add(&state, &user, input).await?)),
    ))
}

/// An open invitation.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InvitationOut {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub invited_by: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
}

impl From<Invitation> for InvitationOut {
    fn from(i: Invitation) -> Self {
        InvitationOut {
            id: i.id,
            email: i.email,
            role: i.role,
            invited_by: i.invited_by_name,
            created_at: i.created_at,
            expires_at: i.expires_at,
        }
    }
}

/// A new invitation with its link, which is shown this once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedInvitation {
    pub invitation: InvitationOut,
    pub link: IssuedLink,
}

#[utoipa::path(get, path = "/api/v1/people/invitations", tag = "people",
    responses((status = 200, body = Vec<InvitationOut>)))]
pub async fn invitations(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<InvitationOut>>, AppError> {
    let open = people::open_invitations(&state.db, user.workspace_id, now_millis()).await?;
    Ok(Json(open.into_iter().map(InvitationOut::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/people/invitations", tag = "people", request_body = Invite,
    responses((status = 201, body = CreatedInvitation), (status = 409, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<Invite>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedInvitation>), AppError> {
    let Json(input) = body?;
    let (invitation, link) = people_actions::invite(&state, &user, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedInvitation {
            invitation: invitation.into(),
            link,
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/people/invitations/{id}", tag = "people",
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    people_actions::revoke_invitation(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RoleChange {
    pub role: Role,
}

#[utoipa::path(put, path = "/api/v1/people/{id}/role", tag = "people", request_body = RoleChange,
    responses((status = 200, body = Me), (status = 404, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn change_role(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<RoleChange>, JsonRejection>,
) -> Result<Json<Me>, AppError> {
    let Json(input) = body?;
    Ok(Json(Me::from(
        people_actions::change_role(&state, &user, id, input.role).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/people/{id}/deactivate", tag = "people",
    responses((status = 204), (status = 404, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    people_actions::deactivate(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/people/{id}/reactivate", tag = "people",
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn reactivate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    people_actions::reactivate(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/people/{id}/password-reset", tag = "people",
    responses((status = 201, body = IssuedLink), (status = 404, body = crate::error::ErrorBody),
              (status = 422, body = crate::error::ErrorBody)))]
pub async fn issue_reset(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<IssuedLink>), AppError> {
    let (_, link) = people_actions::issue_reset(&state, &user, id).await?;
    Ok((StatusCode::CREATED, Json(link)))
}
