//! The audience through the product: the sandbox's people like, repost and quote a published post, and the engine's
//! audience collection turns them into engagers that the Audience page, its CSV and the API show, each count equal to
//! the network's own; target segments are the team's to define and Viewers' to read; the page in a browser; and on
//! the Bluesky peer, a second account's like, repost and reply make it an engager with the language it wrote in.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use crate::support::peers::{self, DevEnv, bsky_create, bsky_login, bsky_post, bsky_records};
use crate::support::process::Setup;
use sangam_domain::{DeliveryState, Role, now_millis};
use sangam_engine::Networks;
use sangam_engine::audience::AudienceCollector;
use sangam_networks::Network;
use sangam_networks::sandbox::{ManualClock, SandboxConfig};
use sangam_store::posts::{self, NewPost};
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, testing, workspaces};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const DAY: i64 = 86_400_000;

/// A sandbox whose clock the test moves: three days ago, when the post goes out.
async fn app_with_clock() -> (TestApp, Arc<ManualClock>) {
    app_with_clock_and(SandboxConfig::seeded(11)).await
}

/// The same with a sandbox whose public writes no inbox messages: every engagement is then on the test's own post.
async fn quiet_app_with_clock() -> (TestApp, Arc<ManualClock>) {
    app_with_clock_and(SandboxConfig {
        messages_per_hour: 0.0,
        ..SandboxConfig::seeded(11)
    })
    .await
}

async fn app_with_clock_and(config: SandboxConfig) -> (TestApp, Arc<ManualClock>) {
    let clock = ManualClock::at(now_millis() - 3 * DAY);
    let config = config.with_clock(clock.clone());
    let db = testing::sqlite().await.unwrap();
    // The engine's own audience runs would read the sandbox at the real time, days after the test's clock: the test
    // collects by hand instead. Nor does the engine fetch the inbox: the public's replies, mentions and quotes of
    // other posts would become engagements whenever a run landed (a minute in, on a loaded machine), and the figures
    // here are the test's own post's.
    let app = TestApp::start_tuned(db, config, Default::default(), |c| {
        c.audience_every_ms = 0;
        c.ingest_every_ms = 0;
    })
    .await;
    (app, clock)
}

/// Runs the engine's audience collection now, as its recurring job does.
async fn collect(app: &TestApp) -> sangam_engine::audience::Collected {
    let networks = Networks::default().with(app.sandbox.clone() as Arc<dyn Network>);
    AudienceCollector {
        db: &app.db,
        secrets: &app.secrets,
        networks: &networks,
        until: now_millis() + 60_000,
    }
    .collect_all(app.sandbox.now())
    .await
    .unwrap()
}

/// Publishes `text` to the sandbox profile `profile` through the engine; returns (post id, remote id).
async fn published(app: &TestApp, profile: i64, text: &str, tag: &str) -> (i64, String) {
    let author = users::list(&app.db, app.workspace_id).await.unwrap()[0].id;
    let tags = [tag.to_string()];
    let profiles = [profile];
    let post = posts::create(
        &app.db,
        NewPost {
            tags: &tags,
            ..NewPost::text(app.workspace_id, author, text, now_millis(), &profiles)
        },
        now_millis(),
    )
    .await
    .unwrap();
    let delivery = post.deliveries[0].id;
    app.eventually("the post is published", || async {
        posts::delivery(&app.db, delivery).await.unwrap().state == DeliveryState::Published
    })
    .await;
    let remote = posts::delivery(&app.db, delivery)
        .await
        .unwrap()
        .remote_id
        .unwrap();
    (post.id, remote)
}

async fn get_json(client: &reqwest::Client, url: &str) -> Value {
    let r = client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.json().await.unwrap()
}

fn kind_count(report: &Value, kind: &str) -> i64 {
    report["figures"]["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k[0] == kind)
        .and_then(|k| k[1].as_i64())
        .unwrap_or_else(|| panic!("{kind} in by_kind"))
}

async fn engagement_rows(db: &Db) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(Sql::new("SELECT COUNT(*) FROM engagements"))
        .await
        .unwrap();
    n
}

#[tokio::test(flavor = "multi_thread")]
async fn who_engaged_with_a_sandbox_post_is_on_the_audience_page_in_the_api_and_the_csv() {
    let (app, clock) = app_with_clock().await;
    let profile = app.profile("cafe").await;
    admin_user(&app).await;
    let (_post, remote) = published(
        &app,
        profile.id,
        "The monsoon menu is here. What will you try first? #chai",
        "monsoon",
    )
    .await;
    // Two days later the post's engagement has settled.
    clock.advance(2 * DAY);
    let first = collect(&app).await;
    assert!(first.engagements > 0, "{first:?}");
    assert_eq!(first.follower_lists, 1);
    // Collecting again stores nothing twice.
    let again = collect(&app).await;
    assert_eq!(again.engagements, 0, "{again:?}");
    // A day on, a second follower list: followers gained and lost can be compared.
    clock.advance(DAY);
    assert_eq!(collect(&app).await.follower_lists, 1);

    let viewer = app.signed_in(Role::Viewer).await;
    let report = get_json(&viewer, &app.url("/api/v1/audience")).await;
    // Each figure equals the network's own count of the post's likes, reposts and quotes.
    let counts = app
        .sandbox
        .post_counts_at("cafe", std::slice::from_ref(&remote), app.sandbox.now())
        .await
        .unwrap();
    assert_eq!(kind_count(&report, "like"), counts[0].likes);
    assert_eq!(kind_count(&report, "repost"), counts[0].reposts);
    assert_eq!(kind_count(&report, "quote"), counts[0].quotes);
    assert!(counts[0].likes > 5, "a settled post has likes: {counts:?}");
    assert_eq!(
        report["figures"]["engagements"].as_i64().unwrap(),
        engagement_rows(&app.db).await
    );
    let p = &report["profiles"][0];
    let (gained, lost) = (p["gained"].as_i64().unwrap(), p["lost"].as_i64().unwrap());
    // Gained and lost, recomputed from the two stored lists.
    let lists: Vec<(i64, String)> = app
        .db
        .fetch_all(Sql::new(
            "SELECT s.taken_at, m.handle FROM follower_snapshots s JOIN follower_snapshot_members m
             ON m.snapshot_id = s.id ORDER BY s.taken_at",
        ))
        .await
        .unwrap();
    let first_at = lists[0].0;
    let before: std::collections::BTreeSet<&str> = lists
        .iter()
        .filter(|l| l.0 == first_at)
        .map(|l| l.1.as_str())
        .collect();
    let after: std::collections::BTreeSet<&str> = lists
        .iter()
        .filter(|l| l.0 != first_at)
        .map(|l| l.1.as_str())
        .collect();
    assert_eq!(gained, after.difference(&before).count() as i64);
    assert_eq!(lost, before.difference(&after).count() as i64);

    // The top engager: a sandbox person, with their language read from their bio by the text crate.
    let top = &report["top_engagers"][0];
    let handle = top["handle"].as_str().unwrap().to_string();
    let bio = top["bio"].as_str().expect("the sandbox gives bios");
    let detected = sangam_text::language::LanguageIdentifier::new()
        .detect(bio)
        .lang;
    if top["lang"].is_string() {
        assert!(detected != "und");
    }
    // Hours add up to the engagements.
    let hours: i64 = report["figures"]["hours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_i64().unwrap())
        .sum();
    assert_eq!(hours, report["figures"]["engagements"].as_i64().unwrap());

    // The page and the CSV show the same person.
    let page = viewer.get(app.url("/audience")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(&handle), "the page lists {handle}");
    assert!(html.contains("id=\"engagers\"") || html.contains("engagers"));
    let csv = viewer
        .get(app.url("/reports/export?report=audience&table=engagers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines().nth(1).unwrap_or_default().contains(&handle),
        "{csv}"
    );
    let print = viewer
        .get(app.url("/reports/print?report=audience"))
        .send()
        .await
        .unwrap();
    assert_eq!(print.status(), 200);
    assert!(print.text().await.unwrap().contains(&handle));
}

async fn admin_user(app: &TestApp) {
    app.person(Role::Admin).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn segments_are_the_teams_to_define_and_viewers_read_their_reach() {
    let (app, clock) = quiet_app_with_clock().await;
    let profile = app.profile("cafe").await;
    admin_user(&app).await;
    let (post, _) = published(&app, profile.id, "Chai and pakoras for the rain", "monsoon").await;
    clock.advance(2 * DAY);
    collect(&app).await;

    let member = app.signed_in(Role::Member).await;
    let viewer = app.signed_in(Role::Viewer).await;
    let segment = json!({"name": "Pune", "places": ["Pune", "पुणे"], "min_followers": 20});
    let refused = viewer
        .post(app.url("/api/v1/segments"))
        .json(&segment)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "Viewers read segments only");
    let made = member
        .post(app.url("/api/v1/segments"))
        .json(&segment)
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 201);
    let twice = member
        .post(app.url("/api/v1/segments"))
        .json(&segment)
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), 409);
    assert_eq!(
        twice.json::<Value>().await.unwrap()["error"],
        "segment_name_taken"
    );
    let bad = member
        .post(app.url("/api/v1/segments"))
        .json(&json!({"name": "Upside down", "min_followers": 10, "max_followers": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["error"],
        "segment_invalid"
    );
    let listed = get_json(&viewer, &app.url("/api/v1/segments")).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    let report = get_json(&viewer, &app.url("/api/v1/audience")).await;
    let reach = &report["segments"][0];
    let overall = &reach["overall"];
    let (reached, all) = (
        overall["reached"].as_i64().unwrap(),
        overall["engagements"].as_i64().unwrap(),
    );
    assert!(
        reached > 0 && reached < all,
        "some but not all are in Pune: {overall}"
    );
    // JSON carries the figure to about the last digit (serde_json's parser may be one ulp off).
    let percent = overall["percent"].as_f64().unwrap();
    assert!(
        (percent - reached as f64 / all as f64 * 100.0).abs() < 1e-9,
        "{percent}"
    );
    // The only post: its share is the whole period's; its campaign's too.
    assert_eq!(reach["posts"][0][0], post);
    assert_eq!(reach["posts"][0][1], *overall);
    assert_eq!(reach["campaigns"][0][0], "monsoon");
    // Over time: the days add up to the whole.
    let days: i64 = reach["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[1]["reached"].as_i64().unwrap())
        .sum();
    assert_eq!(days, reached);
    // Each reached engager is in Pune by their own bio, with 20 followers or more: recomputed from the stored rows.
    let rows: Vec<(Option<String>, Option<i64>)> = app
        .db
        .fetch_all(Sql::new(
            "SELECT g.bio, g.followers FROM engagements e JOIN engagers g ON g.id = e.engager_id",
        ))
        .await
        .unwrap();
    let in_pune = rows
        .iter()
        .filter(|(bio, followers)| {
            let bio = bio.clone().unwrap_or_default();
            let words: Vec<&str> = bio
                .split(|c: char| !c.is_alphanumeric() && c != '\u{941}' && c != '\u{947}')
                .collect();
            (words.contains(&"Pune") || bio.contains("पुणे")) && followers.is_some_and(|f| f >= 20)
        })
        .count() as i64;
    assert_eq!(in_pune, reached);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audience_page_and_its_segments_in_a_browser() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (app, clock) = app_with_clock().await;
    let profile = app.profile("cafe").await;
    admin_user(&app).await;
    published(
        &app,
        profile.id,
        "Weekend brunch menu, book your table",
        "brunch",
    )
    .await;
    clock.advance(2 * DAY);
    collect(&app).await;
    let email = app.person(Role::Member).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    // From the navigation, under Measure.
    browser.goto(&app.url("/")).await;
    browser.click("#nav a[href='/audience']").await;
    browser.wait_for_text("main", "Top engagers").await;
    let who = browser.text("#engagers").await;
    assert!(!who.trim().is_empty());
    browser.click("#audience-segments").await;
    browser.fill("#segment-name", "Hindi speakers").await;
    browser.fill("#segment-languages", "hi").await;
    browser.click("#segment-save").await;
    browser
        .wait_for_text("#segments-table", "Hindi speakers")
        .await;
    browser.goto(&app.url("/audience")).await;
    let reach = browser.text("#segments").await;
    assert!(reach.contains("Hindi speakers"), "{reach}");
    browser
        .screenshot(std::env::temp_dir().join("sangam-audience.png"))
        .await;
    browser.close().await;
}

/// On the Bluesky peer: Bob follows Alice (our profile), writes a bio, and likes, reposts and answers (in Hindi) the
/// post Sangam published for her; the running `sangam serve` collects it on its own, and Bob is on the Audience page
/// and in the API as an engager, a follower, with the language he wrote in.
#[tokio::test(flavor = "multi_thread")]
async fn a_like_repost_and_reply_on_the_bluesky_peer_make_an_engager_with_their_language() {
    if !peers::peers_available() {
        return;
    }
    let Some(net) = DevEnv::start().await else {
        return;
    };
    let mut net = net;
    let pds = net.pds();
    let (alice, bob) = (net.account("alice"), net.account("bob"));
    let alice_token = bsky_login(&pds, &alice).await;
    let app_password = peers::bsky_app_password(&pds, &alice_token, "sangam-audience").await;

    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sangam.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let ws = workspaces::create(&db, "Audience team", now_millis())
        .await
        .unwrap();
    let hash = sangam_web::auth::password::hash(PASSWORD).unwrap();
    users::create(
        &db,
        NewUser {
            workspace_id: ws.id,
            email: "admin@audience.test",
            name: "Admin",
            password_hash: &hash,
            role: Role::Admin,
        },
        now_millis(),
    )
    .await
    .unwrap();
    // Bob's bio and his follow, before Sangam connects: the first follower list (taken at once, then every six hours)
    // must already hold him.
    let bob_token = bsky_login(&pds, &bob).await;
    peers::xrpc(
        &pds,
        Some(&bob_token),
        "com.atproto.repo.putRecord",
        Some(
            json!({"repo": bob.did, "collection": "app.bsky.actor.profile", "rkey": "self",
               "record": {"$type": "app.bsky.actor.profile", "displayName": "Bob",
                          "description": "Chai lover from Pune, always hungry"}}),
        ),
        &[],
    )
    .await;
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        "app.bsky.graph.follow",
        json!({"$type": "app.bsky.graph.follow", "subject": alice.did, "createdAt": jiff::Timestamp::now().to_string()}),
    )
    .await;
    // The AppView (which answers getFollowers) has indexed the follow.
    net.process().await;

    let served = Setup::new(url, dir.path())
        .with("SANGAM_NETWORKS__ALLOW_PRIVATE_ADDRESSES", "true")
        .with("SANGAM_ENGINE__INGEST_EVERY_SECS", 2)
        .with("SANGAM_ENGINE__COLLECT_EVERY_SECS", 3)
        .with("SANGAM_ENGINE__LEASE_SECS", 10)
        .serve()
        .await;
    let base = served.base.clone();
    let client = crate::support::app::client();
    let signed = client
        .post(format!("{base}/login"))
        .form(&[
            ("email", "admin@audience.test"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 303);
    let connected = client
        .post(format!("{base}/api/v1/profiles/bluesky"))
        .json(&json!({"service": pds, "handle": alice.handle, "app_password": app_password}))
        .send()
        .await
        .unwrap();
    assert_eq!(connected.status(), 201, "{:?}", connected.text().await);

    // Our post, through the product's API; the engine publishes it.
    let made = client
        .post(format!("{base}/api/v1/posts"))
        .json(&json!({"text": "Our monsoon menu starts today", "profile_ids": [profile_id(&db, ws.id).await]}))
        .send()
        .await
        .unwrap();
    assert!(made.status().is_success(), "{:?}", made.text().await);
    let mut ours = vec![];
    for _ in 0..600 {
        ours = bsky_records(&pds, &alice.did, "app.bsky.feed.post").await;
        if !ours.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(ours.len(), 1, "published once on the peer");
    let our_post = json!({"uri": ours[0]["uri"], "cid": ours[0]["cid"]});
    let now = || jiff::Timestamp::now().to_string();
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        "app.bsky.feed.like",
        json!({"$type": "app.bsky.feed.like", "subject": our_post, "createdAt": now()}),
    )
    .await;
    bsky_create(
        &pds,
        &bob_token,
        &bob.did,
        "app.bsky.feed.repost",
        json!({"$type": "app.bsky.feed.repost", "subject": our_post, "createdAt": now()}),
    )
    .await;
    let mut reply = bsky_post("यह मेनू बहुत अच्छा लग रहा है, हम ज़रूर आएँगे", &[]);
    reply["reply"] = json!({"root": our_post, "parent": our_post});
    bsky_create(&pds, &bob_token, &bob.did, "app.bsky.feed.post", reply).await;
    net.process().await;

    // The engine collects it by itself: Bob liked, reposted and replied, follows us, and wrote in Hindi.
    let mut last = Value::Null;
    let mut found = false;
    for _ in 0..120 {
        last = get_json(&client, &format!("{base}/api/v1/audience")).await;
        let bob_row = last["top_engagers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["handle"] == bob.handle.as_str())
            .cloned();
        if let Some(b) = bob_row
            && kind_count(&last, "like") == 1
            && kind_count(&last, "repost") == 1
            && kind_count(&last, "reply") == 1
            && b["lang"] == "hi"
            && b["follows_us"] == true
        {
            assert_eq!(b["bio"], "Chai lover from Pune, always hungry");
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
    }
    if !found {
        let jobs: Vec<(String, String, i64, Option<String>)> = db
            .fetch_all(Sql::new(
                "SELECT kind, state, attempts, last_error FROM jobs WHERE kind IN ('collect_audience', 'ingest_inbound')
                 ORDER BY id DESC LIMIT 10",
            ))
            .await
            .unwrap();
        panic!("Bob as an engager with his language: {last:#}; the last jobs: {jobs:?}");
    }
    assert_eq!(last["figures"]["engagers"], 1);
    let page = client
        .get(format!("{base}/audience"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&bob.handle), "the Audience page lists Bob");
    assert!(page.contains("Hindi"), "with his language");
    served.kill_hard().await;
    net.stop().await;
}

async fn profile_id(db: &Db, ws: i64) -> i64 {
    sangam_store::profiles::list(db, ws).await.unwrap()[0].id
}
