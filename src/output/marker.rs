//! The `.incidex` marker (the files a build wrote) and the inputs fingerprint kept outside the site for the no-change fast path.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::place::Places;
use super::{MARKER, STAGING};

const MARKER_HEADER: &str =
    "# Written by incidex: the files below are removed or replaced by the next build.\n";

/// The line earlier versions kept the inputs' hash on; its presence also says that such a
/// version may have left `.name.incidex-tmp` files next to its pages.
const OLD_INPUTS_LINE: &str = "# inputs: ";

/// The marker of an output folder, as read (a link or anything but a regular file is no
/// marker: never read through a link).
pub struct Marker {
    pub text: String,
    pub modified: Option<SystemTime>,
}

impl Marker {
    pub fn read(output: &Path) -> Option<Marker> {
        let places = Places::new(output);
        let meta = places.file(MARKER).ok()??;
        let bytes = places.read(MARKER, &meta)?;
        Some(Marker {
            text: String::from_utf8(bytes).ok()?,
            modified: meta.modified().ok(),
        })
    }

    /// Its entries, as written (some may be unsafe: see [`entry_is_inside`]).
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
    }

    /// Written by an earlier version of incidex (which kept temporary files next to pages).
    pub fn is_old_style(&self) -> bool {
        self.text.lines().any(|l| l.starts_with(OLD_INPUTS_LINE))
    }
}

/// The marker listing `paths` (sorted, unique): its bytes depend on nothing else, so two
/// builds that write the same files leave the same marker.
pub fn marker_text<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let mut text = String::from(MARKER_HEADER);
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// A path from the marker may only name a file inside the output folder, and none of
/// incidex's own working files.
pub fn entry_is_inside(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains('\\')
        && !path
            .split('/')
            .any(|part| part == ".." || part == "." || part.is_empty())
        && path != MARKER
        && path.split('/').next() != Some(STAGING)
}

/// Writes `text` as the marker of `output`, all at once: written in `staging` (a folder of
/// the output's file system), then renamed over the old one (a link there is replaced, never
/// followed).
pub fn write_marker(output: &Path, staging: &Path, text: &str) -> std::io::Result<()> {
    let next = staging.join("marker");
    let _ = std::fs::remove_file(&next);
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&next)?;
    file.write_all(text.as_bytes())?;
    drop(file);
    std::fs::rename(&next, output.join(MARKER))
}

/// The file outside the site that remembers the inputs of the last build into `output`:
/// `$XDG_CACHE_HOME/incidex/<hash of the output's canonical path>`, else `~/.cache/incidex/…`.
fn fingerprint_file(output: &Path) -> Option<(PathBuf, String)> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|home| home.join(".cache"))
        })?;
    let canonical = output.canonicalize().ok()?;
    let shown = canonical.to_string_lossy().into_owned();
    let name = format!("{:016x}", crate::hash::quick_hash(&shown));
    Some((base.join("incidex").join(name), shown))
}

fn fingerprint_text(output: &str, inputs: &str, marker: &Marker) -> String {
    let modified = marker
        .modified
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!(
        "# incidex: the inputs of the last build into the folder below (deleting this file is harmless)\noutput {output}\ninputs {inputs}\nmarker {:016x} {modified}\n",
        crate::hash::quick_hash(&marker.text)
    )
}

/// Remembers that the build with the hash `inputs` wrote exactly what the marker of `output`
/// lists now. Best effort: without a cache folder, the next build is simply a full one.
pub fn remember_inputs(output: &Path, inputs: &str) {
    let (Some((file, shown)), Some(marker)) = (fingerprint_file(output), Marker::read(output))
    else {
        return;
    };
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Written under a name of its own, then renamed: a link at the final name is replaced,
    // never written through.
    let next = file.with_extension(format!("{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&next);
    let written = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&next)
        .and_then(|mut f| f.write_all(fingerprint_text(&shown, inputs, &marker).as_bytes()));
    if written.and_then(|_| std::fs::rename(&next, &file)).is_err() {
        let _ = std::fs::remove_file(&next);
    }
}

/// Forgets the inputs of `output`'s last build: its files are about to change.
pub fn forget_inputs(output: &Path) {
    if let Some((file, _)) = fingerprint_file(output) {
        let _ = std::fs::remove_file(file);
    }
}

/// When the output folder holds the complete result of a build with the same `inputs` hash,
/// untouched since (the marker is the one that build wrote, every file it lists is there,
/// reached without a link, and none is newer than the marker): the number of files and of
/// pages; a build can then stop there without rewriting anything.
pub fn unchanged_build(output: &Path, inputs: &str) -> Option<(usize, usize)> {
    let (file, shown) = fingerprint_file(output)?;
    let marker = Marker::read(output)?;
    let written = marker.modified?;
    let remembered = std::fs::read_to_string(file).ok()?;
    if remembered != fingerprint_text(&shown, inputs, &marker) {
        return None;
    }
    let paths: Vec<&str> = marker.entries().collect();
    let places = Places::new(output);
    let intact = paths.par_iter().all(|path| {
        entry_is_inside(path)
            && places.folders_of(path) == Ok(None)
            && places
                .file(path)
                .ok()
                .flatten()
                .is_some_and(|m| m.modified().is_ok_and(|t| t <= written))
    });
    intact.then(|| {
        let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
        (paths.len(), pages)
    })
}

/// The entries of the marker an earlier build left, sorted; the unsafe ones are left out, each
/// with a warning.
pub fn previous_files(marker: Option<&Marker>, warnings: &mut Vec<String>) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for entry in marker.iter().flat_map(|m| m.entries()) {
        if entry_is_inside(entry) {
            files.insert(entry.to_string());
        } else {
            warnings.push(format!(
                "`{MARKER}` lists `{entry}`, which is not a file incidex writes inside the output folder: ignored"
            ));
        }
    }
    files
}

/// Removes what a build stopped by a signal, a crash or `kill -9` left: the staging folder
/// (never following a link), and the `.name.incidex-tmp` files of earlier versions next to
/// the pages their marker lists.
pub fn clear_leftovers(output: &Path) -> std::io::Result<()> {
    let staging = output.join(STAGING);
    match std::fs::symlink_metadata(&staging) {
        // remove_dir_all removes links inside, never what they point to.
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&staging)?,
        Ok(_) => std::fs::remove_file(&staging)?,
        Err(_) => {}
    }
    if let Some(marker) = Marker::read(output).filter(Marker::is_old_style) {
        remove_old_temporary_files(output, &marker);
    }
    Ok(())
}

fn remove_old_temporary_files(output: &Path, marker: &Marker) {
    let places = Places::new(output);
    let folders: BTreeSet<&str> = marker
        .entries()
        .filter(|e| entry_is_inside(e) && places.folders_of(e) == Ok(None))
        .map(|e| e.rsplit_once('/').map_or("", |(folder, _)| folder))
        .collect();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(output.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.starts_with('.') && name.ends_with(".incidex-tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
