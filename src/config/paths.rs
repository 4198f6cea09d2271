//! Paths of the configuration that must stay inside the site root: absolute paths, `..`
//! and symbolic links that lead out.

use std::path::{Component, Path, PathBuf};

use super::CONFIG_FILE;

/// How a path of the configuration leaves the site root.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Escape {
    Absolute,
    /// Through `..`.
    Up,
    /// Through a symbolic link, to this place.
    Link(PathBuf),
}

/// Where `root/incidex.yaml` points when it is a symbolic link that resolves outside the
/// site root or into a hidden entry of it (`.git/config`); None for a plain file, a link
/// inside, or no file.
pub(super) fn linked_out(root: &Path) -> Option<PathBuf> {
    let path = root.join(CONFIG_FILE);
    if !std::fs::symlink_metadata(&path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let target = std::fs::read_link(&path).unwrap_or_default();
    let inside = std::fs::canonicalize(root).ok().and_then(|root| {
        let resolved = std::fs::canonicalize(&path).ok()?;
        let relative = resolved.strip_prefix(&root).ok()?.to_path_buf();
        let hidden = relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        (!hidden).then_some(())
    });
    inside.is_none().then_some(target)
}

/// How `path` (relative to `root`) leads outside the site root, if it does: an absolute path,
/// a `..` above the root, or a link (the longest part of it that exists, resolved, must lie
/// inside the resolved root).
pub(super) fn leaves_root(root: &Path, path: &Path) -> Option<Escape> {
    if path.has_root() || path.is_absolute() {
        return Some(Escape::Absolute);
    }
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return Some(Escape::Up),
            },
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    let root = std::fs::canonicalize(root).ok()?;
    // A link that leads nowhere counts: the folder would be created where it points.
    let mut existing = root.join(path);
    while std::fs::symlink_metadata(&existing).is_err() {
        existing = existing.parent()?.to_path_buf();
    }
    match std::fs::canonicalize(&existing) {
        Ok(resolved) if resolved.starts_with(&root) => None,
        Ok(resolved) => Some(Escape::Link(resolved)),
        Err(_) => Some(Escape::Link(
            std::fs::read_link(&existing).unwrap_or(existing),
        )),
    }
}
