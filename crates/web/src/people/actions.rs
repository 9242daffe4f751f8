//! People in the workspace: adding them directly or by an invitation link, changing their role, deactivating and
//! reactivating them, password reset links, and one's own password change.

use crate::AppState;
use crate::auth::{password, tokens};
use crate::error::AppError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sangam_domain::ErrorCode;
use sangam_domain::{Millis, Role, now_millis};
use sangam_store::people::{self, Invitation, NewInvitation};
use sangam_store::users::{self, NewUser, User};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password reset link works.
pub const RESET_HOURS: i64 = 24;
const HOUR: Millis = 3_600_000;

#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct AddPerson {
    pub email: String,
    pub name: String,
    pub role: Role,
    /// At least 10 characters.
    pub password: String,
}

/// An invitation to create: who, and with which role.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Invite {
    pub email: String,
    pub role: Role,
}

/// What the invitee fills in.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Accept {
    pub name: String,
    /// At least 10 characters.
    pub password: String,
}

/// A link that lets someone in, as the Admin sees it once: the absolute address and when it stops working.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct IssuedLink {
    pub url: String,
    pub expires_at: Millis,
}

fn check_email(email: &str) -> Result<&str, AppError> {
    let email = email.trim();
    if !email.contains('@') || email.len() > 254 || email.chars().any(char::is_whitespace) {
        return Err(AppError::refuse(ErrorCode::EmailInvalid));
    }
    Ok(email)
}

fn check_name(name: &str) -> Result<&str, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::refuse(ErrorCode::NameMissing));
    }
    Ok(name)
}

/// A fresh secret for a link: 32 random bytes, URL-safe. Only its digest is stored.
fn link_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub async fn add(state: &AppState, admin: &User, input: AddPerson) -> Result<User, AppError> {
    let email = check_email(&input.email)?;
    let name = check_name(&input.name)?;
    password::check_strength(&input.password)?;
    let hash = password::hash(&input.password)?;
    let new = NewUser {
        workspace_id: admin.workspace_id,
        email,
        name,
        password_hash: &hash,
        role: input.role,
    };
    let user = users::create(&state.db, new, now_millis()).await?;
    crate::audit::log(
        state,
        admin,
        "added",
        "person",
        Some(user.id),
        input.role.as_str(),
    )
    .await;
    Ok(user)
}

/// Creates an invitation and returns it with its link, which is shown this once only.
pub async fn invite(
    state: &AppState,
    admin: &User,
    input: Invite,
) -> Result<(Invitation, IssuedLink), AppError> {
    let email = check_email(&input.email)?;
    if people::email_taken(&state.db, email).await? {
        return Err(AppError::Conflict(format!(
            "Someone with the email {} already has an account.",
            email.to_lowercase()
        )));
    }
    let secret = link_secret();
    let now = now_millis();
    let expires_at = now + INVITATION_DAYS * 24 * HOUR;
    let new = NewInvitation {
        workspace_id: admin.workspace_id,
        email,
        role: input.role,
        token_hash: &tokens::digest(&secret),
        invited_by: admin.id,
        expires_at,
    };
    let invitation = people::create_invitation(&state.db, new, now).await?;
    crate::audit::log(
        state,
        admin,
        "invited",
        "person",
        None,
        &format!("{} ({})", invitation.email, input.role.as_str()),
    )
    .await;
    let url = state.config.absolute(&format!("/invite/{secret}"));
    Ok((invitation, IssuedLink { url, expires_at }))
}

pub async fn revoke_invitation(state: &AppState, admin: &User, id: i64) -> Result<(), AppError> {
    people::revoke_invitation(&state.db, admin.workspace_id, id).await?;
    crate::audit::log(state, admin, "revoked", "invitation", Some(id), "").await;
    Ok(())
}

/// The invitation a link names, if it still works.
pub async fn invitation(state: &AppState, secret: &str) -> Result<Invitation, AppError> {
    people::invitation_by_token(&state.db, &tokens::digest(secret), now_millis())
        .await?
        .ok_or_else(link_gone)
}

fn link_gone() -> AppError {
    AppError::refuse(ErrorCode::LinkExpired)
}

/// The invitee accepts: their account is made with the invitation's email and role.
pub async fn accept(state: &AppState, secret: &str, input: Accept) -> Result<User, AppError> {
    // Under "SSO only" an invitation is taken up by signing in with the provider, not by choosing a password.
    let invited = invitation(state, secret).await?;
    crate::sso::check_password_allowed(state, &invited.email).await?;
    let name = check_name(&input.name)?;
    password::check_strength(&input.password)?;
    let hash = password::hash(&input.password)?;
    let user = match people::accept_invitation(
        &state.db,
        &tokens::digest(secret),
        name,
        &hash,
        now_millis(),
    )
    .await
    {
        Ok(user) => user,
        Err(sangam_store::StoreError::NotFound(_)) => return Err(link_gone()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::log(
        state,
        &user,
        "joined",
        "person",
        Some(user.id),
        user.role.as_str(),
    )
    .await;
    Ok(user)
}

/// The person `id` of the admin's workspace.
async fn colleague(state: &AppState, admin: &User, id: i64) -> Result<User, AppError> {
    match users::get(&state.db, id).await {
        Ok(u) if u.workspace_id == admin.workspace_id => Ok(u),
        Ok(_) | Err(sangam_store::StoreError::NotFound(_)) => {
            Err(AppError::NotFound("The person".into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Changes a person's role. The workspace keeps at least one active Admin, so nobody can lock everyone out of
/// managing people.
pub async fn change_role(
    state: &AppState,
    admin: &User,
    id: i64,
    role: Role,
) -> Result<User, AppError> {
    let person = colleague(state, admin, id).await?;
    if person.role == role {
        return Ok(person);
    }
    let active = !is_deactivated(state, admin.workspace_id, id).await?;
    if person.role == Role::Admin
        && active
        && people::active_admins(&state.db, admin.workspace_id).await? <= 1
    {
        return Err(AppError::refuse(ErrorCode::LastAdmin));
    }
    users::set_role(&state.db, admin.workspace_id, id, role).await?;
    crate::audit::log(
        state,
        admin,
        "changed_role",
        "person",
        Some(id),
        &format!("{} → {}", person.role.as_str(), role.as_str()),
    )
    .await;
    Ok(users::get(&state.db, id).await?)
}

async fn is_deactivated(state: &AppState, workspace_id: i64, id: i64) -> Result<bool, AppError> {
    Ok(users::deactivated_at(&state.db, workspace_id, id)
        .await?
        .is_some())
}

/// Deactivates a person: they cannot sign in, and their sessions and API tokens stop working at once.
pub async fn deactivate(state: &AppState, admin: &User, id: i64) -> Result<(), AppError> {
    if id == admin.id {
        return Err(AppError::refuse(ErrorCode::DeactivateSelf));
    }
    colleague(state, admin, id).await?;
    users::deactivate(&state.db, admin.workspace_id, id, now_millis()).await?;
    crate::audit::log(state, admin, "deactivated", "person", Some(id), "").await;
    Ok(())
}

pub async fn reactivate(state: &AppState, admin: &User, id: i64) -> Result<(), AppError> {
    colleague(state, admin, id).await?;
    people::reactivate(&state.db, admin.workspace_id, id).await?;
    crate::audit::log(state, admin, "reactivated", "person", Some(id), "").await;
    Ok(())
}

/// Issues a password reset link for a colleague; it is shown to the Admin once, to pass on.
pub async fn issue_reset(
    state: &AppState,
    admin: &User,
    id: i64,
) -> Result<(User, IssuedLink), AppError> {
    let person = colleague(state, admin, id).await?;
    if is_deactivated(state, admin.workspace_id, id).await? {
        return Err(AppError::refuse(ErrorCode::PersonDeactivated));
    }
    let secret = link_secret();
    let now = now_millis();
    let expires_at = now + RESET_HOURS * HOUR;
    people::create_reset(
        &state.db,
        id,
        &tokens::digest(&secret),
        admin.id,
        expires_at,
        now,
    )
    .await?;
    crate::audit::log(state, admin, "issued_reset", "person", Some(id), "").await;
    let url = state.config.absolute(&format!("/reset/{secret}"));
    Ok((person, IssuedLink { url, expires_at }))
}

/// The person a reset link is for, if the link still works.
pub async fn reset_for(state: &AppState, secret: &str) -> Result<User, AppError> {
    people::reset_user(&state.db, &tokens::digest(secret), now_millis())
        .await?
        .ok_or_else(link_gone)
}

/// Sets a new password from a reset link. Every session the person had ends, so whoever knew the old password is
/// signed out too.
pub async fn use_reset(
    state: &AppState,
    secret: &str,
    new_password: &str,
) -> Result<User, AppError> {
    // Under "SSO only" a reset link would be a password sign-in by another door: only the break-glass Admin's works.
    let person = reset_for(state, secret).await?;
    crate::sso::check_password_allowed(state, &person.email).await?;
    crate::sso::check_break_glass_role(state, person.role).await?;
    password::check_strength(new_password)?;
    let hash = password::hash(new_password)?;
    let user =
        match people::use_reset(&state.db, &tokens::digest(secret), &hash, now_millis()).await {
            Ok(user) => user,
            Err(sangam_store::StoreError::NotFound(_)) => return Err(link_gone()),
            Err(e) => return Err(e.into()),
        };
    sangam_store::sessions::end_all_for_user(&state.db, user.id).await?;
    crate::audit::log(state, &user, "reset_password", "person", Some(user.id), "").await;
    Ok(user)
}

/// What one's own password change needs.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct ChangePassword {
    pub current_password: String,
    /// At least 10 characters.
    pub new_password: String,
}

/// Changes one's own password after checking the current one, and ends every session of the person: the caller
/// keeps theirs by starting a fresh one (the page does this).
pub async fn change_password(
    state: &AppState,
    user: &User,
    input: &ChangePassword,
) -> Result<(), AppError> {
    let current = people::password_hash(&state.db, user.id).await?;
    if !password::verify(&input.current_password, &current) {
        return Err(AppError::refuse(ErrorCode::CurrentPasswordWrong));
    }
    password::check_strength(&input.new_password)?;
    let hash = password::hash(&input.new_password)?;
    users::set_password_hash(&state.db, user.id, &hash).await?;
    sangam_store::sessions::end_all_for_user(&state.db, user.id).await?;
    crate::audit::log(state, user, "changed_password", "person", Some(user.id), "").await;
    Ok(())
}
