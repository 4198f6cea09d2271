//! Writing the site: only into a folder incidex owns, unchanged files untouched, all or nothing.

mod interrupt;
mod marker;
mod place;
mod sink;
mod staging;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;

pub use interrupt::{install as stop_cleanly_on_signals, interrupted};
use marker::Marker;
pub use marker::{clear_leftovers, remember_inputs, unchanged_build};
pub use sink::{Memory, OutputFile, Sink};
pub use staging::Staging;

/// The mark of an output folder incidex created; it lists the files incidex wrote there.
pub const MARKER: &str = ".incidex";

/// The folder, inside the output folder, where a build writes its new and changed files
/// before renaming them into place (same file system, so a rename moves them).
pub const STAGING: &str = ".incidex-staging";

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files whose bytes changed (or are new).
    pub written: usize,
    pub unchanged: usize,
    /// Stale files of an earlier build, removed.
    pub removed: usize,
    /// Entries of the marker that were left alone (outside the folder, or reached through a
    /// link), one sentence each.
    pub warnings: Vec<String>,
}

/// Why the site was not written (exit code 2).
#[derive(Debug)]
pub struct OutputError {
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OutputError {}

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
    if out.is_dir() {
        if holds_foreign_files(&out) && !force {
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

fn io_error(what: &str, path: &Path, e: std::io::Error) -> OutputError {
    OutputError {
        message: format!("cannot {what} `{}`: {e}", path.display()),
        help: None,
    }
}

/// The folder holds files, and no marker says incidex wrote them (its own staging folder, left
/// by an interrupted first build, does not count).
pub(crate) fn holds_foreign_files(output: &Path) -> bool {
    if Marker::read(output).is_some() {
        return false;
    }
    match std::fs::read_dir(output) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .any(|e| e.file_name() != STAGING),
        Err(_) => true,
    }
}

/// Writes `files` into `output` at once (see [`Staging`]).
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteSummary, OutputError> {
    let staging = Staging::new(output)?;
    files
        .par_iter()
        .try_for_each(|file| staging.put(file.clone()))?;
    staging.commit()
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
                removed: 0,
                warnings: Vec::new(),
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
                removed: 1,
                warnings: Vec::new(),
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
    fn changed_and_new_files_in_old_and_new_folders_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/x.html", "1"), file("top.html", "1")]).unwrap();
        let summary = write_site(
            &out,
            &[
                file("a/x.html", "2"),
                file("a/y.html", "new"),
                file("a/b/c/z.html", "deep"),
                file("top.html", "1"),
            ],
        )
        .unwrap();
        assert_eq!((summary.written, summary.unchanged), (3, 1));
        for (path, text) in [
            ("a/x.html", "2"),
            ("a/y.html", "new"),
            ("a/b/c/z.html", "deep"),
            ("top.html", "1"),
        ] {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), text);
        }
        assert!(!out.join(STAGING).exists());
        assert_eq!(
            std::fs::read_to_string(out.join(MARKER)).unwrap(),
            marker::marker_text(["a/b/c/z.html", "a/x.html", "a/y.html", "top.html"])
        );
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
            Sink::put(&staging, f).unwrap();
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
        assert!(!out.join(STAGING).exists(), "the staging folder is removed");
    }
}
