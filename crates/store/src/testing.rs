//! Databases for tests: every store test runs on a fresh SQLite file, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set. Each PostgreSQL test gets its own schema, so tests run in parallel without seeing each
//! other's rows.

use crate::{Db, Result, StoreError};
use sqlx::postgres::PgConnectOptions;
use std::str::FromStr;

/// A fresh, migrated SQLite database in a temporary file (a file, not `:memory:`, so every pooled connection sees the
/// same data). The file is left in the temp dir for post-mortems.
pub async fn sqlite() -> Result<Db> {
    let path = std::env::temp_dir().join(format!("sangam-test-{}.db", uuid::Uuid::new_v4()));
    let db = Db::connect_sqlite(&path.to_string_lossy()).await?;
    db.migrate().await?;
    Ok(db)
}

/// A fresh, migrated PostgreSQL schema, when `TEST_DATABASE_URL` names a server.
pub async fn postgres() -> Result<Option<Db>> {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        return Ok(None);
    };
    Ok(Some(postgres_schema(&url, &fresh_schema_name()).await?))
}

pub fn fresh_schema_name() -> String {
    format!("t_{}", uuid::Uuid::new_v4().simple())
}

/// Opens `url` with `search_path` set to `schema`, creating the schema first. Used by tests and by the multi-process
/// tests that point several `sangam serve` at one schema.
pub async fn postgres_schema(url: &str, schema: &str) -> Result<Db> {
    let base = PgConnectOptions::from_str(url).map_err(|e| StoreError::Connect(e.to_string()))?;
    let admin = Db::connect_pg(base.clone()).await?;
    if let Db::Pg(pool) = &admin {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(pool)
        .await?;
    }
    admin.close().await;
    let db = Db::connect_pg(base.options([("search_path", schema)])).await?;
    db.migrate().await?;
    Ok(db)
}

/// SQLite always, PostgreSQL when configured: the list every store test loops over.
pub async fn all() -> Result<Vec<Db>> {
    let mut dbs = vec![sqlite().await?];
    if let Some(pg) = postgres().await? {
        dbs.push(pg);
    }
    Ok(dbs)
}
