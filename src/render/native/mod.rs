//! The default theme's incident page, list row and page frame, written once in Rust: as bytes
//! without Tera (a fraction of its time) while a site keeps `base.html`, `incident.html` and
//! `incident-row.html`, and as those three templates, which are generated from it.

mod markup;
mod page;
mod row;

use serde_json::Value;

use super::{IncidentView, Neighbour, PageView, Row};
use crate::theme::Theme;
use markup::{PageWriter, TemplateWriter};

/// The theme files each writer stands for: a site theme that replaces one is rendered by Tera.
const PAGE_TEMPLATES: [&str; 2] = ["templates/base.html", "templates/incident.html"];
const ROW_TEMPLATES: [&str; 1] = ["templates/incident-row.html"];
/// The templates that get the rows' values (`incidents`) besides their HTML: the built-in ones
/// only count them.
const LIST_TEMPLATES: [&str; 3] = [
    "templates/home.html",
    "templates/listing.html",
    "templates/incidents-table.html",
];

/// What the generated templates say of themselves.
const GENERATED: &str = "Generated from src/render/native/ (page.rs, row.rs) and checked by \
tests/theme_generated.rs: edit the Rust, then regenerate with INCIDEX_BLESS=1 cargo test --test \
theme_generated. A theme of your own may copy this file and change it freely.";

/// The default theme's `base.html`, `incident.html` and `incident-row.html`, written from the
/// markup that writes the pages: the files in themes/default/templates/ (a test keeps them
/// equal).
pub fn default_templates() -> [(&'static str, String); 3] {
    let native = Native::default();
    let page = PageView::default();
    let mut base = TemplateWriter::default();
    base.comment(GENERATED);
    native.base(&mut base, &page, "", |_| {});
    let mut incident = TemplateWriter::default();
    incident.extends("base.html");
    incident.comment(GENERATED);
    markup::Markup::block(&mut incident, "content", |m| {
        native.incident_content(m, "", &IncidentView::default(), None, None);
    });
    incident.source.push('\n');
    let mut row = TemplateWriter::default();
    row.comment(&format!("{} {GENERATED}", row::ROW_COMMENT));
    native.row_markup(&mut row, &Row::default());
    [
        ("base.html", base.source),
        ("incident.html", incident.source),
        ("incident-row.html", row.source),
    ]
}

/// What the native writers print besides the page's own values: the templates' globals and
/// labels, as text.
#[derive(Default)]
pub(super) struct Native {
    /// Incident pages are written here (else by Tera).
    pub pages: bool,
    /// List rows are written here (else by Tera).
    pub rows: bool,
    /// The rows are written here and the templates that list them only count them: a row's
    /// fields need not be made into template values.
    pub rows_counted_only: bool,
    lang: String,
    site_title: String,
    css: String,
    favicon: String,
    feeds: Vec<Feed>,
    t: Labels,
}

/// A feed, as the head links to it and the footer lists it.
#[derive(Default)]
struct Feed {
    /// Its media type.
    kind: String,
    title: String,
    href: String,
}

/// The labels the three templates print, by their path in the i18n file.
#[derive(Default)]
struct Labels {
    skip_link: String,
    nav_label: String,
    nav_home: String,
    nav_stats: String,
    nav_actions: String,
    footer_generated: String,
    footer_feeds: String,
    back: String,
    draft: String,
    draft_title: String,
    details: String,
    start: String,
    kind: String,
    severity: String,
    duration: String,
    ongoing: String,
    ongoing_since: String,
    impact: String,
    services: String,
    trigger: String,
    factors: String,
    tags: String,
    timeline: String,
    contents: String,
    nav_pager: String,
    previous: String,
    next: String,
    source: String,
    table_date: String,
    table_type: String,
    table_severity: String,
    table_duration: String,
    table_impact: String,
    table_cost: String,
    table_not_given: String,
    related: String,
    similar: String,
}

impl Native {
    /// The writers for `theme`, with its global values; None when the site replaced all three
    /// templates, or when a label they print is not plain text (Tera then prints it its way).
    pub fn new(
        theme: &Theme,
        lang: &str,
        site_title: &str,
        feeds: &[serde_json::Value],
    ) -> Option<Native> {
        let pages = PAGE_TEMPLATES.iter().all(|t| theme.is_built_in(t));
        let rows = ROW_TEMPLATES.iter().all(|t| theme.is_built_in(t));
        let rows_counted_only = rows && LIST_TEMPLATES.iter().all(|t| theme.is_built_in(t));
        if !pages && !rows {
            return None;
        }
        let label = |path: &str| theme.text_label(path).map(str::to_string);
        let t = Labels {
            skip_link: label("skip_link")?,
            nav_label: label("nav.label")?,
            nav_home: label("nav.home")?,
            nav_stats: label("nav.stats")?,
            nav_actions: label("nav.actions")?,
            footer_generated: label("footer.generated")?,
            footer_feeds: label("footer.feeds")?,
            back: label("incident.back")?,
            draft: label("draft")?,
            draft_title: label("badge.draft_title")?,
            details: label("incident.details")?,
            start: label("incident.start")?,
            kind: label("incident.type")?,
            severity: label("incident.severity")?,
            duration: label("incident.duration")?,
            ongoing: label("ongoing")?,
            ongoing_since: label("incident.ongoing_since")?,
            impact: label("incident.impact")?,
            services: label("incident.services")?,
            trigger: label("incident.trigger")?,
            factors: label("incident.factors")?,
            tags: label("incident.tags")?,
            timeline: label("incident.timeline")?,
            contents: label("incident.contents")?,
            nav_pager: label("incident.nav_label")?,
            previous: label("incident.previous")?,
            next: label("incident.next")?,
            source: label("incident.source")?,
            table_date: label("table.date")?,
            table_type: label("table.type")?,
            table_severity: label("table.severity")?,
            table_duration: label("table.duration")?,
            table_impact: label("table.impact")?,
            table_cost: label("table.cost")?,
            table_not_given: label("table.not_given")?,
            related: label("relations.related")?,
            similar: label("relations.similar")?,
        };
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let feeds = feeds
            .iter()
            .map(|f| {
                let kind = match f.get("type") {
                    Some(Value::String(s)) => s.clone(),
                    _ => return None,
                };
                Some(Feed {
                    kind,
                    title: text(f, "title")?,
                    href: text(f, "href")?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Native {
            pages,
            rows,
            rows_counted_only,
            lang: lang.to_string(),
            site_title: site_title.to_string(),
            css: theme.static_path("style.css"),
            favicon: theme.static_path("favicon.svg"),
            feeds,
            t,
        })
    }

    /// An incident page, as `incident.html` (extending `base.html`) renders it.
    pub fn incident_page(
        &self,
        page: &PageView,
        root: &str,
        incident: &IncidentView,
        prev: Option<&Neighbour>,
        next: Option<&Neighbour>,
    ) -> Vec<u8> {
        let markdown: usize = incident.summary_html.len()
            + incident
                .sections
                .iter()
                .map(|s| s.html.len())
                .sum::<usize>();
        let mut m = PageWriter::with_capacity(8 * 1024 + markdown);
        self.base(&mut m, page, root, |m| {
            self.incident_content(m, root, incident, prev, next);
        });
        m.out.into_bytes()
    }

    /// A row of the lists, as `incident-row.html` renders it, with the places of what differs
    /// between pages.
    pub fn row(&self, row: &Row) -> NativeRow {
        let mut m = PageWriter::with_capacity(1536);
        self.row_markup(&mut m, row);
        let PageWriter {
            out: mut html,
            root_at,
            optional,
        } = m;
        html.shrink_to_fit();
        NativeRow {
            html,
            root_at,
            taxonomy: optional,
        }
    }
}

/// A row written by [`Native::row`], with the places of what differs between pages.
pub(super) struct NativeRow {
    pub html: String,
    /// Where the page's way to the site root goes.
    pub root_at: usize,
    /// ` data-service="…" data-tag="…"`: on the home page only (see `incident-row.html`).
    pub taxonomy: std::ops::Range<usize>,
}

impl NativeRow {
    /// The row for a page whose way to the site root is `root`.
    pub fn for_page(&self, root: &str, on_home: bool) -> String {
        let html = &self.html;
        let mut row = String::with_capacity(html.len() + root.len());
        if on_home {
            row.push_str(&html[..self.root_at]);
        } else {
            row.push_str(&html[..self.taxonomy.start]);
            row.push_str(&html[self.taxonomy.end..self.root_at]);
        }
        row.push_str(root);
        row.push_str(&html[self.root_at..]);
        row
    }
}
