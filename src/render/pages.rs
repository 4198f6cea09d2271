//! The site's other pages and files: statistics, open actions, 404, the redirects of
//! aliases, the theme's static files and the files published with the reports.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::json;

use super::actions_page::actions_context;
use super::cache::{CachedPages, Keys};
use super::paths::{FILES_DIR, root_of, slash_path};
use super::renderer::Renderer;
use super::{Counting, RenderError, RenderFailure};
use crate::incident::Incident;
use crate::output::OutputFile;
use crate::stats::{
    Calendar, Period, PeriodStats, Stats, StatsLabels, compute, period_label, period_view, view,
};

impl Renderer<'_> {
    /// `/stats/`: the statistics of every report.
    pub(super) fn stats_page(&self, stats: &Stats) -> Result<OutputFile, RenderError> {
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

    /// `/stats/<year>/` and `/stats/<year>-q<n>/`: the statistics of each year and quarter with
    /// reports (`stats` is the whole archive's, `incidents` newest first), each compared with
    /// the previous one of its kind; `serve` renders again only those whose reports or
    /// previous period changed.
    pub(super) fn period_pages(
        &self,
        stats: &Stats,
        incidents: &[&Incident],
        keys: Option<&Keys>,
        pages: &CachedPages,
    ) -> Result<(), RenderFailure> {
        let timezone = self.inputs.config.timezone;
        // Each period's reports, by place among `incidents` (each report's month read once).
        let mut by_period: HashMap<Period, Vec<usize>> = HashMap::new();
        for (n, incident) in incidents.iter().enumerate() {
            for period in Period::of(incident, timezone) {
                by_period.entry(period).or_default().push(n);
            }
        }
        stats
            .periods
            .par_iter()
            .try_for_each(|period| -> Result<(), RenderFailure> {
                let none = Vec::new();
                let members = by_period.get(&period.which).unwrap_or(&none);
                let before = period
                    .previous
                    .as_ref()
                    .and_then(|key| stats.periods.iter().find(|p| &p.period == key));
                let key = keys.map(|k| {
                    let shown = serde_json::to_string(&before).unwrap_or_default();
                    k.period_page(&period.period, members, &shown)
                });
                let path = format!("stats/{}/", period.which.folder());
                pages.put(key, format!("{path}index.html"), &|| {
                    let members: Vec<&Incident> = members.iter().map(|&n| incidents[n]).collect();
                    self.period_page(period, before, &members, &path)
                })
            })
    }

    /// One period's statistics page: the statistics of its reports, `members`.
    fn period_page(
        &self,
        period: &PeriodStats,
        before: Option<&PeriodStats>,
        members: &[&Incident],
        path: &str,
    ) -> Result<OutputFile, RenderError> {
        let config = &self.inputs.config;
        let labels = StatsLabels::read(&|path: &[&str]| self.label(path));
        let titles = |i: &Incident| self.title(i);
        let mut own = compute(members, config.timezone, &config.services, &titles);
        if matches!(period.which, Period::Quarter(..)) {
            // A quarter's page has no calendar of the year.
            own.calendar = Calendar::default();
        }
        let root = root_of(path);
        let label = period_label(period.which, &labels);
        let title = format!("{} · {label}", self.label(&["page", "stats"]));
        let description = self.label(&["description", "stats"]);
        let mut ctx = self.base("stats", path, &title, &description);
        let href = |slug: &str| format!("{root}incidents/{slug}/");
        // Its own links: its year and that year's quarters (every period's page listing every
        // period would grow with the square of the years).
        ctx.insert("stats", &view(&own, &self.fmt, &labels, &href));
        ctx.insert("period", &period_view(period, before, &self.fmt, &labels));
        self.render("stats.html", &ctx, path)
    }

    /// `/actions/`: the open action items of every report (see [`super::actions_page`]).
    pub(super) fn actions_page(&self, incidents: &[&Incident]) -> Result<OutputFile, RenderError> {
        let path = "actions/";
        let root = root_of(path);
        let title = self.label(&["page", "actions"]);
        let description = self.label(&["description", "actions"]);
        let mut ctx = self.base("actions", path, &title, &description);
        let href = |slug: &str| format!("{root}incidents/{slug}/");
        let titles = |i: &Incident| self.title(i);
        let actions = actions_context(
            incidents,
            &self.fmt,
            &self.inputs.config.action_due_days,
            &href,
            &titles,
        );
        ctx.insert("actions", &actions);
        ctx.insert("actions_script", &self.theme.static_path("actions.js"));
        self.render("actions.html", &ctx, path)
    }

    /// `404.html`: links from the base URL, else relative to the top folder (see `page_view`).
    pub(super) fn not_found(&self) -> Result<OutputFile, RenderError> {
        let title = self.label(&["page", "not_found"]);
        let ctx = self.base("404", "404.html", &title, &title);
        self.render("404.html", &ctx, "404.html")
    }

    /// The page at an alias of `incident`, which sends the reader to its page.
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

    /// The redirect of every alias of every incident.
    pub(super) fn redirects(
        &self,
        incidents: &[&Incident],
        out: &Counting,
    ) -> Result<(), RenderFailure> {
        for incident in incidents {
            for alias in &incident.aliases {
                out.put(self.redirect(&alias.value, incident)?)?;
            }
        }
        Ok(())
    }

    /// The theme's static files (style sheet, scripts, icon).
    pub(super) fn theme_files(&self, out: &Counting) -> Result<(), RenderFailure> {
        for file in self.theme.statics.values() {
            out.put(OutputFile {
                path: file.path.clone(),
                bytes: file.bytes.clone().into(),
            })?;
        }
        Ok(())
    }

    /// The files below the content folder published with the reports, below [`FILES_DIR`].
    pub(super) fn published_assets(&self, out: &Counting) -> Result<(), RenderFailure> {
        let config = self.inputs.config;
        let content_dir = config.content_path();
        let reading = crate::discover::Reading::for_site(config);
        for asset in self.inputs.assets {
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
    }
}
