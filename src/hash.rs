//! The hashes incidex keys and names things by: the quick hash of what a site is made from
//! (the preview's page cache, an incident's hash kept from one read to the next, the inputs
//! hash that lets a build with nothing changed stop early), and the content hash in the names
//! of published files that browsers may cache for good.

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

/// A hash of `bytes` for the name of a published file that browsers may cache for good (the
/// theme's static files, the list data), 32 bits: FNV-1a's scheme taken eight bytes at a time
/// (the list data is hashed on every build and every save of the preview), the same on every
/// machine and in every build of incidex.
pub fn content_hash(bytes: &[u8]) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        hash = (hash ^ word)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29);
    }
    for b in words.remainder() {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash ^ (hash >> 32)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_follows_every_byte() {
        let text = b"incidexRows(\"/0\",[[\"2026-10-29\",\"Panne\"]]);\n";
        let copy = text.to_vec();
        assert_eq!(content_hash(text), content_hash(&copy));
        // A byte changed in the words read eight at a time, then in the tail.
        let mut other = text.to_vec();
        other[3] ^= 1;
        assert_ne!(content_hash(text), content_hash(&other));
        let mut other = text.to_vec();
        *other.last_mut().unwrap() = b' ';
        assert_ne!(content_hash(text), content_hash(&other));
        assert_ne!(content_hash(b""), content_hash(b"\0"));
    }
}
