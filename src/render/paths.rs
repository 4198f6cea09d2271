//! Where things are on the site: the files of incident and listing pages, paths from a page
//! to the site root, listings' pagination, and links in reports resolved to pages and files.

use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

use super::renderer::Renderer;
use crate::incident::Incident;

/// Where assets are published, below the output folder.
pub const FILES_DIR: &str = "files";

/// Where an incident's page is written.
pub(super) fn incident_page_file(incident: &Incident) -> String {
    format!("incidents/{}/index.html", incident.slug.value)
}

/// Where page `page` (from 1) of a listing is written.
pub(super) fn listing_page_file(kind: &str, slug: &str, page: usize) -> String {
    if page == 1 {
        format!("{kind}/{slug}/index.html")
    } else {
        format!("{kind}/{slug}/page/{page}/index.html")
    }
}

/// A path with `/` separators.
pub(super) fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A report's path as shown on a page or in data: a file name may hold control characters.
pub(super) fn shown_path(path: &Path) -> String {
    crate::text::replace_unprintable(&slash_path(path)).into_owned()
}

/// `../../` for a page at `incidents/x/`, `./` for the home page.
pub(super) fn root_of(page_path: &str) -> String {
    let depth = page_path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// The pager of a listing: `{current, pages, prev, next, links}`; paths from the site root;
/// `links` has the first and last pages and two on each side of the current one, with `gap`
/// entries where pages are skipped. Empty (`pages` 1) for a listing of one page.
pub(super) fn pagination(current: usize, pages: usize, path: &dyn Fn(usize) -> String) -> Value {
    let mut links = Vec::new();
    let mut last = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(current) <= 2 {
            if n > last + 1 {
                links.push(json!({"gap": true}));
            }
            links.push(json!({"number": n, "path": path(n), "current": n == current}));
            last = n;
        }
    }
    json!({
        "current": current,
        "pages": pages,
        "prev": (current > 1).then(|| path(current - 1)),
        "next": (current < pages).then(|| path(current + 1)),
        "links": if pages > 1 { links } else { Vec::new() },
    })
}

/// `a/./b/../c` → `a/c`; None when the path climbs out of the content folder.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(c) => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Decodes `%20`-style escapes in a link's path (`Panne%20r%C3%A9seau.md`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16)),
                bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a ticket number for a URL path segment.
pub(super) fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Renderer<'_> {
    /// A relative link in a report: another report becomes its page, a published file its copy.
    pub(super) fn resolve_link(&self, dest: &str, source_dir: &Path, root: &str) -> Option<String> {
        let (path_part, fragment) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let decoded = percent_decode(path_part);
        let target = normalize(&source_dir.join(&decoded))?;
        if let Some(slug) = self.inputs.report_slugs.get(&target) {
            return Some(format!("{root}incidents/{slug}/{fragment}"));
        }
        if self.inputs.assets.contains(&target) {
            return Some(format!(
                "{root}{FILES_DIR}/{}{fragment}",
                slash_path(&target)
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_climb_to_the_site_root() {
        assert_eq!(root_of(""), "./");
        assert_eq!(root_of("stats/"), "../");
        assert_eq!(root_of("incidents/x/"), "../../");
    }

    #[test]
    fn relative_paths_are_normalised_inside_the_content_folder() {
        assert_eq!(
            normalize(Path::new("2024/../img/a.png")),
            Some(PathBuf::from("img/a.png"))
        );
        assert_eq!(normalize(Path::new("../outside.md")), None);
        assert_eq!(percent_decode("Panne%20r%C3%A9seau.md"), "Panne réseau.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%é%"), "%é%");
        assert_eq!(percent_encode("INC 1/2"), "INC%201%2F2");
    }
}
