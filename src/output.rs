//! Writing the site: only into a folder incidex owns, unchanged files untouched, all or nothing.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::Config;
use crate::render::OutputFile;

/// The mark of an output folder incidex created; it lists the files incidex wrote there.
pub const MARKER: &str = ".incidex";

const MARKER_HEADER: &str =
    "# Written by incidex: the files below are removed or replaced by the next build.\n";

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files whose bytes changed (or are new).
    pub written: usize,
    pub unchanged: usize,
    /// Stale files of an earlier build, removed.
    pub removed: usize,
}

/// Why the site was not written (exit code 2).
#[derive(Debug)]
pub struct OutputError {
    pub message: String,
    pub help: Option<String>,
}

fn refuse(message: String, help: &str) -> OutputError {
    OutputError {
        message,
        help: Some(help.to_string()),
    }
}

/// An absolute, normalised form of `path`, resolving symbolic links of the part that exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Canonicalise the longest existing ancestor, then append the rest.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Refuses an output folder that would destroy the user's files: the site root, the content or
/// theme folder, a parent of one of them, a folder inside them, `/`, the home folder, or a
/// non-empty folder incidex did not create.
pub fn guard(output: &Path, config: &Config, force: bool) -> Result<(), OutputError> {
    let out = resolved(output);
    let shown = output.display();
    let mut protected = vec![
        ("the site root", resolved(&config.root)),
        ("the content folder", resolved(&config.content_path())),
    ];
    if let Some(theme) = &config.theme {
        protected.push((
            "the theme folder",
            resolved(&config.root.join("themes").join(theme)),
        ));
    }
    let help = "choose a folder of its own for the site, e.g. `public` (the default)";
    for (name, place) in &protected {
        if &out == place {
            return Err(refuse(
                format!("the output folder `{shown}` is {name}"),
                help,
            ));
        }
        if place.starts_with(&out) {
            return Err(refuse(
                format!("the output folder `{shown}` contains {name}"),
                help,
            ));
        }
        if *name != "the site root" && out.starts_with(place) {
            return Err(refuse(
                format!("the output folder `{shown}` is inside {name}"),
                help,
            ));
        }
    }
    if out.parent().is_none() {
        return Err(refuse(
            format!("the output folder `{shown}` is the file system's root"),
            help,
        ));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && resolved(&home) == out
    {
        return Err(refuse(
            format!("the output folder `{shown}` is your home folder"),
            help,
        ));
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let non_empty = std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
        if non_empty && !force {
            return Err(refuse(
                format!("the output folder `{shown}` holds files incidex did not write"),
                "choose another folder, or pass `--force` to let incidex write there (it keeps files of other names)",
            ));
        }
    } else if out.exists() && !out.is_dir() {
        return Err(refuse(
            format!("the output `{shown}` is a file, not a folder"),
            help,
        ));
    }
    Ok(())
}

const INPUTS_LINE: &str = "# inputs: ";

/// When the output folder holds the complete result of a build with the same `inputs` hash,
/// untouched since (every file it lists is there and none is newer than the marker): the
/// number of files and of pages; a build can then stop there without rewriting anything.
pub fn unchanged_build(output: &Path, inputs: &str) -> Option<(usize, usize)> {
    let marker = output.join(MARKER);
    let written = std::fs::metadata(&marker).ok()?.modified().ok()?;
    let text = std::fs::read_to_string(&marker).ok()?;
    let mut lines = text.lines();
    let recorded = lines.find_map(|l| l.strip_prefix(INPUTS_LINE))?;
    if recorded != inputs {
        return None;
    }
    let paths: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let intact = paths.par_iter().all(|path| {
        is_inside(path)
            && std::fs::metadata(output.join(path))
                .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t <= written))
    });
    intact.then(|| {
        let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
        (paths.len(), pages)
    })
}

/// The files an earlier build wrote, from the marker.
fn previous_files(output: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(output.join(MARKER))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter(|l| is_inside(l))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A path from the marker may only name a file inside the output folder.
fn is_inside(path: &str) -> bool {
    !path.starts_with('/') && !path.split('/').any(|part| part == ".." || part.is_empty())
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> OutputError {
    OutputError {
        message: format!("cannot {what} `{}`: {e}", path.display()),
        help: None,
    }
}

/// A build being written into an output folder (checked by [`guard`] first): each file is
/// written as soon as it is rendered, a changed one under a temporary name, a new one under its
/// own; [`Staging::commit`] renames the changed ones into place, removes the stale files of the
/// earlier build and rewrites the marker. Dropped without a commit (a failed build), it removes
/// its temporary and new files: the previous site stays whole.
pub struct Staging {
    output: PathBuf,
    /// The folder existed without a marker: `--force` adopted it.
    adopted: bool,
    /// The folder did not exist: a failed first build removes it again.
    created: bool,
    state: Mutex<StagingState>,
    committed: bool,
    /// The hash of the build's inputs, kept in the marker (see [`unchanged_build`]).
    inputs: Option<String>,
}

#[derive(Default)]
struct StagingState {
    /// Changed files: (temporary, final).
    staged: Vec<(PathBuf, PathBuf)>,
    /// New files, written under their own name: no earlier file to keep in place.
    created: Vec<PathBuf>,
    /// Every file of the build, for the marker.
    paths: Vec<String>,
    unchanged: usize,
    /// In an adopted folder, the files of the user's that this build replaces.
    replaced: Vec<String>,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let created = !output.exists();
        std::fs::create_dir_all(output).map_err(|e| io_error("create", output, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            adopted: !created
                && !output.join(MARKER).is_file()
                && std::fs::read_dir(output).is_ok_and(|mut d| d.next().is_some()),
            created,
            state: Mutex::new(StagingState::default()),
            committed: false,
            inputs: None,
        })
    }

    /// Records the hash of the build's inputs in the marker.
    pub fn with_inputs(mut self, inputs: &str) -> Staging {
        self.inputs = Some(inputs.to_string());
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, StagingState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The files of the user's that the build replaces in a folder adopted with `--force`
    /// (sorted); None for incidex's own folder.
    pub fn replaced(&self) -> Option<Vec<String>> {
        if !self.adopted {
            return None;
        }
        let mut replaced = self.state().replaced.clone();
        replaced.sort();
        Some(replaced)
    }

    /// Puts every staged file into place, removes the earlier build's stale files and writes
    /// the marker.
    pub fn commit(mut self) -> Result<WriteSummary, OutputError> {
        let output = self.output.clone();
        let previous = previous_files(&output);
        let mut state = std::mem::take(&mut *self.state());
        let mut summary = WriteSummary {
            unchanged: state.unchanged,
            written: state.created.len(),
            ..WriteSummary::default()
        };
        state.staged.sort();
        for (i, (tmp, target)) in state.staged.iter().enumerate() {
            if let Err(e) = std::fs::rename(tmp, target) {
                // What is left and the new files are removed; what was renamed stays (the
                // newer file of each).
                let mut left = self.state();
                left.staged = state.staged[i..].to_vec();
                left.created = std::mem::take(&mut state.created);
                drop(left);
                return Err(io_error("write", target, e));
            }
            summary.written += 1;
        }
        self.committed = true;

        state.paths.sort();
        let current: BTreeSet<&str> = state.paths.iter().map(String::as_str).collect();
        for stale in previous.iter().filter(|p| !current.contains(p.as_str())) {
            let path = output.join(stale);
            if std::fs::remove_file(&path).is_ok() {
                summary.removed += 1;
                remove_empty_folders(&path, &output);
            }
        }

        let mut marker = String::from(MARKER_HEADER);
        if let Some(inputs) = &self.inputs {
            marker.push_str(INPUTS_LINE);
            marker.push_str(inputs);
            marker.push('\n');
        }
        for path in &state.paths {
            marker.push_str(path);
            marker.push('\n');
        }
        let marker_path = output.join(MARKER);
        // Written after every change, so that it is newer than every file of the build.
        if summary.written > 0
            || summary.removed > 0
            || std::fs::read_to_string(&marker_path).ok().as_deref() != Some(marker.as_str())
        {
            std::fs::write(&marker_path, marker).map_err(|e| io_error("write", &marker_path, e))?;
        }
        Ok(summary)
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        let target = self.output.join(&file.path);
        // A folder this build created holds only the files it writes, each once.
        let existing = if self.created {
            None
        } else {
            std::fs::symlink_metadata(&target).ok()
        };
        if existing
            .as_ref()
            .is_some_and(|m| m.len() == file.bytes.len() as u64)
            && std::fs::read(&target).is_ok_and(|old| old == *file.bytes)
        {
            let mut state = self.state();
            state.unchanged += 1;
            state.paths.push(file.path);
            return Ok(());
        }
        if existing.is_none() {
            // Nothing to keep in place: the file goes straight under its name (never over a
            // file that appeared meanwhile), and is removed again if the build fails.
            let result = target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|_| {
                    let mut f = std::fs::File::options()
                        .write(true)
                        .create_new(true)
                        .open(&target)?;
                    f.write_all(&file.bytes)?;
                    f.flush()
                });
            let mut state = self.state();
            if let Err(e) = result {
                drop(state);
                return Err(io_error("write", &target, e));
            }
            state.created.push(target);
            state.paths.push(file.path);
            return Ok(());
        }
        let existed = self.adopted;
        let tmp = temporary_name(&target);
        let result = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| {
                let mut f = std::fs::File::create(&tmp)?;
                f.write_all(&file.bytes)?;
                f.flush()
            });
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            remove_empty_folders(&tmp, &self.output);
            return Err(io_error("write", &target, e));
        }
        let mut state = self.state();
        state.staged.push((tmp, target));
        if existed {
            state.replaced.push(file.path.clone());
        }
        state.paths.push(file.path);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let state = std::mem::take(&mut *self.state());
        for file in state
            .staged
            .iter()
            .map(|(tmp, _)| tmp)
            .chain(&state.created)
        {
            let _ = std::fs::remove_file(file);
            remove_empty_folders(file, &self.output);
        }
        if self.created {
            let _ = std::fs::remove_dir(&self.output);
        }
    }
}

/// Removes the folders that `removed`'s removal left empty, up to (not including) `output`.
fn remove_empty_folders(removed: &Path, output: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Writes `files` into `output` at once (see [`Staging`]).
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteSummary, OutputError> {
    use crate::render::Sink;
    let staging = Staging::new(output)?;
    files
        .par_iter()
        .try_for_each(|file| staging.put(file.clone()))?;
    staging.commit()
}

fn temporary_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.incidex-tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec().into(),
        }
    }

    fn site(dir: &Path) -> Config {
        let mut config = Config::defaults(dir);
        config.content_dir = PathBuf::from("content");
        std::fs::create_dir_all(dir.join("content")).unwrap();
        config
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_stale_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write_site(
            &out,
            &[file("index.html", "a"), file("incidents/x/index.html", "x")],
        )
        .unwrap();
        assert_eq!(
            first,
            WriteSummary {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let mtime = std::fs::metadata(out.join("index.html"))
            .unwrap()
            .modified()
            .unwrap();
        let second = write_site(
            &out,
            &[file("index.html", "a"), file("stats/index.html", "s")],
        )
        .unwrap();
        assert_eq!(
            second,
            WriteSummary {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert_eq!(
            std::fs::metadata(out.join("index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            mtime
        );
        assert!(
            !out.join("incidents").exists(),
            "the emptied folder is removed"
        );
        assert!(out.join("stats/index.html").is_file());
    }

    #[test]
    fn files_incidex_did_not_write_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "a")]).unwrap();
        std::fs::write(out.join("CNAME"), "x").unwrap();
        write_site(&out, &[file("other.html", "b")]).unwrap();
        assert!(out.join("CNAME").is_file());
        assert!(!out.join("index.html").exists());
    }

    #[test]
    fn a_marker_cannot_make_incidex_delete_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(dir.path().join("precious.txt"), "x").unwrap();
        std::fs::write(out.join(MARKER), "../precious.txt\n/etc/passwd\n").unwrap();
        write_site(&out, &[file("index.html", "a")]).unwrap();
        assert!(dir.path().join("precious.txt").is_file());
    }

    #[test]
    fn dangerous_output_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let config = site(dir.path());
        for bad in [
            dir.path().to_path_buf(),
            dir.path().join("content"),
            dir.path().join("content/sub"),
            PathBuf::from("/"),
        ] {
            assert!(guard(&bad, &config, false).is_err(), "{}", bad.display());
        }
        std::fs::create_dir_all(dir.path().join("mine")).unwrap();
        std::fs::write(dir.path().join("mine/notes.txt"), "x").unwrap();
        let e = guard(&dir.path().join("mine"), &config, false).unwrap_err();
        assert!(e.message.contains("did not write"), "{}", e.message);
        assert!(
            guard(&dir.path().join("mine"), &config, true).is_ok(),
            "--force adopts it"
        );
        assert!(
            guard(&dir.path().join("content"), &config, true).is_err(),
            "never the content folder"
        );
        let staging = Staging::new(&dir.path().join("mine")).unwrap();
        for f in [file("notes.txt", "y"), file("index.html", "z")] {
            crate::render::Sink::put(&staging, f).unwrap();
        }
        assert_eq!(staging.replaced(), Some(vec!["notes.txt".to_string()]));
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mine/notes.txt")).unwrap(),
            "x",
            "not committed: the user's file is untouched"
        );
        assert!(guard(&dir.path().join("public"), &config, false).is_ok());
        std::fs::create_dir_all(dir.path().join("empty")).unwrap();
        assert!(guard(&dir.path().join("empty"), &config, false).is_ok());
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "old")]).unwrap();
        // A file where the build needs a folder: the write fails (even for root).
        std::fs::write(out.join("blocker"), "x").unwrap();
        let result = write_site(
            &out,
            &[
                file("index.html", "new"),
                file("fresh/page.html", "new"),
                file("blocker/page.html", "new"),
            ],
        );
        let e = result.unwrap_err();
        assert!(e.message.contains("blocker"), "{}", e.message);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(
            !out.join("fresh").exists(),
            "a new page written before the failure is removed"
        );
        let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".incidex-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
