//! The similar incidents of each incident, computed at build time: the cosine of tf·idf
//! vectors of shared services, tags, type and words of the Cause and Symptômes sections.
//!
//! Terms: each service and each tag (folded), the type, and the words of the two sections'
//! Markdown: folded as [`crate::text::fold`] does (accents, case), runs of letters and digits
//! of at least [`MIN_WORD_CHARS`] characters, neither digits only nor one of a short list of
//! French and English stop words. A term weighs tf·idf, idf = ln(N/df): a term every
//! incident holds weighs nothing. Two incidents' similarity is the cosine of their vectors.
//!
//! Exact cosine between every pair costs Σ df² (hundreds of millions of products on an
//! archive of 10,000 reports where the same causes come back); instead, an inverted index
//! keeps, for each term, only the [`POSTINGS_KEPT`] incidents where it weighs most (ties: the
//! newer, then the slug). An incident's candidates are summed over the postings of its
//! terms: all of them for a term whose list is whole, and for the common terms (lists cut)
//! only the [`COMMON_TERMS_USED`] that weigh most in it; the best [`CANDIDATES`] by that
//! partial score are scored exactly and ranked: score descending, then the newer, then the
//! slug; only scores above [`MIN_SCORE`] count. When no
//! term is held by more than [`POSTINGS_KEPT`] incidents (any archive of a few hundred
//! reports), the partial score is the exact cosine and the lists are the exact top
//! [`SHOWN`]. Sums run in a fixed order (terms by their hash, postings by weight then
//! incident), so a build is byte-identical to the last one with the same reports.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use crate::incident::{Incident, SectionKind};

mod memory;

pub use memory::SimilarMemory;

/// How many similar incidents a page shows, at most.
pub const SHOWN: usize = 5;
/// The least cosine that makes two incidents similar (strictly above it).
pub const MIN_SCORE: f64 = 0.1;
/// How many incidents each term's posting list keeps (those where it weighs most).
pub const POSTINGS_KEPT: usize = 64;
/// How many candidates, by partial score, are scored exactly.
pub const CANDIDATES: usize = 20;
/// How many of an incident's common terms (whose lists are cut) find its candidates: those
/// that weigh most in it.
pub const COMMON_TERMS_USED: usize = 8;
/// The fewest characters a word needs to be a term.
pub const MIN_WORD_CHARS: usize = 3;

/// Words too common to tell incidents apart (folded, at least three characters).
const STOP_WORDS: &[&str] = &[
    "les", "des", "une", "est", "sont", "par", "pour", "dans", "sur", "avec", "sans", "que", "qui",
    "quoi", "pas", "plus", "mais", "ont", "aux", "ces", "cette", "cet", "son", "ses", "leur",
    "leurs", "nous", "vous", "ils", "elle", "elles", "lors", "apres", "avant", "entre", "tout",
    "tous", "toutes", "etait", "ete", "avait", "fait", "the", "and", "for", "with", "without",
    "from", "that", "this", "these", "those", "was", "were", "are", "has", "have", "had", "not",
    "but", "its", "our", "their", "they", "been", "into", "onto", "after", "before", "when",
    "then", "than", "which", "who", "all", "any", "can", "will",
];

/// The longest stop word, in bytes: a longer word is none.
const LONGEST_STOP_WORD: usize = 7;

/// Hashes already mixed: used as they are.
#[derive(Default, Clone, Copy)]
struct AsIs(u64);

impl Hasher for AsIs {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ByHash<V> = HashMap<u64, V, BuildHasherDefault<AsIs>>;

/// A term's identity: a fixed 64-bit hash of its kind and folded text (the same in every
/// build; two terms sharing one would be one term, which 64 bits make unheard of).
fn term_hash(kind: u8, folded: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = (folded.len() as u64) << 8 | u64::from(kind);
    // Eight bytes at a time, the last ones padded with zeros (the length tells them apart).
    let mut chunks = folded.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    // A final mix, so that every bit of the hash depends on every byte.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

const WORD: u8 = 0;
const SERVICE: u8 = 1;
const TAG: u8 = 2;
const TYPE: u8 = 3;

/// The hashes of the stop words.
static STOP_HASHES: std::sync::LazyLock<ByHash<()>> = std::sync::LazyLock::new(|| {
    STOP_WORDS
        .iter()
        .map(|w| (term_hash(WORD, w.as_bytes()), ()))
        .collect()
});

/// The hash of a folded word, when it counts as a term: at least [`MIN_WORD_CHARS`]
/// characters, not digits only, not a stop word.
fn word_term(folded: &str) -> Option<u64> {
    if folded.chars().count() < MIN_WORD_CHARS || folded.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hash = term_hash(WORD, folded.as_bytes());
    (folded.len() > LONGEST_STOP_WORD || !STOP_HASHES.contains_key(&hash)).then_some(hash)
}

/// The term of a word of ASCII letters and digits and Latin-1 letters with a diacritic
/// (`mémoire`, `Échoué`), folded as [`crate::text::fold`] folds them (`memoire`, `echoue`),
/// without allocating: `Some(None)` when it is no term. None for a word holding any other
/// character, which `fold` reads.
fn latin_word(raw: &str) -> Option<Option<u64>> {
    let mut folded = [0u8; 24];
    let mut len = 0;
    for c in raw.chars() {
        let base = match c {
            'a'..='z' | '0'..='9' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => crate::text::latin_letter_base(c)?,
        };
        *folded.get_mut(len)? = base as u8;
        len += 1;
    }
    let folded = &folded[..len];
    if len < MIN_WORD_CHARS || folded.iter().all(u8::is_ascii_digit) {
        return Some(None);
    }
    let hash = term_hash(WORD, folded);
    Some((len > LONGEST_STOP_WORD || !STOP_HASHES.contains_key(&hash)).then_some(hash))
}

/// The bytes a run of a word is made of: ASCII letters and digits, and every byte of a
/// character beyond ASCII (one table lookup a byte).
const IN_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    table
};

/// Reads the terms of texts, remembering how each word written with a non-ASCII character
/// folds (folding allocates; the same words come back in every report).
#[derive(Default)]
struct Terms<'t> {
    folded: HashMap<&'t str, Vec<u64>, ahash::RandomState>,
    /// An incident's terms as read, and counted: kept from one incident to the next.
    all: Vec<u64>,
    counts: ByHash<u32>,
}

impl<'t> Terms<'t> {
    /// Adds the hash of every word term of `text` to `out`.
    fn words(&mut self, text: &'t str, out: &mut Vec<u64>) {
        let bytes = text.as_bytes();
        // Runs of ASCII letters and digits and of non-ASCII characters, read over the bytes
        // (a run may hold non-ASCII punctuation: folding splits it below).
        let in_run = |b: u8| IN_RUN[usize::from(b)];
        let mut at = 0;
        while at < bytes.len() {
            if !in_run(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            let mut ascii = true;
            while at < bytes.len() && in_run(bytes[at]) {
                ascii &= bytes[at] < 0x80;
                at += 1;
            }
            if at - start < MIN_WORD_CHARS {
                continue;
            }
            // Both ends are ASCII boundaries or the text's: a run is whole characters.
            let raw = &text[start..at];
            if ascii {
                if raw.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                // Letters and digits: setting the 0x20 bit lower-cases the letters alone.
                let mut lower = [0u8; 24];
                let hash = match lower.get_mut(..raw.len()) {
                    Some(lower) => {
                        for (l, b) in lower.iter_mut().zip(raw.bytes()) {
                            *l = b | 0x20;
                        }
                        term_hash(WORD, lower)
                    }
                    None => term_hash(WORD, raw.to_ascii_lowercase().as_bytes()),
                };
                if raw.len() > LONGEST_STOP_WORD || !STOP_HASHES.contains_key(&hash) {
                    out.push(hash);
                }
                continue;
            }
            if let Some(hash) = latin_word(raw) {
                out.extend(hash);
                continue;
            }
            let hashes = self.folded.entry(raw).or_insert_with(|| {
                // Folding may split a word (`ﬁ`, `½`, `’`): each part counts on its own.
                crate::text::fold(raw)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter_map(word_term)
                    .collect()
            });
            out.extend_from_slice(hashes);
        }
    }

    /// Every term of `incident` with how many times it occurs, by hash.
    fn of(&mut self, incident: &'t Incident) -> Vec<(u64, u32)> {
        let mut all = std::mem::take(&mut self.all);
        for service in &incident.services {
            all.push(term_hash(
                SERVICE,
                crate::text::fold(&service.value).as_bytes(),
            ));
        }
        for tag in &incident.tags {
            all.push(term_hash(TAG, crate::text::fold(&tag.value).as_bytes()));
        }
        all.push(term_hash(TYPE, incident.kind.value.slug().as_bytes()));
        for kind in [SectionKind::Cause, SectionKind::Symptoms] {
            if let Some(section) = incident.section(kind) {
                self.words(&section.markdown, &mut all);
            }
        }
        // Counted, then the distinct terms sorted (fewer than the words).
        self.counts.clear();
        for hash in all.drain(..) {
            *self.counts.entry(hash).or_insert(0) += 1;
        }
        self.all = all;
        let mut counted: Vec<(u64, u32)> = self.counts.iter().map(|(h, n)| (*h, *n)).collect();
        counted.sort_unstable_by_key(|&(hash, _)| hash);
        counted
    }
}

/// Every incident's terms and their weights, normalised (each vector has length 1), by term
/// (ascending id; ids follow the terms' hashes), one incident after the other.
struct Vectors {
    starts: Vec<usize>,
    entries: Vec<(u32, f32)>,
}

impl Vectors {
    fn of(&self, i: usize) -> &[(u32, f32)] {
        &self.entries[self.starts[i]..self.starts[i + 1]]
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// The tf·idf vectors of `counts`, and each term's hash by id: terms every incident holds are
/// left out.
fn vectors(counts: &[IncidentTerms]) -> (Vectors, Vec<u64>) {
    let mut df: ByHash<u32> = ByHash::default();
    for terms in counts {
        for (hash, _) in terms.iter() {
            *df.entry(*hash).or_insert(0) += 1;
        }
    }
    let mut hashes: Vec<u64> = df.keys().copied().collect();
    hashes.sort_unstable();
    let n = counts.len() as f64;
    // Each term's id (its place among the hashes) and idf.
    let ids: ByHash<(u32, f64)> = hashes
        .iter()
        .enumerate()
        .map(|(id, h)| (*h, (id as u32, (n / f64::from(df[h])).ln())))
        .collect();
    let mut starts = Vec::with_capacity(counts.len() + 1);
    let mut entries = Vec::with_capacity(counts.iter().map(|c| c.len()).sum());
    let mut weighted: Vec<(u32, f64)> = Vec::new();
    starts.push(0);
    for terms in counts {
        weighted.clear();
        weighted.extend(
            terms
                .iter()
                .map(|(hash, tf)| {
                    let (id, idf) = ids[hash];
                    (id, f64::from(*tf) * idf)
                })
                .filter(|(_, w)| *w > 0.0),
        );
        let norm = weighted.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        entries.extend(weighted.iter().map(|(id, w)| (*id, (w / norm) as f32)));
        starts.push(entries.len());
    }
    (Vectors { starts, entries }, hashes)
}

/// Each term's kept postings: (incident, weight), by weight descending then rank.
struct Postings {
    starts: Vec<usize>,
    entries: Vec<(u32, f32)>,
    /// Whether a term's list was cut (the term is held by more incidents than it keeps).
    cut: Vec<bool>,
}

impl Postings {
    fn new(vectors: &Vectors, terms: usize, rank: &[u32]) -> Postings {
        let mut counts = vec![0usize; terms + 1];
        for (t, _) in &vectors.entries {
            counts[*t as usize + 1] += 1;
        }
        for t in 0..terms {
            counts[t + 1] += counts[t];
        }
        let mut fill = counts.clone();
        let mut entries = vec![(0u32, 0f32); counts[terms]];
        for i in 0..vectors.len() {
            for (t, w) in vectors.of(i) {
                entries[fill[*t as usize]] = (i as u32, *w);
                fill[*t as usize] += 1;
            }
        }
        let order = |a: &(u32, f32), b: &(u32, f32)| {
            b.1.total_cmp(&a.1)
                .then(rank[a.0 as usize].cmp(&rank[b.0 as usize]))
        };
        // Each list cut to its best entries, in order.
        let mut starts = Vec::with_capacity(terms + 1);
        let mut cut = Vec::with_capacity(terms);
        let mut kept = Vec::with_capacity(entries.len().min(terms * POSTINGS_KEPT));
        for t in 0..terms {
            let list = &mut entries[counts[t]..counts[t + 1]];
            if list.len() > POSTINGS_KEPT {
                list.select_nth_unstable_by(POSTINGS_KEPT - 1, order);
            }
            cut.push(list.len() > POSTINGS_KEPT);
            let kept_here = list.len().min(POSTINGS_KEPT);
            let list = &mut list[..kept_here];
            list.sort_unstable_by(order);
            starts.push(kept.len());
            kept.extend_from_slice(list);
        }
        starts.push(kept.len());
        Postings {
            starts,
            entries: kept,
            cut,
        }
    }

    fn of(&self, term: u32) -> &[(u32, f32)] {
        &self.entries[self.starts[term as usize]..self.starts[term as usize + 1]]
    }
}

/// Each incident's place, newest first (then by slug): the order of ties; and the incidents
/// in that order.
fn ranks(incidents: &[&Incident]) -> (Vec<u32>, Vec<usize>) {
    let mut order: Vec<usize> = (0..incidents.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (incidents[a], incidents[b]);
        b.start
            .value
            .instant
            .cmp(&a.start.value.instant)
            .then_with(|| a.slug.value.cmp(&b.slug.value))
    });
    let mut rank = vec![0u32; incidents.len()];
    for (place, i) in order.iter().enumerate() {
        rank[*i] = place as u32;
    }
    (rank, order)
}

/// An incident's terms with how many times each occurs, as the similarity reads them: read
/// once per incident, and kept by `serve` for the incidents that did not change.
pub type IncidentTerms = std::sync::Arc<Vec<(u64, u32)>>;

/// The similar incidents of each of `incidents` (by index, best first, at most [`SHOWN`]),
/// leaving out those of `shown[i]` (the incidents already listed on its page as related;
/// empty when none).
pub fn similar_incidents(incidents: &[&Incident], shown: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let terms = incident_terms(incidents, &|_| None);
    similar_from_terms(incidents, &terms, shown)
}

/// [`similar_incidents`] from the terms of each incident (see [`incident_terms`]).
pub fn similar_from_terms(
    incidents: &[&Incident],
    terms: &[IncidentTerms],
    shown: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    similar_remembered(incidents, terms, shown, None, false).0
}

/// [`similar_from_terms`], ranking again only the incidents whose lists can have changed since
/// the computation that left `previous` (see [`SimilarMemory`]); and, when asked to
/// `remember`, what this one leaves for the next. The lists are those [`similar_from_terms`]
/// gives, whatever `previous` holds.
pub fn similar_remembered(
    incidents: &[&Incident],
    terms: &[IncidentTerms],
    shown: &[Vec<usize>],
    previous: Option<SimilarMemory>,
    remember: bool,
) -> (Vec<Vec<usize>>, Option<SimilarMemory>) {
    if incidents.len() < 2 {
        return (vec![Vec::new(); incidents.len()], None);
    }
    let (vectors, hashes) = vectors(terms);
    let (rank, order) = ranks(incidents);
    let postings = Postings::new(&vectors, hashes.len(), &rank);
    // What the lists are computed for: only a preview, which remembers, needs it.
    let setting =
        (remember || previous.is_some()).then(|| memory::setting(incidents, &rank, shown));
    let again = previous
        .as_ref()
        .zip(setting)
        .and_then(|(p, setting)| p.to_rank_again(setting, &hashes, &vectors, &postings));
    let none = Vec::new();
    let indices: Vec<usize> = (0..incidents.len()).collect();
    // In chunks, each with its own scratch space.
    let ranked: Vec<(Vec<usize>, Vec<u32>)> = indices
        .par_chunks(256)
        .flat_map_iter(|chunk| {
            let mut scratch = Scratch {
                sums: vec![0f32; incidents.len()],
                touched: Vec::new(),
                dense: vec![0f32; hashes.len()],
                common: Vec::new(),
            };
            let ranks = (rank.as_slice(), order.as_slice());
            chunk
                .iter()
                .map(|&i| match (&again, &previous) {
                    (Some(again), Some(previous)) if !again[i] => previous.kept(i),
                    _ => {
                        let skip = shown.get(i).unwrap_or(&none);
                        ranked(i, &vectors, &postings, ranks, skip, &mut scratch)
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    drop(previous);
    let (lists, candidates): (Vec<_>, Vec<_>) = ranked.into_iter().unzip();
    let memory = setting.filter(|_| remember).map(|setting| SimilarMemory {
        setting,
        hashes,
        vectors,
        postings,
        candidates,
        lists: lists.clone(),
    });
    (lists, memory)
}

/// The terms of every incident, read in parallel; `known(i)` gives those of the `i`th when
/// they are known already.
pub fn incident_terms(
    incidents: &[&Incident],
    known: &(dyn Fn(usize) -> Option<IncidentTerms> + Sync),
) -> Vec<IncidentTerms> {
    // In chunks, each with its own memory of folded words.
    incidents
        .par_chunks(256)
        .enumerate()
        .flat_map_iter(|(n, chunk)| {
            let mut terms = Terms::default();
            chunk
                .iter()
                .enumerate()
                .map(|(k, i)| known(n * 256 + k).unwrap_or_else(|| terms.of(i).into()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What scoring one incident writes in, kept from one incident to the next: all zeros
/// between two.
struct Scratch {
    /// Partial scores, by incident.
    sums: Vec<f32>,
    /// The incidents whose partial score was written.
    touched: Vec<u32>,
    /// The incident's vector, by term.
    dense: Vec<f32>,
    /// The incident's common terms: (weight, term).
    common: Vec<(f32, u32)>,
}

/// Calls `each` with every term of `i` that finds its candidates, and its weight in `i`: every
/// term held by few incidents (its list whole), and of the common ones (their lists cut) only
/// the [`COMMON_TERMS_USED`] that weigh most in `i`, where its best candidates are.
fn used_terms(
    i: usize,
    vectors: &Vectors,
    postings: &Postings,
    common: &mut Vec<(f32, u32)>,
    mut each: impl FnMut(u32, f32),
) {
    common.clear();
    for &(term, weight) in vectors.of(i) {
        if postings.cut[term as usize] {
            common.push((weight, term));
        } else {
            each(term, weight);
        }
    }
    if common.len() > COMMON_TERMS_USED {
        common.select_nth_unstable_by(COMMON_TERMS_USED - 1, |a, b| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
        });
        common.truncate(COMMON_TERMS_USED);
        common.sort_unstable_by_key(|&(_, term)| term);
    }
    for &(weight, term) in common.iter() {
        each(term, weight);
    }
}

/// The similar incidents of `i`: candidates summed over the kept postings of its terms, the
/// best scored exactly (the cosine: the products of shared terms summed in term order), ranked;
/// and those candidates.
fn ranked(
    i: usize,
    vectors: &Vectors,
    postings: &Postings,
    (rank, order): (&[u32], &[usize]),
    skip: &[usize],
    scratch: &mut Scratch,
) -> (Vec<usize>, Vec<u32>) {
    let Scratch {
        sums,
        touched,
        dense,
        common,
    } = scratch;
    used_terms(i, vectors, postings, common, |term, weight| {
        for (j, w) in postings.of(term) {
            let sum = &mut sums[*j as usize];
            if *sum == 0.0 {
                touched.push(*j);
            }
            *sum += weight * w;
        }
    });
    // Each candidate as one number, greater when better: its partial score (a positive
    // float's bits order as the float), then the newer.
    let mut keys: Vec<u64> = Vec::with_capacity(touched.len());
    for j in touched.drain(..) {
        let sum = std::mem::take(&mut sums[j as usize]);
        if j as usize != i && sum > 0.0 {
            keys.push((u64::from(sum.to_bits()) << 32) | u64::from(u32::MAX - rank[j as usize]));
        }
    }
    let wanted = CANDIDATES + skip.len();
    if keys.len() > wanted {
        keys.select_nth_unstable_by(wanted - 1, |a, b| b.cmp(a));
        keys.truncate(wanted);
    }
    let by_rank = |key: u64| (u32::MAX - (key & u64::from(u32::MAX)) as u32) as usize;
    let candidates: Vec<u32> = keys.iter().map(|&key| order[by_rank(key)] as u32).collect();
    for (term, weight) in vectors.of(i) {
        dense[*term as usize] = *weight;
    }
    let mut scored: Vec<(f64, usize)> = candidates
        .iter()
        .map(|&j| j as usize)
        .filter(|j| !skip.contains(j))
        .map(|j| {
            // Terms `i` lacks add zero: the sum is that of the shared terms, in term order.
            let dot = vectors
                .of(j)
                .iter()
                .map(|(term, w)| f64::from(dense[*term as usize]) * f64::from(*w))
                .sum::<f64>();
            (dot, j)
        })
        .filter(|(score, _)| *score > MIN_SCORE)
        .collect();
    for (term, _) in vectors.of(i) {
        dense[*term as usize] = 0.0;
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(rank[a.1].cmp(&rank[b.1])));
    let list = scored.into_iter().take(SHOWN).map(|(_, j)| j).collect();
    (list, candidates)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The cosine of two normalised vectors: their dot product, summed in term order.
    fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0f64);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += f64::from(a[i].1) * f64::from(b[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// An incident of the template with these values (the other sections say nothing).
    pub(super) fn incident(
        slug: &str,
        date: &str,
        kind: &str,
        services: &str,
        cause: &str,
        symptoms: &str,
    ) -> Incident {
        let text = format!(
            "## Incident {date}\n\n**Type :** {kind}\n**Sévérité :** Haute\n**Durée :** 5 minutes\n**Impact utilisateurs :** Non\n**Services :** {services}\n\n### Cause\n{cause}\n\n### Symptômes\n{symptoms}\n\n### Actions Immédiates\n1. x\n\n### Résolution\nx\n\n### Prévention\nx\n"
        );
        let ctx = crate::parse::Context {
            timezone: chrono_tz::UTC,
            currency: "EUR".into(),
        };
        let path = format!("{slug}.md");
        let parsed = crate::parse::parse_report(&text, Path::new(&path), Path::new(&path), &ctx);
        parsed.incident.expect("a valid report")
    }

    fn slugs<'a>(incidents: &[&'a Incident], lists: &[Vec<usize>]) -> Vec<Vec<&'a str>> {
        lists
            .iter()
            .map(|l| {
                l.iter()
                    .map(|&j| incidents[j].slug.value.as_str())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn latin_words_fold_as_fold_does() {
        for word in [
            "mémoire",
            "ÉCHOUÉ",
            "Çà",
            "naïveté",
            "Ñandú",
            "Øre",
            "cœur",
            "après",
            "tombée",
            "ÀÉÎÕÜÝÿ",
        ] {
            let expected = crate::text::fold(word);
            match latin_word(word) {
                Some(hash) => assert_eq!(hash, word_term(&expected), "{word}"),
                None => assert!(word.contains(['Ø', 'œ']), "{word} is read by fold"),
            }
        }
    }

    #[test]
    fn no_stop_word_is_longer_than_the_longest() {
        assert!(STOP_WORDS.iter().all(|w| w.len() <= LONGEST_STOP_WORD));
        assert!(STOP_WORDS.iter().any(|w| w.len() == LONGEST_STOP_WORD));
    }

    #[test]
    fn words_are_folded_and_short_words_digits_and_stop_words_left_out() {
        let a = incident(
            "a",
            "2025-01-01 10:00",
            "Erreur",
            "API, Base",
            "Le Disque est plein: 95 % après 2 h, disque ﬁchier.",
            "- Erreurs 5xx",
        );
        let mut terms = Terms::default();
        let mut words = Vec::new();
        terms.words(&a.section(SectionKind::Cause).unwrap().markdown, &mut words);
        // By hand: `Le`, `95`, `%`, `2`, `h` too short; `est`, `après` stop words; `Disque`
        // and `disque` one word; `ﬁchier` folds to `fichier`.
        let expected: Vec<u64> = ["disque", "plein", "disque", "fichier"]
            .iter()
            .map(|w| term_hash(WORD, w.as_bytes()))
            .collect();
        assert_eq!(words, expected);
        let all = terms.of(&a);
        // api, base (services), the type, disque ×2, plein, fichier, erreurs, 5xx.
        assert_eq!(all.len(), 8);
        assert!(all.contains(&(term_hash(WORD, b"disque"), 2)));
        assert!(all.contains(&(term_hash(SERVICE, b"api"), 1)));
        assert!(all.contains(&(term_hash(TYPE, b"error"), 1)));
        assert!(all.contains(&(term_hash(WORD, b"5xx"), 1)));
    }

    /// Worked out by hand. Every incident is an Erreur (the type weighs nothing) with no
    /// service. Terms: A disque plein erreurs; B disque plein lenteurs; C certificat expire
    /// erreurs; D certificat expire lenteurs. Each term is held by 2 of 4 incidents: idf ln 2
    /// for all, so each vector is three equal weights 1/√3. cos(A,B) = 2/3, cos(A,C) = 1/3,
    /// cos(A,D) = 0 (and so on by symmetry): A → B, C; B → A, D; C → D, A; D → C, B.
    #[test]
    fn a_small_archive_gets_the_lists_computed_by_hand() {
        let a = incident(
            "a",
            "2025-01-01 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Erreurs",
        );
        let b = incident(
            "b",
            "2025-01-02 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Lenteurs",
        );
        let c = incident(
            "c",
            "2025-01-03 10:00",
            "Erreur",
            "",
            "Certificat expiré.",
            "- Erreurs",
        );
        let d = incident(
            "d",
            "2025-01-04 10:00",
            "Erreur",
            "",
            "Certificat expiré.",
            "- Lenteurs",
        );
        let all = [&a, &b, &c, &d];
        let lists = similar_incidents(&all, &[]);
        assert_eq!(
            slugs(&all, &lists),
            [
                vec!["b", "c"],
                vec!["a", "d"],
                vec!["d", "a"],
                vec!["c", "b"]
            ]
        );
        // A's related incidents are not repeated: B shown as related leaves C alone.
        let lists = similar_incidents(&all, &[vec![1], vec![], vec![], vec![]]);
        assert_eq!(slugs(&all, &lists)[0], ["c"]);
    }

    /// By hand: X, Y and Z hold the same terms (cos 1 between them), W none of theirs (cos 0):
    /// X's two equals come newer first (Y on the 3rd, Z on the 2nd); W has none.
    /// Then with a service `s` shared by X and W only, over 4 incidents: idf of s = ln 2 =
    /// 0.6931, of disque and plein (X, Y, Z) ln 4/3 = 0.2877, of certificat and expire ln 4 =
    /// 1.3863. `plein` is twice in X, Y, Z (cause and symptoms), `expire` twice in W.
    /// X = (s 0.6931, disque 0.2877, plein 0.5754), |X| = √0.8944 = 0.9457; Y = Z = (disque
    /// 0.2877, plein 0.5754), |Y| = √0.4139 = 0.6433; W = (s 0.6931, certificat 1.3863,
    /// expire 2.7726), |W| = √10.0896 = 3.1764. cos(X,Y) = 0.4139 / (0.9457 × 0.6433) =
    /// 0.680; cos(X,W) = 0.4805 / (0.9457 × 3.1764) = 0.160 > 0.1. So X → Y, Z, W.
    #[test]
    fn ties_go_to_the_newer_incident_and_weights_follow_rarity() {
        let x = incident(
            "x",
            "2025-01-01 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Disque",
        );
        let y = incident(
            "y",
            "2025-01-03 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Disque",
        );
        let z = incident(
            "z",
            "2025-01-02 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Disque",
        );
        let w = incident(
            "w",
            "2025-01-04 10:00",
            "Erreur",
            "",
            "Certificat expiré.",
            "- Certificat",
        );
        let all = [&x, &y, &z, &w];
        assert_eq!(slugs(&all, &similar_incidents(&all, &[]))[0], ["y", "z"]);
        assert!(slugs(&all, &similar_incidents(&all, &[]))[3].is_empty());
        let x = incident(
            "x",
            "2025-01-01 10:00",
            "Erreur",
            "s",
            "Disque plein.",
            "- Plein",
        );
        let y = incident(
            "y",
            "2025-01-03 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Plein",
        );
        let z = incident(
            "z",
            "2025-01-02 10:00",
            "Erreur",
            "",
            "Disque plein.",
            "- Plein",
        );
        let w = incident(
            "w",
            "2025-01-04 10:00",
            "Erreur",
            "s",
            "Certificat expiré.",
            "- Expiré",
        );
        let all = [&x, &y, &z, &w];
        assert_eq!(
            slugs(&all, &similar_incidents(&all, &[]))[0],
            ["y", "z", "w"]
        );
    }

    /// A pseudo-random number generator, so that the archives are the same on every run.
    /// Words of causes, for archives drawn at random.
    pub(super) const WORDS: [&str; 10] = [
        "disque",
        "memoire",
        "reseau",
        "certificat",
        "latence",
        "cache",
        "proxy",
        "quota",
        "timeout",
        "deploiement",
    ];

    pub(super) struct Lcg(pub(super) u64);

    impl Lcg {
        pub(super) fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    /// On archives where no term is held by more than [`POSTINGS_KEPT`] incidents, the lists
    /// are those of the exact cosine between every pair, ranked the same way.
    #[test]
    fn small_archives_get_the_exact_cosine_top_five() {
        let mut random = Lcg(7);
        for round in 0..150 {
            let n = 2 + random.below(40) as usize;
            let incidents: Vec<Incident> = (0..n)
                .map(|k| {
                    let pick = |r: &mut Lcg, count: u64| -> String {
                        (0..1 + r.below(count))
                            .map(|_| WORDS[r.below(WORDS.len() as u64) as usize])
                            .collect::<Vec<_>>()
                            .join(" ")
                    };
                    let kind = ["Erreur", "Downtime", "Coût"][random.below(3) as usize];
                    let service = ["", "api", "base"][random.below(3) as usize];
                    let day = 1 + random.below(20);
                    let cause = pick(&mut random, 5);
                    let symptoms = pick(&mut random, 3);
                    incident(
                        &format!("r{k}"),
                        &format!("2025-01-{day:02} 10:00"),
                        kind,
                        service,
                        &cause,
                        &format!("- {symptoms}"),
                    )
                })
                .collect();
            let all: Vec<&Incident> = incidents.iter().collect();
            let got = similar_incidents(&all, &[]);
            // Every pair, scored with the same vectors.
            let counts = incident_terms(&all, &|_| None);
            let (vectors, _) = vectors(&counts);
            let (rank, _) = ranks(&all);
            for (i, got) in got.iter().enumerate() {
                let mut pairs: Vec<(f64, usize)> = (0..n)
                    .filter(|&j| j != i)
                    .map(|j| (cosine(vectors.of(i), vectors.of(j)), j))
                    .filter(|(s, _)| *s > MIN_SCORE)
                    .collect();
                pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(rank[a.1].cmp(&rank[b.1])));
                let expected: Vec<usize> = pairs.into_iter().take(SHOWN).map(|(_, j)| j).collect();
                assert_eq!(*got, expected, "archive {round}, incident {i}");
            }
        }
    }

    #[test]
    fn an_archive_where_every_report_is_alike_still_gets_five_each() {
        let incidents: Vec<Incident> = (0..300)
            .map(|k| {
                let day = 1 + k % 28;
                let hour = k / 28;
                incident(
                    &format!("r{k:03}"),
                    &format!("2025-02-{day:02} {hour:02}:00"),
                    "Erreur",
                    "",
                    "Disque plein.",
                    if k % 2 == 0 {
                        "- Erreurs"
                    } else {
                        "- Lenteurs"
                    },
                )
            })
            .collect();
        let all: Vec<&Incident> = incidents.iter().collect();
        let lists = similar_incidents(&all, &[]);
        assert!(lists.iter().all(|l| l.len() == SHOWN));
        assert_eq!(lists, similar_incidents(&all, &[]), "the same every time");
    }
}
