//! The terminal's [`Reporter`]: what the preview, `build` and `build --watch` say while they
//! run, progress on stdout and the rest on stderr.

use incidex::check::display_path;
use incidex::config::CONFIG_FILE;
use incidex::diagnostic::summary_line;
use incidex::diagnostic::{Diagnostic, Format, Sources, render_all};
use incidex::error::BuildError;
use incidex::reporter::{Notice, Progress, Reporter};
use incidex::text::plural;

use super::{print_diagnostics, print_fatal};

/// Prints to the terminal, in colour when `color`.
pub struct Terminal {
    pub color: bool,
}

impl Reporter for Terminal {
    fn notice(&self, notice: Notice<'_>) {
        match notice {
            Notice::Replaced { output, files } => tell!(
                "note: --force: writing into `{}`, which incidex did not create; files of other names are kept; {} replaced{}",
                display_path(output).display(),
                plural(files.len(), "file"),
                if files.is_empty() {
                    String::new()
                } else {
                    format!(": {}", files.join(", "))
                }
            ),
            Notice::NoBaseUrl => tell!(
                "warning: no base URL: canonical links, feeds and the sitemap are left out\n  = help: set `base_url` in {CONFIG_FILE} or pass `--base-url https://…`"
            ),
            Notice::OutputWarning(warning) => tell!("warning: {warning}"),
            Notice::Polling { reason } => tell!(
                "warning: cannot watch the files for changes ({reason}); checking them every second instead\n  = help: on Linux, raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288`"
            ),
            Notice::WatcherError(error) => tell!("warning: file watcher: {error}"),
            Notice::Reachable { address } => tell!(
                "warning: the preview is reachable from the network at {address}: anyone who can reach this address can read the archive, drafts included, under any host name\n  = help: leave out `--bind` to keep it on this machine"
            ),
            Notice::NoBrowser { url } => {
                tell!("warning: cannot open a browser; open {url} yourself")
            }
        }
    }

    fn progress(&self, progress: Progress<'_>) {
        match progress {
            Progress::Serving { url } => say!("Serving the archive at {url} (Ctrl-C to stop)"),
            Progress::Watching => tell!("watching for changes (Ctrl-C to stop)"),
            Progress::Rebuilding { change } => tell!("{change}: rebuilding"),
            Progress::PreviewReady { reports, took } => say!(
                "{} ready in {} ms",
                plural(reports, "report"),
                took.as_millis()
            ),
            Progress::PreviewKept => tell!("the preview keeps showing the last good build"),
            Progress::Written { summary, took } => {
                say!("{summary} in {} ms", took.as_millis())
            }
            Progress::OutputKept => tell!("the output folder keeps the last good build"),
            Progress::NothingWritten {
                checked,
                errors,
                warnings,
            } => tell!(
                "{}; nothing was written",
                summary_line(checked, errors, warnings)
            ),
        }
    }

    fn diagnostics(&self, diagnostics: &[Diagnostic], sources: &dyn Sources) {
        let mut err = std::io::stderr().lock();
        let _ = render_all(&mut err, diagnostics, Format::Human, sources, self.color);
    }

    fn failure(&self, error: &BuildError) {
        match error {
            BuildError::Site(e) => print_diagnostics(
                &e.diagnostics,
                incidex::diagnostic::Format::Human,
                self.color,
            ),
            BuildError::Fatal(e) | BuildError::Interrupted(Some(e)) => print_fatal(e, self.color),
            BuildError::Reports | BuildError::Interrupted(None) => {}
        }
    }
}
