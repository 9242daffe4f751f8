//! The Mastodon connector against a real Mastodon API server on loopback: the PyPI package `mastodon_mock`, started
//! here. `SANGAM_MASTODON_MOCK` points to its executable (`scripts/install-peers.sh` installs it and prints the
//! export); without it the test says so and skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_networks::http::HttpConfig;
use sangam_networks::mastodon::Mastodon;
use sangam_networks::{Account, Image, InboundKind, Network, Outbound};
use std::time::{Duration, Instant};

struct Peer {
    base: String,
    _child: tokio::process::Child,
}

async fn start_peer() -> Option<Peer> {
    let Ok(exe) = std::env::var("SANGAM_MASTODON_MOCK") else {
        assert!(
            std::env::var_os("SANGAM_REQUIRE_PEERS").is_none(),
            "SANGAM_REQUIRE_PEERS is set but SANGAM_MASTODON_MOCK is not"
        );
        eprintln!(
            "SKIPPED: SANGAM_MASTODON_MOCK is not set; run `eval \"$(scripts/install-peers.sh)\"` to test against mastodon_mock"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = tokio::process::Command::new(&exe)
        .args(["serve", "--in-memory", "--host", "127.0.0.1", "--port"])
        .arg(port.to_string())
        .args(["--log-level", "warning"])
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {exe}: {e}"));
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/api/v1/instance")).send().await
            && r.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "mastodon_mock did not start on {base}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Some(Peer {
        base,
        _child: child,
    })
}

async fn dev_user(base: &str, username: &str) -> String {
    let body: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/_mock/dev_user"))
        .json(&serde_json::json!({"username": username}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

async fn post_as(base: &str, token: &str, body: serde_json::Value) -> serde_json::Value {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/v1/statuses"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    r.json().await.unwrap()
}

/// The person approves Sangam on the instance; the mock's approval page posts back the chosen account.
async fn approve(base: &str, url: &reqwest::Url, username: &str) -> String {
    let pairs: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/oauth/authorize"))
        .form(&[
            ("username", username),
            ("client_id", &pairs["client_id"]),
            ("redirect_uri", &pairs["redirect_uri"]),
            ("scope", &pairs["scope"]),
            ("state", &pairs["state"]),
        ])
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap();
    let back = reqwest::Url::parse(location).unwrap();
    assert_eq!(
        back.query_pairs().find(|(k, _)| k == "state").unwrap().1,
        "s1"
    );
    back.query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned()
}

#[tokio::test]
async fn connect_publish_once_and_read_the_inbox_on_a_real_mastodon_api() {
    let Some(peer) = start_peer().await else {
        return;
    };
    let base = peer.base.as_str();
    let _ = dev_user(base, "acme").await;
    let fan = dev_user(base, "fan").await;
    let mastodon = Mastodon::new(HttpConfig::loopback_for_tests()).unwrap();

    // Connect through the OAuth code flow.
    let app = mastodon
        .register_app(base, "https://sangam.example/connect/mastodon/callback")
        .await
        .unwrap();
    let code = approve(base, &app.authorize_url("s1").unwrap(), "acme").await;
    let connected = mastodon.finish_oauth(&app, &code).await.unwrap();
    assert!(
        connected.handle.starts_with("@acme@127.0.0.1:"),
        "{}",
        connected.handle
    );
    let account = Account {
        profile_id: 1,
        handle: connected.handle.clone(),
        credentials: connected.credentials.clone(),
    };

    // Publish, then repeat with the same key: one status.
    let content = Outbound {
        idempotency_key: "delivery-1".into(),
        text: "Hello from Sangam".into(),
        language: Some("en".into()),
        ..Outbound::default()
    };
    let first = mastodon.publish(&account, &content).await.unwrap();
    let again = mastodon.publish(&account, &content).await.unwrap();
    assert_eq!(
        first, again,
        "a repeat with the same key returns the first status"
    );
    assert!(mastodon.dedupes_repeats());

    // With an image and its alt text.
    let with_image = Outbound {
        idempotency_key: "delivery-2".into(),
        text: "With a picture".into(),
        images: vec![Image {
            bytes: TINY_PNG.to_vec(),
            mime: "image/png".into(),
            alt: "A single pixel".into(),
        }],
        ..Outbound::default()
    };
    let pictured = mastodon.publish(&account, &with_image).await.unwrap();
    assert_ne!(pictured.remote_id, first.remote_id);
    let counts = mastodon.profile_counts(&account).await.unwrap();
    assert_eq!(counts.posts, 2);

    // Someone mentions us, answers us, and writes privately.
    let fan_status = post_as(base, &fan, serde_json::json!({"status": "@acme love this"})).await;
    post_as(
        base,
        &fan,
        serde_json::json!({"status": "@acme agreed", "in_reply_to_id": first.remote_id}),
    )
    .await;
    let dm = post_as(
        base,
        &fan,
        serde_json::json!({"status": "@acme a private question", "visibility": "direct"}),
    )
    .await;
    reqwest::Client::new()
        .post(format!(
            "{base}/api/v1/statuses/{}/favourite",
            first.remote_id
        ))
        .bearer_auth(&fan)
        .send()
        .await
        .unwrap();

    let page = mastodon.inbound(&account, None).await.unwrap();
    let kinds: Vec<_> = page
        .messages
        .iter()
        .map(|m| (m.kind, m.text.as_str()))
        .collect();
    eprintln!("inbound: {kinds:?}");
    let mention = page
        .messages
        .iter()
        .find(|m| m.remote_id == fan_status["id"].as_str().unwrap())
        .expect("the mention");
    assert_eq!(mention.kind, InboundKind::Mention);
    assert!(mention.text.contains("love this"));
    assert!(page.messages.iter().any(|m| m.kind == InboundKind::Reply
        && m.in_reply_to.as_deref() == Some(first.remote_id.as_str())));
    let private = page
        .messages
        .iter()
        .find(|m| m.remote_id == dm["id"].as_str().unwrap())
        .expect("the direct message");
    assert_eq!(private.kind, InboundKind::DirectMessage);
    assert_eq!(
        page.messages
            .iter()
            .filter(|m| m.remote_id == private.remote_id)
            .count(),
        1
    );

    // From the cursor, nothing new until something new arrives.
    let cursor = page.next_cursor.unwrap();
    let quiet = mastodon.inbound(&account, Some(&cursor)).await.unwrap();
    assert!(quiet.messages.is_empty(), "{:?}", quiet.messages);
    let later = post_as(base, &fan, serde_json::json!({"status": "@acme one more"})).await;
    let next = mastodon.inbound(&account, Some(&cursor)).await.unwrap();
    assert_eq!(next.messages.len(), 1);
    assert_eq!(next.messages[0].remote_id, later["id"].as_str().unwrap());

    let counts = mastodon
        .post_counts(&account, std::slice::from_ref(&first.remote_id))
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].likes, 1);
    assert_eq!(counts[0].replies, 1);

    // A pasted token for the same account works too; a wrong one says so.
    let wrong = mastodon
        .connect_with_token(base, "not-a-token")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "connect_wrong_credentials");
}

/// A 1x1 transparent PNG.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
