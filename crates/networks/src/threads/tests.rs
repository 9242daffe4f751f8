//! Threads against a fake written from the Threads API documentation's request and answer shapes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::meta::testing::{FakeFeed, Images, form_has, image, minutes_ago};
use std::time::Duration;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn connector(server: &MockServer) -> Threads {
    let http = HttpConfig {
        timeout: Duration::from_millis(500),
        ..HttpConfig::loopback_for_tests()
    };
    Threads::new(http, Endpoints::At(server.uri()))
        .unwrap()
        .with_polling(Polling {
            every: Duration::from_millis(5),
            attempts: 5,
        })
}

fn account() -> Account {
    Account {
        profile_id: 3,
        handle: "@chaiwala".into(),
        credentials: serde_json::json!({"user_id": "u1", "access_token": "tok", "app_id": "app1",
            "username": "chaiwala"}),
    }
}

fn post(text: &str) -> Outbound {
    Outbound {
        idempotency_key: "k1".into(),
        text: text.into(),
        ..Outbound::default()
    }
}

async fn quota(server: &MockServer, used: i64) {
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads_publishing_limit"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [{
            "quota_usage": used, "config": {"quota_total": 250, "quota_duration": 86400},
            "reply_quota_usage": 0, "reply_config": {"quota_total": 1000, "quota_duration": 86400}}]})))
        .mount(server)
        .await;
}

async fn finishing(server: &MockServer, container: &str, in_progress: u64) {
    if in_progress > 0 {
        Mock::given(method("GET"))
            .and(path(format!("/v1.0/{container}")))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": container,
                "status": "IN_PROGRESS"})),
            )
            .up_to_n_times(in_progress)
            .expect(in_progress)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/v1.0/{container}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": container, "status": "FINISHED"})),
        )
        .mount(server)
        .await;
}

async fn publishes(server: &MockServer, container: &str, media: &str) {
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads_publish"))
        .and(form_has("creation_id", container))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": media})))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v1.0/{media}")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": media,
            "permalink": format!("https://www.threads.net/@chaiwala/post/{media}"),
            "timestamp": "2025-03-01T10:00:00+0000"})),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn connecting_trades_the_code_for_a_long_lived_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .and(form_has("code", "the-code"))
        .and(form_has("grant_type", "authorization_code"))
        .and(form_has("client_secret", "s3cret"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "short",
            "user_id": 1789})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/access_token"))
        .and(query_param("grant_type", "th_exchange_token"))
        .and(query_param("access_token", "short"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "long",
            "token_type": "bearer", "expires_in": 5_183_944})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .and(wiremock::matchers::header("authorization", "Bearer long"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "1789",
            "username": "chaiwala", "name": "Chai Wala"})),
        )
        .mount(&server)
        .await;
    let threads = connector(&server);
    let app = App {
        client_id: "app1".into(),
        client_secret: "s3cret".into(),
    };
    let url = threads.authorize_url(
        &app,
        &Authorize {
            redirect_uri: "https://sangam.example/profiles/oauth/threads/callback".into(),
            state: "st".into(),
            code_challenge: "cc".into(),
        },
    );
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", server.uri())),
        "{url}"
    );
    assert!(
        url.contains("scope=threads_basic%2Cthreads_content_publish"),
        "{url}"
    );
    assert!(url.contains(
        "redirect_uri=https%3A%2F%2Fsangam.example%2Fprofiles%2Foauth%2Fthreads%2Fcallback"
    ));
    let granted = threads
        .exchange(&app, "the-code", "", "https://r")
        .await
        .unwrap();
    assert_eq!(granted.len(), 1);
    let g = &granted[0];
    assert_eq!(g.account.handle, "@chaiwala");
    assert_eq!(g.account.display_name, "Chai Wala");
    assert_eq!(g.account.credentials["access_token"], "long");
    assert_eq!(g.account.credentials["user_id"], "1789");
    assert!(g.refreshable);
    let days = (g.expires_at.unwrap() - now_millis()) / 86_400_000;
    assert_eq!(days, 59);
}

#[tokio::test]
async fn a_bad_code_is_wrong_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Invalid verification code format.", "type": "OAuthException", "code": 100}})))
        .mount(&server)
        .await;
    let app = App {
        client_id: "a".into(),
        client_secret: "b".into(),
    };
    let err = connector(&server)
        .exchange(&app, "x", "", "https://r")
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        sangam_domain::ErrorCode::ConnectWrongCredentials
    );
}

#[tokio::test]
async fn a_long_lived_token_is_refreshed_for_sixty_more_days() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "th_refresh_token"))
        .and(query_param("access_token", "tok"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "tok2",
            "token_type": "bearer", "expires_in": 5_184_000})),
        )
        .mount(&server)
        .await;
    let app = App {
        client_id: "app1".into(),
        client_secret: "s".into(),
    };
    let Refreshed::Renewed {
        credentials,
        expires_at,
    } = connector(&server)
        .refresh(&app, &account().credentials)
        .await
        .unwrap()
    else {
        panic!("not renewed")
    };
    assert_eq!(credentials["access_token"], "tok2");
    assert_eq!(credentials["user_id"], "u1");
    assert!(expires_at.unwrap() > now_millis() + 59 * 86_400_000);
}

#[tokio::test]
async fn a_text_post_goes_through_its_container() {
    let server = MockServer::start().await;
    quota(&server, 3).await;
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads"))
        .and(form_has("media_type", "TEXT"))
        .and(form_has("text", "Masala chai, monsoon edition"))
        .and(form_has("link_attachment", "https://chai.example/monsoon"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"})))
        .expect(1)
        .mount(&server)
        .await;
    finishing(&server, "c1", 0).await;
    publishes(&server, "c1", "m1").await;
    let content = Outbound {
        link_card: Some(crate::LinkCard {
            url: "https://chai.example/monsoon".into(),
            title: "Monsoon".into(),
            description: String::new(),
            thumb: None,
        }),
        ..post("Masala chai, monsoon edition")
    };
    let published = connector(&server)
        .publish(&account(), &content)
        .await
        .unwrap();
    assert_eq!(published.remote_id, "m1");
    assert_eq!(published.url, "https://www.threads.net/@chaiwala/post/m1");
    assert_eq!(published.published_at, 1_740_823_200_000);
}

#[tokio::test]
async fn an_image_waits_while_its_container_is_in_progress_and_keeps_its_alt_text() {
    let server = MockServer::start().await;
    let images = Images::new(&server);
    quota(&server, 0).await;
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads"))
        .and(form_has("media_type", "IMAGE"))
        .and(form_has(
            "image_url",
            &format!("{}/public/img-0", server.uri()),
        ))
        .and(form_has("alt_text", "A steel glass of chai"))
        .and(form_has("text", "Chai"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c2"})))
        .expect(1)
        .mount(&server)
        .await;
    finishing(&server, "c2", 2).await;
    publishes(&server, "c2", "m2").await;
    let content = Outbound {
        images: vec![image("A steel glass of chai")],
        ..post("Chai")
    };
    let published = connector(&server)
        .with_image_host(images.clone())
        .publish(&account(), &content)
        .await
        .unwrap();
    assert_eq!(published.remote_id, "m2");
    assert_eq!(images.served(), vec![image("A steel glass of chai").bytes]);
}

#[tokio::test]
async fn a_container_that_errors_is_refused_for_good() {
    let server = MockServer::start().await;
    quota(&server, 0).await;
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c3"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/c3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"id": "c3", "status": "ERROR",
            "error_message": "FAILED_DOWNLOADING_VIDEO"})),
        )
        .mount(&server)
        .await;
    let err = connector(&server)
        .publish(&account(), &post("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NetworkError::Rejected { detail, .. } if detail.contains("FAILED_DOWNLOADING")),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_daily_publishing_limit_holds_the_post_without_creating_anything() {
    let server = MockServer::start().await;
    quota(&server, 250).await;
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c"})))
        .expect(0)
        .mount(&server)
        .await;
    let err = connector(&server)
        .publish(&account(), &post("x"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetworkError::RateLimited {
            retry_after_ms: meta::LIMIT_RECHECK_MS
        }
    );
}

#[tokio::test]
async fn a_reply_names_the_post_it_answers() {
    let server = MockServer::start().await;
    quota(&server, 250).await; // posts are at the limit; replies have their own quota
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads"))
        .and(form_has("reply_to_id", "their-post"))
        .and(form_has("media_type", "TEXT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c4"})))
        .expect(1)
        .mount(&server)
        .await;
    finishing(&server, "c4", 0).await;
    publishes(&server, "c4", "m4").await;
    let content = Outbound {
        in_reply_to: Some("their-post".into()),
        ..post("Thank you!")
    };
    assert_eq!(
        connector(&server)
            .publish(&account(), &content)
            .await
            .unwrap()
            .remote_id,
        "m4"
    );
}

fn mention(id: &str, at: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "text": format!("@chaiwala hello {id}"), "username": "fan",
        "timestamp": at, "permalink": format!("https://www.threads.net/@fan/post/{id}"),
        "root_post": {"id": id}})
}

#[tokio::test]
async fn mentions_and_replies_page_back_and_overlap_gives_each_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/mentions"))
        .and(query_param("after", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [mention("t2", "2025-03-01T09:00:00+0000"), mention("t1", "2025-03-01T08:00:00+0000")],
            "paging": {"cursors": {"before": "b", "after": "end"}}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/mentions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [mention("t3", "2025-03-01T10:00:00+0000"), mention("t2", "2025-03-01T09:00:00+0000")],
            "paging": {"cursors": {"before": "b", "after": "p2"}, "next": "https://graph.threads.net/next"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [{"id": "ours"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/ours/conversation"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [
            {"id": "r2", "text": "our answer", "username": "chaiwala", "timestamp": "2025-03-01T09:30:00+0000",
             "is_reply_owned_by_me": true, "replied_to": {"id": "r1"}, "root_post": {"id": "ours"}},
            {"id": "r1", "text": "Is it sugar-free?", "username": "fan", "timestamp": "2025-03-01T09:10:00+0000",
             "is_reply_owned_by_me": false, "replied_to": {"id": "ours"}, "root_post": {"id": "ours"}}]})))
        .mount(&server)
        .await;
    let threads = connector(&server);
    let first = threads.inbound(&account(), None).await.unwrap();
    assert!(first.more);
    let ids: Vec<&str> = first
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["t2", "r1", "t3"]);
    let reply = first.messages.iter().find(|m| m.remote_id == "r1").unwrap();
    assert_eq!(
        (
            reply.kind,
            reply.in_reply_to.as_deref(),
            reply.conversation_id.as_str()
        ),
        (InboundKind::Reply, Some("ours"), "ours")
    );
    let second = threads
        .inbound(&account(), first.next_cursor.as_deref())
        .await
        .unwrap();
    let ids: Vec<&str> = second
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["t1"], "t2 was on both pages and is given once");
    assert!(!second.more);
    // The walk is finished: the next poll starts from the newest again and finds nothing new.
    let third = threads
        .inbound(&account(), second.next_cursor.as_deref())
        .await
        .unwrap();
    assert!(third.messages.is_empty(), "{:?}", third.messages);
}

#[tokio::test]
async fn followers_and_post_insights_map_to_the_catalogue() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads_insights"))
        .and(query_param("metric", "followers_count"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [{
            "name": "followers_count", "period": "day", "title": "followers_count",
            "total_value": {"value": 4321}, "id": "u1/insights/followers_count/day"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/m1/insights"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [
            {"name": "views", "period": "lifetime", "values": [{"value": 900}]},
            {"name": "likes", "period": "lifetime", "values": [{"value": 40}]},
            {"name": "replies", "period": "lifetime", "values": [{"value": 5}]},
            {"name": "reposts", "period": "lifetime", "values": [{"value": 3}]},
            {"name": "quotes", "period": "lifetime", "values": [{"value": 1}]}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/gone/insights"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Object does not exist", "type": "OAuthException", "code": 100, "error_subcode": 33}})))
        .mount(&server)
        .await;
    let threads = connector(&server);
    assert_eq!(
        threads.profile_counts(&account()).await.unwrap().followers,
        4321
    );
    let counts = threads
        .post_counts(&account(), &["m1".into(), "gone".into()])
        .await
        .unwrap();
    assert_eq!(
        counts,
        [PostCounts {
            remote_id: "m1".into(),
            likes: 40,
            reposts: 3,
            replies: 5,
            quotes: 1,
            impressions: Some(900)
        }]
    );
}

#[tokio::test]
async fn usage_near_the_limit_stops_calls_and_a_429_says_when_to_return() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads_insights"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "x-app-usage",
                    r#"{"call_count":95,"total_cputime":20,"total_time":30}"#,
                )
                .set_body_json(serde_json::json!({"data": []})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let threads = connector(&server);
    threads.profile_counts(&account()).await.unwrap();
    let err = threads.profile_counts(&account()).await.unwrap_err();
    assert!(
        matches!(err, NetworkError::RateLimited { retry_after_ms } if retry_after_ms > 60_000),
        "{err:?}"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads_insights"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "120")
                .set_body_json(
                    serde_json::json!({"error": {"message": "Application request limit reached",
                    "type": "OAuthException", "code": 4}}),
                ),
        )
        .mount(&server)
        .await;
    let err = connector(&server)
        .profile_counts(&account())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetworkError::RateLimited {
            retry_after_ms: 120_000
        }
    );
}

#[tokio::test]
async fn a_revoked_token_asks_for_a_reconnect() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads_insights"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Error validating access token: The user has not authorized application app1.",
            "type": "OAuthException", "code": 190, "error_subcode": 458}})))
        .mount(&server)
        .await;
    let err = connector(&server)
        .profile_counts(&account())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NetworkError::AuthExpired(m) if m.contains("not authorized")),
        "{err:?}"
    );
}

/// The fake stores the post, then answers too late: the publisher's lookup finds it and nothing is sent again.
#[tokio::test]
async fn a_lost_answer_is_found_by_lookup_and_never_sent_twice() {
    let server = MockServer::start().await;
    let feed = FakeFeed::new();
    quota(&server, 0).await;
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c9"})))
        .mount(&server)
        .await;
    finishing(&server, "c9", 0).await;
    Mock::given(method("POST"))
        .and(path("/v1.0/u1/threads_publish"))
        .respond_with(feed.publishes("Chai at 4", "text", "timestamp", Duration::from_secs(2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads"))
        .respond_with(feed.lists(
            &[("old", "Chai at 4", &minutes_ago(60 * 24))],
            "text",
            "timestamp",
        ))
        .mount(&server)
        .await;
    let threads = connector(&server);
    let content = post("Chai at 4");
    let sent_at = now_millis() - 60_000;
    assert_eq!(
        threads.publish(&account(), &content).await.unwrap_err(),
        NetworkError::Timeout
    );
    let attempt = Attempt {
        content: &content,
        sent_at: Some(sent_at),
    };
    let Lookup::Found(found) = threads.look_up(&account(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, feed.ids()[0]);
    assert_ne!(
        found.remote_id, "old",
        "yesterday's identical post is not this send"
    );
    // `.expect(1)` on threads_publish: the lookup did not publish again.
}

#[tokio::test]
async fn a_send_that_never_arrived_is_proved_absent() {
    let server = MockServer::start().await;
    let feed = FakeFeed::new();
    Mock::given(method("GET"))
        .and(path("/v1.0/u1/threads"))
        .respond_with(feed.lists(
            &[("older", "Something else", &minutes_ago(90))],
            "text",
            "timestamp",
        ))
        .mount(&server)
        .await;
    let content = post("Chai at 4");
    let attempt = Attempt {
        content: &content,
        sent_at: Some(now_millis() - 60_000),
    };
    assert_eq!(
        connector(&server)
            .look_up(&account(), &attempt)
            .await
            .unwrap(),
        Lookup::Absent
    );
}
