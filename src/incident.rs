//! The typed model of one incident report, every field with the place it came from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::sync::LazyLock;

use rust_decimal::Decimal;

use crate::values::{Duration, Money, Timestamp};

/// Spellings folded once for matching (see [`crate::text::fold`]).
fn folded_names<T>(names: impl Iterator<Item = (&'static str, T)>) -> Vec<(String, T)> {
    names.map(|(n, t)| (crate::text::fold(n), t)).collect()
}

/// Where a value was written in its report: 1-based line and character column, and its length
/// in characters. The file is the incident's `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl Span {
    pub fn new(line: usize, column: usize, len: usize) -> Self {
        Span { line, column, len }
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The kind of incident (the template's `Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Downtime,
    Error,
    Security,
    Performance,
    Cost,
}

impl Kind {
    /// The spellings read as this value (compared after folding): the slug, the French and the
    /// English.
    pub fn read_as(self) -> [&'static str; 3] {
        [self.slug(), self.french(), self.english()]
    }

    pub const ALL: [Kind; 5] = [
        Kind::Downtime,
        Kind::Error,
        Kind::Security,
        Kind::Performance,
        Kind::Cost,
    ];

    /// The stable English URL slug.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Downtime => "downtime",
            Kind::Error => "error",
            Kind::Security => "security",
            Kind::Performance => "performance",
            Kind::Cost => "cost",
        }
    }

    /// The template's French spelling.
    pub fn french(self) -> &'static str {
        match self {
            Kind::Downtime => "Downtime",
            Kind::Error => "Erreur",
            Kind::Security => "Sécurité",
            Kind::Performance => "Performance",
            Kind::Cost => "Coût",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Kind::Downtime => "Downtime",
            Kind::Error => "Error",
            Kind::Security => "Security",
            Kind::Performance => "Performance",
            Kind::Cost => "Cost",
        }
    }

    /// Reads a type in French or English, any case, accents optional.
    pub fn parse(text: &str) -> Option<Kind> {
        static NAMES: LazyLock<Vec<(String, Kind)>> = LazyLock::new(|| {
            folded_names(Kind::ALL.iter().flat_map(|&k| k.read_as().map(|n| (n, k))))
        });
        let folded = crate::text::fold(text);
        NAMES.iter().find(|(n, _)| *n == folded).map(|(_, k)| *k)
    }

    /// Every accepted spelling, for suggestions.
    pub fn spellings() -> impl Iterator<Item = &'static str> {
        Kind::ALL
            .into_iter()
            .flat_map(|k| [k.french(), k.english()])
    }
}

/// How serious an incident was, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    /// The spellings read as this severity (compared after folding): the French and the English.
    pub fn read_as(self) -> [&'static str; 2] {
        [self.french(), self.english()]
    }

    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    pub fn french(self) -> &'static str {
        match self {
            Severity::Critical => "Critique",
            Severity::High => "Haute",
            Severity::Medium => "Moyenne",
            Severity::Low => "Basse",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        static NAMES: LazyLock<Vec<(String, Severity)>> = LazyLock::new(|| {
            folded_names(
                Severity::ALL
                    .iter()
                    .flat_map(|&s| s.read_as().map(|n| (n, s))),
            )
        });
        let folded = crate::text::fold(text);
        NAMES.iter().find(|(n, _)| *n == folded).map(|(_, s)| *s)
    }

    pub fn spellings() -> impl Iterator<Item = &'static str> {
        Severity::ALL
            .into_iter()
            .flat_map(|s| [s.french(), s.english()])
    }
}

/// What set the incident off (the template's optional `Déclencheur` / `Trigger`), for the
/// statistics of causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trigger {
    Deploy,
    Config,
    Capacity,
    Dependency,
    Hardware,
    Security,
    Unknown,
}

impl Trigger {
    /// The spellings read as this value (compared after folding): the slug, the French and the
    /// English.
    pub fn read_as(self) -> [&'static str; 3] {
        [self.slug(), self.french(), self.english()]
    }

    /// Every trigger, in the order pages and stats.json list them.
    pub const ALL: [Trigger; 7] = [
        Trigger::Deploy,
        Trigger::Config,
        Trigger::Capacity,
        Trigger::Dependency,
        Trigger::Hardware,
        Trigger::Security,
        Trigger::Unknown,
    ];

    /// The stable English URL slug (`/trigger/<slug>/`).
    pub fn slug(self) -> &'static str {
        match self {
            Trigger::Deploy => "deploy",
            Trigger::Config => "config",
            Trigger::Capacity => "capacity",
            Trigger::Dependency => "dependency",
            Trigger::Hardware => "hardware",
            Trigger::Security => "security",
            Trigger::Unknown => "unknown",
        }
    }

    /// The French word a report writes.
    pub fn french(self) -> &'static str {
        match self {
            Trigger::Deploy => "Déploiement",
            Trigger::Config => "Configuration",
            Trigger::Capacity => "Capacité",
            Trigger::Dependency => "Dépendance",
            Trigger::Hardware => "Matériel",
            Trigger::Security => "Sécurité",
            Trigger::Unknown => "Inconnu",
        }
    }

    /// The English word a report writes (the slug, except `Configuration`, which is also
    /// the French word; `config` is read too).
    pub fn english(self) -> &'static str {
        match self {
            Trigger::Deploy => "Deploy",
            Trigger::Config => "Configuration",
            Trigger::Capacity => "Capacity",
            Trigger::Dependency => "Dependency",
            Trigger::Hardware => "Hardware",
            Trigger::Security => "Security",
            Trigger::Unknown => "Unknown",
        }
    }

    /// Reads a trigger in French or English (or its slug), any case, accents optional.
    pub fn parse(text: &str) -> Option<Trigger> {
        static NAMES: LazyLock<Vec<(String, Trigger)>> = LazyLock::new(|| {
            folded_names(
                Trigger::ALL
                    .iter()
                    .flat_map(|&t| t.read_as().map(|n| (n, t))),
            )
        });
        let folded = crate::text::fold(text);
        NAMES.iter().find(|(n, _)| *n == folded).map(|(_, t)| *t)
    }

    /// Every accepted spelling, for suggestions.
    pub fn spellings() -> impl Iterator<Item = &'static str> {
        Trigger::ALL
            .into_iter()
            .flat_map(|t| [t.french(), t.english(), t.slug()])
    }
}

/// How long the incident lasted, or that it is still going on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IncidentDuration {
    Known(Duration),
    Ongoing,
}

/// Whether users were affected, and how.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserImpact {
    pub affected: bool,
    pub description: Option<String>,
}

/// The report's sections, in the order they are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    Cause,
    Symptoms,
    ImmediateActions,
    Resolution,
    Prevention,
    CostImpact,
    References,
}

impl SectionKind {
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Cause,
        SectionKind::Symptoms,
        SectionKind::ImmediateActions,
        SectionKind::Resolution,
        SectionKind::Prevention,
        SectionKind::CostImpact,
        SectionKind::References,
    ];

    pub fn french(self) -> &'static str {
        match self {
            SectionKind::Cause => "Cause",
            SectionKind::Symptoms => "Symptômes",
            SectionKind::ImmediateActions => "Actions Immédiates",
            SectionKind::Resolution => "Résolution",
            SectionKind::Prevention => "Prévention",
            SectionKind::CostImpact => "Coût Impact",
            SectionKind::References => "Références",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            SectionKind::Cause => "Root cause",
            SectionKind::Symptoms => "Symptoms",
            SectionKind::ImmediateActions => "Immediate actions",
            SectionKind::Resolution => "Resolution",
            SectionKind::Prevention => "Prevention",
            SectionKind::CostImpact => "Cost impact",
            SectionKind::References => "References",
        }
    }

    /// A stable identifier for templates and JSON.
    pub fn key(self) -> &'static str {
        match self {
            SectionKind::Cause => "cause",
            SectionKind::Symptoms => "symptoms",
            SectionKind::ImmediateActions => "immediate_actions",
            SectionKind::Resolution => "resolution",
            SectionKind::Prevention => "prevention",
            SectionKind::CostImpact => "cost_impact",
            SectionKind::References => "references",
        }
    }

    pub fn required(self) -> bool {
        !matches!(self, SectionKind::CostImpact | SectionKind::References)
    }

    /// Every accepted heading: the French one first, the English one second.
    fn names(self) -> &'static [&'static str] {
        match self {
            SectionKind::Cause => &["Cause", "Root cause", "Cause racine", "Causes"],
            SectionKind::Symptoms => &["Symptômes", "Symptoms", "Symptôme", "Symptom"],
            SectionKind::ImmediateActions => &[
                "Actions Immédiates",
                "Immediate actions",
                "Action immédiate",
                "Immediate action",
            ],
            SectionKind::Resolution => &["Résolution", "Resolution"],
            SectionKind::Prevention => &["Prévention", "Prevention"],
            SectionKind::CostImpact => &["Coût Impact", "Cost impact", "Impact coût", "Coûts"],
            SectionKind::References => &["Références", "References", "Référence", "Reference"],
        }
    }

    /// Reads a `###` heading, any case, accents optional, French or English.
    pub fn parse(heading: &str) -> Option<SectionKind> {
        SectionKind::parse_with_language(heading).map(|(kind, _)| kind)
    }

    /// Like [`SectionKind::parse`], also telling whether the heading is in English only
    /// (`Some(true)`), French only (`Some(false)`) or both (`Cause`).
    pub fn parse_with_language(heading: &str) -> Option<(SectionKind, Option<bool>)> {
        static NAMES: LazyLock<Vec<(String, SectionKind)>> = LazyLock::new(|| {
            folded_names(
                SectionKind::ALL
                    .iter()
                    .flat_map(|&k| k.names().iter().map(move |n| (*n, k))),
            )
        });
        /// Each kind's French and English names, folded once.
        static LANGUAGES: LazyLock<Vec<(SectionKind, String, String)>> = LazyLock::new(|| {
            SectionKind::ALL
                .iter()
                .map(|&k| {
                    let names = k.names();
                    (k, crate::text::fold(names[0]), crate::text::fold(names[1]))
                })
                .collect()
        });
        let folded = crate::text::fold(heading);
        let (_, kind) = NAMES.iter().find(|(n, _)| *n == folded)?;
        let (_, french, english) = LANGUAGES.iter().find(|(k, _, _)| k == kind)?;
        let language = match (folded == *english, folded == *french) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
        Some((*kind, language))
    }

    pub fn spellings() -> impl Iterator<Item = &'static str> {
        SectionKind::ALL
            .into_iter()
            .flat_map(|k| [k.french(), k.english()])
    }
}

/// One `###` section of a report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Section {
    /// `None` for a section incidex does not know (rendered after the known ones).
    pub kind: Option<SectionKind>,
    /// The heading as written.
    pub heading: String,
    /// The body's Markdown, without the heading line.
    pub markdown: String,
    /// Where the heading is.
    pub span: Span,
    /// Line where the body starts, so rendered Markdown can be traced back.
    pub body_line: usize,
}

/// The Coût Impact section's figures.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Cost {
    pub downtime: Option<Spanned<Duration>>,
    pub lost: Option<Spanned<Money>>,
    pub resolution: Option<Spanned<Money>>,
}

/// The Références section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct References {
    pub logs: Option<Spanned<String>>,
    pub dashboard: Option<Spanned<String>>,
    pub tickets: Vec<Spanned<String>>,
    /// Lines with a label incidex does not know: (label, value).
    pub other: Vec<Spanned<(String, String)>>,
}

impl References {
    /// Whether there is nothing to list (no logs, dashboard, ticket or other line).
    pub fn is_empty(&self) -> bool {
        self.logs.is_none()
            && self.dashboard.is_none()
            && self.tickets.is_empty()
            && self.other.is_empty()
    }
}

/// A `**Label :** value` line incidex does not know, kept for the metadata card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExtraField {
    pub label: String,
    pub value: String,
    pub span: Span,
}

/// A task-list item (`- [ ] …`, `- [x] …`) of the Prévention section: something the team
/// committed to do so that the incident does not happen again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActionItem {
    /// The item's Markdown after the box, as written (owner and due date included).
    pub text: String,
    /// Ticked (`[x]`).
    pub done: bool,
    /// The first `@name` of the text, without the `@`.
    pub owner: Option<String>,
    /// The first `YYYY-MM-DD` of the text that is a real date.
    pub due: Option<chrono::NaiveDate>,
    /// Where the text starts.
    pub span: Span,
}

/// One validated incident report.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Incident {
    /// URL name (spec §1).
    pub slug: Spanned<String>,
    pub aliases: Vec<Spanned<String>>,
    /// Path of the report, relative to the content folder, with `/` separators.
    pub source: PathBuf,
    /// The title as written, if any (see [`Incident::display_title`]).
    pub title: Option<Spanned<String>>,
    pub start: Spanned<Timestamp>,
    pub kind: Spanned<Kind>,
    pub severity: Spanned<Severity>,
    pub duration: Spanned<IncidentDuration>,
    pub user_impact: Spanned<UserImpact>,
    pub detected: Option<Spanned<Timestamp>>,
    pub mitigated: Option<Spanned<Timestamp>>,
    pub resolved: Option<Spanned<Timestamp>>,
    /// Markdown between the field lines and the first section.
    pub summary: String,
    /// Known sections in template order, then unknown ones in file order.
    pub sections: Vec<Section>,
    pub cost: Cost,
    pub references: References,
    pub services: Vec<Spanned<String>>,
    /// What set the incident off, when the report says (`trigger:`, `**Déclencheur :**`).
    pub trigger: Option<Spanned<Trigger>>,
    /// What made it worse or possible, as the team words it (`factors:`, `**Facteurs :**`):
    /// a free list, each once.
    pub factors: Vec<Spanned<String>>,
    pub tags: Vec<Spanned<String>>,
    /// The incidents this one names as related, as written (a slug or a report's file name),
    /// each once; `check` makes each the slug it names.
    pub related: Vec<Spanned<String>>,
    pub draft: bool,
    pub extra_fields: Vec<ExtraField>,
    /// The Prévention section's task-list items, in file order.
    pub actions: Vec<ActionItem>,
}

impl Incident {
    /// Oldest first by start, then by slug, so that order never depends on file order.
    pub fn chronological(a: &Incident, b: &Incident) -> std::cmp::Ordering {
        a.start
            .value
            .instant
            .cmp(&b.start.value.instant)
            .then_with(|| a.slug.value.cmp(&b.slug.value))
    }

    /// The section of a kind, if present.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == Some(kind))
    }
}

/// Lost + resolution costs of `incidents` per currency: the total, and whether an approximate
/// amount is in it.
pub fn cost_totals<'a>(
    incidents: impl IntoIterator<Item = &'a Incident>,
) -> BTreeMap<String, (Decimal, bool)> {
    let mut totals: BTreeMap<String, (Decimal, bool)> = BTreeMap::new();
    for money in incidents
        .into_iter()
        .flat_map(|i| [&i.cost.lost, &i.cost.resolution])
        .flatten()
    {
        // Found before it is inserted: most amounts add to a currency already there.
        let entry = match totals.get_mut(&money.value.currency) {
            Some(entry) => entry,
            None => totals
                .entry(money.value.currency.clone())
                .or_insert((Decimal::ZERO, false)),
        };
        entry.0 += money.value.amount;
        entry.1 |= money.value.approximate;
    }
    totals
}
