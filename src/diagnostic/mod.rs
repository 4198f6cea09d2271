//! Problems found in reports and configuration, as values collected across every file.

mod emit;
mod fatal;

use std::path::{Path, PathBuf};

pub use emit::{Format, Sources, render_all, summary_line};
pub use fatal::Fatal;

/// How serious a problem is: errors fail `check` and `build`, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a source file: 1-based line and column (in characters), and how many
/// characters the offending text spans (at least one caret is drawn).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize, len: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
            len,
        }
    }

    /// The whole file, without a line (an unreadable file, a duplicate slug from a file name).
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location::new(file, 0, 0, 0)
    }
}

/// Another place that explains a diagnostic: the other side of a conflict, the other file of a
/// duplicate slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One problem, with everything a reader needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub location: Location,
    /// What was expected, shown under the caret.
    pub label: Option<String>,
    /// A suggestion: `did you mean `Critique`?`.
    pub help: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.default_severity(),
            code,
            message: message.into(),
            location,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn file(&self) -> &Path {
        &self.location.file
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $meaning:literal;)*) => {
        /// Stable diagnostic codes, documented in README.md. Never renumber one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One line saying what the code means.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => $meaning,)*
                }
            }
        }
    };
}

codes! {
    UnreadableFile = "E001", Error, "the report file cannot be read (permissions, symlink loop, vanished)";
    NotUtf8 = "E002", Error, "the report file is not valid UTF-8";
    FileTooLarge = "E003", Error, "the report file is larger than 5 MiB";
    FrontMatterSyntax = "E004", Error, "the YAML front matter cannot be read (syntax, alias bomb, nesting)";
    WrongType = "E005", Error, "a front matter key holds the wrong kind of value";
    MissingHeading = "E010", Error, "no start date: neither a `## Incident <date>` heading nor `date:` in front matter";
    SecondIncident = "E011", Error, "a second `## Incident` heading: one file holds one incident";
    MissingField = "E012", Error, "a required field (type, severity, duration, user impact) is missing";
    DuplicateField = "E013", Error, "the same field is given twice";
    InvalidDate = "E014", Error, "a date is not in a recognised form";
    NonexistentTime = "E015", Error, "a local time that does not exist (daylight saving gap)";
    InvalidType = "E016", Error, "an incident type outside Downtime, Erreur, Sécurité, Performance, Coût";
    InvalidSeverity = "E017", Error, "a severity outside Critique, Haute, Moyenne, Basse";
    InvalidDuration = "E018", Error, "a duration is not in a recognised form";
    InvalidImpact = "E019", Error, "the user impact does not start with Oui/Yes or Non/No";
    InvalidMoney = "E020", Error, "an amount of money is not in a recognised form";
    Placeholder = "E021", Error, "a template placeholder was not filled in";
    Conflict = "E022", Error, "front matter and a template line give different values";
    MissingSection = "E023", Error, "a required section is missing";
    EmptySection = "E024", Error, "a required section is empty";
    DuplicateSection = "E025", Error, "the same section appears twice";
    EmptySlug = "E026", Error, "the slug is empty once accents and punctuation are removed";
    DuplicateSlug = "E027", Error, "two reports have the same slug (URL name)";
    TimelineOrder = "E028", Error, "the timeline is out of order (start ≤ detected ≤ mitigated ≤ resolved)";
    InvalidValue = "E029", Error, "a value is not allowed here (empty title, slug, list item)";
    InvalidConfig = "E030", Error, "incidex.yaml is invalid (syntax, unknown key, wrong type or value)";
    ContentMissing = "E031", Error, "the content folder does not exist";
    EmptyReport = "E032", Error, "the report file is empty";
    NameTooLong = "E034", Error, "a slug, alias, service or tag makes a folder name over 255 bytes";
    UnknownRelated = "E035", Error, "a related incident names no report (neither a slug nor a report's file name)";
    InvalidTrigger = "E036", Error, "a trigger outside Déploiement, Configuration, Capacité, Dépendance, Matériel, Sécurité, Inconnu";
    UnknownLabel = "W001", Warning, "an unknown `**Label :**` line (kept and shown in the metadata card)";
    UnknownKey = "W002", Warning, "an unknown front matter key (ignored)";
    UnknownSection = "W003", Warning, "an unknown section (rendered after the known ones)";
    MissingOptionalSection = "W004", Warning, "the Coût Impact or Références section is missing";
    AmbiguousTime = "W005", Warning, "an ambiguous local time (daylight saving overlap): the earlier instant is used";
    NoValuePlaceholder = "W006", Warning, "`[Si applicable]` left in a money line: read as no value";
    UnknownCostLine = "W007", Warning, "an unknown line in Coût Impact or Références (kept)";
    DurationMismatch = "W008", Warning, "the Durée differs from resolved − start by more than 5 minutes";
    DowntimeNotGiven = "W009", Warning, "a Downtime incident gives no downtime (Temps d'indisponibilité)";
    ImpactContradictsDowntime = "W010", Warning, "user impact `Non` with a non-zero downtime";
    ImpossibleDueDate = "W011", Warning, "an action item's due date does not exist (no 30 February)";
    LinkLeadsOut = "E033", Error, "a symbolic link in the content folder leads outside the site root";
    NotPublished = "W012", Warning, "a file of the content folder is not published: its type may run script or is unknown";
    SelfRelated = "W013", Warning, "a report names itself as a related incident (ignored)";
    TemplateDescription = "W014", Warning, "the template's word `Description` left in the user impact (read as no description)";
    UnnamedService = "W015", Warning, "a service described under `services:` in incidex.yaml that no published report names";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The candidate closest to `input` (case- and accent-insensitive), if it is close enough to be a
/// plausible typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = crate::text::fold(input);
    if wanted.is_empty() {
        return None;
    }
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        let folded = crate::text::fold(candidate);
        let score = strsim::normalized_damerau_levenshtein(&wanted, &folded);
        let prefix = folded.starts_with(&wanted) && wanted.chars().count() >= 3;
        let score = if prefix { score.max(0.8) } else { score };
        if score >= 0.6 && best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.map(|(c, _)| c)
}
