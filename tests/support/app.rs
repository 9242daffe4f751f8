//! The real application, in this process: the same router the binary serves, on `127.0.0.1:0`, with the engine
//! running against an in-memory sandbox network.

use reqwest::redirect::Policy;
use sangam_domain::{NetworkKind, Role, now_millis};
use sangam_engine::{EngineConfig, EngineMetrics, Networks, TextModel};
use sangam_networks::Network;
use sangam_networks::oauth::AppNetwork;
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_store::profiles::{self, NewProfile, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, workspaces};
use sangam_web::wiring::{EngineParts, Started, Wiring};
use sangam_web::{WebConfig, make_app};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::watch;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub secrets: SecretBox,
    pub sandbox: Arc<Sandbox>,
    pub workspace_id: i64,
    /// The analyser the engine and the web share.
    pub text: TextModel,
    stop: watch::Sender<bool>,
    people: AtomicUsize,
}

impl TestApp {
    /// Starts on SQLite.
    pub async fn start() -> TestApp {
        let db = sangam_store::testing::sqlite()
            .await
            .expect("test database");
        Self::start_on(db, SandboxConfig::seeded(7)).await
    }

    pub async fn start_on(db: Db, sandbox: SandboxConfig) -> TestApp {
        Self::start_with(db, sandbox, WebConfig::default()).await
    }

    /// Starts with the web layer's settings given, e.g. outbound HTTP that may reach loopback peers.
    pub async fn start_with(db: Db, sandbox: SandboxConfig, web: WebConfig) -> TestApp {
        Self::start_tuned(db, sandbox, web, |_| {}).await
    }

    /// [`TestApp::start_with`], with the engine's settings changed by `tune` (e.g. short webhook retries).
    pub async fn start_tuned(
        db: Db,
        sandbox: SandboxConfig,
        web: WebConfig,
        tune: impl FnOnce(&mut EngineConfig),
    ) -> TestApp {
        Self::start_full(db, sandbox, web, Vec::new(), tune).await
    }

    /// [`TestApp::start_with`] with networks reached through the workspace's own app (connectors pointed at fake
    /// networks), wired as the binary wires its own: the engine publishes to them and renews their tokens, the
    /// Profiles page connects them.
    pub async fn start_with_apps(
        db: Db,
        sandbox: SandboxConfig,
        web: WebConfig,
        app_networks: Vec<Arc<dyn AppNetwork>>,
    ) -> TestApp {
        Self::start_full(db, sandbox, web, app_networks, |_| {}).await
    }

    pub async fn start_full(
        db: Db,
        sandbox: SandboxConfig,
        mut web: WebConfig,
        app_networks: Vec<Arc<dyn AppNetwork>>,
        tune: impl FnOnce(&mut EngineConfig),
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        // An app network's redirect URL is built from the public URL: here, where the test serves.
        if !app_networks.is_empty() && web.public_url.is_empty() {
            web.public_url = base.clone();
        }
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).expect("key");
        let sandbox = Arc::new(Sandbox::in_memory(sandbox).await.expect("sandbox"));
        let workspace_id = workspaces::create(&db, "Test team", now_millis())
            .await
            .expect("workspace")
            .id;

        let (stop, stopped) = watch::channel(false);
        let mut config = EngineConfig {
            idle_poll_ms: 50,
            worker_id: format!("test-{}", uuid()),
            ..EngineConfig::default()
        };
        tune(&mut config);
        let engine = EngineParts {
            networks: Vec::new(),
            config,
            metrics: EngineMetrics::default(),
            mailer: None,
        };
        let Started { state, .. } = Wiring {
            db: db.clone(),
            secrets: secrets.clone(),
            sandbox: sandbox.clone(),
            web,
            observe: Default::default(),
            app_networks,
        }
        .start(Some(engine), stopped);
        let text = state.text.clone();
        let app = make_app(state).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });
        TestApp {
            base,
            db,
            secrets,
            sandbox,
            workspace_id,
            text,
            stop,
            people: AtomicUsize::new(0),
        }
    }

    /// Runs the ingester now (the engine also runs it every minute), so a test sees the inbound messages so far.
    pub async fn ingest(&self) -> sangam_engine::ingester::Ingested {
        let networks = Networks::default().with(self.sandbox.clone() as Arc<dyn Network>);
        let ingester = sangam_engine::ingester::Ingester {
            db: &self.db,
            secrets: &self.secrets,
            networks: &networks,
            text: &self.text,
        };
        ingester.ingest_all().await.expect("ingest")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Adds a person with `role`; returns their email (the password is [`PASSWORD`]).
    pub async fn person(&self, role: Role) -> String {
        let n = self.people.fetch_add(1, Ordering::SeqCst);
        let email = format!("{}{n}@team.test", role.as_str());
        let hash = sangam_web::auth::password::hash(PASSWORD).expect("hash");
        users::create(
            &self.db,
            NewUser {
                workspace_id: self.workspace_id,
                email: &email,
                name: &format!("{role} {n}"),
                password_hash: &hash,
                role,
            },
            now_millis(),
        )
        .await
        .expect("person");
        email
    }

    pub async fn profile(&self, handle: &str) -> Profile {
        let new = NewProfile {
            workspace_id: self.workspace_id,
            network: NetworkKind::Sandbox,
            handle,
            display_name: handle,
            credentials: &serde_json::json!({}),
        };
        profiles::create(&self.db, &self.secrets, new, now_millis())
            .await
            .expect("profile")
    }

    /// A client signed in by session cookie, as a browser would be.
    pub async fn signed_in(&self, role: Role) -> reqwest::Client {
        let email = self.person(role).await;
        let client = client();
        let response = client
            .post(self.url("/login"))
            .form(&[
                ("email", email.as_str()),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), 303, "signing in redirects");
        client
    }

    /// A personal API token for a new person with `role`.
    pub async fn token(&self, role: Role) -> String {
        let client = self.signed_in(role).await;
        let response = client
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({"name": "test"}))
            .send()
            .await;
        let body: serde_json::Value = response.expect("token").json().await.expect("token json");
        body["token"].as_str().expect("token field").to_string()
    }

    /// Waits (bounded) until `check` is true.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        for _ in 0..300 {
            if check().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("timed out waiting until {what}");
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// A client with a cookie jar that does not follow redirects, so tests see them.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

pub fn uuid() -> String {
    format!("{:x}", rand::random::<u64>())
}
