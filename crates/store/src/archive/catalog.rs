//! What the database says about itself: its tables, their columns and kinds of value, their primary keys and the
//! tables they point at. The archive reads every list from here, never from a list in the code, so a table or a
//! column a later migration adds is exported and imported without a change to this module.

use crate::{Backend, Result, Sql, StoreError, Tx};
use std::collections::{BTreeMap, BTreeSet};

/// The kind of value a column holds, as the archive writes and binds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Bool,
    Bytes,
    Text,
}

impl Kind {
    /// The kind of a declared SQLite type or a PostgreSQL `data_type`, as the migrations' tokens spell them.
    fn of(declared: &str, backend: Backend) -> Kind {
        let t = declared.to_ascii_lowercase();
        match backend {
            // SQLite has no boolean: `{bool}` is an INTEGER holding 0 or 1, which the archive writes as a number.
            Backend::Sqlite if t.contains("int") => Kind::Int,
            Backend::Sqlite if t.contains("real") || t.contains("double") => Kind::Real,
            Backend::Sqlite if t.contains("blob") => Kind::Bytes,
            Backend::Postgres if t == "bigint" || t == "integer" || t == "smallint" => Kind::Int,
            Backend::Postgres if t == "double precision" || t == "real" => Kind::Real,
            Backend::Postgres if t == "boolean" => Kind::Bool,
            Backend::Postgres if t == "bytea" => Kind::Bytes,
            _ => Kind::Text,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    /// PostgreSQL's identity column, whose sequence an import moves past the largest imported id.
    pub identity: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
}

/// The bookkeeping of the migrator, which each database keeps for itself and the archive leaves alone.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Every table of the open database, parents before the tables that point at them (so that rows inserted in this
/// order satisfy every foreign key); tables that do not depend on each other keep the order the database created
/// them in, which is the migrations' order.
pub async fn tables(tx: &mut Tx) -> Result<Vec<Table>> {
    let backend = tx.backend();
    let names: Vec<(String,)> = tx
        .fetch_all(Sql::new(match backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            }
            Backend::Postgres => {
                "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.oid"
            }
        }))
        .await?;
    let names: Vec<String> = names
        .into_iter()
        .map(|(n,)| n)
        .filter(|n| n != MIGRATIONS_TABLE)
        .collect();
    let mut found = Vec::with_capacity(names.len());
    let mut parents = BTreeMap::new();
    for name in &names {
        found.push(table(tx, name).await?);
        parents.insert(name.clone(), references(tx, name).await?);
    }
    Ok(parents_first(found, &parents))
}

async fn table(tx: &mut Tx, name: &str) -> Result<Table> {
    let backend = tx.backend();
    let rows: Vec<(String, String, bool, bool)> = tx
        .fetch_all(
            Sql::new(match backend {
                Backend::Sqlite => {
                    "SELECT name, type, pk > 0, FALSE FROM pragma_table_info($1) ORDER BY cid"
                }
                Backend::Postgres => {
                    "SELECT c.column_name::text, c.data_type::text,
                            EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a
                                      ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                                     WHERE i.indrelid = ($1::text)::regclass AND i.indisprimary
                                       AND a.attname = c.column_name),
                            c.is_identity = 'YES'
                       FROM information_schema.columns c
                      WHERE c.table_schema = current_schema() AND c.table_name = $1
                      ORDER BY c.ordinal_position"
                }
            })
            .bind(name),
        )
        .await?;
    if rows.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "the table {name} has no columns"
        )));
    }
    Ok(Table {
        name: name.to_string(),
        primary_key: rows.iter().filter(|r| r.2).map(|r| r.0.clone()).collect(),
        columns: rows
            .into_iter()
            .map(|(name, declared, _, identity)| Column {
                kind: Kind::of(&declared, backend),
                name,
                identity,
            })
            .collect(),
    })
}

/// The tables `name`'s foreign keys point at.
async fn references(tx: &mut Tx, name: &str) -> Result<BTreeSet<String>> {
    let rows: Vec<(String,)> = match tx.backend() {
        Backend::Sqlite => {
            tx.fetch_all(Sql::new(r#"SELECT "table" FROM pragma_foreign_key_list($1)"#).bind(name))
                .await?
        }
        Backend::Postgres => {
            tx.fetch_all(
                Sql::new(
                    "SELECT p.relname::text FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid
                      WHERE c.conrelid = ($1::text)::regclass AND c.contype = 'f'",
                )
                .bind(name),
            )
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(t,)| t)
        .filter(|t| t != name)
        .collect())
}

/// `tables` reordered so that each comes after the tables it references; a table that points at itself is not held
/// back by that (its rows are read in key order, so a parent row comes before its children). Should a cycle between
/// tables ever appear, its tables keep their catalogue order rather than being lost.
fn parents_first(tables: Vec<Table>, parents: &BTreeMap<String, BTreeSet<String>>) -> Vec<Table> {
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut waiting = tables;
    let mut ordered = Vec::with_capacity(waiting.len());
    while !waiting.is_empty() {
        let ready = waiting.iter().position(|t| {
            parents
                .get(&t.name)
                .is_none_or(|ps| ps.iter().all(|p| placed.contains(p)))
        });
        let next = waiting.remove(ready.unwrap_or(0));
        placed.insert(next.name.clone());
        ordered.push(next);
    }
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> Table {
        Table {
            name: name.into(),
            columns: vec![],
            primary_key: vec![],
        }
    }

    #[test]
    fn a_table_comes_after_the_tables_it_points_at() {
        let parents = BTreeMap::from([
            ("posts".to_string(), BTreeSet::from(["users".to_string()])),
            (
                "users".to_string(),
                BTreeSet::from(["workspaces".to_string()]),
            ),
        ]);
        let order = parents_first(vec![t("posts"), t("users"), t("workspaces")], &parents);
        let names: Vec<_> = order.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["workspaces", "users", "posts"]);
    }
}
