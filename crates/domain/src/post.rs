//! A post as the team writes it: text, and the profiles it goes to.

use crate::ErrorCode;
use crate::delivery::DeliveryState;
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
    #[error("The post has {count} images; {} takes at most {limit}.", network_name(*network))]
    TooManyImages {
        network: NetworkKind,
        count: usize,
        limit: usize,
    },
    #[error("Image {position} is {}; {} takes at most {} per image.", human_bytes(*bytes), network_name(*network), human_bytes(*limit))]
    ImageTooLarge {
        network: NetworkKind,
        position: usize,
        bytes: usize,
        limit: usize,
    },
}

impl PostError {
    /// A stable code the UI and API clients can rely on.
    pub fn code(&self) -> ErrorCode {
        match self {
            PostError::Empty => ErrorCode::PostEmpty,
            PostError::TooLong { .. } => ErrorCode::PostTooLong,
            PostError::NoProfiles => ErrorCode::PostNoProfiles,
            PostError::TooManyImages { .. } => ErrorCode::PostTooManyImages,
            PostError::ImageTooLarge { .. } => ErrorCode::ImageTooLargeForNetwork,
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

/// What a network takes in images on one post. Checked before a post is saved, so a person learns at the composer,
/// not from a failed delivery, that an image is too large for one of the networks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct MediaLimits {
    pub max_images: usize,
    pub max_image_bytes: usize,
}

/// One image as the limits see it: its place in the post (from 1) and its size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageSize {
    pub position: usize,
    pub bytes: usize,
}

impl MediaLimits {
    /// Refuses the first image the network would not take, or too many images.
    pub fn check(&self, network: NetworkKind, images: &[ImageSize]) -> Result<(), PostError> {
        if images.len() > self.max_images {
            return Err(PostError::TooManyImages {
                network,
                count: images.len(),
                limit: self.max_images,
            });
        }
        match images.iter().find(|i| i.bytes > self.max_image_bytes) {
            Some(i) => Err(PostError::ImageTooLarge {
                network,
                position: i.position,
                bytes: i.bytes,
                limit: self.max_image_bytes,
            }),
            None => Ok(()),
        }
    }
}

/// The network's name in a sentence.
pub fn network_name(network: NetworkKind) -> &'static str {
    match network {
        NetworkKind::Sandbox => "the sandbox",
        other => other.display_name(),
    }
}

/// Bytes as a person reads them: `1.4 MB`, `850 KB`.
pub fn human_bytes(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

/// One word for where a post stands over its whole life, from its approval status and its deliveries: what the
/// posts list, the post page, the calendar and the API all show.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PostLife {
    Draft,
    WaitingForApproval,
    ChangesRequested,
    Rejected,
    /// Approved, waiting for its time.
    Scheduled,
    /// At least one delivery is on its way (or sent without an answer yet) while others may be done.
    Publishing,
    Published,
    /// Every delivery has ended; some reached their network and some failed.
    PartlyPublished,
    /// Every delivery has ended and none reached its network.
    Failed,
}

impl PostLife {
    /// `deliveries` are the states of the post's deliveries; cancelled ones (a profile removed) do not count.
    pub fn of(status: crate::PostStatus, deliveries: &[DeliveryState]) -> PostLife {
        use crate::PostStatus as S;
        match status {
            S::Draft => return PostLife::Draft,
            S::PendingApproval => return PostLife::WaitingForApproval,
            S::ChangesRequested => return PostLife::ChangesRequested,
            S::Rejected => return PostLife::Rejected,
            S::Approved => {}
        }
        let live: Vec<DeliveryState> = deliveries
            .iter()
            .copied()
            .filter(|d| *d != DeliveryState::Cancelled)
            .collect();
        let count = |s: DeliveryState| live.iter().filter(|d| **d == s).count();
        let (scheduled, published, failed) = (
            count(DeliveryState::Scheduled),
            count(DeliveryState::Published),
            count(DeliveryState::Failed),
        );
        if scheduled == live.len() {
            PostLife::Scheduled
        } else if published == live.len() {
            PostLife::Published
        } else if published + failed < live.len() {
            PostLife::Publishing
        } else if published > 0 {
            PostLife::PartlyPublished
        } else {
            PostLife::Failed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PostLife::Draft => "draft",
            PostLife::WaitingForApproval => "waiting_for_approval",
            PostLife::ChangesRequested => "changes_requested",
            PostLife::Rejected => "rejected",
            PostLife::Scheduled => "scheduled",
            PostLife::Publishing => "publishing",
            PostLife::Published => "published",
            PostLife::PartlyPublished => "partly_published",
            PostLife::Failed => "failed",
        }
    }

    /// A post that has (at least partly) gone out can no longer be changed.
    pub fn has_gone_out(self) -> bool {
        matches!(
            self,
            PostLife::Publishing
                | PostLife::Published
                | PostLife::PartlyPublished
                | PostLife::Failed
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
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
    fn an_image_over_blueskys_million_bytes_is_refused_with_its_place() {
        let limits = MediaLimits {
            max_images: 4,
            max_image_bytes: 1_000_000,
        };
        let images = [
            ImageSize {
                position: 1,
                bytes: 10,
            },
            ImageSize {
                position: 2,
                bytes: 1_400_000,
            },
        ];
        let err = limits.check(NetworkKind::Bluesky, &images).unwrap_err();
        assert_eq!(err.code(), "image_too_large_for_network");
        assert_eq!(
            err.to_string(),
            "Image 2 is 1.4 MB; Bluesky takes at most 1.0 MB per image."
        );
        let five = [ImageSize {
            position: 1,
            bytes: 1,
        }; 5];
        assert_eq!(
            limits
                .check(NetworkKind::Bluesky, &five)
                .unwrap_err()
                .code(),
            "post_too_many_images"
        );
        assert!(limits.check(NetworkKind::Bluesky, &images[..1]).is_ok());
    }

    #[test]
    fn one_word_follows_a_post_from_draft_to_published() {
        use crate::PostStatus as S;
        use DeliveryState as D;
        assert_eq!(PostLife::of(S::Draft, &[]), PostLife::Draft);
        assert_eq!(
            PostLife::of(S::PendingApproval, &[D::Scheduled]),
            PostLife::WaitingForApproval
        );
        assert_eq!(
            PostLife::of(S::Approved, &[D::Scheduled, D::Scheduled]),
            PostLife::Scheduled
        );
        assert_eq!(
            PostLife::of(S::Approved, &[D::Published, D::Sending]),
            PostLife::Publishing
        );
        assert_eq!(
            PostLife::of(S::Approved, &[D::Published, D::Scheduled]),
            PostLife::Publishing
        );
        assert_eq!(
            PostLife::of(S::Approved, &[D::Published, D::Cancelled]),
            PostLife::Published
        );
        assert_eq!(
            PostLife::of(S::Approved, &[D::Published, D::Failed]),
            PostLife::PartlyPublished
        );
        assert_eq!(PostLife::of(S::Approved, &[D::Failed]), PostLife::Failed);
        assert_eq!(
            PostLife::of(S::Approved, &[D::Unknown]),
            PostLife::Publishing
        );
        assert!(!PostLife::Scheduled.has_gone_out());
        assert!(PostLife::Published.has_gone_out());
    }

    #[test]
    fn a_post_needs_a_profile() {
        assert_eq!(Post::validate("hello", &[]), Err(PostError::NoProfiles));
    }
}
