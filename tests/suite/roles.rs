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
