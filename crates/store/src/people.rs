//! Links that let a person in: invitations (an Admin names an email and a role; the invitee sets their name and
//! password) and password resets (an Admin issues a link; the person sets a new password). Both expire and work once,
//! and only the SHA-256 digest of a link's token is stored, so a copy of the database opens no account.

use crate::users::{self, PERSON, User};
use crate::{
    Db, Record, Result, Sql, StoreError, Tx, conflict_on_unique, fetch_found, found, select,
};
use sangam_domain::{Millis, Role};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Invitation {
    pub id: i64,
    pub workspace_id: i64,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub invited_by_name: Option<String>,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// [`Invitation`]'s columns, with the name of who sent each, and where they come from (`i` is the invitation).
const INVITATIONS: &str =
    "i.id, i.workspace_id, i.email, i.role, u.name AS invited_by_name, i.created_at, i.expires_at
                           FROM invitations i LEFT JOIN users u ON u.id = i.invited_by";

/// What a missing or used-up invitation is called in [`StoreError::NotFound`].
const INVITATION: &str = "The invitation";

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
    let sql = "SELECT COUNT(*) FROM users WHERE email = $1";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(&email)).await?;
    Ok(n > 0)
}

/// Stores an invitation. An earlier open invitation for the same email in the workspace is replaced, so only the
/// newest link works.
pub async fn create_invitation(db: &Db, new: NewInvitation<'_>, now: Millis) -> Result<Invitation> {
    let email = new.email.trim().to_lowercase();
    let mut tx = db.tx().await?;
    let sql =
        "DELETE FROM invitations WHERE workspace_id = $1 AND email = $2 AND accepted_at IS NULL";
    tx.execute(Sql::new(sql).bind(new.workspace_id).bind(&email))
        .await?;
    let sql = "INSERT INTO invitations (workspace_id, email, role, token_hash, invited_by, created_at, expires_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = tx
        .fetch_one(
            Sql::new(sql)
                .bind(new.workspace_id)
                .bind(&email)
                .bind(new.role.as_str())
                .bind(new.token_hash)
                .bind(new.invited_by)
                .bind(now)
                .bind(new.expires_at),
        )
        .await?;
    tx.commit().await?;
    db.fetch_one(select(INVITATIONS, "WHERE i.id = $1").bind(id))
        .await
}

/// Invitations of the workspace not yet accepted and not expired, newest first.
pub async fn open_invitations(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<Invitation>> {
    let sql = select(
        INVITATIONS,
        "WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2
         ORDER BY i.created_at DESC, i.id DESC",
    );
    db.fetch_all(sql.bind(workspace_id).bind(now)).await
}

/// The open invitation a link's token digest names, if it is still usable.
pub async fn invitation_by_token(
    db: &Db,
    token_hash: &str,
    now: Millis,
) -> Result<Option<Invitation>> {
    let sql = select(
        INVITATIONS,
        "WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2",
    );
    db.fetch_optional(sql.bind(token_hash).bind(now)).await
}

/// Withdraws an open invitation.
pub async fn revoke_invitation(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let sql = "DELETE FROM invitations WHERE id = $1 AND workspace_id = $2 AND accepted_at IS NULL";
    let changed = db
        .execute(Sql::new(sql).bind(id).bind(workspace_id))
        .await?;
    found(changed, INVITATION)
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
    let mut tx = db.tx().await?;
    let sql = "UPDATE invitations SET accepted_at = $1
               WHERE token_hash = $2 AND accepted_at IS NULL AND expires_at > $1
               RETURNING id, workspace_id, email, role";
    let (invitation_id, workspace_id, email, role): (i64, i64, String, String) =
        claim(&mut tx, sql, token_hash, now, INVITATION).await?;
    let sql = "INSERT INTO users (workspace_id, email, name, password_hash, role, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let inserted = tx
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(&email)
                .bind(name)
                .bind(password_hash)
                .bind(&role)
                .bind(now),
        )
        .await;
    let (user_id,): (i64,) = conflict_on_unique(inserted, || {
        format!("Someone with the email {email} already exists; sign in instead.")
    })?;
    let sql = "UPDATE invitations SET user_id = $1 WHERE id = $2";
    tx.execute(Sql::new(sql).bind(user_id).bind(invitation_id))
        .await?;
    tx.commit().await?;
    users::get(db, user_id).await
}

/// Uses up the link whose token digest is `token_hash`: `sql` marks it used (`$1` is `now`, `$2` the digest) unless it
/// was used or has expired, and returns what the link was for. A link that cannot be used is `what`, not found.
async fn claim<T: Record>(
    tx: &mut Tx,
    sql: &'static str,
    token_hash: &str,
    now: Millis,
    what: &'static str,
) -> Result<T> {
    tx.fetch_optional(Sql::new(sql).bind(now).bind(token_hash))
        .await?
        .ok_or(StoreError::NotFound(what))
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
    let mut tx = db.tx().await?;
    let sql = "DELETE FROM password_resets WHERE user_id = $1 AND used_at IS NULL";
    tx.execute(Sql::new(sql).bind(user_id)).await?;
    let sql =
        "INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at)
               VALUES ($1, $2, $3, $4, $5) RETURNING id, user_id, created_at, expires_at";
    let reset = tx
        .fetch_one(
            Sql::new(sql)
                .bind(user_id)
                .bind(token_hash)
                .bind(created_by)
                .bind(now)
                .bind(expires_at),
        )
        .await?;
    tx.commit().await?;
    Ok(reset)
}

/// The person an unused, unexpired reset link is for.
pub async fn reset_user(db: &Db, token_hash: &str, now: Millis) -> Result<Option<User>> {
    let sql = "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2";
    let id: Option<(i64,)> = db
        .fetch_optional(Sql::new(sql).bind(token_hash).bind(now))
        .await?;
    match id {
        Some((id,)) => Ok(Some(users::get(db, id).await?)),
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
    let mut tx = db.tx().await?;
    let sql = "UPDATE password_resets SET used_at = $1
               WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id";
    let (user_id,): (i64,) =
        claim(&mut tx, sql, token_hash, now, "The password reset link").await?;
    let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
    tx.execute(Sql::new(sql).bind(password_hash).bind(user_id))
        .await?;
    tx.commit().await?;
    users::get(db, user_id).await
}

/// The open reset links of a workspace's people, so the People page can say who has one waiting.
pub async fn open_resets(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<PasswordReset>> {
    let sql = "SELECT r.id, r.user_id, r.created_at, r.expires_at FROM password_resets r
               JOIN users u ON u.id = r.user_id
               WHERE u.workspace_id = $1 AND r.used_at IS NULL AND r.expires_at > $2 ORDER BY r.id";
    db.fetch_all(Sql::new(sql).bind(workspace_id).bind(now))
        .await
}

/// The password hash of a person, for checking their current password before a change.
pub async fn password_hash(db: &Db, user_id: i64) -> Result<String> {
    let sql = "SELECT password_hash FROM users WHERE id = $1";
    let (hash,): (String,) = fetch_found(db, Sql::new(sql).bind(user_id), PERSON).await?;
    Ok(hash)
}

/// When each deactivated person of the workspace was deactivated, for the People page.
pub async fn deactivated(db: &Db, workspace_id: i64) -> Result<Vec<(i64, Millis)>> {
    let sql = "SELECT id, deactivated_at FROM users WHERE workspace_id = $1 AND deactivated_at IS NOT NULL";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}

/// Lets a deactivated person sign in again (with their old password; their sessions and tokens stay ended).
pub async fn reactivate(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let sql = "UPDATE users SET deactivated_at = NULL WHERE id = $1 AND workspace_id = $2";
    let changed = db
        .execute(Sql::new(sql).bind(id).bind(workspace_id))
        .await?;
    found(changed, PERSON)
}

/// How many people of the workspace hold the Admin role and are not deactivated: the last one cannot step down.
pub async fn active_admins(db: &Db, workspace_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM users WHERE workspace_id = $1 AND role = 'admin' AND deactivated_at IS NULL";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(workspace_id)).await?;
    Ok(n)
}
