//! Reads one report (template lines, YAML front matter, or both) into an [`Incident`],
//! collecting every problem as a diagnostic.

mod actions;
mod assemble;
mod body;
mod consistency;
mod decode;
mod field_values;
mod fields;
mod front_matter;
mod line_runs;
pub(crate) mod lines;
mod names;
mod section_lines;
mod sections;
mod timeline;

/// The parser's small maps (keyed by field, line or section kind): a faster hash than SipHash.
type HashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
use std::path::Path;

use chrono_tz::Tz;

use crate::diagnostic::{Code, Diagnostic, Location, Severity as DiagSeverity};
use crate::incident::{Incident, Span, Spanned};

pub use decode::{NotUtf8, decode};
pub use field_values::{IMPACT_NO, IMPACT_SEPARATORS, IMPACT_YES, ONGOING};
pub use fields::{CostLine, Field, ReferenceLine};
use front_matter::FrontMatter;
pub use front_matter::FrontMatterKey;
use line_runs::offset_of;
pub use sections::is_timeline_heading;

/// Reports larger than this are refused before they are read.
pub const MAX_REPORT_BYTES: u64 = 5 * 1024 * 1024;

/// The site settings a report's values depend on.
#[derive(Debug, Clone)]
pub struct Context {
    pub timezone: Tz,
    /// For amounts written without a currency.
    pub currency: String,
}

/// The outcome of reading one report.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The incident, when the report has no error.
    pub incident: Option<Incident>,
    pub diagnostics: Vec<Diagnostic>,
    /// The URL name, known even when the report has errors (for duplicate detection).
    pub slug: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub draft: bool,
}

/// A text value and where it was written.
#[derive(Debug, Clone)]
struct Raw {
    text: String,
    span: Span,
}

/// Reads the report `text`. `source` is its path relative to the content folder (its stem is
/// the default slug); `display` is how messages name the file.
pub fn parse_report(text: &str, source: &Path, display: &Path, ctx: &Context) -> Parsed {
    let mut parser = Parser {
        ctx,
        source,
        display,
        diags: Vec::new(),
        english: 0,
    };
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = parser.parse(text, &stem);
    let mut parsed = parsed;
    parsed.diagnostics = parser.diags;
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        parsed.incident = None;
    }
    parsed
}

struct Parser<'a> {
    ctx: &'a Context,
    source: &'a Path,
    display: &'a Path,
    diags: Vec<Diagnostic>,
    /// Positive when the report is written with English labels; messages follow it.
    english: i32,
}

impl Parser<'_> {
    fn english(&self) -> bool {
        self.english > 0
    }

    fn at(&self, span: Span) -> Location {
        Location::new(self.display, span.line, span.column, span.len)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn parse(&mut self, text: &str, stem: &str) -> Parsed {
        // The lines are read as they are needed, never all kept: a report of millions of short
        // lines would take many times its size.
        let text = text.strip_suffix('\n').unwrap_or(text);
        let lines = || text.split('\n');
        if lines().all(|l| l.trim().is_empty()) {
            self.push(
                Diagnostic::new(
                    Code::EmptyReport,
                    Location::file(self.display),
                    "the report is empty",
                )
                .with_help("write the report from the template, or delete the file"),
            );
            return Parsed {
                incident: None,
                diagnostics: Vec::new(),
                slug: self.slug(None, stem),
                aliases: Vec::new(),
                draft: false,
            };
        }

        // Front matter: a `---` first line, closed by `---` or `...`.
        let mut fm = FrontMatter::default();
        let mut body_start = 0;
        if lines().next().is_some_and(|l| l.trim_end() == "---") {
            match lines()
                .skip(1)
                .position(|l| matches!(l.trim_end(), "---" | "..."))
            {
                Some(end) => {
                    // The lines between the two `---`, as one slice of the text.
                    let start = text.find('\n').map_or(text.len(), |i| i + 1);
                    let closing = lines()
                        .nth(end + 1)
                        .map_or(text.len(), |l| offset_of(text, l));
                    let yaml = &text[start..closing.saturating_sub(1).max(start)];
                    fm = self.front_matter(yaml);
                    body_start = end + 2;
                }
                None => {
                    self.push(
                        Diagnostic::new(
                            Code::FrontMatterSyntax,
                            self.at(Span::new(1, 1, 3)),
                            "the front matter is never closed",
                        )
                        .with_help("end the front matter with a line holding only `---`"),
                    );
                    body_start = usize::MAX;
                }
            }
        }

        let body = self.body(text, body_start);
        self.assemble(fm, body, stem)
    }
}

/// Makes every error of a draft a warning (`check` reports a draft's problems as warnings).
pub fn soften_for_draft(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        if d.severity == DiagSeverity::Error {
            d.severity = DiagSeverity::Warning;
            d.message = format!("{} (draft)", d.message);
        }
    }
}
