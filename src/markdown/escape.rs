//! Escaping for HTML text and attribute values, and URLs made fit for an attribute.

use std::borrow::Cow;

/// Escapes text for HTML element content and attribute values (& < > " ').
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_escaped(&mut out, text);
    out
}

pub(super) fn push_escaped(out: &mut String, text: &str) {
    // pulldown-cmark's escaping (16 bytes at a time where the processor allows): the same five
    // characters, the same entities. A character reference may stand for a control character
    // (`&#1;`, `&#x85;`), which the decoding of the report could not see: replaced here.
    let text = crate::text::replace_unprintable(text);
    let _ = pulldown_cmark_escape::escape_html(out, &text);
}

/// Percent-encodes what may not appear in a URL as written in HTML (controls, space, `"`, `<`,
/// `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`, non-ASCII), keeping existing `%XX` (so it can be
/// applied twice). `&` and `'` are left for HTML escaping.
pub(super) fn percent_encode_url(url: &str) -> Cow<'_, str> {
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
pub(super) fn escape_href(url: &str) -> String {
    escape_html(&percent_encode_url(url))
}
