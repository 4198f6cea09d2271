//! Markdown to safe HTML: renders a report's Markdown (tables, footnotes, strikethrough, task
//! lists) to HTML that can go into a page as it is, resolves its relative links, and gives its
//! plain text.
//!
//! # Safety model
//!
//! The HTML is always written here from pulldown-cmark's events, never by `push_html`:
//!
//! - Text, code, titles and alt texts are escaped.
//! - Raw HTML is shown as text (escaped, as typed) unless [`MarkdownOptions::allow_raw_html`] is
//!   set (HTML comments excepted: they are left out). With it, the rendered page fragment is
//!   passed through ammonia with a strict policy (see `sanitize`): no script, style, frames, objects, forms, SVG or MathML, no event handler or
//!   `style` attributes, URLs limited to http, https, mailto, relative ones and raster
//!   `data:image/...` images, `rel="noopener noreferrer"` on every link.
//! - Every link and image destination goes through [`is_safe_url`]: a link that fails it is
//!   rendered as its text alone, an image as its alt text.
//! - Relative destinations (also those of raw HTML) go through the caller's `resolve_link`.
//!
//! # Hostile input
//!
//! Nothing here recurses over the document's nesting: the event walk keeps its state in a few
//! flat fields. html5ever (under ammonia) is quadratic in nesting depth (10,000 nested `<div>`
//! take about half a second, 40,000 take nine), so ammonia only ever sees fragments with at most
//! [`MAX_SANITIZED_START_TAGS`] start tags, which bounds the depth whatever the HTML's tricks
//! (comments, attributes, raw text). A larger fragment with raw HTML in it (a hostile one, or a
//! very long section) is rendered as if `allow_raw_html` were off: its raw HTML is shown as text.
//! A fragment without raw HTML never goes through ammonia: it is safe as written.
//!
//! A long document is parsed in pieces (see `chunks`), so that memory stays a small multiple
//! of its size.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Tag, TagEnd,
};

mod chunks;

/// How a report's Markdown is rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Keep raw HTML (sanitised) instead of showing it as text.
    pub allow_raw_html: bool,
    /// Added to every heading level, clamped to 6 (a report's `#` inside a section becomes an h3 with offset 2).
    pub heading_offset: u8,
    /// The document's number among those of one page (an incident page's summary and
    /// sections): its footnotes' ids become `fn-s<n>-<label>` instead of `fn-<label>`, so that
    /// two sections' `[^1]` do not share an id.
    pub footnote_scope: Option<u32>,
}

/// The most start tags a fragment may have for its raw HTML to be kept (see the module docs).
/// A section of a report has a few hundred; at this size html5ever's worst case (every tag
/// nested in the previous one) takes well under a tenth of a second.
pub const MAX_SANITIZED_START_TAGS: usize = 4_000;

/// Marks a relative URL in the HTML until `resolve_link` has been called on it (see [`Urls`]).
const MARK: char = '\u{FDD0}';

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to HTML that is safe to put in a page. `resolve_link` is called with every
/// link and image destination that is relative (no scheme, not starting with `/`, `#` or `?`): it returns
/// the URL to use instead, or None to keep the destination as written.
///
/// With `allow_raw_html`, relative `href`/`src` URLs of the raw HTML are resolved too. A URL
/// returned by `resolve_link` that fails [`is_safe_url`] is ignored (the destination is kept).
pub fn render(
    markdown: &str,
    options: &MarkdownOptions,
    resolve_link: &dyn Fn(&str) -> Option<String>,
) -> String {
    render_with_text(markdown, options, resolve_link, None)
}

/// [`render`], and with `text` also the [`plain_text`] of the same Markdown, from the same
/// reading of it.
pub fn render_with_text(
    markdown: &str,
    options: &MarkdownOptions,
    resolve_link: &dyn Fn(&str) -> Option<String>,
    text: Option<&mut String>,
) -> String {
    // Without raw HTML nothing is sanitised: relative URLs are resolved as they are written
    // (marks would take several times the room of a short URL in a document of links).
    let mut urls = Urls::new((!options.allow_raw_html).then_some(resolve_link));
    let mut plain = text.is_some().then(PlainText::default);
    let written = write_html(markdown, options, &mut urls, plain.as_mut());
    if let (Some(text), Some(plain)) = (text, plain) {
        *text = plain.finish();
    }
    if written.raw_spans.is_empty() {
        return urls.resolve(written.html, resolve_link);
    }
    if start_tags_at_most(&written.html, MAX_SANITIZED_START_TAGS) {
        let shared = Arc::new(Mutex::new(std::mem::take(&mut urls.list)));
        let clean = sanitize(&written.html, Arc::clone(&shared), urls.nonce);
        // html5ever decodes the raw HTML's character references (`&#1;`) to what they stand for.
        let clean = match crate::text::replace_unprintable(&clean) {
            Cow::Borrowed(_) => clean,
            Cow::Owned(replaced) => replaced,
        };
        urls.list = std::mem::take(&mut *shared.lock().unwrap_or_else(PoisonError::into_inner));
        return urls.resolve(clean, resolve_link);
    }
    // Too big to sanitise in bounded time: show the raw HTML as text instead.
    urls.resolve(written.raw_html_as_text(), resolve_link)
}

/// Whether a URL may be emitted in an href/src: http(s), mailto, relative and fragment URLs
/// yes; `javascript:`, `vbscript:`, `data:` (except `data:image/png|jpeg|gif|webp`), `file:` and any other scheme no.
/// Checked after trimming and removing ASCII whitespace/control characters and decoding
/// HTML entities and percent-encoding of the scheme part (so `java&#x09;script:` and `JaVaScRiPt:` are caught).
///
/// Each decoding step is checked (as written, entities decoded, then percent-decoded, up to
/// four rounds): the URL is refused if any of them shows a scheme other than the allowed ones.
/// So `%6Aavascript:alert(1)`, which a browser would take for a relative path, is refused too:
/// such a destination has no honest use, and a tool that decodes it would run it.
pub fn is_safe_url(url: &str) -> bool {
    let mut current: Cow<'_, str> = Cow::Borrowed(url);
    for _ in 0..4 {
        if !scheme_allowed(&strip_controls(&current)) {
            return false;
        }
        if !current.contains(['&', '%']) {
            return true;
        }
        let decoded = percent_decode(&decode_entities(&current));
        if decoded == current {
            return true;
        }
        current = Cow::Owned(decoded);
    }
    scheme_allowed(&strip_controls(&current))
}

/// Escapes text for HTML element content and attribute values (& < > " ').
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

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
struct PlainText {
    text: String,
    /// Comments may span lines, which are separate events.
    html_block: String,
}

impl PlainText {
    fn event(&mut self, event: &Event<'_>) {
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
    fn finish(self) -> String {
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

// ---------------------------------------------------------------------------------------------
// Event walk

/// The HTML written from the events, before sanitising and link resolution.
struct Written {
    html: String,
    /// Where raw HTML was written as it is (only with `allow_raw_html`): byte range in `html`,
    /// and whether it is a block.
    raw_spans: Vec<(usize, usize, bool)>,
}

impl Written {
    /// The HTML as it would have been written without `allow_raw_html`.
    fn raw_html_as_text(&self) -> String {
        let mut out = String::with_capacity(self.html.len() + self.html.len() / 4);
        let mut last = 0;
        for &(start, end, block) in &self.raw_spans {
            out.push_str(&self.html[last..start]);
            if block {
                push_html_block_as_text(&mut out, &self.html[start..end]);
            } else {
                push_inline_html_as_text(&mut out, &self.html[start..end]);
            }
            last = end;
        }
        out.push_str(&self.html[last..]);
        out
    }
}

/// An image whose alt text is being collected.
struct PendingImage {
    /// Nesting of tags inside the image (its alt text may hold emphasis, links, ...).
    depth: usize,
    alt: String,
    /// `src` and `title` attribute values, escaped; None when the URL is refused.
    attrs: Option<(String, String)>,
}

struct Writer<'u, 'r> {
    out: String,
    keep_raw_html: bool,
    raw_spans: Vec<(usize, usize, bool)>,
    /// Where the raw HTML block being kept started in `out`.
    raw_block_start: Option<usize>,
    heading_offset: u8,
    urls: &'u mut Urls<'r>,
    /// Whether each open link was written as an `<a>` (false: its URL was refused).
    links: Vec<bool>,
    table_alignments: Vec<Alignment>,
    table_cell: usize,
    in_table_head: bool,
    footnotes: HashMap<String, usize>,
    footnote_scope: Option<u32>,
    /// Text of the raw HTML block being shown as text.
    html_block: Option<String>,
    image: Option<PendingImage>,
    in_metadata: bool,
}

fn write_html(
    markdown: &str,
    options: &MarkdownOptions,
    urls: &mut Urls<'_>,
    mut plain: Option<&mut PlainText>,
) -> Written {
    let mut writer = Writer {
        out: String::with_capacity(markdown.len() + markdown.len() / 4 + 64),
        keep_raw_html: options.allow_raw_html,
        raw_spans: Vec::new(),
        raw_block_start: None,
        heading_offset: options.heading_offset,
        urls,
        links: Vec::new(),
        table_alignments: Vec::new(),
        table_cell: 0,
        in_table_head: false,
        footnotes: HashMap::new(),
        footnote_scope: options.footnote_scope,
        html_block: None,
        image: None,
        in_metadata: false,
    };
    let options = parser_options();
    chunks::Pieces::of(markdown, options).for_each_event(options, &mut |event| {
        if let Some(plain) = plain.as_deref_mut() {
            plain.event(&event);
        }
        writer.event(event);
    });
    // An unterminated image cannot happen (the parser balances its events), but lose nothing.
    if let Some(image) = writer.image.take() {
        push_escaped(&mut writer.out, &image.alt);
    }
    Written {
        html: writer.out,
        raw_spans: writer.raw_spans,
    }
}

impl Writer<'_, '_> {
    fn event(&mut self, event: Event<'_>) {
        if self.image.is_some() {
            self.image_event(event);
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(text) => {
                if !self.in_metadata {
                    push_escaped(&mut self.out, &text);
                }
            }
            Event::Code(text) => {
                self.out.push_str("<code>");
                push_escaped(&mut self.out, &text);
                self.out.push_str("</code>");
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                push_escaped(&mut self.out, &text)
            }
            Event::Html(html) => {
                if let Some(block) = &mut self.html_block {
                    block.push_str(&html);
                } else if self.raw_block_start.is_some() {
                    self.out.push_str(&html);
                } else {
                    self.inline_html(&html);
                }
            }
            Event::InlineHtml(html) => self.inline_html(&html),
            Event::FootnoteReference(label) => {
                let (id, number) = self.footnote(&label);
                self.out
                    .push_str("<sup class=\"footnote-reference\"><a href=\"#");
                self.out.push_str(&id);
                self.out.push_str("\">");
                self.out.push_str(&number.to_string());
                self.out.push_str("</a></sup>");
            }
            Event::SoftBreak => self.out.push('\n'),
            Event::HardBreak => self.out.push_str("<br>\n"),
            Event::Rule => self.out.push_str("<hr>\n"),
            // A task box is shown, not a form control: a disabled checkbox has no label to give
            // it, and the symbol's own name ("ballot box with check") reads well aloud.
            Event::TaskListMarker(true) => self
                .out
                .push_str("<span class=\"task-box task-done\">\u{2611}</span> "),
            Event::TaskListMarker(false) => self
                .out
                .push_str("<span class=\"task-box\">\u{2610}</span> "),
        }
    }

    fn inline_html(&mut self, html: &str) {
        if self.keep_raw_html {
            let start = self.out.len();
            self.out.push_str(html);
            self.raw_spans.push((start, self.out.len(), false));
        } else {
            push_inline_html_as_text(&mut self.out, html);
        }
    }

    /// Collects the alt text of an image, and writes the image at its end.
    fn image_event(&mut self, event: Event<'_>) {
        let Some(image) = &mut self.image else { return };
        match event {
            Event::Start(_) => image.depth += 1,
            Event::End(_) if image.depth > 0 => image.depth -= 1,
            Event::End(_) => {
                if let Some(image) = self.image.take() {
                    match image.attrs {
                        Some((src, title)) => {
                            self.out.push_str("<img src=\"");
                            self.out.push_str(&src);
                            self.out.push_str("\" alt=\"");
                            push_escaped(&mut self.out, &image.alt);
                            self.out.push('"');
                            if !title.is_empty() {
                                self.out.push_str(" title=\"");
                                self.out.push_str(&title);
                                self.out.push('"');
                            }
                            self.out.push('>');
                        }
                        None => push_escaped(&mut self.out, &image.alt),
                    }
                }
            }
            Event::Text(t)
            | Event::Code(t)
            | Event::InlineHtml(t)
            | Event::Html(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => image.alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => image.alt.push(' '),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let out = &mut self.out;
        match tag {
            Tag::Paragraph => out.push_str("<p>"),
            Tag::Heading { level, .. } => {
                out.push_str("<h");
                out.push(heading_digit(level, self.heading_offset));
                out.push('>');
            }
            Tag::BlockQuote(_) => out.push_str("<blockquote>\n"),
            Tag::CodeBlock(kind) => {
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => code_language(info),
                    CodeBlockKind::Indented => String::new(),
                };
                if language.is_empty() {
                    out.push_str("<pre tabindex=\"0\"><code>");
                } else {
                    // Focusable, so that a long log line can be scrolled from the keyboard.
                    out.push_str("<pre tabindex=\"0\"><code class=\"language-");
                    out.push_str(&language);
                    out.push_str("\">");
                }
            }
            Tag::HtmlBlock => {
                if self.keep_raw_html {
                    self.raw_block_start = Some(out.len());
                } else {
                    self.html_block = Some(String::new());
                }
            }
            Tag::List(Some(1)) => out.push_str("<ol>\n"),
            Tag::List(Some(start)) => {
                out.push_str("<ol start=\"");
                out.push_str(&start.to_string());
                out.push_str("\">\n");
            }
            Tag::List(None) => out.push_str("<ul>\n"),
            Tag::Item => out.push_str("<li>"),
            Tag::FootnoteDefinition(label) => {
                let (id, number) = self.footnote(&label);
                let out = &mut self.out;
                out.push_str("<div class=\"footnote-definition\" id=\"");
                out.push_str(&id);
                out.push_str("\"><sup class=\"footnote-definition-label\">");
                out.push_str(&number.to_string());
                out.push_str("</sup>");
            }
            Tag::DefinitionList => out.push_str("<dl>\n"),
            Tag::DefinitionListTitle => out.push_str("<dt>"),
            Tag::DefinitionListDefinition => out.push_str("<dd>"),
            Tag::Table(alignments) => {
                self.table_alignments = alignments;
                out.push_str("<table>\n");
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.table_cell = 0;
                out.push_str("<thead>\n<tr>");
            }
            Tag::TableRow => {
                self.table_cell = 0;
                out.push_str("<tr>");
            }
            Tag::TableCell => {
                out.push_str(if self.in_table_head { "<th" } else { "<td" });
                match self.table_alignments.get(self.table_cell) {
                    Some(Alignment::Left) => out.push_str(" class=\"align-left\""),
                    Some(Alignment::Center) => out.push_str(" class=\"align-center\""),
                    Some(Alignment::Right) => out.push_str(" class=\"align-right\""),
                    _ => {}
                }
                out.push('>');
            }
            Tag::Emphasis => out.push_str("<em>"),
            Tag::Strong => out.push_str("<strong>"),
            Tag::Strikethrough => out.push_str("<del>"),
            Tag::Superscript => out.push_str("<sup>"),
            Tag::Subscript => out.push_str("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let dest: Cow<'_, str> = if link_type == LinkType::Email {
                    Cow::Owned(format!("mailto:{dest_url}"))
                } else {
                    Cow::Borrowed(&dest_url)
                };
                match self.urls.attribute(&dest) {
                    Some(href) => {
                        let out = &mut self.out;
                        out.push_str("<a href=\"");
                        out.push_str(&href);
                        out.push('"');
                        if is_external(&dest) {
                            out.push_str(" rel=\"noopener noreferrer\"");
                        }
                        if !title.is_empty() {
                            out.push_str(" title=\"");
                            push_escaped(out, &title);
                            out.push('"');
                        }
                        out.push('>');
                        self.links.push(true);
                    }
                    None => self.links.push(false),
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                let attrs = self
                    .urls
                    .attribute(&dest_url)
                    .map(|src| (src, escape_html(&title)));
                self.image = Some(PendingImage {
                    depth: 0,
                    alt: String::new(),
                    attrs,
                });
            }
            Tag::MetadataBlock(_) => self.in_metadata = true,
        }
    }

    fn end(&mut self, end: TagEnd) {
        let out = &mut self.out;
        match end {
            TagEnd::Paragraph => out.push_str("</p>\n"),
            TagEnd::Heading(level) => {
                out.push_str("</h");
                out.push(heading_digit(level, self.heading_offset));
                out.push_str(">\n");
            }
            TagEnd::BlockQuote(_) => out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock => out.push_str("</code></pre>\n"),
            TagEnd::HtmlBlock => {
                if let Some(block) = self.html_block.take() {
                    push_html_block_as_text(&mut self.out, &block);
                }
                if let Some(start) = self.raw_block_start.take() {
                    self.raw_spans.push((start, self.out.len(), true));
                }
            }
            TagEnd::List(true) => out.push_str("</ol>\n"),
            TagEnd::List(false) => out.push_str("</ul>\n"),
            TagEnd::Item => out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => out.push_str("</div>\n"),
            TagEnd::DefinitionList => out.push_str("</dl>\n"),
            TagEnd::DefinitionListTitle => out.push_str("</dt>\n"),
            TagEnd::DefinitionListDefinition => out.push_str("</dd>\n"),
            TagEnd::Table => out.push_str("</tbody>\n</table>\n"),
            TagEnd::TableHead => {
                self.in_table_head = false;
                out.push_str("</tr>\n</thead>\n<tbody>\n");
            }
            TagEnd::TableRow => out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                out.push_str(if self.in_table_head { "</th>" } else { "</td>" });
                self.table_cell += 1;
            }
            TagEnd::Emphasis => out.push_str("</em>"),
            TagEnd::Strong => out.push_str("</strong>"),
            TagEnd::Strikethrough => out.push_str("</del>"),
            TagEnd::Superscript => out.push_str("</sup>"),
            TagEnd::Subscript => out.push_str("</sub>"),
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    out.push_str("</a>");
                }
            }
            // Images end in `image_event`.
            TagEnd::Image => {}
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
        }
    }

    /// The element id and number of a footnote. Labels match case-insensitively with runs of
    /// whitespace collapsed, as the parser matches them; the id is made from the label (so it
    /// is stable and injective), the number counts labels in order of first appearance.
    fn footnote(&mut self, label: &str) -> (String, usize) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let simple = label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let key = if simple {
            label.to_string()
        } else {
            label
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let mut id = String::with_capacity(key.len() + 9);
        id.push_str("fn-");
        if let Some(scope) = self.footnote_scope {
            // `s`, digits, `-`: where the scope ends is plain, so ids stay distinct.
            id.push_str(&format!("s{scope}-"));
        }
        if simple {
            id.push_str(&key);
        } else {
            for b in key.bytes() {
                if b.is_ascii_alphanumeric() || b == b'-' {
                    id.push(char::from(b));
                } else {
                    id.push('_');
                    id.push(char::from(HEX[usize::from(b >> 4)]));
                    id.push(char::from(HEX[usize::from(b & 15)]));
                }
            }
        }
        let next = self.footnotes.len() + 1;
        let number = *self.footnotes.entry(key).or_insert(next);
        (id, number)
    }
}

/// The digit of a heading's level once shifted by `offset`, clamped to 6.
fn heading_digit(level: HeadingLevel, offset: u8) -> char {
    let shifted = (level as usize + usize::from(offset)).min(6);
    char::from(b'0' + shifted as u8)
}

/// Inline raw HTML shown as text; an HTML comment is left out (see `without_comments`).
fn push_inline_html_as_text(out: &mut String, html: &str) {
    if !html.starts_with("<!--") {
        push_escaped(out, html);
    }
}

/// `html` without the HTML comments it starts with. Comments are the one kind of raw HTML not
/// shown as text: every Markdown tool hides them (GitHub, Hugo, mdBook, Zola), so authors use
/// them for notes not meant to be published.
fn without_comments(html: &str) -> &str {
    let mut rest = html;
    while let Some(comment) = rest.trim_start().strip_prefix("<!--") {
        rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
    }
    rest
}

/// A raw HTML block shown as text: one paragraph, its lines kept. Comments it starts with are
/// left out (see `without_comments`).
fn push_html_block_as_text(out: &mut String, block: &str) {
    let block = without_comments(block)
        .trim_start_matches([' ', '\t'])
        .trim_start_matches(['\n', '\r'])
        .trim_end_matches(['\n', '\r']);
    if block.trim().is_empty() {
        return;
    }
    out.push_str("<p>");
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>\n");
        }
        push_escaped(out, line.strip_suffix('\r').unwrap_or(line));
    }
    out.push_str("</p>\n");
}

/// The language of a fenced code block: the info string's first word, up to a comma
/// (`rust,ignore`), keeping only `[A-Za-z0-9_+-]`.
fn code_language(info: &str) -> String {
    let word = info.split_whitespace().next().unwrap_or("");
    let word = word.split(',').next().unwrap_or("");
    word.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// URLs

/// What `render` calls with a relative URL: the URL to use instead, or None.
type ResolveLink<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Relative URLs waiting for `resolve_link`. Each is written in the HTML as a mark
/// (`MARK`, a random nonce drawn once per run, its index, `MARK`) and replaced at the very
/// end, after sanitising: so the Markdown's and the raw HTML's relative URLs are resolved alike,
/// and what `resolve_link` returns never goes through ammonia's parser. A report cannot forge a
/// mark: it cannot know the nonce, which no output shows.
struct Urls<'r> {
    /// The nonce, as the 16 hex digits written in marks.
    nonce: &'static str,
    list: UrlList,
    /// Resolves relative URLs as they are written, instead of marking them (no sanitising).
    direct: Option<&'r ResolveLink<'r>>,
}

impl<'r> Urls<'r> {
    fn new(direct: Option<&'r ResolveLink<'r>>) -> Self {
        static NONCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let nonce = NONCE.get_or_init(|| {
            use std::hash::BuildHasher;
            let nonce = std::collections::hash_map::RandomState::new().hash_one(0x1dc5_u32);
            format!("{nonce:016x}")
        });
        Self {
            nonce,
            list: UrlList::default(),
            direct,
        }
    }

    /// The escaped attribute value for a link or image destination, or None if it is refused.
    fn attribute(&mut self, dest: &str) -> Option<String> {
        if !is_safe_url(dest) {
            return None;
        }
        Some(if is_relative(dest) {
            match self.direct {
                Some(resolve_link) => {
                    let url = resolve_link(dest).filter(|u| is_safe_url(u));
                    escape_href(url.as_deref().unwrap_or(dest))
                }
                None => push_mark(&mut self.list, self.nonce, dest),
            }
        } else {
            escape_href(dest)
        })
    }

    /// Replaces every mark in `html` with its resolved, escaped URL.
    fn resolve(&self, html: String, resolve_link: &dyn Fn(&str) -> Option<String>) -> String {
        if self.list.is_empty() {
            return html;
        }
        // A mark is longer than most URLs: the HTML's length is about right.
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(i) = rest.find(MARK) {
            out.push_str(&rest[..i]);
            let after = &rest[i + MARK.len_utf8()..];
            match self.parse_mark(after) {
                Some((index, len)) => {
                    let dest = self.list.get(index);
                    let url = resolve_link(dest).filter(|u| is_safe_url(u));
                    out.push_str(&escape_href(url.as_deref().unwrap_or(dest)));
                    rest = &after[len..];
                }
                None => {
                    out.push(MARK);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The index of the mark starting at `text` (just after its first `MARK`), and the length of
    /// the rest of the mark.
    fn parse_mark(&self, text: &str) -> Option<(usize, usize)> {
        let digits = text.strip_prefix(self.nonce)?;
        let end = digits.find(MARK)?;
        let index: usize = digits[..end].parse().ok()?;
        (index < self.list.len()).then_some((index, self.nonce.len() + end + MARK.len_utf8()))
    }
}

fn push_mark(list: &mut UrlList, nonce: &str, dest: &str) -> String {
    list.push(dest);
    format!("{MARK}{nonce}{}{MARK}", list.len() - 1)
}

/// The relative URLs of a document, one after the other in one string: a document may hold
/// hundreds of thousands, and one allocation each would weigh more than the document.
#[derive(Default)]
struct UrlList {
    text: String,
    /// Where each URL ends in `text`.
    ends: Vec<usize>,
}

impl UrlList {
    fn push(&mut self, url: &str) {
        self.text.push_str(url);
        self.ends.push(self.text.len());
    }

    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.text[start..self.ends[index]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

fn is_mark(value: &str, nonce: &str) -> bool {
    value
        .strip_prefix(MARK)
        .and_then(|v| v.strip_prefix(nonce))
        .is_some_and(|v| v.ends_with(MARK))
}

/// The scheme of a URL as a browser reads it (ASCII tabs and newlines ignored), lower-cased.
fn scheme_of(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let end = url.find([':', '/', '?', '#'])?;
    if !url[end..].starts_with(':') {
        return None;
    }
    let scheme: String = url[..end]
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    is_scheme(&scheme).then(|| scheme.to_ascii_lowercase())
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Relative in the sense of `render`'s `resolve_link`: no scheme, not empty, not starting with
/// `/` (or `\`, which browsers read as `/`), `#` or `?`.
fn is_relative(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    !trimmed.is_empty() && !trimmed.starts_with(['/', '\\', '#', '?']) && scheme_of(url).is_none()
}

/// Whether a link leaves the site (it then gets `rel="noopener noreferrer"`).
fn is_external(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    trimmed.starts_with("//")
        || trimmed.starts_with("\\\\")
        || matches!(scheme_of(url).as_deref(), Some("http" | "https"))
}

/// `url` without ASCII whitespace and control characters.
fn strip_controls(url: &str) -> Cow<'_, str> {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        Cow::Owned(url.chars().filter(|&c| c > ' ' && c != '\u{7f}').collect())
    } else {
        Cow::Borrowed(url)
    }
}

/// Whether a URL stripped of whitespace and controls has no scheme or an allowed one.
fn scheme_allowed(url: &str) -> bool {
    let Some(colon) = url
        .find([':', '/', '?', '#'])
        .filter(|&i| url[i..].starts_with(':'))
    else {
        return true;
    };
    let scheme = &url[..colon];
    if !is_scheme(scheme) {
        // `1x:`, `:x`, `é:`: not a scheme, the URL is a relative path.
        return true;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "mailto" => true,
        "data" => {
            let rest = url[colon + 1..].to_ascii_lowercase();
            ["image/png", "image/jpeg", "image/gif", "image/webp"]
                .iter()
                .any(|mime| {
                    rest.strip_prefix(mime)
                        .is_some_and(|after| after.starts_with([';', ',']))
                })
        }
        _ => false,
    }
}

/// Decodes numeric character references (with or without `;`) and the named ones that stand
/// for ASCII punctuation or whitespace.
fn decode_entities(text: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("sol;", '/'),
        ("quest;", '?'),
        ("num;", '#'),
        ("amp;", '&'),
        ("AMP;", '&'),
        ("amp", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("percnt;", '%'),
        ("period;", '.'),
        ("plus;", '+'),
        ("excl;", '!'),
        ("lpar;", '('),
        ("rpar;", ')'),
        ("comma;", ','),
        ("semi;", ';'),
        ("equals;", '='),
        ("bsol;", '\\'),
        ("nbsp;", '\u{a0}'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(num) = after.strip_prefix('#') {
            let (hex, digits_start) = match num.as_bytes().first() {
                Some(b'x' | b'X') => (true, 1),
                _ => (false, 0),
            };
            let digits = &num[digits_start..];
            let len = digits
                .bytes()
                .take_while(|b| {
                    if hex {
                        b.is_ascii_hexdigit()
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            if len > 0 {
                let significant = digits[..len].trim_start_matches('0');
                let value = if significant.len() > 8 {
                    None
                } else if significant.is_empty() {
                    Some(0)
                } else {
                    u32::from_str_radix(significant, if hex { 16 } else { 10 }).ok()
                };
                let c = value
                    .and_then(char::from_u32)
                    .filter(|&c| c != '\0')
                    .unwrap_or('\u{fffd}');
                out.push(c);
                let mut consumed = 1 + digits_start + len;
                if num[digits_start + len..].starts_with(';') {
                    consumed += 1;
                }
                rest = &after[consumed..];
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(name, _)| after.starts_with(name)) {
            out.push(*c);
            rest = &after[name.len()..];
            continue;
        }
        out.push('&');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` sequences (invalid UTF-8 becomes U+FFFD).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| char::from(*b).to_digit(16)),
                bytes.get(i + 2).and_then(|b| char::from(*b).to_digit(16)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes what may not appear in a URL as written in HTML (controls, space, `"`, `<`,
/// `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, non-ASCII), keeping existing `%XX` (so it can be
/// applied twice). `&` and `'` are left for HTML escaping.
fn percent_encode_url(url: &str) -> Cow<'_, str> {
    fn keep(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b"!#$%&'()*+,-./:;=?@[]_~".contains(&b)
    }
    if url.bytes().all(keep) {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() + 16);
    for b in url.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// A URL ready to go between the double quotes of an `href` or `src`.
fn escape_href(url: &str) -> String {
    escape_html(&percent_encode_url(url))
}

fn push_escaped(out: &mut String, text: &str) {
    // pulldown-cmark's escaping (16 bytes at a time where the processor allows): the same five
    // characters, the same entities. A character reference may stand for a control character
    // (`&#1;`, `&#x85;`), which the decoding of the report could not see: replaced here.
    let text = crate::text::replace_unprintable(text);
    let _ = pulldown_cmark_escape::escape_html(out, &text);
}

// ---------------------------------------------------------------------------------------------
// Sanitising (raw HTML allowed)

/// Whether `html` has at most `limit` start tags (`<` then an ASCII letter), counted however
/// the HTML hides them (in comments, attributes, raw text), which bounds html5ever's nesting.
fn start_tags_at_most(html: &str, limit: usize) -> bool {
    let bytes = html.as_bytes();
    let mut count = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            count += 1;
            if count > limit {
                return false;
            }
        }
    }
    true
}

/// Tags kept from raw HTML: what the Markdown writer produces plus harmless text-level and
/// block elements. Not kept (their content is): landmarks (`nav`, `header`, ...), which would
/// break the page's structure, forms and their controls, obsolete elements.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Tags removed with everything inside them.
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
    "noembed", "noframes", "template", "svg", "math",
];

/// Runs ammonia over a fragment holding raw HTML. Relative URLs of the raw HTML are replaced
/// with marks added to `urls` (resolved later by `Urls::resolve`); `input` survives only as a
/// checkbox (what task lists produce), with no attribute but `checked` and `disabled`.
fn sanitize(html: &str, urls: Arc<Mutex<UrlList>>, nonce: &str) -> String {
    const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
        ("a", &["href", "hreflang"]),
        ("img", &["src", "alt", "width", "height"]),
        ("ol", &["start", "reversed"]),
        ("td", &["colspan", "rowspan", "class"]),
        ("th", &["colspan", "rowspan", "scope", "class"]),
        ("code", &["class"]),
        ("sup", &["class"]),
        ("span", &["class"]),
        ("pre", &["tabindex"]),
        ("div", &["class", "id"]),
        ("input", &["type", "checked", "disabled"]),
        ("time", &["datetime"]),
        ("del", &["datetime"]),
        ("ins", &["datetime"]),
        ("bdo", &["dir"]),
        ("details", &["open"]),
    ];
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|&(tag, attributes)| (tag, attributes.iter().copied().collect()))
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .generic_attributes(["lang", "title"].into_iter().collect())
        .url_schemes(["http", "https", "mailto", "data"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        // One forced attribute only: ammonia adds forced ones in hash order, which would make
        // the output differ between runs.
        .set_tag_attribute_value("input", "type", "checkbox")
        .attribute_filter({
            let nonce = nonce.to_string();
            move |element, attribute, value| filter_attribute(element, attribute, value, &nonce)
        })
        .url_relative(relative_urls({
            let nonce = nonce.to_string();
            move |url| {
                if is_mark(url, &nonce) {
                    Some(Cow::Borrowed(url))
                } else if is_relative(url) {
                    let mut list = urls.lock().unwrap_or_else(PoisonError::into_inner);
                    Some(Cow::Owned(push_mark(&mut list, &nonce, url)))
                } else {
                    Some(percent_encode_url(url))
                }
            }
        }));
    builder.clean(html).to_string()
}

/// Gives the closure the higher-ranked signature ammonia expects.
fn relative_urls<'a, F>(evaluate: F) -> ammonia::UrlRelative<'a>
where
    F: for<'u> Fn(&'u str) -> Option<Cow<'u, str>> + Send + Sync + 'a,
{
    ammonia::UrlRelative::Custom(Box::new(evaluate))
}

/// ammonia's attribute filter: URLs through `is_safe_url`, classes and ids limited to those the
/// Markdown writer produces.
fn filter_attribute<'u>(
    element: &str,
    attribute: &str,
    value: &'u str,
    nonce: &str,
) -> Option<Cow<'u, str>> {
    match attribute {
        "href" | "src" => {
            if !is_safe_url(value) {
                None
            } else if scheme_of(value).is_some() && !is_mark(value, nonce) {
                Some(percent_encode_url(value))
            } else {
                // Relative: left to the `url_relative` evaluator, which sees it as written.
                Some(Cow::Borrowed(value))
            }
        }
        "class" => {
            let allowed = |class: &str| match element {
                "code" => class.strip_prefix("language-").is_some_and(|l| {
                    !l.is_empty()
                        && l.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
                }),
                "td" | "th" => matches!(class, "align-left" | "align-center" | "align-right"),
                "sup" => matches!(class, "footnote-reference" | "footnote-definition-label"),
                "div" => class == "footnote-definition",
                "span" => matches!(class, "task-box" | "task-done"),
                _ => false,
            };
            let classes: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| allowed(c))
                .collect();
            (!classes.is_empty()).then(|| Cow::Owned(classes.join(" ")))
        }
        "id" => (value.starts_with("fn-") && value.len() > 3).then_some(Cow::Borrowed(value)),
        "tabindex" => (value == "0").then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_collapses_whitespace_like_split_whitespace() {
        for text in [
            "",
            "   ",
            "one",
            "  one  two\t\tthree\n",
            "a\u{a0}b\u{202f}: c\u{2009}d\u{85}e\u{0b}f\u{0c}g\r\nh",
            "é  à\u{3000}ü",
        ] {
            let plain = super::PlainText {
                text: text.to_string(),
                html_block: String::new(),
            };
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(plain.finish(), expected, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_collapses_like_split_whitespace(text in "(\\PC|\\s){0,40}") {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let plain = super::PlainText { text, html_block: String::new() };
            proptest::prop_assert_eq!(plain.finish(), expected);
        }
    }

    use super::*;

    fn opts(allow_raw_html: bool) -> MarkdownOptions {
        MarkdownOptions {
            allow_raw_html,
            heading_offset: 0,
            footnote_scope: None,
        }
    }

    fn no_resolve(_: &str) -> Option<String> {
        None
    }

    fn html(markdown: &str) -> String {
        render(markdown, &opts(false), &no_resolve)
    }

    fn raw(markdown: &str) -> String {
        render(markdown, &opts(true), &no_resolve)
    }

    /// Both ways of rendering.
    fn both(markdown: &str) -> [String; 2] {
        [html(markdown), raw(markdown)]
    }

    /// The tags of rendered HTML (`<...>`, quotes respected), lower-cased.
    fn tags_of(out: &str) -> Vec<String> {
        let mut tags = Vec::new();
        let mut rest = out;
        while let Some(start) = rest.find('<') {
            let mut quote = None;
            let mut end = rest.len();
            for (i, c) in rest[start..].char_indices() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = start + i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            tags.push(rest[start..end].to_lowercase());
            rest = &rest[end..];
        }
        tags
    }

    /// No markup in `out` can run script, load a frame or restyle the page (text may say anything).
    fn assert_inert(out: &str) {
        for tag in tags_of(out) {
            let name: String = tag[1..]
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(
                ![
                    "script", "style", "iframe", "frame", "svg", "math", "object", "embed", "form",
                    "button", "textarea", "select", "link", "meta", "base"
                ]
                .contains(&name.as_str()),
                "<{name}> in {out}"
            );
            for bad in ["javascript:", "vbscript:", "data:text", " style=", "&#"] {
                assert!(!tag.contains(bad), "{bad:?} in {tag} in {out}");
            }
            let unquoted: String = tag.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
            let words: Vec<&str> = unquoted
                .split(|c: char| c.is_whitespace() || c == '/')
                .collect();
            assert!(
                !words.iter().any(|w| w.starts_with("on") && w.contains('=')),
                "event handler in {tag} in {out}"
            );
            if name == "input" {
                assert!(tag.contains("type=\"checkbox\""), "{tag} in {out}");
            }
        }
    }

    #[test]
    fn paragraphs_emphasis_and_code() {
        assert_eq!(
            html("Hello *world* **bold** `a<b` ~~gone~~"),
            "<p>Hello <em>world</em> <strong>bold</strong> <code>a&lt;b</code> <del>gone</del></p>\n"
        );
        assert_eq!(html("a  \nb"), "<p>a<br>\nb</p>\n");
        assert_eq!(html("---"), "<hr>\n");
    }

    #[test]
    fn tables_with_alignment_classes() {
        let out = html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
        assert_eq!(
            out,
            "<table>\n<thead>\n<tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th></tr>\n</thead>\n<tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td></tr>\n</tbody>\n</table>\n"
        );
        let out = raw("| a | <b>b</b> |\n|---|--:|\n| 1 | 2 |\n");
        assert!(
            out.contains("<th class=\"align-right\"><b>b</b></th>"),
            "{out}"
        );
        assert!(out.contains("<td>1</td>"), "{out}");
    }

    #[test]
    fn footnotes() {
        let out =
            html("Cause[^1] and again[^Note B].\n\n[^1]: The first.\n[^note   b]: The *second*.\n");
        assert!(
            out.contains("<sup class=\"footnote-reference\"><a href=\"#fn-1\">1</a></sup>"),
            "{out}"
        );
        assert!(
            out.contains("<sup class=\"footnote-reference\"><a href=\"#fn-note_20b\">2</a></sup>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<div class=\"footnote-definition\" id=\"fn-1\"><sup class=\"footnote-definition-label\">1</sup><p>The first.</p>\n</div>"
            ),
            "{out}"
        );
        assert!(out.contains("id=\"fn-note_20b\""), "{out}");
        // Undefined footnotes stay text.
        assert_eq!(html("x[^nope]"), "<p>x[^nope]</p>\n");
        // Kept through the sanitiser.
        let out = raw("a[^x] <b>b</b>\n\n[^x]: note\n");
        assert!(
            out.contains("<a href=\"#fn-x\" rel=\"noopener noreferrer\">1</a>"),
            "{out}"
        );
        assert!(
            out.contains("<div class=\"footnote-definition\" id=\"fn-x\">"),
            "{out}"
        );
        assert!(
            out.contains("<sup class=\"footnote-definition-label\">1</sup>"),
            "{out}"
        );
    }

    #[test]
    fn task_lists() {
        assert_eq!(
            html("- [x] done\n- [ ] todo\n"),
            "<ul>\n<li><span class=\"task-box task-done\">\u{2611}</span> done</li>\n<li><span class=\"task-box\">\u{2610}</span> todo</li>\n</ul>\n"
        );
        let out = raw("- [x] done\n- [ ] todo <b>!</b>\n");
        assert!(
            out.contains("<span class=\"task-box task-done\">\u{2611}</span> done"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"task-box\">\u{2610}</span> todo"),
            "{out}"
        );
    }

    #[test]
    fn raw_inputs_become_checkboxes() {
        let out = raw(
            "<input type=\"text\" name=\"q\" onfocus=\"alert(1)\"> <form action=\"https://x\"><button>go</button></form>",
        );
        assert!(out.contains("<input type=\"checkbox\">"), "{out}");
        assert!(!out.contains("text"), "{out}");
        assert!(!out.contains("<button"), "{out}");
        assert_inert(&out);
    }

    #[test]
    fn sanitised_output_is_deterministic() {
        let markdown = "- [x] a <input name=q>\n- [ ] b <input type=text>\n\n<a href=\"x.md\" title=t>x</a> <img src=\"y.png\" alt=y>";
        let first = raw(markdown);
        for _ in 0..20 {
            assert_eq!(raw(markdown), first);
        }
    }

    #[test]
    fn ordered_lists_and_quotes() {
        assert_eq!(
            html("3. a\n4. b\n"),
            "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n"
        );
        assert_eq!(html("> q"), "<blockquote>\n<p>q</p>\n</blockquote>\n");
    }

    #[test]
    fn code_blocks() {
        assert_eq!(
            html("```rust,ignore extra\nlet x = a < b && c;\n```\n"),
            "<pre tabindex=\"0\"><code class=\"language-rust\">let x = a &lt; b &amp;&amp; c;\n</code></pre>\n"
        );
        assert_eq!(
            html("```\"><script>alert(1)</script>\nx\n```\n"),
            "<pre tabindex=\"0\"><code class=\"language-scriptalert1script\">x\n</code></pre>\n"
        );
        assert_eq!(
            html("```c++\nx\n```\n"),
            "<pre tabindex=\"0\"><code class=\"language-c++\">x\n</code></pre>\n"
        );
        assert_eq!(
            html("```{.python}\nx\n```\n"),
            "<pre tabindex=\"0\"><code class=\"language-python\">x\n</code></pre>\n"
        );
        assert_eq!(
            html("    indented <b>\n"),
            "<pre tabindex=\"0\"><code>indented &lt;b&gt;\n</code></pre>\n"
        );
        let out = raw("```sh\n<b>x</b>\n```\n\n<i>y</i>\n");
        assert!(
            out.contains("<pre tabindex=\"0\"><code class=\"language-sh\">&lt;b&gt;x&lt;/b&gt;\n</code></pre>"),
            "{out}"
        );
    }

    #[test]
    fn headings_offset_and_clamped() {
        let options = MarkdownOptions {
            allow_raw_html: false,
            heading_offset: 2,
            footnote_scope: None,
        };
        assert_eq!(
            render("# A\n## B\n#### C\n###### D", &options, &no_resolve),
            "<h3>A</h3>\n<h4>B</h4>\n<h6>C</h6>\n<h6>D</h6>\n"
        );
        let options = MarkdownOptions {
            allow_raw_html: true,
            heading_offset: 255,
            footnote_scope: None,
        };
        assert_eq!(render("# A", &options, &no_resolve), "<h6>A</h6>\n");
        assert_eq!(html("# A"), "<h1>A</h1>\n");
    }

    #[test]
    fn raw_html_is_shown_as_typed() {
        assert_eq!(
            html("The server answered <html><body>502</body></html> then <!-- x -->."),
            "<p>The server answered &lt;html&gt;&lt;body&gt;502&lt;/body&gt;&lt;/html&gt; then .</p>\n"
        );
        assert_eq!(
            html("<div class=\"x\">\n  <b>a</b> & b\n</div>\n\nafter"),
            "<p>&lt;div class=&quot;x&quot;&gt;<br>\n  &lt;b&gt;a&lt;/b&gt; &amp; b<br>\n&lt;/div&gt;</p>\n<p>after</p>\n"
        );
        // Comments are left out, as every Markdown tool does.
        assert_eq!(
            html("a <!-- internal note --> b\n\n<!-- block\nnote -->\n\n<!-- x --> after\n"),
            "<p>a  b</p>\n<p>after</p>\n"
        );
        assert_eq!(
            raw("a <!-- internal note --> b\n\n<!-- block\nnote -->\n"),
            "<p>a  b</p>\n\n"
        );
        assert_eq!(
            plain_text("a <!-- x --> b\n\n<!-- y\n> z -->\n\nc"),
            "a b c"
        );
        assert_eq!(
            html("<script>alert(1)</script>"),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
    }

    const HOSTILE: &[&str] = &[
        "<script>alert(1)</script>",
        "x <script>alert(1)</script> y",
        "<img src=x onerror=alert(1)>",
        "a <img src=x onerror=alert(1)> b",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<style>body{display:none}</style>",
        "<svg onload=alert(1)><circle r=5 /></svg>",
        "<div style=\"position:fixed;top:0\">x</div>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<p onclick=\"alert(1)\">x</p>",
        "<details open ontoggle=alert(1)>x</details>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<table><td background=\"javascript:alert(1)\">x</td></table>",
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](%6Aavascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x](\"onclick=alert(1))",
        "[x](y \"t\\\" onclick=alert(1) x\")",
        "![a\" onerror=\"alert(1)](y.png)",
    ];

    #[test]
    fn hostile_html_is_inert_both_ways() {
        for input in HOSTILE {
            for out in both(input) {
                assert_inert(&out);
                assert!(!out.contains("<a href=\"\""), "{input}: {out}");
            }
        }
    }

    #[test]
    fn raw_html_sanitised_when_allowed() {
        assert_eq!(raw("<script>alert(1)</script>"), "");
        assert_eq!(
            raw("x <b>bold</b> <kbd>Ctrl</kbd>"),
            "<p>x <b>bold</b> <kbd>Ctrl</kbd></p>\n"
        );
        let out = raw("<img src=x onerror=alert(1)>");
        assert_eq!(out, "<img src=\"x\">");
        let out = raw("<a href=\"javascript:alert(1)\">x</a>");
        assert_eq!(out, "<p><a rel=\"noopener noreferrer\">x</a></p>\n");
        assert_eq!(
            raw("<iframe src=\"https://evil.example\">inside</iframe>after"),
            "after"
        );
        assert_eq!(raw("<style>p{}</style>\n\ntext"), "\n<p>text</p>\n");
        assert_eq!(
            raw("<svg onload=alert(1)><circle r=5 /></svg>"),
            "<p></p>\n"
        );
        assert_eq!(
            raw("<div style=\"color:red\" class=\"evil\" id=\"search\">x</div>"),
            "<div>x</div>"
        );
        let out = raw("<details><summary>Logs</summary>\n\n*kept*\n\n</details>");
        assert!(out.contains("<details><summary>Logs</summary>"), "{out}");
        assert!(out.contains("<em>kept</em>"), "{out}");
        // Links of raw HTML get rel too, and their URLs are checked.
        assert_eq!(
            raw("<a href=\"https://example.org/a b\">x</a>"),
            "<p><a href=\"https://example.org/a%20b\" rel=\"noopener noreferrer\">x</a></p>\n"
        );
        assert_eq!(
            raw(
                "<img src=\"data:image/png;base64,iVBORw0KGgo=\"> <img src=\"data:image/svg+xml,<svg onload=alert(1)>\">"
            ),
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\"> <img></p>\n"
        );
    }

    #[test]
    fn unsafe_links_become_text_and_images_alt_text() {
        for input in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](java&#x09;script:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](%6Aavascript:alert(1))",
            "[x](file:///etc/passwd)",
        ] {
            assert_eq!(html(input), "<p>x</p>\n", "{input}");
            assert_eq!(raw(input), "<p>x</p>\n", "{input}");
        }
        assert_eq!(
            html("[*a* `b`](javascript:x)"),
            "<p><em>a</em> <code>b</code></p>\n"
        );
        assert_eq!(
            html("![the graph](data:text/html;base64,PHNjcmlwdD4=)"),
            "<p>the graph</p>\n"
        );
        assert_eq!(html("![a <b>](javascript:x)"), "<p>a &lt;b&gt;</p>\n");
        assert_eq!(
            html("<javascript:alert(1)>"),
            "<p>javascript:alert(1)</p>\n"
        );
        assert_eq!(
            html("![x](data:image/png;base64,iVBORw0KGgo=)"),
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\"></p>\n"
        );
        assert_eq!(
            raw("![x](data:image/png;base64,iVBORw0KGgo=) <b>b</b>"),
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"x\"> <b>b</b></p>\n"
        );
    }

    #[test]
    fn links_titles_and_rel() {
        assert_eq!(
            html("[x](https://example.org/a?b=1&c=2 \"A \\\"title\\\" <b>\")"),
            "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\" title=\"A &quot;title&quot; &lt;b&gt;\">x</a></p>\n"
        );
        assert_eq!(
            html("<https://example.org> and <ops@example.org>"),
            "<p><a href=\"https://example.org\" rel=\"noopener noreferrer\">https://example.org</a> and <a href=\"mailto:ops@example.org\">ops@example.org</a></p>\n"
        );
        assert_eq!(
            html("[x](/abs/path) [y](#frag) [z](?q=1)"),
            "<p><a href=\"/abs/path\">x</a> <a href=\"#frag\">y</a> <a href=\"?q=1\">z</a></p>\n"
        );
        assert_eq!(
            html("![shot](<my shot.png> \"T\")"),
            "<p><img src=\"my%20shot.png\" alt=\"shot\" title=\"T\"></p>\n"
        );
        assert_eq!(
            html("[x](//cdn.example/y)"),
            "<p><a href=\"//cdn.example/y\" rel=\"noopener noreferrer\">x</a></p>\n"
        );
    }

    #[test]
    fn relative_links_resolved_through_the_callback() {
        let seen = std::cell::RefCell::new(Vec::new());
        let resolve = |url: &str| -> Option<String> {
            seen.borrow_mut().push(url.to_string());
            match url {
                "../img/graph.png" => Some("../../img/graph.png".to_string()),
                "other-report.md#cause" => Some("../other-report/#cause".to_string()),
                "evil.md" => Some("javascript:alert(1)".to_string()),
                _ => None,
            }
        };
        let markdown = "![graph](../img/graph.png) [other](other-report.md#cause) [abs](/x) [frag](#frag) [ext](https://e.org/x) [kept](notes.txt) [bad](evil.md) [q](?a)";
        let out = render(markdown, &opts(false), &resolve);
        assert_eq!(
            out,
            "<p><img src=\"../../img/graph.png\" alt=\"graph\"> <a href=\"../other-report/#cause\">other</a> <a href=\"/x\">abs</a> <a href=\"#frag\">frag</a> <a href=\"https://e.org/x\" rel=\"noopener noreferrer\">ext</a> <a href=\"notes.txt\">kept</a> <a href=\"evil.md\">bad</a> <a href=\"?a\">q</a></p>\n"
        );
        assert_eq!(
            *seen.borrow(),
            [
                "../img/graph.png",
                "other-report.md#cause",
                "notes.txt",
                "evil.md"
            ]
        );

        // With raw HTML: the Markdown's and the raw HTML's relative URLs alike.
        seen.borrow_mut().clear();
        let out = render(
            "![graph](../img/graph.png) <img src=\"../img/graph.png\" width=\"300\"> <a href=\"other-report.md#cause\">o</a> <a href=\"/x\">a</a>",
            &opts(true),
            &resolve,
        );
        assert_eq!(
            out,
            "<p><img src=\"../../img/graph.png\" alt=\"graph\"> <img src=\"../../img/graph.png\" width=\"300\"> <a href=\"../other-report/#cause\" rel=\"noopener noreferrer\">o</a> <a href=\"/x\" rel=\"noopener noreferrer\">a</a></p>\n"
        );
        assert_eq!(
            *seen.borrow(),
            [
                "../img/graph.png",
                "../img/graph.png",
                "other-report.md#cause"
            ]
        );
    }

    #[test]
    fn marks_cannot_be_forged() {
        let resolve = |_: &str| Some("resolved.html".to_string());
        for allow_raw_html in [false, true] {
            let out = render(
                "a \u{FDD0}0000000000000000\u{FDD0} &#xFDD0;0\u{FDD0} [x](rel.md)",
                &opts(allow_raw_html),
                &resolve,
            );
            assert_eq!(out.matches("resolved.html").count(), 1, "{out}");
        }
    }

    #[test]
    fn url_safety() {
        for url in [
            "https://example.org",
            "HTTP://example.org",
            "mailto:ops@example.org",
            "../img/graph.png",
            "other-report.md#cause",
            "/abs",
            "#frag",
            "?q",
            "",
            "2025-01-15 14:30.png",
            "data:image/png;base64,iVBO",
            "data:image/jpeg,xx",
            "DATA:image/GIF;base64,R0lG",
            "data:image/webp;base64,UklG",
            "https://example.org/?next=javascript:alert(1)",
            "a/b:c",
        ] {
            assert!(is_safe_url(url), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java&#x09;script:alert(1)",
            "java&Tab;script:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A&#x61vascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "javascript&#58;alert(1)",
            "%6Aavascript:alert(1)",
            "%256Aavascript:alert(1)",
            "&#37;6Aavascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:image/png", // no `;` or `,`
            "data:image/pngx;base64,xx",
            "file:///etc/passwd",
            "ftp://example.org",
            "tel:123",
            "C:\\Windows",
        ] {
            assert!(!is_safe_url(url), "{url}");
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("plain été"), "plain été");
        assert_eq!(escape_href("a b\"<é>&'"), "a%20b%22%3C%C3%A9%3E&amp;&#39;");
        assert_eq!(percent_encode_url("a%20b"), "a%20b");
    }

    #[test]
    fn plain_text_of_markdown() {
        assert_eq!(
            plain_text("# Title\n\nSome *emphasis* and `code`,\nand a [link](https://x.org)."),
            "Title Some emphasis and code, and a link."
        );
        assert_eq!(
            plain_text("- [x] one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "one two a b 1 2"
        );
        assert_eq!(plain_text("Cause[^1]\n\n[^1]: A note.\n"), "Cause A note.");
        assert_eq!(
            plain_text("a <b>bold</b> <html>\n\n<div>\nblock <i>x</i>\n</div>\n"),
            "a bold block x"
        );
        assert_eq!(
            plain_text("![alt *text*](x.png)   \n\n\n  end"),
            "alt text end"
        );
        assert_eq!(plain_text("a &amp; b &lt;c&gt;"), "a & b <c>");
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn scoped_footnote_ids_survive_sanitising() {
        for allow_raw_html in [false, true] {
            let options = MarkdownOptions {
                footnote_scope: Some(3),
                ..opts(allow_raw_html)
            };
            let html = render("Note[^a b] <b>x</b>\n\n[^a b]: Text.\n", &options, &|_| {
                None
            });
            assert!(html.contains("href=\"#fn-s3-a_20b\""), "{html}");
            assert!(html.contains("id=\"fn-s3-a_20b\""), "{html}");
        }
    }

    #[test]
    fn the_text_read_while_rendering_is_the_plain_text() {
        let samples = [
            "# Title\n\nSome *emphasis* and `code`,\nand a [link](https://x.org).",
            "- [x] one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            "Cause[^1]\n\n[^1]: A note.\n",
            "a <b>bold</b> <html>\n\n<div>\nblock <i>x</i>\n</div>\n<!-- a\ncomment -->\n",
            "![alt *text*](x.png)   \n\n\n  end <script>alert(1)</script>",
            "```\ncode block\n```\n\n> quoted\n\n---\n",
        ];
        for allow_raw_html in [false, true] {
            for markdown in samples {
                let mut text = String::from("stale");
                render_with_text(markdown, &opts(allow_raw_html), &|_| None, Some(&mut text));
                assert_eq!(text, plain_text(markdown), "{markdown:?}");
            }
        }
    }

    // ---- Hostile inputs: must finish quickly (debug build), never overflow the stack.

    fn render_all_ways(markdown: &str) {
        for allow_raw_html in [false, true] {
            let out = render(markdown, &opts(allow_raw_html), &|u: &str| {
                Some(format!("x/{u}"))
            });
            assert!(!out.is_empty());
            if out.len() < 200_000 {
                assert_inert(&out);
            } else {
                // The full check is slow in debug builds; the inputs hold no script anyway.
                assert!(!out.contains("<script") && !out.contains("javascript:"));
            }
        }
        assert!(!plain_text(markdown).is_empty());
    }

    #[test]
    fn hostile_deep_quotes() {
        render_all_ways(&format!("{} deep <b>x</b> [a](b.md)", ">".repeat(200_000)));
    }

    #[test]
    fn hostile_deep_lists() {
        let mut markdown = String::new();
        for level in 0..5_000 {
            markdown.push_str(&" ".repeat(level * 2));
            markdown.push_str("- item <i>x</i>\n");
        }
        render_all_ways(&markdown);
    }

    #[test]
    fn hostile_many_footnotes() {
        let mut markdown = String::new();
        for i in 0..100_000 {
            markdown.push_str(&format!("x[^{i}] "));
        }
        markdown.push_str("\n\n");
        for i in 0..100_000 {
            markdown.push_str(&format!("[^{i}]: note <b>{i}</b>\n"));
        }
        render_all_ways(&markdown);
    }

    #[test]
    fn hostile_long_line() {
        render_all_ways(&"a <b>b</b> [c](d) ".repeat(4 * 1024 * 1024 / 18));
    }

    #[test]
    fn hostile_brackets() {
        render_all_ways(&"[".repeat(100_000));
        render_all_ways(&format!("{}x{}", "[".repeat(50_000), "](y)".repeat(50_000)));
        render_all_ways(&format!(
            "{}x{}",
            "![".repeat(50_000),
            "](y)".repeat(50_000)
        ));
    }

    #[test]
    fn hostile_deep_emphasis() {
        render_all_ways(&format!(
            "a {}x{}",
            "*_".repeat(50_000),
            "_*".repeat(50_000)
        ));
        render_all_ways(&format!(
            "a {}x{}",
            "**".repeat(50_000),
            "**".repeat(50_000)
        ));
        render_all_ways(&format!(
            "a {}x{}",
            "~~".repeat(50_000),
            "~~".repeat(50_000)
        ));
    }

    #[test]
    fn deep_documents_with_raw_html_fall_back_to_escaping() {
        // 200,000 nested quotes: too many tags to sanitise, the raw HTML is shown as text.
        let out = raw(&format!(
            "{} <b>x</b> <script>alert(1)</script>",
            ">".repeat(200_000)
        ));
        assert!(out.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(out.contains("&lt;script&gt;"));
        assert_inert(&out);
        // Nesting in the raw HTML itself.
        let out = raw(&"<div>".repeat(100_000));
        assert!(out.starts_with("<p>&lt;div&gt;&lt;div&gt;"));
        let out = raw(&"<div title=\"</div>\"></div\0>".repeat(50_000));
        assert!(out.starts_with("<p>&lt;div"));
        // Just under the limit: sanitised.
        let out = raw(&"<div>".repeat(MAX_SANITIZED_START_TAGS));
        assert_eq!(
            out,
            format!(
                "{}{}",
                "<div>".repeat(MAX_SANITIZED_START_TAGS),
                "</div>".repeat(MAX_SANITIZED_START_TAGS)
            )
        );
    }

    #[test]
    fn long_documents_read_in_pieces_render_as_one() {
        // References and footnotes defined at the end, used everywhere.
        let n = 12_000;
        let mut doc = String::new();
        for i in 0..n {
            doc.push_str(&format!(
                "Paragraph {i} with a [link][r] and a note[^n].\n\n"
            ));
        }
        doc.push_str("[r]: https://example.org/r \"T\"\n\n[^n]: The note.\n");
        assert!(doc.len() > 2 * chunks::PIECES_ABOVE);
        let out = html(&doc);
        assert_eq!(out.matches("<p>Paragraph ").count(), n);
        assert_eq!(
            out.matches(
                "<a href=\"https://example.org/r\" rel=\"noopener noreferrer\" title=\"T\">link</a>"
            )
            .count(),
            n
        );
        assert_eq!(
            out.matches("<a href=\"#fn-n\">1</a>").count(),
            n,
            "{}",
            &out[..2000]
        );
        assert_eq!(out.matches("id=\"fn-n\"").count(), 1);
        assert_eq!(out.matches("The note.").count(), 1);

        // One paragraph on one line, longer than many pieces: still one paragraph, every word
        // once, separated as written.
        let words: Vec<String> = (0..80_000).map(|i| format!("w{i}")).collect();
        let line = words.join(" ");
        let out = html(&line);
        assert_eq!(out, format!("<p>{line}</p>\n"));
        let lines = words.join("\n");
        assert_eq!(plain_text(&lines), line);
        let out = html(&format!("{}\n", "[a](b) ~~x~~ *e* ".repeat(40_000)));
        assert_eq!(out.matches("<p>").count(), 1);
        assert_eq!(out.matches("<a href=\"b\">a</a>").count(), 40_000);
        assert_eq!(out.matches("<del>x</del>").count(), 40_000);
    }

    #[test]
    fn hostile_tables() {
        let mut markdown = String::from("| a | b |\n|---|---|\n");
        markdown.push_str(&"| x | <i>y</i> |\n".repeat(20_000));
        render_all_ways(&markdown);
        render_all_ways(&format!(
            "|{}\n|{}\n",
            " a |".repeat(10_000),
            "---|".repeat(10_000)
        ));
    }
}
