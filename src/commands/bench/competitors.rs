//! `sangam bench competitors`: generated history for N competitors (follower snapshots every few hours and several
//! posts a day for a year, written as the engine stores them), then the competitor report (store rows + domain
//! formulas, as the page and the API compute it) timed against one hand-written aggregate SQL query returning the same
//! per-competitor numbers (first and last followers, posts, engagement sums; the medians, hashtags, best posts and
//! posting times are left to the report, so the baseline does less work). Both run interleaved in the same process on
//! the same database; the numbers are checked equal before any timing is printed.

use super::reports::{bulk, open};
use sangam_domain::NetworkKind;
use sangam_domain::reports::Period;
use sangam_store::competitors::{self as store, NewCompetitor};
use sangam_store::secrets::SecretBox;
use sangam_store::{Backend, Sql, workspaces};
use sangam_web::WebConfig;
use std::time::Instant;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const TAGS: [&str; 6] = ["coffee", "chai", "monsoon", "coldbrew", "launch", "pune"];

pub struct Scale {
    pub competitors: usize,
    pub days: i64,
    pub snapshots_per_day: i64,
    pub posts_per_day: i64,
    pub period_days: i64,
    pub runs: usize,
    pub database: Option<String>,
}

pub async fn run(s: Scale) -> anyhow::Result<()> {
    anyhow::ensure!(
        s.competitors <= sangam_domain::competitors::MAX_COMPARED,
        "a competitor report compares at most {} competitors",
        sangam_domain::competitors::MAX_COMPARED
    );
    let db = open(&s.database).await?;
    let ws = workspaces::create(&db, "Bench", 0).await?;
    let end = sangam_domain::now_millis() / DAY * DAY;
    let start = end - s.days * DAY;
    let seeding = Instant::now();
    let mut rng: u64 = 11;
    let mut next = |n: i64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((rng >> 33) % n.max(1) as u64) as i64
    };
    let (mut snapshot_rows, mut post_rows) = (0, 0);
    let mut ids = vec![];
    for i in 0..s.competitors {
        let handle = format!("@rival{i}");
        let c = store::add(
            &db,
            NewCompetitor {
                workspace_id: ws.id,
                network: NetworkKind::Sandbox,
                handle: &handle,
                remote_id: &handle,
                display_name: &handle,
                url: "",
                added_by: None,
            },
            start,
        )
        .await?;
        ids.push(c.id);
        let step = DAY / s.snapshots_per_day.max(1);
        let mut followers = 1_000 + next(50_000);
        let mut rows = vec![];
        let mut at = start;
        while at < end {
            followers += next(9) - 3;
            rows.push(format!("({}, {at}, {followers}, 10, 10)", c.id));
            at += step;
        }
        snapshot_rows += rows.len();
        bulk(
            &db,
            "INSERT INTO competitor_snapshots (competitor_id, taken_at, followers, following, posts)",
            &rows,
        )
        .await?;
        let mut posts = vec![];
        for k in 0..s.days * s.posts_per_day {
            let at = start + k * DAY / s.posts_per_day.max(1) + next(HOUR);
            let tags = format!("{} {}", TAGS[next(6) as usize], TAGS[next(6) as usize]);
            posts.push(format!(
                "({}, 'cmp-{}-{k}', 'https://sandbox.sangam.invalid/{handle}/{k}', 'post {k} #{}', {at}, {}, {}, {}, {}, '{tags}', {at}, {at})",
                c.id,
                c.id,
                TAGS[next(6) as usize],
                next(200),
                next(30),
                next(15),
                next(5)
            ));
        }
        post_rows += posts.len();
        bulk(
            &db,
            "INSERT INTO competitor_posts (competitor_id, remote_id, url, body, published_at, likes, reposts, replies, \
             quotes, hashtags, first_seen_at, counted_at)",
            &posts,
        )
        .await?;
    }
    if db.kind() == Backend::Postgres {
        db.execute(Sql::new("ANALYZE")).await?;
    }
    println!(
        "{}: {} competitors, {} days; {snapshot_rows} snapshot rows and {post_rows} post rows seeded in {:.1} s",
        db.backend(),
        s.competitors,
        s.days,
        seeding.elapsed().as_secs_f64()
    );

    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let state = sangam_web::AppState::new(
        db.clone(),
        secrets,
        WebConfig::default(),
        sangam_web::observe::Observe::new(),
    );
    let period = Period {
        from: end - s.period_days * DAY,
        to: end,
    };
    let zone = jiff::tz::TimeZone::get("Asia/Kolkata")?;
    let report = || async {
        sangam_web::competitors::report::compute(&state, ws.id, period, &[], &ids, &zone)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))
    };
    let baseline_sql = "SELECT c.id,
        (SELECT f.followers FROM competitor_snapshots f WHERE f.competitor_id = c.id AND f.taken_at >= $1
           AND f.taken_at < $2 ORDER BY f.taken_at LIMIT 1) AS first_followers,
        (SELECT f.followers FROM competitor_snapshots f WHERE f.competitor_id = c.id AND f.taken_at >= $1
           AND f.taken_at < $2 ORDER BY f.taken_at DESC LIMIT 1) AS last_followers,
        (SELECT COUNT(*) FROM competitor_posts p WHERE p.competitor_id = c.id AND p.published_at >= $1
           AND p.published_at < $2) AS posts,
        (SELECT CAST(SUM(p.likes + p.reposts + p.replies + p.quotes) AS BIGINT) FROM competitor_posts p
           WHERE p.competitor_id = c.id AND p.published_at >= $1 AND p.published_at < $2) AS engagements
        -- PostgreSQL sums BIGINT as NUMERIC: cast back so both backends return an integer.
        FROM competitors c WHERE c.workspace_id = $3 AND c.removed_at IS NULL ORDER BY c.id";
    type Line = (i64, Option<i64>, Option<i64>, i64, Option<i64>);
    let baseline = || async {
        let rows: Vec<Line> = db
            .fetch_all(
                Sql::new(baseline_sql)
                    .bind(period.from)
                    .bind(period.to)
                    .bind(ws.id),
            )
            .await?;
        Ok::<_, anyhow::Error>(rows)
    };

    // The same numbers first.
    let r = report().await?;
    let b = baseline().await?;
    anyhow::ensure!(
        r.lines.len() == b.len(),
        "the report has {} lines",
        r.lines.len()
    );
    for line in &b {
        let mine = r
            .lines
            .iter()
            .find(|l| l.account.id == line.0)
            .ok_or_else(|| anyhow::anyhow!("competitor {} is missing from the report", line.0))?;
        let f = &mine.figures;
        anyhow::ensure!(
            (
                f.followers_start,
                f.followers,
                f.posts_published,
                Some(f.engagements)
            ) == (line.1, line.2, line.3, line.4.or(Some(0))),
            "the report and the baseline disagree on competitor {}",
            line.0
        );
    }

    let (rep, base) = super::interleaved(s.runs, report, baseline).await?;
    let posts: i64 = r.lines.iter().map(|l| l.figures.posts_published).sum();
    println!(
        "competitor report over {} days, {} competitors ({posts} posts): same numbers as the baseline",
        s.period_days, s.competitors
    );
    super::print_against(&rep, &base, s.runs);
    Ok(())
}
