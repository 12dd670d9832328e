//! Hash maps keyed by the process's own u64 ids (pipes, I/O objects).
//!
//! They are looked up on every event and message, where SipHash cost ~100
//! instructions per message. The ids are process-local counters, never
//! chosen by a peer, so flooding resistance buys nothing: one multiplication
//! (Fibonacci hashing) spreads consecutive ids over the high bits, which
//! hashbrown uses for its control bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hasher of [`IdMap`].
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(GOLDEN);
        }
    }
    fn write_u64(&mut self, id: u64) {
        self.0 = (self.0 ^ id).wrapping_mul(GOLDEN);
    }
}

/// A map from one of our ids to `V`.
pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_ids_differ_in_the_high_bits() {
        let top = |id: u64| {
            let mut h = IdHasher::default();
            h.write_u64(id);
            h.finish() >> 57
        };
        let distinct: std::collections::HashSet<u64> = (1..=64).map(top).collect();
        assert!(distinct.len() > 32);
    }

    #[test]
    fn works_as_a_map() {
        let mut m: IdMap<&str> = IdMap::default();
        m.insert(7, "seven");
        m.insert(8, "eight");
        assert_eq!(m.get(&7), Some(&"seven"));
        assert_eq!(m.remove(&8), Some("eight"));
        assert_eq!(m.len(), 1);
    }
}
