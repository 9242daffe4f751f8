//! The permission matrix holds on every route: each role gets through exactly where `sangam_domain::access` says,
//! and strangers are sent to sign in.

use crate::support::app::{TestApp, client};
use reqwest::Method;
use sangam_domain::Role;
use sangam_web::routes::route_specs;

fn concrete(path: &str) -> String {
    path.replace("{id}", "999999")
        .replace("{*path}", "css/sangam.css")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_admits_exactly_the_roles_the_matrix_names() {
    let app = TestApp::start().await;
    let http = client();
    let mut checked = 0;
    for role in Role::ALL {
        let token = app.token(role).await;
        for spec in route_specs() {
            let Some(permission) = spec.permission else {
                continue;
            };
            let method = Method::from_bytes(spec.method.as_str().as_bytes()).unwrap();
            let response = http
                .request(method, app.url(&concrete(spec.path)))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            if role.can(permission) {
                assert!(
                    status != 403 && status != 401,
                    "{role} should get through {} {} but got {status}",
                    spec.method,
                    spec.path
                );
            } else {
                assert_eq!(
                    status, 403,
                    "{role} must be refused {} {}",
                    spec.method, spec.path
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "the walk covered the table ({checked} checks)"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn strangers_are_sent_to_sign_in_and_api_callers_get_401() {
    let app = TestApp::start().await;
    let http = client();
    for spec in route_specs() {
        if spec.permission.is_none() || spec.method != "GET" {
            continue;
        }
        let response = http
            .get(app.url(&concrete(spec.path)))
            .send()
            .await
            .unwrap();
        if spec.path.starts_with("/api/") {
            assert_eq!(response.status(), 401, "{}", spec.path);
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["error"], "unauthenticated");
        } else {
            assert_eq!(response.status(), 303, "{}", spec.path);
            let to = response.headers()["location"].to_str().unwrap();
            assert!(
                to.starts_with("/login?next="),
                "{} redirects to {to}",
                spec.path
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_is_refused() {
    let app = TestApp::start().await;
    let response = client()
        .get(app.url("/api/v1/me"))
        .bearer_auth("sgm_not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

// People and accounts: deactivation, invitations, password reset links, role changes and password change.

use crate::support::app::PASSWORD;

/// The id of the person with `email`, as the People API lists them.
async fn person_id(app: &TestApp, admin_token: &str, email: &str) -> i64 {
    let people: Vec<serde_json::Value> = client()
        .get(app.url("/api/v1/people"))
        .bearer_auth(admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    people
        .iter()
        .find(|p| p["email"] == email)
        .and_then(|p| p["id"].as_i64())
        .unwrap_or_else(|| panic!("{email} is listed"))
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> (reqwest::Client, u16) {
    let http = client();
    let status = http
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", password),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    (http, status)
}

/// The path of the link a People page or API answer shows (`/invite/…` or `/reset/…`), whatever host it names.
fn link_path(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("a {prefix} link in {text}"));
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    rest[..end].to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deactivated_person_is_signed_out_and_their_tokens_stop_at_once() {
    let app = TestApp::start().await;
    let admin_token = app.token(Role::Admin).await;
    let email = app.person(Role::Member).await;
    let (browser, status) = sign_in(&app, &email, PASSWORD).await;
    assert_eq!(status, 303);
    let created: serde_json::Value = browser
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"name": "script"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    assert_eq!(
        browser
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let me = client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    let id = person_id(&app, &admin_token, &email).await;
    let done = client()
        .post(app.url(&format!("/api/v1/people/{id}/deactivate")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 204);

    // The very next requests: the page sends them to sign in, the API refuses the token.
    let page = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(page.status(), 303, "the session no longer works");
    assert!(
        page.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    let api = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(
        api.status(),
        401,
        "the session cookie no longer works on the API"
    );
    let me = client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401, "the API token no longer works");
    let (_, status) = sign_in(&app, &email, PASSWORD).await;
    assert_eq!(status, 401, "a deactivated person cannot sign in");

    // Reactivated, they sign in again; the old token stays revoked.
    let back = client()
        .post(app.url(&format!("/api/v1/people/{id}/reactivate")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 204);
    let (_, status) = sign_in(&app, &email, PASSWORD).await;
    assert_eq!(status, 303);
    let me = client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_link_makes_one_account_with_its_role_and_then_stops_working() {
    let app = TestApp::start().await;
    let admin = app.signed_in(Role::Admin).await;
    let page = admin
        .post(app.url("/people/invite"))
        .form(&[("email", "Nisha@Team.test"), ("role", "manager")])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("id=\"issued-url\""),
        "the link is shown with a copy button"
    );
    let path = link_path(&html, "/invite/");
    let pending = admin
        .get(app.url("/people"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        pending.contains("nisha@team.test"),
        "the waiting invitation is listed"
    );

    let invitee = client();
    let form = invitee.get(app.url(&path)).send().await.unwrap();
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains("nisha@team.test"));
    let short = invitee
        .post(app.url(&path))
        .form(&[("name", "Nisha Verma"), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        short.status(),
        422,
        "a weak password is refused and the link still works"
    );
    let joined = invitee
        .post(app.url(&path))
        .form(&[
            ("name", "Nisha Verma"),
            ("password", "a long enough password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), 303, "accepting signs the invitee in");
    let me: serde_json::Value = invitee
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "manager");
    assert_eq!(me["name"], "Nisha Verma");
    assert_eq!(me["email"], "nisha@team.test");

    let again = client()
        .post(app.url(&path))
        .form(&[
            ("name", "Someone Else"),
            ("password", "another long password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 410, "a link works once");
    let (_, status) = sign_in(&app, "nisha@team.test", "a long enough password").await;
    assert_eq!(
        status, 303,
        "the new person signs in with the password they chose"
    );

    // An expired link opens nothing.
    let expired = sangam_store::people::NewInvitation {
        workspace_id: app.workspace_id,
        email: "late@team.test",
        role: Role::Member,
        token_hash: &sangam_web::auth::tokens::digest("expired-secret"),
        invited_by: me["id"].as_i64().unwrap(),
        expires_at: sangam_domain::now_millis() - 1,
    };
    sangam_store::people::create_invitation(&app.db, expired, sangam_domain::now_millis() - 10)
        .await
        .unwrap();
    let late = client()
        .get(app.url("/invite/expired-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 410);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_sets_a_new_password_once_and_signs_out_the_old_sessions() {
    let app = TestApp::start().await;
    let admin_token = app.token(Role::Admin).await;
    let email = app.person(Role::Member).await;
    let (old_session, _) = sign_in(&app, &email, PASSWORD).await;
    let id = person_id(&app, &admin_token, &email).await;
    let issued = client()
        .post(app.url(&format!("/api/v1/people/{id}/password-reset")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(issued.status(), 201);
    let body: serde_json::Value = issued.json().await.unwrap();
    let path = link_path(body["url"].as_str().unwrap(), "/reset/");

    let person = client();
    assert_eq!(
        person.get(app.url(&path)).send().await.unwrap().status(),
        200
    );
    let done = person
        .post(app.url(&path))
        .form(&[("password", "my brand new password")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    assert_eq!(
        person
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let stale = old_session.get(app.url("/account")).send().await.unwrap();
    assert_eq!(
        stale.status(),
        303,
        "the session from before the reset is over"
    );
    let (_, status) = sign_in(&app, &email, PASSWORD).await;
    assert_eq!(status, 401, "the old password no longer works");
    let (_, status) = sign_in(&app, &email, "my brand new password").await;
    assert_eq!(status, 303);
    let reused = client()
        .post(app.url(&path))
        .form(&[("password", "yet another password")])
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), 410, "a reset link works once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_role_change_applies_on_the_next_request_and_the_last_admin_stays() {
    let app = TestApp::start().await;
    let admin_email = app.person(Role::Admin).await;
    let (admin, _) = sign_in(&app, &admin_email, PASSWORD).await;
    let email = app.person(Role::Member).await;
    let (member, _) = sign_in(&app, &email, PASSWORD).await;
    assert_eq!(
        member
            .get(app.url("/posts/new"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    let people: Vec<serde_json::Value> = admin
        .get(app.url("/api/v1/people"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id_of = |e: &str| {
        people
            .iter()
            .find(|p| p["email"] == e)
            .and_then(|p| p["id"].as_i64())
            .unwrap()
    };
    let changed = admin
        .post(app.url(&format!("/people/{}/role", id_of(&email))))
        .form(&[("role", "viewer")])
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303);
    assert_eq!(
        member
            .get(app.url("/posts/new"))
            .send()
            .await
            .unwrap()
            .status(),
        403,
        "a Viewer may not compose"
    );

    let refused = admin
        .put(app.url(&format!("/api/v1/people/{}/role", id_of(&admin_email))))
        .json(&serde_json::json!({"role": "member"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "last_admin");
    let self_off = admin
        .post(app.url(&format!(
            "/api/v1/people/{}/deactivate",
            id_of(&admin_email)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(self_off.status(), 422, "nobody deactivates themselves");
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::start().await;
    let email = app.person(Role::Member).await;
    let (here, _) = sign_in(&app, &email, PASSWORD).await;
    let (elsewhere, _) = sign_in(&app, &email, PASSWORD).await;
    let wrong = here
        .post(app.url("/account/password"))
        .form(&[
            ("current_password", "not my password"),
            ("new_password", "a new long password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    let done = here
        .post(app.url("/account/password"))
        .form(&[
            ("current_password", PASSWORD),
            ("new_password", "a new long password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(
        done.text()
            .await
            .unwrap()
            .contains("id=\"password-changed\"")
    );
    assert_eq!(
        here.get(app.url("/account")).send().await.unwrap().status(),
        200,
        "this session goes on"
    );
    assert_eq!(
        elsewhere
            .get(app.url("/account"))
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "the other session is signed out"
    );
    let (_, status) = sign_in(&app, &email, "a new long password").await;
    assert_eq!(status, 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_page_speaks_the_browsers_language() {
    let app = TestApp::start().await;
    let hindi = client()
        .get(app.url("/login"))
        .header("accept-language", "hi-IN,hi;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(hindi.contains("<html lang=\"hi-IN\">"), "{hindi}");
    let english = client()
        .get(app.url("/login"))
        .header("accept-language", "de-DE,de;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(english.contains("<html lang=\"en-US\">"));
    // A wrong password is answered in the same language.
    let wrong = client()
        .post(app.url("/login"))
        .header("accept-language", "hi")
        .form(&[("email", "nobody@team.test"), ("password", "not it at all")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wrong.contains("<html lang=\"hi-IN\">"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_error_page_speaks_the_persons_language() {
    let app = TestApp::start().await;
    let email = app.person(Role::Viewer).await;
    let (viewer, _) = sign_in(&app, &email, PASSWORD).await;
    let (user, _) = sangam_store::users::credentials_by_email(&app.db, &email)
        .await
        .unwrap()
        .unwrap();
    sangam_store::users::set_preferences(&app.db, user.id, "hi-IN", "Asia/Kolkata")
        .await
        .unwrap();
    let refused = viewer.get(app.url("/people")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let page = refused.text().await.unwrap();
    assert!(page.contains("<html lang=\"hi-IN\">"));
    assert!(page.contains("आपकी भूमिका इसकी अनुमति नहीं देती।"), "{page}");
    assert!(!page.contains("Your role does not allow this."));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deactivated_person_is_given_no_more_work() {
    let app = TestApp::start().await;
    let admin_token = app.token(Role::Admin).await;
    let email = app.person(Role::Member).await;
    let id = person_id(&app, &admin_token, &email).await;
    let name = sangam_store::users::in_workspace(&app.db, app.workspace_id, id)
        .await
        .unwrap()
        .name;
    let answerers = sangam_store::inbox::people(&app.db, app.workspace_id)
        .await
        .unwrap();
    assert!(
        answerers.iter().any(|p| p.user_id == id),
        "answers the inbox while active"
    );

    let done = client()
        .post(app.url(&format!("/api/v1/people/{id}/deactivate")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 204);

    // Not offered as an assignee, and a rule cannot hand them messages.
    let answerers = sangam_store::inbox::people(&app.db, app.workspace_id)
        .await
        .unwrap();
    assert!(
        !answerers.iter().any(|p| p.user_id == id),
        "{name} is no longer an assignee"
    );
    let (admin, _) = sign_in(&app, &app.person(Role::Admin).await, PASSWORD).await;
    let inbox = admin
        .get(app.url("/inbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !inbox.contains(&format!(">{name}</option>")),
        "no assign option for {name}"
    );
    let rule = client()
        .post(app.url("/api/v1/inbox-rules"))
        .bearer_auth(&admin_token)
        .json(&serde_json::json!({"name": "to a leaver", "rule": {
            "conditions": [{"if": "keywords", "any": ["refund"]}],
            "actions": [{"then": "assign_to", "user_id": id}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        rule.status(),
        404,
        "a rule cannot assign to a deactivated person"
    );
    // Their name still reads in the history.
    assert!(
        sangam_store::users::list(&app.db, app.workspace_id)
            .await
            .unwrap()
            .iter()
            .any(|u| u.id == id)
    );
}
