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
    // Words that needed folding, as written: each is folded once.
    let mut raw_seen: ahash::AHashSet<&str> = ahash::AHashSet::with_capacity(words_at_most / 4);
    // The title's words split as the text's are: a title derived from the text (`Vast.ai`,
    // `(Out of Memory)`) leaves out the words it holds.
    let mut seen: ahash::AHashSet<Cow<'_, str>> = ahash::AHashSet::with_capacity(words_at_most);
    seen.extend(
        title
            .split(|c: char| !c.is_alphanumeric())
            .map(Cow::Borrowed),
    );
    let mut words = String::with_capacity(text.len() / 2);
    for (raw, shape) in Words::new(text) {
        if raw.len() <= 2 {
            continue;
        }
        match shape {
            // Most words: already folded, looked up once.
            Shape::AsciiLower => {
                if seen.insert(Cow::Borrowed(raw)) {
                    push_word(&mut words, raw);
                }
            }
            _ if !raw_seen.insert(raw) => {}
            // Folding ASCII is lower-casing it.
            Shape::AsciiUpper => {
                let word = raw.to_ascii_lowercase();
                if !seen.contains(word.as_str()) {
                    push_word(&mut words, &word);
                    seen.insert(Cow::Owned(word));
                }
            }
            Shape::Other => {
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
        }
    }
    words
}

/// What folding a word takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// ASCII letters and digits, no capital: already folded.
    AsciiLower,
    /// ASCII with a capital: lower-cased.
    AsciiUpper,
    /// Anything else: [`crate::text::fold`].
    Other,
}

/// The words of a text: runs of letters, digits and combining marks, with their [`Shape`].
/// ASCII is read a byte at a time; other characters are decoded.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        Words { text, at: 0 }
    }

    /// Whether the character at byte `i`, which is not ASCII, belongs to a word; its length.
    fn wide_char(&self, i: usize) -> (bool, usize) {
        let c = self.text[i..].chars().next().unwrap_or(' ');
        let in_word = match c {
            // Latin-1's letters (é, ç, À…): most of French text, without the Unicode tables.
            'À'..='ÿ' => c != '×' && c != '÷',
            // General punctuation (’ — … and the narrow spaces): never in a word.
            '\u{2000}'..='\u{206f}' => false,
            _ => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
        };
        (in_word, c.len_utf8())
    }
}

/// What a byte is to [`Words`]: outside a word, an ASCII letter or digit (with the capitals
/// marked), or part of a character beyond ASCII (decoded to decide).
const OUTSIDE: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const WIDE: u8 = 4;
const CLASS: [u8; 256] = {
    let mut class = [OUTSIDE; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => LOWER,
            b'A'..=b'Z' => UPPER,
            0x80..=0xff => WIDE,
            _ => OUTSIDE,
        };
        b += 1;
    }
    class
};

impl<'a> Iterator for Words<'a> {
    type Item = (&'a str, Shape);

    fn next(&mut self) -> Option<(&'a str, Shape)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        // Skip to the start of a word.
        loop {
            let class = CLASS[usize::from(*bytes.get(i)?)];
            if class == OUTSIDE {
                i += 1;
            } else if class == WIDE {
                let (in_word, len) = self.wide_char(i);
                if in_word {
                    break;
                }
                i += len;
            } else {
                break;
            }
        }
        let start = i;
        // The classes seen in the word, or-ed.
        let mut seen = OUTSIDE;
        while let Some(&b) = bytes.get(i) {
            let class = CLASS[usize::from(b)];
            if class == OUTSIDE {
                break;
            }
            if class == WIDE {
                let (in_word, len) = self.wide_char(i);
                if !in_word {
                    break;
                }
                i += len;
            } else {
                i += 1;
            }
            seen |= class;
        }
        self.at = i;
        let shape = if seen & WIDE != 0 {
            Shape::Other
        } else if seen & UPPER != 0 {
            Shape::AsciiUpper
        } else {
            Shape::AsciiLower
        };
        Some((&self.text[start..i], shape))
    }
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

    /// The words as a plain split by characters finds them: what [`search_words`] must give.
    fn split_by_characters(text: &str, title: &str) -> String {
        let mut seen: std::collections::HashSet<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_string)
            .collect();
        let in_word = |c: char| {
            c.is_alphanumeric()
                || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
        };
        let mut words = String::new();
        for raw in text.split(|c: char| !in_word(c)) {
            if raw.chars().count() <= 2 {
                continue;
            }
            for word in crate::text::fold(raw).split(|c: char| !c.is_alphanumeric()) {
                if word.chars().count() > 2 && seen.insert(word.to_string()) {
                    push_word(&mut words, word);
                }
            }
        }
        words
    }

    proptest::proptest! {
        #[test]
        fn the_words_are_those_of_a_split_by_characters(
            text in "[a-zA-Zé É0-9.,'’×÷ÿ\u{2070}\u{301}\u{fb01}½—\u{a0}-]{0,80}",
            title in "[a-z é.]{0,20}",
        ) {
            let title = crate::text::fold(&title);
            proptest::prop_assert_eq!(search_words(&text, &title), split_by_characters(&text, &title));
        }
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
