//! Which connector speaks for which network.

use sangam_domain::NetworkKind;
use sangam_networks::Network;
use sangam_networks::oauth::AppNetwork;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Networks {
    by_kind: HashMap<NetworkKind, Arc<dyn Network>>,
    /// The networks reached through the workspace's own app, for their OAuth side (connect, token refresh).
    apps: HashMap<NetworkKind, Arc<dyn AppNetwork>>,
}

impl Networks {
    pub fn with(mut self, network: Arc<dyn Network>) -> Self {
        self.by_kind.insert(network.kind(), network);
        self
    }

    /// Adds a network reached through the workspace's own app: it publishes like the others, and connects and
    /// renews its tokens through OAuth.
    pub fn with_app(mut self, app: Arc<dyn AppNetwork>) -> Self {
        let kind = Network::kind(app.as_ref());
        self.apps.insert(kind, app.clone());
        self.by_kind.insert(kind, app);
        self
    }

    pub fn get(&self, kind: NetworkKind) -> Option<Arc<dyn Network>> {
        self.by_kind.get(&kind).cloned()
    }

    /// The OAuth side of an app network, when its connector is configured.
    pub fn app(&self, kind: NetworkKind) -> Option<Arc<dyn AppNetwork>> {
        self.apps.get(&kind).cloned()
    }

    /// The configured app networks, in the order of [`NetworkKind`]'s list.
    pub fn apps(&self) -> Vec<Arc<dyn AppNetwork>> {
        NetworkKind::ALL
            .iter()
            .filter_map(|kind| self.app(*kind))
            .collect()
    }
}
