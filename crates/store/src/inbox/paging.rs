//! The inbox list: what it can be narrowed to, one page of it by keyset cursor, and how many messages match.

use super::message::{Message, MessageRow, message_select, message_select_with, messages};
use crate::{Arg, Db, Result, Sql};
use sangam_domain::Millis;
use serde::Serialize;

/// What the inbox list can be narrowed to. `None` means "any".
#[derive(
    Debug, Clone, Default, PartialEq, serde::Deserialize, utoipa::IntoParams, utoipa::ToSchema,
)]
pub struct Filter {
    pub profile_id: Option<i64>,
    pub network: Option<String>,
    pub kind: Option<String>,
    /// `open` or `done`.
    pub status: Option<String>,
    pub lang: Option<String>,
    /// `positive`, `neutral` or `negative`.
    pub sentiment: Option<String>,
    pub abusive: Option<bool>,
    pub tag: Option<String>,
    /// `me`, `unassigned`, or a person's id.
    pub assigned: Option<String>,
    /// Show hidden messages instead of visible ones.
    pub hidden: Option<bool>,
    /// `breached`: open messages still waiting for a first reply past the SLA, on business hours (the team care
    /// page's "SLA breaches").
    pub sla: Option<String>,
    /// Only these messages (worked out by the caller, e.g. the breached ones); never read from a query string.
    #[serde(skip)]
    #[param(ignore)]
    #[schema(ignore)]
    pub ids: Option<Vec<i64>>,
}

/// A WHERE clause being written: its conditions and their values, numbered in the order they are added.
struct Clauses {
    conditions: Vec<String>,
    values: Vec<Arg<'static>>,
}

impl Clauses {
    /// Adds a condition whose one `?` stands for `value`.
    fn add(&mut self, condition: &str, value: impl Into<Arg<'static>>) {
        self.add_all(condition, [value.into()]);
    }

    /// Binds `value` to the next placeholder and gives its number, for a statement's other parts to refer to.
    fn value(&mut self, value: impl Into<Arg<'static>>) -> usize {
        self.values.push(value.into());
        self.values.len()
    }

    /// Adds a condition whose `?`s stand for `values`, in order.
    fn add_all<const N: usize>(&mut self, condition: &str, values: [Arg<'static>; N]) {
        let mut parts = condition.split('?');
        let mut text = parts.next().unwrap_or_default().to_string();
        for (value, part) in values.into_iter().zip(parts) {
            self.values.push(value);
            text.push_str(&format!("${}{part}", self.values.len()));
        }
        self.conditions.push(text);
    }

    /// `prefix WHERE <conditions> suffix`, with `$n` in `suffix` the next free placeholder and `tail` its values.
    fn statement(
        self,
        prefix: &str,
        suffix: impl FnOnce(usize) -> String,
        tail: &[i64],
    ) -> Sql<'static> {
        let text = format!(
            "{prefix} WHERE {} {}",
            self.conditions.join(" AND "),
            suffix(self.values.len() + 1)
        );
        let mut sql = Sql::assembled(text);
        for value in self.values {
            sql.push(value);
        }
        for value in tail {
            sql.push(*value);
        }
        sql
    }
}

/// The WHERE clause (and its values, `$1` the workspace) for a filter. `viewer` resolves `assigned = me`.
fn filter_clauses(workspace_id: i64, viewer: i64, filter: &Filter) -> Clauses {
    let mut c = Clauses {
        conditions: Vec::new(),
        values: Vec::new(),
    };
    c.add("m.workspace_id = ?", workspace_id);
    c.add("m.hidden = ?", filter.hidden.unwrap_or(false));
    if let Some(v) = filter.profile_id {
        c.add("m.profile_id = ?", v);
    }
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    if let Some(v) = given(&filter.network) {
        c.add(
            "m.profile_id IN (SELECT id FROM profiles WHERE network = ?)",
            v,
        );
    }
    for (column, value) in [
        ("m.kind", &filter.kind),
        ("m.status", &filter.status),
        ("m.lang", &filter.lang),
        ("m.sentiment_label", &filter.sentiment),
    ] {
        if let Some(v) = given(value) {
            c.add(&format!("{column} = ?"), v);
        }
    }
    if let Some(v) = filter.abusive {
        c.add("m.abusive = ?", v);
    }
    if let Some(tag) = given(&filter.tag) {
        c.add(
            "EXISTS (SELECT 1 FROM message_tags t WHERE t.message_id = m.id AND t.tag = ?)",
            tag,
        );
    }
    match filter.assigned.as_deref() {
        Some("me") => c.add("m.assigned_to = ?", viewer),
        Some("unassigned") => c.conditions.push("m.assigned_to IS NULL".into()),
        Some(id) => {
            if let Ok(id) = id.parse::<i64>() {
                c.add("m.assigned_to = ?", id);
            }
        }
        None => {}
    }
    if let Some(ids) = &filter.ids {
        c.conditions
            .push(Sql::with_ids("m.id IN ({ids})", ids).text().to_string());
    }
    c
}

/// Whether a filter narrows only by what the maintained counts are kept by (hidden and status).
fn counted_by_counter(filter: &Filter) -> bool {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    filter.profile_id.is_none()
        && blank(&filter.network)
        && blank(&filter.kind)
        && blank(&filter.lang)
        && blank(&filter.sentiment)
        && filter.abusive.is_none()
        && blank(&filter.tag)
        && filter.assigned.is_none()
        && filter.ids.is_none()
}

/// Where one page of the inbox list ends: the (received_at, id) of its last (or first) row. The list is ordered by
/// both, newest first, so a cursor names one place in it however many rows arrive meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Cursor {
    pub received_at: Millis,
    pub id: i64,
}

impl Cursor {
    /// Parses the `received_at_id` form used in links (`1733050000000_42`).
    pub fn parse(s: &str) -> Option<Cursor> {
        let (at, id) = s.trim().split_once('_')?;
        Some(Cursor {
            received_at: at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }

    pub fn encode(&self) -> String {
        format!("{}_{}", self.received_at, self.id)
    }

    fn of(m: &Message) -> Cursor {
        Cursor {
            received_at: m.received_at,
            id: m.id,
        }
    }
}

/// Which way from the cursor a page goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Rows received before the cursor (the next page down the list).
    #[default]
    Older,
    /// Rows received after it (back up the list).
    Newer,
}

/// One page of the inbox list, newest first, with the cursors of the pages beside it (`None`: there is none) and how
/// many messages match the filter ([`count`]). Abusive messages the viewer has not opened come shielded.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub messages: Vec<Message>,
    pub newer: Option<Cursor>,
    pub older: Option<Cursor>,
    pub count: Count,
}

/// A row of a page: the message, whether its text is withheld from the viewer, and the filter's count.
#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    message: MessageRow,
    withheld: i64,
    total: i64,
}

/// A page of messages matching `filter`, from `cursor` in `direction` (the newest page when `cursor` is `None`), at
/// most `limit` rows, as `viewer` may see them (the shield withholds the text of abusive messages they have not
/// opened), with the filter's [`count`]. Keyset paging: the query starts at the cursor in the `messages_inbox_page`
/// index and reads one row more than the page to learn whether another page follows; nothing before the cursor is
/// read. It is one statement: the viewer's openings and the count are read beside the rows (once each, not per row),
/// and only an empty page asks for its count on its own.
pub async fn page(
    db: &Db,
    workspace_id: i64,
    viewer: i64,
    filter: &Filter,
    cursor: Option<Cursor>,
    direction: Direction,
    limit: i64,
) -> Result<Page> {
    let limit = limit.clamp(1, 500);
    let at = Place {
        workspace_id,
        viewer,
        filter,
        cursor,
        direction,
    };
    let rows: Vec<PageRow> = db
        .fetch_all(page_statement(db.kind(), "", &at, limit + 1))
        .await?;
    let total = rows.first().map(|r| r.total);
    let mut messages = Vec::with_capacity(rows.len());
    for row in rows {
        let mut m = Message::try_from(row.message)?;
        if row.withheld != 0 {
            m.shield();
        }
        messages.push(m);
    }
    let count = match total {
        Some(n) => counted(filter, n),
        None => count(db, workspace_id, viewer, filter).await?,
    };
    let more = messages.len() as i64 > limit;
    messages.truncate(limit as usize);
    if direction == Direction::Newer {
        messages.reverse();
    }
    let first = messages.first().map(Cursor::of);
    let last = messages.last().map(Cursor::of);
    // Beyond the cursor there is at least the row the cursor was taken from; the far side is known from the extra row.
    let (newer, older) = match (direction, cursor.is_some()) {
        (Direction::Older, came_from_newer) => {
            (first.filter(|_| came_from_newer), last.filter(|_| more))
        }
        (Direction::Newer, _) => (first.filter(|_| more), last),
    };
    Ok(Page {
        messages,
        newer,
        older,
        count,
    })
}

/// Where a page of the list is read from.
struct Place<'a> {
    workspace_id: i64,
    viewer: i64,
    filter: &'a Filter,
    cursor: Option<Cursor>,
    direction: Direction,
}

/// One page's rows (`rows` of them) from the place, `prefix` before the statement: the filter, the cursor as a row
/// comparison, and the order of the `messages_inbox_page` index, so the read walks the index from the cursor and
/// stops. Beside each row: `withheld` (abusive and not opened by the viewer: the viewer's openings are read once,
/// through `shield_openings_user`) and `total`, the filter's count worked out once as [`count`] does (the maintained
/// counter, or the bounded count over the filter's rows without the cursor).
fn page_statement(
    backend: crate::Backend,
    prefix: &str,
    at: &Place<'_>,
    rows: i64,
) -> Sql<'static> {
    let mut clauses = filter_clauses(at.workspace_id, at.viewer, at.filter);
    let matching = clauses.conditions.join(" AND ");
    let viewer = clauses.value(at.viewer);
    let withheld = format!(
        "CAST(CASE WHEN m.abusive AND m.id NOT IN
         (SELECT o.message_id FROM shield_openings o WHERE o.user_id = ${viewer}) THEN 1 ELSE 0 END AS BIGINT)"
    );
    let total = if counted_by_counter(at.filter) {
        let workspace = clauses.value(at.workspace_id);
        let hidden = clauses.value(at.filter.hidden.unwrap_or(false));
        let status = match at.filter.status.clone().filter(|s| !s.is_empty()) {
            Some(s) => format!(" AND status = ${}", clauses.value(s)),
            None => String::new(),
        };
        // PostgreSQL sums BIGINT as NUMERIC; the cast keeps it an integer on both.
        format!(
            "(SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM inbox_counts
             WHERE workspace_id = ${workspace} AND hidden = ${hidden}{status})"
        )
    } else {
        let bound = clauses.value(COUNT_BOUND + 1);
        format!(
            "(SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE {matching} LIMIT ${bound}) bounded)"
        )
    };
    let select = format!(
        "{prefix}{}",
        message_select_with(
            backend,
            &format!(", {withheld} AS withheld, {total} AS total")
        )
    );
    let order = match at.direction {
        Direction::Older => "DESC",
        Direction::Newer => "ASC",
    };
    if let Some(c) = at.cursor {
        let op = match at.direction {
            Direction::Older => "<",
            Direction::Newer => ">",
        };
        clauses.add_all(
            &format!("(m.received_at, m.id) {op} (?, ?)"),
            [c.received_at.into(), c.id.into()],
        );
    }
    clauses.statement(
        &select,
        |n| format!("ORDER BY m.received_at {order}, m.id {order} LIMIT ${n}"),
        &[rows],
    )
}

/// The database's plan for reading one page (SQLite's EXPLAIN QUERY PLAN lines, PostgreSQL's EXPLAIN lines), for
/// the test that holds the inbox to its indexes.
#[cfg(feature = "testing")]
pub async fn page_plan(
    db: &Db,
    workspace_id: i64,
    viewer: i64,
    filter: &Filter,
    cursor: Option<Cursor>,
    direction: Direction,
) -> Result<Vec<String>> {
    let at = Place {
        workspace_id,
        viewer,
        filter,
        cursor,
        direction,
    };
    plan(db, page_statement(db.kind(), explain_prefix(db), &at, 51)).await
}

/// What turns a statement into a question about its plan.
#[cfg(feature = "testing")]
pub(crate) fn explain_prefix(db: &Db) -> &'static str {
    match db.kind() {
        crate::Backend::Sqlite => "EXPLAIN QUERY PLAN ",
        crate::Backend::Postgres => "EXPLAIN ",
    }
}

/// The plan lines of a statement that starts with [`explain_prefix`]. On PostgreSQL sequential scans are priced out
/// for the one statement (a test's tables are tiny, where a scan is cheapest): what is asked is whether the plan can
/// use an index, which is what it will do on a big table.
#[cfg(feature = "testing")]
pub(crate) async fn plan(db: &Db, sql: Sql<'_>) -> Result<Vec<String>> {
    Ok(match db.kind() {
        crate::Backend::Sqlite => {
            let rows: Vec<(i64, i64, i64, String)> = db.fetch_all(sql).await?;
            rows.into_iter().map(|r| r.3).collect()
        }
        crate::Backend::Postgres => {
            let mut tx = db.tx().await?;
            tx.execute(Sql::new("SET LOCAL enable_seqscan = off"))
                .await?;
            let rows: Vec<(String,)> = tx.fetch_all(sql).await?;
            tx.commit().await?;
            rows.into_iter().map(|r| r.0).collect()
        }
    })
}

/// Messages matching `filter`, newest first: the first page of [`page`].
pub async fn list(
    db: &Db,
    workspace_id: i64,
    viewer: i64,
    filter: &Filter,
    limit: i64,
) -> Result<Vec<Message>> {
    let sql = filter_clauses(workspace_id, viewer, filter).statement(
        &message_select(db.kind()),
        |n| format!("ORDER BY m.received_at DESC, m.id DESC LIMIT ${n}"),
        &[limit],
    );
    messages(db, sql).await
}

/// A filtered count is exact up to this many messages, and says "more than" beyond it.
pub const COUNT_BOUND: i64 = 10_000;

/// How many messages match a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub n: i64,
    /// False when the filter matched more than [`COUNT_BOUND`] messages and counting stopped there.
    pub exact: bool,
    /// `counter`: read from the counts kept per workspace, status and hidden flag (always exact); `bounded`: counted
    /// over the filter's rows, stopping after [`COUNT_BOUND`].
    pub source: &'static str,
}

/// The count the inbox shows. Filtered by hidden and status only (the inbox as it opens), it is the sum of the
/// maintained `inbox_counts` rows (kept by triggers, migration 0010), one row read per status; with any other filter
/// it counts the matching rows, bounded by [`COUNT_BOUND`] so a broad filter never counts a whole large table.
pub async fn count(db: &Db, workspace_id: i64, viewer: i64, filter: &Filter) -> Result<Count> {
    if counted_by_counter(filter) {
        let hidden = filter.hidden.unwrap_or(false);
        let status = filter.status.clone().filter(|s| !s.is_empty());
        // PostgreSQL sums BIGINT as NUMERIC; the cast keeps it an integer on both.
        let sql = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM inbox_counts WHERE workspace_id = $1 AND hidden = $2
                   AND ($3 = '' OR status = $3)";
        let sql = Sql::new(sql)
            .bind(workspace_id)
            .bind(hidden)
            .bind(status.unwrap_or_default());
        let (n,): (i64,) = db.fetch_one(sql).await?;
        return Ok(counted(filter, n));
    }
    let sql = filter_clauses(workspace_id, viewer, filter).statement(
        "SELECT COUNT(*) FROM (SELECT 1 FROM messages m",
        |n| format!("LIMIT ${n}) bounded"),
        &[COUNT_BOUND + 1],
    );
    let (n,): (i64,) = db.fetch_one(sql).await?;
    Ok(counted(filter, n))
}

/// The count of a filter from what was counted: the counter's sum, or the bounded count of up to
/// [`COUNT_BOUND`]` + 1` rows.
fn counted(filter: &Filter, n: i64) -> Count {
    if counted_by_counter(filter) {
        Count {
            n,
            exact: true,
            source: "counter",
        }
    } else {
        Count {
            n: n.min(COUNT_BOUND),
            exact: n <= COUNT_BOUND,
            source: "bounded",
        }
    }
}
