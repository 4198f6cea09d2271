//! The incidents' pages: each incident's view (summary, costs, timeline, sections,
//! references), written by the native writer or by `incident.html`, with its neighbours.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use super::cache::{CachedPages, Keys};
use super::json::DataLinesCell;
use super::paths::{incident_page_file, percent_encode, root_of, shown_path};
use super::renderer::{Renderer, shortened};
use super::views::{
    IncidentView, LabelValue, Neighbour, ReferenceGroup, ReferenceItem, Row, SectionView,
    TimelineStep,
};
use super::words::{PageTexts, is_searched};
use super::{RenderError, RenderFailure};
use crate::incident::{Incident, IncidentDuration, SectionKind};
use crate::markdown::is_safe_url;
use crate::output::OutputFile;

impl Renderer<'_> {
    /// Every incident's page (`incidents` newest first), in parallel, each handed to `pages` as
    /// soon as it is rendered; and the data lines of an incident that has none yet, made from
    /// the texts its page read (`fresh` holds the new rows' fields).
    pub(super) fn incident_pages(
        &self,
        incidents: &[&Incident],
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
                    let (page, read) = self.incident_page(incident, older, newer)?;
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
        let sections = self.sections(incident, source_dir, &path, &mut texts);
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
            tags: incident.tags.iter().map(|s| s.value.as_str()).collect(),
            extra_fields: incident
                .extra_fields
                .iter()
                .map(|f| LabelValue {
                    label: f.label.as_str().into(),
                    value: f.value.as_str().into(),
                })
                .collect(),
            timeline: self.timeline(incident),
            draft: incident.draft,
            summary_html,
            sections,
            references: self.references(incident, source_dir, &root),
            source: shown_path(&incident.source),
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
    /// plain text of those the search covers is added to `texts`.
    fn sections(
        &self,
        incident: &Incident,
        source_dir: &Path,
        path: &str,
        texts: &mut PageTexts,
    ) -> Vec<SectionView> {
        incident
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
                SectionView { key, title, html }
            })
            .collect()
    }

    /// The previous or next incident, linked from a page whose root is `root`.
    fn neighbour(&self, incident: &Incident, root: &str) -> Neighbour {
        Neighbour {
            title: self.title(incident),
            href: format!("{root}incidents/{}/", incident.slug.value),
            date: self.start_date(incident),
        }
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
}
