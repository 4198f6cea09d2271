//! The site's data files: `incidents.json` (every incident, one per line) and `stats.json`,
//! as inert JSON; the home page's list data is written by [`super::list_files`].

use std::sync::{Arc, OnceLock};

use serde::Serialize;
#[cfg(test)]
use serde_json::Value;

use super::list_files::ListEntry;
use super::paths::shown_path;
use super::relations::Relations;
use super::renderer::Renderer;
use super::views::{JsonCost, JsonImpact, JsonItem, JsonMoney, JsonReferences, Row};
use super::words::{PageTexts, search_words};
use super::{Counting, RenderFailure};
use crate::incident::{Incident, IncidentDuration};
use crate::output::OutputFile;

/// An incident's entry of the list data and its item of `incidents.json`.
pub(super) struct DataLines {
    list: ListEntry,
    json: Vec<u8>,
}

/// An incident's data lines, made once: with its page, or kept by the cache from an earlier
/// render.
pub(super) type DataLinesCell = Arc<OnceLock<DataLines>>;

pub(super) fn json_file(path: &str, value: &impl Serialize, pretty: bool) -> OutputFile {
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .unwrap_or_default();
    bytes = inert_json(bytes);
    bytes.push(b'\n');
    OutputFile {
        path: path.to_string(),
        bytes: bytes.into(),
    }
}

/// JSON text with `<`, `>` and `&` escaped: they only occur inside JSON strings, and escaping
/// them keeps a report's text inert wherever the JSON ends up (a `<script>` block, a browser
/// sniffing the type).
pub(super) fn inert_json(bytes: Vec<u8>) -> Vec<u8> {
    let mut found = memchr::memchr3_iter(b'<', b'>', b'&', &bytes).peekable();
    if found.peek().is_none() {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut copied = 0;
    for at in found {
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(match bytes[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        });
        copied = at + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out
}

/// Appends the item of `incidents[i]` to `out` with its related and similar incidents added as
/// its last members (`"related":[…],"similar":[…]`).
fn push_with_relations(
    out: &mut Vec<u8>,
    item: &[u8],
    incidents: &[&Incident],
    relations: &Relations,
    i: usize,
) {
    let slugs = |out: &mut Vec<u8>, list: Option<&Vec<usize>>| {
        out.push(b'[');
        for (n, &j) in list
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if n > 0 {
                out.push(b',');
            }
            let slug = incidents[j].slug.value.as_str();
            // Slugs are letters, digits and dashes: nothing to escape or make inert.
            if slug
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                out.push(b'"');
                out.extend_from_slice(slug.as_bytes());
                out.push(b'"');
            } else {
                out.extend_from_slice(&inert_json(serde_json::to_vec(slug).unwrap_or_default()));
            }
        }
        out.push(b']');
    };
    out.extend_from_slice(item.strip_suffix(b"}").unwrap_or(item));
    out.extend_from_slice(b",\"related\":");
    slugs(out, relations.related.get(i));
    out.extend_from_slice(b",\"similar\":");
    slugs(out, relations.similar.get(i));
    out.push(b'}');
}

impl Renderer<'_> {
    /// The list data (see [`super::list_files`]) and `incidents.json`, made of the incidents'
    /// data lines, newest first; the path of the list data's index, for the home page.
    pub(super) fn data_files(
        &self,
        lines: &[DataLinesCell],
        incidents: &[&Incident],
        relations: &Relations,
        out: &Counting,
    ) -> Result<String, RenderFailure> {
        let data: Vec<&DataLines> = lines.iter().filter_map(|l| l.get()).collect();
        let entries: Vec<&ListEntry> = data.iter().map(|l| &l.list).collect();
        let index = self.list_files(&entries, out)?;
        // One incident per line: compact, yet a diff between two builds shows what changed.
        // An item's related and similar incidents change with other reports: they are added
        // here, not kept with the item.
        let size = data.iter().map(|l| l.json.len() + 160).sum::<usize>() + 4;
        let mut bytes = Vec::with_capacity(size);
        bytes.push(b'[');
        for (i, lines) in data.iter().enumerate() {
            if i > 0 {
                bytes.push(b',');
            }
            bytes.push(b'\n');
            push_with_relations(&mut bytes, &lines.json, incidents, relations, i);
        }
        bytes.extend_from_slice(b"\n]\n");
        out.put(OutputFile {
            path: "incidents.json".to_string(),
            bytes: bytes.into(),
        })?;
        Ok(index)
    }

    /// An incident's data lines, from its row and the texts of its page.
    pub(super) fn data_lines(&self, incident: &Incident, row: &Row, texts: PageTexts) -> DataLines {
        DataLines {
            list: ListEntry::new(row, &search_words(&texts.searched, &row.search)),
            json: self.incidents_json_item(incident, texts.summary),
        }
    }

    /// One incident's item of `/incidents.json` (fields documented in README).
    fn incidents_json_item(&self, i: &Incident, summary: String) -> Vec<u8> {
        fn money(
            m: &Option<crate::incident::Spanned<crate::values::Money>>,
        ) -> Option<JsonMoney<'_>> {
            m.as_ref().map(|m| JsonMoney {
                amount: m.value.amount.to_string(),
                approximate: m.value.approximate,
                currency: &m.value.currency,
                note: m.value.note.as_deref(),
            })
        }
        let ts = |t: &Option<crate::incident::Spanned<crate::values::Timestamp>>| {
            t.as_ref().map(|t| self.fmt.date_iso(&t.value))
        };
        fn values(v: &[crate::incident::Spanned<String>]) -> Vec<&str> {
            v.iter().map(|s| s.value.as_str()).collect()
        }
        let path = format!("incidents/{}/", i.slug.value);
        let item = JsonItem {
            aliases: values(&i.aliases),
            cost: JsonCost {
                downtime_seconds: i.cost.downtime.as_ref().map(|d| d.value.seconds),
                lost: money(&i.cost.lost),
                resolution: money(&i.cost.resolution),
            },
            detected: ts(&i.detected),
            draft: i.draft,
            duration_seconds: match &i.duration.value {
                IncidentDuration::Known(d) => Some(d.seconds),
                IncidentDuration::Ongoing => None,
            },
            factors: values(&i.factors),
            mitigated: ts(&i.mitigated),
            ongoing: matches!(i.duration.value, IncidentDuration::Ongoing),
            references: JsonReferences {
                dashboard: i.references.dashboard.as_ref().map(|l| l.value.as_str()),
                logs: i.references.logs.as_ref().map(|l| l.value.as_str()),
                tickets: values(&i.references.tickets),
            },
            resolved: ts(&i.resolved),
            services: values(&i.services),
            severity: i.severity.value.slug(),
            slug: &i.slug.value,
            source: shown_path(&i.source),
            start: self.start_date_iso(i),
            summary,
            tags: values(&i.tags),
            title: self.title(i),
            title_derived: self.title_derived(i),
            trigger: i.trigger.as_ref().map(|t| t.value.slug()),
            kind: i.kind.value.slug(),
            url: self.inputs.base_url.as_ref().map(|b| format!("{b}{path}")),
            user_impact: JsonImpact {
                affected: i.user_impact.value.affected,
                description: i.user_impact.value.description.as_deref(),
            },
            path,
        };
        let mut item = inert_json(serde_json::to_vec(&item).unwrap_or_default());
        // Kept until the file is written: without the slack of its growth.
        item.shrink_to_fit();
        item
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_json_escapes_angle_brackets_and_ampersands_only() {
        let value = serde_json::json!({"t": "<script>a && b</script> é \"q\" >"});
        let bytes = inert_json(serde_json::to_vec(&value).unwrap());
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert!(
            text.contains("\\u003cscript\\u003ea \\u0026\\u0026 b"),
            "{text}"
        );
        assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), value);
        assert_eq!(inert_json(b"[1,2]".to_vec()), b"[1,2]");
    }
}
