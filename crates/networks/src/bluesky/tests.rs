//! Sessions, limits, conflicts and paging against a scripted XRPC server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use std::sync::Mutex as StdMutex;
use std::time::Duration;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Default)]
struct Recorder(StdMutex<Vec<(i64, serde_json::Value)>>);

impl CredentialSink for Recorder {
    fn updated(&self, profile_id: i64, credentials: serde_json::Value) {
        self.0.lock().unwrap().push((profile_id, credentials));
    }
}

fn connector() -> Bluesky {
    Bluesky::new(HttpConfig {
        timeout: Duration::from_millis(500),
        ..HttpConfig::loopback_for_tests()
    })
    .unwrap()
}

fn account(server: &MockServer) -> Account {
    Account {
        profile_id: 7,
        handle: "acme.test".into(),
        credentials: serde_json::json!({
            "service": server.uri(), "identifier": "acme.test", "app_password": "aaaa-bbbb-cccc-dddd",
        }),
    }
}

fn session_json(access: &str, refresh: &str) -> serde_json::Value {
    serde_json::json!({"did": "did:plc:acme", "handle": "acme.test", "accessJwt": access, "refreshJwt": refresh})
}

async fn login(server: &MockServer, access: &str) {
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.createSession"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json(access, "r1")))
        .mount(server)
        .await;
}

fn profile_json() -> serde_json::Value {
    serde_json::json!({"did": "did:plc:acme", "handle": "acme.test", "followersCount": 10, "followsCount": 2,
                       "postsCount": 3})
}

#[tokio::test]
async fn one_login_serves_many_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.createSession"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json("a1", "r1")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .and(header("Authorization", "Bearer a1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(profile_json()))
        .mount(&server)
        .await;
    let bluesky = connector();
    for _ in 0..5 {
        let counts = bluesky.profile_counts(&account(&server)).await.unwrap();
        assert_eq!(counts.followers, 10);
    }
    assert_eq!(
        bluesky.session_stats(),
        SessionStats {
            created: 1,
            refreshed: 0
        }
    );
}

#[tokio::test]
async fn an_expired_session_is_refreshed_and_the_new_tokens_are_handed_over_to_be_stored() {
    let server = MockServer::start().await;
    login(&server, "old").await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .and(header("Authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"error": "ExpiredToken", "message": "Token has expired"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.refreshSession"))
        .and(header("Authorization", "Bearer r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json("new", "r2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .and(header("Authorization", "Bearer new"))
        .respond_with(ResponseTemplate::new(200).set_body_json(profile_json()))
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let bluesky = connector().with_credential_sink(recorder.clone());
    bluesky.profile_counts(&account(&server)).await.unwrap();
    bluesky.profile_counts(&account(&server)).await.unwrap();
    assert_eq!(
        bluesky.session_stats(),
        SessionStats {
            created: 1,
            refreshed: 1
        }
    );
    let stored = recorder.0.lock().unwrap().clone();
    let (profile, last) = stored.last().unwrap();
    assert_eq!(*profile, 7);
    assert_eq!(last["refresh_jwt"], "r2");
    assert_eq!(last["access_jwt"], "new");
    assert_eq!(
        last["app_password"], "aaaa-bbbb-cccc-dddd",
        "the app password is kept"
    );
}

#[tokio::test]
async fn stored_tokens_from_an_earlier_run_are_used_without_logging_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.createSession"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .and(header("Authorization", "Bearer stored"))
        .respond_with(ResponseTemplate::new(200).set_body_json(profile_json()))
        .mount(&server)
        .await;
    let mut acc = account(&server);
    acc.credentials["did"] = "did:plc:acme".into();
    acc.credentials["access_jwt"] = "stored".into();
    acc.credentials["refresh_jwt"] = "stored-refresh".into();
    connector().profile_counts(&acc).await.unwrap();
}

#[tokio::test]
async fn a_revoked_app_password_asks_for_a_reconnect() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.createSession"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            serde_json::json!({"error": "AuthenticationRequired", "message": "Invalid identifier or password"}),
        ))
        .mount(&server)
        .await;
    let err = connector()
        .profile_counts(&account(&server))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetworkError::AuthExpired("Invalid identifier or password".into())
    );
    let err = connector()
        .connect(&server.uri(), "acme.test", "wrong")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connect_wrong_credentials");
}

#[tokio::test]
async fn too_many_requests_waits_for_the_ratelimit_reset() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    let reset = jiff::Timestamp::now().as_second() + 90;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("ratelimit-limit", "3000")
                .insert_header("ratelimit-remaining", "0")
                .insert_header("ratelimit-reset", reset.to_string())
                .set_body_json(serde_json::json!({"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"})),
        )
        .mount(&server)
        .await;
    let err = connector()
        .profile_counts(&account(&server))
        .await
        .unwrap_err();
    let NetworkError::RateLimited { retry_after_ms } = err else {
        panic!("{err:?}")
    };
    assert!(
        (80_000..=90_000).contains(&retry_after_ms),
        "{retry_after_ms}"
    );
}

#[tokio::test]
async fn outages_and_silence_are_told_apart() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/com.atproto.repo.getRecord"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let b = connector();
    let err = b.profile_counts(&account(&server)).await.unwrap_err();
    assert!(matches!(err, NetworkError::Unavailable { .. }), "{err:?}");
    let err = b.find_published(&account(&server), "k").await.unwrap_err();
    assert_eq!(err, NetworkError::Timeout);
}

#[tokio::test]
async fn a_repeat_meets_the_first_record_and_reports_it_as_published() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    let rkey = tid::for_idempotency_key("delivery-9");
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.createRecord"))
        .and(body_partial_json(
            serde_json::json!({"rkey": rkey, "repo": "did:plc:acme"}),
        ))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"error": "InvalidRequest", "message": "Record already exists"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let uri = format!("at://did:plc:acme/app.bsky.feed.post/{rkey}");
    Mock::given(method("GET"))
        .and(path("/xrpc/com.atproto.repo.getRecord"))
        .and(query_param("rkey", rkey.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "uri": uri, "cid": "bafy", "value": {"text": "Hi", "createdAt": "2025-03-01T10:00:00.000Z"}
        })))
        .mount(&server)
        .await;
    let content = Outbound {
        idempotency_key: "delivery-9".into(),
        text: "Hi".into(),
        ..Outbound::default()
    };
    let published = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap();
    assert_eq!(published.remote_id, uri);
    assert_eq!(published.published_at, 1_740_823_200_000);
    assert_eq!(
        published.url,
        format!("https://bsky.app/profile/acme.test/post/{rkey}")
    );
}

#[tokio::test]
async fn a_key_that_was_never_used_is_not_found() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("GET"))
        .and(path("/xrpc/com.atproto.repo.getRecord"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"error": "RecordNotFound", "message": "Could not locate record"}),
        ))
        .mount(&server)
        .await;
    assert_eq!(
        connector()
            .find_published(&account(&server), "k")
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_post_carries_facets_images_and_its_reply_thread() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("GET"))
        .and(path("/xrpc/com.atproto.identity.resolveHandle"))
        .and(query_param("handle", "bob.test"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"did": "did:plc:bob"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/com.atproto.identity.resolveHandle"))
        .and(query_param("handle", "nobody.test"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"error": "InvalidRequest", "message": "Unable to resolve handle"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.uploadBlob"))
        .and(header("Content-Type", "image/png"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"blob": {
            "$type": "blob", "ref": {"$link": "bafkblob"}, "mimeType": "image/png", "size": 4}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let parent = "at://did:plc:bob/app.bsky.feed.post/3parent";
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.feed.getPosts"))
        .and(query_param("uris", parent))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"posts": [{
            "uri": parent, "cid": "cidparent",
            "record": {"text": "?", "reply": {"root": {"uri": "at://did:plc:bob/app.bsky.feed.post/3root", "cid": "cidroot"},
                                               "parent": {"uri": "x", "cid": "y"}}}
        }]})))
        .mount(&server)
        .await;
    // "नमस्ते " is 19 bytes; the mention of bob starts there.
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.createRecord"))
        .and(body_partial_json(serde_json::json!({"record": {
            "langs": ["hi"],
            "facets": [
                {"index": {"byteStart": 19, "byteEnd": 28}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:bob"}]},
                {"index": {"byteStart": 42, "byteEnd": 64}, "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://sangam.example"}]}
            ],
            "embed": {"$type": "app.bsky.embed.images", "images": [{"alt": "A chart", "image": {"ref": {"$link": "bafkblob"}}}]},
            "reply": {"root": {"uri": "at://did:plc:bob/app.bsky.feed.post/3root", "cid": "cidroot"},
                      "parent": {"uri": parent, "cid": "cidparent"}}
        }})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"uri": "at://did:plc:acme/app.bsky.feed.post/3new", "cid": "c"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let content = Outbound {
        idempotency_key: "k".into(),
        text: "नमस्ते @bob.test @nobody.test https://sangam.example".into(),
        in_reply_to: Some(parent.into()),
        language: Some("hi".into()),
        images: vec![crate::Image {
            bytes: vec![1, 2, 3, 4],
            mime: "image/png".into(),
            alt: "A chart".into(),
        }],
        ..Outbound::default()
    };
    let published = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap();
    assert_eq!(
        published.remote_id,
        "at://did:plc:acme/app.bsky.feed.post/3new"
    );
}

#[tokio::test]
async fn images_over_the_limits_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let big = crate::Image {
        bytes: vec![0; MAX_IMAGE_BYTES + 1],
        mime: "image/jpeg".into(),
        alt: String::new(),
    };
    let content = Outbound {
        idempotency_key: "k".into(),
        text: "x".into(),
        images: vec![big],
        ..Outbound::default()
    };
    let err = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Rejected { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn notification(uri: &str, reason: &str, indexed_at: &str) -> serde_json::Value {
    serde_json::json!({
        "uri": uri, "cid": "c", "reason": reason, "indexedAt": indexed_at, "isRead": false,
        "author": {"did": "did:plc:bob", "handle": "bob.test", "displayName": "Bob"},
        "record": {"text": format!("{reason} text"), "createdAt": indexed_at,
                   "reply": {"root": {"uri": "at://root"}, "parent": {"uri": "at://ours"}}}
    })
}

#[tokio::test]
async fn the_inbox_reads_back_to_the_cursor_across_pages() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.notification.listNotifications"))
        .and(wiremock::matchers::query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "cursor": "page2",
            "notifications": [
                notification("at://bob/p/4", "reply", "2025-03-01T10:04:00.000Z"),
                notification("at://bob/p/3", "like", "2025-03-01T10:03:00.000Z"),
            ]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.notification.listNotifications"))
        .and(query_param("cursor", "page2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "cursor": "page3",
            "notifications": [
                notification("at://bob/p/2", "mention", "2025-03-01T10:02:00.000Z"),
                notification("at://bob/p/1", "quote", "2025-03-01T10:01:00.000Z"),
            ]
        })))
        .mount(&server)
        .await;
    let b = connector();
    let page = b
        .inbound(&account(&server), Some("2025-03-01T10:01:30.000Z"))
        .await
        .unwrap();
    let got: Vec<_> = page
        .messages
        .iter()
        .map(|m| (m.remote_id.as_str(), m.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("at://bob/p/2", InboundKind::Mention),
            ("at://bob/p/4", InboundKind::Reply)
        ]
    );
    assert_eq!(page.messages[1].in_reply_to.as_deref(), Some("at://ours"));
    assert_eq!(page.messages[1].conversation_id, "at://root");
    assert_eq!(
        page.next_cursor.as_deref(),
        Some("2025-03-01T10:04:00.000Z at://bob/p/4")
    );
    // Polling again from there: the notification at the mark's time is not read twice.
    let again = b
        .inbound(&account(&server), page.next_cursor.as_deref())
        .await
        .unwrap();
    assert!(again.messages.is_empty(), "{:?}", again.messages);
    // The first poll of a profile takes only the newest page.
    let first = b.inbound(&account(&server), None).await.unwrap();
    assert_eq!(first.messages.len(), 1);
}

#[tokio::test]
async fn muting_uses_mute_actor_and_blocking_writes_a_block_record() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("POST"))
        .and(path("/xrpc/app.bsky.graph.muteActor"))
        .and(wiremock::matchers::body_json(
            serde_json::json!({"actor": "troll.bsky.social"}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/com.atproto.identity.resolveHandle"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"did": "did:plc:troll"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.createRecord"))
        .and(wiremock::matchers::body_partial_json(serde_json::json!({
            "collection": "app.bsky.graph.block", "record": {"subject": "did:plc:troll"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"uri": "at://did:plc:acme/app.bsky.graph.block/1", "cid": "c"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let b = connector();
    assert!(
        b.mute_author(&account(&server), "@troll.bsky.social", false)
            .await
            .unwrap()
    );
    assert!(
        b.mute_author(&account(&server), "troll.bsky.social", true)
            .await
            .unwrap()
    );
}

fn card() -> crate::LinkCard {
    crate::LinkCard {
        url: "https://sangam.example/monsoon".into(),
        title: "Monsoon menu".into(),
        description: "Rain, chai and pakoras".into(),
        thumb: Some(crate::Image {
            bytes: vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
            mime: "image/png".into(),
            alt: String::new(),
        }),
    }
}

#[tokio::test]
async fn a_link_card_goes_as_an_external_embed_with_its_thumbnail_uploaded() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.uploadBlob"))
        .and(header("Content-Type", "image/png"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"blob": {
            "$type": "blob", "ref": {"$link": "bafkthumb"}, "mimeType": "image/png", "size": 8}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.createRecord"))
        .and(body_partial_json(serde_json::json!({"record": {
            "embed": {"$type": "app.bsky.embed.external", "external": {
                "uri": "https://sangam.example/monsoon", "title": "Monsoon menu",
                "description": "Rain, chai and pakoras", "thumb": {"ref": {"$link": "bafkthumb"}}}}
        }})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"uri": "at://did:plc:acme/app.bsky.feed.post/3card", "cid": "c"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let content = Outbound {
        idempotency_key: "card".into(),
        text: "Menu: https://sangam.example/monsoon".into(),
        content_warning: Some("food".into()),
        link_card: Some(card()),
        ..Outbound::default()
    };
    let published = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap();
    assert_eq!(
        published.remote_id,
        "at://did:plc:acme/app.bsky.feed.post/3card"
    );
    let requests = server.received_requests().await.unwrap();
    let create = requests
        .iter()
        .find(|r| r.url.path() == "/xrpc/com.atproto.repo.createRecord")
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert!(
        !body.to_string().contains("food"),
        "Bluesky has no content warning; nothing pretends to send one"
    );
}

#[tokio::test]
async fn images_win_over_a_link_card_since_bluesky_takes_one_embed() {
    let server = MockServer::start().await;
    login(&server, "a1").await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.uploadBlob"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"blob": {
            "$type": "blob", "ref": {"$link": "bafkimg"}, "mimeType": "image/png", "size": 4}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.repo.createRecord"))
        .and(body_partial_json(serde_json::json!({"record": {
            "embed": {"$type": "app.bsky.embed.images", "images": [{"alt": "A chart"}]}
        }})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"uri": "at://did:plc:acme/app.bsky.feed.post/3img", "cid": "c"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let content = Outbound {
        idempotency_key: "img".into(),
        text: "Menu: https://sangam.example/monsoon".into(),
        images: vec![crate::Image {
            bytes: vec![1, 2, 3, 4],
            mime: "image/png".into(),
            alt: "A chart".into(),
        }],
        link_card: Some(card()),
        ..Outbound::default()
    };
    connector()
        .publish(&account(&server), &content)
        .await
        .unwrap();
}
