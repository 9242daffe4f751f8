//! Secrets at rest (network tokens, app passwords) are sealed with XChaCha20-Poly1305 under a key from the config or
//! a key file. A stolen database alone reveals no credentials.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{Db, Result, Sql};

const PREFIX: &str = "v1:";

#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
    /// A key for [`SecretBox::fingerprint`], derived from the sealing key and used for nothing else.
    fingerprint_key: [u8; 32],
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(<redacted>)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("The secret key must be 32 bytes written as 64 hexadecimal characters.")]
    BadKey,
    #[error(
        "A stored secret could not be opened: the secret key has changed, or the data was altered."
    )]
    CannotOpen,
}

impl SecretBox {
    pub fn new(key: [u8; 32]) -> Self {
        let mut derive = Sha256::new();
        derive.update(b"sangam fingerprint key\n");
        derive.update(key);
        SecretBox {
            cipher: XChaCha20Poly1305::new(&key.into()),
            fingerprint_key: derive.finalize().into(),
        }
    }

    /// A keyed digest (HMAC-SHA-256) of `data`, in hex: equal data give equal fingerprints, but without the key
    /// nobody can test a guess against one (a request body holding a password stays unguessable in a copied database).
    pub fn fingerprint(&self, data: &[u8]) -> String {
        hex(&hmac_sha256(&self.fingerprint_key, data))
    }

    /// A key written as 64 hex characters, as `sangam gen-config` prints one.
    pub fn from_hex(hex: &str) -> Result<Self, SecretError> {
        let hex = hex.trim();
        if hex.len() != 64 {
            return Err(SecretError::BadKey);
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte =
                u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).map_err(|_| SecretError::BadKey)?;
        }
        Ok(Self::new(key))
    }

    /// A fresh random key as 64 hex characters.
    pub fn generate_hex() -> String {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        key.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn seal(&self, plaintext: &str) -> String {
        self.seal_bytes(plaintext.as_bytes())
    }

    /// [`SecretBox::seal`] for bytes that need not be text.
    pub fn seal_bytes(&self, plaintext: &[u8]) -> String {
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        // Encryption with a valid key and a fresh nonce cannot fail for inputs this size.
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    pub fn open(&self, sealed: &str) -> Result<String, SecretError> {
        String::from_utf8(self.open_bytes(sealed)?).map_err(|_| SecretError::CannotOpen)
    }

    /// [`SecretBox::open`] for bytes that need not be text.
    pub fn open_bytes(&self, sealed: &str) -> Result<Vec<u8>, SecretError> {
        let raw = sealed.strip_prefix(PREFIX).ok_or(SecretError::CannotOpen)?;
        let bytes = STANDARD.decode(raw).map_err(|_| SecretError::CannotOpen)?;
        if bytes.len() < 24 {
            return Err(SecretError::CannotOpen);
        }
        let (nonce, body) = bytes.split_at(24);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), body)
            .map_err(|_| SecretError::CannotOpen)
    }
}

/// HMAC-SHA-256 (RFC 2104) of `data` under `key`: the fingerprints' digest, and the webhooks' signatures.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut key_block = [0u8; BLOCK];
    if key.len() > BLOCK {
        key_block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        key_block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| key_block.map(|k| k ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(data)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Bytes as lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `install_settings` row holding a value sealed at first start: if the key cannot open it, the key is not the one
/// this database's secrets were sealed with.
const CANARY_SETTING: &str = "secret_key_canary";
const CANARY_TEXT: &str = "Sangam seals this with its secret key to recognise the key later.";

/// Whether a key fits a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// The key opens what the database holds (or the database held nothing sealed, and the key is now its key).
    Fits,
    /// The database holds data sealed with another key.
    WrongKey,
}

/// Whether the database holds anything sealed: the canary of an earlier start, or a profile's credentials. A new key
/// must never be made up for such a database.
pub async fn holds_sealed_data(db: &Db) -> Result<bool> {
    let sql = "SELECT (SELECT COUNT(*) FROM install_settings WHERE key = $1)
                    + (SELECT COUNT(*) FROM profiles)";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(CANARY_SETTING)).await?;
    Ok(n > 0)
}

/// Checks `secrets` against the database, at start: by the canary when there is one; else by a profile's sealed
/// credentials, and then the canary is written so the next start can tell at once.
pub async fn check_key(db: &Db, secrets: &SecretBox) -> Result<KeyCheck> {
    let canary = read_canary(db).await?;
    if let Some(canary) = canary {
        return Ok(fits(secrets.open(&canary).is_ok_and(|t| t == CANARY_TEXT)));
    }
    let sql = "SELECT credentials FROM profiles ORDER BY id LIMIT 1";
    let sealed: Option<(String,)> = db.fetch_optional(Sql::new(sql)).await?;
    if sealed.is_some_and(|(s,)| secrets.open(&s).is_err()) {
        return Ok(KeyCheck::WrongKey);
    }
    // Two processes starting at once with different keys: the first canary wins and the other is told.
    let sql =
        "INSERT INTO install_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
    db.execute(
        Sql::new(sql)
            .bind(CANARY_SETTING)
            .bind(secrets.seal(CANARY_TEXT)),
    )
    .await?;
    let canary = read_canary(db).await?.unwrap_or_default();
    Ok(fits(secrets.open(&canary).is_ok_and(|t| t == CANARY_TEXT)))
}

/// After the old key is lost for good: every profile's credentials are wiped and the profile marked `needs_reconnect`
/// (removed ones stay removed), and the canary is sealed again with `secrets`. Returns the profiles to reconnect.
pub async fn forget_sealed_data(db: &Db, secrets: &SecretBox) -> Result<u64> {
    let wiped = secrets.seal("{}");
    let canary = secrets.seal(CANARY_TEXT);
    let mut tx = db.tx().await?;
    tx.execute(Sql::new("UPDATE profiles SET credentials = $1").bind(&wiped))
        .await?;
    let sql = "UPDATE profiles SET status = 'needs_reconnect' WHERE status <> 'removed'";
    let marked = tx.execute(Sql::new(sql)).await?;
    // The workspaces' own app secrets were sealed with the lost key too: an Admin enters them again.
    tx.execute(Sql::new("DELETE FROM network_apps")).await?;
    tx.execute(Sql::new("DELETE FROM oauth_attempts")).await?;
    let sql = "INSERT INTO install_settings (key, value) VALUES ($1, $2)
               ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    tx.execute(Sql::new(sql).bind(CANARY_SETTING).bind(&canary))
        .await?;
    tx.commit().await?;
    Ok(marked)
}

async fn read_canary(db: &Db) -> Result<Option<String>> {
    let sql = "SELECT value FROM install_settings WHERE key = $1";
    let row: Option<(String,)> = db
        .fetch_optional(Sql::new(sql).bind(CANARY_SETTING))
        .await?;
    Ok(row.map(|(value,)| value))
}

fn fits(ok: bool) -> KeyCheck {
    if ok {
        KeyCheck::Fits
    } else {
        KeyCheck::WrongKey
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_with_the_same_key_only() {
        let a = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let b = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let sealed = a.seal("app-password-123");
        assert!(!sealed.contains("app-password"));
        assert_eq!(a.open(&sealed).unwrap(), "app-password-123");
        assert_eq!(b.open(&sealed), Err(SecretError::CannotOpen));
    }

    #[test]
    fn fingerprints_are_stable_per_key_and_differ_between_keys() {
        let key = [7u8; 32];
        let a = SecretBox::new(key);
        assert_eq!(
            a.fingerprint(b"body"),
            SecretBox::new(key).fingerprint(b"body")
        );
        assert_ne!(a.fingerprint(b"body"), a.fingerprint(b"other"));
        assert_ne!(
            a.fingerprint(b"body"),
            SecretBox::new([8u8; 32]).fingerprint(b"body")
        );
        assert_eq!(a.fingerprint(b"").len(), 64);
        let bytes = [0u8, 159, 146, 150];
        assert_eq!(a.open_bytes(&a.seal_bytes(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn a_short_key_is_refused_with_a_sentence() {
        assert_eq!(
            SecretBox::from_hex("abcd").unwrap_err(),
            SecretError::BadKey
        );
    }
}
