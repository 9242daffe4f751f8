//! `sangam bench listening`: the listening pipeline (search the sandbox's simulated chatter page by page, match each
//! post with the topic's query, analyse it, store it once with the cursor) against a bare insert of the same rows in
//! pages of 50 through the same store call, on SQLite, in one run. Prints throughputs and their ratio.

use super::inbound::fresh_db;
use anyhow::Context;
use sangam_domain::{NetworkKind, now_millis};
use sangam_engine::TextModel;
use sangam_engine::listening::{Heard, Listening};
use sangam_networks::listen::Listeners;
use sangam_networks::sandbox::{ManualClock, Sandbox, SandboxConfig};
use sangam_store::listening::{self, NewListenedPost, PostFilter, TopicFields, Voice};
use sangam_store::workspaces;
use std::sync::Arc;
use std::time::Instant;

/// Brand words the topics listen for, one topic each (the sandbox's chatter is per search).
const WORDS: [&str; 20] = [
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "wonka",
    "tyrell",
    "cyberdyne",
    "soylent",
    "gringotts",
    "monarch",
    "oscorp",
    "vandelay",
    "dunder",
    "pied",
    "nakatomi",
    "weyland",
    "zorg",
];

pub async fn run(topics: usize) -> anyhow::Result<()> {
    let topics = topics.clamp(1, WORDS.len());
    let (db, path) = fresh_db("listening").await?;
    let ws = workspaces::create(&db, "Bench", 0).await?;
    let now = now_millis();
    let sandbox = Arc::new(
        Sandbox::in_memory(SandboxConfig::seeded(3).with_clock(ManualClock::at(now))).await?,
    );
    let listeners = Listeners::default().with(sandbox);
    let text = TextModel::default();
    text.analyze("warm up the analyser before the clock starts");
    let listening = Listening {
        db: &db,
        listeners: &listeners,
        text: &text,
        mailer: None,
        public_url: "",
    };
    let mut made = Vec::new();
    for word in &WORDS[..topics] {
        let fields = TopicFields {
            name: word,
            query: &format!("{word} OR #{word}fans"),
            networks: &[NetworkKind::Sandbox],
            voice: Voice::None,
            competitor: "",
            paused: false,
        };
        made.push(listening::create(&db, ws.id, &fields, None, now).await?);
    }

    let started = Instant::now();
    let mut heard = Heard::default();
    for topic in &made {
        // Each run reads up to ten pages per search; the two days of chatter take a few runs.
        loop {
            let before = heard.stored;
            listening
                .listen(topic, now, &mut heard)
                .await
                .context("listening")?;
            if heard.stored == before {
                break;
            }
        }
    }
    let pipeline = started.elapsed().as_secs_f64();

    // The same rows, already matched and analysed, stored in pages of 50 into a fresh database.
    let (bare_db, bare_path) = fresh_db("listening-bare").await?;
    let bare_ws = workspaces::create(&bare_db, "Bench", 0).await?;
    let mut pages: Vec<(listening::Topic, Vec<NewListenedPost>)> = Vec::new();
    for topic in &made {
        let rows = listening::posts(&db, topic.id, &PostFilter::default(), i64::MAX).await?;
        let fields = TopicFields {
            name: &topic.name,
            query: &topic.query,
            networks: &[NetworkKind::Sandbox],
            voice: Voice::None,
            competitor: "",
            paused: false,
        };
        let bare_topic = listening::create(&bare_db, bare_ws.id, &fields, None, now).await?;
        let rows = rows
            .into_iter()
            .map(|p| NewListenedPost {
                network: p.network,
                remote_id: p.remote_id,
                author_handle: p.author_handle,
                author_name: p.author_name,
                text: p.text,
                url: p.url,
                posted_at: p.posted_at,
                script: "Latn".into(),
                lang: p.lang,
                sentiment_compound: p.sentiment_compound,
                sentiment_label: p.sentiment_label,
                abusive: p.abusive,
                abuse_score: p.abuse_score,
            })
            .collect();
        pages.push((bare_topic, rows));
    }
    let started = Instant::now();
    let mut inserted = 0;
    for (topic, rows) in &pages {
        for chunk in rows.chunks(50) {
            inserted += listening::store_page(&bare_db, topic, "sandbox:0", chunk, None, now)
                .await?
                .len();
        }
    }
    let bare = started.elapsed().as_secs_f64();

    let rate = |n: usize, s: f64| n as f64 / s.max(1e-9);
    println!(
        "listening pipeline ({topics} topics: search pages, match, analyse, store once + cursor): {} posts stored of {} fetched in {pipeline:.2} s = {:.0} posts/s",
        heard.stored,
        heard.fetched,
        rate(heard.stored, pipeline)
    );
    println!(
        "bare insert of the same rows (50 per transaction, same store call): {inserted} rows in {bare:.2} s = {:.0} rows/s",
        rate(inserted, bare)
    );
    println!(
        "ratio pipeline / bare insert throughput: {:.3}",
        rate(heard.stored, pipeline) / rate(inserted, bare)
    );
    db.close().await;
    bare_db.close().await;
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(bare_path);
    Ok(())
}
