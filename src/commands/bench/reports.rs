//! `sangam bench reports`: generated history (profiles x days of follower snapshots, posts with engagement snapshots),
//! then the profile performance report (store rows + domain arithmetic, as the page computes it) timed against one
//! hand-written aggregate SQL query returning the same per-profile numbers (followers first and last, posts,
//! engagement sums; the medians are left to the report, so the baseline does less work than the report). Both are run
//! in the same process on the same database, interleaved; the sums are checked equal before any timing is printed.
//! The report reads the rollups (rebuilt once after the raw rows are seeded); the first baseline reads the raw
//! snapshots, the second is the best hand-written query over the rollup tables (each post's latest snapshot, each
//! profile's day), so the reader sees what the rollups buy and what the report costs over them. Timed three-way
//! interleaved; the RSS of the process after the load is printed with them.

use super::inbound::fresh_db;
use sangam_domain::reports::{self as calc, Period};
use sangam_domain::{NetworkKind, Role};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::reports as store;
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Backend, Db, Sql, workspaces};
use std::time::Instant;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

pub struct Scale {
    pub profiles: usize,
    pub days: i64,
    pub profile_snapshots_per_day: i64,
    pub posts_per_day: i64,
    pub snapshots_per_post: i64,
    pub period_days: i64,
    pub runs: usize,
    pub database: Option<String>,
}

pub(super) async fn open(database: &Option<String>) -> anyhow::Result<Db> {
    Ok(match database {
        Some(url) if url.starts_with("postgres") => {
            Db::connect_pg_schema(url, &sangam_store::fresh_schema_name()).await?
        }
        _ => fresh_db("reports").await?.0,
    })
}

async fn run_sql(db: &Db, sql: String) -> anyhow::Result<()> {
    db.execute(Sql::assembled(sql)).await?;
    Ok(())
}

/// Inserts `rows` (already formatted as `(a, b, ...)`) in statements of 500.
pub(super) async fn bulk(db: &Db, head: &str, rows: &[String]) -> anyhow::Result<()> {
    for chunk in rows.chunks(500) {
        run_sql(db, format!("{head} VALUES {}", chunk.join(","))).await?;
    }
    Ok(())
}

/// What [`seed`] made: the workspace, the profiles, and the end of the history (today's UTC midnight).
pub struct Seeded {
    pub workspace_id: i64,
    pub profile_ids: Vec<i64>,
    pub end: i64,
}

/// Generated history on `db`: `s.profiles` sandbox profiles with follower snapshots, posts and their engagement
/// snapshots over `s.days` days up to today, and the post rollups made from them. Prints what it made.
pub async fn seed(db: &Db, s: &Scale) -> anyhow::Result<Seeded> {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let ws = workspaces::create(db, "Bench", 0).await?;
    let author = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: "bench@bench.invalid",
            name: "Bench",
            password_hash: "x",
            role: Role::Member,
        },
        0,
    )
    .await?;
    let end = sangam_domain::now_millis() / DAY * DAY;
    let start = end - s.days * DAY;
    let mut profile_ids = vec![];
    for i in 0..s.profiles {
        let handle = format!("bench{i}");
        let p = profiles::create(
            db,
            &secrets,
            NewProfile {
                workspace_id: ws.id,
                network: NetworkKind::Sandbox,
                handle: &handle,
                display_name: &handle,
                credentials: &serde_json::json!({}),
            },
            0,
        )
        .await?;
        profile_ids.push(p.id);
    }
    let seeding = Instant::now();
    let mut rng: u64 = 7;
    let mut next = |n: i64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((rng >> 33) % n.max(1) as u64) as i64
    };
    let mut profile_rows = 0usize;
    let mut post_rows = 0usize;
    let step = DAY / s.profile_snapshots_per_day.max(1);
    for &p in &profile_ids {
        let mut rows = vec![];
        let mut followers = 1000 + next(5000);
        let mut at = start;
        while at < end {
            followers += next(7) - 2;
            rows.push(format!("({p}, {at}, {followers}, 10, 10)"));
            at += step;
        }
        profile_rows += rows.len();
        bulk(
            db,
            "INSERT INTO profile_snapshots (profile_id, taken_at, followers, following, posts)",
            &rows,
        )
        .await?;
        // Posts: one post row per delivery, ids read back in order.
        let n_posts = s.days * s.posts_per_day;
        let mut post_values = vec![];
        for k in 0..n_posts {
            let at = start + k * DAY / s.posts_per_day.max(1) + next(HOUR);
            post_values.push(format!(
                "({}, {}, 'bench post {p}-{k}', {at}, {at})",
                ws.id, author.id
            ));
        }
        bulk(
            db,
            "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at)",
            &post_values,
        )
        .await?;
        let posts: Vec<(i64, i64)> = db
            .fetch_all(
                Sql::new("SELECT id, scheduled_at FROM posts WHERE body LIKE $1 ORDER BY id")
                    .bind(format!("bench post {p}-%")),
            )
            .await?;
        let deliveries: Vec<String> = posts
            .iter()
            .map(|(id, at)| format!("({id}, {p}, 'published', 'b-{id}', {at}, {at}, {at})"))
            .collect();
        bulk(db, "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, published_at)", &deliveries).await?;
        let delivered: Vec<(i64, i64)> = db
            .fetch_all(
                Sql::new(
                    "SELECT id, published_at FROM deliveries WHERE profile_id = $1 ORDER BY id",
                )
                .bind(p),
            )
            .await?;
        let mut snaps = vec![];
        for (d, at) in delivered {
            let (mut l, mut r, mut c, mut q) = (0, 0, 0, 0);
            for j in 0..s.snapshots_per_post {
                l += next(40);
                r += next(8);
                c += next(6);
                q += next(3);
                snaps.push(format!(
                    "({d}, {}, {l}, {r}, {c}, {q}, NULL)",
                    at + HOUR * (1 + j * 6)
                ));
            }
        }
        post_rows += snaps.len();
        bulk(db, "INSERT INTO post_snapshots (delivery_id, taken_at, likes, reposts, replies, quotes, impressions)", &snaps).await?;
    }
    // The rows went in raw, past the store's snapshot writes that keep the rollups: made once from them, as
    // `sangam rollups rebuild` does.
    let rebuilding = Instant::now();
    let rollups = sangam_store::rollups::rebuild(db, |_, _| {}).await?;
    let rebuilt = rebuilding.elapsed().as_secs_f64();
    if db.kind() == Backend::Postgres {
        db.execute(Sql::new("ANALYZE")).await?;
    }
    println!(
        "{}: {} profiles, {} days; {} profile snapshot rows + {} post snapshot rows = {} metric snapshot rows; seeded in {:.1} s",
        db.backend(),
        s.profiles,
        s.days,
        profile_rows,
        post_rows,
        profile_rows + post_rows,
        seeding.elapsed().as_secs_f64()
    );
    println!(
        "{} post rollups and {} profile days rebuilt from the raw snapshots in {rebuilt:.1} s",
        rollups.post_rollups, rollups.profile_days
    );

    Ok(Seeded {
        workspace_id: ws.id,
        profile_ids,
        end,
    })
}

pub async fn run(s: Scale) -> anyhow::Result<()> {
    let db = open(&s.database).await?;
    let seeded = seed(&db, &s).await?;
    let (end, ws_id) = (seeded.end, seeded.workspace_id);
    let period = Period {
        from: end - s.period_days * DAY,
        to: end,
    };
    let report = || async {
        let refs = store::profile_refs(&db, ws_id, &[]).await?;
        let points = store::follower_points(&db, &refs, period).await?;
        let posts = store::post_rows(&db, ws_id, &refs, period, &[]).await?;
        Ok::<_, anyhow::Error>(calc::profile_performance(period, &refs, &points, &posts))
    };
    let baseline_sql = "SELECT pr.id,
        (SELECT f.followers FROM profile_snapshots f WHERE f.profile_id = pr.id AND f.taken_at >= $1 AND f.taken_at < $2
           ORDER BY f.taken_at LIMIT 1) AS first_followers,
        (SELECT f.followers FROM profile_snapshots f WHERE f.profile_id = pr.id AND f.taken_at >= $1 AND f.taken_at < $2
           ORDER BY f.taken_at DESC LIMIT 1) AS last_followers,
        (SELECT COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id WHERE d.profile_id = pr.id
           AND d.state = 'published' AND d.published_at >= $1 AND d.published_at < $2 AND p.deleted_at IS NULL
           AND d.in_reply_to IS NULL) AS posts,
        (SELECT CAST(SUM(s.likes + s.reposts + s.replies + s.quotes) AS BIGINT) FROM deliveries d JOIN posts p ON p.id = d.post_id
           JOIN post_snapshots s ON s.delivery_id = d.id
             AND s.taken_at = (SELECT MAX(x.taken_at) FROM post_snapshots x WHERE x.delivery_id = d.id)
           WHERE d.profile_id = pr.id AND d.state = 'published' AND d.published_at >= $1 AND d.published_at < $2
           AND p.deleted_at IS NULL AND d.in_reply_to IS NULL) AS engagements
        -- PostgreSQL sums BIGINT as NUMERIC: cast back so both backends return an integer.
        FROM profiles pr WHERE pr.workspace_id = $3 AND pr.status <> 'removed' ORDER BY pr.id";
    type Line = (i64, Option<i64>, Option<i64>, i64, Option<i64>);
    let baseline = || async {
        let rows: Vec<Line> = db
            .fetch_all(
                Sql::new(baseline_sql)
                    .bind(period.from)
                    .bind(period.to)
                    .bind(ws_id),
            )
            .await?;
        Ok::<_, anyhow::Error>(rows)
    };

    // The best query over the rollups: the follower ends from the first and last whole day of the period (the bench's
    // period is whole UTC days), posts through the (profile, published_at) index (`(d.state || '')` keeps SQLite off
    // the (profile, state) one, as the report's statement does), engagements from each post's rollup.
    let rollup_sql = "SELECT pr.id,
        (SELECT r.first_followers FROM profile_days r WHERE r.profile_id = pr.id AND r.day >= $1 AND r.day < $2
           ORDER BY r.day LIMIT 1) AS first_followers,
        (SELECT r.last_followers FROM profile_days r WHERE r.profile_id = pr.id AND r.day >= $1 AND r.day < $2
           ORDER BY r.day DESC LIMIT 1) AS last_followers,
        (SELECT COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id WHERE d.profile_id = pr.id
           AND (d.state || '') = 'published' AND d.published_at >= $1 AND d.published_at < $2 AND p.deleted_at IS NULL
           AND d.in_reply_to IS NULL) AS posts,
        (SELECT CAST(SUM(s.likes + s.reposts + s.replies + s.quotes) AS BIGINT) FROM deliveries d
           JOIN posts p ON p.id = d.post_id JOIN post_rollups s ON s.delivery_id = d.id
           WHERE d.profile_id = pr.id AND (d.state || '') = 'published' AND d.published_at >= $1 AND d.published_at < $2
           AND p.deleted_at IS NULL AND d.in_reply_to IS NULL) AS engagements
        FROM profiles pr WHERE pr.workspace_id = $3 AND pr.status <> 'removed' ORDER BY pr.id";
    let over_rollups = || async {
        let rows: Vec<Line> = db
            .fetch_all(
                Sql::new(rollup_sql)
                    .bind(period.from)
                    .bind(period.to)
                    .bind(ws_id),
            )
            .await?;
        Ok::<_, anyhow::Error>(rows)
    };

    // The same numbers first.
    let r = report().await?;
    let b = baseline().await?;
    anyhow::ensure!(
        over_rollups().await? == b,
        "the query over the rollups and the one over the raw rows disagree"
    );
    let sum_engagements: i64 = b.iter().filter_map(|l| l.4).sum();
    let sum_posts: i64 = b.iter().map(|l| l.3).sum();
    anyhow::ensure!(
        r.total.engagements == sum_engagements && r.total.posts_published == sum_posts,
        "the report and the baseline disagree: {} vs {sum_engagements} engagements, {} vs {sum_posts} posts",
        r.total.engagements,
        r.total.posts_published
    );
    let followers_end: i64 = b.iter().filter_map(|l| l.2).sum();
    anyhow::ensure!(r.total.followers == Some(followers_end), "followers differ");

    let (mut rep, mut base, mut roll) = (vec![], vec![], vec![]);
    for _ in 0..s.runs {
        rep.push(timed(report).await?);
        base.push(timed(baseline).await?);
        roll.push(timed(over_rollups).await?);
    }
    for times in [&mut rep, &mut base, &mut roll] {
        times.sort_unstable();
    }
    println!(
        "profile performance over {} days, {} profiles ({} posts, {} engagements): same numbers as both baselines",
        s.period_days, s.profiles, r.total.posts_published, r.total.engagements
    );
    super::print_against(&rep, &base, s.runs);
    let median = |t: &[i64]| super::quantile(t, 0.5);
    println!(
        "  one query over the rollups:     median {:.1} ms, p95 {:.1} ms",
        median(&roll) as f64 / 1000.0,
        super::quantile(&roll, 0.95) as f64 / 1000.0
    );
    println!(
        "  ratio (report / rollup query, medians): {:.2}x",
        median(&rep) as f64 / median(&roll).max(1) as f64
    );
    match super::inbox::rss_kib() {
        Some(kib) => println!("  RSS after the load: {:.1} MB", kib as f64 / 1024.0),
        None => println!("  RSS after the load: not readable on this system"),
    }
    Ok(())
}

/// How long one call of `f` takes, in microseconds.
async fn timed<F, Fut, T>(f: F) -> anyhow::Result<i64>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let t = Instant::now();
    f().await?;
    Ok(t.elapsed().as_micros() as i64)
}
