//! Reading and validating every report of a site: the shared first stage of `check` and `build`.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Code, Diagnostic, Location, Severity};
use crate::discover::{
    Content, INTRO_FILE, OutsideLink, Reading, Withheld, discover_site, is_ignored, is_markdown,
};
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
    /// The incident's [`quick_hash`](crate::hash::quick_hash), computed once when the report
    /// is read for the preview (see [`ReportCache`]), so that a rebuild does not hash every
    /// incident again; None when not computed or when the incident was changed since.
    pub hash: Option<u64>,
}

/// Everything read from the content folder.
#[derive(Debug)]
pub struct Checked {
    /// Shared with the preview's cache.
    pub content: Arc<Content>,
    /// Shared with the preview's cache: a report that did not change is not copied.
    pub reports: Vec<Arc<Report>>,
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

/// A file's bytes, or None when it is larger than [`MAX_REPORT_BYTES`] (then it is read no
/// further than that).
fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    // Read up to one byte past the limit, without asking the size first (a system call per
    // report): most reports fit the first buffer, and a larger file stops at the limit.
    let mut bytes = Vec::with_capacity(16 * 1024);
    file.take(MAX_REPORT_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_REPORT_BYTES).then_some(bytes))
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
        failed(d)
    };
    let read = read_limited(&full);
    if let Ok(None) = read {
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
            hash: None,
        };
    }
    let bytes = match read {
        Ok(bytes) => bytes.unwrap_or_default(),
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
                hash: None,
            };
        }
    };
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(bad) => {
            // A UTF-16 file is wrong from its first character: no line to show.
            let location = match bad.utf16 {
                Some(_) => Location::file(&display),
                None => Location::new(&display, bad.line, bad.column, 1),
            };
            let d = Diagnostic::new(Code::NotUtf8, location, bad.message()).with_help(bad.help());
            let parsed = failed(d);
            // The readable part is still worth showing under the diagnostic.
            let text = bad
                .utf16
                .is_none()
                .then(|| String::from_utf8_lossy(&bytes).into_owned());
            return Report {
                path: path.to_path_buf(),
                display,
                parsed,
                text,
                hash: None,
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
        hash: None,
    }
}

/// Checks `text`, the unsaved text of the report at `path` (relative to the content folder;
/// `display` names it in messages), as `check` would check it among `others`, the archive's
/// reports as on disk (a [`check_site`] with [`Drafts::Softened`]): its own problems, then the
/// URL names it shares with another report and the related incidents it names. The editor's
/// check (`incidex lsp`): the problems of this report alone, sorted by line and column.
pub fn check_text(
    config: &Config,
    others: &[Arc<Report>],
    path: &Path,
    display: &Path,
    text: &str,
) -> Vec<Diagnostic> {
    let ctx = Context {
        timezone: config.timezone,
        currency: config.currency.clone(),
    };
    let report = if text.len() as u64 > MAX_REPORT_BYTES {
        let d = Diagnostic::new(
            Code::FileTooLarge,
            Location::file(display),
            "the report is larger than 5 MiB",
        )
        .with_help("move long logs into a separate file next to the report and link to it");
        Report {
            path: path.to_path_buf(),
            display: display.to_path_buf(),
            parsed: failed(d),
            text: None,
            hash: None,
        }
    } else {
        // Only a byte order mark and line ends to mend: the editor's text is already UTF-8.
        let text = decode(text.as_bytes()).unwrap_or_else(|_| text.to_string());
        Report {
            path: path.to_path_buf(),
            display: display.to_path_buf(),
            parsed: parse_report(&text, path, display, &ctx),
            text: None,
            hash: None,
        }
    };
    let mut reports: Vec<Arc<Report>> = others
        .iter()
        .filter(|other| other.path != path)
        .cloned()
        .collect();
    reports.push(Arc::new(report));
    let mine = reports.len() - 1;
    treat_drafts(&mut reports[mine..], Drafts::Softened);
    let clashes = clashes(&mut reports, Drafts::Softened);
    resolve_related(&mut reports, Drafts::Softened);
    let mut diagnostics = std::mem::take(&mut Arc::make_mut(&mut reports[mine]).parsed.diagnostics);
    diagnostics.extend(
        clashes
            .into_iter()
            .filter(|(involved, _)| involved.contains(&mine))
            .map(|(_, d)| d),
    );
    diagnostics.sort_by(by_place);
    diagnostics
}

/// A report that could not be read: no incident, one problem.
fn failed(d: Diagnostic) -> Parsed {
    Parsed {
        incident: None,
        diagnostics: vec![d],
        slug: None,
        aliases: Vec::new(),
        draft: false,
    }
}

/// Reads and validates every report below the content folder. `only`, when given, limits the
/// reported problems to those files (slugs are still compared with every report).
pub fn check_site(config: &Config, drafts: Drafts, only: Option<&[PathBuf]>) -> Checked {
    check_site_cached(config, drafts, only, None)
}

/// The reports read by an earlier check, by path, with the modification time and size they
/// had, and what the content folder held then: `serve` rereads only the files that changed.
/// Settings that change how reports read (time zone, currency) must clear it.
#[derive(Default)]
pub struct ReportCache {
    reports: HashMap<PathBuf, (Stamp, Arc<Report>), ahash::RandomState>,
    /// The content folder's entries at the last check.
    content: Option<Arc<Content>>,
    /// The entries (relative to the content folder) changed since the last check, as the file
    /// watcher reported them; None when no one said: the next check walks the whole folder
    /// and compares every file's time and size.
    changed: Option<Vec<PathBuf>>,
    /// Changes may have been missed since the last check: the next one walks the folder, whatever
    /// else is said.
    doubt: bool,
    /// A report file has another name (a symbolic link, a hard link): a change seen under one
    /// name is not seen under the other, so every check walks the whole folder.
    aliased: bool,
}

impl ReportCache {
    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = ReportCache::default();
    }

    /// Tells the next check that since the last one only the entries at `paths` (relative to
    /// the content folder) were created, written, removed or renamed: it looks at them alone
    /// instead of walking the whole folder, unless one of them is a folder, a link or a file
    /// with another name (then it walks the folder). Calls add up until the next check; a check
    /// that is told nothing walks the folder.
    pub fn only_changed(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        if !self.doubt {
            self.changed.get_or_insert_with(Vec::new).extend(paths);
        }
    }

    /// Makes the next check walk the whole content folder: changes may have been missed.
    pub fn walk_next(&mut self) {
        self.doubt = true;
        self.changed = None;
    }
}

/// A file's modification time and size.
type Stamp = (std::time::SystemTime, u64);

/// A file's stamp, and whether it has other names (hard links).
type StampAndNames = (Stamp, bool);

fn stamp(path: &Path) -> Option<StampAndNames> {
    let meta = std::fs::metadata(path).ok()?;
    Some(((meta.modified().ok()?, meta.len()), has_other_names(&meta)))
}

#[cfg(unix)]
fn has_other_names(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn has_other_names(_: &std::fs::Metadata) -> bool {
    false
}

/// Brings `content` (the entries of the last check, in [`discover`]'s order) up to date with
/// changes at `changed`, and returns the reports to read again; None when the paths alone
/// cannot tell what changed (a folder, a link, an entry that cannot be read, a folder that
/// was walked with problems or links): then `content` is left half-done and the folder must
/// be walked again.
fn apply_changes(
    content_dir: &Path,
    reading: &Reading,
    content: &mut Content,
    changed: &[PathBuf],
) -> Option<HashSet<PathBuf, ahash::RandomState>> {
    if !content.unreadable.is_empty() || content.links || !content.outside.is_empty() {
        return None;
    }
    let mut reread = HashSet::default();
    for path in changed {
        if path.as_os_str().is_empty()
            || !path.components().all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        if path
            .components()
            .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
        {
            continue;
        }
        let present = match std::fs::symlink_metadata(content_dir.join(path)) {
            Ok(meta) if meta.file_type().is_file() && !has_other_names(&meta) => true,
            Ok(_) => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A folder that held files is gone: which ones is not known here.
                if holds_below(&content.reports, path)
                    || holds_below(&content.assets, path)
                    || holds_below(&content.withheld, path)
                {
                    return None;
                }
                false
            }
            Err(_) => return None,
        };
        let name = path.file_name()?.to_string_lossy();
        if name == INTRO_FILE {
            if path.components().count() == 1 {
                content.intro = present.then(|| path.clone());
            }
        } else if is_markdown(&name) {
            set_member(&mut content.reports, path, present);
            if present {
                reread.insert(path.clone());
            }
        } else {
            // The same file is published or withheld as a walk of the folder would say.
            let withheld = reading.withheld(path).is_some();
            set_member(&mut content.assets, path, present && !withheld);
            set_member(&mut content.withheld, path, present && withheld);
        }
    }
    Some(reread)
}

/// Whether sorted `paths` hold an entry below the folder `dir`.
fn holds_below(paths: &[PathBuf], dir: &Path) -> bool {
    // What lies below `dir` comes right after it in the order of paths.
    let at = paths.binary_search_by(|p| p.as_path().cmp(dir));
    at.is_err_and(|i| paths.get(i).is_some_and(|p| p.starts_with(dir)))
}

/// Adds `path` to sorted `paths` or removes it.
fn set_member(paths: &mut Vec<PathBuf>, path: &Path, member: bool) {
    match (paths.binary_search_by(|p| p.as_path().cmp(path)), member) {
        (Err(i), true) => paths.insert(i, path.to_path_buf()),
        (Ok(i), false) => {
            paths.remove(i);
        }
        _ => {}
    }
}

/// A report's claim on a URL name: the report's index, where, and whether as an alias.
type Claim = (usize, Location, bool);

/// [`check_site`], reusing the reports of `cache` whose files did not change, and refreshing it.
pub fn check_site_cached(
    config: &Config,
    drafts: Drafts,
    only: Option<&[PathBuf]>,
    mut cache: Option<&mut ReportCache>,
) -> Checked {
    let content_dir = config.content_path();
    let reading = Reading::for_site(config);
    let (mut content, reread) = content_now(&content_dir, &reading, only, cache.as_deref_mut());
    let ctx = Context {
        timezone: config.timezone,
        currency: config.currency.clone(),
    };
    let named = only.map(|only| Named::resolve(only, &content_dir, &mut content));
    let read = read_reports(
        &content_dir,
        &content,
        reread.as_ref(),
        cache.as_deref(),
        &ctx,
    );
    if let Some(cache) = cache.as_deref_mut() {
        refresh_cache(cache, &content, reread.is_some(), &read, only.is_none());
    }
    let content = Arc::new(content);
    if let Some(cache) = cache
        && only.is_none()
    {
        cache.content = Some(content.clone());
    }
    let mut reports: Vec<Arc<Report>> = read.into_iter().map(|(report, _, _)| report).collect();
    let extra = named.as_ref().map_or(&[][..], |n| n.extra.as_slice());
    reports.extend(extra.iter().map(|abs| {
        let mut r = read_report(Path::new(""), Path::new(""), &display_path(abs), &ctx);
        r.path = abs.clone();
        Arc::new(r)
    }));
    let mut diagnostics = folder_diagnostics(&content_dir, &content, named.as_ref(), &reading);
    treat_drafts(&mut reports, drafts);
    let clashes = clashes(&mut reports, drafts);
    resolve_related(&mut reports, drafts);
    if only.is_none() {
        diagnostics.extend(unnamed_services(config, &reports, drafts));
    }
    let wanted = named.map(|n| n.wanted);
    select(&mut reports, &mut diagnostics, clashes, wanted.as_ref());
    Checked {
        content,
        reports,
        diagnostics,
    }
}

/// W015: each service of incidex.yaml's `services:` that no published report names (compared
/// by slug), at its key. Drafts name nothing unless they are built (`--drafts`). Not judged while
/// a report has errors: the services it names are not known.
fn unnamed_services(config: &Config, reports: &[Arc<Report>], drafts: Drafts) -> Vec<Diagnostic> {
    if config.service_keys.is_empty() {
        return Vec::new();
    }
    let published = reports
        .iter()
        .filter(|r| drafts == Drafts::Included || !r.parsed.draft);
    // By slug, the first name written for it: ordered, so that the help is the same every run.
    let mut named: BTreeMap<String, &str> = BTreeMap::new();
    for report in published {
        let Some(incident) = &report.parsed.incident else {
            return Vec::new();
        };
        for service in &incident.services {
            named
                .entry(crate::text::slugify(&service.value))
                .or_insert(service.value.as_str());
        }
    }
    let line = match config.language {
        crate::config::Language::French => "**Services :**",
        crate::config::Language::English => "**Services:**",
    };
    let mut found = Vec::new();
    for (slug, key) in &config.service_keys {
        if named.contains_key(slug) {
            continue;
        }
        let written = &key.written;
        // A service the reports name that incidex.yaml does not describe: maybe this one misspelt.
        let undescribed = named
            .iter()
            .filter(|(slug, _)| !config.service_keys.contains_key(*slug))
            .map(|(_, name)| *name);
        let help = match crate::diagnostic::closest(written, undescribed) {
            Some(close) => format!(
                "reports name `{close}`: if it is this service, write it `{close}` here; else remove `{written}` from incidex.yaml, or add `{line} {written}` to its reports"
            ),
            None => format!(
                "no report names `{written}`: remove it from incidex.yaml, or add `{line} {written}` to its reports"
            ),
        };
        found.push(
            Diagnostic::new(
                Code::UnnamedService,
                key.location.clone(),
                format!("the service `{written}` described here is in no published report"),
            )
            .with_help(help),
        );
    }
    found
}

/// The content folder's entries, and the reports to read again: with the watcher's list of
/// changes, only those entries are looked at (`Some` of the reports changed); else the folder
/// is walked (`None`: every report's stamp is compared).
fn content_now(
    content_dir: &Path,
    reading: &Reading,
    only: Option<&[PathBuf]>,
    cache: Option<&mut ReportCache>,
) -> (Content, Option<HashSet<PathBuf, ahash::RandomState>>) {
    let incremental = match cache {
        Some(ReportCache {
            content: content @ Some(_),
            changed: Some(changed),
            aliased: false,
            ..
        }) if only.is_none() => content.take().and_then(|previous| {
            // Taken, not copied, once the previous build is gone (as in `serve`).
            let mut content = Arc::unwrap_or_clone(previous);
            let reread = apply_changes(content_dir, reading, &mut content, changed)?;
            Some((content, reread))
        }),
        _ => None,
    };
    match incremental {
        Some((content, reread)) => (content, Some(reread)),
        None => (discover_site(content_dir, reading), None),
    }
}

/// The files and folders named on the command line (`incidex check PATH…`).
struct Named {
    /// Files outside the content folder: checked too.
    extra: Vec<PathBuf>,
    /// The reports whose problems are shown (relative to the content folder, or absolute
    /// when outside it).
    wanted: HashSet<PathBuf>,
    /// What was named inside the content folder, relative to it.
    inside: Vec<PathBuf>,
}

impl Named {
    /// Sorts the names of `only`; a file inside the content folder the walk did not list is
    /// added to `content`'s reports.
    fn resolve(only: &[PathBuf], content_dir: &Path, content: &mut Content) -> Named {
        let mut named = Named {
            extra: Vec::new(),
            wanted: HashSet::new(),
            inside: Vec::new(),
        };
        let content_abs = normalize(&absolute(content_dir));
        for p in only {
            let abs = normalize(&absolute(p));
            match abs.strip_prefix(&content_abs) {
                Ok(rel) => {
                    named.inside.push(rel.to_path_buf());
                    if abs.is_dir() || rel.as_os_str().is_empty() {
                        for r in content.reports.iter().filter(|r| r.starts_with(rel)) {
                            named.wanted.insert(r.clone());
                        }
                    } else if behind_outside_link(&content.outside, rel) {
                        // Named on the command line, but reached through a link the walk
                        // refused: it is not read (its error says why).
                    } else {
                        if !content.reports.iter().any(|r| r == rel) {
                            content.reports.push(rel.to_path_buf());
                        }
                        named.wanted.insert(rel.to_path_buf());
                    }
                }
                Err(_) => {
                    named.extra.push(abs.clone());
                    named.wanted.insert(abs);
                }
            }
        }
        named
    }
}

/// A report read, its stamp and other names, and whether it was read now rather than taken
/// from the cache.
type Read = (Arc<Report>, Option<StampAndNames>, bool);

/// Every report of `content`, read in parallel, or taken from `cached` when its file did not
/// change (`reread` lists the changed ones when the watcher said).
fn read_reports(
    content_dir: &Path,
    content: &Content,
    reread: Option<&HashSet<PathBuf, ahash::RandomState>>,
    cached: Option<&ReportCache>,
    ctx: &Context,
) -> Vec<Read> {
    let display_dir = display_path(content_dir);
    content
        .reports
        .par_iter()
        .map(|path| {
            let entry = cached.and_then(|c| c.reports.get(path));
            let stamp = match (reread, entry) {
                // The watcher saw no change: the cached report is taken as it is.
                (Some(reread), Some((stamp, report))) if !reread.contains(path) => {
                    return (report.clone(), Some((*stamp, false)), false);
                }
                (Some(_), _) => stamp(&content_dir.join(path)),
                // Without a cache no one compares the stamps.
                (None, _) if cached.is_none() => None,
                (None, entry) => {
                    let now = stamp(&content_dir.join(path));
                    if let (Some((stamp, report)), Some((current, _))) = (entry, now)
                        && *stamp == current
                    {
                        return (report.clone(), now, false);
                    }
                    now
                }
            };
            let mut report = read_report(content_dir, &display_dir, path, ctx);
            if cached.is_some() {
                report.hash = report.parsed.incident.as_ref().map(crate::hash::quick_hash);
            }
            (Arc::new(report), stamp, true)
        })
        .collect()
}

/// Puts the new and changed reports into `cache` and drops the ones gone; unchanged entries
/// stay as they are. `incremental`: the reports were found from the watcher's list; `whole`:
/// the whole folder was checked (not only files named on the command line).
fn refresh_cache(
    cache: &mut ReportCache,
    content: &Content,
    incremental: bool,
    read: &[Read],
    whole: bool,
) {
    if incremental {
        for path in cache.changed.iter().flatten() {
            if content.reports.binary_search(path).is_err() {
                cache.reports.remove(path);
            }
        }
    } else {
        let present: HashSet<&Path> = content.reports.iter().map(PathBuf::as_path).collect();
        cache
            .reports
            .retain(|path, _| present.contains(path.as_path()));
    }
    for (report, stamp, fresh) in read {
        match stamp {
            Some((stamp, _)) if *fresh => {
                cache
                    .reports
                    .insert(report.path.clone(), (*stamp, report.clone()));
            }
            None => {
                cache.reports.remove(&report.path);
            }
            _ => {}
        }
    }
    if !incremental && whole {
        cache.aliased = read
            .iter()
            .any(|(_, stamp, _)| stamp.is_some_and(|(_, linked)| linked));
    }
    // What changes next is told anew.
    cache.changed = None;
    cache.doubt = false;
}

/// The problems of the content folder itself: entries that cannot be read, links out, and
/// withheld files. Links out are named whatever was asked; a withheld file only when its
/// folder was.
fn folder_diagnostics(
    content_dir: &Path,
    content: &Content,
    named: Option<&Named>,
    reading: &Reading,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (path, reason) in &content.unreadable {
        diagnostics.push(Diagnostic::new(
            Code::UnreadableFile,
            Location::file(display_path(&content_dir.join(path))),
            format!("cannot read this entry: {reason}"),
        ));
    }
    for link in &content.outside {
        diagnostics.push(outside_link(content_dir, link));
    }
    for path in &content.withheld {
        if named.is_none_or(|named| named.inside.iter().any(|n| path.starts_with(n))) {
            diagnostics.push(withheld_file(content_dir, path, reading));
        }
    }
    diagnostics
}

/// Drafts' problems softened (`check`), or drafts left out (`build`), or kept as they are.
fn treat_drafts(reports: &mut [Arc<Report>], drafts: Drafts) {
    for report in reports {
        if report.parsed.draft {
            // A copy of the cached report: the cache keeps it as read.
            let report = Arc::make_mut(report);
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
}

/// Slugs and aliases: each URL name belongs to one report. Every URL name claimed by several
/// reports, with their claims. Places are kept as spans, and made locations only for the
/// names that clash.
fn clashing_names(reports: &[Arc<Report>], drafts: Drafts) -> Vec<(String, Vec<Claim>)> {
    type Place = (usize, crate::incident::Span, bool);
    let mut first: HashMap<&str, Place, ahash::RandomState> =
        HashMap::with_capacity_and_hasher(reports.len(), ahash::RandomState::new());
    let mut clashing: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    for (i, report) in reports.iter().enumerate() {
        if drafts == Drafts::Excluded && report.parsed.draft {
            continue;
        }
        let names = report.parsed.slug.iter().map(|slug| (slug, false));
        let aliases = report.parsed.aliases.iter().map(|alias| (alias, true));
        for (name, alias) in names.chain(aliases) {
            let place = (i, name.span, alias);
            match first.entry(name.value.as_str()) {
                Entry::Vacant(entry) => {
                    entry.insert(place);
                }
                Entry::Occupied(entry) => clashing
                    .entry(name.value.as_str())
                    .or_insert_with(|| vec![*entry.get()])
                    .push(place),
            }
        }
    }
    let at = |i: usize, span: crate::incident::Span| {
        let file = &reports[i].display;
        if span.line == 0 {
            Location::file(file)
        } else {
            Location::new(file, span.line, span.column, span.len)
        }
    };
    clashing
        .into_iter()
        .map(|(name, places)| {
            let places = places
                .into_iter()
                .map(|(i, span, alias)| (i, at(i, span), alias))
                .collect();
            (name.to_string(), places)
        })
        .collect()
}

/// Each clash of URL names, with the reports it involves; those reports publish no incident.
fn clashes(reports: &mut [Arc<Report>], drafts: Drafts) -> Vec<(Vec<usize>, Diagnostic)> {
    let clashing = clashing_names(reports, drafts);
    let mut clashes: Vec<(Vec<usize>, Diagnostic)> = Vec::new();
    for (slug, places) in &clashing {
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
            Arc::make_mut(&mut reports[*i]).parsed.incident = None;
        }
        clashes.push((places.iter().map(|(i, _, _)| *i).collect(), d));
    }
    clashes
}

/// The reports by the names a related incident may be given: URL names (slugs and aliases)
/// first; paths below the content folder and file names are indexed only when a value is
/// not a URL name.
struct ReportNames<'r> {
    reports: &'r [Arc<Report>],
    urls: HashMap<&'r str, usize, ahash::RandomState>,
    /// Paths without `.md`, with `/`; and file stems, None when two reports share one.
    files: Option<FileNames>,
}

impl<'r> ReportNames<'r> {
    fn new(reports: &'r [Arc<Report>]) -> ReportNames<'r> {
        let mut urls = HashMap::with_capacity_and_hasher(reports.len(), Default::default());
        for (i, report) in reports.iter().enumerate() {
            let names = report.parsed.slug.iter().chain(&report.parsed.aliases);
            for name in names {
                urls.entry(name.value.as_str()).or_insert(i);
            }
        }
        ReportNames {
            reports,
            urls,
            files: None,
        }
    }

    /// The slug of the report `value` names: a slug or alias, or a report's path below the
    /// content folder or file name, with or without `.md`.
    fn find(&mut self, value: &str) -> Option<&'r str> {
        let reports = self.reports;
        let slug_of = |i: usize| reports[i].parsed.slug.as_ref().map(|s| s.value.as_str());
        if let Some(&i) = self.urls.get(value) {
            return slug_of(i);
        }
        let (paths, stems) = self.files.get_or_insert_with(|| file_names(reports));
        let path =
            without_markdown_extension(value.trim_start_matches("./").trim_start_matches('/'));
        let path = path.replace('\\', "/");
        if let Some(&i) = paths.get(&path) {
            return slug_of(i);
        }
        if !path.contains('/')
            && let Some(Some(i)) = stems.get(&path)
        {
            return slug_of(*i);
        }
        // Written as a title or with capitals: its URL name.
        let slug = crate::text::slugify(value);
        self.urls.get(slug.as_str()).and_then(|&i| slug_of(i))
    }

    /// Every URL name, for suggestions.
    fn slugs(&self) -> impl Iterator<Item = &'r str> {
        self.reports
            .iter()
            .filter_map(|r| r.parsed.slug.as_ref().map(|s| s.value.as_str()))
    }
}

/// `name` without a final `.md` or `.markdown` (any case).
fn without_markdown_extension(name: &str) -> &str {
    for extension in [".md", ".markdown"] {
        let cut = name.len().saturating_sub(extension.len());
        if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(extension) {
            return &name[..cut];
        }
    }
    name
}

/// The reports by path below the content folder (without `.md`, with `/`) and by file stem.
type FileNames = (
    HashMap<String, usize, ahash::RandomState>,
    HashMap<String, Option<usize>, ahash::RandomState>,
);

fn file_names(reports: &[Arc<Report>]) -> FileNames {
    let mut paths: HashMap<String, usize, ahash::RandomState> = HashMap::default();
    let mut stems: HashMap<String, Option<usize>, ahash::RandomState> = HashMap::default();
    for (i, report) in reports.iter().enumerate() {
        let path = report.path.to_string_lossy().replace('\\', "/");
        let path = without_markdown_extension(&path).to_string();
        let stem = path.rsplit('/').next().unwrap_or_default().to_string();
        paths.entry(path).or_insert(i);
        stems
            .entry(stem)
            .and_modify(|e| *e = None)
            .or_insert(Some(i));
    }
    (paths, stems)
}

/// The related incidents of every report made the slugs they name, each once: a value that
/// names no report is E035 (with the closest slug as help), one that names the report itself
/// W013; both are left out. A draft's are warnings when drafts are softened.
fn resolve_related(reports: &mut [Arc<Report>], drafts: Drafts) {
    let naming = |r: &Arc<Report>| {
        r.parsed
            .incident
            .as_ref()
            .is_some_and(|i| !i.related.is_empty())
    };
    if !reports.iter().any(naming) {
        return;
    }
    let mut changes: Vec<(
        usize,
        Vec<crate::incident::Spanned<String>>,
        Vec<Diagnostic>,
    )> = Vec::new();
    {
        let mut names = ReportNames::new(reports);
        for (n, report) in reports.iter().enumerate().filter(|(_, r)| naming(r)) {
            let Some(incident) = &report.parsed.incident else {
                continue;
            };
            let (related, mut found) = related_of(incident, &report.display, &mut names);
            if drafts == Drafts::Softened && report.parsed.draft {
                soften_for_draft(&mut found);
            }
            if related != incident.related || !found.is_empty() {
                changes.push((n, related, found));
            }
        }
    }
    for (n, related, found) in changes {
        let report = Arc::make_mut(&mut reports[n]);
        if let Some(incident) = report.parsed.incident.as_mut() {
            incident.related = related;
            if report.hash.is_some() {
                report.hash = Some(crate::hash::quick_hash(incident));
            }
        }
        report.parsed.diagnostics.extend(found);
    }
}

/// The slug closest to `written`: compared whole, then without the date that starts most
/// file names (`instance-crash` for `2025-01-15-instance-crash`).
fn closest_slug<'r>(written: &str, names: &ReportNames<'r>) -> Option<&'r str> {
    if let Some(slug) = crate::diagnostic::closest(written, names.slugs()) {
        return Some(slug);
    }
    let undated = |slug: &'r str| -> &'r str {
        let date = slug.len() > 11
            && slug.as_bytes()[..11].iter().enumerate().all(|(i, b)| {
                matches!(i, 4 | 7 | 10) == (*b == b'-') && (*b == b'-' || b.is_ascii_digit())
            });
        if date { &slug[11..] } else { slug }
    };
    let tail = crate::diagnostic::closest(written, names.slugs().map(undated))?;
    names.slugs().find(|slug| undated(slug) == tail)
}

/// The slugs `incident`'s related values name, each once, and the problems with them.
fn related_of(
    incident: &Incident,
    display: &Path,
    names: &mut ReportNames,
) -> (Vec<crate::incident::Spanned<String>>, Vec<Diagnostic>) {
    let mut related: Vec<crate::incident::Spanned<String>> = Vec::new();
    let mut found = Vec::new();
    for value in &incident.related {
        let span = value.span;
        let at = Location::new(display, span.line, span.column, span.len);
        match names.find(&value.value) {
            Some(slug) if slug == incident.slug.value => found.push(
                Diagnostic::new(
                    Code::SelfRelated,
                    at,
                    format!("`{}` is this report itself (ignored)", value.value),
                )
                .with_help("remove it: a page lists the other incidents its report names and those that name it"),
            ),
            Some(slug) => {
                if !related.iter().any(|r| r.value == slug) {
                    related.push(crate::incident::Spanned::new(slug.to_string(), span));
                }
            }
            None => {
                let help = closest_slug(without_markdown_extension(&value.value), names)
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| {
                        "write the URL name of a report (its file name without `.md`) or its file name".to_string()
                    });
                found.push(
                    Diagnostic::new(
                        Code::UnknownRelated,
                        at,
                        format!("no report is named `{}` (related incident)", value.value),
                    )
                    .with_label("neither a report's URL name nor its file name")
                    .with_help(help),
                );
            }
        }
    }
    (related, found)
}

/// Keeps the reports `wanted` (all when None) and their problems, clashes included, sorted by
/// file, line and column.
fn select(
    reports: &mut Vec<Arc<Report>>,
    diagnostics: &mut Vec<Diagnostic>,
    clashes: Vec<(Vec<usize>, Diagnostic)>,
    wanted: Option<&HashSet<PathBuf>>,
) {
    let selected = |i: usize| match wanted {
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
    diagnostics.sort_by(by_place);
    if let Some(set) = wanted {
        let keep: Vec<bool> = (0..reports.len())
            .map(|i| set.contains(&reports[i].path))
            .collect();
        let mut k = keep.iter();
        reports.retain(|_| *k.next().unwrap_or(&false));
    }
}

/// The order diagnostics are shown in: by file, line and column, errors first, then by code.
fn by_place(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    fn place(d: &Diagnostic) -> (&PathBuf, usize, usize) {
        (&d.location.file, d.location.line, d.location.column)
    }
    place(a)
        .cmp(&place(b))
        .then(a.severity.cmp(&b.severity))
        .then(a.code.cmp(&b.code))
}

/// Whether `path` (relative to the content folder) is one of the refused `links` or lies
/// below one.
fn behind_outside_link(links: &[OutsideLink], path: &Path) -> bool {
    links.iter().any(|link| path.starts_with(&link.path))
}

/// E033: a link of the content folder that is not followed.
fn outside_link(content_dir: &Path, link: &OutsideLink) -> Diagnostic {
    let shown = display_path(&content_dir.join(&link.path));
    let what = if link.path.as_os_str().is_empty() {
        "the content folder"
    } else {
        "this symbolic link"
    };
    let message = if link.hidden {
        format!(
            "{what} points to `{}`, a hidden file or folder of the site root: it is not read",
            link.target.display()
        )
    } else {
        format!(
            "{what} points to `{}`, outside the site root: it is not read",
            link.target.display()
        )
    };
    Diagnostic::new(Code::LinkLeadsOut, Location::file(shown), message).with_help(
        "copy what it points to into the content folder, or remove the link; links are followed only inside the site root",
    )
}

/// W012: a file of the content folder that is not published, and the option that would.
fn withheld_file(content_dir: &Path, path: &Path, reading: &Reading) -> Diagnostic {
    let shown = display_path(&content_dir.join(path));
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (message, help) = match reading.withheld(path) {
        Some(Withheld::Active) => (
            format!("not published: `.{extension}` files can run script in the reader's browser"),
            format!(
                "if every author of the content folder is trusted, add `{extension}` to `publish_active_types` in incidex.yaml (see README, “Published files”)"
            ),
        ),
        Some(Withheld::NoExtension) => (
            "not published: a file without an extension has no known type".to_string(),
            "give it the extension of its type, e.g. `.txt`, or of a type added to `publish_types` in incidex.yaml".to_string(),
        ),
        _ => (
            format!("not published: `.{extension}` is not a known passive file type"),
            format!(
                "if it cannot run script (not HTML, SVG, XML or JavaScript), add `{extension}` to `publish_types` in incidex.yaml"
            ),
        ),
    };
    Diagnostic::new(Code::NotPublished, Location::file(shown), message).with_help(help)
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
