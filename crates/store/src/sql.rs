//! How the store talks to either database without writing anything twice. A statement is an [`Sql`]: its text (in
//! the portable subset, `$1` placeholders) and its values as [`Arg`]s. It runs on the pool ([`Db`]'s methods), or
//! inside a transaction ([`Tx`]) so that operations from different modules commit or fail together. The two backends
//! meet in exactly one place, [`Exec`]; everything above it is plain code that rustfmt formats and the compiler checks
//! once.
//!
//! Rows decode into any type that derives `sqlx::FromRow` (see [`Record`]); a column holding one of the domain's
//! words decodes straight into its enum with `#[sqlx(try_from = "String")]`, and a word the code does not know is
//! reported as [`StoreError::Corrupt`] rather than read as some default.

use crate::{Db, Result, StoreError};
use sqlx::error::BoxDynError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{
    Arguments, AssertSqlSafe, Database, Encode, FromRow, IntoArguments, PgConnection, Postgres,
    Sqlite, SqliteConnection, Type,
};
use std::borrow::Cow;

/// Which database is open, for the few statements that must differ (the job lease, date bucketing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A row type both backends can decode: anything that derives `sqlx::FromRow`, and tuples of plain values.
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// One value bound to a placeholder. Each variant carries its SQL type even when the value is NULL, because PostgreSQL
/// must know the type of every parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(Option<bool>),
    Text(Option<Cow<'a, str>>),
    Bytes(Option<Cow<'a, [u8]>>),
}

/// A statement and its values.
#[derive(Debug, Clone)]
pub struct Sql<'a> {
    text: Cow<'static, str>,
    args: Vec<Arg<'a>>,
}

impl<'a> Sql<'a> {
    /// A statement written in the source. Values always go through [`Sql::bind`], never into the text.
    pub fn new(text: &'static str) -> Self {
        Sql {
            text: Cow::Borrowed(text),
            args: Vec::new(),
        }
    }

    /// A statement assembled at run time (optional filters, a list of ids). Its text must be made only of fragments
    /// written in the source and of integers; anything a person typed goes through [`Sql::bind`].
    pub fn assembled(text: String) -> Self {
        Sql {
            text: Cow::Owned(text),
            args: Vec::new(),
        }
    }

    /// `template` with its one `{ids}` replaced by `ids` as a comma-separated list (`NULL` when empty, so that
    /// `IN ({ids})` matches nothing). Ids are integers, so inlining them cannot inject anything, and one statement
    /// reads a whole page's worth of rows.
    pub fn with_ids(template: &'static str, ids: &[i64]) -> Self {
        let list = if ids.is_empty() {
            "NULL".to_string()
        } else {
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        };
        Sql::assembled(template.replace("{ids}", &list))
    }

    /// Binds the next placeholder (`$1`, `$2`, ... in the order of the calls).
    pub fn bind(mut self, value: impl Into<Arg<'a>>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Binds the next placeholder in place, for statements whose values are chosen in a loop.
    pub fn push(&mut self, value: impl Into<Arg<'a>>) -> &mut Self {
        self.args.push(value.into());
        self
    }

    /// How many values are bound so far: the number of the next placeholder minus one.
    pub fn bound(&self) -> usize {
        self.args.len()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// This statement and then `next`, as one text of two statements for one execution ([`Tx::execute_each`]):
    /// `next`'s numbered placeholders are renumbered to follow this one's values. Both are the store's own text,
    /// whose placeholders are `$n` (a `$` inside a quoted literal is left alone).
    pub(crate) fn then(mut self, next: Sql<'a>) -> Sql<'a> {
        let mut text = self.text.into_owned();
        text.push_str(";\n");
        push_renumbered(&mut text, &next.text, self.args.len());
        self.text = Cow::Owned(text);
        self.args.extend(next.args);
        self
    }
}

/// `text` onto `out` with every `$n` outside quotes made `$(n + by)`.
fn push_renumbered(out: &mut String, text: &str, by: usize) {
    let mut quoted = false;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        match c {
            '\'' => quoted = !quoted,
            '$' if !quoted => {
                let mut n = String::new();
                while let Some((_, d)) = chars.next_if(|(_, d)| d.is_ascii_digit()) {
                    n.push(d);
                }
                match n.parse::<usize>() {
                    Ok(n) => out.push_str(&(n + by).to_string()),
                    Err(_) => out.push_str(&n),
                }
            }
            _ => {}
        }
    }
}

/// A connection taken from the pool, for a run of statements outside a transaction.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
}

impl Conn {
    pub fn exec(&mut self) -> Exec<'_> {
        match self {
            Conn::Sqlite(c) => Exec::Sqlite(c),
            Conn::Pg(c) => Exec::Pg(c),
        }
    }
}

/// A transaction: what is done through it is kept by [`Tx::commit`] and undone if it is dropped uncommitted (an
/// early `?` return rolls everything back).
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Pg(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub fn exec(&mut self) -> Exec<'_> {
        match self {
            Tx::Sqlite(t) => Exec::Sqlite(t),
            Tx::Pg(t) => Exec::Pg(t),
        }
    }

    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Pg(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Pg(_) => Backend::Postgres,
        }
    }

    /// Runs a statement and returns how many rows it changed.
    pub async fn execute(&mut self, sql: Sql<'_>) -> Result<u64> {
        self.exec().execute(sql).await
    }

    /// Runs several statements (joined by [`Sql::then`]) as one execution, one round trip to the database's
    /// thread instead of one each, and returns how many rows each changed, in order. SQLite only: PostgreSQL takes
    /// one statement with parameters per execution, and there each is run by itself.
    pub(crate) async fn execute_each(&mut self, sql: Sql<'_>) -> Result<Vec<u64>> {
        use futures::TryStreamExt;
        let Tx::Sqlite(t) = self else {
            return Err(StoreError::Conflict(
                "several statements in one execution need SQLite".into(),
            ));
        };
        #[allow(deprecated)]
        // The driver's multi-statement execution is what this is for; see the doc above.
        let mut results = statement::<Sqlite>(sql)?.fetch_many(&mut **t);
        let mut changed = Vec::new();
        while let Some(result) = results.try_next().await? {
            if let sqlx::Either::Left(done) = result {
                changed.push(done.rows_affected());
            }
        }
        Ok(changed)
    }

    pub async fn fetch_all<T: Record>(&mut self, sql: Sql<'_>) -> Result<Vec<T>> {
        self.exec().fetch_all(sql).await
    }

    pub async fn fetch_optional<T: Record>(&mut self, sql: Sql<'_>) -> Result<Option<T>> {
        self.exec().fetch_optional(sql).await
    }

    /// The one row a statement must return (an `INSERT ... RETURNING`, a `COUNT(*)`).
    pub async fn fetch_one<T: Record>(&mut self, sql: Sql<'_>) -> Result<T> {
        self.exec().fetch_one(sql).await
    }
}

impl Db {
    /// Begins a transaction.
    /// A transaction for writing. On SQLite it takes the write lock at `BEGIN IMMEDIATE`, waiting in the busy
    /// handler: a deferred transaction that reads before it writes cannot wait for the lock once another writer has
    /// committed after its read, and fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT), which the
    /// test suite met under load.
    pub async fn tx(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Pg(pool) => Tx::Pg(pool.begin().await?),
        })
    }

    /// A transaction that only reads (one consistent snapshot for many statements, as an export needs): on SQLite
    /// it takes no write lock, so writers carry on while it reads.
    pub async fn read_tx(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Pg(pool) => Tx::Pg(pool.begin().await?),
        })
    }

    /// Takes a connection from the pool.
    pub async fn conn(&self) -> Result<Conn> {
        Ok(match self {
            Db::Sqlite(pool) => Conn::Sqlite(pool.acquire().await?),
            Db::Pg(pool) => Conn::Pg(pool.acquire().await?),
        })
    }

    pub fn kind(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// Runs one statement on a pooled connection and returns how many rows it changed.
    pub async fn execute(&self, sql: Sql<'_>) -> Result<u64> {
        self.conn().await?.exec().execute(sql).await
    }

    pub async fn fetch_all<T: Record>(&self, sql: Sql<'_>) -> Result<Vec<T>> {
        self.conn().await?.exec().fetch_all(sql).await
    }

    pub async fn fetch_optional<T: Record>(&self, sql: Sql<'_>) -> Result<Option<T>> {
        self.conn().await?.exec().fetch_optional(sql).await
    }

    /// The one row a statement must return (an `INSERT ... RETURNING`, a `COUNT(*)`).
    pub async fn fetch_one<T: Record>(&self, sql: Sql<'_>) -> Result<T> {
        self.conn().await?.exec().fetch_one(sql).await
    }
}

/// One open connection of either backend: the single place where a statement meets a driver.
pub enum Exec<'c> {
    Sqlite(&'c mut SqliteConnection),
    Pg(&'c mut PgConnection),
}

impl Exec<'_> {
    pub fn backend(&self) -> Backend {
        match self {
            Exec::Sqlite(_) => Backend::Sqlite,
            Exec::Pg(_) => Backend::Postgres,
        }
    }

    pub async fn execute(&mut self, sql: Sql<'_>) -> Result<u64> {
        let done = match self {
            Exec::Sqlite(c) => statement::<Sqlite>(sql)?
                .execute(&mut **c)
                .await?
                .rows_affected(),
            Exec::Pg(c) => statement::<Postgres>(sql)?
                .execute(&mut **c)
                .await?
                .rows_affected(),
        };
        Ok(done)
    }

    pub async fn fetch_all<T: Record>(&mut self, sql: Sql<'_>) -> Result<Vec<T>> {
        let rows = match self {
            Exec::Sqlite(c) => rows::<Sqlite, T>(sql)?.fetch_all(&mut **c).await,
            Exec::Pg(c) => rows::<Postgres, T>(sql)?.fetch_all(&mut **c).await,
        };
        rows.map_err(decoded)
    }

    pub async fn fetch_optional<T: Record>(&mut self, sql: Sql<'_>) -> Result<Option<T>> {
        let row = match self {
            Exec::Sqlite(c) => rows::<Sqlite, T>(sql)?.fetch_optional(&mut **c).await,
            Exec::Pg(c) => rows::<Postgres, T>(sql)?.fetch_optional(&mut **c).await,
        };
        row.map_err(decoded)
    }

    pub async fn fetch_one<T: Record>(&mut self, sql: Sql<'_>) -> Result<T> {
        // Naming the statement costs nothing for source text; an assembled one is not copied on every read just in
        // case it returns nothing.
        let what = match &sql.text {
            Cow::Borrowed(text) => *text,
            Cow::Owned(_) => "an assembled statement",
        };
        self.fetch_optional(sql)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("no row came back from {what}")))
    }
}

/// A row that could not be read as its type (a word the code does not know, a NULL where none may be) is stored data
/// the code cannot trust, not a database failure.
fn decoded(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::ColumnDecode { index, source } => {
            StoreError::Corrupt(format!("column {index}: {source}"))
        }
        other => StoreError::Sql(other),
    }
}

/// A database whose driver can bind every kind of [`Arg`]. Both backends are; the bounds are stated once, on the
/// blanket impl, so that the binding rules are written once for both.
trait Driver: Database + sqlx::database::HasStatementCache {
    fn arguments(args: Vec<Arg<'_>>) -> Result<Self::Arguments, BoxDynError>;
}

impl<DB> Driver for DB
where
    DB: Database + sqlx::database::HasStatementCache,
    for<'t> Option<i64>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<f64>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<bool>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<&'t str>: Encode<'t, DB> + Type<DB>,
    for<'t> Option<&'t [u8]>: Encode<'t, DB> + Type<DB>,
{
    fn arguments(args: Vec<Arg<'_>>) -> Result<DB::Arguments, BoxDynError> {
        let mut out = DB::Arguments::default();
        for arg in &args {
            match arg {
                Arg::Int(v) => out.add(*v)?,
                Arg::Real(v) => out.add(*v)?,
                Arg::Bool(v) => out.add(*v)?,
                Arg::Text(v) => out.add(v.as_deref())?,
                Arg::Bytes(v) => out.add(v.as_deref())?,
            }
        }
        Ok(out)
    }
}

type Statement<DB> = sqlx::query::Query<'static, DB, <DB as Database>::Arguments>;
type Rows<DB, T> = sqlx::query::QueryAs<'static, DB, T, <DB as Database>::Arguments>;

/// The statement's text, vouched for (it is only ever made of source fragments, see [`Sql::assembled`]), and its
/// arguments for `DB`.
fn prepared<DB: Driver>(
    sql: Sql<'_>,
) -> Result<(AssertSqlSafe<Cow<'static, str>>, DB::Arguments, bool)> {
    let kept = sql.args.len() <= KEPT_ARGUMENTS_AT_MOST;
    let args = DB::arguments(sql.args).map_err(sqlx::Error::Encode)?;
    Ok((AssertSqlSafe(sql.text), args, kept))
}

/// Statements binding more values than this (the bulk inserts of a back-fill, an import or a restore, hundreds of
/// rows each) are prepared for their one use and not kept in the connection's statement cache: such a plan would be
/// kept once per connection and per row count, the largest plans there are, for statements not run again once the
/// bulk work is done (their share of the cache was not measured apart from the rest). An inbound page (50 messages of
/// 24 values) stays cached: it is prepared once and run for every page.
const KEPT_ARGUMENTS_AT_MOST: usize = 1_500;

fn statement<DB: Driver>(sql: Sql<'_>) -> Result<Statement<DB>>
where
    DB::Arguments: IntoArguments<DB>,
{
    let (text, args, kept) = prepared::<DB>(sql)?;
    Ok(sqlx::query_with(text, args).persistent(kept))
}

fn rows<DB: Driver, T>(sql: Sql<'_>) -> Result<Rows<DB, T>>
where
    DB::Arguments: IntoArguments<DB>,
    T: for<'r> FromRow<'r, DB::Row>,
{
    let (text, args, kept) = prepared::<DB>(sql)?;
    Ok(sqlx::query_as_with(text, args).persistent(kept))
}

/// A value that can be bound: it knows its SQL type, so that even its NULL is typed.
pub trait Value<'a> {
    fn into_arg(self) -> Arg<'a>;
    /// The NULL of this value's type.
    fn null() -> Arg<'a>;
}

impl<'a, T: Value<'a>> From<T> for Arg<'a> {
    fn from(value: T) -> Self {
        value.into_arg()
    }
}

impl<'a, T: Value<'a>> Value<'a> for Option<T> {
    fn into_arg(self) -> Arg<'a> {
        self.map_or_else(T::null, T::into_arg)
    }
    fn null() -> Arg<'a> {
        T::null()
    }
}

/// Declares how plain values bind: each type, the variant it binds as, and how it becomes that variant's payload.
/// Integers narrower than i64 widen; text and bytes are borrowed where the caller lends them.
macro_rules! values {
    ($($t:ty => $variant:ident($convert:expr)),* $(,)?) => {$(
        impl<'a> Value<'a> for $t {
            fn into_arg(self) -> Arg<'a> {
                Arg::$variant(Some($convert(self)))
            }
            fn null() -> Arg<'a> {
                Arg::$variant(None)
            }
        }
    )*};
}

values!(
    i64 => Int(std::convert::identity),
    i32 => Int(i64::from),
    u32 => Int(i64::from),
    f64 => Real(std::convert::identity),
    bool => Bool(std::convert::identity),
    &'a str => Text(Cow::Borrowed),
    &'a String => Text(|s: &'a String| Cow::Borrowed(s.as_str())),
    String => Text(Cow::Owned),
    &'a [u8] => Bytes(Cow::Borrowed),
    Vec<u8> => Bytes(Cow::Owned),
);

impl<'a> Value<'a> for &'a Option<String> {
    fn into_arg(self) -> Arg<'a> {
        self.as_deref().into_arg()
    }
    fn null() -> Arg<'a> {
        Arg::Text(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_id_list_matches_nothing_rather_than_breaking_the_statement() {
        let sql = Sql::with_ids("SELECT id FROM posts WHERE id IN ({ids})", &[]);
        assert_eq!(sql.text(), "SELECT id FROM posts WHERE id IN (NULL)");
        let sql = Sql::with_ids("SELECT id FROM posts WHERE id IN ({ids})", &[3, -1, 42]);
        assert_eq!(sql.text(), "SELECT id FROM posts WHERE id IN (3,-1,42)");
    }

    #[test]
    fn values_are_bound_in_the_order_given_and_keep_their_type_when_null() {
        let sql = Sql::new("UPDATE t SET a = $1, b = $2, c = $3")
            .bind(7_i64)
            .bind(None::<&str>)
            .bind("x");
        assert_eq!(sql.bound(), 3);
        assert_eq!(
            sql.args,
            vec![
                Arg::Int(Some(7)),
                Arg::Text(None),
                Arg::Text(Some(Cow::Borrowed("x")))
            ]
        );
    }
}

#[cfg(test)]
mod renumbering {
    use super::*;

    #[test]
    fn a_second_statement_numbers_its_placeholders_after_the_first_ones_values() {
        let first = Sql::new("UPDATE a SET x = $2 WHERE id = $1")
            .bind(1)
            .bind(2);
        let second = Sql::new("UPDATE b SET y = '$1', z = $2 WHERE id = $1 AND w = $10")
            .bind(3)
            .bind(4);
        let both = first.then(second);
        assert_eq!(
            both.text(),
            "UPDATE a SET x = $2 WHERE id = $1;\nUPDATE b SET y = '$1', z = $4 WHERE id = $3 AND w = $12"
        );
        assert_eq!(both.bound(), 4);
    }
}
