//! Networks reached through the workspace's own developer app, against a fake OAuth network of our own
//! (tests/support/fake_oauth.rs): an Admin enters the app once (the secret sealed, never shown again), connects
//! through the OAuth flow with PKCE (in a real browser, picking among several granted accounts), and every refusal
//! has its code; the engine's token job renews tokens, marks a revoked grant "needs reconnect" (a reconnect keeps
//! the profile), and warns once, a week ahead, of a token it cannot renew.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use crate::support::fake_oauth::{CLIENT_ID, CLIENT_SECRET, Consent, FakeOAuth};
use sangam_domain::{NetworkKind, ProfileStatus, Role, now_millis};
use sangam_engine::Networks;
use sangam_engine::token_refresh::{TokenRun, refresh_all};
use sangam_networks::http::HttpConfig;
use sangam_networks::oauth::AppNetwork;
use sangam_networks::sandbox::SandboxConfig;
use sangam_store::profiles::{self, Profile};
use sangam_store::{Sql, notifications};
use sangam_web::WebConfig;
use serde_json::{Value, json};
use std::sync::Arc;

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;

fn account(id: &str, handle: &str) -> (String, String, String) {
    (id.into(), handle.into(), format!("{handle} (name)"))
}

async fn app_with(fake: &FakeOAuth) -> TestApp {
    app_on(sangam_store::testing::sqlite().await.unwrap(), fake).await
}

async fn app_on(db: sangam_store::Db, fake: &FakeOAuth) -> TestApp {
    let web = WebConfig {
        network_http: HttpConfig::loopback_for_tests(),
        ..WebConfig::default()
    };
    let apps: Vec<Arc<dyn AppNetwork>> = vec![fake.connector()];
    TestApp::start_with_apps(db, SandboxConfig::seeded(7), web, apps).await
}

async fn set_app(app: &TestApp, admin: &reqwest::Client, secret: &str) -> reqwest::Response {
    admin
        .put(app.url("/api/v1/network-apps/x"))
        .json(&json!({"client_id": CLIENT_ID, "client_secret": secret}))
        .send()
        .await
        .unwrap()
}

/// Starts a connect as `admin`, lets the fake network's consent screen answer, and returns the callback URL it
/// sent the browser back to.
async fn consent(app: &TestApp, admin: &reqwest::Client) -> String {
    let started = admin
        .post(app.url("/api/v1/profiles/oauth/x/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 200, "start");
    let body: Value = started.json().await.unwrap();
    let authorize = body["authorize_url"].as_str().unwrap().to_string();
    let answer = client().get(&authorize).send().await.unwrap();
    assert_eq!(answer.status(), 302, "the fake network redirects back");
    let back = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(
        back.starts_with(&app.url("/profiles/oauth/x/callback?")),
        "{back}"
    );
    back
}

/// The code a page's error carries (`data-code`), or "" when there is none.
async fn error_code(response: reqwest::Response) -> String {
    let html = response.text().await.unwrap();
    html.split("data-code=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_string()
}

async fn x_profiles(app: &TestApp) -> Vec<Profile> {
    profiles::list(&app.db, app.workspace_id)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.network == NetworkKind::X)
        .collect()
}

#[tokio::test]
async fn the_connect_flow_checks_its_state_and_says_each_refusal_with_its_code() {
    let fake = FakeOAuth::start(Consent::Grant(vec![account("u1", "acme_x")])).await;
    let app = app_with(&fake).await;
    let admin = app.signed_in(Role::Admin).await;

    // Nothing works before an Admin has entered the app.
    let r = admin
        .post(app.url("/api/v1/profiles/oauth/x/start"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "connect_app_missing"
    );
    let shown: Value = admin
        .get(app.url("/api/v1/network-apps/x"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        shown["redirect_uri"],
        app.url("/profiles/oauth/x/callback"),
        "the exact URL to register"
    );
    assert_eq!(shown["scopes"], json!(["posts.write", "offline.access"]));
    assert_eq!(shown["secret_set"], false);
    let r = admin
        .get(app.url("/api/v1/network-apps/mastodon"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "Mastodon connects without a workspace app");
    let r = set_app(&app, &admin, "  ").await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "network_app_invalid"
    );
    let member = app.signed_in(Role::Manager).await;
    assert_eq!(set_app(&app, &member, CLIENT_SECRET).await.status(), 403);

    // A wrong secret: the network refuses the exchange, and the page says so.
    assert_eq!(set_app(&app, &admin, "not-the-secret").await.status(), 200);
    let back = consent(&app, &admin).await;
    let r = admin.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(error_code(r).await, "connect_exchange_refused");
    assert!(x_profiles(&app).await.is_empty());

    let r = set_app(&app, &admin, CLIENT_SECRET).await;
    let shown = r.text().await.unwrap();
    assert!(!shown.contains(CLIENT_SECRET), "the secret is never shown");
    assert!(shown.contains("\"secret_set\":true"), "{shown}");
    let (sealed,): (String,) = app
        .db
        .fetch_one(Sql::new("SELECT client_secret FROM network_apps"))
        .await
        .unwrap();
    assert!(!sealed.contains(CLIENT_SECRET), "sealed at rest");

    // Another person's attempt, a made-up state, and a replay are all refused.
    let back = consent(&app, &admin).await;
    let other_admin = app.signed_in(Role::Admin).await;
    let r = other_admin.get(&back).send().await.unwrap();
    assert_eq!(error_code(r).await, "connect_oauth_state");
    let r = admin
        .get(app.url("/profiles/oauth/x/callback?code=abc&state=made-up"))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await, "connect_oauth_state");
    // The attempt the other admin's visit tried is still the starter's to finish.
    let r = admin.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 303, "connected");
    assert_eq!(r.headers()["location"], "/profiles");
    let r = admin.get(&back).send().await.unwrap();
    assert_eq!(error_code(r).await, "connect_oauth_state", "single use");

    let connected = x_profiles(&app).await;
    assert_eq!(connected.len(), 1);
    assert_eq!(connected[0].handle, "acme_x");
    let credentials = profiles::credentials(&app.db, &app.secrets, connected[0].id)
        .await
        .unwrap();
    assert!(
        credentials["access_token"]
            .as_str()
            .is_some_and(|t| t.starts_with("at-"))
    );
    fake.set(|s| {
        assert_eq!(s.count("POST /oauth/token authorization_code"), 2);
        assert_eq!(
            s.count("GET /oauth/authorize posts.write offline.access"),
            2
        );
    });

    // The person declines on the network.
    fake.set(|s| s.consent = Consent::Deny);
    let back = consent(&app, &admin).await;
    assert!(back.contains("error=access_denied"));
    let r = admin.get(&back).send().await.unwrap();
    assert_eq!(error_code(r).await, "connect_oauth_denied");
}

/// Connects the fake's granted account(s) over HTTP; returns the X profiles after.
async fn connect(app: &TestApp, admin: &reqwest::Client) -> Vec<Profile> {
    let back = consent(app, admin).await;
    let r = admin.get(&back).send().await.unwrap();
    assert_eq!(r.status(), 303, "connected: {}", error_code(r).await);
    x_profiles(app).await
}

fn registry(fake: &FakeOAuth) -> Networks {
    Networks::default().with_app(fake.connector())
}

/// How many of the workspace's Admins got a notification of `kind`, and how many Admins there are.
async fn notices(app: &TestApp, kind: &str) -> (usize, usize) {
    let (mut n, mut admins) = (0, 0);
    for user in sangam_store::users::list_active(&app.db, app.workspace_id)
        .await
        .unwrap()
        .into_iter()
        .filter(|u| u.role == Role::Admin)
    {
        admins += 1;
        n += notifications::recent(&app.db, user.id, 100)
            .await
            .unwrap()
            .iter()
            .filter(|x| x.kind == kind)
            .count();
    }
    (n, admins)
}

#[tokio::test]
async fn tokens_are_renewed_before_they_expire_and_a_revoked_grant_needs_a_reconnect_that_keeps_the_profile()
 {
    for db in sangam_store::testing::all().await.unwrap() {
        renewed_then_revoked(db).await;
    }
}

async fn renewed_then_revoked(db: sangam_store::Db) {
    let fake = FakeOAuth::start(Consent::Grant(vec![account("u1", "acme_x")])).await;
    let app = app_on(db, &fake).await;
    let admin = app.signed_in(Role::Admin).await;
    assert_eq!(set_app(&app, &admin, CLIENT_SECRET).await.status(), 200);
    let profile = connect(&app, &admin).await.remove(0);
    let first = profiles::credentials(&app.db, &app.secrets, profile.id)
        .await
        .unwrap();
    let networks = registry(&fake);
    let now = now_millis();

    // Two-hour tokens: nothing to do at once, renewed once half their life has passed.
    let run = refresh_all(&app.db, &app.secrets, &networks, now)
        .await
        .unwrap();
    assert_eq!(run, TokenRun::default());
    let run = refresh_all(&app.db, &app.secrets, &networks, now + 61 * MINUTE)
        .await
        .unwrap();
    assert_eq!(run.renewed, 1, "{run:?}");
    let renewed = profiles::credentials(&app.db, &app.secrets, profile.id)
        .await
        .unwrap();
    assert_ne!(renewed["access_token"], first["access_token"]);
    assert_ne!(renewed["refresh_token"], first["refresh_token"]);
    assert_eq!(renewed["account_id"], "u1");

    // The engine publishes with the renewed token: the post arrives on the fake network.
    let token = app.token(Role::Admin).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({"text": "Fresh beans today", "profile_ids": [profile.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    app.eventually("the post is on the fake network", || async {
        fake.set(|s| {
            s.posted
                .iter()
                .any(|(a, t)| a == "u1" && t == "Fresh beans today")
        })
    })
    .await;

    // The person revokes the app on the network: the next renewal marks the profile, nothing is lost.
    fake.set(|s| s.revoke_all());
    let run = refresh_all(&app.db, &app.secrets, &networks, now + 100 * MINUTE)
        .await
        .unwrap();
    assert_eq!(run.needs_reconnect, 1, "{run:?}");
    let marked = profiles::get(&app.db, app.workspace_id, profile.id)
        .await
        .unwrap();
    assert_eq!(marked.status, ProfileStatus::NeedsReconnect);
    let (told, admins) = notices(&app, "profile_needs_reconnect").await;
    assert_eq!(told, admins, "each Admin told once");
    let page = admin
        .get(app.url("/profiles"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("revoked"), "the page says why");

    // Reconnecting through the same flow keeps the profile (its posts stay attached to it).
    let after = connect(&app, &admin).await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, profile.id);
    assert_eq!(after[0].status, ProfileStatus::Connected);
    let (posts,): (i64,) = app
        .db
        .fetch_one(
            Sql::new("SELECT COUNT(*) FROM deliveries WHERE profile_id = $1").bind(profile.id),
        )
        .await
        .unwrap();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn a_token_that_cannot_be_renewed_warns_the_admins_once_a_week_before_it_expires() {
    for db in sangam_store::testing::all().await.unwrap() {
        warned_once(db).await;
    }
}

async fn warned_once(db: sangam_store::Db) {
    let fake = FakeOAuth::start(Consent::Grant(vec![account("p9", "acme_page")])).await;
    fake.set(|s| {
        s.refreshable = false;
        s.expires_in = 10 * 24 * 3600;
    });
    let app = app_on(db, &fake).await;
    let admin = app.signed_in(Role::Admin).await;
    assert_eq!(set_app(&app, &admin, CLIENT_SECRET).await.status(), 200);
    let profile = connect(&app, &admin).await.remove(0);
    let networks = registry(&fake);
    let now = now_millis();

    let run = refresh_all(&app.db, &app.secrets, &networks, now)
        .await
        .unwrap();
    assert_eq!(run.warned, 0, "ten days left: no warning yet");
    let run = refresh_all(&app.db, &app.secrets, &networks, now + 4 * DAY)
        .await
        .unwrap();
    assert_eq!(run.warned, 1);
    let run = refresh_all(
        &app.db,
        &app.secrets,
        &networks,
        now + 4 * DAY + 60 * MINUTE,
    )
    .await
    .unwrap();
    assert_eq!(run.warned, 0, "once, not every run");
    assert_eq!(
        notices(&app, "token_expiring").await,
        (1, 1),
        "the Admin told once"
    );
    fake.set(|s| assert_eq!(s.count("POST /oauth/token refresh_token"), 0));

    // The Profiles page warns on the profile's row from the warning on.
    let page = admin
        .get(app.url("/profiles"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = format!("id=\"token-{}\" data-warn=\"true\"", profile.id);
    assert!(page.contains(&row), "{page}");

    // Past its expiry the profile needs reconnecting.
    let run = refresh_all(&app.db, &app.secrets, &networks, now + 11 * DAY)
        .await
        .unwrap();
    assert_eq!(run.needs_reconnect, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_enters_the_app_and_connects_in_a_browser_picking_among_the_granted_accounts() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let fake = FakeOAuth::start(Consent::Grant(vec![
        account("u1", "acme_x"),
        account("u2", "acme_other"),
    ]))
    .await;
    let app = app_with(&fake).await;
    let email = app.person(Role::Admin).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    browser.goto(&app.url("/profiles")).await;
    assert_eq!(
        browser.text("#redirect-x").await,
        app.url("/profiles/oauth/x/callback")
    );
    assert_eq!(
        browser.text("#scopes-x").await,
        "posts.write offline.access"
    );
    browser.fill("#client-id-x", CLIENT_ID).await;
    browser.fill("#client-secret-x", CLIENT_SECRET).await;
    browser.click("#app-save-x").await;
    browser.wait_for("#secret-set-x").await;
    let source = browser.client.source().await.unwrap();
    assert!(!source.contains(CLIENT_SECRET), "never shown again");

    // Off to the network and back: two accounts granted, the Admin keeps one.
    browser.click("#connect-x").await;
    browser.wait_for("#pick-form").await;
    browser.click("#pick-1").await;
    browser.click("#pick-submit").await;
    browser.wait_for_text("#profiles-table", "acme_x").await;
    let handles: Vec<String> = x_profiles(&app)
        .await
        .into_iter()
        .map(|p| p.handle)
        .collect();
    assert_eq!(handles, vec!["acme_x".to_string()]);
    assert!(!browser.text("#profiles-table").await.contains("acme_other"));
    let id = x_profiles(&app).await[0].id;
    browser.wait_for_text(&format!("#token-{id}"), "").await;

    // Reconnecting from the profile's row goes through the same flow and keeps the profile.
    fake.set(|s| s.consent = Consent::Grant(vec![account("u1", "acme_x")]));
    browser.click(&format!("#reconnect-form-{id} button")).await;
    app.eventually("the reconnect's code is exchanged", || async {
        fake.set(|s| s.count("POST /oauth/token authorization_code") == 2)
    })
    .await;
    app.eventually("the browser is back on the Profiles page", || async {
        browser.url().await == app.url("/profiles")
    })
    .await;
    let after = x_profiles(&app).await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, id);

    // Declining on the network says so on the page.
    fake.set(|s| s.consent = Consent::Deny);
    browser.click("#connect-x").await;
    let said = browser.wait_for("#profile-error").await;
    assert_eq!(
        said.attr("data-code").await.unwrap().as_deref(),
        Some("connect_oauth_denied")
    );
    browser.screenshot("target/network_apps_denied.png").await;
    browser.close().await;
}
