//! Listening through the product: a topic's posts come from the network's search, are stored once, and a spike in
//! the sandbox's simulated chatter raises one alert however many polls see it.

use crate::support::app::TestApp;
use sangam_domain::{NetworkKind, Role};
use sangam_engine::listening::{Heard, Listening};
use sangam_networks::listen::Listeners;
use sangam_networks::sandbox::{ManualClock, SandboxConfig, is_spike_hour};
use sangam_store::listening::{self, TopicFields, Voice};
use sangam_store::{Sql, notifications};
use std::sync::Arc;

const HOUR: i64 = 3_600_000;

/// A word and an hour between 2 and 24 hours from now that is a spike of its chatter with no spike in the 26 hours
/// before it (so the normal it is judged against is calm, and the engine's own runs, judged at the real hour, meet no
/// spike of their own).
fn calm_then_spike(seed: u64, now: i64) -> (String, i64) {
    for word in [
        "acme", "chai", "globex", "initech", "umbrella", "hooli", "stark", "wayne",
    ] {
        let search = &sangam_text::topic_query::parse(word)
            .expect("query")
            .searches()[0];
        let first = (now / HOUR + 2) * HOUR;
        for h in 0..22 {
            let hour = first + h * HOUR;
            let calm = (1..=26).all(|back| !is_spike_hour(seed, search, hour - back * HOUR));
            if is_spike_hour(seed, search, hour) && calm {
                return (word.to_string(), hour);
            }
        }
    }
    panic!("no calm spike hour for seed {seed}");
}

#[tokio::test]
async fn a_spike_in_the_sandbox_raises_one_alert_not_one_per_poll() {
    let (word, spike_hour) = calm_then_spike(7, sangam_domain::now_millis());
    let clock = ManualClock::at(spike_hour + 30 * 60_000);
    let db = sangam_store::testing::sqlite().await.expect("db");
    let app = TestApp::start_on(db, SandboxConfig::seeded(7).with_clock(clock.clone())).await;
    let admin = app.person(Role::Admin).await;
    let (admin_id,): (i64,) = app
        .db
        .fetch_one(Sql::new("SELECT id FROM users WHERE email = $1").bind(admin))
        .await
        .expect("admin");
    let topic = listening::create(
        &app.db,
        app.workspace_id,
        &TopicFields {
            name: &word,
            query: &word,
            networks: &[NetworkKind::Sandbox],
            voice: Voice::Ours,
            competitor: "",
            paused: false,
        },
        None,
        0,
    )
    .await
    .expect("topic");
    let listeners = Listeners::default().with(app.sandbox.clone());
    let listening = Listening {
        db: &app.db,
        listeners: &listeners,
        text: &app.text,
        mailer: None,
        public_url: "",
    };
    let mut heard = Heard::default();
    // The back-fill takes a few runs (ten pages each); every run also judges the hour.
    for minute in [30, 31, 32, 33, 40, 50, 59] {
        clock.set(spike_hour + minute * 60_000);
        listening
            .listen(&topic, spike_hour + minute * 60_000, &mut heard)
            .await
            .expect("listen");
    }
    let alerts: Vec<_> = notifications::recent(&app.db, admin_id, 100)
        .await
        .expect("notifications")
        .into_iter()
        .filter(|n| n.kind == "listening_spike")
        .collect();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let spikes = listening::spikes(&app.db, topic.id, 10)
        .await
        .expect("spikes");
    assert!(
        spikes.iter().any(|s| s.window_start == spike_hour),
        "{spikes:?}"
    );
    assert!(
        spikes
            .iter()
            .any(|s| alerts[0].link == format!("/listening/topics/{}?spike={}", topic.id, s.id)),
        "the alert links to the posts of the spike"
    );
    assert!(alerts[0].message.contains(&word));

    // Each chatter post is stored once, however many runs and pages met it.
    let (rows, distinct): (i64, i64) = app
        .db
        .fetch_one(
            Sql::new("SELECT COUNT(*), COUNT(DISTINCT remote_id) FROM listened_posts WHERE topic_id = $1")
                .bind(topic.id),
        )
        .await
        .expect("count");
    assert_eq!(rows, distinct);
    assert!(rows > 100, "two days of chatter were heard: {rows}");
}
