//! Both databases end with one schema: the same tables, each with the same columns (name, nullability, kind of
//! value), primary key and index names, read back from the migrated databases themselves. The schema is written once
//! (crates/store/migrations) but a line can still be meant for one database only; this catches a column, key or index
//! that one database has and the other lacks. The comparison needs PostgreSQL (`TEST_DATABASE_URL`); without it only
//! SQLite's side is read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_store::{Backend, Db, Sql, testing};
use std::collections::BTreeMap;

/// The kind of value a column holds, whatever each database calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
    Bytes,
    Bool,
}

impl Kind {
    fn of(declared: &str) -> Kind {
        match declared.to_ascii_lowercase().as_str() {
            "integer" | "bigint" | "smallint" => Kind::Integer,
            "real" | "double precision" => Kind::Real,
            "text" | "character varying" => Kind::Text,
            "blob" | "bytea" => Kind::Bytes,
            "boolean" => Kind::Bool,
            other => panic!("a column type this test does not know: {other:?}"),
        }
    }

    /// SQLite has no boolean type: its booleans are INTEGER 0/1, which sqlx reads as `bool` like PostgreSQL's.
    fn matches(sqlite: Kind, postgres: Kind) -> bool {
        sqlite == postgres || (sqlite == Kind::Integer && postgres == Kind::Bool)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    kind: Kind,
    not_null: bool,
}

#[derive(Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    indexes: Vec<String>,
}

type Schema = BTreeMap<String, Table>;

async fn texts(db: &Db, sql: Sql<'_>) -> Vec<String> {
    let rows: Vec<(String,)> = db.fetch_all(sql).await.unwrap();
    rows.into_iter().map(|(text,)| text).collect()
}

async fn sqlite_schema(db: &Db) -> Schema {
    let sql = "SELECT name FROM sqlite_master
               WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'";
    let mut schema = Schema::new();
    for name in texts(db, Sql::new(sql)).await {
        let sql = "SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)";
        let rows: Vec<(String, String, i64, i64)> =
            db.fetch_all(Sql::new(sql).bind(&name)).await.unwrap();
        let mut table = Table::default();
        let mut key: Vec<(i64, String)> = Vec::new();
        for (column, declared, not_null, pk) in rows {
            if pk > 0 {
                key.push((pk, column.clone()));
            }
            // A primary key column holds no NULL on either database, whatever SQLite's table_info says of it.
            let not_null = not_null == 1 || pk > 0;
            let kind = Kind::of(&declared);
            table.columns.insert(column, Column { kind, not_null });
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, column)| column).collect();
        // Indexes written in the migrations (SQLite's own, for UNIQUE and PRIMARY KEY, have no SQL).
        let sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL
                   ORDER BY name";
        table.indexes = texts(db, Sql::new(sql).bind(&name)).await;
        schema.insert(name, table);
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let sql = "SELECT table_name::text FROM information_schema.tables
               WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                 AND table_name NOT LIKE '\\_sqlx%'";
    let mut schema = Schema::new();
    for name in texts(db, Sql::new(sql)).await {
        let sql = "SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
                   WHERE table_schema = current_schema() AND table_name = $1";
        let rows: Vec<(String, String, String)> =
            db.fetch_all(Sql::new(sql).bind(&name)).await.unwrap();
        let mut table = Table::default();
        for (column, declared, nullable) in rows {
            let kind = Kind::of(&declared);
            let not_null = nullable == "NO";
            table.columns.insert(column, Column { kind, not_null });
        }
        let sql = "SELECT a.attname::text FROM pg_index x
                   JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
                   WHERE x.indrelid = ($1::text)::regclass AND x.indisprimary
                   ORDER BY array_position(x.indkey::int2[], a.attnum)";
        table.primary_key = texts(db, Sql::new(sql).bind(&name)).await;
        // Indexes written in the migrations, not those PostgreSQL makes for a PRIMARY KEY or UNIQUE constraint.
        let sql = "SELECT i.relname::text FROM pg_index x
                   JOIN pg_class i ON i.oid = x.indexrelid
                   WHERE x.indrelid = ($1::text)::regclass
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
                   ORDER BY i.relname";
        table.indexes = texts(db, Sql::new(sql).bind(&name)).await;
        schema.insert(name, table);
    }
    schema
}

async fn schema_of(db: &Db) -> Schema {
    match db.kind() {
        Backend::Sqlite => sqlite_schema(db).await,
        Backend::Postgres => postgres_schema(db).await,
    }
}

/// Every way the two schemas differ, one sentence each.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut found = Vec::new();
    for name in sqlite.keys().chain(postgres.keys()) {
        let (Some(s), Some(p)) = (sqlite.get(name), postgres.get(name)) else {
            found.push(format!("table {name} exists on one database only"));
            continue;
        };
        for column in s.columns.keys().chain(p.columns.keys()) {
            match (s.columns.get(column), p.columns.get(column)) {
                (Some(a), Some(b)) if !Kind::matches(a.kind, b.kind) => found.push(format!(
                    "{name}.{column} holds {:?} on SQLite but {:?} on PostgreSQL",
                    a.kind, b.kind
                )),
                (Some(a), Some(b)) if a.not_null != b.not_null => found.push(format!(
                    "{name}.{column} is NOT NULL on one database only (SQLite {}, PostgreSQL {})",
                    a.not_null, b.not_null
                )),
                (Some(_), Some(_)) => {}
                _ => found.push(format!(
                    "column {name}.{column} exists on one database only"
                )),
            }
        }
        if s.primary_key != p.primary_key {
            found.push(format!(
                "{name}'s primary key is {:?} on SQLite but {:?} on PostgreSQL",
                s.primary_key, p.primary_key
            ));
        }
        if s.indexes != p.indexes {
            found.push(format!(
                "{name}'s indexes are {:?} on SQLite but {:?} on PostgreSQL",
                s.indexes, p.indexes
            ));
        }
    }
    found.sort();
    found.dedup();
    found
}

#[tokio::test]
async fn both_databases_end_with_the_same_tables_columns_keys_and_indexes() {
    let sqlite = schema_of(&testing::sqlite().await.unwrap()).await;
    let messages = &sqlite["messages"];
    assert!(
        messages.columns["abusive"].not_null
            && messages.primary_key == ["id"]
            && messages
                .indexes
                .contains(&"messages_inbox_status_page".to_string()),
        "the SQLite schema was read: {messages:?}"
    );
    let Some(pg) = testing::postgres().await.unwrap() else {
        return;
    };
    let postgres = schema_of(&pg).await;
    assert_eq!(differences(&sqlite, &postgres), Vec::<String>::new());
}

/// The comparison is not blind: a column added on one database only is reported.
#[tokio::test]
async fn a_column_on_one_database_only_is_reported() {
    let sqlite = schema_of(&testing::sqlite().await.unwrap()).await;
    let Some(pg) = testing::postgres().await.unwrap() else {
        return;
    };
    pg.execute(Sql::new("ALTER TABLE users ADD COLUMN nickname TEXT"))
        .await
        .unwrap();
    let postgres = schema_of(&pg).await;
    assert_eq!(
        differences(&sqlite, &postgres),
        vec!["column users.nickname exists on one database only".to_string()]
    );
}
