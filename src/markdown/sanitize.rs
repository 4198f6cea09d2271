//! Sanitising a fragment that holds raw HTML (only with `allow_raw_html`): ammonia with a
//! strict policy, on fragments small enough for html5ever's worst case. Built only with the
//! `raw-html` feature.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use super::escape::percent_encode_url;
use super::url_safety::{is_relative, is_safe_url, scheme_of};
use super::urls::{UrlList, Urls, is_mark, push_mark};

/// The most start tags a fragment may have for its raw HTML to be kept (see the module docs).
/// A section of a report has a few hundred; at this size html5ever's worst case (every tag
/// nested in the previous one) takes well under a tenth of a second.
pub const MAX_SANITIZED_START_TAGS: usize = 4_000;

/// Whether `html` has at most `limit` start tags (`<` then an ASCII letter), counted however
/// the HTML hides them (in comments, attributes, raw text), which bounds html5ever's nesting.
pub(super) fn start_tags_at_most(html: &str, limit: usize) -> bool {
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

/// The page fragment `html` (with raw HTML) sanitised: its relative URLs, those of the raw HTML
/// too, become marks of `urls`, for `Urls::resolve`.
pub(super) fn sanitize_fragment(html: &str, urls: &mut Urls) -> String {
    let shared = Arc::new(Mutex::new(std::mem::take(&mut urls.list)));
    let clean = sanitize(html, Arc::clone(&shared), urls.nonce);
    // html5ever decodes the raw HTML's character references (`&#1;`) to what they stand for.
    let clean = match crate::text::replace_unprintable(&clean) {
        Cow::Borrowed(_) => clean,
        Cow::Owned(replaced) => replaced,
    };
    urls.list = std::mem::take(&mut *shared.lock().unwrap_or_else(PoisonError::into_inner));
    clean
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
