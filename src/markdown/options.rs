//! How a report's Markdown is read and rendered: the caller's options and the parser's.

use pulldown_cmark::Options;

/// How a report's Markdown is rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// Keep raw HTML (sanitised) instead of showing it as text. Only with the `raw-html`
    /// feature (the sanitiser): without it, raw HTML is shown as text all the same.
    pub allow_raw_html: bool,
    /// Added to every heading level, clamped to 6 (a report's `#` inside a section becomes an h3 with offset 2).
    pub heading_offset: u8,
    /// The document's number among those of one page (an incident page's summary and
    /// sections): its footnotes' ids become `fn-s<n>-<label>` instead of `fn-<label>`, so that
    /// two sections' `[^1]` do not share an id.
    pub footnote_scope: Option<u32>,
}

pub(super) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}
