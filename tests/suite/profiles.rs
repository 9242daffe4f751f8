//! Settings > Profiles with real networks: connecting Mastodon (token or OAuth) and Bluesky (app password) against
//! wiremock servers on loopback, the errors a person sees, reconnecting and removing.

use crate::support::app::{TestApp, client};
use sangam_domain::{ProfileStatus, Role};
use sangam_networks::http::HttpConfig;
use sangam_networks::sandbox::SandboxConfig;
use sangam_store::profiles;
use sangam_web::WebConfig;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An app whose connect calls may reach loopback, where the wiremock servers are.
async fn app_reaching_loopback() -> TestApp {
    let db = sangam_store::testing::sqlite().await.unwrap();
    let web = WebConfig {
        network_http: HttpConfig::loopback_for_tests(),
        ..WebConfig::default()
    };
    TestApp::start_with(db, SandboxConfig::seeded(7), web).await
}

/// A Mastodon instance that knows the tokens `good` and `fresh` (account 77, acme) and `other` (account 99).
async fn mastodon() -> MockServer {
    let server = MockServer::start().await;
    for (token, id, username) in [
        ("good", "77", "acme"),
        ("fresh", "77", "acme"),
        ("other", "99", "someone"),
    ] {
        Mock::given(method("GET"))
            .and(path("/api/v1/accounts/verify_credentials"))
            .and(header("Authorization", format!("Bearer {token}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"id": id, "username": username, "acct": username, "display_name": "Acme Corp"}),
            ))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/api/v1/accounts/verify_credentials"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": "The access token is invalid"})),
        )
        .with_priority(5)
        .mount(&server)
        .await;
    server
}

/// A Bluesky PDS where `acme.test` logs in with the app password `good-app-pass` only.
async fn bluesky() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.createSession"))
        .and(body_partial_json(json!({"password": "good-app-pass"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "did": "did:plc:acme", "handle": "acme.test", "accessJwt": "a1", "refreshJwt": "r1"})))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/xrpc/com.atproto.server.createSession"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": "AuthenticationRequired", "message": "Invalid identifier or password"}),
        ))
        .with_priority(5)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xrpc/app.bsky.actor.getProfile"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"did": "did:plc:acme", "handle": "acme.test", "displayName": "Acme on Bluesky"}),
        ))
        .mount(&server)
        .await;
    server
}

async fn listed(app: &TestApp) -> Vec<profiles::Profile> {
    profiles::list(&app.db, app.workspace_id).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn mastodon_connects_with_a_token_and_a_wrong_token_stores_nothing() {
    let app = app_reaching_loopback().await;
    let server = mastodon().await;
    let token = app.token(Role::Admin).await;
    let http = client();

    let wrong = http
        .post(app.url("/api/v1/profiles/mastodon"))
        .bearer_auth(&token)
        .json(&json!({"instance": server.uri(), "access_token": "nope"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "connect_wrong_credentials", "{body}");
    assert!(body["message"].as_str().unwrap().contains("access token"));
    assert!(listed(&app).await.is_empty(), "nothing is stored");

    let ok = http
        .post(app.url("/api/v1/profiles/mastodon"))
        .bearer_auth(&token)
        .json(&json!({"instance": server.uri(), "access_token": "good"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let profile: Value = ok.json().await.unwrap();
    let port = server.address().port();
    assert_eq!(profile["network"], "mastodon");
    assert_eq!(profile["handle"], format!("@acme@127.0.0.1:{port}"));
    assert_eq!(profile["display_name"], "Acme Corp");
    assert_eq!(profile["status"], "connected");
    let id = profile["id"].as_i64().unwrap();
    let stored = profiles::credentials(&app.db, &app.secrets, id)
        .await
        .unwrap();
    assert_eq!(stored["access_token"], "good");
    assert_eq!(stored["account_id"], "77");

    // The same account again is a conflict, not a second profile.
    let again = http
        .post(app.url("/api/v1/profiles/mastodon"))
        .bearer_auth(&token)
        .json(&json!({"instance": server.uri(), "access_token": "good"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(listed(&app).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn bluesky_connects_with_an_app_password_and_a_wrong_one_is_refused() {
    let app = app_reaching_loopback().await;
    let server = bluesky().await;
    let token = app.token(Role::Admin).await;
    let http = client();

    let wrong = http
        .post(app.url("/api/v1/profiles/bluesky"))
        .bearer_auth(&token)
        .json(&json!({"service": server.uri(), "handle": "@acme.test", "app_password": "account-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "connect_wrong_credentials", "{body}");
    assert!(body["message"].as_str().unwrap().contains("app password"));
    assert!(listed(&app).await.is_empty(), "nothing is stored");

    let ok = http
        .post(app.url("/api/v1/profiles/bluesky"))
        .bearer_auth(&token)
        .json(&json!({"service": server.uri(), "handle": "acme.test", "app_password": "good-app-pass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201);
    let profile: Value = ok.json().await.unwrap();
    assert_eq!(profile["network"], "bluesky");
    assert_eq!(profile["handle"], "acme.test");
    assert_eq!(profile["display_name"], "Acme on Bluesky");
    let stored = profiles::credentials(&app.db, &app.secrets, profile["id"].as_i64().unwrap())
        .await
        .unwrap();
    assert_eq!(stored["did"], "did:plc:acme");
    assert_eq!(
        stored["refresh_jwt"], "r1",
        "the session is kept, so the engine does not log in again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_instance_and_a_wrong_address_are_clear_errors() {
    let app = app_reaching_loopback().await;
    let token = app.token(Role::Admin).await;
    let http = client();
    // A port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let body: Value = http
        .post(app.url("/api/v1/profiles/mastodon"))
        .bearer_auth(&token)
        .json(&json!({"instance": format!("http://127.0.0.1:{closed}"), "access_token": "good"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"], "connect_unreachable", "{body}");

    // A server that is not Mastodon at all.
    let not_mastodon = MockServer::start().await;
    let body: Value = http
        .post(app.url("/api/v1/profiles/mastodon"))
        .bearer_auth(&token)
        .json(&json!({"instance": not_mastodon.uri(), "access_token": "good"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"], "connect_not_the_network", "{body}");

    let body: Value = http
        .post(app.url("/api/v1/profiles/bluesky"))
        .bearer_auth(&token)
        .json(&json!({"service": "not a server", "handle": "acme.test", "app_password": "x"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"], "connect_address_invalid", "{body}");

    // The page says it in the person's words, with the code for scripts.
    let browser = app.signed_in(Role::Admin).await;
    let page = browser
        .post(app.url("/profiles/mastodon"))
        .form(&[
            ("instance", format!("http://127.0.0.1:{closed}")),
            ("access_token", "good".to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 422);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"data-code="connect_unreachable""#),
        "{html}"
    );
    assert!(html.contains("The server could not be reached."));
    assert!(listed(&app).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn private_addresses_are_refused_by_default() {
    // The default web config: strict outbound HTTP, as `serve` runs unless the config allows private addresses.
    let app = TestApp::start().await;
    let server = mastodon().await;
    let port = server.address().port();
    let token = app.token(Role::Admin).await;
    let http = client();
    for instance in [
        format!("https://127.0.0.1:{port}"),
        format!("https://localhost:{port}"),
        "https://10.0.0.8".to_string(),
        "https://[::1]".to_string(),
    ] {
        let response = http
            .post(app.url("/api/v1/profiles/mastodon"))
            .bearer_auth(&token)
            .json(&json!({"instance": instance, "access_token": "good"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["error"], "connect_address_private",
            "{instance}: {body}"
        );
    }
    let body: Value = http
        .post(app.url("/api/v1/profiles/bluesky"))
        .bearer_auth(&token)
        .json(&json!({"service": server.uri(), "handle": "acme.test", "app_password": "good-app-pass"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"], "connect_address_not_https", "{body}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing was sent to the private address"
    );
    assert!(listed(&app).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn reconnect_replaces_the_credentials_for_the_same_account_only() {
    let app = app_reaching_loopback().await;
    let server = mastodon().await;
    let token = app.token(Role::Admin).await;
    let http = client();
    let profile: Value = http
        .post(app.url("/api/v1/profiles/mastodon"))
        .bearer_auth(&token)
        .json(&json!({"instance": server.uri(), "access_token": "good"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = profile["id"].as_i64().unwrap();
    // The network stopped accepting the token.
    profiles::set_status(&app.db, id, ProfileStatus::NeedsReconnect)
        .await
        .unwrap();
    let reconnect = |secret: &'static str| {
        http.post(app.url(&format!("/api/v1/profiles/{id}/reconnect")))
            .bearer_auth(&token)
            .json(&json!({"secret": secret}))
            .send()
    };

    let wrong = reconnect("nope").await.unwrap();
    assert_eq!(wrong.status(), 422);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "connect_wrong_credentials");
    let other = reconnect("other").await.unwrap();
    assert_eq!(other.status(), 422);
    let body: Value = other.json().await.unwrap();
    assert_eq!(body["error"], "connect_other_account", "{body}");
    let unchanged = profiles::get(&app.db, app.workspace_id, id).await.unwrap();
    assert_eq!(unchanged.status, ProfileStatus::NeedsReconnect);
    let stored = profiles::credentials(&app.db, &app.secrets, id)
        .await
        .unwrap();
    assert_eq!(
        stored["access_token"], "good",
        "a refused reconnect changes nothing"
    );

    let ok = reconnect("fresh").await.unwrap();
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["status"], "connected");
    assert_eq!(body["id"], id);
    let stored = profiles::credentials(&app.db, &app.secrets, id)
        .await
        .unwrap();
    assert_eq!(stored["access_token"], "fresh");
    assert_eq!(stored["account_id"], "77");

    // The page form does the same.
    profiles::set_status(&app.db, id, ProfileStatus::NeedsReconnect)
        .await
        .unwrap();
    let browser = app.signed_in(Role::Admin).await;
    let page = browser
        .post(app.url(&format!("/profiles/{id}/reconnect")))
        .form(&[("secret", "good")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303);
    let now = profiles::get(&app.db, app.workspace_id, id).await.unwrap();
    assert_eq!(now.status, ProfileStatus::Connected);
}

#[tokio::test(flavor = "multi_thread")]
async fn bluesky_reconnect_uses_the_stored_handle_and_server() {
    let app = app_reaching_loopback().await;
    let server = bluesky().await;
    let token = app.token(Role::Admin).await;
    let http = client();
    let profile: Value = http
        .post(app.url("/api/v1/profiles/bluesky"))
        .bearer_auth(&token)
        .json(&json!({"service": server.uri(), "handle": "acme.test", "app_password": "good-app-pass"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = profile["id"].as_i64().unwrap();
    profiles::set_status(&app.db, id, ProfileStatus::NeedsReconnect)
        .await
        .unwrap();
    let wrong: Value = http
        .post(app.url(&format!("/api/v1/profiles/{id}/reconnect")))
        .bearer_auth(&token)
        .json(&json!({"secret": "revoked"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(wrong["error"], "connect_wrong_credentials");
    let ok = http
        .post(app.url(&format!("/api/v1/profiles/{id}/reconnect")))
        .bearer_auth(&token)
        .json(&json!({"secret": "good-app-pass"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["status"], "connected");
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_a_profile_hides_it_and_cancels_its_waiting_deliveries() {
    let app = TestApp::start().await;
    let a = app.profile("acme").await;
    let b = app.profile("acme_in").await;
    let token = app.token(Role::Admin).await;
    let http = client();
    let later = sangam_domain::now_millis() + 86_400_000;
    let post: Value = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(
            &json!({"text": "Tomorrow's news", "profile_ids": [a.id, b.id], "scheduled_at": later}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let post_id = post["id"].as_i64().unwrap();

    let removed = http
        .delete(app.url(&format!("/api/v1/profiles/{}", a.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 200);
    let body: Value = removed.json().await.unwrap();
    assert_eq!(body["cancelled_deliveries"], 1);

    let list: Vec<Value> = http
        .get(app.url("/api/v1/profiles"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<i64> = list.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![b.id], "the removed profile is not listed");
    assert!(
        profiles::list_all(&app.db)
            .await
            .unwrap()
            .iter()
            .all(|p| p.id != a.id),
        "nor worked on"
    );
    let stored = profiles::credentials(&app.db, &app.secrets, a.id)
        .await
        .unwrap();
    assert_eq!(stored, json!({}), "credentials are wiped");

    let post: Value = http
        .get(app.url(&format!("/api/v1/posts/{post_id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for d in post["deliveries"].as_array().unwrap() {
        let expected = if d["profile_id"] == a.id {
            "cancelled"
        } else {
            "scheduled"
        };
        assert_eq!(d["state"], expected, "{d}");
    }

    // Removing twice, or composing for a removed profile, is not found.
    let again = http
        .delete(app.url(&format!("/api/v1/profiles/{}", a.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    let compose = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({"text": "To a ghost", "profile_ids": [a.id]}))
        .send()
        .await
        .unwrap();
    assert!(compose.status().is_client_error(), "{}", compose.status());

    // A message that came in on it stays in the inbox, but cannot be answered from the removed profile.
    let messages = [sangam_store::inbox::NewMessage {
        remote_id: "m1".into(),
        kind: sangam_domain::MessageKind::Mention,
        author_handle: "fan".into(),
        author_name: "Fan".into(),
        author_followers: Some(10),
        text: "Hello?".into(),
        url: None,
        in_reply_to: None,
        conversation_id: "c1".into(),
        received_at: sangam_domain::now_millis() - 60_000,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 0.0,
        sentiment_label: sangam_domain::Sentiment::Neutral,
        abusive: false,
        abuse_score: 0.0,
        abuse_labels: vec![],
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }];
    let ids = sangam_store::inbox::ingest_page(
        &app.db,
        app.workspace_id,
        a.id,
        &messages,
        None,
        sangam_domain::now_millis(),
    )
    .await
    .unwrap();
    let reply = http
        .post(app.url(&format!("/api/v1/inbox/{}/replies", ids[0])))
        .bearer_auth(&token)
        .json(&json!({"text": "Thanks!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        reply.status(),
        404,
        "no reply is queued for a removed profile"
    );

    // A late answer from the network cannot revive it; connecting the account again brings back the same row.
    profiles::set_status(&app.db, a.id, ProfileStatus::NeedsReconnect)
        .await
        .unwrap();
    assert!(
        profiles::get(&app.db, app.workspace_id, a.id)
            .await
            .is_err()
    );
    let back = app.profile("acme").await;
    assert_eq!(back.id, a.id, "the history stays attached");
    assert_eq!(back.status, ProfileStatus::Connected);

    // The page's remove button.
    let browser = app.signed_in(Role::Admin).await;
    let page = browser
        .post(app.url(&format!("/profiles/{}/remove", b.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303);
    let ids: Vec<i64> = listed(&app).await.iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![a.id]);
    // Only admins manage profiles.
    let member = app.signed_in(Role::Member).await;
    let refused = member
        .post(app.url(&format!("/profiles/{}/remove", a.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn mastodon_connects_through_the_instance_sign_in() {
    let app = app_reaching_loopback().await;
    let server = mastodon().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/apps"))
        .and(body_string_contains("client_name=Sangam"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"client_id": "cid", "client_secret": "csecret"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("code=the-code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "good"})))
        .mount(&server)
        .await;
    let browser = app.signed_in(Role::Admin).await;
    let start = browser
        .post(app.url("/profiles/mastodon/authorize"))
        .form(&[("instance", server.uri())])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303);
    let location = reqwest::Url::parse(start.headers()["location"].to_str().unwrap()).unwrap();
    assert!(
        location
            .as_str()
            .starts_with(&format!("{}/oauth/authorize?", server.uri())),
        "{location}"
    );
    let param = |name: &str| {
        location
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string())
            .unwrap()
    };
    assert_eq!(param("client_id"), "cid");
    assert_eq!(
        param("redirect_uri"),
        app.url("/profiles/mastodon/callback")
    );
    let state = param("state");

    // Coming back with someone else's state is refused, and uses up the attempt.
    let forged = browser
        .get(app.url("/profiles/mastodon/callback?code=the-code&state=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 422);
    assert!(
        forged
            .text()
            .await
            .unwrap()
            .contains(r#"data-code="connect_oauth_expired""#)
    );
    assert!(listed(&app).await.is_empty());

    let start = browser
        .post(app.url("/profiles/mastodon/authorize"))
        .form(&[("instance", server.uri())])
        .send()
        .await
        .unwrap();
    let location = reqwest::Url::parse(start.headers()["location"].to_str().unwrap()).unwrap();
    let state2 = location
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.to_string())
        .unwrap();
    assert_ne!(state, state2);
    let back = browser
        .get(app.url(&format!(
            "/profiles/mastodon/callback?code=the-code&state={state2}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 303);
    let list = listed(&app).await;
    assert_eq!(list.len(), 1);
    let stored = profiles::credentials(&app.db, &app.secrets, list[0].id)
        .await
        .unwrap();
    assert_eq!(stored["access_token"], "good");
    assert_eq!(
        stored["client_id"], "cid",
        "the registration is kept for a reconnect"
    );

    // Reconnecting through the instance: the profile's own instance, the same row.
    let id = list[0].id;
    profiles::set_status(&app.db, id, ProfileStatus::NeedsReconnect)
        .await
        .unwrap();
    let start = browser
        .post(app.url("/profiles/mastodon/authorize"))
        .form(&[("reconnect", id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 303);
    let location = reqwest::Url::parse(start.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(&server.uri()), "{location}");
    let state3 = location
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.to_string())
        .unwrap();
    let back = browser
        .get(app.url(&format!(
            "/profiles/mastodon/callback?code=the-code&state={state3}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 303);
    let list = listed(&app).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].status, ProfileStatus::Connected);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_connects_and_removes_a_bluesky_profile_in_the_browser() {
    let Some(browser) = crate::support::browser::Browser::start().await else {
        return;
    };
    let app = app_reaching_loopback().await;
    let server = bluesky().await;
    let admin = app.person(Role::Admin).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &admin).await;
    browser
        .fill("#password", crate::support::app::PASSWORD)
        .await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    browser.goto(&app.url("/profiles")).await;
    browser.fill("#bluesky-handle", "acme.test").await;
    browser
        .fill("#bluesky-password", "my-account-password")
        .await;
    browser.fill("#bluesky-service", &server.uri()).await;
    browser.click("#bluesky-submit").await;
    browser
        .wait_for_text("#profile-error", "did not accept the credentials")
        .await;
    assert!(listed(&app).await.is_empty());

    browser.fill("#bluesky-handle", "acme.test").await;
    browser.fill("#bluesky-password", "good-app-pass").await;
    browser.fill("#bluesky-service", &server.uri()).await;
    browser.click("#bluesky-submit").await;
    browser
        .wait_for_text("#profiles-table", "Acme on Bluesky")
        .await;
    let id = listed(&app).await[0].id;

    browser.click(&format!("#remove-form-{id} button")).await;
    browser.wait_for(".empty").await;
    assert!(listed(&app).await.is_empty());
    browser.close().await;
}
