//! `sangam bench webhooks`: outgoing webhook deliveries to a receiver on loopback. (1) Throughput: N events queued at
//! once, sent by the real engine (job lease, load, sign, POST, the attempt logged and the delivery marked in one
//! transaction), against a bare reqwest POST loop of the same bodies with the same concurrency. (2) Latency: one
//! delivery at a time through the real sender, against one bare POST at a time: median and p99. Both in one run, on
//! SQLite; ratios printed.

use super::inbound::fresh_db;
use super::quantile;
use sangam_domain::webhook::EventType;
use sangam_domain::{Role, now_millis};
use sangam_engine::webhooks::{Sender, WebhookPolicy, new_secret};
use sangam_engine::{Engine, EngineConfig, EngineMetrics, Networks};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::webhooks::{self, Event, NewWebhook};
use sangam_store::{Db, Sql, workspaces};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;

pub async fn run(events: usize, concurrency: usize, latency_samples: usize) -> anyhow::Result<()> {
    let events = events.max(1);
    let concurrency = concurrency.max(1);
    let received = Arc::new(AtomicUsize::new(0));
    let url = receiver(received.clone()).await?;
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let (db, path) = fresh_db("webhooks").await?;
    let (ws, webhook_id) = seed(&db, &secrets, &url).await?;
    let policy = WebhookPolicy {
        allow_private: true,
        ..WebhookPolicy::default()
    };

    // (1) Throughput through the engine.
    let bodies = queue(&db, ws, events).await?;
    let (stop, stopped) = watch::channel(false);
    let config = EngineConfig {
        concurrency,
        idle_poll_ms: 20,
        webhooks: policy.clone(),
        ..EngineConfig::default()
    };
    let engine = Engine::new(
        db.clone(),
        secrets.clone(),
        Networks::default(),
        config,
        EngineMetrics::default(),
    );
    let started = Instant::now();
    let task = tokio::spawn(engine.run(stopped));
    while received.load(Ordering::SeqCst) < events {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(600),
            "the engine did not deliver {events} events within ten minutes"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let engine_secs = started.elapsed().as_secs_f64();
    let _ = stop.send(true);
    let _ = task.await;
    let sql =
        "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1 AND state = 'delivered'";
    let (delivered,): (i64,) = db.fetch_one(Sql::new(sql).bind(webhook_id)).await?;
    anyhow::ensure!(
        delivered as usize == events,
        "{delivered} of {events} deliveries are on record as delivered"
    );

    let client = reqwest::Client::new();
    received.store(0, Ordering::SeqCst);
    let started = Instant::now();
    let bodies = Arc::new(bodies);
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, url, bodies, next) =
            (client.clone(), url.clone(), bodies.clone(), next.clone());
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(body) = bodies.get(i) else { break };
                let _ = client.post(&url).body(body.clone()).send().await;
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let bare_secs = started.elapsed().as_secs_f64();

    // (2) Latency, one at a time.
    let sender = Sender::new(policy)?;
    let samples = latency_samples.max(1);
    let ids = queue_ids(&db, ws, webhook_id, samples).await?;
    let mut ours = Vec::with_capacity(samples);
    for id in ids {
        let t = Instant::now();
        sender.deliver(&db, &secrets, id, false).await?;
        ours.push(t.elapsed().as_micros() as i64);
    }
    let mut bare = Vec::with_capacity(samples);
    let body = bodies.first().cloned().unwrap_or_default();
    for _ in 0..samples {
        let t = Instant::now();
        client
            .post(&url)
            .body(body.clone())
            .send()
            .await?
            .bytes()
            .await?;
        bare.push(t.elapsed().as_micros() as i64);
    }
    ours.sort_unstable();
    bare.sort_unstable();

    let ms = |us: i64| us as f64 / 1000.0;
    println!(
        "Webhook deliveries to a receiver on loopback (SQLite, {events} events, {concurrency} at once)"
    );
    println!(
        "  engine (lease, sign, POST, log):  {:>9.0} deliveries/s  ({engine_secs:.2} s)",
        events as f64 / engine_secs
    );
    println!(
        "  bare reqwest POST loop:           {:>9.0} posts/s       ({bare_secs:.2} s)",
        events as f64 / bare_secs
    );
    println!(
        "  throughput ratio engine / bare:   {:.2}",
        bare_secs / engine_secs
    );
    println!("One at a time ({samples} each): median / p99");
    println!(
        "  sender (load, sign, POST, log):   {:.2} ms / {:.2} ms",
        ms(quantile(&ours, 0.5)),
        ms(quantile(&ours, 0.99))
    );
    println!(
        "  bare reqwest POST:                {:.2} ms / {:.2} ms",
        ms(quantile(&bare, 0.5)),
        ms(quantile(&bare, 0.99))
    );
    println!(
        "  p99 ratio sender / bare:          {:.2}",
        quantile(&ours, 0.99) as f64 / quantile(&bare, 0.99).max(1) as f64
    );
    db.close().await;
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// A receiver that answers 200 to everything and counts.
async fn receiver(received: Arc<AtomicUsize>) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |_body: axum::body::Bytes| {
            let received = received.clone();
            async move {
                received.fetch_add(1, Ordering::SeqCst);
                "ok"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}

async fn seed(db: &Db, secrets: &SecretBox, url: &str) -> anyhow::Result<(i64, i64)> {
    let ws = workspaces::create(db, "Bench", 0).await?.id;
    let admin = users::create(
        db,
        NewUser {
            workspace_id: ws,
            email: "bench@bench.invalid",
            name: "Bench",
            password_hash: "x",
            role: Role::Admin,
        },
        0,
    )
    .await?;
    let sealed = secrets.seal(&new_secret());
    let new = NewWebhook {
        workspace_id: ws,
        url,
        description: "bench",
        events: &[EventType::MessageReceived],
        sealed_secret: &sealed,
        created_by: admin.id,
    };
    Ok((ws, webhooks::create(db, new, now_millis()).await?.id))
}

/// Records `n` events (their jobs due now) in one transaction; returns their bodies as stored.
async fn queue(db: &Db, ws: i64, n: usize) -> anyhow::Result<Vec<String>> {
    let mut tx = db.tx().await?;
    for i in 0..n {
        let event = Event {
            workspace_id: ws,
            event_type: EventType::MessageReceived,
            occurred_at: now_millis(),
            data: serde_json::json!({"message_id": i, "text": "Loving the monsoon menu! When does it end?"}),
        };
        webhooks::record(&mut tx, event).await?;
    }
    tx.commit().await?;
    let rows: Vec<(String,)> = db
        .fetch_all(Sql::new("SELECT body FROM webhook_events ORDER BY id"))
        .await?;
    Ok(rows.into_iter().map(|(b,)| b).collect())
}

/// Records `n` more events and returns their delivery ids, for the sender to send one by one (their jobs are left
/// alone: no engine runs now).
async fn queue_ids(db: &Db, ws: i64, webhook_id: i64, n: usize) -> anyhow::Result<Vec<i64>> {
    let sql = "SELECT COALESCE(MAX(id), 0) FROM webhook_deliveries";
    let (before,): (i64,) = db.fetch_one(Sql::new(sql)).await?;
    queue(db, ws, n).await?;
    let sql = "SELECT id FROM webhook_deliveries WHERE webhook_id = $1 AND id > $2 ORDER BY id";
    let rows: Vec<(i64,)> = db
        .fetch_all(Sql::new(sql).bind(webhook_id).bind(before))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
