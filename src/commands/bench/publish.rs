//! `sangam bench publish`: N posts due at once to the sandbox with no injected faults, published by the real engine
//! (lease table, intent before the network call, conditional state updates). Reports time from due to published
//! (median, p99) and the total, and compares throughput with the bare database work of the same state changes
//! (claim-free: one intent update and one published update per delivery) run in the same process.

use super::inbound::fresh_db;
use super::quantile;
use indicatif::{ProgressBar, ProgressStyle};
use sangam_domain::{NetworkKind, Role, now_millis};
use sangam_engine::{Engine, EngineConfig, EngineMetrics, Networks};
use sangam_networks::Network;
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_store::posts;
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::workspaces;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

pub async fn run(count: usize, profile_count: usize) -> anyhow::Result<()> {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let (db, path) = fresh_db("publish").await?;
    let ws = workspaces::create(&db, "Bench", 0).await?;
    let author = users::create(
        &db,
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
    let mut profile_ids = Vec::new();
    for i in 0..profile_count.max(1) {
        let handle = format!("bench{i}");
        let new = NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: &handle,
            display_name: &handle,
            credentials: &serde_json::json!({}),
        };
        profile_ids.push(profiles::create(&db, &secrets, new, 0).await?.id);
    }

    // Everything is due at one instant, a little ahead so seeding does not count as waiting.
    let seed_bar = bar(count as u64, "seeding")?;
    let due = now_millis() + 2_000 + count as i64 / 20;
    for chunk in (0..count).collect::<Vec<_>>().chunks(1_000) {
        let items: Vec<(String, i64)> = chunk
            .iter()
            .map(|i| {
                (
                    format!("Benchmark post {i}"),
                    profile_ids[i % profile_ids.len()],
                )
            })
            .collect();
        posts::create_batch(&db, ws.id, author.id, &items, due, now_millis()).await?;
        seed_bar.inc(chunk.len() as u64);
    }
    seed_bar.finish();
    let wait = due - now_millis();
    if wait > 0 {
        tokio::time::sleep(Duration::from_millis(wait as u64)).await;
    }

    let sandbox: Arc<dyn Network> = Arc::new(Sandbox::in_memory(SandboxConfig::seeded(5)).await?);
    let (stop, stopped) = watch::channel(false);
    let config = EngineConfig {
        idle_poll_ms: 20,
        ..EngineConfig::default()
    };
    let engine = Engine::new(
        db.clone(),
        secrets.clone(),
        Networks::default().with(sandbox),
        config,
        EngineMetrics::default(),
    );
    let started = Instant::now();
    let runner = tokio::spawn(engine.run(stopped));
    let publish_bar = bar(count as u64, "publishing")?;
    loop {
        let done: i64 = posts::state_counts(&db)
            .await?
            .iter()
            .filter(|(s, _)| s == "published")
            .map(|(_, c)| c)
            .sum();
        publish_bar.set_position(done as u64);
        if done as usize >= count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let engine_secs = started.elapsed().as_secs_f64();
    publish_bar.finish();
    let _ = stop.send(true);
    let _ = runner.await;

    let mut lags: Vec<i64> = posts::publish_lags(&db)
        .await?
        .into_iter()
        .map(|(due, at)| at - due)
        .collect();
    lags.sort_unstable();

    // Baseline: the same two state changes per delivery, straight to the database, no engine and no network.
    let (bare, bare_path) = fresh_db("publish-bare").await?;
    let bare_ws = workspaces::create(&bare, "Bench", 0).await?;
    let bare_author = users::create(
        &bare,
        NewUser {
            workspace_id: bare_ws.id,
            email: "b@bench.invalid",
            name: "B",
            password_hash: "x",
            role: Role::Member,
        },
        0,
    )
    .await?;
    let bare_profile = profiles::create(
        &bare,
        &secrets,
        NewProfile {
            workspace_id: bare_ws.id,
            network: NetworkKind::Sandbox,
            handle: "bare",
            display_name: "bare",
            credentials: &serde_json::json!({}),
        },
        0,
    )
    .await?;
    for chunk in (0..count).collect::<Vec<_>>().chunks(1_000) {
        let items: Vec<(String, i64)> = chunk
            .iter()
            .map(|i| (format!("Bare {i}"), bare_profile.id))
            .collect();
        posts::create_batch(&bare, bare_ws.id, bare_author.id, &items, 0, 0).await?;
    }
    let ids: Vec<i64> = posts::overdue(&bare, i64::MAX, count as i64)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let bare_started = Instant::now();
    for (n, id) in ids.iter().enumerate() {
        posts::record_intent(&bare, *id, 1).await?;
        posts::mark_published(&bare, *id, &format!("r{n}"), "https://x.invalid", 2, 2).await?;
    }
    let bare_secs = bare_started.elapsed().as_secs_f64();

    println!();
    println!(
        "scheduler benchmark: {count} posts due at once over {} sandbox profiles (no faults), SQLite",
        profile_ids.len()
    );
    println!(
        "  engine total      {engine_secs:>10.2} s   ({:.0} posts/s)",
        count as f64 / engine_secs
    );
    println!(
        "  due → published   median {:>7} ms   p99 {:>7} ms   max {:>7} ms",
        quantile(&lags, 0.5),
        quantile(&lags, 0.99),
        quantile(&lags, 1.0)
    );
    println!(
        "  bare state writes {bare_secs:>10.2} s   ({:.0} deliveries/s)",
        ids.len() as f64 / bare_secs
    );
    println!(
        "  ratio engine / bare throughput: {:.3}",
        (count as f64 / engine_secs) / (ids.len() as f64 / bare_secs)
    );
    for p in [path, bare_path] {
        let _ = std::fs::remove_file(&p);
    }
    Ok(())
}

fn bar(len: u64, what: &str) -> anyhow::Result<ProgressBar> {
    let style = ProgressStyle::with_template(&format!("{what:>10} {{bar:40}} {{pos}}/{{len}}"))?;
    Ok(ProgressBar::new(len).with_style(style))
}
