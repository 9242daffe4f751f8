//! The job lease: every piece of work the engine runs by itself is a row here. A worker claims due rows by writing
//! a lease (`lease_until`, `worker`) in one `UPDATE ... RETURNING`; a worker that dies leaves its lease to expire and
//! another claims the job again. Recurring work carries a `unique_key` of (kind, period), so two processes that both
//! plan "collect metrics for 10:05" insert one row between them.

use crate::{Backend, Db, Result, Sql, Tx};
use sangam_domain::job::Planned;
use sangam_domain::{Millis, NetworkKind};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

/// SQLite has one writer at a time, and a connection that finds the write lock taken sleeps in SQLite's busy
/// handler (1 ms, 2 ms, 5 ms ...) however soon the lock comes free. The scheduler's writes (claims, completions and
/// every delivery state change) take turns in the process instead, one turn per database file (two databases in one
/// process, as tests and benches open, do not wait for each other), so its many jobs queue in the process rather
/// than sleep in the database. PostgreSQL lets writers in together and has no turn.
///
/// A write that waits for the turn also waits with others: whoever gets the turn commits every write waiting by then
/// in one transaction (see [`combined`]), so concurrent deliveries share a commit instead of queueing for one each.
pub(crate) struct Turn {
    lock: Arc<tokio::sync::Mutex<()>>,
    waiting: std::sync::Mutex<Vec<Waiting>>,
}

/// The turns, by database file.
static TURNS: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<Turn>>>> =
    LazyLock::new(Default::default);

/// `db`'s turn; `None` on PostgreSQL.
fn turn_of(db: &Db) -> Option<Arc<Turn>> {
    let Db::Sqlite(pool) = db else {
        return None;
    };
    let file = pool.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS.lock().unwrap_or_else(|e| e.into_inner());
    let turn = turns.entry(file).or_insert_with(|| {
        Arc::new(Turn {
            lock: Arc::new(tokio::sync::Mutex::new(())),
            waiting: std::sync::Mutex::new(Vec::new()),
        })
    });
    Some(turn.clone())
}

/// A turn at writing to `db` for the scheduler's writes (see [`Turn`]); `None` (no wait) on PostgreSQL.
pub(crate) async fn write_turn(db: &Db) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    let turn = turn_of(db)?;
    Some(turn.lock.clone().lock_owned().await)
}

/// One of the scheduler's writes, which may share a transaction with others (see [`combined`]).
pub(crate) enum Write {
    /// A delivery's conditional state change; when it moves the delivery and `event` is set, the delivery's webhook
    /// event is recorded with it.
    Delivery {
        id: i64,
        sql: Sql<'static>,
        event: bool,
    },
    /// One statement (finishing jobs, putting one back).
    Statement(Sql<'static>),
}

struct Waiting {
    write: Write,
    done: tokio::sync::oneshot::Sender<Result<u64>>,
}

impl Write {
    fn sql(&self) -> &Sql<'static> {
        match self {
            Write::Delivery { sql, .. } | Write::Statement(sql) => sql,
        }
    }

    /// The delivery whose webhook event is recorded when this write moves it.
    fn event_for(&self) -> Option<i64> {
        match self {
            Write::Delivery {
                id, event: true, ..
            } => Some(*id),
            _ => None,
        }
    }
}

/// Applies `writes` in `tx` and returns how many rows each statement changed. On SQLite their statements go as one
/// execution (one round trip to the database's thread, where a statement each cost more than the writing), then the
/// webhook events of the deliveries they moved are looked up together; on PostgreSQL, one by one.
async fn apply(tx: &mut Tx, writes: &[&Write]) -> Result<Vec<u64>> {
    let changed = match (tx.backend(), writes) {
        (_, []) => Vec::new(),
        (Backend::Sqlite, [first, rest @ ..]) => {
            let sql = rest
                .iter()
                .fold(first.sql().clone(), |sql, w| sql.then(w.sql().clone()));
            let changed = tx.execute_each(sql).await?;
            if changed.len() != writes.len() {
                return Err(crate::StoreError::Corrupt(format!(
                    "{} statements ran for {} writes",
                    changed.len(),
                    writes.len()
                )));
            }
            changed
        }
        (Backend::Postgres, _) => {
            let mut changed = Vec::with_capacity(writes.len());
            for w in writes {
                changed.push(tx.execute(w.sql().clone()).await?);
            }
            changed
        }
    };
    let moved: Vec<i64> = writes
        .iter()
        .zip(&changed)
        .filter(|(_, n)| **n == 1)
        .filter_map(|(w, _)| w.event_for())
        .collect();
    crate::webhooks::deliveries_changed_in(tx, &moved, sangam_domain::now_millis()).await?;
    Ok(changed)
}

/// `write` committed by itself: its one statement, or in a transaction of its own when it records an event too.
async fn alone(db: &Db, write: &Write) -> Result<u64> {
    if write.event_for().is_none() {
        return db.execute(write.sql().clone()).await;
    }
    let mut tx = db.tx().await?;
    let changed = apply(&mut tx, &[write]).await?;
    tx.commit().await?;
    Ok(changed.first().copied().unwrap_or(0))
}

/// Commits `write` and returns how many rows its statement changed, once it is committed: a caller that goes on to
/// call a network does so after its write is in the database, whoever committed it. On SQLite the write waits for the
/// database's turn with the others waiting, and whoever gets the turn commits them all in one transaction; when that
/// transaction fails, each is tried again alone, so one write's error is its own. On PostgreSQL, alone.
pub(crate) async fn combined(db: &Db, write: Write) -> Result<u64> {
    let Some(turn) = turn_of(db) else {
        return alone(db, &write).await;
    };
    let (done, mut answer) = tokio::sync::oneshot::channel();
    turn.waiting
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Waiting { write, done });
    let _turn = turn.lock.clone().lock_owned().await;
    // Whoever had the turn before us may have committed ours with theirs.
    match answer.try_recv() {
        Ok(result) => return result,
        Err(tokio::sync::oneshot::error::TryRecvError::Closed) => return Err(interrupted()),
        Err(tokio::sync::oneshot::error::TryRecvError::Empty) => {}
    }
    let batch = std::mem::take(&mut *turn.waiting.lock().unwrap_or_else(|e| e.into_inner()));
    commit_together(db, batch).await;
    answer.try_recv().unwrap_or_else(|_| Err(interrupted()))
}

/// A write whose turn was dropped before it was committed (the task holding the turn was cancelled): nothing of it
/// was written.
fn interrupted() -> crate::StoreError {
    crate::StoreError::Conflict(
        "The write was interrupted before it was committed; nothing of it was written.".into(),
    )
}

async fn commit_together(db: &Db, batch: Vec<Waiting>) {
    if let [one] = batch.as_slice() {
        let result = alone(db, &one.write).await;
        if let Some(one) = batch.into_iter().next() {
            let _ = one.done.send(result);
        }
        return;
    }
    let together = async {
        let mut tx = db.tx().await?;
        let writes: Vec<&Write> = batch.iter().map(|w| &w.write).collect();
        let changed = apply(&mut tx, &writes).await?;
        tx.commit().await?;
        Ok::<_, crate::StoreError>(changed)
    }
    .await;
    match together {
        Ok(changed) => {
            for (waiting, rows) in batch.into_iter().zip(changed) {
                let _ = waiting.done.send(Ok(rows));
            }
        }
        Err(_) => {
            for waiting in batch {
                let result = alone(db, &waiting.write).await;
                let _ = waiting.done.send(result);
            }
        }
    }
}

pub(crate) const ENQUEUE_SQL: &str =
    "INSERT INTO jobs (kind, payload, run_at, max_attempts, unique_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unique_key) DO NOTHING";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub run_at: Millis,
    /// How many times the job has been claimed, this claim included.
    pub attempts: i64,
    pub max_attempts: i64,
    pub unique_key: Option<String>,
}

pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    pub run_at: Millis,
    pub unique_key: Option<&'a str>,
    pub max_attempts: i64,
}

/// Sangam's own jobs are planned by `sangam_domain::job`, which alone spells their payloads and keys.
impl<'a> From<&'a Planned> for NewJob<'a> {
    fn from(job: &'a Planned) -> Self {
        NewJob {
            kind: job.kind().as_str(),
            payload: job.payload(),
            run_at: job.run_at,
            unique_key: Some(&job.unique_key),
            max_attempts: job.max_attempts,
        }
    }
}

fn enqueue_sql<'a>(job: NewJob<'a>, now: Millis) -> Sql<'a> {
    Sql::new(ENQUEUE_SQL)
        .bind(job.kind)
        .bind(job.payload)
        .bind(job.run_at)
        .bind(job.max_attempts)
        .bind(job.unique_key)
        .bind(now)
}

/// Adds a job. Returns false when a job with the same unique key exists already (which is the point of the key).
pub async fn enqueue(db: &Db, job: NewJob<'_>, now: Millis) -> Result<bool> {
    Ok(db.execute(enqueue_sql(job, now)).await? == 1)
}

/// Adds a job inside the caller's transaction, so that the job exists exactly when the work it stands for does.
pub async fn enqueue_in(tx: &mut Tx, job: NewJob<'_>, now: Millis) -> Result<bool> {
    Ok(tx.execute(enqueue_sql(job, now)).await? == 1)
}

/// Enqueues those of `jobs` whose unique key is not in the table yet, in one transaction, and returns how many it
/// added. The sweeper offers every overdue delivery's job, and nearly all exist: looking the keys up (a read on the
/// unique index) instead of trying each insert keeps it from taking the write lock once per delivery while the
/// publisher is busy with the same deliveries.
pub async fn enqueue_missing(db: &Db, jobs: &[NewJob<'_>], now: Millis) -> Result<usize> {
    let mut missing = Vec::new();
    for chunk in jobs.chunks(500) {
        let keys: Vec<&str> = chunk.iter().filter_map(|j| j.unique_key).collect();
        let mut found = std::collections::HashSet::new();
        if !keys.is_empty() {
            let marks: Vec<String> = (1..=keys.len()).map(|n| format!("${n}")).collect();
            let mut sql = Sql::assembled(format!(
                "SELECT unique_key FROM jobs WHERE unique_key IN ({})",
                marks.join(",")
            ));
            for key in &keys {
                sql.push(*key);
            }
            let rows: Vec<(String,)> = db.fetch_all(sql).await?;
            found.extend(rows.into_iter().map(|(k,)| k));
        }
        missing.extend(
            chunk
                .iter()
                .filter(|j| j.unique_key.is_none_or(|k| !found.contains(k))),
        );
    }
    if missing.is_empty() {
        return Ok(0);
    }
    let mut tx = db.tx().await?;
    let mut added = 0;
    for job in missing {
        let job = NewJob {
            kind: job.kind,
            payload: job.payload,
            run_at: job.run_at,
            unique_key: job.unique_key,
            max_attempts: job.max_attempts,
        };
        if enqueue_in(&mut tx, job, now).await? {
            added += 1;
        }
    }
    tx.commit().await?;
    Ok(added)
}

const RETURNING: &str = "RETURNING id, kind, payload, run_at, attempts, max_attempts, unique_key";

/// Claims up to `limit` due jobs for `worker` until `now + lease_ms`. A job is due when it is queued, its time has
/// come, and nobody holds a live lease on it.
pub async fn claim(
    db: &Db,
    worker: &str,
    now: Millis,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<Job>> {
    let due = "SELECT id FROM jobs WHERE state = 'queued' AND run_at <= $3
               AND (lease_until IS NULL OR lease_until < $3) ORDER BY run_at, id LIMIT $4";
    let sql = match db.kind() {
        // SQLite has one writer at a time, so the UPDATE's own write lock makes the claim exclusive.
        Backend::Sqlite => format!(
            "UPDATE jobs SET lease_until = $1, worker = $2, attempts = attempts + 1 WHERE id IN ({due}) {RETURNING}"
        ),
        // PostgreSQL lets many writers in: SKIP LOCKED makes concurrent claimers pass over rows another is taking
        // instead of waiting on them or taking them twice.
        Backend::Postgres => format!(
            "UPDATE jobs SET lease_until = $1, worker = $2, attempts = attempts + 1
             WHERE id IN ({due} FOR UPDATE SKIP LOCKED) {RETURNING}"
        ),
    };
    let _turn = write_turn(db).await;
    let jobs = db
        .fetch_all(
            Sql::assembled(sql)
                .bind(now + lease_ms)
                .bind(worker)
                .bind(now)
                .bind(limit),
        )
        .await?;
    Ok(jobs)
}

#[derive(sqlx::FromRow)]
struct Lane {
    #[sqlx(try_from = "String")]
    network: NetworkKind,
}

/// The network a publish job's delivery goes to: the lane the engine runs it in. `None` when the delivery is gone.
pub async fn publish_lane(db: &Db, delivery_id: i64) -> Result<Option<NetworkKind>> {
    let sql =
        "SELECT p.network FROM deliveries d JOIN profiles p ON p.id = d.profile_id WHERE d.id = $1";
    let lane: Option<Lane> = db.fetch_optional(Sql::new(sql).bind(delivery_id)).await?;
    Ok(lane.map(|l| l.network))
}

/// The job is done. Only the lease holder may finish it: a worker whose lease expired and was taken over learns
/// that here (false) and must not act on the result.
pub async fn complete(db: &Db, id: i64, worker: &str, now: Millis) -> Result<bool> {
    let sql = "UPDATE jobs SET state = 'done', finished_at = $3, lease_until = NULL
               WHERE id = $1 AND worker = $2 AND state = 'queued'";
    let done = db
        .execute(Sql::new(sql).bind(id).bind(worker).bind(now))
        .await?;
    Ok(done == 1)
}

/// [`complete`] for many jobs at once (the runner gathers the jobs that ended while it was busy and finishes them in
/// one statement): only those `worker` still holds are finished. Returns how many were.
pub async fn complete_many(db: &Db, ids: &[i64], worker: &str, now: Millis) -> Result<u64> {
    if ids.is_empty() {
        return Ok(0);
    }
    let sql = "UPDATE jobs SET state = 'done', finished_at = $2, lease_until = NULL
               WHERE id IN ({ids}) AND worker = $1 AND state = 'queued'";
    let sql = Sql::with_ids(sql, ids).bind(worker.to_string()).bind(now);
    combined(db, Write::Statement(sql)).await
}

/// When the next job nobody holds comes due (it may be past): lets an idle runner sleep until then instead of
/// claiming (a write) on every tick. Jobs under a lease are left out; a lease that lapses is found by the idle poll.
pub async fn next_due(db: &Db) -> Result<Option<Millis>> {
    let sql = "SELECT run_at FROM jobs WHERE state = 'queued' AND lease_until IS NULL ORDER BY run_at LIMIT 1";
    let next: Option<(Millis,)> = db.fetch_optional(Sql::new(sql)).await?;
    Ok(next.map(|(at,)| at))
}

/// The attempt failed. A retryable failure with attempts left runs again at `retry_at`; otherwise the job is dead
/// and its error kept.
pub async fn fail(
    db: &Db,
    job: &Job,
    worker: &str,
    error: &str,
    retry_at: Option<Millis>,
    now: Millis,
) -> Result<()> {
    let sql = match retry_at {
        Some(_) if job.attempts < job.max_attempts => {
            "UPDATE jobs SET last_error = $3, run_at = $4, lease_until = NULL WHERE id = $1 AND worker = $2"
        }
        _ => {
            "UPDATE jobs SET last_error = $3, state = 'dead', finished_at = $4, lease_until = NULL
             WHERE id = $1 AND worker = $2"
        }
    };
    let at = retry_at.unwrap_or(now);
    let sql = Sql::new(sql)
        .bind(job.id)
        .bind(worker.to_string())
        .bind(error.to_string())
        .bind(at);
    combined(db, Write::Statement(sql)).await?;
    Ok(())
}

/// Runs the job again at `run_at` without counting this claim as an attempt: the work was not tried (a rate limit, a
/// paused workspace).
pub async fn postpone(db: &Db, id: i64, worker: &str, run_at: Millis, note: &str) -> Result<()> {
    let sql =
        "UPDATE jobs SET run_at = $3, lease_until = NULL, attempts = attempts - 1, last_error = $4
               WHERE id = $1 AND worker = $2 AND state = 'queued'";
    let sql = Sql::new(sql)
        .bind(id)
        .bind(worker.to_string())
        .bind(run_at)
        .bind(note.to_string());
    combined(db, Write::Statement(sql)).await?;
    Ok(())
}

/// Counts of jobs by state, for `/metrics` and tests.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>> {
    let sql = "SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state";
    db.fetch_all(Sql::new(sql)).await
}

/// How many jobs of `kind` for `payload` were due by `by` (run, running or waiting): tells whether work was asked for
/// at once rather than at a later look.
pub async fn due_by(db: &Db, kind: &str, payload: &str, by: Millis) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM jobs WHERE kind = $1 AND payload = $2 AND run_at <= $3";
    let (n,): (i64,) = db
        .fetch_one(Sql::new(sql).bind(kind).bind(payload).bind(by))
        .await?;
    Ok(n)
}

/// Drops finished one-off jobs older than `before`; recurring keys are kept until their period is long past too.
pub async fn prune(db: &Db, before: Millis) -> Result<u64> {
    let sql = "DELETE FROM jobs WHERE state <> 'queued' AND finished_at < $1";
    db.execute(Sql::new(sql).bind(before)).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    async fn values(db: &Db) -> Vec<(i64, i64)> {
        db.fetch_all(Sql::new("SELECT id, v FROM t ORDER BY id"))
            .await
            .unwrap()
    }

    async fn with_table() -> Db {
        let db = crate::testing::sqlite().await.unwrap();
        db.execute(Sql::new(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)",
        ))
        .await
        .unwrap();
        db.execute(Sql::new(
            "INSERT INTO t (id, v) VALUES (1, 0), (2, 0), (3, 0)",
        ))
        .await
        .unwrap();
        db
    }

    /// Writes that wait for the turn together are committed together; when one of them fails, the others are still
    /// committed, each is told its own outcome, and the failed one wrote nothing.
    #[tokio::test]
    async fn a_write_that_fails_among_waiting_writes_fails_alone() {
        let db = with_table().await;
        let write = |sql: &'static str, v: i64| {
            let db = db.clone();
            async move { combined(&db, Write::Statement(Sql::new(sql).bind(v))).await }
        };
        // The first takes the turn at once; the other three wait for it and are then committed as one batch.
        let (first, second, bad, third) = tokio::join!(
            write("UPDATE t SET v = $1 WHERE id = 1", 1),
            write("UPDATE t SET v = $1 WHERE id = 2", 2),
            write(
                "UPDATE t SET v = CASE WHEN $1 > 0 THEN NULL END WHERE id = 3",
                9
            ),
            write("UPDATE t SET v = v + $1 WHERE id = 3", 3),
        );
        assert_eq!(first.unwrap(), 1);
        assert_eq!(second.unwrap(), 1);
        assert!(bad.is_err(), "a NULL into a NOT NULL column fails");
        assert_eq!(third.unwrap(), 1);
        assert_eq!(values(&db).await, [(1, 1), (2, 2), (3, 3)]);
    }

    /// Each database file has its own turn: a write to one does not wait for a turn held on another.
    #[tokio::test]
    async fn a_turn_held_on_one_database_holds_up_no_other() {
        let (one, other) = (with_table().await, with_table().await);
        let held = write_turn(&one).await;
        let write = combined(
            &other,
            Write::Statement(Sql::new("UPDATE t SET v = 5 WHERE id = 1")),
        );
        let done = tokio::time::timeout(std::time::Duration::from_secs(60), write)
            .await
            .expect("the other database's write went ahead while the first's turn was held");
        assert_eq!(done.unwrap(), 1);
        drop(held);
        assert_eq!(values(&other).await[0], (1, 5));
    }
}
