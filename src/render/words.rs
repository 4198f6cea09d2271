//! What the search box finds an incident by: the words of its summary, cause and symptoms,
//! folded like the search, for the home page's list data.

use std::borrow::Cow;

use crate::incident::{Incident, Section, SectionKind};
use crate::markdown::plain_text;

/// The plain text of an incident's summary, and of its summary, cause and symptoms (what the
/// search covers), in the order of the report.
#[derive(Default)]
pub(super) struct PageTexts {
    pub(super) summary: String,
    pub(super) searched: String,
}

impl PageTexts {
    /// The texts read from the Markdown alone, for an incident whose page was not rendered.
    pub(super) fn of(incident: &Incident) -> PageTexts {
        let summary = plain_text(&incident.summary);
        let mut searched = summary.clone();
        for section in incident.sections.iter().filter(|s| is_searched(s)) {
            searched.push(' ');
            searched.push_str(&plain_text(&section.markdown));
        }
        PageTexts { summary, searched }
    }
}

/// Whether the search covers a section's words (its cause and symptoms).
pub(super) fn is_searched(section: &Section) -> bool {
    matches!(
        section.kind,
        Some(SectionKind::Cause | SectionKind::Symptoms)
    )
}

/// What the search box finds an incident by, besides its title: the words of its summary,
/// cause and symptoms, folded like the search (accents, case), each once, in the order they
/// first appear, without the title's words and without words of one or two letters: a
/// compact index that the filter script loads when the search is used. `text` is the plain
/// text of those parts (see [`PageTexts`]).
pub(super) fn search_words(text: &str, title: &str) -> String {
    // Each distinct word is folded once (folding, not splitting, is the cost); the sets borrow
    // the words and hash them with a fast hasher (no attacker chooses them at build time).
    // Sized for a report's words at once (about one in eight bytes starts one), so that the
    // sets do not grow step by step; a long text's sets grow beyond as they need.
    let words_at_most = (text.len() / 8 + 16).min(4096);
    let mut raw_seen: ahash::AHashSet<&str> = ahash::AHashSet::with_capacity(words_at_most);
    // The title's words split as the text's are: a title derived from the text (`Vast.ai`,
    // `(Out of Memory)`) leaves out the words it holds.
    let mut seen: ahash::AHashSet<Cow<'_, str>> = ahash::AHashSet::with_capacity(words_at_most);
    seen.extend(
        title
            .split(|c: char| !c.is_alphanumeric())
            .map(Cow::Borrowed),
    );
    let mut words = String::new();
    let in_word = |c: char| {
        c.is_alphanumeric() || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
    };
    for raw in text.split(|c: char| !in_word(c)) {
        if raw.len() <= 2 || !raw_seen.insert(raw) {
            continue;
        }
        if raw.is_ascii() {
            // Folding ASCII is lower-casing it; no allocation when it already is.
            let word = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(raw.to_ascii_lowercase())
            } else {
                Cow::Borrowed(raw)
            };
            if !seen.contains(&word) {
                push_word(&mut words, &word);
                seen.insert(word);
            }
            continue;
        }
        if raw.chars().count() <= 2 {
            continue;
        }
        // Folding may split a word (`ﬁ`, `½`): each part counts on its own.
        for word in crate::text::fold(raw).split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() > 2 && !seen.contains(word) {
                seen.insert(Cow::Owned(word.to_string()));
                push_word(&mut words, word);
            }
        }
    }
    words
}

fn push_word(words: &mut String, word: &str) {
    if !words.is_empty() {
        words.push(' ');
    }
    words.push_str(word);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn search_words_are_folded_distinct_and_leave_out_the_title() {
        let text = "## Incident 2025-01-15 14:30 — Cache full\n\n**Type:** Downtime\n**Severity:** High\n**Duration:** 10 minutes\n**User impact:** No\n\nThe Re\u{301}seau went down.\n\n### Root cause\nThe cache was full: `maxmemory` reached, cache évictions.\n\n### Symptoms\nÉvictions and timeouts.\n\n### Immediate actions\nRestart.\n\n### Resolution\nBigger.\n\n### Prevention\nAlerts.\n";
        let ctx = crate::parse::Context {
            timezone: chrono_tz::UTC,
            currency: "USD".into(),
        };
        let path = Path::new("a.md");
        let parsed = crate::parse::parse_report(text, path, path, &ctx);
        let incident = parsed.incident.expect("a valid report");
        let words = search_words(
            &PageTexts::of(&incident).searched,
            &crate::text::fold("Cache full"),
        );
        assert_eq!(
            words,
            "the reseau went down was maxmemory reached evictions and timeouts"
        );
    }

    #[test]
    fn the_words_of_a_derived_title_are_left_out_whatever_their_punctuation() {
        let title = crate::text::fold("Instance Vast.ai crashée (Out of Memory) lors…");
        assert_eq!(
            search_words("Vast.ai crashée lors d'une panne (memory).", &title),
            "une panne"
        );
    }
}
