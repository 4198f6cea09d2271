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
//!   `data:image/...` images, `rel="noopener noreferrer"` on every link. ammonia is built only
//!   with the `raw-html` feature: without it raw HTML is always shown as text.
//! - Every link and image destination goes through [`is_safe_url`]: a link that fails it is
//!   rendered as its text alone, an image as its alt text.
//! - Relative destinations (also those of raw HTML) go through the caller's `resolve_link`.
//!
//! # Hostile input
//!
//! Nothing here recurses over the document's nesting: the event walk keeps its state in a few
//! flat fields. html5ever (under ammonia) is quadratic in nesting depth (10,000 nested `<div>`
//! take about half a second, 40,000 take nine), so ammonia only ever sees fragments with at most
//! `MAX_SANITIZED_START_TAGS` start tags, which bounds the depth whatever the HTML's tricks
//! (comments, attributes, raw text). A larger fragment with raw HTML in it (a hostile one, or a
//! very long section) is rendered as if `allow_raw_html` were off: its raw HTML is shown as text.
//! A fragment without raw HTML never goes through ammonia: it is safe as written.
//!
//! A long document is parsed in pieces (see `chunks`), so that memory stays a small multiple
//! of its size.

mod chunks;
mod escape;
mod footnotes;
mod options;
mod plain_text;
mod raw_html;
#[cfg(feature = "raw-html")]
mod sanitize;
mod tags;
#[cfg(test)]
mod tests;
mod url_safety;
mod urls;
mod writer;

pub use escape::escape_html;
pub use options::MarkdownOptions;
pub use plain_text::{is_plain_line, plain_text};
#[cfg(feature = "raw-html")]
pub use sanitize::MAX_SANITIZED_START_TAGS;
pub use url_safety::{is_safe_url, web_link_html};

use plain_text::PlainText;
use urls::Urls;
use writer::write_html;

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
    #[cfg(feature = "raw-html")]
    if sanitize::start_tags_at_most(&written.html, MAX_SANITIZED_START_TAGS) {
        let clean = sanitize::sanitize_fragment(&written.html, &mut urls);
        return urls.resolve(clean, resolve_link);
    }
    // Too big to sanitise in bounded time, or no sanitiser in this build (without the
    // `raw-html` feature the configuration refuses `allow_raw_html: true`): show the raw HTML
    // as text instead.
    urls.resolve(written.raw_html_as_text(), resolve_link)
}
