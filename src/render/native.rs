//! The built-in theme's incident page and list row written straight as bytes, without Tera:
//! the same bytes as `base.html`, `incident.html` and `incident-row.html`, in a fraction of the
//! time. Used only while a site keeps those templates; tests/native_theme.rs compares the two.

use pulldown_cmark_escape::escape_html;
use serde_json::Value;

use super::headers::meta_policy;
use super::{Chip, Impact, IncidentView, Neighbour, PageView, Row};
use crate::theme::Theme;

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

/// What the native writers print besides the page's own values: the templates' globals and
/// labels, as text.
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
    /// `(type, title, href)` of each feed.
    feeds: Vec<(String, String, String)>,
    t: Labels,
}

/// The labels the three templates print, by their path in the i18n file.
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
    impact: String,
    services: String,
    tags: String,
    timeline: String,
    references: String,
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
            impact: label("incident.impact")?,
            services: label("incident.services")?,
            tags: label("incident.tags")?,
            timeline: label("incident.timeline")?,
            references: label("section.references")?,
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
        };
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        let feeds = feeds
            .iter()
            .map(|f| {
                let kind = match f.get("type") {
                    Some(Value::String(s)) => s.clone(),
                    _ => return None,
                };
                Some((kind, text(f, "title")?, text(f, "href")?))
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
        let mut out = String::with_capacity(8 * 1024 + markdown);
        let o = &mut out;
        self.head(o, page, root);
        self.incident_content(o, root, incident, prev, next);
        self.foot(o);
        out.into_bytes()
    }

    /// `base.html` up to its content block, for a page of kind `incident`.
    fn head(&self, o: &mut String, page: &PageView, root: &str) {
        let t = &self.t;
        o.push_str("<!doctype html>\n<html lang=\"");
        esc(o, &self.lang);
        o.push_str(concat!(
            "\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"",
            meta_policy!(),
            "\">\n",
            "<meta name=\"color-scheme\" content=\"light dark\">\n<title>"
        ));
        esc(o, page.title);
        o.push_str(" · ");
        esc(o, &self.site_title);
        o.push_str("</title>");
        if !page.description.is_empty() {
            o.push_str("\n<meta name=\"description\" content=\"");
            esc(o, page.description);
            o.push_str("\">");
        }
        if !page.canonical.is_empty() {
            o.push_str("\n<link rel=\"canonical\" href=\"");
            esc(o, page.canonical);
            o.push_str("\">");
        }
        o.push_str("\n<meta property=\"og:site_name\" content=\"");
        esc(o, &self.site_title);
        o.push_str("\">\n<meta property=\"og:title\" content=\"");
        esc(o, page.title);
        o.push_str("\">");
        if !page.description.is_empty() {
            o.push_str("\n<meta property=\"og:description\" content=\"");
            esc(o, page.description);
            o.push_str("\">");
        }
        o.push_str("\n<meta property=\"og:type\" content=\"article\">");
        if !page.canonical.is_empty() {
            o.push_str("\n<meta property=\"og:url\" content=\"");
            esc(o, page.canonical);
            o.push_str("\">");
        }
        for (kind, title, href) in &self.feeds {
            o.push_str("\n<link rel=\"alternate\" type=\"");
            esc(o, kind);
            o.push_str("\" title=\"");
            esc(o, title);
            o.push_str("\" href=\"");
            esc(o, href);
            o.push_str("\">");
        }
        o.push_str("\n<link rel=\"icon\" href=\"");
        esc(o, root);
        esc(o, &self.favicon);
        o.push_str("\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
        esc(o, root);
        esc(o, &self.css);
        o.push_str(concat!(
            "\">\n\n</head>\n<body class=\"page-incident\">\n",
            "<a class=\"skip-link\" href=\"#main\">"
        ));
        esc(o, &t.skip_link);
        o.push_str(concat!(
            "</a>\n<header class=\"site-header\">\n",
            "  <div class=\"container header-inner\">\n",
            "    <a class=\"site-title\" href=\""
        ));
        esc(o, root);
        o.push_str(concat!(
            "\">\n      <svg class=\"logo\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" ",
            "aria-hidden=\"true\" focusable=\"false\">",
            "<path d=\"M2 12h4l2.5-6 4 13 3-9 1.5 2H22\"/></svg>\n      <span>"
        ));
        esc(o, &self.site_title);
        o.push_str("</span>\n    </a>\n    <nav class=\"site-nav\" aria-label=\"");
        esc(o, &t.nav_label);
        o.push_str("\">\n      <ul>\n        <li><a href=\"");
        esc(o, root);
        o.push_str("\">");
        esc(o, &t.nav_home);
        o.push_str("</a></li>\n        <li><a href=\"");
        esc(o, root);
        o.push_str("stats/\">");
        esc(o, &t.nav_stats);
        o.push_str("</a></li>\n        <li><a href=\"");
        esc(o, root);
        o.push_str("actions/\">");
        esc(o, &t.nav_actions);
        o.push_str(concat!(
            "</a></li>\n      </ul>\n    </nav>\n  </div>\n</header>\n",
            "<main id=\"main\" class=\"container\" tabindex=\"-1\">\n"
        ));
    }

    /// `base.html` after its content block.
    fn foot(&self, o: &mut String) {
        o.push_str(concat!(
            "\n</main>\n<footer class=\"site-footer\">\n",
            "  <div class=\"container footer-inner\">\n    <p>"
        ));
        esc(o, &self.t.footer_generated);
        o.push_str("</p>");
        if !self.feeds.is_empty() {
            o.push_str("\n    <p class=\"feeds\">");
            esc(o, &self.t.footer_feeds);
            for (n, (_, title, href)) in self.feeds.iter().enumerate() {
                o.push_str(" <a href=\"");
                esc(o, href);
                o.push_str("\">");
                esc(o, title);
                o.push_str("</a>");
                if n + 1 < self.feeds.len() {
                    o.push_str(" ·");
                }
            }
            o.push_str("\n    </p>");
        }
        o.push_str("\n  </div>\n</footer>\n</body>\n</html>\n");
    }

    /// A duration, or the "ongoing" badge.
    fn duration(&self, o: &mut String, ongoing: bool, duration: &str) {
        if ongoing {
            o.push_str("<span class=\"badge badge-ongoing\">");
            esc(o, &self.t.ongoing);
            o.push_str("</span>");
        } else {
            esc(o, duration);
        }
    }

    /// The content block of `incident.html`.
    fn incident_content(
        &self,
        o: &mut String,
        root: &str,
        incident: &IncidentView,
        prev: Option<&Neighbour>,
        next: Option<&Neighbour>,
    ) {
        let t = &self.t;
        o.push_str(concat!(
            "\n<article class=\"incident\">\n  <header class=\"incident-head\">\n",
            "    <p class=\"back\"><a href=\""
        ));
        esc(o, root);
        o.push_str("\"><span aria-hidden=\"true\">←</span> ");
        esc(o, &t.back);
        o.push_str("</a></p>\n    <h1>");
        esc(o, &incident.title);
        o.push_str("</h1>");
        if incident.draft {
            o.push_str("\n    <p class=\"badges\"><span class=\"badge badge-draft\" title=\"");
            esc(o, &t.draft_title);
            o.push_str("\">");
            esc(o, &t.draft);
            o.push_str("</span></p>");
        }
        o.push_str(concat!(
            "\n  </header>\n\n",
            "  <section class=\"meta-card\" aria-labelledby=\"details-title\">\n",
            "    <h2 id=\"details-title\" class=\"visually-hidden\">"
        ));
        esc(o, &t.details);
        o.push_str("</h2>\n    <dl class=\"meta\">\n      <div>\n        <dt>");
        esc(o, &t.start);
        o.push_str("</dt>\n        <dd><time datetime=\"");
        esc(o, &incident.date_iso);
        o.push_str("\">");
        esc(o, &incident.date);
        o.push_str("</time></dd>\n      </div>\n      <div>\n        <dt>");
        esc(o, &t.kind);
        o.push_str("</dt>\n        <dd>");
        badge(o, "kind", &incident.kind);
        o.push_str("</dd>\n      </div>\n      <div>\n        <dt>");
        esc(o, &t.severity);
        o.push_str("</dt>\n        <dd>");
        badge(o, "sev", &incident.severity);
        o.push_str("</dd>\n      </div>\n      <div>\n        <dt>");
        esc(o, &t.duration);
        o.push_str("</dt>\n        <dd>");
        self.duration(o, incident.ongoing, &incident.duration);
        o.push_str("</dd>\n      </div>\n      <div class=\"wide\">\n        <dt>");
        esc(o, &t.impact);
        o.push_str("</dt>\n        <dd>");
        impact(o, &incident.impact);
        o.push_str("</dd>\n      </div>");
        for line in &incident.cost_lines {
            o.push_str("\n      <div>\n        <dt>");
            esc(o, &line.label);
            o.push_str("</dt>\n        <dd>");
            esc(o, &line.value);
            o.push_str("</dd>\n      </div>");
        }
        for (values, label, class) in [
            (&incident.services, &t.services, "pills"),
            (&incident.tags, &t.tags, "pills tags"),
        ] {
            if values.is_empty() {
                continue;
            }
            o.push_str("\n      <div class=\"wide\">\n        <dt>");
            esc(o, label);
            o.push_str("</dt>\n        <dd><ul class=\"");
            o.push_str(class);
            o.push_str("\">");
            for value in values {
                o.push_str("<li>");
                esc(o, value);
                o.push_str("</li>");
            }
            o.push_str("</ul></dd>\n      </div>");
        }
        for field in &incident.extra_fields {
            o.push_str("\n      <div class=\"wide\">\n        <dt>");
            esc(o, &field.label);
            o.push_str("</dt>\n        <dd>");
            esc(o, &field.value);
            o.push_str("</dd>\n      </div>");
        }
        o.push_str("\n    </dl>\n  </section>");
        if !incident.summary_html.is_empty() {
            o.push_str("\n  <div class=\"summary prose\">\n");
            o.push_str(&incident.summary_html);
            o.push_str("\n  </div>");
        }
        if incident.timeline.len() > 1 {
            o.push_str(concat!(
                "\n  <section class=\"timeline-section\" aria-labelledby=\"timeline-title\">\n",
                "    <h2 id=\"timeline-title\">"
            ));
            esc(o, &t.timeline);
            o.push_str("</h2>\n    <ol class=\"timeline\">");
            for step in &incident.timeline {
                o.push_str("\n      <li><span class=\"tl-label\">");
                esc(o, &step.label);
                o.push_str("</span> <time datetime=\"");
                esc(o, &step.date_iso);
                o.push_str("\">");
                esc(o, &step.date);
                o.push_str("</time></li>");
            }
            o.push_str("\n    </ol>\n  </section>");
        }
        let references = || {
            let mut o = String::from("\n    <ul class=\"references\">");
            for group in &incident.references {
                o.push_str("\n      <li>\n        <span class=\"ref-label\">");
                esc(&mut o, &group.label);
                o.push_str("</span>\n        <ul>");
                for item in &group.items {
                    o.push_str("\n          <li>");
                    if item.href.is_empty() {
                        esc(&mut o, &item.text);
                    } else {
                        o.push_str("<a href=\"");
                        esc(&mut o, &item.href);
                        o.push('"');
                        if ["http:", "https:", "//"]
                            .iter()
                            .any(|p| item.href.starts_with(p))
                        {
                            o.push_str(" rel=\"noopener noreferrer\"");
                        }
                        o.push('>');
                        esc(&mut o, &item.text);
                        o.push_str("</a>");
                    }
                    o.push_str("</li>");
                }
                o.push_str("\n        </ul>\n      </li>");
            }
            o.push_str("\n    </ul>");
            o
        };
        let mut references_shown = false;
        for (n, section) in incident.sections.iter().enumerate() {
            let sid = if section.key == "other" {
                format!("s-{}", n + 1)
            } else {
                format!("s-{}", section.key)
            };
            o.push_str("\n  <section class=\"report-section section-");
            esc(o, section.key);
            o.push_str("\" aria-labelledby=\"");
            esc(o, &sid);
            o.push_str("\">\n    <h2 id=\"");
            esc(o, &sid);
            o.push_str("\">");
            esc(o, &section.title);
            o.push_str("</h2>");
            if section.key == "references" && !incident.references.is_empty() {
                o.push_str("\n    ");
                o.push_str(&references());
            }
            let list_only = section.key == "references"
                && !incident.references.is_empty()
                && section.html.trim().is_empty();
            if !list_only {
                o.push_str("\n    <div class=\"prose\">\n");
                o.push_str(&section.html);
                o.push_str("\n    </div>");
            }
            o.push_str("\n  </section>");
            references_shown |= section.key == "references";
        }
        if !incident.references.is_empty() && !references_shown {
            o.push_str(concat!(
                "\n  <section class=\"report-section section-references\" ",
                "aria-labelledby=\"s-references\">\n    <h2 id=\"s-references\">"
            ));
            esc(o, &t.references);
            o.push_str("</h2>\n    ");
            o.push_str(&references());
            o.push_str("\n  </section>");
        }
        if prev.is_some() || next.is_some() {
            o.push_str("\n  <nav class=\"pager\" aria-label=\"");
            esc(o, &t.nav_pager);
            o.push_str("\">\n    <ul>");
            if let Some(prev) = prev {
                o.push_str("\n      <li class=\"pager-prev\"><a href=\"");
                esc(o, &prev.href);
                o.push_str(concat!(
                    "\" rel=\"prev\"><span class=\"pager-dir\">",
                    "<span aria-hidden=\"true\">← </span>"
                ));
                esc(o, &t.previous);
                neighbour_end(o, prev);
            }
            if let Some(next) = next {
                o.push_str("\n      <li class=\"pager-next\"><a href=\"");
                esc(o, &next.href);
                o.push_str("\" rel=\"next\"><span class=\"pager-dir\">");
                esc(o, &t.next);
                o.push_str("<span aria-hidden=\"true\"> →</span>");
                neighbour_end(o, next);
            }
            o.push_str("\n    </ul>\n  </nav>");
        }
        o.push_str(concat!(
            "\n\n  <footer class=\"incident-foot\">\n",
            "    <p class=\"source\"><small>"
        ));
        esc(o, &t.source);
        o.push_str(" <code>");
        esc(o, &incident.source);
        o.push_str("</code></small></p>\n  </footer>\n</article>\n");
    }

    /// A row of the lists, as `incident-row.html` renders it, with the places of what differs
    /// between pages.
    pub fn row(&self, row: &Row) -> NativeRow {
        let t = &self.t;
        let mut html = String::with_capacity(1536);
        let o = &mut html;
        o.push_str("<tr data-incident=\"");
        esc(o, row.slug);
        o.push_str("\" data-severity=\"");
        esc(o, row.severity.slug);
        o.push_str("\" data-type=\"");
        esc(o, row.kind.slug);
        o.push_str("\" data-year=\"");
        esc(o, &row.year);
        let taxonomy_start = o.len() + 1;
        o.push_str("\" data-service=\"");
        esc(o, &row.services.join(" "));
        o.push_str("\" data-tag=\"");
        esc(o, &row.tags.join(" "));
        let taxonomy = taxonomy_start..o.len() + 1;
        o.push_str("\" data-search=\"");
        esc(o, &row.search);
        o.push('"');
        if row.draft {
            o.push_str(" class=\"is-draft\"");
        }
        o.push_str(">\n        <td class=\"c-date\" data-label=\"");
        esc(o, &t.table_date);
        o.push_str("\"><time datetime=\"");
        esc(o, &row.date_iso);
        o.push_str("\">");
        esc(o, &row.date);
        o.push_str(concat!(
            "</time></td>\n        <th class=\"c-title\" scope=\"row\">",
            "<a href=\""
        ));
        let at = o.len();
        esc(o, &row.path);
        o.push_str("\">");
        esc(o, &row.title);
        o.push_str("</a>");
        if row.draft {
            o.push_str(" <span class=\"badge badge-draft\">");
            esc(o, &t.draft);
            o.push_str("</span>");
        }
        o.push_str("</th>\n        <td class=\"c-type\" data-label=\"");
        esc(o, &t.table_type);
        o.push_str("\">");
        badge(o, "kind", &row.kind);
        o.push_str("</td>\n        <td class=\"c-severity\" data-label=\"");
        esc(o, &t.table_severity);
        o.push_str("\">");
        badge(o, "sev", &row.severity);
        o.push_str("</td>\n        <td class=\"c-duration\" data-label=\"");
        esc(o, &t.table_duration);
        o.push_str("\">");
        self.duration(o, row.ongoing, &row.duration);
        o.push_str("</td>\n        <td class=\"c-impact\" data-label=\"");
        esc(o, &t.table_impact);
        o.push_str("\"><span class=\"cell\">");
        impact(o, &row.impact);
        o.push_str("</span></td>\n        <td class=\"c-cost\" data-label=\"");
        esc(o, &t.table_cost);
        o.push_str("\">");
        if row.cost.is_empty() {
            o.push_str(concat!(
                "<span class=\"cell\"><span class=\"none\" aria-hidden=\"true\">—</span>",
                "<span class=\"visually-hidden\">"
            ));
            esc(o, &t.table_not_given);
            o.push_str("</span></span>");
        } else {
            esc(o, &row.cost);
        }
        o.push_str("</td>\n      </tr>");
        html.shrink_to_fit();
        NativeRow {
            html,
            root_at: at,
            taxonomy,
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

/// A severity's or type's badge: `<span class="badge sev-high">High</span>`.
fn badge(o: &mut String, class: &str, chip: &Chip) {
    o.push_str("<span class=\"badge ");
    o.push_str(class);
    o.push('-');
    esc(o, chip.slug);
    o.push_str("\">");
    esc(o, &chip.label);
    o.push_str("</span>");
}

/// The user impact: yes or no, and its description when there is one.
fn impact(o: &mut String, impact: &Impact) {
    o.push_str("<span class=\"impact impact-");
    o.push_str(if impact.affected { "yes" } else { "no" });
    o.push_str("\">");
    esc(o, &impact.label);
    o.push_str("</span>");
    if !impact.description.is_empty() {
        o.push_str(" <span class=\"impact-desc\">");
        esc(o, impact.description);
        o.push_str("</span>");
    }
}

/// The end of a pager link: the neighbour's title and date.
fn neighbour_end(o: &mut String, neighbour: &Neighbour) {
    o.push_str("</span> <span class=\"pager-title\">");
    esc(o, &neighbour.title);
    o.push_str("</span> <span class=\"pager-date\">");
    esc(o, &neighbour.date);
    o.push_str("</span></a></li>");
}

/// Text as Tera's autoescape writes it (the same function: `&`, `<`, `>`, `"`, `'`).
fn esc(o: &mut String, text: &str) {
    // Writing into a String cannot fail.
    let _ = escape_html(o, text);
}
