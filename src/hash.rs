//! The quick hash of what a site is made from: the keys of the preview's page cache, an
//! incident's hash kept from one read to the next, and the inputs hash that lets a build with
//! nothing changed stop early. The same for the same value within one build of incidex.

use std::hash::{BuildHasher, Hash, Hasher};

/// A fast hash of `value`, the same for the same value within one build of incidex: cache
/// keys, and the inputs hash that lets a build with nothing changed stop early.
pub fn quick_hash(value: &impl Hash) -> u64 {
    let mut hasher = quick_hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The hasher of [`quick_hash`], to hash several values in turn.
pub fn quick_hasher() -> impl Hasher {
    ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    )
    .build_hasher()
}
