//! The incidents' pages: each incident's view (summary, costs, timeline, sections,
//! references), written by the native writer or by `incident.html`, with its neighbours.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use super::cache::{CachedPages, Keys};
use super::json::DataLinesCell;
use super::paths::{incident_page_file, percent_encode, root_of, shown_path};
use super::relations::{Listed, Relations};
use super::renderer::{Renderer, shortened};
use super::views::{
    ContentsEntry, IncidentView, LabelValue, Neighbour, ReferenceGroup, ReferenceItem, Row,
    SectionView, TimelineStep,
};
use super::words::{PageTexts, is_searched};
use super::{RenderError, RenderFailure};
use crate::incident::{Incident, IncidentDuration, SectionKind};
use crate::markdown::{escape_html, is_safe_url, web_link_html};
use crate::output::OutputFile;
use crate::parse::is_timeline_heading;

impl Renderer<'_> {
    /// Every incident's page (`incidents` newest first), in parallel, each handed to `pages` as
    /// soon as it is rendered; and the data lines of an incident that has none yet, made from
    /// the texts its page read (`fresh` holds the new rows' fields).
    pub(super) fn incident_pages(
        &self,
        incidents: &[&Incident],
        relations: &Relations,
        fresh: &mut [Option<Row>],
        lines: &[DataLinesCell],
        keys: Option<&Keys>,
        pages: &CachedPages,
    ) -> Result<(), RenderFailure> {
        incidents
            .par_iter()
            .zip(fresh.par_iter_mut())
            .enumerate()
            .try_for_each(|(i, (incident, row))| -> Result<(), RenderFailure> {
                let older = incidents.get(i + 1).copied();
                let newer = i.checked_sub(1).map(|j| incidents[j]);
                let key = keys.map(|k| k.incident_page(i));
                let texts = Mutex::new(None);
                pages.put(key, incident_page_file(incident), &|| {
                    let listed = self.listed(incidents, relations, i);
                    let (page, read) = self.incident_page(incident, older, newer, listed)?;
                    *texts.lock().unwrap_or_else(|e| e.into_inner()) = Some(read);
                    Ok(page)
                })?;
                if lines[i].get().is_none() {
                    let texts = texts.into_inner().unwrap_or_else(|e| e.into_inner());
                    let texts = texts.unwrap_or_else(|| PageTexts::of(incident));
                    let row = row.take().unwrap_or_else(|| self.row(incident));
                    let _ = lines[i].set(self.data_lines(incident, &row, texts));
                }
                Ok(())
            })
    }

    /// An incident's page, and the plain text of its summary and of the sections the search
    /// covers, read from the same Markdown as the page (for the data files).
    pub(super) fn incident_page(
        &self,
        incident: &Incident,
        older: Option<&Incident>,
        newer: Option<&Incident>,
        listed: Listed,
    ) -> Result<(OutputFile, PageTexts), RenderError> {
        let path = format!("incidents/{}/", incident.slug.value);
        let root = root_of(&path);
        let source_dir = incident.source.parent().unwrap_or(Path::new(""));
        let mut texts = PageTexts::default();
        // The page's documents (summary, then sections) number their footnotes apart.
        let summary_html = self.markdown(
            &incident.summary,
            source_dir,
            &path,
            2,
            Some(0),
            Some(&mut texts.summary),
        );
        texts.searched = texts.summary.clone();
        let title = self.title(incident);
        let description = self.page_description(&texts.summary, &title);
        let references = self.references(incident, source_dir, &path);
        let sections = self.sections(
            incident,
            source_dir,
            &path,
            &mut texts,
            !references.is_empty(),
        );
        let timeline = self.timeline(incident);
        let contents = self.contents(incident, &sections, timeline.len() > 1);
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
            cost_lines: self.cost_lines(incident),
            services: incident.services.iter().map(|s| s.value.as_str()).collect(),
            trigger: incident
                .trigger
                .as_ref()
                .map(|t| self.trigger_chip(t.value)),
            factors: incident.factors.iter().map(|s| s.value.as_str()).collect(),
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
            references,
            contents,
            source: shown_path(&incident.source),
            related: listed
                .related
                .iter()
                .map(|i| self.neighbour(i, &root))
                .collect(),
            similar: listed
                .similar
                .iter()
                .map(|i| self.neighbour(i, &root))
                .collect(),
        };
        let prev = older.map(|i| self.neighbour(i, &root));
        let next = newer.map(|i| self.neighbour(i, &root));
        let page = self.incident_file(&path, &description, &view, prev, next)?;
        Ok((page, texts))
    }

    /// The page of `view` at `path`: written by the native writer while the site keeps the
    /// built-in templates, else by `incident.html`.
    fn incident_file(
        &self,
        path: &str,
        description: &str,
        view: &IncidentView,
        prev: Option<Neighbour>,
        next: Option<Neighbour>,
    ) -> Result<OutputFile, RenderError> {
        if let Some(native) = self.native.as_ref().filter(|n| n.pages) {
            let page = self.page_view("incident", path, &view.title, description);
            let bytes =
                native.incident_page(&page.view(), &page.root, view, prev.as_ref(), next.as_ref());
            return Ok(OutputFile {
                path: format!("{path}index.html"),
                bytes: bytes.into(),
            });
        }
        let mut ctx = self.base("incident", path, &view.title, description);
        ctx.insert("incident", view);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
        self.render("incident.html", &ctx, path)
    }

    /// The summary's first words, for search engines and link previews; else a sentence.
    fn page_description(&self, summary: &str, title: &str) -> String {
        if summary.trim().is_empty() {
            self.label(&["description", "incident"])
                .replace("{title}", title)
        } else {
            shortened(summary, 160)
        }
    }

    /// The downtime, the loss and the cost of the resolution, those given.
    fn cost_lines(&self, incident: &Incident) -> Vec<LabelValue<'static>> {
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
        cost_lines
    }

    /// The start, then the detection, mitigation and resolution given.
    fn timeline(&self, incident: &Incident) -> Vec<TimelineStep> {
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
        timeline
    }

    /// The report's sections in HTML, each numbering its footnotes apart from the others; the
    /// plain text of those the search covers is added to `texts`. A timeline written as a
    /// section (`### Timeline`, `### Chronologie`) comes first, so that the page reads in the
    /// order things happened; the references get a section of their own, last, when the
    /// report gives them without one (`with_references`).
    fn sections(
        &self,
        incident: &Incident,
        source_dir: &Path,
        path: &str,
        texts: &mut PageTexts,
        with_references: bool,
    ) -> Vec<SectionView> {
        let mut timeline_found = false;
        let mut sections: Vec<SectionView> = incident
            .sections
            .iter()
            .enumerate()
            .map(|(n, s)| {
                let (key, title) = match s.kind {
                    Some(k) => (k.key(), self.label(&["section", k.key()])),
                    None if !timeline_found && is_timeline_heading(&s.heading) => {
                        timeline_found = true;
                        ("timeline", s.heading.clone())
                    }
                    None => ("other", s.heading.clone()),
                };
                let mut text = String::new();
                let searched = is_searched(s);
                let scope = u32::try_from(n + 1).unwrap_or(u32::MAX);
                // The references are shown as a list: the section's other text follows it.
                let markdown =
                    if s.kind == Some(SectionKind::References) && !incident.references.is_empty() {
                        Cow::Owned(crate::parse::lines::without_field_lines(&s.markdown))
                    } else {
                        Cow::Borrowed(s.markdown.as_str())
                    };
                let html = self.markdown(
                    &markdown,
                    source_dir,
                    path,
                    2,
                    Some(scope),
                    searched.then_some(&mut text),
                );
                if searched {
                    texts.searched.push(' ');
                    texts.searched.push_str(&text);
                }
                SectionView {
                    key,
                    id: String::new(),
                    title,
                    html,
                }
            })
            .collect();
        // Stable: the other sections keep their order.
        sections.sort_by_key(|s| s.key != "timeline");
        if with_references && !sections.iter().any(|s| s.key == "references") {
            sections.push(SectionView {
                key: "references",
                id: String::new(),
                title: self.label(&["section", "references"]),
                html: String::new(),
            });
        }
        for (n, section) in sections.iter_mut().enumerate() {
            section.id = if section.key == "other" {
                format!("s-{}", n + 1)
            } else {
                format!("s-{}", section.key)
            };
        }
        sections
    }

    /// The contents of a long report (more than [`CONTENTS_MIN_WORDS`] words in its
    /// sections): its timeline when shown, then every section; none for a shorter one.
    fn contents(
        &self,
        incident: &Incident,
        sections: &[SectionView],
        timeline_shown: bool,
    ) -> Vec<ContentsEntry> {
        let texts = incident.sections.iter().map(|s| s.markdown.as_str());
        if !has_more_words(texts, CONTENTS_MIN_WORDS) {
            return Vec::new();
        }
        let timeline = timeline_shown.then(|| ContentsEntry {
            id: "timeline-title".to_string(),
            title: self.label(&["incident", "timeline"]),
        });
        timeline
            .into_iter()
            .chain(sections.iter().map(|s| ContentsEntry {
                id: s.id.clone(),
                title: s.title.clone(),
            }))
            .collect()
    }

    /// Another incident (previous, next, related, similar), linked from a page whose root is
    /// `root`.
    fn neighbour(&self, incident: &Incident, root: &str) -> Neighbour {
        Neighbour {
            title: self.title(incident),
            href: format!("{root}incidents/{}/", incident.slug.value),
            date: self.start_date(incident),
        }
    }

    /// References as lists of `{text, href, html}`; only safe URLs become links.
    fn references(
        &self,
        incident: &Incident,
        source_dir: &Path,
        path: &str,
    ) -> Vec<ReferenceGroup> {
        let refs = &incident.references;
        let link = |text: &str| self.reference(text, source_dir, path);
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
            let items = refs.tickets.iter().map(|t| self.ticket(&t.value)).collect();
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

    /// A reference line's value: its Markdown made inline HTML as the report's text is (so
    /// `[l'extrait](../logs/x.txt)` links to the published copy of the file and a
    /// `javascript:` link is refused), with its bare web addresses made links. `href` keeps
    /// the address of a value that is one alone: a safe web URL, or the path of a file of
    /// the site written as it is (`logs/x.txt`), which links to its published copy.
    fn reference(&self, value: &str, source_dir: &Path, path: &str) -> ReferenceItem {
        let value = value.trim();
        let alone = !value.contains(char::is_whitespace);
        let mut href = String::new();
        let markdown = if alone && is_web_url(value) && is_safe_url(value) {
            href = value.to_string();
            if let Some(html) = web_link_html(value) {
                // What the parser would write, without running it (most addresses are such).
                return ReferenceItem {
                    text: value.to_string(),
                    href,
                    html,
                };
            }
            with_autolinks(value)
        } else if alone
            && !value.contains([':', '<', '>', '\\'])
            && let Some(url) = self.resolve_link(value, source_dir, &root_of(path))
        {
            href = url;
            Cow::Owned(format!("[{}](<{value}>)", escape_markdown(value)))
        } else if is_plain(value) {
            // What Markdown would make of it, without reading it (most lines are such).
            return ReferenceItem {
                text: value.to_string(),
                href,
                html: escape_html(value),
            };
        } else {
            with_autolinks(value)
        };
        let mut text = String::new();
        let html = self.markdown(&markdown, source_dir, path, 2, None, Some(&mut text));
        ReferenceItem {
            text,
            href,
            html: inline(html),
        }
    }

    /// A ticket: a link when the site's `ticket_url` makes a safe one.
    fn ticket(&self, ticket: &str) -> ReferenceItem {
        let href = self
            .inputs
            .config
            .ticket_url
            .as_ref()
            .map(|pattern| pattern.replace("{ticket}", &percent_encode(ticket)))
            .filter(|u| is_safe_url(u))
            .unwrap_or_default();
        let html = if href.is_empty() {
            escape_html(ticket)
        } else {
            // Another site's tracker gets no referrer.
            let leaves = ["http:", "https:", "//"]
                .iter()
                .any(|p| href.starts_with(p));
            format!(
                "<a href=\"{}\"{}>{}</a>",
                escape_html(&href),
                if leaves {
                    " rel=\"noopener noreferrer\""
                } else {
                    ""
                },
                escape_html(ticket)
            )
        };
        ReferenceItem {
            text: ticket.to_string(),
            href,
            html,
        }
    }
}

/// A report of more words than this in its sections gets a contents list.
const CONTENTS_MIN_WORDS: usize = 600;

/// Whether `texts` hold more than `limit` words, separated by ASCII whitespace (counted over
/// the bytes: a report's sections are read once more per build).
fn has_more_words<'t>(texts: impl Iterator<Item = &'t str> + Clone, limit: usize) -> bool {
    // n words in k texts take 2n - k bytes at least (a byte each, a space between two).
    let (bytes, count) = texts.clone().fold((0, 0), |(b, k), t| (b + t.len(), k + 1));
    if bytes + count < 2 * (limit + 1) {
        return false;
    }
    let space = |b: u8| {
        (b == b' ') | (b == b'\n') | (b == b'\t') | (b == b'\r') | (b == 0x0b) | (b == 0x0c)
    };
    // A word starts at a byte that is not a space, first or after a space: counted without
    // a branch, so that the compiler makes it vector code.
    let words: usize = texts
        .map(|text| {
            let bytes = text.as_bytes();
            let first = bytes.first().is_some_and(|&b| !space(b));
            usize::from(first)
                + bytes
                    .windows(2)
                    .map(|pair| usize::from(space(pair[0]) & !space(pair[1])))
                    .sum::<usize>()
        })
        .sum();
    words > limit
}

/// Whether Markdown reads `text` (trimmed) as one paragraph of its characters as written:
/// it starts with a letter and holds no character Markdown gives a meaning to, nor an address.
fn is_plain(text: &str) -> bool {
    text.starts_with(char::is_alphabetic)
        && !text.contains("://")
        && !text.contains(|c: char| {
            c.is_control()
                || matches!(
                    c,
                    '\\' | '`'
                        | '*'
                        | '_'
                        | '['
                        | ']'
                        | '<'
                        | '>'
                        | '&'
                        | '!'
                        | '~'
                        | '|'
                        | '$'
                        | '^'
                )
        })
}

/// Whether `text` starts as a web address.
fn is_web_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// `text` with every ASCII punctuation character escaped, so that Markdown shows it as written.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` with its bare web addresses written as autolinks (`<https://…>`), so that Markdown
/// makes them links; an address in a link, in angle brackets or in code is left as it is.
/// Trailing punctuation (`.`, `,`, an unbalanced `)`…) is not part of an address.
fn with_autolinks(text: &str) -> Cow<'_, str> {
    if !text.contains("http://") && !text.contains("https://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let (mut brackets, mut in_code) = (0usize, false);
    let (mut before, mut prev) = (None::<char>, None::<char>);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let starts = !in_code
            && brackets == 0
            && is_web_url(rest)
            && match prev {
                None => true,
                Some('(') => before != Some(']'),
                Some(p) => p.is_whitespace(),
            };
        let taken = if starts {
            let url = &rest[..url_end(rest)];
            out.push('<');
            out.push_str(url);
            out.push('>');
            url
        } else {
            match c {
                '`' => in_code = !in_code,
                '[' if !in_code => brackets += 1,
                ']' if !in_code => brackets = brackets.saturating_sub(1),
                _ => {}
            }
            out.push(c);
            &rest[..c.len_utf8()]
        };
        for c in taken.chars() {
            (before, prev) = (prev, Some(c));
        }
        rest = &rest[taken.len()..];
    }
    Cow::Owned(out)
}

/// Where the web address at the start of `text` ends.
fn url_end(text: &str) -> usize {
    let mut end = text
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '`')
        .unwrap_or(text.len());
    while let Some(last) = text[..end].chars().last() {
        let url = &text[..end];
        let unbalanced = last == ')' && url.matches(')').count() > url.matches('(').count();
        if !(unbalanced
            || matches!(
                last,
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' | '_' | '~'
            ))
        {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

/// The HTML of a one-line document without the paragraph around it.
fn inline(html: String) -> String {
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>\n"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_addresses_become_autolinks_and_the_rest_is_left_as_written() {
        let cases = [
            ("https://a.example/x", "<https://a.example/x>"),
            ("voir https://a.example/x.", "voir <https://a.example/x>."),
            (
                "(https://en.example/wiki/A_(b))",
                "(<https://en.example/wiki/A_(b)>)",
            ),
            (
                "[Grafana](https://g.example/d)",
                "[Grafana](https://g.example/d)",
            ),
            (
                "[voir https://g.example](x.txt)",
                "[voir https://g.example](x.txt)",
            ),
            ("<https://g.example>", "<https://g.example>"),
            ("`curl https://g.example`", "`curl https://g.example`"),
            ("Loki, service export", "Loki, service export"),
        ];
        for (text, markdown) in cases {
            assert_eq!(with_autolinks(text), markdown, "{text}");
        }
    }

    #[test]
    fn words_are_counted_up_to_the_limit_across_sections() {
        assert!(!has_more_words(["un deux", " trois\n"].into_iter(), 3));
        assert!(has_more_words(["un deux", "trois\tquatre"].into_iter(), 3));
        assert!(!has_more_words(["un-deux,trois", "", "  "].into_iter(), 1));
        assert!(has_more_words(["un", "deux"].into_iter(), 1));
        // The fewest bytes that hold more words than the limit: 2 words in 3 bytes, or in
        // 2 texts of 1 byte.
        assert!(has_more_words(["a b"].into_iter(), 1));
        assert!(has_more_words(["a", "b"].into_iter(), 1));
        assert!(!has_more_words(["ab"].into_iter(), 1));
    }

    #[test]
    fn a_plain_reference_is_what_markdown_makes_of_it() {
        let options = crate::markdown::MarkdownOptions::default();
        for text in [
            "Loki, service export",
            "INC-2030",
            "Journal d'audit GitHub (« export »)",
            "Loki: \"api\" 50% @ops ?x=1 é",
            "Dashboard Vast.ai → Instance → Logs (2018-11-02 06:59)",
            "Runbook #12 {bases} + notes = ok, «fin» ici",
        ] {
            assert!(is_plain(text), "{text}");
            let markdown = crate::markdown::render(text, &options, &|_| None);
            assert_eq!(format!("<p>{}</p>\n", escape_html(text)), markdown);
            assert_eq!(crate::markdown::plain_text(text), text);
        }
        for text in [
            "1. a",
            "- a",
            "a *b*",
            "a https://x.example",
            "a_b",
            "a [b]",
            "a & b",
        ] {
            assert!(!is_plain(text), "{text}");
        }
    }

    #[test]
    fn a_file_name_is_escaped_for_markdown_and_one_paragraph_made_inline() {
        assert_eq!(escape_markdown("logs/a_b*.txt"), "logs\\/a\\_b\\*\\.txt");
        assert_eq!(inline("<p>a <em>b</em></p>\n".into()), "a <em>b</em>");
        assert_eq!(
            inline("<ul>\n<li>a</li>\n</ul>\n".into()),
            "<ul>\n<li>a</li>\n</ul>\n"
        );
    }
}
