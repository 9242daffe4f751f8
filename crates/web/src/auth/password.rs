//! Passwords are stored as argon2id hashes with the crate's recommended parameters.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use sangam_domain::ErrorCode;

pub const MIN_LENGTH: usize = 10;

pub fn hash(password: &str) -> Result<String, crate::AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| crate::AppError::Internal(format!("hashing a password failed: {e}")))
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of a random password nobody knows, made with the same parameters as real ones.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let random = crate::auth::tokens::generate();
    hash(&random).unwrap_or_default()
});

/// Makes the dummy hash now (at start), so the first unknown email is not the one sign-in that takes longer.
pub fn prepare() {
    std::sync::LazyLock::force(&DUMMY_HASH);
}

/// The work of [`verify`], for an email nobody has (or a deactivated person's): sign-in takes as long either way, so
/// its timing does not tell which emails exist. Always false.
pub fn verify_nobody(password: &str) -> bool {
    let _ = verify(password, &DUMMY_HASH);
    false
}

/// Refuses passwords too short to resist guessing.
pub fn check_strength(password: &str) -> Result<(), crate::AppError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(crate::AppError::refuse(ErrorCode::PasswordTooShort).with("min", MIN_LENGTH));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong horse battery", &h));
        assert!(!verify("anything", "not-a-hash"));
    }

    #[test]
    fn an_unknown_email_costs_the_same_argon2_work_as_a_known_one() {
        // Same algorithm, version and cost parameters: everything before the salt.
        let params = |h: &str| h.rsplitn(3, '$').nth(2).unwrap().to_string();
        let real = hash("correct horse battery").unwrap();
        assert!(real.starts_with("$argon2id$"));
        assert_eq!(params(&DUMMY_HASH), params(&real));
        assert!(!verify_nobody("correct horse battery"));
    }
}
