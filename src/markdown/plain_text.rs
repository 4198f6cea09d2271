//! The plain text of Markdown, for search and descriptions.

use pulldown_cmark::{Event, TagEnd};

use super::chunks;
use super::options::parser_options;

/// Plain text of Markdown (for search and descriptions): inline markup removed, whitespace collapsed.
///
/// Text of raw HTML blocks is kept without its tags and comments; inline HTML tags, footnote
/// reference marks and task list boxes are dropped; image alt texts and footnote texts are kept.
pub fn plain_text(markdown: &str) -> String {
    if is_plain_line(markdown) {
        // What the parser would give, without running it (most opening sentences are such).
        return PlainText {
            text: markdown.trim().to_string(),
            html_block: String::new(),
        }
        .finish();
    }
    parsed_plain_text(markdown)
}

/// Whether `text` is already what [`PlainText::finish`] makes of it: no whitespace at
/// either end, no run of it, none but single spaces. Non-ASCII characters are decoded only
/// at the bytes that start a whitespace character's encoding (C2, E1, E2, E3).
fn is_normalised(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (at, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => {
                after_space = true;
                continue;
            }
            b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3 if text[at..].starts_with(char::is_whitespace) => {
                return false;
            }
            _ => {}
        }
        after_space = false;
    }
    true
}

/// One line of text that Markdown keeps as it is: it starts with a letter after at most
/// three spaces (no block starts so), and holds no character with a meaning inline (emphasis, code, links, HTML,
/// entities, escapes, strikethrough, math, superscript, tables) nor a character the parser
/// would replace (controls, U+FFFE, U+FFFF).
pub fn is_plain_line(markdown: &str) -> bool {
    let line = markdown.trim_end();
    let text = line.trim_start_matches(' ');
    let bytes = text.as_bytes();
    // Four spaces would make it code. Every character with a meaning is ASCII; the ones the
    // parser replaces are told from their bytes (C1 is C2 80-9F, U+FFFE/FFFF EF BF BE/BF).
    line.len() - text.len() <= 3
        && text.starts_with(char::is_alphabetic)
        && !bytes.iter().enumerate().any(|(at, &b)| {
            NOT_PLAIN[usize::from(b)]
                && match b {
                    0xc2 => matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
                    0xef => {
                        bytes.get(at + 1) == Some(&0xbf)
                            && matches!(bytes.get(at + 2), Some(0xbe | 0xbf))
                    }
                    _ => true,
                }
        })
}

/// The bytes that make a line not plain, or may (C2 and EF start C1 controls and U+FFFE/F):
/// a table, so that a line is looked at one byte at a time without branching on each.
const NOT_PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != 0x09;
        b += 1;
    }
    let marks = b"\\`*_[]<>&!~|$^\x7f\xc2\xef";
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
};

/// [`plain_text`] through the parser.
fn parsed_plain_text(markdown: &str) -> String {
    let mut text = PlainText::default();
    let options = parser_options();
    chunks::Pieces::of(markdown, options).for_each_event(options, &mut |event| text.event(&event));
    text.finish()
}

/// Collects the plain text of a stream of Markdown events (see [`plain_text`]).
#[derive(Default)]
pub(super) struct PlainText {
    pub(super) text: String,
    /// Comments may span lines, which are separate events.
    pub(super) html_block: String,
}

impl PlainText {
    pub(super) fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                // `&#1;` is decoded to a control character: replaced, as in the HTML.
                self.text.push_str(&crate::text::replace_unprintable(t))
            }
            Event::Html(t) => self.html_block.push_str(t),
            Event::End(TagEnd::HtmlBlock) => {
                push_without_tags(&mut self.text, &std::mem::take(&mut self.html_block));
                self.text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.text.push(' '),
            Event::End(end) if !is_inline_end(*end) => self.text.push(' '),
            _ => {}
        }
    }

    /// The text with each run of whitespace made one space, trimmed: what
    /// `split_whitespace().join(" ")` gives, without decoding the ASCII characters.
    pub(super) fn finish(self) -> String {
        if is_normalised(&self.text) {
            return self.text;
        }
        let text = self.text.as_str();
        let mut out = String::with_capacity(text.len());
        let mut word_start = None;
        let mut i = 0;
        while i < text.len() {
            let b = text.as_bytes()[i];
            let (space, width) = if b.is_ascii() {
                (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            };
            match (space, word_start) {
                (true, Some(start)) => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(&text[start..i]);
                    word_start = None;
                }
                (false, None) => word_start = Some(i),
                _ => {}
            }
            i += width;
        }
        if let Some(start) = word_start {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&text[start..]);
        }
        out
    }
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Appends `html` without comments and what looks like tags (`<x ...>`, `</x>`, `<!...>`,
/// `<?...>`).
fn push_without_tags(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            out.push(' ');
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = after
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        match after.find('>') {
            Some(end) if is_tag => {
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_plain_line_gives_what_the_parser_gives(
            line in "[ ]{0,4}[a-zé][a-zé0-9 .,;:'\"()/%@#?{}=+→«»\t-]{0,60}[ \n]{0,3}"
        ) {
            if is_plain_line(&line) {
                proptest::prop_assert_eq!(plain_text(&line), parsed_plain_text(&line));
            }
        }
    }

    #[test]
    fn normalised_text_is_recognised() {
        for (text, normal) in [
            ("un deux", true),
            ("", true),
            ("un  deux", false),
            (" un", false),
            ("un ", false),
            ("un\tdeux", false),
            ("un\u{a0}deux", false),
            ("un\u{202f}deux", false),
            ("un\u{3000}deux", false),
            ("l’équipe « ici » → là", true),
        ] {
            assert_eq!(is_normalised(text), normal, "{text:?}");
            let finished = PlainText {
                text: text.to_string(),
                html_block: String::new(),
            }
            .finish();
            assert_eq!(
                finished,
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }

    #[test]
    fn a_plain_line_gives_what_the_parser_gives() {
        for line in [
            "Le stockage s3 est tombé en panne suite à une clé d'API exposée. Aucune donnée perdue.",
            "Dashboard Vast.ai → Instance → Logs (2018-11-02 06:59)",
            "  Espaces   en trop\t et « guillemets » ; fin ? oui  ",
            "Instance Vast.ai crashée (Out of Memory) : 100 % CPU, 8 s, 443/tcp, @équipe #1\n",
            "Ligne\n",
        ] {
            assert!(is_plain_line(line), "{line:?}");
            assert_eq!(plain_text(line), parsed_plain_text(line), "{line:?}");
        }
        for line in [
            "Deux\nlignes",
            "- une liste",
            "1. une liste",
            "    du code",
            "Du *gras*",
            "Un [lien](x)",
            "Une entité &amp; ici",
            "Un \\ échappement",
            "Une image ! [x]",
            "Un ~barré~",
            "Un <b>",
            "Contrôle \u{7}",
            "Contrôle \u{85} C1",
            "Non-caractère \u{ffff}",
        ] {
            assert!(!is_plain_line(line), "{line:?}");
        }
    }
}
