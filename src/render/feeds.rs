//! Atom feeds (RFC 4287): `/feed.xml` (the newest reports) and one per severity.

use std::fmt::Write as _;
use std::path::Path;

use chrono::SecondsFormat;
use serde_json::{Value, json};

use super::renderer::Renderer;
use super::{Counting, Inputs, RenderFailure};
use crate::incident::{Incident, Severity};
use crate::output::OutputFile;
use crate::theme::Theme;
use crate::values::Timestamp;

/// Entries per feed: the newest reports.
pub const FEED_ENTRIES: usize = 50;

/// The media type of the feeds.
const ATOM: &str = "application/atom+xml";

/// `(path from the site root, label path)` of every feed: the archive's, then one per severity.
fn feed_paths() -> Vec<(String, Option<Severity>)> {
    std::iter::once(("feed.xml".to_string(), None))
        .chain(
            Severity::ALL
                .iter()
                .map(|s| (format!("severity/{}/feed.xml", s.slug()), Some(*s))),
        )
        .collect()
}

/// A feed's title: `<site> · <what>`.
fn feed_title(label: &dyn Fn(&[&str]) -> String, site: &str, severity: Option<Severity>) -> String {
    let what = match severity {
        None => label(&["feed", "all"]),
        Some(s) => label(&["feed", "severity"]).replace("{name}", &label(&["severity", s.slug()])),
    };
    format!("{site} · {what}")
}

/// The `feeds` global: `{title, href, path, type}` of every feed, `href` absolute (so it works
/// from every page, the 404 page included), `path` from the site root. Empty without a base URL:
/// a feed needs absolute addresses.
pub(super) fn links(theme: &Theme, inputs: &Inputs) -> Vec<Value> {
    let Some(base) = &inputs.base_url else {
        return Vec::new();
    };
    let label = |path: &[&str]| theme.label(path);
    feed_paths()
        .into_iter()
        .map(|(path, severity)| {
            json!({
                "title": feed_title(&label, &inputs.config.title, severity),
                "href": format!("{base}{path}"),
                "path": path,
                "type": ATOM,
            })
        })
        .collect()
}

/// An instant as RFC 3339 in the site's time zone, to the second (`2025-01-15T14:30:00+01:00`);
/// a date written alone is its midnight.
pub(super) fn rfc3339(ts: &Timestamp, tz: chrono_tz::Tz) -> String {
    ts.instant
        .with_timezone(&tz)
        .fixed_offset()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The latest point of an incident's timeline: its start, detection, mitigation or resolution.
pub(super) fn newest_timestamp(incident: &Incident) -> &Timestamp {
    [&incident.detected, &incident.mitigated, &incident.resolved]
        .into_iter()
        .flatten()
        .map(|t| &t.value)
        .fold(&incident.start.value, |a, b| {
            if b.instant > a.instant { b } else { a }
        })
}

pub(super) use crate::text::xml_escape;

impl Renderer<'_> {
    /// Every feed into `out`; nothing without a base URL.
    pub(super) fn feeds(
        &self,
        incidents: &[&Incident],
        out: &Counting,
    ) -> Result<(), RenderFailure> {
        let Some(base) = self.inputs.base_url.as_deref() else {
            return Ok(());
        };
        let tz = self.inputs.config.timezone;
        // An empty feed is as new as the archive (never the time of the build).
        let archive_updated = incidents
            .iter()
            .map(|i| newest_timestamp(i))
            .max_by_key(|t| t.instant)
            .map(|t| rfc3339(t, tz))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        for (path, severity) in feed_paths() {
            let entries: Vec<&Incident> = incidents
                .iter()
                .filter(|i| severity.is_none_or(|s| i.severity.value == s))
                .take(FEED_ENTRIES)
                .copied()
                .collect();
            let label = |p: &[&str]| self.label(p);
            let title = feed_title(&label, &self.inputs.config.title, severity);
            let alternate = match severity {
                None => base.to_string(),
                Some(s) => format!("{base}severity/{}/", s.slug()),
            };
            let bytes = self.feed(base, &path, &title, &alternate, &archive_updated, &entries);
            out.put(OutputFile {
                path,
                bytes: bytes.into(),
            })?;
        }
        Ok(())
    }

    /// One Atom document. Entries are newest first; `updated` is their latest timestamp.
    fn feed(
        &self,
        base: &str,
        path: &str,
        title: &str,
        alternate: &str,
        fallback_updated: &str,
        entries: &[&Incident],
    ) -> Vec<u8> {
        let tz = self.inputs.config.timezone;
        let updated = entries
            .iter()
            .map(|i| newest_timestamp(i))
            .max_by_key(|t| t.instant)
            .map(|t| rfc3339(t, tz))
            .unwrap_or_else(|| fallback_updated.to_string());
        let x = xml_escape;
        let mut s = String::with_capacity(1024 + entries.len() * 1024);
        s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(
            s,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
            self.inputs.config.language.code()
        );
        let _ = writeln!(s, "  <id>{}</id>", x(&format!("{base}{path}")));
        let _ = writeln!(s, "  <title type=\"text\">{}</title>", x(title));
        if let Some(d) = &self.inputs.config.description {
            let _ = writeln!(s, "  <subtitle type=\"text\">{}</subtitle>", x(d));
        }
        let _ = writeln!(s, "  <updated>{updated}</updated>");
        let _ = writeln!(
            s,
            "  <link rel=\"self\" type=\"{ATOM}\" href=\"{}\"/>",
            x(&format!("{base}{path}"))
        );
        let _ = writeln!(
            s,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            x(alternate)
        );
        let _ = writeln!(
            s,
            "  <author><name>{}</name></author>",
            x(&self.inputs.config.title)
        );
        s.push_str("  <generator>incidex</generator>\n");
        for incident in entries {
            self.entry(&mut s, base, incident);
        }
        s.push_str("</feed>\n");
        s.into_bytes()
    }

    fn entry(&self, s: &mut String, base: &str, incident: &Incident) {
        let tz = self.inputs.config.timezone;
        let x = xml_escape;
        let page = format!("incidents/{}/", incident.slug.value);
        let url = format!("{base}{page}");
        let severity = incident.severity.value;
        let kind = incident.kind.value;
        s.push_str("  <entry>\n");
        let _ = writeln!(s, "    <id>{}</id>", x(&url));
        let _ = writeln!(
            s,
            "    <title type=\"text\">{}</title>",
            x(&self.title(incident))
        );
        let _ = writeln!(
            s,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            x(&url)
        );
        let _ = writeln!(
            s,
            "    <published>{}</published>",
            rfc3339(&incident.start.value, tz)
        );
        let _ = writeln!(
            s,
            "    <updated>{}</updated>",
            rfc3339(newest_timestamp(incident), tz)
        );
        let _ = writeln!(
            s,
            "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>",
            severity.slug(),
            x(&format!("{base}severity/")),
            x(&self.severity_label(severity))
        );
        let _ = writeln!(
            s,
            "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>",
            kind.slug(),
            x(&format!("{base}type/")),
            x(&self.kind_label(kind))
        );
        // The summary line: what the lists show (severity, type, duration).
        let line = format!(
            "{} · {} · {}",
            self.severity_label(severity),
            self.kind_label(kind),
            self.duration(incident)
        );
        let _ = writeln!(s, "    <summary type=\"text\">{}</summary>", x(&line));
        // The report's summary as HTML; its relative links resolve against the incident page.
        let source_dir = incident.source.parent().unwrap_or(Path::new(""));
        let html = self.markdown(&incident.summary, source_dir, &page, 2, None, None);
        if !html.trim().is_empty() {
            let _ = writeln!(
                s,
                "    <content type=\"html\" xml:base=\"{}\">{}</content>",
                x(&url),
                x(html.trim())
            );
        }
        s.push_str("  </entry>\n");
    }
}
