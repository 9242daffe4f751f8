//! Post images at a public address, for networks that fetch an image rather than take its bytes (Instagram and
//! Threads read each image from a URL at the container call). The address names the image by its SHA-256 and carries
//! an expiry and a keyed signature, so nobody can list images or forge an address for one that was not sent; nothing
//! is stored to make one.

use crate::AppState;
use crate::error::AppError;
use async_trait::async_trait;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};
use sangam_domain::{ErrorCode, Millis, now_millis};
use sangam_networks::meta::ImageHost;
use sangam_networks::{Image, NetworkError};
use sangam_store::Db;
use sangam_store::media;
use sangam_store::secrets::{SecretBox, hex};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// How long a public image address works: long enough for a held or retried container, short enough that a leaked
/// address soon opens nothing.
pub const ADDRESS_LIFETIME_MS: Millis = 24 * 3_600_000;

/// Makes signed public addresses for a post's images, under Sangam's public URL.
pub struct PublicImages {
    pub db: Db,
    pub secrets: SecretBox,
    /// Where the networks reach Sangam, without a trailing slash.
    pub public_url: String,
}

fn signature(secrets: &SecretBox, sha256: &str, until: Millis) -> String {
    secrets.fingerprint(format!("public image\n{sha256}\n{until}").as_bytes())
}

#[async_trait]
impl ImageHost for PublicImages {
    async fn public_url(&self, image: &Image) -> Result<String, NetworkError> {
        let sha256 = hex(&Sha256::digest(&image.bytes));
        let stored = media::by_sha256(&self.db, &sha256)
            .await
            .map_err(|e| NetworkError::unavailable(format!("reading the image: {e}")))?;
        if stored.is_none() {
            // Only images people attached to posts are served; anything else has no address.
            return Err(NetworkError::rejected(
                "the image is not one of this Sangam's stored post images",
            ));
        }
        let until = now_millis() + ADDRESS_LIFETIME_MS;
        let sig = signature(&self.secrets, &sha256, until);
        Ok(format!(
            "{}/media/public/{sha256}?until={until}&sig={sig}",
            self.public_url.trim_end_matches('/')
        ))
    }
}

#[derive(Debug, Deserialize)]
pub struct Signed {
    until: Millis,
    sig: String,
}

/// `GET /media/public/{sha256}?until=&sig=`: the image, when the address is one Sangam signed and has not expired.
pub async fn serve(
    State(state): State<AppState>,
    Path(sha256): Path<String>,
    Query(signed): Query<Signed>,
) -> Result<Response, AppError> {
    let expected = signature(&state.secrets, &sha256, signed.until);
    let genuine = constant_time_eq(expected.as_bytes(), signed.sig.as_bytes());
    if !genuine || signed.until < now_millis() {
        return Err(AppError::refuse(ErrorCode::PublicImageExpired));
    }
    let (mime, bytes) = media::by_sha256(&state.db, &sha256)
        .await?
        .ok_or(AppError::refuse(ErrorCode::PublicImageExpired))?;
    Ok((
        [
            (CONTENT_TYPE, mime),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (CACHE_CONTROL, "public, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
