//! Server-side sessions for tower-sessions, stored in our own database so they survive restarts and are shared by
//! several `sangam serve` processes. A row is keyed by the SHA-256 digest of the cookie value, never the value
//! itself, so a copy of the database (a backup, a stolen file) signs nobody in.

use crate::{Db, Sql};
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// The session key holding the signed-in person's id; copied to the row's `user_id` so a person's sessions can be
/// ended together.
pub const USER_KEY: &str = "user_id";

/// The stored key of a session: the SHA-256 digest of its cookie value, in hex.
pub fn stored_id(id: &Id) -> String {
    Sha256::digest(id.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn user_of(record: &Record) -> Option<i64> {
    record
        .data
        .get(USER_KEY)
        .and_then(serde_json::Value::as_i64)
}

/// Ends every session of one person (deactivation, a password change): their next request is signed out.
pub async fn end_all_for_user(db: &Db, user_id: i64) -> crate::Result<u64> {
    let sql = "DELETE FROM sessions WHERE user_id = $1";
    db.execute(Sql::new(sql).bind(user_id)).await
}

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> Self {
        DbSessionStore { db }
    }

    /// Removes sessions past their expiry; run from time to time.
    pub async fn delete_expired(&self, now_millis: i64) -> crate::Result<u64> {
        let sql = "DELETE FROM sessions WHERE expires_at < $1";
        self.db.execute(Sql::new(sql).bind(now_millis)).await
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn expiry_millis(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

/// Writes `record` under its stored id: `INSERT ... ON CONFLICT (id) ` followed by `on_conflict`. Returns whether a
/// row was written.
async fn write(db: &Db, record: &Record, on_conflict: &'static str) -> session_store::Result<bool> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let sql = format!(
        "INSERT INTO sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) {on_conflict}"
    );
    let done = db
        .execute(
            Sql::assembled(sql)
                .bind(stored_id(&record.id))
                .bind(user_of(record))
                .bind(data)
                .bind(expiry_millis(record)),
        )
        .await
        .map_err(backend)?;
    Ok(done == 1)
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh random id collides with an existing one with negligible probability; insert-or-regenerate keeps the
        // guarantee anyway.
        while !write(&self.db, record, "DO NOTHING").await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let update = "DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at";
        write(&self.db, record, update).await?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> session_store::Result<Option<Record>> {
        let sql = "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2";
        let now = sangam_domain::now_millis();
        let row: Option<(String, i64)> = self
            .db
            .fetch_optional(Sql::new(sql).bind(stored_id(session_id)).bind(now))
            .await
            .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        let data =
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date =
            time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(expires_at) * 1_000_000)
                .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *session_id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, session_id: &Id) -> session_store::Result<()> {
        let sql = "DELETE FROM sessions WHERE id = $1";
        self.db
            .execute(Sql::new(sql).bind(stored_id(session_id)))
            .await
            .map_err(backend)?;
        Ok(())
    }
}
