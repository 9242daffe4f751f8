//! `sangam bench inbound`: the inbound pipeline (fetch from the sandbox, analyse, apply rules, store with the cursor)
//! against a fair baseline, on SQLite, in one run: the same rows as one multi-row INSERT per page of 50, in a
//! transaction per page, into a fresh database's `messages` table with the same indexes and triggers. Also prints what
//! the pipeline's parts cost alone (fetching the pages, analysing the texts), so that a slow figure says where the time
//! went, and the process's resident memory after the load.

use anyhow::Context;
use sangam_domain::{NetworkKind, now_millis};
use sangam_engine::ingester::Ingester;
use sangam_engine::{Networks, TextModel};
use sangam_networks::sandbox::{ManualClock, Sandbox, SandboxConfig};
use sangam_networks::{Account, Network};
use sangam_store::inbox::{self, Filter, NewMessage};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, workspaces};
use std::sync::Arc;
use std::time::Instant;

pub async fn fresh_db(tag: &str) -> anyhow::Result<(Db, std::path::PathBuf)> {
    let path =
        std::env::temp_dir().join(format!("sangam-bench-{tag}-{}.db", rand::random::<u64>()));
    let db = Db::connect_sqlite(&path.to_string_lossy()).await?;
    db.migrate().await?;
    Ok((db, path))
}

pub async fn run(messages: usize) -> anyhow::Result<()> {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let (db, path) = fresh_db("pipeline").await?;
    let ws = workspaces::create(&db, "Bench", 0).await?;
    let new = NewProfile {
        workspace_id: ws.id,
        network: NetworkKind::Sandbox,
        handle: "bench",
        display_name: "Bench",
        credentials: &serde_json::json!({}),
    };
    let profile = profiles::create(&db, &secrets, new, 0).await?;
    // One message a second, with enough history that the first fetch reaches back over all of them.
    let now = now_millis();
    let mut config = SandboxConfig::seeded(3).with_clock(ManualClock::at(now));
    config.messages_per_hour = 3600.0;
    config.inbox_history_ms = messages as i64 * 1000;
    let fetch_alone = Sandbox::in_memory(config.clone()).await?;
    let sandbox: Arc<dyn Network> = Arc::new(Sandbox::in_memory(config).await?);
    let networks = Networks::default().with(sandbox);
    let text = TextModel::default();
    text.analyze("warm up the analyser before the clock starts");
    let ingester = Ingester {
        db: &db,
        secrets: &secrets,
        networks: &networks,
        text: &text,
    };

    let cpu_before = super::cpu_secs();
    let started = Instant::now();
    let mut stored = 0;
    loop {
        let n = ingester.ingest(&profile).await.context("ingesting")?;
        stored += n.stored;
        if n.fetched == 0 {
            break;
        }
    }
    let pipeline = started.elapsed().as_secs_f64();
    let pipeline_cpu = super::cpu_used(cpu_before);

    // The same rows, already analysed, inserted in pages of 50 (the sandbox's page size) without any other work.
    let rows: Vec<NewMessage> = inbox::list(&db, ws.id, 0, &Filter::default(), i64::MAX)
        .await?
        .into_iter()
        .rev()
        .map(|m| NewMessage {
            done: m.is_done(),
            remote_id: m.remote_id,
            kind: m.kind,
            author_handle: m.author_handle,
            author_name: m.author_name,
            author_followers: m.author_followers,
            text: m.text,
            url: m.url,
            in_reply_to: m.in_reply_to,
            conversation_id: m.conversation_id,
            received_at: m.received_at,
            lang: m.lang,
            script: m.script,
            sentiment_compound: m.sentiment_compound,
            sentiment_label: m.sentiment_label,
            abusive: m.abusive,
            abuse_score: m.abuse_score,
            abuse_labels: m.abuse_labels,
            hidden: m.hidden,
            assigned_to: None,
            tags: vec![],
        })
        .collect();
    let (bare_db, bare_path) = fresh_db("bare").await?;
    let bare_ws = workspaces::create(&bare_db, "Bench", 0).await?;
    let new = NewProfile {
        workspace_id: bare_ws.id,
        network: NetworkKind::Sandbox,
        handle: "bench",
        display_name: "Bench",
        credentials: &serde_json::json!({}),
    };
    let bare_profile = profiles::create(&bare_db, &secrets, new, 0).await?;
    let cpu_before_bare = super::cpu_secs();
    let started = Instant::now();
    let mut inserted = 0;
    for chunk in rows.chunks(50) {
        inserted += inbox::insert_batch(&bare_db, bare_ws.id, bare_profile.id, chunk, now).await?;
    }
    let bare = started.elapsed().as_secs_f64();
    let bare_cpu = super::cpu_used(cpu_before_bare);

    let fetching = fetch_all(&fetch_alone, &profile.handle).await?;

    let started = Instant::now();
    let analysed = text.analyze_all(rows.iter().map(|r| r.text.as_str())).len();
    let analysis = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for r in &rows {
        text.analyze(&r.text);
    }
    let analysis_one = started.elapsed().as_secs_f64();
    let cores = super::cores();

    let rate = |n: usize, s: f64| n as f64 / s.max(1e-9);
    println!(
        "pipeline, per page of 50: fetch from the sandbox; analysis on one thread of the blocking pool (the next \
         page's while this one is stored); one look-up of stored ids, parents' threads and mutes; rules and shield \
         routing; then one transaction: the multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING ids (asking in it \
         whether a webhook listens) with the cursor's upsert, tags and webhook events where there are any"
    );
    println!(
        "baseline, per page of 50: the same rows and columns, already analysed and routed, as one multi-row INSERT in \
         one transaction (BEGIN IMMEDIATE, INSERT, COMMIT), into a fresh database with the same indexes and triggers; \
         no look-up, no RETURNING, no cursor"
    );
    println!(
        "inbound pipeline (fetch, analyse, rules, store+cursor): {stored} messages in {pipeline:.2} s = {:.0} \
         msg/s; {}",
        rate(stored, pipeline),
        super::cpu_line(pipeline_cpu, pipeline)
    );
    println!(
        "fair baseline (one multi-row INSERT per page of 50, a transaction each): {inserted} rows in {bare:.2} s = \
         {:.0} rows/s; {}",
        rate(inserted, bare),
        super::cpu_line(bare_cpu, bare)
    );
    println!(
        "ratio pipeline / fair baseline: {:.3}",
        rate(stored, pipeline) / rate(inserted, bare)
    );
    println!(
        "  parts alone: fetching the pages from the sandbox {} messages in {:.2} s = {:.0} msg/s",
        fetching.0,
        fetching.1,
        rate(fetching.0, fetching.1)
    );
    println!(
        "  parts alone: analysis on {cores} core(s) {analysed} texts in {analysis:.2} s = {:.0} texts/s; on one core {:.0} texts/s",
        rate(analysed, analysis),
        rate(rows.len(), analysis_one)
    );
    match super::inbox::rss_kib() {
        Some(kib) => println!("resident memory after the load: {} MB", kib / 1024),
        None => println!("resident memory after the load: not readable here"),
    }
    db.close().await;
    bare_db.close().await;
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(bare_path);
    Ok(())
}

/// Reads every page of the handle's stream from the start, as the ingester does, and does nothing with them: how
/// many messages, and the seconds it took.
async fn fetch_all(sandbox: &Sandbox, handle: &str) -> anyhow::Result<(usize, f64)> {
    let account = Account {
        profile_id: 0,
        handle: handle.to_string(),
        credentials: serde_json::json!({}),
    };
    let started = Instant::now();
    let (mut cursor, mut fetched) = (None::<String>, 0);
    loop {
        let page = sandbox.inbound(&account, cursor.as_deref()).await?;
        fetched += page.messages.len();
        if page.next_cursor.is_some() {
            cursor = page.next_cursor;
        }
        if !page.more || page.messages.is_empty() {
            break;
        }
    }
    Ok((fetched, started.elapsed().as_secs_f64()))
}
