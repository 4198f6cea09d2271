//! The views of the site's pages, as the templates and the native writers get them: an
//! incident page's (`incident`), a list row, the page every template shares (`page`), chips,
//! and an item of `incidents.json`.

use serde::Serialize;

use super::renderer::Renderer;
use crate::incident::{Incident, Kind, Severity};

/// A labelled value of an incident page (a cost line, a field incidex does not know).
#[derive(Default, Serialize)]
pub(super) struct LabelValue<'a> {
    pub(super) label: std::borrow::Cow<'a, str>,
    pub(super) value: std::borrow::Cow<'a, str>,
}

/// A page's `root` and the owned parts of its `page`.
pub(super) struct PageValues<'p> {
    pub(super) root: String,
    pub(super) canonical: String,
    pub(super) kind: &'p str,
    pub(super) title: &'p str,
    pub(super) description: &'p str,
    pub(super) path: &'p str,
}

impl PageValues<'_> {
    pub(super) fn view(&self) -> PageView<'_> {
        PageView {
            kind: self.kind,
            title: self.title,
            description: self.description,
            canonical: &self.canonical,
            path: self.path,
        }
    }
}

/// What every template gets as `page`.
#[derive(Default, Serialize)]
pub(super) struct PageView<'a> {
    pub(super) kind: &'a str,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) canonical: &'a str,
    pub(super) path: &'a str,
}

/// Another incident as an incident page links to it: the previous or next one, a related or
/// a similar one.
#[derive(Default, Serialize)]
pub(super) struct Neighbour {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) date: String,
}

/// A step of an incident page's timeline.
#[derive(Default, Serialize)]
pub(super) struct TimelineStep {
    pub(super) label: String,
    pub(super) date: String,
    pub(super) date_iso: String,
}

/// A group of an incident page's references (logs, dashboard, tickets, others).
#[derive(Default, Serialize)]
pub(super) struct ReferenceGroup {
    pub(super) label: String,
    pub(super) items: Vec<ReferenceItem>,
}

/// A reference: its plain text; a link when it is an address alone, a safe URL or a published
/// file (else `href` is empty); and its Markdown as inline HTML, every link in it made as in
/// the report's text (relative ones to the published copy, unsafe ones refused).
#[derive(Default, Serialize)]
pub(super) struct ReferenceItem {
    pub(super) text: String,
    pub(super) href: String,
    pub(super) html: String,
}

/// What `incident.html` gets as `incident` (the template contract is in the theme's README).
#[derive(Default, Serialize)]
pub(super) struct IncidentView<'i> {
    pub(super) title: String,
    pub(super) slug: &'i str,
    pub(super) date: String,
    pub(super) date_iso: String,
    pub(super) severity: Chip,
    #[serde(rename = "type")]
    pub(super) kind: Chip,
    pub(super) duration: String,
    pub(super) ongoing: bool,
    pub(super) impact: Impact<'i>,
    pub(super) cost_lines: Vec<LabelValue<'i>>,
    pub(super) services: Vec<&'i str>,
    /// What set the incident off, when the report says: its slug (its listing's URL name)
    /// and label.
    pub(super) trigger: Option<Chip>,
    pub(super) factors: Vec<&'i str>,
    pub(super) tags: Vec<&'i str>,
    pub(super) extra_fields: Vec<LabelValue<'i>>,
    pub(super) timeline: Vec<TimelineStep>,
    pub(super) draft: bool,
    pub(super) summary_html: String,
    pub(super) sections: Vec<SectionView>,
    pub(super) references: Vec<ReferenceGroup>,
    /// The page's parts a long report lists at its top (empty for a short one).
    pub(super) contents: Vec<ContentsEntry>,
    pub(super) source: String,
    /// The incidents its report names and those whose reports name it, newest first.
    pub(super) related: Vec<Neighbour>,
    /// The most similar other incidents, most similar first.
    pub(super) similar: Vec<Neighbour>,
}

/// A section of an incident page: `key` names its kind (`other` for one incidex does not
/// know), `id` is its heading's, which its anchor and the contents link to.
#[derive(Default, Serialize)]
pub(super) struct SectionView {
    pub(super) key: &'static str,
    pub(super) id: String,
    pub(super) title: String,
    pub(super) html: String,
}

/// A line of a long incident page's contents: a part's heading and its id.
#[derive(Default, Serialize)]
pub(super) struct ContentsEntry {
    pub(super) id: String,
    pub(super) title: String,
}

/// A row of the incident lists (the template contract is in the theme's README).
#[derive(Default, Serialize)]
pub(super) struct Row<'i> {
    pub(super) slug: &'i str,
    pub(super) path: String,
    pub(super) title: String,
    pub(super) date: String,
    pub(super) date_iso: String,
    pub(super) year: String,
    pub(super) severity: Chip,
    #[serde(rename = "type")]
    pub(super) kind: Chip,
    pub(super) duration: String,
    pub(super) ongoing: bool,
    pub(super) impact: Impact<'i>,
    pub(super) cost: String,
    pub(super) draft: bool,
    pub(super) search: String,
    /// Slugs of the services and tags (see [`super::taxonomy`]).
    pub(super) services: Vec<String>,
    pub(super) tags: Vec<String>,
    /// The trigger's slug, empty when the report gives none (the home page's filter).
    pub(super) trigger: &'static str,
}

#[derive(Default, Serialize)]
pub(super) struct Chip {
    pub(super) slug: &'static str,
    pub(super) label: String,
}

#[derive(Default, Serialize)]
pub(super) struct Impact<'i> {
    pub(super) affected: bool,
    pub(super) label: String,
    pub(super) description: &'i str,
}

/// The parts of rows that many rows have alike, made once and shared by reference: each
/// severity's and type's chip, and the impact without a description.
pub(super) struct SharedRowValues {
    severities: Vec<tera::Value>,
    kinds: Vec<tera::Value>,
    /// Not affected, then affected.
    impacts: [tera::Value; 2],
}

impl SharedRowValues {
    pub(super) fn new(renderer: &Renderer) -> SharedRowValues {
        let chip = |slug: &'static str, label: String| {
            tera::Value::from_serializable(&Chip { slug, label })
        };
        let impact = |affected: bool| {
            tera::Value::from_serializable(&Impact {
                affected,
                label: renderer.label(&["impact", if affected { "yes" } else { "no" }]),
                description: "",
            })
        };
        SharedRowValues {
            severities: Severity::ALL
                .iter()
                .map(|s| chip(s.slug(), renderer.severity_label(*s)))
                .collect(),
            kinds: Kind::ALL
                .iter()
                .map(|k| chip(k.slug(), renderer.kind_label(*k)))
                .collect(),
            impacts: [impact(false), impact(true)],
        }
    }

    /// The chip of `severity`.
    fn severity(&self, severity: Severity) -> tera::Value {
        let at = Severity::ALL.iter().position(|s| *s == severity);
        self.severities[at.unwrap_or_default()].clone()
    }

    /// The chip of `kind`.
    fn kind(&self, kind: Kind) -> tera::Value {
        let at = Kind::ALL.iter().position(|k| *k == kind);
        self.kinds[at.unwrap_or_default()].clone()
    }
}

impl Row<'_> {
    /// The row as the templates get it: the same fields as its serialization, with the parts
    /// many rows have alike shared (a large archive holds every row while its listings render).
    pub(super) fn value(&self, shared: &SharedRowValues, incident: &Incident) -> tera::Value {
        let mut map = tera::Map::default();
        map.reserve(17);
        let mut put = |key: &'static str, value: tera::Value| {
            map.insert(tera::value::Key::Str(key), value);
        };
        let slugs = |slugs: &[String]| {
            tera::Value::from(
                slugs
                    .iter()
                    .map(|s| tera::Value::from(s.as_str()))
                    .collect::<Vec<_>>(),
            )
        };
        put("slug", self.slug.into());
        put("path", self.path.as_str().into());
        put("title", self.title.as_str().into());
        put("date", self.date.as_str().into());
        put("date_iso", self.date_iso.as_str().into());
        put("year", self.year.as_str().into());
        put("severity", shared.severity(incident.severity.value));
        put("type", shared.kind(incident.kind.value));
        put("duration", self.duration.as_str().into());
        put("ongoing", self.ongoing.into());
        put(
            "impact",
            if self.impact.description.is_empty() {
                shared.impacts[usize::from(self.impact.affected)].clone()
            } else {
                tera::Value::from_serializable(&self.impact)
            },
        );
        put("cost", self.cost.as_str().into());
        put("draft", self.draft.into());
        put("search", self.search.as_str().into());
        put("services", slugs(&self.services));
        put("tags", slugs(&self.tags));
        put("trigger", self.trigger.into());
        tera::Value::from(map)
    }
}

/// An item of `/incidents.json`. The fields are in alphabetical order, the order of the file
/// since its first version (readers may compare files byte for byte).
#[derive(Serialize)]
pub(super) struct JsonItem<'i> {
    pub(super) aliases: Vec<&'i str>,
    pub(super) cost: JsonCost<'i>,
    pub(super) detected: Option<String>,
    pub(super) draft: bool,
    pub(super) duration_seconds: Option<u64>,
    /// Written only when the report gives some (as `trigger`): the items of other reports
    /// stay as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) factors: Vec<&'i str>,
    pub(super) mitigated: Option<String>,
    pub(super) ongoing: bool,
    pub(super) path: String,
    pub(super) references: JsonReferences<'i>,
    pub(super) resolved: Option<String>,
    pub(super) services: Vec<&'i str>,
    pub(super) severity: &'static str,
    pub(super) slug: &'i str,
    pub(super) source: String,
    pub(super) start: String,
    pub(super) summary: String,
    pub(super) tags: Vec<&'i str>,
    pub(super) title: String,
    /// Written only when true: the items of titled reports stay as they were.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(super) title_derived: bool,
    /// The trigger's slug; written only when the report gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) trigger: Option<&'static str>,
    #[serde(rename = "type")]
    pub(super) kind: &'static str,
    pub(super) url: Option<String>,
    pub(super) user_impact: JsonImpact<'i>,
}

#[derive(Serialize)]
pub(super) struct JsonCost<'i> {
    pub(super) downtime_seconds: Option<u64>,
    pub(super) lost: Option<JsonMoney<'i>>,
    pub(super) resolution: Option<JsonMoney<'i>>,
}

#[derive(Serialize)]
pub(super) struct JsonMoney<'i> {
    pub(super) amount: String,
    pub(super) approximate: bool,
    pub(super) currency: &'i str,
    pub(super) note: Option<&'i str>,
}

#[derive(Serialize)]
pub(super) struct JsonReferences<'i> {
    pub(super) dashboard: Option<&'i str>,
    pub(super) logs: Option<&'i str>,
    pub(super) tickets: Vec<&'i str>,
}

#[derive(Serialize)]
pub(super) struct JsonImpact<'i> {
    pub(super) affected: bool,
    pub(super) description: Option<&'i str>,
}
