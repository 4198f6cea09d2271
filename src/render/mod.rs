//! Every page of the site as bytes: the template contexts, listings, JSON files and redirects.
//!
//! [`render_site`] is a list of named steps, each written where its kind of page lives:
//! `lists` (the rows, the home page and the listings), `incident_page`, `json` (the data
//! files), `csv` (the spreadsheets), `pages` (statistics, actions, 404, redirects, copied files), `feeds` and `seo`
//! (sitemap). Beside them: `renderer` (the frame of every page), `titles` (the title derived
//! from a report's text), `views` (what the templates get), `relations` (the related and
//! similar incidents a page lists), `paths` (where things are), `words`
//! (what the search finds), `cache` (what `serve` reuses from one render to the next),
//! `native` (the default theme's incident page, row and frame in Rust: written without Tera,
//! and generating their three templates) and `file_links` (with `links: file`, every page's
//! links to folders made to name their `index.html` on the way to the sink).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::{Config, Links};
use crate::incident::Incident;
use crate::output::{OutputError, OutputFile, Sink};
use crate::stats::{Stats, compute};
use crate::theme::Theme;

pub mod actions_page;
mod cache;
mod csv;
mod feeds;
mod file_links;
pub mod headers;
mod incident_page;
mod json;
mod list_files;
mod lists;
mod native;
mod pages;
mod paths;
mod relations;
mod renderer;
mod seo;
mod taxonomy;
mod titles;
mod views;
mod words;

pub use cache::PageCache;
use cache::{CachedPages, Keys};
use json::json_file;
pub use lists::{HOME_ROWS, LISTING_PAGE_SIZE};
pub use native::default_templates;
pub use paths::FILES_DIR;
use relations::Relations;
use renderer::{Renderer, set_globals};
// The views `native` writes.
use views::{Chip, Impact, IncidentView, Neighbour, PageView, Row};

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

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot render {}: {}", self.page, self.message)
    }
}

impl std::error::Error for RenderError {}

/// Why a site was not rendered in full: a template error or a file that could not be written.
#[derive(Debug)]
pub enum RenderFailure {
    Template(RenderError),
    Write(OutputError),
}

impl std::fmt::Display for RenderFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderFailure::Template(e) => e.fmt(f),
            RenderFailure::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RenderFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderFailure::Template(e) => Some(e),
            RenderFailure::Write(e) => Some(e),
        }
    }
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

impl<'a> Counting<'a> {
    fn new(sink: &'a dyn Sink) -> Counting<'a> {
        Counting {
            sink,
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
        }
    }

    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        self.files.fetch_add(1, Ordering::Relaxed);
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.sink.put(file)
    }

    fn rendered(self) -> Rendered {
        Rendered {
            files: self.files.into_inner(),
            pages: self.pages.into_inner(),
        }
    }
}

/// Renders the whole site into `sink`. `incidents` may be in any order. With a `cache`, the
/// incident pages whose incident and neighbours did not change are taken from it, and it is
/// refreshed.
pub fn render_site(
    theme: &mut Theme,
    inputs: &Inputs,
    incidents: &[&Incident],
    mut cache: Option<&mut PageCache>,
    sink: &dyn Sink,
) -> Result<Rendered, RenderFailure> {
    set_globals(theme, inputs);
    let theme: &Theme = theme;
    // `links: file`: each page is given its file links on its way to the sink.
    let file_links;
    let sink = match inputs.config.links {
        Links::Pretty => sink,
        Links::File => {
            file_links = file_links::FileLinks::new(sink);
            &file_links as &dyn Sink
        }
    };
    let incidents = newest_first(incidents);
    // With a cache: what each page and row is made from, to find them there.
    let mut keys = cache
        .as_deref_mut()
        .map(|cache| Keys::new(&incidents, inputs, &cache.take_known()));
    // Each title and date is shown on several pages: formatted once (a preview takes those
    // of the incidents that did not change from its cache).
    let known_facts = cache.as_deref_mut().map(PageCache::take_facts);
    let renderer = Renderer::new(theme, inputs, true).with_facts(&incidents, &|i| {
        let hash = keys.as_ref()?.incidents.get(i)?;
        known_facts.as_ref()?.get(hash).cloned()
    });
    drop(known_facts);
    // One row per incident serves the home page and every listing page; meanwhile, what
    // each incident page lists besides itself.
    // A preview takes the terms of the incidents that did not change from its cache.
    let known_terms = cache.as_deref_mut().map(PageCache::take_terms);
    let similar_before = cache.as_deref_mut().and_then(PageCache::take_similar);
    let (relations, (rows, mut fresh, lines)) = rayon::join(
        || {
            let known = |i: usize| {
                let hash = keys.as_ref()?.incidents.get(i)?;
                known_terms.as_ref()?.get(hash).cloned()
            };
            Relations::remembered(&incidents, &known, similar_before, keys.is_some())
        },
        || renderer.rows(&incidents, cache.as_deref_mut(), keys.as_ref()),
    );
    let (relations, terms, similar_memory) = relations;
    // Only a preview keeps the terms for its next render: a build frees them now.
    let terms = cache.is_some().then_some(terms);
    if let (Some(keys), Some(cache)) = (keys.as_mut(), cache.as_deref_mut()) {
        let shown = |i: &Incident| (renderer.title(i), renderer.start_date(i));
        keys.relate(&incidents, &relations, cache.take_shown(), &shown);
    }
    let filters = renderer.filter_chips(&incidents, &rows.years, keys.as_mut());
    // Remembers the pages written, for the sitemap.
    let recorder = seo::Recorder::new(sink);
    let out = Counting::new(&recorder);
    let pages = CachedPages::new(cache.as_deref(), &out);

    // The order keeps memory low: each kind of data is dropped once used (without a cache,
    // nothing else holds it). First the pages that list rows…
    let (home, listings) = rayon::join(
        || renderer.home_context(&incidents, &rows, &filters),
        || renderer.listings(&incidents, &rows, &filters, keys.as_ref(), &pages),
    );
    let home = home?;
    listings?;
    free_in_background(rows);
    // …then the incident pages, in parallel: the bulk of the work, each handed to the sink as
    // soon as it is rendered. A new row's data lines are made from the texts its page read.
    // The statistics are computed meanwhile…
    let titles = |i: &Incident| renderer.title(i);
    let (incident_pages, stats) = rayon::join(
        || {
            renderer.incident_pages(
                &incidents,
                &relations,
                &mut fresh,
                &lines,
                keys.as_ref(),
                &pages,
            )
        },
        || {
            compute(
                &incidents,
                inputs.config.timezone,
                &inputs.config.services,
                &titles,
            )
        },
    );
    incident_pages?;
    drop(fresh);
    renderer.period_pages(&stats, &incidents, keys.as_ref(), &pages)?;
    let made = pages.into_made();
    if let Some(cache) = cache {
        cache.keep_pages(made);
        if let Some(keys) = keys.as_mut() {
            cache.keep_shown(keys.take_shown());
            cache.keep_terms(keys, terms.unwrap_or_default());
            cache.keep_similar(similar_memory);
            cache.keep_facts(keys, renderer.facts_of(&incidents));
        }
    }
    // …then the data files made of those lines, while the other pages and files are written;
    // the home page names the list data's index, and comes last of them…
    let (data_files, other_files) = rayon::join(
        || renderer.data_files(&lines, &incidents, &relations, &out),
        || -> Result<(), RenderFailure> {
            out.put(renderer.stats_page(&stats)?)?;
            out.put(renderer.actions_page(&incidents)?)?;
            out.put(json_file("stats.json", &stats, true))?;
            let (incidents_csv, actions_csv) = rayon::join(
                || renderer.incidents_csv(&incidents),
                || renderer.actions_csv(&incidents),
            );
            out.put(incidents_csv)?;
            out.put(actions_csv)?;
            out.put(renderer.not_found()?)?;
            out.put(headers::headers_file())?;
            renderer.redirects(&incidents, &out)?;
            renderer.theme_files(&out)?;
            renderer.published_assets(&out)
        },
    );
    out.put(renderer.home(home, &data_files?)?)?;
    other_files?;
    free_in_background(lines);
    // …then the Atom feeds, and the sitemap (of every page written above) and robots.txt.
    renderer.feeds(&incidents, &out)?;
    renderer.sitemap(&incidents, recorder.pages(), &out)?;
    Ok(out.rendered())
}

/// The page of the incident named `slug` alone, with its neighbours in `incidents` (any
/// order); None when there is no such incident.
pub fn render_incident_page(
    theme: &mut Theme,
    inputs: &Inputs,
    incidents: &[&Incident],
    slug: &str,
) -> Result<Option<OutputFile>, RenderError> {
    set_globals(theme, inputs);
    let incidents = newest_first(incidents);
    let Some(i) = incidents.iter().position(|x| x.slug.value == slug) else {
        return Ok(None);
    };
    let renderer = Renderer::new(theme, inputs, true);
    let newer = i.checked_sub(1).map(|j| incidents[j]);
    let relations = Relations::new(&incidents);
    let listed = renderer.listed(&incidents, &relations, i);
    let (page, _) =
        renderer.incident_page(incidents[i], incidents.get(i + 1).copied(), newer, listed)?;
    Ok(Some(match inputs.config.links {
        Links::Pretty => page,
        Links::File => file_links::with_file_links(page),
    }))
}

/// One period's figures as `/stats.json` holds them (its object, pretty-printed), the statistics
/// of its own reports and its comparison with the previous one, as its page shows them; None
/// when the period has no report.
pub fn period_stats(
    theme: &Theme,
    inputs: &Inputs,
    incidents: &[&Incident],
    period: crate::stats::Period,
) -> Option<(Vec<u8>, Stats, crate::stats::PeriodView)> {
    let renderer = Renderer::new(theme, inputs, false);
    let titles = |i: &Incident| renderer.title(i);
    let config = inputs.config;
    let all = compute(incidents, config.timezone, &config.services, &titles);
    let this = all.periods.iter().find(|p| p.which == period)?;
    let before = this
        .previous
        .as_ref()
        .and_then(|key| all.periods.iter().find(|p| &p.period == key));
    let members: Vec<&Incident> = incidents
        .iter()
        .copied()
        .filter(|i| period.holds(i, config.timezone))
        .collect();
    let own = compute(&members, config.timezone, &config.services, &titles);
    let labels = crate::stats::StatsLabels::read(&|path: &[&str]| renderer.label(path));
    let view = crate::stats::period_view(this, before, &renderer.fmt, &labels);
    let mut json = serde_json::to_vec_pretty(this).unwrap_or_default();
    json.push(b'\n');
    Some((json, own, view))
}

/// The statistics exactly as [`render_site`] computes them (with the titles the pages show),
/// and the bytes of its `stats.json`: for `incidex stats`, without rendering any page.
pub fn site_stats(theme: &Theme, inputs: &Inputs, incidents: &[&Incident]) -> (Stats, Vec<u8>) {
    let renderer = Renderer::new(theme, inputs, false);
    let titles = |i: &Incident| renderer.title(i);
    let stats = compute(
        incidents,
        inputs.config.timezone,
        &inputs.config.services,
        &titles,
    );
    let bytes = json_file("stats.json", &stats, true).bytes;
    (stats, Arc::unwrap_or_clone(bytes))
}

/// The incidents newest first: the chronological order reversed (so ties never depend on
/// file order).
fn newest_first<'i>(incidents: &[&'i Incident]) -> Vec<&'i Incident> {
    let mut incidents = incidents.to_vec();
    incidents.sort_by(|a, b| Incident::chronological(b, a));
    incidents
}

/// Frees `value` on a thread of its own: freeing many small parts is serial work that the
/// build need not wait for (without a thread, here and now).
fn free_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("incidex-free".into())
        .spawn(move || drop(value));
}
