//! The Bluesky connector against a whole Bluesky network on loopback: `@atproto/dev-env` (PLC, PDS, AppView) run by
//! `scripts/bsky-dev-env.mjs` under Node 22. `SANGAM_NODE` and `SANGAM_ATPROTO_DEV_ENV` point to them
//! (`scripts/install-peers.sh` prints the exports); the network uses PostgreSQL (`TEST_DATABASE_URL`, default the local
//! `test` database) and Redis on 127.0.0.1:6379. Without them the test says so and skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_networks::bluesky::Bluesky;
use sangam_networks::http::HttpConfig;
use sangam_networks::{Account, Image, InboundKind, Network, Outbound};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

struct DevEnv {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    ready: serde_json::Value,
}

impl DevEnv {
    async fn start() -> Option<DevEnv> {
        let (Ok(node), Ok(script)) = (
            std::env::var("SANGAM_NODE"),
            std::env::var("SANGAM_ATPROTO_DEV_ENV"),
        ) else {
            assert!(
                std::env::var_os("SANGAM_REQUIRE_PEERS").is_none(),
                "SANGAM_REQUIRE_PEERS is set but SANGAM_NODE / SANGAM_ATPROTO_DEV_ENV are not"
            );
            eprintln!(
                "SKIPPED: SANGAM_NODE and SANGAM_ATPROTO_DEV_ENV are not set; run `eval \"$(scripts/install-peers.sh)\"` \
                 to test against a local Bluesky network"
            );
            return None;
        };
        let db = std::env::var("TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut child = tokio::process::Command::new(&node)
            .arg(&script)
            .env("DB_POSTGRES_URL", db)
            .env(
                "REDIS_HOST",
                std::env::var("REDIS_HOST").unwrap_or_else(|_| "127.0.0.1:6379".into()),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {node} {script}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut env = DevEnv {
            child,
            stdin,
            lines,
            ready: serde_json::Value::Null,
        };
        env.ready = env.next_message("ready").await;
        Some(env)
    }

    async fn next_message(&mut self, key: &str) -> serde_json::Value {
        let wait = tokio::time::timeout(Duration::from_secs(240), async {
            while let Some(line) = self.lines.next_line().await.unwrap() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
                    && v.get(key).is_some()
                {
                    return v;
                }
            }
            panic!("the Bluesky dev network stopped before saying {key}");
        });
        wait.await
            .unwrap_or_else(|_| panic!("the Bluesky dev network did not say {key} in time"))
    }

    /// Waits until the AppView has indexed everything written so far.
    async fn process(&mut self) {
        self.stdin.write_all(b"process\n").await.unwrap();
        self.stdin.flush().await.unwrap();
        self.next_message("processed").await;
    }

    fn pds(&self) -> String {
        self.ready["pds"].as_str().unwrap().to_string()
    }

    fn account(&self, name: &str) -> (String, String, String) {
        let a = &self.ready["accounts"][name];
        (
            a["did"].as_str().unwrap().into(),
            a["handle"].as_str().unwrap().into(),
            a["password"].as_str().unwrap().into(),
        )
    }

    async fn stop(mut self) {
        drop(self.stdin);
        let _ = tokio::time::timeout(Duration::from_secs(30), self.child.wait()).await;
    }
}

/// A raw XRPC call, as another Bluesky client (Bob's app) would make it.
async fn xrpc(
    pds: &str,
    token: Option<&str>,
    nsid: &str,
    body: Option<serde_json::Value>,
    query: &[(&str, &str)],
) -> serde_json::Value {
    let client = reqwest::Client::new();
    let url = format!("{pds}/xrpc/{nsid}");
    let mut req = match &body {
        Some(b) => client.post(url).json(b),
        None => client.get(url).query(query),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let v: serde_json::Value = r.json().await.unwrap_or_default();
    assert!(status.is_success(), "{nsid}: {status} {v}");
    v
}

async fn session(pds: &str, handle: &str, password: &str) -> String {
    let s = xrpc(
        pds,
        None,
        "com.atproto.server.createSession",
        Some(serde_json::json!({"identifier": handle, "password": password})),
        &[],
    )
    .await;
    s["accessJwt"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn connect_publish_once_and_read_the_inbox_on_a_local_bluesky_network() {
    let Some(mut net) = DevEnv::start().await else {
        return;
    };
    let pds = net.pds();
    let (alice_did, alice_handle, alice_password) = net.account("alice");
    let (_, bob_handle, bob_password) = net.account("bob");

    // Alice makes an app password for Sangam, and connects with it.
    let alice_token = session(&pds, &alice_handle, &alice_password).await;
    let app_password = xrpc(
        &pds,
        Some(&alice_token),
        "com.atproto.server.createAppPassword",
        Some(serde_json::json!({"name": "sangam"})),
        &[],
    )
    .await["password"]
        .as_str()
        .unwrap()
        .to_string();
    let bluesky = Bluesky::new(HttpConfig::loopback_for_tests()).unwrap();
    let wrong = bluesky
        .connect(&pds, &alice_handle, "not-the-password")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "connect_wrong_credentials");
    let connected = bluesky
        .connect(&pds, &alice_handle, &app_password)
        .await
        .unwrap();
    assert_eq!(connected.handle, alice_handle);
    let account = Account {
        profile_id: 1,
        handle: connected.handle.clone(),
        credentials: connected.credentials.clone(),
    };

    // Publish text, an image and a link.
    let content = Outbound {
        idempotency_key: "3b0c8a8e-7d2a-4c4e-9f0e-2b7a9c1d5e6f".into(),
        text: "नमस्ते 🎉 from Sangam: https://sangam.example/launch #launch".into(),
        images: vec![Image {
            bytes: TINY_PNG.to_vec(),
            mime: "image/png".into(),
            alt: "A single pixel".into(),
        }],
        language: Some("hi".into()),
        ..Outbound::default()
    };
    let published = bluesky.publish(&account, &content).await.unwrap();
    assert!(
        published
            .remote_id
            .starts_with(&format!("at://{alice_did}/app.bsky.feed.post/")),
        "{published:?}"
    );

    // A crash after the send: the same delivery is published again, and meets the first post.
    let restarted = Bluesky::new(HttpConfig::loopback_for_tests()).unwrap();
    let found = restarted
        .find_published(&account, &content.idempotency_key)
        .await
        .unwrap();
    assert_eq!(
        found.map(|p| p.remote_id),
        Some(published.remote_id.clone())
    );
    let again = restarted.publish(&account, &content).await.unwrap();
    assert_eq!(again.remote_id, published.remote_id);
    assert_eq!(
        restarted
            .find_published(&account, "a-key-never-sent")
            .await
            .unwrap(),
        None
    );

    net.process().await;
    let feed = xrpc(
        &pds,
        Some(&alice_token),
        "app.bsky.feed.getAuthorFeed",
        None,
        &[("actor", &alice_did)],
    )
    .await;
    let posts = feed["feed"].as_array().unwrap();
    assert_eq!(posts.len(), 1, "one post, not two: {feed}");
    let post = &posts[0]["post"];
    assert_eq!(post["uri"], published.remote_id.as_str());
    let link = post["record"]["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["features"][0]["$type"] == "app.bsky.richtext.facet#link")
        .expect("a link facet");
    let text = post["record"]["text"].as_str().unwrap();
    let (s, e) = (
        link["index"]["byteStart"].as_u64().unwrap() as usize,
        link["index"]["byteEnd"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text.as_bytes()[s..e], b"https://sangam.example/launch");
    assert_eq!(post["embed"]["images"][0]["alt"], "A single pixel");

    // Bob mentions Alice, answers her post and likes it.
    let bob_token = session(&pds, &bob_handle, &bob_password).await;
    let bob = net.account("bob").0;
    let mention_text = format!("@{alice_handle} have a look");
    let mention_end = 1 + alice_handle.len();
    let now = jiff::Timestamp::now().to_string();
    xrpc(
        &pds,
        Some(&bob_token),
        "com.atproto.repo.createRecord",
        Some(serde_json::json!({"repo": bob, "collection": "app.bsky.feed.post", "record": {
            "$type": "app.bsky.feed.post", "text": mention_text, "createdAt": now,
            "facets": [{"index": {"byteStart": 0, "byteEnd": mention_end},
                        "features": [{"$type": "app.bsky.richtext.facet#mention", "did": alice_did}]}]
        }})),
        &[],
    )
    .await;
    let parent = serde_json::json!({"uri": post["uri"], "cid": post["cid"]});
    xrpc(
        &pds,
        Some(&bob_token),
        "com.atproto.repo.createRecord",
        Some(
            serde_json::json!({"repo": bob, "collection": "app.bsky.feed.post", "record": {
                "$type": "app.bsky.feed.post", "text": "Congratulations!", "createdAt": now,
                "reply": {"root": parent, "parent": parent}
            }}),
        ),
        &[],
    )
    .await;
    xrpc(
        &pds,
        Some(&bob_token),
        "com.atproto.repo.createRecord",
        Some(
            serde_json::json!({"repo": bob, "collection": "app.bsky.feed.like", "record": {
                "$type": "app.bsky.feed.like", "subject": parent, "createdAt": now
            }}),
        ),
        &[],
    )
    .await;
    net.process().await;

    let page = bluesky.inbound(&account, None).await.unwrap();
    let got: Vec<_> = page
        .messages
        .iter()
        .map(|m| (m.kind, m.text.as_str(), m.author_handle.as_str()))
        .collect();
    eprintln!("inbound: {got:?}");
    assert!(got.contains(&(
        InboundKind::Mention,
        mention_text.as_str(),
        bob_handle.as_str()
    )));
    let reply = page
        .messages
        .iter()
        .find(|m| m.kind == InboundKind::Reply)
        .expect("the reply");
    assert_eq!(
        reply.in_reply_to.as_deref(),
        Some(published.remote_id.as_str())
    );
    assert_eq!(reply.conversation_id, published.remote_id);
    let cursor = page.next_cursor.unwrap();
    let again = bluesky.inbound(&account, Some(&cursor)).await.unwrap();
    assert!(
        again.messages.is_empty(),
        "read twice: {:?}",
        again.messages
    );

    let counts = bluesky
        .post_counts(&account, std::slice::from_ref(&published.remote_id))
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].likes, counts[0].replies), (1, 1));
    let profile = bluesky.profile_counts(&account).await.unwrap();
    assert_eq!(profile.posts, 1);
    assert_eq!(
        bluesky.session_stats().created,
        1,
        "one login to connect; after that the stored session is used, never a login per action"
    );
    net.stop().await;
}

/// A 1x1 transparent PNG.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
