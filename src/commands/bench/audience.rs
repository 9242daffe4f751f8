//! `sangam bench audience`: the reports bench's profiles and posts, plus engagers with bios and languages and a year
//! of their engagements on those posts (written as the audience collection stores them), two complete follower lists
//! per profile and two target segments; then the audience report (store rows + domain formulas, as the page and the
//! API compute it, segments included) timed against one hand-written aggregate SQL query for its per-profile
//! engagements and engagers (the baseline does less: no new/returning, languages, hours, top engagers, followers or
//! segments). Both run interleaved in the same process on the same database; the numbers are checked equal first.

use super::quantile;
use super::reports::{self, bulk, open};
use sangam_domain::audience::Segment;
use sangam_store::{Backend, Sql, audience as store};
use std::time::Instant;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const KINDS: [&str; 5] = ["like", "like", "repost", "reply", "quote"];
const BIOS: [(&str, &str); 4] = [
    ("Food blogger in Pune. Chai, books and long walks.", "en"),
    ("मुंबई से हूँ। खाना बनाना पसंद है।", "hi"),
    ("Delhi se hoon, khane ka bahut shauk hai", "hi"),
    ("Software engineer in Bengaluru.", "en"),
];

pub struct Scale {
    pub profiles: usize,
    pub days: i64,
    pub engagements_per_day: i64,
    pub engagers: i64,
    pub period_days: i64,
    pub runs: usize,
    pub database: Option<String>,
}

pub async fn run(s: Scale) -> anyhow::Result<()> {
    let db = open(&s.database).await?;
    let seeded = reports::seed(
        &db,
        &reports::Scale {
            profiles: s.profiles,
            days: s.days,
            profile_snapshots_per_day: 1,
            posts_per_day: 2,
            snapshots_per_post: 1,
            period_days: s.period_days,
            runs: s.runs,
            database: None,
        },
    )
    .await?;
    let (ws, end) = (seeded.workspace_id, seeded.end);
    let start = end - s.days * DAY;
    let seeding = Instant::now();
    let mut rng: u64 = 13;
    let mut next = |n: i64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((rng >> 33) % n.max(1) as u64) as i64
    };
    let mut engagement_rows = 0usize;
    for &p in &seeded.profile_ids {
        let people: Vec<String> = (0..s.engagers)
            .map(|i| {
                let (bio, lang) = BIOS[(i % 4) as usize];
                format!(
                    "({ws}, {p}, 'fan{p}-{i}', 'Fan {i}', '{bio}', {}, '{lang}', 'bio', {start}, {start})",
                    20 + (i * 37) % 5_000
                )
            })
            .collect();
        bulk(
            &db,
            "INSERT INTO engagers (workspace_id, profile_id, handle, name, bio, followers, lang, lang_from, \
             looked_up_at, first_seen_at)",
            &people,
        )
        .await?;
        let ids: Vec<(i64,)> = db
            .fetch_all(
                Sql::new("SELECT id FROM engagers WHERE profile_id = $1 ORDER BY id").bind(p),
            )
            .await?;
        let deliveries: Vec<(i64, i64)> = db
            .fetch_all(
                Sql::new(
                    "SELECT id, published_at FROM deliveries WHERE profile_id = $1 ORDER BY id",
                )
                .bind(p),
            )
            .await?;
        let mut rows = vec![];
        for k in 0..s.days * s.engagements_per_day {
            let (d, published) = deliveries[next(deliveries.len() as i64) as usize];
            let at = (published + next(2 * DAY)).min(end - 1);
            let who = ids[next(ids.len() as i64) as usize].0;
            let kind = KINDS[next(5) as usize];
            rows.push(format!(
                "({ws}, {p}, {who}, '{kind}', 's{p}-{k}', {d}, {at})"
            ));
        }
        engagement_rows += rows.len();
        bulk(
            &db,
            "INSERT INTO engagements (workspace_id, profile_id, engager_id, kind, subject, delivery_id, at)",
            &rows,
        )
        .await?;
        // Two complete follower lists, half a year apart, overlapping by most of their members.
        for (n, at) in [(0, start + DAY), (1, end - 7 * DAY)] {
            let handles: Vec<String> = (0..s.engagers)
                .filter(|i| (i + n * 7) % 10 < 8)
                .map(|i| format!("fan{p}-{i}"))
                .collect();
            store::record_followers(&db, p, at, &handles, true).await?;
        }
    }
    for (name, places, languages) in [
        (
            "Pune and Mumbai",
            vec!["Pune".to_string(), "मुंबई".to_string()],
            vec![],
        ),
        ("Hindi speakers", vec![], vec!["hi".to_string()]),
    ] {
        let segment = Segment {
            id: 0,
            name: name.into(),
            languages,
            bio_words: vec![],
            places,
            min_followers: Some(100),
            max_followers: None,
            followers: Some(true),
        };
        store::save_segment(&db, ws, None, &segment, None, end).await?;
    }
    if db.kind() == Backend::Postgres {
        db.execute(Sql::new("ANALYZE")).await?;
    }
    println!(
        "{}: {} profiles, {} days; {} engagers and {engagement_rows} engagement rows seeded in {:.1} s",
        db.backend(),
        s.profiles,
        s.days,
        s.engagers * s.profiles as i64,
        seeding.elapsed().as_secs_f64()
    );

    let (from, to) = (end - s.period_days * DAY, end);
    let zone = jiff::tz::TimeZone::get("Asia/Kolkata")?;
    let segments = store::segments(&db, ws).await?;
    let profiles: Vec<(i64, bool)> = seeded.profile_ids.iter().map(|p| (*p, true)).collect();
    let report = || async {
        store::report(&db, ws, &profiles, from, to, &zone, &segments)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    let baseline_sql = "SELECT profile_id, COUNT(*), COUNT(DISTINCT engager_id) FROM engagements
                        WHERE workspace_id = $1 AND at >= $2 AND at < $3 GROUP BY profile_id ORDER BY profile_id";
    let baseline = || async {
        let rows: Vec<(i64, i64, i64)> = db
            .fetch_all(Sql::new(baseline_sql).bind(ws).bind(from).bind(to))
            .await?;
        Ok::<_, anyhow::Error>(rows)
    };

    let r = report().await?;
    let b = baseline().await?;
    anyhow::ensure!(
        b.len() == r.profiles.len(),
        "the report has {} profiles",
        r.profiles.len()
    );
    for (profile, engagements, engagers) in &b {
        let mine = r
            .profiles
            .iter()
            .find(|p| p.profile_id == *profile)
            .ok_or_else(|| anyhow::anyhow!("profile {profile} is missing from the report"))?;
        anyhow::ensure!(
            (mine.engagements, mine.engagers) == (*engagements, *engagers),
            "the report and the baseline disagree on profile {profile}"
        );
    }

    let (mut rep, mut base) = (vec![], vec![]);
    for _ in 0..s.runs {
        let t = Instant::now();
        report().await?;
        rep.push(t.elapsed().as_micros() as i64);
        let t = Instant::now();
        baseline().await?;
        base.push(t.elapsed().as_micros() as i64);
    }
    rep.sort_unstable();
    base.sort_unstable();
    let ms = |us: i64| us as f64 / 1000.0;
    println!(
        "audience report over {} days, {} profiles ({} engagements by {} engagers, {} segments): same per-profile \
         numbers as the baseline",
        s.period_days,
        s.profiles,
        r.figures.engagements,
        r.figures.engagers,
        segments.len()
    );
    println!(
        "  report (store rows + domain):   median {:.1} ms, p95 {:.1} ms",
        ms(quantile(&rep, 0.5)),
        ms(quantile(&rep, 0.95))
    );
    println!(
        "  one aggregate SQL query:        median {:.1} ms, p95 {:.1} ms",
        ms(quantile(&base, 0.5)),
        ms(quantile(&base, 0.95))
    );
    println!(
        "  ratio (report / baseline, medians): {:.2}x over {} interleaved runs",
        quantile(&rep, 0.5) as f64 / quantile(&base, 0.5).max(1) as f64,
        s.runs
    );
    Ok(())
}
