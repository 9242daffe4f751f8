//! Listening through the product: a topic's posts come from the network's search, are stored once, and a spike in
//! the sandbox's simulated chatter raises one alert however many polls see it.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use crate::support::peers::{DevEnv, bsky_create, bsky_login, bsky_post};
use reqwest::StatusCode;
use sangam_domain::{NetworkKind, Role};
use sangam_engine::listening::{Heard, Listening};
use sangam_networks::listen::Listeners;
use sangam_networks::sandbox::{ManualClock, SandboxConfig, is_spike_hour};
use sangam_store::listening::{self, TopicFields, Voice};
use sangam_store::{Sql, notifications};
use serde_json::{Value, json};

const HOUR: i64 = 3_600_000;

/// A word and an hour in the coming fortnight that is a spike of its chatter with no spike in the 26 hours before it
/// (so the normal it is judged against is calm).
fn calm_then_spike(seed: u64, now: i64) -> (String, i64) {
    for word in [
        "acme", "chai", "globex", "initech", "umbrella", "hooli", "stark", "wayne",
    ] {
        let search = &sangam_text::topic_query::parse(word)
            .expect("query")
            .searches()[0];
        let first = (now / HOUR + 2) * HOUR;
        for h in 0..14 * 24 {
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
    // The engine's own runs are off: they would judge the real hour against chatter heard on the test's clock.
    let app = TestApp::start_tuned(
        db,
        SandboxConfig::seeded(7).with_clock(clock.clone()),
        Default::default(),
        |c| c.listen_every_ms = 0,
    )
    .await;
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
    // A webhook subscribed to spikes (to an address nobody answers: only the recorded event is looked at).
    let secret = app.secrets.seal("whsec_test");
    sangam_store::webhooks::create(
        &app.db,
        sangam_store::webhooks::NewWebhook {
            workspace_id: app.workspace_id,
            url: "https://hooks.example.invalid/spikes",
            description: "spikes",
            events: &[sangam_domain::webhook::EventType::ListeningSpike],
            sealed_secret: &secret,
            created_by: admin_id,
        },
        0,
    )
    .await
    .expect("webhook");
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

    let (events,): (i64,) = app
        .db
        .fetch_one(Sql::new(
            "SELECT COUNT(*) FROM webhook_events WHERE event_type = 'listening.spike'",
        ))
        .await
        .expect("events");
    assert_eq!(events, 1, "one listening.spike event for the spike");

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

/// Runs every topic of the app now against the sandbox (the engine also does, every few minutes).
async fn listen_now(app: &TestApp) -> Heard {
    let listeners = Listeners::default().with(app.sandbox.clone());
    let listening = Listening {
        db: &app.db,
        listeners: &listeners,
        text: &app.text,
        mailer: None,
        public_url: "",
    };
    let mut heard = Heard::default();
    for topic in listening::list(&app.db, app.workspace_id)
        .await
        .expect("topics")
    {
        // Enough runs to finish the two days' back-fill.
        for _ in 0..3 {
            listening
                .listen(&topic, sangam_domain::now_millis(), &mut heard)
                .await
                .expect("listen");
        }
    }
    heard
}

#[tokio::test]
async fn topics_their_posts_and_share_of_voice_through_the_api_pages_and_csv() {
    let app = TestApp::start().await;
    let token = app.token(Role::Member).await;
    let viewer = app.token(Role::Viewer).await;
    let add = |token: String, body: Value| {
        let url = app.url("/api/v1/topics");
        async move {
            client()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("post")
        }
    };
    // A bad query is refused with what is wrong and where.
    let r = add(
        token.clone(),
        json!({"name": "Acme", "query": "acme \"new phone", "networks": ["sandbox"]}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["error"], "topic_query_unbalanced_quote");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("character 6"),
        "{body}"
    );
    let r = add(
        token.clone(),
        json!({"name": "Acme", "query": "acme NOT", "networks": ["sandbox"]}),
    )
    .await;
    assert_eq!(
        r.json::<Value>().await.expect("json")["error"],
        "topic_query_empty_not"
    );
    let r = add(
        viewer.clone(),
        json!({"name": "Acme", "query": "acme", "networks": ["sandbox"]}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = add(token.clone(), json!({"name": "Acme", "query": "acme OR #acmefans", "networks": ["sandbox"], "voice": "ours"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let ours: Value = r.json().await.expect("json");
    let r = add(token.clone(), json!({"name": "Globex watch", "query": "globex", "networks": ["sandbox"], "voice": "competitor", "competitor": "Globex"})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let rival: Value = r.json().await.expect("json");
    let heard = listen_now(&app).await;
    assert!(heard.stored > 0, "{heard:?}");

    // The topic's figures count what is stored; its page shows the posts.
    let id = ours["id"].as_i64().expect("id");
    let figures: Value = client()
        .get(app.url(&format!("/api/v1/topics/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("figures")
        .json()
        .await
        .expect("json");
    let tz_day_start = figures["from"].as_i64().expect("from");
    let (stored,): (i64,) = app
        .db
        .fetch_one(
            Sql::new("SELECT COUNT(*) FROM listened_posts WHERE topic_id = $1 AND posted_at >= $2")
                .bind(id)
                .bind(tz_day_start),
        )
        .await
        .expect("count");
    assert_eq!(figures["posts"].as_i64(), Some(stored));
    let top_author = figures["top_authors"][0]["key"]
        .as_str()
        .expect("an author")
        .to_string();
    let by_author: Vec<Value> = client()
        .get(app.url(&format!("/api/v1/topics/{id}/posts?author={top_author}")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("posts")
        .json()
        .await
        .expect("json");
    assert_eq!(
        by_author.len() as i64,
        figures["top_authors"][0]["posts"].as_i64().expect("count"),
        "the figure links to exactly its posts"
    );
    let browser = app.signed_in(Role::Viewer).await;
    let html = browser
        .get(app.url(&format!("/listening/topics/{id}?author={top_author}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains(&top_author),
        "the topic page lists the author's posts"
    );
    assert!(html.contains("1.4826"), "the page states the spike method");

    // Share of voice recomputed from the raw rows: ours / (ours + Globex) on the same networks and period.
    let sov: Value = client()
        .get(app.url("/api/v1/share-of-voice"))
        .bearer_auth(&viewer)
        .send()
        .await
        .expect("sov")
        .json()
        .await
        .expect("json");
    let from = sov["from"].as_i64().expect("from");
    let count = |topic: i64| {
        let db = app.db.clone();
        async move {
            let (n,): (i64,) = db
                .fetch_one(
                    Sql::new("SELECT COUNT(*) FROM listened_posts WHERE topic_id = $1 AND posted_at >= $2 AND network = 'sandbox'")
                        .bind(topic)
                        .bind(from),
                )
                .await
                .expect("count");
            n
        }
    };
    let (o, c) = (
        count(id).await,
        count(rival["id"].as_i64().expect("id")).await,
    );
    assert!(o > 0 && c > 0);
    assert_eq!(sov["our_mentions"].as_i64(), Some(o));
    assert_eq!(sov["denominator"].as_i64(), Some(o + c));
    let share = sov["share_of_voice"]["value"].as_f64().expect("share");
    assert!(
        (share - o as f64 / (o + c) as f64 * 100.0).abs() < 1e-9,
        "{sov}"
    );
    assert!(
        sov["formula"]
            .as_str()
            .unwrap_or_default()
            .contains("our mentions")
    );
    let csv = browser
        .get(app.url("/listening/share-of-voice.csv"))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("Globex"), "{csv}");
    assert!(csv.contains(&format!("{share:.4}")), "{csv}");
    let print = browser
        .get(app.url("/listening/share-of-voice/print"))
        .send()
        .await
        .expect("print");
    assert_eq!(print.status(), StatusCode::OK);
}

/// Posts on the Bluesky peer by another account that match a topic appear in the topic's API and page, found by the
/// engine's own listen job through `app.bsky.feed.searchPosts` on the peer's AppView; a post that does not match
/// stays out.
#[tokio::test(flavor = "multi_thread")]
async fn posts_matching_a_topic_on_the_bluesky_peer_appear_in_the_topic() {
    let Some(mut env) = DevEnv::start().await else {
        return;
    };
    let pds = env.pds();
    let alice = env.account("alice");
    let bob = env.account("bob");
    let alice_token = bsky_login(&pds, &alice).await;
    let bob_token = bsky_login(&pds, &bob).await;
    let said = "Trying the new chaiwala masala blend today, so good";
    bsky_create(
        &pds,
        &alice_token,
        &alice.did,
        "app.bsky.feed.post",
        bsky_post(said, &[]),
    )
    .await;
    // Matches the search's word but the query leaves refunds out.
    let left_out = "chaiwala refund still not here";
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        "app.bsky.feed.post",
        bsky_post(left_out, &[]),
    )
    .await;
    env.process().await;

    let db = sangam_store::testing::sqlite().await.expect("db");
    let web = sangam_web::WebConfig {
        network_http: sangam_networks::http::HttpConfig::loopback_for_tests(),
        ..sangam_web::WebConfig::default()
    };
    let appview = env.appview();
    let app = TestApp::start_tuned(db, SandboxConfig::seeded(7), web, |c| {
        c.listen_every_ms = 1_000;
        c.listen_bluesky_appview = appview;
    })
    .await;
    let token = app.token(Role::Member).await;
    let r = client()
        .post(app.url("/api/v1/topics"))
        .bearer_auth(&token)
        .json(&json!({"name": "Chaiwala", "query": "chaiwala -refund", "networks": ["bluesky"], "voice": "ours"}))
        .send()
        .await
        .expect("topic");
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let url = app.url(&format!("/api/v1/topics/{id}/posts"));
    let mut found = Vec::new();
    for _ in 0..600 {
        found = client()
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("posts")
            .json::<Vec<Value>>()
            .await
            .expect("json");
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["text"], said);
    assert_eq!(found[0]["author_handle"], alice.handle.as_str());
    assert_eq!(found[0]["network"], "bluesky");
    assert!(
        found[0]["remote_id"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&format!("at://{}", alice.did))
    );
    let page = app
        .signed_in(Role::Viewer)
        .await
        .get(app.url(&format!("/listening/topics/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains(said), "the topic page shows the post");
    assert!(!page.contains(left_out));
    env.stop().await;
}

/// A Member adds a topic in the browser: a bad query is answered with where it goes wrong and what was typed stays;
/// a good one opens the topic's page, which fills with what the sandbox's chatter said once the topic is heard, and
/// each top author links to that author's posts.
#[tokio::test(flavor = "multi_thread")]
async fn a_member_adds_a_topic_in_the_browser_and_follows_a_figure_to_its_posts() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    let email = app.person(Role::Member).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
    browser.goto(&app.url("/listening")).await;
    browser.wait_for("#topics-empty").await;
    browser.fill("#topic-name", "Chai").await;
    browser
        .fill("#topic-query", "chai AND (masala OR tea")
        .await;
    browser.click("#topic-add-button").await;
    // The parenthesis opened at character 10 is never closed.
    browser.wait_for_text("#topic-error", "character 10").await;
    let kept = browser
        .wait_for("#topic-query")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(kept.as_deref(), Some("chai AND (masala OR tea"));
    browser.fill("#topic-query", "chai OR #chaitime").await;
    browser.click("#topic-add-button").await;
    browser.wait_for_text("#topic-name", "Chai").await;
    listen_now(&app).await;
    browser.goto(&browser.url().await).await;
    let author = browser.wait_for("#top-authors a").await;
    let who = author.text().await.expect("author");
    author.click().await.expect("click");
    browser.wait_for_text("#topic-posts", &who).await;
    browser
        .screenshot("target/screens/listening-topic.png")
        .await;
    browser.close().await;
}
