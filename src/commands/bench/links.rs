//! `sangam bench links`: the short-link redirect under load. C clients (each its own address and browser, so every
//! click is a person's and counted) follow `/l/{code}` on the real router (every middleware, the bot check, the
//! day's salt, the visitor hash, the click queued for the batched writer), in-process, against a bare axum handler
//! that answers the same 302 from an in-memory map and counts nothing. Prints requests per second, p50 and p99 and
//! the real/bare ratios, then checks that every counted click reached the database.

use super::quantile;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sangam_domain::NetworkKind;
use sangam_store::links::{self, NewShortLink};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, Sql, workspaces};
use sangam_web::observe::Observe;
use sangam_web::{AppState, WebConfig};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Links in the workspace; the clients spread over them.
const LINKS: usize = 100;

struct Measured {
    requests: usize,
    per_second: f64,
    p50_us: i64,
    p99_us: i64,
}

async fn bare(
    State(map): State<Arc<HashMap<String, String>>>,
    Path(code): Path<String>,
) -> Response {
    match map.get(&code) {
        Some(to) => (StatusCode::FOUND, [(header::LOCATION, to.clone())]).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn load(
    router: &axum::Router,
    codes: &[String],
    clients: usize,
    seconds: u64,
) -> anyhow::Result<Measured> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let router = router.clone();
        let codes = codes.to_vec();
        tasks.push(tokio::spawn(async move {
            let address: SocketAddr =
                ([10, 0, (client / 250) as u8, (client % 250) as u8], 40_000).into();
            let agent =
                format!("Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.{client}.0 Safari/537.36");
            let mut lat = Vec::new();
            let mut i = client;
            while Instant::now() < deadline {
                let code = &codes[i % codes.len()];
                i += 1;
                let mut request = Request::get(format!("/l/{code}"))
                    .header(header::USER_AGENT, &agent)
                    .header(header::HOST, "127.0.0.1")
                    .body(Body::empty())?;
                request.extensions_mut().insert(ConnectInfo(address));
                let t = Instant::now();
                let answer = router.clone().oneshot(request).await?;
                let status = answer.status();
                let _ = axum::body::to_bytes(answer.into_body(), usize::MAX).await?;
                lat.push(t.elapsed().as_micros() as i64);
                anyhow::ensure!(status == StatusCode::FOUND, "/l/{code} answered {status}");
            }
            anyhow::Ok(lat)
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    Ok(Measured {
        requests: all.len(),
        per_second: all.len() as f64 / elapsed.max(1e-9),
        p50_us: quantile(&all, 0.5),
        p99_us: quantile(&all, 0.99),
    })
}

async fn counted(db: &Db) -> anyhow::Result<i64> {
    let (n,): (i64,) = db
        .fetch_one(Sql::new("SELECT COUNT(*) FROM link_clicks"))
        .await?;
    Ok(n)
}

pub async fn run(clients: usize, seconds: u64) -> anyhow::Result<()> {
    let (db, path) = super::inbound::fresh_db("links").await?;
    let ws = workspaces::create(&db, "Bench", 0).await?;
    let mut map = HashMap::new();
    let mut codes = Vec::new();
    for i in 0..LINKS {
        let code = format!("bnch{:04}", i)
            .replace('0', "a")
            .replace('1', "b")
            .replace('l', "L");
        let destination =
            format!("https://cafe.example/menu/{i}?utm_source=sandbox&utm_medium=social");
        links::create(
            &db,
            NewShortLink {
                workspace_id: ws.id,
                code: &code,
                destination: &destination,
                network: Some(NetworkKind::Sandbox),
                profile_id: None,
                campaign: "bench",
                created_by: None,
            },
            0,
        )
        .await?;
        map.insert(code.clone(), destination);
        codes.push(code);
    }
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let state = AppState::new(db.clone(), secrets, WebConfig::default(), Observe::new());
    let real = sangam_web::routes::make_app(state);
    let bare = axum::Router::new()
        .route("/l/{code}", axum::routing::get(bare))
        .with_state(Arc::new(map));
    load(&real, &codes, 1, 1).await?;
    load(&bare, &codes, 1, 1).await?;
    let warm = counted(&db).await?;
    println!(
        "{clients} clients for {seconds} s each, in-process (no sockets), {LINKS} links, SQLite"
    );
    let mut results = Vec::new();
    for (name, router) in [
        ("redirect (real router, counted)", &real),
        ("bare axum 302 from memory", &bare),
    ] {
        let m = load(router, &codes, clients, seconds).await?;
        println!(
            "{name:<32} {:>8} requests {:>9.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms",
            m.requests,
            m.per_second,
            m.p50_us as f64 / 1000.0,
            m.p99_us as f64 / 1000.0,
        );
        results.push(m);
    }
    println!(
        "ratio real / bare: throughput {:.3}, p50 {:.2}x, p99 {:.2}x",
        results[0].per_second / results[1].per_second.max(1e-9),
        results[0].p50_us as f64 / results[1].p50_us.max(1) as f64,
        results[0].p99_us as f64 / results[1].p99_us.max(1) as f64,
    );
    // Every counted click reaches the database (the writer batches behind the redirect).
    let expected = warm + results[0].requests as i64;
    let waited = Instant::now();
    while counted(&db).await? < expected && waited.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stored = counted(&db).await?;
    println!(
        "clicks stored: {} of {} ({:.1} s after the load ended)",
        stored - warm,
        results[0].requests,
        waited.elapsed().as_secs_f64()
    );
    db.close().await;
    let _ = std::fs::remove_file(&path);
    Ok(())
}
