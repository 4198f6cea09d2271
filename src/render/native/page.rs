//! The markup of the page frame (`base.html`) and of an incident page (`incident.html`), by
//! part of the page.

use super::Native;
use super::markup::Markup;
use super::row::{badge, impact};
use crate::render::headers::META_CONTENT_SECURITY_POLICY;
use crate::render::{IncidentView, Neighbour, PageView};

/// A page kind's `page.kind == "…"` test.
fn kind_is(page: &PageView, kind: &str) -> bool {
    page.kind == kind
}

impl Native {
    /// The frame of every page around its `content` block: its head, the site's header and
    /// footer.
    pub(super) fn base<M: Markup>(
        &self,
        m: &mut M,
        page: &PageView,
        root: &str,
        content: impl FnOnce(&mut M),
    ) {
        m.lit("<!doctype html>\n<html lang=\"");
        m.text(&self.lang, "lang");
        m.lit("\">\n<head>\n<meta charset=\"utf-8\">\n");
        m.lit("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        m.lit("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        m.lit(META_CONTENT_SECURITY_POLICY);
        m.lit("\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
        m.block("title", |m| {
            m.when_else(
                kind_is(page, "home"),
                "page.kind == \"home\"",
                |m| m.text(&self.site_title, "site.title"),
                |m| {
                    m.text(page.title, "page.title");
                    m.lit(" · ");
                    m.text(&self.site_title, "site.title");
                },
            );
        });
        m.lit("</title>");
        self.page_meta(m, page);
        m.lit("\n<link rel=\"icon\" href=\"");
        m.text(root, "root");
        m.text(&self.favicon, "assets.favicon");
        m.lit("\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
        m.text(root, "root");
        m.text(&self.css, "assets.css");
        m.lit("\">\n");
        m.block("head", |_| {});
        m.lit("\n</head>\n<body class=\"page-");
        m.text(page.kind, "page.kind");
        m.lit("\">\n<a class=\"skip-link\" href=\"#main\">");
        m.text(&self.t.skip_link, "t.skip_link");
        m.lit("</a>\n");
        self.site_header(m, page, root);
        m.lit("<main id=\"main\" class=\"container\" tabindex=\"-1\">\n");
        m.block("content", content);
        m.lit("\n</main>\n");
        self.site_footer(m);
    }

    /// What the head says of the page to search engines and link previews, and its feeds.
    fn page_meta<M: Markup>(&self, m: &mut M, page: &PageView) {
        let description = |m: &mut M, property: &str| {
            m.when(!page.description.is_empty(), "page.description", |m| {
                m.lit("\n<meta ");
                m.lit(property);
                m.lit("=\"");
                m.text(page.description, "page.description");
                m.lit("\">");
            });
        };
        let canonical = |m: &mut M, tag: &str| {
            m.when(!page.canonical.is_empty(), "page.canonical", |m| {
                m.lit(tag);
                m.text(page.canonical, "page.canonical");
                m.lit("\">");
            });
        };
        description(m, "name=\"description\" content");
        canonical(m, "\n<link rel=\"canonical\" href=\"");
        m.lit("\n<meta property=\"og:site_name\" content=\"");
        m.text(&self.site_title, "site.title");
        m.lit("\">\n<meta property=\"og:title\" content=\"");
        m.when_else(
            kind_is(page, "home"),
            "page.kind == \"home\"",
            |m| m.text(&self.site_title, "site.title"),
            |m| m.text(page.title, "page.title"),
        );
        m.lit("\">");
        description(m, "property=\"og:description\" content");
        m.lit("\n<meta property=\"og:type\" content=\"");
        m.when_else(
            kind_is(page, "incident"),
            "page.kind == \"incident\"",
            |m| m.lit("article"),
            |m| m.lit("website"),
        );
        m.lit("\">");
        canonical(m, "\n<meta property=\"og:url\" content=\"");
        m.each(&self.feeds, "feed in feeds", |m, feed, _| {
            m.lit("\n<link rel=\"alternate\" type=\"");
            m.text(
                &feed.kind,
                "feed.type | default(value='application/atom+xml')",
            );
            m.lit("\" title=\"");
            m.text(&feed.title, "feed.title");
            m.lit("\" href=\"");
            m.text(&feed.href, "feed.href");
            m.lit("\">");
        });
    }

    /// The site's header: its title and the navigation, which marks the page it is on.
    fn site_header<M: Markup>(&self, m: &mut M, page: &PageView, root: &str) {
        let t = &self.t;
        m.lit("<header class=\"site-header\">\n  <div class=\"container header-inner\">\n");
        m.lit("    <a class=\"site-title\" href=\"");
        m.text(root, "root");
        m.lit("\">\n      <svg class=\"logo\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" ");
        m.lit("aria-hidden=\"true\" focusable=\"false\">");
        m.lit("<path d=\"M2 12h4l2.5-6 4 13 3-9 1.5 2H22\"/></svg>\n      <span>");
        m.text(&self.site_title, "site.title");
        m.lit("</span>\n    </a>\n    <nav class=\"site-nav\" aria-label=\"");
        m.text(&t.nav_label, "t.nav.label");
        m.lit("\">\n      <ul>");
        for (kind, path, label) in [
            ("home", "", &t.nav_home),
            ("stats", "stats/", &t.nav_stats),
            ("actions", "actions/", &t.nav_actions),
        ] {
            m.lit("\n        <li><a href=\"");
            m.text(root, "root");
            m.lit(path);
            m.lit("\"");
            m.when(
                kind_is(page, kind),
                format_args!("page.kind == \"{kind}\""),
                |m| m.lit(" aria-current=\"page\""),
            );
            m.lit(">");
            m.text(label, format_args!("t.nav.{kind}"));
            m.lit("</a></li>");
        }
        m.lit("\n      </ul>\n    </nav>\n  </div>\n</header>\n");
    }

    /// The site's footer, with its feeds.
    fn site_footer<M: Markup>(&self, m: &mut M) {
        m.lit("<footer class=\"site-footer\">\n  <div class=\"container footer-inner\">\n");
        m.lit("    <p>");
        m.text(&self.t.footer_generated, "t.footer.generated");
        m.lit("</p>");
        m.when(!self.feeds.is_empty(), "feeds", |m| {
            m.lit("\n    <p class=\"feeds\">");
            m.text(&self.t.footer_feeds, "t.footer.feeds");
            m.each(&self.feeds, "feed in feeds", |m, feed, at| {
                m.lit(" <a href=\"");
                m.text(&feed.href, "feed.href");
                m.lit("\">");
                m.text(&feed.title, "feed.title");
                m.lit("</a>");
                m.when(!at.last, "not loop.last", |m| m.lit(" ·"));
            });
            m.lit("\n    </p>");
        });
        m.lit("\n  </div>\n</footer>\n</body>\n</html>\n");
    }

    /// The content block of an incident page.
    pub(super) fn incident_content<M: Markup>(
        &self,
        m: &mut M,
        root: &str,
        incident: &IncidentView,
        prev: Option<&Neighbour>,
        next: Option<&Neighbour>,
    ) {
        let t = &self.t;
        m.lit("\n<article class=\"incident\">\n  <header class=\"incident-head\">\n");
        m.lit("    <p class=\"back\"><a href=\"");
        m.text(root, "root");
        m.lit("\"><span aria-hidden=\"true\">←</span> ");
        m.text(&t.back, "t.incident.back");
        m.lit("</a></p>\n    <h1>");
        m.text(&incident.title, "incident.title");
        m.lit("</h1>");
        m.when(incident.draft, "incident.draft", |m| {
            m.lit("\n    <p class=\"badges\"><span class=\"badge badge-draft\" title=\"");
            m.text(&t.draft_title, "t.badge.draft_title");
            m.lit("\">");
            m.text(&t.draft, "t.draft");
            m.lit("</span></p>");
        });
        m.lit("\n  </header>");
        m.when(incident.ongoing, "incident.ongoing", |m| {
            m.lit("\n  <p class=\"ongoing-banner\"><strong>");
            m.text(
                &t.ongoing_since.replace("{date}", &incident.date),
                "t.incident.ongoing_since | replace(from=\"{date}\", to=incident.date)",
            );
            m.lit("</strong></p>");
        });
        m.lit("\n");
        self.details(m, root, incident);
        self.summary(m, incident);
        self.contents(m, incident);
        self.timeline(m, incident);
        self.sections(m, incident);
        self.relations(m, incident);
        self.pager(m, prev, next);
        m.lit("\n\n  <footer class=\"incident-foot\">\n    <p class=\"source\"><small>");
        m.text(&t.source, "t.incident.source");
        m.lit(" <code>");
        m.text(&incident.source, "incident.source");
        m.lit("</code></small></p>\n  </footer>\n</article>\n");
    }

    /// The card of the incident's details: start, type, severity, duration, impact, costs,
    /// services, trigger (a link to its listing), factors, tags and the fields incidex does
    /// not know.
    fn details<M: Markup>(&self, m: &mut M, root: &str, incident: &IncidentView) {
        let t = &self.t;
        m.lit("\n  <section class=\"meta-card\" aria-labelledby=\"details-title\">\n");
        m.lit("    <h2 id=\"details-title\" class=\"visually-hidden\">");
        m.text(&t.details, "t.incident.details");
        m.lit("</h2>\n    <dl class=\"meta\">\n      <div>\n        <dt>");
        m.text(&t.start, "t.incident.start");
        m.lit("</dt>\n        <dd><time datetime=\"");
        m.text(&incident.date_iso, "incident.date_iso");
        m.lit("\">");
        m.text(&incident.date, "incident.date");
        m.lit("</time></dd>\n      </div>\n      <div>\n        <dt>");
        m.text(&t.kind, "t.incident.type");
        m.lit("</dt>\n        <dd>");
        badge(m, "kind", &incident.kind, "incident.type");
        m.lit("</dd>\n      </div>\n      <div>\n        <dt>");
        m.text(&t.severity, "t.incident.severity");
        m.lit("</dt>\n        <dd>");
        badge(m, "sev", &incident.severity, "incident.severity");
        m.lit("</dd>\n      </div>\n      <div>\n        <dt>");
        m.text(&t.duration, "t.incident.duration");
        m.lit("</dt>\n        <dd>");
        self.duration(m, incident.ongoing, &incident.duration, "incident");
        m.lit("</dd>\n      </div>\n      <div class=\"wide\">\n        <dt>");
        m.text(&t.impact, "t.incident.impact");
        m.lit("</dt>\n        <dd>");
        impact(m, &incident.impact, "incident.impact");
        m.lit("</dd>\n      </div>");
        m.each(
            &incident.cost_lines,
            "line in incident.cost_lines",
            |m, line, _| {
                m.lit("\n      <div>\n        <dt>");
                m.text(&line.label, "line.label");
                m.lit("</dt>\n        <dd>");
                m.text(&line.value, "line.value");
                m.lit("</dd>\n      </div>");
            },
        );
        self.pills(
            m,
            &incident.services,
            &t.services,
            ("pills", "services", "service"),
        );
        m.when_some(
            incident.trigger.as_ref(),
            "incident.trigger",
            |m, trigger| {
                m.lit("\n      <div>\n        <dt>");
                m.text(&t.trigger, "t.incident.trigger");
                m.lit("</dt>\n        <dd><a href=\"");
                m.text(root, "root");
                m.lit("trigger/");
                m.text(trigger.slug, "incident.trigger.slug");
                m.lit("/\">");
                m.text(&trigger.label, "incident.trigger.label");
                m.lit("</a></dd>\n      </div>");
            },
        );
        self.pills(
            m,
            &incident.factors,
            &t.factors,
            ("pills", "factors", "factor"),
        );
        self.pills(m, &incident.tags, &t.tags, ("pills tags", "tags", "tag"));
        m.each(
            &incident.extra_fields,
            "field in incident.extra_fields",
            |m, field, _| {
                m.lit("\n      <div class=\"wide\">\n        <dt>");
                m.text(&field.label, "field.label");
                m.lit("</dt>\n        <dd>");
                m.text(&field.value, "field.value");
                m.lit("</dd>\n      </div>");
            },
        );
        m.lit("\n    </dl>\n  </section>");
    }

    /// A line of the details card listing `values` (services, factors, tags) as pills, when
    /// there are some: `class` is the list's, `name` the field's, `item` one value's.
    fn pills<M: Markup>(
        &self,
        m: &mut M,
        values: &[&str],
        label: &str,
        (class, name, item): (&str, &str, &str),
    ) {
        m.when(!values.is_empty(), format_args!("incident.{name}"), |m| {
            m.lit("\n      <div class=\"wide\">\n        <dt>");
            m.text(label, format_args!("t.incident.{name}"));
            m.lit("</dt>\n        <dd><ul class=\"");
            m.lit(class);
            m.lit("\">");
            m.each(
                values,
                format_args!("{item} in incident.{name}"),
                |m, value, _| {
                    m.lit("<li>");
                    m.text(value, item);
                    m.lit("</li>");
                },
            );
            m.lit("</ul></dd>\n      </div>");
        });
    }

    /// The summary: the report's text before its first section.
    fn summary<M: Markup>(&self, m: &mut M, incident: &IncidentView) {
        m.when(
            !incident.summary_html.is_empty(),
            "incident.summary_html",
            |m| {
                m.lit("\n  <div class=\"summary prose\">\n");
                m.raw(&incident.summary_html, "incident.summary_html");
                m.lit("\n  </div>");
            },
        );
    }

    /// The contents of a long report: a link to each part of the page.
    fn contents<M: Markup>(&self, m: &mut M, incident: &IncidentView) {
        m.when(!incident.contents.is_empty(), "incident.contents", |m| {
            m.lit("\n  <nav class=\"contents\" aria-labelledby=\"contents-title\">\n");
            m.lit("    <h2 id=\"contents-title\">");
            m.text(&self.t.contents, "t.incident.contents");
            m.lit("</h2>\n    <ol>");
            m.each(
                &incident.contents,
                "entry in incident.contents",
                |m, entry, _| {
                    m.lit("\n      <li><a href=\"#");
                    m.text(&entry.id, "entry.id");
                    m.lit("\">");
                    m.text(&entry.title, "entry.title");
                    m.lit("</a></li>");
                },
            );
            m.lit("\n    </ol>\n  </nav>");
        });
    }

    /// The timeline, when it has more than the start.
    fn timeline<M: Markup>(&self, m: &mut M, incident: &IncidentView) {
        m.when(
            incident.timeline.len() > 1,
            "incident.timeline | length > 1",
            |m| {
                m.lit("\n  <section class=\"timeline-section\" ");
                m.lit("aria-labelledby=\"timeline-title\">\n    ");
                self.heading(
                    m,
                    |m| m.lit("timeline-title"),
                    &self.t.timeline,
                    "t.incident.timeline",
                );
                m.lit("\n    <ol class=\"timeline\">");
                m.each(
                    &incident.timeline,
                    "step in incident.timeline",
                    |m, step, _| {
                        m.lit("\n      <li><span class=\"tl-label\">");
                        m.text(&step.label, "step.label");
                        m.lit("</span> <time datetime=\"");
                        m.text(&step.date_iso, "step.date_iso");
                        m.lit("\">");
                        m.text(&step.date, "step.date");
                        m.lit("</time></li>");
                    },
                );
                m.lit("\n    </ol>\n  </section>");
            },
        );
    }

    /// A part's heading, `id` its id, whose text is a link to itself (the anchor a reader
    /// copies; a `#` shows on hover or focus), as mdBook writes its headings.
    fn heading<M: Markup>(&self, m: &mut M, id: impl Fn(&mut M), title: &str, title_tera: &str) {
        m.lit("<h2 id=\"");
        id(m);
        m.lit("\"><a class=\"anchor\" href=\"#");
        id(m);
        m.lit("\">");
        m.text(title, title_tera);
        m.lit("</a></h2>");
    }

    /// The report's sections (the references, when given, in theirs), in the order of the
    /// view: a written timeline first, unknown sections after the known ones.
    fn sections<M: Markup>(&self, m: &mut M, incident: &IncidentView) {
        let references = !incident.references.is_empty();
        m.each(
            &incident.sections,
            "section in incident.sections",
            |m, section, _| {
                let in_section = section.key == "references" && references;
                m.lit("\n  <section class=\"report-section section-");
                m.text(section.key, "section.key");
                m.lit("\" aria-labelledby=\"");
                m.text(&section.id, "section.id");
                m.lit("\">\n    ");
                self.heading(
                    m,
                    |m| m.text(&section.id, "section.id"),
                    &section.title,
                    "section.title",
                );
                m.when(
                    in_section,
                    "section.key == \"references\" and incident.references",
                    |m| {
                        m.lit("\n    ");
                        self.references(m, incident);
                    },
                );
                m.when(
                    !(in_section && section.html.trim().is_empty()),
                    "not (section.key == \"references\" and incident.references \
                     and section.html | trim == \"\")",
                    |m| {
                        m.lit("\n    <div class=\"prose\">\n");
                        m.raw(&section.html, "section.html");
                        m.lit("\n    </div>");
                    },
                );
                m.lit("\n  </section>");
            },
        );
    }

    /// The references, by group (logs, dashboard, tickets, others), each as inline HTML whose
    /// links were made as the report's text's are.
    fn references<M: Markup>(&self, m: &mut M, incident: &IncidentView) {
        m.lit("\n    <ul class=\"references\">");
        m.each(
            &incident.references,
            "group in incident.references",
            |m, group, _| {
                m.lit("\n      <li>\n        <span class=\"ref-label\">");
                m.text(&group.label, "group.label");
                m.lit("</span>\n        <ul>");
                m.each(&group.items, "item in group.items", |m, item, _| {
                    m.lit("\n          <li>");
                    m.raw(&item.html, "item.html");
                    m.lit("</li>");
                });
                m.lit("\n        </ul>\n      </li>");
            },
        );
        m.lit("\n    </ul>");
    }

    /// The related incidents, then the similar ones: each block when it lists any.
    fn relations<M: Markup>(&self, m: &mut M, incident: &IncidentView) {
        let t = &self.t;
        for (key, title, list) in [
            ("related", &t.related, &incident.related),
            ("similar", &t.similar, &incident.similar),
        ] {
            m.when(!list.is_empty(), format_args!("incident.{key}"), |m| {
                m.lit(&format!(
                    "\n  <section class=\"{key}\" aria-labelledby=\"{key}-title\">\n    <h2 id=\"{key}-title\">"
                ));
                m.text(title, format_args!("t.relations.{key}"));
                m.lit("</h2>\n    <ul>");
                m.each(list, format_args!("other in incident.{key}"), |m, other, _| {
                    m.lit("\n      <li><a href=\"");
                    m.text(&other.href, "other.href");
                    m.lit("\">");
                    m.text(&other.title, "other.title");
                    m.lit("</a> <span class=\"related-date\">");
                    m.text(&other.date, "other.date");
                    m.lit("</span></li>");
                });
                m.lit("\n    </ul>\n  </section>");
            });
        }
    }

    /// The links to the previous and next incidents.
    fn pager<M: Markup>(&self, m: &mut M, prev: Option<&Neighbour>, next: Option<&Neighbour>) {
        let t = &self.t;
        m.when(prev.is_some() || next.is_some(), "prev or next", |m| {
            m.lit("\n  <nav class=\"pager\" aria-label=\"");
            m.text(&t.nav_pager, "t.incident.nav_label");
            m.lit("\">\n    <ul>");
            m.when_some(prev, "prev", |m, prev| {
                m.lit("\n      <li class=\"pager-prev\"><a href=\"");
                m.text(&prev.href, "prev.href");
                m.lit("\" rel=\"prev\"><span class=\"pager-dir\">");
                m.lit("<span aria-hidden=\"true\">← </span>");
                m.text(&t.previous, "t.incident.previous");
                neighbour_end(m, prev, "prev");
            });
            m.when_some(next, "next", |m, next| {
                m.lit("\n      <li class=\"pager-next\"><a href=\"");
                m.text(&next.href, "next.href");
                m.lit("\" rel=\"next\"><span class=\"pager-dir\">");
                m.text(&t.next, "t.incident.next");
                m.lit("<span aria-hidden=\"true\"> →</span>");
                neighbour_end(m, next, "next");
            });
            m.lit("\n    </ul>\n  </nav>");
        });
    }
}

/// The end of a pager link: the neighbour's title and date (`tera` names the neighbour).
fn neighbour_end<M: Markup>(m: &mut M, neighbour: &Neighbour, tera: &str) {
    m.lit("</span> <span class=\"pager-title\">");
    m.text(&neighbour.title, format_args!("{tera}.title"));
    m.lit("</span> <span class=\"pager-date\">");
    m.text(&neighbour.date, format_args!("{tera}.date"));
    m.lit("</span></a></li>");
}
