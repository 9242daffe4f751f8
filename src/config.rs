//! Configuration: defaults, then a TOML file, then `SANGAM_*` environment variables (`__` nests:
//! `SANGAM_SANDBOX__SEED=7`), then command-line flags. `sangam gen-config` prints a commented example.

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the web server listens on.
    pub listen: String,
    /// `sqlite://file.db` (default) or `postgres://user@host/db`.
    pub database_url: String,
    /// Key sealing network credentials at rest: 64 hex characters. When absent, `secret_key_file` is used.
    pub secret_key: Option<String>,
    /// File holding the key; created with a fresh key on first start if missing.
    pub secret_key_file: PathBuf,
    /// Mark cookies Secure (serve over HTTPS). Also on whenever `public_url` is https.
    pub secure_cookies: bool,
    /// The address people reach Sangam at, e.g. `https://social.example.com`: links shared outside the app
    /// (outside-approver links, report share links, invitations) are built from it. Defaults to `http://{listen}`.
    pub public_url: Option<String>,
    /// Reverse proxies (IP addresses) whose `X-Forwarded-For` names the client, e.g. `["127.0.0.1"]` behind a local
    /// nginx. Sign-in limiting counts per client address; with none listed, the connecting address is the client and
    /// the header is ignored (anyone can write it).
    pub trusted_proxies: Vec<String>,
    /// `/metrics`: off unless enabled, and then on its own address or behind a token.
    pub metrics: MetricsSettings,
    /// `tracing` filter, e.g. `info` or `sangam=debug,info`.
    pub log: String,
    /// Log as JSON lines instead of text.
    pub log_json: bool,
    pub sandbox: SandboxSettings,
    pub engine: EngineSettings,
    pub email: EmailSettings,
    pub networks: NetworksSettings,
    pub sso: SsoSettings,
}

/// Single sign-on with OpenID Connect. When `issuer` is set here, these settings win over the settings page (which
/// then shows them and cannot change them).
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SsoSettings {
    /// Offer "Sign in with {provider_name}" on the sign-in page.
    pub enabled: bool,
    pub provider_name: String,
    /// The issuer URL, e.g. `https://id.example.com/realms/team`. Unset: the settings page decides.
    pub issuer: Option<String>,
    pub client_id: String,
    /// Unset or empty: a public client (PKCE only).
    pub client_secret: Option<String>,
    pub scopes: String,
    /// A verified email nobody here has: `create` (a person with `default_role`) or `refuse`.
    pub new_people: String,
    pub default_role: String,
    /// Password sign-in off for everyone but `break_glass_admin`.
    pub sso_only: bool,
    /// The email of the Admin who may still sign in with a password under `sso_only`.
    pub break_glass_admin: Option<String>,
    /// Let the issuer be `http://`, loopback or on a private network (a provider on the LAN). Off: https issuers on
    /// public addresses only, like `networks.allow_private_addresses` for the connectors. Applies to the settings
    /// page's issuer too.
    pub allow_private_issuer: bool,
}

impl Default for SsoSettings {
    fn default() -> Self {
        SsoSettings {
            enabled: false,
            provider_name: String::new(),
            issuer: None,
            client_id: String::new(),
            client_secret: None,
            scopes: sangam_web::sso::DEFAULT_SCOPES.into(),
            new_people: "refuse".into(),
            default_role: "member".into(),
            sso_only: false,
            break_glass_admin: None,
            allow_private_issuer: false,
        }
    }
}

impl std::fmt::Debug for SsoSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoSettings")
            .field("enabled", &self.enabled)
            .field("provider_name", &self.provider_name)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("scopes", &self.scopes)
            .field("new_people", &self.new_people)
            .field("default_role", &self.default_role)
            .field("sso_only", &self.sso_only)
            .field("break_glass_admin", &self.break_glass_admin)
            .field("allow_private_issuer", &self.allow_private_issuer)
            .finish()
    }
}

impl SsoSettings {
    /// What the web layer needs; a wrong word or a missing value stops start-up with a sentence.
    pub fn to_web(&self) -> anyhow::Result<sangam_web::sso::SsoConfig> {
        let provider = match self.issuer.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(issuer) => {
                let new_people = sangam_store::sso::NewPeople::parse(&self.new_people)
                    .with_context(|| {
                        format!(
                            "[sso] new_people is {:?}: use \"create\" or \"refuse\".",
                            self.new_people
                        )
                    })?;
                let default_role = sangam_domain::Role::parse(&self.default_role)
                    .filter(|r| *r != sangam_domain::Role::Admin)
                    .with_context(|| {
                        format!(
                            "[sso] default_role is {:?}: use manager, member, approver or viewer.",
                            self.default_role
                        )
                    })?;
                anyhow::ensure!(
                    !self.client_id.trim().is_empty(),
                    "[sso] issuer is set but client_id is empty."
                );
                anyhow::ensure!(
                    !self.sso_only
                        || self
                            .break_glass_admin
                            .as_deref()
                            .is_some_and(|e| !e.trim().is_empty()),
                    "[sso] sso_only needs break_glass_admin: the email of an Admin who may still sign in with a password."
                );
                Some(sangam_web::sso::ConfiguredProvider {
                    enabled: self.enabled,
                    provider_name: if self.provider_name.trim().is_empty() {
                        "SSO".into()
                    } else {
                        self.provider_name.trim().into()
                    },
                    issuer: issuer.to_string(),
                    client_id: self.client_id.trim().into(),
                    client_secret: self.client_secret.clone(),
                    scopes: self.scopes.clone(),
                    new_people,
                    default_role,
                    sso_only: self.sso_only,
                    break_glass_admin: self.break_glass_admin.clone(),
                })
            }
        };
        Ok(sangam_web::sso::SsoConfig {
            provider,
            allow_private_issuer: self.allow_private_issuer,
        })
    }
}

/// Prometheus `/metrics` (request counts and durations by route, the engine's job counters).
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    /// Serve `/metrics` at all. Off by default: the series name every route and how much it is used.
    pub enabled: bool,
    /// Serve it only on this address (e.g. `127.0.0.1:9100`, for a scraper on the same host), not on `listen`.
    pub listen: Option<String>,
    /// Require `Authorization: Bearer <token>` to read it.
    pub token: Option<String>,
}

impl std::fmt::Debug for MetricsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsSettings")
            .field("enabled", &self.enabled)
            .field("listen", &self.listen)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworksSettings {
    /// Let Mastodon and Bluesky connections reach plain-http, loopback and private-network addresses (a Mastodon
    /// instance on the LAN). Off by default, so an address typed in Settings cannot make Sangam call inwards.
    pub allow_private_addresses: bool,
    /// Base URLs standing in for an app network's official hosts (a test's fake network, a recording proxy), by
    /// network name: `[networks.endpoints] x = "http://127.0.0.1:9000"`. A network not named uses its official API.
    pub endpoints: NetworkEndpoints,
    /// The Bluesky AppView competitors' public profiles and posts are read from; empty: Bluesky's public AppView
    /// (`https://public.api.bsky.app`). It passes the same address rules as the connectors.
    pub bluesky_appview: String,
}

/// `[networks.endpoints]`: network name → base URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NetworkEndpoints(pub std::collections::BTreeMap<String, String>);

impl NetworkEndpoints {
    /// Where `kind`'s connector sends its calls.
    pub fn of(&self, kind: sangam_domain::NetworkKind) -> sangam_networks::oauth::Endpoints {
        match self
            .0
            .get(kind.as_str())
            .map(|b| b.trim().trim_end_matches('/'))
        {
            Some(base) if !base.is_empty() => {
                sangam_networks::oauth::Endpoints::At(base.to_string())
            }
            _ => sangam_networks::oauth::Endpoints::Official,
        }
    }

    /// A sentence for a name that is not an app network, or a base that is not an http(s) URL.
    pub fn problem(&self) -> Option<String> {
        self.0.iter().find_map(|(name, base)| {
            let known = sangam_domain::NetworkKind::parse(name).is_some_and(|k| k.uses_oauth_app());
            if !known {
                return Some(format!(
                    "[networks.endpoints] {name:?} is not a network reached through a workspace app (facebook, \
                     instagram, threads, linkedin, x)"
                ));
            }
            let url = base.trim();
            (!(url.starts_with("http://") || url.starts_with("https://"))).then(|| {
                format!("[networks.endpoints] {name} = {url:?} is not an http:// or https:// URL")
            })
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SandboxSettings {
    /// The sandbox network's own storage (it stands for an outside network, so it is not in our database).
    pub path: PathBuf,
    pub seed: u64,
    pub messages_per_hour: f64,
    pub abusive_share: f64,
    /// Injected faults, each a share of publish calls (for practice and chaos tests).
    pub timeout_after_accept: f64,
    pub rate_limited: f64,
    pub server_error: f64,
    pub retry_after_ms: i64,
    /// A slow network: milliseconds before a post is stored, and after it is stored before the answer comes.
    pub accept_delay_ms: u64,
    pub answer_delay_ms: u64,
    /// Whether the sandbox refuses a repeat of an idempotency key, like Mastodon and Bluesky (true), or takes it as a
    /// new post, like the networks without idempotency (false: the publisher must look a lost post up).
    pub dedupes: bool,
}

/// Outgoing e-mail (care alerts, the weekly digest). Off while `smtp_url` is empty.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct EmailSettings {
    /// `smtp://user:password@host:587?tls=required`, `smtps://user:password@host`, or `smtp://localhost:25`.
    pub smtp_url: String,
    /// The sender, e.g. `Sangam <sangam@example.com>`.
    pub from: String,
}

impl std::fmt::Debug for EmailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailSettings")
            .field("smtp_url", &redact_url(&self.smtp_url))
            .field("from", &self.from)
            .finish()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EngineSettings {
    /// Jobs run at once by this process.
    pub concurrency: usize,
    /// Publish jobs one network may run at once, so a slow network cannot hold the others up. Unset: half of
    /// `concurrency`.
    pub lane_size: Option<usize>,
    /// Seconds a claimed job stays ours before another process may take it.
    pub lease_secs: i64,
    /// Seconds between metric collections.
    pub collect_every_secs: i64,
    /// Seconds between reads of every profile's inbound messages (mentions, replies, direct messages).
    pub ingest_every_secs: i64,
    /// Run the engine in this process (turn off for a web-only replica).
    pub enabled: bool,
    /// Milliseconds one webhook attempt may take; kept under half the lease (shortened if not), so a success is on
    /// record before the lease could pass to another process.
    pub webhook_timeout_ms: u64,
    /// Milliseconds before a failed webhook attempt is retried the first time; each later pause doubles (with
    /// jitter), up to six hours.
    pub webhook_retry_base_ms: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://sangam.db".into(),
            secret_key: None,
            secret_key_file: "sangam.key".into(),
            secure_cookies: false,
            public_url: None,
            trusted_proxies: Vec::new(),
            metrics: MetricsSettings::default(),
            log: "info".into(),
            log_json: false,
            sandbox: SandboxSettings::default(),
            engine: EngineSettings::default(),
            email: EmailSettings::default(),
            networks: NetworksSettings::default(),
            sso: SsoSettings::default(),
        }
    }
}

impl Default for SandboxSettings {
    fn default() -> Self {
        SandboxSettings {
            path: "sangam-sandbox.db".into(),
            seed: 42,
            messages_per_hour: 6.0,
            abusive_share: 0.1,
            timeout_after_accept: 0.0,
            rate_limited: 0.0,
            server_error: 0.0,
            retry_after_ms: 2_000,
            accept_delay_ms: 0,
            answer_delay_ms: 0,
            dedupes: true,
        }
    }
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            concurrency: 16,
            lane_size: None,
            lease_secs: 60,
            collect_every_secs: 900,
            ingest_every_secs: 60,
            enabled: true,
            webhook_timeout_ms: 10_000,
            webhook_retry_base_ms: 30_000,
        }
    }
}

/// Secrets never reach logs.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("database_url", &redact_url(&self.database_url))
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .field("secret_key_file", &self.secret_key_file)
            .field("secure_cookies", &self.secure_cookies)
            .field("public_url", &self.public_url)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("metrics", &self.metrics)
            .field("log", &self.log)
            .field("sandbox", &self.sandbox)
            .field("engine", &self.engine)
            .field("email", &self.email)
            .field("networks", &self.networks)
            .field("sso", &self.sso)
            .finish()
    }
}

/// Hides a password in a database URL.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:<redacted>{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The keys `Config` has at its top level; environment variables are read only for these.
const TOP_LEVEL_KEYS: &[&str] = &[
    "listen",
    "database_url",
    "secret_key",
    "secret_key_file",
    "secure_cookies",
    "public_url",
    "trusted_proxies",
    "metrics",
    "log",
    "log_json",
    "sandbox",
    "engine",
    "email",
    "networks",
    "sso",
];

impl Config {
    /// Reads the configuration: `file` if given (it must exist), else `sangam.toml` when present.
    pub fn load(file: Option<&Path>, base: Config) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(base));
        match file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "The config file {} does not exist.",
                    path.display()
                );
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("sangam.toml")),
        }
        // Other SANGAM_* variables (SANGAM_CONFIG, SANGAM_PASSWORD, test switches) are not config keys.
        let env = Env::prefixed("SANGAM_").filter(|key| {
            let top = key
                .as_str()
                .split("__")
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            TOP_LEVEL_KEYS.contains(&top.as_str())
        });
        figment = figment.merge(env.split("__"));
        figment
            .extract()
            .context("The configuration could not be read")
    }
}

pub const EXAMPLE: &str = r#"# Sangam configuration. Every key can also be set as an environment variable:
# SANGAM_LISTEN, SANGAM_DATABASE_URL, SANGAM_SANDBOX__SEED (two underscores nest), ...

# Address the web server listens on.
listen = "127.0.0.1:8080"

# sqlite://path/to/file.db (one file, no server) or postgres://user:password@host/database.
# Several `sangam serve` processes can share one PostgreSQL database; they split the work through leases.
database_url = "sqlite://sangam.db"

# Key that seals network tokens and app passwords at rest: 64 hex characters. This one was just generated.
# Keep it safe: without it stored credentials cannot be opened. Leave it out to use secret_key_file instead.
secret_key = "{KEY}"
# secret_key_file = "sangam.key"

# Mark cookies Secure when Sangam is served over HTTPS (behind a proxy). On by itself when public_url is https.
secure_cookies = false

# The address people reach Sangam at; links sent outside the app (approver links, share links, invitations) use it.
# public_url = "https://social.example.com"

# Reverse proxies whose X-Forwarded-For header names the client (sign-in limiting counts per client address).
# None: the connecting address is the client. Behind a local nginx or Caddy: ["127.0.0.1"].
trusted_proxies = []

# Log filter (tracing syntax) and format.
log = "info"
log_json = false

[sandbox]
# The built-in practice network keeps its own file.
path = "sangam-sandbox.db"
seed = 42
messages_per_hour = 6.0
abusive_share = 0.1
# Shares of publish calls that fail, for practice and chaos drills.
timeout_after_accept = 0.0
rate_limited = 0.0
server_error = 0.0
retry_after_ms = 2000
# A slow network, in milliseconds: before the post is stored, and after it is stored before the answer comes.
accept_delay_ms = 0
answer_delay_ms = 0
# false: a repeated idempotency key makes a second post, as on networks without idempotency (drills of the lookup).
dedupes = true

[engine]
enabled = true
concurrency = 16
# Publish jobs one network may run at once (a slow network cannot hold the others up); half of concurrency when unset.
# lane_size = 8
lease_secs = 60
collect_every_secs = 900
ingest_every_secs = 60
# Outgoing webhooks: how long one attempt may take (kept under half of lease_secs), and the first pause before a retry
# (doubling after each failure).
webhook_timeout_ms = 10000
webhook_retry_base_ms = 30000

[metrics]
# Prometheus /metrics is off by default. When on, serve it on its own address, or behind a bearer token, or both.
enabled = false
# listen = "127.0.0.1:9100"
# token = "a long random string"

[networks]
# Let Mastodon and Bluesky connections reach http://, loopback and private-network addresses, e.g. a Mastodon
# instance on your LAN. Off: only https servers on public addresses are contacted.
allow_private_addresses = false

[networks.endpoints]
# Base URLs standing in for an app network's official API, e.g. a recording proxy or a test server:
# x = "http://127.0.0.1:9000"

[sso]
# Single sign-on with your company's OpenID Connect provider. Leave issuer unset to set it up on the Single sign-on
# settings page instead; when issuer is set here, this section wins over that page.
enabled = false
# provider_name = "Acme ID"
# issuer = "https://id.example.com/realms/team"
# client_id = "sangam"
# client_secret = "..."
scopes = "openid email profile"
# Someone with a verified email nobody here has: "create" (with default_role) or "refuse".
new_people = "refuse"
default_role = "member"
# Turn password sign-in off for everyone but the break-glass Admin.
sso_only = false
# break_glass_admin = "admin@example.com"
# Let the issuer be http://, loopback or on a private network (a provider on your LAN).
allow_private_issuer = false

[email]
# Care alerts and the weekly digest also go out by e-mail when this is set, e.g.
# "smtp://sangam:password@mail.example.com:587?tls=required" or "smtps://sangam:password@mail.example.com".
smtp_url = ""
from = "Sangam <sangam@example.com>"
"#;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_parses_to_the_defaults_but_its_key() {
        let text = EXAMPLE.replace("{KEY}", &"ab".repeat(32));
        let parsed: Config = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string(&text))
            .extract()
            .unwrap();
        assert_eq!(parsed.listen, Config::default().listen);
        assert_eq!(parsed.database_url, Config::default().database_url);
        assert_eq!(parsed.secret_key.as_deref(), Some("ab".repeat(32).as_str()));
        assert_eq!(parsed.sandbox.seed, 42);
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure type is figment's, not ours.
    fn environment_variables_override_the_file_and_nest_with_two_underscores() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "sangam.toml",
                "listen = \"0.0.0.0:9000\"\n[sandbox]\nseed = 1\n",
            )?;
            jail.set_env("SANGAM_SANDBOX__SEED", "7");
            jail.set_env("SANGAM_PASSWORD", "not a config key");
            let c = Config::load(None, Config::default()).unwrap();
            assert_eq!(c.listen, "0.0.0.0:9000");
            assert_eq!(c.sandbox.seed, 7);
            Ok(())
        });
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Config {
            secret_key: Some("ff".repeat(32)),
            database_url: "postgres://sangam:hunter2@db/sangam".into(),
            ..Config::default()
        };
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains(&"ff".repeat(32)),
            "{shown}"
        );
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure type is figment's, not ours.
    fn private_network_addresses_are_refused_unless_the_config_allows_them() {
        assert!(!Config::default().networks.allow_private_addresses);
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "sangam.toml",
                "[networks]\nallow_private_addresses = true\n",
            )?;
            let c = Config::load(None, Config::default()).unwrap();
            assert!(c.networks.allow_private_addresses);
            jail.create_file("sangam.toml", "")?;
            jail.set_env("SANGAM_NETWORKS__ALLOW_PRIVATE_ADDRESSES", "true");
            let c = Config::load(None, Config::default()).unwrap();
            assert!(c.networks.allow_private_addresses);
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure type is figment's, not ours.
    fn metrics_are_off_and_no_proxy_is_trusted_unless_configured() {
        let c = Config::default();
        assert!(!c.metrics.enabled && c.trusted_proxies.is_empty());
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "sangam.toml",
                "trusted_proxies = [\"127.0.0.1\"]\n[metrics]\nenabled = true\ntoken = \"t0ken\"\n",
            )?;
            jail.set_env("SANGAM_METRICS__LISTEN", "127.0.0.1:9100");
            let c = Config::load(None, Config::default()).unwrap();
            assert_eq!(c.trusted_proxies, vec!["127.0.0.1".to_string()]);
            assert!(c.metrics.enabled);
            assert_eq!(c.metrics.listen.as_deref(), Some("127.0.0.1:9100"));
            assert!(!format!("{c:?}").contains("t0ken"));
            Ok(())
        });
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure type is figment's, not ours.
    fn the_sso_section_sets_the_provider_and_hides_its_secret() {
        let none = Config::default().sso.to_web().unwrap();
        assert!(none.provider.is_none() && !none.allow_private_issuer);
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "sangam.toml",
                "[sso]\nenabled = true\nprovider_name = \"Acme ID\"\nissuer = \"https://id.example.com\"\n\
                 client_id = \"sangam\"\nclient_secret = \"s3cret\"\nnew_people = \"create\"\n\
                 default_role = \"viewer\"\nsso_only = true\nbreak_glass_admin = \"root@example.com\"\n",
            )?;
            let c = Config::load(None, Config::default()).unwrap();
            assert!(!format!("{c:?}").contains("s3cret"));
            let web = c.sso.to_web().unwrap();
            let p = web.provider.unwrap();
            assert_eq!(p.provider_name, "Acme ID");
            assert_eq!(p.default_role, sangam_domain::Role::Viewer);
            assert_eq!(p.new_people, sangam_store::sso::NewPeople::Create);
            jail.set_env("SANGAM_SSO__DEFAULT_ROLE", "admin");
            let c = Config::load(None, Config::default()).unwrap();
            assert!(
                c.sso.to_web().is_err(),
                "nobody becomes an Admin by signing in"
            );
            Ok(())
        });
    }

    #[test]
    fn a_typo_in_the_config_is_an_error_not_silence() {
        let r: Result<Config, _> = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string("lisen = \"x\""))
            .extract();
        assert!(r.is_err());
    }
}
