//! The HTML of each Markdown element's start and end tags.

use std::borrow::Cow;

use pulldown_cmark::{Alignment, CodeBlockKind, HeadingLevel, LinkType, Tag, TagEnd};

use super::escape::{escape_html, push_escaped};
use super::raw_html::push_html_block_as_text;
use super::url_safety::is_external;
use super::writer::{PendingImage, Writer};

impl Writer<'_, '_> {
    pub(super) fn start(&mut self, tag: Tag<'_>) {
        let out = &mut self.out;
        match tag {
            Tag::Paragraph => out.push_str("<p>"),
            Tag::Heading { level, .. } => {
                out.push_str("<h");
                out.push(heading_digit(level, self.heading_offset));
                out.push('>');
            }
            Tag::BlockQuote(_) => out.push_str("<blockquote>\n"),
            Tag::CodeBlock(kind) => self.code_block_start(&kind),
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
            Tag::FootnoteDefinition(label) => self.footnote_definition_start(&label),
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
            Tag::TableCell => self.table_cell_start(),
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
            } => self.link_start(link_type, &dest_url, &title),
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

    /// `<pre><code>`, with the fenced block's language as a class.
    fn code_block_start(&mut self, kind: &CodeBlockKind<'_>) {
        let out = &mut self.out;
        let language = match kind {
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

    /// A footnote's text starts: its id and its number.
    fn footnote_definition_start(&mut self, label: &str) {
        let (id, number) = self.footnote(label);
        let out = &mut self.out;
        out.push_str("<div class=\"footnote-definition\" id=\"");
        out.push_str(&id);
        out.push_str("\"><sup class=\"footnote-definition-label\">");
        out.push_str(&number.to_string());
        out.push_str("</sup>");
    }

    /// `<th>` or `<td>`, with its column's alignment as a class.
    fn table_cell_start(&mut self) {
        let out = &mut self.out;
        out.push_str(if self.in_table_head { "<th" } else { "<td" });
        match self.table_alignments.get(self.table_cell) {
            Some(Alignment::Left) => out.push_str(" class=\"align-left\""),
            Some(Alignment::Center) => out.push_str(" class=\"align-center\""),
            Some(Alignment::Right) => out.push_str(" class=\"align-right\""),
            _ => {}
        }
        out.push('>');
    }

    /// `<a>` when the destination is safe; else nothing, and the link's text stands alone.
    fn link_start(&mut self, link_type: LinkType, dest_url: &str, title: &str) {
        let dest: Cow<'_, str> = if link_type == LinkType::Email {
            Cow::Owned(format!("mailto:{dest_url}"))
        } else {
            Cow::Borrowed(dest_url)
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
                    push_escaped(out, title);
                    out.push('"');
                }
                out.push('>');
                self.links.push(true);
            }
            None => self.links.push(false),
        }
    }

    pub(super) fn end(&mut self, end: TagEnd) {
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
}

/// The digit of a heading's level once shifted by `offset`, clamped to 6.
fn heading_digit(level: HeadingLevel, offset: u8) -> char {
    let shifted = (level as usize + usize::from(offset)).min(6);
    char::from(b'0' + shifted as u8)
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
