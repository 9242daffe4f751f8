//! Stable hashing for the sandbox's pure functions.
//!
//! The demo and the tests promise "same seed, same network", across machines and Rust releases. `std`'s hashers make
//! no such promise and `rand`'s `StdRng` may change algorithm between versions, so the followers, engagement and
//! traffic curves use this small, fixed hash (FNV-1a over the inputs, then the SplitMix64 finaliser to spread bits).

/// A running hash over a few labelled inputs: `Mix::new(seed).text("followers").text(handle).int(day).finish()`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mix(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl Mix {
    pub(crate) fn new(seed: u64) -> Self {
        Mix(FNV_OFFSET).int(seed as i64)
    }

    pub(crate) fn bytes(mut self, bytes: &[u8]) -> Self {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") hash apart.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(FNV_PRIME);
        self
    }

    pub(crate) fn text(self, text: &str) -> Self {
        self.bytes(text.as_bytes())
    }

    pub(crate) fn int(self, value: i64) -> Self {
        self.bytes(&value.to_le_bytes())
    }

    pub(crate) fn finish(self) -> u64 {
        splitmix64(self.0)
    }

    /// A number in `[0, 1)`, for "happens with probability p" and for noise.
    pub(crate) fn unit(self) -> f64 {
        // The top 53 bits fill an f64 mantissa exactly.
        (self.finish() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n`; `n` must be at least 1.
    pub(crate) fn below(self, n: usize) -> usize {
        (self.finish() % n.max(1) as u64) as usize
    }
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_never_changes_between_releases() {
        // Pinned: if this moves, every demo's followers and inbox change with it.
        assert_eq!(
            Mix::new(7).text("acme").int(3).finish(),
            12_409_367_581_167_179_262
        );
        assert_ne!(
            Mix::new(7).text("ab").text("c").finish(),
            Mix::new(7).text("a").text("bc").finish()
        );
        let u = Mix::new(1).text("x").unit();
        assert!((0.0..1.0).contains(&u));
    }
}
