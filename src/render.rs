//! Every page of the site as bytes: the template contexts, listings, JSON files and redirects.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::format::Formatter;
use crate::hash::quick_hash;
use crate::incident::{Incident, IncidentDuration, Kind, Severity, cost_totals};
use crate::markdown::{MarkdownOptions, is_safe_url, plain_text, render_with_text};
use crate::output::{OutputError, OutputFile, Sink};
use crate::stats::{Stats, StatsLabels, compute, view};
use crate::theme::{Theme, error_chain};

// Feeds, sitemap and services/tags live in their own modules (children, so that they use the
// renderer's helpers); render.rs only calls them.
mod feeds;
pub mod headers;
mod native;
mod seo;
mod taxonomy;

/// What the renderer needs besides the incidents.
pub struct Inputs<'a> {
    pub config: &'a Config,
    /// Absolute, with a trailing `/`; None leaves out canonical links, feeds and sitemap.
    pub base_url: Option<String>,
    /// The `_index.md` introduction's Markdown.
    pub intro: Option<String>,
    /// Files below the content folder published with the reports (relative paths).
    pub assets: &'a [PathBuf],
    /// Report paths (relative to the content folder) → slug, for links between reports.
    pub report_slugs: HashMap<PathBuf, String>,
}

/// A rendering failure (a template error): exit code 2.
#[derive(Debug)]
pub struct RenderError {
    pub page: String,
    pub message: String,
}

/// Why a site was not rendered in full: a template error or a file that could not be written.
#[derive(Debug)]
pub enum RenderFailure {
    Template(RenderError),
    Write(OutputError),
}

impl From<RenderError> for RenderFailure {
    fn from(e: RenderError) -> Self {
        RenderFailure::Template(e)
    }
}

impl From<OutputError> for RenderFailure {
    fn from(e: OutputError) -> Self {
        RenderFailure::Write(e)
    }
}

/// What a render produced.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    /// Every file of the site.
    pub files: usize,
    /// The HTML pages among them.
    pub pages: usize,
}

/// Counts what passes through to the real sink.
struct Counting<'a> {
    sink: &'a dyn Sink,
    files: AtomicUsize,
    pages: AtomicUsize,
}

impl Counting<'_> {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        self.files.fetch_add(1, Ordering::Relaxed);
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.sink.put(file)
    }
}

/// Where assets are published, below the output folder.
pub const FILES_DIR: &str = "files";

/// Rows per listing page: `severity/critical/`, then `severity/critical/page/2/`…
pub const LISTING_PAGE_SIZE: usize = 100;

/// Rows on the home page: an archive with more lists its newest reports, and the filter
/// script loads the rest from [`LIST_DATA`] when a filter or the search needs them.
pub const HOME_ROWS: usize = 200;

/// The compact list of every incident for the home page's script (a script file, so that it
/// loads from `file://` too).
pub const LIST_DATA: &str = "incidents-list.js";

/// The page of the incident named `slug` alone, with its neighbours in `incidents` (any
/// order); None when there is no such incident.
pub fn render_incident_page(
    theme: &mut Theme,
    inputs: &Inputs,
    incidents: &[&Incident],
    slug: &str,
) -> Result<Option<OutputFile>, RenderError> {
    set_globals(theme, inputs);
    let mut incidents: Vec<&Incident> = incidents.to_vec();
    incidents.sort_by(|a, b| Incident::chronological(b, a));
    let Some(i) = incidents.iter().position(|x| x.slug.value == slug) else {
        return Ok(None);
    };
    let renderer = Renderer {
        theme,
        inputs,
        fmt: Formatter {
            language: inputs.config.language,
            timezone: inputs.config.timezone,
        },
        facts: HashMap::new(),
        native: native_writers(theme, inputs),
    };
    let newer = i.checked_sub(1).map(|j| incidents[j]);
    renderer
        .incident_page(incidents[i], incidents.get(i + 1).copied(), newer)
        .map(|(page, _)| Some(page))
}

/// The native writers of the built-in templates that `theme` keeps, with the same globals as
/// [`set_globals`] gives Tera.
fn native_writers(theme: &Theme, inputs: &Inputs) -> Option<native::Native> {
    let config = inputs.config;
    native::Native::new(
        theme,
        config.language.code(),
        &config.title,
        &feeds::links(theme, inputs),
    )
}

/// Puts what every page shares into the templates' global context, once per build rather
/// than once per page.
fn set_globals(theme: &mut Theme, inputs: &Inputs) {
    let config = inputs.config;
    let key = format!(
        "{}\n{}\n{:?}\n{:?}",
        config.language.code(),
        config.title,
        config.description,
        inputs.base_url
    );
    if theme.globals_for.as_deref() == Some(key.as_str()) {
        return;
    }
    theme.globals_for = Some(key);
    let assets = json!({
        "css": theme.static_path("style.css"),
        "js": theme.static_path("filter.js"),
        "favicon": theme.static_path("favicon.svg"),
    });
    let labels = theme.labels.clone();
    let feed_links = feeds::links(theme, inputs);
    let globals = theme.tera.global_context();
    globals.insert("lang", config.language.code());
    globals.insert("t", &labels);
    globals.insert(
        "site",
        &json!({
            "title": config.title,
            "description": config.description.clone().unwrap_or_default(),
            "base_url": inputs.base_url.clone().unwrap_or_default(),
        }),
    );
    globals.insert("assets", &assets);
    globals.insert("feeds", &feed_links);
}

/// What an earlier render made, by a hash of what it was made from: `serve` renders again
/// only the pages and rows that a change touched. A theme or configuration change must clear it.
#[derive(Default)]
pub struct PageCache {
    /// Incident and listing pages.
    pages: HashMap<u64, Arc<Vec<u8>>>,
    /// Each incident's row, list data line and `incidents.json` item, by the incident's hash.
    rows: HashMap<u64, CachedRow>,
    /// The incidents' hashes by slug, when they were computed as the reports were read: for
    /// the next render only, which does not hash those incidents again.
    known: HashMap<String, u64, ahash::RandomState>,
}

#[derive(Clone)]
struct CachedRow {
    row: tera::Value,
    /// The year of the incident's start, in the site's time zone.
    year: String,
    /// The row's HTML (`incident-row.html`), made when a page first shows it.
    html: Arc<RowHtml>,
    /// The incident's lines of the data files, made with its page.
    lines: Arc<std::sync::OnceLock<DataLines>>,
}

/// An incident's line of [`LIST_DATA`] and its item of `incidents.json`.
struct DataLines {
    list: Vec<u8>,
    json: Vec<u8>,
}

/// A row's HTML for each depth of page that lists incidents: the home page (`./`), a listing's
/// first page (`../../`) and its next pages (`../../../../`). Links in a row are relative, so
/// the HTML differs by depth only; each is rendered once and shared by every page of that depth.
/// With the built-in `incident-row.html`, the row is written once instead, split where the
/// root goes.
#[derive(Default)]
struct RowHtml {
    by_depth: [std::sync::OnceLock<tera::Value>; 3],
    /// The row written by [`native::Native::row`].
    native: Option<native::NativeRow>,
}

/// The rows of every incident, newest first, with their HTML by page depth.
struct Rows {
    values: Vec<tera::Value>,
    html: Vec<Arc<RowHtml>>,
    /// Each incident's year (the listings by year).
    years: Vec<String>,
}

impl PageCache {
    pub fn clear(&mut self) {
        self.pages.clear();
        self.rows.clear();
        self.known.clear();
    }

    /// Gives the next render the [`quick_hash`] of incidents, by slug.
    pub fn know_hashes(&mut self, hashes: impl IntoIterator<Item = (String, u64)>) {
        self.known = hashes.into_iter().collect();
    }
}

/// The cache's view of one render: each incident's hash (by position, newest first), and
/// what every page's links depend on (which reports and files exist).
struct Keys {
    incidents: Vec<u64>,
    links: u64,
    /// The filter chips (their counts), shown on the listing pages.
    filters: u64,
}

/// Hands a page to the sink: taken from the cache when its key is there, else rendered (and
/// remembered when it has a key).
type CachedPut<'a> = dyn Fn(
        Option<u64>,
        String,
        &dyn Fn() -> Result<OutputFile, RenderError>,
    ) -> Result<(), RenderFailure>
    + Sync
    + 'a;

/// Where an incident's page is written.
fn incident_page_file(incident: &Incident) -> String {
    format!("incidents/{}/index.html", incident.slug.value)
}

/// Where page `page` (from 1) of a listing is written.
fn listing_page_file(kind: &str, slug: &str, page: usize) -> String {
    if page == 1 {
        format!("{kind}/{slug}/index.html")
    } else {
        format!("{kind}/{slug}/page/{page}/index.html")
    }
}

impl Keys {
    fn new(
        incidents: &[&Incident],
        inputs: &Inputs,
        known: &HashMap<String, u64, ahash::RandomState>,
    ) -> Keys {
        let mut slugs: Vec<(&PathBuf, &String)> = inputs.report_slugs.iter().collect();
        // Any fixed order will do: by the paths' bytes is the fastest.
        slugs.par_sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        let hash = |i: &&Incident| match known.get(&i.slug.value) {
            Some(hash) => *hash,
            None => quick_hash(i),
        };
        Keys {
            incidents: incidents.par_iter().map(hash).collect(),
            links: quick_hash(&(slugs, inputs.assets, &inputs.intro)),
            filters: 0,
        }
    }

    /// An incident page's: its incident, its neighbours (previous and next links) and links.
    fn incident_page(&self, i: usize) -> u64 {
        let at = |j: Option<usize>| j.and_then(|j| self.incidents.get(j)).copied();
        quick_hash(&(
            "incident",
            self.incidents[i],
            at(i.checked_sub(1)),
            at(Some(i + 1)),
            self.links,
        ))
    }
}

/// Renders the whole site into `sink`. `incidents` may be in any order. With a `cache`, the
/// incident pages whose incident and neighbours did not change are taken from it, and it is
/// refreshed.
pub fn render_site(
    theme: &mut Theme,
    inputs: &Inputs,
    incidents: &[&Incident],
    cache: Option<&mut PageCache>,
    sink: &dyn Sink,
) -> Result<Rendered, RenderFailure> {
    set_globals(theme, inputs);
    let theme: &Theme = theme;
    let mut incidents: Vec<&Incident> = incidents.to_vec();
    // Newest first: the chronological order reversed (so ties never depend on file order).
    incidents.sort_by(|a, b| Incident::chronological(b, a));
    let fmt = Formatter {
        language: inputs.config.language,
        timezone: inputs.config.timezone,
    };
    let mut renderer = Renderer {
        theme,
        inputs,
        fmt,
        facts: HashMap::new(),
        native: native_writers(theme, inputs),
    };
    // A full build shows each title and date on several pages: computed once. A preview
    // rebuild takes most rows and pages from its cache and computes the few it needs.
    if cache.is_none() {
        renderer.facts = incidents
            .par_iter()
            .map(|i| {
                let facts = Facts {
                    title: renderer.title(i),
                    date: renderer.fmt.date(&i.start.value),
                    date_iso: renderer.fmt.date_iso(&i.start.value),
                };
                (*i as *const Incident as usize, facts)
            })
            .collect();
    }
    let renderer = renderer;
    // One row per incident serves the home page and every listing page; the same row is a line
    // of the list data file, next to the incident's item of incidents.json.
    let mut cache = cache;
    let known = cache.as_deref_mut().map(|c| std::mem::take(&mut c.known));
    let mut keys = known.map(|known| Keys::new(&incidents, inputs, &known));
    let shared = SharedRowValues::new(&renderer);
    // Each row with, for a new one, its fields: its data lines are made with its page.
    let (cached_rows, mut fresh): (Vec<CachedRow>, Vec<Option<Row>>) = incidents
        .par_iter()
        .enumerate()
        .map(|(n, i)| {
            let previous = cache.as_deref().zip(keys.as_ref());
            if let Some(row) = previous.and_then(|(c, k)| c.rows.get(&k.incidents[n])) {
                return (row.clone(), None);
            }
            let row = renderer.row(i);
            let native = renderer.native.as_ref().filter(|w| w.rows);
            let value = if native.is_some_and(|w| w.rows_counted_only) {
                // Only counted (`incidents | length`): a placeholder, without the memory and
                // time of a map of fields per incident.
                tera::Value::none()
            } else {
                row.value(&shared, i)
            };
            let cached = CachedRow {
                row: value,
                year: row.year.clone(),
                html: Arc::new(RowHtml {
                    native: native.map(|w| w.row(&row)),
                    ..RowHtml::default()
                }),
                lines: Arc::default(),
            };
            (cached, Some(row))
        })
        .unzip();
    // Shared, not copied: a row's value and lines are reference-counted.
    let rows = Rows {
        values: cached_rows.iter().map(|r| r.row.clone()).collect(),
        html: cached_rows.iter().map(|r| r.html.clone()).collect(),
        years: cached_rows.iter().map(|r| r.year.clone()).collect(),
    };
    let lines: Vec<Arc<std::sync::OnceLock<DataLines>>> =
        cached_rows.iter().map(|r| r.lines.clone()).collect();
    if let (Some(cache), Some(keys)) = (cache.as_deref_mut(), keys.as_ref()) {
        cache.rows = keys.incidents.iter().copied().zip(cached_rows).collect();
    } else {
        drop(cached_rows);
    }
    let filters = renderer.filters(&incidents, &rows.years);
    if let Some(keys) = keys.as_mut() {
        keys.filters = quick_hash(&filters.to_string());
    }
    let filters = tera::Value::from_serializable(&filters);
    // Remembers the pages written, for the sitemap.
    let recorder = seo::Recorder::new(sink);
    let out = Counting {
        sink: &recorder,
        files: AtomicUsize::new(0),
        pages: AtomicUsize::new(0),
    };

    // With a cache, a page whose inputs did not change since the cached build is taken from it.
    let neighbours = |i: usize| {
        let newer = i.checked_sub(1).map(|j| incidents[j]);
        (incidents.get(i + 1).copied(), newer)
    };
    let previous = cache.as_deref().map(|c| &c.pages);
    let made: Mutex<Vec<(u64, Arc<Vec<u8>>)>> = Mutex::default();
    // Takes a page from the cache, or renders it and remembers it.
    let cached: &CachedPut = &|key: Option<u64>,
                               path: String,
                               render: &dyn Fn() -> Result<OutputFile, RenderError>|
     -> Result<(), RenderFailure> {
        let Some(key) = key else {
            return Ok(out.put(render()?)?);
        };
        let bytes = match previous.and_then(|p| p.get(&key)) {
            Some(bytes) => bytes.clone(),
            None => render()?.bytes,
        };
        made.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, bytes.clone()));
        Ok(out.put(OutputFile { path, bytes })?)
    };
    // The order keeps memory low: each kind of data is dropped once used (without a cache,
    // nothing else holds it). First the pages that list rows…
    let (home, listed) = rayon::join(
        || renderer.home(&incidents, &rows, &filters),
        || renderer.listings(&incidents, &rows, &filters, keys.as_ref(), &cached),
    );
    out.put(home?)?;
    listed?;
    free_in_background(rows);
    // …then the incident pages, in parallel: the bulk of the work, each handed to the sink as
    // soon as it is rendered. A new row's data lines are made from the texts its page read.
    // The statistics are computed meanwhile…
    let titles = |i: &Incident| renderer.title(i);
    let pages = || {
        incidents
            .par_iter()
            .zip(fresh.par_iter_mut())
            .enumerate()
            .try_for_each(|(i, (incident, row))| -> Result<(), RenderFailure> {
                let (older, newer) = neighbours(i);
                let key = keys.as_ref().map(|k| k.incident_page(i));
                let texts = Mutex::new(None);
                cached(key, incident_page_file(incident), &|| {
                    let (page, read) = renderer.incident_page(incident, older, newer)?;
                    *texts.lock().unwrap_or_else(|e| e.into_inner()) = Some(read);
                    Ok(page)
                })?;
                if lines[i].get().is_none() {
                    let texts = texts.into_inner().unwrap_or_else(|e| e.into_inner());
                    let texts = texts.unwrap_or_else(|| PageTexts::of(incident));
                    let row = row.take().unwrap_or_else(|| renderer.row(incident));
                    let _ = lines[i].set(renderer.data_lines(incident, &row, texts));
                }
                Ok(())
            })
    };
    let (pages, stats) = rayon::join(pages, || {
        compute(&incidents, inputs.config.timezone, &titles)
    });
    pages?;
    drop(fresh);
    if let Some(cache) = cache {
        cache.pages = made
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .collect();
    }
    // …then the two data files made of those lines, while the other pages and files are
    // written…
    let data_files = || -> Result<(), RenderFailure> {
        let data: Vec<&DataLines> = lines.iter().filter_map(|l| l.get()).collect();
        let list_lines: Vec<&[u8]> = data.iter().map(|l| l.list.as_slice()).collect();
        out.put(renderer.list_data(&list_lines))?;
        // One incident per line: compact, yet a diff between two builds shows what changed.
        let json_lines: Vec<&[u8]> = data.iter().map(|l| l.json.as_slice()).collect();
        out.put(json_lines_array("incidents.json", &json_lines))?;
        Ok(())
    };
    let other_files = || -> Result<(), RenderFailure> {
        out.put(renderer.stats_page(&stats)?)?;
        out.put(renderer.actions_page(&incidents)?)?;
        out.put(json_file("stats.json", &stats, true))?;
        out.put(renderer.not_found()?)?;
        out.put(headers::headers_file())?;
        for incident in &incidents {
            for alias in &incident.aliases {
                out.put(renderer.redirect(&alias.value, incident)?)?;
            }
        }
        for file in theme.statics.values() {
            out.put(OutputFile {
                path: file.path.clone(),
                bytes: file.bytes.clone().into(),
            })?;
        }
        let content_dir = inputs.config.content_path();
        let reading = crate::discover::Reading::for_site(inputs.config);
        for asset in inputs.assets {
            // Discovery withheld these already; checked again where the bytes are published.
            if reading.withheld(asset).is_some() {
                continue;
            }
            if let Ok(bytes) = std::fs::read(content_dir.join(asset)) {
                out.put(OutputFile {
                    path: format!("{FILES_DIR}/{}", slash_path(asset)),
                    bytes: bytes.into(),
                })?;
            }
        }
        Ok(())
    };
    let (data, other) = rayon::join(data_files, other_files);
    data?;
    other?;
    free_in_background(lines);
    // Atom feeds, then the sitemap (of every page written above) and robots.txt.
    renderer.feeds(&incidents, &out)?;
    renderer.sitemap(&incidents, recorder.pages(), &out)?;
    Ok(Rendered {
        files: out.files.into_inner(),
        pages: out.pages.into_inner(),
    })
}

/// Frees `value` on a thread of its own: freeing many small parts is serial work that the
/// build need not wait for (without a thread, here and now).
fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("incidex-free".into())
        .spawn(move || drop(value));
}

/// The statistics exactly as [`render_site`] computes them (with the titles the pages show),
/// and the bytes of its `stats.json`: for `incidex stats`, without rendering any page.
pub fn site_stats(theme: &Theme, inputs: &Inputs, incidents: &[&Incident]) -> (Stats, Vec<u8>) {
    let fmt = Formatter::new(inputs.config.language, inputs.config.timezone);
    let renderer = Renderer {
        theme,
        inputs,
        fmt,
        facts: HashMap::new(),
        native: None,
    };
    let titles = |i: &Incident| renderer.title(i);
    let stats = compute(incidents, inputs.config.timezone, &titles);
    let bytes = json_file("stats.json", &stats, true).bytes;
    (stats, Arc::unwrap_or_clone(bytes))
}

fn json_file(path: &str, value: &impl Serialize, pretty: bool) -> OutputFile {
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .unwrap_or_default();
    bytes = inert_json(bytes);
    bytes.push(b'\n');
    OutputFile {
        path: path.to_string(),
        bytes: bytes.into(),
    }
}

/// A JSON array of `items` (each already serialized), one per line: a large list is written
/// without building it as one value tree in memory.
/// The items must already be inert (see [`inert_json`]).
fn json_lines_array(path: &str, items: &[&[u8]]) -> OutputFile {
    let mut bytes = Vec::with_capacity(items.iter().map(|i| i.len() + 2).sum::<usize>() + 4);
    bytes.push(b'[');
    push_lines(&mut bytes, items);
    bytes.extend_from_slice(b"\n]\n");
    OutputFile {
        path: path.to_string(),
        bytes: bytes.into(),
    }
}

/// Appends JSON `items` as the members of an array, one per line.
fn push_lines(bytes: &mut Vec<u8>, items: &[&[u8]]) {
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            bytes.push(b',');
        }
        bytes.push(b'\n');
        bytes.extend_from_slice(item);
    }
}

/// JSON text with `<`, `>` and `&` escaped: they only occur inside JSON strings, and escaping
/// them keeps a report's text inert wherever the JSON ends up (a `<script>` block, a browser
/// sniffing the type).
fn inert_json(bytes: Vec<u8>) -> Vec<u8> {
    let mut found = memchr::memchr3_iter(b'<', b'>', b'&', &bytes).peekable();
    if found.peek().is_none() {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut copied = 0;
    for at in found {
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(match bytes[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        });
        copied = at + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out
}

/// A path with `/` separators.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A report's path as shown on a page or in data: a file name may hold control characters.
fn shown_path(path: &Path) -> String {
    crate::text::replace_unprintable(&slash_path(path)).into_owned()
}

/// `../../` for a page at `incidents/x/`, `./` for the home page.
fn root_of(page_path: &str) -> String {
    let depth = page_path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

struct Renderer<'a> {
    theme: &'a Theme,
    inputs: &'a Inputs<'a>,
    fmt: Formatter,
    /// What many pages show of each incident, by the incident's address, when computed ahead.
    facts: HashMap<usize, Facts>,
    /// The built-in incident page and row without Tera, while the site keeps their templates.
    native: Option<native::Native>,
}

/// An incident's title and start date, formatted once: a build shows them on several pages.
struct Facts {
    title: String,
    date: String,
    date_iso: String,
}

impl Renderer<'_> {
    fn label(&self, path: &[&str]) -> String {
        self.theme.label(path)
    }

    fn severity_label(&self, s: Severity) -> String {
        self.label(&["severity", s.slug()])
    }

    fn kind_label(&self, k: Kind) -> String {
        self.label(&["type", k.slug()])
    }

    fn facts(&self, incident: &Incident) -> Option<&Facts> {
        self.facts.get(&(incident as *const Incident as usize))
    }

    /// The title as written, or "Incident on <date> · <type>".
    fn title(&self, incident: &Incident) -> String {
        if let Some(facts) = self.facts(incident) {
            return facts.title.clone();
        }
        match &incident.title {
            Some(t) if !t.value.trim().is_empty() => without_bidi_controls(t.value.trim()),
            _ => self
                .label(&["untitled"])
                .replace("{date}", &self.fmt.date(&incident.start.value))
                .replace("{type}", &self.kind_label(incident.kind.value)),
        }
    }

    /// The start, formatted for reading.
    fn start_date(&self, incident: &Incident) -> String {
        match self.facts(incident) {
            Some(facts) => facts.date.clone(),
            None => self.fmt.date(&incident.start.value),
        }
    }

    /// The start, as a `datetime` value.
    fn start_date_iso(&self, incident: &Incident) -> String {
        match self.facts(incident) {
            Some(facts) => facts.date_iso.clone(),
            None => self.fmt.date_iso(&incident.start.value),
        }
    }

    fn duration(&self, incident: &Incident) -> String {
        match &incident.duration.value {
            IncidentDuration::Known(d) => self.fmt.duration_value(d),
            IncidentDuration::Ongoing => self.label(&["ongoing"]),
        }
    }

    /// Lost + resolution, per currency, formatted; empty when neither is given.
    fn total_cost(&self, incident: &Incident) -> String {
        cost_totals([incident])
            .iter()
            .map(|(currency, (amount, approx))| self.fmt.money(amount, currency, *approx))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn severity_chip(&self, incident: &Incident) -> Chip {
        Chip {
            slug: incident.severity.value.slug(),
            label: self.severity_label(incident.severity.value),
        }
    }

    fn kind_chip(&self, incident: &Incident) -> Chip {
        Chip {
            slug: incident.kind.value.slug(),
            label: self.kind_label(incident.kind.value),
        }
    }

    fn impact<'i>(&self, incident: &'i Incident) -> Impact<'i> {
        let impact = &incident.user_impact.value;
        Impact {
            affected: impact.affected,
            label: self.label(&["impact", if impact.affected { "yes" } else { "no" }]),
            description: impact.description.as_deref().unwrap_or(""),
        }
    }

    /// A list row for `incident`; its `path` is relative to the site root.
    fn row<'i>(&self, incident: &'i Incident) -> Row<'i> {
        let date_iso = self.start_date_iso(incident);
        let title = self.title(incident);
        Row {
            slug: &incident.slug.value,
            path: format!("incidents/{}/", incident.slug.value),
            search: crate::text::fold(&title),
            title,
            date: self.start_date(incident),
            year: date_iso.get(..4).unwrap_or("").to_string(),
            date_iso,
            severity: self.severity_chip(incident),
            kind: self.kind_chip(incident),
            duration: self.duration(incident),
            ongoing: matches!(incident.duration.value, IncidentDuration::Ongoing),
            impact: self.impact(incident),
            cost: self.total_cost(incident),
            draft: incident.draft,
            services: taxonomy::slugs(&incident.services),
            tags: taxonomy::slugs(&incident.tags),
        }
    }

    /// What every page gets as `root` and `page`.
    fn page_view<'p>(
        &self,
        kind: &'p str,
        path: &'p str,
        title: &'p str,
        description: &'p str,
    ) -> PageValues<'p> {
        let root = if kind == "404" {
            self.inputs
                .base_url
                .clone()
                .unwrap_or_else(|| "/".to_string())
        } else {
            root_of(path)
        };
        let canonical = match (&self.inputs.base_url, kind) {
            (Some(base), k) if k != "404" && k != "redirect" => format!("{base}{path}"),
            _ => String::new(),
        };
        PageValues {
            root,
            canonical,
            kind,
            title,
            description,
            path,
        }
    }

    /// The context every page shares.
    fn base(&self, kind: &str, path: &str, title: &str, description: &str) -> tera::Context {
        let page = self.page_view(kind, path, title, description);
        // `lang`, `t`, `site`, `assets` and `feeds` are the same on every page: they are in the
        // templates' global context (see `set_globals`).
        let mut ctx = tera::Context::new();
        ctx.insert("root", &page.root);
        ctx.insert("page", &page.view());
        ctx
    }

    /// Gives the page at `page_path` its rows `shown`: `incidents`, the rows' fields, and
    /// `incidents_html`, the same rows rendered by `incident-row.html`.
    fn insert_rows(
        &self,
        ctx: &mut tera::Context,
        rows: &Rows,
        shown: impl Iterator<Item = usize>,
        page_path: &str,
    ) -> Result<(), RenderError> {
        let root = root_of(page_path);
        let depth = ["./", "../../", "../../../../"]
            .iter()
            .position(|d| *d == root);
        // A row lists all its services and tags for the home page's filters only: on the
        // listings, which show a report once per name it has, that would be quadratic.
        let on_home = page_path.is_empty();
        let mut values = Vec::new();
        let mut html = Vec::new();
        for n in shown {
            let render = || -> Result<tera::Value, RenderError> {
                let mut ctx = tera::Context::new();
                ctx.insert("root", &root);
                ctx.insert("on_home", &on_home);
                ctx.insert_value("row", rows.values[n].clone());
                let mut html = Vec::with_capacity(2048);
                self.theme
                    .tera
                    .render_to("incident-row.html", &ctx, &mut html)
                    .map_err(|e| RenderError {
                        page: page_path.to_string(),
                        message: format!("template incident-row.html: {}", error_chain(&e)),
                    })?;
                Ok(tera::Value::safe_string(&String::from_utf8_lossy(&html)))
            };
            html.push(match (&rows.html[n].native, depth) {
                (Some(native), _) => tera::Value::safe_string(&native.for_page(&root, on_home)),
                (None, Some(d)) => match rows.html[n].by_depth[d].get() {
                    Some(html) => html.clone(),
                    None => {
                        let html = render()?;
                        rows.html[n].by_depth[d].get_or_init(|| html).clone()
                    }
                },
                (None, None) => render()?,
            });
            values.push(rows.values[n].clone());
        }
        ctx.insert_value("incidents", tera::Value::from(values));
        ctx.insert_value("incidents_html", tera::Value::from(html));
        Ok(())
    }

    fn render(
        &self,
        template: &str,
        ctx: &tera::Context,
        path: &str,
    ) -> Result<OutputFile, RenderError> {
        // Straight into bytes: no second pass to check the UTF-8 of what Tera wrote.
        let mut html = Vec::with_capacity(16 * 1024);
        self.theme
            .tera
            .render_to(template, ctx, &mut html)
            .map_err(|e| RenderError {
                page: path.to_string(),
                message: format!("template {template}: {}", error_chain(&e)),
            })?;
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Ok(OutputFile {
            path: file,
            bytes: html.into(),
        })
    }

    /// Markdown of a report rendered for a page at `page_path`; relative links resolved from the
    /// report's folder `source_dir` (relative to the content folder).
    fn markdown(
        &self,
        markdown: &str,
        source_dir: &Path,
        page_path: &str,
        heading_offset: u8,
        footnote_scope: Option<u32>,
        text: Option<&mut String>,
    ) -> String {
        let options = MarkdownOptions {
            allow_raw_html: self.inputs.config.allow_raw_html,
            heading_offset,
            footnote_scope,
        };
        let root = root_of(page_path);
        let resolve = |dest: &str| self.resolve_link(dest, source_dir, &root);
        render_with_text(markdown, &options, &resolve, text)
    }

    /// A relative link in a report: another report becomes its page, a published file its copy.
    fn resolve_link(&self, dest: &str, source_dir: &Path, root: &str) -> Option<String> {
        let (path_part, fragment) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let decoded = percent_decode(path_part);
        let target = normalize(&source_dir.join(&decoded))?;
        if let Some(slug) = self.inputs.report_slugs.get(&target) {
            return Some(format!("{root}incidents/{slug}/{fragment}"));
        }
        if self.inputs.assets.contains(&target) {
            return Some(format!(
                "{root}{FILES_DIR}/{}{fragment}",
                slash_path(&target)
            ));
        }
        None
    }

    fn home(
        &self,
        incidents: &[&Incident],
        rows: &Rows,
        filters: &tera::Value,
    ) -> Result<OutputFile, RenderError> {
        let config = self.inputs.config;
        let description = config.description.clone().unwrap_or_else(|| {
            self.label(&["description", "home"])
                .replace("{count}", &incidents.len().to_string())
        });
        let mut ctx = self.base("home", "", &config.title, &description);
        let intro = self
            .inputs
            .intro
            .as_deref()
            .map(|md| self.markdown(md, Path::new(""), "", 1, None, None))
            .unwrap_or_default();
        ctx.insert("intro_html", &intro);
        let downtime: u64 = incidents
            .iter()
            .filter_map(|i| i.cost.downtime.as_ref())
            .map(|d| d.value.seconds)
            .sum();
        let costs = cost_totals(incidents.iter().copied());
        ctx.insert(
            "headline",
            &json!({
                "reports": self.fmt.number(incidents.len()),
                "downtime": self.fmt.duration(downtime),
                "costs": costs.iter().map(|(c, (a, approx))| self.fmt.money(a, c, *approx)).collect::<Vec<_>>(),
                "last_incident": incidents.first().map(|i| self.fmt.date(&i.start.value)).unwrap_or_default(),
            }),
        );
        ctx.insert_value("filters", filters.clone());
        let total = rows.values.len();
        let shown = total.min(HOME_ROWS);
        self.insert_rows(&mut ctx, rows, 0..shown, "")?;
        ctx.insert(
            "list",
            &json!({"total": total, "complete": shown == total, "data": LIST_DATA}),
        );
        self.render("home.html", &ctx, "")
    }

    /// [`LIST_DATA`]: every incident as an array, in the order of [`LIST_COLUMNS`], with the
    /// labels once; read by the filter script when the home page does not list them all.
    fn list_data(&self, rows: &[&[u8]]) -> OutputFile {
        let labels = |slugs: &mut dyn Iterator<Item = (&'static str, String)>| -> Value {
            Value::Object(
                slugs
                    .map(|(k, v)| (k.to_string(), Value::String(v)))
                    .collect(),
            )
        };
        let data = json!({
            "columns": LIST_COLUMNS,
            "severity": labels(&mut Severity::ALL.iter().map(|s| (s.slug(), self.severity_label(*s)))),
            "type": labels(&mut Kind::ALL.iter().map(|k| (k.slug(), self.kind_label(*k)))),
            "impact": {"yes": self.label(&["impact", "yes"]), "no": self.label(&["impact", "no"])},
            "labels": {"draft": self.label(&["draft"]), "ongoing": self.label(&["ongoing"]),
                       "not_given": self.label(&["table", "not_given"])},
        });
        let head = json_file(LIST_DATA, &data, false);
        // The rows follow, as the object's last member.
        let head = head.bytes.trim_ascii_end();
        let head = head.strip_suffix(b"}").unwrap_or(head);
        let mut bytes = Vec::with_capacity(rows.iter().map(|r| r.len() + 2).sum::<usize>() + 1024);
        bytes.extend_from_slice(b"incidexList(");
        bytes.extend_from_slice(head);
        bytes.extend_from_slice(b",\"rows\":[");
        push_lines(&mut bytes, rows);
        bytes.extend_from_slice(b"]});\n");
        OutputFile {
            path: LIST_DATA.to_string(),
            bytes: bytes.into(),
        }
    }

    /// The chips of the filter bar, linking to the static listings (`path` from the site root).
    fn filters(&self, incidents: &[&Incident], years: &[String]) -> Value {
        let severity: Vec<Value> = Severity::ALL
            .iter()
            .map(|s| {
                let count = incidents.iter().filter(|i| i.severity.value == *s).count();
                json!({"slug": s.slug(), "label": self.severity_label(*s), "count": count,
                       "path": format!("severity/{}/", s.slug())})
            })
            .collect();
        let kind: Vec<Value> = Kind::ALL
            .iter()
            .map(|k| {
                let count = incidents.iter().filter(|i| i.kind.value == *k).count();
                json!({"slug": k.slug(), "label": self.kind_label(*k), "count": count,
                       "path": format!("type/{}/", k.slug())})
            })
            .collect();
        // The newest years only: every listing page carries these chips, and an archive may
        // span thousands of years (any year 0001-9999 is a date): the year index lists them all.
        let counts = year_counts(years);
        let year: Vec<Value> = counts
            .iter()
            .rev()
            .take(taxonomy::HOME_CHIPS)
            .map(|(y, n)| json!({"slug": y, "label": y, "count": n, "path": format!("year/{y}/")}))
            .collect();
        let mut filters = json!({"severity": severity, "type": kind, "year": year});
        self.taxonomy_filters(incidents, &mut filters);
        filters["index"]["year"] = json!({"count": counts.len(), "path": "year/"});
        filters
    }

    /// Every listing page (by severity, type and year), paginated, into `out`.
    fn listings(
        &self,
        incidents: &[&Incident],
        rows: &Rows,
        filters: &tera::Value,
        keys: Option<&Keys>,
        cached: &CachedPut,
    ) -> Result<(), RenderFailure> {
        // Positions in `incidents` (newest first) of each listing's incidents.
        let mut groups: Vec<(&str, String, String, Vec<usize>)> = Vec::new();
        for s in Severity::ALL {
            groups.push((
                "severity",
                s.slug().into(),
                self.severity_label(s),
                Vec::new(),
            ));
        }
        for k in Kind::ALL {
            groups.push(("type", k.slug().into(), self.kind_label(k), Vec::new()));
        }
        let severities = Severity::ALL.len();
        let years: Vec<&str> = year_counts(&rows.years).into_keys().collect();
        for year in &years {
            groups.push(("year", year.to_string(), year.to_string(), Vec::new()));
        }
        let year_base = severities + Kind::ALL.len();
        for (n, incident) in incidents.iter().enumerate() {
            let s = Severity::ALL
                .iter()
                .position(|s| *s == incident.severity.value);
            let k = Kind::ALL.iter().position(|k| *k == incident.kind.value);
            let y = years.binary_search(&rows.years[n].as_str());
            for index in [s, k.map(|k| severities + k), y.ok().map(|y| year_base + y)]
                .into_iter()
                .flatten()
            {
                groups[index].3.push(n);
            }
        }
        groups.extend(self.taxonomy_groups(incidents));
        self.taxonomy_indexes(&groups, cached)?;
        self.year_index(&groups, cached)?;
        // Every page of every listing, rendered in parallel.
        let pages: Vec<(usize, usize)> = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                let count = group.3.len().div_ceil(LISTING_PAGE_SIZE).max(1);
                (1..=count).map(move |page| (g, page))
            })
            .collect();
        let downtimes: Vec<String> = groups
            .par_iter()
            .map(|(_, _, _, members)| self.downtime_of(incidents, members))
            .collect();
        pages.into_par_iter().try_for_each(|(g, page)| {
            let (kind, slug, name, members) = &groups[g];
            let downtime = &downtimes[g];
            // A page shows its own rows, the listing's count and downtime, and the chips: a
            // change to one report renders again only the pages that show it.
            let key = keys.map(|k| {
                let shown: Vec<u64> = members
                    .iter()
                    .skip((page - 1) * LISTING_PAGE_SIZE)
                    .take(LISTING_PAGE_SIZE)
                    .map(|&n| k.incidents[n])
                    .collect();
                let count = members.len();
                quick_hash(&(
                    "listing", kind, slug, page, count, downtime, shown, k.filters,
                ))
            });
            cached(key, listing_page_file(kind, slug, page), &|| {
                self.listing(kind, slug, name, members, page, rows, filters, downtime)
            })
        })
    }

    /// Page `page` (from 1) of one listing.
    #[allow(clippy::too_many_arguments)]
    fn listing(
        &self,
        kind: &str,
        slug: &str,
        name: &str,
        members: &[usize],
        page: usize,
        rows: &Rows,
        filters: &tera::Value,
        downtime: &str,
    ) -> Result<OutputFile, RenderError> {
        let first = format!("{kind}/{slug}/");
        let page_path = |n: usize| {
            if n == 1 {
                first.clone()
            } else {
                format!("{first}page/{n}/")
            }
        };
        let path = page_path(page);
        let pages = members.len().div_ceil(LISTING_PAGE_SIZE).max(1);
        let mut title = self.label(&["listing", kind]).replace("{name}", name);
        if page > 1 {
            title = self
                .label(&["pagination", "title"])
                .replace("{title}", &title)
                .replace("{page}", &page.to_string())
                .replace("{pages}", &pages.to_string());
        }
        let description = self
            .label(&["description", "listing"])
            .replace("{name}", name)
            .replace("{count}", &members.len().to_string());
        let mut ctx = self.base("listing", &path, &title, &description);
        ctx.insert(
            "listing",
            &json!({"kind": kind, "slug": slug, "title": name, "count": members.len(), "downtime": downtime}),
        );
        ctx.insert_value("filters", filters.clone());
        let start = (page - 1) * LISTING_PAGE_SIZE;
        let shown = members.iter().skip(start).take(LISTING_PAGE_SIZE).copied();
        self.insert_rows(&mut ctx, rows, shown, &path)?;
        ctx.insert("pagination", &pagination(page, pages, &page_path));
        self.render("listing.html", &ctx, &path)
    }

    /// An incident's page, and the plain text of its summary and of the sections the search
    /// covers, read from the same Markdown as the page (for the data files).
    fn incident_page(
        &self,
        incident: &Incident,
        older: Option<&Incident>,
        newer: Option<&Incident>,
    ) -> Result<(OutputFile, PageTexts), RenderError> {
        let path = format!("incidents/{}/", incident.slug.value);
        let root = root_of(&path);
        let title = self.title(incident);
        let source_dir = incident
            .source
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let mut texts = PageTexts::default();
        // The page's documents (summary, then sections) number their footnotes apart.
        let summary_html = self.markdown(
            &incident.summary,
            &source_dir,
            &path,
            2,
            Some(0),
            Some(&mut texts.summary),
        );
        texts.searched = texts.summary.clone();
        // The summary's first words, for search engines and link previews; else a sentence.
        let summary = &texts.summary;
        let description = if summary.trim().is_empty() {
            self.label(&["description", "incident"])
                .replace("{title}", &title)
        } else {
            shortened(summary, 160)
        };
        let mut cost_lines = Vec::new();
        if let Some(d) = &incident.cost.downtime {
            cost_lines.push(LabelValue {
                label: self.label(&["cost_line", "downtime"]).into(),
                value: self.fmt.duration_value(&d.value).into(),
            });
        }
        if let Some(m) = &incident.cost.lost {
            cost_lines.push(LabelValue {
                label: self.label(&["cost_line", "lost"]).into(),
                value: self.fmt.money_value(&m.value).into(),
            });
        }
        if let Some(m) = &incident.cost.resolution {
            cost_lines.push(LabelValue {
                label: self.label(&["cost_line", "resolution"]).into(),
                value: self.fmt.money_value(&m.value).into(),
            });
        }

        let mut timeline = vec![TimelineStep {
            label: self.label(&["timeline", "start"]),
            date: self.start_date(incident),
            date_iso: self.start_date_iso(incident),
        }];
        for (key, ts) in [
            ("detected", &incident.detected),
            ("mitigated", &incident.mitigated),
            ("resolved", &incident.resolved),
        ] {
            if let Some(ts) = ts {
                timeline.push(TimelineStep {
                    label: self.label(&["timeline", key]),
                    date: self.fmt.date(&ts.value),
                    date_iso: self.fmt.date_iso(&ts.value),
                });
            }
        }

        let sections: Vec<SectionView> = incident
            .sections
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let (key, title) = match s.kind {
                    Some(k) => (k.key(), self.label(&["section", k.key()])),
                    None => ("other", s.heading.clone()),
                };
                let mut text = String::new();
                let searched = is_searched(s);
                let scope = u32::try_from(n + 1).unwrap_or(u32::MAX);
                // The references are shown as a list: the section's other text follows it.
                let markdown = if s.kind == Some(crate::incident::SectionKind::References)
                    && !incident.references.is_empty()
                {
                    std::borrow::Cow::Owned(crate::parse::lines::without_field_lines(&s.markdown))
                } else {
                    std::borrow::Cow::Borrowed(s.markdown.as_str())
                };
                let html = self.markdown(
                    &markdown,
                    &source_dir,
                    &path,
                    2,
                    Some(scope),
                    searched.then_some(&mut text),
                );
                if searched {
                    texts.searched.push(' ');
                    texts.searched.push_str(&text);
                }
                SectionView { key, title, html }
            })
            .collect();

        // Typed rather than built as a JSON value: the page's Markdown is copied once.
        let view = IncidentView {
            title,
            slug: &incident.slug.value,
            date: self.start_date(incident),
            date_iso: self.start_date_iso(incident),
            severity: self.severity_chip(incident),
            kind: self.kind_chip(incident),
            duration: self.duration(incident),
            ongoing: matches!(incident.duration.value, IncidentDuration::Ongoing),
            impact: self.impact(incident),
            cost_lines,
            services: incident.services.iter().map(|s| s.value.as_str()).collect(),
            tags: incident.tags.iter().map(|s| s.value.as_str()).collect(),
            extra_fields: incident
                .extra_fields
                .iter()
                .map(|f| LabelValue {
                    label: f.label.as_str().into(),
                    value: f.value.as_str().into(),
                })
                .collect(),
            timeline,
            draft: incident.draft,
            summary_html,
            sections,
            references: self.references(incident, &source_dir, &root),
            source: shown_path(&incident.source),
        };
        let neighbour = |i: Option<&Incident>| {
            i.map(|i| Neighbour {
                title: self.title(i),
                href: format!("{root}incidents/{}/", i.slug.value),
                date: self.start_date(i),
            })
        };
        let (prev, next) = (neighbour(older), neighbour(newer));
        if let Some(native) = self.native.as_ref().filter(|n| n.pages) {
            let page = self.page_view("incident", &path, &view.title, &description);
            let bytes = native.incident_page(
                &page.view(),
                &page.root,
                &view,
                prev.as_ref(),
                next.as_ref(),
            );
            let file = OutputFile {
                path: format!("{path}index.html"),
                bytes: bytes.into(),
            };
            return Ok((file, texts));
        }
        let mut ctx = self.base("incident", &path, &view.title, &description);
        ctx.insert("incident", &view);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        Ok((self.render("incident.html", &ctx, &path)?, texts))
    }

    /// References as lists of `{text, href}`; only safe URLs become links.
    fn references(
        &self,
        incident: &Incident,
        source_dir: &Path,
        root: &str,
    ) -> Vec<ReferenceGroup> {
        let refs = &incident.references;
        let link = |text: &str| -> ReferenceItem {
            let t = text.trim();
            let href = if (t.starts_with("https://") || t.starts_with("http://"))
                && !t.contains(char::is_whitespace)
                && is_safe_url(t)
            {
                t.to_string()
            } else if !t.contains(char::is_whitespace) && !t.contains(':') {
                self.resolve_link(t, source_dir, root).unwrap_or_default()
            } else {
                String::new()
            };
            ReferenceItem {
                text: t.to_string(),
                href,
            }
        };
        let mut out = Vec::new();
        if let Some(logs) = &refs.logs {
            out.push(ReferenceGroup {
                label: self.label(&["reference", "logs"]),
                items: vec![link(&logs.value)],
            });
        }
        if let Some(dashboard) = &refs.dashboard {
            out.push(ReferenceGroup {
                label: self.label(&["reference", "dashboard"]),
                items: vec![link(&dashboard.value)],
            });
        }
        if !refs.tickets.is_empty() {
            let items = refs
                .tickets
                .iter()
                .map(|t| {
                    let href = self
                        .inputs
                        .config
                        .ticket_url
                        .as_ref()
                        .map(|pattern| pattern.replace("{ticket}", &percent_encode(&t.value)))
                        .filter(|u| is_safe_url(u))
                        .unwrap_or_default();
                    ReferenceItem {
                        text: t.value.clone(),
                        href,
                    }
                })
                .collect();
            out.push(ReferenceGroup {
                label: self.label(&["reference", "tickets"]),
                items,
            });
        }
        for other in &refs.other {
            let (label, value) = &other.value;
            out.push(ReferenceGroup {
                label: label.clone(),
                items: vec![link(value)],
            });
        }
        out
    }

    fn stats_page(&self, stats: &Stats) -> Result<OutputFile, RenderError> {
        let path = "stats/";
        let root = root_of(path);
        let title = self.label(&["page", "stats"]);
        let description = self.label(&["description", "stats"]);
        let mut ctx = self.base("stats", path, &title, &description);
        let labels = StatsLabels::read(&|path: &[&str]| self.label(path));
        let href = |slug: &str| format!("{root}incidents/{slug}/");
        ctx.insert("stats", &view(stats, &self.fmt, &labels, &href));
        self.render("stats.html", &ctx, path)
    }

    /// `/actions/`: the open action items of every report (see [`crate::actions`]).
    fn actions_page(&self, incidents: &[&Incident]) -> Result<OutputFile, RenderError> {
        let path = "actions/";
        let root = root_of(path);
        let title = self.label(&["page", "actions"]);
        let description = self.label(&["description", "actions"]);
        let mut ctx = self.base("actions", path, &title, &description);
        let href = |slug: &str| format!("{root}incidents/{slug}/");
        let titles = |i: &Incident| self.title(i);
        let actions = crate::actions::actions_context(incidents, &self.fmt, &href, &titles);
        ctx.insert("actions", &actions);
        ctx.insert("actions_script", &self.theme.static_path("actions.js"));
        self.render("actions.html", &ctx, path)
    }

    fn not_found(&self) -> Result<OutputFile, RenderError> {
        let title = self.label(&["page", "not_found"]);
        let ctx = self.base("404", "404.html", &title, &title);
        self.render("404.html", &ctx, "404.html")
    }

    fn redirect(&self, alias: &str, incident: &Incident) -> Result<OutputFile, RenderError> {
        let path = format!("incidents/{alias}/");
        let title = self.title(incident);
        let mut ctx = self.base("redirect", &path, &title, &title);
        ctx.insert("target", &format!("../{}/", incident.slug.value));
        ctx.insert("target_title", &title);
        if let Some(base) = &self.inputs.base_url {
            ctx.insert(
                "page",
                &json!({"kind": "redirect", "title": title, "description": title,
                "canonical": format!("{base}incidents/{}/", incident.slug.value), "path": path}),
            );
        }
        self.render("redirect.html", &ctx, &path)
    }

    /// An incident's data lines, from its row and the texts of its page.
    fn data_lines(&self, incident: &Incident, row: &Row, texts: PageTexts) -> DataLines {
        DataLines {
            list: row.list_item(&search_words(&texts.searched, &row.search)),
            json: self.incidents_json_item(incident, texts.summary),
        }
    }

    /// One incident's item of `/incidents.json` (fields documented in README).
    fn incidents_json_item(&self, i: &Incident, summary: String) -> Vec<u8> {
        fn money(
            m: &Option<crate::incident::Spanned<crate::values::Money>>,
        ) -> Option<JsonMoney<'_>> {
            m.as_ref().map(|m| JsonMoney {
                amount: m.value.amount.to_string(),
                approximate: m.value.approximate,
                currency: &m.value.currency,
                note: m.value.note.as_deref(),
            })
        }
        let ts = |t: &Option<crate::incident::Spanned<crate::values::Timestamp>>| {
            t.as_ref().map(|t| self.fmt.date_iso(&t.value))
        };
        fn values(v: &[crate::incident::Spanned<String>]) -> Vec<&str> {
            v.iter().map(|s| s.value.as_str()).collect()
        }
        let path = format!("incidents/{}/", i.slug.value);
        let item = JsonItem {
            aliases: values(&i.aliases),
            cost: JsonCost {
                downtime_seconds: i.cost.downtime.as_ref().map(|d| d.value.seconds),
                lost: money(&i.cost.lost),
                resolution: money(&i.cost.resolution),
            },
            detected: ts(&i.detected),
            draft: i.draft,
            duration_seconds: match &i.duration.value {
                IncidentDuration::Known(d) => Some(d.seconds),
                IncidentDuration::Ongoing => None,
            },
            mitigated: ts(&i.mitigated),
            ongoing: matches!(i.duration.value, IncidentDuration::Ongoing),
            references: JsonReferences {
                dashboard: i.references.dashboard.as_ref().map(|l| l.value.as_str()),
                logs: i.references.logs.as_ref().map(|l| l.value.as_str()),
                tickets: values(&i.references.tickets),
            },
            resolved: ts(&i.resolved),
            services: values(&i.services),
            severity: i.severity.value.slug(),
            slug: &i.slug.value,
            source: shown_path(&i.source),
            start: self.start_date_iso(i),
            summary,
            tags: values(&i.tags),
            title: self.title(i),
            kind: i.kind.value.slug(),
            url: self.inputs.base_url.as_ref().map(|b| format!("{b}{path}")),
            user_impact: JsonImpact {
                affected: i.user_impact.value.affected,
                description: i.user_impact.value.description.as_deref(),
            },
            path,
        };
        let mut item = inert_json(serde_json::to_vec(&item).unwrap_or_default());
        // Kept until the file is written: without the slack of its growth.
        item.shrink_to_fit();
        item
    }
}

/// An item of `/incidents.json`. The fields are in alphabetical order, the order of the file
/// since its first version (readers may compare files byte for byte).
#[derive(Serialize)]
struct JsonItem<'i> {
    aliases: Vec<&'i str>,
    cost: JsonCost<'i>,
    detected: Option<String>,
    draft: bool,
    duration_seconds: Option<u64>,
    mitigated: Option<String>,
    ongoing: bool,
    path: String,
    references: JsonReferences<'i>,
    resolved: Option<String>,
    services: Vec<&'i str>,
    severity: &'static str,
    slug: &'i str,
    source: String,
    start: String,
    summary: String,
    tags: Vec<&'i str>,
    title: String,
    #[serde(rename = "type")]
    kind: &'static str,
    url: Option<String>,
    user_impact: JsonImpact<'i>,
}

#[derive(Serialize)]
struct JsonCost<'i> {
    downtime_seconds: Option<u64>,
    lost: Option<JsonMoney<'i>>,
    resolution: Option<JsonMoney<'i>>,
}

#[derive(Serialize)]
struct JsonMoney<'i> {
    amount: String,
    approximate: bool,
    currency: &'i str,
    note: Option<&'i str>,
}

#[derive(Serialize)]
struct JsonReferences<'i> {
    dashboard: Option<&'i str>,
    logs: Option<&'i str>,
    tickets: Vec<&'i str>,
}

#[derive(Serialize)]
struct JsonImpact<'i> {
    affected: bool,
    description: Option<&'i str>,
}

/// A labelled value of an incident page (a cost line, a field incidex does not know).
#[derive(Serialize)]
struct LabelValue<'a> {
    label: std::borrow::Cow<'a, str>,
    value: std::borrow::Cow<'a, str>,
}

/// A page's `root` and the owned parts of its `page`.
struct PageValues<'p> {
    root: String,
    canonical: String,
    kind: &'p str,
    title: &'p str,
    description: &'p str,
    path: &'p str,
}

impl PageValues<'_> {
    fn view(&self) -> PageView<'_> {
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
#[derive(Serialize)]
struct PageView<'a> {
    kind: &'a str,
    title: &'a str,
    description: &'a str,
    canonical: &'a str,
    path: &'a str,
}

/// The previous or next incident, as an incident page links to it.
#[derive(Serialize)]
struct Neighbour {
    title: String,
    href: String,
    date: String,
}

/// A step of an incident page's timeline.
#[derive(Serialize)]
struct TimelineStep {
    label: String,
    date: String,
    date_iso: String,
}

/// A group of an incident page's references (logs, dashboard, tickets, others).
#[derive(Serialize)]
struct ReferenceGroup {
    label: String,
    items: Vec<ReferenceItem>,
}

/// A reference: its text, and a link when it is a safe URL (else `href` is empty).
#[derive(Serialize)]
struct ReferenceItem {
    text: String,
    href: String,
}

/// What `incident.html` gets as `incident` (the template contract is in the theme's README).
#[derive(Serialize)]
struct IncidentView<'i> {
    title: String,
    slug: &'i str,
    date: String,
    date_iso: String,
    severity: Chip,
    #[serde(rename = "type")]
    kind: Chip,
    duration: String,
    ongoing: bool,
    impact: Impact<'i>,
    cost_lines: Vec<LabelValue<'i>>,
    services: Vec<&'i str>,
    tags: Vec<&'i str>,
    extra_fields: Vec<LabelValue<'i>>,
    timeline: Vec<TimelineStep>,
    draft: bool,
    summary_html: String,
    sections: Vec<SectionView>,
    references: Vec<ReferenceGroup>,
    source: String,
}

#[derive(Serialize)]
struct SectionView {
    key: &'static str,
    title: String,
    html: String,
}

/// A row of the incident lists (the template contract is in the theme's README).
#[derive(Serialize)]
struct Row<'i> {
    slug: &'i str,
    path: String,
    title: String,
    date: String,
    date_iso: String,
    year: String,
    severity: Chip,
    #[serde(rename = "type")]
    kind: Chip,
    duration: String,
    ongoing: bool,
    impact: Impact<'i>,
    cost: String,
    draft: bool,
    search: String,
    /// Slugs of the services and tags (see [`taxonomy`]).
    services: Vec<String>,
    tags: Vec<String>,
}

#[derive(Serialize)]
struct Chip {
    slug: &'static str,
    label: String,
}

#[derive(Serialize)]
struct Impact<'i> {
    affected: bool,
    label: String,
    description: &'i str,
}

/// The parts of rows that many rows have alike, made once and shared by reference: each
/// severity's and type's chip, and the impact without a description.
struct SharedRowValues {
    severities: Vec<tera::Value>,
    kinds: Vec<tera::Value>,
    /// Not affected, then affected.
    impacts: [tera::Value; 2],
}

impl SharedRowValues {
    fn new(renderer: &Renderer) -> SharedRowValues {
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
    fn value(&self, shared: &SharedRowValues, incident: &Incident) -> tera::Value {
        let mut map = tera::Map::default();
        map.reserve(16);
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
        tera::Value::from(map)
    }

    /// The row as a line of [`LIST_DATA`], in the order of [`LIST_COLUMNS`].
    fn list_item(&self, words: &str) -> Vec<u8> {
        let item = (
            self.slug,
            &self.title,
            &self.date,
            &self.date_iso,
            &self.year,
            self.severity.slug,
            self.kind.slug,
            &self.duration,
            self.ongoing,
            self.impact.affected,
            self.impact.description,
            &self.cost,
            self.draft,
            &self.search,
            &self.services,
            &self.tags,
        );
        // Serde's tuples stop at 16 members: the words go after them by hand.
        let mut line = serde_json::to_vec(&item).unwrap_or_default();
        line.pop();
        line.push(b',');
        line.extend(serde_json::to_vec(words).unwrap_or_default());
        line.push(b']');
        let mut line = inert_json(line);
        // Kept until the file is written: without the slack of its growth.
        line.shrink_to_fit();
        line
    }
}

/// The plain text of an incident's summary, and of its summary, cause and symptoms (what the
/// search covers), in the order of the report.
#[derive(Default)]
struct PageTexts {
    summary: String,
    searched: String,
}

impl PageTexts {
    /// The texts read from the Markdown alone, for an incident whose page was not rendered.
    fn of(incident: &Incident) -> PageTexts {
        let summary = plain_text(&incident.summary);
        let mut searched = summary.clone();
        for section in incident.sections.iter().filter(|s| is_searched(s)) {
            searched.push(' ');
            searched.push_str(&plain_text(&section.markdown));
        }
        PageTexts { summary, searched }
    }
}

/// Whether the search covers a section's words (its cause and symptoms).
fn is_searched(section: &crate::incident::Section) -> bool {
    matches!(
        section.kind,
        Some(crate::incident::SectionKind::Cause | crate::incident::SectionKind::Symptoms)
    )
}

/// Years with their number of incidents, oldest first.
fn year_counts(years: &[String]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for year in years {
        *counts.entry(year.as_str()).or_insert(0) += 1;
    }
    counts
}

/// What the search box finds an incident by, besides its title: the words of its summary,
/// cause and symptoms, folded like the search (accents, case), each once, in the order they
/// first appear, without the title's words and without words of one or two letters: a
/// compact index that the filter script loads when the search is used. `text` is the plain
/// text of those parts (see [`PageTexts`]).
fn search_words(text: &str, title: &str) -> String {
    // Each distinct word is folded once (folding, not splitting, is the cost); the sets borrow
    // the words and hash them with a fast hasher (no attacker chooses them at build time).
    let mut raw_seen: ahash::AHashSet<&str> = ahash::AHashSet::new();
    let mut seen: ahash::AHashSet<String> = title.split(' ').map(str::to_string).collect();
    let mut words = String::new();
    let in_word = |c: char| {
        c.is_alphanumeric() || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
    };
    for raw in text.split(|c: char| !in_word(c)) {
        if raw.len() <= 2 || !raw_seen.insert(raw) {
            continue;
        }
        if raw.is_ascii() {
            // Folding ASCII is lower-casing it; no allocation when it already is.
            let lower;
            let word = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
                lower = raw.to_ascii_lowercase();
                lower.as_str()
            } else {
                raw
            };
            if !seen.contains(word) {
                seen.insert(word.to_string());
                push_word(&mut words, word);
            }
            continue;
        }
        if raw.chars().count() <= 2 {
            continue;
        }
        // Folding may split a word (`ﬁ`, `½`): each part counts on its own.
        for word in crate::text::fold(raw).split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() > 2 && !seen.contains(word) {
                seen.insert(word.to_string());
                push_word(&mut words, word);
            }
        }
    }
    words
}

fn push_word(words: &mut String, word: &str) {
    if !words.is_empty() {
        words.push(' ');
    }
    words.push_str(word);
}

/// The columns of [`LIST_DATA`]'s rows.
const LIST_COLUMNS: [&str; 17] = [
    "slug",
    "title",
    "date",
    "date_iso",
    "year",
    "severity",
    "type",
    "duration",
    "ongoing",
    "affected",
    "impact_description",
    "cost",
    "draft",
    "search",
    "services",
    "tags",
    "words",
];

/// The pager of a listing: `{current, pages, prev, next, links}`; paths from the site root;
/// `links` has the first and last pages and two on each side of the current one, with `gap`
/// entries where pages are skipped. Empty (`pages` 1) for a listing of one page.
fn pagination(current: usize, pages: usize, path: &dyn Fn(usize) -> String) -> Value {
    let mut links = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(current) <= 2 {
            if n > last + 1 {
                links.push(json!({"gap": true}));
            }
            links.push(json!({"number": n, "path": path(n), "current": n == current}));
            last = n;
        }
    }
    json!({
        "current": current,
        "pages": pages,
        "prev": (current > 1).then(|| path(current - 1)),
        "next": (current < pages).then(|| path(current + 1)),
        "links": if pages > 1 { links } else { Vec::new() },
    })
}

/// `text` on one line, cut at a word boundary to at most `max` characters, with `…` when cut.
fn shortened(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for word in &words {
        let needed = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if needed > max.saturating_sub(1) {
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A title without Unicode bidirectional controls: a title is shown in lists, tabs and
/// feeds, where an override could make it read as something else ("Trojan Source").
fn without_bidi_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// `a/./b/../c` → `a/c`; None when the path climbs out of the content folder.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Decodes `%20`-style escapes in a link's path (`Panne%20r%C3%A9seau.md`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16)),
                bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a ticket number for a URL path segment.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_bidirectional_overrides() {
        assert_eq!(
            without_bidi_controls("Panne \u{202e}lmth.exe\u{202c} résolue"),
            "Panne lmth.exe résolue"
        );
        assert_eq!(without_bidi_controls("\u{2067}x\u{2069}"), "x");
        assert_eq!(without_bidi_controls("عربى"), "عربى");
    }

    #[test]
    fn search_words_are_folded_distinct_and_leave_out_the_title() {
        let text = "## Incident 2025-01-15 14:30 — Cache full\n\n**Type:** Downtime\n**Severity:** High\n**Duration:** 10 minutes\n**User impact:** No\n\nThe Re\u{301}seau went down.\n\n### Root cause\nThe cache was full: `maxmemory` reached, cache évictions.\n\n### Symptoms\nÉvictions and timeouts.\n\n### Immediate actions\nRestart.\n\n### Resolution\nBigger.\n\n### Prevention\nAlerts.\n";
        let ctx = crate::parse::Context {
            timezone: chrono_tz::UTC,
            currency: "USD".into(),
        };
        let path = Path::new("a.md");
        let parsed = crate::parse::parse_report(text, path, path, &ctx);
        let incident = parsed.incident.expect("a valid report");
        let words = search_words(
            &PageTexts::of(&incident).searched,
            &crate::text::fold("Cache full"),
        );
        assert_eq!(
            words,
            "the reseau went down was maxmemory reached evictions and timeouts"
        );
    }

    #[test]
    fn inert_json_escapes_angle_brackets_and_ampersands_only() {
        let value = serde_json::json!({"t": "<script>a && b</script> é \"q\" >"});
        let bytes = inert_json(serde_json::to_vec(&value).unwrap());
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert!(
            text.contains("\\u003cscript\\u003ea \\u0026\\u0026 b"),
            "{text}"
        );
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), value);
        assert_eq!(inert_json(b"[1,2]".to_vec()), b"[1,2]");
    }

    #[test]
    fn descriptions_are_cut_between_words() {
        assert_eq!(
            shortened("A short  summary.\nTwo lines.", 160),
            "A short summary. Two lines."
        );
        let long = "word ".repeat(100);
        let cut = shortened(&long, 160);
        assert!(cut.ends_with("word…"), "{cut}");
        assert!(cut.chars().count() <= 160);
    }

    #[test]
    fn roots_climb_to_the_site_root() {
        assert_eq!(root_of(""), "./");
        assert_eq!(root_of("stats/"), "../");
        assert_eq!(root_of("incidents/x/"), "../../");
    }

    #[test]
    fn relative_paths_are_normalised_inside_the_content_folder() {
        assert_eq!(
            normalize(Path::new("2024/../img/a.png")),
            Some(PathBuf::from("img/a.png"))
        );
        assert_eq!(normalize(Path::new("../outside.md")), None);
        assert_eq!(percent_decode("Panne%20r%C3%A9seau.md"), "Panne réseau.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é%"), "%é%");
        assert_eq!(percent_encode("INC 1/2"), "INC%201%2F2");
    }
}
