//! Facebook Pages against a fake written from the Graph API documentation's request and answer shapes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::meta::testing::{FakeFeed, body_has, form_has, image, minutes_ago};
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn connector(server: &MockServer) -> Facebook {
    let http = HttpConfig {
        timeout: Duration::from_millis(500),
        ..HttpConfig::loopback_for_tests()
    };
    Facebook::new(http, Endpoints::At(server.uri())).unwrap()
}

fn account() -> Account {
    Account {
        profile_id: 5,
        handle: "Chai Wala".into(),
        credentials: serde_json::json!({"page_id": "pg1", "access_token": "page-tok", "app_id": "app1"}),
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
        ..Outbound::default()
    }
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn details(server: &MockServer, id: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/v25.0/{id}")))
        .respond_with(ok(serde_json::json!({"id": id,
            "permalink_url": format!("https://www.facebook.com/{id}"),
            "created_time": "2025-03-01T10:00:00+0000"})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn connecting_lists_every_page_granted_with_its_own_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("code", "the-code"))
        .and(query_param("redirect_uri", "https://sangam.example/profiles/oauth/facebook/callback"))
        .respond_with(ok(serde_json::json!({"access_token": "u-short", "token_type": "bearer", "expires_in": 5183})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("fb_exchange_token", "u-short"))
        .respond_with(ok(
            serde_json::json!({"access_token": "u-long", "token_type": "bearer",
            "expires_in": 5_183_944}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me/accounts"))
        .and(header("authorization", "Bearer u-long"))
        .respond_with(ok(serde_json::json!({"data": [
            {"id": "pg1", "name": "Chai Wala", "access_token": "page-tok", "category": "Cafe",
             "tasks": ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"]},
            {"id": "pg2", "name": "Chai Wala Pune", "access_token": "page-tok-2"}],
            "paging": {"cursors": {"before": "b", "after": "a"}}})))
        .mount(&server)
        .await;
    let fb = connector(&server);
    let url = fb.authorize_url(
        &app(),
        &Authorize {
            redirect_uri: "https://sangam.example/profiles/oauth/facebook/callback".into(),
            state: "st".into(),
            code_challenge: "cc".into(),
        },
    );
    assert!(
        url.starts_with(&format!("{}/v25.0/dialog/oauth?", server.uri())),
        "{url}"
    );
    assert!(
        url.contains("pages_manage_posts") && url.contains("state=st"),
        "{url}"
    );
    let granted = fb
        .exchange(
            &app(),
            "the-code",
            "",
            "https://sangam.example/profiles/oauth/facebook/callback",
        )
        .await
        .unwrap();
    let pages: Vec<(&str, &serde_json::Value)> = granted
        .iter()
        .map(|g| {
            (
                g.account.handle.as_str(),
                &g.account.credentials["access_token"],
            )
        })
        .collect();
    assert_eq!(
        pages,
        [
            ("Chai Wala", &serde_json::json!("page-tok")),
            ("Chai Wala Pune", &serde_json::json!("page-tok-2"))
        ]
    );
    assert!(
        granted
            .iter()
            .all(|g| g.expires_at.is_none() && !g.refreshable)
    );
}

#[tokio::test]
async fn a_refresh_checks_the_page_token_still_works() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1"))
        .respond_with(ok(serde_json::json!({"id": "pg1"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Error validating access token: The user has not authorized application app1.",
            "type": "OAuthException", "code": 190, "error_subcode": 458}})))
        .mount(&server)
        .await;
    let fb = connector(&server);
    assert!(matches!(
        fb.refresh(&app(), &account().credentials).await.unwrap(),
        Refreshed::Renewed {
            expires_at: None,
            ..
        }
    ));
    assert!(matches!(
        fb.refresh(&app(), &account().credentials).await,
        Err(NetworkError::AuthExpired(_))
    ));
}

#[tokio::test]
async fn a_text_post_with_a_link_goes_to_the_feed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/feed"))
        .and(form_has("message", "Monsoon menu: https://chai.example/m"))
        .and(form_has("link", "https://chai.example/m"))
        .respond_with(ok(serde_json::json!({"id": "pg1_101"})))
        .expect(1)
        .mount(&server)
        .await;
    details(&server, "pg1_101").await;
    let content = Outbound {
        link_card: Some(crate::LinkCard {
            url: "https://chai.example/m".into(),
            title: "Monsoon".into(),
            description: String::new(),
            thumb: None,
        }),
        ..post("Monsoon menu: https://chai.example/m")
    };
    let published = connector(&server)
        .publish(&account(), &content)
        .await
        .unwrap();
    assert_eq!(
        published,
        Published {
            remote_id: "pg1_101".into(),
            url: "https://www.facebook.com/pg1_101".into(),
            published_at: 1_740_823_200_000
        }
    );
}

#[tokio::test]
async fn photos_are_uploaded_unpublished_with_their_alt_text_then_attached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/photos"))
        .and(body_has(
            "name=\"alt_text_custom\"\r\n\r\nTwo glasses of chai",
        ))
        .and(body_has("name=\"published\"\r\n\r\nfalse"))
        .respond_with(ok(serde_json::json!({"id": "ph1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/photos"))
        .and(body_has(
            "name=\"alt_text_custom\"\r\n\r\nA plate of pakoras",
        ))
        .respond_with(ok(serde_json::json!({"id": "ph2"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/feed"))
        .and(form_has("attached_media[0]", r#"{"media_fbid":"ph1"}"#))
        .and(form_has("attached_media[1]", r#"{"media_fbid":"ph2"}"#))
        .and(form_has("message", "Rain, chai, pakoras"))
        .respond_with(ok(serde_json::json!({"id": "pg1_102"})))
        .expect(1)
        .mount(&server)
        .await;
    details(&server, "pg1_102").await;
    let content = Outbound {
        images: vec![image("Two glasses of chai"), image("A plate of pakoras")],
        ..post("Rain, chai, pakoras")
    };
    assert_eq!(
        connector(&server)
            .publish(&account(), &content)
            .await
            .unwrap()
            .remote_id,
        "pg1_102"
    );
}

#[tokio::test]
async fn answers_go_under_the_comment_or_back_through_messenger() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1_101_77/comments"))
        .and(form_has("message", "Thank you!"))
        .respond_with(ok(serde_json::json!({"id": "pg1_101_78"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/messages"))
        .and(form_has("recipient", r#"{"id":"psid9"}"#))
        .and(form_has("messaging_type", "RESPONSE"))
        .respond_with(ok(
            serde_json::json!({"recipient_id": "psid9", "message_id": "m_2"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let fb = connector(&server);
    let reply = Outbound {
        in_reply_to: Some("pg1_101_77".into()),
        ..post("Thank you!")
    };
    assert_eq!(
        fb.publish(&account(), &reply).await.unwrap().remote_id,
        "pg1_101_78"
    );
    let dm = Outbound {
        in_reply_to: Some("dm:psid9:m_1".into()),
        ..reply
    };
    assert_eq!(
        fb.publish(&account(), &dm).await.unwrap().remote_id,
        "dm:psid9:m_2"
    );
}

fn comment(id: &str, at: &str, from: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "message": format!("comment {id}"), "created_time": at,
        "from": {"id": from, "name": format!("Person {from}")}, "permalink_url": format!("https://www.facebook.com/{id}")})
}

#[tokio::test]
async fn comments_mentions_and_messenger_reach_the_inbox_once_across_overlapping_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1/published_posts"))
        .respond_with(ok(serde_json::json!({"data": [{"id": "pg1_101"}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1_101/comments"))
        .and(query_param("after", "c2"))
        .respond_with(ok(serde_json::json!({"data": [
            comment("pg1_101_2", "2025-03-01T09:00:00+0000", "u2"),
            comment("pg1_101_1", "2025-03-01T08:00:00+0000", "u1")],
            "paging": {"cursors": {"before": "x", "after": "c3"}}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1_101/comments"))
        .and(query_param("order", "reverse_chronological"))
        .respond_with(ok(serde_json::json!({"data": [
            comment("pg1_101_4", "2025-03-01T11:00:00+0000", "pg1"),
            comment("pg1_101_3", "2025-03-01T10:00:00+0000", "u3"),
            comment("pg1_101_2", "2025-03-01T09:00:00+0000", "u2")],
            "paging": {"cursors": {"before": "x", "after": "c2"}, "next": "https://graph.facebook.com/n"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1/tagged"))
        .respond_with(ok(
            serde_json::json!({"data": [{"id": "u7_55", "message": "Loved @Chai Wala",
            "created_time": "2025-03-01T07:00:00+0000", "from": {"id": "u7", "name": "Blogger"}}]}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1/conversations"))
        .and(query_param("platform", "messenger"))
        .respond_with(ok(
            serde_json::json!({"data": [{"id": "t_1", "updated_time": "2025-03-01T06:00:00+0000",
            "messages": {"data": [{"id": "m_1", "message": "Open on Sunday?",
                "from": {"id": "psid9", "name": "Asha", "email": "psid9@facebook.com"},
                "created_time": "2025-03-01T06:00:00+0000"}]}}]}),
        ))
        .mount(&server)
        .await;
    let fb = connector(&server);
    let first = fb.inbound(&account(), None).await.unwrap();
    let ids: Vec<&str> = first
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["dm:psid9:m_1", "u7_55", "pg1_101_2", "pg1_101_3"],
        "the Page's own comment is left out"
    );
    assert!(first.more);
    let c3 = first
        .messages
        .iter()
        .find(|m| m.remote_id == "pg1_101_3")
        .unwrap();
    assert_eq!(
        (c3.kind, c3.in_reply_to.as_deref(), c3.author_name.as_str()),
        (InboundKind::Comment, Some("pg1_101"), "Person u3")
    );
    let second = fb
        .inbound(&account(), first.next_cursor.as_deref())
        .await
        .unwrap();
    let ids: Vec<&str> = second
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["pg1_101_1"]);
    let third = fb
        .inbound(&account(), second.next_cursor.as_deref())
        .await
        .unwrap();
    assert!(third.messages.is_empty(), "{:?}", third.messages);
}

#[tokio::test]
async fn followers_reactions_shares_and_impressions_are_read() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1"))
        .respond_with(ok(
            serde_json::json!({"id": "pg1", "followers_count": 2400, "fan_count": 2300}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1_101"))
        .respond_with(ok(serde_json::json!({"id": "pg1_101",
            "reactions": {"data": [], "summary": {"total_count": 75}},
            "comments": {"data": [], "summary": {"order": "ranked", "total_count": 12}},
            "shares": {"count": 4}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1_101/insights"))
        .and(query_param("metric", "post_impressions"))
        .respond_with(ok(
            serde_json::json!({"data": [{"name": "post_impressions", "period": "lifetime",
            "values": [{"value": 3100}], "title": "Lifetime Post Total Impressions",
            "id": "pg1_101/insights/post_impressions/lifetime"}]}),
        ))
        .mount(&server)
        .await;
    let fb = connector(&server);
    assert_eq!(fb.profile_counts(&account()).await.unwrap().followers, 2400);
    assert_eq!(
        fb.post_counts(&account(), &["pg1_101".into()])
            .await
            .unwrap(),
        [PostCounts {
            remote_id: "pg1_101".into(),
            likes: 75,
            reposts: 4,
            replies: 12,
            quotes: 0,
            impressions: Some(3100)
        }]
    );
}

#[tokio::test]
async fn page_usage_near_the_limit_and_a_page_rate_limit_error_both_wait() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1"))
        .respond_with(
            ok(serde_json::json!({"id": "pg1", "followers_count": 1})).insert_header(
                "x-page-usage",
                r#"{"call_count":91,"total_cputime":10,"total_time":10}"#,
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let fb = connector(&server);
    fb.profile_counts(&account()).await.unwrap();
    assert!(matches!(
        fb.profile_counts(&account()).await,
        Err(NetworkError::RateLimited { .. })
    ));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/feed"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-business-use-case-usage",
                    r#"{"pg1":[{"type":"pages","call_count":100,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":30}]}"#)
                .set_body_json(serde_json::json!({"error": {"message": "(#32) Page request limit reached",
                    "type": "OAuthException", "code": 32}})),
        )
        .mount(&server)
        .await;
    let err = connector(&server)
        .publish(&account(), &post("x"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetworkError::RateLimited {
            retry_after_ms: 30 * 60_000
        }
    );
}

#[tokio::test]
async fn a_revoked_page_token_asks_for_a_reconnect() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/feed"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
            "message": "Error validating access token: The session has been invalidated because the user changed their password.",
            "type": "OAuthException", "code": 190, "error_subcode": 460}})))
        .mount(&server)
        .await;
    let err = connector(&server)
        .publish(&account(), &post("x"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NetworkError::AuthExpired(m) if m.contains("changed their password")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_lost_answer_is_found_by_its_message_and_never_posted_twice() {
    let server = MockServer::start().await;
    let feed = FakeFeed::new();
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/feed"))
        .respond_with(feed.publishes(
            "Open till 11 tonight",
            "message",
            "created_time",
            Duration::from_secs(2),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1/published_posts"))
        .respond_with(feed.lists(
            &[("pg1_old", "Open till 11 tonight", &minutes_ago(3 * 24 * 60))],
            "message",
            "created_time",
        ))
        .mount(&server)
        .await;
    let fb = connector(&server);
    let content = post("Open till 11 tonight");
    assert_eq!(
        fb.publish(&account(), &content).await.unwrap_err(),
        NetworkError::Timeout
    );
    let attempt = Attempt {
        content: &content,
        sent_at: Some(now_millis() - 60_000),
    };
    let Lookup::Found(found) = fb.look_up(&account(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, feed.ids()[0]);
    let absent = post("Closed on Monday");
    let attempt = Attempt {
        content: &absent,
        sent_at: Some(now_millis() - 60_000),
    };
    assert_eq!(
        fb.look_up(&account(), &attempt).await.unwrap(),
        Lookup::Absent
    );
}
