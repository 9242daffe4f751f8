//! What a real instance rarely shows on demand: limits, outages, slowness, revoked tokens, slow media, paging.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::Image;
use std::time::Duration;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn connector() -> Mastodon {
    let config = HttpConfig {
        timeout: Duration::from_millis(500),
        ..HttpConfig::loopback_for_tests()
    };
    Mastodon::new(config)
        .unwrap()
        .with_media_polling(MediaPolling {
            every: Duration::from_millis(10),
            attempts: 5,
        })
}

fn account(server: &MockServer) -> Account {
    Account {
        profile_id: 1,
        handle: "@acme@example".into(),
        credentials: serde_json::json!({
            "instance": server.uri(),
            "access_token": "tok",
            "account_id": "1",
        }),
    }
}

fn post(key: &str) -> Outbound {
    Outbound {
        idempotency_key: key.into(),
        text: "Hello".into(),
        ..Outbound::default()
    }
}

fn status(id: &str, author_id: &str, visibility: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "created_at": "2025-03-01T10:00:00.000Z",
        "url": format!("https://example/@x/{id}"),
        "uri": format!("https://example/users/x/statuses/{id}"),
        "content": format!("<p>message {id}</p>"),
        "visibility": visibility,
        "in_reply_to_id": null,
        "in_reply_to_account_id": null,
        "account": {"id": author_id, "username": "fan", "acct": "fan@elsewhere", "display_name": "A Fan",
                    "followers_count": 12},
        "replies_count": 1, "reblogs_count": 2, "favourites_count": 3
    })
}

#[tokio::test]
async fn publishing_sends_the_idempotency_key_and_the_post_details() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .and(header("Idempotency-Key", "delivery-1"))
        .and(header("Authorization", "Bearer tok"))
        .and(body_partial_json(serde_json::json!({
            "status": "Hello", "visibility": "public", "spoiler_text": "spoilers", "language": "hi",
            "in_reply_to_id": "42"
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(status("100", "1", "public")))
        .expect(1)
        .mount(&server)
        .await;
    let content = Outbound {
        content_warning: Some("spoilers".into()),
        language: Some("hi".into()),
        in_reply_to: Some("42".into()),
        ..post("delivery-1")
    };
    let published = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap();
    assert_eq!(published.remote_id, "100");
    assert_eq!(published.url, "https://example/@x/100");
    assert_eq!(published.published_at, 1_740_823_200_000);
}

#[tokio::test]
async fn too_many_requests_says_when_to_come_back() {
    let server = MockServer::start().await;
    let reset = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(120);
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", reset.to_string())
                .set_body_json(serde_json::json!({"error": "Too many requests"})),
        )
        .mount(&server)
        .await;
    let err = connector()
        .publish(&account(&server), &post("k"))
        .await
        .unwrap_err();
    let NetworkError::RateLimited { retry_after_ms } = err else {
        panic!("{err:?}");
    };
    assert!(
        (100_000..=120_000).contains(&retry_after_ms),
        "{retry_after_ms}"
    );
}

#[tokio::test]
async fn a_nearly_spent_budget_stops_us_before_the_instance_has_to() {
    let server = MockServer::start().await;
    let reset = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(60);
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/verify_credentials"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Remaining", "2")
                .insert_header("X-RateLimit-Reset", reset.to_string())
                .set_body_json(
                    serde_json::json!({"id": "1", "username": "acme", "acct": "acme",
                    "followers_count": 5, "following_count": 6, "statuses_count": 7}),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mastodon = connector();
    let counts = mastodon.profile_counts(&account(&server)).await.unwrap();
    assert_eq!(
        counts,
        ProfileCounts {
            followers: 5,
            following: 6,
            posts: 7
        }
    );
    let second = mastodon.profile_counts(&account(&server)).await;
    assert!(
        matches!(second, Err(NetworkError::RateLimited { retry_after_ms }) if retry_after_ms > 50_000),
        "{second:?}"
    );
}

#[tokio::test]
async fn a_server_error_is_retryable_and_a_validation_error_is_not() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .and(header("Idempotency-Key", "boom"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>down</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .and(header("Idempotency-Key", "long"))
        .respond_with(ResponseTemplate::new(422).set_body_json(
            serde_json::json!({"error": "Validation failed: Text character limit of 500 exceeded"}),
        ))
        .mount(&server)
        .await;
    let m = connector();
    let err = m
        .publish(&account(&server), &post("boom"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, NetworkError::Unavailable { .. }) && err.is_retryable(),
        "{err:?}"
    );
    let err = m
        .publish(&account(&server), &post("long"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NetworkError::Rejected { detail: m, .. } if m.contains("character limit")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_slow_instance_is_a_timeout_not_a_failure() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(status("1", "1", "public"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let err = connector()
        .publish(&account(&server), &post("k"))
        .await
        .unwrap_err();
    assert_eq!(err, NetworkError::Timeout);
}

#[tokio::test]
async fn a_revoked_token_asks_for_a_reconnect() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/verify_credentials"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": "The access token was revoked"})),
        )
        .mount(&server)
        .await;
    let err = connector()
        .profile_counts(&account(&server))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetworkError::AuthExpired("The access token was revoked".into())
    );
    let connect = connector()
        .connect_with_token(&server.uri(), "tok")
        .await
        .unwrap_err();
    assert_eq!(connect.code(), "connect_wrong_credentials");
}

#[tokio::test]
async fn images_wait_until_the_instance_has_processed_them() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/media"))
        .respond_with(
            ResponseTemplate::new(202).set_body_json(serde_json::json!({"id": "m1", "url": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // Processing for two polls, then ready.
    Mock::given(method("GET"))
        .and(path("/api/v1/media/m1"))
        .respond_with(
            ResponseTemplate::new(206).set_body_json(serde_json::json!({"id": "m1", "url": null})),
        )
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/media/m1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "m1", "url": "https://x/m1.png"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/statuses"))
        .and(body_partial_json(serde_json::json!({"media_ids": ["m1"]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(status("5", "1", "public")))
        .expect(1)
        .mount(&server)
        .await;
    let content = Outbound {
        images: vec![Image {
            bytes: vec![0x89, b'P', b'N', b'G'],
            mime: "image/png".into(),
            alt: "A chart".into(),
        }],
        ..post("k")
    };
    let published = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap();
    assert_eq!(published.remote_id, "5");
}

#[tokio::test]
async fn media_that_never_finishes_processing_is_retryable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/media"))
        .respond_with(
            ResponseTemplate::new(202).set_body_json(serde_json::json!({"id": "m1", "url": null})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/media/m1"))
        .respond_with(
            ResponseTemplate::new(206).set_body_json(serde_json::json!({"id": "m1", "url": null})),
        )
        .mount(&server)
        .await;
    let content = Outbound {
        images: vec![Image {
            bytes: vec![1, 2, 3],
            mime: "image/png".into(),
            alt: String::new(),
        }],
        ..post("k")
    };
    let err = connector()
        .publish(&account(&server), &content)
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Unavailable { .. }), "{err:?}");
}

#[tokio::test]
async fn the_inbox_pages_forward_with_link_headers_and_stores_each_message_once() {
    let server = MockServer::start().await;
    let base = server.uri();
    let mention = |nid: &str, sid: &str, visibility: &str| serde_json::json!({"id": nid, "type": "mention", "status": status(sid, "9", visibility)});
    // First poll: no cursor.
    Mock::given(method("GET"))
        .and(path("/api/v1/notifications"))
        .and(query_param("types[]", "mention"))
        .and(wiremock::matchers::query_param_is_missing("min_id"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "Link",
                    format!(
                        "<{base}/api/v1/notifications?max_id=10>; rel=\"next\", \
                         <{base}/api/v1/notifications?min_id=11>; rel=\"prev\""
                    ),
                )
                .set_body_json(serde_json::json!([
                    mention("11", "201", "public"),
                    mention("10", "200", "direct")
                ])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/conversations"))
        .and(wiremock::matchers::query_param_is_missing("min_id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"id": "c1", "last_status": status("200", "9", "direct")},
            {"id": "c2", "last_status": status("150", "1", "direct")}
        ])))
        .mount(&server)
        .await;
    // Second poll: from the cursor.
    Mock::given(method("GET"))
        .and(path("/api/v1/notifications"))
        .and(query_param("min_id", "11"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([mention("12", "202", "public")])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/conversations"))
        .and(query_param("min_id", "200"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;

    let m = connector();
    let first = m.inbound(&account(&server), None).await.unwrap();
    let ids: Vec<_> = first
        .messages
        .iter()
        .map(|m| (m.remote_id.as_str(), m.kind))
        .collect();
    assert_eq!(
        ids,
        [
            ("200", InboundKind::DirectMessage),
            ("201", InboundKind::Mention)
        ],
        "oldest first, the DM once although it came twice, our own DM left out"
    );
    assert_eq!(first.messages[1].text, "message 201");
    assert_eq!(first.messages[1].author_handle, "@fan@elsewhere");
    assert!(!first.more);
    let cursor = first.next_cursor.unwrap();
    assert_eq!(cursor, "n=11;c=200");
    let second = m.inbound(&account(&server), Some(&cursor)).await.unwrap();
    assert_eq!(second.messages.len(), 1);
    assert_eq!(second.messages[0].remote_id, "202");
    assert_eq!(second.next_cursor.as_deref(), Some("n=12;c=200"));
}

#[tokio::test]
async fn post_counts_map_favourites_reblogs_replies_and_quotes() {
    let server = MockServer::start().await;
    let mut s = status("7", "1", "public");
    s["quotes_count"] = 4.into();
    Mock::given(method("GET"))
        .and(path("/api/v1/statuses"))
        .and(query_param("id[]", "7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([s])))
        .mount(&server)
        .await;
    let counts = connector()
        .post_counts(&account(&server), &["7".to_string(), "8".to_string()])
        .await
        .unwrap();
    assert_eq!(
        counts,
        [PostCounts {
            remote_id: "7".into(),
            likes: 3,
            reposts: 2,
            replies: 1,
            quotes: 4,
            impressions: None
        }]
    );
}

#[tokio::test]
async fn connecting_to_something_that_is_not_mastodon_says_so() {
    let server = MockServer::start().await;
    let err = connector()
        .connect_with_token(&server.uri(), "tok")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connect_not_the_network");
    let err = connector()
        .connect_with_token("http://127.0.0.1:1", "tok")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connect_unreachable");
    let strict = Mastodon::new(HttpConfig::default()).unwrap();
    let err = strict
        .connect_with_token("http://127.0.0.1:1", "tok")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connect_address_not_https");
}

#[tokio::test]
async fn the_oauth_flow_registers_the_app_and_trades_the_code() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/apps"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"id": "3", "name": "Sangam", "client_id": "cid", "client_secret": "sec"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(wiremock::matchers::body_string_contains("code=the-code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"access_token": "fresh", "token_type": "Bearer", "scope": "read write"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/verify_credentials"))
        .and(header("Authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"id": "77", "username": "acme", "acct": "acme", "display_name": "Acme"}),
        ))
        .mount(&server)
        .await;
    let m = connector();
    let app = m
        .register_app(
            &server.uri(),
            "https://sangam.example/connect/mastodon/callback",
        )
        .await
        .unwrap();
    let url = app.authorize_url("st4te").unwrap();
    assert!(url.as_str().contains("client_id=cid"), "{url}");
    assert!(url.as_str().contains("state=st4te"), "{url}");
    let connected = m.finish_oauth(&app, "the-code").await.unwrap();
    assert_eq!(connected.display_name, "Acme");
    assert!(
        connected.handle.starts_with("@acme@127.0.0.1:"),
        "{}",
        connected.handle
    );
    assert_eq!(connected.credentials["access_token"], "fresh");
    assert_eq!(connected.credentials["account_id"], "77");
    assert_eq!(connected.credentials["client_id"], "cid");
}

#[tokio::test]
async fn muting_an_author_looks_them_up_then_mutes_or_blocks_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/lookup"))
        .and(wiremock::matchers::query_param(
            "acct",
            "troll@example.social",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "777"})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/accounts/777/mute"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "777", "muting": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v1/accounts/777/block"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "777", "blocking": true})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let m = connector();
    assert!(
        m.mute_author(&account(&server), "@troll@example.social", false)
            .await
            .unwrap()
    );
    assert!(
        m.mute_author(&account(&server), "troll@example.social", true)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_instances_own_image_limits_are_read_and_v1_answers_for_older_instances() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/instance"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "configuration": {"statuses": {"max_media_attachments": 6},
                              "media_attachments": {"image_size_limit": 8_388_608}}
        })))
        .mount(&server)
        .await;
    let limits = connector().media_limits(&account(&server)).await.unwrap();
    assert_eq!(
        limits,
        MediaLimits {
            max_images: 6,
            max_image_bytes: 8_388_608
        }
    );

    // An instance older than 4.0 has only /api/v1/instance; what it leaves out takes the documented defaults.
    let old = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/instance"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"error": "Not found"})),
        )
        .mount(&old)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/instance"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "configuration": {"media_attachments": {"image_size_limit": 10_485_760}}
        })))
        .mount(&old)
        .await;
    let limits = connector().media_limits(&account(&old)).await.unwrap();
    assert_eq!(limits.max_image_bytes, 10_485_760);
    assert_eq!(limits.max_images, DEFAULT_MEDIA_LIMITS.max_images);
}

#[tokio::test]
async fn a_quote_notification_is_read_as_a_quote() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/notifications"))
        .and(query_param("types[]", "quote"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"id": "21", "type": "quote", "status": status("301", "9", "public")},
            {"id": "20", "type": "mention", "status": status("300", "9", "public")}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/conversations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let page = connector().inbound(&account(&server), None).await.unwrap();
    let kinds: Vec<_> = page
        .messages
        .iter()
        .map(|m| (m.remote_id.as_str(), m.kind))
        .collect();
    assert_eq!(
        kinds,
        [("300", InboundKind::Mention), ("301", InboundKind::Quote)]
    );
}
