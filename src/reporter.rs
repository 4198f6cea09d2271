//! What long work says while it runs (a build's notices, the preview's and `build --watch`'s
//! progress): the library tells a [`Reporter`], the commands print.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use crate::diagnostic::{Diagnostic, Sources};
use crate::error::BuildError;

/// Something worth knowing that does not stop the work.
#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    /// `build --force` wrote into a folder incidex did not create, replacing these files.
    Replaced {
        output: &'a Path,
        files: &'a [String],
    },
    /// No base URL: canonical links, feeds and the sitemap are left out.
    NoBaseUrl,
    /// A sentence of the output folder's writer (an entry of its marker left alone).
    OutputWarning(&'a str),
    /// The system's file watcher cannot be used: the sources are checked every second.
    Polling { reason: &'a str },
    /// The file watcher lost track of some changes.
    WatcherError(&'a str),
    /// The preview listens on an address other machines can reach.
    Reachable { address: SocketAddr },
    /// No browser could be opened on the preview.
    NoBrowser { url: &'a str },
}

/// Where the preview or `build --watch` stands.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The preview listens at `url`.
    Serving { url: &'a str },
    /// `build --watch` built once and now waits for changes.
    Watching,
    /// Sources changed (`change` says which): a rebuild starts.
    Rebuilding { change: &'a str },
    /// The preview shows a new build of `reports` reports.
    PreviewReady { reports: usize, took: Duration },
    /// A rebuild failed: the preview keeps showing the last good build.
    PreviewKept,
    /// `build --watch` wrote the site; `summary` says what it wrote.
    Written { summary: &'a str, took: Duration },
    /// A rebuild failed: the output folder keeps the last good build.
    OutputKept,
    /// The reports need fixing: nothing was written.
    NothingWritten {
        checked: usize,
        errors: usize,
        warnings: usize,
    },
}

/// Receives what long work says, in order.
pub trait Reporter {
    fn notice(&self, notice: Notice<'_>);
    fn progress(&self, progress: Progress<'_>);
    /// The diagnostics of the reports of a build.
    fn diagnostics(&self, diagnostics: &[Diagnostic], sources: &dyn Sources);
    /// What stopped a build.
    fn failure(&self, error: &BuildError);
}
