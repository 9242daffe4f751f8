//! Outgoing webhooks, proved at the receiver: a small HTTP server on loopback checks every signature the way the
//! README's example does (and runs that very example), counts what it accepted per event id, and answers 500, stalls
//! or holds a request as each test needs. The real binary is SIGKILLed mid-delivery too.

use crate::support::app::TestApp;
use crate::support::browser::Browser;
use crate::support::process::Setup;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use sangam_domain::webhook::EventType;
use sangam_domain::{Role, now_millis};
use sangam_engine::webhooks::new_secret;
use sangam_networks::http::HttpConfig;
use sangam_networks::sandbox::SandboxConfig;
use sangam_store::secrets::{SecretBox, hex, hmac_sha256};
use sangam_store::webhooks::{self as store, Event, NewWebhook};
use sangam_store::{Db, Sql, workspaces};
use sangam_web::WebConfig;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the receiver does with a request: the `n`th (0-based) it has had for this event id.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Status(u16),
    /// Waits this long, then answers 200 (the sender has given up by then).
    Stall(Duration),
    /// Never answers.
    Hold,
}

type Plan = Arc<dyn Fn(&str, usize) -> Answer + Send + Sync>;

#[derive(Clone, Debug)]
struct Request {
    event_id: String,
    signature: String,
    body: Bytes,
    at: Instant,
    /// Whether the signature checked out under the receiver's secret.
    verified: bool,
}

#[derive(Clone)]
struct Receiver {
    secret: Arc<Mutex<String>>,
    requests: Arc<Mutex<Vec<Request>>>,
    /// Event ids answered 2xx, once per answer given.
    accepted: Arc<Mutex<Vec<String>>>,
    plan: Plan,
    url: String,
}

impl Receiver {
    async fn start(plan: Plan) -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook?from=sangam", listener.local_addr().unwrap());
        let receiver = Receiver {
            secret: Arc::new(Mutex::new(String::new())),
            requests: Arc::default(),
            accepted: Arc::default(),
            plan,
            url,
        };
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    fn set_secret(&self, secret: &str) {
        *self.secret.lock().unwrap() = secret.to_string();
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    fn requests_for(&self, event_id: &str) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.event_id == event_id)
            .collect()
    }

    fn accepted(&self) -> Vec<String> {
        self.accepted.lock().unwrap().clone()
    }
}

/// The receiver's own check, written from the README's description: HMAC-SHA256 under the secret of
/// `t + "." + body`, any `v1=` matching.
fn verifies(secret: &str, header: &str, body: &[u8]) -> bool {
    let fields: Vec<(&str, &str)> = header
        .split(',')
        .filter_map(|f| f.split_once('='))
        .collect();
    let Some(t) = fields.iter().find(|(k, _)| *k == "t").map(|(_, v)| *v) else {
        return false;
    };
    let mut signed = format!("{t}.").into_bytes();
    signed.extend_from_slice(body);
    let expected = hex(&hmac_sha256(secret.as_bytes(), &signed));
    fields.iter().any(|(k, v)| *k == "v1" && *v == expected)
}

async fn receive(
    State(r): State<Receiver>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let signature = header("sangam-signature");
    let event_id = header("sangam-event-id");
    let secret = r.secret.lock().unwrap().clone();
    let verified = verifies(&secret, &signature, &body);
    let nth = {
        let mut requests = r.requests.lock().unwrap();
        let nth = requests.iter().filter(|q| q.event_id == event_id).count();
        requests.push(Request {
            event_id: event_id.clone(),
            signature,
            body,
            at: Instant::now(),
            verified,
        });
        nth
    };
    if !verified {
        return (StatusCode::UNAUTHORIZED, "bad signature".into());
    }
    match (r.plan)(&event_id, nth) {
        Answer::Status(code) if (200..300).contains(&code) => {
            r.accepted.lock().unwrap().push(event_id);
            (StatusCode::from_u16(code).unwrap(), "<b>ok</b>".into())
        }
        Answer::Status(code) => (
            StatusCode::from_u16(code).unwrap(),
            "down for a moment".into(),
        ),
        Answer::Stall(wait) => {
            tokio::time::sleep(wait).await;
            (StatusCode::OK, "late".into())
        }
        Answer::Hold => std::future::pending().await,
    }
}

fn always_ok() -> Plan {
    Arc::new(|_, _| Answer::Status(200))
}

/// The README's receiver example, run by Python on what the receiver got.
fn readme_example_accepts(secret: &str, header: &str, body: &[u8]) -> bool {
    let readme = include_str!("../../README.md");
    let block = readme
        .split("<!-- webhook-receiver -->\n```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has the receiver example");
    assert!(block.lines().count() <= 10, "the example stays ten lines");
    let dir = tempfile::tempdir().unwrap();
    let body_file = dir.path().join("body");
    std::fs::write(&body_file, body).unwrap();
    let program = format!(
        "{block}\nimport os, sys\nok = verify(os.environ['SECRET'], os.environ['SIGNATURE'], \
         open(os.environ['BODY'], 'rb').read())\nsys.exit(0 if ok else 3)\n"
    );
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(program)
        .env("SECRET", secret)
        .env("SIGNATURE", header)
        .env("BODY", &body_file)
        .status()
        .expect("python3 runs the README's example");
    match status.code() {
        Some(0) => true,
        Some(3) => false,
        other => panic!("the README example failed to run: {other:?}"),
    }
}

/// The app with outbound HTTP allowed to reach loopback (as connector tests do), webhook attempts timing out after
/// `timeout_ms` and retries starting at `retry_base_ms`.
async fn app_reaching_loopback(timeout_ms: u64, retry_base_ms: i64) -> TestApp {
    let db = sangam_store::testing::sqlite().await.unwrap();
    let web = WebConfig {
        network_http: HttpConfig::loopback_for_tests(),
        ..WebConfig::default()
    };
    TestApp::start_tuned(db, SandboxConfig::seeded(7), web, |engine| {
        engine.webhooks.timeout_ms = timeout_ms;
        engine.webhooks.retry_base_ms = retry_base_ms;
    })
    .await
}

/// Subscribes `url` to `events` through the API as an Admin; returns the webhook's id and its secret.
async fn subscribe(
    app: &TestApp,
    admin: &reqwest::Client,
    url: &str,
    events: &[&str],
) -> (i64, String) {
    let response = admin
        .post(app.url("/api/v1/webhooks"))
        .json(&json!({"url": url, "description": "CRM", "events": events}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    (created["webhook"]["id"].as_i64().unwrap(), secret)
}

/// The webhook's delivery log through the API, newest first.
async fn delivery_log(app: &TestApp, admin: &reqwest::Client, id: i64) -> Vec<Value> {
    let url = app.url(&format!("/api/v1/webhooks/{id}/deliveries"));
    let log: Value = admin.get(url).send().await.unwrap().json().await.unwrap();
    log.as_array().unwrap().clone()
}

async fn wait_until(what: &str, limit: Duration, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < limit {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receiver_verifies_each_event_as_the_readme_shows_and_gets_the_versioned_envelope() {
    let receiver = Receiver::start(always_ok()).await;
    let app = app_reaching_loopback(5_000, 200).await;
    let admin = app.signed_in(Role::Admin).await;
    let events = ["post.published", "crisis.paused", "crisis.resumed"];
    let (id, secret) = subscribe(&app, &admin, &receiver.url, &events).await;
    receiver.set_secret(&secret);
    assert!(secret.starts_with("whsec_"));
    let listed: Value = admin
        .get(app.url("/api/v1/webhooks"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        !listed.to_string().contains(&secret),
        "the secret is shown once, never listed"
    );

    // A post published on the sandbox, and the crisis switch pulled and released.
    let profile = app.profile("acme").await;
    let member = app.signed_in(Role::Member).await;
    let post = member
        .post(app.url("/api/v1/posts"))
        .json(&json!({"text": "Monsoon menu is live", "profile_ids": [profile.id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 201, "{}", post.text().await.unwrap());
    wait_until(
        "the post.published event arrives",
        Duration::from_secs(30),
        || receiver.accepted().len() == 1,
    )
    .await;
    for path in ["/api/v1/crisis/pause", "/api/v1/crisis/resume"] {
        let response = admin
            .post(app.url(path))
            .json(&json!({"reason": "A storm about our ad"}))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
    }
    wait_until("three events arrived", Duration::from_secs(30), || {
        receiver.accepted().len() == 3
    })
    .await;

    let requests = receiver.requests();
    assert!(
        requests.iter().all(|r| r.verified),
        "every signature verifies"
    );
    let bodies: Vec<Value> = requests
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let mut types: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
    types.sort_unstable();
    assert_eq!(types, ["crisis.paused", "crisis.resumed", "post.published"]);
    let of_type = |t: &str| bodies.iter().find(|b| b["type"] == t).unwrap();
    for (b, r) in bodies.iter().zip(&requests) {
        assert_eq!(b["schema"], "sangam.webhook.v1");
        assert_eq!(
            b["id"].as_str(),
            Some(r.event_id.as_str()),
            "the header names the body's event id"
        );
        assert_eq!(b["workspace"]["id"], app.workspace_id);
        assert!(b["occurred_at"].as_str().unwrap().ends_with('Z'));
    }
    let remote = app.sandbox.all_posts().await.unwrap()[0].remote_id();
    assert_eq!(
        bodies[0]["type"], "post.published",
        "the post went out before the switch was pulled"
    );
    assert_eq!(
        of_type("post.published")["data"]["remote_id"].as_str(),
        Some(remote.as_str())
    );
    assert_eq!(
        of_type("crisis.paused")["data"]["reason"],
        "A storm about our ad"
    );

    // The README's own example agrees, and refuses a tampered body or the wrong secret.
    let first = &requests[0];
    assert!(readme_example_accepts(
        &secret,
        &first.signature,
        &first.body
    ));
    let mut tampered = first.body.to_vec();
    tampered.extend_from_slice(b" ");
    assert!(!readme_example_accepts(
        &secret,
        &first.signature,
        &tampered
    ));
    assert!(!readme_example_accepts(
        &new_secret(),
        &first.signature,
        &first.body
    ));

    // The delivery log: one attempt each, HTTP 200, the answer's first bytes.
    let log = delivery_log(&app, &admin, id).await;
    assert_eq!(log.len(), 3);
    assert!(
        log.iter()
            .all(|a| a["status"] == 200 && a["attempt"] == 1 && a["response"] == "<b>ok</b>")
    );
    assert!(log.iter().all(|a| a["delivery_state"] == "delivered"));

    // After a rotation the old secret keeps signing for a while: both verify.
    let rotated: Value = admin
        .post(app.url(&format!("/api/v1/webhooks/{id}/rotate")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new, secret);
    let test = admin
        .post(app.url(&format!("/api/v1/webhooks/{id}/test")))
        .send()
        .await
        .unwrap();
    assert_eq!(test.status(), 202);
    let test: Value = test.json().await.unwrap();
    let test_id = test["event_id"].as_str().unwrap().to_string();
    wait_until("the test event arrives", Duration::from_secs(30), || {
        !receiver.requests_for(&test_id).is_empty()
    })
    .await;
    let got = &receiver.requests_for(&test_id)[0];
    assert!(
        readme_example_accepts(&new, &got.signature, &got.body),
        "the new secret signs"
    );
    assert!(
        readme_example_accepts(&secret, &got.signature, &got.body),
        "the old one still does"
    );
    let body: Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(body["type"], "webhook.test");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_500_and_a_timeout_are_retried_with_back_off_under_one_event_id() {
    // First a 500, then an answer slower than the timeout, then 200.
    let plan: Plan = Arc::new(|_, nth| match nth {
        0 => Answer::Status(500),
        1 => Answer::Stall(Duration::from_secs(3)),
        _ => Answer::Status(200),
    });
    let receiver = Receiver::start(plan).await;
    let base_ms = 400;
    let app = app_reaching_loopback(1_000, base_ms).await;
    let admin = app.signed_in(Role::Admin).await;
    let (id, secret) = subscribe(&app, &admin, &receiver.url, &["crisis.paused"]).await;
    receiver.set_secret(&secret);
    let paused = admin
        .post(app.url("/api/v1/crisis/pause"))
        .json(&json!({"reason": "drill"}))
        .send()
        .await
        .unwrap();
    assert!(paused.status().is_success());
    wait_until(
        "the third attempt is accepted",
        Duration::from_secs(60),
        || receiver.accepted().len() == 1,
    )
    .await;

    let requests = receiver.requests();
    assert_eq!(
        requests.len(),
        3,
        "a 500, a timeout, then success; nothing after"
    );
    let event_id = &requests[0].event_id;
    assert!(
        requests.iter().all(|r| &r.event_id == event_id),
        "one event id on every attempt"
    );
    assert!(
        requests.windows(2).all(|w| w[0].body == w[1].body),
        "the same bytes every time"
    );
    // Back-off: the n-th retry waits at least half of base x 2^(n-1) (the jitter's floor) after the attempt ended.
    let first_gap = requests[1].at - requests[0].at;
    assert!(
        first_gap >= Duration::from_millis(base_ms as u64 / 2),
        "{first_gap:?}"
    );
    let second_gap = requests[2].at - requests[1].at;
    assert!(
        second_gap >= Duration::from_millis(1_000 + base_ms as u64),
        "{second_gap:?}"
    );

    let mut log = delivery_log(&app, &admin, id).await;
    log.reverse();
    let attempts: Vec<(i64, Value)> = log
        .iter()
        .map(|a| (a["attempt"].as_i64().unwrap(), a["status"].clone()))
        .collect();
    assert_eq!(
        attempts,
        [(1, json!(500)), (2, Value::Null), (3, json!(200))]
    );
    let timeout = log[1]["error"].as_str().unwrap();
    assert!(timeout.to_lowercase().contains("time"), "{timeout}");
    assert_eq!(log[0]["response"], "down for a moment");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_private_address_is_refused_with_a_clear_code() {
    // The default rules: https on public addresses only.
    let app = TestApp::start().await;
    let admin = app.signed_in(Role::Admin).await;
    for (url, code) in [
        ("https://127.0.0.1:8443/hook", "webhook_url_private"),
        ("https://10.0.0.8/hook", "webhook_url_private"),
        ("https://[::1]/hook", "webhook_url_private"),
        ("https://localhost/hook", "webhook_url_private"),
        ("http://hooks.example.com/in", "webhook_url_not_https"),
        ("hooks example", "webhook_url_invalid"),
    ] {
        let response = admin
            .post(app.url("/api/v1/webhooks"))
            .json(&json!({"url": url, "events": ["post.published"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{url}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"], code, "{url}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    let none = admin
        .post(app.url("/api/v1/webhooks"))
        .json(&json!({"url": "https://hooks.example.com/in", "events": []}))
        .send()
        .await
        .unwrap();
    let body: Value = none.json().await.unwrap();
    assert_eq!(body["error"], "webhook_events_invalid");
    // Only Admins manage webhooks.
    let manager = app.signed_in(Role::Manager).await;
    let listed = manager
        .get(app.url("/api/v1/webhooks"))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 403);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_creates_a_webhook_sees_its_secret_once_and_the_test_event_in_the_log() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let receiver = Receiver::start(always_ok()).await;
    let app = app_reaching_loopback(5_000, 200).await;
    let email = app.person(Role::Admin).await;
    browser.goto(&app.url("/login")).await;
    browser.fill("#email", &email).await;
    browser
        .fill("#password", crate::support::app::PASSWORD)
        .await;
    browser.click("#login-submit").await;
    browser.wait_for("#who-name").await;

    browser.click("a[href='/settings/webhooks']").await;
    browser.wait_for("#webhook-form").await;
    browser.fill("#webhook-url", &receiver.url).await;
    browser.fill("#webhook-description", "Our CRM").await;
    browser.click("input[value='message.abusive']").await;
    browser.click("#webhook-create").await;
    let secret = browser.text("#webhook-secret").await;
    assert!(secret.starts_with("whsec_"), "{secret}");
    receiver.set_secret(&secret);

    // Shown once: the list and the webhook's page never show it again.
    browser.goto(&app.url("/settings/webhooks")).await;
    browser.wait_for_text("#webhooks-table", "Our CRM").await;
    browser.click(".webhook-row a").await;
    browser.wait_for("#webhook-test").await;
    let page = browser.client.source().await.unwrap();
    assert!(
        !page.contains(&secret),
        "the secret is not on the page again"
    );

    browser.click("#webhook-test").await;
    browser.wait_for("#webhook-tested").await;
    wait_until("the test event arrives", Duration::from_secs(30), || {
        receiver.accepted().len() == 1
    })
    .await;
    let event_id = receiver.accepted()[0].clone();
    // The log is drawn by the server: look again until the attempt is there.
    let url = browser.url().await.trim_end_matches("/test").to_string();
    let mut shown = String::new();
    for _ in 0..50 {
        browser.goto(&url).await;
        shown = browser.text("#webhook-log").await;
        if shown.contains("HTTP 200") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(shown.contains("HTTP 200"), "{shown}");
    assert!(
        shown.contains(&event_id),
        "the log names the event id: {shown}"
    );
    // The receiver's answer is shown as text, not markup.
    assert_eq!(browser.text(".attempt-response").await, "<b>ok</b>");
    browser.close().await;
}

/// A workspace and a webhook written straight to the database the binary will open, and `n` events recorded the way
/// the app records them (inside a transaction). Returns the event ids.
async fn seed(db: &Db, setup: &Setup, url: &str, secret: &str, n: usize) -> Vec<String> {
    let hex = SecretBox::generate_hex();
    std::fs::write(setup.key_path(), &hex).unwrap();
    let secrets = SecretBox::from_hex(&hex).unwrap();
    let now = now_millis();
    let ws = workspaces::create(db, "Crash team", now).await.unwrap();
    let admin = sangam_store::users::create(
        db,
        sangam_store::users::NewUser {
            workspace_id: ws.id,
            email: "admin@team.test",
            name: "Admin",
            password_hash: "x",
            role: Role::Admin,
        },
        now,
    )
    .await
    .unwrap();
    let sealed = secrets.seal(secret);
    let new = NewWebhook {
        workspace_id: ws.id,
        url,
        description: "",
        events: &[EventType::CrisisPaused],
        sealed_secret: &sealed,
        created_by: admin.id,
    };
    store::create(db, new, now).await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let mut tx = db.tx().await.unwrap();
        let event = Event {
            workspace_id: ws.id,
            event_type: EventType::CrisisPaused,
            occurred_at: now,
            data: json!({"n": i}),
        };
        ids.push(store::record(&mut tx, event).await.unwrap().unwrap());
        tx.commit().await.unwrap();
    }
    ids
}

/// The real binary is SIGKILLed while the receiver holds one delivery's request. Events already answered 2xx were
/// recorded as delivered before the kill and are never sent again; the held one, whose answer never reached us, is
/// sent again after the restart under the same event id. Every event id is accepted exactly once.
#[tokio::test(flavor = "multi_thread")]
async fn after_a_sigkill_mid_delivery_no_event_id_is_accepted_twice() {
    let held = Arc::new(Mutex::new(None::<String>));
    let chosen = held.clone();
    // The first request of the first event seen after the others is held; everything else is accepted.
    let plan: Plan = Arc::new(move |event_id, nth| {
        let mut held = chosen.lock().unwrap();
        if nth == 0 && held.is_none() {
            *held = Some(event_id.to_string());
            return Answer::Hold;
        }
        Answer::Status(200)
    });
    let receiver = Receiver::start(plan).await;
    let secret = new_secret();
    receiver.set_secret(&secret);
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("sangam.db");
    let url = format!("sqlite://{}", db_path.display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let setup = Setup::new(url, dir.path())
        .with("SANGAM_NETWORKS__ALLOW_PRIVATE_ADDRESSES", "true")
        .with("SANGAM_ENGINE__LEASE_SECS", 16)
        .with("SANGAM_ENGINE__WEBHOOK_TIMEOUT_MS", 7_000)
        .with("SANGAM_ENGINE__WEBHOOK_RETRY_BASE_MS", 200);
    let n = 6;
    let ids = seed(&db, &setup, &receiver.url, &secret, n).await;

    let first = setup.serve().await;
    wait_until(
        "one request is held and the rest accepted",
        Duration::from_secs(60),
        || held.lock().unwrap().is_some() && receiver.accepted().len() == n - 1,
    )
    .await;
    // The kill must land while only the held delivery is in flight: the others' successes are on record (the
    // window between a receiver's answer and that record is milliseconds; an event caught in it would be sent again
    // under its id, which is what the id is for).
    let delivered = async || {
        let sql = Sql::new("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'delivered'");
        db.fetch_one::<(i64,)>(sql).await.unwrap().0
    };
    let start = Instant::now();
    while delivered().await < n as i64 - 1 {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the accepted deliveries are recorded"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill_hard().await;
    let held_id = held.lock().unwrap().clone().unwrap();
    let sent_before_kill = receiver.requests().len();
    assert_eq!(sent_before_kill, n, "one request per event before the kill");

    // The restarted process takes the held job once the killed one's lease (16 s) has run out.
    let _second = setup.serve().await;
    wait_until(
        "the held event is delivered after the restart",
        Duration::from_secs(90),
        || receiver.accepted().contains(&held_id),
    )
    .await;
    // Give any wrongful resend of the other events time to show: their jobs were due at once if they were due at all.
    tokio::time::sleep(Duration::from_secs(8)).await;

    let accepted = receiver.accepted();
    for id in &ids {
        let times = accepted.iter().filter(|a| *a == id).count();
        assert_eq!(times, 1, "event {id} accepted exactly once");
        if *id != held_id {
            assert_eq!(
                receiver.requests_for(id).len(),
                1,
                "a recorded success is never sent again"
            );
        }
    }
    assert_eq!(
        receiver.requests_for(&held_id).len(),
        2,
        "the held event is sent again, same id"
    );
    assert!(receiver.requests().iter().all(|r| r.verified));
}

fn inbound(remote_id: &str, text: &str, abusive: bool) -> sangam_store::inbox::ingest::NewMessage {
    sangam_store::inbox::ingest::NewMessage {
        remote_id: remote_id.into(),
        kind: sangam_domain::MessageKind::Mention,
        author_handle: "ravi".into(),
        author_name: "Ravi".into(),
        author_followers: Some(10),
        text: text.into(),
        url: None,
        in_reply_to: None,
        conversation_id: format!("conv-{remote_id}"),
        received_at: now_millis() - 60_000,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: if abusive { -0.8 } else { 0.4 },
        sentiment_label: sangam_domain::Sentiment::Neutral,
        abusive,
        abuse_score: if abusive { 0.97 } else { 0.01 },
        abuse_labels: vec![],
        hidden: false,
        done: false,
        assigned_to: None,
        tags: vec![],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn inbox_and_approval_events_reach_the_receiver_with_their_data() {
    let receiver = Receiver::start(always_ok()).await;
    let app = app_reaching_loopback(5_000, 200).await;
    let admin = app.signed_in(Role::Admin).await;
    let events = [
        "message.received",
        "message.abusive",
        "approval.requested",
        "approval.decided",
    ];
    let (_, secret) = subscribe(&app, &admin, &receiver.url, &events).await;
    receiver.set_secret(&secret);
    let profile = app.profile("acme").await;

    // A page of two messages stored by the ingester's store call, one of them abusive.
    let page = [
        inbound("m1", "Is the cafe open on Sunday?", false),
        inbound("m2", "You are all idiots", true),
    ];
    let stored = sangam_store::inbox::ingest::ingest_page(
        &app.db,
        app.workspace_id,
        profile.id,
        &page,
        None,
        now_millis(),
    )
    .await
    .unwrap();
    assert_eq!(stored.len(), 2);

    // A Member's post waits for approval; a Manager approves it.
    workspaces::set_approval_roles(&app.db, app.workspace_id, &[Role::Member])
        .await
        .unwrap();
    let member = app.signed_in(Role::Member).await;
    let post: Value = member
        .post(app.url("/api/v1/posts"))
        .json(&json!({"text": "Needs a yes first", "profile_ids": [profile.id]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let post_id = post["id"].as_i64().unwrap();
    let manager = app.signed_in(Role::Manager).await;
    let decided = manager
        .post(app.url(&format!("/api/v1/posts/{post_id}/reviews")))
        .json(&json!({"decision": "approved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), 200, "{}", decided.text().await.unwrap());

    wait_until("five events arrived", Duration::from_secs(30), || {
        receiver.accepted().len() == 5
    })
    .await;
    let bodies: Vec<Value> = receiver
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let of = |t: &str| -> Vec<&Value> { bodies.iter().filter(|b| b["type"] == t).collect() };
    let received = of("message.received");
    assert_eq!(received.len(), 2, "every stored message");
    let abusive = of("message.abusive");
    assert_eq!(abusive.len(), 1, "only the abusive one");
    assert_eq!(abusive[0]["data"]["text"], "You are all idiots");
    assert_eq!(abusive[0]["data"]["message_id"], stored[1]);
    assert_eq!(of("approval.requested")[0]["data"]["post_id"], post_id);
    let decision = &of("approval.decided")[0]["data"];
    assert_eq!(decision["post_id"], post_id);
    assert_eq!(decision["decision"], "approved");

    // Storing the same page again (an overlapping fetch) stores nothing, so tells nothing.
    let again = sangam_store::inbox::ingest::ingest_page(
        &app.db,
        app.workspace_id,
        profile.id,
        &page,
        None,
        now_millis(),
    )
    .await
    .unwrap();
    assert!(again.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_goal_past_its_target_is_told_once_however_often_it_is_seen() {
    let receiver = Receiver::start(always_ok()).await;
    let app = app_reaching_loopback(5_000, 200).await;
    let admin = app.signed_in(Role::Admin).await;
    let (_, secret) = subscribe(&app, &admin, &receiver.url, &["goal.reached"]).await;
    receiver.set_secret(&secret);
    let profile = app.profile("acme").await;
    let day = 24 * 3_600_000;
    let now = now_millis();
    for (i, followers) in [1000, 1010, 1040].into_iter().enumerate() {
        let snapshot = sangam_store::snapshots::ProfileSnapshot {
            profile_id: profile.id,
            taken_at: now - (3 - i as i64) * day,
            followers,
            following: 5,
            posts: 1,
        };
        sangam_store::snapshots::record_profile(&app.db, &snapshot)
            .await
            .unwrap();
    }
    let owner = sangam_store::users::list(&app.db, app.workspace_id)
        .await
        .unwrap()[0]
        .id;
    let date = |at: i64| {
        jiff::Timestamp::from_millisecond(at)
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
            .to_string()
    };
    let goal: Value = admin
        .post(app.url("/api/v1/goals"))
        .json(&json!({
            "objective": "Grow past 1020 followers", "metric_id": "followers", "baseline": 1000.0,
            "target": 1020.0, "start": date(now - 5 * day), "end": date(now + 10 * day), "owner_id": owner,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = goal["id"].as_i64().expect("the goal is created");
    for _ in 0..3 {
        let shown: Value = admin
            .get(app.url(&format!("/api/v1/goals/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(shown["status"]["progress"].as_f64().unwrap() >= 100.0);
    }
    wait_until("goal.reached arrives", Duration::from_secs(30), || {
        receiver.accepted().len() == 1
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let requests = receiver.requests();
    assert_eq!(requests.len(), 1, "told once, though seen three times");
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["type"], "goal.reached");
    assert_eq!(body["data"]["goal_id"], id);
    assert_eq!(body["data"]["target"], 1020.0);
}
