//! Reading and validating every report of a site: the shared first stage of `check` and `build`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Location, Severity};
use crate::discover::{Content, discover};
use crate::incident::Incident;
use crate::parse::{Context, MAX_REPORT_BYTES, Parsed, decode, parse_report, soften_for_draft};

/// How draft reports are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    /// `check`: drafts are checked; their problems are warnings.
    Softened,
    /// `build --drafts`: drafts are included and their problems are errors.
    Included,
    /// `build`: drafts are left out (and not validated).
    Excluded,
}

/// One report file after reading.
#[derive(Debug, Clone)]
pub struct Report {
    /// Relative to the content folder.
    pub path: PathBuf,
    /// How it is named in messages.
    pub display: PathBuf,
    pub parsed: Parsed,
    /// The text, kept for diagnostics' snippets.
    pub text: Option<String>,
}

/// Everything read from the content folder.
#[derive(Debug)]
pub struct Checked {
    pub content: Content,
    pub reports: Vec<Report>,
    /// Every diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The valid incidents (drafts included only when they were asked for).
    pub fn incidents(&self) -> impl Iterator<Item = &Incident> {
        self.reports
            .iter()
            .filter_map(|r| r.parsed.incident.as_ref())
    }
}

/// How a path is shown to the user: relative to the current folder when inside it (the
/// current folder itself is the empty path).
pub fn display_path(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => return path.to_path_buf(),
        }
    };
    let absolute = normalize(&absolute);
    match std::env::current_dir() {
        Ok(cwd) => match absolute.strip_prefix(normalize(&cwd)) {
            // The current folder itself is the empty path, so that joining a file name to it
            // gives the bare file name.
            Ok(rel) => rel.to_path_buf(),
            Err(_) => absolute,
        },
        Err(_) => absolute,
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads one report file: size limit, UTF-8, then the parser. `path` is relative to
/// `content_dir`, which messages name `display_dir`.
fn read_report(content_dir: &Path, display_dir: &Path, path: &Path, ctx: &Context) -> Report {
    let full = content_dir.join(path);
    let display = display_dir.join(path);
    let fail = |code: Code, message: String, help: Option<&str>| {
        let mut d = Diagnostic::new(code, Location::file(&display), message);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        Parsed {
            incident: None,
            diagnostics: vec![d],
            slug: None,
            aliases: Vec::new(),
            draft: false,
        }
    };
    let too_large = std::fs::metadata(&full)
        .map(|m| m.len() > MAX_REPORT_BYTES)
        .unwrap_or(false);
    if too_large {
        let parsed = fail(
            Code::FileTooLarge,
            "the report is larger than 5 MiB".into(),
            Some("move long logs into a separate file next to the report and link to it"),
        );
        return Report {
            path: path.to_path_buf(),
            display,
            parsed,
            text: None,
        };
    }
    let bytes = match std::fs::read(&full) {
        Ok(bytes) => bytes,
        Err(e) => {
            let parsed = fail(
                Code::UnreadableFile,
                format!("cannot read the report: {e}"),
                None,
            );
            return Report {
                path: path.to_path_buf(),
                display,
                parsed,
                text: None,
            };
        }
    };
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(bad) => {
            let d = Diagnostic::new(
                Code::NotUtf8,
                Location::new(&display, bad.line, bad.column, 1),
                format!(
                    "the report is not valid UTF-8 (byte {} cannot be read)",
                    bad.offset
                ),
            )
            .with_help("save the file as UTF-8 in your editor");
            let parsed = Parsed {
                incident: None,
                diagnostics: vec![d],
                slug: None,
                aliases: Vec::new(),
                draft: false,
            };
            // The readable part is still worth showing under the diagnostic.
            let text = Some(String::from_utf8_lossy(&bytes).into_owned());
            return Report {
                path: path.to_path_buf(),
                display,
                parsed,
                text,
            };
        }
    };
    let parsed = parse_report(&text, path, &display, ctx);
    // Only a report with problems needs its text, for the snippets under them (another
    // report's duplicate slug rereads the file).
    let text = (!parsed.diagnostics.is_empty()).then_some(text);
    Report {
        path: path.to_path_buf(),
        display,
        parsed,
        text,
    }
}

/// Reads and validates every report below the content folder. `only`, when given, limits the
/// reported problems to those files (slugs are still compared with every report).
pub fn check_site(config: &Config, drafts: Drafts, only: Option<&[PathBuf]>) -> Checked {
    check_site_cached(config, drafts, only, None)
}

/// The reports read by an earlier check, by path, with the modification time and size they
/// had: `serve` rereads only the files that changed. Settings that change how reports read
/// (time zone, currency) must clear it.
#[derive(Default)]
pub struct ReportCache {
    reports: HashMap<PathBuf, (std::time::SystemTime, u64, Report)>,
}

impl ReportCache {
    pub fn clear(&mut self) {
        self.reports.clear();
    }
}

/// A file's modification time and size.
type Stamp = (std::time::SystemTime, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// [`check_site`], reusing the reports of `cache` whose files did not change, and refreshing it.
pub fn check_site_cached(
    config: &Config,
    drafts: Drafts,
    only: Option<&[PathBuf]>,
    cache: Option<&mut ReportCache>,
) -> Checked {
    let content_dir = config.content_path();
    let mut content = discover(&content_dir);
    let ctx = Context {
        timezone: config.timezone,
        currency: config.currency.clone(),
    };

    // Files named on the command line but outside the content folder are checked too.
    let mut extra: Vec<PathBuf> = Vec::new();
    let mut wanted: Option<HashSet<PathBuf>> = None;
    if let Some(only) = only {
        let mut set = HashSet::new();
        let content_abs = normalize(&absolute(&content_dir));
        for p in only {
            let abs = normalize(&absolute(p));
            match abs.strip_prefix(&content_abs) {
                Ok(rel) => {
                    if abs.is_dir() || rel.as_os_str().is_empty() {
                        for r in content.reports.iter().filter(|r| r.starts_with(rel)) {
                            set.insert(r.clone());
                        }
                    } else {
                        if !content.reports.iter().any(|r| r == rel) {
                            content.reports.push(rel.to_path_buf());
                        }
                        set.insert(rel.to_path_buf());
                    }
                }
                Err(_) => {
                    extra.push(abs.clone());
                    set.insert(abs);
                }
            }
        }
        wanted = Some(set);
    }

    let display_dir = display_path(&content_dir);
    let cached = cache.as_deref();
    // (report, stamp, whether it was read now rather than taken from the cache)
    let read: Vec<(Report, Option<Stamp>, bool)> = content
        .reports
        .par_iter()
        .map(|path| {
            let stamp = stamp(&content_dir.join(path));
            if let (Some(cache), Some(now)) = (cached, stamp)
                && let Some((modified, len, report)) = cache.reports.get(path)
                && (*modified, *len) == now
            {
                return (report.clone(), stamp, false);
            }
            let report = read_report(&content_dir, &display_dir, path, &ctx);
            (report, stamp, true)
        })
        .collect();
    if let Some(cache) = cache {
        // Unchanged entries stay as they are: only new and changed reports are copied in.
        let present: HashSet<&Path> = content.reports.iter().map(PathBuf::as_path).collect();
        cache
            .reports
            .retain(|path, _| present.contains(path.as_path()));
        for (report, stamp, fresh) in &read {
            match stamp {
                Some((modified, len)) if *fresh => {
                    cache
                        .reports
                        .insert(report.path.clone(), (*modified, *len, report.clone()));
                }
                None => {
                    cache.reports.remove(&report.path);
                }
                _ => {}
            }
        }
    }
    let mut reports: Vec<Report> = read.into_iter().map(|(report, _, _)| report).collect();
    reports.extend(extra.iter().map(|abs| {
        let mut r = read_report(Path::new(""), Path::new(""), &display_path(abs), &ctx);
        r.path = abs.clone();
        r
    }));

    let mut diagnostics = Vec::new();
    for (path, reason) in &content.unreadable {
        diagnostics.push(Diagnostic::new(
            Code::UnreadableFile,
            Location::file(display_path(&content_dir.join(path))),
            format!("cannot read this entry: {reason}"),
        ));
    }

    for report in &mut reports {
        if report.parsed.draft {
            match drafts {
                Drafts::Softened => soften_for_draft(&mut report.parsed.diagnostics),
                Drafts::Excluded => {
                    report.parsed.diagnostics.clear();
                    report.parsed.incident = None;
                }
                Drafts::Included => {}
            }
        }
    }

    // Slugs and aliases: each URL name belongs to one report.
    let mut owners: BTreeMap<String, Vec<(usize, Location, bool)>> = BTreeMap::new();
    for (i, report) in reports.iter().enumerate() {
        if drafts == Drafts::Excluded && report.parsed.draft {
            continue;
        }
        let at = |span: crate::incident::Span| {
            if span.line == 0 {
                Location::file(&report.display)
            } else {
                Location::new(&report.display, span.line, span.column, span.len)
            }
        };
        if let Some(slug) = &report.parsed.slug {
            owners
                .entry(slug.value.clone())
                .or_default()
                .push((i, at(slug.span), false));
        }
        for alias in &report.parsed.aliases {
            owners
                .entry(alias.value.clone())
                .or_default()
                .push((i, at(alias.span), true));
        }
    }
    // Each clash with the reports it involves.
    let mut clashes: Vec<(Vec<usize>, Diagnostic)> = Vec::new();
    for (slug, places) in &owners {
        if places.len() < 2 {
            continue;
        }
        let (_, first_at, _) = &places[0];
        let mut d = Diagnostic::new(
            Code::DuplicateSlug,
            first_at.clone(),
            format!("{} reports have the URL name `{slug}`", places.len()),
        )
        .with_help("rename one file, or give it another `slug:` in front matter; folders do not enter the URL name");
        for (_, at, alias) in &places[1..] {
            let what = if *alias {
                "also an alias here"
            } else {
                "also here"
            };
            d = d.with_related(at.clone(), what);
        }
        let severity = if places.iter().all(|(i, _, _)| reports[*i].parsed.draft)
            && drafts == Drafts::Softened
        {
            Severity::Warning
        } else {
            Severity::Error
        };
        d.severity = severity;
        for (i, _, _) in places {
            reports[*i].parsed.incident = None;
        }
        clashes.push((places.iter().map(|(i, _, _)| *i).collect(), d));
    }

    let selected = |i: usize| match &wanted {
        None => true,
        Some(set) => set.contains(&reports[i].path),
    };
    for (i, report) in reports.iter().enumerate() {
        if selected(i) {
            diagnostics.extend(report.parsed.diagnostics.iter().cloned());
        }
    }
    for (involved, d) in clashes {
        if involved.into_iter().any(selected) {
            diagnostics.push(d);
        }
    }
    diagnostics.sort_by(|a, b| {
        let place = |d: &Diagnostic| (d.location.file.clone(), d.location.line, d.location.column);
        place(a)
            .cmp(&place(b))
            .then(a.severity.cmp(&b.severity))
            .then(a.code.cmp(&b.code))
    });
    if let Some(set) = &wanted {
        let keep: Vec<bool> = (0..reports.len())
            .map(|i| set.contains(&reports[i].path))
            .collect();
        let mut k = keep.iter();
        reports.retain(|_| *k.next().unwrap_or(&false));
    }
    Checked {
        content,
        reports,
        diagnostics,
    }
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}
