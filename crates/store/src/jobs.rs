//! The job lease: every piece of work the engine runs by itself is a row here. A worker claims due rows by writing
//! a lease (`lease_until`, `worker`) in one `UPDATE ... RETURNING`; a worker that dies leaves its lease to expire and
//! another claims the job again. Recurring work carries a `unique_key` of (kind, period), so two processes that both
//! plan "collect metrics for 10:05" insert one row between them.

use crate::{Backend, Db, Result, Sql, Tx};
use sangam_domain::job::Planned;
use sangam_domain::{Millis, NetworkKind};

/// SQLite has one writer at a time, and a connection that finds the write lock taken sleeps in SQLite's busy
/// handler (1 ms, 2 ms, 5 ms ...) however soon the lock comes free. The scheduler's writes (claims, completions and
/// every delivery state change) take turns here instead, in the order they asked, so its many jobs queue in the
/// process rather than sleep in the database. PostgreSQL lets writers in together and has no turn.
static SQLITE_WRITES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A turn at writing to `db` for the scheduler's writes (see [`SQLITE_WRITES`]); `None` (no wait) on PostgreSQL.
pub(crate) async fn write_turn(db: &Db) -> Option<tokio::sync::MutexGuard<'static, ()>> {
    match db.kind() {
        Backend::Sqlite => Some(SQLITE_WRITES.lock().await),
        Backend::Postgres => None,
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
    let _turn = write_turn(db).await;
    db.execute(Sql::with_ids(sql, ids).bind(worker).bind(now))
        .await
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
    let _turn = write_turn(db).await;
    db.execute(Sql::new(sql).bind(job.id).bind(worker).bind(error).bind(at))
        .await?;
    Ok(())
}

/// Runs the job again at `run_at` without counting this claim as an attempt: the work was not tried (a rate limit, a
/// paused workspace).
pub async fn postpone(db: &Db, id: i64, worker: &str, run_at: Millis, note: &str) -> Result<()> {
    let sql =
        "UPDATE jobs SET run_at = $3, lease_until = NULL, attempts = attempts - 1, last_error = $4
               WHERE id = $1 AND worker = $2 AND state = 'queued'";
    let _turn = write_turn(db).await;
    db.execute(Sql::new(sql).bind(id).bind(worker).bind(run_at).bind(note))
        .await?;
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
