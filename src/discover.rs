//! Which files below the content folder are reports, the introduction, or assets (spec §1).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::{ACTIVE_TYPES, Config};

/// The introduction shown on the home page, at the root of the content folder.
pub const INTRO_FILE: &str = "_index.md";

/// The file types published by default (by extension, case aside): a browser shows or
/// downloads them, and none of them can run script in the site's origin.
pub const PASSIVE_TYPES: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", // images
    "txt", "log", "csv", "tsv", "json", "pdf", // text and documents
    "mp3", "m4a", "ogg", "oga", "opus", "wav", "flac", // sound
    "mp4", "ogv", "webm", // video
    "zip",
];

/// Why a file of the content folder is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// Its type can run script (one of [`ACTIVE_TYPES`]).
    Active,
    /// Its type is neither passive nor active: incidex cannot tell what a browser does with it.
    Unknown,
    /// It has no extension, so no type.
    NoExtension,
}

/// What reading the content folder may do: follow links that stay inside the site root, and
/// publish files of the passive types and of the types the site added.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The site root, canonical: resolved links are compared with it.
    root: PathBuf,
    /// The types added by `publish_types` and `publish_active_types`, lower case.
    added_types: Vec<String>,
}

impl Reading {
    /// The rules of the site `config` describes.
    pub fn for_site(config: &Config) -> Reading {
        Reading {
            root: canonical_or_itself(&config.root),
            added_types: published_types_added(config),
        }
    }

    /// Links followed only inside `dir`, the default types: for commands that only look at
    /// the names of the reports (`new`, `import`).
    pub fn within(dir: &Path) -> Reading {
        Reading {
            root: canonical_or_itself(dir),
            added_types: Vec::new(),
        }
    }

    /// Why the file `path` would not be published; None when it is.
    pub fn withheld(&self, path: &Path) -> Option<Withheld> {
        withheld_type(path, &self.added_types)
    }

    /// The link at `path` (named `relative` in messages) when it leads outside the site root
    /// or into a hidden entry of it (`.git/config` may hold a CI token); None when it may be
    /// followed.
    fn leads_out(&self, path: &Path, relative: &Path) -> Option<OutsideLink> {
        let resolved = std::fs::canonicalize(path).ok();
        let inside = resolved
            .as_deref()
            .and_then(|r| r.strip_prefix(&self.root).ok());
        let hidden = inside.is_some_and(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        });
        if inside.is_some() && !hidden {
            return None;
        }
        // The link's own text says where it points in the author's words; a folder that is not
        // a link itself (a link above it) is named by where it resolves.
        let target = std::fs::read_link(path)
            .ok()
            .or(resolved)
            .unwrap_or_default();
        Some(OutsideLink {
            path: relative.to_path_buf(),
            target,
            hidden,
        })
    }
}

/// The types a site's configuration adds to [`PASSIVE_TYPES`], lower case.
fn published_types_added(config: &Config) -> Vec<String> {
    config
        .publish_types
        .iter()
        .chain(&config.publish_active_types)
        .map(|t| t.to_ascii_lowercase())
        .collect()
}

fn canonical_or_itself(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Why a file named `path` is not published, given the types a site added; None when it is.
pub fn withheld_type(path: &Path, added: &[String]) -> Option<Withheld> {
    let Some(extension) = path.extension().map(|e| e.to_string_lossy()) else {
        return Some(Withheld::NoExtension);
    };
    let is = |t: &str| t.eq_ignore_ascii_case(&extension);
    if PASSIVE_TYPES.iter().any(|t| is(t)) || added.iter().any(|t| is(t)) {
        None
    } else if ACTIVE_TYPES.iter().any(|t| is(t)) {
        Some(Withheld::Active)
    } else {
        Some(Withheld::Unknown)
    }
}

/// A symbolic link of the content folder that is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideLink {
    /// Relative to the content folder; empty for the content folder itself.
    pub path: PathBuf,
    /// Where it points.
    pub target: PathBuf,
    /// It points inside the site root, but into a hidden file or folder.
    pub hidden: bool,
}

/// What the content folder holds, every path relative to it, in sorted order.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub reports: Vec<PathBuf>,
    pub intro: Option<PathBuf>,
    /// Screenshots, log excerpts and other files published with the reports.
    pub assets: Vec<PathBuf>,
    /// Files that are neither reports nor published: their type may run script or is unknown.
    pub withheld: Vec<PathBuf>,
    /// Symbolic links leading outside the site root: neither read nor published.
    pub outside: Vec<OutsideLink>,
    /// Entries that could not be visited (permissions, symlink loops): path and reason.
    pub unreadable: Vec<(PathBuf, String)>,
    /// A symbolic link was followed: a file may be reached under two names.
    pub links: bool,
}

/// Whether a file name is a hidden file or an editor's leftover, silently ignored.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bck", ".bak"]
            .iter()
            .any(|ext| {
                // Compared in place, case aside: no lower-cased copy of every name.
                name.len() >= ext.len()
                    && name.as_bytes()[name.len() - ext.len()..]
                        .eq_ignore_ascii_case(ext.as_bytes())
            })
        || name.starts_with("___jb_")
}

/// Whether a file name is a Markdown report.
pub fn is_markdown(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Walks `content_dir` recursively in sorted order, following symbolic links only inside the
/// content folder: for commands that look at the names of the reports alone.
pub fn discover(content_dir: &Path) -> Content {
    discover_site(content_dir, &Reading::within(content_dir))
}

/// Walks `content_dir` recursively in sorted order, following symbolic links that stay inside
/// the site root (loops are reported, never followed forever; links leading out are listed,
/// never followed), and telling published files from withheld ones.
pub fn discover_site(content_dir: &Path, reading: &Reading) -> Content {
    let mut content = Content::default();
    // The content folder itself may lie behind a link.
    if let Some(link) = reading.leads_out(content_dir, Path::new("")) {
        content.outside.push(link);
        return content;
    }
    let mut outside = Vec::new();
    // Sorted once at the end rather than folder by folder: walkdir's sort asks each entry's
    // name anew at every comparison.
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_ignored(&e.file_name().to_string_lossy()) {
                return false;
            }
            // Checked before a linked folder is walked, so nothing below it is visited.
            let relative = e.path().strip_prefix(content_dir).unwrap_or(e.path());
            match e
                .path_is_symlink()
                .then(|| reading.leads_out(e.path(), relative))
            {
                Some(Some(link)) => {
                    outside.push(link);
                    false
                }
                _ => true,
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                content.unreadable.push(unreadable(content_dir, &error));
                continue;
            }
        };
        content.links |= entry.path_is_symlink();
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = match entry.path().strip_prefix(content_dir) {
            Ok(r) => r.to_path_buf(),
            Err(_) => continue,
        };
        let name = entry.file_name().to_string_lossy();
        if name == INTRO_FILE {
            // Only the root one introduces the archive; a `_index.md` in a subfolder introduces
            // nothing and is not a report either (as in Hugo and Zola).
            if entry.depth() == 1 {
                content.intro = Some(relative);
            }
        } else if is_markdown(&name) {
            content.reports.push(relative);
        } else if reading.withheld(&relative).is_some() {
            content.withheld.push(relative);
        } else {
            content.assets.push(relative);
        }
    }
    content.outside = outside;
    for paths in [
        &mut content.reports,
        &mut content.assets,
        &mut content.withheld,
    ] {
        paths.sort_unstable_by(|a, b| walk_order(a, b));
    }
    content
        .outside
        .sort_unstable_by(|a, b| walk_order(&a.path, &b.path));
    content
        .unreadable
        .sort_unstable_by(|a, b| walk_order(&a.0, &b.0).then_with(|| a.1.cmp(&b.1)));
    content
}

/// An entry the walk could not visit, relative to `content_dir`, and why.
fn unreadable(content_dir: &Path, error: &walkdir::Error) -> (PathBuf, String) {
    let path = error
        .path()
        .map(|p| p.strip_prefix(content_dir).unwrap_or(p).to_path_buf())
        .unwrap_or_default();
    let reason = if error.loop_ancestor().is_some() {
        "a symbolic link loops back to one of its parent folders".to_string()
    } else if let Some(io) = error.io_error() {
        io.to_string()
    } else {
        error.to_string()
    };
    (path, reason)
}

/// The order of a walk that visits each folder's entries in the order of their names: paths
/// compared name by name, so that a folder's files come right after the folder (`a/x.md`
/// before `a-b.md`). The bytes compared with the separator lowest give that order without
/// splitting the paths into components at every comparison.
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |byte: &u8| {
        if std::path::is_separator(char::from(*byte)) {
            0
        } else {
            *byte
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    a.iter().map(key).cmp(b.iter().map(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_leftovers_are_ignored() {
        for name in [
            ".hidden.md",
            "notes.md~",
            "#draft.md#",
            ".report.md.swp",
            "report.swp",
            "old.tmp",
            "old.bck",
            "x.md.bak",
            "OLD.TMP",
            "report.md.Swp",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in [
            "2025-01-15-crash.md",
            "_index.md",
            "graph.png",
            "tmp-notes.md",
        ] {
            assert!(!is_ignored(name), "{name}");
        }
    }

    #[test]
    fn reports_intro_and_assets_are_told_apart_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.md",
            "a.md",
            "_index.md",
            "2024/c.md",
            "2024/_index.md",
            "img/graph.png",
            ".git/x.md",
            "notes.md~",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let content = discover(root);
        assert_eq!(
            content.reports,
            vec![
                PathBuf::from("2024/c.md"),
                PathBuf::from("a.md"),
                PathBuf::from("b.md")
            ]
        );
        assert_eq!(content.intro, Some(PathBuf::from("_index.md")));
        assert_eq!(content.assets, vec![PathBuf::from("img/graph.png")]);
        assert!(content.unreadable.is_empty());
    }

    #[test]
    fn reports_come_in_the_order_of_their_paths() {
        // The preview adds and removes reports in this order without walking the folder.
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "a.md",
            "a-b.md",
            "a/x.md",
            "a b.md",
            "B.md",
            "é.md",
            "a.b/c.md",
            "ab.md",
            "a/b/c.md",
            "a!.md",
            "a/!.md",
            "a#/c.md",
            "a/b!/c.md",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let reports = discover(dir.path()).reports;
        let mut sorted = reports.clone();
        sorted.sort();
        assert_eq!(reports, sorted);
        assert_eq!(reports.len(), 13);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
        std::fs::write(dir.path().join("sub/a.md"), "x").unwrap();
        let content = discover(dir.path());
        assert_eq!(content.reports, vec![PathBuf::from("sub/a.md")]);
        assert_eq!(content.unreadable.len(), 1);
        assert!(content.unreadable[0].1.contains("loop"));
    }

    #[test]
    fn only_passive_types_and_the_added_ones_are_published() {
        let none: &[String] = &[];
        for name in [
            "a.png",
            "b/c.JPG",
            "log.Txt",
            "x.pdf",
            "clip.webm",
            "a.tar.zip",
        ] {
            assert_eq!(withheld_type(Path::new(name), none), None, "{name}");
        }
        for name in [
            "evil.html",
            "evil.HTM",
            "e.js",
            "e.mjs",
            "e.svg",
            "e.SVGZ",
            "e.xml",
            "e.xsl",
        ] {
            assert_eq!(
                withheld_type(Path::new(name), none),
                Some(Withheld::Active),
                "{name}"
            );
        }
        for name in ["notes.yaml", "page.html.gz", "style.css", "a.png.exe"] {
            assert_eq!(
                withheld_type(Path::new(name), none),
                Some(Withheld::Unknown),
                "{name}"
            );
        }
        assert_eq!(
            withheld_type(Path::new("README"), none),
            Some(Withheld::NoExtension)
        );
        let added = ["yaml".to_string(), "svg".to_string()];
        assert_eq!(withheld_type(Path::new("notes.YAML"), &added), None);
        assert_eq!(withheld_type(Path::new("d.svg"), &added), None);
        assert_eq!(
            withheld_type(Path::new("e.html"), &added),
            Some(Withheld::Active)
        );
    }

    #[test]
    fn withheld_files_are_listed_apart_from_the_assets() {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "a.md",
            "img/g.png",
            "img/evil.svg",
            "notes.yaml",
            "Makefile",
        ] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let content = discover(dir.path());
        assert_eq!(content.assets, vec![PathBuf::from("img/g.png")]);
        assert_eq!(
            content.withheld,
            vec![
                PathBuf::from("Makefile"),
                PathBuf::from("img/evil.svg"),
                PathBuf::from("notes.yaml")
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_listed_and_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        std::fs::create_dir_all(content.join("deep/er")).unwrap();
        std::fs::write(root.path().join("kept.txt"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), content.join("deep/er/dir")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), content.join("s.txt"))
            .unwrap();
        std::os::unix::fs::symlink("../kept.txt", content.join("kept.txt")).unwrap();
        let reading = Reading {
            root: root.path().canonicalize().unwrap(),
            added_types: Vec::new(),
        };
        let found = discover_site(&content, &reading);
        assert!(found.reports.is_empty());
        assert_eq!(found.assets, vec![PathBuf::from("kept.txt")]);
        let outside_links: Vec<_> = found.outside.iter().map(|l| l.path.clone()).collect();
        assert_eq!(
            outside_links,
            vec![PathBuf::from("deep/er/dir"), PathBuf::from("s.txt")]
        );
        assert_eq!(found.outside[1].target, outside.path().join("secret.txt"));
        assert!(!found.outside[1].hidden);
    }

    #[cfg(unix)]
    #[test]
    fn followed_links_are_noted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        assert!(!discover(dir.path()).links);
        std::os::unix::fs::symlink("a.md", dir.path().join("b.md")).unwrap();
        let content = discover(dir.path());
        assert_eq!(content.reports.len(), 2);
        assert!(content.links, "a report can be reached under two names");
    }
}
