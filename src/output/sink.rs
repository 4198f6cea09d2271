//! Where a site's files go as they are made: one [`OutputFile`] at a time, into a [`Sink`] (the
//! output folder through [`super::Staging`], or [`Memory`]).

use std::sync::{Arc, Mutex};

use super::OutputError;

/// One file of the output, by its path relative to the output folder (`/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared: `serve` keeps unchanged pages from one rebuild to the next without copying them.
    pub bytes: Arc<Vec<u8>>,
}

/// Where the site's files go, one at a time and from several threads: the output folder
/// (`build`, see [`super::Staging`]) or memory (`serve`). Pages are handed over as soon
/// as they are made, so a build never holds the whole site in memory.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), OutputError>;
}

/// A sink that keeps the files in memory, for `serve` and tests.
#[derive(Default)]
pub struct Memory(Mutex<Vec<OutputFile>>);

impl Memory {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<(), OutputError> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}
