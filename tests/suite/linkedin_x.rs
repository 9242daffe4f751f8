//! LinkedIn and X through the product: an Admin enters each network's app on the Profiles page in a real browser and
//! connects through each network's OAuth flow (X with PKCE, checked by the fake network; LinkedIn granting the member
//! and the page they administer), then a post with an image and its alt text is published through the JSON API and
//! the fake networks — wiremock servers answering the documented shapes — are asked what they received.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sangam_domain::{NetworkKind, Role};
use sangam_networks::http::HttpConfig;
use sangam_networks::linkedin::LinkedIn;
use sangam_networks::oauth::{AppNetwork, Endpoints};
use sangam_networks::sandbox::SandboxConfig;
use sangam_networks::x::X;
use sangam_store::profiles;
use sangam_web::WebConfig;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ORG: &str = "urn:li:organization:2414183";

/// The network's consent screen, standing in for the person: straight back to the redirect URI with a code and the
/// state, remembering the PKCE challenge the code was issued for.
struct Consent(Arc<Mutex<HashMap<String, String>>>);

impl Respond for Consent {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let q: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let code = format!("code-{}", self.0.lock().unwrap().len() + 1);
        self.0.lock().unwrap().insert(
            code.clone(),
            q.get("code_challenge").cloned().unwrap_or_default(),
        );
        let mut back = reqwest::Url::parse(&q["redirect_uri"]).unwrap();
        back.query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &q["state"]);
        ResponseTemplate::new(302).insert_header("location", back.as_str())
    }
}

/// X's token endpoint: the code is traded only with the verifier whose S256 challenge it was issued for.
struct XToken(Arc<Mutex<HashMap<String, String>>>);

impl Respond for XToken {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: HashMap<String, String> = reqwest::Url::parse(&format!(
            "http://f/?{}",
            String::from_utf8_lossy(&request.body)
        ))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
        let challenge = self
            .0
            .lock()
            .unwrap()
            .get(form.get("code").map(String::as_str).unwrap_or_default())
            .cloned();
        let verifier = form.get("code_verifier").cloned().unwrap_or_default();
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if challenge.as_deref() != Some(computed.as_str()) || verifier.len() < 43 {
            return ResponseTemplate::new(400).set_body_json(json!({
                "error": "invalid_request", "error_description": "Value passed for the code verifier was invalid."}));
        }
        ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "expires_in": 7200, "access_token": "x-at",
            "scope": "tweet.read tweet.write users.read offline.access media.write", "refresh_token": "x-rt"}))
    }
}

async fn fake_x() -> (MockServer, Arc<Mutex<HashMap<String, String>>>) {
    let server = MockServer::start().await;
    let codes = Arc::new(Mutex::new(HashMap::new()));
    Mock::given(method("GET"))
        .and(path("/i/oauth2/authorize"))
        .respond_with(Consent(codes.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(XToken(codes.clone()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "id": "100", "name": "Acme Coffee", "username": "acmecoffee",
            "public_metrics": {"followers_count": 1200, "following_count": 80, "tweet_count": 345}}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "id": "555", "media_key": "3_555", "size": 100, "expires_after_secs": 86400}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/metadata"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"id": "555"}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": {"id": "1800", "text": "…"}})),
        )
        .mount(&server)
        .await;
    (server, codes)
}

async fn fake_linkedin() -> MockServer {
    let server = MockServer::start().await;
    let codes = Arc::new(Mutex::new(HashMap::new()));
    Mock::given(method("GET"))
        .and(path("/oauth/v2/authorization"))
        .respond_with(Consent(codes))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "li-at", "expires_in": 5184000, "refresh_token": "li-rt",
            "refresh_token_expires_in": 31536000})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"sub": "abc", "name": "Asha Rao"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .and(query_param("q", "roleAssignee"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"elements": [
            {"role": "ADMINISTRATOR", "state": "APPROVED", "roleAssignee": "urn:li:person:abc",
             "organization": ORG}]})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations/2414183"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 2414183, "localizedName": "Acme Coffee", "vanityName": "acme-coffee"})))
        .mount(&server)
        .await;
    let upload = format!("{}/dms-uploads/img1", server.uri());
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .and(query_param("action", "initializeUpload"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": {
            "uploadUrlExpiresAt": 1_900_000_000_000_i64, "uploadUrl": upload, "image": "urn:li:image:C4E1"}})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/dms-uploads/img1"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(ResponseTemplate::new(201).insert_header("x-restli-id", "urn:li:share:7001"))
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer, verb: &str, p: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == p)
        .collect()
}

/// Enters the workspace's app for `network` on the Profiles page and connects through its flow.
async fn enter_app_and_connect(browser: &Browser, app: &TestApp, network: &str) {
    browser.goto(&app.url("/profiles")).await;
    assert_eq!(
        browser.text(&format!("#redirect-{network}")).await,
        app.url(&format!("/profiles/oauth/{network}/callback"))
    );
    browser
        .fill(
            &format!("#client-id-{network}"),
            &format!("{network}-client"),
        )
        .await;
    browser
        .fill(
            &format!("#client-secret-{network}"),
            &format!("{network}-secret"),
        )
        .await;
    browser.click(&format!("#app-save-{network}")).await;
    browser.wait_for(&format!("#secret-set-{network}")).await;
    browser.click(&format!("#connect-{network}")).await;
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread")]
async fn linkedin_and_x_connect_on_the_profiles_page_and_get_the_text_the_image_and_its_alt_text() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let (x_server, _) = fake_x().await;
    let li_server = fake_linkedin().await;
    let http = HttpConfig::loopback_for_tests();
    let apps: Vec<Arc<dyn AppNetwork>> = vec![
        Arc::new(LinkedIn::new(http.clone(), Endpoints::At(li_server.uri())).unwrap()),
        Arc::new(X::new(http.clone(), Endpoints::At(x_server.uri())).unwrap()),
    ];
    let db = sangam_store::testing::sqlite().await.unwrap();
    let web = WebConfig {
        network_http: http,
        ..WebConfig::default()
    };
    let app = TestApp::start_with_apps(db, SandboxConfig::seeded(7), web, apps).await;

    let email = app.person(Role::Admin).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    // X: one account, back on the Profiles page at once. The fake refuses a code traded without its verifier.
    enter_app_and_connect(&browser, &app, "x").await;
    browser.wait_for_text("#profiles-table", "acmecoffee").await;
    let token = &received(&x_server, "POST", "/2/oauth2/token").await[0];
    assert!(String::from_utf8_lossy(&token.body).contains("code_verifier="));
    let authorize = &received(&x_server, "GET", "/i/oauth2/authorize").await[0];
    let scope: String = authorize
        .url
        .query_pairs()
        .find(|(k, _)| k == "scope")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(
        scope,
        "tweet.read tweet.write users.read offline.access dm.read dm.write media.write"
    );

    // LinkedIn: the member and the page they administer, both kept.
    enter_app_and_connect(&browser, &app, "linkedin").await;
    browser.wait_for("#pick-form").await;
    browser.click("#pick-submit").await;
    browser
        .wait_for_text("#profiles-table", "acme-coffee")
        .await;
    browser.screenshot("target/linkedin_x_connected.png").await;
    browser.close().await;

    let all = profiles::list(&app.db, app.workspace_id).await.unwrap();
    let x_profile = all.iter().find(|p| p.network == NetworkKind::X).unwrap();
    let page = all
        .iter()
        .find(|p| p.network == NetworkKind::LinkedIn && p.handle == "acme-coffee")
        .unwrap();
    assert!(
        all.iter()
            .any(|p| p.network == NetworkKind::LinkedIn && p.display_name == "Asha Rao"),
        "the member too"
    );
    let stored = profiles::credentials(&app.db, &app.secrets, page.id)
        .await
        .unwrap();
    assert_eq!(stored["author"], ORG);

    // Publish through the product: an uploaded image with its alt text, to the X account and the LinkedIn page.
    let image = crate::support::peers::png(3);
    let alt = "A glass of cold brew on a wooden table";
    let text = "Cold brew is back (limited) #monsoon";
    let admin = app.token(Role::Admin).await;
    let http = reqwest::Client::new();
    let form = reqwest::multipart::Form::new()
        .part(
            "image",
            reqwest::multipart::Part::bytes(image.clone())
                .file_name("brew.png")
                .mime_str("image/png")
                .unwrap(),
        )
        .text("alt", alt);
    let uploaded = http
        .post(app.url("/api/v1/media"))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(uploaded.status().is_success(), "{}", uploaded.status());
    let media: Value = uploaded.json().await.unwrap();
    let created = http
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&admin)
        .json(
            &json!({"text": text, "profile_ids": [x_profile.id, page.id],
                      "images": [{"media_id": media["id"], "alt": alt}]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    app.eventually("both networks received the post", || async {
        !received(&x_server, "POST", "/2/tweets").await.is_empty()
            && !received(&li_server, "POST", "/rest/posts").await.is_empty()
    })
    .await;

    // What X received: the image's bytes, its alt text, then one post naming the media.
    let uploads = received(&x_server, "POST", "/2/media/upload").await;
    assert_eq!(uploads.len(), 1);
    assert!(contains(&uploads[0].body, &image), "the image's bytes");
    let metadata: Value =
        serde_json::from_slice(&received(&x_server, "POST", "/2/media/metadata").await[0].body)
            .unwrap();
    assert_eq!(metadata["id"], "555");
    assert_eq!(metadata["metadata"]["alt_text"]["text"], alt);
    let tweets = received(&x_server, "POST", "/2/tweets").await;
    assert_eq!(tweets.len(), 1, "sent once");
    let tweet: Value = serde_json::from_slice(&tweets[0].body).unwrap();
    assert_eq!(tweet["text"], text);
    assert_eq!(tweet["media"]["media_ids"], json!(["555"]));
    assert_eq!(
        tweets[0].headers["authorization"].to_str().unwrap(),
        "Bearer x-at"
    );

    // What LinkedIn received: an upload owned by the page, the bytes, then one post with the image and its alt text.
    let init: Value =
        serde_json::from_slice(&received(&li_server, "POST", "/rest/images").await[0].body)
            .unwrap();
    assert_eq!(init["initializeUploadRequest"]["owner"], ORG);
    let put = received(&li_server, "PUT", "/dms-uploads/img1").await;
    assert_eq!(put.len(), 1);
    assert_eq!(put[0].body, image);
    let posts = received(&li_server, "POST", "/rest/posts").await;
    assert_eq!(posts.len(), 1, "sent once");
    let post: Value = serde_json::from_slice(&posts[0].body).unwrap();
    assert_eq!(post["author"], ORG);
    assert_eq!(
        post["commentary"],
        "Cold brew is back \\(limited\\) \\#monsoon"
    );
    assert_eq!(post["content"]["media"]["id"], "urn:li:image:C4E1");
    assert_eq!(post["content"]["media"]["altText"], alt);
    assert_eq!(post["lifecycleState"], "PUBLISHED");
    assert!(posts[0].headers.get("linkedin-version").is_some());

    // And the product says where each post now lives.
    app.eventually("both deliveries are published", || async {
        let (n,): (i64,) = app
            .db
            .fetch_one(sangam_store::Sql::new(
                "SELECT COUNT(*) FROM deliveries WHERE state = 'published' AND remote_id IN ('1800', 'urn:li:share:7001')",
            ))
            .await
            .unwrap();
        n == 2
    })
    .await;
}
