//! `links: file`: every page's relative links to a folder made to end in `index.html`, so that
//! an archive opened from disk (`file://`), where a folder link shows the folder's listing,
//! works throughout; one pass over each finished page, whatever theme wrote it.
//!
//! Only real attributes are touched: `href` and `xlink:href` of any element, and the address of
//! a `<meta http-equiv="refresh">`. Text, comments and the contents of `<script>`, `<style>`,
//! `<textarea>` and `<title>` are copied as they are, and so are absolute addresses (the base
//! URL's), root links, fragments and query strings (`stats/?x#y` becomes
//! `stats/index.html?x#y`). The `<html>` element gets `data-links="file"`, which tells the
//! theme's scripts to write their links the same way.

use super::paths::FILES_DIR;
use crate::output::{OutputError, OutputFile, Sink};

/// What a page's scripts read on `<html>` to know the links' style.
const MARKER: &[u8] = b" data-links=\"file\"";

/// The name added to a link to a folder.
const INDEX: &[u8] = b"index.html";

/// A sink that writes every page with file links and passes other files on as they are.
pub(super) struct FileLinks<'a> {
    sink: &'a dyn Sink,
}

impl<'a> FileLinks<'a> {
    pub(super) fn new(sink: &'a dyn Sink) -> Self {
        FileLinks { sink }
    }
}

impl Sink for FileLinks<'_> {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        self.sink.put(with_file_links(file))
    }
}

/// `file` with file links if it is a page the site renders; the theme's static files and the
/// files published with the reports are the writers' own and stay as they are.
pub(super) fn with_file_links(file: OutputFile) -> OutputFile {
    let own = file.path.starts_with("static/")
        || (file.path.strip_prefix(FILES_DIR)).is_some_and(|rest| rest.starts_with('/'));
    if !file.path.ends_with(".html") || own {
        return file;
    }
    let bytes = page_with_file_links(&file.bytes);
    OutputFile {
        path: file.path,
        bytes: bytes.into(),
    }
}

/// An insertion into the page: `text` before byte `at`.
type Insertion = (usize, &'static [u8]);

/// The bytes of `page` with every relative link to a folder ending in `index.html`.
pub(super) fn page_with_file_links(page: &[u8]) -> Vec<u8> {
    let mut insertions: Vec<Insertion> = Vec::new();
    let mut marked = false;
    let mut i = 0;
    while let Some(lt) = find(page, i, b"<") {
        let rest = &page[lt..];
        i = if rest.starts_with(b"<!--") {
            find(page, lt + 4, b"-->").map_or(page.len(), |end| end + 3)
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            find(page, lt, b">").map_or(page.len(), |end| end + 1)
        } else if rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            let tag = Tag::read(page, lt);
            if !marked && tag.name.eq_ignore_ascii_case(b"html") {
                marked = true;
                if !tag.attributes.iter().any(|a| a.is_named(b"data-links")) {
                    insertions.push((tag.name_end, MARKER));
                }
            }
            tag.links(page, &mut insertions);
            tag.content_end(page)
        } else {
            lt + 1
        };
    }
    let mut out = Vec::with_capacity(page.len() + insertions.len() * (INDEX.len() + 1) + 20);
    let mut copied = 0;
    for (at, text) in insertions {
        out.extend_from_slice(&page[copied..at]);
        out.extend_from_slice(text);
        copied = at;
    }
    out.extend_from_slice(&page[copied..]);
    out
}

/// The first `needle` in `page` at or after `from`.
fn find(page: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = page.get(from..)?;
    if needle.len() == 1 {
        return hay.iter().position(|b| *b == needle[0]).map(|p| p + from);
    }
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// A start tag as read: its name and attributes, positions in the page.
struct Tag<'p> {
    name: &'p [u8],
    /// Just after the name: where an attribute can be added.
    name_end: usize,
    attributes: Vec<Attribute<'p>>,
    /// Just after the closing `>` (or the page's end).
    end: usize,
}

struct Attribute<'p> {
    name: &'p [u8],
    value: &'p [u8],
    /// Where the value starts in the page.
    at: usize,
}

impl Attribute<'_> {
    fn is_named(&self, name: &[u8]) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

impl<'p> Tag<'p> {
    /// The start tag at `lt` (a `<` followed by a letter), read as HTML does: attributes
    /// separated by spaces or `/`, values quoted with `"` or `'`, or unquoted.
    fn read(page: &'p [u8], lt: usize) -> Tag<'p> {
        let stop = |b: u8| b.is_ascii_whitespace() || b == b'/' || b == b'>';
        let mut i = lt + 1;
        while i < page.len() && !stop(page[i]) {
            i += 1;
        }
        let (name, name_end) = (&page[lt + 1..i], i);
        let mut attributes = Vec::new();
        loop {
            while i < page.len() && (page[i].is_ascii_whitespace() || page[i] == b'/') {
                i += 1;
            }
            if i >= page.len() || page[i] == b'>' {
                break;
            }
            let start = i;
            // An attribute's name may begin with `=` (HTML reads it so); it ends at the next `=`.
            i += 1;
            while i < page.len() && !stop(page[i]) && page[i] != b'=' {
                i += 1;
            }
            let name = &page[start..i];
            let mut j = i;
            while j < page.len() && page[j].is_ascii_whitespace() {
                j += 1;
            }
            if page.get(j) != Some(&b'=') {
                attributes.push(Attribute {
                    name,
                    value: b"",
                    at: i,
                });
                continue;
            }
            j += 1;
            while j < page.len() && page[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value, at, next) = match page.get(j) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let close = find(page, j + 1, &[quote]).unwrap_or(page.len());
                    (&page[j + 1..close], j + 1, (close + 1).min(page.len()))
                }
                _ => {
                    let mut k = j;
                    while k < page.len() && !page[k].is_ascii_whitespace() && page[k] != b'>' {
                        k += 1;
                    }
                    (&page[j..k], j, k)
                }
            };
            attributes.push(Attribute { name, value, at });
            i = next;
        }
        Tag {
            name,
            name_end,
            attributes,
            end: (i + 1).min(page.len()),
        }
    }

    /// Adds to `insertions` the `index.html` that this tag's links to folders need, in order.
    fn links(&self, page: &[u8], insertions: &mut Vec<Insertion>) {
        let refresh = self.name.eq_ignore_ascii_case(b"meta")
            && self.attributes.iter().any(|a| {
                a.is_named(b"http-equiv") && a.value.trim_ascii().eq_ignore_ascii_case(b"refresh")
            });
        for attribute in &self.attributes {
            let link = if attribute.is_named(b"href") || attribute.is_named(b"xlink:href") {
                Some((attribute.value, attribute.at))
            } else if refresh && attribute.is_named(b"content") {
                refresh_address(attribute.value)
                    .map(|(from, to)| (&attribute.value[from..to], attribute.at + from))
            } else {
                None
            };
            if let Some((link, at)) = link
                && let Some((offset, text)) = folder_link_end(link)
            {
                debug_assert!(at + offset <= page.len());
                insertions.push((at + offset, text));
            }
        }
    }

    /// Where reading goes on after this tag: after the text of a `<script>`, `<style>`,
    /// `<textarea>` or `<title>`, which holds no tag, at its end tag.
    fn content_end(&self, page: &[u8]) -> usize {
        let raw = [&b"script"[..], b"style", b"textarea", b"title"]
            .iter()
            .any(|n| self.name.eq_ignore_ascii_case(n));
        if !raw {
            return self.end;
        }
        let mut i = self.end;
        while let Some(lt) = find(page, i, b"</") {
            let name = page.get(lt + 2..lt + 2 + self.name.len());
            let after = page.get(lt + 2 + self.name.len()).copied();
            if name.is_some_and(|n| n.eq_ignore_ascii_case(self.name))
                && after.is_none_or(|b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            {
                return lt;
            }
            i = lt + 2;
        }
        page.len()
    }
}

/// The address in a refresh's `content` (`0; url=../x/`), as a range of it.
fn refresh_address(content: &[u8]) -> Option<(usize, usize)> {
    let lower = content.to_ascii_lowercase();
    let url = find(&lower, 0, b"url")?;
    let mut i = url + 3;
    while i < content.len() && content[i].is_ascii_whitespace() {
        i += 1;
    }
    if content.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < content.len() && content[i].is_ascii_whitespace() {
        i += 1;
    }
    let mut end = content.len();
    if let Some(&quote) = content.get(i).filter(|q| **q == b'\'' || **q == b'"') {
        i += 1;
        end = find(content, i, &[quote]).unwrap_or(end);
    }
    Some((i, end))
}

/// Where `index.html` goes in `link` and what to add there, when `link` is a relative link to
/// a folder: its path (before any `?` or `#`) ends with `/`, or is `.`, `..` or ends in `/.`,
/// `/..`. None for an absolute address, a root link, a link to a file or a fragment alone.
fn folder_link_end(link: &[u8]) -> Option<(usize, &'static [u8])> {
    let start = link.len() - link.trim_ascii_start().len();
    let trimmed = link.trim_ascii();
    let path_len = trimmed
        .iter()
        .position(|b| *b == b'?' || *b == b'#')
        .unwrap_or(trimmed.len());
    let path = &trimmed[..path_len];
    if path.is_empty() || path.starts_with(b"/") || path.starts_with(b"\\") || has_scheme(path) {
        return None;
    }
    let end = start + path_len;
    if path.ends_with(b"/") {
        Some((end, INDEX))
    } else if path == b"." || path == b".." || path.ends_with(b"/.") || path.ends_with(b"/..") {
        Some((end, b"/index.html"))
    } else {
        None
    }
}

/// Whether `path` begins with a URL scheme (`https:`, `mailto:`): a letter, then letters,
/// digits, `+`, `-` or `.`, then `:`.
fn has_scheme(path: &[u8]) -> bool {
    let Some(colon) = path.iter().position(|b| *b == b':') else {
        return false;
    };
    let scheme = &path[..colon];
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_links(page: &str) -> String {
        String::from_utf8(page_with_file_links(page.as_bytes())).unwrap()
    }

    #[test]
    fn links_to_folders_end_in_index_html() {
        assert_eq!(
            file_links(r#"<a href="./">h</a><a href="../stats/">s</a><a href='x/?q=1#top'>x</a>"#),
            r#"<a href="./index.html">h</a><a href="../stats/index.html">s</a><a href='x/index.html?q=1#top'>x</a>"#
        );
        assert_eq!(
            file_links("<a href=../ class=x>u</a><a href=\"..\">p</a><a HREF=\" a/b/ \">"),
            "<a href=../index.html class=x>u</a><a href=\"../index.html\">p</a><a HREF=\" a/b/index.html \">"
        );
        assert_eq!(
            file_links(r##"<svg><a xlink:href="year/2025/"></a></svg><a href="#x/">"##),
            r##"<svg><a xlink:href="year/2025/index.html"></a></svg><a href="#x/">"##
        );
    }

    #[test]
    fn other_links_and_text_that_looks_like_one_stay() {
        let page = concat!(
            r#"<link rel="canonical" href="https://example.org/a/"><a href="/root/">r</a>"#,
            r#"<a href="//cdn.example.org/x/">c</a><a href="mailto:a@b.c">m</a>"#,
            r#"<a href="static/style.css">f</a><a href="?severity=high">q</a><a href="">e</a>"#,
            r#"<p>href="x/" &lt;a href="y/"&gt;</p><!-- <a href="z/"> -->"#,
            r#"<script>var s = '<a href="w/">';</script><title>href="t/"</title>"#,
            r#"<a title='href="v/"' data-href="u/">d</a><img src="img/">"#,
        );
        assert_eq!(file_links(page), page);
    }

    #[test]
    fn the_html_element_says_so_and_redirects_follow() {
        assert_eq!(
            file_links(
                r#"<!doctype html><html lang="fr"><meta http-equiv="refresh" content="0; url=../x/">"#
            ),
            r#"<!doctype html><html data-links="file" lang="fr"><meta http-equiv="refresh" content="0; url=../x/index.html">"#
        );
        let own = r#"<html data-links="file"><meta content="0; url=../x/">"#;
        assert_eq!(file_links(own), own);
    }

    proptest::proptest! {
        /// Any page, broken or not: no panic, nothing of it lost or reordered (only insertions),
        /// and a second pass changes nothing.
        #[test]
        fn pages_only_gain_insertions_and_a_second_pass_changes_nothing(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "<", ">", "/", "<a", " href=", "HREF=", "\"", "'", "x/", "./", "..", "?q", "#f",
                    "https:", "<html", "<meta http-equiv=refresh content='0; url=", "<!--", "-->",
                    "<script>", "</script>", "<title>", "</title >", " ", "\n", "=", "é", "&amp;",
                    "<!doctype html>", "</a>", "xlink:href=", " data-links=",
                ]),
                0..40,
            )
        ) {
            let page = parts.concat();
            let once = file_links(&page);
            let mut rest = page.as_str();
            for c in once.chars() {
                if rest.starts_with(c) {
                    rest = &rest[c.len_utf8()..];
                }
            }
            proptest::prop_assert!(rest.is_empty(), "{:?} lost from {:?}: {:?}", rest, page, once);
            proptest::prop_assert_eq!(file_links(&once), once.clone(), "{:?}", page);
        }
    }

    #[test]
    fn broken_markup_ends_without_a_panic() {
        for page in [
            "<a href=\"x/",
            "<a href=",
            "<a href",
            "<",
            "<!--",
            "<script>",
            "<a b='/'",
        ] {
            let _ = file_links(page);
        }
        assert_eq!(file_links("<a href=x/"), "<a href=x/index.html");
    }
}
