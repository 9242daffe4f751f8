//! One Sangam in this process: the web's state and, when it runs here, the engine, sharing what they must share (the
//! database, the secret key, the text analyser whose corrections the inbox teaches, and the sandbox the engine
//! publishes to and the web serves). The binary and the integration tests both start Sangam through [`Wiring`], so
//! the tests run the wiring that ships; they bring their own settings and fakes (a seeded sandbox, outbound HTTP that
//! may reach loopback peers, extra networks) through the same fields.

use crate::observe::Observe;
use crate::{AppState, WebConfig};
use sangam_engine::mail::Mailer;
use sangam_engine::{Engine, EngineConfig, EngineMetrics, Networks, TextModel};
use sangam_networks::Network;
use sangam_networks::oauth::AppNetwork;
use sangam_networks::sandbox::Sandbox;
use sangam_store::Db;
use sangam_store::secrets::SecretBox;
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What the web and the engine share.
pub struct Wiring {
    pub db: Db,
    pub secrets: SecretBox,
    /// The built-in network: the engine publishes to it, the web serves its public post pages.
    pub sandbox: Arc<Sandbox>,
    pub web: WebConfig,
    pub observe: Observe,
    /// The networks reached through the workspace's own app (the binary's Facebook, Instagram, Threads, LinkedIn and
    /// X connectors; a test's fake): the engine publishes to them and renews their tokens, the web connects them.
    pub app_networks: Vec<Arc<dyn AppNetwork>>,
}

/// The engine's own settings, when it runs in this process.
pub struct EngineParts {
    /// Networks besides the sandbox (the binary's Mastodon and Bluesky connectors).
    pub networks: Vec<Arc<dyn Network>>,
    pub config: EngineConfig,
    pub metrics: EngineMetrics,
    /// Outgoing e-mail for care alerts and the weekly digest, when configured.
    pub mailer: Option<Mailer>,
}

/// A started Sangam: the state to serve, and the engine's task when it runs here (it stops when `stopped` turns
/// true, after the jobs in hand).
pub struct Started {
    pub state: AppState,
    pub engine: Option<JoinHandle<()>>,
}

impl Wiring {
    /// Starts the engine (unless `engine` is `None`) and builds the web's state around it.
    pub fn start(self, engine: Option<EngineParts>, stopped: watch::Receiver<bool>) -> Started {
        let (text, task) = match engine {
            Some(parts) => {
                let engine = self.engine(parts);
                (engine.text_model(), Some(tokio::spawn(engine.run(stopped))))
            }
            None => (TextModel::default(), None),
        };
        self.sandbox.follow_links_under(&self.web.public_url);
        let apps = self.app_registry();
        let public = self.public_readers();
        let state = AppState::new(self.db, self.secrets, self.web, self.observe)
            .with_public_readers(public)
            .with_text_model(text)
            .with_sandbox(self.sandbox)
            .with_app_networks(apps);
        Started {
            state,
            engine: task,
        }
    }

    /// The readers of public accounts (competitors): Bluesky's AppView and Mastodon under the connectors' outbound
    /// rules, and the sandbox's simulated competitors. The web looks accounts up with them, the engine reads them.
    fn public_readers(&self) -> sangam_networks::public::PublicReaders {
        sangam_networks::public::PublicReaders::standard(
            &self.web.network_http,
            &self.web.bluesky_appview,
        )
        .with(self.sandbox.clone())
    }

    /// The app networks alone, by kind.
    fn app_registry(&self) -> Networks {
        self.app_networks
            .iter()
            .cloned()
            .fold(Networks::default(), Networks::with_app)
    }

    fn engine(&self, parts: EngineParts) -> Engine {
        let sandbox: Arc<dyn Network> = self.sandbox.clone();
        let networks = parts
            .networks
            .into_iter()
            .fold(Networks::default().with(sandbox), Networks::with);
        let networks = self
            .app_networks
            .iter()
            .cloned()
            .fold(networks, Networks::with_app);
        let mut config = parts.config;
        // Webhooks reach the outside world under the connectors' rule for private addresses.
        config.webhooks.allow_private = self.web.network_http.allow_private;
        let config_listen = (
            config.listen_bluesky_appview.clone(),
            config.listen_mastodon_instance.clone(),
        );
        let engine = Engine::new(
            self.db.clone(),
            self.secrets.clone(),
            networks,
            config,
            parts.metrics,
        );
        let listeners = sangam_networks::listen::Listeners::standard(
            &self.web.network_http,
            &config_listen.0,
            &config_listen.1,
        )
        .with(self.sandbox.clone());
        let engine = engine
            .with_listeners(listeners)
            .with_public_readers(self.public_readers());
        match parts.mailer {
            Some(mailer) => engine.with_mailer(mailer),
            None => engine,
        }
    }
}
