//! Where a file goes below the output folder: every folder on the way checked once, no link followed.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why a place below the output folder cannot be written or removed: a link, or something
/// else where a folder or a file is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// The path in the way, as shown to the user (the output folder joined with it).
    pub place: PathBuf,
    /// What is wrong there, e.g. "is a link (to `/tmp/x`)".
    pub what: String,
    /// It is a symbolic link (a warning, rather than an error, for a marker entry).
    pub link: bool,
}

impl Blocked {
    pub fn describe(&self) -> String {
        format!("`{}` {}", self.place.display(), self.what)
    }
}

/// The folders below one output folder, checked as paths ask for them and remembered, so that
/// 10,000 pages in 10,000 folders cost one look at each folder.
pub struct Places {
    output: PathBuf,
    /// The output folder's file system: a folder mounted from another cannot take a rename.
    device: Option<u64>,
    /// Folders already looked at: true when they exist as real folders, false when absent.
    folders: Mutex<HashMap<String, bool>>,
}

impl Places {
    /// `output` itself may be a link (the user's choice); only what lies below it is checked.
    pub fn new(output: &Path) -> Places {
        Places {
            output: output.to_path_buf(),
            device: std::fs::metadata(output).ok().and_then(|m| device(&m)),
            folders: Mutex::default(),
        }
    }

    fn known(&self, folder: &str) -> Option<bool> {
        let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders.get(folder).copied()
    }

    fn remember(&self, folder: &str, exists: bool) {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders.insert(folder.to_string(), exists);
    }

    /// Checks every folder on the way to `path` (relative, `/`-separated): each is a real
    /// folder on the output's file system, or absent. Returns the topmost absent one, if any
    /// (everything below it is absent too).
    pub fn folders_of<'a>(&self, path: &'a str) -> Result<Option<&'a str>, Blocked> {
        for (end, _) in path.match_indices('/') {
            let folder = &path[..end];
            match self.known(folder) {
                Some(true) => continue,
                Some(false) => return Ok(Some(folder)),
                None => {}
            }
            let exists = self.look_at_folder(folder)?;
            self.remember(folder, exists);
            if !exists {
                return Ok(Some(folder));
            }
        }
        Ok(None)
    }

    /// One folder, its own entry only (never through a link): true when it is a folder.
    fn look_at_folder(&self, folder: &str) -> Result<bool, Blocked> {
        let place = self.output.join(folder);
        let meta = match std::fs::symlink_metadata(&place) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(blocked(place, format!("cannot be read: {e}"))),
        };
        if meta.file_type().is_symlink() {
            return Err(link(place));
        }
        if !meta.is_dir() {
            return Err(blocked(
                place,
                "is a file, where the build needs a folder".into(),
            ));
        }
        if self.device.is_some() && device(&meta) != self.device {
            return Err(blocked(
                place,
                "is on another file system than the output folder".into(),
            ));
        }
        Ok(true)
    }

    /// The file at `path` (its folders checked by [`Places::folders_of`]): None when absent,
    /// its metadata when it is a regular file; anything else blocks it.
    pub fn file(&self, path: &str) -> Result<Option<Metadata>, Blocked> {
        let place = self.output.join(path);
        let meta = match std::fs::symlink_metadata(&place) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(blocked(place, format!("cannot be read: {e}"))),
        };
        if meta.file_type().is_symlink() {
            Err(link(place))
        } else if meta.is_dir() {
            Err(blocked(
                place,
                "is a folder, where the build writes a file".into(),
            ))
        } else if !meta.is_file() {
            Err(blocked(place, "is not a regular file".into()))
        } else {
            Ok(Some(meta))
        }
    }

    /// The bytes of the regular file `meta` describes at `path`, or None when it cannot be
    /// read or is no longer that file (replaced by a link meanwhile: never read through one).
    pub fn read(&self, path: &str, meta: &Metadata) -> Option<Vec<u8>> {
        let mut file = std::fs::File::open(self.output.join(path)).ok()?;
        let opened = file.metadata().ok()?;
        if !same_file(meta, &opened) {
            return None;
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

fn blocked(place: PathBuf, what: String) -> Blocked {
    Blocked {
        place,
        what,
        link: false,
    }
}

fn link(place: PathBuf) -> Blocked {
    let target = std::fs::read_link(&place)
        .map(|t| format!(" (to `{}`)", t.display()))
        .unwrap_or_default();
    Blocked {
        what: format!("is a link{target}, and incidex never writes or removes through a link"),
        place,
        link: true,
    }
}

#[cfg(unix)]
fn device(meta: &Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.dev())
}

#[cfg(not(unix))]
fn device(_: &Metadata) -> Option<u64> {
    None
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino() && b.is_file()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, b: &Metadata) -> bool {
    b.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_files_in_the_way_are_named_absent_folders_found() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("real/inner")).unwrap();
        std::fs::create_dir_all(dir.path().join("foreign")).unwrap();
        std::fs::write(out.join("file"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("foreign"), out.join("link")).unwrap();
        let places = Places::new(&out);
        assert_eq!(places.folders_of("real/inner/a.html"), Ok(None));
        assert_eq!(
            places.folders_of("real/new/deeper/a.html"),
            Ok(Some("real/new"))
        );
        assert_eq!(places.folders_of("new/a.html"), Ok(Some("new")));
        assert_eq!(places.folders_of("top.html"), Ok(None));
        let e = places.folders_of("file/a.html").unwrap_err();
        assert!(e.describe().contains("is a file"), "{}", e.describe());
        #[cfg(unix)]
        {
            let e = places.folders_of("link/a.html").unwrap_err();
            assert!(e.link);
            assert!(e.describe().contains("foreign"), "{}", e.describe());
            assert!(places.file("link").unwrap_err().link);
        }
        let e = places.file("real").unwrap_err();
        assert!(e.describe().contains("is a folder"), "{}", e.describe());
        assert!(places.file("file").unwrap().is_some());
        assert!(places.file("absent").unwrap().is_none());
    }
}
