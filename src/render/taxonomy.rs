//! Services, tags and triggers: their listings (`/service/<slug>/`, `/tag/<slug>/`,
//! `/trigger/<slug>/`), the index pages (`/service/`, `/tag/`, and `/year/` for a long
//! archive), the home page's chips, and slugs.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use super::cache::CachedPages;
use super::lists::Listing;
use super::renderer::Renderer;
use super::views::Chip;
use super::{RenderError, RenderFailure};
use crate::format::Plural;
use crate::incident::{Incident, IncidentDuration, Spanned, Trigger};
use crate::output::OutputFile;
use crate::text::slugify;
use crate::text::without_bidi_controls;

/// The two groups, in the order of their chips.
const KINDS: [&str; 2] = ["service", "tag"];

/// At most this many chips of a group on the home page (the most used): the index page of the
/// group lists them all, so that no page grows with the product of reports and names.
pub const HOME_CHIPS: usize = 20;

/// The URL names of a report's services or tags, in the order written, each once.
pub(super) fn slugs(values: &[Spanned<String>]) -> Vec<String> {
    let mut seen: HashSet<String, ahash::RandomState> = HashSet::default();
    values
        .iter()
        .map(|value| slugify(&value.value))
        .filter(|slug| !slug.is_empty() && seen.insert(slug.clone()))
        .collect()
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
        let mut seen: HashSet<String, ahash::RandomState> = HashSet::default();
        for value in values(incident, kind) {
            let slug = slugify(&value.value);
            if slug.is_empty() || !seen.insert(slug.clone()) {
                continue;
            }
            let name = without_bidi_controls(value.value.trim());
            found
                .entry(slug)
                .or_insert_with(|| (name, Vec::new()))
                .1
                .push(n);
        }
    }
    found
}

/// The [`HOME_CHIPS`] most used of `found` (by count, then by slug), in slug order.
fn most_used(found: &BTreeMap<String, (String, Vec<usize>)>) -> Vec<(&String, &String, usize)> {
    let mut all: Vec<(&String, &String, usize)> = found
        .iter()
        .map(|(slug, (name, members))| (slug, name, members.len()))
        .collect();
    all.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
    all.truncate(HOME_CHIPS);
    all.sort_by(|a, b| a.0.cmp(b.0));
    all
}

impl Renderer<'_> {
    pub(super) fn trigger_label(&self, trigger: Trigger) -> String {
        self.label(&["trigger", trigger.slug()])
    }

    pub(super) fn trigger_chip(&self, trigger: Trigger) -> Chip {
        Chip {
            slug: trigger.slug(),
            label: self.trigger_label(trigger),
        }
    }

    /// The positions in `incidents` (newest first) of the incidents of each trigger, for the
    /// triggers that reports give, in the order of [`Trigger::ALL`].
    fn trigger_members(incidents: &[&Incident]) -> Vec<(Trigger, Vec<usize>)> {
        let mut members: Vec<(Trigger, Vec<usize>)> =
            Trigger::ALL.iter().map(|t| (*t, Vec::new())).collect();
        for (n, incident) in incidents.iter().enumerate() {
            if let Some(trigger) = &incident.trigger {
                let at = Trigger::ALL.iter().position(|t| *t == trigger.value);
                if let Some((_, list)) = at.and_then(|at| members.get_mut(at)) {
                    list.push(n);
                }
            }
        }
        members.retain(|(_, list)| !list.is_empty());
        members
    }

    /// The listings by trigger (`/trigger/<slug>/`), one for each trigger that a report gives.
    pub(super) fn trigger_groups(&self, incidents: &[&Incident]) -> Vec<Listing<'static>> {
        Self::trigger_members(incidents)
            .into_iter()
            .map(|(t, members)| ("trigger", t.slug().into(), self.trigger_label(t), members))
            .collect()
    }

    /// The filter bar's `trigger` chips (`{slug, label, count, path}`), in the order of
    /// [`Trigger::ALL`], for the triggers that reports give: none when no report gives one.
    pub(super) fn trigger_filters(&self, incidents: &[&Incident]) -> Value {
        Self::trigger_members(incidents)
            .into_iter()
            .map(|(t, members)| {
                json!({"slug": t.slug(), "label": self.trigger_label(t), "count": members.len(),
                       "path": format!("trigger/{}/", t.slug())})
            })
            .collect()
    }

    /// The listings of every service and tag, as `(kind, slug, name, members)` like the
    /// severity, type and year ones.
    pub(super) fn taxonomy_groups(&self, incidents: &[&Incident]) -> Vec<Listing<'static>> {
        KINDS
            .iter()
            .flat_map(|&kind| {
                collect(incidents, kind)
                    .into_iter()
                    .map(move |(slug, (name, members))| (kind, slug, name, members))
            })
            .collect()
    }

    /// Adds to `filters` the `service` and `tag` chips (`{slug, label, count, path}`, by slug)
    /// of the [`HOME_CHIPS`] most used, and `index.service` and `index.tag`: how many there
    /// are in all (`count`) and their index page (`path`).
    pub(super) fn taxonomy_filters(&self, incidents: &[&Incident], filters: &mut Value) {
        let mut index = serde_json::Map::new();
        for kind in KINDS {
            let found = collect(incidents, kind);
            let chips: Vec<Value> = most_used(&found)
                .into_iter()
                .map(|(slug, name, count)| {
                    json!({"slug": slug, "label": name, "count": count,
                           "path": format!("{kind}/{slug}/")})
                })
                .collect();
            filters[kind] = Value::from(chips);
            index.insert(
                kind.to_string(),
                json!({"count": found.len(), "path": format!("{kind}/")}),
            );
        }
        filters["index"] = Value::Object(index);
    }

    /// The index pages `service/` and `tag/`: every service (tag) of `groups` (as made by
    /// [`Self::taxonomy_groups`]) with its count, by name; none for a kind no report uses.
    pub(super) fn taxonomy_indexes(
        &self,
        groups: &[Listing],
        pages: &CachedPages,
    ) -> Result<(), RenderFailure> {
        for kind in KINDS {
            let entries: Vec<Value> = groups
                .iter()
                .filter(|group| group.0 == kind)
                .map(|(_, slug, name, members)| {
                    json!({"slug": slug, "label": name, "count": members.len(),
                           "path": format!("{kind}/{slug}/")})
                })
                .collect();
            if !entries.is_empty() {
                pages.put(None, format!("{kind}/index.html"), &|| {
                    self.taxonomy_index(kind, &entries)
                })?;
            }
        }
        Ok(())
    }

    /// The index page `year/`, newest first, when there are more years than the
    /// [`HOME_CHIPS`] that the filter bars show.
    pub(super) fn year_index(
        &self,
        groups: &[Listing],
        pages: &CachedPages,
    ) -> Result<(), RenderFailure> {
        let entries: Vec<Value> = groups
            .iter()
            .rev()
            .filter(|group| group.0 == "year")
            .map(|(_, year, _, members)| {
                json!({"slug": year, "label": year, "count": members.len(),
                       "path": format!("year/{year}/")})
            })
            .collect();
        if entries.len() > HOME_CHIPS {
            pages.put(None, "year/index.html".to_string(), &|| {
                self.taxonomy_index("year", &entries)
            })?;
        }
        Ok(())
    }

    /// The index page of one kind: `entries` are its chips, in slug order.
    fn taxonomy_index(&self, kind: &str, entries: &[Value]) -> Result<OutputFile, RenderError> {
        let path = format!("{kind}/");
        let title = self.label(&["index", kind]);
        let description = self
            .label(&["description", "index"])
            .replace("{name}", &title)
            .replace("{count}", &entries.len().to_string());
        let mut ctx = self.base("index", &path, &title, &description);
        ctx.insert(
            "index",
            &json!({"kind": kind, "count": entries.len(), "entries": entries}),
        );
        self.render("taxonomy.html", &ctx, &path)
    }

    /// The total downtime of the incidents at `members`, formatted (see
    /// [`Renderer::downtime_total`]).
    pub(super) fn downtime_of(&self, incidents: &[&Incident], members: &[usize]) -> String {
        self.downtime_total(members.iter().filter_map(|&n| incidents.get(n).copied()))
    }

    /// The total downtime of `incidents`, formatted; when ongoing incidents give no downtime
    /// yet, the total says it leaves them out: `0 min + 1 en cours` / `0 min + 1 ongoing`.
    pub(super) fn downtime_total<'i>(
        &self,
        incidents: impl Iterator<Item = &'i Incident>,
    ) -> String {
        let mut seconds: u64 = 0;
        let mut ongoing = 0;
        for incident in incidents {
            match &incident.cost.downtime {
                Some(d) => seconds = seconds.saturating_add(d.value.seconds),
                None if matches!(incident.duration.value, IncidentDuration::Ongoing) => {
                    ongoing += 1
                }
                None => {}
            }
        }
        let total = self.fmt.duration(seconds);
        if ongoing == 0 {
            return total;
        }
        let label = |path: &[&str]| self.label(path);
        self.fmt
            .count(ongoing, &Plural::read(&label, &["ongoing_total"]))
            .replace("{total}", &total)
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
