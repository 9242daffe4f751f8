//! The faces of Sangam: HTML pages (askama + htmx), the JSON API under `/api/v1` with its OpenAPI description, sign-in
//! and sessions, and the embedded assets. [`make_app`] is a pure function from state to router, so tests build the
//! same app the binary serves.

pub mod account;
pub mod api;
pub mod approvals;
pub mod assets;
pub mod audience;
pub mod audit;
pub mod auth;
pub mod bulk;
pub mod calendar;
pub mod care;
pub mod competitors;
pub mod conversions;
pub mod crisis;
pub mod dashboard;
pub mod error;
pub mod goals;
pub mod i18n;
pub mod inbox;
pub mod input;
pub mod insights;
pub mod links;
pub mod listening;
pub mod login;
pub mod media;
pub mod notifications;
pub mod observe;
pub mod people;
pub mod posts;
pub mod profiles;
pub mod queue;
pub mod reports;
pub mod review;
pub mod routes;
pub mod sandbox;
pub mod security;
pub mod sso;
pub mod time_fmt;
pub mod tokens;
pub mod ui;
pub mod webhooks;
pub mod wiring;

use sangam_store::Db;
use sangam_store::secrets::SecretBox;
use std::sync::Arc;

pub use error::AppError;
pub use routes::make_app;

/// Settings the web layer needs from the config file.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure`: on when Sangam is served over HTTPS.
    pub secure_cookies: bool,
    /// How connecting a Mastodon or Bluesky profile reaches the server a person typed: strict by default (https and
    /// public addresses only); `allow_private` is for a LAN instance (config `networks.allow_private_addresses`) and
    /// tests.
    pub network_http: sangam_networks::http::HttpConfig,
    /// Where people reach Sangam, without a trailing slash (`https://social.example.com`); links that leave the app
    /// are built from it by [`WebConfig::absolute`].
    pub public_url: String,
    /// Proxies whose `X-Forwarded-For` is believed for the client's address (config `trusted_proxies`); from any
    /// other peer the socket address is the client's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Who may read `/metrics` (config `[metrics]`): nobody by default.
    pub metrics: observe::MetricsAccess,
    /// The Bluesky AppView competitors are read from (config `networks.bluesky_appview`); empty: Bluesky's public one.
    pub bluesky_appview: String,
    /// Single sign-on from the config file's `[sso]` section (the provider, when it names one, and whether a private
    /// issuer is allowed).
    pub sso: sso::SsoConfig,
}

impl WebConfig {
    /// `path` (starting with `/`) as an address a person outside the app can open.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub secrets: SecretBox,
    pub config: Arc<WebConfig>,
    pub observe: Arc<observe::Observe>,
    /// The text analyser, shared with the engine when one runs here (see [`AppState::with_text_model`]).
    pub text: sangam_engine::TextModel,
    /// The built-in sandbox network, whose public post pages Sangam serves (see [`AppState::with_sandbox`]).
    pub sandbox: Option<Arc<sangam_networks::sandbox::Sandbox>>,
    /// Short links read and clicks waiting to be written (see [`links::tracker`]).
    pub links: Arc<links::tracker::Tracker>,
    /// The OpenID Connect relying party: its HTTP client and each provider's discovery document and signing keys.
    pub oidc: Arc<sso::oidc::Oidc>,
    /// Reads public accounts (competitors) on each network, without credentials (see [`AppState::with_public_readers`]).
    pub public: sangam_networks::public::PublicReaders,
    /// The networks reached through the workspace's own app (Facebook, Instagram, Threads, LinkedIn, X), for the
    /// connect flow (see [`AppState::with_app_networks`]).
    pub app_networks: sangam_engine::Networks,
}

impl AppState {
    pub fn new(db: Db, secrets: SecretBox, config: WebConfig, observe: observe::Observe) -> Self {
        auth::password::prepare();
        let oidc = Arc::new(sso::oidc::Oidc::new(config.sso.allow_private_issuer));
        AppState {
            db,
            secrets,
            config: Arc::new(config),
            observe: Arc::new(observe),
            text: Default::default(),
            sandbox: None,
            links: Default::default(),
            oidc,
            public: Default::default(),
            app_networks: Default::default(),
        }
    }

    /// The app networks' connectors, whose OAuth side the Profiles page's connect flow drives.
    pub fn with_app_networks(mut self, networks: sangam_engine::Networks) -> Self {
        self.app_networks = networks;
        self
    }

    /// The readers competitors are looked up and read with, shared with the engine.
    pub fn with_public_readers(mut self, readers: sangam_networks::public::PublicReaders) -> Self {
        self.public = readers;
        self
    }

    /// Serves the sandbox's public post pages (`/sandbox/@handle/sbx-N`) from the sandbox the engine publishes to.
    pub fn with_sandbox(mut self, sandbox: Arc<sangam_networks::sandbox::Sandbox>) -> Self {
        self.sandbox = Some(sandbox);
        self
    }

    /// Shares the engine's analyser, so corrections made in the inbox teach the model the ingester uses.
    pub fn with_text_model(mut self, text: sangam_engine::TextModel) -> Self {
        self.text = text;
        self
    }
}
