//! Facebook Pages, Instagram and Threads through the product: an Admin enters each network's app on the Profiles page
//! in a real browser and connects through each network's login (Facebook Login for Business granting a Page, and an
//! Instagram professional account linked to a Page; Threads OAuth with its long-lived token), then a post is published
//! through the JSON API and the fake networks, wiremock servers answering the documented shapes, are asked what they
//! received: on the Page, the photo's bytes and alt text and the text; on Threads, the text through its container;
//! on Instagram, a signed address on Sangam that serves the image's bytes, with its alt text on the container.

use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::Browser;
use sangam_domain::{NetworkKind, Role};
use sangam_networks::facebook::Facebook;
use sangam_networks::http::HttpConfig;
use sangam_networks::instagram::Instagram;
use sangam_networks::meta::ImageHost;
use sangam_networks::oauth::{AppNetwork, Endpoints};
use sangam_networks::sandbox::SandboxConfig;
use sangam_networks::threads::Threads;
use sangam_store::profiles;
use sangam_web::WebConfig;
use sangam_web::media::public::PublicImages;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Sangam's signed public image addresses, made once the app (and so its address) exists.
#[derive(Default)]
struct LateImages(std::sync::OnceLock<PublicImages>);

#[async_trait::async_trait]
impl ImageHost for LateImages {
    async fn public_url(
        &self,
        image: &sangam_networks::Image,
    ) -> Result<String, sangam_networks::NetworkError> {
        self.0
            .get()
            .expect("set once the app started")
            .public_url(image)
            .await
    }
}

/// Instagram's container flow for one image post (`17841` is the professional account linked to the Page).
async fn fake_instagram_publishing(server: &MockServer) {
    let answers = [
        (
            "GET",
            "/v25.0/17841/content_publishing_limit",
            json!({"data": [{"quota_usage": 3,
            "config": {"quota_total": 100, "quota_duration": 86400}}]}),
        ),
        ("POST", "/v25.0/17841/media", json!({"id": "cont1"})),
        (
            "GET",
            "/v25.0/cont1",
            json!({"id": "cont1", "status_code": "FINISHED"}),
        ),
        (
            "POST",
            "/v25.0/17841/media_publish",
            json!({"id": "media1"}),
        ),
        (
            "GET",
            "/v25.0/media1",
            json!({"id": "media1", "permalink": "https://www.instagram.com/p/KAAPI/",
            "timestamp": "2026-12-01T10:00:00+0000"}),
        ),
    ];
    for (verb, p, body) in answers {
        Mock::given(method(verb))
            .and(path(p))
            .respond_with(ok(body))
            .mount(server)
            .await;
    }
}

/// The network's consent screen, standing in for the person: straight back to the redirect URI with a code and the
/// state.
struct Consent;

impl Respond for Consent {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let q: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let mut back = reqwest::Url::parse(&q["redirect_uri"]).unwrap();
        back.query_pairs_mut()
            .append_pair("code", "granted-code")
            .append_pair("state", &q["state"]);
        ResponseTemplate::new(302).insert_header("location", back.as_str())
    }
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Facebook Login for Business: the dialog, both token trades, and the Pages granted (`instagram` links an
/// Instagram professional account to the Page).
async fn fake_facebook_login(instagram: bool) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/dialog/oauth"))
        .respond_with(Consent)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("grant_type", "fb_exchange_token"))
        .respond_with(ok(
            json!({"access_token": "user-long", "token_type": "bearer", "expires_in": 5_183_944}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/oauth/access_token"))
        .and(query_param("code", "granted-code"))
        .respond_with(ok(
            json!({"access_token": "user-short", "token_type": "bearer", "expires_in": 5183}),
        ))
        .mount(&server)
        .await;
    let mut page = json!({"id": "pg1", "name": "Filter Kaapi Co", "access_token": "page-tok"});
    if instagram {
        page["instagram_business_account"] =
            json!({"id": "17841", "username": "filterkaapi.co", "name": "Filter Kaapi Co"});
    }
    Mock::given(method("GET"))
        .and(path("/v25.0/me/accounts"))
        .respond_with(ok(json!({"data": [page]})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/photos"))
        .respond_with(ok(json!({"id": "ph1"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v25.0/pg1/feed"))
        .respond_with(ok(json!({"id": "pg1_900"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v25.0/pg1_900"))
        .respond_with(ok(
            json!({"id": "pg1_900", "permalink_url": "https://www.facebook.com/pg1_900",
            "created_time": "2026-01-01T10:00:00+0000"}),
        ))
        .mount(&server)
        .await;
    server
}

async fn fake_threads() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/oauth/authorize"))
        .respond_with(Consent)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/access_token"))
        .respond_with(ok(json!({"access_token": "th-short", "user_id": 2001})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/access_token"))
        .and(query_param("grant_type", "th_exchange_token"))
        .respond_with(ok(
            json!({"access_token": "th-long", "token_type": "bearer", "expires_in": 5_184_000}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .respond_with(ok(
            json!({"id": "2001", "username": "filterkaapi", "name": "Filter Kaapi Co"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/2001/threads_publishing_limit"))
        .respond_with(ok(json!({"data": [{"quota_usage": 2,
            "config": {"quota_total": 250, "quota_duration": 86400}}]})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/2001/threads"))
        .respond_with(ok(json!({"id": "c1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/c1"))
        .respond_with(ok(json!({"id": "c1", "status": "FINISHED"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/2001/threads_publish"))
        .respond_with(ok(json!({"id": "m900"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/m900"))
        .respond_with(ok(
            json!({"id": "m900", "permalink": "https://www.threads.net/@filterkaapi/post/m900",
            "timestamp": "2026-01-01T10:00:00+0000"}),
        ))
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

fn form(request: &Request) -> HashMap<String, String> {
    reqwest::Url::parse(&format!(
        "http://f/?{}",
        String::from_utf8_lossy(&request.body)
    ))
    .unwrap()
    .query_pairs()
    .into_owned()
    .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Enters the workspace's app for `network` on the Profiles page and connects through its flow.
async fn enter_app_and_connect(browser: &Browser, app: &TestApp, network: &str) {
    browser.goto(&app.url("/profiles")).await;
    assert_eq!(
        browser.text(&format!("#redirect-{network}")).await,
        app.url(&format!("/profiles/oauth/{network}/callback"))
    );
    browser
        .fill(&format!("#client-id-{network}"), &format!("{network}-app"))
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

#[tokio::test(flavor = "multi_thread")]
async fn facebook_instagram_and_threads_connect_on_the_profiles_page_and_get_what_was_composed() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let fb_server = fake_facebook_login(false).await;
    let ig_server = fake_facebook_login(true).await;
    fake_instagram_publishing(&ig_server).await;
    let th_server = fake_threads().await;
    let http = HttpConfig::loopback_for_tests();
    let images = Arc::new(LateImages::default());
    let apps: Vec<Arc<dyn AppNetwork>> = vec![
        Arc::new(Facebook::new(http.clone(), Endpoints::At(fb_server.uri())).unwrap()),
        Arc::new(
            Instagram::new(http.clone(), Endpoints::At(ig_server.uri()))
                .unwrap()
                .with_image_host(images.clone()),
        ),
        Arc::new(Threads::new(http.clone(), Endpoints::At(th_server.uri())).unwrap()),
    ];
    let db = sangam_store::testing::sqlite().await.unwrap();
    let web = WebConfig {
        network_http: http,
        ..WebConfig::default()
    };
    let app = TestApp::start_with_apps(db, SandboxConfig::seeded(7), web, apps).await;
    let _ = images.0.set(PublicImages {
        db: app.db.clone(),
        secrets: app.secrets.clone(),
        public_url: app.url(""),
    });

    let email = app.person(Role::Admin).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser.fill("#password", PASSWORD).await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    enter_app_and_connect(&browser, &app, "facebook").await;
    browser
        .wait_for_text("#profiles-table", "Filter Kaapi Co")
        .await;
    // The code was traded with the app's secret and the exact redirect URL shown on the page.
    let trade = &received(&fb_server, "GET", "/v25.0/oauth/access_token").await[0];
    let q: HashMap<String, String> = trade.url.query_pairs().into_owned().collect();
    assert_eq!(q["client_secret"], "facebook-secret");
    assert_eq!(
        q["redirect_uri"],
        app.url("/profiles/oauth/facebook/callback")
    );
    enter_app_and_connect(&browser, &app, "instagram").await;
    browser
        .wait_for_text("#profiles-table", "@filterkaapi.co")
        .await;
    enter_app_and_connect(&browser, &app, "threads").await;
    browser
        .wait_for_text("#profiles-table", "@filterkaapi")
        .await;
    browser
        .screenshot("target/meta_networks_connected.png")
        .await;
    browser.close().await;

    let all = profiles::list(&app.db, app.workspace_id).await.unwrap();
    let page = all
        .iter()
        .find(|p| p.network == NetworkKind::Facebook)
        .unwrap();
    let threads = all
        .iter()
        .find(|p| p.network == NetworkKind::Threads)
        .unwrap();
    let instagram = all
        .iter()
        .find(|p| p.network == NetworkKind::Instagram)
        .unwrap();
    let stored = profiles::credentials(&app.db, &app.secrets, instagram.id)
        .await
        .unwrap();
    assert_eq!(
        (
            &stored["ig_user_id"],
            &stored["page_id"],
            &stored["access_token"]
        ),
        (&json!("17841"), &json!("pg1"), &json!("page-tok"))
    );
    let stored = profiles::credentials(&app.db, &app.secrets, threads.id)
        .await
        .unwrap();
    assert_eq!(stored["access_token"], "th-long");

    // Publish through the product: an image with its alt text to the Page, and the same text to Threads.
    let image = crate::support::peers::png(3);
    let alt = "A steel tumbler of filter coffee on a banana leaf";
    let text = "Decoction at dawn, every day this monsoon";
    let admin = app.token(Role::Admin).await;
    let client = reqwest::Client::new();
    // Each post takes its own upload of the image.
    let upload = || async {
        let form = reqwest::multipart::Form::new()
            .part(
                "image",
                reqwest::multipart::Part::bytes(image.clone())
                    .file_name("kaapi.png")
                    .mime_str("image/png")
                    .unwrap(),
            )
            .text("alt", alt);
        let uploaded = client
            .post(app.url("/api/v1/media"))
            .bearer_auth(&admin)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert!(uploaded.status().is_success(), "{}", uploaded.status());
        uploaded.json::<Value>().await.unwrap()
    };
    let media = upload().await;
    let created = client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&admin)
        .json(&json!({"text": text, "profile_ids": [page.id],
                      "images": [{"media_id": media["id"], "alt": alt}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let created = client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&admin)
        .json(&json!({"text": text, "profile_ids": [instagram.id],
                      "images": [{"media_id": upload().await["id"], "alt": alt}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let created = client
        .post(app.url("/api/v1/posts"))
        .bearer_auth(&admin)
        .json(&json!({"text": text, "profile_ids": [threads.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    app.eventually("both networks received the post", || async {
        !received(&fb_server, "POST", "/v25.0/pg1/feed")
            .await
            .is_empty()
            && !received(&th_server, "POST", "/v1.0/2001/threads_publish")
                .await
                .is_empty()
    })
    .await;

    // What the Page received: the photo's bytes with its alt text, unpublished, then one post attaching it.
    let photos = received(&fb_server, "POST", "/v25.0/pg1/photos").await;
    assert_eq!(photos.len(), 1);
    assert!(contains(&photos[0].body, &image), "the image's bytes");
    assert!(contains(
        &photos[0].body,
        format!("name=\"alt_text_custom\"\r\n\r\n{alt}").as_bytes()
    ));
    assert_eq!(
        photos[0].headers["authorization"].to_str().unwrap(),
        "Bearer page-tok"
    );
    let feed = received(&fb_server, "POST", "/v25.0/pg1/feed").await;
    assert_eq!(feed.len(), 1, "sent once");
    let post = form(&feed[0]);
    assert_eq!(post["message"], text);
    assert_eq!(post["attached_media[0]"], r#"{"media_fbid":"ph1"}"#);

    // What Threads received: a text container read for its status, then published once.
    let containers = received(&th_server, "POST", "/v1.0/2001/threads").await;
    assert_eq!(containers.len(), 1);
    let container = form(&containers[0]);
    assert_eq!(
        (container["media_type"].as_str(), container["text"].as_str()),
        ("TEXT", text)
    );
    let published = received(&th_server, "POST", "/v1.0/2001/threads_publish").await;
    assert_eq!(published.len(), 1, "sent once");
    assert_eq!(form(&published[0])["creation_id"], "c1");

    // What Instagram received: a container whose image is an address on Sangam that serves the uploaded bytes (as
    // Instagram fetches it), with the alt text and the caption; then one publish.
    app.eventually("Instagram published the container", || async {
        !received(&ig_server, "POST", "/v25.0/17841/media_publish")
            .await
            .is_empty()
    })
    .await;
    let containers = received(&ig_server, "POST", "/v25.0/17841/media").await;
    assert_eq!(containers.len(), 1);
    let container = form(&containers[0]);
    assert_eq!(
        (
            container["alt_text"].as_str(),
            container["caption"].as_str()
        ),
        (alt, text)
    );
    let image_url = &container["image_url"];
    assert!(
        image_url.starts_with(&app.url("/media/public/")),
        "{image_url}"
    );
    let fetched = reqwest::get(image_url.as_str()).await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["content-type"], "image/png");
    assert_eq!(
        fetched.bytes().await.unwrap().to_vec(),
        image,
        "the image's own bytes"
    );
    let forged = image_url.replace("sig=", "sig=0");
    assert_eq!(
        reqwest::get(forged).await.unwrap().status(),
        404,
        "a forged address opens nothing"
    );
    let published = received(&ig_server, "POST", "/v25.0/17841/media_publish").await;
    assert_eq!(published.len(), 1, "sent once");

    app.eventually("both deliveries are published", || async {
        let (n,): (i64,) = app
            .db
            .fetch_one(sangam_store::Sql::new(
                "SELECT COUNT(*) FROM deliveries WHERE state = 'published' AND remote_id IN ('pg1_900', 'm900')",
            ))
            .await
            .unwrap();
        n == 2
    })
    .await;
}
