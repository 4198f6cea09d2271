//! The markup of a row of the incident lists (`incident-row.html`), and the chips it shares
//! with the incident page: severity and type badges, the duration, the user impact.

use std::fmt::Display;

use super::Native;
use super::markup::Markup;
use crate::render::{Chip, Impact, Row};

/// What `incident-row.html` says of itself.
pub(super) const ROW_COMMENT: &str = "One row of incidents-table.html; rendered once per \
incident and page depth, then reused by the home page and every listing page that shows it \
(see README.md). `on_home`: the row's services, tags and trigger, which only the home page's \
filters read, are left out of the listings (a report with many services or tags would make \
them quadratic).";

impl Native {
    /// A row of the lists: `<tr>` with its cells.
    pub(super) fn row_markup<M: Markup>(&self, m: &mut M, row: &Row) {
        let t = &self.t;
        m.lit("<tr data-incident=\"");
        m.text(row.slug, "row.slug");
        m.lit("\" data-severity=\"");
        m.text(row.severity.slug, "row.severity.slug");
        m.lit("\" data-type=\"");
        m.text(row.kind.slug, "row.type.slug");
        m.lit("\" data-year=\"");
        m.text(&row.year, "row.year");
        m.lit("\"");
        m.optional("on_home", |m| {
            m.lit(" data-service=\"");
            m.text(&row.services.join(" "), "row.services | join(sep=\" \")");
            m.lit("\" data-tag=\"");
            m.text(&row.tags.join(" "), "row.tags | join(sep=\" \")");
            m.lit("\" data-trigger=\"");
            m.text(row.trigger, "row.trigger");
            m.lit("\"");
        });
        m.lit(" data-search=\"");
        m.text(&row.search, "row.search");
        m.lit("\"");
        m.when(row.draft, "row.draft", |m| m.lit(" class=\"is-draft\""));
        m.lit(">\n        <td class=\"c-date\" data-label=\"");
        m.text(&t.table_date, "t.table.date");
        m.lit("\"><time datetime=\"");
        m.text(&row.date_iso, "row.date_iso");
        m.lit("\">");
        m.text(&row.date, "row.date");
        m.lit("</time></td>\n        <th class=\"c-title\" scope=\"row\"><a href=\"");
        m.root_here();
        m.text(&row.path, "row.path");
        m.lit("\">");
        m.text(&row.title, "row.title");
        m.lit("</a>");
        m.when(row.draft, "row.draft", |m| {
            m.lit(" <span class=\"badge badge-draft\">");
            m.text(&t.draft, "t.draft");
            m.lit("</span>");
        });
        m.lit("</th>\n        <td class=\"c-type\" data-label=\"");
        m.text(&t.table_type, "t.table.type");
        m.lit("\">");
        badge(m, "kind", &row.kind, "row.type");
        m.lit("</td>\n        <td class=\"c-severity\" data-label=\"");
        m.text(&t.table_severity, "t.table.severity");
        m.lit("\">");
        badge(m, "sev", &row.severity, "row.severity");
        m.lit("</td>\n        <td class=\"c-duration\" data-label=\"");
        m.text(&t.table_duration, "t.table.duration");
        m.lit("\">");
        self.duration(m, row.ongoing, &row.duration, "row");
        m.lit("</td>\n        <td class=\"c-impact\" data-label=\"");
        m.text(&t.table_impact, "t.table.impact");
        m.lit("\"><span class=\"cell\">");
        impact(m, &row.impact, "row.impact");
        m.lit("</span></td>\n        <td class=\"c-cost\" data-label=\"");
        m.text(&t.table_cost, "t.table.cost");
        m.lit("\">");
        m.when_else(
            !row.cost.is_empty(),
            "row.cost",
            |m| m.text(&row.cost, "row.cost"),
            |m| {
                m.lit("<span class=\"cell\"><span class=\"none\" aria-hidden=\"true\">—</span>");
                m.lit("<span class=\"visually-hidden\">");
                m.text(&t.table_not_given, "t.table.not_given");
                m.lit("</span></span>");
            },
        );
        m.lit("</td>\n      </tr>");
    }

    /// A duration, or the "ongoing" badge (`of` is `row` or `incident`).
    pub(super) fn duration<M: Markup>(&self, m: &mut M, ongoing: bool, duration: &str, of: &str) {
        m.when_else(
            ongoing,
            format_args!("{of}.ongoing"),
            |m| {
                m.lit("<span class=\"badge badge-ongoing\">");
                m.text(&self.t.ongoing, "t.ongoing");
                m.lit("</span>");
            },
            |m| m.text(duration, format_args!("{of}.duration")),
        );
    }
}

/// A severity's or type's badge: `<span class="badge sev-high">High</span>` (`tera` names the
/// chip).
pub(super) fn badge<M: Markup>(m: &mut M, class: &str, chip: &Chip, tera: impl Display) {
    m.lit("<span class=\"badge ");
    m.lit(class);
    m.lit("-");
    m.text(chip.slug, format_args!("{tera}.slug"));
    m.lit("\">");
    m.text(&chip.label, format_args!("{tera}.label"));
    m.lit("</span>");
}

/// The user impact: yes or no, and its description when there is one (`tera` names it).
pub(super) fn impact<M: Markup>(m: &mut M, impact: &Impact, tera: &str) {
    m.lit("<span class=\"impact impact-");
    m.when_else(
        impact.affected,
        format_args!("{tera}.affected"),
        |m| m.lit("yes"),
        |m| m.lit("no"),
    );
    m.lit("\">");
    m.text(&impact.label, format_args!("{tera}.label"));
    m.lit("</span>");
    m.when(
        !impact.description.is_empty(),
        format_args!("{tera}.description"),
        |m| {
            m.lit(" <span class=\"impact-desc\">");
            m.text(impact.description, format_args!("{tera}.description"));
            m.lit("</span>");
        },
    );
}
