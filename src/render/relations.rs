//! The incidents each incident page lists besides itself: the related ones (those its report
//! names and those whose reports name it) and the similar ones (see [`crate::similar`]).

use std::collections::HashMap;

use super::renderer::Renderer;
use crate::incident::Incident;
use crate::similar::{IncidentTerms, SimilarMemory, incident_terms, similar_remembered};

/// Each incident's related and similar incidents, by place in the list of incidents (newest
/// first), in the order shown.
#[derive(Default)]
pub(super) struct Relations {
    pub(super) related: Vec<Vec<usize>>,
    pub(super) similar: Vec<Vec<usize>>,
}

impl Relations {
    /// The relations of `incidents` (newest first). A related incident that is not published
    /// (a draft left out) is left out.
    pub(super) fn new(incidents: &[&Incident]) -> Relations {
        Relations::remembered(incidents, &|_| None, None, false).0
    }

    /// [`Relations::new`], with the terms of the incidents for which `known` gives them and
    /// what the last computation of the similar incidents left (`serve` keeps both from one
    /// render to the next); and every incident's terms and, when asked to `remember`, what
    /// this computation leaves.
    pub(super) fn remembered(
        incidents: &[&Incident],
        known: &(dyn Fn(usize) -> Option<IncidentTerms> + Sync),
        previous: Option<SimilarMemory>,
        remember: bool,
    ) -> (Relations, Vec<IncidentTerms>, Option<SimilarMemory>) {
        let related = related(incidents);
        let terms = incident_terms(incidents, known);
        let (similar, memory) = similar_remembered(incidents, &terms, &related, previous, remember);
        (Relations { related, similar }, terms, memory)
    }
}

/// The related incidents of each of `incidents` (newest first): those its report names and
/// those whose reports name it, each once, newest first.
fn related(incidents: &[&Incident]) -> Vec<Vec<usize>> {
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); incidents.len()];
    if incidents.iter().all(|i| i.related.is_empty()) {
        return related;
    }
    let places: HashMap<&str, usize, ahash::RandomState> = incidents
        .iter()
        .enumerate()
        .map(|(n, i)| (i.slug.value.as_str(), n))
        .collect();
    for (n, incident) in incidents.iter().enumerate() {
        for name in &incident.related {
            if let Some(&other) = places.get(name.value.as_str())
                && other != n
            {
                related[n].push(other);
                related[other].push(n);
            }
        }
    }
    for list in &mut related {
        list.sort_unstable();
        list.dedup();
    }
    related
}

/// The incidents one page lists besides itself.
pub(super) struct Listed<'i> {
    pub(super) related: Vec<&'i Incident>,
    pub(super) similar: Vec<&'i Incident>,
}

impl Renderer<'_> {
    /// What the page of `incidents[i]` lists besides itself.
    pub(super) fn listed<'i>(
        &self,
        incidents: &[&'i Incident],
        relations: &Relations,
        i: usize,
    ) -> Listed<'i> {
        let at = |list: Option<&Vec<usize>>| -> Vec<&'i Incident> {
            list.map(|l| l.iter().map(|&j| incidents[j]).collect())
                .unwrap_or_default()
        };
        Listed {
            related: at(relations.related.get(i)),
            similar: at(relations.similar.get(i)),
        }
    }
}
