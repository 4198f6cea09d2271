//! Which URLs may be written in a page: the schemes allowed, however the URL hides its
//! scheme, and which URLs are relative or leave the site.

use std::borrow::Cow;

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

/// The scheme of a URL as a browser reads it (ASCII tabs and newlines ignored), lower-cased.
pub(super) fn scheme_of(url: &str) -> Option<String> {
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
pub(super) fn is_relative(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    !trimmed.is_empty() && !trimmed.starts_with(['/', '\\', '#', '?']) && scheme_of(url).is_none()
}

/// Whether a link leaves the site (it then gets `rel="noopener noreferrer"`).
pub(super) fn is_external(url: &str) -> bool {
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
pub(super) fn decode_entities(text: &str) -> String {
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
pub(super) fn percent_decode(text: &str) -> String {
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

/// The link Markdown writes for a lone web address (`<https://…>`), made without the parser:
/// None when the address is not a safe `http(s)` URL of the characters an autolink keeps as
/// they are (the caller then asks the parser).
pub fn web_link_html(url: &str) -> Option<String> {
    let plain = url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#@$()*+,;=%".contains(&b));
    let web = url.starts_with("https://") || url.starts_with("http://");
    (plain && web && is_safe_url(url)).then(|| {
        let href = super::escape::escape_href(url);
        let text = super::escape::escape_html(url);
        format!("<a href=\"{href}\" rel=\"noopener noreferrer\">{text}</a>")
    })
}
