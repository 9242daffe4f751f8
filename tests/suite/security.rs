//! Keeping intruders out (issue 12): sessions stored as digests, the cross-site check decided by what authenticates,
//! sign-in limiting that never locks out the owner, idempotency keys on creating requests, `/metrics` opt-in, a key
//! that does not fit the database stopping the start, and `Secure` cookies under an https public URL.

use crate::support::app::{PASSWORD, TestApp, client};
use sangam_domain::{Role, now_millis};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql};
use sangam_web::WebConfig;
use sangam_web::observe::MetricsAccess;
use serde_json::{Value, json};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};

fn hex_sha256(s: &str) -> String {
    sangam_web::auth::tokens::digest(s)
}

async fn sign_in(app: &TestApp, http: &reqwest::Client, email: &str, password: &str) -> u16 {
    http.post(app.url("/login"))
        .form(&[("email", email), ("password", password), ("next", "/")])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The app on SQLite, and on PostgreSQL too when `TEST_DATABASE_URL` is set.
async fn each_app() -> Vec<TestApp> {
    let mut apps = vec![];
    for db in sangam_store::testing::all().await.unwrap() {
        eprintln!("on {}", db.backend());
        let sandbox = sangam_networks::sandbox::SandboxConfig::seeded(7);
        apps.push(TestApp::start_on(db, sandbox).await);
    }
    apps
}

async fn start_with(web: WebConfig) -> TestApp {
    let db = sangam_store::testing::sqlite().await.unwrap();
    TestApp::start_with(db, sangam_networks::sandbox::SandboxConfig::seeded(7), web).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copy_of_the_sessions_table_signs_nobody_in() {
    for app in each_app().await {
        a_copy_of_the_sessions_table_signs_nobody_in_on(app).await;
    }
}

async fn a_copy_of_the_sessions_table_signs_nobody_in_on(app: TestApp) {
    let email = app.person(Role::Admin).await;
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let http = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    assert_eq!(sign_in(&app, &http, &email, PASSWORD).await, 303);
    let url: reqwest::Url = app.base.parse().unwrap();
    let cookies = reqwest::cookie::CookieStore::cookies(&*jar, &url).unwrap();
    let cookie = cookies.to_str().unwrap().to_string();
    let value = cookie
        .split(';')
        .find_map(|c| c.trim().strip_prefix("sangam_session="))
        .unwrap()
        .to_string();

    let stored: Vec<String> = app
        .db
        .fetch_all::<(String,)>(Sql::new("SELECT id FROM sessions"))
        .await
        .unwrap()
        .into_iter()
        .map(|(id,)| id)
        .collect();
    assert!(!stored.contains(&value), "the cookie value is not stored");
    assert!(stored.contains(&hex_sha256(&value)), "its digest is");

    // Someone holding the database presents a stored id as a cookie: they are a stranger.
    for id in &stored {
        let r = client()
            .get(app.url("/api/v1/me"))
            .header("cookie", format!("sangam_session={id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let me = http.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), 200, "the real cookie still works");

    // Deactivation ends the session and the person's tokens at once.
    let token = app.token(Role::Member).await;
    let member: Value = client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin: Value = me.json().await.unwrap();
    let ws = admin["workspace_id"].as_i64().unwrap();
    users::deactivate(&app.db, ws, admin["id"].as_i64().unwrap(), now_millis())
        .await
        .unwrap();
    users::deactivate(&app.db, ws, member["id"].as_i64().unwrap(), now_millis())
        .await
        .unwrap();
    let r = http.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), 401, "a deactivated person's session ended");
    let r = client()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        401,
        "a deactivated person's token opens nothing"
    );
    assert_eq!(
        sign_in(&app, &client(), &email, PASSWORD).await,
        401,
        "and they cannot sign in again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_foreign_page_cannot_act_through_the_cookie_whatever_authorization_header_it_adds() {
    let app = TestApp::start().await;
    let http = app.signed_in(Role::Admin).await;
    let pause = json!({"reason": "drill"});
    let https_here = app.base.replace("http://", "https://");
    let foreign = [
        ("https://evil.example", Some("Basic YTpi")),
        ("https://evil.example", Some("bearer x")),
        ("https://evil.example", Some("Bearer sgm_made_up")),
        ("https://evil.example", None),
        // Our host, but https: another origin than this http server.
        (https_here.as_str(), Some("Basic YTpi")),
    ];
    for (origin, authorization) in foreign {
        let mut request = http
            .post(app.url("/api/v1/crisis/pause"))
            .header("origin", origin)
            .json(&pause);
        if let Some(a) = authorization {
            request = request.header("authorization", a);
        }
        let r = request.send().await.unwrap();
        assert_eq!(
            r.status(),
            403,
            "origin {origin}, authorization {authorization:?}"
        );
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "cross_site_request");
    }
    let ws = sangam_store::workspaces::get(&app.db, app.workspace_id)
        .await
        .unwrap();
    assert!(ws.paused_at.is_none(), "nothing was paused");

    // A script with a valid token is what authenticates: no cookie is at risk, so it passes.
    let token = app.token(Role::Admin).await;
    let r = client()
        .post(app.url("/api/v1/crisis/pause"))
        .header("origin", "https://evil.example")
        .header("authorization", format!("bearer {token}"))
        .json(&pause)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    // And the same origin with the cookie passes too.
    let r = http
        .post(app.url("/api/v1/crisis/resume"))
        .header("origin", &app.base)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owner_who_mistyped_five_times_gets_in_after_a_short_wait() {
    let app = TestApp::start().await;
    let email = app.person(Role::Admin).await;
    let http = client();
    for _ in 0..5 {
        assert_eq!(sign_in(&app, &http, &email, "wrong password!").await, 401);
    }
    let r = http
        .post(app.url("/login"))
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "the sixth try waits");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=60).contains(&wait),
        "a wait of seconds, not a lock-out: {wait}"
    );
    tokio::time::sleep(Duration::from_millis(wait * 1000 + 100)).await;
    assert_eq!(
        sign_in(&app, &http, &email, PASSWORD).await,
        303,
        "the right password is accepted once the wait is over"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn made_up_emails_from_one_address_do_not_lock_out_the_others_there() {
    let app = TestApp::start().await;
    let colleague = app.person(Role::Member).await;
    let http = client();
    for n in 0..8 {
        let made_up = format!("nobody{n}@team.test");
        assert_eq!(
            sign_in(&app, &http, &made_up, "guess guess guess").await,
            401
        );
    }
    assert_eq!(sign_in(&app, &http, &colleague, PASSWORD).await, 303);
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_are_shared_by_every_process_on_the_database() {
    for db in sangam_store::testing::all().await.unwrap() {
        let sandbox = sangam_networks::sandbox::SandboxConfig::seeded(7);
        let first = TestApp::start_on(db.clone(), sandbox.clone()).await;
        let second = TestApp::start_on(db, sandbox).await;
        let email = first.person(Role::Member).await;
        for _ in 0..5 {
            assert_eq!(
                sign_in(&first, &client(), &email, "wrong password!").await,
                401
            );
        }
        assert_eq!(
            sign_in(&second, &client(), &email, PASSWORD).await,
            429,
            "the other process knows of the failures"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    // Not behind a proxy: X-Forwarded-For is the client's own word and changes nothing.
    let app = TestApp::start().await;
    let email = app.person(Role::Member).await;
    for n in 0..5 {
        let r = client()
            .post(app.url("/login"))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .form(&[("email", email.as_str()), ("password", "wrong password!")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let r = client()
        .post(app.url("/login"))
        .header("x-forwarded-for", "203.0.113.99")
        .form(&[("email", email.as_str()), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429, "a forged header does not escape the wait");

    // Behind a trusted proxy (the test client's 127.0.0.1), each forwarded client is counted alone.
    let web = WebConfig {
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..WebConfig::default()
    };
    let app = start_with(web).await;
    let email = app.person(Role::Member).await;
    for _ in 0..5 {
        let r = client()
            .post(app.url("/login"))
            .header("x-forwarded-for", "203.0.113.5")
            .form(&[("email", email.as_str()), ("password", "wrong password!")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
    let from = |ip: &'static str| {
        client()
            .post(app.url("/login"))
            .header("x-forwarded-for", ip)
            .form(&[("email", email.as_str()), ("password", PASSWORD)])
    };
    assert_eq!(from("203.0.113.5").send().await.unwrap().status(), 429);
    assert_eq!(
        from("198.51.100.7").send().await.unwrap().status(),
        303,
        "the owner at another address is not slowed by a guesser elsewhere"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_create_with_its_idempotency_key_acts_once() {
    for app in each_app().await {
        a_retried_create_with_its_idempotency_key_acts_once_on(app).await;
    }
}

async fn a_retried_create_with_its_idempotency_key_acts_once_on(app: TestApp) {
    let profile = app.profile("acme").await;
    let token = app.token(Role::Member).await;
    let other = app.token(Role::Member).await;
    let http = client();
    let body = json!({"text": "Once only", "profile_ids": [profile.id], "scheduled_at": now_millis() + 86_400_000});
    let send = |token: &str, key: &str, body: &Value| {
        http.post(app.url("/api/v1/posts"))
            .bearer_auth(token)
            .header("idempotency-key", key)
            .json(body)
            .send()
    };
    let first = send(&token, "k-1", &body).await.unwrap();
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = send(&token, "k-1", &body).await.unwrap();
    assert_eq!(again.status(), 201, "the first answer, again");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first);

    let changed = json!({"text": "Something else", "profile_ids": [profile.id]});
    let r = send(&token, "k-1", &changed).await.unwrap();
    assert_eq!(r.status(), 422);
    let error: Value = r.json().await.unwrap();
    assert_eq!(error["error"], "idempotency_key_reused");

    // Someone else's key of the same name is theirs alone.
    let theirs = send(&other, "k-1", &body).await.unwrap();
    assert_eq!(theirs.status(), 201);
    let theirs: Value = theirs.json().await.unwrap();
    assert_ne!(theirs["id"], first["id"]);

    let r = send(&token, "has space", &body).await.unwrap();
    assert_eq!(r.status(), 422);
    let error: Value = r.json().await.unwrap();
    assert_eq!(error["error"], "idempotency_key_invalid");

    let posts: Vec<Value> = http
        .get(app.url("/api/v1/posts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let once = posts.iter().filter(|p| p["id"] == first["id"]).count();
    assert_eq!(posts.len(), 2, "two people, two posts; the retry made none");
    assert_eq!(once, 1);

    // The same holds for a check-in, answered with an empty 204.
    let checkin = json!({"energy": 4, "workload": 3});
    for _ in 0..2 {
        let r = http
            .post(app.url("/api/v1/care/checkin"))
            .bearer_auth(&token)
            .header("idempotency-key", "checkin-1")
            .json(&checkin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }

    // A new API token is shown once; its replay shows it again, but the database keeps it sealed.
    let make_token = || {
        http.post(app.url("/api/v1/tokens"))
            .bearer_auth(&token)
            .header("idempotency-key", "token-1")
            .json(&json!({"name": "ci"}))
            .send()
    };
    let made: Value = make_token().await.unwrap().json().await.unwrap();
    let again: Value = make_token().await.unwrap().json().await.unwrap();
    let secret = made["token"].as_str().unwrap();
    assert_eq!(again["token"], secret);
    let kept: Vec<(Vec<u8>,)> = app
        .db
        .fetch_all(Sql::new("SELECT body FROM idempotency_keys"))
        .await
        .unwrap();
    assert!(kept.len() >= 4);
    for (body,) in kept {
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains(secret) && !body.contains("Once only"),
            "{body}"
        );
    }

    // The OpenAPI description tells clients about the header and its answers.
    let doc: Value = http
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let create = &doc["paths"]["/api/v1/posts"]["post"];
    let names: Vec<&str> = create["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(names.contains(&"Idempotency-Key"), "{names:?}");
    assert!(create["responses"]["409"].is_object());
    assert!(create["responses"]["422"].is_object());
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_are_private_unless_turned_on_and_then_need_the_token() {
    let app = TestApp::start().await;
    let r = client().get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 404, "off by default");

    let web = WebConfig {
        metrics: MetricsAccess {
            enabled: true,
            separate: false,
            token: Some("scrape-me-please".into()),
        },
        ..WebConfig::default()
    };
    let app = start_with(web).await;
    let r = client().get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = client()
        .get(app.url("/metrics"))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = client()
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-please")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("sangam_http_request_duration_seconds")
    );
}

/// A `sangam serve` child process whose output the test reads whole.
struct Child {
    child: tokio::process::Child,
    lines: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
}

fn sangam_serve(dir: &std::path::Path, db_url: &str, env: &[(&str, &str)]) -> Child {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_sangam"));
    command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .current_dir(dir)
        .env("SANGAM_DATABASE_URL", db_url)
        .env("SANGAM_SANDBOX__PATH", dir.join("sandbox.db"))
        .env("SANGAM_SECRET_KEY_FILE", dir.join("sangam.key"))
        .env("SANGAM_LOG", "warn")
        .env("SANGAM_SANDBOX__MESSAGES_PER_HOUR", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    Child { child, lines }
}

impl Child {
    /// Reads stdout until a line starts with `prefix`; returns the rest of it.
    async fn line(&mut self, prefix: &str) -> String {
        tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = self.lines.next_line().await.unwrap() {
                if let Some(rest) = line.strip_prefix(prefix) {
                    return rest.trim().to_string();
                }
            }
            panic!("sangam serve ended before printing {prefix:?}");
        })
        .await
        .unwrap()
    }

    /// Waits for the process to end by itself; its exit code and what it wrote to stderr.
    async fn ended(mut self) -> (Option<i32>, String) {
        let status = tokio::time::timeout(Duration::from_secs(60), self.child.wait())
            .await
            .expect("it ends by itself")
            .unwrap();
        let mut err = String::new();
        let mut stderr = self.child.stderr.take().unwrap();
        tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut err)
            .await
            .unwrap();
        (status.code(), err)
    }
}

async fn key_mismatch_stops_the_start(db_url: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut first = sangam_serve(dir.path(), db_url, &[]);
    first.line("Sangam is listening on ").await;
    first.child.kill().await.unwrap();
    let key_file = dir.path().join("sangam.key");
    assert!(key_file.exists(), "the first start made a key");

    // Another key: the start is refused with a sentence and its own exit code.
    std::fs::write(&key_file, SecretBox::generate_hex()).unwrap();
    let (code, err) = sangam_serve(dir.path(), db_url, &[]).ended().await;
    assert_eq!(code, Some(78), "{err}");
    assert!(err.contains("does not open the credentials"), "{err}");
    assert!(err.contains("forget-credentials"), "{err}");

    // The key file gone: no new key is made up for a database that holds sealed data.
    std::fs::remove_file(&key_file).unwrap();
    let (code, err) = sangam_serve(dir.path(), db_url, &[]).ended().await;
    assert_eq!(code, Some(78), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!key_file.exists(), "no key file was created");

    // The key is lost for good: forget the credentials, and the next start works with a new key.
    let forget = tokio::process::Command::new(env!("CARGO_BIN_EXE_sangam"))
        .args(["forget-credentials", "--yes"])
        .current_dir(dir.path())
        .env("SANGAM_DATABASE_URL", db_url)
        .env("SANGAM_SECRET_KEY_FILE", &key_file)
        .output()
        .await
        .unwrap();
    let said = String::from_utf8_lossy(&forget.stdout);
    assert!(
        forget.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&forget.stderr)
    );
    assert!(said.contains("needs reconnect"), "{said}");
    let mut again = sangam_serve(dir.path(), db_url, &[]);
    again.line("Sangam is listening on ").await;
    again.child.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_that_does_not_fit_the_database_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sangam.db").display());
    key_mismatch_stops_the_start(&url).await;
    if let Ok(base) = std::env::var("TEST_DATABASE_URL") {
        let schema = sangam_store::fresh_schema_name();
        let db = sangam_store::Db::connect_pg_schema(&base, &schema)
            .await
            .unwrap();
        db.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        key_mismatch_stops_the_start(&format!("{base}{sep}options=-c%20search_path%3D{schema}"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn under_an_https_public_url_the_session_cookie_is_secure_and_metrics_can_listen_apart() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("sangam.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let ws = sangam_store::workspaces::create(&db, "Team", now_millis())
        .await
        .unwrap();
    let hash = sangam_web::auth::password::hash(PASSWORD).unwrap();
    let new = NewUser {
        workspace_id: ws.id,
        email: "owner@team.test",
        name: "Owner",
        password_hash: &hash,
        role: Role::Admin,
    };
    users::create(&db, new, now_millis()).await.unwrap();
    db.close().await;

    let mut served = sangam_serve(
        dir.path(),
        &url,
        &[
            ("SANGAM_PUBLIC_URL", "https://social.example.test"),
            ("SANGAM_METRICS__ENABLED", "true"),
            ("SANGAM_METRICS__LISTEN", "127.0.0.1:0"),
        ],
    );
    let metrics = served.line("Sangam metrics are served on ").await;
    let base = served.line("Sangam is listening on ").await;
    let r = client()
        .post(format!("{base}/login"))
        .form(&[("email", "owner@team.test"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sangam_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");

    let here = client()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(here.status(), 404, "not on the app's own address");
    let apart = client().get(&metrics).send().await.unwrap();
    assert_eq!(apart.status(), 200);
    assert!(
        apart
            .text()
            .await
            .unwrap()
            .contains("sangam_http_request_duration_seconds")
    );
    served.child.kill().await.unwrap();
}
