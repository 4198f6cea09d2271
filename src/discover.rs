//! Which files below the content folder are reports, the introduction, or assets (spec §1).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// The introduction shown on the home page, at the root of the content folder.
pub const INTRO_FILE: &str = "_index.md";

/// What the content folder holds, every path relative to it, in sorted order.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub reports: Vec<PathBuf>,
    pub intro: Option<PathBuf>,
    /// Screenshots, log excerpts and other files published with the reports.
    pub assets: Vec<PathBuf>,
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

/// Walks `content_dir` recursively in sorted order, following symbolic links (loops are
/// reported, never followed forever).
pub fn discover(content_dir: &Path) -> Content {
    let mut content = Content::default();
    // Sorted once at the end rather than folder by folder: walkdir's sort asks each entry's
    // name anew at every comparison.
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
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
                content.unreadable.push((path, reason));
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
        } else {
            content.assets.push(relative);
        }
    }
    content.reports.sort_unstable_by(|a, b| walk_order(a, b));
    content.assets.sort_unstable_by(|a, b| walk_order(a, b));
    content
        .unreadable
        .sort_unstable_by(|a, b| walk_order(&a.0, &b.0).then_with(|| a.1.cmp(&b.1)));
    content
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
