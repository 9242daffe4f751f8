//! Instagram against a fake written from the Instagram Platform documentation's request and answer shapes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::meta::testing::{FakeFeed, Images, form_has, image, minutes_ago};
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn connector(server: &MockServer) -> Instagram {
    let http = HttpConfig {
        timeout: Duration::from_millis(500),
        ..HttpConfig::loopback_for_tests()
    };
    Instagram::new(http, Endpoints::At(server.uri()))
        .unwrap()
        .with_image_host(Images::new(server))
        .with_polling(Polling {
            every: Duration::from_millis(5),
            attempts: 5,
        })
}

fn account() -> Account {
    Account {
        profile_id: 4,
        handle: "@chaiwala".into(),
        credentials: serde_json::json!({"login": "facebook", "ig_user_id": "17841", "access_token": "page-tok",
            "page_id": "pg1", "app_id": "app1", "username": "chaiwala"}),
    }
}

fn app() -> App {
    App {
        client_id: "app1".into(),
        client_secret: "s3cret".into(),
    }
}

fn post(text: &str) -> Outbound {
    Outbound {
        idempotency_key: "k".into(),
        text: text.into(),
        images: vec![image("Chai in a kulhad")],
        ..Outbound::default()
    }
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn quota(server: &MockServer, used: i64) {
    Mock::given(method("GET"))
        .and(path("/v25.0/17841/content_publishing_limit"))
        .respond_with(ok(serde_json::json!({"data": [{"quota_usage": used,
            "config": {"quota_total": 100, "quota_duration": 86400}}]})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn facebook_login_grants_the_instagram_accounts_linked_to_the_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("code", "the-code"))
        .and(query_param("client_secret", "s3cret"))
        .respond_with(ok(
            serde_json::json!({"access_token": "user-short", "token_type": "bearer",
            "expires_in": 5183}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("fb_exchange_token", "user-short"))
        .respond_with(ok(
            serde_json::json!({"access_token": "user-long", "token_type": "bearer",
            "expires_in": 5_183_944}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me/accounts"))
        .and(header("authorization", "Bearer user-long"))
        .and(query_param("after", "p2"))
        .respond_with(ok(serde_json::json!({"data": [
            {"id": "pg2", "name": "Chai Wala Pune", "access_token": "page-tok-2",
             "instagram_business_account": {"id": "17842", "username": "chaiwala.pune", "name": "Chai Wala Pune"}}],
            "paging": {"cursors": {"before": "b", "after": "end"}}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me/accounts"))
        .respond_with(ok(serde_json::json!({"data": [
            {"id": "pg1", "name": "Chai Wala", "access_token": "page-tok",
             "instagram_business_account": {"id": "17841", "username": "chaiwala", "name": "Chai Wala"}},
            {"id": "pg9", "name": "A Page without Instagram", "access_token": "t9"}],
            "paging": {"cursors": {"before": "b", "after": "p2"}, "next": "https://graph.facebook.com/next"}})))
        .mount(&server)
        .await;
    let ig = connector(&server);
    let url = ig.authorize_url(
        &app(),
        &Authorize {
            redirect_uri: "https://sangam.example/profiles/oauth/instagram/callback".into(),
            state: "st".into(),
            code_challenge: "cc".into(),
        },
    );
    assert!(
        url.starts_with(&format!(
            "{}/v25.0/dialog/oauth?client_id=app1",
            server.uri()
        )),
        "{url}"
    );
    assert!(url.contains("instagram_content_publish"), "{url}");
    let granted = ig
        .exchange(&app(), "the-code", "", "https://r")
        .await
        .unwrap();
    let handles: Vec<&str> = granted.iter().map(|g| g.account.handle.as_str()).collect();
    assert_eq!(handles, ["@chaiwala", "@chaiwala.pune"]);
    let first = &granted[0];
    assert_eq!(first.account.credentials["access_token"], "page-tok");
    assert_eq!(first.account.credentials["page_id"], "pg1");
    assert_eq!(first.account.credentials["login"], "facebook");
    assert_eq!((first.expires_at, first.refreshable), (None, false));
}

#[tokio::test]
async fn instagram_login_connects_with_a_sixty_day_token_and_refreshes_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .and(form_has("code", "c0de"))
        .and(form_has("grant_type", "authorization_code"))
        .respond_with(ok(
            serde_json::json!({"data": [{"access_token": "ig-short", "user_id": "9001",
            "permissions": "instagram_business_basic,instagram_business_content_publish"}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/access_token"))
        .and(query_param("grant_type", "ig_exchange_token"))
        .and(query_param("access_token", "ig-short"))
        .respond_with(ok(
            serde_json::json!({"access_token": "ig-long", "token_type": "bearer",
            "expires_in": 5_184_000}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me"))
        .respond_with(ok(
            serde_json::json!({"user_id": "17849", "username": "chaiwala", "name": "Chai Wala",
            "id": "app-scoped"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/refresh_access_token"))
        .and(query_param("grant_type", "ig_refresh_token"))
        .and(query_param("access_token", "ig-long"))
        .respond_with(ok(
            serde_json::json!({"access_token": "ig-long-2", "token_type": "bearer",
            "expires_in": 5_184_000}),
        ))
        .mount(&server)
        .await;
    let ig = connector(&server).with_instagram_login();
    let url = ig.authorize_url(
        &app(),
        &Authorize {
            redirect_uri: "https://r".into(),
            state: "st".into(),
            code_challenge: "cc".into(),
        },
    );
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", server.uri())),
        "{url}"
    );
    assert!(url.contains("instagram_business_content_publish"));
    let granted = ig.exchange(&app(), "c0de", "", "https://r").await.unwrap();
    let g = &granted[0];
    assert_eq!(g.account.credentials["ig_user_id"], "17849");
    assert_eq!(g.account.credentials["login"], "instagram");
    assert!(g.refreshable && g.expires_at.unwrap() > now_millis() + 59 * 86_400_000);
    let Refreshed::Renewed { credentials, .. } =
        ig.refresh(&app(), &g.account.credentials).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(credentials["access_token"], "ig-long-2");
}

#[tokio::test]
async fn an_image_post_waits_for_its_container_and_carries_the_alt_text() {
    let server = MockServer::start().await;
    quota(&server, 12).await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841/media"))
        .and(form_has(
            "image_url",
            &format!("{}/public/img-0", server.uri()),
        ))
        .and(form_has("alt_text", "Chai in a kulhad"))
        .and(form_has("caption", "Monsoon menu is here"))
        .respond_with(ok(serde_json::json!({"id": "cont1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/cont1"))
        .respond_with(ok(
            serde_json::json!({"id": "cont1", "status_code": "IN_PROGRESS"}),
        ))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/cont1"))
        .respond_with(ok(
            serde_json::json!({"id": "cont1", "status_code": "FINISHED"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841/media_publish"))
        .and(form_has("creation_id", "cont1"))
        .respond_with(ok(serde_json::json!({"id": "media1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/media1"))
        .respond_with(ok(
            serde_json::json!({"id": "media1", "permalink": "https://www.instagram.com/p/ABC/",
            "timestamp": "2025-03-01T10:00:00+0000"}),
        ))
        .mount(&server)
        .await;
    let published = connector(&server)
        .publish(&account(), &post("Monsoon menu is here"))
        .await
        .unwrap();
    assert_eq!(
        published,
        Published {
            remote_id: "media1".into(),
            url: "https://www.instagram.com/p/ABC/".into(),
            published_at: 1_740_823_200_000
        }
    );
}

#[tokio::test]
async fn a_text_only_post_is_refused_and_the_daily_limit_holds_the_rest() {
    let server = MockServer::start().await;
    quota(&server, 100).await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841/media"))
        .respond_with(ok(serde_json::json!({"id": "x"})))
        .expect(0)
        .mount(&server)
        .await;
    let ig = connector(&server);
    let text_only = Outbound {
        images: vec![],
        ..post("Just words")
    };
    assert!(matches!(
        ig.publish(&account(), &text_only).await,
        Err(NetworkError::Rejected { .. })
    ));
    assert_eq!(
        ig.publish(&account(), &post("x")).await.unwrap_err(),
        NetworkError::RateLimited {
            retry_after_ms: meta::LIMIT_RECHECK_MS
        }
    );
}

#[tokio::test]
async fn answers_go_to_the_comment_or_back_to_the_sender() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/c77/replies"))
        .and(form_has("message", "Thank you!"))
        .respond_with(ok(serde_json::json!({"id": "c78"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/messages"))
        .and(form_has("recipient", r#"{"id":"igsid5"}"#))
        .and(form_has("message", r#"{"text":"Thank you!"}"#))
        .respond_with(ok(
            serde_json::json!({"recipient_id": "igsid5", "message_id": "mid.2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let ig = connector(&server);
    let reply = Outbound {
        in_reply_to: Some("c77".into()),
        images: vec![],
        ..post("Thank you!")
    };
    assert_eq!(
        ig.publish(&account(), &reply).await.unwrap().remote_id,
        "c78"
    );
    let dm = Outbound {
        in_reply_to: Some("dm:igsid5:mid.1".into()),
        ..reply
    };
    assert_eq!(
        ig.publish(&account(), &dm).await.unwrap().remote_id,
        "dm:igsid5:mid.2"
    );
}

#[tokio::test]
async fn comments_tags_and_direct_messages_reach_the_inbox_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841/media"))
        .respond_with(ok(serde_json::json!({"data": [
            {"id": "media1", "permalink": "https://www.instagram.com/p/A/", "comments_count": 3},
            {"id": "media0", "permalink": "https://www.instagram.com/p/B/", "comments_count": 0}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/media1/comments"))
        .and(query_param("after", "cc2"))
        .respond_with(ok(serde_json::json!({"data": [
            {"id": "k2", "text": "Sugar-free?", "timestamp": "2025-03-01T09:00:00+0000", "username": "fan2"},
            {"id": "k1", "text": "Yum", "timestamp": "2025-03-01T08:00:00+0000", "username": "fan1"}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/media1/comments"))
        .respond_with(ok(serde_json::json!({"data": [
            {"id": "k3", "text": "Our answer", "timestamp": "2025-03-01T10:00:00+0000", "username": "chaiwala"},
            {"id": "k2", "text": "Sugar-free?", "timestamp": "2025-03-01T09:00:00+0000", "username": "fan2"}],
            "paging": {"cursors": {"after": "cc2"}, "next": "https://graph.facebook.com/n"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841/tags"))
        .respond_with(ok(serde_json::json!({"data": [{"id": "t1", "caption": "Best chai @chaiwala",
            "username": "blogger", "timestamp": "2025-03-01T07:00:00+0000", "permalink": "https://www.instagram.com/p/T/"}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1/conversations"))
        .and(query_param("platform", "instagram"))
        .respond_with(ok(serde_json::json!({"data": [{"id": "conv1", "updated_time": "2025-03-01T06:00:00+0000",
            "messages": {"data": [
                {"id": "mid.2", "message": "We'll DM you", "from": {"id": "17841", "username": "chaiwala"},
                 "created_time": "2025-03-01T06:00:00+0000"},
                {"id": "mid.1", "message": "Do you deliver to Baner?", "from": {"id": "igsid5", "username": "fan5"},
                 "created_time": "2025-03-01T05:00:00+0000"}]}}]})))
        .mount(&server)
        .await;
    let ig = connector(&server);
    let first = ig.inbound(&account(), None).await.unwrap();
    let ids: Vec<&str> = first
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["dm:igsid5:mid.1", "t1", "k2"]);
    assert!(first.more);
    let dm = &first.messages[0];
    assert_eq!(
        (
            dm.kind,
            dm.conversation_id.as_str(),
            dm.author_handle.as_str()
        ),
        (InboundKind::DirectMessage, "conv1", "@fan5")
    );
    let comment = &first.messages[2];
    assert_eq!(
        (comment.kind, comment.in_reply_to.as_deref()),
        (InboundKind::Comment, Some("media1"))
    );
    let second = ig
        .inbound(&account(), first.next_cursor.as_deref())
        .await
        .unwrap();
    let ids: Vec<&str> = second
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["k1"], "k2 stood on both pages");
    let third = ig
        .inbound(&account(), second.next_cursor.as_deref())
        .await
        .unwrap();
    assert!(third.messages.is_empty(), "{:?}", third.messages);
}

#[tokio::test]
async fn followers_and_media_insights_are_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841"))
        .respond_with(ok(
            serde_json::json!({"id": "17841", "followers_count": 5120, "follows_count": 80,
            "media_count": 311}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/media1"))
        .respond_with(ok(
            serde_json::json!({"id": "media1", "like_count": 210, "comments_count": 14}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/media1/insights"))
        .and(query_param("metric", "views,reach,shares"))
        .respond_with(ok(serde_json::json!({"data": [
            {"name": "views", "period": "lifetime", "values": [{"value": 8800}], "id": "media1/insights/views/lifetime"},
            {"name": "reach", "period": "lifetime", "values": [{"value": 6100}]},
            {"name": "shares", "period": "lifetime", "values": [{"value": 9}]}]})))
        .mount(&server)
        .await;
    let ig = connector(&server);
    assert_eq!(
        ig.profile_counts(&account()).await.unwrap(),
        ProfileCounts {
            followers: 5120,
            following: 80,
            posts: 311
        }
    );
    assert_eq!(
        ig.post_counts(&account(), &["media1".into()])
            .await
            .unwrap(),
        [PostCounts {
            remote_id: "media1".into(),
            likes: 210,
            reposts: 9,
            replies: 14,
            quotes: 0,
            impressions: Some(8800)
        }]
    );
}

#[tokio::test]
async fn the_account_usage_header_stops_calls_before_meta_refuses() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841"))
        .respond_with(
            ok(serde_json::json!({"id": "17841", "followers_count": 1}))
                .insert_header("x-business-use-case-usage",
                    r#"{"17841":[{"type":"instagram","call_count":96,"total_cputime":4,"total_time":4,"estimated_time_to_regain_access":11}]}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ig = connector(&server);
    ig.profile_counts(&account()).await.unwrap();
    let err = ig.profile_counts(&account()).await.unwrap_err();
    assert!(
        matches!(err, NetworkError::RateLimited { retry_after_ms } if retry_after_ms > 10 * 60_000),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_rate_limit_error_and_a_revoked_token_are_told_apart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Application request limit reached", "type": "OAuthException", "code": 4,
            "is_transient": true}})),
        )
        .mount(&server)
        .await;
    assert!(matches!(
        connector(&server).profile_counts(&account()).await,
        Err(NetworkError::RateLimited { .. })
    ));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Error validating access token: Session has expired", "type": "OAuthException",
            "code": 190, "error_subcode": 463}})))
        .mount(&server)
        .await;
    assert!(matches!(
        connector(&server).profile_counts(&account()).await,
        Err(NetworkError::AuthExpired(_))
    ));
}

#[tokio::test]
async fn a_lost_answer_is_found_by_caption_and_never_published_twice() {
    let server = MockServer::start().await;
    let feed = FakeFeed::new();
    quota(&server, 0).await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841/media"))
        .respond_with(ok(serde_json::json!({"id": "cont9"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/cont9"))
        .respond_with(ok(
            serde_json::json!({"id": "cont9", "status_code": "FINISHED"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/17841/media_publish"))
        .respond_with(feed.publishes(
            "Filter coffee Friday",
            "caption",
            "timestamp",
            Duration::from_secs(2),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/17841/media"))
        .respond_with(feed.lists(
            &[(
                "last-week",
                "Filter coffee Friday",
                &minutes_ago(7 * 24 * 60),
            )],
            "caption",
            "timestamp",
        ))
        .mount(&server)
        .await;
    let ig = connector(&server);
    let content = post("Filter coffee Friday");
    assert_eq!(
        ig.publish(&account(), &content).await.unwrap_err(),
        NetworkError::Timeout
    );
    let attempt = Attempt {
        content: &content,
        sent_at: Some(now_millis() - 60_000),
    };
    let Lookup::Found(found) = ig.look_up(&account(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, feed.ids()[0]);
    assert_ne!(found.remote_id, "last-week");
}

#[tokio::test]
async fn a_send_that_never_arrived_is_proved_absent_and_a_dm_is_left_to_a_person() {
    let server = MockServer::start().await;
    let feed = FakeFeed::new();
    Mock::given(method("GET"))
        .and(path("/v25.0/17841/media"))
        .respond_with(feed.lists(
            &[("old", "Something else", &minutes_ago(120))],
            "caption",
            "timestamp",
        ))
        .mount(&server)
        .await;
    let ig = connector(&server);
    let content = post("Filter coffee Friday");
    let attempt = Attempt {
        content: &content,
        sent_at: Some(now_millis() - 60_000),
    };
    assert_eq!(
        ig.look_up(&account(), &attempt).await.unwrap(),
        Lookup::Absent
    );
    let dm = Outbound {
        in_reply_to: Some("dm:igsid5:mid.1".into()),
        ..post("Thanks")
    };
    let attempt = Attempt {
        content: &dm,
        sent_at: Some(now_millis() - 60_000),
    };
    assert!(matches!(
        ig.look_up(&account(), &attempt).await.unwrap(),
        Lookup::Unsure(_)
    ));
}
