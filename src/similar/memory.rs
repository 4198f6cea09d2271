//! What one computation of the similar incidents leaves for the next (`serve`), and which
//! incidents a change can have touched: only those are ranked again.
//!
//! An incident's list follows from its own vector, the kept postings of the terms it finds
//! its candidates with (see [`super::used_terms`]), the vectors of those candidates, the
//! incidents' places (ties) and the incidents its page already lists. When none of these
//! changed, its partial sums are the same numbers summed in the same order, so are its
//! candidates and their exact scores: its list is the one kept. Everything is ranked again
//! when the incidents, their order or the lists left out changed.

use std::collections::HashMap;

use super::{Postings, Vectors, used_terms};
use crate::incident::Incident;

/// One computation's vectors, postings, candidates and lists, with what they were computed for.
pub struct SimilarMemory {
    /// A hash of the incidents' slugs in order, their places and the lists left out.
    pub(super) setting: u64,
    /// Each term's hash, by id.
    pub(super) hashes: Vec<u64>,
    pub(super) vectors: Vectors,
    pub(super) postings: Postings,
    /// Each incident's candidates, scored exactly.
    pub(super) candidates: Vec<Vec<u32>>,
    /// Each incident's similar incidents.
    pub(super) lists: Vec<Vec<usize>>,
}

/// What the lists are computed for, besides the terms: the incidents (by slug, in order),
/// their places (`rank`, which breaks ties) and the incidents each page lists already.
pub(super) fn setting(incidents: &[&Incident], rank: &[u32], shown: &[Vec<usize>]) -> u64 {
    let slugs: Vec<&str> = incidents.iter().map(|i| i.slug.value.as_str()).collect();
    crate::hash::quick_hash(&(slugs, rank, shown))
}

/// How a term's kept postings differ from the last computation's.
#[derive(Clone, Copy, PartialEq)]
enum TermChange {
    Same,
    /// The kept incidents or their weights.
    Postings,
    /// New, or its list cut where it was whole or the reverse: it may find candidates for
    /// incidents it did not, or no longer.
    Kind,
}

impl SimilarMemory {
    /// The list and candidates of incident `i`, as kept.
    pub(super) fn kept(&self, i: usize) -> (Vec<usize>, Vec<u32>) {
        (self.lists[i].clone(), self.candidates[i].clone())
    }

    /// Which incidents must be ranked again, given this computation's terms, vectors and
    /// postings; None when all must (the incidents, their order or the lists left out changed).
    pub(super) fn to_rank_again(
        &self,
        setting: u64,
        hashes: &[u64],
        vectors: &Vectors,
        postings: &Postings,
    ) -> Option<Vec<bool>> {
        if setting != self.setting || vectors.len() != self.vectors.len() {
            return None;
        }
        let moved: Vec<bool> = (0..vectors.len())
            .map(|i| !self.same_vector(i, hashes, vectors))
            .collect();
        let terms = self.term_changes(hashes, postings);
        let mut common = Vec::new();
        let again = (0..vectors.len())
            .map(|i| {
                if moved[i] || self.candidates[i].iter().any(|&j| moved[j as usize]) {
                    return true;
                }
                let of_i = vectors.of(i);
                if of_i
                    .iter()
                    .any(|(t, _)| terms[*t as usize] == TermChange::Kind)
                {
                    return true;
                }
                let mut touched = false;
                used_terms(i, vectors, postings, &mut common, |t, _| {
                    touched |= terms[t as usize] != TermChange::Same;
                });
                touched
            })
            .collect();
        Some(again)
    }

    /// Whether incident `i` has the same terms with the same weights as last time.
    fn same_vector(&self, i: usize, hashes: &[u64], vectors: &Vectors) -> bool {
        let (before, now) = (self.vectors.of(i), vectors.of(i));
        before.len() == now.len()
            && before.iter().zip(now).all(|((b, bw), (n, nw))| {
                self.hashes[*b as usize] == hashes[*n as usize] && bw == nw
            })
    }

    /// How each term (by this computation's id) differs from the last computation.
    fn term_changes(&self, hashes: &[u64], postings: &Postings) -> Vec<TermChange> {
        let before: HashMap<u64, u32, ahash::RandomState> = self
            .hashes
            .iter()
            .enumerate()
            .map(|(id, hash)| (*hash, id as u32))
            .collect();
        hashes
            .iter()
            .enumerate()
            .map(|(t, hash)| match before.get(hash) {
                None => TermChange::Kind,
                Some(&b) if self.postings.cut[b as usize] != postings.cut[t] => TermChange::Kind,
                Some(&b) if self.postings.of(b) != postings.of(t as u32) => TermChange::Postings,
                Some(_) => TermChange::Same,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{Lcg, WORDS, incident};
    use super::super::{incident_terms, similar_incidents, similar_remembered};
    use crate::incident::Incident;

    /// Up to `count` of the common words and of a hundred others, two of a few hundred rarer
    /// ones, and `extra`.
    fn words(random: &mut Lcg, count: u64, extra: &str) -> String {
        let mut text: Vec<String> = (0..1 + random.below(count))
            .map(|_| match random.below(2) {
                0 => WORDS[random.below(WORDS.len() as u64) as usize].to_string(),
                _ => format!("mot{}", random.below(100)),
            })
            .collect();
        text.extend((0..2).map(|_| format!("rare{}", random.below(400))));
        if !extra.is_empty() {
            text.push(extra.to_string());
        }
        text.join(" ")
    }

    fn report(random: &mut Lcg, k: usize, extra: &str) -> Incident {
        let kind = ["Erreur", "Downtime", "Coût"][random.below(3) as usize];
        let service = ["", "api", "base"][random.below(3) as usize];
        let cause = words(random, 20, extra);
        let symptoms = words(random, 10, "");
        // Newest first: the k-th report is k hours older than the first.
        let start = chrono::NaiveDate::from_ymd_opt(2025, 12, 31)
            .and_then(|d| d.and_hms_opt(23, 0, 0))
            .map(|t| t - chrono::Duration::hours(k as i64))
            .expect("a date");
        incident(
            &format!("r{k:04}"),
            &start.format("%Y-%m-%d %H:%M").to_string(),
            kind,
            service,
            &cause,
            &format!("- {symptoms}"),
        )
    }

    /// One report after the other rewritten (its words, type and service drawn again), or
    /// given a word no other report has, or saved unchanged: the lists computed from the last
    /// computation's memory are those of a computation from nothing; an unchanged save ranks
    /// nothing again, a new word only a part of the archive (on the archives of
    /// `gen_corpus.py`, the report alone or two or three more).
    #[test]
    fn lists_from_memory_are_those_computed_from_nothing() {
        let mut random = Lcg(11);
        // More reports than a posting list keeps: common terms have their lists cut.
        let n = 600;
        let mut seeds: Vec<u64> = (0..n as u64).collect();
        let mut incidents: Vec<Incident> =
            (0..n).map(|k| report(&mut Lcg(seeds[k]), k, "")).collect();
        let all: Vec<&Incident> = incidents.iter().collect();
        let terms = incident_terms(&all, &|_| None);
        let (_, mut memory) = similar_remembered(&all, &terms, &[], None, true);
        for round in 0..18 {
            let k = random.below(n as u64) as usize;
            match round % 3 {
                0 => {
                    seeds[k] = 1000 + round;
                    incidents[k] = report(&mut Lcg(seeds[k]), k, "");
                }
                1 => incidents[k] = report(&mut Lcg(seeds[k]), k, &format!("nouveau{round}")),
                _ => {}
            }
            let all: Vec<&Incident> = incidents.iter().collect();
            let terms = incident_terms(&all, &|_| None);
            let previous = memory.take().expect("remembered");
            let (vectors, hashes) = super::super::vectors(&terms);
            let (rank, _) = super::super::ranks(&all);
            let postings = super::super::Postings::new(&vectors, hashes.len(), &rank);
            let again = previous
                .to_rank_again(previous.setting, &hashes, &vectors, &postings)
                .expect("the same incidents in the same order");
            let ranked_again = again.iter().filter(|a| **a).count();
            match round % 3 {
                1 => assert!(ranked_again < n, "round {round}: all ranked again"),
                2 => assert_eq!(ranked_again, 0, "round {round}"),
                _ => {}
            }
            let (lists, kept) = similar_remembered(&all, &terms, &[], Some(previous), true);
            assert_eq!(lists, similar_incidents(&all, &[]), "round {round}");
            memory = kept;
        }
    }

    /// A change of what pages list already, or of the incidents, ranks everything again.
    #[test]
    fn another_setting_ranks_everything_again() {
        let mut random = Lcg(3);
        let incidents: Vec<Incident> = (0..30).map(|k| report(&mut random, k, "")).collect();
        let all: Vec<&Incident> = incidents.iter().collect();
        let terms = incident_terms(&all, &|_| None);
        let (_, memory) = similar_remembered(&all, &terms, &[], None, true);
        let shown = vec![vec![1]];
        let (lists, _) = similar_remembered(&all, &terms, &shown, memory, true);
        assert_eq!(lists, similar_incidents(&all, &shown));
        assert!(!lists[0].contains(&1));
    }
}
