//! Idempotency keys for creating API requests: the first answer to a request sent with an `Idempotency-Key` is kept
//! for [`KEEP_MS`] per (workspace, person, key), so a client that retries after a lost answer gets that answer again
//! instead of creating a second post. The web layer (`sangam_web::api::idempotency`) decides what to claim and
//! records the answer; this module keeps the rows.

use crate::{Db, Result, Sql, StoreError};
use sangam_domain::Millis;

/// How long an answer is remembered (at least; the sweeper removes older ones).
pub const KEEP_MS: Millis = 24 * 3600 * 1000;

/// A first request that has not recorded its answer after this long is taken to have died with its process; a retry
/// then runs again rather than waiting forever.
pub const ABANDONED_AFTER_MS: Millis = 5 * 60 * 1000;

/// Whose key it is: keys of different people or workspaces never meet.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub workspace_id: i64,
    pub user_id: i64,
    pub key: &'a str,
}

/// The remembered first answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    /// As the web layer hands it over: sealed with the secret key, since an answer may carry a secret shown once.
    pub body: Vec<u8>,
}

/// What a request carrying a key may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new (or its entry expired): run the request, then [`finish`] or [`release`].
    Fresh,
    /// The same request was answered before: send this answer again.
    Replay(StoredAnswer),
    /// The key was used with a different request.
    Mismatch,
    /// The first request with this key is still being answered.
    InFlight,
}

#[derive(sqlx::FromRow)]
struct Row {
    request_hash: String,
    status: Option<i64>,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    created_at: Millis,
}

/// `sql` with the scope bound to `$1` (workspace), `$2` (person) and `$3` (key).
fn scoped<'a>(sql: &'static str, scope: Scope<'a>) -> Sql<'a> {
    Sql::new(sql)
        .bind(scope.workspace_id)
        .bind(scope.user_id)
        .bind(scope.key)
}

/// Claims `scope` for a request whose method, path and body digest to `request_hash`.
pub async fn claim(db: &Db, scope: Scope<'_>, request_hash: &str, now: Millis) -> Result<Claim> {
    // Two rounds at most: a row that vanishes or is taken over between our statements sends us round once more.
    for _ in 0..3 {
        let insert = "INSERT INTO idempotency_keys (workspace_id, user_id, key, request_hash, created_at)
                      VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace_id, user_id, key) DO NOTHING";
        let inserted = db
            .execute(scoped(insert, scope).bind(request_hash).bind(now))
            .await?;
        if inserted == 1 {
            return Ok(Claim::Fresh);
        }
        let select =
            "SELECT request_hash, status, content_type, body, created_at FROM idempotency_keys
                      WHERE workspace_id = $1 AND user_id = $2 AND key = $3";
        let row: Option<Row> = db.fetch_optional(scoped(select, scope)).await?;
        let Some(row) = row else { continue };
        let expired = row.created_at < now - KEEP_MS;
        let abandoned = row.status.is_none() && row.created_at < now - ABANDONED_AFTER_MS;
        if !expired && row.request_hash != request_hash {
            return Ok(Claim::Mismatch);
        }
        if expired || abandoned {
            if take_over(db, scope, request_hash, row.created_at, now).await? {
                return Ok(Claim::Fresh);
            }
            continue;
        }
        return Ok(match row.status {
            None => Claim::InFlight,
            Some(status) => Claim::Replay(StoredAnswer {
                status: u16::try_from(status).map_err(|_| {
                    StoreError::Corrupt(format!("idempotency answer status {status}"))
                })?,
                content_type: row.content_type,
                body: row.body.unwrap_or_default(),
            }),
        });
    }
    Ok(Claim::InFlight)
}

/// Restarts an expired or abandoned entry for a new request, unless another request did so first.
async fn take_over(
    db: &Db,
    scope: Scope<'_>,
    request_hash: &str,
    seen_created_at: Millis,
    now: Millis,
) -> Result<bool> {
    let sql = "UPDATE idempotency_keys SET request_hash = $4, status = NULL, content_type = NULL, body = NULL,
                      created_at = $5
               WHERE workspace_id = $1 AND user_id = $2 AND key = $3 AND created_at = $6";
    let restart = scoped(sql, scope)
        .bind(request_hash)
        .bind(now)
        .bind(seen_created_at);
    let done = db.execute(restart).await?;
    Ok(done == 1)
}

/// Records the first answer, to be replayed to retries.
pub async fn finish(db: &Db, scope: Scope<'_>, answer: &StoredAnswer) -> Result<()> {
    let sql = "UPDATE idempotency_keys SET status = $4, content_type = $5, body = $6
               WHERE workspace_id = $1 AND user_id = $2 AND key = $3";
    let answered = scoped(sql, scope)
        .bind(i64::from(answer.status))
        .bind(answer.content_type.as_deref())
        .bind(answer.body.as_slice());
    db.execute(answered).await?;
    Ok(())
}

/// Forgets a claim whose request failed on our side, so a retry runs it again.
pub async fn release(db: &Db, scope: Scope<'_>) -> Result<()> {
    let sql = "DELETE FROM idempotency_keys WHERE workspace_id = $1 AND user_id = $2 AND key = $3";
    db.execute(scoped(sql, scope)).await?;
    Ok(())
}

/// Removes entries created before `before`; the sweeper passes now minus [`KEEP_MS`].
pub async fn forget_before(db: &Db, before: Millis) -> Result<u64> {
    let sql = "DELETE FROM idempotency_keys WHERE created_at < $1";
    db.execute(Sql::new(sql).bind(before)).await
}
