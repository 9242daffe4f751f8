//! Record keys for our posts. A Bluesky post's record key is a TID: 64 bits (top bit zero, 53 bits of microseconds
//! since 1970, 10 bits of "clock id") written as 13 characters of sortable base32. Deriving it from the delivery's
//! idempotency key fixes it when the delivery is created: every attempt writes the same key, so a repeat
//! `createRecord` meets the first record instead of creating a second post.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";

/// Microseconds since 1970 at 2023-01-01T00:00:00Z, the start of the range used for keys that carry no time.
const FALLBACK_FROM_US: u64 = 1_672_531_200_000_000;
/// One year of microseconds.
const YEAR_US: u64 = 365 * 24 * 3600 * 1_000_000;

/// Writes a TID.
pub fn encode(micros: u64, clock_id: u64) -> String {
    let value = ((micros << 10) | (clock_id & 0x3ff)) & 0x7fff_ffff_ffff_ffff;
    (0..13)
        .rev()
        .map(|i| ALPHABET[((value >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// Whether `s` is a syntactically valid TID.
pub fn is_valid(s: &str) -> bool {
    s.len() == 13
        && s.bytes().all(|b| ALPHABET.contains(&b))
        && s.as_bytes()
            .first()
            .is_some_and(|b| b"234567abcdefghij".contains(b))
}

/// The record key for a delivery's idempotency key, the same every time. A UUIDv7 key lends its creation time; any
/// other key maps to a time in 2023 chosen by its hash (a TID's time is only an ordering hint, never read back).
pub fn for_idempotency_key(key: &str) -> String {
    if is_valid(key) {
        return key.to_string();
    }
    let hash = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash[..8]);
    let bits = u64::from_be_bytes(first);
    let clock_id = bits & 0x3ff;
    let micros = match uuid::Uuid::parse_str(key) {
        Ok(u) if u.get_version_num() == 7 => {
            let (secs, nanos) = u.get_timestamp().map(|t| t.to_unix()).unwrap_or((0, 0));
            // Milliseconds from the UUID; the microseconds within come from the hash, so keys of one millisecond
            // still differ.
            secs * 1_000_000 + u64::from(nanos / 1_000_000) * 1_000 + (bits >> 10) % 1_000
        }
        _ => FALLBACK_FROM_US + (bits >> 10) % YEAR_US,
    };
    encode(micros, clock_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tids_match_the_reference_encoding() {
        // From the atproto spec's examples: 0 is "2222222222222", and the alphabet sorts like the numbers.
        assert_eq!(encode(0, 0), "2222222222222");
        assert_eq!(encode(0, 1), "2222222222223");
        assert!(encode(1_700_000_000_000_000, 5) < encode(1_700_000_000_000_001, 0));
        assert!(is_valid(&encode(u64::MAX >> 11, 1023)));
        assert!(!is_valid("3jzfcijpj2z2a!"));
        assert!(!is_valid("zzzzzzzzzzzzz"), "the top bit must be zero");
    }

    #[test]
    fn a_delivery_always_gets_the_same_valid_record_key() {
        let key = "3b0c8a8e-7d2a-4c4e-9f0e-2b7a9c1d5e6f";
        let a = for_idempotency_key(key);
        assert_eq!(a, for_idempotency_key(key));
        assert!(is_valid(&a), "{a}");
        assert_ne!(a, for_idempotency_key("another-key"));
    }

    #[test]
    fn a_time_ordered_key_gives_a_record_key_of_its_time() {
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, 1_750_000_000, 123_000_000);
        let key = uuid::Uuid::new_v7(ts).to_string();
        let tid = for_idempotency_key(&key);
        assert!(is_valid(&tid));
        assert!(tid > encode(1_750_000_000_123_000, 0) && tid < encode(1_750_000_000_124_000, 0));
    }
}
