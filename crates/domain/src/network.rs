//! The social networks Sangam speaks to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    /// The built-in simulated network, for the demo, practice and chaos tests.
    Sandbox,
    Mastodon,
    Bluesky,
    /// Facebook Pages, through the workspace's own Meta app (Facebook Login for Business).
    Facebook,
    /// Instagram professional accounts, through the workspace's own Meta app.
    Instagram,
    /// Threads, through the workspace's own Threads app.
    Threads,
    /// LinkedIn members and organisation pages, through the workspace's own LinkedIn app.
    #[serde(rename = "linkedin")]
    LinkedIn,
    /// X (formerly Twitter), through the workspace's own X app (OAuth 2.0 with PKCE).
    X,
}

impl NetworkKind {
    pub const ALL: [NetworkKind; 8] = [
        NetworkKind::Sandbox,
        NetworkKind::Mastodon,
        NetworkKind::Bluesky,
        NetworkKind::Facebook,
        NetworkKind::Instagram,
        NetworkKind::Threads,
        NetworkKind::LinkedIn,
        NetworkKind::X,
    ];

    /// Networks connected through the workspace's own developer app and OAuth, rather than a token or an app
    /// password typed in.
    pub fn uses_oauth_app(self) -> bool {
        matches!(
            self,
            NetworkKind::Facebook
                | NetworkKind::Instagram
                | NetworkKind::Threads
                | NetworkKind::LinkedIn
                | NetworkKind::X
        )
    }

    /// The network's name as people write it.
    pub fn display_name(self) -> &'static str {
        match self {
            NetworkKind::Sandbox => "Sandbox",
            NetworkKind::Mastodon => "Mastodon",
            NetworkKind::Bluesky => "Bluesky",
            NetworkKind::Facebook => "Facebook",
            NetworkKind::Instagram => "Instagram",
            NetworkKind::Threads => "Threads",
            NetworkKind::LinkedIn => "LinkedIn",
            NetworkKind::X => "X",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NetworkKind::Sandbox => "sandbox",
            NetworkKind::Mastodon => "mastodon",
            NetworkKind::Bluesky => "bluesky",
            NetworkKind::Facebook => "facebook",
            NetworkKind::Instagram => "instagram",
            NetworkKind::Threads => "threads",
            NetworkKind::LinkedIn => "linkedin",
            NetworkKind::X => "x",
        }
    }

    pub fn parse(s: &str) -> Option<NetworkKind> {
        NetworkKind::ALL.into_iter().find(|n| n.as_str() == s)
    }

    /// The longest post the network accepts, in its own unit (see [`crate::text_limits`]).
    pub fn text_limit(self) -> usize {
        match self {
            NetworkKind::Sandbox | NetworkKind::Mastodon | NetworkKind::Threads => 500,
            NetworkKind::Bluesky => 300,
            // Graph API: a Page post's message; Instagram's caption limit.
            NetworkKind::Facebook => 63_206,
            NetworkKind::Instagram => 2_200,
            // LinkedIn Posts API commentary.
            NetworkKind::LinkedIn => 3_000,
            // X counts weighted characters (twitter-text): see `text_limits::x_length`.
            NetworkKind::X => 280,
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
