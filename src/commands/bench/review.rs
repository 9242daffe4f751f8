//! `sangam bench review`: the weekly review drafted for a workspace with generated history (the reports bench's
//! profiles, follower snapshots, posts and engagement snapshots, plus inbound messages in English, Hindi and Hinglish
//! every day), timed against the profile performance report alone for the same week (the reports page's own call),
//! both medians of the same number of interleaved runs in one process.

use super::quantile;
use super::reports::{self, Scale};
use sangam_domain::reports::{self as calc, Period};
use sangam_domain::{Role, now_millis};
use sangam_store::reports as store;
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_web::AppState;
use std::time::Instant;

const DAY: i64 = 24 * 3_600_000;

/// What people write, so the themes have something to find.
const TEXTS: &[(&str, &str)] = &[
    ("negative", "my refund not received yet"),
    ("negative", "flight delayed again, no update from the crew"),
    ("negative", "मेरा पार्सल टूटा मिला है"),
    ("negative", "bhai mera paisa wapas chahiye"),
    ("negative", "customer care never answers the phone"),
    ("positive", "love the new app design, thank you"),
    ("positive", "बहुत अच्छी सर्विस, धन्यवाद"),
    ("positive", "ekdum mast offer tha yaar"),
    ("neutral", "what time do you open on sunday"),
    ("neutral", "is the diwali sale on in pune"),
];

pub async fn run(scale: Scale, messages_per_day: i64) -> anyhow::Result<()> {
    let db = reports::open(&scale.database).await?;
    let seeded = reports::seed(&db, &scale).await?;
    let ws = seeded.workspace_id;
    let lead = users::create(
        &db,
        NewUser {
            workspace_id: ws,
            email: "lead@bench.invalid",
            name: "Lead",
            password_hash: "x",
            role: Role::Manager,
        },
        0,
    )
    .await?;
    let seeding = Instant::now();
    let start = seeded.end - scale.days * DAY;
    let mut rows = Vec::new();
    let mut n = 0i64;
    let mut rng: u64 = 11;
    let mut next = |m: i64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((rng >> 33) % m.max(1) as u64) as i64
    };
    for d in 0..scale.days {
        for _ in 0..messages_per_day {
            let p = seeded.profile_ids[next(seeded.profile_ids.len() as i64) as usize];
            let (label, text) = TEXTS[next(TEXTS.len() as i64) as usize];
            let at = start + d * DAY + next(DAY);
            n += 1;
            rows.push(format!(
                "({ws}, {p}, 'm{n}', 'mention', '@fan{n}', 'Fan', '{text} {}', 'c{n}', {at}, {at}, 'und', 'Zyyy', 0, '{label}')",
                next(1000)
            ));
        }
    }
    for chunk in rows.chunks(500) {
        let sql = format!(
            "INSERT INTO messages (workspace_id, profile_id, remote_id, kind, author_handle, author_name, text,
             conversation_id, received_at, ingested_at, lang, script, sentiment_compound, sentiment_label) VALUES {}",
            chunk.join(",")
        );
        db.execute(sangam_store::Sql::assembled(sql)).await?;
    }
    println!(
        "{n} inbound messages over {} days seeded in {:.1} s",
        scale.days,
        seeding.elapsed().as_secs_f64()
    );
    let state = AppState::new(
        db.clone(),
        SecretBox::from_hex(&SecretBox::generate_hex())?,
        sangam_web::WebConfig::default(),
        sangam_web::observe::Observe::new(),
    );
    let viewer = users::get(&db, lead.id).await?;
    let (week_start, _) = sangam_engine::review::last_week("UTC", now_millis());
    let drafting = Instant::now();
    let (review, drafted) =
        sangam_engine::review::draft_week(&db, ws, week_start, None, "bench", now_millis()).await?;
    anyhow::ensure!(
        drafted,
        "the week's review existed before the bench drafted it"
    );
    let first = sangam_web::review::figures::compute(&state, &viewer, review.clone()).await?;
    let first_ms = drafting.elapsed().as_secs_f64() * 1000.0;
    let period = Period {
        from: review.week_start,
        to: review.week_end,
    };
    let profile_report = || async {
        let refs = store::profile_refs(&db, ws, &[]).await?;
        let points = store::follower_points(&db, &refs, period).await?;
        let posts = store::post_rows(&db, ws, &refs, period, &[]).await?;
        Ok::<_, anyhow::Error>(calc::profile_performance(period, &refs, &points, &posts))
    };
    anyhow::ensure!(
        profile_report().await? == first.profiles,
        "the review's profile figures differ from the report's"
    );
    let (mut full, mut base) = (vec![], vec![]);
    for _ in 0..scale.runs {
        let t = Instant::now();
        sangam_web::review::figures::compute(&state, &viewer, review.clone()).await?;
        full.push(t.elapsed().as_micros() as i64);
        let t = Instant::now();
        profile_report().await?;
        base.push(t.elapsed().as_micros() as i64);
    }
    full.sort_unstable();
    base.sort_unstable();
    let ms = |us: i64| us as f64 / 1000.0;
    println!(
        "the review of the week from {} ({} posts, {} messages, {} complaint and {} praise themes): drafted and computed first in {first_ms:.0} ms",
        jiff::Timestamp::from_millisecond(review.week_start)?.strftime("%Y-%m-%d"),
        first.profiles.total.posts_published,
        first.inbox.messages_received,
        first.complaints.len(),
        first.praise.len()
    );
    println!(
        "  the review's figures:           median {:.1} ms (of {})",
        ms(quantile(&full, 0.5)),
        scale.runs
    );
    println!(
        "  the profile report, same week:  median {:.1} ms",
        ms(quantile(&base, 0.5))
    );
    println!(
        "  ratio (review / profile report, medians): {:.1}x",
        quantile(&full, 0.5) as f64 / quantile(&base, 0.5).max(1) as f64
    );
    Ok(())
}
