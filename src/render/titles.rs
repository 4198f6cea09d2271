//! The title a reader tells an incident by when its report gives none: the first sentence of
//! its summary, else of its Cause, as plain text of at most 72 characters (then "…").

use crate::incident::{Incident, SectionKind};
use crate::markdown::{is_plain_line, plain_text};
use crate::text::without_bidi_controls;

/// The most characters of a derived title, before the "…" of a cut one.
pub(super) const MAX_CHARS: usize = 72;

/// How many opening paragraphs are read alone before the whole text is (see [`opening_text`]).
const OPENING_TRIES: usize = 4;

/// The title derived from the report's text: the first sentence of its summary, else of its
/// Cause section; None when neither has any text.
pub(super) fn derived_title(incident: &Incident) -> Option<String> {
    let cause = incident
        .section(SectionKind::Cause)
        .map(|s| s.markdown.as_str());
    [Some(incident.summary.as_str()), cause]
        .into_iter()
        .flatten()
        .filter(|markdown| !markdown.trim().is_empty())
        .find_map(title_of_markdown)
}

/// The first sentence of `markdown`'s text, cut to [`MAX_CHARS`]; None when it has no text.
pub(super) fn title_of_markdown(markdown: &str) -> Option<String> {
    title_of_plain_line(markdown).or_else(|| title_of_text(markdown))
}

/// [`title_of_markdown`] from the text of the opening paragraphs.
fn title_of_text(markdown: &str) -> Option<String> {
    let text = without_bidi_controls(&opening_text(markdown));
    let title = cut(first_sentence(text.trim()));
    (!title.is_empty()).then_some(title)
}

/// The title of a text whose first line is plain text (no Markdown in it, see
/// [`is_plain_line`]) and holds the end of the first sentence: that sentence with its
/// spaces made single, as [`plain_text`] would give it, without reading the rest.
fn title_of_plain_line(markdown: &str) -> Option<String> {
    let line = markdown.trim_start_matches('\n').lines().next()?;
    if !is_plain_line(line) {
        return None;
    }
    let line = line.trim();
    if without_bidi_controls(line).len() != line.len() {
        // Removed after the spaces are made single: left to the general way.
        return None;
    }
    let sentence = first_sentence(line);
    if sentence.len() == line.len() && !line.ends_with(['.', '!', '?']) {
        // The sentence may go on in the next line or paragraph.
        return None;
    }
    let mut spaced = String::with_capacity(sentence.len());
    for word in sentence.split_whitespace() {
        if !spaced.is_empty() {
            spaced.push(' ');
        }
        spaced.push_str(word);
    }
    let title = cut(&spaced);
    (!title.is_empty()).then_some(title)
}

/// The first sentence of a plain text: up to the first `.`, `!` or `?` followed by a space or
/// the end of the text (so `Vast.ai` does not end one), that mark included; the whole text
/// when no sentence ends.
pub(super) fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends {
            return &text[..at + c.len_utf8()];
        }
    }
    text
}

/// `sentence` when it has at most [`MAX_CHARS`] characters; else cut at the last space at or
/// before that many (the words that fit), followed by "…". A single word longer than that is
/// cut inside.
pub(super) fn cut(sentence: &str) -> String {
    let Some((limit, _)) = sentence.char_indices().nth(MAX_CHARS) else {
        return sentence.to_string();
    };
    // `limit` is the byte where the character after the first MAX_CHARS starts: a space there
    // ends the last word that fits.
    let space = if sentence[limit..].starts_with(char::is_whitespace) {
        Some(limit)
    } else {
        sentence[..limit].rfind(char::is_whitespace)
    };
    let kept = match space.map(|at| sentence[..at].trim_end()) {
        Some(words) if !words.is_empty() => words,
        _ => &sentence[..limit],
    };
    format!("{kept}…")
}

/// The plain text of `markdown`, or of its opening paragraphs when they alone decide the first
/// sentence and its cut: a report's Cause may be long, and a build derives thousands of titles.
fn opening_text(markdown: &str) -> String {
    // Text before a blank line reads the same alone as in the whole, unless something after it
    // changes what came before: a reference or footnote definition, an HTML block or a fence
    // that spans the blank line.
    let cuttable = !has_far_reaching_marks(markdown);
    if cuttable {
        let mut from = 0;
        for _ in 0..OPENING_TRIES {
            let Some(blank) = markdown[from..].find("\n\n") else {
                break;
            };
            let end = from + blank + 1;
            let text = plain_text(&markdown[..end]);
            if decides_title(&text) {
                return text;
            }
            from = end;
        }
    }
    plain_text(markdown)
}

/// Whether the text holds what can change the meaning of the paragraphs before it: a link
/// definition (`]:`), HTML (`<`), a fence (```` ``` ````, `~~~`). One pass over the bytes.
fn has_far_reaching_marks(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    bytes.iter().enumerate().any(|(at, b)| match b {
        b'<' => true,
        b']' => bytes.get(at + 1) == Some(&b':'),
        b'`' => bytes[at..].starts_with(b"```"),
        b'~' => bytes[at..].starts_with(b"~~~"),
        _ => false,
    })
}

/// Whether the start of a text decides its title whatever follows it (after a space): a
/// sentence ends in it, or it is longer than a title.
fn decides_title(text: &str) -> bool {
    first_sentence(text).len() < text.len()
        || matches!(text.chars().last(), Some('.' | '!' | '?'))
        || text.chars().nth(MAX_CHARS).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A plain first line gives the title the text would.
        #[test]
        fn a_plain_first_line_gives_the_title_the_text_gives(
            markdown in "[ ]{0,4}[A-Za-zé][a-zé0-9 .!?,;:'()/%@#{}=+→«»\u{202e}\t-]{0,90}(\n[a-z *_.\n]{0,20})?"
        ) {
            if let Some(title) = title_of_plain_line(&markdown) {
                proptest::prop_assert_eq!(Some(title), title_of_text(&markdown), "{:?}", markdown);
            }
        }

        /// Reading the opening paragraphs alone never changes the title.
        #[test]
        fn the_opening_paragraphs_decide_as_the_whole_text_would(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "mot", "Vast.ai", "fin.", "fin!", "quoi?", " ", " ", "\n", "\n\n",
                    "\n\n", "**gras**", "*", "`code`", "[lien](x)", "- ", "1. ", "> ",
                    "    ", "# ", "---", "| a |", "\\", "_", "&amp;", "~~", "éèà",
                    "très long mot de remplissage",
                ]),
                0..40,
            )
        ) {
            let markdown = parts.concat();
            let whole = plain_text(&markdown);
            let expected = cut(first_sentence(whole.trim()));
            let expected = (!expected.is_empty()).then_some(expected);
            proptest::prop_assert_eq!(title_of_markdown(&markdown), expected, "{:?}", markdown);
        }
    }

    #[test]
    fn a_sentence_ends_at_a_mark_followed_by_a_space_or_the_end() {
        assert_eq!(
            first_sentence("Vast.ai a planté. Puis"),
            "Vast.ai a planté."
        );
        assert_eq!(first_sentence("Encore ! Et"), "Encore !");
        assert_eq!(first_sentence("Pourquoi? Car"), "Pourquoi?");
        assert_eq!(first_sentence("Fin."), "Fin.");
        assert_eq!(first_sentence("v1.2 sans fin"), "v1.2 sans fin");
    }

    #[test]
    fn long_sentences_are_cut_between_words() {
        // 72 characters exactly: kept whole.
        let fits = format!("{} fin", "a".repeat(68));
        assert_eq!(cut(&fits), fits);
        // A space right after the 72nd character: the 72 are kept.
        let just = format!("{} fin suite", "a".repeat(68));
        assert_eq!(cut(&just), format!("{} fin…", "a".repeat(68)));
        // No space at all: cut inside the word.
        let word = "b".repeat(80);
        assert_eq!(cut(&word), format!("{}…", "b".repeat(72)));
    }

    #[test]
    fn opening_paragraphs_give_the_same_title_as_the_whole_text() {
        for markdown in [
            "Court\n\nSuite de la phrase. Autre.",
            "Une phrase. Deux.\n\nTrois.",
            "Sans fin de phrase\n\nni ici\n\nni là\n\nni là-bas\n\nni ailleurs. Fin.",
            &format!("{}\n\nSuite.", "mot ".repeat(30)),
            "Lien [ici][r]\n\n[r]: https://example.org\n",
        ] {
            let whole = cut(first_sentence(&plain_text(markdown))).to_string();
            assert_eq!(title_of_markdown(markdown), Some(whole), "{markdown:?}");
        }
    }
}
