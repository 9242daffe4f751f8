//! The JSON API: what scripts rely on.

use crate::support::app::{TestApp, client};
use sangam_domain::Role;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn a_post_made_through_the_api_is_published_once_per_profile() {
    let app = TestApp::start().await;
    let a = app.profile("acme").await;
    let b = app.profile("acme_in").await;
    let token = app.token(Role::Member).await;
    let http = client();
    let response = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .json(&json!({"text": "Hello from the API", "profile_ids": [a.id, b.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let post: Value = response.json().await.unwrap();
    let id = post["id"].as_i64().unwrap();
    assert_eq!(post["deliveries"].as_array().unwrap().len(), 2);

    app.eventually("both deliveries are published", || async {
        let p: Value = http
            .get(app.url(&format!("/api/v1/posts/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        p["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["state"] == "published")
    })
    .await;
    let posts = app.sandbox.all_posts().await.unwrap();
    assert_eq!(posts.len(), 2, "one post per profile on the network");
    assert_eq!(app.sandbox.repeated_keys().await.unwrap(), 0);
    let p: Value = http
        .get(app.url(&format!("/api/v1/posts/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for d in p["deliveries"].as_array().unwrap() {
        assert!(
            d["remote_url"]
                .as_str()
                .unwrap()
                .starts_with("https://sandbox.sangam.invalid/")
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_a_clear_error_and_stores_nothing() {
    let app = TestApp::start().await;
    let p = app.profile("acme").await;
    let token = app.token(Role::Member).await;
    let http = client();
    let post = |body: String| {
        http.post(app.url("/api/v1/posts"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    let malformed = post("{\"text\": ".into()).await.unwrap();
    assert_eq!(malformed.status(), 422);
    assert_eq!(
        malformed.json::<Value>().await.unwrap()["error"],
        "invalid_json"
    );

    let too_long = post(json!({"text": "x".repeat(501), "profile_ids": [p.id]}).to_string())
        .await
        .unwrap();
    assert_eq!(too_long.status(), 422);
    let body: Value = too_long.json().await.unwrap();
    assert_eq!(body["error"], "post_too_long");
    assert!(body["message"].as_str().unwrap().contains("500"));

    // Two versions of the text for one network: which would go out?
    let twice = post(
        json!({"text": "hi", "profile_ids": [p.id], "variants": [
            {"network": "mastodon", "body": "one"}, {"network": "mastodon", "body": "two"}]})
        .to_string(),
    )
    .await
    .unwrap();
    assert_eq!(twice.status(), 422);
    let body: Value = twice.json().await.unwrap();
    assert_eq!(body["error"], "post_variant_repeated");
    assert!(body["message"].as_str().unwrap().contains("mastodon"));

    // A time that has passed: the sentence says what to do instead, in words (not a missing-message key).
    let past = post(
        json!({"text": "hi", "profile_ids": [p.id], "scheduled_at": 1_600_000_000_000_i64})
            .to_string(),
    )
    .await
    .unwrap();
    assert_eq!(past.status(), 422);
    let body: Value = past.json().await.unwrap();
    assert_eq!(body["error"], "post_scheduled_in_past");
    assert_eq!(
        body["message"], "Pick a time in the future, or publish now.",
        "the composer's own sentence"
    );

    let nobody = post(json!({"text": "hi", "profile_ids": [999]}).to_string())
        .await
        .unwrap();
    assert_eq!(nobody.status(), 404);

    let list: Value = http
        .get(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing was stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_openapi_description_lists_every_api_route() {
    let app = TestApp::start().await;
    let doc: Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for spec in sangam_web::routes::route_specs() {
        if spec.path.starts_with("/api/v1/") {
            let described = paths
                .get(spec.path)
                .and_then(|p| p.get(spec.method.as_str().to_lowercase()));
            assert!(
                described.is_some(),
                "{} {} is not in the OpenAPI description",
                spec.method,
                spec.path
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_carry_a_strict_content_security_policy() {
    let app = TestApp::start().await;
    let response = client().get(app.url("/login")).send().await.unwrap();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(response.headers()["x-frame-options"], "DENY");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_posted_from_another_site_is_refused() {
    let app = TestApp::start().await;
    let response = client()
        .post(app.url("/login"))
        .header("origin", "https://evil.example")
        .form(&[("email", "a@b.c"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn guessing_passwords_is_stopped_after_five_tries() {
    let app = TestApp::start().await;
    let email = app.person(Role::Member).await;
    let http = client();
    let mut statuses = vec![];
    for _ in 0..6 {
        let r = http
            .post(app.url("/login"))
            .form(&[("email", email.as_str()), ("password", "wrong password!")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 401, 401, 429]);
    let right = http
        .post(app.url("/login"))
        .form(&[
            ("email", email.as_str()),
            ("password", crate::support::app::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        right.status(),
        429,
        "even the right password waits out the lock"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_metrics_answer() {
    // `/metrics` is opt-in (see security.rs); here it is on, behind a token.
    let web = sangam_web::WebConfig {
        metrics: sangam_web::observe::MetricsAccess {
            enabled: true,
            separate: false,
            token: Some("metrics-token".into()),
        },
        ..sangam_web::WebConfig::default()
    };
    let db = sangam_store::testing::sqlite().await.unwrap();
    let app =
        TestApp::start_with(db, sangam_networks::sandbox::SandboxConfig::seeded(7), web).await;
    let http = client();
    assert_eq!(
        http.get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    http.get(app.url("/login")).send().await.unwrap();
    let metrics = http
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("sangam_http_request_duration_seconds"),
        "{metrics}"
    );
    assert!(
        metrics.contains("route=\"/login\""),
        "durations are labelled by matched route"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_body_is_refused_before_it_is_read() {
    use tower::ServiceExt;
    let db = sangam_store::testing::sqlite().await.unwrap();
    let secrets = sangam_store::secrets::SecretBox::from_hex(
        &sangam_store::secrets::SecretBox::generate_hex(),
    )
    .unwrap();
    let state = sangam_web::AppState::new(db, secrets, Default::default(), Default::default());
    let body = format!(
        "{{\"text\": \"{}\"}}",
        "x".repeat(sangam_web::routes::MAX_BODY_BYTES + 1024)
    );
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = sangam_web::make_app(state).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_address_is_a_page_for_a_browser_and_json_for_a_script() {
    let app = TestApp::start().await;
    let http = client();
    let page = http
        .get(app.url("/no-such-page"))
        .header("Accept", "text/html,application/xhtml+xml")
        .header("Accept-Language", "hi-IN,hi;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("यहाँ कोई पेज नहीं है।"), "{html}");
    assert!(html.contains(r#"lang="hi-IN""#), "{html}");
    assert!(html.contains(r#"href="/""#), "a way back: {html}");

    // A signed-in person reads it in their account's language, whatever the browser says.
    let person = app.signed_in(Role::Viewer).await;
    app.db
        .execute(sangam_store::Sql::new(
            "UPDATE users SET language = 'hi-IN'",
        ))
        .await
        .unwrap();
    let theirs = person
        .get(app.url("/no-such-page"))
        .header("Accept", "text/html")
        .header("Accept-Language", "en-US")
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
    let html = theirs.text().await.unwrap();
    assert!(html.contains("यहाँ कोई पेज नहीं है।"), "{html}");

    let script = http
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), 404);
    let body: Value = script.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
}
