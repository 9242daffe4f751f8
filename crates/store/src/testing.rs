//! Databases for tests: every store test runs on a fresh SQLite file, and on PostgreSQL too when
//! `TEST_DATABASE_URL` is set. Each PostgreSQL test gets its own schema, so tests run in parallel without seeing each
//! other's rows. Compiled only with the `testing` feature, which test builds turn on.

use crate::{Db, Result, fresh_schema_name};

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
    Ok(Some(
        Db::connect_pg_schema(&url, &fresh_schema_name()).await?,
    ))
}

/// SQLite always, PostgreSQL when configured: the list every store test loops over.
pub async fn all() -> Result<Vec<Db>> {
    let mut dbs = vec![sqlite().await?];
    if let Some(pg) = postgres().await? {
        dbs.push(pg);
    }
    Ok(dbs)
}
