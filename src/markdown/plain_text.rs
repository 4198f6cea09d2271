//! The plain text of Markdown, for search and descriptions.

use pulldown_cmark::{Event, TagEnd};

use super::chunks;
use super::options::parser_options;

/// Plain text of Markdown (for search and descriptions): inline markup removed, whitespace collapsed.
///
/// Text of raw HTML blocks is kept without its tags and comments; inline HTML tags, footnote
/// reference marks and task list boxes are dropped; image alt texts and footnote texts are kept.
pub fn plain_text(markdown: &str) -> String {
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
