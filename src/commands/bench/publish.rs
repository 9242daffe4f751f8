//! `sangam bench publish`: the real engine (lease table, intent committed before the network call, conditional state
//! updates) publishing to the sandbox with no injected faults, in two runs on one database:
//! 1. N posts due at once: throughput, against the bare database work of the same state changes in the same
//!    database (per delivery, the intent committed, then `published` committed with its webhook event check: the two
//!    writes the delivery's state machine cannot do without, through the same store calls, one delivery after
//!    another, with no jobs and no network; run before the engine and after it, and the faster run is the one
//!    compared), and time from due to published. The engine does more: it claims the
//!    jobs, reads their deliveries, calls the sandbox between the two writes and marks the jobs done; concurrent
//!    deliveries' writes may share a transaction (each is committed before its caller goes on);
//! 2. posts due one after another over one minute: time from due to published, the lag a team sees.

use super::inbound::fresh_db;
use super::quantile;
use indicatif::{ProgressBar, ProgressStyle};
use sangam_domain::{NetworkKind, Role, now_millis};
use sangam_engine::{Engine, EngineConfig, EngineMetrics, Networks};
use sangam_networks::Network;
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_store::Db;
use sangam_store::posts;
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::workspaces;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// How long the second run spreads its posts over.
const SPREAD_MS: i64 = 60_000;

struct Team {
    workspace_id: i64,
    author_id: i64,
    profile_ids: Vec<i64>,
}

pub async fn run(
    count: usize,
    profile_count: usize,
    spread: usize,
    database: Option<String>,
) -> anyhow::Result<()> {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let (db, path, backend) = match &database {
        Some(url) if url.starts_with("postgres") => (
            Db::connect_pg_schema(url, &sangam_store::fresh_schema_name()).await?,
            None,
            "PostgreSQL",
        ),
        _ => {
            let (db, path) = fresh_db("publish").await?;
            (db, Some(path), "SQLite")
        }
    };
    let burst = team(&db, &secrets, "Burst", profile_count).await?;
    let later = team(&db, &secrets, "Spread", profile_count).await?;

    // The baseline first, on posts that are never due (the engine leaves them alone), and again once the engine has
    // stopped; the faster of the two runs is the one compared, so a noisy spell on the machine cannot flatter the
    // engine.
    let bare_before = bare_writes(&db, &secrets, count, "Bare-before").await?;

    // The burst is due a little ahead, so seeding does not count as waiting, and the engine starts before it: its
    // start-up work (the first collection, ingestion and sweep) is done by then, as on a server already running.
    let due = now_millis() + 5_000 + count as i64 / 10;
    seed_at_once(&db, &burst, count, due, "seeding").await?;
    let sandbox: Arc<dyn Network> = Arc::new(Sandbox::in_memory(SandboxConfig::seeded(5)).await?);
    let (stop, stopped) = watch::channel(false);
    let engine = Engine::new(
        db.clone(),
        secrets.clone(),
        Networks::default().with(sandbox),
        EngineConfig::default(),
        EngineMetrics::default(),
    );
    let runner = tokio::spawn(engine.run(stopped));
    let wait = due - now_millis();
    if wait > 0 {
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
    }
    let cpu_before = super::cpu_secs();
    let started = Instant::now();
    wait_published(&db, burst.workspace_id, count, "publishing").await?;
    let engine_secs = started.elapsed().as_secs_f64();
    let engine_cpu = super::cpu_used(cpu_before);
    let burst_lags = lags(&db, burst.workspace_id).await?;

    // The second run, on the engine already running: each post due at its own moment of the next minute.
    let start = now_millis() + 3_000;
    let step = SPREAD_MS / spread.max(1) as i64;
    for i in 0..spread {
        let profile = later.profile_ids[i % later.profile_ids.len()];
        let item = [(format!("Spread post {i}"), profile)];
        let at = start + i as i64 * step;
        posts::create_batch(
            &db,
            later.workspace_id,
            later.author_id,
            &item,
            at,
            now_millis(),
        )
        .await?;
    }
    wait_published(&db, later.workspace_id, spread, "spread").await?;
    let spread_lags = lags(&db, later.workspace_id).await?;
    let _ = stop.send(true);
    let _ = runner.await;
    let rss = super::inbox::rss_kib();
    let bare_after = bare_writes(&db, &secrets, count, "Bare-after").await?;

    println!();
    println!(
        "scheduler benchmark: {count} posts due at once over {} sandbox profiles (no faults), {backend}",
        burst.profile_ids.len()
    );
    let engine_rate = count as f64 / engine_secs;
    let faster = if bare_before.rate >= bare_after.rate {
        &bare_before
    } else {
        &bare_after
    };
    let bare_rate = faster.rate;
    println!(
        "  engine, due → all published {engine_secs:>7.2} s   ({engine_rate:.0} posts/s: jobs claimed in batches, \
         deliveries read, per delivery the intent committed, the sandbox called, the answer committed, the job \
         marked done); {}",
        super::cpu_line(engine_cpu, engine_secs)
    );
    print_lags("due → published", &burst_lags);
    println!(
        "  bare state writes, before the engine {:>6.0} deliveries/s, after it {:.0}/s (the same \
         store calls, per delivery the intent committed, then published committed with its webhook event check, one \
         after another; no jobs, no network; same database); the faster used {}",
        bare_before.rate,
        bare_after.rate,
        super::cpu_line(faster.cpu, faster.secs)
    );
    println!(
        "  ratio engine / the faster bare run: {:.3}",
        engine_rate / bare_rate
    );
    println!("{spread} posts due one after another over one minute (no faults), {backend}");
    print_lags("due → published", &spread_lags);
    match rss {
        Some(kib) => println!("  RSS after the load: {:.1} MB", kib as f64 / 1024.0),
        None => println!("  RSS after the load: not readable here (/proc/self/status)"),
    }
    if let Some(p) = path {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", p.display()));
        }
    }
    Ok(())
}

/// One run of the bare state writes: deliveries per second, and the seconds and CPU seconds it took.
struct Bare {
    rate: f64,
    secs: f64,
    cpu: Option<f64>,
}

/// The bare state writes of `count` deliveries of a workspace of their own, whose posts are never due.
async fn bare_writes(
    db: &Db,
    secrets: &SecretBox,
    count: usize,
    name: &str,
) -> anyhow::Result<Bare> {
    let bare = team(db, secrets, name, 1).await?;
    seed_at_once(db, &bare, count, now_millis() + 365 * 86_400_000, "bare").await?;
    let ids = posts::delivery_ids_in(db, bare.workspace_id).await?;
    let cpu_before = super::cpu_secs();
    let started = Instant::now();
    for (n, id) in ids.iter().enumerate() {
        posts::record_intent(db, *id, 1).await?;
        posts::mark_published(db, *id, &format!("r{n}"), "https://x.invalid", 2, 2).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(Bare {
        rate: ids.len() as f64 / secs,
        secs,
        cpu: super::cpu_used(cpu_before),
    })
}

/// A workspace with an author and `profiles` sandbox profiles.
async fn team(
    db: &Db,
    secrets: &SecretBox,
    name: &str,
    profile_count: usize,
) -> anyhow::Result<Team> {
    let ws = workspaces::create(db, name, 0).await?;
    let email = format!("{}@bench.invalid", name.to_lowercase());
    let author = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: &email,
            name,
            password_hash: "x",
            role: Role::Member,
        },
        0,
    )
    .await?;
    let mut profile_ids = Vec::new();
    for i in 0..profile_count.max(1) {
        let handle = format!("{}{i}", name.to_lowercase());
        let new = NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: &handle,
            display_name: &handle,
            credentials: &serde_json::json!({}),
        };
        profile_ids.push(profiles::create(db, secrets, new, 0).await?.id);
    }
    Ok(Team {
        workspace_id: ws.id,
        author_id: author.id,
        profile_ids,
    })
}

/// `count` posts of `team`, all due at `due`, stored 1,000 to a transaction.
async fn seed_at_once(
    db: &Db,
    team: &Team,
    count: usize,
    due: i64,
    what: &str,
) -> anyhow::Result<()> {
    let seed_bar = bar(count as u64, what)?;
    for chunk in (0..count).collect::<Vec<_>>().chunks(1_000) {
        let items: Vec<(String, i64)> = chunk
            .iter()
            .map(|i| {
                (
                    format!("Benchmark post {i}"),
                    team.profile_ids[i % team.profile_ids.len()],
                )
            })
            .collect();
        posts::create_batch(
            db,
            team.workspace_id,
            team.author_id,
            &items,
            due,
            now_millis(),
        )
        .await?;
        seed_bar.inc(chunk.len() as u64);
    }
    seed_bar.finish();
    Ok(())
}

async fn wait_published(
    db: &Db,
    workspace_id: i64,
    count: usize,
    what: &str,
) -> anyhow::Result<()> {
    let progress = bar(count as u64, what)?;
    loop {
        let done = posts::published_in(db, workspace_id).await?;
        progress.set_position(done as u64);
        if done as usize >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    progress.finish();
    Ok(())
}

/// Each published delivery's time from due to recorded as published, sorted.
async fn lags(db: &Db, workspace_id: i64) -> anyhow::Result<Vec<i64>> {
    let mut lags: Vec<i64> = posts::publish_lags_in(db, workspace_id)
        .await?
        .into_iter()
        .map(|(due, at)| at - due)
        .collect();
    lags.sort_unstable();
    Ok(lags)
}

fn print_lags(what: &str, sorted: &[i64]) {
    println!(
        "  {what}   median {:>7} ms   p99 {:>7} ms   max {:>7} ms",
        quantile(sorted, 0.5),
        quantile(sorted, 0.99),
        quantile(sorted, 1.0)
    );
}

fn bar(len: u64, what: &str) -> anyhow::Result<ProgressBar> {
    let style = ProgressStyle::with_template(&format!("{what:>10} {{bar:40}} {{pos}}/{{len}}"))?;
    Ok(ProgressBar::new(len).with_style(style))
}
