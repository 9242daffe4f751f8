//! Sign-in limiting: slow a guesser down without ever locking out the person who knows the password.
//!
//! Failures are counted in the database (shared by every `sangam serve` process, kept across restarts) under two
//! keys: the (email, client address) pair, and the client address alone. After [`PAIR_FREE_FAILURES`] failures for a
//! pair, its next try must wait 1 s, then 2 s, 4 s ... up to [`PAIR_MAX_DELAY_MS`]; the right password is accepted as
//! soon as the wait is over, and clears the pair. The address alone gets a much looser ceiling
//! ([`ADDRESS_FREE_FAILURES`], at most [`ADDRESS_MAX_DELAY_MS`]), so an office behind one proxy is slowed while a
//! guesser sprays many emails, but never shut out. Counts are forgotten [`FORGET_AFTER_MS`] after their last failure.
//! Keys are digests, so the table holds no email addresses.

use crate::auth::tokens::digest;
use sangam_domain::Millis;
use sangam_store::{Db, users};

pub const PAIR_FREE_FAILURES: i64 = 5;
pub const PAIR_MAX_DELAY_MS: Millis = 60_000;
pub const ADDRESS_FREE_FAILURES: i64 = 30;
pub const ADDRESS_MAX_DELAY_MS: Millis = 10_000;
pub const FORGET_AFTER_MS: Millis = users::SIGN_IN_FAILURES_KEPT_MS;

/// The wait after `failures` failures: none for the first `free`, then 1 s doubling up to `cap`.
pub fn delay_ms(failures: i64, free: i64, cap: Millis) -> Millis {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(20);
    (1_000_i64 << doublings).min(cap)
}

fn keys(email: &str, address: &str) -> [(String, i64, Millis); 2] {
    [
        (
            digest(&format!("pair\n{email}\n{address}")),
            PAIR_FREE_FAILURES,
            PAIR_MAX_DELAY_MS,
        ),
        (
            digest(&format!("address\n{address}")),
            ADDRESS_FREE_FAILURES,
            ADDRESS_MAX_DELAY_MS,
        ),
    ]
}

/// Milliseconds this sign-in must still wait, if it must.
pub async fn wait(
    db: &Db,
    email: &str,
    address: &str,
    now: Millis,
) -> sangam_store::Result<Option<Millis>> {
    let mut longest = 0;
    for (key, free, cap) in keys(email, address) {
        if let Some(f) = users::sign_in_failures(db, &key, now - FORGET_AFTER_MS).await? {
            let until = f.last_failure_at + delay_ms(f.failures, free, cap);
            longest = longest.max(until - now);
        }
    }
    Ok((longest > 0).then_some(longest))
}

pub async fn failed(db: &Db, email: &str, address: &str, now: Millis) -> sangam_store::Result<()> {
    for (key, _, _) in keys(email, address) {
        users::record_sign_in_failure(db, &key, now, now - FORGET_AFTER_MS).await?;
    }
    Ok(())
}

/// The right password clears its pair; the address keeps its count, so one known account cannot reset a spray.
pub async fn succeeded(db: &Db, email: &str, address: &str) -> sangam_store::Result<()> {
    let [(pair, _, _), _] = keys(email, address);
    users::clear_sign_in_failures(db, &pair).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_from_one_second_and_stop_at_the_cap() {
        let d = |n| delay_ms(n, PAIR_FREE_FAILURES, PAIR_MAX_DELAY_MS);
        assert_eq!([d(0), d(4)], [0, 0]);
        assert_eq!([d(5), d(6), d(7)], [1_000, 2_000, 4_000]);
        assert_eq!(d(11), 60_000);
        assert_eq!(d(i64::MAX), 60_000);
    }
}
