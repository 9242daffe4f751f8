//! A post as the team writes it: text, and the profiles it goes to.

use crate::network::NetworkKind;
use crate::text_limits::count_for;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    #[error("A post needs some text.")]
    Empty,
    #[error("The post is {count} long where {network} allows {limit}.")]
    TooLong {
        network: NetworkKind,
        count: usize,
        limit: usize,
    },
    #[error("Pick at least one profile to post to.")]
    NoProfiles,
}

impl PostError {
    /// A stable code the UI and API clients can rely on.
    pub fn code(&self) -> &'static str {
        match self {
            PostError::Empty => "post_empty",
            PostError::TooLong { .. } => "post_too_long",
            PostError::NoProfiles => "post_no_profiles",
        }
    }
}

impl Post {
    /// Checks the text against every target network's limit, counted the way that network counts.
    pub fn validate(text: &str, networks: &[NetworkKind]) -> Result<Post, PostError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PostError::Empty);
        }
        if networks.is_empty() {
            return Err(PostError::NoProfiles);
        }
        for &network in networks {
            let count = count_for(network, text);
            if count > network.text_limit() {
                return Err(PostError::TooLong {
                    network,
                    count,
                    limit: network.text_limit(),
                });
            }
        }
        Ok(Post {
            text: text.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_posts_are_refused() {
        assert_eq!(
            Post::validate("   ", &[NetworkKind::Sandbox]),
            Err(PostError::Empty)
        );
    }

    #[test]
    fn a_post_too_long_for_bluesky_is_refused_even_if_mastodon_would_take_it() {
        let text = "a".repeat(301);
        assert!(Post::validate(&text, &[NetworkKind::Mastodon]).is_ok());
        assert_eq!(
            Post::validate(&text, &[NetworkKind::Mastodon, NetworkKind::Bluesky]),
            Err(PostError::TooLong {
                network: NetworkKind::Bluesky,
                count: 301,
                limit: 300
            })
        );
    }

    #[test]
    fn a_post_needs_a_profile() {
        assert_eq!(Post::validate("hello", &[]), Err(PostError::NoProfiles));
    }
}
