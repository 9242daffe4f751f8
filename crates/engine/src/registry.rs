//! Which connector speaks for which network.

use sangam_domain::NetworkKind;
use sangam_networks::Network;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct Networks {
    by_kind: HashMap<NetworkKind, Arc<dyn Network>>,
}

impl Networks {
    pub fn with(mut self, network: Arc<dyn Network>) -> Self {
        self.by_kind.insert(network.kind(), network);
        self
    }

    pub fn get(&self, kind: NetworkKind) -> Option<Arc<dyn Network>> {
        self.by_kind.get(&kind).cloned()
    }
}
