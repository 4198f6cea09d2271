//! Every page of the site as bytes: the template contexts, listings, JSON files and redirects.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::format::Formatter;
use crate::incident::{Incident, IncidentDuration, Kind, Severity};
use crate::markdown::{MarkdownOptions, is_safe_url, plain_text, render as render_markdown};
use crate::output::OutputError;
use crate::stats::{Stats, StatsLabels, compute, view};
use crate::theme::{Theme, error_chain};

/// One file of the output, by its path relative to the output folder (`/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

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

/// Where the rendered files go, one at a time and from several threads: the output folder
/// (`build`, see [`crate::output::Staging`]) or memory (`serve`). Pages are handed over as soon
/// as they are rendered, so a build never holds the whole site in memory.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), OutputError>;
}

/// A sink that keeps the files in memory, for `serve` and tests.
#[derive(Default)]
pub struct Memory(Mutex<Vec<OutputFile>>);

impl Memory {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
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

/// Puts what every page shares into the templates' global context, once per build rather
/// than once per page.
fn set_globals(theme: &mut Theme, inputs: &Inputs) {
    let config = inputs.config;
    let assets = json!({
        "css": theme.static_path("style.css"),
        "js": theme.static_path("filter.js"),
        "favicon": theme.static_path("favicon.svg"),
    });
    let labels = theme.labels.clone();
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
    globals.insert("feeds", &Vec::<Value>::new());
}

/// Incident pages of an earlier build, by a hash of what they show: `serve` renders again only
/// the pages whose incident or neighbours changed. A theme or configuration change must clear it.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<u64, OutputFile>,
}

impl PageCache {
    pub fn clear(&mut self) {
        self.pages.clear();
    }
}

/// What an incident page depends on: its incident and its neighbours (previous and next links).
fn page_key(incident: &Incident, older: Option<&Incident>, newer: Option<&Incident>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (incident, older, newer).hash(&mut hasher);
    hasher.finish()
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
    let renderer = Renderer { theme, inputs, fmt };
    let rows: Vec<Value> = incidents.iter().map(|i| renderer.row(i, "./")).collect();
    let out = Counting {
        sink,
        files: AtomicUsize::new(0),
        pages: AtomicUsize::new(0),
    };

    // Incident pages, in parallel: the bulk of the work, each handed to the sink as soon as it
    // is rendered. With a cache, a page whose incident and neighbours did not change since the
    // cached build is taken from it.
    let neighbours = |i: usize| {
        let newer = i.checked_sub(1).map(|j| incidents[j]);
        (incidents.get(i + 1).copied(), newer)
    };
    match cache {
        None => incidents.par_iter().enumerate().try_for_each(
            |(i, incident)| -> Result<(), RenderFailure> {
                let (older, newer) = neighbours(i);
                out.put(renderer.incident_page(incident, older, newer)?)?;
                Ok(())
            },
        )?,
        Some(cache) => {
            let previous = &cache.pages;
            let pages: Result<Vec<(u64, OutputFile)>, RenderError> = incidents
                .par_iter()
                .enumerate()
                .map(|(i, incident)| {
                    let (older, newer) = neighbours(i);
                    let key = page_key(incident, older, newer);
                    if let Some(page) = previous.get(&key) {
                        return Ok((key, page.clone()));
                    }
                    renderer
                        .incident_page(incident, older, newer)
                        .map(|page| (key, page))
                })
                .collect();
            let pages = pages?;
            for (_, page) in &pages {
                out.put(page.clone())?;
            }
            cache.pages = pages.into_iter().collect();
        }
    }

    out.put(renderer.home(&incidents, &rows)?)?;
    for listing in renderer.listings(&incidents)? {
        out.put(listing)?;
    }
    let titles = |i: &Incident| renderer.title(i);
    let stats = compute(&incidents, inputs.config.timezone, &titles);
    out.put(renderer.stats_page(&stats)?)?;
    out.put(json_file("stats.json", &stats, true))?;
    // Compact: a 10,000-report archive's list is read by tools, not people.
    out.put(json_file(
        "incidents.json",
        &renderer.incidents_json(&incidents),
        false,
    ))?;
    out.put(renderer.not_found()?)?;
    for incident in &incidents {
        for alias in &incident.aliases {
            out.put(renderer.redirect(&alias.value, incident)?)?;
        }
    }
    for file in theme.statics.values() {
        out.put(OutputFile {
            path: file.path.clone(),
            bytes: file.bytes.clone(),
        })?;
    }
    let content_dir = inputs.config.content_path();
    for asset in inputs.assets {
        if let Ok(bytes) = std::fs::read(content_dir.join(asset)) {
            out.put(OutputFile {
                path: format!("{FILES_DIR}/{}", slash_path(asset)),
                bytes,
            })?;
        }
    }
    Ok(Rendered {
        files: out.files.into_inner(),
        pages: out.pages.into_inner(),
    })
}

fn json_file(path: &str, value: &impl Serialize, pretty: bool) -> OutputFile {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .unwrap_or_default();
    // `<`, `>` and `&` only occur inside JSON strings: escaping them keeps a report's text inert
    // wherever the JSON ends up (a `<script>` block, a browser sniffing the type).
    let mut text = text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    text.push('\n');
    OutputFile {
        path: path.to_string(),
        bytes: text.into_bytes(),
    }
}

/// A path with `/` separators.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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

    /// The title as written, or "Incident on <date> · <type>".
    fn title(&self, incident: &Incident) -> String {
        match &incident.title {
            Some(t) if !t.value.trim().is_empty() => without_bidi_controls(t.value.trim()),
            _ => self
                .label(&["untitled"])
                .replace("{date}", &self.fmt.date(&incident.start.value))
                .replace("{type}", &self.kind_label(incident.kind.value)),
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
        let mut totals: BTreeMap<&str, (Decimal, bool)> = BTreeMap::new();
        for money in [&incident.cost.lost, &incident.cost.resolution]
            .into_iter()
            .flatten()
        {
            let entry = totals
                .entry(money.value.currency.as_str())
                .or_insert((Decimal::ZERO, false));
            entry.0 += money.value.amount;
            entry.1 |= money.value.approximate;
        }
        totals
            .iter()
            .map(|(currency, (amount, approx))| self.fmt.money(amount, currency, *approx))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    fn impact(&self, incident: &Incident) -> Value {
        let impact = &incident.user_impact.value;
        json!({
            "affected": impact.affected,
            "label": self.label(&["impact", if impact.affected { "yes" } else { "no" }]),
            "description": impact.description.clone().unwrap_or_default(),
        })
    }

    /// A list row for `incident`, with links relative to a page whose root is `root`.
    fn row(&self, incident: &Incident, root: &str) -> Value {
        let start = &incident.start.value;
        let year = self.fmt.date_iso(start).get(..4).unwrap_or("").to_string();
        let title = self.title(incident);
        json!({
            "slug": incident.slug.value,
            "href": format!("{root}incidents/{}/", incident.slug.value),
            "title": title,
            "date": self.fmt.date(start),
            "date_iso": self.fmt.date_iso(start),
            "year": year,
            "severity": {"slug": incident.severity.value.slug(), "label": self.severity_label(incident.severity.value)},
            "type": {"slug": incident.kind.value.slug(), "label": self.kind_label(incident.kind.value)},
            "duration": self.duration(incident),
            "ongoing": matches!(incident.duration.value, IncidentDuration::Ongoing),
            "impact": self.impact(incident),
            "cost": self.total_cost(incident),
            "draft": incident.draft,
            "search": crate::text::fold(&title),
        })
    }

    /// The context every page shares.
    fn base(&self, kind: &str, path: &str, title: &str, description: &str) -> tera::Context {
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
        // `lang`, `t`, `site`, `assets` and `feeds` are the same on every page: they are in the
        // templates' global context (see `set_globals`).
        let mut ctx = tera::Context::new();
        ctx.insert("root", &root);
        ctx.insert(
            "page",
            &json!({"kind": kind, "title": title, "description": description, "canonical": canonical, "path": path}),
        );
        ctx
    }

    fn render(
        &self,
        template: &str,
        ctx: &tera::Context,
        path: &str,
    ) -> Result<OutputFile, RenderError> {
        let html = self
            .theme
            .tera
            .render(template, ctx)
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
            bytes: html.into_bytes(),
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
    ) -> String {
        let options = MarkdownOptions {
            allow_raw_html: self.inputs.config.allow_raw_html,
            heading_offset,
        };
        let root = root_of(page_path);
        let resolve = |dest: &str| self.resolve_link(dest, source_dir, &root);
        render_markdown(markdown, &options, &resolve)
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

    fn home(&self, incidents: &[&Incident], rows: &[Value]) -> Result<OutputFile, RenderError> {
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
            .map(|md| self.markdown(md, Path::new(""), "", 1))
            .unwrap_or_default();
        ctx.insert("intro_html", &intro);
        let downtime: u64 = incidents
            .iter()
            .filter_map(|i| i.cost.downtime.as_ref())
            .map(|d| d.value.seconds)
            .sum();
        let mut costs: BTreeMap<&str, (Decimal, bool)> = BTreeMap::new();
        for money in incidents
            .iter()
            .flat_map(|i| [&i.cost.lost, &i.cost.resolution])
            .flatten()
        {
            let entry = costs
                .entry(money.value.currency.as_str())
                .or_insert((Decimal::ZERO, false));
            entry.0 += money.value.amount;
            entry.1 |= money.value.approximate;
        }
        ctx.insert(
            "headline",
            &json!({
                "reports": self.fmt.number(incidents.len()),
                "downtime": self.fmt.duration(downtime),
                "costs": costs.iter().map(|(c, (a, approx))| self.fmt.money(a, c, *approx)).collect::<Vec<_>>(),
                "last_incident": incidents.first().map(|i| self.fmt.date(&i.start.value)).unwrap_or_default(),
            }),
        );
        ctx.insert("filters", &self.filters(incidents, "./"));
        ctx.insert("incidents", rows);
        self.render("home.html", &ctx, "")
    }

    /// The chips of the filter bar, linking to the static listings.
    fn filters(&self, incidents: &[&Incident], root: &str) -> Value {
        let severity: Vec<Value> = Severity::ALL
            .iter()
            .map(|s| {
                let count = incidents.iter().filter(|i| i.severity.value == *s).count();
                json!({"slug": s.slug(), "label": self.severity_label(*s), "count": count,
                       "href": format!("{root}severity/{}/", s.slug())})
            })
            .collect();
        let kind: Vec<Value> = Kind::ALL
            .iter()
            .map(|k| {
                let count = incidents.iter().filter(|i| i.kind.value == *k).count();
                json!({"slug": k.slug(), "label": self.kind_label(*k), "count": count,
                       "href": format!("{root}type/{}/", k.slug())})
            })
            .collect();
        let year: Vec<Value> = self
            .years(incidents)
            .iter()
            .rev()
            .map(|(y, n)| json!({"slug": y, "label": y, "count": n, "href": format!("{root}year/{y}/")}))
            .collect();
        json!({"severity": severity, "type": kind, "year": year})
    }

    /// Years with their number of incidents, oldest first.
    fn years(&self, incidents: &[&Incident]) -> BTreeMap<String, usize> {
        let mut years = BTreeMap::new();
        for i in incidents {
            let year = self
                .fmt
                .date_iso(&i.start.value)
                .get(..4)
                .unwrap_or("")
                .to_string();
            *years.entry(year).or_insert(0) += 1;
        }
        years
    }

    fn listings(&self, incidents: &[&Incident]) -> Result<Vec<OutputFile>, RenderError> {
        let mut groups: Vec<(&str, String, String, Vec<&Incident>)> = Vec::new();
        for s in Severity::ALL {
            let list = incidents
                .iter()
                .copied()
                .filter(|i| i.severity.value == s)
                .collect();
            groups.push((
                "severity",
                s.slug().to_string(),
                self.severity_label(s),
                list,
            ));
        }
        for k in Kind::ALL {
            let list = incidents
                .iter()
                .copied()
                .filter(|i| i.kind.value == k)
                .collect();
            groups.push(("type", k.slug().to_string(), self.kind_label(k), list));
        }
        for year in self.years(incidents).keys() {
            let list = incidents
                .iter()
                .copied()
                .filter(|i| self.fmt.date_iso(&i.start.value).starts_with(year.as_str()))
                .collect();
            groups.push(("year", year.clone(), year.clone(), list));
        }
        // Every listing is two folders deep: one row per incident serves them all.
        let rows: HashMap<&str, Value> = incidents
            .par_iter()
            .map(|i| (i.slug.value.as_str(), self.row(i, "../../")))
            .collect();
        let filters = self.filters(incidents, "../../");
        groups
            .into_par_iter()
            .map(|(kind, slug, name, list)| {
                self.listing(kind, &slug, &name, &list, &rows, &filters)
            })
            .collect()
    }

    fn listing(
        &self,
        kind: &str,
        slug: &str,
        name: &str,
        list: &[&Incident],
        rows: &HashMap<&str, Value>,
        filters: &Value,
    ) -> Result<OutputFile, RenderError> {
        let path = format!("{kind}/{slug}/");
        let title = self.label(&["listing", kind]).replace("{name}", name);
        let description = self
            .label(&["description", "listing"])
            .replace("{name}", name)
            .replace("{count}", &list.len().to_string());
        let mut ctx = self.base("listing", &path, &title, &description);
        ctx.insert(
            "listing",
            &json!({"kind": kind, "slug": slug, "title": name, "count": list.len()}),
        );
        ctx.insert("filters", filters);
        let rows: Vec<&Value> = list
            .iter()
            .filter_map(|i| rows.get(i.slug.value.as_str()))
            .collect();
        ctx.insert("incidents", &rows);
        self.render("listing.html", &ctx, &path)
    }

    fn incident_page(
        &self,
        incident: &Incident,
        older: Option<&Incident>,
        newer: Option<&Incident>,
    ) -> Result<OutputFile, RenderError> {
        let path = format!("incidents/{}/", incident.slug.value);
        let root = root_of(&path);
        let title = self.title(incident);
        let description = self
            .label(&["description", "incident"])
            .replace("{title}", &title);
        let mut ctx = self.base("incident", &path, &title, &description);
        let source_dir = incident
            .source
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();

        let mut cost_lines = Vec::new();
        if let Some(d) = &incident.cost.downtime {
            cost_lines.push(json!({"label": self.label(&["cost_line", "downtime"]), "value": self.fmt.duration_value(&d.value)}));
        }
        if let Some(m) = &incident.cost.lost {
            cost_lines.push(json!({"label": self.label(&["cost_line", "lost"]), "value": self.fmt.money_value(&m.value)}));
        }
        if let Some(m) = &incident.cost.resolution {
            cost_lines.push(json!({"label": self.label(&["cost_line", "resolution"]), "value": self.fmt.money_value(&m.value)}));
        }

        let mut timeline = vec![json!({
            "label": self.label(&["timeline", "start"]),
            "date": self.fmt.date(&incident.start.value),
            "date_iso": self.fmt.date_iso(&incident.start.value),
        })];
        for (key, ts) in [
            ("detected", &incident.detected),
            ("mitigated", &incident.mitigated),
            ("resolved", &incident.resolved),
        ] {
            if let Some(ts) = ts {
                timeline.push(json!({
                    "label": self.label(&["timeline", key]),
                    "date": self.fmt.date(&ts.value),
                    "date_iso": self.fmt.date_iso(&ts.value),
                }));
            }
        }

        let sections: Vec<Value> = incident
            .sections
            .iter()
            .map(|s| {
                let (key, title) = match s.kind {
                    Some(k) => (k.key(), self.label(&["section", k.key()])),
                    None => ("other", s.heading.clone()),
                };
                json!({"key": key, "title": title, "html": self.markdown(&s.markdown, &source_dir, &path, 2)})
            })
            .collect();

        ctx.insert(
            "incident",
            &json!({
                "title": title,
                "slug": incident.slug.value,
                "date": self.fmt.date(&incident.start.value),
                "date_iso": self.fmt.date_iso(&incident.start.value),
                "severity": {"slug": incident.severity.value.slug(), "label": self.severity_label(incident.severity.value)},
                "type": {"slug": incident.kind.value.slug(), "label": self.kind_label(incident.kind.value)},
                "duration": self.duration(incident),
                "ongoing": matches!(incident.duration.value, IncidentDuration::Ongoing),
                "impact": self.impact(incident),
                "cost_lines": cost_lines,
                "services": incident.services.iter().map(|s| &s.value).collect::<Vec<_>>(),
                "tags": incident.tags.iter().map(|s| &s.value).collect::<Vec<_>>(),
                "extra_fields": incident.extra_fields.iter().map(|f| json!({"label": f.label, "value": f.value})).collect::<Vec<_>>(),
                "timeline": timeline,
                "draft": incident.draft,
                "summary_html": self.markdown(&incident.summary, &source_dir, &path, 2),
                "sections": sections,
                "references": self.references(incident, &source_dir, &root),
                "source": slash_path(&incident.source),
            }),
        );
        let neighbour = |i: Option<&Incident>| match i {
            Some(i) => {
                json!({"title": self.title(i), "href": format!("{root}incidents/{}/", i.slug.value),
                              "date": self.fmt.date(&i.start.value)})
            }
            None => Value::Null,
        };
        ctx.insert("prev", &neighbour(older));
        ctx.insert("next", &neighbour(newer));
        self.render("incident.html", &ctx, &path)
    }

    /// References as lists of `{text, href}`; only safe URLs become links.
    fn references(&self, incident: &Incident, source_dir: &Path, root: &str) -> Vec<Value> {
        let refs = &incident.references;
        let link = |text: &str| -> Value {
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
            json!({"text": t, "href": href})
        };
        let mut out = Vec::new();
        if let Some(logs) = &refs.logs {
            out.push(
                json!({"label": self.label(&["reference", "logs"]), "items": [link(&logs.value)]}),
            );
        }
        if let Some(dashboard) = &refs.dashboard {
            out.push(json!({"label": self.label(&["reference", "dashboard"]), "items": [link(&dashboard.value)]}));
        }
        if !refs.tickets.is_empty() {
            let items: Vec<Value> = refs
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
                    json!({"text": t.value, "href": href})
                })
                .collect();
            out.push(json!({"label": self.label(&["reference", "tickets"]), "items": items}));
        }
        for other in &refs.other {
            let (label, value) = &other.value;
            out.push(json!({"label": label, "items": [link(value)]}));
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

    /// `/incidents.json`: every incident's metadata and URL (fields documented in README).
    fn incidents_json(&self, incidents: &[&Incident]) -> Value {
        let money = |m: &Option<crate::incident::Spanned<crate::values::Money>>| match m {
            Some(m) => json!({"amount": m.value.amount.to_string(), "currency": m.value.currency,
                              "approximate": m.value.approximate, "note": m.value.note}),
            None => Value::Null,
        };
        let ts = |t: &Option<crate::incident::Spanned<crate::values::Timestamp>>| {
            t.as_ref().map(|t| self.fmt.date_iso(&t.value))
        };
        let list: Vec<Value> = incidents
            .par_iter()
            .map(|i| {
                let path = format!("incidents/{}/", i.slug.value);
                json!({
                    "slug": i.slug.value,
                    "path": path,
                    "url": self.inputs.base_url.as_ref().map(|b| format!("{b}{path}")),
                    "title": self.title(i),
                    "start": self.fmt.date_iso(&i.start.value),
                    "severity": i.severity.value.slug(),
                    "type": i.kind.value.slug(),
                    "duration_seconds": match &i.duration.value {
                        IncidentDuration::Known(d) => Some(d.seconds),
                        IncidentDuration::Ongoing => None,
                    },
                    "ongoing": matches!(i.duration.value, IncidentDuration::Ongoing),
                    "user_impact": {"affected": i.user_impact.value.affected, "description": i.user_impact.value.description},
                    "detected": ts(&i.detected),
                    "mitigated": ts(&i.mitigated),
                    "resolved": ts(&i.resolved),
                    "cost": {
                        "downtime_seconds": i.cost.downtime.as_ref().map(|d| d.value.seconds),
                        "lost": money(&i.cost.lost),
                        "resolution": money(&i.cost.resolution),
                    },
                    "references": {
                        "logs": i.references.logs.as_ref().map(|l| &l.value),
                        "dashboard": i.references.dashboard.as_ref().map(|l| &l.value),
                        "tickets": i.references.tickets.iter().map(|t| &t.value).collect::<Vec<_>>(),
                    },
                    "services": i.services.iter().map(|s| &s.value).collect::<Vec<_>>(),
                    "tags": i.tags.iter().map(|s| &s.value).collect::<Vec<_>>(),
                    "aliases": i.aliases.iter().map(|s| &s.value).collect::<Vec<_>>(),
                    "draft": i.draft,
                    "source": slash_path(&i.source),
                    "summary": plain_text(&i.summary),
                })
            })
            .collect();
        Value::Array(list)
    }
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
