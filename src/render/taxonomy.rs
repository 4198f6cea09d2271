//! Services and tags: their listings (`/service/<slug>/`, `/tag/<slug>/`), filter chips and slugs.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Renderer;
use crate::incident::{Incident, Spanned};
use crate::text::slugify;

/// The two groups, in the order of their chips: `(kind, field)`.
const KINDS: [&str; 2] = ["service", "tag"];

/// The URL names of a report's services or tags, in the order written, each once.
pub(super) fn slugs(values: &[Spanned<String>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let slug = slugify(&value.value);
        if !slug.is_empty() && !out.contains(&slug) {
            out.push(slug);
        }
    }
    out
}

/// The services or tags of an incident.
fn values<'i>(incident: &'i Incident, kind: &str) -> &'i [Spanned<String>] {
    if kind == "service" {
        &incident.services
    } else {
        &incident.tags
    }
}

/// Every service (or tag) of `incidents` by slug: its name (as first written in the newest
/// report that has it) and the positions of its incidents in `incidents` (newest first).
fn collect(incidents: &[&Incident], kind: &str) -> BTreeMap<String, (String, Vec<usize>)> {
    let mut found: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (n, incident) in incidents.iter().enumerate() {
        let mut seen: Vec<String> = Vec::new();
        for value in values(incident, kind) {
            let slug = slugify(&value.value);
            if slug.is_empty() || seen.contains(&slug) {
                continue;
            }
            seen.push(slug.clone());
            let name = super::without_bidi_controls(value.value.trim());
            found
                .entry(slug)
                .or_insert_with(|| (name, Vec::new()))
                .1
                .push(n);
        }
    }
    found
}

impl Renderer<'_> {
    /// The listings of every service and tag, as `(kind, slug, name, members)` like the
    /// severity, type and year ones.
    pub(super) fn taxonomy_groups(
        &self,
        incidents: &[&Incident],
    ) -> Vec<(&'static str, String, String, Vec<usize>)> {
        KINDS
            .iter()
            .flat_map(|&kind| {
                collect(incidents, kind)
                    .into_iter()
                    .map(move |(slug, (name, members))| (kind, slug, name, members))
            })
            .collect()
    }

    /// Adds the `service` and `tag` chips (`{slug, label, count, path}`, by slug) to `filters`.
    pub(super) fn taxonomy_filters(&self, incidents: &[&Incident], filters: &mut Value) {
        for kind in KINDS {
            let chips: Vec<Value> = collect(incidents, kind)
                .into_iter()
                .map(|(slug, (name, members))| {
                    json!({"slug": slug, "label": name, "count": members.len(),
                           "path": format!("{kind}/{slug}/")})
                })
                .collect();
            filters[kind] = Value::from(chips);
        }
    }

    /// The total downtime of the incidents at `members`, formatted.
    pub(super) fn downtime_of(&self, incidents: &[&Incident], members: &[usize]) -> String {
        let seconds: u64 = members
            .iter()
            .filter_map(|&n| incidents.get(n)?.cost.downtime.as_ref())
            .map(|d| d.value.seconds)
            .sum();
        self.fmt.duration(seconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::Span;

    #[test]
    fn slugs_are_url_names_each_once() {
        let values: Vec<Spanned<String>> = ["Evaluation API", "evaluation-api", "Redis", "!!"]
            .iter()
            .map(|v| Spanned::new(v.to_string(), Span::default()))
            .collect();
        assert_eq!(slugs(&values), vec!["evaluation-api", "redis"]);
    }
}
