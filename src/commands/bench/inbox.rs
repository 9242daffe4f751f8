//! `sangam bench inbox`: the inbox at scale. N generated messages in one workspace, then C clients asking at once for
//! the inbox page (`GET /inbox`) and its JSON (`GET /api/v1/inbox`), served by the real router (every middleware, the
//! bearer token's sign-in, the count, the shield, the reply clocks, the template), in-process, against a bare axum
//! handler that reads the same 50 rows with the same store read and renders them (plain HTML, or serde JSON) and
//! nothing else. Each is run for the same time with the same clients; prints requests per second, p50 and p99 and
//! the real/bare throughput ratio, then the process's resident memory. SQLite by default; `--database postgres://...`
//! uses a fresh schema there.

use super::quantile;
use anyhow::Context;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use indicatif::{ProgressBar, ProgressStyle};
use sangam_domain::{AbuseLabel, MessageKind, NetworkKind, Role, Sentiment, now_millis};
use sangam_store::inbox::{self, Filter, NewMessage};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, workspaces};
use sangam_web::auth::tokens;
use sangam_web::observe::Observe;
use sangam_web::{AppState, WebConfig};
use std::time::{Duration, Instant};
use tower::ServiceExt;

pub struct Scale {
    pub messages: usize,
    pub clients: usize,
    pub seconds: u64,
    pub database: Option<String>,
}

/// Messages written per transaction while seeding.
const SEED_PAGE: usize = 1_000;

async fn open(database: &Option<String>) -> anyhow::Result<(Db, Option<std::path::PathBuf>)> {
    Ok(match database {
        Some(url) if url.starts_with("postgres") => (
            Db::connect_pg_schema(url, &sangam_store::fresh_schema_name()).await?,
            None,
        ),
        _ => {
            let (db, path) = super::inbound::fresh_db("inbox").await?;
            (db, Some(path))
        }
    })
}

/// The `i`th generated message: a mix of kinds, languages and sentiments, one in 20 abusive, one in 10 tagged, one
/// in 3 done, a few hidden, one a second back from `now`.
fn generated(i: usize, now: i64) -> NewMessage {
    const KINDS: [MessageKind; 5] = [
        MessageKind::Mention,
        MessageKind::Reply,
        MessageKind::Comment,
        MessageKind::DirectMessage,
        MessageKind::Quote,
    ];
    const SENTIMENTS: [Sentiment; 3] =
        [Sentiment::Positive, Sentiment::Neutral, Sentiment::Negative];
    let abusive = i % 20 == 7;
    NewMessage {
        remote_id: format!("bench-{i}"),
        kind: KINDS[i % KINDS.len()],
        author_handle: format!("person{}", i % 5_000),
        author_name: format!("Person {}", i % 5_000),
        author_followers: Some((i % 9_000) as i64),
        text: format!(
            "Message {i}: the order I placed last week has not arrived yet, could someone look into it? #{}",
            i % 97
        ),
        url: Some(format!("https://sandbox.invalid/m/{i}")),
        in_reply_to: None,
        conversation_id: format!("c{}", i / 3),
        received_at: now - i as i64 * 1_000,
        lang: if i.is_multiple_of(4) { "hi" } else { "en" }.into(),
        script: "latin".into(),
        sentiment_compound: 0.1,
        sentiment_label: SENTIMENTS[i % SENTIMENTS.len()],
        abusive,
        abuse_score: if abusive { 0.9 } else { 0.05 },
        abuse_labels: if abusive {
            vec![AbuseLabel::Insult]
        } else {
            vec![]
        },
        hidden: i % 50 == 3,
        done: i % 3 == 1,
        assigned_to: None,
        tags: if i.is_multiple_of(10) {
            vec![format!("topic-{}", i % 7)]
        } else {
            vec![]
        },
    }
}

/// The bare handler's state: the store, and whose inbox it reads.
#[derive(Clone)]
struct Bare {
    db: Db,
    workspace_id: i64,
    user_id: i64,
}

async fn bare_rows(bare: &Bare) -> Result<Vec<inbox::Message>, Response> {
    inbox::list(
        &bare.db,
        bare.workspace_id,
        bare.user_id,
        &Filter::default(),
        50,
    )
    .await
    .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response())
}

fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same 50 rows as a bare HTML list.
async fn bare_html(State(bare): State<Bare>) -> Response {
    match bare_rows(&bare).await {
        Ok(rows) => {
            let mut html = String::from("<!doctype html><ul>");
            for m in rows {
                html.push_str(&format!(
                    "<li id=\"m{}\"><b>{}</b> {} <i>{}</i> {}</li>",
                    m.id,
                    escaped(&m.author_name),
                    escaped(&m.text),
                    m.kind.as_str(),
                    m.received_at
                ));
            }
            html.push_str("</ul>");
            Html(html).into_response()
        }
        Err(e) => e,
    }
}

/// The same 50 rows as bare JSON.
async fn bare_json(State(bare): State<Bare>) -> Response {
    match bare_rows(&bare).await {
        Ok(rows) => axum::Json(rows).into_response(),
        Err(e) => e,
    }
}

/// What one target answered under load.
struct Measured {
    requests: usize,
    per_second: f64,
    p50_us: i64,
    p99_us: i64,
    bytes: usize,
}

/// `clients` tasks asking `router` for `path` back to back for `seconds`; any answer other than 200 stops the bench.
async fn load(
    router: &axum::Router,
    path: &str,
    token: &str,
    clients: usize,
    seconds: u64,
) -> anyhow::Result<Measured> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let router = router.clone();
        let path = path.to_string();
        let auth = format!("Bearer {token}");
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut bytes = 0;
            while Instant::now() < deadline {
                let request = Request::get(&path)
                    .header(header::AUTHORIZATION, &auth)
                    .header(header::HOST, "127.0.0.1")
                    .body(Body::empty())?;
                let t = Instant::now();
                let answer = router.clone().oneshot(request).await?;
                let status = answer.status();
                let body = axum::body::to_bytes(answer.into_body(), usize::MAX).await?;
                lat.push(t.elapsed().as_micros() as i64);
                anyhow::ensure!(status == StatusCode::OK, "{path} answered {status}");
                bytes = body.len();
            }
            anyhow::Ok((lat, bytes))
        }));
    }
    let mut all = Vec::new();
    let mut bytes = 0;
    for task in tasks {
        let (lat, b) = task.await??;
        all.extend(lat);
        bytes = b;
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    Ok(Measured {
        requests: all.len(),
        per_second: all.len() as f64 / elapsed.max(1e-9),
        p50_us: quantile(&all, 0.5),
        p99_us: quantile(&all, 0.99),
        bytes,
    })
}

/// This process's resident set size in KiB (Linux's /proc/self/status VmRSS), when it can be read.
pub fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub async fn run(s: Scale) -> anyhow::Result<()> {
    let (db, path) = open(&s.database).await?;
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let ws = workspaces::create(&db, "Bench", 0).await?;
    let user = users::create(
        &db,
        NewUser {
            workspace_id: ws.id,
            email: "bench@bench.invalid",
            name: "Bench",
            password_hash: "x",
            role: Role::Admin,
        },
        0,
    )
    .await?;
    let token = tokens::generate();
    users::create_token(&db, user.id, "bench", &tokens::digest(&token), 0).await?;
    let new = NewProfile {
        workspace_id: ws.id,
        network: NetworkKind::Sandbox,
        handle: "bench",
        display_name: "Bench",
        credentials: &serde_json::json!({}),
    };
    let profile = profiles::create(&db, &secrets, new, 0).await?;

    let bar = ProgressBar::new(s.messages as u64).with_style(ProgressStyle::with_template(
        "seeding {bar:40} {pos}/{len} messages ({per_sec}, {eta} left)",
    )?);
    let now = now_millis();
    let seeded = Instant::now();
    let mut from = 0;
    while from < s.messages {
        let to = (from + SEED_PAGE).min(s.messages);
        let page: Vec<NewMessage> = (from..to).map(|i| generated(i, now)).collect();
        inbox::ingest_page(&db, ws.id, profile.id, &page, None, now)
            .await
            .context("seeding messages")?;
        bar.inc((to - from) as u64);
        from = to;
    }
    bar.finish_and_clear();
    println!(
        "seeded {} messages in {:.1} s ({:?})",
        s.messages,
        seeded.elapsed().as_secs_f64(),
        db.kind()
    );

    let state = AppState::new(db.clone(), secrets, WebConfig::default(), Observe::new());
    let real = sangam_web::routes::make_app(state);
    let bare = axum::Router::new()
        .route("/bare", axum::routing::get(bare_html))
        .route("/bare.json", axum::routing::get(bare_json))
        .with_state(Bare {
            db: db.clone(),
            workspace_id: ws.id,
            user_id: user.id,
        });
    // One request of each first, so no run pays for the first connections and prepared statements.
    for (router, target) in [
        (&real, "/inbox"),
        (&real, "/api/v1/inbox"),
        (&bare, "/bare"),
        (&bare, "/bare.json"),
    ] {
        load(router, target, &token, 1, 1).await?;
    }
    println!(
        "{} clients for {} s each, in-process (no sockets)",
        s.clients, s.seconds
    );
    let mut results = Vec::new();
    for (name, router, target) in [
        ("inbox page (real router)", &real, "/inbox"),
        ("bare handler, same 50 rows as HTML", &bare, "/bare"),
        ("inbox API (real router)", &real, "/api/v1/inbox"),
        ("bare handler, same 50 rows as JSON", &bare, "/bare.json"),
    ] {
        let m = load(router, target, &token, s.clients, s.seconds).await?;
        println!(
            "{name:<36} {:>7} requests {:>8.0} req/s  p50 {:>6.1} ms  p99 {:>6.1} ms  {:>7} bytes",
            m.requests,
            m.per_second,
            m.p50_us as f64 / 1000.0,
            m.p99_us as f64 / 1000.0,
            m.bytes
        );
        results.push(m);
    }
    println!(
        "ratio page / bare HTML throughput: {:.3}",
        results[0].per_second / results[1].per_second.max(1e-9)
    );
    println!(
        "ratio API / bare JSON throughput: {:.3}",
        results[2].per_second / results[3].per_second.max(1e-9)
    );
    if let Some(kib) = rss_kib() {
        println!(
            "resident memory after the load (VmRSS): {:.1} MB",
            kib as f64 / 1024.0
        );
    }
    db.close().await;
    if let Some(path) = path {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(())
}
