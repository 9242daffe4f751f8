//! The social networks Sangam speaks to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    /// The built-in simulated network, for the demo, practice and chaos tests.
    Sandbox,
    Mastodon,
    Bluesky,
}

impl NetworkKind {
    pub const ALL: [NetworkKind; 3] = [
        NetworkKind::Sandbox,
        NetworkKind::Mastodon,
        NetworkKind::Bluesky,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NetworkKind::Sandbox => "sandbox",
            NetworkKind::Mastodon => "mastodon",
            NetworkKind::Bluesky => "bluesky",
        }
    }

    pub fn parse(s: &str) -> Option<NetworkKind> {
        NetworkKind::ALL.into_iter().find(|n| n.as_str() == s)
    }

    /// The longest post the network accepts, in its own unit (see [`crate::text_limits`]).
    pub fn text_limit(self) -> usize {
        match self {
            NetworkKind::Sandbox | NetworkKind::Mastodon => 500,
            NetworkKind::Bluesky => 300,
        }
    }
}

impl std::fmt::Display for NetworkKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A handle as people read it, with exactly one leading `@`: Mastodon handles are stored as `@name@host`, Bluesky and
/// sandbox handles without the sign.
pub fn at_handle(handle: &str) -> String {
    format!("@{}", handle.trim_start_matches('@'))
}

#[cfg(test)]
mod handle_tests {
    use super::at_handle;

    #[test]
    fn a_handle_reads_with_one_at_sign_whatever_the_network() {
        assert_eq!(at_handle("@acme@mastodon.social"), "@acme@mastodon.social");
        assert_eq!(at_handle("acme.bsky.social"), "@acme.bsky.social");
        assert_eq!(at_handle("@@acme"), "@acme");
    }
}
