//! What each network takes in images, as its documentation states it, for the composer's checks before anything is
//! sent. A Mastodon instance may state its own limits; these are the ones known without asking.

use sangam_domain::{MediaLimits, NetworkKind};

const MB: usize = 1_000_000;

/// The limits known without asking the network.
pub fn known(kind: NetworkKind) -> MediaLimits {
    let (max_images, max_image_bytes) = match kind {
        NetworkKind::Sandbox => return crate::sandbox::MEDIA_LIMITS,
        NetworkKind::Bluesky => return crate::bluesky::MEDIA_LIMITS,
        NetworkKind::Mastodon => return crate::mastodon::DEFAULT_MEDIA_LIMITS,
        // Graph API photos: published with `attached_media`, up to 10 in practice; photos up to 4 MB.
        NetworkKind::Facebook => (10, 4 * MB),
        // Instagram Content Publishing: a carousel holds up to 10 items; JPEG images up to 8 MB.
        NetworkKind::Instagram => (10, 8 * MB),
        // Threads API: a carousel holds up to 20 items; images up to 8 MB.
        NetworkKind::Threads => (20, 8 * MB),
        // LinkedIn Posts API: a multi-image post holds up to 20 images (Images API).
        NetworkKind::LinkedIn => (20, 10 * MB),
        // X media upload: up to 4 images per post, each up to 5 MB.
        NetworkKind::X => (4, 5 * MB),
    };
    MediaLimits {
        max_images,
        max_image_bytes,
    }
}
