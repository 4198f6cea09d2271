//! A build being written: new and changed files go to a staging folder, then are renamed into place all together.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::interrupt::{self, Phase};
use super::marker::{self, Marker};
use super::place::{Blocked, Places};
use super::{MARKER, OutputError, OutputFile, STAGING, Sink, WriteSummary, io_error};

/// What the user reads after a refusal: it is true, since nothing was renamed yet.
const LEFT_AS_IT_WAS: &str = "the previous site was left as it was";

/// A build being written into an output folder (checked by [`super::guard`] first). Each file
/// is compared with the one in place as soon as it is made; a new or changed one is
/// written below `<output>/.incidex-staging/` after its place was checked (no link on the way,
/// no folder where a file goes): under a number in `files/` when its folder exists, at its
/// path below `site/` when its folder is new. [`Staging::commit`] then renames them into
/// place (a new folder whole). Dropped without a commit (a failed or interrupted build), it
/// removes the staging folder: the previous site was never touched.
pub struct Staging {
    output: PathBuf,
    /// `<output>/.incidex-staging`, made when the first file needs it.
    staging: PathBuf,
    made: OnceLock<Result<(), String>>,
    places: Places,
    /// The folder existed without a marker: `--force` adopted it.
    adopted: bool,
    /// The folder did not exist: nothing to compare with, and a failed first build removes it.
    created: bool,
    state: Mutex<StagingState>,
    /// The next number of a staged copy (see [`Staging::numbered`]).
    numbers: AtomicUsize,
    committed: bool,
}

#[derive(Default)]
struct StagingState {
    /// New or changed files whose folder exists in the output, each renamed on its own:
    /// (number of its staged copy, path).
    staged: Vec<(usize, String)>,
    /// Folders absent from the output (the topmost of each branch), renamed whole.
    new_folders: BTreeSet<String>,
    written: usize,
    /// Every file of the build, for the marker.
    paths: Vec<String>,
    unchanged: usize,
    /// In an adopted folder, the files of the user's that this build replaces.
    replaced: Vec<String>,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        if !interrupt::enter(Phase::Writing) {
            return Err(interrupted());
        }
        let created = std::fs::symlink_metadata(output).is_err();
        if let Err(e) = std::fs::create_dir_all(output) {
            interrupt::enter(Phase::Idle);
            return Err(io_error("create", output, e));
        }
        Ok(Staging {
            output: output.to_path_buf(),
            staging: output.join(STAGING),
            made: OnceLock::new(),
            places: Places::new(output),
            adopted: !created && super::holds_foreign_files(output),
            created,
            state: Mutex::new(StagingState::default()),
            numbers: AtomicUsize::new(0),
            committed: false,
        })
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

    /// The staged copy of a file that goes into a new folder: the folder is built below
    /// `site/` as it will be, then renamed whole.
    fn in_new_folder(&self, path: &str) -> PathBuf {
        self.staging.join("site").join(path)
    }

    /// The staged copy of a file whose folder exists, numbered `n`: one flat folder, so that
    /// staging it makes no folder and its rename leaves none behind to remove.
    fn numbered(&self, n: usize) -> PathBuf {
        self.staging.join("files").join(n.to_string())
    }

    /// Makes the staging folder once: new, so that nothing of an earlier build is mixed in.
    fn make_staging(&self) -> Result<(), OutputError> {
        let made = self.made.get_or_init(|| {
            std::fs::create_dir(&self.staging)
                .and_then(|_| std::fs::create_dir(self.staging.join("site")))
                .and_then(|_| std::fs::create_dir(self.staging.join("files")))
                .map_err(|e| e.to_string())
        });
        made.clone().map_err(|e| OutputError {
            message: format!("cannot create `{}`: {e}", self.staging.display()),
            help: Some(LEFT_AS_IT_WAS.into()),
        })
    }

    /// Where `file` goes: the topmost folder on its way that does not exist yet (None when
    /// they all exist) and the file in place, if any. A link or a misplaced file refuses it.
    fn place_of(&self, path: &str) -> Result<(Option<String>, Option<std::fs::Metadata>), Blocked> {
        if self.created {
            return Ok((path.split_once('/').map(|(top, _)| top.to_string()), None));
        }
        if let Some(folder) = self.places.folders_of(path)? {
            return Ok((Some(folder.to_string()), None));
        }
        Ok((None, self.places.file(path)?))
    }

    fn write_staged(
        &self,
        staged: &Path,
        file: &OutputFile,
        in_new_folder: bool,
    ) -> std::io::Result<()> {
        if in_new_folder && let Some(parent) = staged.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(staged)?;
        f.write_all(&file.bytes)?;
        f.flush()
    }

    /// Puts every staged file into place, removes the earlier build's stale files and writes
    /// the marker (see [`Staging`]). Before the first rename, the marker lists the files of
    /// both builds: a `kill -9` during the renames leaves only files the next build knows as
    /// its own, and it finishes the job.
    pub fn commit(mut self) -> Result<WriteSummary, OutputError> {
        if interrupt::interrupted() {
            return Err(interrupted());
        }
        let mut state = std::mem::take(&mut *self.state());
        let mut summary = WriteSummary {
            unchanged: state.unchanged,
            written: state.written,
            ..WriteSummary::default()
        };
        let marker = Marker::read(&self.output);
        let previous = marker::previous_files(marker.as_ref(), &mut summary.warnings);
        state.paths.sort();
        let current: BTreeSet<&str> = state.paths.iter().map(String::as_str).collect();
        let stale = self.stale_files(&previous, &current, &mut summary.warnings);
        let text = marker::marker_text(current.iter().copied());
        let same_marker = marker.as_ref().is_some_and(|m| m.text == text);
        if summary.written == 0 && stale.is_empty() && same_marker {
            return self.finish(summary);
        }
        self.make_staging()?;
        let both: BTreeSet<&str> = current
            .iter()
            .copied()
            .chain(stale.iter().map(String::as_str))
            .collect();
        let marker_path = self.output.join(MARKER);
        marker::write_marker(&self.output, &self.staging, &marker::marker_text(both)).map_err(
            |e| OutputError {
                help: Some(LEFT_AS_IT_WAS.into()),
                ..io_error("write", &marker_path, e)
            },
        )?;
        marker::forget_inputs(&self.output);
        // From here on a signal lets the build finish: stopping halfway would leave a mix.
        if !interrupt::enter(Phase::Placing) {
            return Err(interrupted());
        }
        self.rename_into_place(&state)?;
        self.committed = true;
        for path in &stale {
            let place = self.output.join(path);
            if std::fs::remove_file(&place).is_ok() {
                summary.removed += 1;
                remove_empty_folders(&place, &self.output);
            }
        }
        if stale.is_empty() {
            // The marker written above lists exactly this build's files.
        } else {
            marker::write_marker(&self.output, &self.staging, &text)
                .map_err(|e| io_error("write", &marker_path, e))?;
        }
        self.finish(summary)
    }

    fn finish(mut self, summary: WriteSummary) -> Result<WriteSummary, OutputError> {
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(summary)
    }

    /// The earlier build's files that this one does not write, and that can be removed: each
    /// reached without a link and a regular file (otherwise left alone, with a warning).
    fn stale_files(
        &self,
        previous: &BTreeSet<String>,
        current: &BTreeSet<&str>,
        warnings: &mut Vec<String>,
    ) -> Vec<String> {
        let mut stale = Vec::new();
        for path in previous.iter().filter(|p| !current.contains(p.as_str())) {
            let checked = self
                .places
                .folders_of(path)
                .and_then(|absent| match absent {
                    Some(_) => Ok(None),
                    None => self.places.file(path),
                });
            match checked {
                Ok(Some(_)) => stale.push(path.clone()),
                Ok(None) => {}
                Err(blocked) => warnings.push(format!(
                    "`{MARKER}` lists `{path}`, but {}: it was left alone",
                    blocked.describe()
                )),
            }
        }
        stale
    }

    /// Renames the staged files and new folders into place, in parallel (renames in different
    /// folders do not wait for each other).
    fn rename_into_place(&self, state: &StagingState) -> Result<(), OutputError> {
        let folders = state
            .new_folders
            .par_iter()
            .map(|path| (self.in_new_folder(path), path));
        let files = state
            .staged
            .par_iter()
            .map(|(n, path)| (self.numbered(*n), path));
        folders
            .chain(files)
            .try_for_each(|(staged, path)| {
                let target = self.output.join(path);
                std::fs::rename(staged, &target).map_err(|e| OutputError {
                    message: format!("cannot put `{}` in place: {e}", target.display()),
                    help: Some(format!(
                        "some files of this build are in place, others not; `{MARKER}` lists them all, and the next build finishes the job"
                    )),
                })
            })
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        if interrupt::interrupted() {
            return Err(interrupted());
        }
        let target = self.output.join(&file.path);
        if !marker::entry_is_inside(&file.path) {
            return Err(OutputError {
                message: format!(
                    "cannot write `{}`: not a path inside the output folder",
                    target.display()
                ),
                help: Some(LEFT_AS_IT_WAS.into()),
            });
        }
        let (new_folder, existing) = self.place_of(&file.path).map_err(|blocked| OutputError {
            message: if blocked.place == target {
                format!("cannot write `{}`: it {}", target.display(), blocked.what)
            } else {
                format!(
                    "cannot write `{}`: {}",
                    target.display(),
                    blocked.describe()
                )
            },
            help: Some(format!(
                "remove or rename `{}`, then build again; {LEFT_AS_IT_WAS}",
                blocked.place.display()
            )),
        })?;
        if let Some(meta) = &existing
            && meta.len() == file.bytes.len() as u64
            && self
                .places
                .read(&file.path, meta)
                .is_some_and(|old| old == *file.bytes)
        {
            let mut state = self.state();
            state.unchanged += 1;
            state.paths.push(file.path);
            return Ok(());
        }
        self.make_staging()?;
        let number = self.numbers.fetch_add(1, Ordering::Relaxed);
        let staged = match new_folder {
            Some(_) => self.in_new_folder(&file.path),
            None => self.numbered(number),
        };
        self.write_staged(&staged, &file, new_folder.is_some())
            .map_err(|e| OutputError {
                message: format!("cannot write `{}`: {e}", target.display()),
                help: Some(LEFT_AS_IT_WAS.into()),
            })?;
        let mut state = self.state();
        state.written += 1;
        match new_folder {
            Some(folder) => {
                state.new_folders.insert(folder);
            }
            None => state.staged.push((number, file.path.clone())),
        }
        if self.adopted && existing.is_some() {
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
        let _ = std::fs::remove_dir_all(&self.staging);
        if self.created {
            let _ = std::fs::remove_dir(&self.output);
        }
        interrupt::enter(Phase::Idle);
    }
}

/// Why a build stopped on a signal.
fn interrupted() -> OutputError {
    OutputError {
        message: "the build was interrupted".into(),
        help: Some(format!(
            "{LEFT_AS_IT_WAS}; its temporary files were removed"
        )),
    }
}

/// Removes the folders that `removed`'s removal left empty, up to (not including) `output`.
/// `remove_dir` never follows a link: it fails on one.
fn remove_empty_folders(removed: &Path, output: &Path) {
    let mut dir = removed.parent();
    while let Some(d) = dir {
        if d == output || !d.starts_with(output) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
