//! People, their preferences and their API tokens. Passwords arrive here already hashed (argon2id, in the web crate);
//! tokens arrive as SHA-256 digests, so a stolen database holds neither.

use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::{Millis, Role};
use sqlx::AssertSqlSafe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub workspace_id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub language: String,
    pub time_zone: String,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    workspace_id: i64,
    email: String,
    name: String,
    role: String,
    language: String,
    time_zone: String,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<User> {
        let role = Role::parse(&r.role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role {:?}", r.role)))?;
        Ok(User {
            id: r.id,
            workspace_id: r.workspace_id,
            email: r.email,
            name: r.name,
            role,
            language: r.language,
            time_zone: r.time_zone,
        })
    }
}

const COLUMNS: &str = "id, workspace_id, email, name, role, language, time_zone";

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
    let row: std::result::Result<UserRow, sqlx::Error> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(new.workspace_id)
        .bind(&email)
        .bind(new.name)
        .bind(new.password_hash)
        .bind(new.role.as_str())
        .bind(now)
        .fetch_one(pool)
        .await);
    match row {
        Ok(row) => row.try_into(),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::Conflict(
            format!("Someone with the email {email} already exists."),
        )),
        Err(e) => Err(e.into()),
    }
}

pub async fn get(db: &Db, id: i64) -> Result<User> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row: Option<UserRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The person"))?.try_into()
}

/// A person of `workspace_id`, by id: for every id a request names (an assignee, an owner, an approver). A person of
/// another workspace is not found.
pub async fn in_workspace(db: &Db, workspace_id: i64, id: i64) -> Result<User> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND workspace_id = $2");
    let row: Option<UserRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id)
        .fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The person"))?.try_into()
}

/// The person, unless they were deactivated: what a session may act as.
pub async fn get_active(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND deactivated_at IS NULL");
    let row: Option<UserRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)?;
    row.map(User::try_from).transpose()
}

/// Deactivates a person of `workspace_id`: they can no longer sign in, and in the same transaction every session of
/// theirs ends and every API token of theirs is revoked, so nothing they held keeps working. Their posts, replies and
/// audit entries stay. Deactivating someone already deactivated changes nothing and is not an error.
pub async fn deactivate(db: &Db, workspace_id: i64, id: i64, now: Millis) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let found = sqlx::query(
            "UPDATE users SET deactivated_at = COALESCE(deactivated_at, $1) WHERE id = $2 AND workspace_id = $3",
        )
        .bind(now).bind(id).bind(workspace_id).execute(&mut *tx).await?;
        if found.rows_affected() != 1 {
            return Err(StoreError::NotFound("The person"));
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM api_tokens WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), StoreError>(())
    })
}

/// When the person was deactivated, if they were.
pub async fn deactivated_at(db: &Db, workspace_id: i64, id: i64) -> Result<Option<Millis>> {
    let sql = "SELECT deactivated_at FROM users WHERE id = $1 AND workspace_id = $2";
    let row: Option<Option<Millis>> = on_pool!(db, pool => sqlx::query_scalar(sql).bind(id).bind(workspace_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The person"))
}

/// The person and their password hash, for signing in.
pub async fn credentials_by_email(db: &Db, email: &str) -> Result<Option<(User, String)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        user: UserRow,
        password_hash: String,
    }
    // A deactivated person reads as unknown: the sign-in page treats both alike (same answer, same work).
    let sql = format!(
        "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1 AND deactivated_at IS NULL"
    );
    let email = email.trim().to_lowercase();
    let row: Option<Row> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(&email).fetch_optional(pool).await)?;
    row.map(|r| Ok((r.user.try_into()?, r.password_hash)))
        .transpose()
}

/// The people of the workspace who may still act: deactivated people are left out of pickers (assignees, approvers,
/// goal owners) and of the notices the engine sends.
pub async fn list_active(db: &Db, workspace_id: i64) -> Result<Vec<User>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE workspace_id = $1 AND deactivated_at IS NULL ORDER BY name, id"
    );
    let rows: Vec<UserRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(workspace_id).fetch_all(pool).await)?;
    rows.into_iter().map(User::try_from).collect()
}

/// A person of this workspace who may still act (not deactivated): what may be given work.
pub async fn active_in_workspace(db: &Db, workspace_id: i64, id: i64) -> Result<User> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE id = $1 AND workspace_id = $2 AND deactivated_at IS NULL"
    );
    let row: Option<UserRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id)
        .fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The person"))?.try_into()
}

/// Everyone of the workspace, deactivated people included (names in the audit log and old figures).
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<User>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE workspace_id = $1 ORDER BY name, id");
    let rows: Vec<UserRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(workspace_id).fetch_all(pool).await)?;
    rows.into_iter().map(User::try_from).collect()
}

pub async fn set_preferences(db: &Db, id: i64, language: &str, time_zone: &str) -> Result<()> {
    let sql = "UPDATE users SET language = $1, time_zone = $2 WHERE id = $3";
    execute!(db, pool => sqlx::query(sql).bind(language).bind(time_zone).bind(id))?;
    Ok(())
}

pub async fn set_role(db: &Db, workspace_id: i64, id: i64, role: Role) -> Result<()> {
    let sql = "UPDATE users SET role = $1 WHERE id = $2 AND workspace_id = $3";
    let done =
        execute!(db, pool => sqlx::query(sql).bind(role.as_str()).bind(id).bind(workspace_id))?;
    if done == 0 {
        return Err(StoreError::NotFound("The person"));
    }
    Ok(())
}

pub async fn set_password_hash(db: &Db, id: i64, password_hash: &str) -> Result<()> {
    let sql = "UPDATE users SET password_hash = $1 WHERE id = $2";
    execute!(db, pool => sqlx::query(sql).bind(password_hash).bind(id))?;
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
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(user_id).bind(name).bind(token_hash).bind(now)
        .fetch_one(pool).await)?,
    )
}

pub async fn list_tokens(db: &Db, user_id: i64) -> Result<Vec<ApiToken>> {
    let sql = "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await)?)
}

pub async fn delete_token(db: &Db, user_id: i64, token_id: i64) -> Result<()> {
    let sql = "DELETE FROM api_tokens WHERE id = $1 AND user_id = $2";
    let done = execute!(db, pool => sqlx::query(sql).bind(token_id).bind(user_id))?;
    if done == 0 {
        return Err(StoreError::NotFound("The API token"));
    }
    Ok(())
}

/// The person a token belongs to, noting when it was last used. A deactivated person's token opens nothing (their
/// tokens are deleted on deactivation; this also holds for one written by an older version or restored from a backup).
pub async fn user_by_token(db: &Db, token_hash: &str, now: Millis) -> Result<Option<User>> {
    let sql = "UPDATE api_tokens SET last_used_at = $1
               WHERE token_hash = $2
                 AND user_id IN (SELECT id FROM users WHERE deactivated_at IS NULL)
               RETURNING user_id";
    let user_id: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(sql).bind(now).bind(token_hash).fetch_optional(pool).await)?;
    match user_id {
        Some(id) => get_active(db, id).await,
        None => Ok(None),
    }
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
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(key).bind(now).bind(forget_before)
        .fetch_one(pool).await)?,
    )
}

/// The failures counted under `key`, unless the last one is older than `forget_before`.
pub async fn sign_in_failures(
    db: &Db,
    key: &str,
    forget_before: Millis,
) -> Result<Option<SignInFailures>> {
    let sql = "SELECT failures, last_failure_at FROM sign_in_failures
               WHERE key = $1 AND last_failure_at >= $2";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(key).bind(forget_before)
        .fetch_optional(pool).await)?,
    )
}

/// Forgets the failures under `key` (after the right password for that pair).
pub async fn clear_sign_in_failures(db: &Db, key: &str) -> Result<()> {
    let sql = "DELETE FROM sign_in_failures WHERE key = $1";
    execute!(db, pool => sqlx::query(sql).bind(key))?;
    Ok(())
}

/// Removes counts whose last failure is older than `before`; run from the sweeper.
pub async fn forget_sign_in_failures(db: &Db, before: Millis) -> Result<u64> {
    let sql = "DELETE FROM sign_in_failures WHERE last_failure_at < $1";
    Ok(execute!(db, pool => sqlx::query(sql).bind(before))?)
}
