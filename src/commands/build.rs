//! `incidex build`: validates like `check`, then writes the whole site, or nothing at all;
//! `build --watch` rebuilds into the output folder on every save.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use incidex::check::{Drafts, display_path};
use incidex::config::{CONFIG_FILE, Config, Links};
use incidex::error::{BuildError, Fatal};
use incidex::reporter::{Progress, Reporter};
use incidex::serve::{self, Watched};
use incidex::text::plural;
use incidex::{Built, Written, build_site, load_site, output, write_site};

use super::terminal::Terminal;
use super::{CommandError, Outcome, build_ended};

/// Options of `incidex build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<PathBuf>,
    /// Overrides every other source of the base URL.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Write into a non-empty folder incidex did not create.
    pub force: bool,
    /// Leave out the fields `private:` lists.
    pub public: bool,
    /// Overrides `links` of incidex.yaml.
    pub links: Option<Links>,
    pub color: bool,
}

impl BuildOptions {
    fn drafts(&self) -> Drafts {
        if self.drafts {
            Drafts::Included
        } else {
            Drafts::Excluded
        }
    }

    /// The site checked with these options, not yet rendered nor written.
    fn build(&self) -> Result<Built, BuildError> {
        let mut built = build_site(
            &self.root,
            self.base_url.as_deref(),
            self.drafts(),
            self.strict,
        )?;
        if let Some(links) = self.links {
            built.config.links = links;
        }
        Ok(built)
    }

    /// The folder the site is written into: `--output`, else `output_dir`.
    fn output(&self, config: &Config) -> Result<PathBuf, Fatal> {
        match &self.output {
            Some(output) => Ok(output.clone()),
            None => config.configured_output(),
        }
    }
}

/// Checks every report, then writes the site whole (a signal stops it cleanly).
pub fn run(opts: &BuildOptions) -> Result<Outcome, CommandError> {
    let started = Instant::now();
    output::stop_cleanly_on_signals();
    let mut built = match opts.build() {
        Ok(built) => built,
        Err(e) => return build_ended(e),
    };
    if output::interrupted() {
        return Err(CommandError::Interrupted(None));
    }
    let terminal = Terminal { color: opts.color };
    terminal.diagnostics(&built.diagnostics, built.sources());
    if opts.public {
        if built.config.private.is_empty() {
            tell!(
                "warning: --public: `private` in {CONFIG_FILE} lists no field, so nothing is left out\n  = help: e.g. `private: [cost, references.logs, references.tickets]`"
            );
        }
        built.make_public();
    }
    let output = opts.output(&built.config)?;
    let ended = match write_site(&mut built, &output, opts.force, &terminal) {
        Ok(written) => {
            let summary = summary(&built, &output, &written);
            say!("{summary} in {:.2} s", started.elapsed().as_secs_f64());
            Ok(Outcome::Done)
        }
        Err(e) => {
            if let BuildError::Reports = e {
                terminal.progress(reports_summary(&built));
            }
            build_ended(e)
        }
    };
    // The command ends here: freeing every parsed report one by one would only delay the exit
    // (about 15 ms for 10,000 reports); the system takes the memory back at once.
    std::mem::forget(built);
    ended
}

/// Builds, then rebuilds into the output folder on every save until a signal; a write under
/// way finishes first, so that no file is left half-written.
pub fn watch(opts: &BuildOptions) -> Result<Outcome, CommandError> {
    let stop = serve::stop_on_signals();
    let config = load_site(&opts.root)?;
    let output = opts.output(&config)?;
    let terminal = Terminal { color: opts.color };
    // Watching starts before the first build: a save made while it runs is not missed.
    let watched = Watched::new(&opts.root, config.content_path(), Some(output.clone()));
    let watcher = serve::watch(&watched, &terminal)?;
    rebuild(opts, &output, Instant::now(), stop, &terminal);
    if stop.load(Ordering::SeqCst) {
        return Ok(Outcome::Done);
    }
    terminal.progress(Progress::Watching);
    while let Some(change) = serve::next_change(&watcher, &watched, &terminal, stop) {
        let started = Instant::now();
        terminal.progress(Progress::Rebuilding {
            change: &change.describe(),
        });
        rebuild(opts, &output, started, stop, &terminal);
    }
    Ok(Outcome::Done)
}

/// One build of `build --watch`; when it fails, the output folder keeps the last good build.
fn rebuild(
    opts: &BuildOptions,
    output: &Path,
    started: Instant,
    stop: &AtomicBool,
    reporter: &dyn Reporter,
) {
    let mut built = match opts.build() {
        Ok(built) => built,
        Err(e) => return reporter.failure(&e),
    };
    if stop.load(Ordering::SeqCst) {
        // Stopped while checking: nothing is written.
        return;
    }
    if opts.public {
        built.make_public();
    }
    reporter.diagnostics(&built.diagnostics, built.sources());
    match write_site(&mut built, output, opts.force, reporter) {
        Ok(written) => reporter.progress(Progress::Written {
            summary: &summary(&built, output, &written),
            took: started.elapsed(),
        }),
        Err(e) => {
            nothing_written(&built, &e, reporter);
            reporter.progress(Progress::OutputKept);
        }
    }
}

/// Says what stopped a rebuild: the reports' summary, or the error.
fn nothing_written(built: &Built, error: &BuildError, reporter: &dyn Reporter) {
    match error {
        BuildError::Reports => reporter.progress(reports_summary(built)),
        _ => reporter.failure(error),
    }
}

/// The reports need fixing: nothing was written.
fn reports_summary(built: &Built) -> Progress<'static> {
    Progress::NothingWritten {
        checked: built.checked,
        errors: built.errors(),
        warnings: built.diagnostics.len() - built.errors(),
    }
}

/// `6 reports built: 14 pages in public (20 files written, 0 unchanged, 0 removed)`.
fn summary(built: &Built, output: &Path, written: &Written) -> String {
    let reports = plural(built.reports, "report");
    let output = display_path(output);
    match written {
        Written::Unchanged { files, pages } => format!(
            "{reports} built: {pages} pages in {}: nothing changed since the last build (0 files written, {files} unchanged, 0 removed)",
            output.display(),
        ),
        Written::Written { pages, summary } => format!(
            "{reports} built: {pages} pages in {} ({} written, {} unchanged, {} removed)",
            output.display(),
            plural(summary.written, "file"),
            summary.unchanged,
            summary.removed,
        ),
    }
}
