//! The home page's list data, in pieces the filter script loads on demand: a facet index, the
//! rows in chunks, and the search's words in shards by their first letters; each file named
//! by a hash of its content.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::Counting;
use super::json::inert_json;
use super::renderer::Renderer;
use super::views::Row;
use crate::hash::content_hash;
use crate::incident::{Kind, Severity, Trigger};
use crate::output::{OutputError, OutputFile};

/// The folder of the list data files, below the site's root.
const LIST_FOLDER: &str = "list";

/// Rows per chunk file, newest first: a filter's first page of results loads a few of them.
const CHUNK_ROWS: usize = 200;

/// About the size of a file of the search's words: the words of several first two characters
/// share one, so that a small archive has few files.
const SHARD_BYTES: usize = 16_000;

/// The columns of a chunk's rows (what a row shows; its facets are in the index).
const ROW_COLUMNS: [&str; 10] = [
    "slug",
    "title",
    "date",
    "date_iso",
    "duration",
    "ongoing",
    "affected",
    "impact_description",
    "cost",
    "draft",
];

/// Reports per part of the search's words, each part read on a thread of its own.
const WORDS_PART: usize = 2000;

/// The characters a dense facet's ids are written with (see [`dense`]).
const DIGITS: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// What the list data holds of one incident, made with its page.
pub(super) struct ListEntry {
    /// The row as a JSON array in the order of [`ROW_COLUMNS`], inert.
    row: Vec<u8>,
    severity: &'static str,
    kind: &'static str,
    /// Empty when the report names none.
    trigger: &'static str,
    year: String,
    services: Vec<String>,
    tags: Vec<String>,
    /// The searched words, folded, space-separated: the title's, then those of the summary,
    /// the cause and the symptoms that the title lacks.
    words: String,
}

impl ListEntry {
    /// The entry of `row`, with `words` (the folded words of its texts, see
    /// [`super::words::search_words`]).
    pub(super) fn new(row: &Row, words: &str) -> ListEntry {
        let item = (
            row.slug,
            &row.title,
            &row.date,
            &row.date_iso,
            &row.duration,
            row.ongoing,
            row.impact.affected,
            row.impact.description,
            &row.cost,
            row.draft,
        );
        let mut line = inert_json(serde_json::to_vec(&item).unwrap_or_default());
        line.shrink_to_fit();
        let mut all = String::with_capacity(row.search.len() + words.len() + 1);
        for word in row.search.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                all.push_str(word);
                all.push(' ');
            }
        }
        all.push_str(words);
        ListEntry {
            row: line,
            severity: row.severity.slug,
            kind: row.kind.slug,
            trigger: row.trigger,
            year: row.year.clone(),
            services: row.services.clone(),
            tags: row.tags.clone(),
            words: all.trim_end().to_string(),
        }
    }
}

/// Report positions, newest first, as the gaps between them in base 36 (`0,4,1z`: 0, 5, 77):
/// short, and quick to read back.
#[derive(Default)]
struct Positions {
    /// The next position the gap counts from.
    next: u32,
    text: String,
}

impl Positions {
    /// Adds `at`, unless it is already the last one (a word twice in one report).
    fn push(&mut self, at: u32) {
        if !self.text.is_empty() && at < self.next {
            return;
        }
        if !self.text.is_empty() {
            self.text.push(',');
        }
        push_base36(&mut self.text, at - self.next);
        self.next = at + 1;
    }
}

/// Appends `n` written in base 36 (the digits and small letters of [`DIGITS`]).
fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut len = 0;
    loop {
        digits[len] = DIGITS[(n % 36) as usize];
        len += 1;
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev().map(|&d| d as char));
}

/// A facet every report has one value of: its values in order of first use, and each report's
/// value as its number written in `width` characters of [`DIGITS`] (one for up to 62 values).
fn dense<'e>(entries: &[&'e ListEntry], value: impl Fn(&'e ListEntry) -> &'e str) -> Value {
    let mut values: Vec<&str> = Vec::new();
    let mut numbers: ahash::AHashMap<&str, usize> = ahash::AHashMap::new();
    let ids: Vec<usize> = entries
        .iter()
        .map(|e| {
            let v = value(e);
            *numbers.entry(v).or_insert_with(|| {
                values.push(v);
                values.len() - 1
            })
        })
        .collect();
    let mut width = 1;
    while DIGITS.len().pow(width) < values.len() {
        width += 1;
    }
    let mut text = String::with_capacity(ids.len() * width as usize);
    for id in ids {
        for place in (0..width).rev() {
            text.push(DIGITS[id / DIGITS.len().pow(place) % DIGITS.len()] as char);
        }
    }
    json!({"values": values, "width": width, "ids": text})
}

/// A facet a report has any number of values of (services, tags): each value's reports.
fn lists<'e>(entries: &[&'e ListEntry], values: impl Fn(&'e ListEntry) -> &'e [String]) -> Value {
    let mut reports: BTreeMap<&str, Positions> = BTreeMap::new();
    for (at, entry) in entries.iter().enumerate() {
        for value in values(entry) {
            reports.entry(value).or_default().push(at as u32);
        }
    }
    Value::Object(
        reports
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.text)))
            .collect(),
    )
}

/// Each word's reports, the words grouped in shards by their first two characters (a word of
/// one character is a shard of its own).
fn word_shards<'e>(entries: &[&'e ListEntry]) -> BTreeMap<&'e str, Vec<(&'e str, Positions)>> {
    // Each part's words are looked up on a thread of its own, then joined part after part
    // (positions stay in order).
    let parts: Vec<ahash::AHashMap<&str, Vec<u32>>> = entries
        .par_chunks(WORDS_PART)
        .enumerate()
        .map(|(k, part)| {
            let mut words: ahash::AHashMap<&str, Vec<u32>> = ahash::AHashMap::new();
            for (i, entry) in part.iter().enumerate() {
                let at = (k * WORDS_PART + i) as u32;
                for word in entry.words.split(' ').filter(|w| !w.is_empty()) {
                    words.entry(word).or_default().push(at);
                }
            }
            words
        })
        .collect();
    let mut words: ahash::AHashMap<&str, Positions> = ahash::AHashMap::new();
    for part in parts {
        for (word, list) in part {
            let positions = words.entry(word).or_default();
            for at in list {
                positions.push(at);
            }
        }
    }
    let mut shards: BTreeMap<&str, Vec<(&str, Positions)>> = BTreeMap::new();
    for (word, positions) in words {
        let key = word
            .char_indices()
            .nth(2)
            .map_or(word, |(end, _)| &word[..end]);
        shards.entry(key).or_default().push((word, positions));
    }
    for shard in shards.values_mut() {
        shard.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    shards
}

/// A file of the list folder named `<stem>.<hash>.js`, holding `call(<arguments>);`.
fn script_file(stem: &str, call: &str, arguments: &[u8]) -> OutputFile {
    let mut bytes = Vec::with_capacity(arguments.len() + call.len() + 4);
    bytes.extend_from_slice(call.as_bytes());
    bytes.push(b'(');
    bytes.extend_from_slice(arguments);
    bytes.extend_from_slice(b");\n");
    OutputFile {
        path: format!("{LIST_FOLDER}/{stem}.{:08x}.js", content_hash(&bytes)),
        bytes: bytes.into(),
    }
}

/// Writes the rows of `entries` in chunks of [`CHUNK_ROWS`], each calling
/// `incidexRows("<set>/<n>", rows)` (`set` empty for the chunks of every report); returns their
/// names.
fn chunk_files(
    entries: &[&ListEntry],
    set: &str,
    out: &Counting,
) -> Result<Vec<String>, OutputError> {
    let mut names = Vec::with_capacity(entries.len().div_ceil(CHUNK_ROWS));
    for (n, chunk) in entries.chunks(CHUNK_ROWS).enumerate() {
        let key = format!("{set}/{n}");
        let mut arguments = Vec::with_capacity(chunk.iter().map(|e| e.row.len() + 2).sum());
        arguments.extend_from_slice(format!("\"{key}\",[").as_bytes());
        for (i, entry) in chunk.iter().enumerate() {
            arguments.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            arguments.extend_from_slice(&entry.row);
        }
        arguments.extend_from_slice(b"]");
        let stem = if set.is_empty() {
            format!("rows-{n}")
        } else {
            format!("rows-{set}-{n}")
        };
        let file = script_file(&stem, "incidexRows", &arguments);
        names.push(name_of(&file));
        out.put(file)?;
    }
    Ok(names)
}

/// Writes the search's words in files of about [`SHARD_BYTES`] each (one of a first two
/// characters shared by more words may be larger); returns which file holds the words of
/// each first two characters, and the files' names.
fn word_files(
    entries: &[&ListEntry],
    out: &Counting,
) -> Result<(Map<String, Value>, Vec<String>), OutputError> {
    let mut keys = Map::new();
    let mut names = Vec::new();
    // The members of the file being filled, `"word":"gaps",…`, written as they come: a word
    // is letters and digits only (split at every other character), gaps base-36 digits and
    // commas, so nothing needs escaping or making inert beyond what JSON strings need.
    let mut members: Vec<u8> = Vec::with_capacity(SHARD_BYTES * 2);
    let put = |members: &mut Vec<u8>, names: &mut Vec<String>| {
        let n = names.len();
        let arguments = [format!("{n},{{").as_bytes(), members.as_slice(), b"}"].concat();
        let file = script_file(&format!("words-{n}"), "incidexWords", &arguments);
        names.push(name_of(&file));
        members.clear();
        out.put(file)
    };
    for (key, shard) in word_shards(entries) {
        keys.insert(key.to_string(), Value::from(names.len()));
        for (word, positions) in shard {
            if !members.is_empty() {
                members.push(b',');
            }
            let _ = serde_json::to_writer(&mut members, word);
            members.extend_from_slice(b":\"");
            members.extend_from_slice(positions.text.as_bytes());
            members.push(b'"');
        }
        if members.len() >= SHARD_BYTES {
            put(&mut members, &mut names)?;
        }
    }
    if !members.is_empty() {
        put(&mut members, &mut names)?;
    }
    Ok((keys, names))
}

/// The chunks of each severity's rows (see [`chunk_files`]): a severity chip is the filter
/// most used, and its first page of results then lies in one or two files, not in the chunks
/// of every report in between. The names by severity.
fn severity_chunks(
    entries: &[&ListEntry],
    out: &Counting,
) -> Result<Map<String, Value>, OutputError> {
    let mut by_severity = Map::new();
    for severity in Severity::ALL {
        let of: Vec<&ListEntry> = entries
            .iter()
            .copied()
            .filter(|e| e.severity == severity.slug())
            .collect();
        if !of.is_empty() {
            let names = chunk_files(&of, severity.slug(), out)?;
            by_severity.insert(severity.slug().to_string(), Value::from(names));
        }
    }
    Ok(by_severity)
}

/// The name of a list file within [`LIST_FOLDER`].
fn name_of(file: &OutputFile) -> String {
    file.path[LIST_FOLDER.len() + 1..].to_string()
}

impl Renderer<'_> {
    /// Writes the list data of `entries` (newest first) and returns the path of its index, for
    /// the home page.
    pub(super) fn list_files(
        &self,
        entries: &[&ListEntry],
        out: &Counting,
    ) -> Result<String, OutputError> {
        // The rows and the words side by side: neither needs the other.
        let (rows, words) = rayon::join(
            || -> Result<_, OutputError> {
                Ok((
                    chunk_files(entries, "", out)?,
                    severity_chunks(entries, out)?,
                ))
            },
            || word_files(entries, out),
        );
        let ((chunks, by_severity), (words, shards)) = (rows?, words?);
        let index = json!({
            "total": entries.len(),
            "chunk": CHUNK_ROWS,
            "rows": chunks,
            "severity_rows": by_severity,
            "columns": ROW_COLUMNS,
            "dense": {
                "severity": dense(entries, |e| e.severity),
                "type": dense(entries, |e| e.kind),
                "trigger": dense(entries, |e| e.trigger),
                "year": dense(entries, |e| e.year.as_str()),
            },
            "lists": {
                "service": lists(entries, |e| &e.services),
                "tag": lists(entries, |e| &e.tags),
            },
            "words": words,
            "shards": shards,
            "labels": self.list_labels(),
        });
        let file = script_file(
            "index",
            "incidexIndex",
            &inert_json(serde_json::to_vec(&index).unwrap_or_default()),
        );
        let path = file.path.clone();
        out.put(file)?;
        Ok(path)
    }

    /// The names the filter script shows in the rows it builds: severities, types, triggers,
    /// impact and badges.
    fn list_labels(&self) -> Value {
        let labels = |slugs: &mut dyn Iterator<Item = (&'static str, String)>| -> Value {
            Value::Object(
                slugs
                    .map(|(k, v)| (k.to_string(), Value::String(v)))
                    .collect(),
            )
        };
        json!({
            "severity": labels(&mut Severity::ALL.iter().map(|s| (s.slug(), self.severity_label(*s)))),
            "type": labels(&mut Kind::ALL.iter().map(|k| (k.slug(), self.kind_label(*k)))),
            "trigger": labels(&mut Trigger::ALL.iter().map(|t| (t.slug(), self.trigger_label(*t)))),
            "impact": {"yes": self.label(&["impact", "yes"]), "no": self.label(&["impact", "no"])},
            "draft": self.label(&["draft"]),
            "ongoing": self.label(&["ongoing"]),
            "not_given": self.label(&["table", "not_given"]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_gaps_in_base_36_and_skip_a_repeat() {
        let mut p = Positions::default();
        for at in [0, 5, 5, 83, 84] {
            p.push(at);
        }
        // 0; 5 is 4 after 1; 83 is 77 (`25`) after 6; 84 is 0 after 84.
        assert_eq!(p.text, "0,4,25,0");
    }
}
