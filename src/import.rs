//! `incidex import`: splits the team's incident log (one document holding the template, examples
//! and a statistics block) into one report file per incident in the content folder (spec §10).
//!
//! - A block starts at a `## Incident <date>` heading, in the text or inside a code fence whose
//!   info string is `markdown`, `md` or empty (other fences are code and are left alone). It
//!   ends at the next heading of level 1 or 2, the end of its fence, a `---` rule, or the end
//!   of the document; headings inside the block's own code blocks do not end it.
//! - Its title is the heading's own, or else the text after the colon of the nearest heading
//!   above the block (`### Exemple 1 : Instance Crash` → `Instance Crash`); a heading gives its
//!   title to the first block after it only, and a heading without a colon gives none.
//! - A block whose date is still the placeholder `[YYYY-MM-DD HH:MM]` is the template: it is
//!   skipped, and said so. Any other block with an error (a placeholder left in a real incident
//!   included) is reported at its lines in the document and not imported.
//! - The file written is the block as the author wrote it (the fence's indentation removed),
//!   with the title added to its heading when the title came from the heading above, named
//!   `<YYYY-MM-DD>-<HHMM>-<slug of the title>.md` (`<YYYY-MM-DD>-<slug>.md` for a date without
//!   a time; the type's slug when there is no title). Lines keep their numbers, so what
//!   `check` says of the file points at the same line of the block.
//! - Nothing is ever overwritten: a report of that name anywhere below the content folder with
//!   the same text (line endings and trailing blank lines aside) is "already imported"; one
//!   with another text, or another report with the same URL name, is a conflict and the block
//!   is not imported. A second run therefore writes nothing. A valid report of another name
//!   telling the same incident (same start and type, same title when both have one) means the
//!   incident is already in the archive: it is not imported a second time.
//! - The document's own statistics lines (`Total incidents`, `Temps d'indisponibilité total`,
//!   `Coût total incidents`, or their English spellings) are compared with the incidents the
//!   document put in the archive (imported by this run or an earlier one).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::check::{Drafts, check_site, display_path};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location, Sources};
use crate::discover::discover;
use crate::error::{ArchiveError, Fatal};
use crate::incident::Incident;
use crate::parse::lines::{fence, field_line, heading, incident_heading, is_placeholder};
use crate::parse::{Context, decode, parse_report};
use crate::scaffold::write_new;
use crate::text::plural;
use crate::text::{char_len, column_of, fold, slugify};
use crate::values::{Duration, Money, parse_duration, parse_money};

/// A line of a block: its number in the document, its text without the fence's indentation,
/// and how many characters of indentation were removed.
#[derive(Debug, Clone)]
struct BlockLine {
    no: usize,
    text: String,
    indent: usize,
}

/// A title found in the text after a heading's colon, and where it is in the document.
#[derive(Debug, Clone)]
struct HeadingTitle {
    text: String,
    line: usize,
    column: usize,
}

/// One `## Incident <date>` block of the document.
#[derive(Debug, Clone)]
struct Block {
    /// The heading first, trailing blank lines removed.
    lines: Vec<BlockLine>,
    /// The title of the nearest heading above, when it has one after a colon.
    title_above: Option<HeadingTitle>,
}

impl Block {
    /// The line of its heading in the document.
    fn line(&self) -> usize {
        self.lines[0].no
    }
}

/// A code fence: one of the document's (which may hold incident blocks), or one inside a block.
struct CodeFence {
    marker: char,
    len: usize,
    indent: usize,
    /// Its info string says Markdown (or nothing): incident blocks inside it are read.
    markdown: bool,
}

impl CodeFence {
    fn opens(line: &str) -> Option<CodeFence> {
        let (marker, len) = fence(line)?;
        let trimmed = line.trim_start_matches(' ');
        let info = trimmed[len * marker.len_utf8()..].trim();
        if marker == '`' && info.contains('`') {
            return None;
        }
        let language = info.split_whitespace().next().unwrap_or("");
        Some(CodeFence {
            marker,
            len,
            indent: line.len() - trimmed.len(),
            markdown: matches!(fold(language).as_str(), "" | "markdown" | "md"),
        })
    }

    fn closes(&self, line: &str) -> bool {
        match fence(line) {
            Some((marker, len)) => {
                marker == self.marker
                    && len >= self.len
                    && line.trim()[len * marker.len_utf8()..].trim().is_empty()
            }
            None => false,
        }
    }
}

/// What the document holds: its incident blocks, and the lines outside blocks and code
/// (where the statistics block is).
#[derive(Debug, Default)]
struct Scan {
    blocks: Vec<Block>,
    prose: Vec<(usize, String)>,
}

/// Up to `indent` leading spaces removed, and how many were.
fn dedent(line: &str, indent: usize) -> (&str, usize) {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let cut = spaces.min(indent);
    (&line[cut..], cut)
}

/// A `---` rule (three or more `-`, spaces allowed between them).
fn is_rule(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    line.len() - trimmed.len() <= 3
        && trimmed.chars().all(|c| matches!(c, '-' | ' ' | '\t'))
        && trimmed.chars().filter(|&c| c == '-').count() >= 3
}

/// `## Incident <date>` at level 2.
fn is_incident_heading(line: &str) -> bool {
    matches!(heading(line), Some((2, text)) if incident_heading(text).is_some())
}

/// The text after a heading's colon, if any.
fn title_after_colon(line: &str, text: &str, no: usize) -> Option<HeadingTitle> {
    let colon = text.find(':')?;
    let title = text[colon + 1..].trim();
    if title.is_empty() {
        return None;
    }
    let start = line.find(title).unwrap_or(0);
    Some(HeadingTitle {
        text: title.to_string(),
        line: no,
        column: column_of(line, start),
    })
}

/// Whether the fence `code`, opened just before `rest`, holds an incident heading.
fn fence_holds_incident(rest: &[&str], code: &CodeFence) -> bool {
    rest.iter()
        .take_while(|line| !code.closes(line))
        .any(|line| is_incident_heading(dedent(line, code.indent).0))
}

/// A block being read.
struct OpenBlock {
    block: Block,
    /// Inside a fence of the document (the block ends with it).
    fenced: bool,
    /// The block's own code block being read, where headings and rules do not end it.
    code: Option<CodeFence>,
}

impl OpenBlock {
    /// Adds line `no` of the document to the block, unless it ends the block (then false).
    /// `rest` is the lines after it; `outer` the document's fence the block is in, if any.
    fn take(&mut self, no: usize, line: &str, rest: &[&str], outer: Option<&CodeFence>) -> bool {
        if self.fenced && outer.is_some_and(|f| f.closes(line)) {
            return false;
        }
        let indent = if self.fenced {
            outer.map_or(0, |f| f.indent)
        } else {
            0
        };
        let (text, removed) = dedent(line, indent);
        let (in_code, fence_ends_block) = match &self.code {
            Some(code) => {
                if code.closes(text) {
                    self.code = None;
                }
                (true, false)
            }
            None => match CodeFence::opens(text) {
                // A Markdown fence holding an incident, met in a block of the text:
                // the block ends, and the fence is read as the document's own.
                Some(code)
                    if !self.fenced && code.markdown && fence_holds_incident(rest, &code) =>
                {
                    (false, true)
                }
                Some(code) => {
                    self.code = Some(code);
                    (true, false)
                }
                None => (false, false),
            },
        };
        let ends = fence_ends_block
            || (!in_code && (heading(text).is_some_and(|(level, _)| level <= 2) || is_rule(text)));
        if ends {
            return false;
        }
        self.block.lines.push(BlockLine {
            no,
            text: text.to_string(),
            indent: removed,
        });
        true
    }
}

/// Closes a block: its trailing blank lines are not part of it.
fn finish(open: OpenBlock, blocks: &mut Vec<Block>) {
    let mut block = open.block;
    while block.lines.len() > 1 && block.lines.last().is_some_and(|l| l.text.trim().is_empty()) {
        block.lines.pop();
    }
    blocks.push(block);
}

/// Finds the incident blocks of a document, and the lines outside blocks and code.
fn scan(text: &str) -> Scan {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    let mut scan = Scan::default();
    let mut outer: Option<CodeFence> = None;
    let mut open: Option<OpenBlock> = None;
    // The title of the last heading seen outside blocks, until a block takes it.
    let mut above: Option<HeadingTitle> = None;
    for (i, &line) in lines.iter().enumerate() {
        let no = i + 1;
        if let Some(current) = open.as_mut() {
            if current.take(no, line, &lines[i + 1..], outer.as_ref()) {
                continue;
            }
            if let Some(done) = open.take() {
                finish(done, &mut scan.blocks);
            }
            // The line that ended the block is read again below, outside any block.
        }
        let start =
            |text: &str, indent: usize, fenced: bool, above: &mut Option<HeadingTitle>| OpenBlock {
                block: Block {
                    lines: vec![BlockLine {
                        no,
                        text: text.to_string(),
                        indent,
                    }],
                    title_above: above.take(),
                },
                fenced,
                code: None,
            };
        if let Some(f) = &outer {
            if f.closes(line) {
                outer = None;
            } else if f.markdown {
                let (text, removed) = dedent(line, f.indent);
                if is_incident_heading(text) {
                    open = Some(start(text, removed, true, &mut above));
                }
            }
            continue;
        }
        if let Some(f) = CodeFence::opens(line) {
            outer = Some(f);
            continue;
        }
        if let Some((level, text)) = heading(line) {
            if level == 2 && incident_heading(text).is_some() {
                open = Some(start(line, 0, false, &mut above));
            } else {
                above = title_after_colon(line, text, no);
            }
            continue;
        }
        scan.prose.push((no, line.to_string()));
    }
    if let Some(done) = open {
        finish(done, &mut scan.blocks);
    }
    scan
}

/// The date and the title of an incident heading's text after `Incident`, cut like the
/// parser cuts them (at the first ` — `, ` – `, ` - ` or `: `).
fn split_heading(rest: &str) -> (&str, Option<&str>) {
    let cut = [" — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|s| rest.find(s).map(|i| (i, s.len())))
        .min_by_key(|(i, _)| *i);
    match cut {
        Some((i, len)) => (
            rest[..i].trim_end(),
            Some(rest[i + len..].trim()).filter(|t| !t.is_empty()),
        ),
        None => (rest.trim_end(), None),
    }
}

/// The heading's date and title, for a block's first line.
fn heading_parts(line: &str) -> (String, Option<String>) {
    let text = heading(line).map_or("", |(_, text)| text);
    let rest = incident_heading(text).unwrap_or("");
    let (date, title) = split_heading(rest);
    (date.to_string(), title.map(str::to_string))
}

/// A block made ready to be written: its text, and how its lines map back to the document.
struct Prepared {
    text: String,
    /// When the title came from the heading above: the heading line's length before it.
    title_added: Option<(usize, HeadingTitle)>,
}

/// The report text of a block, its title added to the heading when it came from above.
fn prepare(block: &Block) -> Prepared {
    let mut lines: Vec<String> = block.lines.iter().map(|l| l.text.clone()).collect();
    let mut title_added = None;
    let (_, title) = heading_parts(&lines[0]);
    if title.is_none()
        && let Some(above) = &block.title_above
    {
        let original = lines[0].trim_end().to_string();
        // A closing `#` sequence would swallow the title: write the heading without it.
        let base = if original.ends_with('#') {
            let text = heading(&original).map_or("", |(_, t)| t);
            format!("## {text}")
        } else {
            original
        };
        let title = if above.text.ends_with('#') {
            format!("{} #", above.text)
        } else {
            above.text.clone()
        };
        title_added = Some((char_len(&base), above.clone()));
        lines[0] = format!("{base} — {title}");
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Prepared { text, title_added }
}

/// Moves a location in the block's text to the same place in the document.
fn relocate(location: &mut Location, block: &Block, prepared: &Prepared, document: &Path) {
    location.file = document.to_path_buf();
    if location.line == 0 {
        let heading = &block.lines[0];
        location.line = heading.no;
        location.column = heading.indent + 1;
        location.len = char_len(heading.text.trim_end());
        return;
    }
    let Some(line) = block.lines.get(location.line - 1) else {
        location.line = block.lines.last().map_or(1, |l| l.no);
        return;
    };
    if location.line == 1
        && let Some((base, above)) = &prepared.title_added
        && location.column > base + 3
    {
        location.column = above.column + (location.column - base - 4);
        location.line = above.line;
        return;
    }
    location.line = line.no;
    location.column += line.indent;
}

/// The lines of the document, for the snippets under diagnostics.
struct Document<'a> {
    path: &'a Path,
    lines: Vec<&'a str>,
}

impl Sources for Document<'_> {
    fn line(&self, file: &Path, line: usize) -> Option<String> {
        if file != self.path {
            return None;
        }
        self.lines
            .get(line.checked_sub(1)?)
            .map(|l| l.trim_end_matches('\r').to_string())
    }
}

/// What became of one block.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The template: its date is a placeholder.
    Template {
        date: String,
    },
    /// The block has errors.
    Invalid {
        errors: usize,
    },
    Imported {
        path: PathBuf,
    },
    AlreadyImported {
        path: PathBuf,
    },
    /// Another report of the archive tells the same incident (same start and type).
    AlreadyInArchive {
        path: PathBuf,
    },
    /// A different report is in the way.
    Conflict {
        path: PathBuf,
        reason: &'static str,
    },
}

/// The reports already below the content folder, by file name and by URL name.
struct Existing {
    by_name: HashMap<String, PathBuf>,
    by_slug: HashMap<String, PathBuf>,
}

impl Existing {
    fn read(content: &Path) -> Existing {
        let mut existing = Existing {
            by_name: HashMap::new(),
            by_slug: HashMap::new(),
        };
        for report in discover(content).reports {
            existing.add(content.join(report));
        }
        existing
    }

    fn add(&mut self, path: PathBuf) {
        if let Some(name) = path.file_name() {
            self.by_name
                .entry(name.to_string_lossy().into_owned())
                .or_insert_with(|| path.clone());
        }
        if let Some(stem) = path.file_stem() {
            self.by_slug
                .entry(slugify(&stem.to_string_lossy()))
                .or_insert(path);
        }
    }
}

/// `2025-01-15-1430-instance-crash.md`: the date and time as written, then the title's slug
/// (the type's when there is no title).
pub fn file_name(incident: &Incident) -> String {
    let start = &incident.start.value;
    let local = start.instant.naive_local();
    let date = if start.has_time {
        local.format("%Y-%m-%d-%H%M").to_string()
    } else {
        local.format("%Y-%m-%d").to_string()
    };
    let slug = incident
        .title
        .as_ref()
        .map(|t| slugify(&t.value))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| incident.kind.value.slug().to_string());
    format!("{date}-{slug}.md")
}

/// Whether two reports tell the same incident: the same start and type, and the same title
/// when both have one (a date without a time needs the title).
fn same_incident(a: &Incident, b: &Incident) -> bool {
    let titles = (
        a.title.as_ref().map(|t| fold(&t.value)),
        b.title.as_ref().map(|t| fold(&t.value)),
    );
    let titles_agree = match titles {
        (Some(x), Some(y)) => x == y,
        _ => a.start.value.has_time,
    };
    a.start.value == b.start.value && a.kind.value == b.kind.value && titles_agree
}

/// Two report texts say the same, line endings, a byte order mark and trailing blank space aside.
fn same_text(existing: &[u8], ours: &str) -> bool {
    decode(existing).is_ok_and(|text| text.trim_end() == ours.trim_end())
}

/// What `incidex import` did with a document.
pub struct Imported {
    /// The document, as the user named it.
    pub document: PathBuf,
    /// The document's text, for the lines under the diagnostics.
    text: String,
    /// The problems of the blocks, at their lines in the document.
    pub diagnostics: Vec<Diagnostic>,
    /// What became of each block, by the line of its heading, in the document's order.
    pub outcomes: Vec<(usize, Outcome)>,
    /// The document's statistics lines that disagree with its incidents in the archive: the
    /// line and what disagrees.
    pub statistics: Vec<(usize, String)>,
    /// A report could not be written: the import stopped there (the reports before it were
    /// written, and their blocks are in `outcomes`).
    pub stopped: Option<Fatal>,
}

impl Imported {
    /// Some block was not imported because of its errors or a report in the way.
    pub fn needs_fixing(&self) -> bool {
        self.outcomes
            .iter()
            .any(|(_, o)| matches!(o, Outcome::Invalid { .. } | Outcome::Conflict { .. }))
    }

    /// The lines under the diagnostics come from the document.
    pub fn sources(&self) -> impl Sources + '_ {
        Document {
            path: &self.document,
            lines: self.text.split('\n').collect(),
        }
    }
}

/// `incidex import FILE`'s work: reads the document, then writes each valid block that is not
/// in the archive yet as a new report.
pub fn import(root: &Path, file: &Path) -> Result<Imported, ArchiveError> {
    let shown = display_path(file);
    let text = read_document(file, &shown)?;
    let config = crate::scaffold::open_site(root)?;
    let scan = scan(&text);
    let mut importer = Importer::new(&config, &shown);
    for block in &scan.blocks {
        match importer.block(block) {
            Ok(outcome) => importer.outcomes.push((block.line(), outcome)),
            Err(stopped) => return Ok(importer.stopped(text, stopped)),
        }
    }
    let statistics = compare_statistics(&scan, &importer.in_archive, &config);
    Ok(Imported {
        document: shown.clone(),
        text,
        diagnostics: importer.diagnostics,
        outcomes: importer.outcomes,
        statistics,
        stopped: None,
    })
}

/// The document's text.
fn read_document(file: &Path, shown: &Path) -> Result<String, Fatal> {
    let bytes = std::fs::read(file).map_err(|e| {
        Fatal::with_help(
            format!("cannot read `{}`: {e}", shown.display()),
            "name the Markdown document that holds the incidents, e.g. `incidex import incidents.md`",
        )
    })?;
    decode(&bytes).map_err(|bad| {
        if bad.utf16.is_some() {
            return Fatal::with_help(
                format!("`{}`: {}", shown.display(), bad.message()),
                bad.help(),
            );
        }
        Fatal::with_help(
            format!(
                "`{}` is not valid UTF-8 (line {}, column {}, byte {})",
                shown.display(),
                bad.line,
                bad.column,
                bad.offset
            ),
            "save the document as UTF-8 in your editor",
        )
    })
}

/// An import under way: what the archive holds, and what became of the blocks so far.
struct Importer<'a> {
    content: PathBuf,
    ctx: Context,
    shown: &'a Path,
    existing: Existing,
    /// The valid incidents of the archive, and their files.
    known: Vec<(Incident, PathBuf)>,
    diagnostics: Vec<Diagnostic>,
    outcomes: Vec<(usize, Outcome)>,
    /// The document's incidents that are in the archive (imported now or before).
    in_archive: Vec<Incident>,
}

impl<'a> Importer<'a> {
    fn new(config: &Config, shown: &'a Path) -> Importer<'a> {
        let content = config.content_path();
        let known = check_site(config, Drafts::Softened, None)
            .incidents()
            .map(|i| (i.clone(), content.join(&i.source)))
            .collect();
        Importer {
            existing: Existing::read(&content),
            content,
            ctx: Context {
                timezone: config.timezone,
                currency: config.currency.clone(),
            },
            shown,
            known,
            diagnostics: Vec::new(),
            outcomes: Vec::new(),
            in_archive: Vec::new(),
        }
    }

    /// What becomes of `block`: skipped, invalid, in the archive already, in conflict, or
    /// written. Err when its report cannot be written.
    fn block(&mut self, block: &Block) -> Result<Outcome, Fatal> {
        let (date, _) = heading_parts(&block.lines[0].text);
        if is_placeholder(&date) {
            return Ok(Outcome::Template { date });
        }
        let prepared = prepare(block);
        let parsed = parse_report(
            &prepared.text,
            Path::new("import.md"),
            self.shown,
            &self.ctx,
        );
        let mut found = parsed.diagnostics;
        for d in &mut found {
            relocate(&mut d.location, block, &prepared, self.shown);
            for related in &mut d.related {
                relocate(&mut related.location, block, &prepared, self.shown);
            }
        }
        let errors = found.iter().filter(|d| d.is_error()).count();
        self.diagnostics.extend(found);
        match parsed.incident.filter(|_| errors == 0) {
            Some(incident) => self.place(incident, &prepared.text),
            None => Ok(Outcome::Invalid { errors }),
        }
    }

    /// Writes the valid `incident` as a new report, unless the archive has it or a report is
    /// in the way.
    fn place(&mut self, incident: Incident, text: &str) -> Result<Outcome, Fatal> {
        let name = file_name(&incident);
        let target = self.content.join(&name);
        if let Some(path) = self.existing.by_name.get(&name) {
            return Ok(match std::fs::read(path) {
                Ok(bytes) if same_text(&bytes, text) => {
                    self.in_archive.push(incident);
                    Outcome::AlreadyImported { path: path.clone() }
                }
                _ => Outcome::Conflict {
                    path: path.clone(),
                    reason: "exists with a different text",
                },
            });
        }
        let slug = slugify(name.trim_end_matches(".md"));
        if let Some(path) = self.existing.by_slug.get(&slug) {
            return Ok(Outcome::Conflict {
                path: path.clone(),
                reason: "has the same URL name",
            });
        }
        if let Some((_, path)) = self.known.iter().find(|(k, _)| same_incident(k, &incident)) {
            let path = path.clone();
            self.in_archive.push(incident);
            return Ok(Outcome::AlreadyInArchive { path });
        }
        match write_new(&target, text) {
            Ok(()) => {
                self.existing.add(target.clone());
                self.known.push((incident.clone(), target.clone()));
                self.in_archive.push(incident);
                Ok(Outcome::Imported { path: target })
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Outcome::Conflict {
                path: target,
                reason: "appeared while importing",
            }),
            Err(e) => Err(Fatal::with_help(
                format!("cannot write `{}`: {e}", display_path(&target).display()),
                "the files listed above were written; run the import again once the folder is writable",
            )),
        }
    }

    /// What was done before a report could not be written.
    fn stopped(self, text: String, stopped: Fatal) -> Imported {
        Imported {
            document: self.shown.to_path_buf(),
            text,
            diagnostics: self.diagnostics,
            outcomes: self.outcomes,
            statistics: Vec::new(),
            stopped: Some(stopped),
        }
    }
}

// ----- the document's statistics block -----

/// The figures of the template's statistics block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Figure {
    Count,
    Downtime,
    Cost,
}

impl Figure {
    fn from_label(label: &str) -> Option<Figure> {
        let folded = fold(label);
        let is = |names: &[&str]| names.contains(&folded.as_str());
        if is(&[
            "total incidents",
            "total des incidents",
            "nombre d'incidents",
            "nombre total d'incidents",
            "incidents",
            "total number of incidents",
            "number of incidents",
        ]) {
            Some(Figure::Count)
        } else if is(&[
            "temps d'indisponibilite total",
            "temps total d'indisponibilite",
            "indisponibilite totale",
            "total downtime",
            "downtime total",
        ]) {
            Some(Figure::Downtime)
        } else if is(&[
            "cout total incidents",
            "cout total des incidents",
            "cout total",
            "total incident cost",
            "total incidents cost",
            "total cost of incidents",
            "total cost",
        ]) {
            Some(Figure::Cost)
        } else {
            None
        }
    }
}

/// Compares the document's statistics lines with the incidents it put in the archive: where
/// they disagree, the line and both figures.
fn compare_statistics(
    scan: &Scan,
    incidents: &[Incident],
    config: &Config,
) -> Vec<(usize, String)> {
    let mut figures: BTreeMap<Figure, (usize, String, String)> = BTreeMap::new();
    for (no, line) in &scan.prose {
        if let Some(f) = field_line(line, true)
            && let Some(figure) = Figure::from_label(f.label)
        {
            figures
                .entry(figure)
                .or_insert((*no, line.trim().to_string(), f.value.to_string()));
        }
    }
    let mut problems = Vec::new();
    for (figure, (no, line, value)) in &figures {
        let said = format!("`{line}`");
        let problem = match figure {
            Figure::Count => {
                let ours = incidents.len();
                match leading_number(value) {
                    Some(n) if n == ours as u64 => None,
                    Some(_) => Some(format!("{said}, but {} imported", plural(ours, "incident"))),
                    None => Some(format!("{said} is not a number of incidents")),
                }
            }
            Figure::Downtime => {
                let seconds: u64 = incidents
                    .iter()
                    .filter_map(|i| i.cost.downtime.as_ref())
                    .map(|d| d.value.seconds)
                    .sum();
                let total = Duration {
                    seconds,
                    approximate: false,
                    note: None,
                };
                let ours = crate::compose::duration(&total, config.language);
                match parse_duration(value) {
                    Ok(d) if d.seconds == seconds => None,
                    Ok(_) => Some(format!("{said}, but their downtime adds up to {ours}")),
                    Err(e) => Some(format!("{said} is not a duration: {}", e.message)),
                }
            }
            Figure::Cost => {
                let ours = cost_totals(incidents);
                let shown = if ours.is_empty() {
                    "nothing".to_string()
                } else {
                    ours.iter()
                        .map(|(currency, (amount, approximate))| {
                            crate::compose::money(&Money {
                                amount: *amount,
                                currency: currency.clone(),
                                approximate: *approximate,
                                note: None,
                            })
                        })
                        .collect::<Vec<_>>()
                        .join(" + ")
                };
                match parse_money(value, &config.currency) {
                    Ok(theirs) => {
                        let agree = match &theirs {
                            None => ours.is_empty(),
                            Some(m) if m.amount.is_zero() => ours.is_empty(),
                            Some(m) => {
                                ours.len() == 1
                                    && ours.get(&m.currency).is_some_and(|(a, _)| *a == m.amount)
                            }
                        };
                        (!agree).then(|| {
                            format!("{said}, but their costs (lost + resolution) add up to {shown}")
                        })
                    }
                    Err(e) => Some(format!("{said} is not an amount: {}", e.message)),
                }
            }
        };
        if let Some(problem) = problem {
            problems.push((*no, problem));
        }
    }
    problems
}

/// Lost + resolution cost per currency, and whether an approximate amount is in the total;
/// zero totals are left out.
fn cost_totals(incidents: &[Incident]) -> BTreeMap<String, (Decimal, bool)> {
    let mut totals = crate::incident::cost_totals(incidents);
    totals.retain(|_, (amount, _)| !amount.is_zero());
    totals
}

/// `3` in `3`, `3 incidents`, `~3`.
fn leading_number(value: &str) -> Option<u64> {
    let digits: String = value
        .trim_start_matches(['~', '≈', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_texts(text: &str) -> Vec<(usize, String, Option<String>)> {
        scan(text)
            .blocks
            .iter()
            .map(|b| {
                (
                    b.line(),
                    b.lines
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    b.title_above.as_ref().map(|t| t.text.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn a_block_ends_at_a_level_two_heading_a_rule_or_its_fence() {
        let doc = "# Log\n\n## Incident 2025-01-01 10:00\nA\n### Cause\nB\n## Other\ntext\n\
                   ## Incident 2025-01-02 10:00\nC\n\n---\nD\n\
                   ```markdown\n## Incident 2025-01-03 10:00\nE\n```\nF\n";
        let blocks = block_texts(doc);
        assert_eq!(
            blocks,
            vec![
                (
                    3,
                    "## Incident 2025-01-01 10:00\nA\n### Cause\nB".to_string(),
                    None
                ),
                (9, "## Incident 2025-01-02 10:00\nC".to_string(), None),
                (15, "## Incident 2025-01-03 10:00\nE".to_string(), None),
            ]
        );
    }

    #[test]
    fn headings_inside_the_blocks_own_code_do_not_end_it() {
        let doc = "## Incident 2025-01-01 10:00\n~~~\n## not a heading\n---\n~~~\nafter\n";
        let blocks = block_texts(doc);
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].1.ends_with("~~~\nafter"), "{:?}", blocks[0].1);
    }

    #[test]
    fn a_markdown_fence_holding_an_incident_ends_a_block_of_the_text() {
        let doc = "## Incident 2025-01-01 10:00\nA\n```\nlog\n```\nB\n\
                   ```markdown\n## Incident 2025-01-02 10:00\nC\n```\n";
        let blocks = block_texts(doc);
        assert_eq!(
            blocks,
            vec![
                (
                    1,
                    "## Incident 2025-01-01 10:00\nA\n```\nlog\n```\nB".to_string(),
                    None
                ),
                (8, "## Incident 2025-01-02 10:00\nC".to_string(), None),
            ]
        );
    }

    #[test]
    fn code_in_other_languages_is_left_alone() {
        let doc = "```bash\n## Incident 2025-01-01 10:00\n```\n";
        assert!(block_texts(doc).is_empty());
        let doc = "~~~md\n## Incident 2025-01-01 10:00\n~~~\n";
        assert_eq!(block_texts(doc).len(), 1);
    }

    #[test]
    fn a_heading_gives_its_title_to_the_first_block_after_it_only() {
        let doc = "### Exemple 1 : Instance Crash\n\n```markdown\n## Incident 2025-01-01 10:00\n```\n\
                   ## Incident 2025-01-02 10:00\nx\n# Sans deux-points\n## Incident 2025-01-03 10:00\n";
        let titles: Vec<Option<String>> = block_texts(doc).into_iter().map(|b| b.2).collect();
        assert_eq!(titles, vec![Some("Instance Crash".to_string()), None, None]);
    }

    #[test]
    fn an_indented_fence_is_dedented_and_columns_kept() {
        let doc = "1. Example\n   ```markdown\n   ## Incident 2025-01-01 10:00\n   **Type :** X\n   ```\n";
        let scanned = scan(doc);
        let block = &scanned.blocks[0];
        assert_eq!(block.lines[1].text, "**Type :** X");
        assert_eq!(block.lines[1].indent, 3);
    }

    #[test]
    fn the_title_from_above_is_added_to_the_heading() {
        let block = Block {
            lines: vec![BlockLine {
                no: 5,
                text: "## Incident 2025-01-01 10:00".into(),
                indent: 0,
            }],
            title_above: Some(HeadingTitle {
                text: "Panne #".into(),
                line: 2,
                column: 15,
            }),
        };
        assert_eq!(
            prepare(&block).text,
            "## Incident 2025-01-01 10:00 — Panne # #\n"
        );
        let titled = Block {
            lines: vec![BlockLine {
                no: 5,
                text: "## Incident 2025-01-01 10:00 - Déjà titré".into(),
                indent: 0,
            }],
            ..block
        };
        assert_eq!(
            prepare(&titled).text,
            "## Incident 2025-01-01 10:00 - Déjà titré\n"
        );
    }

    #[test]
    fn statistics_labels_in_both_languages() {
        assert_eq!(
            Figure::from_label("Temps d’indisponibilité total"),
            Some(Figure::Downtime)
        );
        assert_eq!(
            Figure::from_label("Coût total incidents"),
            Some(Figure::Cost)
        );
        assert_eq!(Figure::from_label("Total downtime"), Some(Figure::Downtime));
        assert_eq!(Figure::from_label("TOTAL INCIDENTS"), Some(Figure::Count));
        assert_eq!(Figure::from_label("Dernière mise à jour"), None);
        assert_eq!(leading_number("3 incidents"), Some(3));
        assert_eq!(leading_number("trois"), None);
    }
}
