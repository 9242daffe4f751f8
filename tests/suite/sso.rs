//! Single sign-on with OpenID Connect, against a real provider on loopback (the npm package `oidc-provider`, see
//! tests/support/oidc.rs): the browser sign-in, matching by verified email, first sign-in, the ID token's checks
//! (tampered, expired, another nonce), key rotation, "SSO only" and sign-out. Skips with a message where the provider
//! is not installed; CI installs it and sets SANGAM_REQUIRE_PEERS, so there it must run.

use crate::support::app::{PASSWORD, TestApp, client};
use crate::support::browser::Browser;
use crate::support::oidc::{self, Fault, OidcProvider};
use sangam_domain::Role;
use sangam_networks::sandbox::SandboxConfig;
use sangam_web::WebConfig;
use sangam_web::sso::SsoConfig;
use serde_json::{Value, json};

/// A Sangam whose config allows a loopback issuer (as `[sso] allow_private_issuer = true` does), and the provider
/// registered with its callback.
async fn sangam_and_provider() -> Option<(TestApp, OidcProvider)> {
    let db = sangam_store::testing::sqlite().await.expect("db");
    let web = WebConfig {
        sso: SsoConfig {
            provider: None,
            allow_private_issuer: true,
        },
        ..WebConfig::default()
    };
    let app = TestApp::start_with(db, SandboxConfig::seeded(7), web).await;
    let provider = OidcProvider::start(&app.url("/login/sso/callback")).await?;
    Some((app, provider))
}

/// Signs in with a password; returns the client and Sangam's status (303 when signed in).
async fn password_sign_in(app: &TestApp, email: &str) -> (reqwest::Client, u16, String) {
    let c = client();
    let response = c
        .post(app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", "/")])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (c, status, body)
}

/// An Admin's client (signed in with a password) and email.
async fn signed_in_admin(app: &TestApp) -> (reqwest::Client, String) {
    let email = app.person(Role::Admin).await;
    let (c, status, _) = password_sign_in(app, &email).await;
    assert_eq!(status, 303);
    (c, email)
}

/// Sets the provider up through the API, as an Admin would on the settings page.
async fn configure(
    admin: &reqwest::Client,
    app: &TestApp,
    provider: &OidcProvider,
    extra: Value,
) -> Value {
    let mut body = json!({
        "enabled": true,
        "provider_name": "Test ID",
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "new_people": "refuse",
        "default_role": "member",
        "sso_only": false,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let (status, answer) = put_settings(admin, app, &body).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

async fn me(c: &reqwest::Client, app: &TestApp) -> (u16, Value) {
    let response = c.get(app.url("/api/v1/me")).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `PUT /api/v1/sso/settings`: the status and the error code (or the settings).
async fn put_settings(admin: &reqwest::Client, app: &TestApp, body: &Value) -> (u16, Value) {
    let response = admin
        .put(app.url("/api/v1/sso/settings"))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A page's text as `c` sees it.
async fn page_text(c: &reqwest::Client, url: &str) -> String {
    c.get(url).send().await.unwrap().text().await.unwrap()
}

async fn audit_actions(admin: &reqwest::Client, app: &TestApp) -> Vec<(String, String)> {
    let entries: Value = admin
        .get(app.url("/api/v1/audit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or_default().to_string(),
                e["detail"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_sets_up_sso_in_the_browser_and_a_person_signs_in_through_the_provider_to_the_dashboard()
 {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let Some((app, mut provider)) = sangam_and_provider().await else {
        return;
    };
    let email = app.person(Role::Admin).await;
    provider.account(&email, true, "Asha Admin").await;

    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;
    browser.goto(&app.url("/settings/sso")).await;
    browser.wait_for("#sso-form").await;
    let shown_callback = browser
        .client
        .find(fantoccini::Locator::Css("#sso-redirect-uri"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        shown_callback,
        app.url("/login/sso/callback"),
        "the address to register at the provider"
    );
    browser.click("#sso-enabled").await;
    browser.fill("#sso-provider-name", "Test ID").await;
    browser.fill("#sso-issuer", &provider.issuer).await;
    browser.fill("#sso-client-id", &provider.client_id).await;
    browser
        .fill("#sso-client-secret", &provider.client_secret)
        .await;
    browser.click("#sso-save").await;
    browser.wait_for("#sso-saved").await;
    browser.click("#logout").await;

    browser
        .wait_for_text("#login-sso", "Sign in with Test ID")
        .await;
    browser.click("#login-sso").await;
    browser.wait_for("#provider-email").await;
    browser.fill("#provider-email", &email).await;
    browser.click("#provider-submit").await;
    // Matched by verified email: the person Sangam already had (its name, not the provider's).
    browser.wait_for_text("#who-name", "admin 0").await;
    let url = browser.url().await;
    assert_eq!(url, app.url("/"), "lands on the dashboard");
    assert!(
        browser.text("h1").await.contains("Dashboard"),
        "{}",
        browser.text("h1").await
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_person_is_matched_by_verified_email_and_an_unverified_email_is_refused() {
    let Some((app, mut provider)) = sangam_and_provider().await else {
        return;
    };
    let (admin, _) = signed_in_admin(&app).await;
    configure(&admin, &app, &provider, json!({"new_people": "create"})).await;
    let member = app.person(Role::Member).await;
    provider.account(&member, true, "Someone Else").await;

    let c = client();
    let outcome = oidc::sign_in(&c, &app.base, &member).await;
    assert_eq!(outcome.status, 303, "{}", outcome.body);
    assert_eq!(outcome.location.as_deref(), Some(app.url("/").as_str()));
    let (status, who) = me(&c, &app).await;
    assert_eq!(status, 200);
    assert_eq!(who["email"], member.as_str());
    assert_eq!(who["role"], "member", "the person they already were");

    let unverified = app.person(Role::Member).await;
    provider.account(&unverified, false, "Unverified").await;
    let c = client();
    let outcome = oidc::sign_in(&c, &app.base, &unverified).await;
    assert_eq!(outcome.status, 403);
    assert_eq!(
        outcome.error_code().as_deref(),
        Some("sso_email_not_verified")
    );
    assert_eq!(me(&c, &app).await.0, 401, "not signed in");
    let audit = audit_actions(&admin, &app).await;
    assert!(audit.iter().any(|(a, _)| a == "signed_in_sso"), "{audit:?}");
    assert!(
        audit.iter().any(|(a, d)| a == "sso_refused"
            && d.contains("sso_email_not_verified")
            && d.contains(&unverified)),
        "{audit:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_first_sign_in_creates_a_person_with_the_default_role_or_is_refused_as_the_setting_says()
{
    let Some((app, mut provider)) = sangam_and_provider().await else {
        return;
    };
    let (admin, _) = signed_in_admin(&app).await;
    configure(
        &admin,
        &app,
        &provider,
        json!({"new_people": "create", "default_role": "viewer"}),
    )
    .await;
    provider
        .account("newcomer@partner.test", true, "Nia Newcomer")
        .await;
    let c = client();
    let outcome = oidc::sign_in(&c, &app.base, "newcomer@partner.test").await;
    assert_eq!(outcome.status, 303, "{}", outcome.body);
    let (_, who) = me(&c, &app).await;
    assert_eq!(who["email"], "newcomer@partner.test");
    assert_eq!(who["name"], "Nia Newcomer");
    assert_eq!(who["role"], "viewer", "the default role");
    let people: Value = admin
        .get(app.url("/api/v1/people"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["email"] == "newcomer@partner.test")
    );

    configure(&admin, &app, &provider, json!({"new_people": "refuse"})).await;
    provider
        .account("stranger@partner.test", true, "Stranger")
        .await;
    let c = client();
    let outcome = oidc::sign_in(&c, &app.base, "stranger@partner.test").await;
    assert_eq!(outcome.status, 403);
    assert_eq!(outcome.error_code().as_deref(), Some("sso_account_refused"));
    assert!(
        outcome.body.contains("Ask an Admin"),
        "a sentence on the sign-in page"
    );
    let people: Value = admin
        .get(app.url("/api/v1/people"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        !people
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["email"] == "stranger@partner.test")
    );
    // The newcomer is matched now, refusal or not.
    let c = client();
    assert_eq!(
        oidc::sign_in(&c, &app.base, "newcomer@partner.test")
            .await
            .status,
        303
    );
    let audit = audit_actions(&admin, &app).await;
    assert!(
        audit.iter().any(|(a, _)| a == "sso_person_created"),
        "{audit:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tampered_an_expired_and_a_replayed_id_token_are_refused_each_with_its_code() {
    let Some((app, mut provider)) = sangam_and_provider().await else {
        return;
    };
    let (admin, _) = signed_in_admin(&app).await;
    configure(&admin, &app, &provider, json!({})).await;
    let member = app.person(Role::Member).await;
    provider.account(&member, true, "Member").await;
    for (fault, code) in [
        (Fault::Tamper, "sso_token_signature_invalid"),
        (Fault::Expired, "sso_token_expired"),
        (Fault::WrongNonce, "sso_nonce_mismatch"),
    ] {
        provider.spoil_next_token(fault).await;
        let c = client();
        let outcome = oidc::sign_in(&c, &app.base, &member).await;
        assert_eq!(
            outcome.error_code().as_deref(),
            Some(code),
            "{fault:?}: {}",
            outcome.body
        );
        assert_eq!(outcome.status, 422, "{fault:?}");
        assert_eq!(me(&c, &app).await.0, 401, "{fault:?}: not signed in");
    }
    // A callback this browser did not start.
    let c = client();
    let page = c
        .get(app.url("/login/sso/callback?code=abc&state=forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 422);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("data-code=\"sso_state_mismatch\"")
    );
    // An honest token still signs in.
    let c = client();
    assert_eq!(oidc::sign_in(&c, &app.base, &member).await.status, 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_still_works_after_the_provider_rotates_its_signing_key() {
    let Some((app, mut provider)) = sangam_and_provider().await else {
        return;
    };
    let (admin, _) = signed_in_admin(&app).await;
    configure(&admin, &app, &provider, json!({})).await;
    let member = app.person(Role::Member).await;
    provider.account(&member, true, "Member").await;
    let c = client();
    assert_eq!(
        oidc::sign_in(&c, &app.base, &member).await.status,
        303,
        "Sangam now holds the first key"
    );
    let before = provider.key_ids().await;
    let new_kid = provider.rotate_key().await;
    let after = provider.key_ids().await;
    assert_eq!(
        after.first(),
        Some(&new_kid),
        "the provider signs with a key Sangam has not seen"
    );
    assert!(!before.contains(&new_kid));
    let c = client();
    let outcome = oidc::sign_in(&c, &app.base, &member).await;
    assert_eq!(outcome.status, 303, "{}", outcome.body);
    assert_eq!(me(&c, &app).await.1["email"], member.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn sso_only_refuses_passwords_except_the_break_glass_admin_and_sign_out_ends_the_session() {
    let Some((app, mut provider)) = sangam_and_provider().await else {
        return;
    };
    let (admin, admin_email) = signed_in_admin(&app).await;
    let member = app.person(Role::Member).await;
    let other_admin = app.person(Role::Admin).await;
    // The break-glass account must be an active Admin here.
    let (refused_status, refused) = put_settings(&admin, &app, &json!({"enabled": true, "provider_name": "Test ID", "issuer": provider.issuer,
                      "client_id": provider.client_id, "new_people": "refuse", "default_role": "member",
                      "sso_only": true, "break_glass_admin": member})).await;
    assert_eq!(refused_status, 422);
    assert_eq!(refused["error"], "sso_settings_invalid");
    let view = configure(
        &admin,
        &app,
        &provider,
        json!({"sso_only": true, "break_glass_admin": admin_email}),
    )
    .await;
    assert_eq!(view["has_client_secret"], true);
    assert!(
        view.get("client_secret").is_none(),
        "the secret is never sent back"
    );

    let login = page_text(&client(), &app.url("/login")).await;
    assert!(
        login.contains("Sign in with Test ID") && login.contains("id=\"break-glass\""),
        "{login}"
    );
    for email in [&member, &other_admin] {
        let (_, status, body) = password_sign_in(&app, email).await;
        assert_eq!(status, 403, "{email}");
        assert!(body.contains("data-code=\"sso_passwords_off\""), "{body}");
    }
    let (glass, status, _) = password_sign_in(&app, &admin_email).await;
    assert_eq!(
        status, 303,
        "the break-glass Admin still signs in with a password"
    );
    assert_eq!(me(&glass, &app).await.0, 200);

    // Invitation and reset links are no way round it: each would sign a person in with a password.
    let invited = admin
        .post(app.url("/api/v1/people/invitations"))
        .json(&json!({"email": "newcomer@team.test", "role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), 201);
    let invited: Value = invited.json().await.unwrap();
    let people: Value = admin
        .get(app.url("/api/v1/people"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let member_id = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == member.as_str())
        .unwrap()["id"]
        .clone();
    let reset = admin
        .post(app.url(&format!("/api/v1/people/{member_id}/password-reset")))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 201);
    let reset: Value = reset.json().await.unwrap();
    for (url, form) in [
        (
            invited["link"]["url"].as_str().unwrap(),
            vec![("name", "Newcomer"), ("password", "a long enough password")],
        ),
        (
            reset["url"].as_str().unwrap(),
            vec![("password", "a long enough password")],
        ),
    ] {
        let path = &url[url
            .find("/invite/")
            .or_else(|| url.find("/reset/"))
            .unwrap()..];
        let by_link = client();
        let answer = by_link
            .post(app.url(path))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 403, "{path}");
        assert!(
            answer
                .text()
                .await
                .unwrap()
                .contains("sign in with Test ID"),
            "{path} says how to sign in instead"
        );
        assert_eq!(me(&by_link, &app).await.0, 401, "{path} signed nobody in");
    }

    provider.account(&member, true, "Member").await;
    let c = client();
    assert_eq!(oidc::sign_in(&c, &app.base, &member).await.status, 303);
    assert_eq!(me(&c, &app).await.0, 200);
    let out = c.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(out.status(), 303);
    assert_eq!(me(&c, &app).await.0, 401, "signed out of Sangam");
}

#[tokio::test]
async fn a_private_issuer_is_refused_unless_the_config_allows_it_and_the_config_file_wins_over_the_page()
 {
    let app = TestApp::start().await;
    let (admin, _) = signed_in_admin(&app).await;
    let (answer_status, answer) = put_settings(&admin, &app, &json!({"enabled": true, "provider_name": "LAN ID", "issuer": "http://127.0.0.1:9/realms/x",
                      "client_id": "sangam", "new_people": "refuse", "default_role": "member", "sso_only": false})).await;
    assert_eq!(answer_status, 422);
    assert_eq!(answer["error"], "sso_issuer_not_allowed");
    let email = app.person(Role::Member).await;
    let (member, status, _) = password_sign_in(&app, &email).await;
    assert_eq!(status, 303);
    let status = member
        .get(app.url("/api/v1/sso/settings"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 403, "Admins only");

    let db = sangam_store::testing::sqlite().await.expect("db");
    let web = WebConfig {
        sso: SsoConfig {
            provider: Some(sangam_web::sso::ConfiguredProvider {
                enabled: true,
                provider_name: "Config ID".into(),
                issuer: "https://id.example.com".into(),
                client_id: "sangam".into(),
                client_secret: Some("from-the-file".into()),
                scopes: "openid email".into(),
                new_people: sangam_store::sso::NewPeople::Refuse,
                default_role: Role::Member,
                sso_only: false,
                break_glass_admin: None,
            }),
            allow_private_issuer: false,
        },
        ..WebConfig::default()
    };
    let app = TestApp::start_with(db, SandboxConfig::seeded(7), web).await;
    let (admin, _) = signed_in_admin(&app).await;
    let view: Value = admin
        .get(app.url("/api/v1/sso/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["source"], "config_file");
    assert_eq!(view["provider_name"], "Config ID");
    let page = page_text(&admin, &app.url("/settings/sso")).await;
    assert!(
        page.contains("id=\"sso-config-wins\"") && !page.contains("id=\"sso-form\""),
        "{page}"
    );
    assert!(!page.contains("from-the-file"));
    let (answer_status, answer) = put_settings(&admin, &app, &json!({"enabled": false, "provider_name": "Page ID", "issuer": "https://other.example.com",
                      "client_id": "x", "new_people": "refuse", "default_role": "member", "sso_only": false})).await;
    assert_eq!(answer_status, 409);
    assert_eq!(answer["error"], "sso_managed_by_config");
    let login = page_text(&client(), &app.url("/login")).await;
    assert!(login.contains("Sign in with Config ID"));
}
