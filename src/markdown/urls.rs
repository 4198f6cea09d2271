//! Link and image destinations: relative URLs marked in the HTML and resolved through the
//! caller's `resolve_link` at the very end.

use super::escape::escape_href;
use super::url_safety::{is_relative, is_safe_url};

/// Marks a relative URL in the HTML until `resolve_link` has been called on it (see [`Urls`]).
const MARK: char = '\u{FDD0}';

/// What `render` calls with a relative URL: the URL to use instead, or None.
pub(super) type ResolveLink<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Relative URLs waiting for `resolve_link`. Each is written in the HTML as a mark
/// (`MARK`, a random nonce drawn once per run, its index, `MARK`) and replaced at the very
/// end, after sanitising: so the Markdown's and the raw HTML's relative URLs are resolved alike,
/// and what `resolve_link` returns never goes through ammonia's parser. A report cannot forge a
/// mark: it cannot know the nonce, which no output shows.
pub(super) struct Urls<'r> {
    /// The nonce, as the 16 hex digits written in marks.
    pub(super) nonce: &'static str,
    pub(super) list: UrlList,
    /// Resolves relative URLs as they are written, instead of marking them (no sanitising).
    pub(super) direct: Option<&'r ResolveLink<'r>>,
}

impl<'r> Urls<'r> {
    pub(super) fn new(direct: Option<&'r ResolveLink<'r>>) -> Self {
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
    pub(super) fn attribute(&mut self, dest: &str) -> Option<String> {
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
    pub(super) fn resolve(
        &self,
        html: String,
        resolve_link: &dyn Fn(&str) -> Option<String>,
    ) -> String {
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
    pub(super) fn parse_mark(&self, text: &str) -> Option<(usize, usize)> {
        let digits = text.strip_prefix(self.nonce)?;
        let end = digits.find(MARK)?;
        let index: usize = digits[..end].parse().ok()?;
        (index < self.list.len()).then_some((index, self.nonce.len() + end + MARK.len_utf8()))
    }
}

pub(super) fn push_mark(list: &mut UrlList, nonce: &str, dest: &str) -> String {
    list.push(dest);
    format!("{MARK}{nonce}{}{MARK}", list.len() - 1)
}

/// The relative URLs of a document, one after the other in one string: a document may hold
/// hundreds of thousands, and one allocation each would weigh more than the document.
#[derive(Default)]
pub(super) struct UrlList {
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

#[cfg(feature = "raw-html")]
pub(super) fn is_mark(value: &str, nonce: &str) -> bool {
    value
        .strip_prefix(MARK)
        .and_then(|v| v.strip_prefix(nonce))
        .is_some_and(|v| v.ends_with(MARK))
}
