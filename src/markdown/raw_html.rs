//! Raw HTML shown as text, as typed, when it is not kept: HTML comments left out.

use super::escape::push_escaped;

/// Inline raw HTML shown as text; an HTML comment is left out (see `without_comments`).
pub(super) fn push_inline_html_as_text(out: &mut String, html: &str) {
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
pub(super) fn push_html_block_as_text(out: &mut String, block: &str) {
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
