//! Images for posts: checked by their bytes (not by what the browser claims), size-limited to what every network
//! accepts, stored in the database.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::now_millis;
use sangam_store::media::{self, NewMedia};
use sangam_store::users::User;
use sha2::{Digest, Sha256};

/// The most any network takes (Mastodon's default 16 MB); each network's own limit is checked against the post's
/// profiles before it is saved (`posts::actions::check_images`).
pub const MAX_IMAGE_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_ALT_CHARS: usize = sangam_domain::text_limits::max_chars::ALT_TEXT;

/// The image type, read from the file's first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

pub async fn upload(
    state: &AppState,
    user: &User,
    bytes: &[u8],
    alt: &str,
) -> Result<i64, AppError> {
    if bytes.is_empty() {
        return Err(AppError::refuse(ErrorCode::ImageEmpty));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(AppError::refuse(ErrorCode::ImageTooLarge)
            .with("size", sangam_domain::post::human_bytes(bytes.len()))
            .with("limit", sangam_domain::post::human_bytes(MAX_IMAGE_BYTES)));
    }
    let Some(mime) = sniff(bytes) else {
        return Err(AppError::refuse(ErrorCode::ImageTypeUnsupported));
    };
    if alt.chars().count() > MAX_ALT_CHARS {
        return Err(AppError::refuse(ErrorCode::ImageAltTooLong).with("max", MAX_ALT_CHARS));
    }
    let sha = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let new = NewMedia {
        workspace_id: user.workspace_id,
        mime,
        bytes,
        alt: alt.trim(),
        sha256: &sha,
    };
    let id = media::store(&state.db, new, now_millis()).await?;
    crate::audit::log(state, user, "uploaded", "media", Some(id), mime).await;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn images_are_recognised_by_their_bytes_not_their_names() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(
            sniff(b"<svg onload=alert(1)>"),
            None,
            "SVG (script-capable) is refused"
        );
        assert_eq!(sniff(b"<html>"), None);
    }
}
