//! Secrets at rest (network tokens, app passwords) are sealed with XChaCha20-Poly1305 under a key from the config or
//! a key file. A stolen database alone reveals no credentials.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;

const PREFIX: &str = "v1:";

#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
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
        SecretBox {
            cipher: XChaCha20Poly1305::new(&key.into()),
        }
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
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        // Encryption with a valid key and a fresh nonce cannot fail for inputs this size.
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(out))
    }

    pub fn open(&self, sealed: &str) -> Result<String, SecretError> {
        let raw = sealed.strip_prefix(PREFIX).ok_or(SecretError::CannotOpen)?;
        let bytes = STANDARD.decode(raw).map_err(|_| SecretError::CannotOpen)?;
        if bytes.len() < 24 {
            return Err(SecretError::CannotOpen);
        }
        let (nonce, body) = bytes.split_at(24);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), body)
            .map_err(|_| SecretError::CannotOpen)?;
        String::from_utf8(plain).map_err(|_| SecretError::CannotOpen)
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
    fn a_short_key_is_refused_with_a_sentence() {
        assert_eq!(
            SecretBox::from_hex("abcd").unwrap_err(),
            SecretError::BadKey
        );
    }
}
