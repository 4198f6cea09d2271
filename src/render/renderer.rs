//! The renderer: the theme, the site's inputs and formats, what every page shows of an
//! incident (its title, dates, chips), and the frame of every page (`root`, `page`, a template
//! rendered into a file).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::json;

use super::native::Native;
use super::paths::root_of;
use super::titles::derived_title;
use super::views::{Chip, Impact, PageValues};
use super::{Inputs, RenderError, feeds};
use crate::format::Formatter;
use crate::incident::{Incident, IncidentDuration, Kind, Severity, cost_totals};
use crate::markdown::{MarkdownOptions, render_with_text};
use crate::output::OutputFile;
use crate::theme::Theme;

pub(super) struct Renderer<'a> {
    pub(super) theme: &'a Theme,
    pub(super) inputs: &'a Inputs<'a>,
    pub(super) fmt: Formatter,
    /// What many pages show of each incident, by the incident's slug, when computed ahead.
    facts: HashMap<&'a str, Arc<Facts>, ahash::RandomState>,
    /// The built-in incident page and row without Tera, while the site keeps their templates.
    pub(super) native: Option<Native>,
}

/// An incident's title and start date, formatted once: a build shows them on several pages
/// (and `serve` keeps them for the incidents that did not change).
pub(super) struct Facts {
    title: String,
    /// Whether the title was derived from the report's text (see [`super::titles`]).
    title_derived: bool,
    date: String,
    date_iso: String,
    /// Its fields in `incidents.csv`.
    csv: super::csv::CsvFields,
}

/// The native writers of the built-in templates that `theme` keeps, with the same globals as
/// [`set_globals`] gives Tera.
fn native_writers(theme: &Theme, inputs: &Inputs) -> Option<Native> {
    let config = inputs.config;
    Native::new(
        theme,
        config.language.code(),
        &config.title,
        &feeds::links(theme, inputs),
    )
}

/// Puts what every page shares into the templates' global context, once per build rather
/// than once per page.
pub(super) fn set_globals(theme: &mut Theme, inputs: &Inputs) {
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

impl<'a> Renderer<'a> {
    /// A renderer of the site's pages, with the native writers of the built-in templates when
    /// `native` (not for the statistics alone).
    pub(super) fn new(theme: &'a Theme, inputs: &'a Inputs<'a>, native: bool) -> Renderer<'a> {
        Renderer {
            theme,
            inputs,
            fmt: Formatter::new(inputs.config.language, inputs.config.timezone),
            facts: HashMap::default(),
            native: if native {
                native_writers(theme, inputs)
            } else {
                None
            },
        }
    }

    /// The renderer with each incident's title and dates formatted ahead: a full build shows
    /// them on several pages. `known(i)` gives those of the `i`th incident when a preview kept
    /// them (see [`super::cache::PageCache`]).
    pub(super) fn with_facts(
        mut self,
        incidents: &[&'a Incident],
        known: &(dyn Fn(usize) -> Option<Arc<Facts>> + Sync),
    ) -> Renderer<'a> {
        self.facts = incidents
            .par_iter()
            .enumerate()
            .map(|(n, i)| {
                let facts = known(n).unwrap_or_else(|| Arc::new(self.new_facts(i)));
                (i.slug.value.as_str(), facts)
            })
            .collect();
        self
    }

    fn new_facts(&self, incident: &Incident) -> Facts {
        let (title, title_derived) = self.shown_title(incident);
        let date_iso = self.fmt.date_iso(&incident.start.value);
        Facts {
            csv: super::csv::CsvFields::new(incident, &title, &date_iso),
            title,
            title_derived,
            date: self.fmt.date(&incident.start.value),
            date_iso,
        }
    }

    /// The facts of `incidents` (in that order) formatted ahead by [`Renderer::with_facts`].
    pub(super) fn facts_of(&self, incidents: &[&Incident]) -> Vec<Arc<Facts>> {
        incidents
            .iter()
            .map(|i| match self.facts.get(i.slug.value.as_str()) {
                Some(facts) => Arc::clone(facts),
                None => Arc::new(self.new_facts(i)),
            })
            .collect()
    }

    pub(super) fn label(&self, path: &[&str]) -> String {
        self.theme.label(path)
    }

    pub(super) fn severity_label(&self, s: Severity) -> String {
        self.label(&["severity", s.slug()])
    }

    pub(super) fn kind_label(&self, k: Kind) -> String {
        self.label(&["type", k.slug()])
    }

    fn facts(&self, incident: &Incident) -> Option<&Facts> {
        self.facts
            .get(incident.slug.value.as_str())
            .map(Arc::as_ref)
    }

    /// The title every page shows of an incident: as written, else derived from the report's
    /// text (see [`super::titles`]), else `Incident on <date> · <type>` (the `untitled` label).
    pub(super) fn title(&self, incident: &Incident) -> String {
        match self.facts(incident) {
            Some(facts) => facts.title.clone(),
            None => self.shown_title(incident).0,
        }
    }

    /// Whether [`Renderer::title`] is derived from the report's text.
    pub(super) fn title_derived(&self, incident: &Incident) -> bool {
        match self.facts(incident) {
            Some(facts) => facts.title_derived,
            None => self.shown_title(incident).1,
        }
    }

    /// The title, and whether it is derived from the report's text.
    fn shown_title(&self, incident: &Incident) -> (String, bool) {
        if let Some(t) = incident
            .title
            .as_ref()
            .filter(|t| !t.value.trim().is_empty())
        {
            return (crate::text::without_bidi_controls(t.value.trim()), false);
        }
        match derived_title(incident) {
            Some(title) => (title, true),
            None => (
                self.label(&["untitled"])
                    .replace("{date}", &self.fmt.date(&incident.start.value))
                    .replace("{type}", &self.kind_label(incident.kind.value)),
                false,
            ),
        }
    }

    /// The start, formatted for reading.
    pub(super) fn start_date(&self, incident: &Incident) -> String {
        match self.facts(incident) {
            Some(facts) => facts.date.clone(),
            None => self.fmt.date(&incident.start.value),
        }
    }

    /// Gives `write` the incident's fields in `incidents.csv`, formatted ahead or now.
    pub(super) fn csv_fields<T>(
        &self,
        incident: &Incident,
        write: impl FnOnce(&super::csv::CsvFields) -> T,
    ) -> T {
        match self.facts(incident) {
            Some(facts) => write(&facts.csv),
            None => write(&super::csv::CsvFields::new(
                incident,
                &self.title(incident),
                &self.start_date_iso(incident),
            )),
        }
    }

    /// The start, as a `datetime` value.
    pub(super) fn start_date_iso(&self, incident: &Incident) -> String {
        match self.facts(incident) {
            Some(facts) => facts.date_iso.clone(),
            None => self.fmt.date_iso(&incident.start.value),
        }
    }

    pub(super) fn duration(&self, incident: &Incident) -> String {
        match &incident.duration.value {
            IncidentDuration::Known(d) => self.fmt.duration_value(d),
            IncidentDuration::Ongoing => self.label(&["ongoing"]),
        }
    }

    /// Lost + resolution, per currency, formatted; empty when neither is given.
    pub(super) fn total_cost(&self, incident: &Incident) -> String {
        cost_totals([incident])
            .iter()
            .map(|(currency, (amount, approx))| self.fmt.money(amount, currency, *approx))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    pub(super) fn severity_chip(&self, incident: &Incident) -> Chip {
        Chip {
            slug: incident.severity.value.slug(),
            label: self.severity_label(incident.severity.value),
        }
    }

    pub(super) fn kind_chip(&self, incident: &Incident) -> Chip {
        Chip {
            slug: incident.kind.value.slug(),
            label: self.kind_label(incident.kind.value),
        }
    }

    pub(super) fn impact<'i>(&self, incident: &'i Incident) -> Impact<'i> {
        let impact = &incident.user_impact.value;
        Impact {
            affected: impact.affected,
            label: self.label(&["impact", if impact.affected { "yes" } else { "no" }]),
            description: impact.description.as_deref().unwrap_or(""),
        }
    }

    /// What every page gets as `root` and `page`.
    pub(super) fn page_view<'p>(
        &self,
        kind: &'p str,
        path: &'p str,
        title: &'p str,
        description: &'p str,
    ) -> PageValues<'p> {
        // The 404 page is served at any missing path: absolute links from the base URL when
        // there is one; else relative ones, right for a missing page at the top level and from
        // disk, where a root link (`/static/…`) would leave the site.
        let root = match (kind, &self.inputs.base_url) {
            ("404", Some(base)) => base.clone(),
            _ => root_of(path),
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
    pub(super) fn base(
        &self,
        kind: &str,
        path: &str,
        title: &str,
        description: &str,
    ) -> tera::Context {
        let page = self.page_view(kind, path, title, description);
        // `lang`, `t`, `site`, `assets` and `feeds` are the same on every page: they are in the
        // templates' global context (see `set_globals`).
        let mut ctx = tera::Context::new();
        ctx.insert("root", &page.root);
        ctx.insert("page", &page.view());
        ctx
    }

    pub(super) fn render(
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
                message: self.theme.render_error(template, &e),
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
    pub(super) fn markdown(
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
}

/// `text` on one line, cut at a word boundary to at most `max` characters, with `…` when cut.
pub(super) fn shortened(text: &str, max: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
