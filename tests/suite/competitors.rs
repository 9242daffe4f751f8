//! Competitors through the real server: a sandbox competitor is added by its handle (an unknown one is refused in
//! words, a Viewer may not add), back-filled by the engine from the simulated network, and shown beside our profile in
//! the competitor report, its CSV and its printable page; on the Bluesky peer, an account made there posts (with a
//! hashtag), is liked, is added as a competitor, and its posts and counts appear in the report and the CSV, then a
//! refresh brings a new post and a new like in; and a person walks the pages in a browser.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use crate::support::peers::{DevEnv, bsky_create, bsky_login, xrpc};
use reqwest::StatusCode;
use sangam_domain::{Role, now_millis};
use sangam_networks::http::HttpConfig;
use sangam_networks::public::PublicReaders;
use sangam_web::WebConfig;
use serde_json::{Value, json};
use std::time::Duration;

/// The watched competitors as the API lists them.
async fn watched(app: &TestApp, token: &str) -> Vec<Value> {
    client()
        .get(app.url("/api/v1/competitors"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json::<Vec<Value>>()
        .await
        .unwrap()
}

/// Waits (up to a minute) until the engine has back-filled the competitor `id`.
async fn backfilled(app: &TestApp, token: &str, id: i64) -> Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let found = watched(app, token)
            .await
            .into_iter()
            .find(|c| c["id"] == id)
            .expect("still watched");
        if !found["backfilled_at"].is_null() {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the engine did not back-fill competitor {id}: {found}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The CSV rows (split on commas outside quotes) of one of the report's tables.
async fn csv(http: &reqwest::Client, app: &TestApp, table: &str, query: &str) -> Vec<Vec<String>> {
    let r = http
        .get(app.url(&format!(
            "/reports/export?report=competitors&table={table}&{query}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    text.lines()
        .map(|line| {
            let mut cells = vec![String::new()];
            let mut quoted = false;
            for ch in line.chars() {
                match ch {
                    '"' => quoted = !quoted,
                    ',' if !quoted => cells.push(String::new()),
                    c => cells.last_mut().unwrap().push(c),
                }
            }
            cells
        })
        .collect()
}

fn column(rows: &[Vec<String>], id: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h.contains(&format!("[{id}]")))
        .unwrap_or_else(|| panic!("no {id} column in {:?}", rows[0]))
}

#[tokio::test]
async fn a_sandbox_competitor_is_added_back_filled_and_compared_with_us_in_the_report_and_its_csv()
{
    let app = TestApp::start().await;
    app.profile("monsoon").await;
    let token = app.token(Role::Member).await;
    let viewer = app.token(Role::Viewer).await;
    let add = |token: String, network: &'static str, handle: &'static str| {
        let url = app.url("/api/v1/competitors");
        async move {
            client()
                .post(url)
                .bearer_auth(token)
                .json(&json!({"network": network, "handle": handle}))
                .send()
                .await
                .unwrap()
        }
    };
    // Refused, in words and codes: no such account, a network that cannot be watched, nothing typed, a Viewer.
    let r = add(token.clone(), "sandbox", "@nobody_at_all").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "competitor_not_found");
    assert!(
        body["message"].as_str().unwrap().contains("@nobody_at_all"),
        "{body}"
    );
    let r = add(token.clone(), "facebook", "brand").await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "competitor_network_unsupported"
    );
    let r = add(token.clone(), "sandbox", "  ").await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "competitor_handle_empty"
    );
    let r = add(viewer.clone(), "sandbox", "@brewhaus").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = add(token.clone(), "sandbox", "Brewhaus").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let added: Value = r.json().await.unwrap();
    assert_eq!(added["display_name"], "Brewhaus Coffee");
    let id = added["id"].as_i64().unwrap();
    // Added twice is one competitor.
    let again: Value = add(token.clone(), "sandbox", "@brewhaus")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["id"], id);

    let found = backfilled(&app, &token, id).await;
    let stored = found["posts_stored"].as_i64().unwrap();
    assert!(stored > 20, "more than one page read back: {found}");
    let followers = found["latest"]["followers"].as_i64().unwrap();
    // The sandbox's own answer, asked directly: the same account, the same moment's size.
    let truth = sangam_networks::public::PublicProfiles::lookup(app.sandbox.as_ref(), "@brewhaus")
        .await
        .unwrap()
        .unwrap();
    assert!(
        (followers - truth.followers).abs() <= 50,
        "{followers} vs {}",
        truth.followers
    );

    // The report, by the API: our profile and the competitor, the latter's figures from its stored posts.
    let report: Value = client()
        .get(app.url(&format!("/api/v1/reports/competitors?competitor={id}")))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lines = report["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{report}");
    assert_eq!(lines[0]["account"]["side"], "us");
    let theirs = &lines[1];
    assert_eq!(theirs["account"]["name"], "Brewhaus Coffee");
    let published = theirs["figures"]["posts_published"].as_i64().unwrap();
    assert!(published > 0);
    assert!(
        theirs["hashtags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h[0] == "coffee")
    );
    assert_eq!(
        theirs["figures"]["engagement_rate_per_follower"]["unit"],
        "percent"
    );
    let too_many: String = (1..=21).map(|i| format!("competitor={i}&")).collect();
    let r = client()
        .get(app.url(&format!("/api/v1/reports/competitors?{too_many}")))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "competitor_too_many"
    );

    // The page, the CSV and the printable page say the same.
    let http = app.signed_in(Role::Viewer).await;
    let page = http
        .get(app.url(&format!("/reports/competitors?competitor={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Brewhaus Coffee") && page.contains("monsoon"));
    let rows = csv(&http, &app, "competitors", &format!("competitor={id}")).await;
    let line = rows
        .iter()
        .find(|r| r[0].starts_with("Brewhaus Coffee"))
        .unwrap();
    assert_eq!(
        line[column(&rows, "posts_published")],
        published.to_string()
    );
    let print = http
        .get(app.url(&format!(
            "/reports/print?report=competitors&competitor={id}"
        )))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(print.contains("Brewhaus Coffee"));

    // Stopping: the list forgets it, its history stays for when it is added again.
    let r = client()
        .delete(app.url(&format!("/api/v1/competitors/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(watched(&app, &token).await.is_empty());
    let back: Value = add(token.clone(), "sandbox", "@brewhaus")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(back["id"], id);
    assert_eq!(
        watched(&app, &token).await[0]["posts_stored"].as_i64(),
        Some(stored)
    );
}

/// A post record with one hashtag facet over `#tag` in `text`.
fn post_with_tag(text: &str, tag: &str) -> Value {
    let needle = format!("#{tag}");
    let start = text.find(&needle).unwrap();
    json!({
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": jiff::Timestamp::now().to_string(),
        "facets": [{"index": {"byteStart": start, "byteEnd": start + needle.len()},
                    "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}]}],
    })
}

async fn like(pds: &str, token: &str, did: &str, post: &Value) {
    bsky_create(
        pds,
        token,
        did,
        "app.bsky.feed.like",
        json!({"$type": "app.bsky.feed.like", "subject": {"uri": post["uri"], "cid": post["cid"]},
               "createdAt": jiff::Timestamp::now().to_string()}),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_competitor_on_the_bluesky_peer_shows_its_posts_and_counts_in_the_report_and_the_csv() {
    let Some(mut env) = DevEnv::start().await else {
        return;
    };
    let pds = env.pds();
    // A competitor account made on the peer, as a brand would sign up.
    let made = xrpc(
        &pds,
        None,
        "com.atproto.server.createAccount",
        Some(json!({"handle": "rival.test", "email": "rival@example.test", "password": "rival-pass"})),
        &[],
    )
    .await;
    let did = made["did"].as_str().unwrap().to_string();
    let rival = crate::support::peers::BskyAccount {
        did: did.clone(),
        handle: "rival.test".into(),
        password: "rival-pass".into(),
    };
    let token = bsky_login(&pds, &rival).await;
    xrpc(
        &pds,
        Some(&token),
        "com.atproto.repo.putRecord",
        Some(json!({"repo": did, "collection": "app.bsky.actor.profile", "rkey": "self",
                    "record": {"$type": "app.bsky.actor.profile", "displayName": "Rival Roasters"}})),
        &[],
    )
    .await;
    let texts = [
        "Monsoon blend is back #coffee",
        "Our cold brew recipe, step by step #coldbrew",
        "Which mug do you use? #coffee",
    ];
    let mut posts = vec![];
    for text in texts {
        let tag = text.rsplit('#').next().unwrap();
        posts.push(
            bsky_create(
                &pds,
                &token,
                &did,
                "app.bsky.feed.post",
                post_with_tag(text, tag),
            )
            .await,
        );
    }
    let alice = env.account("alice");
    let alice_token = bsky_login(&pds, &alice).await;
    like(&pds, &alice_token, &alice.did, &posts[0]).await;
    env.process().await;

    let db = sangam_store::testing::sqlite().await.unwrap();
    let web = WebConfig {
        network_http: HttpConfig::loopback_for_tests(),
        bluesky_appview: env.appview(),
        ..WebConfig::default()
    };
    let app =
        TestApp::start_with(db, sangam_networks::sandbox::SandboxConfig::seeded(7), web).await;
    app.profile("monsoon").await;
    let member = app.signed_in(Role::Member).await;
    // Added on the page, by its handle; an account the peer does not have is refused in words.
    let r = member
        .post(app.url("/competitors"))
        .form(&[("network", "bluesky"), ("handle", "nobody.test")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("nobody.test"));
    let r = member
        .post(app.url("/competitors"))
        .form(&[("network", "bluesky"), ("handle", "@rival.test")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let api = app.token(Role::Member).await;
    let listed = watched(&app, &api).await;
    let id = listed[0]["id"].as_i64().unwrap();
    assert_eq!(listed[0]["remote_id"], did);
    assert_eq!(listed[0]["display_name"], "Rival Roasters");
    let found = backfilled(&app, &api, id).await;
    assert_eq!(found["posts_stored"], 3, "{found}");
    assert_eq!(found["latest"]["posts"], 3);

    // The report page and its CSV: three posts, one like, the hashtags.
    let query = format!("competitor={id}");
    let page = member
        .get(app.url(&format!("/reports/competitors?{query}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Rival Roasters"),
        "the report names the competitor"
    );
    for text in texts {
        assert!(page.contains(text), "{text} on the report page");
    }
    let rows = csv(&member, &app, "competitors", &query).await;
    let line = rows
        .iter()
        .find(|r| r[0].starts_with("Rival Roasters"))
        .unwrap();
    assert_eq!(line[column(&rows, "posts_published")], "3");
    assert_eq!(line[column(&rows, "engagements")], "1");
    assert!(
        line.iter()
            .any(|c| c.contains("#coffee") && c.contains("#coldbrew"))
    );
    let best = csv(&member, &app, "best", &query).await;
    let first = best
        .iter()
        .find(|r| r.iter().any(|c| c == texts[0]))
        .unwrap();
    assert_eq!(first[column(&best, "engagements")], "1");

    // Later: a new post, and Bob likes the first one too; a refresh brings both in, stored once.
    let bob = env.account("bob");
    let bob_token = bsky_login(&pds, &bob).await;
    like(&pds, &bob_token, &bob.did, &posts[0]).await;
    bsky_create(
        &pds,
        &token,
        &did,
        "app.bsky.feed.post",
        post_with_tag("New cafe in Pune #coffee", "coffee"),
    )
    .await;
    env.process().await;
    let readers = PublicReaders::standard(&HttpConfig::loopback_for_tests(), &env.appview());
    let done = sangam_engine::competitors::refresh_all(
        &app.db,
        &readers,
        now_millis(),
        now_millis() + 60_000,
    )
    .await
    .unwrap();
    assert_eq!((done.competitors, done.failed), (1, 0));
    let found = watched(&app, &api).await.remove(0);
    assert_eq!(
        found["posts_stored"], 4,
        "the new post once, the old ones not again"
    );
    let rows = csv(&member, &app, "competitors", &query).await;
    let line = rows
        .iter()
        .find(|r| r[0].starts_with("Rival Roasters"))
        .unwrap();
    assert_eq!(line[column(&rows, "posts_published")], "4");
    assert_eq!(line[column(&rows, "engagements")], "2");
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_adds_a_competitor_in_the_browser_and_reads_the_report() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::start().await;
    app.profile("monsoon").await;
    let email = app.person(Role::Member).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
    browser.goto(&app.url("/competitors")).await;
    browser.wait_for("#competitors-empty").await;
    // A handle the sandbox has no account for: the sentence says so, and what was typed stays.
    let select = browser.wait_for("#competitor-network").await;
    select.select_by_value("sandbox").await.unwrap();
    browser.fill("#competitor-handle", "@nobody_here").await;
    browser.click("#competitor-add-button").await;
    browser
        .wait_for_text("#competitors-error", "@nobody_here")
        .await;
    let kept = browser
        .wait_for("#competitor-handle")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("@nobody_here"));
    browser.fill("#competitor-handle", "@chai_collective").await;
    browser.click("#competitor-add-button").await;
    browser
        .wait_for_text("#competitors-notice", "Chai Collective")
        .await;
    browser
        .wait_for_text("#competitors-table", "Chai Collective")
        .await;
    let token = app.token(Role::Member).await;
    let id = watched(&app, &token).await[0]["id"].as_i64().unwrap();
    backfilled(&app, &token, id).await;
    browser.click("#competitors-report").await;
    browser
        .wait_for_text("#report-competitors", "Chai Collective")
        .await;
    browser.wait_for_text("table", "Chai Collective").await;
    browser
        .screenshot("target/screens/competitors-report.png")
        .await;
    browser.close().await;
}
