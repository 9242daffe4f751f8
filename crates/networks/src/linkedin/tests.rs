//! The LinkedIn connector against a fake LinkedIn REST API on wiremock, answering the documented request and response
//! shapes (our own fixtures, written from the Community Management API documentation on learn.microsoft.com).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use std::time::Duration;
use wiremock::matchers::{
    body_partial_json, body_string_contains, header, method, path, query_param,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ORG: &str = "urn:li:organization:2414183";
const ORG_PATH: &str = "urn%3Ali%3Aorganization%3A2414183";

fn connector(server: &MockServer) -> LinkedIn {
    LinkedIn::new(
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
        client_id: "lcid".into(),
        client_secret: "lsecret".into(),
    }
}

fn creds(author: &str) -> Credentials {
    Credentials {
        access_token: "lat1".into(),
        refresh_token: Some("lrt1".into()),
        expires_at: None,
        author: author.into(),
        member: "urn:li:person:abc".into(),
        client_id: "lcid".into(),
    }
}

fn page() -> Account {
    Account {
        profile_id: 5,
        handle: "acme-coffee".into(),
        credentials: serde_json::to_value(creds(ORG)).unwrap(),
    }
}

fn member() -> Account {
    Account {
        profile_id: 6,
        handle: "Asha Rao".into(),
        credentials: serde_json::to_value(creds("urn:li:person:abc")).unwrap(),
    }
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

fn created(urn: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).insert_header("x-restli-id", urn)
}

#[tokio::test]
async fn connecting_grants_the_member_and_each_page_they_administer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=lcode"))
        .and(body_string_contains("client_secret=lsecret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "lat1", "expires_in": 5184000, "refresh_token": "lrt1",
            "refresh_token_expires_in": 31536000, "scope": "openid,profile,w_member_social,w_organization_social"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .and(header("authorization", "Bearer lat1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "sub": "abc", "name": "Asha Rao", "given_name": "Asha", "family_name": "Rao", "locale": "en-US"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .and(query_param("q", "roleAssignee"))
        .and(query_param("role", "ADMINISTRATOR"))
        .and(header("LinkedIn-Version", VERSION))
        .and(header("X-Restli-Protocol-Version", "2.0.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "paging": {"count": 10, "start": 0},
            "elements": [{"role": "ADMINISTRATOR", "roleAssignee": "urn:li:person:abc", "state": "APPROVED",
                          "organization": ORG}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations/2414183"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": 2414183, "localizedName": "Acme Coffee", "vanityName": "acme-coffee"})))
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let url = linkedin.authorize_url(
        &app(),
        &Authorize {
            redirect_uri: "https://sangam.example/profiles/oauth/linkedin/callback".into(),
            state: "st".into(),
            code_challenge: "unused".into(),
        },
    );
    assert!(url.starts_with(&format!("{}/oauth/v2/authorization?", server.uri())));
    assert!(url.contains("w_organization_social") && url.contains("rw_organization_admin"));
    assert!(!linkedin.uses_pkce());
    let granted = linkedin
        .exchange(&app(), "lcode", "", "https://sangam.example/cb")
        .await
        .unwrap();
    assert_eq!(granted.len(), 2);
    assert_eq!(granted[0].account.display_name, "Asha Rao");
    assert_eq!(
        granted[0].account.credentials["author"],
        "urn:li:person:abc"
    );
    assert_eq!(granted[1].account.handle, "acme-coffee");
    assert_eq!(granted[1].account.display_name, "Acme Coffee");
    assert_eq!(granted[1].account.credentials["author"], ORG);
    assert!(
        granted
            .iter()
            .all(|g| g.refreshable && g.expires_at.is_some())
    );
}

#[tokio::test]
async fn a_refresh_renews_and_a_revoked_grant_needs_reconnecting() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=lrt1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "lat2", "expires_in": 5184000, "refresh_token": "lrt1",
            "refresh_token_expires_in": 30000000})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .and(body_string_contains("refresh_token=gone"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_request",
            "error_description": "The provided authorization grant or refresh token is invalid, expired or revoked"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/rest/networkSizes/{ORG_PATH}")))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN",
            "message": "The token used in the request has been revoked by the user"})))
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let Refreshed::Renewed { credentials, .. } =
        linkedin.refresh(&app(), &page().credentials).await.unwrap()
    else {
        panic!("not renewed")
    };
    assert_eq!(credentials["access_token"], "lat2");
    assert_eq!(credentials["author"], ORG);
    let mut gone = creds(ORG);
    gone.refresh_token = Some("gone".into());
    assert!(matches!(
        linkedin
            .refresh(&app(), &serde_json::to_value(gone).unwrap())
            .await,
        Err(NetworkError::AuthExpired(_))
    ));
    let err = linkedin.profile_counts(&page()).await.unwrap_err();
    assert!(
        matches!(err, NetworkError::AuthExpired(ref m) if m.contains("revoked")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_text_post_and_an_image_post_with_alt_text_go_out() {
    let server = MockServer::start().await;
    let upload_url = format!(
        "{}/dms-uploads/img1/feedshare-uploadedImage/0",
        server.uri()
    );
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .and(query_param("action", "initializeUpload"))
        .and(body_partial_json(serde_json::json!({"initializeUploadRequest": {"owner": ORG}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"value": {
            "uploadUrlExpiresAt": 1650567510704_i64, "uploadUrl": upload_url, "image": "urn:li:image:C4E10AQ"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/dms-uploads/img1/feedshare-uploadedImage/0"))
        .and(header("authorization", "Bearer lat1"))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(body_partial_json(serde_json::json!({
            "author": ORG, "commentary": "Cold brew is back \\(finally\\)", "lifecycleState": "PUBLISHED",
            "content": {"media": {"id": "urn:li:image:C4E10AQ", "altText": "A glass of cold brew"}}})))
        .respond_with(created("urn:li:share:7001"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(body_partial_json(serde_json::json!({
            "commentary": "Our menu", "content": {"article": {"source": "https://acme.example/menu",
                "title": "Menu"}}})))
        .respond_with(created("urn:li:share:7002"))
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let mut post = text("Cold brew is back (finally)");
    post.images.push(crate::Image {
        bytes: b"\xff\xd8jpeg".to_vec(),
        mime: "image/jpeg".into(),
        alt: "A glass of cold brew".into(),
    });
    let published = linkedin.publish(&page(), &post).await.unwrap();
    assert_eq!(published.remote_id, "urn:li:share:7001");
    assert_eq!(
        published.url,
        "https://www.linkedin.com/feed/update/urn:li:share:7001/"
    );
    let put = &requests_to(
        &server,
        "PUT",
        "/dms-uploads/img1/feedshare-uploadedImage/0",
    )
    .await[0];
    assert_eq!(put.body, b"\xff\xd8jpeg");
    let mut link = text("Our menu");
    link.link_card = Some(crate::LinkCard {
        url: "https://acme.example/menu".into(),
        title: "Menu".into(),
        description: "What we pour".into(),
        thumb: None,
    });
    assert_eq!(
        linkedin.publish(&page(), &link).await.unwrap().remote_id,
        "urn:li:share:7002"
    );
}

#[tokio::test]
async fn an_upload_address_outside_linkedin_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"value": {
            "uploadUrl": "http://169.254.169.254/latest", "image": "urn:li:image:X"}})),
        )
        .mount(&server)
        .await;
    let mut post = text("x");
    post.images.push(crate::Image {
        bytes: vec![1],
        mime: "image/png".into(),
        alt: String::new(),
    });
    let err = connector(&server)
        .publish(&page(), &post)
        .await
        .unwrap_err();
    assert!(matches!(err, NetworkError::Rejected { .. }), "{err:?}");
    assert!(requests_to(&server, "POST", "/rest/posts").await.is_empty());
}

#[tokio::test]
async fn a_reply_is_a_comment_on_the_share_or_under_the_comment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/socialActions/urn%3Ali%3Ashare%3A7001/comments"))
        .and(body_partial_json(serde_json::json!({
            "actor": ORG, "object": "urn:li:share:7001", "message": {"text": "Thank you!"}})))
        .respond_with(created("6901").set_body_json(serde_json::json!({
            "actor": ORG, "id": "6901", "object": "urn:li:share:7001",
            "commentUrn": "urn:li:comment:(urn:li:share:7001,6901)", "message": {"text": "Thank you!"},
            "created": {"actor": ORG, "time": 1764500000000_i64}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(
            "/rest/socialActions/urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A7001%2C6800%29/comments",
        ))
        .and(body_partial_json(serde_json::json!({
            "object": "urn:li:share:7001", "parentComment": "urn:li:comment:(urn:li:share:7001,6800)"})))
        .respond_with(created("6902").set_body_json(serde_json::json!({
            "actor": ORG, "id": "6902", "object": "urn:li:share:7001", "message": {"text": "Yes"}})))
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let mut reply = text("Thank you!");
    reply.in_reply_to = Some("urn:li:share:7001".into());
    let published = linkedin.publish(&page(), &reply).await.unwrap();
    assert_eq!(
        published.remote_id,
        "urn:li:comment:(urn:li:share:7001,6901)"
    );
    let mut nested = text("Yes");
    nested.in_reply_to = Some("urn:li:comment:(urn:li:share:7001,6800)".into());
    assert_eq!(
        linkedin.publish(&page(), &nested).await.unwrap().remote_id,
        "urn:li:comment:(urn:li:share:7001,6902)"
    );
}

fn posts(elements: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "paging": {"start": 0, "count": 50, "links": []}, "elements": elements}))
}

#[tokio::test]
async fn a_post_whose_answer_was_lost_is_found_by_lookup_and_never_sent_twice() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(created("urn:li:share:7100").set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let now = now_millis();
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(query_param("q", "author"))
        .and(query_param("author", ORG))
        .respond_with(posts(serde_json::json!([
            {"id": "urn:li:share:7100", "author": ORG, "commentary": "Filter coffee \\#day",
             "createdAt": now, "publishedAt": now, "lifecycleState": "PUBLISHED"},
            {"id": "urn:li:share:7000", "author": ORG, "commentary": "Older",
             "createdAt": now - 86_400_000, "lifecycleState": "PUBLISHED"}])))
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let post = text("Filter coffee #day");
    let sent_at = now_millis();
    assert_eq!(
        linkedin.publish(&page(), &post).await,
        Err(NetworkError::Timeout)
    );
    let attempt = Attempt {
        content: &post,
        sent_at: Some(sent_at),
    };
    let Lookup::Found(found) = linkedin.look_up(&page(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, "urn:li:share:7100");
    assert_eq!(requests_to(&server, "POST", "/rest/posts").await.len(), 1);
}

#[tokio::test]
async fn a_post_that_never_arrived_is_proved_absent_and_sent_once_more() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(ResponseTemplate::new(504).set_body_string("gateway timeout"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(created("urn:li:share:7101"))
        .mount(&server)
        .await;
    let now = now_millis();
    // Only a post from before the send: the window was read to its start and holds nothing that matches.
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .respond_with(posts(serde_json::json!([
            {"id": "urn:li:share:7000", "author": ORG, "commentary": "Masala chai", "createdAt": now - 86_400_000}])))
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let post = text("Masala chai");
    assert!(
        linkedin
            .publish(&page(), &post)
            .await
            .unwrap_err()
            .is_retryable()
    );
    let attempt = Attempt {
        content: &post,
        sent_at: Some(now),
    };
    assert_eq!(
        linkedin.look_up(&page(), &attempt).await.unwrap(),
        Lookup::Absent
    );
    assert_eq!(
        linkedin.publish(&page(), &post).await.unwrap().remote_id,
        "urn:li:share:7101"
    );
    assert_eq!(requests_to(&server, "POST", "/rest/posts").await.len(), 2);
    assert!(!linkedin.dedupes_repeats());
}

#[tokio::test]
async fn a_lost_reply_is_found_among_the_comments() {
    let server = MockServer::start().await;
    let now = now_millis();
    Mock::given(method("GET"))
        .and(path("/rest/socialActions/urn%3Ali%3Ashare%3A7001/comments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"elements": [
            {"actor": "urn:li:person:zz", "id": "1", "object": "urn:li:share:7001", "message": {"text": "Thanks"},
             "created": {"time": now}},
            {"actor": ORG, "id": "2", "object": "urn:li:share:7001", "message": {"text": "Thanks"},
             "created": {"time": now}}]})))
        .mount(&server)
        .await;
    let mut reply = text("Thanks");
    reply.in_reply_to = Some("urn:li:share:7001".into());
    let attempt = Attempt {
        content: &reply,
        sent_at: Some(now),
    };
    let Lookup::Found(found) = connector(&server).look_up(&page(), &attempt).await.unwrap() else {
        panic!("not found")
    };
    assert_eq!(found.remote_id, "urn:li:comment:(urn:li:share:7001,2)");
}

#[tokio::test]
async fn comments_and_mentions_page_with_overlap_and_arrive_once() {
    let server = MockServer::start().await;
    let now = now_millis();
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(query_param("q", "author"))
        .respond_with(posts(serde_json::json!([
            {"id": "urn:li:share:7001", "author": ORG, "commentary": "Hello", "createdAt": now - 3_600_000}])))
        .mount(&server)
        .await;
    // The same comments come back on every read; a new one joins on the second.
    let comment = |id: &str, actor: &str, text: &str, at: i64| {
        serde_json::json!({"actor": actor, "id": id, "object": "urn:li:share:7001",
            "commentUrn": format!("urn:li:comment:(urn:li:share:7001,{id})"), "message": {"text": text},
            "created": {"actor": actor, "time": at}})
    };
    Mock::given(method("GET"))
        .and(path("/rest/socialActions/urn%3Ali%3Ashare%3A7001/comments"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"elements": [
            comment("11", "urn:li:person:p1", "Love the \\#monsoon blend", now - 2000),
            comment("12", ORG, "Thanks!", now - 1000)]})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/socialActions/urn%3Ali%3Ashare%3A7001/comments"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"elements": [
            comment("11", "urn:li:person:p1", "Love the \\#monsoon blend", now - 2000),
            comment("12", ORG, "Thanks!", now - 1000),
            comment("13", "urn:li:person:p2", "Open on Sunday?", now - 500)]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityNotifications"))
        .and(query_param("q", "criteria"))
        .and(query_param("actions", "List(SHARE_MENTION)"))
        .and(query_param("organizationalEntity", ORG))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"elements": [
            {"action": "SHARE_MENTION", "organizationalEntity": ORG, "lastModifiedAt": now - 1500,
             "sourcePost": "urn:li:share:8800", "generatedActivity": "urn:li:share:8800"}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A8800"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": "urn:li:share:8800", "author": "urn:li:person:p3",
            "commentary": "Great coffee at \\@Acme Coffee", "createdAt": now - 1600})))
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let first = linkedin.inbound(&page(), None).await.unwrap();
    let ids: Vec<&str> = first
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["urn:li:comment:(urn:li:share:7001,11)", "urn:li:share:8800"]
    );
    assert_eq!(first.messages[0].text, "Love the #monsoon blend");
    assert_eq!(first.messages[0].kind, InboundKind::Comment);
    assert_eq!(
        first.messages[0].in_reply_to.as_deref(),
        Some("urn:li:share:7001")
    );
    assert_eq!(first.messages[1].kind, InboundKind::Mention);
    assert_eq!(first.messages[1].text, "Great coffee at @Acme Coffee");
    let second = linkedin
        .inbound(&page(), first.next_cursor.as_deref())
        .await
        .unwrap();
    let ids: Vec<&str> = second
        .messages
        .iter()
        .map(|m| m.remote_id.as_str())
        .collect();
    assert_eq!(ids, ["urn:li:comment:(urn:li:share:7001,13)"]);
}

#[tokio::test]
async fn followers_and_share_statistics_with_impressions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/rest/networkSizes/{ORG_PATH}")))
        .and(query_param("edgeType", "COMPANY_FOLLOWED_BY_MEMBER"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"firstDegreeSize": 5120})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityShareStatistics"))
        .and(query_param("q", "organizationalEntity"))
        .and(query_param("organizationalEntity", ORG))
        .and(query_param("shares", "List(urn:li:share:7001)"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"elements": [{
            "organizationalEntity": ORG, "share": "urn:li:share:7001",
            "totalShareStatistics": {"uniqueImpressionsCount": 800, "shareCount": 4, "engagement": 0.05,
                "clickCount": 30, "likeCount": 40, "impressionCount": 1500, "commentCount": 6}}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/socialActions/urn%3Ali%3Ashare%3A9001"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "likesSummary": {"totalLikes": 7, "likedByCurrentUser": false},
            "commentsSummary": {"aggregatedTotalComments": 2, "totalFirstLevelComments": 2},
            "target": "urn:li:share:9001"})))
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    assert_eq!(
        linkedin.profile_counts(&page()).await.unwrap().followers,
        5120
    );
    let counts = linkedin
        .post_counts(&page(), &["urn:li:share:7001".into()])
        .await
        .unwrap();
    assert_eq!(
        counts,
        vec![PostCounts {
            remote_id: "urn:li:share:7001".into(),
            likes: 40,
            reposts: 4,
            replies: 6,
            quotes: 0,
            impressions: Some(1500),
        }]
    );
    let mine = linkedin
        .post_counts(&member(), &["urn:li:share:9001".into()])
        .await
        .unwrap();
    assert_eq!(mine[0].likes, 7);
    assert_eq!(mine[0].replies, 2);
    assert_eq!(mine[0].impressions, None);
}

#[tokio::test]
async fn a_429_holds_the_app_or_the_member_until_the_daily_reset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(ResponseTemplate::new(429).set_body_json(serde_json::json!({
            "status": 429, "serviceErrorCode": 101, "code": "TOO_MANY_REQUESTS",
            "message": "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."})))
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let NetworkError::RateLimited { retry_after_ms } =
        linkedin.publish(&page(), &text("hello")).await.unwrap_err()
    else {
        panic!("not rate limited")
    };
    let now = now_millis();
    assert!(retry_after_ms <= next_midnight(now) - now + 1000 && retry_after_ms > 0);
    // The application's day is spent: the member's own profile waits too, without asking LinkedIn.
    assert!(matches!(
        linkedin.publish(&member(), &text("hello")).await,
        Err(NetworkError::RateLimited { .. })
    ));

    // A member's limit, with Retry-After: only that member waits.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/rest/networkSizes/{ORG_PATH}")))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "120")
                .set_body_json(serde_json::json!({"status": 429,
                    "message": "Resource level throttle MEMBER DAY limit for calls to this resource is reached."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let linkedin = connector(&server);
    let NetworkError::RateLimited { retry_after_ms } =
        linkedin.profile_counts(&page()).await.unwrap_err()
    else {
        panic!("not rate limited")
    };
    assert!(
        (100_000..=121_000).contains(&retry_after_ms),
        "{retry_after_ms}"
    );
    assert!(matches!(
        linkedin.profile_counts(&page()).await,
        Err(NetworkError::RateLimited { .. })
    ));
}
