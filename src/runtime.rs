//! Assembling a running Sangam from its config: database, secret key, networks, engine and web server. `serve` and
//! `demo` share this.

use crate::config::{Config, NetworkEndpoints};
use anyhow::Context;
use sangam_engine::{EngineConfig, EngineMetrics};
use sangam_networks::bluesky::{Bluesky, CredentialSink};
use sangam_networks::http::HttpConfig;
use sangam_networks::mastodon::Mastodon;
use sangam_networks::oauth::AppNetwork;
use sangam_networks::sandbox::{Faults, Sandbox, SandboxConfig};
use sangam_store::Db;
use sangam_store::secrets::{KeyCheck, SecretBox};
use sangam_web::wiring::{EngineParts, Started, Wiring};
use sangam_web::{WebConfig, make_app};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;

pub fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if config.log_json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

pub async fn open_db(config: &Config) -> anyhow::Result<Db> {
    let shown = crate::config::redact_url(&config.database_url);
    let db = Db::connect(&config.database_url)
        .await
        .with_context(|| format!("Opening the database {shown}"))?;
    db.migrate()
        .await
        .with_context(|| format!("Migrating the database {shown}"))?;
    Ok(db)
}

/// Why `sangam` refuses to start with this database; `main` exits with [`StartRefused::EXIT_CODE`].
#[derive(Debug)]
pub enum StartRefused {
    /// The key file (its path) is missing, while the database holds sealed data.
    KeyFileMissing(String),
    /// The key (where it came from) does not open the database's sealed data.
    WrongKey(String),
}

const KEY_REMEDY: &str = "Restore the original key file (or secret_key) from your backup and start again. If that key \
    is lost for good, run `sangam forget-credentials --yes`: it wipes the stored network credentials and marks every \
    profile \"needs reconnect\", so an Admin connects them again.";

impl std::fmt::Display for StartRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartRefused::KeyFileMissing(path) => write!(
                f,
                "The secret key file {path} does not exist, but this database holds credentials sealed with a \
                 secret key, so a new key would open none of them. {KEY_REMEDY}"
            ),
            StartRefused::WrongKey(source) => write!(
                f,
                "The secret key ({source}) does not open the credentials stored in this database: they were sealed \
                 with another key. {KEY_REMEDY}"
            ),
        }
    }
}

impl std::error::Error for StartRefused {}

impl StartRefused {
    /// EX_CONFIG from sysexits.h: the configuration (here, the key) does not fit.
    pub const EXIT_CODE: u8 = 78;
}

/// The key from the config, or from the key file, checked against the database. A key file is created with a fresh
/// key (readable by the owner only) only for a database that holds nothing sealed yet; a key that cannot open what the
/// database holds stops the start with [`StartRefused`].
pub async fn secret_box(config: &Config, db: &Db) -> anyhow::Result<SecretBox> {
    let (secrets, source) = match &config.secret_key {
        Some(hex) => (
            SecretBox::from_hex(hex).context("The secret_key in the config")?,
            "secret_key in the config".to_string(),
        ),
        None => {
            let path = &config.secret_key_file;
            if !path.exists() && sangam_store::secrets::holds_sealed_data(db).await? {
                return Err(StartRefused::KeyFileMissing(path.display().to_string()).into());
            }
            (
                key_from_file(path)?,
                format!("the key file {}", path.display()),
            )
        }
    };
    match sangam_store::secrets::check_key(db, &secrets).await? {
        KeyCheck::Fits => Ok(secrets),
        KeyCheck::WrongKey => Err(StartRefused::WrongKey(source).into()),
    }
}

/// The key in `path`, which is created with a fresh key when missing.
fn key_from_file(path: &std::path::Path) -> anyhow::Result<SecretBox> {
    if !path.exists() {
        std::fs::write(path, SecretBox::generate_hex())
            .with_context(|| format!("Creating the secret key file {}", path.display()))?;
        restrict_to_owner(path)?;
        tracing::info!(path = %path.display(), "created a new secret key file; back it up with the database");
    }
    let hex = std::fs::read_to_string(path)
        .with_context(|| format!("Reading the secret key file {}", path.display()))?;
    SecretBox::from_hex(&hex).with_context(|| format!("The secret key file {}", path.display()))
}

/// `sangam forget-credentials`: for a database whose key is lost. Seals nothing old (it cannot), wipes every profile's
/// credentials, marks the profiles "needs reconnect" and makes the current key (the config's, or the key file's, created
/// if missing) the database's key.
pub async fn forget_credentials(config: &Config, db: &Db) -> anyhow::Result<u64> {
    let secrets = match &config.secret_key {
        Some(hex) => SecretBox::from_hex(hex).context("The secret_key in the config")?,
        None => key_from_file(&config.secret_key_file)?,
    };
    Ok(sangam_store::secrets::forget_sealed_data(db, &secrets).await?)
}

/// The client addresses whose `X-Forwarded-For` is believed.
fn trusted_proxies(config: &Config) -> anyhow::Result<Vec<std::net::IpAddr>> {
    config
        .trusted_proxies
        .iter()
        .map(|p| {
            p.trim().parse().with_context(|| {
                format!("trusted_proxies: {p:?} is not an IP address (such as 127.0.0.1 or ::1)")
            })
        })
        .collect()
}

/// Who may read `/metrics`: refuses a config that turns it on with neither its own address nor a token.
fn metrics_access(config: &Config) -> anyhow::Result<sangam_web::observe::MetricsAccess> {
    let m = &config.metrics;
    let token = m.token.as_deref().map(str::trim).filter(|t| !t.is_empty());
    anyhow::ensure!(
        !m.enabled || m.listen.is_some() || token.is_some(),
        "[metrics] enabled = true needs a place to keep it from the public: set metrics.listen (its own address, e.g. \
         \"127.0.0.1:9100\") or metrics.token (a bearer token the scraper sends), or both."
    );
    Ok(sangam_web::observe::MetricsAccess {
        enabled: m.enabled,
        separate: m.listen.is_some(),
        token: token.map(str::to_string),
    })
}

#[cfg(unix)]
fn restrict_to_owner(path: &std::path::Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(())
}

#[cfg(not(unix))]
fn restrict_to_owner(_: &std::path::Path) -> anyhow::Result<()> {
    Ok(())
}

pub fn sandbox_config(config: &Config) -> SandboxConfig {
    let s = &config.sandbox;
    let mut c = SandboxConfig::seeded(s.seed).with_faults(Faults {
        timeout_after_accept: s.timeout_after_accept,
        rate_limited: s.rate_limited,
        server_error: s.server_error,
        retry_after_ms: s.retry_after_ms,
    });
    c.messages_per_hour = s.messages_per_hour;
    c.abusive_share = s.abusive_share;
    c.accept_delay_ms = s.accept_delay_ms;
    c.answer_delay_ms = s.answer_delay_ms;
    c.dedupes = s.dedupes;
    c
}

pub async fn open_sandbox(config: &Config) -> anyhow::Result<Sandbox> {
    Sandbox::open(&config.sandbox.path, sandbox_config(config))
        .await
        .with_context(|| {
            format!(
                "Opening the sandbox network at {}",
                config.sandbox.path.display()
            )
        })
}

/// Runs the web server (and the engine, unless disabled) until Ctrl-C or SIGTERM.
pub async fn serve(
    config: Config,
    db: Db,
    secrets: SecretBox,
    sandbox: Sandbox,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| {
            format!(
                "Listening on {} (is another Sangam running there?)",
                config.listen
            )
        })?;
    let address = listener.local_addr()?;
    let metrics_access = metrics_access(&config)?;
    let trusted_proxies = trusted_proxies(&config)?;
    let metrics_listener = match config
        .metrics
        .listen
        .as_deref()
        .filter(|_| metrics_access.enabled)
    {
        Some(listen) => Some(
            tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("Listening for /metrics on {listen} (metrics.listen)"))?,
        ),
        None => None,
    };

    let observe = sangam_web::observe::Observe::new();
    let metrics = EngineMetrics::default();
    observe.register(|r| metrics.register(r));
    let (stop, stopped) = watch::channel(false);
    // Strict outbound HTTP (https, public addresses) unless the self-hoster opted in for a LAN instance.
    let network_http = HttpConfig {
        allow_private: config.networks.allow_private_addresses,
        ..HttpConfig::default()
    };
    let mailer = mailer(&config)?;
    let webhooks = webhook_policy(&config)?;
    if let Some(problem) = config.networks.endpoints.problem() {
        anyhow::bail!(problem);
    }
    // Instagram and Threads fetch each image from Sangam's public URL, at a signed address.
    let images = Arc::new(sangam_web::media::public::PublicImages {
        db: db.clone(),
        secrets: secrets.clone(),
        public_url: config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}")),
    });
    let app_networks = app_networks(&network_http, &config.networks.endpoints, images);
    let engine = config.engine.enabled.then(|| EngineParts {
        networks: real_networks(&db, &secrets, &network_http),
        config: EngineConfig {
            concurrency: config.engine.concurrency,
            lane_size: config.engine.lane_size,
            lease_ms: config.engine.lease_secs * 1000,
            collect_every_ms: config.engine.collect_every_secs * 1000,
            // The audience is collected as often as the metrics.
            audience_every_ms: config.engine.collect_every_secs * 1000,
            ingest_every_ms: config.engine.ingest_every_secs.max(1) * 1000,
            webhooks,
            // Listening searches the same AppView competitors are read from (Bluesky's public one when empty).
            listen_bluesky_appview: match config.networks.bluesky_appview.trim() {
                "" => EngineConfig::default().listen_bluesky_appview,
                appview => appview.to_string(),
            },
            public_url: config
                .public_url
                .as_deref()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string(),
            ..EngineConfig::default()
        },
        metrics,
        mailer,
    });
    let web = WebConfig {
        secure_cookies: config.secure_cookies
            || config
                .public_url
                .as_deref()
                .is_some_and(|url| url.starts_with("https://")),
        network_http,
        public_url: config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}")),
        trusted_proxies,
        metrics: metrics_access,
        sso: config.sso.to_web()?,
        bluesky_appview: config.networks.bluesky_appview.clone(),
    };
    let Started { state, engine } = Wiring {
        db: db.clone(),
        secrets,
        sandbox: Arc::new(sandbox),
        web,
        observe,
        app_networks,
    }
    .start(engine, stopped);
    if let Some(listener) = metrics_listener {
        let metrics_address = listener.local_addr()?;
        let router = sangam_web::observe::metrics_router(state.clone());
        println!("Sangam metrics are served on http://{metrics_address}/metrics");
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!(error = %e, "the /metrics listener stopped");
            }
        });
    }
    let app = make_app(state).into_make_service_with_connect_info::<SocketAddr>();
    println!("Sangam is listening on http://{address}");
    tracing::info!(%address, backend = db.backend(), "listening");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("Serving HTTP")?;
    let _ = stop.send(true);
    if let Some(engine) = engine {
        let _ = engine.await;
    }
    db.close().await;
    Ok(())
}

/// The Mastodon and Bluesky connectors, with outbound HTTP as configured (strict: https and public addresses only,
/// unless `networks.allow_private_addresses`). Bluesky's refreshed sessions are stored back, sealed, so a restart
/// does not log in again.
fn real_networks(
    db: &Db,
    secrets: &SecretBox,
    http: &HttpConfig,
) -> Vec<Arc<dyn sangam_networks::Network>> {
    let mut networks: Vec<Arc<dyn sangam_networks::Network>> = Vec::new();
    match Mastodon::new(http.clone()) {
        Ok(m) => networks.push(Arc::new(m)),
        Err(e) => tracing::error!(error = %e, "the Mastodon connector could not start"),
    }
    let sink = Arc::new(StoreCredentials {
        db: db.clone(),
        secrets: secrets.clone(),
    });
    match Bluesky::new(http.clone()) {
        Ok(b) => networks.push(Arc::new(b.with_credential_sink(sink))),
        Err(e) => tracing::error!(error = %e, "the Bluesky connector could not start"),
    }
    networks
}

/// The networks reached through the workspace's own developer app: one connector each, serving the engine (publish,
/// inbox, metrics, token refresh) and the Profiles page's OAuth flow. Each network's calls go to its official hosts,
/// or to the base URL `[networks.endpoints]` names for it. A connector that cannot start is logged and left out.
pub fn app_networks(
    http: &HttpConfig,
    endpoints: &NetworkEndpoints,
    images: Arc<dyn sangam_networks::meta::ImageHost>,
) -> Vec<Arc<dyn AppNetwork>> {
    #[allow(unused_mut)] // Until the first connector pushes itself below.
    let mut apps: Vec<Arc<dyn AppNetwork>> = Vec::new();
    for kind in sangam_domain::NetworkKind::ALL
        .into_iter()
        .filter(|k| k.uses_oauth_app())
    {
        if let sangam_networks::oauth::Endpoints::At(base) = endpoints.of(kind) {
            tracing::info!(network = %kind, %base, "the connector's calls go to a stand-in base URL");
        }
    }
    // App networks: each connector pushes itself here, one block per network, e.g.
    // match sangam_networks::x::X::new(http.clone(), endpoints.of(NetworkKind::X)) {
    //     Ok(n) => apps.push(Arc::new(n)),
    //     Err(e) => tracing::error!(error = %e, "the X connector could not start"),
    // }
    match sangam_networks::linkedin::LinkedIn::new(
        http.clone(),
        endpoints.of(sangam_domain::NetworkKind::LinkedIn),
    ) {
        Ok(n) => apps.push(Arc::new(n)),
        Err(e) => tracing::error!(error = %e, "the LinkedIn connector could not start"),
    }
    match sangam_networks::x::X::new(http.clone(), endpoints.of(sangam_domain::NetworkKind::X)) {
        Ok(n) => apps.push(Arc::new(n)),
        Err(e) => tracing::error!(error = %e, "the X connector could not start"),
    }
    match sangam_networks::facebook::Facebook::new(
        http.clone(),
        endpoints.of(sangam_domain::NetworkKind::Facebook),
    ) {
        Ok(n) => apps.push(Arc::new(n)),
        Err(e) => tracing::error!(error = %e, "the Facebook connector could not start"),
    }
    match sangam_networks::instagram::Instagram::new(
        http.clone(),
        endpoints.of(sangam_domain::NetworkKind::Instagram),
    ) {
        Ok(n) => apps.push(Arc::new(n.with_image_host(images.clone()))),
        Err(e) => tracing::error!(error = %e, "the Instagram connector could not start"),
    }
    match sangam_networks::threads::Threads::new(
        http.clone(),
        endpoints.of(sangam_domain::NetworkKind::Threads),
    ) {
        Ok(n) => apps.push(Arc::new(n.with_image_host(images))),
        Err(e) => tracing::error!(error = %e, "the Threads connector could not start"),
    }
    let _ = http;
    apps
}

struct StoreCredentials {
    db: Db,
    secrets: SecretBox,
}

impl CredentialSink for StoreCredentials {
    fn updated(&self, profile_id: i64, credentials: serde_json::Value) {
        let (db, secrets) = (self.db.clone(), self.secrets.clone());
        tokio::spawn(async move {
            let stored =
                sangam_store::profiles::set_credentials(&db, &secrets, profile_id, &credentials)
                    .await;
            if let Err(e) = stored {
                tracing::warn!(profile = profile_id, error = %e, "storing refreshed credentials failed");
            }
        });
    }
}

/// How webhooks are sent. An attempt must end well inside the job lease, so that its success is recorded while the
/// lease is still this process's (and never sent again by another): a timeout of half the lease or more is shortened
/// to just under half, with a warning, rather than refusing to start a server whose lease is short on purpose.
fn webhook_policy(config: &Config) -> anyhow::Result<sangam_engine::webhooks::WebhookPolicy> {
    let e = &config.engine;
    let limit = u64::try_from(e.lease_secs.max(1) * 1000 / 2 - 1)
        .unwrap_or(1)
        .max(1);
    let timeout_ms = e.webhook_timeout_ms.min(limit);
    if timeout_ms < e.webhook_timeout_ms {
        tracing::warn!(
            configured = e.webhook_timeout_ms,
            used = timeout_ms,
            lease_secs = e.lease_secs,
            "[engine] webhook_timeout_ms is shortened to under half of lease_secs, so that a webhook's success is \
             recorded before its job could pass to another process"
        );
    }
    Ok(sangam_engine::webhooks::WebhookPolicy {
        timeout_ms,
        retry_base_ms: e.webhook_retry_base_ms.max(1),
        ..Default::default()
    })
}

/// The SMTP mailer, when `[email] smtp_url` is set: a wrong address stops start-up with a sentence, not later.
fn mailer(config: &Config) -> anyhow::Result<Option<sangam_engine::mail::Mailer>> {
    if config.email.smtp_url.trim().is_empty() {
        return Ok(None);
    }
    let mailer =
        sangam_engine::mail::Mailer::new(config.email.smtp_url.trim(), config.email.from.trim())
            .context("The [email] settings")?;
    tracing::info!("outgoing e-mail is on: care alerts and the weekly digest");
    Ok(Some(mailer))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn metrics_turned_on_need_their_own_address_or_a_token() {
        let mut config = Config::default();
        assert!(!metrics_access(&config).unwrap().enabled, "off by default");
        config.metrics.enabled = true;
        let refused = metrics_access(&config).unwrap_err().to_string();
        assert!(refused.contains("metrics.listen"), "{refused}");
        config.metrics.token = Some("  ".into());
        assert!(
            metrics_access(&config).is_err(),
            "a blank token is no token"
        );
        config.metrics.token = Some("s3cret".into());
        let access = metrics_access(&config).unwrap();
        assert!(access.enabled && !access.separate);
        assert_eq!(access.token.as_deref(), Some("s3cret"));
        config.metrics.token = None;
        config.metrics.listen = Some("127.0.0.1:9100".into());
        assert!(metrics_access(&config).unwrap().separate);
    }

    #[test]
    fn trusted_proxies_are_ip_addresses_or_a_clear_error() {
        let mut config = Config::default();
        assert!(trusted_proxies(&config).unwrap().is_empty());
        config.trusted_proxies = vec!["127.0.0.1".into(), "::1".into()];
        assert_eq!(trusted_proxies(&config).unwrap().len(), 2);
        config.trusted_proxies = vec!["proxy.local".into()];
        let refused = trusted_proxies(&config).unwrap_err().to_string();
        assert!(refused.contains("proxy.local"), "{refused}");
    }
}
