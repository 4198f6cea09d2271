//! The event walk: the HTML written from pulldown-cmark's events, one event at a time, before
//! sanitising and link resolution.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, Event};

use super::chunks;
use super::escape::push_escaped;
use super::options::{MarkdownOptions, parser_options};
use super::plain_text::PlainText;
use super::raw_html::{push_html_block_as_text, push_inline_html_as_text};
use super::urls::Urls;

/// The HTML written from the events, before sanitising and link resolution.
pub(super) struct Written {
    pub(super) html: String,
    /// Where raw HTML was written as it is (only with `allow_raw_html`): byte range in `html`,
    /// and whether it is a block.
    pub(super) raw_spans: Vec<(usize, usize, bool)>,
}

impl Written {
    /// The HTML as it would have been written without `allow_raw_html`.
    pub(super) fn raw_html_as_text(&self) -> String {
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
pub(super) struct PendingImage {
    /// Nesting of tags inside the image (its alt text may hold emphasis, links, ...).
    pub(super) depth: usize,
    pub(super) alt: String,
    /// `src` and `title` attribute values, escaped; None when the URL is refused.
    pub(super) attrs: Option<(String, String)>,
}

pub(super) struct Writer<'u, 'r> {
    pub(super) out: String,
    pub(super) keep_raw_html: bool,
    pub(super) raw_spans: Vec<(usize, usize, bool)>,
    /// Where the raw HTML block being kept started in `out`.
    pub(super) raw_block_start: Option<usize>,
    pub(super) heading_offset: u8,
    pub(super) urls: &'u mut Urls<'r>,
    /// Whether each open link was written as an `<a>` (false: its URL was refused).
    pub(super) links: Vec<bool>,
    pub(super) table_alignments: Vec<Alignment>,
    pub(super) table_cell: usize,
    pub(super) in_table_head: bool,
    pub(super) footnotes: HashMap<String, usize>,
    pub(super) footnote_scope: Option<u32>,
    /// Text of the raw HTML block being shown as text.
    pub(super) html_block: Option<String>,
    pub(super) image: Option<PendingImage>,
    pub(super) in_metadata: bool,
}

pub(super) fn write_html(
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
}
