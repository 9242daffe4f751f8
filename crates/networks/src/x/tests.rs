//! The X connector against a fake X API v2 on wiremock, answering the documented request and response shapes (our own
//! fixtures, written from docs.x.com).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use std::time::Duration;
use wiremock::matchers::{
    body_partial_json, body_string_contains, header, method, path, query_param,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn connector(server: &MockServer) -> X {
    X::new(
        HttpConfig {
            timeout: Duration::from_millis(700),
            ..HttpConfig::loopback_for_tests()
        },
        Endpoints::At(server.uri()),
    )
    .unwrap()
}

fn app() -> App {
    App {
        client_id: "cid".into(),
        client_secret: "csecret".into(),
    }
}

fn creds() -> Credentials {
    Credentials {
        access_token: "at1".into(),
        refresh_token: Some("rt1".into()),
        expires_at: None,
        user_id: "100".into(),
        username: "acmecoffee".into(),
        client_id: "cid".into(),
    }
}

fn account() -> Account {
    Account {
        profile_id: 3,
        handle: "acmecoffee".into(),
        credentials: serde_json::to_value(creds()).unwrap(),
    }
}

fn me_json() -> serde_json::Value {
    serde_json::json!({"data": {"id": "100", "name": "Acme Coffee", "username": "acmecoffee",
        "public_metrics": {"followers_count": 1200, "following_count": 80, "tweet_count": 345, "listed_count": 3}}})
}

fn text(s: &str) -> Outbound {
    Outbound {
        idempotency_key: "k1".into(),
        text: s.into(),
        ..Outbound::default()
    }
}

async fn requests_to(server: &MockServer, verb: &str, p: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == p)
        .collect()
}

#[tokio::test]
async fn connecting_sends_the_pkce_verifier_and_grants_the_account() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(header("authorization", "Basic Y2lkOmNzZWNyZXQ="))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=the-code"))
        .and(body_string_contains("code_verifier=verifier-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "bearer", "expires_in": 7200, "access_token": "at1",
            "scope": "tweet.read tweet.write users.read offline.access", "refresh_token": "rt1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .and(header("authorization", "Bearer at1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(me_json()))
        .mount(&server)
        .await;
    let x = connector(&server);
    let url = x.authorize_url(
        &app(),
        &Authorize {
            redirect_uri: "https://sangam.example/profiles/oauth/x/callback".into(),
            state: "st".into(),
            code_challenge: "chal".into(),
        },
    );
    assert!(url.starts_with(&format!("{}/i/oauth2/authorize?", server.uri())));
    assert!(url.contains("code_challenge=chal&code_challenge_method=S256"));
    assert!(url.contains("offline.access"));
    let granted = x
        .exchange(
            &app(),
            "the-code",
            "verifier-123",
            "https://sangam.example/cb",
        )
        .await
        .unwrap();
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0].account.handle, "acmecoffee");
    assert_eq!(granted[0].account.display_name, "Acme Coffee");
    assert!(granted[0].refreshable);
    assert!(granted[0].expires_at.unwrap() > now_millis());
    let stored: Credentials =
        serde_json::from_value(granted[0].account.credentials.clone()).unwrap();
    assert_eq!(stored.user_id, "100");
    assert_eq!(stored.refresh_token.as_deref(), Some("rt1"));
}

#[tokio::test]
async fn a_refresh_stores_the_rotated_token_and_a_revoked_one_needs_reconnecting() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=rt1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token_type": "bearer", "expires_in": 7200, "access_token": "at2", "refresh_token": "rt2"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(body_string_contains("refresh_token=revoked"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_request", "error_description": "Value passed for the token was invalid."})))
        .mount(&server)
        .await;
    let x = connector(&server);
    let Refreshed::Renewed {
        credentials,
        expires_at,
    } = x.refresh(&app(), &account().credentials).await.unwrap()
    else {
        panic!("not renewed")
    };
    assert_eq!(credentials["access_token"], "at2");
    assert_eq!(credentials["refresh_token"], "rt2");
    assert_eq!(credentials["user_id"], "100");
    assert!(expires_at.is_some());

    let mut revoked = creds();
    revoked.refresh_token = Some("revoked".into());
    let err = x
        .refresh(&app(), &serde_json::to_value(revoked).unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(err, NetworkError::AuthExpired(ref m) if m.contains("invalid")),
        "{err:?}"
    );

    let mut none = creds();
    none.refresh_token = None;
    assert_eq!(
        x.refresh(&app(), &serde_json::to_value(none).unwrap())
            .await
            .unwrap(),
        Refreshed::CannotRefresh
    );
}

#[tokio::test]
async fn a_revoked_access_token_asks_for_reconnecting() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})))
        .mount(&server)
        .await;
    let err = connector(&server)
        .profile_counts(&account())
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::AuthExpired(_)), "{err:?}");
}

#[tokio::test]
async fn a_text_post_and_an_image_with_alt_text_go_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload"))
        .and(header("authorization", "Bearer at1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"id": "555", "media_key": "3_555", "size": 4, "expires_after_secs": 86400}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/metadata"))
        .and(body_partial_json(serde_json::json!({
            "id": "555", "metadata": {"alt_text": {"text": "A latte with a fern"}}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": {"id": "555", "associated_metadata": {"alt_text": {"text": "A latte with a fern"}}}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_partial_json(
            serde_json::json!({"text": "New menu", "media": {"media_ids": ["555"]}}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "data": {"id": "1800", "text": "New menu https://t.co/x"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_partial_json(
            serde_json::json!({"text": "Open at 8 https://acme.example"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "data": {"id": "1801", "text": "Open at 8 https://t.co/y"}})))
        .expect(1)
        .mount(&server)
        .await;
    let x = connector(&server);
    let mut post = text("New menu");
    post.images.push(crate::Image {
        bytes: b"\x89PNG".to_vec(),
        mime: "image/png".into(),
        alt: "A latte with a fern".into(),
    });
    let published = x.publish(&account(), &post).await.unwrap();
    assert_eq!(published.remote_id, "1800");
    assert_eq!(published.url, "https://x.com/acmecoffee/status/1800");
    let upload = &requests_to(&server, "POST", "/2/media/upload").await[0];
    let body = String::from_utf8_lossy(&upload.body);
    assert!(
        body.contains("tweet_image") && body.contains("PNG"),
        "{body}"
    );
    let linked = x
        .publish(&account(), &text("Open at 8 https://acme.example"))
        .await
        .unwrap();
    assert_eq!(linked.remote_id, "1801");
    // A text-only post uploads nothing.
    assert_eq!(
        requests_to(&server, "POST", "/2/media/upload").await.len(),
        1
    );
}

#[tokio::test]
async fn a_reply_names_the_post_it_answers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_partial_json(serde_json::json!({
            "text": "Thanks, see you soon", "reply": {"in_reply_to_tweet_id": "1700"}})))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "data": {"id": "1802", "text": "Thanks, see you soon"}})))
        .expect(1)
        .mount(&server)
        .await;
    let mut reply = text("Thanks, see you soon");
    reply.in_reply_to = Some("1700".into());
    let published = connector(&server)
        .publish(&account(), &reply)
        .await
        .unwrap();
    assert_eq!(published.remote_id, "1802");
}

/// The fake X's timeline of the account since `start_time`: what it stored.
fn timeline(tweets: serde_json::Value, next: Option<&str>) -> ResponseTemplate {
    let mut meta = serde_json::json!({"result_count": tweets.as_array().map_or(0, Vec::len)});
    if let Some(next) = next {
        meta["next_token"] = next.into();
    }
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": tweets, "meta": meta}))
}

#[tokio::test]
async fn a_post_whose_answer_was_lost_is_found_by_lookup_and_never_sent_twice() {
    let server = MockServer::start().await;
    // X stores the post, but its answer comes after our timeout.
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(
                    serde_json::json!({"data": {"id": "1900", "text": "Monsoon blend is back"}}),
                )
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string();
    Mock::given(method("GET"))
        .and(path("/2/users/100/tweets"))
        .and(query_param("pagination_token", "p2"))
        .respond_with(timeline(
            serde_json::json!([{"id": "1900", "text": "Monsoon blend is back", "created_at": now}]),
            None,
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/100/tweets"))
        .respond_with(timeline(
            // A near miss on the first page: same words, one more image than was sent.
            serde_json::json!([{"id": "1899", "text": "Monsoon blend is back https://t.co/p", "created_at": now,
                "attachments": {"media_keys": ["3_1"]},
                "entities": {"urls": [{"url": "https://t.co/p", "media_key": "3_1"}]}}]),
            Some("p2"),
        ))
        .mount(&server)
        .await;
    let x = connector(&server);
    let post = text("Monsoon blend is back");
    let sent_at = now_millis();
    assert_eq!(
        x.publish(&account(), &post).await,
        Err(NetworkError::Timeout)
    );
    let attempt = Attempt {
        content: &post,
        sent_at: Some(sent_at),
    };
    let Lookup::Found(found) = x.look_up(&account(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, "1900");
    assert_eq!(found.url, "https://x.com/acmecoffee/status/1900");
    assert_eq!(requests_to(&server, "POST", "/2/tweets").await.len(), 1);
    let first = &requests_to(&server, "GET", "/2/users/100/tweets").await[0];
    let start = first
        .url
        .query_pairs()
        .find(|(k, _)| k == "start_time")
        .unwrap()
        .1
        .parse::<jiff::Timestamp>()
        .unwrap()
        .as_millisecond();
    assert!(start <= sent_at && start >= sent_at - CLOCK_SKEW_MS - 1000);
}

#[tokio::test]
async fn a_post_that_never_arrived_is_proved_absent_and_sent_once_more() {
    let server = MockServer::start().await;
    // The first attempt never reached X's store (its timeline stays empty); the second is answered.
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(ResponseTemplate::new(503).set_body_string("over capacity"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "data": {"id": "1901", "text": "Filter coffee day"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/100/tweets"))
        .respond_with(timeline(serde_json::json!([]), None))
        .mount(&server)
        .await;
    let x = connector(&server);
    let post = text("Filter coffee day");
    let first = x.publish(&account(), &post).await.unwrap_err();
    assert!(first.is_retryable(), "{first:?}");
    let attempt = Attempt {
        content: &post,
        sent_at: Some(now_millis()),
    };
    assert_eq!(
        x.look_up(&account(), &attempt).await.unwrap(),
        Lookup::Absent
    );
    assert_eq!(
        x.publish(&account(), &post).await.unwrap().remote_id,
        "1901"
    );
    assert_eq!(requests_to(&server, "POST", "/2/tweets").await.len(), 2);
    assert!(!x.dedupes_repeats());
}

#[tokio::test]
async fn a_lookup_that_cannot_read_everything_is_unsure() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/100/tweets"))
        .respond_with(timeline(
            serde_json::json!([{"id": "1", "text": "something else"}]),
            Some("more"),
        ))
        .mount(&server)
        .await;
    let post = text("Not among them");
    let attempt = Attempt {
        content: &post,
        sent_at: Some(now_millis()),
    };
    assert!(matches!(
        connector(&server)
            .look_up(&account(), &attempt)
            .await
            .unwrap(),
        Lookup::Unsure(_)
    ));
    let no_time = Attempt {
        content: &post,
        sent_at: None,
    };
    assert!(matches!(
        connector(&server)
            .look_up(&account(), &no_time)
            .await
            .unwrap(),
        Lookup::Unsure(_)
    ));
}

fn mention(id: &str, author: &str, text: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "text": text, "author_id": author, "conversation_id": "1700",
        "created_at": "2026-11-30T10:00:00.000Z", "in_reply_to_user_id": "100",
        "referenced_tweets": [{"type": "replied_to", "id": "1700"}]})
}

fn users() -> serde_json::Value {
    serde_json::json!([{"id": "7", "username": "chai_lover", "name": "Chai Lover",
        "public_metrics": {"followers_count": 42}}])
}

#[tokio::test]
async fn mentions_and_dms_page_with_overlap_and_arrive_once() {
    let server = MockServer::start().await;
    // Run 1: the first read ever takes the newest page only.
    Mock::given(method("GET"))
        .and(path("/2/users/100/mentions"))
        .and(wiremock::matchers::query_param_is_missing("since_id"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [mention("20", "7", "@acmecoffee is the cold brew back?")],
            "includes": {"users": users()},
            "meta": {"newest_id": "20", "oldest_id": "20", "result_count": 1, "next_token": "older"}})))
        .mount(&server)
        .await;
    // Run 2: three new mentions over two pages, the second overlapping the first by one.
    Mock::given(method("GET"))
        .and(path("/2/users/100/mentions"))
        .and(query_param("since_id", "20"))
        .and(query_param("pagination_token", "pg2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [mention("22", "7", "second"), mention("21", "7", "first")],
            "includes": {"users": users()},
            "meta": {"newest_id": "22", "oldest_id": "21", "result_count": 2}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/100/mentions"))
        .and(query_param("since_id", "20"))
        .and(wiremock::matchers::query_param_is_missing("pagination_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [mention("23", "7", "third"), mention("22", "7", "second")],
            "includes": {"users": users()},
            "meta": {"newest_id": "23", "oldest_id": "22", "result_count": 2, "next_token": "pg2"}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/100/mentions"))
        .and(query_param("since_id", "23"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "meta": {"result_count": 0}})))
        .mount(&server)
        .await;
    // DMs: newest first, our own message left out, the read part reached on the second run.
    Mock::given(method("GET"))
        .and(path("/2/dm_events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [
                {"id": "90", "event_type": "MessageCreate", "text": "We open at 8", "sender_id": "100",
                 "dm_conversation_id": "7-100", "created_at": "2026-11-30T11:00:00.000Z"},
                {"id": "89", "event_type": "MessageCreate", "text": "When do you open?", "sender_id": "7",
                 "dm_conversation_id": "7-100", "created_at": "2026-11-30T10:59:00.000Z"}],
            "includes": {"users": users()},
            "meta": {"result_count": 2}})))
        .mount(&server)
        .await;
    let x = connector(&server);
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut runs = 0;
    loop {
        let page = x.inbound(&account(), cursor.as_deref()).await.unwrap();
        for m in &page.messages {
            if !seen.contains(&m.remote_id) {
                seen.push(m.remote_id.clone());
            }
        }
        if runs == 0 {
            let dm = page
                .messages
                .iter()
                .find(|m| m.remote_id == "dm:7-100:89")
                .unwrap();
            assert_eq!(dm.kind, InboundKind::DirectMessage);
            assert_eq!(dm.author_handle, "@chai_lover");
            assert_eq!(dm.conversation_id, "7-100");
            let first = page.messages.iter().find(|m| m.remote_id == "20").unwrap();
            assert_eq!(first.kind, InboundKind::Reply);
            assert_eq!(first.in_reply_to.as_deref(), Some("1700"));
            assert_eq!(first.author_followers, Some(42));
            assert!(!page.more, "the first read ever does not walk back");
        }
        cursor = page.next_cursor;
        runs += 1;
        if !page.more && runs > 2 {
            break;
        }
        assert!(runs < 8, "the walk never ended");
    }
    seen.sort();
    assert_eq!(seen, ["20", "21", "22", "23", "dm:7-100:89"]);
    let parsed = Cursor::parse(cursor.as_deref());
    assert_eq!(parsed.mentions.done.as_deref(), Some("23"));
    assert_eq!(parsed.dms.done.as_deref(), Some("90"));
    // Every message came in one page only once, and no page handed back an old one.
    let dm_calls = requests_to(&server, "GET", "/2/dm_events").await.len();
    assert_eq!(dm_calls, runs);
}

#[tokio::test]
async fn followers_and_own_posts_counts_with_impressions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(me_json()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets"))
        .and(query_param("ids", "1800,1801"))
        .and(query_param("tweet.fields", "public_metrics,non_public_metrics"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [
            {"id": "1800", "text": "a", "public_metrics": {"retweet_count": 2, "reply_count": 3, "like_count": 10,
                "quote_count": 1, "bookmark_count": 0, "impression_count": 900},
             "non_public_metrics": {"impression_count": 950, "user_profile_clicks": 4}},
            {"id": "1801", "text": "b", "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1,
                "quote_count": 0, "impression_count": 40}}]})))
        .mount(&server)
        .await;
    let x = connector(&server);
    let counts = x.profile_counts(&account()).await.unwrap();
    assert_eq!(
        counts,
        ProfileCounts {
            followers: 1200,
            following: 80,
            posts: 345
        }
    );
    let posts = x
        .post_counts(&account(), &["1800".into(), "1801".into()])
        .await
        .unwrap();
    assert_eq!(
        posts[0],
        PostCounts {
            remote_id: "1800".into(),
            likes: 10,
            reposts: 2,
            replies: 3,
            quotes: 1,
            impressions: Some(950),
        }
    );
    assert_eq!(posts[1].impressions, Some(40));
}

#[tokio::test]
async fn old_posts_without_private_metrics_still_get_public_counts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets"))
        .and(query_param(
            "tweet.fields",
            "public_metrics,non_public_metrics",
        ))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "title": "Invalid Request", "detail": "non_public_metrics are available for 30 days"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets"))
        .and(query_param("tweet.fields", "public_metrics"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": [
            {"id": "10", "text": "a", "public_metrics": {"retweet_count": 1, "reply_count": 0, "like_count": 5,
                "quote_count": 0}}]})))
        .mount(&server)
        .await;
    let posts = connector(&server)
        .post_counts(&account(), &["10".into()])
        .await
        .unwrap();
    assert_eq!(posts[0].likes, 5);
    assert_eq!(posts[0].impressions, None);
}

#[tokio::test]
async fn a_429_says_when_to_come_back_and_a_nearly_spent_budget_holds_calls() {
    let server = MockServer::start().await;
    let reset = now_millis() / 1000 + 600;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-rate-limit-limit", "100")
                .insert_header("x-rate-limit-remaining", "0")
                .insert_header("x-rate-limit-reset", reset.to_string().as_str())
                .set_body_json(serde_json::json!({"title": "Too Many Requests", "detail": "Too Many Requests"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let x = connector(&server);
    let NetworkError::RateLimited { retry_after_ms } =
        x.publish(&account(), &text("hello")).await.unwrap_err()
    else {
        panic!("not rate limited")
    };
    assert!(
        (500_000..=601_000).contains(&retry_after_ms),
        "{retry_after_ms}"
    );
    // The spent window holds the next call here, without asking X.
    assert!(matches!(
        x.publish(&account(), &text("hello")).await,
        Err(NetworkError::RateLimited { .. })
    ));

    // The app's day: every account of the app waits once it is nearly spent.
    let server = MockServer::start().await;
    let day_reset = now_millis() / 1000 + 3600;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-rate-limit-remaining", "90")
                .insert_header("x-rate-limit-reset", day_reset.to_string().as_str())
                .insert_header("x-app-limit-24hour-limit", "10000")
                .insert_header("x-app-limit-24hour-remaining", "2")
                .insert_header("x-app-limit-24hour-reset", day_reset.to_string().as_str())
                .set_body_json(serde_json::json!({"data": {"id": "1", "text": "hello"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let x = connector(&server);
    x.publish(&account(), &text("hello")).await.unwrap();
    let mut other = creds();
    other.user_id = "200".into();
    let other = Account {
        profile_id: 4,
        handle: "other".into(),
        credentials: serde_json::to_value(other).unwrap(),
    };
    assert!(matches!(
        x.publish(&other, &text("hello")).await,
        Err(NetworkError::RateLimited { .. })
    ));
}

#[tokio::test]
async fn an_answer_to_a_direct_message_goes_back_into_its_conversation_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/dm_conversations/7-100/messages"))
        .and(body_partial_json(serde_json::json!({"text": "We open at 8"})))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"data": {"dm_conversation_id": "7-100", "dm_event_id": "91"}}))
                .set_delay(Duration::from_secs(3)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let now = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S.000Z")
        .to_string();
    Mock::given(method("GET"))
        .and(path("/2/dm_conversations/7-100/dm_events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [
                {"id": "91", "event_type": "MessageCreate", "text": "We open at 8", "sender_id": "100",
                 "created_at": now},
                {"id": "89", "event_type": "MessageCreate", "text": "When do you open?", "sender_id": "7",
                 "created_at": "2026-01-01T10:00:00.000Z"}],
            "meta": {"result_count": 2}})))
        .mount(&server)
        .await;
    let x = connector(&server);
    let mut answer = text("We open at 8");
    answer.in_reply_to = Some("dm:7-100:89".into());
    let sent_at = now_millis();
    assert_eq!(
        x.publish(&account(), &answer).await,
        Err(NetworkError::Timeout)
    );
    let attempt = Attempt {
        content: &answer,
        sent_at: Some(sent_at),
    };
    let Lookup::Found(found) = x.look_up(&account(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, "dm:7-100:91");
    assert!(requests_to(&server, "POST", "/2/tweets").await.is_empty());
}
