//! People, their preferences and their API tokens. Passwords arrive here already hashed (argon2id, in the web crate);
//! tokens arrive as SHA-256 digests, so a stolen database holds neither.

use crate::{Db, Result, Sql, conflict_on_unique, fetch_found, found, select};
use sangam_domain::{Millis, Role};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub workspace_id: i64,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub language: String,
    pub time_zone: String,
}

const COLUMNS: &str = "id, workspace_id, email, name, role, language, time_zone";

/// What a missing person is called in [`crate::StoreError::NotFound`].
pub(crate) const PERSON: &str = "The person";

pub struct NewUser<'a> {
    pub workspace_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

/// Adds a person. Emails are unique across the install, compared lower-cased.
pub async fn create(db: &Db, new: NewUser<'_>, now: Millis) -> Result<User> {
    let sql = format!(
        "INSERT INTO users (workspace_id, email, name, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    let email = new.email.trim().to_lowercase();
    let created = db
        .fetch_one(
            Sql::assembled(sql)
                .bind(new.workspace_id)
                .bind(&email)
                .bind(new.name)
                .bind(new.password_hash)
                .bind(new.role.as_str())
                .bind(now),
        )
        .await;
    conflict_on_unique(created, || {
        format!("Someone with the email {email} already exists.")
    })
}

pub async fn get(db: &Db, id: i64) -> Result<User> {
    fetch_found(
        db,
        select(COLUMNS, "FROM users WHERE id = $1").bind(id),
        PERSON,
    )
    .await
}

/// A person of `workspace_id`, by id: for every id a request names (an assignee, an owner, an approver). A person of
/// another workspace is not found.
pub async fn in_workspace(db: &Db, workspace_id: i64, id: i64) -> Result<User> {
    let sql = select(COLUMNS, "FROM users WHERE id = $1 AND workspace_id = $2");
    fetch_found(db, sql.bind(id).bind(workspace_id), PERSON).await
}

/// The person, unless they were deactivated: what a session may act as.
pub async fn get_active(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = select(
        COLUMNS,
        "FROM users WHERE id = $1 AND deactivated_at IS NULL",
    );
    db.fetch_optional(sql.bind(id)).await
}

/// Deactivates a person of `workspace_id`: they can no longer sign in, and in the same transaction every session of
/// theirs ends and every API token of theirs is revoked, so nothing they held keeps working. Their posts, replies and
/// audit entries stay. Deactivating someone already deactivated changes nothing and is not an error.
pub async fn deactivate(db: &Db, workspace_id: i64, id: i64, now: Millis) -> Result<()> {
    let mut tx = db.tx().await?;
    let sql = "UPDATE users SET deactivated_at = COALESCE(deactivated_at, $1) WHERE id = $2 AND workspace_id = $3";
    let changed = tx
        .execute(Sql::new(sql).bind(now).bind(id).bind(workspace_id))
        .await?;
    found(changed, PERSON)?;
    tx.execute(Sql::new("DELETE FROM sessions WHERE user_id = $1").bind(id))
        .await?;
    tx.execute(Sql::new("DELETE FROM api_tokens WHERE user_id = $1").bind(id))
        .await?;
    tx.commit().await
}

/// When the person was deactivated, if they were.
pub async fn deactivated_at(db: &Db, workspace_id: i64, id: i64) -> Result<Option<Millis>> {
    let sql = "SELECT deactivated_at FROM users WHERE id = $1 AND workspace_id = $2";
    let (at,): (Option<Millis>,) =
        fetch_found(db, Sql::new(sql).bind(id).bind(workspace_id), PERSON).await?;
    Ok(at)
}

/// The person and their password hash, for signing in.
pub async fn credentials_by_email(db: &Db, email: &str) -> Result<Option<(User, String)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: User,
        password_hash: String,
    }
    // A deactivated person reads as unknown: the sign-in page treats both alike (same answer, same work).
    let sql = format!(
        "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1 AND deactivated_at IS NULL"
    );
    let email = email.trim().to_lowercase();
    let row: Option<Row> = db.fetch_optional(Sql::assembled(sql).bind(&email)).await?;
    Ok(row.map(|r| (r.user, r.password_hash)))
}

/// The people of the workspace who may still act: deactivated people are left out of pickers (assignees, approvers,
/// goal owners) and of the notices the engine sends.
pub async fn list_active(db: &Db, workspace_id: i64) -> Result<Vec<User>> {
    let sql = select(
        COLUMNS,
        "FROM users WHERE workspace_id = $1 AND deactivated_at IS NULL ORDER BY name, id",
    );
    db.fetch_all(sql.bind(workspace_id)).await
}

/// A person of this workspace who may still act (not deactivated): what may be given work.
pub async fn active_in_workspace(db: &Db, workspace_id: i64, id: i64) -> Result<User> {
    let sql = select(
        COLUMNS,
        "FROM users WHERE id = $1 AND workspace_id = $2 AND deactivated_at IS NULL",
    );
    fetch_found(db, sql.bind(id).bind(workspace_id), PERSON).await
}

/// Everyone of the workspace, deactivated people included (names in the audit log and old figures).
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<User>> {
    let sql = select(
        COLUMNS,
        "FROM users WHERE workspace_id = $1 ORDER BY name, id",
    );
    db.fetch_all(sql.bind(workspace_id)).await
}

pub async fn set_preferences(db: &Db, id: i64, language: &str, time_zone: &str) -> Result<()> {
    let sql = "UPDATE users SET language = $1, time_zone = $2 WHERE id = $3";
    db.execute(Sql::new(sql).bind(language).bind(time_zone).bind(id))
        .await?;
    Ok(())
}

pub async fn set_role(db: &Db, workspace_id: i64, id: i64, role: Role) -> Result<()> {
    let sql = "UPDATE users SET role = $1 WHERE id = $2 AND workspace_id = $3";
    let sql = Sql::new(sql)
        .bind(role.as_str())
        .bind(id)
        .bind(workspace_id);
    found(db.execute(sql).await?, PERSON)
}

pub async fn set_password_hash(db: &Db, id: i64, password_hash: &str) -> Result<()> {
    let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
    db.execute(Sql::new(sql).bind(password_hash).bind(id))
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
}

pub async fn create_token(
    db: &Db,
    user_id: i64,
    name: &str,
    token_hash: &str,
    now: Millis,
) -> Result<ApiToken> {
    let sql =
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)
               RETURNING id, user_id, name, created_at, last_used_at";
    db.fetch_one(
        Sql::new(sql)
            .bind(user_id)
            .bind(name)
            .bind(token_hash)
            .bind(now),
    )
    .await
}

pub async fn list_tokens(db: &Db, user_id: i64) -> Result<Vec<ApiToken>> {
    let sql = "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id";
    db.fetch_all(Sql::new(sql).bind(user_id)).await
}

pub async fn delete_token(db: &Db, user_id: i64, token_id: i64) -> Result<()> {
    let sql = "DELETE FROM api_tokens WHERE id = $1 AND user_id = $2";
    let changed = db
        .execute(Sql::new(sql).bind(token_id).bind(user_id))
        .await?;
    found(changed, "The API token")
}

/// How fresh a token's "last used" time is kept. Writing it on every request would turn every API read into a
/// database write (and, on SQLite, queue every client behind one writer); to the minute is what the tokens page needs.
pub const TOKEN_USE_PRECISION_MS: Millis = 60_000;

/// The person a token belongs to, noting when it was last used (to the minute, see [`TOKEN_USE_PRECISION_MS`]). A
/// deactivated person's token opens nothing (their tokens are deleted on deactivation; this also holds for one written
/// by an older version or restored from a backup).
pub async fn user_by_token(db: &Db, token_hash: &str, now: Millis) -> Result<Option<User>> {
    // The person comes with the token in one read: every API request asks this first.
    let sql = "SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.language, u.time_zone, t.last_used_at
               FROM api_tokens t JOIN users u ON u.id = t.user_id
               WHERE t.token_hash = $1 AND u.deactivated_at IS NULL";
    let token: Option<TokenHolder> = db.fetch_optional(Sql::new(sql).bind(token_hash)).await?;
    let Some(TokenHolder { user, last_used_at }) = token else {
        return Ok(None);
    };
    let stale = now - TOKEN_USE_PRECISION_MS;
    if last_used_at.is_none_or(|at| at <= stale) {
        // Conditional, so that of many requests arriving together only the first writes.
        let sql = "UPDATE api_tokens SET last_used_at = $1
                   WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at <= $3)";
        db.execute(Sql::new(sql).bind(now).bind(token_hash).bind(stale))
            .await?;
    }
    Ok(Some(user))
}

/// A token's person and when the token was last used.
#[derive(sqlx::FromRow)]
struct TokenHolder {
    #[sqlx(flatten)]
    user: User,
    last_used_at: Option<Millis>,
}

/// Sign-in failures are forgotten this long after the last one (the limiter reads no older ones; the sweeper deletes
/// them).
pub const SIGN_IN_FAILURES_KEPT_MS: Millis = 15 * 60_000;

/// Failed sign-ins counted under one key (the sign-in limiter's `pair:` and `address:` keys), shared by every process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct SignInFailures {
    pub failures: i64,
    pub last_failure_at: Millis,
}

/// Counts one failed sign-in under `key`. A count whose last failure is older than `forget_before` starts again at
/// one. Returns the count after this failure. One statement, so concurrent failures from several processes all count.
pub async fn record_sign_in_failure(
    db: &Db,
    key: &str,
    now: Millis,
    forget_before: Millis,
) -> Result<SignInFailures> {
    let sql = "INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES ($1, 1, $2)
               ON CONFLICT (key) DO UPDATE SET
                 failures = CASE WHEN sign_in_failures.last_failure_at < $3 THEN 1
                                 ELSE sign_in_failures.failures + 1 END,
                 last_failure_at = $2
               RETURNING failures, last_failure_at";
    db.fetch_one(Sql::new(sql).bind(key).bind(now).bind(forget_before))
        .await
}

/// The failures counted under `key`, unless the last one is older than `forget_before`.
pub async fn sign_in_failures(
    db: &Db,
    key: &str,
    forget_before: Millis,
) -> Result<Option<SignInFailures>> {
    let sql = "SELECT failures, last_failure_at FROM sign_in_failures
               WHERE key = $1 AND last_failure_at >= $2";
    db.fetch_optional(Sql::new(sql).bind(key).bind(forget_before))
        .await
}

/// Forgets the failures under `key` (after the right password for that pair).
pub async fn clear_sign_in_failures(db: &Db, key: &str) -> Result<()> {
    let sql = "DELETE FROM sign_in_failures WHERE key = $1";
    db.execute(Sql::new(sql).bind(key)).await?;
    Ok(())
}

/// Removes counts whose last failure is older than `before`; run from the sweeper.
pub async fn forget_sign_in_failures(db: &Db, before: Millis) -> Result<u64> {
    let sql = "DELETE FROM sign_in_failures WHERE last_failure_at < $1";
    db.execute(Sql::new(sql).bind(before)).await
}
