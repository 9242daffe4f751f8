//! Links that let a person in: invitations (an Admin names an email and a role; the invitee sets their name and
//! password) and password resets (an Admin issues a link; the person sets a new password). Both expire and work once,
//! and only the SHA-256 digest of a link's token is stored, so a copy of the database opens no account.

use crate::users::{self, User};
use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::{Millis, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: i64,
    pub workspace_id: i64,
    pub email: String,
    pub role: Role,
    pub invited_by_name: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: i64,
    workspace_id: i64,
    email: String,
    role: String,
    invited_by_name: Option<String>,
    created_at: Millis,
    expires_at: Millis,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(r: InvitationRow) -> Result<Invitation> {
        let role = Role::parse(&r.role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {:?}", r.role)))?;
        Ok(Invitation {
            id: r.id,
            workspace_id: r.workspace_id,
            email: r.email,
            role,
            invited_by_name: r.invited_by_name,
            created_at: r.created_at,
            expires_at: r.expires_at,
        })
    }
}

const INVITATION_COLUMNS: &str = "i.id, i.workspace_id, i.email, i.role, u.name AS invited_by_name, i.created_at, \
                                  i.expires_at";

pub struct NewInvitation<'a> {
    pub workspace_id: i64,
    pub email: &'a str,
    pub role: Role,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub expires_at: Millis,
}

/// Whether someone already signs in with `email` (compared lower-cased, as sign-in does).
pub async fn email_taken(db: &Db, email: &str) -> Result<bool> {
    let email = email.trim().to_lowercase();
    let n: i64 = on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(&email).fetch_one(pool).await)?;
    Ok(n > 0)
}

/// Stores an invitation. An earlier open invitation for the same email in the workspace is replaced, so only the
/// newest link works.
pub async fn create_invitation(db: &Db, new: NewInvitation<'_>, now: Millis) -> Result<Invitation> {
    let email = new.email.trim().to_lowercase();
    let id: i64 = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM invitations WHERE workspace_id = $1 AND email = $2 AND accepted_at IS NULL")
            .bind(new.workspace_id).bind(&email).execute(&mut *tx).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invitations (workspace_id, email, role, token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(new.workspace_id).bind(&email).bind(new.role.as_str()).bind(new.token_hash)
            .bind(new.invited_by).bind(now).bind(new.expires_at)
            .fetch_one(&mut *tx).await?;
        tx.commit().await?;
        id
    });
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations i LEFT JOIN users u ON u.id = i.invited_by WHERE i.id = $1"
    );
    let row: InvitationRow = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(&*sql)).bind(id).fetch_one(pool).await)?;
    row.try_into()
}

/// Invitations of the workspace not yet accepted and not expired, newest first.
pub async fn open_invitations(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<Invitation>> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
         WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC"
    );
    let rows: Vec<InvitationRow> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(&*sql))
        .bind(workspace_id).bind(now).fetch_all(pool).await)?;
    rows.into_iter().map(Invitation::try_from).collect()
}

/// The open invitation a link's token digest names, if it is still usable.
pub async fn invitation_by_token(
    db: &Db,
    token_hash: &str,
    now: Millis,
) -> Result<Option<Invitation>> {
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations i LEFT JOIN users u ON u.id = i.invited_by
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2"
    );
    let row: Option<InvitationRow> = on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(&*sql))
        .bind(token_hash).bind(now).fetch_optional(pool).await)?;
    row.map(Invitation::try_from).transpose()
}

/// Withdraws an open invitation.
pub async fn revoke_invitation(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let sql = "DELETE FROM invitations WHERE id = $1 AND workspace_id = $2 AND accepted_at IS NULL";
    let done = execute!(db, pool => sqlx::query(sql).bind(id).bind(workspace_id))?;
    if done == 0 {
        return Err(StoreError::NotFound("The invitation"));
    }
    Ok(())
}

/// Accepts an invitation: marks it used and adds the person, in one transaction, so a link makes one account at most
/// and a refused account (the email taken meanwhile) leaves the link usable.
pub async fn accept_invitation(
    db: &Db,
    token_hash: &str,
    name: &str,
    password_hash: &str,
    now: Millis,
) -> Result<User> {
    let user_id: i64 = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let claimed: Option<(i64, i64, String, String)> = sqlx::query_as(
            "UPDATE invitations SET accepted_at = $1
             WHERE token_hash = $2 AND accepted_at IS NULL AND expires_at > $1
             RETURNING id, workspace_id, email, role")
            .bind(now).bind(token_hash).fetch_optional(&mut *tx).await?;
        let Some((invitation_id, workspace_id, email, role)) = claimed else {
            return Err(StoreError::NotFound("The invitation"));
        };
        let inserted: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO users (workspace_id, email, name, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(workspace_id).bind(&email).bind(name).bind(password_hash).bind(&role).bind(now)
            .fetch_one(&mut *tx).await;
        let user_id = match inserted {
            Ok(id) => id,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(StoreError::Conflict(format!(
                    "Someone with the email {email} already exists; sign in instead."
                )));
            }
            Err(e) => return Err(e.into()),
        };
        sqlx::query("UPDATE invitations SET user_id = $1 WHERE id = $2")
            .bind(user_id).bind(invitation_id).execute(&mut *tx).await?;
        tx.commit().await?;
        user_id
    });
    users::get(db, user_id).await
}

/// A password reset link, as the Admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PasswordReset {
    pub id: i64,
    pub user_id: i64,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// Stores a reset link for `user_id`; earlier unused links for the person stop working.
pub async fn create_reset(
    db: &Db,
    user_id: i64,
    token_hash: &str,
    created_by: i64,
    expires_at: Millis,
    now: Millis,
) -> Result<PasswordReset> {
    Ok(on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id).execute(&mut *tx).await?;
        let reset: PasswordReset = sqlx::query_as(
            "INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id, user_id, created_at, expires_at")
            .bind(user_id).bind(token_hash).bind(created_by).bind(now).bind(expires_at)
            .fetch_one(&mut *tx).await?;
        tx.commit().await?;
        reset
    }))
}

/// The person an unused, unexpired reset link is for.
pub async fn reset_user(db: &Db, token_hash: &str, now: Millis) -> Result<Option<User>> {
    let sql = "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    let id: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(sql).bind(token_hash).bind(now).fetch_optional(pool).await)?;
    match id {
        Some(id) => Ok(Some(users::get(db, id).await?)),
        None => Ok(None),
    }
}

/// Uses a reset link: marks it used and stores the new password hash, in one transaction.
pub async fn use_reset(
    db: &Db,
    token_hash: &str,
    password_hash: &str,
    now: Millis,
) -> Result<User> {
    let user_id: i64 = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let claimed: Option<i64> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id")
            .bind(now).bind(token_hash).fetch_optional(&mut *tx).await?;
        let Some(user_id) = claimed else {
            return Err(StoreError::NotFound("The password reset link"));
        };
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash).bind(user_id).execute(&mut *tx).await?;
        tx.commit().await?;
        user_id
    });
    users::get(db, user_id).await
}

/// The open reset links of a workspace's people, so the People page can say who has one waiting.
pub async fn open_resets(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<PasswordReset>> {
    let sql = "SELECT r.id, r.user_id, r.created_at, r.expires_at FROM password_resets r
               JOIN users u ON u.id = r.user_id
               WHERE u.workspace_id = $1 AND r.used_at IS NULL AND r.expires_at > $2 ORDER BY r.id";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).bind(now).fetch_all(pool).await)?,
    )
}

/// The password hash of a person, for checking their current password before a change.
pub async fn password_hash(db: &Db, user_id: i64) -> Result<String> {
    let hash: Option<String> = on_pool!(db, pool => sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id).fetch_optional(pool).await)?;
    hash.ok_or(StoreError::NotFound("The person"))
}

/// When each deactivated person of the workspace was deactivated, for the People page.
pub async fn deactivated(db: &Db, workspace_id: i64) -> Result<Vec<(i64, Millis)>> {
    let sql = "SELECT id, deactivated_at FROM users WHERE workspace_id = $1 AND deactivated_at IS NOT NULL";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).fetch_all(pool).await)?)
}

/// Lets a deactivated person sign in again (with their old password; their sessions and tokens stay ended).
pub async fn reactivate(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let sql = "UPDATE users SET deactivated_at = NULL WHERE id = $1 AND workspace_id = $2";
    let done = execute!(db, pool => sqlx::query(sql).bind(id).bind(workspace_id))?;
    if done == 0 {
        return Err(StoreError::NotFound("The person"));
    }
    Ok(())
}

/// How many people of the workspace hold the Admin role and are not deactivated: the last one cannot step down.
pub async fn active_admins(db: &Db, workspace_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM users WHERE workspace_id = $1 AND role = 'admin' AND deactivated_at IS NULL";
    Ok(on_pool!(db, pool => sqlx::query_scalar(sql).bind(workspace_id).fetch_one(pool).await)?)
}
